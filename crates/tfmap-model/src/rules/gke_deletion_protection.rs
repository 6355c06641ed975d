use super::{Context, Rule};
use crate::analysis::Finding;
use tfmap_core::Value;
use tfmap_loader::{ResourceKind, Severity};

pub const RULE: Rule = Rule {
    id: "TFM007",
    name: "gke-deletion-protection",
    severity: Severity::Info,
    summary: "A google_container_cluster leaves deletion_protection at its default (true since google provider 5.0), so `terraform destroy` fails on it.",
    documentation: r#"
## What it does
Flags each `google_container_cluster` resource that does not set `deletion_protection`.
A cluster that sets it (to `true` or `false`), or sets it to a value tfmap cannot evaluate
(a variable without a default, a module input), is not reported. Module calls that build
clusters are not judged: their own inputs decide.

## Why it matters
Since version 5.0 of the google provider, `deletion_protection` defaults to `true`. The
flag lives in Terraform, not in GKE: `terraform destroy`, or any change that replaces the
cluster, fails until `deletion_protection = false` is written *and applied* first. This
surprises teams whose test or preview environments are created and destroyed by a
pipeline. A production cluster may well want the protection; then say so explicitly.

## Example
```hcl
resource "google_container_cluster" "preview" {
  name     = "preview"
  location = "europe-west1"
  # deletion_protection not set: true on google provider 5.0 and later
}
```

## How to fix
Write the choice down: `deletion_protection = false` for clusters a pipeline destroys,
`deletion_protection = true` for clusters that must not be deleted by accident. To destroy
a protected cluster, apply `deletion_protection = false` first, then destroy.
"#,
    knowledge: &["H10"],
    check,
};

fn check(context: &Context) -> Vec<Finding> {
    context
        .resources
        .iter()
        .filter(|r| r.kind == ResourceKind::Managed && r.resource_type == "google_container_cluster")
        .filter(|r| r.body.value("deletion_protection").is_none_or(Value::is_null))
        .map(|cluster| Finding {
            rule: RULE.id,
            severity: RULE.severity,
            message: format!(
                "GKE cluster {} does not set deletion_protection, which defaults to true on google provider 5.0 and later: `terraform destroy` fails until deletion_protection = false is applied",
                context
                    .analysis
                    .node(&cluster.id)
                    .map_or(cluster.address.as_str(), |n| n.display_name())
            ),
            subject: cluster.id.clone(),
            location: Some(cluster.location.clone()),
            knowledge: RULE.knowledge,
        })
        .collect()
}
