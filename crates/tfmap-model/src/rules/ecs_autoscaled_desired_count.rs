use super::lifecycle::ignores_changes;
use super::{Context, Rule};
use crate::analysis::Finding;
use crate::vocabulary::EdgeKind;
use tfmap_loader::{ResourceKind, Severity};

pub const RULE: Rule = Rule {
    id: "TFM013",
    name: "ecs-autoscaled-desired-count",
    severity: Severity::Warning,
    summary: "An ECS service scaled by Application Auto Scaling does not ignore changes to desired_count, so every apply resets the scaler's count.",
    documentation: r#"
## What it does
Flags an `aws_ecs_service` that an `aws_appautoscaling_target` scales (its `resource_id`
names the service) while the service's `lifecycle` block does not list `desired_count` in
`ignore_changes` (nor sets `ignore_changes = all`).

## Why it matters
Application Auto Scaling changes the service's desired count at runtime, through alarms
Terraform does not see. Without `ignore_changes`, the next `terraform plan` shows the
difference and `terraform apply` sets the count back to what the code says (0 when the code
says nothing): a service scaled out for load is scaled in by a deployment of unrelated
changes.

## Example
```hcl
resource "aws_ecs_service" "api" {
  desired_count = 2               # the scaler moves it between 2 and 10
}
resource "aws_appautoscaling_target" "api" {
  resource_id = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.api.name}"
  min_capacity = 2
  max_capacity = 10
}
```

## How to fix
Add `lifecycle { ignore_changes = [desired_count] }` to the service, and keep
`desired_count` only as the starting count.
"#,
    knowledge: &["H11", "A10"],
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let analysis = context.analysis;
    let mut findings = Vec::new();
    for service in context
        .resources
        .iter()
        .filter(|r| r.kind == ResourceKind::Managed && r.resource_type == "aws_ecs_service")
    {
        let mut scalers: Vec<&str> = analysis
            .edges_to(&service.id, &[EdgeKind::Scales])
            .filter(|e| {
                analysis
                    .node(&e.from)
                    .is_some_and(|n| n.resource_type == "aws_appautoscaling_target")
            })
            .map(|e| e.from.as_str())
            .collect();
        scalers.sort_unstable();
        scalers.dedup();
        if scalers.is_empty() || ignores_changes(&service.body, "desired_count") {
            continue;
        }
        let name = analysis
            .node(&service.id)
            .map_or(service.address.as_str(), |n| n.display_name());
        findings.push(Finding {
            rule: RULE.id,
            severity: RULE.severity,
            message: format!(
                "ECS service {name} is scaled by {} but does not ignore changes to desired_count: every apply resets the count the scaler set",
                scalers.join(", ")
            ),
            subject: service.id.clone(),
            location: Some(service.location.clone()),
            knowledge: RULE.knowledge,
        });
    }
    findings
}
