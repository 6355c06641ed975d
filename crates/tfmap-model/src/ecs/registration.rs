//! EC2 instances join an ECS cluster because their user data writes `ECS_CLUSTER=<name>` into
//! `/etc/ecs/ecs.config` (knowledge base A14). Terraform has no reference for this link; the
//! cluster's name inside a string is all there is. This module finds it, through
//! `base64encode` and `templatefile`, and ties the launch template or instance to the cluster.

use crate::analysis::{Analysis, Edge};
use crate::vocabulary::EdgeKind;
use base64::Engine;
use tfmap_loader::terraform::unknown::markers_in;
use tfmap_loader::{Diagnostic, Resource};

/// Resource types whose `user_data` starts the ECS agent.
pub const USER_DATA_TYPES: [&str; 3] = [
    "aws_launch_template",
    "aws_launch_configuration",
    "aws_instance",
];

/// What the user data says about the cluster.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ClusterSetting {
    /// No `ECS_CLUSTER=` line: the agent joins the cluster named `default`.
    Absent,
    /// The value, literal or a marker.
    Named(String),
}

/// The user data as text: decoded when it was base64-encoded.
pub fn user_data_text(resource: &Resource) -> Option<String> {
    let text = resource.body.string("user_data")?;
    if text.contains("ECS_CLUSTER") {
        return Some(text.to_string());
    }
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    match base64::engine::general_purpose::STANDARD.decode(compact.as_bytes()) {
        Ok(bytes) => Some(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string())),
        Err(_) => Some(text.to_string()),
    }
}

/// Every `ECS_CLUSTER=` value in a script; `Absent` when there is none.
pub fn cluster_settings(script: &str) -> Vec<ClusterSetting> {
    let mut found = Vec::new();
    let mut rest = script;
    while let Some(position) = rest.find("ECS_CLUSTER=") {
        let after = &rest[position + "ECS_CLUSTER=".len()..];
        let value = read_value(after);
        if !value.is_empty() {
            found.push(ClusterSetting::Named(value));
        }
        rest = after;
    }
    if found.is_empty() {
        found.push(ClusterSetting::Absent);
    }
    found
}

/// The value after `ECS_CLUSTER=`: a marker is read whole, anything else up to a space,
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
        let Some(script) = user_data_text(resource) else {
            continue;
        };
        let location = resource
            .body
            .attributes
            .get("user_data")
            .map(|a| a.location.clone());
        for setting in cluster_settings(&script) {
            let ClusterSetting::Named(value) = setting else {
                continue;
            };
            let clusters = match markers_in(&value).next() {
                Some(marker) => cluster_by_marker(analysis, &resource.root, marker),
                None => clusters_named(analysis, &resource.root, &value),
            };
            if clusters.is_empty() {
                let known = markers_in(&value).next().is_none();
                if let Some(location) = &location {
                    diagnostics.push(Diagnostic::info(
                        location.clone(),
                        if known {
                            format!("{}: user data joins ECS cluster {value:?}, which is not declared in this root module", resource.address)
                        } else {
                            format!("{}: user data joins the ECS cluster named by {value}, which is not known statically", resource.address)
                        },
                    ));
                }
            }
            for cluster in clusters {
                edges.push(Edge {
                    from: resource.id.clone(),
                    to: cluster,
                    kind: EdgeKind::Registers,
                    via: Some("user_data".to_string()),
                    through: vec![format!("ECS_CLUSTER={value}")],
                    location: location.clone(),
                });
            }
        }
    }
    edges
}

/// `${module.x.aws_ecs_cluster.main.name}` names the cluster `module.x.aws_ecs_cluster.main`.
fn cluster_by_marker(analysis: &Analysis, root: &str, marker: &str) -> Vec<String> {
    let Some((address, attribute)) = marker.rsplit_once('.') else {
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
        Some(node) if node.resource_type == "aws_ecs_cluster" => vec![id],
        _ => Vec::new(),
    }
}

fn clusters_named(analysis: &Analysis, root: &str, name: &str) -> Vec<String> {
    analysis
        .nodes
        .iter()
        .filter(|n| n.resource_type == "aws_ecs_cluster" && n.root == root)
        .filter(|n| n.attributes.get("name").and_then(|v| v.as_str()) == Some(name))
        .map(|n| n.id.clone())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_cluster_settings() {
        assert_eq!(
            cluster_settings(
                "#!/bin/bash\necho ECS_CLUSTER=${aws_ecs_cluster.a.name} >> /etc/ecs/ecs.config\n"
            ),
            [ClusterSetting::Named(
                "${aws_ecs_cluster.a.name}".to_string()
            )]
        );
        assert_eq!(
            cluster_settings("echo \"ECS_CLUSTER=prod-ecs\" >> /etc/ecs/ecs.config"),
            [ClusterSetting::Named("prod-ecs".to_string())]
        );
        assert_eq!(
            cluster_settings("#!/bin/bash\nyum update -y\n"),
            [ClusterSetting::Absent]
        );
    }
}
