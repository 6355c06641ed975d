use super::{Context, Rule};
use crate::analysis::Finding;
use crate::vocabulary::{EdgeKind, Role};
use tfmap_core::Severity;

pub const RULE: Rule = Rule {
    id: "TFM001",
    name: "controller-owned-load-balancer",
    severity: Severity::Warning,
    summary: "A cloud load balancer is created by a Kubernetes controller, so its lifecycle follows the cluster, not Terraform.",
    documentation: r#"
## What it does
Flags each Ingress or Service for which a controller running with the cluster (GKE's Ingress
and L4 controllers, the AWS Load Balancer Controller, the legacy AWS cloud provider) creates
a cloud load balancer that no Terraform code declares.

## Why it matters
That load balancer is not in Terraform state: `terraform plan` does not show it and
`terraform destroy` does not delete it. It is deleted when its Kubernetes object is deleted,
and a cluster destroyed with the object still in place can leave it (and its security groups
or firewall rules) behind. Recreating the cluster creates a new load balancer with a new
address or DNS name, so anything that points at the old one breaks. The finding is a
warning when the address is not reserved in Terraform (an ephemeral GKE IP, an AWS DNS name
chosen by the controller), and information when a reserved address declared in Terraform
keeps the entry point stable.

## Example
```yaml
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web            # GKE builds an external Application Load Balancer for it
spec:
  defaultBackend:
    service: { name: web, port: { number: 80 } }
```

## How to fix
On GKE, reserve the address in Terraform (`google_compute_global_address`) and name it with
`kubernetes.io/ingress.global-static-ip-name`. On EKS, consider declaring the load balancer in
Terraform and attaching targets with a `TargetGroupBinding`. In both cases, delete Ingresses
and LoadBalancer Services before the cluster when tearing down.
"#,
    knowledge: &[
        "H1", "H3", "H8", "G4", "G5", "G6", "G7", "E1", "E2", "E5", "E6", "E7", "E9",
    ],
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let analysis = context.analysis;
    let mut findings = Vec::new();
    for cause in analysis
        .nodes
        .iter()
        .filter(|n| n.kubernetes.is_some() && n.implicit.is_none())
    {
        let load_balancers: Vec<_> = analysis
            .edges_from(&cause.id, &[EdgeKind::Creates])
            .filter_map(|e| analysis.node(&e.to))
            .filter(|n| n.role == Role::LoadBalancer)
            .collect();
        let Some(first) = load_balancers.first() else {
            continue;
        };
        let Some(info) = &first.implicit else {
            continue;
        };
        let reserved = load_balancers.iter().any(|lb| {
            lb.attributes
                .get("ip_address")
                .and_then(|v| v.as_str())
                .is_some_and(|ip| ip.contains("declared in Terraform"))
        });
        let (severity, address) = if reserved {
            (Severity::Info, "its address is reserved in Terraform")
        } else {
            (
                Severity::Warning,
                "its address is not reserved in Terraform and changes when it is recreated",
            )
        };
        let what = cause
            .kubernetes
            .as_ref()
            .map_or("object", |k| k.kind.as_str());
        findings.push(Finding {
            rule: RULE.id,
            severity,
            message: format!(
                "{what} {} makes the {} create a load balancer that Terraform does not manage: it is {}; {address}",
                cause.name, info.created_by, info.lifecycle
            ),
            subject: cause.id.clone(),
            location: cause.location.clone(),
            knowledge: rows(info.knowledge),
        });
    }
    findings
}

/// The rows a finding rests on: the lifecycle hazards (H1, H3; H8 for GKE's addresses) and the
/// row of the controller that builds the load balancer.
fn rows(builder: &str) -> &'static [&'static str] {
    match builder {
        "G4" => &["H1", "H3", "H8", "G4"],
        "G5" => &["H1", "H3", "G5"],
        "G6" => &["H1", "H3", "G6"],
        "G7" => &["H1", "H3", "G7"],
        "E1" => &["H1", "H3", "E1"],
        "E2" => &["H1", "H3", "E2"],
        "E5" => &["H1", "H3", "E5"],
        "E6" => &["H1", "H3", "E6"],
        "E7" => &["H1", "H3", "E7"],
        "E9" => &["H1", "H3", "E9"],
        _ => RULE.knowledge,
    }
}
