//! What the AWS side creates for Kubernetes objects on EKS (knowledge base section 1.3).
//! Nothing handles an Ingress on EKS by default: ALBs exist only when the AWS Load Balancer
//! Controller (LBC) is installed (E1). A Service of type LoadBalancer gets a Classic Load
//! Balancer from the legacy cloud provider (E5), or an NLB from the LBC (E6, E7). On an EKS
//! Auto Mode cluster with load balancing on, Auto Mode itself builds the ALB of an Ingress of
//! its class and the NLB of a Service (E9).

use super::{Implicit, Spec, attributes};
use crate::analysis::Node;
use crate::kubernetes::KubeObject;
use crate::vocabulary::EdgeKind;
use tfmap_core::Value;

const LBC: &str = "AWS Load Balancer Controller (not installed by default on EKS)";
const INGRESS_LIFECYCLE: &str = "deleted when the Ingress is deleted (finalizer ingress.k8s.aws/resources); not in Terraform state";
const NLB_LIFECYCLE: &str = "deleted when the Service is deleted (finalizer service.k8s.aws/resources); not in Terraform state";
const AUTO_MODE: &str = "EKS Auto Mode load balancing (built into the cluster, no Pod)";
const AUTO_MODE_LIFECYCLE: &str = "deleted with its object, and every Auto Mode load balancer is deleted when the cluster is deleted; not in Terraform state";

/// Who builds an Ingress's ALB, and the facts that go with it.
pub struct AlbBuilder {
    created_by: &'static str,
    lifecycle: &'static str,
    knowledge: &'static str,
    /// What the scheme is when no annotation says.
    default_scheme: &'static str,
    /// Whether `group.name` annotations count (Auto Mode groups only through its class).
    groups: bool,
}

/// The AWS Load Balancer Controller (E1, E2).
pub const LBC_ALB: AlbBuilder = AlbBuilder {
    created_by: LBC,
    lifecycle: INGRESS_LIFECYCLE,
    knowledge: "E1",
    default_scheme: "internal (the controller's default)",
    groups: true,
};

/// EKS Auto Mode's built-in capability (E9): its default scheme is not documented.
pub const AUTO_MODE_ALB: AlbBuilder = AlbBuilder {
    created_by: AUTO_MODE,
    lifecycle: AUTO_MODE_LIFECYCLE,
    knowledge: "E9",
    default_scheme: "set by the class's IngressClassParams (Auto Mode's default is not documented)",
    groups: false,
};

/// An EKS cluster in Auto Mode with its load balancing on (E9): compute and elastic load
/// balancing both enabled.
pub fn auto_mode_load_balancing(cluster: &tfmap_loader::Body) -> bool {
    let enabled = |body: Option<&tfmap_loader::Body>| {
        body.and_then(|b| b.value("enabled"))
            .and_then(Value::as_bool)
            == Some(true)
    };
    enabled(cluster.block("compute_config").map(|b| &b.body))
        && enabled(
            cluster
                .block("kubernetes_network_config")
                .and_then(|b| b.body.block("elastic_load_balancing"))
                .map(|b| &b.body),
        )
}

/// The scheme an Auto Mode IngressClass sets through its `IngressClassParams` (E9).
pub fn auto_mode_class_scheme<'o>(
    ingress: &KubeObject,
    objects: &'o [KubeObject],
) -> Option<&'o str> {
    let class_name = ingress.spec()?.get("ingressClassName")?.as_str()?;
    let class = objects
        .iter()
        .find(|o| o.kind == "IngressClass" && o.name == class_name)?;
    let parameters = class.spec()?.get("parameters")?;
    if parameters.get("kind").and_then(Value::as_str) != Some("IngressClassParams") {
        return None;
    }
    let name = parameters.get("name")?.as_str()?;
    objects
        .iter()
        .find(|o| o.kind == "IngressClassParams" && o.name == name)?
        .spec()?
        .get("scheme")?
        .as_str()
}

/// Does this Ingress name a class whose controller is Auto Mode's (E9)? Auto Mode reads
/// `spec.ingressClassName` only, not the class annotation.
pub fn wants_auto_mode_alb(ingress: &KubeObject, auto_mode_classes: &[String]) -> bool {
    ingress
        .spec()
        .and_then(|s| s.get("ingressClassName"))
        .and_then(Value::as_str)
        .is_some_and(|class| auto_mode_classes.iter().any(|c| c == class))
}

/// Does this Ingress ask for the LBC's ALB (E1)?
pub fn wants_alb(ingress: &KubeObject, alb_classes: &[String]) -> bool {
    let annotation = ingress.annotation("kubernetes.io/ingress.class");
    let class_name = ingress
        .spec()
        .and_then(|s| s.get("ingressClassName"))
        .and_then(Value::as_str);
    annotation == Some("alb")
        || class_name.is_some_and(|c| c == "alb" || alb_classes.iter().any(|a| a == c))
}

/// How a Service of type LoadBalancer is handled on EKS.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ServiceLoadBalancer {
    /// Annotations or class that only the LBC understands (E7).
    LbcNlb,
    /// No annotation: the legacy provider's CLB (E5), or an NLB when the LBC's webhook is on (E6).
    Default,
    /// `aws-load-balancer-type: nlb`: the legacy provider builds an NLB (E5, ◐).
    LegacyNlb,
}

pub fn service_load_balancer(service: &KubeObject) -> Option<ServiceLoadBalancer> {
    let spec = service.spec()?;
    if spec.get("type").and_then(Value::as_str) != Some("LoadBalancer") {
        return None;
    }
    let class = spec.get("loadBalancerClass").and_then(Value::as_str);
    let lb_type = service.annotation("service.beta.kubernetes.io/aws-load-balancer-type");
    Some(match (class, lb_type) {
        (Some("service.k8s.aws/nlb"), _) | (_, Some("external" | "nlb-ip")) => {
            ServiceLoadBalancer::LbcNlb
        }
        (_, Some("nlb")) => ServiceLoadBalancer::LegacyNlb,
        _ => ServiceLoadBalancer::Default,
    })
}

/// `[{"HTTP": 80}, {"HTTPS": 443}]` → `[("HTTP", 80), ("HTTPS", 443)]`.
fn listen_ports(ingress: &KubeObject) -> Vec<(String, u64)> {
    let parsed = ingress
        .annotation("alb.ingress.kubernetes.io/listen-ports")
        .and_then(|text| serde_json::from_str::<Vec<tfmap_core::Map>>(text).ok());
    match parsed {
        Some(entries) => entries
            .iter()
            .flat_map(|entry| {
                entry
                    .iter()
                    .filter_map(|(protocol, port)| Some((protocol.clone(), port.as_u64()?)))
            })
            .collect(),
        None if ingress
            .annotation("alb.ingress.kubernetes.io/certificate-arn")
            .is_some() =>
        {
            vec![("HTTPS".into(), 443)]
        }
        None => vec![("HTTP".into(), 80)],
    }
}

fn scheme(annotation: Option<&str>) -> String {
    match annotation {
        Some(scheme) => scheme.to_string(),
        None => "internal (the controller's default)".to_string(),
    }
}

pub fn ingress_alb(
    implicit: &mut Implicit,
    ingress: &KubeObject,
    cause: &Node,
    services: &[(String, String)],
    builder: &AlbBuilder,
    class_scheme: Option<&str>,
) {
    let group = ingress
        .annotation("alb.ingress.kubernetes.io/group.name")
        .filter(|_| builder.groups);
    let builder_name = if builder.groups {
        "the AWS Load Balancer Controller"
    } else {
        "EKS Auto Mode"
    };
    let reason = |what: &str| match group {
        Some(group) => {
            format!("{what} of the ALB shared by IngressGroup {group:?}, built by {builder_name}")
        }
        None => format!(
            "{what} of the ALB {builder_name} builds for Ingress {}",
            ingress.name
        ),
    };
    let knowledge = if group.is_some() {
        "E2"
    } else {
        builder.knowledge
    };
    let created_by = builder.created_by;
    let lifecycle = builder.lifecycle;
    let scheme_text = match (builder.groups, class_scheme) {
        (true, _) => ingress.annotation("alb.ingress.kubernetes.io/scheme"),
        (false, scheme) => scheme,
    }
    .map_or_else(|| builder.default_scheme.to_string(), str::to_string);
    let alb = implicit.create(
        cause,
        Spec {
            part: "alb".into(),
            resource_type: "aws_lb",
            created_by,
            lifecycle: if group.is_some() { "deleted when the last Ingress of its group is deleted, even with deletion protection; not in Terraform state" } else { lifecycle },
            reason: reason("application load balancer"),
            knowledge,
            attributes: attributes([
                ("load_balancer_type", Some(Value::from("application"))),
                ("scheme", Some(Value::from(scheme_text))),
                // The controller's default; Auto Mode's is not documented.
                ("target_type", builder.groups.then(|| Value::from(ingress.annotation("alb.ingress.kubernetes.io/target-type").unwrap_or("instance")))),
                ("group", group.map(Value::from)),
            ]),
        },
    );
    let mut listeners = Vec::new();
    for (protocol, port) in listen_ports(ingress) {
        let listener = implicit.create(
            cause,
            Spec {
                part: format!("listener-{}-{port}", protocol.to_lowercase()),
                resource_type: "aws_lb_listener",
                created_by,
                lifecycle,
                reason: reason(&format!("{protocol}:{port} listener")),
                knowledge,
                attributes: attributes([
                    ("port", Some(Value::from(port))),
                    ("protocol", Some(Value::from(protocol.clone()))),
                ]),
            },
        );
        implicit.link(&listener, &alb, EdgeKind::AttachedTo, cause);
        listeners.push(listener);
    }
    for (service_name, service_node) in services {
        let group_id = implicit.create(
            cause,
            Spec {
                part: format!("target-group/{service_name}"),
                resource_type: "aws_lb_target_group",
                created_by,
                lifecycle,
                reason: reason(&format!("target group for Service {service_name}")),
                knowledge,
                attributes: Default::default(),
            },
        );
        for listener in &listeners {
            implicit.link(listener, &group_id, EdgeKind::RoutesTo, cause);
        }
        implicit.link(&group_id, service_node, EdgeKind::RoutesTo, cause);
    }
    if ingress
        .annotation("alb.ingress.kubernetes.io/security-groups")
        .is_none()
    {
        implicit.create(
            cause,
            Spec {
                part: "security-group".into(),
                resource_type: "aws_security_group",
                created_by,
                lifecycle,
                reason: reason("frontend security group"),
                knowledge,
                attributes: Default::default(),
            },
        );
    }
}

/// The NLB EKS Auto Mode builds for a Service of type LoadBalancer of its class (E9): the
/// default class on an Auto Mode cluster, or `eks.amazonaws.com/nlb` named.
pub fn auto_mode_service(implicit: &mut Implicit, service: &KubeObject, cause: &Node) -> bool {
    let Some(spec) = service.spec() else {
        return false;
    };
    if spec.get("type").and_then(Value::as_str) != Some("LoadBalancer") {
        return false;
    }
    let class = spec.get("loadBalancerClass").and_then(Value::as_str);
    if class.is_some_and(|c| c != "eks.amazonaws.com/nlb") {
        return false;
    }
    let load_balancer = implicit.create(
        cause,
        Spec {
            part: "load-balancer".into(),
            resource_type: "aws_lb",
            created_by: AUTO_MODE,
            lifecycle: AUTO_MODE_LIFECYCLE,
            reason: format!(
                "network load balancer EKS Auto Mode builds for Service {}",
                service.name
            ),
            knowledge: "E9",
            attributes: attributes([("load_balancer_type", Some(Value::from("network")))]),
        },
    );
    implicit.link(&load_balancer, &cause.id, EdgeKind::RoutesTo, cause);
    true
}

/// The load balancer of a Service of type LoadBalancer, given whether the LBC is installed.
pub fn service(implicit: &mut Implicit, service: &KubeObject, cause: &Node, controller: bool) {
    let Some(kind) = service_load_balancer(service) else {
        return;
    };
    let scheme_annotation =
        service.annotation("service.beta.kubernetes.io/aws-load-balancer-scheme");
    let (resource_type, lb_type, created_by, lifecycle, knowledge, what, scheme_text) = match (
        kind, controller,
    ) {
        (ServiceLoadBalancer::LbcNlb, true) => (
            "aws_lb",
            "network",
            LBC,
            NLB_LIFECYCLE,
            "E7",
            "network load balancer",
            scheme(scheme_annotation),
        ),
        (ServiceLoadBalancer::LbcNlb, false) => return,
        (ServiceLoadBalancer::Default, true) => (
            "aws_lb",
            "network",
            "AWS Load Balancer Controller webhook (LBC 2.5 and later), for Services created after it was installed",
            NLB_LIFECYCLE,
            "E6",
            "network load balancer (on recent controller versions; a Service that existed before the controller keeps its Classic Load Balancer)",
            scheme(scheme_annotation),
        ),
        (ServiceLoadBalancer::Default, false) => (
            "aws_elb",
            "classic",
            "legacy AWS cloud provider in the EKS control plane (present by default)",
            "deleted when the Service is deleted (finalizer service.kubernetes.io/load-balancer-cleanup); not in Terraform state",
            "E5",
            "Classic Load Balancer",
            scheme_annotation.map_or_else(
                || "internet-facing (usually, for the legacy provider)".to_string(),
                str::to_string,
            ),
        ),
        (ServiceLoadBalancer::LegacyNlb, _) => (
            "aws_lb",
            "network",
            "legacy AWS cloud provider in the EKS control plane (present by default)",
            "deleted when the Service is deleted; not in Terraform state",
            "E5",
            "network load balancer with instance targets (the legacy provider's NLB mode)",
            scheme_annotation.map_or_else(
                || "internet-facing (usually, for the legacy provider)".to_string(),
                str::to_string,
            ),
        ),
    };
    let load_balancer = implicit.create(
        cause,
        Spec {
            part: "load-balancer".into(),
            resource_type,
            created_by,
            lifecycle,
            reason: format!("{what} for Service {}", service.name),
            knowledge,
            attributes: attributes([
                ("load_balancer_type", Some(Value::from(lb_type))),
                ("scheme", Some(Value::from(scheme_text))),
            ]),
        },
    );
    implicit.link(&load_balancer, &cause.id, EdgeKind::RoutesTo, cause);
}
