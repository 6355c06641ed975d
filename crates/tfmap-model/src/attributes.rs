//! The few attributes of each resource type that a reader needs to recognise it in a report
//! or a diagram. Never a secret: values such as `aws_ssm_parameter.value` are not listed.

use std::collections::BTreeMap;
use tfmap_core::Value;
use tfmap_loader::Body;

const DISPLAY: &[(&[&str], &[&str])] = &[
    (&["aws_ecs_cluster"], &["name"]),
    (
        &["aws_ecs_service"],
        &[
            "name",
            "desired_count",
            "launch_type",
            "scheduling_strategy",
        ],
    ),
    (
        &["aws_ecs_task_definition"],
        &[
            "family",
            "network_mode",
            "requires_compatibilities",
            "cpu",
            "memory",
        ],
    ),
    (
        &["aws_lb", "aws_alb"],
        &["name", "load_balancer_type", "internal"],
    ),
    (
        &["aws_lb_listener", "aws_alb_listener"],
        &["port", "protocol"],
    ),
    (
        &["aws_lb_listener_rule", "aws_alb_listener_rule"],
        &[
            "priority",
            "condition.path_pattern.values",
            "condition.host_header.values",
        ],
    ),
    (
        &["aws_lb_target_group", "aws_alb_target_group"],
        &["name", "port", "protocol", "target_type"],
    ),
    (
        &["aws_cloudwatch_event_rule"],
        &[
            "name",
            "schedule_expression",
            "event_pattern",
            "state",
            "is_enabled",
        ],
    ),
    (
        &["aws_cloudwatch_event_target"],
        &["ecs_target.launch_type", "ecs_target.task_count"],
    ),
    (
        &["aws_scheduler_schedule"],
        &[
            "name",
            "schedule_expression",
            "state",
            "target.ecs_parameters.launch_type",
            "target.ecs_parameters.task_count",
        ],
    ),
    (
        &["aws_autoscaling_group"],
        &["name", "min_size", "max_size", "desired_capacity"],
    ),
    (
        &["aws_launch_template"],
        &["name", "name_prefix", "instance_type"],
    ),
    (
        &["aws_launch_configuration", "aws_instance"],
        &["name", "instance_type"],
    ),
    (
        &["aws_ecs_capacity_provider"],
        &["name", "auto_scaling_group_provider.managed_scaling.status"],
    ),
    (
        &["aws_ecs_cluster_capacity_providers"],
        &["capacity_providers"],
    ),
    (
        &["aws_appautoscaling_target"],
        &["min_capacity", "max_capacity", "scalable_dimension"],
    ),
    (&["aws_appautoscaling_policy"], &["name", "policy_type"]),
    (&["aws_ssm_parameter"], &["name", "type"]),
    (&["aws_subnet"], &["cidr_block", "availability_zone"]),
    (&["aws_vpc"], &["cidr_block"]),
    (&["aws_acm_certificate"], &["domain_name"]),
    (&["module"], &["source", "version"]),
    (
        &["helm_release"],
        &["name", "chart", "repository", "version", "namespace"],
    ),
    (
        &["google_container_cluster"],
        &[
            "name",
            "location",
            "enable_autopilot",
            "remove_default_node_pool",
            "initial_node_count",
        ],
    ),
    (
        &["google_container_node_pool"],
        &[
            "name",
            "node_count",
            "autoscaling.min_node_count",
            "autoscaling.max_node_count",
            "node_config.machine_type",
        ],
    ),
    (&["aws_eks_cluster"], &["name", "version"]),
    (
        &["aws_eks_node_group"],
        &[
            "node_group_name",
            "instance_types",
            "scaling_config.min_size",
            "scaling_config.max_size",
            "scaling_config.desired_size",
        ],
    ),
    (
        &["aws_eks_fargate_profile"],
        &["fargate_profile_name", "selector.namespace"],
    ),
    (&["aws_eks_addon"], &["addon_name"]),
    (
        &["google_compute_global_address", "google_compute_address"],
        &["name", "address_type"],
    ),
];

/// The display attributes of a resource; `name` for types not listed.
pub fn display_attributes(resource_type: &str, body: &Body) -> BTreeMap<String, Value> {
    let paths: &[&str] = DISPLAY
        .iter()
        .find(|(types, _)| types.contains(&resource_type))
        .map_or(&["name"], |(_, paths)| paths);
    paths
        .iter()
        .filter_map(|path| lookup(body, path).map(|value| (path.to_string(), value.clone())))
        .collect()
}

/// The node pools a GKE cluster declares inline (`node_pool { … }` blocks): the pools it is
/// created with, by name, with their machine type and size where written.
pub fn inline_node_pools(body: &Body) -> Option<Value> {
    let pools: Vec<Value> = body
        .blocks_of("node_pool")
        .map(|pool| {
            let name = pool.body.value("name").and_then(Value::text);
            let mut parts = vec![name.map_or_else(|| "(unnamed)".to_string(), |n| n.into_owned())];
            let machine = pool
                .body
                .block("node_config")
                .and_then(|c| c.body.value("machine_type"))
                .and_then(Value::text);
            if let Some(machine) = machine {
                parts.push(machine.into_owned());
            }
            let size = ["node_count", "initial_node_count"]
                .iter()
                .find_map(|key| pool.body.value(key).filter(|v| v.is_number()));
            if let Some(size) = size {
                parts.push(format!("{size} nodes"));
            }
            if pool.body.block("autoscaling").is_some() {
                parts.push("autoscaling".to_string());
            }
            Value::from(parts.join(" · "))
        })
        .collect();
    (!pools.is_empty()).then_some(Value::Array(pools))
}

/// `asia-northeast1` is a region, `asia-northeast1-a` a zone (one more `-` part).
pub fn gke_location_type(location: &str) -> Option<&'static str> {
    match location.split('-').count() {
        2 => Some("regional (control plane and nodes across the region's zones)"),
        3 => Some("zonal (one zone)"),
        _ => None,
    }
}

/// `ecs_target.launch_type` is the attribute `launch_type` of the first `ecs_target` block.
pub fn lookup<'a>(body: &'a Body, path: &str) -> Option<&'a Value> {
    match path.split_once('.') {
        None => body.value(path).filter(|v| !v.is_null()),
        Some((block, rest)) => body
            .blocks
            .iter()
            .filter(|b| b.kind == block)
            .find_map(|b| lookup(&b.body, rest)),
    }
}

/// The attributes that identify a Kubernetes object in a report.
pub fn kubernetes_attributes(kind: &str, object: &Value) -> BTreeMap<String, Value> {
    let get = |path: &[&str]| {
        path.iter()
            .try_fold(object, |v, key| v.get(key))
            .filter(|v| !v.is_null())
            .cloned()
    };
    let images = |pod: Option<&Value>| -> Option<Value> {
        let containers = pod?.get("containers")?.as_array()?;
        let images: Vec<Value> = containers
            .iter()
            .filter_map(|c| c.get("image").cloned())
            .collect();
        (!images.is_empty()).then_some(Value::Array(images))
    };
    let pairs: Vec<(&str, Option<Value>)> = match kind {
        "Deployment" | "StatefulSet" | "ReplicaSet" => vec![
            ("replicas", get(&["spec", "replicas"])),
            (
                "images",
                images(
                    object
                        .get("spec")
                        .and_then(|s| s.get("template"))
                        .and_then(|t| t.get("spec")),
                ),
            ),
        ],
        "DaemonSet" | "Job" => vec![(
            "images",
            images(
                object
                    .get("spec")
                    .and_then(|s| s.get("template"))
                    .and_then(|t| t.get("spec")),
            ),
        )],
        "CronJob" => vec![
            ("schedule", get(&["spec", "schedule"])),
            (
                "images",
                images(object.pointer("/spec/jobTemplate/spec/template/spec")),
            ),
        ],
        "Service" => vec![
            (
                "type",
                get(&["spec", "type"]).or(Some(Value::from("ClusterIP"))),
            ),
            ("loadBalancerClass", get(&["spec", "loadBalancerClass"])),
        ],
        "Ingress" => vec![
            ("ingressClassName", get(&["spec", "ingressClassName"])),
            (
                "class annotation",
                get(&["metadata", "annotations", "kubernetes.io/ingress.class"]),
            ),
        ],
        "HorizontalPodAutoscaler" => vec![
            ("minReplicas", get(&["spec", "minReplicas"])),
            ("maxReplicas", get(&["spec", "maxReplicas"])),
        ],
        "ManagedCertificate" => vec![("domains", get(&["spec", "domains"]))],
        "IngressClass" => vec![("controller", get(&["spec", "controller"]))],
        _ => Vec::new(),
    };
    pairs
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_string(), v?)))
        .collect()
}
