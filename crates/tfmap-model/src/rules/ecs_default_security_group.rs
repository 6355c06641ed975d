use super::{Context, Rule};
use crate::analysis::Finding;
use tfmap_core::Value;
use tfmap_loader::{Body, Resource, ResourceKind, Severity};

pub const RULE: Rule = Rule {
    id: "TFM008",
    name: "ecs-default-security-group",
    severity: Severity::Warning,
    summary: "An awsvpc ECS service or scheduled ECS task gives no security groups, so its tasks get the VPC's default security group.",
    documentation: r#"
## What it does
Flags an `aws_ecs_service` whose `network_configuration` block sets no `security_groups`
(or an empty list), and an `aws_cloudwatch_event_target` whose
`ecs_target.network_configuration` does the same. Only tasks with a network configuration
(the `awsvpc` network mode, always the case on Fargate) are concerned; a list tfmap cannot
evaluate is not reported.

## Why it matters
Each awsvpc task gets its own network interface. When no security group is given, that
interface is put in the VPC's **default** security group: whatever that group allows
(often all traffic between its members, or nothing at all in a hardened account) now
applies to the task, and anything else in the default group can reach it. The rules the
team wrote for the service are not the ones in force.

## Example
```hcl
resource "aws_ecs_service" "api" {
  launch_type = "FARGATE"
  network_configuration {
    subnets = [aws_subnet.private.id]   # no security_groups
  }
}
```

## How to fix
Declare an `aws_security_group` for the service with the ingress it needs (for example
from the load balancer's security group only) and list it in
`network_configuration.security_groups`.
"#,
    knowledge: &["H14", "A6", "A12"],
    check,
};

/// Whether a `network_configuration` body leaves the security groups to the VPC default:
/// none written, `null`, or a known empty list. Unknown values are not judged.
fn lacks_security_groups(network: &Body) -> bool {
    match network.value("security_groups") {
        None | Some(Value::Null) => true,
        Some(value) => value.as_array().is_some_and(Vec::is_empty),
    }
}

fn finding(resource: &Resource, what: String, knowledge: &'static [&'static str]) -> Finding {
    Finding {
        rule: RULE.id,
        severity: RULE.severity,
        message: format!(
            "{what} sets no security_groups in its network_configuration: its tasks get the VPC's default security group"
        ),
        subject: resource.id.clone(),
        location: Some(resource.location.clone()),
        knowledge,
    }
}

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for resource in context
        .resources
        .iter()
        .filter(|r| r.kind == ResourceKind::Managed)
    {
        let name = || {
            context
                .analysis
                .node(&resource.id)
                .map_or(resource.address.clone(), |n| n.display_name().to_string())
        };
        match resource.resource_type.as_str() {
            "aws_ecs_service" => {
                let bare = resource
                    .body
                    .blocks_of("network_configuration")
                    .any(|b| lacks_security_groups(&b.body));
                if bare {
                    findings.push(finding(
                        resource,
                        format!("ECS service {}", name()),
                        &["H14", "A6"],
                    ));
                }
            }
            "aws_cloudwatch_event_target" => {
                let bare = resource
                    .body
                    .blocks_of("ecs_target")
                    .flat_map(|t| t.body.blocks_of("network_configuration"))
                    .any(|b| lacks_security_groups(&b.body));
                if bare {
                    findings.push(finding(
                        resource,
                        format!("EventBridge target {} (an ECS task)", resource.address),
                        &["H14", "A12"],
                    ));
                }
            }
            _ => {}
        }
    }
    findings
}
