//! Meaning on top of raw references. Each rule says: a reference from a resource of this
//! type, made by this attribute, to a resource of that type, means this kind of edge.

use crate::analysis::{Analysis, Edge};
use crate::vocabulary::EdgeKind;

struct Rule {
    from: &'static [&'static str],
    /// Attribute path of the reference; matches itself and anything below it.
    via: &'static [&'static str],
    to: &'static [&'static str],
    kind: EdgeKind,
}

const SERVICE: &[&str] = &["aws_ecs_service"];
const TASK: &[&str] = &["aws_ecs_task_definition"];
const CLUSTER: &[&str] = &["aws_ecs_cluster"];
const TARGET_GROUP: &[&str] = &["aws_lb_target_group", "aws_alb_target_group"];
const LISTENER: &[&str] = &["aws_lb_listener", "aws_alb_listener"];
const LISTENER_RULE: &[&str] = &["aws_lb_listener_rule", "aws_alb_listener_rule"];
const LOAD_BALANCER: &[&str] = &["aws_lb", "aws_alb"];
const IAM_ROLE: &[&str] = &["aws_iam_role"];
const NETWORK: &[&str] = &["aws_subnet", "aws_security_group"];

const RULES: &[Rule] = &[
    // ECS services
    Rule {
        from: SERVICE,
        via: &["cluster"],
        to: CLUSTER,
        kind: EdgeKind::RunsOn,
    },
    Rule {
        from: SERVICE,
        via: &["task_definition"],
        to: TASK,
        kind: EdgeKind::Uses,
    },
    Rule {
        from: SERVICE,
        via: &["load_balancer.target_group_arn"],
        to: TARGET_GROUP,
        kind: EdgeKind::Registers,
    },
    Rule {
        from: SERVICE,
        via: &["capacity_provider_strategy.capacity_provider"],
        to: &["aws_ecs_capacity_provider"],
        kind: EdgeKind::RunsOn,
    },
    Rule {
        from: SERVICE,
        via: &["service_registries.registry_arn"],
        to: &["aws_service_discovery_service"],
        kind: EdgeKind::Registers,
    },
    Rule {
        from: SERVICE,
        via: &["network_configuration"],
        to: NETWORK,
        kind: EdgeKind::Uses,
    },
    Rule {
        from: SERVICE,
        via: &["iam_role"],
        to: IAM_ROLE,
        kind: EdgeKind::Uses,
    },
    // ECS task definitions
    Rule {
        from: TASK,
        via: &["container_definitions"],
        to: &[
            "aws_secretsmanager_secret",
            "aws_secretsmanager_secret_version",
            "aws_ssm_parameter",
            "aws_cloudwatch_log_group",
            "aws_ecr_repository",
        ],
        kind: EdgeKind::Uses,
    },
    Rule {
        from: TASK,
        via: &["execution_role_arn", "task_role_arn"],
        to: IAM_ROLE,
        kind: EdgeKind::Uses,
    },
    // Load balancing
    Rule {
        from: LISTENER,
        via: &["load_balancer_arn"],
        to: LOAD_BALANCER,
        kind: EdgeKind::AttachedTo,
    },
    Rule {
        from: LISTENER,
        via: &["default_action"],
        to: TARGET_GROUP,
        kind: EdgeKind::RoutesTo,
    },
    Rule {
        from: LISTENER,
        via: &["certificate_arn"],
        to: &["aws_acm_certificate", "aws_acm_certificate_validation"],
        kind: EdgeKind::Uses,
    },
    Rule {
        from: LISTENER_RULE,
        via: &["listener_arn"],
        to: LISTENER,
        kind: EdgeKind::AttachedTo,
    },
    Rule {
        from: LISTENER_RULE,
        via: &["action"],
        to: TARGET_GROUP,
        kind: EdgeKind::RoutesTo,
    },
    Rule {
        from: &["aws_lb_listener_certificate"],
        via: &["listener_arn"],
        to: LISTENER,
        kind: EdgeKind::AttachedTo,
    },
    Rule {
        from: LOAD_BALANCER,
        via: &["subnets", "security_groups", "subnet_mapping"],
        to: NETWORK,
        kind: EdgeKind::Uses,
    },
    // EC2 capacity
    Rule {
        from: &["aws_ecs_capacity_provider"],
        via: &["auto_scaling_group_provider.auto_scaling_group_arn"],
        to: &["aws_autoscaling_group"],
        kind: EdgeKind::Uses,
    },
    Rule {
        from: &["aws_ecs_cluster_capacity_providers"],
        via: &["cluster_name"],
        to: CLUSTER,
        kind: EdgeKind::AttachedTo,
    },
    Rule {
        from: &["aws_ecs_cluster_capacity_providers"],
        via: &["capacity_providers", "default_capacity_provider_strategy"],
        to: &["aws_ecs_capacity_provider"],
        kind: EdgeKind::Uses,
    },
    Rule {
        from: &["aws_autoscaling_group"],
        via: &[
            "launch_template",
            "mixed_instances_policy",
            "launch_configuration",
        ],
        to: &["aws_launch_template", "aws_launch_configuration"],
        kind: EdgeKind::Uses,
    },
    // Scheduled tasks: EventBridge rules and targets, EventBridge Scheduler
    Rule {
        from: &["aws_cloudwatch_event_target"],
        via: &["rule"],
        to: &["aws_cloudwatch_event_rule"],
        kind: EdgeKind::AttachedTo,
    },
    Rule {
        from: &["aws_cloudwatch_event_target"],
        via: &["arn"],
        to: CLUSTER,
        kind: EdgeKind::RunsOn,
    },
    Rule {
        from: &["aws_cloudwatch_event_target"],
        via: &["ecs_target.task_definition_arn"],
        to: TASK,
        kind: EdgeKind::Schedules,
    },
    Rule {
        from: &["aws_cloudwatch_event_target"],
        via: &["role_arn"],
        to: IAM_ROLE,
        kind: EdgeKind::Uses,
    },
    Rule {
        from: &["aws_scheduler_schedule"],
        via: &["target.arn"],
        to: CLUSTER,
        kind: EdgeKind::RunsOn,
    },
    Rule {
        from: &["aws_scheduler_schedule"],
        via: &["target.ecs_parameters.task_definition_arn"],
        to: TASK,
        kind: EdgeKind::Schedules,
    },
    Rule {
        from: &["aws_scheduler_schedule"],
        via: &["target.role_arn"],
        to: IAM_ROLE,
        kind: EdgeKind::Uses,
    },
    Rule {
        from: &["aws_sfn_state_machine"],
        via: &["role_arn"],
        to: IAM_ROLE,
        kind: EdgeKind::Uses,
    },
    // Kubernetes clusters and their capacity
    Rule {
        from: &["google_container_node_pool"],
        via: &["cluster"],
        to: &["google_container_cluster"],
        kind: EdgeKind::AttachedTo,
    },
    Rule {
        from: &[
            "aws_eks_node_group",
            "aws_eks_fargate_profile",
            "aws_eks_addon",
            "aws_eks_pod_identity_association",
            "aws_eks_access_entry",
        ],
        via: &["cluster_name"],
        to: &["aws_eks_cluster"],
        kind: EdgeKind::AttachedTo,
    },
    // Service autoscaling and discovery
    Rule {
        from: &["aws_appautoscaling_target"],
        via: &["resource_id"],
        to: SERVICE,
        kind: EdgeKind::Scales,
    },
    Rule {
        from: &[
            "aws_appautoscaling_policy",
            "aws_appautoscaling_scheduled_action",
        ],
        via: &["resource_id", "scalable_dimension", "service_namespace"],
        to: &["aws_appautoscaling_target"],
        kind: EdgeKind::AttachedTo,
    },
    Rule {
        from: &["aws_service_discovery_service"],
        via: &["dns_config.namespace_id", "namespace_id"],
        to: &[
            "aws_service_discovery_private_dns_namespace",
            "aws_service_discovery_public_dns_namespace",
            "aws_service_discovery_http_namespace",
        ],
        kind: EdgeKind::AttachedTo,
    },
];

fn via_matches(pattern: &str, via: &str) -> bool {
    via == pattern || (via.starts_with(pattern) && via.as_bytes().get(pattern.len()) == Some(&b'.'))
}

/// The semantic edges implied by the raw reference edges already in `analysis`.
pub fn derive(analysis: &Analysis) -> Vec<Edge> {
    let mut derived = Vec::new();
    for edge in analysis
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::Reference)
    {
        let (Some(from), Some(to), Some(via)) = (
            analysis.node(&edge.from),
            analysis.node(&edge.to),
            edge.via.as_deref(),
        ) else {
            continue;
        };
        let rule = RULES.iter().find(|rule| {
            rule.from.contains(&from.resource_type.as_str())
                && rule.to.contains(&to.resource_type.as_str())
                && rule.via.iter().any(|pattern| via_matches(pattern, via))
        });
        if let Some(rule) = rule {
            derived.push(Edge {
                kind: rule.kind,
                ..edge.clone()
            });
        }
    }
    derived
}

#[cfg(test)]
mod tests {
    use super::via_matches;

    #[test]
    fn via_matches_itself_and_below() {
        assert!(via_matches(
            "default_action",
            "default_action.target_group_arn"
        ));
        assert!(via_matches("cluster", "cluster"));
        assert!(!via_matches("cluster", "cluster_name"));
    }
}
