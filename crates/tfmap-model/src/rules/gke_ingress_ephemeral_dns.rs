use super::lbc_objects::has_annotation;
use super::status_readers::status_readers;
use super::{Context, Rule};
use crate::analysis::Finding;
use crate::implicit::cluster_platform;
use crate::implicit::gke::{IngressClass, ingress_class};
use crate::vocabulary::{EdgeKind, Platform, Role};
use tfmap_core::Severity;

/// Terraform resource types that publish a DNS record.
const DNS_RECORDS: &[&str] = &[
    "google_dns_record_set",
    "aws_route53_record",
    "cloudflare_record",
    "cloudflare_dns_record",
];

pub const RULE: Rule = Rule {
    id: "TFM012",
    name: "gke-ingress-ephemeral-dns",
    severity: Severity::Warning,
    summary: "A Terraform DNS record points at the ephemeral address of a GKE Ingress that reserves no static IP.",
    documentation: r#"
## What it does
Flags a GKE Ingress declared in Terraform (`kubernetes_ingress_v1` or `kubernetes_ingress`
on a GKE cluster, served by GKE's own controller) whose address a Terraform DNS record
(`google_dns_record_set`, `aws_route53_record`, `cloudflare_record`) reads from the
Ingress's `status`, while the Ingress names no reserved address: no
`kubernetes.io/ingress.global-static-ip-name` annotation (for the external class), no
`kubernetes.io/ingress.regional-static-ip-name` (for `gce-internal`). Ingresses whose
annotations are not known statically are not reported. YAML Ingresses are not judged:
Terraform cannot read their address, so tfmap cannot tell which record points at them.

## Why it matters
Without a reserved address, the load balancer's IP is ephemeral: it changes whenever GKE
rebuilds the load balancer (the Ingress is recreated, the cluster is replaced). The DNS
record then points at an address that is no longer yours until the next
`terraform apply` reads the new one.

## Example
```hcl
resource "kubernetes_ingress_v1" "web" {
  metadata { name = "web" }   # no global-static-ip-name annotation
}
resource "google_dns_record_set" "web" {
  rrdatas = [kubernetes_ingress_v1.web.status[0].load_balancer[0].ingress[0].ip]
}
```

## How to fix
Reserve the address in Terraform (`google_compute_global_address`, or a regional internal
`google_compute_address` for `gce-internal`), name it in the Ingress's
`kubernetes.io/ingress.global-static-ip-name` (or `regional-static-ip-name`) annotation,
and point the record at the reserved address.
"#,
    knowledge: &["H8", "G10", "G4", "G5"],
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for ingress in context.objects.iter().filter(|o| o.kind == "Ingress") {
        let Some(resource) = ingress
            .resource
            .as_deref()
            .and_then(|id| context.resource(id))
        else {
            continue;
        };
        // GKE builds a load balancer for it (not when the HttpLoadBalancing add-on is off).
        let builds_load_balancer = context
            .analysis
            .edges_from(&ingress.node, &[EdgeKind::Creates])
            .filter_map(|e| context.analysis.node(&e.to))
            .any(|n| n.role == Role::LoadBalancer);
        if cluster_platform(context.analysis, ingress) != Some(Platform::Gke)
            || !builds_load_balancer
        {
            continue;
        }
        let (annotation, knowledge): (_, &'static [&'static str]) = match ingress_class(ingress) {
            IngressClass::External => (
                "kubernetes.io/ingress.global-static-ip-name",
                &["H8", "G10", "G4"],
            ),
            IngressClass::Internal => (
                "kubernetes.io/ingress.regional-static-ip-name",
                &["H8", "G10", "G5"],
            ),
            IngressClass::NotGke => continue,
        };
        if has_annotation(ingress, annotation) != Some(false) {
            continue;
        }
        let records: Vec<&str> = status_readers(context, resource)
            .into_iter()
            .filter(|r| DNS_RECORDS.contains(&r.resource_type.as_str()))
            .map(|r| r.id.as_str())
            .collect();
        if records.is_empty() {
            continue;
        }
        findings.push(Finding {
            rule: RULE.id,
            severity: RULE.severity,
            message: format!(
                "DNS record {} points at the address of GKE Ingress {}, which names no reserved address ({annotation}): the IP is ephemeral and changes when the load balancer is rebuilt, leaving the record stale until the next apply",
                records.join(", "),
                ingress.name
            ),
            subject: ingress.node.clone(),
            location: Some(ingress.location.clone()),
            knowledge,
        });
    }
    findings
}
