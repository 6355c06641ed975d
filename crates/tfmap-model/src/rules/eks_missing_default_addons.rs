use super::{Context, Rule};
use crate::analysis::{Finding, Node};
use crate::vocabulary::EdgeKind;
use tfmap_core::Severity;
use tfmap_core::Value;

pub const RULE: Rule = Rule {
    id: "TFM003",
    name: "eks-missing-default-addons",
    severity: Severity::Info,
    summary: "An EKS cluster lacks an add-on that GKE provides by default (metrics-server, cluster autoscaling, log shipping) and the code installs no replacement.",
    documentation: r#"
## What it does
For each EKS cluster that is not in EKS Auto Mode (an `aws_eks_cluster`, or a
terraform-aws-modules/eks call that was not downloaded), looks for what GKE runs without being
asked and EKS does not install: metrics-server (resource metrics for HorizontalPodAutoscalers
and `kubectl top`), a cluster autoscaler (Cluster Autoscaler or Karpenter), and a log shipper
(Fluent Bit, the CloudWatch observability add-on). It recognises them as `helm_release`
charts, `aws_eks_addon` add-ons, Deployments and DaemonSets of those names, the
`enable_*` inputs and `eks_addons` of an aws-ia/eks-blueprints-addons call, and the
`addons` (`cluster_addons`) of the EKS module call itself. A module call whose add-on map is
not known statically is not judged.

## Why it matters
Teams moving from GKE expect these to be there. Without metrics-server an HPA with CPU or
memory targets cannot scale (a warning when the cluster runs one); without an autoscaler the
node groups never grow for pending Pods; without a log shipper container logs stay on the
nodes.

## Example
```hcl
resource "aws_eks_cluster" "main" { name = "shop" }
# no helm_release "metrics-server", "cluster-autoscaler"/"karpenter", "aws-for-fluent-bit"
```

## How to fix
Install what the cluster needs, for example `helm_release` of `metrics-server`,
`karpenter` or `cluster-autoscaler`, and `aws_eks_addon` `amazon-cloudwatch-observability`;
or run the cluster in EKS Auto Mode, which builds in node autoscaling.
"#,
    knowledge: &["3.1", "K8"],
    check,
};

const METRICS: &[&str] = &["metrics-server"];
const AUTOSCALERS: &[&str] = &["cluster-autoscaler", "karpenter"];
const LOG_SHIPPERS: &[&str] = &[
    "fluent-bit",
    "fluentbit",
    "fluentd",
    "amazon-cloudwatch-observability",
    "cloudwatch-agent",
    "vector",
    "promtail",
    "datadog",
    "opentelemetry-collector",
];

/// True when the code installs something named like one of `names` on this cluster (or on
/// no cluster in particular).
fn installs(context: &Context, cluster: &str, names: &[&str]) -> bool {
    let analysis = context.analysis;
    analysis.nodes.iter().any(|node| {
        let text: Vec<&str> = match node.resource_type.as_str() {
            "helm_release" => ["chart", "name"]
                .iter()
                .filter_map(|k| node.attributes.get(*k).and_then(Value::as_str))
                .collect(),
            "aws_eks_addon" => node
                .attributes
                .get("addon_name")
                .and_then(Value::as_str)
                .into_iter()
                .collect(),
            _ if node
                .kubernetes
                .as_ref()
                .is_some_and(|k| matches!(k.kind.as_str(), "Deployment" | "DaemonSet")) =>
            {
                vec![node.name.as_str()]
            }
            // A cluster module's own add-ons are installed on that cluster only.
            _ if is_module_cluster(node) && node.id != cluster => Vec::new(),
            _ => crate::implicit::module_addons(node).collect(),
        };
        let named = text.iter().any(|t| names.iter().any(|n| t.contains(n)));
        let target = analysis
            .edges_from(&node.id, &[EdgeKind::RunsOn, EdgeKind::AttachedTo])
            .map(|e| e.to.as_str())
            .next();
        named && (target.is_none() || target == Some(cluster))
    })
}

/// An EKS cluster built by a terraform-aws-modules/eks call that was not downloaded.
fn is_module_cluster(node: &Node) -> bool {
    node.mode == crate::Mode::Module
        && node.role == crate::Role::Cluster
        && node.platform == crate::Platform::Eks
}

/// Auto Mode: `compute_config { enabled = true }` on the cluster, or the EKS module's
/// `compute_config` (`cluster_compute_config` before v21) input with `enabled = true`.
fn auto_mode(context: &Context, cluster: &Node) -> bool {
    let Some(resource) = context.resource(&cluster.id) else {
        return false;
    };
    let enabled = if is_module_cluster(cluster) {
        ["compute_config", "cluster_compute_config"]
            .iter()
            .find_map(|input| resource.body.value(input).filter(|v| !v.is_null()))
            .and_then(|config| config.get("enabled"))
    } else {
        resource
            .body
            .block("compute_config")
            .and_then(|b| b.body.value("enabled"))
    };
    enabled.and_then(Value::as_bool) == Some(true)
}

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for cluster in context.analysis.nodes.iter().filter(|n| {
        (n.resource_type == "aws_eks_cluster" && n.mode == crate::Mode::Managed)
            || is_module_cluster(n)
    }) {
        // Auto Mode builds in autoscaling; its other defaults are not verified, so no finding.
        // A module whose add-on map is not known statically may install anything.
        let addons_unknown = cluster
            .attributes
            .get("addons")
            .is_some_and(Value::is_unknown);
        if auto_mode(context, cluster) || addons_unknown {
            continue;
        }
        let mut finding =
            |severity: Severity, message: String, knowledge: &'static [&'static str]| {
                findings.push(Finding {
                    rule: RULE.id,
                    severity,
                    message,
                    subject: cluster.id.clone(),
                    location: cluster.location.clone(),
                    knowledge,
                });
            };
        let name = cluster.display_name();
        if !installs(context, &cluster.id, METRICS) {
            let hpas: Vec<String> = context
                .objects_on(&cluster.id)
                .filter(|o| o.kind == "HorizontalPodAutoscaler")
                .map(|o| o.name.clone())
                .collect();
            if hpas.is_empty() {
                finding(
                    Severity::Info,
                    format!(
                        "EKS cluster {name} has no metrics-server (GKE provides resource metrics by default): `kubectl top` and CPU/memory autoscaling will not work"
                    ),
                    &["3.1", "K8"],
                );
            } else {
                finding(
                    Severity::Warning,
                    format!(
                        "EKS cluster {name} has no metrics-server, which EKS does not install: HorizontalPodAutoscaler {} cannot read CPU or memory and will not scale",
                        hpas.join(", ")
                    ),
                    &["3.1", "K8"],
                );
            }
        }
        if !installs(context, &cluster.id, AUTOSCALERS) {
            finding(
                Severity::Info,
                format!(
                    "EKS cluster {name} has no Cluster Autoscaler or Karpenter (GKE node pools autoscale with a built-in autoscaler): nodes will not be added for pending Pods"
                ),
                &["3.1"],
            );
        }
        if !installs(context, &cluster.id, LOG_SHIPPERS) {
            finding(
                Severity::Info,
                format!(
                    "EKS cluster {name} ships no container logs (GKE sends them to Cloud Logging by default): no Fluent Bit or CloudWatch observability add-on is installed"
                ),
                &["3.1"],
            );
        }
    }
    findings
}
