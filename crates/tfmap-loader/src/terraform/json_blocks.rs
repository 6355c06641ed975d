//! What a key of a `.tf.json` block body means. JSON cannot tell an argument from a nested
//! block: `"load_balancer": {…}` may be either, and Terraform decides with the provider's
//! schema, which tfmap does not have. The rule here, applied in this order:
//!
//! 1. Terraform's own nested blocks are blocks: `lifecycle`, `dynamic`, `provisioner`,
//!    `connection` and `timeouts` in resources, `validation` in variables, `precondition`
//!    and `postcondition`, the `terraform` block's `backend`, `cloud`, `required_providers`.
//! 2. For the resource types and providers tfmap reads, a table lists the nested block paths
//!    of their schemas (`node_pool.node_config`).
//! 3. `kubernetes_*` resources (the Kubernetes provider models nearly all structure as blocks)
//!    treat every key as a block except the provider's map arguments (`labels`, `data`, …).
//! 4. Everything else is an argument.
//!
//! A key is read as a block only when its value has the shape of one (an object, or a
//! non-empty array of objects); any other value is an argument whatever the table says, so
//! nothing is dropped when the table is wrong for some provider version.

/// How a JSON value is read, as Terraform's JSON syntax documents it per argument.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// Strings are templates: `"${aws_lb.main.arn}"`.
    Expression,
    /// Taken as written, strings included (`description`, a variable's `default`, tfvars).
    Literal,
    /// A type constraint written as a string: `"list(string)"`.
    TypeConstraint,
    /// A string, or each string of an array, that names something: `"aws_lb.main"`.
    References,
}

/// Where a body sits: the top-level block kind, that block's first label (the resource type
/// or provider name, empty otherwise) and the nested block kinds from there.
#[derive(Debug, Clone, Copy)]
pub(super) struct Place<'a> {
    pub top: &'a str,
    pub label: &'a str,
    pub path: &'a [String],
}

impl Place<'_> {
    /// The nested block path as the tables write it: `node_pool.node_config`.
    fn joined(&self, key: &str) -> String {
        let mut parts: Vec<&str> = self.path.iter().map(String::as_str).collect();
        parts.push(key);
        parts.join(".")
    }

    fn innermost(&self) -> Option<&str> {
        self.path.last().map(String::as_str)
    }
}

/// The number of labels of `key` when it is a nested block type at this place, else `None`.
pub(super) fn nested_block(place: &Place, key: &str) -> Option<usize> {
    if let Some(labels) = meta_block(place, key) {
        return Some(labels);
    }
    let table = match place.top {
        "resource" | "data" => RESOURCE_BLOCKS,
        "provider" => PROVIDER_BLOCKS,
        _ => return None,
    };
    let path = place.joined(key);
    if table
        .iter()
        .any(|(name, paths)| *name == place.label && paths.contains(&path.as_str()))
    {
        return Some(0);
    }
    let kubernetes = matches!(place.top, "resource" | "data")
        && place.label.starts_with("kubernetes_")
        && place.label != "kubernetes_manifest";
    (kubernetes && !kubernetes_map_argument(place, key)).then_some(0)
}

/// Blocks Terraform itself defines, whatever the provider.
fn meta_block(place: &Place, key: &str) -> Option<usize> {
    match (place.top, place.innermost(), key) {
        ("resource" | "data", _, "dynamic") => Some(1),
        ("resource" | "data", None, "lifecycle" | "connection" | "timeouts") => Some(0),
        ("resource", None, "provisioner") => Some(1),
        ("resource", Some("provisioner"), "connection") => Some(0),
        ("resource" | "data", Some("lifecycle"), "precondition" | "postcondition") => Some(0),
        ("output", None, "precondition") => Some(0),
        ("variable", None, "validation") => Some(0),
        ("terraform", None, "backend" | "provider_meta") => Some(1),
        ("terraform", None, "cloud" | "required_providers") => Some(0),
        ("terraform", Some("cloud"), "workspaces") => Some(0),
        ("check", None, "data") => Some(2),
        ("check", None, "assert") => Some(0),
        ("removed", None, "lifecycle" | "connection") => Some(0),
        ("removed", None, "provisioner") => Some(1),
        ("resource" | "data", Some("dynamic"), "content") => Some(0),
        _ => None,
    }
}

/// How the value of `key` is read at this place.
pub(super) fn reading(place: &Place, key: &str) -> Reading {
    match (place.top, place.innermost(), key) {
        ("terraform", _, _) => Reading::Literal,
        (_, Some("connection"), "type") => Reading::Literal,
        ("variable", None, "type") => Reading::TypeConstraint,
        ("variable", None, _) => Reading::Literal,
        ("output", None, "description" | "sensitive" | "ephemeral") => Reading::Literal,
        ("module", None, "source" | "version" | "providers") => Reading::Literal,
        ("provider", None, "alias" | "version") => Reading::Literal,
        ("resource" | "data" | "module" | "output", None, "depends_on") => Reading::References,
        ("resource" | "data" | "import", None, "provider") => Reading::References,
        (_, Some("lifecycle"), "ignore_changes" | "replace_triggered_by") => Reading::References,
        (_, Some("dynamic"), "iterator") => Reading::References,
        ("moved", None, "from" | "to") | ("import", None, "to") | ("removed", None, "from") => {
            Reading::References
        }
        _ => Reading::Expression,
    }
}

/// The map arguments of the Kubernetes provider's resources: everything else structured in
/// them is a block. A Service's `spec.selector` is a map, a Deployment's a block.
fn kubernetes_map_argument(place: &Place, key: &str) -> bool {
    const MAPS: [&str; 10] = [
        "labels",
        "annotations",
        "data",
        "binary_data",
        "string_data",
        "match_labels",
        "node_selector",
        "limits",
        "requests",
        "parameters",
    ];
    MAPS.contains(&key)
        || (key == "selector"
            && place.path == ["spec"]
            && place.label.starts_with("kubernetes_service"))
}

/// Nested block paths of the resource (and data source) types tfmap classifies, from the
/// providers' schemas; only the blocks, arguments are everything else.
const RESOURCE_BLOCKS: &[(&str, &[&str])] = &[
    (
        "aws_ecs_service",
        &[
            "load_balancer",
            "network_configuration",
            "capacity_provider_strategy",
            "service_registries",
            "deployment_circuit_breaker",
            "deployment_controller",
            "ordered_placement_strategy",
            "placement_constraints",
            "alarms",
            "service_connect_configuration",
            "service_connect_configuration.log_configuration",
            "service_connect_configuration.service",
            "service_connect_configuration.service.client_alias",
            "volume_configuration",
            "volume_configuration.managed_ebs_volume",
        ],
    ),
    (
        "aws_ecs_task_definition",
        &[
            "volume",
            "volume.efs_volume_configuration",
            "volume.efs_volume_configuration.authorization_config",
            "volume.docker_volume_configuration",
            "placement_constraints",
            "proxy_configuration",
            "runtime_platform",
            "ephemeral_storage",
            "inference_accelerator",
        ],
    ),
    (
        "aws_ecs_task_set",
        &[
            "load_balancer",
            "network_configuration",
            "capacity_provider_strategy",
            "service_registries",
            "scale",
        ],
    ),
    (
        "aws_ecs_cluster",
        &[
            "setting",
            "configuration",
            "configuration.execute_command_configuration",
            "configuration.execute_command_configuration.log_configuration",
            "configuration.managed_storage_configuration",
            "service_connect_defaults",
        ],
    ),
    (
        "aws_ecs_capacity_provider",
        &[
            "auto_scaling_group_provider",
            "auto_scaling_group_provider.managed_scaling",
        ],
    ),
    (
        "aws_ecs_cluster_capacity_providers",
        &["default_capacity_provider_strategy"],
    ),
    (
        "aws_lb",
        &["access_logs", "connection_logs", "subnet_mapping"],
    ),
    (
        "aws_alb",
        &["access_logs", "connection_logs", "subnet_mapping"],
    ),
    ("aws_lb_listener", LISTENER_BLOCKS),
    ("aws_alb_listener", LISTENER_BLOCKS),
    ("aws_lb_listener_rule", LISTENER_RULE_BLOCKS),
    ("aws_alb_listener_rule", LISTENER_RULE_BLOCKS),
    ("aws_lb_target_group", &["health_check", "stickiness"]),
    ("aws_alb_target_group", &["health_check", "stickiness"]),
    ("aws_elb", &["listener", "health_check", "access_logs"]),
    (
        "aws_autoscaling_group",
        &[
            "launch_template",
            "mixed_instances_policy",
            "mixed_instances_policy.launch_template",
            "mixed_instances_policy.launch_template.launch_template_specification",
            "mixed_instances_policy.launch_template.override",
            "mixed_instances_policy.instances_distribution",
            "instance_refresh",
            "instance_refresh.preferences",
            "warm_pool",
            "tag",
        ],
    ),
    (
        "aws_launch_template",
        &[
            "iam_instance_profile",
            "network_interfaces",
            "block_device_mappings",
            "block_device_mappings.ebs",
            "metadata_options",
            "monitoring",
            "placement",
            "tag_specifications",
            "credit_specification",
            "instance_market_options",
            "instance_market_options.spot_options",
        ],
    ),
    (
        "aws_launch_configuration",
        &["root_block_device", "ebs_block_device", "metadata_options"],
    ),
    (
        "aws_instance",
        &[
            "root_block_device",
            "ebs_block_device",
            "network_interface",
            "metadata_options",
            "launch_template",
            "credit_specification",
        ],
    ),
    (
        "aws_cloudwatch_event_target",
        &[
            "ecs_target",
            "ecs_target.network_configuration",
            "ecs_target.capacity_provider_strategy",
            "ecs_target.placement_constraint",
            "ecs_target.ordered_placement_strategy",
            "retry_policy",
            "dead_letter_config",
            "input_transformer",
            "run_command_targets",
        ],
    ),
    (
        "aws_scheduler_schedule",
        &[
            "flexible_time_window",
            "target",
            "target.ecs_parameters",
            "target.ecs_parameters.network_configuration",
            "target.ecs_parameters.capacity_provider_strategy",
            "target.ecs_parameters.placement_constraints",
            "target.ecs_parameters.placement_strategy",
            "target.retry_policy",
            "target.dead_letter_config",
        ],
    ),
    (
        "aws_service_discovery_service",
        &[
            "dns_config",
            "dns_config.dns_records",
            "health_check_config",
            "health_check_custom_config",
        ],
    ),
    (
        "aws_appautoscaling_policy",
        &[
            "target_tracking_scaling_policy_configuration",
            "target_tracking_scaling_policy_configuration.predefined_metric_specification",
            "target_tracking_scaling_policy_configuration.customized_metric_specification",
            "step_scaling_policy_configuration",
            "step_scaling_policy_configuration.step_adjustment",
        ],
    ),
    (
        "aws_appautoscaling_scheduled_action",
        &["scalable_target_action"],
    ),
    (
        "aws_eks_cluster",
        &[
            "vpc_config",
            "access_config",
            "kubernetes_network_config",
            "kubernetes_network_config.elastic_load_balancing",
            "encryption_config",
            "encryption_config.provider",
            "compute_config",
            "storage_config",
            "storage_config.block_storage",
            "remote_network_config",
            "upgrade_policy",
            "zonal_shift_config",
            "outpost_config",
        ],
    ),
    (
        "aws_eks_node_group",
        &[
            "scaling_config",
            "launch_template",
            "remote_access",
            "taint",
            "update_config",
            "node_repair_config",
        ],
    ),
    ("aws_eks_fargate_profile", &["selector"]),
    (
        "aws_iam_policy_document",
        &[
            "statement",
            "statement.principals",
            "statement.not_principals",
            "statement.condition",
        ],
    ),
    (
        "google_container_cluster",
        &[
            "node_config",
            "node_config.taint",
            "node_config.guest_accelerator",
            "node_config.shielded_instance_config",
            "node_config.workload_metadata_config",
            "node_config.kubelet_config",
            "node_config.gcfs_config",
            "node_pool",
            "node_pool.node_config",
            "node_pool.node_config.taint",
            "node_pool.node_config.shielded_instance_config",
            "node_pool.node_config.workload_metadata_config",
            "node_pool.autoscaling",
            "node_pool.management",
            "node_pool.upgrade_settings",
            "addons_config",
            "addons_config.http_load_balancing",
            "addons_config.horizontal_pod_autoscaling",
            "addons_config.network_policy_config",
            "addons_config.gce_persistent_disk_csi_driver_config",
            "addons_config.gcs_fuse_csi_driver_config",
            "addons_config.dns_cache_config",
            "ip_allocation_policy",
            "private_cluster_config",
            "master_authorized_networks_config",
            "master_authorized_networks_config.cidr_blocks",
            "workload_identity_config",
            "release_channel",
            "cluster_autoscaling",
            "cluster_autoscaling.resource_limits",
            "cluster_autoscaling.auto_provisioning_defaults",
            "maintenance_policy",
            "maintenance_policy.daily_maintenance_window",
            "maintenance_policy.recurring_window",
            "network_policy",
            "logging_config",
            "monitoring_config",
            "gateway_api_config",
            "dns_config",
            "vertical_pod_autoscaling",
            "binary_authorization",
            "database_encryption",
        ],
    ),
    (
        "google_container_node_pool",
        &[
            "node_config",
            "node_config.taint",
            "node_config.guest_accelerator",
            "node_config.shielded_instance_config",
            "node_config.workload_metadata_config",
            "node_config.kubelet_config",
            "node_config.gcfs_config",
            "autoscaling",
            "management",
            "upgrade_settings",
            "network_config",
            "placement_policy",
        ],
    ),
    (
        "google_compute_instance",
        &[
            "boot_disk",
            "boot_disk.initialize_params",
            "network_interface",
            "network_interface.access_config",
            "attached_disk",
            "service_account",
            "scheduling",
            "shielded_instance_config",
        ],
    ),
    (
        "google_compute_backend_service",
        &["backend", "iap", "log_config", "cdn_policy"],
    ),
    (
        "google_compute_region_backend_service",
        &["backend", "iap", "log_config"],
    ),
    (
        "google_compute_url_map",
        &[
            "host_rule",
            "path_matcher",
            "path_matcher.path_rule",
            "default_url_redirect",
        ],
    ),
    (
        "google_compute_region_url_map",
        &["host_rule", "path_matcher", "path_matcher.path_rule"],
    ),
    (
        "google_compute_health_check",
        &[
            "http_health_check",
            "https_health_check",
            "tcp_health_check",
            "http2_health_check",
        ],
    ),
    ("google_compute_firewall", &["allow", "deny", "log_config"]),
    ("google_compute_managed_ssl_certificate", &["managed"]),
    (
        "kubernetes_manifest",
        &["wait", "wait.condition", "field_manager", "timeouts"],
    ),
    (
        "helm_release",
        &["set", "set_sensitive", "set_list", "postrender"],
    ),
];

const LISTENER_BLOCKS: &[&str] = &[
    "default_action",
    "default_action.forward",
    "default_action.forward.target_group",
    "default_action.forward.stickiness",
    "default_action.redirect",
    "default_action.fixed_response",
    "default_action.authenticate_cognito",
    "default_action.authenticate_oidc",
    "mutual_authentication",
];

const LISTENER_RULE_BLOCKS: &[&str] = &[
    "action",
    "action.forward",
    "action.forward.target_group",
    "action.forward.stickiness",
    "action.redirect",
    "action.fixed_response",
    "action.authenticate_cognito",
    "action.authenticate_oidc",
    "condition",
    "condition.host_header",
    "condition.path_pattern",
    "condition.http_header",
    "condition.http_request_method",
    "condition.query_string",
    "condition.source_ip",
];

/// Nested blocks of the provider configurations whose settings tfmap follows (a
/// `kubernetes` provider names its cluster through `exec`, for instance).
const PROVIDER_BLOCKS: &[(&str, &[&str])] = &[
    ("kubernetes", &["exec"]),
    ("helm", &["kubernetes", "kubernetes.exec"]),
    (
        "aws",
        &["assume_role", "default_tags", "ignore_tags", "endpoints"],
    ),
    ("google", &["batching"]),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn place<'a>(top: &'a str, label: &'a str, path: &'a [String]) -> Place<'a> {
        Place { top, label, path }
    }

    #[test]
    fn table_blocks_and_arguments() {
        let none: Vec<String> = Vec::new();
        let service = place("resource", "aws_ecs_service", &none);
        assert_eq!(nested_block(&service, "load_balancer"), Some(0));
        assert_eq!(nested_block(&service, "network_configuration"), Some(0));
        assert_eq!(nested_block(&service, "tags"), None);
        assert_eq!(nested_block(&service, "lifecycle"), Some(0));
        assert_eq!(nested_block(&service, "dynamic"), Some(1));
        let unknown = place("resource", "aws_sqs_queue", &none);
        assert_eq!(nested_block(&unknown, "redrive_policy"), None);
        let pool = vec!["node_pool".to_string()];
        let gke = place("resource", "google_container_cluster", &pool);
        assert_eq!(nested_block(&gke, "node_config"), Some(0));
        assert_eq!(nested_block(&gke, "lifecycle"), None);
    }

    #[test]
    fn kubernetes_resources_are_blocks_but_their_maps() {
        let none: Vec<String> = Vec::new();
        let metadata = vec!["metadata".to_string()];
        let spec = vec!["spec".to_string()];
        let deployment = place("resource", "kubernetes_deployment_v1", &none);
        assert_eq!(nested_block(&deployment, "spec"), Some(0));
        let in_metadata = place("resource", "kubernetes_deployment_v1", &metadata);
        assert_eq!(nested_block(&in_metadata, "labels"), None);
        let deployment_spec = place("resource", "kubernetes_deployment_v1", &spec);
        assert_eq!(nested_block(&deployment_spec, "selector"), Some(0));
        let service_spec = place("resource", "kubernetes_service_v1", &spec);
        assert_eq!(nested_block(&service_spec, "selector"), None);
        let manifest = place("resource", "kubernetes_manifest", &none);
        assert_eq!(nested_block(&manifest, "manifest"), None);
    }

    #[test]
    fn readings_follow_the_json_syntax_exceptions() {
        let none: Vec<String> = Vec::new();
        let lifecycle = vec!["lifecycle".to_string()];
        assert_eq!(
            reading(&place("variable", "", &none), "default"),
            Reading::Literal
        );
        assert_eq!(
            reading(&place("variable", "", &none), "type"),
            Reading::TypeConstraint
        );
        assert_eq!(
            reading(&place("resource", "aws_lb", &none), "depends_on"),
            Reading::References
        );
        assert_eq!(
            reading(&place("resource", "aws_lb", &lifecycle), "ignore_changes"),
            Reading::References
        );
        assert_eq!(
            reading(&place("resource", "aws_lb", &none), "name"),
            Reading::Expression
        );
        assert_eq!(
            reading(&place("module", "", &none), "source"),
            Reading::Literal
        );
        assert_eq!(
            reading(&place("terraform", "", &none), "required_version"),
            Reading::Literal
        );
    }
}
