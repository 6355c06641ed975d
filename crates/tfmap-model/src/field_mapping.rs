//! Container definition ↔ PodSpec, field by field, with the user's values (knowledge base
//! section 5, seed 003). Plain environment values are never shown, only their names: people
//! do put secrets there.

use crate::analysis::Analysis;
use crate::kubernetes::KubeObject;
use tfmap_core::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    Exact,
    Approximate,
    None,
}

impl Fit {
    pub fn as_str(self) -> &'static str {
        match self {
            Fit::Exact => "exact",
            Fit::Approximate => "approx.",
            Fit::None => "no counterpart",
        }
    }
}

#[derive(Debug, Clone)]
pub struct FieldRow {
    pub source: &'static str,
    pub target: &'static str,
    pub fit: Fit,
    pub value: String,
    pub note: &'static str,
}

#[derive(Debug, Clone)]
pub struct ContainerMapping {
    /// The task definition or workload node.
    pub owner: String,
    pub container: String,
    /// `ecs-to-kubernetes` or `kubernetes-to-ecs`.
    pub direction: &'static str,
    pub rows: Vec<FieldRow>,
}

/// ECS field, PodSpec field, fit, note.
const ECS_TO_POD: [(&str, &str, Fit, &str); 30] = [
    ("name", "name", Fit::Exact, ""),
    ("image", "image", Fit::Exact, ""),
    (
        "command",
        "args",
        Fit::Exact,
        "ECS command is Docker CMD, like Kubernetes args",
    ),
    (
        "entryPoint",
        "command",
        Fit::Exact,
        "ECS entryPoint is Docker ENTRYPOINT, like Kubernetes command",
    ),
    ("workingDirectory", "workingDir", Fit::Exact, ""),
    ("environment", "env", Fit::Exact, "names only"),
    (
        "environmentFiles",
        "envFrom[].configMapRef",
        Fit::Approximate,
        "S3 files become ConfigMap data",
    ),
    (
        "secrets",
        "env[].valueFrom.secretKeyRef",
        Fit::Approximate,
        "needs a Secret object (or a CSI / External Secrets sync)",
    ),
    ("portMappings", "ports", Fit::Exact, ""),
    (
        "healthCheck",
        "livenessProbe",
        Fit::Approximate,
        "ECS replaces the task, Kubernetes restarts the container; defaults differ (30 s vs 10 s period)",
    ),
    (
        "cpu",
        "resources.requests.cpu",
        Fit::Approximate,
        "CPU units / 1024; a relative share on ECS, so requests, not limits",
    ),
    (
        "memory",
        "resources.limits.memory",
        Fit::Exact,
        "MiB; also the request when memoryReservation is absent",
    ),
    (
        "memoryReservation",
        "resources.requests.memory",
        Fit::Exact,
        "MiB",
    ),
    (
        "mountPoints",
        "volumeMounts",
        Fit::Exact,
        "task volumes become spec.volumes",
    ),
    (
        "privileged",
        "securityContext.privileged",
        Fit::Exact,
        "not on Fargate",
    ),
    (
        "user",
        "securityContext.runAsUser",
        Fit::Approximate,
        "numeric ids only in Kubernetes",
    ),
    (
        "readonlyRootFilesystem",
        "securityContext.readOnlyRootFilesystem",
        Fit::Exact,
        "",
    ),
    (
        "linuxParameters",
        "securityContext.capabilities / emptyDir",
        Fit::Approximate,
        "capabilities map exactly; shared memory and tmpfs become emptyDir volumes",
    ),
    (
        "stopTimeout",
        "spec.terminationGracePeriodSeconds",
        Fit::Approximate,
        "per container in ECS, per Pod in Kubernetes",
    ),
    (
        "dependsOn",
        "initContainers / sidecars",
        Fit::Approximate,
        "",
    ),
    (
        "dockerLabels",
        "metadata.labels / annotations",
        Fit::Approximate,
        "",
    ),
    ("interactive", "stdin", Fit::Exact, ""),
    ("pseudoTerminal", "tty", Fit::Exact, ""),
    (
        "essential",
        "(none)",
        Fit::None,
        "Kubernetes has no 'stop the Pod when this container exits'",
    ),
    (
        "logConfiguration",
        "(none)",
        Fit::None,
        "Kubernetes logs stdout; shipping is a node agent",
    ),
    (
        "startTimeout",
        "(none)",
        Fit::None,
        "it bounds dependency resolution in ECS",
    ),
    (
        "ulimits",
        "(none)",
        Fit::None,
        "node or runtime configuration",
    ),
    (
        "links",
        "(none)",
        Fit::None,
        "containers of a Pod share localhost",
    ),
    (
        "volumesFrom",
        "(none)",
        Fit::None,
        "share a volume in spec.volumes instead",
    ),
    (
        "firelensConfiguration",
        "(none)",
        Fit::None,
        "a DaemonSet log agent instead",
    ),
];

/// PodSpec field (relative to the container unless it starts with `spec.`), ECS field, fit, note.
const POD_TO_ECS: [(&str, &str, Fit, &str); 15] = [
    ("name", "name", Fit::Exact, ""),
    ("image", "image", Fit::Exact, ""),
    ("command", "entryPoint", Fit::Exact, ""),
    ("args", "command", Fit::Exact, ""),
    ("workingDir", "workingDirectory", Fit::Exact, ""),
    (
        "env",
        "environment / secrets",
        Fit::Approximate,
        "secretKeyRef values must move to Secrets Manager or SSM",
    ),
    (
        "envFrom",
        "environmentFiles / secrets",
        Fit::Approximate,
        "",
    ),
    ("ports", "portMappings", Fit::Exact, ""),
    (
        "livenessProbe",
        "healthCheck",
        Fit::Approximate,
        "only exec probes map directly",
    ),
    (
        "readinessProbe",
        "(none)",
        Fit::None,
        "the target group health check plays that role",
    ),
    (
        "startupProbe",
        "healthCheck.startPeriod",
        Fit::Approximate,
        "",
    ),
    (
        "resources",
        "cpu / memory / memoryReservation",
        Fit::Approximate,
        "cpu × 1024 units; limits.memory → memory, requests.memory → memoryReservation",
    ),
    ("volumeMounts", "mountPoints", Fit::Exact, ""),
    (
        "securityContext",
        "user / privileged / readonlyRootFilesystem / linuxParameters",
        Fit::Approximate,
        "",
    ),
    ("stdin", "interactive", Fit::Exact, ""),
];

fn short(value: &Value) -> String {
    let text = value
        .text()
        .map_or_else(|| value.to_string(), std::borrow::Cow::into_owned);
    if text.chars().count() > 80 {
        format!("{}…", text.chars().take(80).collect::<String>())
    } else {
        text
    }
}

fn names(value: &Value, key: &str) -> String {
    value.as_array().map_or_else(String::new, |items| {
        items
            .iter()
            .filter_map(|i| i.get(key).and_then(Value::text))
            .collect::<Vec<_>>()
            .join(", ")
    })
}

/// The value shown for an ECS field.
fn ecs_value(field: &str, value: &Value) -> String {
    match field {
        "environment" => names(value, "name"),
        "secrets" => value.as_array().map_or_else(String::new, |items| {
            items
                .iter()
                .filter_map(|i| {
                    Some(format!(
                        "{} ← {}",
                        i.get("name")?.text()?,
                        i.get("valueFrom")?.text()?
                    ))
                })
                .collect::<Vec<_>>()
                .join(", ")
        }),
        "portMappings" => value.as_array().map_or_else(String::new, |items| {
            items
                .iter()
                .filter_map(|i| i.get("containerPort"))
                .map(short)
                .collect::<Vec<_>>()
                .join(", ")
        }),
        "cpu" => match value.as_f64() {
            Some(units) => format!("{units} units → {} CPU", units / 1024.0),
            None => short(value),
        },
        "mountPoints" => names(value, "containerPath"),
        _ => short(value),
    }
}

/// The value shown for a Kubernetes container field.
fn pod_value(field: &str, value: &Value) -> String {
    match field {
        "env" => names(value, "name"),
        "ports" => value.as_array().map_or_else(String::new, |items| {
            items
                .iter()
                .filter_map(|i| i.get("containerPort"))
                .map(short)
                .collect::<Vec<_>>()
                .join(", ")
        }),
        "volumeMounts" => names(value, "mountPath"),
        _ => short(value),
    }
}

pub fn container_mappings(analysis: &Analysis) -> Vec<ContainerMapping> {
    let objects: &[KubeObject] = &analysis.objects;
    let mut mappings = Vec::new();
    for node in analysis.nodes.iter().filter(|n| !n.containers.is_empty()) {
        for container in &node.containers {
            let rows = ECS_TO_POD
                .iter()
                .filter_map(|(source, target, fit, note)| {
                    let value = container.definition.get(*source).filter(|v| !v.is_null())?;
                    Some(FieldRow {
                        source,
                        target,
                        fit: *fit,
                        value: ecs_value(source, value),
                        note,
                    })
                })
                .collect();
            mappings.push(ContainerMapping {
                owner: node.id.clone(),
                container: container.name.clone(),
                direction: "ecs-to-kubernetes",
                rows,
            });
        }
    }
    for object in objects {
        let Some(pod) = object.pod_spec() else {
            continue;
        };
        for container in pod
            .get("containers")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let mut rows: Vec<FieldRow> = POD_TO_ECS
                .iter()
                .filter_map(|(source, target, fit, note)| {
                    let value = container.get(*source).filter(|v| !v.is_null())?;
                    Some(FieldRow {
                        source,
                        target,
                        fit: *fit,
                        value: pod_value(source, value),
                        note,
                    })
                })
                .collect();
            if let Some(grace) = pod.get("terminationGracePeriodSeconds") {
                rows.push(FieldRow {
                    source: "spec.terminationGracePeriodSeconds",
                    target: "stopTimeout",
                    fit: Fit::Approximate,
                    value: short(grace),
                    note: "Fargate allows at most 120 s",
                });
            }
            if let Some(account) = pod.get("serviceAccountName") {
                rows.push(FieldRow {
                    source: "spec.serviceAccountName",
                    target: "task_role_arn",
                    fit: Fit::Approximate,
                    value: short(account),
                    note: "the IAM binding moves to the task role",
                });
            }
            let name = container
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or("?")
                .to_string();
            mappings.push(ContainerMapping {
                owner: object.node.clone(),
                container: name,
                direction: "kubernetes-to-ecs",
                rows,
            });
        }
    }
    mappings
}
