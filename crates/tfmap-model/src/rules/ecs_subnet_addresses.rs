use super::{Context, Rule};
use crate::analysis::{Finding, Node};
use crate::vocabulary::EdgeKind;
use tfmap_core::Severity;
use tfmap_core::Value;

pub const RULE: Rule = Rule {
    id: "TFM005",
    name: "ecs-subnet-addresses",
    severity: Severity::Warning,
    summary: "An awsvpc/Fargate ECS service can run more tasks than its subnets have addresses.",
    documentation: r#"
## What it does
For the ECS services whose tasks get their own network interface (task definition
`network_mode = "awsvpc"`, or Fargate), compares the addresses their tasks may take at the
peak with the free addresses of their subnets. A service's peak is the most tasks it may
run (its `desired_count`, or the `max_capacity` of an Application Auto Scaling target that
scales it, whichever is larger) times its `deployment_maximum_percent` (200 % when unset,
ECS's default), since a rolling deployment starts new tasks before it stops old ones.
Services that use the same subnets add up. The free addresses are each subnet's
`2^(32 - prefix)` less the 5 AWS reserves in every subnet, less 8 per subnet for each load
balancer declared in the same subnets. When a subnet's CIDR is not known statically, the
rule says so (info) instead of counting.

## Why it matters
Each awsvpc task takes one IP address from the subnet. When the subnets run out, new tasks
stay in PROVISIONING, typically with EC2's `InsufficientFreeAddressesInSubnet` error, and a
scale-out or a deployment stalls; a load balancer needs 8 free addresses in each of its
subnets to scale. Sources beyond the knowledge rows: the Amazon VPC User Guide (the first
four and the last address of every subnet CIDR block are reserved) and the Amazon ECS
Developer Guide (a replica service's `maximumPercent` defaults to 200).

## Example
```hcl
resource "aws_subnet" "a" { cidr_block = "10.0.1.0/27" }   # 32 - 5 = 27 free
resource "aws_ecs_service" "app" {
  desired_count = 20                                      # 40 during a deployment
  network_configuration { subnets = [aws_subnet.a.id] }
}
```

## How to fix
Give the services larger subnets (or more of them), lower their maximum task count or
`deployment_maximum_percent`, or move some of them to other subnets.
"#,
    knowledge: &["A6", "H13"],
    check,
};

/// Addresses AWS reserves in every subnet: the first four and the last.
const RESERVED_PER_SUBNET: u64 = 5;

/// Free addresses a load balancer needs in each of its subnets (H13).
const LOAD_BALANCER_ADDRESSES: u64 = 8;

/// ECS's `maximumPercent` when a service does not set it.
const DEFAULT_MAXIMUM_PERCENT: u64 = 200;

fn number(value: Option<&Value>) -> Option<u64> {
    value?.as_u64()
}

/// Usable addresses in a CIDR block, when it is a known IPv4 block.
fn usable_addresses(cidr: &str) -> Option<u64> {
    let (_, prefix) = cidr.split_once('/')?;
    let prefix: u32 = prefix.parse().ok().filter(|p| *p <= 32)?;
    Some((1u64 << (32 - prefix)).saturating_sub(RESERVED_PER_SUBNET))
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

/// One awsvpc service: the most addresses its tasks may take, and its subnets.
struct Demand<'a> {
    service: &'a Node,
    peak: u64,
    subnets: Vec<&'a Node>,
}

/// The most tasks a service may run at once, a deployment's surge included.
fn peak(context: &Context, service: &Node) -> u64 {
    let analysis = context.analysis;
    let desired = number(service.attributes.get("desired_count")).unwrap_or(0);
    let scaled = analysis
        .edges_to(&service.id, &[EdgeKind::Scales])
        .filter_map(|e| number(analysis.node(&e.from)?.attributes.get("max_capacity")))
        .max()
        .unwrap_or(0);
    let percent = number(service.attributes.get("deployment_maximum_percent"))
        .unwrap_or(DEFAULT_MAXIMUM_PERCENT);
    desired.max(scaled).saturating_mul(percent) / 100
}

/// The subnets an edge of `node` reaches through `via`.
fn subnets_of<'a>(context: &Context<'a>, node: &Node, via: &[&str]) -> Vec<&'a Node> {
    let analysis = context.analysis;
    let mut subnets: Vec<&Node> = analysis
        .edges_from(&node.id, &[EdgeKind::Uses])
        .filter(|e| {
            e.via
                .as_deref()
                .is_some_and(|v| via.iter().any(|p| v.starts_with(p)))
        })
        .filter_map(|e| analysis.node(&e.to))
        .filter(|n| n.resource_type == "aws_subnet")
        .collect();
    subnets.sort_by(|a, b| a.id.cmp(&b.id));
    subnets.dedup_by(|a, b| a.id == b.id);
    subnets
}

fn check(context: &Context) -> Vec<Finding> {
    let analysis = context.analysis;
    let mut findings = Vec::new();
    let demands: Vec<Demand> = analysis
        .nodes
        .iter()
        .filter(|n| n.resource_type == "aws_ecs_service" && uses_awsvpc(context, n))
        .map(|service| Demand {
            service,
            peak: peak(context, service),
            subnets: subnets_of(context, service, &["network_configuration.subnets"]),
        })
        .filter(|d| !d.subnets.is_empty())
        .collect();
    let load_balancers: Vec<Vec<&Node>> = analysis
        .nodes
        .iter()
        .filter(|n| matches!(n.resource_type.as_str(), "aws_lb" | "aws_alb"))
        .map(|lb| subnets_of(context, lb, &["subnets", "subnet_mapping"]))
        .collect();
    for demand in &demands {
        let ids: Vec<&str> = demand.subnets.iter().map(|s| s.id.as_str()).collect();
        let unknown: Vec<&str> = demand
            .subnets
            .iter()
            .filter(|s| {
                s.attributes
                    .get("cidr_block")
                    .and_then(Value::as_str)
                    .and_then(usable_addresses)
                    .is_none()
            })
            .map(|s| s.id.as_str())
            .collect();
        if !unknown.is_empty() {
            findings.push(Finding {
                rule: RULE.id,
                severity: Severity::Info,
                message: format!(
                    "ECS service {} may run {} tasks with one IP address each (awsvpc); the CIDR of {} is not known statically, so whether its subnets have room is not checked",
                    demand.service.display_name(),
                    demand.peak,
                    unknown.join(", ")
                ),
                subject: demand.service.id.clone(),
                location: demand.service.location.clone(),
                knowledge: RULE.knowledge,
            });
            continue;
        }
        // The services that use exactly these subnets share their addresses.
        let sharing: Vec<&Demand> = demands
            .iter()
            .filter(|other| {
                other
                    .subnets
                    .iter()
                    .map(|s| s.id.as_str())
                    .eq(ids.iter().copied())
            })
            .collect();
        let wanted: u64 = sharing.iter().map(|d| d.peak).sum();
        let usable: u64 = demand
            .subnets
            .iter()
            .filter_map(|s| s.attributes.get("cidr_block")?.as_str())
            .filter_map(usable_addresses)
            .sum();
        let load_balancer_subnets: u64 = load_balancers
            .iter()
            .map(|lb| lb.iter().filter(|s| ids.contains(&s.id.as_str())).count() as u64)
            .sum();
        let free = usable.saturating_sub(load_balancer_subnets * LOAD_BALANCER_ADDRESSES);
        if wanted <= free {
            continue;
        }
        let others: Vec<String> = sharing
            .iter()
            .filter(|d| d.service.id != demand.service.id)
            .map(|d| format!("{} ({})", d.service.display_name(), d.peak))
            .collect();
        let shared = if others.is_empty() {
            String::new()
        } else {
            format!(", with {} in the same subnets", others.join(", "))
        };
        let reserved_by_lbs = if load_balancer_subnets > 0 {
            format!(
                " and {} kept free for load balancers",
                load_balancer_subnets * LOAD_BALANCER_ADDRESSES
            )
        } else {
            String::new()
        };
        findings.push(Finding {
            rule: RULE.id,
            severity: RULE.severity,
            message: format!(
                "ECS service {} may run {} tasks with one IP address each (awsvpc, deployments included){shared}, but its subnets {} have {free} free addresses (5 reserved by AWS in each{reserved_by_lbs}): new tasks would stay in PROVISIONING",
                demand.service.display_name(),
                demand.peak,
                ids.join(", "),
            ),
            subject: demand.service.id.clone(),
            location: demand.service.location.clone(),
            knowledge: RULE.knowledge,
        });
    }
    findings
}
