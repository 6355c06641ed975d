//! The registry modules most container code is written with, recognised from their source
//! when `terraform init` has not run (so their code cannot be read): the platform and role
//! of what they declare, and its name from their inputs. Only the call's own inputs are
//! used; nothing about the module's internals is assumed beyond what its documented
//! interface says it creates.

use crate::vocabulary::{Platform, Role};
use std::collections::BTreeMap;
use tfmap_core::Value;
use tfmap_loader::Body;

/// What a recognised module declares.
#[derive(Debug, Clone, PartialEq)]
pub struct KnownModule {
    pub platform: Platform,
    pub role: Role,
    /// Attributes read from the inputs (`name`, `kubernetes_version`, `services`, …).
    pub attributes: BTreeMap<String, Value>,
}

/// One row: the module (registry address, or its GitHub repository), which submodules it
/// covers, and what each declares.
struct Row {
    registry: &'static str,
    github: &'static str,
    /// `None`: the module's root; `Some(prefix)`: submodules whose path starts with it.
    submodule: Option<&'static str>,
    platform: Platform,
    role: Role,
    /// Inputs naming what it declares, first match wins.
    name_inputs: &'static [&'static str],
    version_inputs: &'static [&'static str],
}

const ROWS: &[Row] = &[
    Row {
        registry: "terraform-aws-modules/ecs/aws",
        github: "github.com/terraform-aws-modules/terraform-aws-ecs",
        submodule: None,
        platform: Platform::Ecs,
        role: Role::Cluster,
        name_inputs: &["cluster_name"],
        version_inputs: &[],
    },
    Row {
        registry: "terraform-aws-modules/ecs/aws",
        github: "github.com/terraform-aws-modules/terraform-aws-ecs",
        submodule: Some("modules/cluster"),
        platform: Platform::Ecs,
        role: Role::Cluster,
        name_inputs: &["cluster_name", "name"],
        version_inputs: &[],
    },
    Row {
        registry: "terraform-aws-modules/ecs/aws",
        github: "github.com/terraform-aws-modules/terraform-aws-ecs",
        submodule: Some("modules/service"),
        platform: Platform::Ecs,
        role: Role::Service,
        name_inputs: &["name"],
        version_inputs: &[],
    },
    Row {
        registry: "terraform-aws-modules/eks/aws",
        github: "github.com/terraform-aws-modules/terraform-aws-eks",
        submodule: None,
        platform: Platform::Eks,
        role: Role::Cluster,
        name_inputs: &["cluster_name", "name"],
        version_inputs: &["cluster_version", "kubernetes_version"],
    },
    Row {
        registry: "terraform-aws-modules/eks/aws",
        github: "github.com/terraform-aws-modules/terraform-aws-eks",
        submodule: Some("modules/"),
        platform: Platform::Eks,
        role: Role::Compute,
        name_inputs: &["name"],
        version_inputs: &[],
    },
    Row {
        registry: "terraform-google-modules/kubernetes-engine/google",
        github: "github.com/terraform-google-modules/terraform-google-kubernetes-engine",
        submodule: None,
        platform: Platform::Gke,
        role: Role::Cluster,
        name_inputs: &["name"],
        version_inputs: &["kubernetes_version"],
    },
    Row {
        registry: "terraform-google-modules/kubernetes-engine/google",
        github: "github.com/terraform-google-modules/terraform-google-kubernetes-engine",
        submodule: Some("modules/"),
        platform: Platform::Gke,
        role: Role::Cluster,
        name_inputs: &["name"],
        version_inputs: &["kubernetes_version"],
    },
];

/// `enable_*` inputs of aws-ia/eks-blueprints-addons and what each installs on the cluster
/// the module is given (chart or Deployment names, as the rules look for them).
const BLUEPRINTS_ADDONS: [(&str, &str); 8] = [
    (
        "enable_aws_load_balancer_controller",
        "aws-load-balancer-controller",
    ),
    ("enable_metrics_server", "metrics-server"),
    ("enable_karpenter", "karpenter"),
    ("enable_cluster_autoscaler", "cluster-autoscaler"),
    ("enable_aws_for_fluentbit", "aws-for-fluent-bit"),
    ("enable_fargate_fluentbit", "fluent-bit"),
    ("enable_aws_cloudwatch_metrics", "cloudwatch-agent"),
    ("enable_external_dns", "external-dns"),
];

/// What a module call installs on a cluster, when it was not downloaded: for
/// aws-ia/eks-blueprints-addons the add-ons its `enable_*` inputs turn on and the EKS add-ons
/// its `eks_addons` map names; for terraform-aws-modules/eks the EKS add-ons of its `addons`
/// (`cluster_addons` before v21) map. An add-on map not known statically is unknown.
pub fn addons(resource: &tfmap_loader::Resource) -> Option<Value> {
    if resource.kind != tfmap_loader::ResourceKind::Module {
        return None;
    }
    let source = resource.body.string("source")?;
    if cluster_module(source).is_some_and(|m| m.platform == Platform::Eks) {
        return eks_module_addons(&resource.body);
    }
    if !source.contains("eks-blueprints-addons") {
        return None;
    }
    let mut names: Vec<Value> = BLUEPRINTS_ADDONS
        .iter()
        .filter(|(input, _)| resource.body.value(input).and_then(Value::as_bool) == Some(true))
        .map(|(_, name)| Value::from(*name))
        .collect();
    if let Some(Value::Object(eks_addons)) = resource.body.value("eks_addons") {
        names.extend(eks_addons.keys().map(|k| Value::from(k.as_str())));
    }
    Some(Value::Array(names))
}

/// The EKS add-ons an EKS module call installs: each key of its add-on map, or the entry's
/// own `name` when it sets one (the module falls back to the key).
fn eks_module_addons(inputs: &Body) -> Option<Value> {
    let map = ["addons", "cluster_addons"]
        .iter()
        .find_map(|name| inputs.value(name).filter(|v| !v.is_null()))?;
    let Some(map) = map.as_object() else {
        return Some(map.clone()).filter(Value::is_unknown);
    };
    let names = map
        .iter()
        .map(|(key, entry)| {
            entry
                .get("name")
                .filter(|n| n.is_string() || n.is_unknown())
                .cloned()
                .unwrap_or_else(|| Value::from(key.as_str()))
        })
        .collect();
    Some(Value::Array(names))
}

/// A module call that builds a Kubernetes cluster, recognised from its source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClusterModule {
    pub platform: Platform,
    /// A GKE submodule that builds an Autopilot cluster (`beta-autopilot-private-cluster`,
    /// `gke-autopilot-cluster`, …): GKE manages its nodes.
    pub autopilot: bool,
}

/// Which cluster module a `source` calls, if it calls one.
pub fn cluster_module(source: &str) -> Option<ClusterModule> {
    let (address, submodule) = split_source(source);
    let row = find_row(&address, submodule.as_deref())?;
    (row.role == Role::Cluster && matches!(row.platform, Platform::Eks | Platform::Gke)).then(
        || ClusterModule {
            platform: row.platform,
            autopilot: submodule
                .as_deref()
                .is_some_and(|s| s.contains("autopilot")),
        },
    )
}

fn find_row(address: &str, submodule: Option<&str>) -> Option<&'static Row> {
    ROWS.iter().find(|row| {
        (address == row.registry || address == row.github)
            && match (row.submodule, submodule) {
                (None, None) => true,
                (Some(prefix), Some(sub)) => sub.starts_with(prefix) && submodule_fits(row, sub),
                _ => false,
            }
    })
}

/// Recognises a module call from its `source` and reads what it declares from its inputs.
pub fn recognise(source: &str, inputs: &Body) -> Option<KnownModule> {
    let (address, submodule) = split_source(source);
    let row = find_row(&address, submodule.as_deref())?;
    let mut attributes = BTreeMap::new();
    if let Some(name) = first_text(inputs, row.name_inputs) {
        attributes.insert("name".to_string(), name);
    }
    if let Some(version) = first_text(inputs, row.version_inputs) {
        attributes.insert("kubernetes_version".to_string(), version);
    }
    // The ECS module's root declares services from a map; their names are its keys.
    if row.platform == Platform::Ecs
        && row.submodule.is_none()
        && let Some(Value::Object(services)) = inputs.value("services")
    {
        let names: Vec<Value> = services.keys().cloned().map(Value::from).collect();
        attributes.insert("services".to_string(), Value::Array(names));
    }
    Some(KnownModule {
        platform: row.platform,
        role: row.role,
        attributes,
    })
}

/// Only GKE submodules that create a cluster count as clusters (`private-cluster`,
/// `beta-autopilot-public-cluster`, …), not helpers such as `workload-identity` or `auth`.
fn submodule_fits(row: &Row, submodule: &str) -> bool {
    row.platform != Platform::Gke
        || submodule.ends_with("cluster")
        || submodule.contains("cluster-")
}

/// `registry.terraform.io/terraform-aws-modules/eks/aws//modules/x?ref=v1` →
/// (`terraform-aws-modules/eks/aws`, `Some("modules/x")`); git URLs lose their scheme,
/// `.git` suffix and query.
fn split_source(source: &str) -> (String, Option<String>) {
    let mut text = source.trim();
    for prefix in [
        "git::",
        "https://",
        "http://",
        "ssh://",
        "git@",
        "registry.terraform.io/",
    ] {
        text = text.strip_prefix(prefix).unwrap_or(text);
    }
    let text = text.split('?').next().unwrap_or(text);
    // `git@github.com:owner/repo` uses a colon before the path.
    let text = text.replacen("github.com:", "github.com/", 1);
    let (address, submodule) = match text.split_once("//") {
        Some((address, sub)) => (address.to_string(), Some(sub.trim_matches('/').to_string())),
        None => (text.clone(), None),
    };
    let address = address
        .trim_end_matches('/')
        .trim_end_matches(".git")
        .to_string();
    (address, submodule.filter(|s| !s.is_empty()))
}

/// The first of the inputs that is a string, known or with unknown parts.
fn first_text(body: &Body, names: &[&str]) -> Option<Value> {
    names.iter().find_map(|name| {
        body.value(name)
            .filter(|v| v.is_string() || v.is_unknown())
            .cloned()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use tfmap_loader::{Attribute, Location};

    fn inputs(pairs: &[(&str, Value)]) -> Body {
        let mut body = Body::default();
        for (name, value) in pairs {
            body.attributes.insert(
                name.to_string(),
                Attribute {
                    value: value.clone(),
                    location: Location::new("m.tf".into(), 1, 1),
                },
            );
        }
        body
    }

    #[test]
    fn recognises_registry_and_git_forms() {
        let body = inputs(&[("cluster_name", Value::from("platform"))]);
        for source in [
            "terraform-aws-modules/eks/aws",
            "registry.terraform.io/terraform-aws-modules/eks/aws",
            "git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v20.8.4",
            "git@github.com:terraform-aws-modules/terraform-aws-eks.git",
        ] {
            let known = recognise(source, &body).unwrap_or_else(|| panic!("{source}"));
            assert_eq!((known.platform, known.role), (Platform::Eks, Role::Cluster));
            assert_eq!(known.attributes["name"], "platform");
        }
    }

    #[test]
    fn submodules_have_their_own_role() {
        let body = inputs(&[("name", Value::from("api"))]);
        let service = recognise("terraform-aws-modules/ecs/aws//modules/service", &body).unwrap();
        assert_eq!(service.role, Role::Service);
        let gke = recognise(
            "terraform-google-modules/kubernetes-engine/google//modules/private-cluster",
            &body,
        )
        .unwrap();
        assert_eq!((gke.platform, gke.role), (Platform::Gke, Role::Cluster));
        assert!(
            recognise(
                "terraform-google-modules/kubernetes-engine/google//modules/workload-identity",
                &body
            )
            .is_none()
        );
    }

    #[test]
    fn other_modules_are_not_recognised() {
        let body = inputs(&[]);
        assert!(recognise("terraform-aws-modules/vpc/aws", &body).is_none());
        assert!(recognise("./modules/eks", &body).is_none());
        assert!(recognise("example.com/terraform-aws-modules/eks/aws", &body).is_none());
    }

    #[test]
    fn cluster_modules_and_autopilot_submodules_are_told_apart() {
        let eks = cluster_module("terraform-aws-modules/eks/aws").unwrap();
        assert_eq!((eks.platform, eks.autopilot), (Platform::Eks, false));
        let autopilot = cluster_module(
            "terraform-google-modules/kubernetes-engine/google//modules/beta-autopilot-public-cluster",
        )
        .unwrap();
        assert_eq!(
            (autopilot.platform, autopilot.autopilot),
            (Platform::Gke, true)
        );
        // Node group submodules and helpers build no cluster.
        assert!(
            cluster_module("terraform-aws-modules/eks/aws//modules/eks-managed-node-group")
                .is_none()
        );
        assert!(cluster_module("terraform-aws-modules/ecs/aws").is_none());
    }

    fn module_call(source: &str, pairs: &[(&str, Value)]) -> tfmap_loader::Resource {
        let mut body = inputs(pairs);
        body.attributes.insert(
            "source".into(),
            Attribute {
                value: Value::from(source),
                location: Location::new("m.tf".into(), 1, 1),
            },
        );
        tfmap_loader::Resource {
            id: "module.eks".into(),
            address: "module.eks".into(),
            root: ".".into(),
            kind: tfmap_loader::ResourceKind::Module,
            resource_type: "module".into(),
            name: "eks".into(),
            module: String::new(),
            location: Location::new("m.tf".into(), 1, 1),
            body,
            references: Vec::new(),
            provider: None,
            provider_config: None,
            repetition: Vec::new(),
        }
    }

    #[test]
    fn the_eks_module_installs_the_addons_of_its_map() {
        let map = tfmap_core::json!({"coredns": {}, "metrics": {"name": "metrics-server"}});
        for input in ["addons", "cluster_addons"] {
            let call = module_call("terraform-aws-modules/eks/aws", &[(input, map.clone())]);
            assert_eq!(
                addons(&call).unwrap(),
                tfmap_core::json!(["coredns", "metrics-server"])
            );
        }
        let unknown = module_call(
            "terraform-aws-modules/eks/aws",
            &[("addons", Value::unknown("var.addons"))],
        );
        assert!(addons(&unknown).unwrap().is_unknown());
        let none = module_call("terraform-aws-modules/eks/aws", &[]);
        assert!(addons(&none).is_none());
    }

    #[test]
    fn the_ecs_module_lists_the_services_it_declares() {
        let mut services = tfmap_core::Map::new();
        services.insert("web".into(), Value::Object(Default::default()));
        services.insert("worker".into(), Value::Object(Default::default()));
        let body = inputs(&[
            ("cluster_name", Value::from("shop")),
            ("services", Value::Object(services)),
        ]);
        let known = recognise("terraform-aws-modules/ecs/aws", &body).unwrap();
        assert_eq!(
            known.attributes["services"],
            tfmap_core::json!(["web", "worker"])
        );
    }
}
