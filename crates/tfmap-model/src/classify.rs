//! Platform and role of each Terraform resource type. Types not listed keep the platform of
//! their provider and the role `other`.

use crate::vocabulary::{Platform, Role};

/// Exact types first, then prefixes; the first match wins.
const TYPES: &[(&str, Platform, Role)] = &[
    // ECS
    ("aws_ecs_cluster", Platform::Ecs, Role::Cluster),
    (
        "aws_ecs_cluster_capacity_providers",
        Platform::Ecs,
        Role::Compute,
    ),
    ("aws_ecs_capacity_provider", Platform::Ecs, Role::Compute),
    ("aws_ecs_service", Platform::Ecs, Role::Service),
    (
        "aws_ecs_task_definition",
        Platform::Ecs,
        Role::WorkloadDefinition,
    ),
    ("aws_ecs_task_set", Platform::Ecs, Role::Service),
    // EKS
    ("aws_eks_cluster", Platform::Eks, Role::Cluster),
    ("aws_eks_node_group", Platform::Eks, Role::Compute),
    ("aws_eks_fargate_profile", Platform::Eks, Role::Compute),
    ("aws_eks_addon", Platform::Eks, Role::Other),
    ("aws_eks_pod_identity_association", Platform::Eks, Role::Iam),
    ("aws_eks_access_entry", Platform::Eks, Role::Iam),
    // GKE
    ("google_container_cluster", Platform::Gke, Role::Cluster),
    ("google_container_node_pool", Platform::Gke, Role::Compute),
    // What a CronJob's controller creates at each tick (Terraform objects of this type get
    // their role from their Kubernetes kind instead).
    ("kubernetes_job_v1", Platform::Kubernetes, Role::Schedule),
    // What RunTask starts for an EventBridge target, a Scheduler schedule or a state
    // machine. No Terraform resource declares a task: the name is tfmap's.
    ("aws_ecs_task", Platform::Ecs, Role::Schedule),
    // AWS compute behind ECS/EKS
    ("aws_autoscaling_group", Platform::Aws, Role::Compute),
    ("aws_launch_template", Platform::Aws, Role::Compute),
    ("aws_launch_configuration", Platform::Aws, Role::Compute),
    ("aws_instance", Platform::Aws, Role::Compute),
    ("aws_autoscaling_policy", Platform::Aws, Role::Autoscaling),
    // AWS load balancing
    ("aws_lb", Platform::Aws, Role::LoadBalancer),
    ("aws_alb", Platform::Aws, Role::LoadBalancer),
    ("aws_elb", Platform::Aws, Role::LoadBalancer),
    ("aws_lb_listener", Platform::Aws, Role::Routing),
    ("aws_alb_listener", Platform::Aws, Role::Routing),
    ("aws_lb_listener_rule", Platform::Aws, Role::Routing),
    ("aws_alb_listener_rule", Platform::Aws, Role::Routing),
    ("aws_lb_target_group", Platform::Aws, Role::Routing),
    ("aws_alb_target_group", Platform::Aws, Role::Routing),
    (
        "aws_lb_target_group_attachment",
        Platform::Aws,
        Role::Routing,
    ),
    (
        "aws_lb_listener_certificate",
        Platform::Aws,
        Role::Certificate,
    ),
    ("aws_acm_certificate", Platform::Aws, Role::Certificate),
    (
        "aws_acm_certificate_validation",
        Platform::Aws,
        Role::Certificate,
    ),
    // Schedules (ECS batch lives in EventBridge, outside ECS)
    ("aws_cloudwatch_event_rule", Platform::Aws, Role::Schedule),
    ("aws_cloudwatch_event_target", Platform::Aws, Role::Schedule),
    ("aws_scheduler_schedule", Platform::Aws, Role::Schedule),
    (
        "aws_scheduler_schedule_group",
        Platform::Aws,
        Role::Schedule,
    ),
    ("aws_sfn_state_machine", Platform::Aws, Role::Schedule),
    // Secrets and configuration
    ("aws_secretsmanager_secret", Platform::Aws, Role::Secret),
    (
        "aws_secretsmanager_secret_version",
        Platform::Aws,
        Role::Secret,
    ),
    ("aws_ssm_parameter", Platform::Aws, Role::Config),
    ("aws_kms_key", Platform::Aws, Role::Secret),
    // Autoscaling of services
    (
        "aws_appautoscaling_target",
        Platform::Aws,
        Role::Autoscaling,
    ),
    (
        "aws_appautoscaling_policy",
        Platform::Aws,
        Role::Autoscaling,
    ),
    (
        "aws_appautoscaling_scheduled_action",
        Platform::Aws,
        Role::Autoscaling,
    ),
    // Service discovery
    (
        "aws_service_discovery_private_dns_namespace",
        Platform::Aws,
        Role::Discovery,
    ),
    (
        "aws_service_discovery_public_dns_namespace",
        Platform::Aws,
        Role::Discovery,
    ),
    (
        "aws_service_discovery_http_namespace",
        Platform::Aws,
        Role::Discovery,
    ),
    (
        "aws_service_discovery_service",
        Platform::Aws,
        Role::Discovery,
    ),
    // Images and logs
    ("aws_ecr_repository", Platform::Aws, Role::Registry),
    ("aws_ecr_lifecycle_policy", Platform::Aws, Role::Registry),
    ("aws_ecr_repository_policy", Platform::Aws, Role::Registry),
    ("aws_cloudwatch_log_group", Platform::Aws, Role::Logging),
    // DNS
    ("aws_route53_record", Platform::Aws, Role::Dns),
    ("aws_route53_zone", Platform::Aws, Role::Dns),
    // Network
    ("aws_vpc", Platform::Aws, Role::Network),
    ("aws_subnet", Platform::Aws, Role::Network),
    ("aws_security_group", Platform::Aws, Role::Network),
    ("aws_security_group_rule", Platform::Aws, Role::Network),
    (
        "aws_vpc_security_group_ingress_rule",
        Platform::Aws,
        Role::Network,
    ),
    (
        "aws_vpc_security_group_egress_rule",
        Platform::Aws,
        Role::Network,
    ),
    ("aws_internet_gateway", Platform::Aws, Role::Network),
    ("aws_nat_gateway", Platform::Aws, Role::Network),
    ("aws_eip", Platform::Aws, Role::Network),
    ("aws_route_table", Platform::Aws, Role::Network),
    ("aws_route_table_association", Platform::Aws, Role::Network),
    ("aws_route", Platform::Aws, Role::Network),
    ("aws_network_interface", Platform::Aws, Role::Network),
    // IAM
    ("aws_iam_", Platform::Aws, Role::Iam),
    // Google
    (
        "google_compute_global_address",
        Platform::Gcp,
        Role::Network,
    ),
    ("google_compute_address", Platform::Gcp, Role::Network),
    ("google_compute_network", Platform::Gcp, Role::Network),
    ("google_compute_subnetwork", Platform::Gcp, Role::Network),
    ("google_compute_firewall", Platform::Gcp, Role::Network),
    (
        "google_compute_global_forwarding_rule",
        Platform::Gcp,
        Role::LoadBalancer,
    ),
    (
        "google_compute_forwarding_rule",
        Platform::Gcp,
        Role::LoadBalancer,
    ),
    (
        "google_compute_target_http_proxy",
        Platform::Gcp,
        Role::Routing,
    ),
    (
        "google_compute_target_https_proxy",
        Platform::Gcp,
        Role::Routing,
    ),
    (
        "google_compute_region_target_http_proxy",
        Platform::Gcp,
        Role::Routing,
    ),
    (
        "google_compute_region_target_https_proxy",
        Platform::Gcp,
        Role::Routing,
    ),
    ("google_compute_url_map", Platform::Gcp, Role::Routing),
    (
        "google_compute_region_url_map",
        Platform::Gcp,
        Role::Routing,
    ),
    (
        "google_compute_backend_service",
        Platform::Gcp,
        Role::Routing,
    ),
    (
        "google_compute_region_backend_service",
        Platform::Gcp,
        Role::Routing,
    ),
    ("google_compute_target_pool", Platform::Gcp, Role::Routing),
    (
        "google_compute_network_endpoint_group",
        Platform::Gcp,
        Role::Routing,
    ),
    ("google_compute_health_check", Platform::Gcp, Role::Routing),
    (
        "google_compute_region_health_check",
        Platform::Gcp,
        Role::Routing,
    ),
    (
        "google_compute_instance_group",
        Platform::Gcp,
        Role::Compute,
    ),
    (
        "google_compute_managed_ssl_certificate",
        Platform::Gcp,
        Role::Certificate,
    ),
    (
        "google_compute_ssl_certificate",
        Platform::Gcp,
        Role::Certificate,
    ),
    ("google_service_account", Platform::Gcp, Role::Iam),
    ("google_project_iam_", Platform::Gcp, Role::Iam),
    ("google_secret_manager_secret", Platform::Gcp, Role::Secret),
    ("google_dns_record_set", Platform::Gcp, Role::Dns),
    (
        "google_artifact_registry_repository",
        Platform::Gcp,
        Role::Registry,
    ),
];

/// Platform and role of a resource type.
pub fn classify(resource_type: &str) -> (Platform, Role) {
    if let Some((_, platform, role)) = TYPES.iter().find(|(t, _, _)| *t == resource_type) {
        return (*platform, *role);
    }
    if let Some((_, platform, role)) = TYPES
        .iter()
        .filter(|(t, _, _)| t.ends_with('_'))
        .find(|(t, _, _)| resource_type.starts_with(t))
    {
        return (*platform, *role);
    }
    let platform = if resource_type.starts_with("kubernetes_")
        || resource_type.starts_with("helm_")
        || resource_type.starts_with("kubectl_")
    {
        Platform::Kubernetes
    } else if resource_type.starts_with("aws_") {
        Platform::Aws
    } else if resource_type.starts_with("google_") {
        Platform::Gcp
    } else {
        Platform::Other
    };
    (platform, Role::Other)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_prefix_and_fallback() {
        assert_eq!(classify("aws_ecs_service"), (Platform::Ecs, Role::Service));
        assert_eq!(
            classify("aws_iam_role_policy_attachment"),
            (Platform::Aws, Role::Iam)
        );
        assert_eq!(classify("aws_s3_bucket"), (Platform::Aws, Role::Other));
        assert_eq!(classify("random_id"), (Platform::Other, Role::Other));
    }
}
