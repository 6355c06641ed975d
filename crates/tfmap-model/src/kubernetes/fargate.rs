//! Which Pods an EKS Fargate profile runs (A4): a Pod whose namespace matches a selector's
//! `namespace` and whose labels hold all the selector's `labels` runs on Fargate, one Pod per
//! micro-VM; the others run on the cluster's nodes. Namespaces and label values may use the
//! `*` and `?` wildcards EKS accepts.

use super::KubeObject;
use crate::analysis::{Analysis, Edge};
use crate::vocabulary::EdgeKind;
use tfmap_core::{Map, Value};
use tfmap_loader::{Body, Resource};

/// The EKS cluster a Fargate profile belongs to, and its selectors.
pub fn profiles<'r>(
    analysis: &Analysis,
    resources: &'r [Resource],
) -> Vec<(&'r Resource, String, Vec<Selector>)> {
    resources
        .iter()
        .filter(|r| r.resource_type == "aws_eks_fargate_profile")
        .filter_map(|profile| {
            let cluster = analysis
                .edges_from(&profile.id, &[EdgeKind::AttachedTo])
                .map(|e| e.to.clone())
                .next()?;
            Some((profile, cluster, selectors(&profile.body)))
        })
        .collect()
}

/// `runs_on` edges from each workload a profile selects to that profile: its Pods run on
/// Fargate, not on the cluster's nodes.
pub fn edges(analysis: &Analysis, objects: &[KubeObject], resources: &[Resource]) -> Vec<Edge> {
    let mut edges = Vec::new();
    for (profile, cluster, selectors) in profiles(analysis, resources) {
        for object in objects {
            let on_cluster = analysis
                .node(&object.node)
                .and_then(|n| n.kubernetes.as_ref())
                .and_then(|k| k.cluster.as_deref())
                == Some(cluster.as_str());
            if on_cluster && runs_pods(object) && selects(&selectors, object) {
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

/// The selectors of a profile whose namespace and labels are known (one with an unknown
/// part selects nothing tfmap can tell).
pub fn selectors(profile: &Body) -> Vec<Selector> {
    profile
        .blocks_of("selector")
        .filter_map(|block| {
            let namespace = block.body.string("namespace")?.to_string();
            let labels = match block.body.value("labels") {
                None | Some(Value::Null) => Vec::new(),
                Some(Value::Object(labels)) => labels
                    .iter()
                    .map(|(k, v)| Some((k.clone(), v.as_str()?.to_string())))
                    .collect::<Option<Vec<_>>>()?,
                Some(_) => return None,
            };
            Some(Selector { namespace, labels })
        })
        .collect()
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
