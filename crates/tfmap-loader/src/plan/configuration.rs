//! The `configuration` part of a plan: for each resource block (including those inside
//! modules tfmap did not download), the attributes whose expressions reference other
//! resources. It gives the resources only the plan shows the references tfmap would have
//! found had it read their code. References through a child module's outputs are followed;
//! variables, locals and `each`/`count` are not (the configuration shows no values).

use super::address::{InstanceAddress, ModuleStep, traversal_names};
use crate::inventory::ReferenceKind;
use serde_json::Value;
use std::collections::BTreeMap;

/// How deep module outputs are followed: as deep as real module trees go, and no deeper
/// than hostile input can make it.
const MAX_DEPTH: usize = 32;

/// A reference written in a resource block, to another resource block.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct ConfiguredReference {
    /// The attribute path: `cluster`, `load_balancer.target_group_arn`.
    pub via: String,
    /// The resource block reached (no keys).
    pub target: InstanceAddress,
    pub kind: ReferenceKind,
    /// Module outputs passed on the way, outermost first.
    pub through: Vec<String>,
}

/// The references of every resource block, by the block's address (no keys).
pub fn references(configuration: &Value) -> BTreeMap<InstanceAddress, Vec<ConfiguredReference>> {
    let mut out = BTreeMap::new();
    if let Some(root) = configuration.get("root_module") {
        walk(root, &[], 0, &mut out);
    }
    out
}

fn walk(
    module: &Value,
    path: &[String],
    depth: usize,
    out: &mut BTreeMap<InstanceAddress, Vec<ConfiguredReference>>,
) {
    if depth > MAX_DEPTH {
        return;
    }
    for resource in module
        .get("resources")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let text = |key: &str| resource.get(key).and_then(Value::as_str);
        let (Some(mode), Some(resource_type), Some(name)) =
            (text("mode"), text("type"), text("name"))
        else {
            continue;
        };
        let declaration = InstanceAddress {
            modules: steps(path),
            data: mode == "data",
            resource_type: resource_type.to_string(),
            name: name.to_string(),
            key: None,
        };
        let mut found = Vec::new();
        if let Some(expressions) = resource.get("expressions") {
            expression_references(expressions, "", module, path, &mut found);
        }
        for dependency in resource
            .get("depends_on")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
        {
            for (target, through) in resolve(dependency, module, path, depth) {
                found.push(ConfiguredReference {
                    via: "depends_on".to_string(),
                    target,
                    kind: ReferenceKind::DependsOn,
                    through,
                });
            }
        }
        found.sort();
        found.dedup_by(|a, b| a.via == b.via && a.target == b.target && a.kind == b.kind);
        out.insert(declaration, found);
    }
    for (name, call) in module
        .get("module_calls")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        if let Some(child) = call.get("module") {
            let mut inner = path.to_vec();
            inner.push(name.clone());
            walk(child, &inner, depth + 1, out);
        }
    }
}

fn steps(path: &[String]) -> Vec<ModuleStep> {
    path.iter()
        .map(|name| ModuleStep {
            name: name.clone(),
            key: None,
        })
        .collect()
}

/// Block expressions: each attribute maps to an expression (`references`,
/// `constant_value`), each nested block to an object or a list of objects like this one.
fn expression_references(
    expressions: &Value,
    via: &str,
    module: &Value,
    path: &[String],
    out: &mut Vec<ConfiguredReference>,
) {
    let Some(map) = expressions.as_object() else {
        return;
    };
    for (name, value) in map {
        let here = format!("{via}{name}");
        match value {
            Value::Object(inner)
                if inner.contains_key("references") || inner.contains_key("constant_value") =>
            {
                for reference in inner
                    .get("references")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .filter_map(Value::as_str)
                {
                    for (target, through) in resolve(reference, module, path, 0) {
                        out.push(ConfiguredReference {
                            via: here.clone(),
                            target,
                            kind: ReferenceKind::Reference,
                            through,
                        });
                    }
                }
            }
            Value::Object(_) => {
                expression_references(value, &format!("{here}."), module, path, out)
            }
            Value::Array(blocks) => {
                for block in blocks {
                    expression_references(block, &format!("{here}."), module, path, out);
                }
            }
            _ => {}
        }
    }
}

/// The resource blocks a reference reaches from `module`, with the outputs passed.
fn resolve(
    reference: &str,
    module: &Value,
    path: &[String],
    depth: usize,
) -> Vec<(InstanceAddress, Vec<String>)> {
    let Some(names) = traversal_names(reference) else {
        return Vec::new();
    };
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    match names.as_slice() {
        [
            "var" | "local" | "each" | "count" | "path" | "terraform" | "self",
            ..,
        ] => Vec::new(),
        ["module", call, output, ..] if depth < MAX_DEPTH => {
            let child = module
                .get("module_calls")
                .and_then(|calls| calls.get(*call))
                .and_then(|c| c.get("module"));
            let references = child
                .and_then(|c| c.get("outputs"))
                .and_then(|o| o.get(*output))
                .and_then(|o| o.get("expression"))
                .and_then(|e| e.get("references"))
                .and_then(Value::as_array);
            let (Some(child), Some(references)) = (child, references) else {
                return Vec::new();
            };
            let mut inner = path.to_vec();
            inner.push((*call).to_string());
            let shown = format!(
                "{}module.{call}.{output}",
                path.iter()
                    .map(|p| format!("module.{p}."))
                    .collect::<String>()
            );
            references
                .iter()
                .filter_map(Value::as_str)
                .flat_map(|r| resolve(r, child, &inner, depth + 1))
                .map(|(target, mut through)| {
                    through.insert(0, shown.clone());
                    (target, through)
                })
                .collect()
        }
        ["module", ..] => Vec::new(),
        ["data", resource_type, name, ..] => {
            vec![(declaration(path, true, resource_type, name), Vec::new())]
        }
        [resource_type, name, ..] => {
            vec![(declaration(path, false, resource_type, name), Vec::new())]
        }
        _ => Vec::new(),
    }
}

fn declaration(path: &[String], data: bool, resource_type: &str, name: &str) -> InstanceAddress {
    InstanceAddress {
        modules: steps(path),
        data,
        resource_type: resource_type.to_string(),
        name: name.to_string(),
        key: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn references_inside_a_module_and_through_its_outputs() {
        let configuration = json!({"root_module": {
            "resources": [{"address": "aws_lb_target_group.tg", "mode": "managed",
                "type": "aws_lb_target_group", "name": "tg",
                "expressions": {"vpc_id": {"references": ["module.net.vpc_id", "module.net"]},
                                "port": {"constant_value": 80}}}],
            "module_calls": {"net": {"source": "terraform-aws-modules/vpc/aws", "module": {
                "outputs": {"vpc_id": {"expression": {"references": ["aws_vpc.this[0].id", "aws_vpc.this[0]", "aws_vpc.this"]}}},
                "resources": [
                    {"address": "aws_vpc.this", "mode": "managed", "type": "aws_vpc", "name": "this",
                     "expressions": {"cidr_block": {"references": ["var.cidr"]}}},
                    {"address": "aws_subnet.private", "mode": "managed", "type": "aws_subnet", "name": "private",
                     "expressions": {"vpc_id": {"references": ["aws_vpc.this[0].id", "aws_vpc.this[0]", "aws_vpc.this"]},
                                     "timeouts": [{"create": {"constant_value": "5m"}}]},
                     "depends_on": ["data.aws_availability_zones.all"]}
                ]}}}
        }});
        let found = references(&configuration);
        // One line per reference: `from --via--> to (through)`.
        let shown: Vec<String> = found
            .iter()
            .flat_map(|(declaration, refs)| {
                refs.iter().map(move |r| {
                    format!("{declaration} --{}--> {} {:?}", r.via, r.target, r.through)
                })
            })
            .collect();
        assert_eq!(
            shown,
            [
                r#"aws_lb_target_group.tg --vpc_id--> module.net.aws_vpc.this ["module.net.vpc_id"]"#,
                "module.net.aws_subnet.private --depends_on--> module.net.data.aws_availability_zones.all []",
                "module.net.aws_subnet.private --vpc_id--> module.net.aws_vpc.this []",
            ]
        );
        assert_eq!(
            found.len(),
            3,
            "every block is listed, with or without references"
        );
    }

    #[test]
    fn what_cannot_be_followed_is_left_out() {
        let configuration = json!({"root_module": {"resources": [
            {"mode": "managed", "type": "a", "name": "b", "expressions": {
                "x": {"references": ["var.v", "local.l", "each.key", "module.missing.out", "module.m", "a.c[*].id", "count.index"]}}},
            {"mode": "managed", "type": "no_name"}
        ]}});
        let found = references(&configuration);
        assert_eq!(found.len(), 1);
        assert!(found.values().all(Vec::is_empty));
        assert!(references(&json!("nonsense")).is_empty());
    }
}
