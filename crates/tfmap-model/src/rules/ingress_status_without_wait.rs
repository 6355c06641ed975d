use super::status_readers::status_readers;
use super::{Context, Rule};
use crate::analysis::Finding;
use tfmap_core::Value;
use tfmap_loader::{ResourceKind, Severity};

pub const RULE: Rule = Rule {
    id: "TFM009",
    name: "ingress-status-without-wait",
    severity: Severity::Warning,
    summary: "Terraform reads the load balancer address of a kubernetes_ingress_v1 that does not wait for its load balancer.",
    documentation: r#"
## What it does
Flags a `kubernetes_ingress_v1` (or `kubernetes_ingress`) resource that does not set
`wait_for_load_balancer = true` while another Terraform resource reads its `status` (the
load balancer's hostname or IP, for example in a DNS record). A value tfmap cannot evaluate
is not reported, and neither is an Ingress whose status nothing reads.

## Why it matters
The kubernetes provider waits for a Service of type LoadBalancer to get its address by
default, but not for an Ingress: `wait_for_load_balancer` defaults to `false` on the Ingress
resource. The apply of the Ingress "succeeds" before any load balancer exists, so a
resource that reads `status[0].load_balancer[0].ingress[0]` in the same apply may find it
empty: the DNS record fails or is written without the address until a later apply.

## Example
```hcl
resource "kubernetes_ingress_v1" "web" {
  metadata { name = "web" }
  spec { ingress_class_name = "alb" }
}
resource "aws_route53_record" "web" {
  records = [kubernetes_ingress_v1.web.status[0].load_balancer[0].ingress[0].hostname]
}
```

## How to fix
Set `wait_for_load_balancer = true` on the Ingress resource, so that Terraform waits until
the controller has published the address before it creates what reads it.
"#,
    knowledge: &["H16"],
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for ingress in context.resources.iter().filter(|r| {
        r.kind == ResourceKind::Managed
            && matches!(
                r.resource_type.as_str(),
                "kubernetes_ingress_v1" | "kubernetes_ingress"
            )
    }) {
        let waits = ingress.body.value("wait_for_load_balancer");
        let not_waiting = match waits {
            None | Some(Value::Null) => true,
            Some(value) => value.as_bool() == Some(false),
        };
        if !not_waiting {
            continue;
        }
        let readers = status_readers(context, ingress);
        if readers.is_empty() {
            continue;
        }
        let names: Vec<&str> = readers.iter().map(|r| r.id.as_str()).collect();
        findings.push(Finding {
            rule: RULE.id,
            severity: RULE.severity,
            message: format!(
                "{} does not set wait_for_load_balancer = true (the Ingress resource's default is false), but {} {} its status: the address may still be empty when {} applied",
                ingress.address,
                names.join(", "),
                if names.len() == 1 { "reads" } else { "read" },
                if names.len() == 1 { "it is" } else { "they are" }
            ),
            subject: ingress.id.clone(),
            location: Some(ingress.location.clone()),
            knowledge: RULE.knowledge,
        });
    }
    findings
}
