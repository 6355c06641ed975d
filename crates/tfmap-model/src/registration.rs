//! Instances join a cluster because of a string in their user data, not a Terraform
//! reference: the ECS agent reads `ECS_CLUSTER=<name>` from `/etc/ecs/ecs.config`
//! (knowledge base A14), and a self-managed EKS node runs `/etc/eks/bootstrap.sh <name>` or
//! a nodeadm `NodeConfig` naming its cluster. This module finds those names, through
//! `base64encode` and `templatefile`, and ties the launch template, launch configuration or
//! instance to the cluster.

use crate::analysis::{Analysis, Edge};
use crate::vocabulary::EdgeKind;
use base64::Engine;
use tfmap_core::Value;
use tfmap_loader::terraform::unknown::markers_in;
use tfmap_loader::{Diagnostic, Resource};

/// Resource types whose `user_data` starts the node agent.
pub const USER_DATA_TYPES: [&str; 3] = [
    "aws_launch_template",
    "aws_launch_configuration",
    "aws_instance",
];

/// A cluster named in user data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Join {
    /// `aws_ecs_cluster` or `aws_eks_cluster`.
    pub cluster_type: &'static str,
    /// The name as the script prints it (an unknown one as its marker).
    pub name: String,
    /// The text that says it, for the edge: `ECS_CLUSTER=prod`.
    pub evidence: String,
}

/// User data as a script: its printed text (unknown parts as `${…}` markers) and what each
/// unknown part comes from, so that a name read from the text is known to be unknown by its
/// origin, never by its look (`${HOME}` in a script is shell).
pub struct Script {
    pub text: String,
    pub unknowns: Vec<String>,
}

/// The user data as a script: decoded when it was base64-encoded.
pub fn user_data_script(resource: &Resource) -> Option<Script> {
    let text = match resource.body.value("user_data")? {
        Value::String(text) => text,
        Value::Unknown(unknown) => {
            return Some(Script {
                text: unknown.marker_text(),
                unknowns: unknown.origins().map(str::to_string).collect(),
            });
        }
        _ => return None,
    };
    let plain = Script {
        text: text.clone(),
        unknowns: Vec::new(),
    };
    if text.contains("ECS_CLUSTER") || text.contains("bootstrap.sh") || text.contains("NodeConfig")
    {
        return Some(plain);
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let Ok(decoded) = base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map(String::from_utf8)
    else {
        return Some(plain);
    };
    let Ok(decoded) = decoded else {
        return Some(plain);
    };
    // The evaluator encodes a script with unknown parts as it prints them (issue #14: until
    // it carries unknowns through `base64encode`, the markers are read back here).
    let unknowns = markers_in(&decoded).map(str::to_string).collect();
    Some(Script {
        text: decoded,
        unknowns,
    })
}

/// Every cluster a script joins.
pub fn joins(script: &str) -> Vec<Join> {
    let mut found = Vec::new();
    let mut push = |cluster_type, name: String, evidence: String| {
        if !name.is_empty() {
            found.push(Join {
                cluster_type,
                name,
                evidence,
            });
        }
    };
    for (position, _) in script.match_indices("ECS_CLUSTER=") {
        let name = read_value(&script[position + "ECS_CLUSTER=".len()..]);
        push(
            "aws_ecs_cluster",
            name.clone(),
            format!("ECS_CLUSTER={name}"),
        );
    }
    for (position, _) in script.match_indices("bootstrap.sh") {
        // The cluster name is the first argument that is neither an option nor the value of
        // one: every bootstrap.sh option takes a value (`--opt value` or `--opt=value`).
        let rest = &script[position + "bootstrap.sh".len()..];
        let line = rest.lines().next().unwrap_or_default();
        let mut words = line.split_whitespace().map(|w| w.trim_matches(['"', '\'']));
        while let Some(word) = words.next() {
            if word.starts_with('-') {
                if !word.contains('=') {
                    words.next();
                }
                continue;
            }
            if !word.is_empty() && !matches!(word, ";" | "&&" | "||" | "|") {
                push(
                    "aws_eks_cluster",
                    read_value(word),
                    format!("bootstrap.sh {}", read_value(word)),
                );
            }
            break;
        }
    }
    if script.contains("kind: NodeConfig") {
        // nodeadm: `cluster:` then an indented `name: <cluster>`.
        let mut in_cluster = false;
        for line in script.lines() {
            let trimmed = line.trim();
            if trimmed == "cluster:" {
                in_cluster = true;
            } else if let (true, Some(name)) = (in_cluster, trimmed.strip_prefix("name:")) {
                let name = read_value(name.trim());
                push(
                    "aws_eks_cluster",
                    name.clone(),
                    format!("NodeConfig cluster {name}"),
                );
                in_cluster = false;
            }
        }
    }
    found
}

/// The value at the start of `text`: a marker is read whole, anything else up to a space,
/// quote or shell separator.
fn read_value(text: &str) -> String {
    let text = text.trim_start_matches(['"', '\'']);
    if let Some(end) = text.find('}').filter(|_| text.starts_with("${")) {
        return text[..=end].to_string();
    }
    text.chars()
        .take_while(|c| {
            !c.is_whitespace() && !matches!(c, '"' | '\'' | ';' | '>' | '|' | '&' | ')')
        })
        .collect()
}

/// Registration edges from launch templates, launch configurations and instances to the
/// clusters their user data names.
pub fn derive(
    analysis: &Analysis,
    resources: &[Resource],
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Edge> {
    let mut edges = Vec::new();
    for resource in resources
        .iter()
        .filter(|r| USER_DATA_TYPES.contains(&r.resource_type.as_str()))
    {
        let Some(script) = user_data_script(resource) else {
            continue;
        };
        let location = resource
            .body
            .attributes
            .get("user_data")
            .map(|a| a.location.clone());
        for join in joins(&script.text) {
            let unknown = script
                .unknowns
                .iter()
                .find(|origin| join.name == format!("${{{origin}}}"));
            let clusters = match unknown {
                Some(origin) => {
                    cluster_by_origin(analysis, &resource.root, origin, join.cluster_type)
                }
                None => clusters_named(
                    analysis,
                    &resource.root,
                    cluster_name(&join.name),
                    join.cluster_type,
                ),
            };
            let platform = if join.cluster_type == "aws_ecs_cluster" {
                "ECS"
            } else {
                "EKS"
            };
            if let (true, Some(location)) = (clusters.is_empty(), &location) {
                let name = &join.name;
                diagnostics.push(Diagnostic::info(
                    location.clone(),
                    if unknown.is_none() {
                        format!("{}: user data joins {platform} cluster {name:?}, which is not declared in this root module", resource.address)
                    } else {
                        format!("{}: user data joins the {platform} cluster named by {name}, which is not known statically", resource.address)
                    },
                ));
            }
            for cluster in clusters {
                edges.push(Edge {
                    from: resource.id.clone(),
                    to: cluster,
                    kind: EdgeKind::Registers,
                    via: Some("user_data".to_string()),
                    through: vec![join.evidence.clone()],
                    location: location.clone(),
                });
            }
        }
    }
    edges
}

/// An unknown from `module.x.aws_ecs_cluster.main.name` names the cluster
/// `module.x.aws_ecs_cluster.main`.
fn cluster_by_origin(
    analysis: &Analysis,
    root: &str,
    origin: &str,
    cluster_type: &str,
) -> Vec<String> {
    let Some((address, attribute)) = origin.rsplit_once('.') else {
        return Vec::new();
    };
    if !matches!(attribute, "name" | "id" | "arn" | "cluster_name") {
        return Vec::new();
    }
    let id = if root == "." {
        address.to_string()
    } else {
        format!("{root}:{address}")
    };
    match analysis.node(&id) {
        Some(node) if node.resource_type == cluster_type => vec![id],
        _ => Vec::new(),
    }
}

/// The cluster name in a cluster ARN (`arn:aws:ecs:eu-west-1:1234:cluster/prod` → `prod`):
/// with the values of a plan or state, a script that used the cluster's `arn` or `id` (the
/// ARN for ECS) names it that way.
fn cluster_name(name: &str) -> &str {
    match name.strip_prefix("arn:") {
        Some(rest) => rest
            .split_once(":cluster/")
            .map_or(name, |(_, cluster)| cluster),
        None => name,
    }
}

fn clusters_named(analysis: &Analysis, root: &str, name: &str, cluster_type: &str) -> Vec<String> {
    analysis
        .nodes
        .iter()
        .filter(|n| n.resource_type == cluster_type && n.root == root)
        .filter(|n| n.attributes.get("name").and_then(|v| v.as_str()) == Some(name))
        .map(|n| n.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(script: &str) -> Vec<(&'static str, String)> {
        joins(script)
            .into_iter()
            .map(|j| (j.cluster_type, j.name))
            .collect()
    }

    #[test]
    fn finds_the_clusters_a_script_joins() {
        assert_eq!(
            names(
                "#!/bin/bash\necho ECS_CLUSTER=${aws_ecs_cluster.a.name} >> /etc/ecs/ecs.config\n"
            ),
            [("aws_ecs_cluster", "${aws_ecs_cluster.a.name}".to_string())]
        );
        assert_eq!(
            names("echo \"ECS_CLUSTER=prod-ecs\" >> /etc/ecs/ecs.config"),
            [("aws_ecs_cluster", "prod-ecs".to_string())]
        );
        assert_eq!(
            names("/etc/eks/bootstrap.sh --apiserver-endpoint https://x --b64-cluster-ca=abc shop"),
            [("aws_eks_cluster", "shop".to_string())]
        );
        assert_eq!(
            names("/etc/eks/bootstrap.sh shop --kubelet-extra-args '--node-labels=a=b'"),
            [("aws_eks_cluster", "shop".to_string())]
        );
        assert_eq!(
            names(
                "apiVersion: node.eks.aws/v1alpha1\nkind: NodeConfig\nspec:\n  cluster:\n    name: shop\n"
            ),
            [("aws_eks_cluster", "shop".to_string())]
        );
        assert!(names("#!/bin/bash\nyum update -y\n").is_empty());
    }

    #[test]
    fn a_cluster_arn_names_the_cluster() {
        assert_eq!(
            cluster_name("arn:aws:ecs:eu-west-1:123456789012:cluster/prod-ecs"),
            "prod-ecs"
        );
        assert_eq!(
            cluster_name("arn:aws-cn:eks:cn-north-1:1:cluster/shop"),
            "shop"
        );
        assert_eq!(cluster_name("prod-ecs"), "prod-ecs");
        // Another resource's ARN is left alone and matches no cluster name.
        let role = "arn:aws:iam::1:role/cluster";
        assert_eq!(cluster_name(role), role);
    }
}
