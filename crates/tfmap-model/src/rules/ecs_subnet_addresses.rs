use super::{Context, Rule};
use crate::analysis::{Finding, Node};
use crate::vocabulary::EdgeKind;
use tfmap_core::Value;
use tfmap_loader::Severity;

pub const RULE: Rule = Rule {
    id: "TFM005",
    name: "ecs-subnet-addresses",
    severity: Severity::Warning,
    summary: "An awsvpc/Fargate ECS service can run more tasks than its subnets have addresses.",
    documentation: r#"
## What it does
For each ECS service whose tasks get their own network interface (task definition
`network_mode = "awsvpc"`, or Fargate), compares the most tasks it may run (its
`desired_count`, or the `max_capacity` of an Application Auto Scaling target that scales it,
whichever is larger) with the addresses of its subnets (the sum of `2^(32 - prefix)` over
`network_configuration.subnets`). It only speaks when every subnet's CIDR is known
statically; the count is an upper bound, since AWS also reserves addresses in each subnet.

## Why it matters
Each awsvpc task takes one IP address from the subnet. When the subnets run out, new tasks
stay in PROVISIONING, typically with EC2's `InsufficientFreeAddressesInSubnet` error, and a
scale-out or a deployment (which starts new tasks before stopping old ones) stalls.

## Example
```hcl
resource "aws_subnet" "a" { cidr_block = "10.0.1.0/28" }   # 16 addresses
resource "aws_ecs_service" "app" {
  desired_count = 20
  network_configuration { subnets = [aws_subnet.a.id] }
}
```

## How to fix
Give the service larger subnets (or more of them), or lower its maximum task count.
"#,
    knowledge: &["A6", "H13"],
    check,
};

fn number(value: Option<&Value>) -> Option<u64> {
    value?.as_u64()
}

/// Addresses in a CIDR block, when it is a known IPv4 block.
fn addresses(cidr: &str) -> Option<u64> {
    let (_, prefix) = cidr.split_once('/')?;
    let prefix: u32 = prefix.parse().ok().filter(|p| *p <= 32)?;
    Some(1u64 << (32 - prefix))
}

fn uses_awsvpc(context: &Context, service: &Node) -> bool {
    let fargate = service
        .attributes
        .get("launch_type")
        .and_then(Value::as_str)
        == Some("FARGATE");
    let task_awsvpc = context
        .analysis
        .edges_from(&service.id, &[EdgeKind::Uses])
        .filter_map(|e| context.analysis.node(&e.to))
        .any(|t| {
            t.resource_type == "aws_ecs_task_definition"
                && t.attributes.get("network_mode").and_then(Value::as_str) == Some("awsvpc")
        });
    fargate || task_awsvpc
}

fn check(context: &Context) -> Vec<Finding> {
    let analysis = context.analysis;
    let mut findings = Vec::new();
    for service in analysis
        .nodes
        .iter()
        .filter(|n| n.resource_type == "aws_ecs_service")
    {
        if !uses_awsvpc(context, service) {
            continue;
        }
        let desired = number(service.attributes.get("desired_count")).unwrap_or(0);
        let scaled = analysis
            .edges_to(&service.id, &[EdgeKind::Scales])
            .filter_map(|e| number(analysis.node(&e.from)?.attributes.get("max_capacity")))
            .max()
            .unwrap_or(0);
        let most = desired.max(scaled);
        let subnets: Vec<&Node> = analysis
            .edges_from(&service.id, &[EdgeKind::Uses])
            .filter(|e| e.via.as_deref() == Some("network_configuration.subnets"))
            .filter_map(|e| analysis.node(&e.to))
            .filter(|n| n.resource_type == "aws_subnet")
            .collect();
        let capacity: Option<u64> = subnets
            .iter()
            .map(|s| {
                s.attributes
                    .get("cidr_block")
                    .and_then(Value::as_str)
                    .and_then(addresses)
            })
            .sum();
        let (Some(capacity), false) = (capacity, subnets.is_empty()) else {
            continue;
        };
        if most > capacity {
            let names: Vec<&str> = subnets.iter().map(|s| s.id.as_str()).collect();
            findings.push(Finding {
                rule: RULE.id,
                severity: RULE.severity,
                message: format!(
                    "ECS service {} may run {most} tasks with one IP address each (awsvpc), but its subnets {} hold at most {capacity} addresses: new tasks would stay in PROVISIONING",
                    service.display_name(),
                    names.join(", ")
                ),
                subject: service.id.clone(),
                location: service.location.clone(),
                knowledge: RULE.knowledge,
            });
        }
    }
    findings
}
