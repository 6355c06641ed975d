use super::{Context, Rule};
use crate::analysis::Finding;
use crate::vocabulary::{EdgeKind, Role};
use std::collections::{BTreeMap, BTreeSet};
use tfmap_core::Severity;
use tfmap_core::Value;

pub const RULE: Rule = Rule {
    id: "TFM006",
    name: "alb-per-ecs-service",
    severity: Severity::Info,
    summary: "Several ECS services of one root module each have an Application Load Balancer of their own, where one ALB with listener rules could serve them.",
    documentation: r#"
## What it does
In each root module, finds the ECS services whose target groups are reached only through an
Application Load Balancer that serves no other service. When two or more services have such
a dedicated ALB, each is reported as information.

## Why it matters
Each ALB is paid for by the hour and counts against account limits. One ALB with host- or
path-based listener rules (or, on Kubernetes, one Ingress or IngressGroup) can route to many
services; this was one of the reasons given for moving from one load balancer per ECS
service to shared ingress.

## Example
```hcl
resource "aws_lb" "orders"   { }   # only aws_ecs_service.orders behind it
resource "aws_lb" "payments" { }   # only aws_ecs_service.payments behind it
```

## How to fix
Keep one ALB and one listener, and add an `aws_lb_listener_rule` per service with a
`host_header` or `path_pattern` condition forwarding to that service's target group. Keep
separate ALBs where isolation (different schemes, security boundaries) is the point.
"#,
    knowledge: &["A5", "seed 001"],
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    let analysis = context.analysis;
    // Load balancer → the ECS services behind it.
    let mut services_behind: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for service in analysis
        .nodes
        .iter()
        .filter(|n| n.resource_type == "aws_ecs_service")
    {
        for target_group in analysis.edges_from(&service.id, &[EdgeKind::Registers]) {
            for router in analysis.edges_to(&target_group.to, &[EdgeKind::RoutesTo]) {
                let mut listeners = vec![router.from.clone()];
                listeners.extend(
                    analysis
                        .edges_from(&router.from, &[EdgeKind::AttachedTo])
                        .map(|e| e.to.clone()),
                );
                for listener in listeners {
                    for lb in analysis.edges_from(&listener, &[EdgeKind::AttachedTo]) {
                        let application = analysis.node(&lb.to).is_some_and(|n| {
                            n.role == Role::LoadBalancer
                                && (n.resource_type == "aws_alb"
                                    || n.attributes
                                        .get("load_balancer_type")
                                        .and_then(Value::as_str)
                                        .is_none_or(|t| t == "application"))
                        });
                        if application {
                            services_behind
                                .entry(lb.to.clone())
                                .or_default()
                                .insert(service.id.clone());
                        }
                    }
                }
            }
        }
    }
    // Root module → (service, its dedicated ALB).
    let mut dedicated: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for (lb, services) in &services_behind {
        if let ([service], Some(node)) = (
            services.iter().collect::<Vec<_>>().as_slice(),
            analysis.node(lb),
        ) {
            dedicated
                .entry(node.root.clone())
                .or_default()
                .push(((*service).clone(), lb.clone()));
        }
    }
    let mut findings = Vec::new();
    for pairs in dedicated.values().filter(|pairs| pairs.len() >= 2) {
        for (service, lb) in pairs {
            let Some(node) = analysis.node(service) else {
                continue;
            };
            findings.push(Finding {
                rule: RULE.id,
                severity: RULE.severity,
                message: format!(
                    "ECS service {} has an ALB of its own ({lb}); {} services of this root module each do: one ALB with host or path listener rules could serve them",
                    node.display_name(),
                    pairs.len()
                ),
                subject: service.clone(),
                location: node.location.clone(),
                knowledge: RULE.knowledge,
            });
        }
    }
    findings
}
