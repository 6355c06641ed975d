use super::{Context, Rule};
use crate::analysis::Finding;
use crate::kubernetes::KubeObject;
use crate::kubernetes::quantity::{cpu_millis, memory_bytes};
use crate::vocabulary::EdgeKind;
use tfmap_core::Value;
use tfmap_loader::{Body, Severity};

pub const RULE: Rule = Rule {
    id: "TFM004",
    name: "eks-fargate-limits",
    severity: Severity::Warning,
    summary: "A workload in a namespace an EKS Fargate profile selects cannot run on Fargate: a DaemonSet, or a Pod larger than the largest Fargate size.",
    documentation: r#"
## What it does
For each `aws_eks_fargate_profile`, takes the namespaces (and labels) its selectors match and
checks the workloads of its cluster there: a DaemonSet is flagged, and so is a Pod whose
requests (the larger of the init containers and the sum of the app containers), plus the
256 MB Fargate adds for its own components, exceed the largest Fargate size of 16 vCPU and
120 GB.

## Why it matters
Fargate runs one Pod per micro-VM: DaemonSets are not supported, and a Pod above the
largest size is never scheduled. The limit has grown over time: 4 vCPU and 30 GB (the figure
in older articles) is no longer the maximum.

## Example
```hcl
resource "aws_eks_fargate_profile" "apps" {
  selector { namespace = "apps" }   # a DaemonSet in "apps" will never run
}
```

## How to fix
Run node agents as sidecars, or keep DaemonSets in namespaces that EC2 nodes serve; split
oversized Pods or give them an EC2 node group.
"#,
    knowledge: &["3.2", "A4"],
    check,
};

const MAX_CPU_MILLIS: u64 = 16_000;
const MAX_MEMORY_BYTES: u64 = 120 * 1_073_741_824;
const OVERHEAD_BYTES: u64 = 256 * 1_048_576;

/// Namespaces and labels a profile selects.
fn selectors(body: &Body) -> Vec<(String, tfmap_core::Map)> {
    body.blocks_of("selector")
        .filter_map(|b| {
            let namespace = b.body.string("namespace")?.to_string();
            let labels = b
                .body
                .value("labels")
                .and_then(Value::as_object)
                .cloned()
                .unwrap_or_default();
            Some((namespace, labels))
        })
        .collect()
}

fn pod_labels(object: &KubeObject) -> Option<&tfmap_core::Map> {
    object
        .pod_template()?
        .get("metadata")?
        .get("labels")?
        .as_object()
}

/// Requests of a pod spec (limits where a request is missing): (millicores, bytes).
fn pod_size(pod: &Value) -> (u64, u64) {
    let container_size = |c: &Value| {
        let resources = c.get("resources");
        let pick = |key: &str| {
            resources.and_then(|r| {
                r.get("requests")
                    .and_then(|q| q.get(key))
                    .or_else(|| r.get("limits").and_then(|q| q.get(key)))
            })
        };
        (
            pick("cpu").and_then(cpu_millis).unwrap_or(0),
            pick("memory").and_then(memory_bytes).unwrap_or(0),
        )
    };
    let list = |key: &str| {
        pod.get(key)
            .and_then(Value::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let apps = list("containers")
        .iter()
        .map(container_size)
        .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
    let init = list("initContainers")
        .iter()
        .map(container_size)
        .fold((0, 0), |a, b| (a.0.max(b.0), a.1.max(b.1)));
    (apps.0.max(init.0), apps.1.max(init.1))
}

fn check(context: &Context) -> Vec<Finding> {
    let analysis = context.analysis;
    let mut findings = Vec::new();
    for profile in analysis
        .nodes
        .iter()
        .filter(|n| n.resource_type == "aws_eks_fargate_profile")
    {
        let Some(resource) = context.resource(&profile.id) else {
            continue;
        };
        let Some(cluster) = analysis
            .edges_from(&profile.id, &[EdgeKind::AttachedTo])
            .map(|e| e.to.clone())
            .next()
        else {
            continue;
        };
        let selected = selectors(&resource.body);
        for object in context.objects_on(&cluster) {
            let Some(namespace) = object.namespace.as_deref() else {
                continue;
            };
            let matched = selected.iter().any(|(ns, labels)| {
                ns == namespace
                    && labels
                        .iter()
                        .all(|(k, v)| pod_labels(object).and_then(|l| l.get(k)) == Some(v))
            });
            if !matched {
                continue;
            }
            let message = if object.kind == "DaemonSet" {
                Some(format!(
                    "DaemonSet {} runs in namespace {namespace}, which Fargate profile {} selects: DaemonSets are not supported on Fargate",
                    object.name, profile.id
                ))
            } else {
                object.pod_spec().map(pod_size).and_then(|(cpu, memory)| {
                    let with_overhead = memory + OVERHEAD_BYTES;
                    (cpu > MAX_CPU_MILLIS || with_overhead > MAX_MEMORY_BYTES).then(|| {
                        format!(
                            "{} {} asks for {:.2} vCPU and {:.2} GB (with the 256 MB Fargate adds): more than the largest Fargate size of 16 vCPU and 120 GB, so it will not be scheduled by profile {}",
                            object.kind,
                            object.name,
                            cpu as f64 / 1000.0,
                            with_overhead as f64 / 1_073_741_824.0,
                            profile.id
                        )
                    })
                })
            };
            if let Some(message) = message {
                findings.push(Finding {
                    rule: RULE.id,
                    severity: RULE.severity,
                    message,
                    subject: object.node.clone(),
                    location: Some(object.location.clone()),
                });
            }
        }
    }
    findings
}
