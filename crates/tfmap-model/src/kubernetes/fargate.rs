//! Which Pods an EKS Fargate profile runs (A4): a Pod whose namespace matches a selector's
//! `namespace` and whose labels hold all the selector's `labels` runs on Fargate, one Pod per
//! micro-VM; the others run on the cluster's nodes. Namespaces and label values may use the
//! `*` and `?` wildcards EKS accepts.

use super::KubeObject;
use crate::analysis::{Analysis, Edge};
use crate::cluster_modules::{self, PartKind};
use crate::vocabulary::EdgeKind;
use tfmap_core::{Map, Value};
use tfmap_loader::{Body, Resource};

/// A Fargate profile: the node that stands for it, the EKS cluster it belongs to, and its
/// selectors.
#[derive(Debug, Clone)]
pub struct Profile {
    /// An `aws_eks_fargate_profile`, or the implicit node of an EKS module call's
    /// `fargate_profiles` entry.
    pub id: String,
    pub cluster: String,
    pub selectors: Vec<Selector>,
}

/// Every Fargate profile of the analysis: `aws_eks_fargate_profile` resources tied to their
/// cluster, and the entries of the `fargate_profiles` input of EKS module calls that were not
/// downloaded (the module call is the cluster).
pub fn profiles(analysis: &Analysis, resources: &[Resource]) -> Vec<Profile> {
    let mut profiles = Vec::new();
    for resource in resources {
        if resource.resource_type == "aws_eks_fargate_profile" {
            let cluster = analysis
                .edges_from(&resource.id, &[EdgeKind::AttachedTo])
                .map(|e| e.to.clone())
                .next();
            if let Some(cluster) = cluster {
                profiles.push(Profile {
                    id: resource.id.clone(),
                    cluster,
                    selectors: selectors(&resource.body),
                });
            }
        } else if let Some(declared) = cluster_modules::declared(resource) {
            profiles.extend(
                declared
                    .parts
                    .iter()
                    .filter(|p| p.kind == PartKind::FargateProfile)
                    .map(|part| Profile {
                        id: part.node_id(&resource.id),
                        cluster: resource.id.clone(),
                        selectors: module_selectors(part.definition),
                    }),
            );
        }
    }
    profiles
}

/// `runs_on` edges from each workload a profile selects to that profile: its Pods run on
/// Fargate, not on the cluster's nodes.
pub fn edges(analysis: &Analysis, objects: &[KubeObject], resources: &[Resource]) -> Vec<Edge> {
    let mut edges = Vec::new();
    for profile in profiles(analysis, resources) {
        for object in objects {
            let on_cluster = analysis
                .node(&object.node)
                .and_then(|n| n.kubernetes.as_ref())
                .and_then(|k| k.cluster.as_deref())
                == Some(profile.cluster.as_str());
            if on_cluster && runs_pods(object) && selects(&profile.selectors, object) {
                edges.push(Edge {
                    from: object.node.clone(),
                    to: profile.id.clone(),
                    kind: EdgeKind::RunsOn,
                    via: Some("fargate profile selector".to_string()),
                    through: Vec::new(),
                    location: Some(object.location.clone()),
                });
            }
        }
    }
    edges
}

/// Kinds whose Pods a profile may place.
fn runs_pods(object: &KubeObject) -> bool {
    object.kind == "Pod" || object.pod_template().is_some()
}

/// One `selector` block: a namespace pattern and label patterns.
#[derive(Debug, Clone)]
pub struct Selector {
    namespace: String,
    labels: Vec<(String, String)>,
}

impl Selector {
    /// The namespace pattern it selects.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }
}

/// The selectors of a profile whose namespace and labels are known (one with an unknown
/// part selects nothing tfmap can tell).
pub fn selectors(profile: &Body) -> Vec<Selector> {
    profile
        .blocks_of("selector")
        .filter_map(|block| selector(block.body.value("namespace"), block.body.value("labels")))
        .collect()
}

/// The selectors of an EKS module's `fargate_profiles` entry: its `selectors` list of
/// `{ namespace, labels }` objects, read as the `selector` blocks are.
pub fn module_selectors(definition: &Value) -> Vec<Selector> {
    definition
        .get("selectors")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|s| selector(s.get("namespace"), s.get("labels")))
        .collect()
}

fn selector(namespace: Option<&Value>, labels: Option<&Value>) -> Option<Selector> {
    let namespace = namespace?.as_str()?.to_string();
    let labels = match labels {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Object(labels)) => labels
            .iter()
            .map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
            .collect::<Option<Vec<_>>>()?,
        Some(_) => return None,
    };
    Some(Selector { namespace, labels })
}

/// True when some selector picks the object's Pods.
pub fn selects(selectors: &[Selector], object: &KubeObject) -> bool {
    let Some(namespace) = object.namespace.as_deref() else {
        return false;
    };
    let labels = pod_labels(object);
    selectors.iter().any(|selector| {
        glob(&selector.namespace, namespace)
            && selector.labels.iter().all(|(key, pattern)| {
                labels
                    .and_then(|l| l.get(key))
                    .and_then(Value::as_str)
                    .is_some_and(|value| glob(pattern, value))
            })
    })
}

/// The labels of the Pods an object runs: its pod template's, or a Pod's own.
fn pod_labels(object: &KubeObject) -> Option<&Map> {
    let metadata = if object.kind == "Pod" {
        object.object.get("metadata")
    } else {
        object.pod_template()?.get("metadata")
    };
    metadata?.get("labels")?.as_object()
}

/// `*` matches any run of characters, `?` one character; anything else itself.
fn glob(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    // Iterative matching with one backtrack point: linear in practice, never exponential.
    let (mut p, mut t) = (0, 0);
    let mut star: Option<(usize, usize)> = None;
    while t < text.len() {
        match pattern.get(p) {
            Some('*') => {
                star = Some((p, t));
                p += 1;
            }
            Some(&c) if c == '?' || c == text[t] => {
                p += 1;
                t += 1;
            }
            _ => match star {
                Some((star_p, star_t)) => {
                    p = star_p + 1;
                    t = star_t + 1;
                    star = Some((star_p, star_t + 1));
                }
                None => return false,
            },
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::glob;

    #[test]
    fn wildcards_match_as_eks_reads_them() {
        assert!(glob("prod-*", "prod-payments"));
        assert!(glob("team-?", "team-a"));
        assert!(!glob("team-?", "team-ab"));
        assert!(glob("*", ""));
        assert!(glob("a*b*c", "aXXbYc"));
        assert!(!glob("a*b*c", "aXXbY"));
        assert!(glob("apps", "apps"));
        assert!(!glob("apps", "apps2"));
    }
}
