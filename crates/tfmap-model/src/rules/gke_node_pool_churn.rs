use super::lifecycle::ignores_changes;
use super::{Context, Rule};
use crate::analysis::Finding;
use tfmap_core::Value;
use tfmap_loader::{Resource, ResourceKind, Severity};

pub const RULE: Rule = Rule {
    id: "TFM014",
    name: "gke-node-pool-churn",
    severity: Severity::Warning,
    summary: "A google_container_cluster declares its node pools inline (changing them recreates the cluster), or removes its default pool without a size for it.",
    documentation: r#"
## What it does
For each Standard `google_container_cluster` (not Autopilot):
- flags inline `node_pool` blocks (a warning), unless `lifecycle.ignore_changes` names
  `node_pool`: then the inline pool only shapes the default pool at creation, a pattern
  of the terraform-google-modules clusters;
- flags `remove_default_node_pool = true` without `initial_node_count` and without an
  inline pool to size the default pool (information).

A value tfmap cannot evaluate is not judged.

## Why it matters
Node pools written inside the cluster resource belong to it: adding or removing one
cannot be done without recreating the cluster, with every workload on it. With
`remove_default_node_pool = true`, GKE still creates the default pool and Terraform deletes
it right after: a brief extra cost and use of quota at creation, which the documented
pattern keeps small with `initial_node_count = 1`.

## Example
```hcl
resource "google_container_cluster" "main" {
  node_pool {            # part of the cluster: a new pool means a new cluster
    name = "general"
  }
}
```

## How to fix
Declare pools as `google_container_node_pool` resources, and create the cluster with
`remove_default_node_pool = true` and `initial_node_count = 1`.
"#,
    knowledge: &["H9", "G1"],
    check,
};

fn flag(cluster: &Resource, name: &str) -> Option<bool> {
    cluster.body.value(name).and_then(Value::as_bool)
}

fn check(context: &Context) -> Vec<Finding> {
    let mut findings = Vec::new();
    for cluster in context.resources.iter().filter(|r| {
        r.kind == ResourceKind::Managed && r.resource_type == "google_container_cluster"
    }) {
        // Autopilot has no pools of the user's; an unknown flag may mean Autopilot.
        match cluster.body.value("enable_autopilot") {
            None | Some(Value::Null) | Some(Value::Bool(false)) => {}
            Some(_) => continue,
        }
        let name = context
            .analysis
            .node(&cluster.id)
            .map_or(cluster.address.as_str(), |n| n.display_name());
        let mut finding = |severity: Severity, message: String| {
            findings.push(Finding {
                rule: RULE.id,
                severity,
                message,
                subject: cluster.id.clone(),
                location: Some(cluster.location.clone()),
                knowledge: RULE.knowledge,
            });
        };
        let inline = cluster.body.blocks_of("node_pool").count();
        // With `ignore_changes = [node_pool]` the inline pool only shapes the default pool
        // at creation (the terraform-google-modules pattern); changes to it recreate nothing.
        if inline > 0 && !ignores_changes(&cluster.body, "node_pool") {
            finding(
                Severity::Warning,
                format!(
                    "GKE cluster {name} declares {inline} node pool{} inline: adding or removing one recreates the cluster; declare them as google_container_node_pool resources",
                    if inline == 1 { "" } else { "s" }
                ),
            );
        }
        let no_initial_size = cluster
            .body
            .value("initial_node_count")
            .is_none_or(Value::is_null);
        // An inline pool is the default pool, sized by its own settings.
        if flag(cluster, "remove_default_node_pool") == Some(true) && no_initial_size && inline == 0
        {
            finding(
                Severity::Info,
                format!(
                    "GKE cluster {name} removes its default node pool but sets no initial_node_count: the default pool GKE still creates (and Terraform then deletes) is not sized by the code; the documented pattern sets initial_node_count = 1 to keep that brief extra cost and quota use small"
                ),
            );
        }
    }
    findings
}
