//! What the AWS side creates for Kubernetes objects on EKS (knowledge base section 1.3).
//! Nothing handles an Ingress on EKS by default: ALBs exist only when the AWS Load Balancer
//! Controller (LBC) is installed (E1). A Service of type LoadBalancer gets a Classic Load
//! Balancer from the legacy cloud provider (E5), or an NLB from the LBC (E6, E7).

use super::{Implicit, Spec, attributes};
use crate::analysis::Node;
use crate::kubernetes::KubeObject;
use crate::vocabulary::EdgeKind;
use tfmap_core::Value;

const LBC: &str = "AWS Load Balancer Controller (not installed by default on EKS)";
const INGRESS_LIFECYCLE: &str = "deleted when the Ingress is deleted (finalizer ingress.k8s.aws/resources); not in Terraform state";
const NLB_LIFECYCLE: &str = "deleted when the Service is deleted (finalizer service.k8s.aws/resources); not in Terraform state";

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
) {
    let group = ingress.annotation("alb.ingress.kubernetes.io/group.name");
    let reason = |what: &str| match group {
        Some(group) => format!(
            "{what} of the ALB shared by IngressGroup {group:?}, built by the AWS Load Balancer Controller"
        ),
        None => format!(
            "{what} of the ALB the AWS Load Balancer Controller builds for Ingress {}",
            ingress.name
        ),
    };
    let knowledge = if group.is_some() { "E2" } else { "E1" };
    let alb = implicit.create(
        cause,
        Spec {
            part: "alb".into(),
            resource_type: "aws_lb",
            created_by: LBC,
            lifecycle: if group.is_some() { "deleted when the last Ingress of its group is deleted, even with deletion protection; not in Terraform state" } else { INGRESS_LIFECYCLE },
            reason: reason("application load balancer"),
            knowledge,
            attributes: attributes([
                ("load_balancer_type", Some(Value::from("application"))),
                ("scheme", Some(Value::from(scheme(ingress.annotation("alb.ingress.kubernetes.io/scheme"))))),
                ("target_type", Some(Value::from(ingress.annotation("alb.ingress.kubernetes.io/target-type").unwrap_or("instance")))),
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
                created_by: LBC,
                lifecycle: INGRESS_LIFECYCLE,
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
                created_by: LBC,
                lifecycle: INGRESS_LIFECYCLE,
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
                created_by: LBC,
                lifecycle: INGRESS_LIFECYCLE,
                reason: reason("frontend security group"),
                knowledge,
                attributes: Default::default(),
            },
        );
    }
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
