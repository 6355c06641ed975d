//! Issue #14: once a plan expands a resource whose keys were unknown statically, each
//! instance's references reach the target instance their index picks, as Terraform
//! evaluates it: `[each.key]` and `[count.index]` the referrer's own key, a literal index
//! that key, no index every instance, and an index tfmap cannot evaluate every instance
//! too (it does not guess).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use tfmap_loader::plan::{PlanSide, apply, parse_plan};
use tfmap_loader::{InstanceKey, Inventory, LoadOptions, MemoryFiles, load_files};

fn load(files: &[(&str, &str)]) -> Inventory {
    let memory: MemoryFiles = files.iter().map(|(p, t)| (*p, *t)).collect();
    let paths: Vec<String> = memory.paths().map(str::to_string).collect();
    load_files(&paths, &memory, &LoadOptions::default()).expect("loads")
}

/// A plan creating these instances, every value unknown: nothing but keys tells them apart.
fn plan_of(addresses: &[&str]) -> String {
    let changes: Vec<serde_json::Value> = addresses
        .iter()
        .map(|address| {
            let parsed = tfmap_loader::plan::InstanceAddress::parse(
                address,
                tfmap_loader::plan::Quoting::Json,
            )
            .unwrap();
            let mut change = serde_json::json!({
                "address": address,
                "mode": "managed",
                "type": parsed.resource_type,
                "name": parsed.name,
                "change": {"actions": ["create"], "before": null, "after": {},
                           "after_unknown": {"arn": true, "id": true}}
            });
            match &parsed.key {
                Some(InstanceKey::Index(index)) => change["index"] = serde_json::json!(index),
                Some(InstanceKey::Key(key)) => change["index"] = serde_json::json!(key),
                None => {}
            }
            let own = format!(".{}.{}", parsed.resource_type, parsed.name);
            if let Some((module, _)) = address.rsplit_once(own.as_str()) {
                change["module_address"] = serde_json::Value::String(module.to_string());
            }
            change
        })
        .collect();
    serde_json::json!({"format_version": "1.2", "resource_changes": changes}).to_string()
}

fn planned(files: &[(&str, &str)], instances: &[&str]) -> Inventory {
    let mut inventory = load(files);
    let snapshot = parse_plan("plan.json", &plan_of(instances)).unwrap();
    apply(&mut inventory, &snapshot, PlanSide::Planned, None);
    inventory
}

/// The targets of `id` reached at attribute `via`.
fn reached(inventory: &Inventory, id: &str, via: &str) -> Vec<String> {
    let resource = inventory
        .resources
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| {
            let ids: Vec<&str> = inventory.resources.iter().map(|r| r.id.as_str()).collect();
            panic!("no resource {id} in {ids:?}: {:?}", inventory.diagnostics)
        });
    resource
        .references
        .iter()
        .filter(|r| r.via == via)
        .map(|r| r.target.clone())
        .collect()
}

const QUEUES: &str = r#"
variable "names" {
  type = set(string)
}
locals {
  chosen = lookup(var.pick, "name", "x")
}
variable "pick" {
  type = map(string)
}
resource "aws_sqs_queue" "q" {
  for_each = var.names
  name     = each.key
}
"#;

const QUEUE_INSTANCES: [&str; 2] = [r#"aws_sqs_queue.q["a"]"#, r#"aws_sqs_queue.q["b"]"#];

#[test]
fn each_key_reaches_the_instance_with_the_same_key() {
    let files = [
        ("vars.tf", QUEUES),
        (
            "main.tf",
            r#"resource "aws_lambda_function" "f" {
  for_each = var.names
  same     = aws_sqs_queue.q[each.key].arn
  literal  = aws_sqs_queue.q["b"].arn
  all      = [for q in aws_sqs_queue.q : q.arn]
  splat    = values(aws_sqs_queue.q)[*].arn
  unknown  = aws_sqs_queue.q[local.chosen].arn
  value    = aws_sqs_queue.q[each.value].arn
}"#,
        ),
    ];
    let mut instances = QUEUE_INSTANCES.to_vec();
    instances.extend([
        r#"aws_lambda_function.f["a"]"#,
        r#"aws_lambda_function.f["b"]"#,
    ]);
    let inventory = planned(&files, &instances);
    let a = r#"aws_lambda_function.f["a"]"#;
    let b = r#"aws_lambda_function.f["b"]"#;
    assert_eq!(reached(&inventory, a, "same"), [QUEUE_INSTANCES[0]]);
    assert_eq!(reached(&inventory, b, "same"), [QUEUE_INSTANCES[1]]);
    // A literal index reaches that key from every instance.
    assert_eq!(reached(&inventory, a, "literal"), [QUEUE_INSTANCES[1]]);
    assert_eq!(reached(&inventory, b, "literal"), [QUEUE_INSTANCES[1]]);
    // No index: every instance.
    assert_eq!(reached(&inventory, a, "all"), QUEUE_INSTANCES);
    assert_eq!(reached(&inventory, a, "splat"), QUEUE_INSTANCES);
    // An index tfmap cannot evaluate, or one that is not the key itself (`each.value` is
    // the key too for a set, but tfmap pairs only keys): every instance, not a guess.
    assert_eq!(reached(&inventory, a, "unknown"), QUEUE_INSTANCES);
    assert_eq!(reached(&inventory, a, "value"), QUEUE_INSTANCES);
}

#[test]
fn count_index_reaches_the_instance_with_the_same_index() {
    let files = [(
        "main.tf",
        r#"variable "n" {
  type = number
}
resource "aws_sqs_queue" "q" {
  count = var.n
}
resource "aws_lambda_function" "f" {
  count   = var.n
  same    = aws_sqs_queue.q[count.index].arn
  literal = aws_sqs_queue.q[0].arn
  other   = aws_sqs_queue.q[count.index + 1].arn
}"#,
    )];
    let inventory = planned(
        &files,
        &[
            "aws_sqs_queue.q[0]",
            "aws_sqs_queue.q[1]",
            "aws_lambda_function.f[0]",
            "aws_lambda_function.f[1]",
        ],
    );
    assert_eq!(
        reached(&inventory, "aws_lambda_function.f[1]", "same"),
        ["aws_sqs_queue.q[1]"]
    );
    assert_eq!(
        reached(&inventory, "aws_lambda_function.f[0]", "same"),
        ["aws_sqs_queue.q[0]"]
    );
    assert_eq!(
        reached(&inventory, "aws_lambda_function.f[1]", "literal"),
        ["aws_sqs_queue.q[0]"]
    );
    // Arithmetic on the index is something else: every instance.
    assert_eq!(
        reached(&inventory, "aws_lambda_function.f[0]", "other"),
        ["aws_sqs_queue.q[0]", "aws_sqs_queue.q[1]"]
    );
}

#[test]
fn a_referrer_with_unknown_keys_picks_among_known_targets() {
    // The queues' keys are known statically; the functions' are not.
    let files = [(
        "main.tf",
        r#"variable "names" {
  type = set(string)
}
resource "aws_sqs_queue" "q" {
  for_each = toset(["a", "b"])
}
resource "aws_lambda_function" "f" {
  for_each = var.names
  same     = aws_sqs_queue.q[each.key].arn
}"#,
    )];
    let inventory = planned(
        &files,
        &[
            r#"aws_sqs_queue.q["a"]"#,
            r#"aws_sqs_queue.q["b"]"#,
            r#"aws_lambda_function.f["b"]"#,
        ],
    );
    assert_eq!(
        reached(&inventory, r#"aws_lambda_function.f["b"]"#, "same"),
        [r#"aws_sqs_queue.q["b"]"#]
    );
}

#[test]
fn a_module_input_keyed_by_the_call_reaches_the_same_key() {
    let files = [
        ("vars.tf", QUEUES),
        (
            "main.tf",
            r#"module "consumer" {
  source    = "./consumer"
  for_each  = var.names
  queue_arn = aws_sqs_queue.q[each.key].arn
  any_arn   = aws_sqs_queue.q[local.chosen].arn
}"#,
        ),
        (
            "consumer/main.tf",
            r#"variable "queue_arn" {}
variable "any_arn" {}
resource "aws_lambda_function" "f" {
  same = var.queue_arn
  any  = var.any_arn
}"#,
        ),
    ];
    let mut instances = QUEUE_INSTANCES.to_vec();
    instances.extend([
        r#"module.consumer["a"].aws_lambda_function.f"#,
        r#"module.consumer["b"].aws_lambda_function.f"#,
    ]);
    let inventory = planned(&files, &instances);
    let b = r#"module.consumer["b"].aws_lambda_function.f"#;
    assert_eq!(reached(&inventory, b, "same"), [QUEUE_INSTANCES[1]]);
    assert_eq!(reached(&inventory, b, "any"), QUEUE_INSTANCES);
}
