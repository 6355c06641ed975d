//! What the inputs of a cluster module that was not downloaded declare around the cluster:
//! the node groups and Fargate profiles of a terraform-aws-modules/eks call, the node pools
//! of a terraform-google-modules/kubernetes-engine call, and whether an Autopilot submodule
//! leaves the nodes to GKE. Only the call's documented inputs are read, never the module's
//! internals; an input whose entries are not known statically is reported, not guessed.

use crate::known_modules::{ClusterModule, cluster_module};
use crate::vocabulary::Platform;
use tfmap_core::Value;
use tfmap_loader::{Diagnostic, Resource, ResourceKind};

/// What one entry of a module input declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    ManagedNodeGroup,
    SelfManagedNodeGroup,
    FargateProfile,
    NodePool,
}

impl PartKind {
    /// The module input the entries come from.
    pub fn input(self) -> &'static str {
        match self {
            PartKind::ManagedNodeGroup => "eks_managed_node_groups",
            PartKind::SelfManagedNodeGroup => "self_managed_node_groups",
            PartKind::FargateProfile => "fargate_profiles",
            PartKind::NodePool => "node_pools",
        }
    }

    /// The first part of the implicit node's id (`node-group/<key>`).
    pub fn part(self) -> &'static str {
        match self {
            PartKind::ManagedNodeGroup => "node-group",
            PartKind::SelfManagedNodeGroup => "self-managed-node-group",
            PartKind::FargateProfile => "fargate-profile",
            PartKind::NodePool => "node-pool",
        }
    }
}

/// One node group, Fargate profile or node pool a module call declares.
#[derive(Debug, Clone, PartialEq)]
pub struct Part<'r> {
    pub kind: PartKind,
    /// The map key (EKS), or the pool's `name` (GKE, else its position).
    pub key: String,
    /// The entry as written: its settings.
    pub definition: &'r Value,
}

impl Part<'_> {
    /// The implicit node's part: `fargate-profile/system`.
    pub fn part_id(&self) -> String {
        format!("{}/{}", self.kind.part(), self.key)
    }

    /// The id of the implicit node drawn for this part of `module`.
    pub fn node_id(&self, module: &str) -> String {
        format!("implicit/{module}/{}", self.part_id())
    }

    /// Its name: the entry's `name`, else the key (as both modules fall back to it).
    pub fn name(&self) -> Value {
        self.definition
            .get("name")
            .filter(|n| n.is_string() || n.is_unknown())
            .cloned()
            .unwrap_or_else(|| Value::from(self.key.as_str()))
    }
}

/// What a cluster module call declares, and what could not be read.
#[derive(Debug, Default)]
pub struct Declared<'r> {
    pub parts: Vec<Part<'r>>,
    /// A GKE Autopilot submodule: GKE creates and sizes the nodes (G3).
    pub autopilot: bool,
    /// Inputs or entries left out, each with why (for a diagnostic).
    pub left_out: Vec<String>,
}

/// The cluster module `resource` calls, if it is a module call of one.
pub fn module_of(resource: &Resource) -> Option<ClusterModule> {
    (resource.kind == ResourceKind::Module)
        .then(|| resource.body.string("source"))
        .flatten()
        .and_then(cluster_module)
}

/// What a cluster module call declares from its inputs; `None` for any other resource.
pub fn declared(resource: &Resource) -> Option<Declared<'_>> {
    let module = module_of(resource)?;
    let mut declared = Declared {
        autopilot: module.autopilot,
        ..Declared::default()
    };
    if resource.body.value("create").and_then(Value::as_bool) == Some(false) {
        return Some(declared);
    }
    let inputs: &[PartKind] = match (module.platform, module.autopilot) {
        (Platform::Eks, _) => &[
            PartKind::ManagedNodeGroup,
            PartKind::SelfManagedNodeGroup,
            PartKind::FargateProfile,
        ],
        (Platform::Gke, false) => &[PartKind::NodePool],
        _ => &[],
    };
    for &kind in inputs {
        let Some(value) = resource.body.value(kind.input()).filter(|v| !v.is_null()) else {
            continue;
        };
        read_entries(kind, value, &mut declared);
    }
    Some(declared)
}

/// The entries of one input: a map by key (EKS) or a list of pools named by `name` (GKE).
fn read_entries<'r>(kind: PartKind, value: &'r Value, declared: &mut Declared<'r>) {
    let input = kind.input();
    let entries: Vec<(String, &Value)> = match value {
        Value::Object(map) => map.iter().map(|(k, v)| (k.clone(), v)).collect(),
        Value::Array(list) => list
            .iter()
            .enumerate()
            .map(|(i, entry)| {
                let key = entry
                    .get("name")
                    .and_then(Value::text)
                    .map_or_else(|| i.to_string(), |n| n.into_owned());
                (key, entry)
            })
            .collect(),
        _ => {
            declared
                .left_out
                .push(format!("{input} is not known statically"));
            return;
        }
    };
    for (key, definition) in entries {
        if definition.get("create").and_then(Value::as_bool) == Some(false) {
            declared
                .left_out
                .push(format!("{input}[{key:?}] sets create = false"));
            continue;
        }
        if kind == PartKind::FargateProfile && !selectors_known(definition) {
            declared.left_out.push(format!(
                "{input}[{key:?}] has selectors not known statically: the Pods they select are not told"
            ));
        }
        declared.parts.push(Part {
            kind,
            key,
            definition,
        });
    }
}

/// True when every selector of a Fargate profile entry can be read (none has an unknown
/// namespace or labels, and the list itself is known).
fn selectors_known(definition: &Value) -> bool {
    match definition.get("selectors") {
        None | Some(Value::Null) => true,
        Some(Value::Array(list)) => {
            crate::kubernetes::fargate::module_selectors(definition).len() == list.len()
        }
        Some(_) => false,
    }
}

/// One diagnostic per module call whose inputs tfmap could not fully read.
pub fn diagnostics(resource: &Resource, declared: &Declared) -> Option<Diagnostic> {
    (!declared.left_out.is_empty()).then(|| {
        Diagnostic::info(
            resource.location.clone(),
            format!(
                "{}: what its inputs declare is drawn in part: {}",
                resource.id,
                declared.left_out.join("; ")
            ),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tfmap_core::json;
    use tfmap_loader::{Attribute, Body, Location};

    fn call(source: &str, inputs: &[(&str, Value)]) -> Resource {
        let mut body = Body::default();
        for (name, value) in [("source", Value::from(source))]
            .into_iter()
            .chain(inputs.iter().map(|(n, v)| (*n, v.clone())))
        {
            body.attributes.insert(
                name.to_string(),
                Attribute {
                    value,
                    location: Location::new("m.tf".into(), 1, 1),
                },
            );
        }
        Resource {
            id: "module.cluster".into(),
            address: "module.cluster".into(),
            root: ".".into(),
            kind: ResourceKind::Module,
            resource_type: "module".into(),
            name: "cluster".into(),
            module: String::new(),
            location: Location::new("m.tf".into(), 1, 1),
            body,
            references: Vec::new(),
            provider: None,
            provider_config: None,
            repetition: Vec::new(),
        }
    }

    fn keys(declared: &Declared) -> Vec<String> {
        declared.parts.iter().map(Part::part_id).collect()
    }

    #[test]
    fn eks_module_node_groups_and_profiles_are_read_by_key() {
        let resource = call(
            "terraform-aws-modules/eks/aws",
            &[
                (
                    "eks_managed_node_groups",
                    json!({"general": {"instance_types": ["m6i.large"]}, "off": {"create": false}}),
                ),
                ("self_managed_node_groups", json!({"bottlerocket": {}})),
                (
                    "fargate_profiles",
                    json!({"system": {"name": "kube-system", "selectors": [{"namespace": "kube-system"}]}}),
                ),
            ],
        );
        let declared = declared(&resource).unwrap();
        assert_eq!(
            keys(&declared),
            [
                "node-group/general",
                "self-managed-node-group/bottlerocket",
                "fargate-profile/system"
            ]
        );
        assert_eq!(declared.parts[2].name(), "kube-system");
        assert_eq!(declared.parts[0].name(), "general");
        assert_eq!(
            declared.left_out,
            ["eks_managed_node_groups[\"off\"] sets create = false"]
        );
        assert!(diagnostics(&resource, &declared).is_some());
    }

    #[test]
    fn a_profile_whose_selector_is_unknown_is_drawn_and_reported() {
        let profiles = json!({"batch": {"selectors": [{"namespace": "jobs"}]}});
        let mut unknown_namespace = profiles.clone();
        let namespace = unknown_namespace
            .get_mut("batch")
            .and_then(|p| p.get_mut("selectors"))
            .and_then(|s| s.get_mut(0))
            .and_then(|s| s.get_mut("namespace"))
            .unwrap();
        *namespace = Value::unknown("var.batch_namespace");
        let known = call(
            "terraform-aws-modules/eks/aws",
            &[("fargate_profiles", profiles)],
        );
        assert!(declared(&known).unwrap().left_out.is_empty());
        let unknown = call(
            "terraform-aws-modules/eks/aws",
            &[("fargate_profiles", unknown_namespace)],
        );
        let declared = declared(&unknown).unwrap();
        assert_eq!(keys(&declared), ["fargate-profile/batch"]);
        assert_eq!(
            declared.left_out,
            [
                "fargate_profiles[\"batch\"] has selectors not known statically: the Pods they select are not told"
            ]
        );
    }

    #[test]
    fn an_input_not_known_statically_is_reported_not_guessed() {
        let unknown = Value::unknown("var.node_groups");
        let resource = call(
            "terraform-aws-modules/eks/aws",
            &[("eks_managed_node_groups", unknown)],
        );
        let declared = declared(&resource).unwrap();
        assert!(declared.parts.is_empty());
        assert_eq!(
            declared.left_out,
            ["eks_managed_node_groups is not known statically"]
        );
    }

    #[test]
    fn gke_pools_are_named_and_autopilot_declares_none() {
        let pools =
            json!([{"name": "general", "machine_type": "e2-standard-4"}, {"machine_type": "n2"}]);
        let standard = call(
            "terraform-google-modules/kubernetes-engine/google//modules/private-cluster",
            &[("node_pools", pools.clone())],
        );
        let declared_standard = declared(&standard).unwrap();
        assert_eq!(
            keys(&declared_standard),
            ["node-pool/general", "node-pool/1"]
        );
        assert!(!declared_standard.autopilot);
        let autopilot = call(
            "terraform-google-modules/kubernetes-engine/google//modules/beta-autopilot-private-cluster",
            &[("node_pools", pools)],
        );
        let declared_autopilot = declared(&autopilot).unwrap();
        assert!(declared_autopilot.autopilot);
        assert!(declared_autopilot.parts.is_empty());
    }

    #[test]
    fn a_module_that_creates_nothing_or_is_no_cluster_declares_nothing() {
        let off = call(
            "terraform-aws-modules/eks/aws",
            &[
                ("create", Value::from(false)),
                ("eks_managed_node_groups", json!({"a": {}})),
            ],
        );
        assert!(declared(&off).unwrap().parts.is_empty());
        let vpc = call(
            "terraform-aws-modules/vpc/aws",
            &[("eks_managed_node_groups", json!({"a": {}}))],
        );
        assert!(declared(&vpc).is_none());
    }
}
