//! What GKE creates on its own (knowledge base section 1.2): the load balancer behind an
//! Ingress (G4, G5), behind a Service of type LoadBalancer (G6, G7), network endpoint groups
//! (G8, G9), Google-managed certificates (G11), and the default node pool (G1).

use super::{Implicit, Spec, attributes};
use crate::analysis::{Analysis, Node};
use crate::kubernetes::KubeObject;
use crate::vocabulary::{EdgeKind, Platform};
use tfmap_core::Value;

const INGRESS_CONTROLLER: &str = "GKE Ingress controller (HttpLoadBalancing add-on, on by default)";
const INGRESS_LIFECYCLE: &str = "deleted when the Ingress is deleted (finalizer networking.gke.io/ingress-finalizer-V2); not in Terraform state";
const L4_CONTROLLER: &str = "GKE L4 service controller (built in)";
const L4_LIFECYCLE: &str =
    "deleted when the Service is deleted or stops being type LoadBalancer; not in Terraform state";

/// Which load balancer GKE builds for an Ingress, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IngressClass {
    /// No class at all, or the annotation `gce` (G4).
    External,
    /// The annotation `gce-internal` (G5).
    Internal,
    /// Any `spec.ingressClassName` without the annotation, or another annotation value:
    /// GKE's controller ignores the Ingress (K5, G4).
    NotGke,
}

pub fn ingress_class(ingress: &KubeObject) -> IngressClass {
    let annotation = ingress.annotation("kubernetes.io/ingress.class");
    let class_name = ingress
        .spec()
        .and_then(|s| s.get("ingressClassName"))
        .and_then(Value::as_str);
    match (annotation, class_name) {
        (Some("gce"), _) | (None, None) => IngressClass::External,
        (Some("gce-internal"), _) => IngressClass::Internal,
        _ => IngressClass::NotGke,
    }
}

fn has_tls(ingress: &KubeObject) -> bool {
    let tls = ingress
        .spec()
        .and_then(|s| s.get("tls"))
        .and_then(Value::as_array)
        .is_some_and(|t| !t.is_empty());
    tls || ingress
        .annotation("networking.gke.io/managed-certificates")
        .is_some()
        || ingress
            .annotation("ingress.gcp.kubernetes.io/pre-shared-cert")
            .is_some()
}

/// The reserved address an Ingress names, if declared in Terraform.
fn static_address(analysis: &Analysis, name: &str, resource_type: &str) -> Option<String> {
    analysis
        .nodes
        .iter()
        .find(|n| {
            n.resource_type == resource_type
                && n.attributes.get("name").and_then(Value::as_str) == Some(name)
        })
        .map(|n| n.id.clone())
}

pub fn ingress(
    implicit: &mut Implicit,
    analysis: &Analysis,
    ingress: &KubeObject,
    cause: &Node,
    services: &[(String, String)],
) {
    let class = ingress_class(ingress);
    let internal = match class {
        IngressClass::External => false,
        IngressClass::Internal => true,
        IngressClass::NotGke => return,
    };
    let (knowledge, kind_text, forwarding, target_proxy, url_map, backend, health) = if internal {
        (
            "G5",
            "internal Application Load Balancer",
            "google_compute_forwarding_rule",
            "google_compute_region_target_http_proxy",
            "google_compute_region_url_map",
            "google_compute_region_backend_service",
            "google_compute_region_health_check",
        )
    } else {
        (
            "G4",
            "external Application Load Balancer",
            "google_compute_global_forwarding_rule",
            "google_compute_target_http_proxy",
            "google_compute_url_map",
            "google_compute_backend_service",
            "google_compute_health_check",
        )
    };
    let static_ip_annotation = if internal {
        "kubernetes.io/ingress.regional-static-ip-name"
    } else {
        "kubernetes.io/ingress.global-static-ip-name"
    };
    let static_ip = ingress.annotation(static_ip_annotation);
    let address_type = if internal {
        "google_compute_address"
    } else {
        "google_compute_global_address"
    };
    let address = static_ip.and_then(|name| static_address(analysis, name, address_type));
    let ip_text = match (static_ip, &address) {
        (Some(name), Some(_)) => format!("reserved address {name:?} (declared in Terraform)"),
        (Some(name), None) => format!("reserved address {name:?} (not declared in this code)"),
        (None, _) => "ephemeral: changes if the load balancer is rebuilt".to_string(),
    };
    let reason = |what: &str| {
        format!(
            "{what} of the {kind_text} that GKE builds for Ingress {}",
            ingress.name
        )
    };
    let mut frontends = vec![("http", target_proxy)];
    if has_tls(ingress) {
        frontends.push((
            "https",
            if internal {
                "google_compute_region_target_https_proxy"
            } else {
                "google_compute_target_https_proxy"
            },
        ));
    }
    let url_map_id = implicit.create(
        cause,
        Spec {
            part: "url-map".into(),
            resource_type: url_map,
            created_by: INGRESS_CONTROLLER,
            lifecycle: INGRESS_LIFECYCLE,
            reason: reason("URL map"),
            knowledge,
            attributes: Default::default(),
        },
    );
    for (protocol, proxy_type) in frontends {
        let rule = implicit.create(
            cause,
            Spec {
                part: format!("forwarding-rule-{protocol}"),
                resource_type: forwarding,
                created_by: INGRESS_CONTROLLER,
                lifecycle: INGRESS_LIFECYCLE,
                reason: reason(&format!("{} forwarding rule", protocol.to_uppercase())),
                knowledge,
                attributes: attributes([
                    (
                        "scheme",
                        Some(Value::from(if internal { "internal" } else { "external" })),
                    ),
                    ("ip_address", Some(Value::from(ip_text.clone()))),
                ]),
            },
        );
        let proxy = implicit.create(
            cause,
            Spec {
                part: format!("target-proxy-{protocol}"),
                resource_type: proxy_type,
                created_by: INGRESS_CONTROLLER,
                lifecycle: INGRESS_LIFECYCLE,
                reason: reason(&format!("{} target proxy", protocol.to_uppercase())),
                knowledge,
                attributes: Default::default(),
            },
        );
        implicit.link(&rule, &proxy, EdgeKind::RoutesTo, cause);
        implicit.link(&proxy, &url_map_id, EdgeKind::RoutesTo, cause);
        if let Some(address) = &address {
            implicit.link(&rule, address, EdgeKind::Uses, cause);
        }
    }
    for (service_name, service_node) in services {
        let backend_id = implicit.create(
            cause,
            Spec {
                part: format!("backend-service/{service_name}"),
                resource_type: backend,
                created_by: INGRESS_CONTROLLER,
                lifecycle: INGRESS_LIFECYCLE,
                reason: reason(&format!("backend service for Service {service_name}")),
                knowledge,
                attributes: Default::default(),
            },
        );
        implicit.create(
            cause,
            Spec {
                part: format!("health-check/{service_name}"),
                resource_type: health,
                created_by: INGRESS_CONTROLLER,
                lifecycle: INGRESS_LIFECYCLE,
                reason: reason(&format!("health check for Service {service_name}")),
                knowledge,
                attributes: Default::default(),
            },
        );
        implicit.link(&url_map_id, &backend_id, EdgeKind::RoutesTo, cause);
        implicit.link(&backend_id, service_node, EdgeKind::RoutesTo, cause);
    }
    implicit.create(
        cause,
        Spec {
            part: "firewall".into(),
            resource_type: "google_compute_firewall",
            created_by: INGRESS_CONTROLLER,
            lifecycle: INGRESS_LIFECYCLE,
            reason: format!("lets Google's load balancer and health-check ranges (130.211.0.0/22, 35.191.0.0/16) reach the nodes for Ingress {}", ingress.name),
            knowledge,
            attributes: Default::default(),
        },
    );
}

/// Is this Service of type LoadBalancer internal on GKE (G7)?
fn internal_service(service: &KubeObject) -> bool {
    let annotated = [
        "networking.gke.io/load-balancer-type",
        "cloud.google.com/load-balancer-type",
    ]
    .iter()
    .any(|key| {
        service
            .annotation(key)
            .is_some_and(|v| v.eq_ignore_ascii_case("internal"))
    });
    let class = service
        .spec()
        .and_then(|s| s.get("loadBalancerClass"))
        .and_then(Value::as_str);
    annotated || class == Some("networking.gke.io/l4-regional-internal")
}

pub fn service(implicit: &mut Implicit, service: &KubeObject, cause: &Node) {
    let spec = service.spec();
    if let Some(neg) = service.annotation("cloud.google.com/neg") {
        if neg.contains("exposed_ports") {
            implicit.create(
                cause,
                Spec {
                    part: "network-endpoint-groups".into(),
                    resource_type: "google_compute_network_endpoint_group",
                    created_by: "GKE NEG controller (built in)",
                    lifecycle: "live while the Service asks for them; not in Terraform state, though a load balancer declared in Terraform may point at them",
                    reason: format!("standalone zonal NEGs (one per zone) holding the Pod IPs of Service {}", service.name),
                    knowledge: "G9",
                    attributes: Default::default(),
                },
            );
        } else if neg.contains("\"ingress\"") && neg.contains("true") {
            implicit.create(
                cause,
                Spec {
                    part: "network-endpoint-groups".into(),
                    resource_type: "google_compute_network_endpoint_group",
                    created_by: "GKE NEG controller (built in)",
                    lifecycle: "deleted when no longer referenced (finalizer networking.gke.io/neg-finalizer); not in Terraform state",
                    reason: format!("zonal NEGs holding the Pod IPs of Service {}, used as Ingress backends (container-native load balancing)", service.name),
                    knowledge: "G8",
                    attributes: Default::default(),
                },
            );
        }
    }
    if spec.and_then(|s| s.get("type")).and_then(Value::as_str) != Some("LoadBalancer") {
        return;
    }
    let internal = internal_service(service);
    let (knowledge, what) = if internal {
        ("G7", "internal passthrough Network Load Balancer")
    } else {
        ("G6", "external passthrough Network Load Balancer")
    };
    let reason = |part: &str| {
        format!(
            "{part} of the {what} that GKE builds for Service {}",
            service.name
        )
    };
    let rule = implicit.create(
        cause,
        Spec {
            part: "forwarding-rule".into(),
            resource_type: "google_compute_forwarding_rule",
            created_by: L4_CONTROLLER,
            lifecycle: L4_LIFECYCLE,
            reason: reason("forwarding rule"),
            knowledge,
            attributes: attributes([(
                "scheme",
                Some(Value::from(if internal { "internal" } else { "external" })),
            )]),
        },
    );
    let backend_service = internal
        || service
            .annotation("cloud.google.com/l4-rbs")
            .is_some_and(|v| v == "enabled");
    let backend = if backend_service {
        (
            "google_compute_region_backend_service",
            "regional backend service".to_string(),
        )
    } else {
        (
            "google_compute_target_pool",
            "target pool (usually; recent GKE versions may use a backend service)".to_string(),
        )
    };
    let backend_id = implicit.create(
        cause,
        Spec {
            part: "backend".into(),
            resource_type: backend.0,
            created_by: L4_CONTROLLER,
            lifecycle: L4_LIFECYCLE,
            reason: reason(&backend.1),
            knowledge,
            attributes: Default::default(),
        },
    );
    implicit.link(&rule, &backend_id, EdgeKind::RoutesTo, cause);
    implicit.link(&backend_id, &cause.id, EdgeKind::RoutesTo, cause);
    for (part, resource_type, what) in [
        (
            "health-check",
            "google_compute_health_check",
            "health check",
        ),
        (
            "firewall",
            "google_compute_firewall",
            "firewall rule allowing the load balancer to reach the nodes",
        ),
    ] {
        implicit.create(
            cause,
            Spec {
                part: part.into(),
                resource_type,
                created_by: L4_CONTROLLER,
                lifecycle: L4_LIFECYCLE,
                reason: reason(what),
                knowledge,
                attributes: Default::default(),
            },
        );
    }
}

pub fn managed_certificate(implicit: &mut Implicit, certificate: &KubeObject, cause: &Node) {
    let domains = certificate.spec().and_then(|s| s.get("domains")).cloned();
    implicit.create(
        cause,
        Spec {
            part: "ssl-certificate".into(),
            resource_type: "google_compute_managed_ssl_certificate",
            created_by: "GKE managed-certificate controller (pre-installed)",
            lifecycle: "follows the ManagedCertificate object; not in Terraform state",
            reason: format!("Google-managed certificate for ManagedCertificate {}, attached to the HTTPS proxy of the Ingresses that name it", certificate.name),
            knowledge: "G11",
            attributes: attributes([("domains", domains)]),
        },
    );
}

/// The default node pool of a Standard cluster that does not remove it (G1).
pub fn default_node_pool(implicit: &mut Implicit, cluster: &Node, body: &tfmap_loader::Body) {
    if cluster.platform != Platform::Gke || cluster.mode != crate::Mode::Managed {
        return;
    }
    let flag = |name: &str| body.value(name).and_then(Value::as_bool);
    if flag("enable_autopilot") == Some(true) || flag("remove_default_node_pool") == Some(true) {
        return;
    }
    // Inline `node_pool` blocks are the pools the cluster is created with, instead of the
    // default one (G1); they are declared, and shown on the cluster.
    if body.block("node_pool").is_some() {
        return;
    }
    let machine = body
        .block("node_config")
        .and_then(|b| b.body.value("machine_type").cloned());
    implicit.create(
        cluster,
        Spec {
            part: "default-pool".into(),
            resource_type: "google_container_node_pool",
            created_by: "GKE, when the cluster is created",
            lifecycle: "part of the cluster resource: node_config on the cluster manages it; it goes with the cluster",
            reason: "a Standard cluster without remove_default_node_pool = true keeps the node pool GKE creates with it".to_string(),
            knowledge: "G1",
            attributes: attributes([("initial_node_count", body.value("initial_node_count").cloned()), ("machine_type", machine)]),
        },
    );
}
