use super::{Context, Rule};
use crate::analysis::Finding;
use crate::kubernetes::fargate;
use crate::kubernetes::quantity::{cpu_millis, memory_bytes};
use tfmap_core::Severity;
use tfmap_core::Value;

pub const RULE: Rule = Rule {
    id: "TFM004",
    name: "eks-fargate-limits",
    severity: Severity::Warning,
    summary: "A workload an EKS Fargate profile selects cannot run on Fargate: a DaemonSet, a privileged, host-network, host-port or GPU Pod, or a Pod larger than the largest Fargate size.",
    documentation: r#"
## What it does
For each `aws_eks_fargate_profile` (and each entry of the `fargate_profiles` input of a
terraform-aws-modules/eks call that was not downloaded), takes the workloads of its cluster
whose Pods its selectors match (namespace and labels, with the `*` and `?` wildcards EKS accepts) and flags:
a DaemonSet; a Pod that is privileged, uses `hostNetwork` or a `hostPort`, or asks for a GPU;
a Pod whose requests (the larger of the init containers and the sum of the app containers),
plus the 256 MB Fargate adds for its own components, exceed the largest Fargate size of
16 vCPU and 120 GB.

## Why it matters
Fargate runs one Pod per micro-VM: DaemonSets, privileged containers, host networking and
ports and GPUs are not supported, and a Pod above the largest size is never scheduled. The limit has grown over time: 4 vCPU and 30 GB (the figure
in older articles) is no longer the maximum.

## Example
```hcl
resource "aws_eks_fargate_profile" "apps" {
  selector { namespace = "apps" }   # a DaemonSet in "apps" will never run
}
```

## How to fix
Run node agents as sidecars, or keep DaemonSets in namespaces that EC2 nodes serve; give
Pods that need the host, privileges, a GPU or more than the largest size an EC2 node group
(a namespace or labels no profile selects).
"#,
    knowledge: &["3.2", "A4"],
    check,
};

const MAX_CPU_MILLIS: u64 = 16_000;
const MAX_MEMORY_BYTES: u64 = 120 * 1_073_741_824;
const OVERHEAD_BYTES: u64 = 256 * 1_048_576;

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

/// What Fargate refuses in a pod spec (3.2): privileged containers, host networking and
/// host ports, GPUs.
fn refused_features(pod: &Value) -> Vec<&'static str> {
    let mut refused = Vec::new();
    if pod.get("hostNetwork").and_then(Value::as_bool) == Some(true) {
        refused.push("hostNetwork");
    }
    let containers: Vec<&Value> = ["containers", "initContainers"]
        .iter()
        .filter_map(|key| pod.get(*key).and_then(Value::as_array))
        .flatten()
        .collect();
    let any = |test: &dyn Fn(&Value) -> bool| containers.iter().any(|c| test(c));
    if any(&|c| {
        c.pointer("/securityContext/privileged")
            .and_then(Value::as_bool)
            == Some(true)
    }) {
        refused.push("a privileged container");
    }
    if any(&|c| {
        c.get("ports")
            .and_then(Value::as_array)
            .is_some_and(|ports| {
                ports
                    .iter()
                    .any(|p| p.get("hostPort").is_some_and(|h| !h.is_null()))
            })
    }) {
        refused.push("a hostPort");
    }
    if any(&|c| {
        ["limits", "requests"].iter().any(|kind| {
            c.pointer(&format!("/resources/{kind}"))
                .and_then(Value::as_object)
                .is_some_and(|q| q.keys().any(|k| k.ends_with("/gpu")))
        })
    }) {
        refused.push("a GPU");
    }
    refused
}

fn check(context: &Context) -> Vec<Finding> {
    let analysis = context.analysis;
    let mut findings = Vec::new();
    for profile in fargate::profiles(analysis, context.resources) {
        for object in context.objects_on(&profile.cluster) {
            if !fargate::selects(&profile.selectors, object) {
                continue;
            }
            let namespace = object.namespace.as_deref().unwrap_or_default();
            let mut messages = Vec::new();
            if object.kind == "DaemonSet" {
                messages.push(format!(
                    "DaemonSet {} runs in namespace {namespace}, which Fargate profile {} selects: DaemonSets are not supported on Fargate",
                    object.name, profile.id
                ));
            }
            if let Some(pod) = object.pod_spec() {
                let refused = refused_features(pod);
                if !refused.is_empty() {
                    messages.push(format!(
                        "{} {} uses {} and runs on Fargate (profile {}), which does not support it: its Pods will not be scheduled",
                        object.kind,
                        object.name,
                        refused.join(", "),
                        profile.id
                    ));
                }
                let (cpu, memory) = pod_size(pod);
                let with_overhead = memory + OVERHEAD_BYTES;
                if object.kind != "DaemonSet"
                    && (cpu > MAX_CPU_MILLIS || with_overhead > MAX_MEMORY_BYTES)
                {
                    messages.push(format!(
                        "{} {} asks for {:.2} vCPU and {:.2} GB (with the 256 MB Fargate adds): more than the largest Fargate size of 16 vCPU and 120 GB, so it will not be scheduled by profile {}",
                        object.kind,
                        object.name,
                        cpu as f64 / 1000.0,
                        with_overhead as f64 / 1_073_741_824.0,
                        profile.id
                    ));
                }
            }
            for message in messages {
                findings.push(Finding {
                    rule: RULE.id,
                    severity: RULE.severity,
                    message,
                    subject: object.node.clone(),
                    location: Some(object.location.clone()),
                    knowledge: RULE.knowledge,
                });
            }
        }
    }
    findings
}
