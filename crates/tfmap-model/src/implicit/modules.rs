//! The node groups, Fargate profiles and node pools a cluster module call that was not
//! downloaded declares through its inputs (`cluster_modules`), drawn as nodes the module
//! creates around its cluster, and the nodes GKE manages for an Autopilot submodule (G3).
//! They are declared by the module's code, which tfmap cannot read: what the call's inputs
//! say is all that is shown.

use super::{Implicit, Spec, attributes};
use crate::analysis::Node;
use crate::cluster_modules::{self, Part, PartKind};
use tfmap_core::Value;
use tfmap_loader::Resource;

/// Draws what `resource`, a cluster module call, declares; reports what it could not read.
pub fn cluster_module(implicit: &mut Implicit, cluster: &Node, resource: &Resource) {
    let Some(declared) = cluster_modules::declared(resource) else {
        return;
    };
    if declared.autopilot {
        super::platform::autopilot_nodes(implicit, cluster);
    }
    let source = resource.body.string("source").unwrap_or("the module");
    for part in &declared.parts {
        draw(implicit, cluster, source, part);
    }
    implicit
        .diagnostics
        .extend(cluster_modules::diagnostics(resource, &declared));
}

fn draw(implicit: &mut Implicit, cluster: &Node, source: &str, part: &Part) {
    let (resource_type, what, knowledge, settings): (_, _, _, &[&str]) = match part.kind {
        PartKind::ManagedNodeGroup => (
            "aws_eks_node_group",
            "EKS managed node group",
            "A3",
            &[
                "instance_types",
                "ami_type",
                "capacity_type",
                "min_size",
                "max_size",
                "desired_size",
            ],
        ),
        PartKind::SelfManagedNodeGroup => (
            "aws_autoscaling_group",
            "self-managed node group (an EC2 Auto Scaling group)",
            "4",
            &[
                "instance_type",
                "ami_type",
                "min_size",
                "max_size",
                "desired_size",
            ],
        ),
        PartKind::FargateProfile => ("aws_eks_fargate_profile", "Fargate profile", "A4", &[]),
        PartKind::NodePool => (
            "google_container_node_pool",
            "node pool",
            "4",
            &[
                "machine_type",
                "min_count",
                "max_count",
                "node_count",
                "autoscaling",
                "spot",
                "preemptible",
            ],
        ),
    };
    let mut found = attributes([("name", Some(part.name()))]);
    for key in settings {
        if let Some(value) = part.definition.get(*key).filter(|v| !v.is_null()) {
            found.insert((*key).to_string(), value.clone());
        }
    }
    if part.kind == PartKind::FargateProfile {
        let namespaces: Vec<Value> = crate::kubernetes::fargate::module_selectors(part.definition)
            .iter()
            .map(|s| Value::from(s.namespace()))
            .collect();
        found.insert("selector.namespace".to_string(), Value::Array(namespaces));
    }
    let input = part.kind.input();
    let created_by = format!("{source} (module not downloaded), from its {input} input");
    let lifecycle = format!(
        "declared by {}: in Terraform state inside the module, created and deleted with the call's {input} entry",
        cluster.id
    );
    let name = part.name();
    let name = name.text().unwrap_or_default();
    implicit.create(
        cluster,
        Spec {
            part: part.part_id(),
            resource_type,
            created_by: &created_by,
            lifecycle: &lifecycle,
            reason: format!(
                "{what} {name:?} that {} declares for its cluster ({input}[{:?}])",
                cluster.id, part.key
            ),
            knowledge,
            attributes: found,
        },
    );
}
