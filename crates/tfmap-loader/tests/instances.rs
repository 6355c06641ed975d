//! `count`, `for_each` and `dynamic`: instances with Terraform's addresses when the
//! collection is known, one node standing for all when it is not, and references that reach
//! the instance their index names.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use tfmap_loader::{InstanceKey, Inventory, LoadOptions, MemoryFiles, Resource, load_files};

fn load(files: &[(&str, &str)]) -> Inventory {
    let memory: MemoryFiles = files.iter().map(|(p, t)| (*p, *t)).collect();
    let paths: Vec<String> = memory.paths().map(str::to_string).collect();
    load_files(&paths, &memory, &LoadOptions::default()).expect("loads")
}

fn ids(inventory: &Inventory) -> Vec<&str> {
    inventory.resources.iter().map(|r| r.id.as_str()).collect()
}

fn resource<'a>(inventory: &'a Inventory, id: &str) -> &'a Resource {
    inventory
        .resources
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no resource {id} in {:?}", ids(inventory)))
}

fn targets(inventory: &Inventory, id: &str) -> Vec<String> {
    resource(inventory, id)
        .references
        .iter()
        .map(|r| format!("{} <- {}", r.target, r.via))
        .collect()
}

#[test]
fn count_gives_indexed_instances_with_count_index_bound() {
    let inventory = load(&[(
        "main.tf",
        r#"resource "aws_subnet" "s" {
  count      = 2
  cidr_block = "10.0.${count.index}.0/24"
}"#,
    )]);
    assert_eq!(ids(&inventory), ["aws_subnet.s[0]", "aws_subnet.s[1]"]);
    let second = resource(&inventory, "aws_subnet.s[1]");
    assert_eq!(second.body.value("cidr_block").unwrap(), "10.0.1.0/24");
    assert_eq!(second.repetition[0].key, Some(InstanceKey::Index(1)));
}

#[test]
fn each_key_picks_the_matching_instance() {
    let inventory = load(&[(
        "main.tf",
        r#"variable "apps" { default = { web = 80, api = 8080 } }
resource "aws_lb_target_group" "tg" {
  for_each = var.apps
  port     = each.value
}
resource "aws_ecs_service" "s" {
  for_each = var.apps
  name     = each.key
  load_balancer {
    target_group_arn = aws_lb_target_group.tg[each.key].arn
  }
}"#,
    )]);
    assert_eq!(
        targets(&inventory, r#"aws_ecs_service.s["web"]"#),
        [r#"aws_lb_target_group.tg["web"] <- load_balancer.target_group_arn"#]
    );
    let service = resource(&inventory, r#"aws_ecs_service.s["api"]"#);
    let block = service.body.block("load_balancer").unwrap();
    assert_eq!(
        origin(block.body.value("target_group_arn")),
        Some(r#"aws_lb_target_group.tg["api"].arn"#)
    );
    assert_eq!(service.body.value("name").unwrap(), "api");
}

#[test]
fn an_unindexed_or_splat_reference_reaches_every_instance() {
    let inventory = load(&[(
        "main.tf",
        r#"resource "aws_subnet" "s" { count = 2 }
resource "aws_lb" "a" { subnets = aws_subnet.s[*].id }
resource "aws_lb" "b" { subnets = [for s in aws_subnet.s : s.id] }"#,
    )]);
    for lb in ["aws_lb.a", "aws_lb.b"] {
        assert_eq!(
            targets(&inventory, lb),
            ["aws_subnet.s[0] <- subnets", "aws_subnet.s[1] <- subnets"],
            "{lb}"
        );
    }
}

#[test]
fn unknown_keys_leave_one_node_that_says_so() {
    let inventory = load(&[(
        "main.tf",
        r#"data "aws_subnets" "all" {}
resource "aws_security_group" "g" {
  for_each = toset(data.aws_subnets.all.ids)
  name     = each.key
}"#,
    )]);
    let group = resource(&inventory, "aws_security_group.g");
    assert_eq!(group.repetition.len(), 1);
    assert_eq!(group.repetition[0].key, None);
    assert_eq!(
        group.repetition[0].expression,
        "toset(data.aws_subnets.all.ids)"
    );
    assert_eq!(origin(group.body.value("name")), Some("each.key"));
}

#[test]
fn count_zero_draws_nothing_and_says_so() {
    let inventory = load(&[(
        "main.tf",
        r#"variable "on" { default = false }
resource "aws_ecs_cluster" "c" { count = var.on ? 1 : 0 }
resource "aws_ecs_service" "s" { cluster = aws_ecs_cluster.c[0].id }"#,
    )]);
    assert_eq!(ids(&inventory), ["aws_ecs_service.s"]);
    assert_eq!(inventory.stats.without_instances, 1);
    let messages: Vec<String> = inventory
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("`aws_ecs_cluster.c` has no instance")),
        "{messages:?}"
    );
    assert!(targets(&inventory, "aws_ecs_service.s").is_empty());
}

#[test]
fn a_missing_instance_inside_try_or_can_is_not_reported() {
    let inventory = load(&[(
        "main.tf",
        r#"variable "on" { default = false }
resource "aws_security_group" "g" { count = var.on ? 1 : 0 }
resource "aws_ecs_service" "a" { name = try(aws_security_group.g[0].id, null) }
resource "aws_ecs_service" "b" { name = can(aws_security_group.g[0].arn) ? "x" : "y" }
resource "aws_ecs_service" "c" { name = aws_security_group.g[0].id }"#,
    )]);
    let warnings: Vec<String> = inventory
        .diagnostics
        .iter()
        .filter(|d| d.message.contains("has no instance [0]"))
        .map(|d| d.to_string())
        .collect();
    // Only the reference outside `try`/`can` is a mistake Terraform would report.
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert!(warnings[0].contains("main.tf:5:"), "{warnings:?}");
}

#[test]
fn module_for_each_gives_instances_with_their_own_inputs_and_outputs() {
    let inventory = load(&[
        (
            "main.tf",
            r#"module "svc" {
  source   = "./svc"
  for_each = { web = "nginx", api = "api:1" }
  image    = each.value
}
module "counted" {
  source = "./svc"
  count  = 2
  image  = "batch:${count.index}"
}
resource "aws_ecs_service" "front" {
  task_definition = module.svc["web"].arn
  tags            = { second = module.counted[1].image }
}"#,
        ),
        (
            "svc/main.tf",
            r#"variable "image" {}
resource "aws_ecs_task_definition" "t" {
  family                = "x"
  container_definitions = jsonencode([{ name = "app", image = var.image }])
}
output "arn" { value = aws_ecs_task_definition.t.arn }
output "image" { value = var.image }"#,
        ),
    ]);
    assert_eq!(
        ids(&inventory),
        [
            "aws_ecs_service.front",
            "module.counted[0].aws_ecs_task_definition.t",
            "module.counted[1].aws_ecs_task_definition.t",
            r#"module.svc["api"].aws_ecs_task_definition.t"#,
            r#"module.svc["web"].aws_ecs_task_definition.t"#,
        ]
    );
    let front = resource(&inventory, "aws_ecs_service.front");
    assert_eq!(
        origin(front.body.value("task_definition")),
        Some(r#"module.svc["web"].aws_ecs_task_definition.t.arn"#)
    );
    assert_eq!(
        front.body.value("tags").unwrap()["second"],
        serde_json::json!("batch:1")
    );
    assert_eq!(
        targets(&inventory, "aws_ecs_service.front"),
        [r#"module.svc["web"].aws_ecs_task_definition.t <- task_definition"#]
    );
    let api = resource(&inventory, r#"module.svc["api"].aws_ecs_task_definition.t"#);
    let definitions = api.body.value("container_definitions").unwrap();
    assert!(
        definitions.as_str().unwrap().contains("api:1"),
        "{definitions}"
    );
}

#[test]
fn dynamic_blocks_expand_when_their_collection_is_known() {
    let inventory = load(&[(
        "main.tf",
        r#"variable "ports" { default = [80, 443] }
data "aws_subnets" "all" {}
resource "aws_security_group" "g" {
  dynamic "ingress" {
    for_each = var.ports
    iterator = port
    content {
      from_port = port.value
      to_port   = port.value
    }
  }
  dynamic "egress" {
    for_each = data.aws_subnets.all.ids
    content {
      cidr_blocks = [egress.value]
    }
  }
}"#,
    )]);
    let group = resource(&inventory, "aws_security_group.g");
    let ports: Vec<&tfmap_core::Value> = group
        .body
        .blocks_of("ingress")
        .map(|b| b.body.value("from_port").unwrap())
        .collect();
    assert_eq!(ports, [&80, &443]);
    assert!(group.body.blocks_of("ingress").all(|b| !b.dynamic));
    let egress: Vec<_> = group.body.blocks_of("egress").collect();
    assert_eq!(egress.len(), 1);
    assert!(
        egress[0].dynamic,
        "an unknown collection leaves one block standing for all"
    );
}

#[test]
fn invalid_repetitions_are_reported_and_never_expanded() {
    let inventory = load(&[(
        "main.tf",
        r#"resource "aws_sqs_queue" "both" {
  count    = 1
  for_each = toset(["a"])
}
resource "aws_sqs_queue" "negative" { count = -1 }
resource "aws_sqs_queue" "huge" { count = 5000000 }
resource "aws_sqs_queue" "bad_set" { for_each = [1, 2] }"#,
    )]);
    assert_eq!(
        ids(&inventory),
        [
            "aws_sqs_queue.bad_set",
            "aws_sqs_queue.both",
            "aws_sqs_queue.huge",
            "aws_sqs_queue.negative"
        ]
    );
    let messages: Vec<String> = inventory
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert_eq!(messages.len(), 4, "{messages:?}");
    assert!(messages[0].contains("cannot both be set"), "{messages:?}");
    assert!(
        messages[1].contains("whole non-negative number"),
        "{messages:?}"
    );
    assert!(
        messages[2].contains("gives 5000000 instances, more than tfmap expands"),
        "{messages:?}"
    );
    assert!(
        messages[3].contains("map or a set of strings"),
        "{messages:?}"
    );
}

#[test]
fn nested_repeated_modules_stop_at_the_module_budget() {
    let inventory = load(&[
        (
            "main.tf",
            r#"module "outer" {
  source = "./outer"
  count  = 500
}"#,
        ),
        (
            "outer/main.tf",
            r#"module "inner" {
  source = "../inner"
  count  = 500
}"#,
        ),
        ("inner/main.tf", r#"resource "aws_sqs_queue" "q" {}"#),
    ]);
    assert!(inventory.stats.module_instances <= 10_001);
    assert!(inventory.resources.len() <= 10_000);
    let messages: Vec<String> = inventory
        .diagnostics
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("more than 10000 module instances")),
        "{:?}",
        &messages[..messages.len().min(3)]
    );
}

#[test]
fn downloaded_modules_are_followed_through_the_manifest() {
    let manifest = r#"{"Modules":[{"Key":"","Source":"","Dir":"."},
        {"Key":"svc","Source":"registry.terraform.io/acme/svc/aws","Version":"1.0.0","Dir":".terraform/modules/svc"}]}"#;
    let with = load(&[
        ("main.tf", r#"module "svc" { source = "acme/svc/aws" }"#),
        (".terraform/modules/modules.json", manifest),
        (
            ".terraform/modules/svc/main.tf",
            r#"resource "aws_ecs_cluster" "c" {}"#,
        ),
        (
            ".terraform/modules/svc/examples/x/main.tf",
            r#"resource "aws_ecs_cluster" "e" {}"#,
        ),
    ]);
    assert_eq!(ids(&with), ["module.svc.aws_ecs_cluster.c"]);
    assert_eq!(with.roots, ["."]);
    assert_eq!(
        with.stats
            .skipped
            .get("file under .terraform/ that no module call uses"),
        Some(&1)
    );
    // Without the manifest the call stays one opaque node.
    let without = load(&[("main.tf", r#"module "svc" { source = "acme/svc/aws" }"#)]);
    assert_eq!(ids(&without), ["module.svc"]);
}

/// Only the parts of a value that an expression reads are copied into its context; the
/// expression must still see exactly what Terraform would.
#[test]
fn partial_reads_of_a_value_evaluate_like_whole_ones() {
    let inventory = load(&[(
        "main.tf",
        r#"variable "svc" {
  default = { web = { port = 80, tags = { team = "a" } }, api = { port = 81, tags = {} } }
}
locals { conf = { name = "x", nested = { deep = "y" } } }
resource "aws_ecs_service" "s" {
  for_each   = var.svc
  port       = each.value.port
  fields     = sort(keys(each.value))
  both       = "${each.value.port}-${length(each.value)}"
  team       = each.value.tags.team
  deep       = local.conf.nested.deep
  whole      = local.conf
  key_twice  = "${each.key}/${each.key}"
}"#,
    )]);
    let web = resource(&inventory, "aws_ecs_service.s[\"web\"]");
    assert_eq!(web.body.value("port").unwrap(), &80);
    assert_eq!(
        web.body.value("fields").unwrap(),
        &serde_json::json!(["port", "tags"])
    );
    assert_eq!(web.body.value("both").unwrap(), "80-2");
    assert_eq!(web.body.value("team").unwrap(), "a");
    assert_eq!(web.body.value("deep").unwrap(), "y");
    assert_eq!(
        web.body.value("whole").unwrap(),
        &serde_json::json!({"name": "x", "nested": {"deep": "y"}})
    );
    assert_eq!(web.body.value("key_twice").unwrap(), "web/web");
    // A field that does not exist stays unknown, as before: never a wrong value.
    let api = resource(&inventory, "aws_ecs_service.s[\"api\"]");
    let team = api.body.value("team").unwrap();
    assert!(team.is_unknown(), "{team}");
}

#[test]
fn an_index_into_a_module_output_is_not_an_output_name() {
    let inventory = load(&[
        (
            "main.tf",
            r#"module "x" {
  source = "./mod"
}
resource "aws_ecs_cluster" "c" {
  name = module.x.queues["a"].arn
}"#,
        ),
        (
            "mod/main.tf",
            r#"resource "aws_sqs_queue" "q" {
  for_each = toset(["a", "b"])
  name     = each.key
}
resource "aws_sns_topic" "arn" {
  name = "t"
}
output "queues" {
  value = aws_sqs_queue.q
}
output "arn" {
  value = aws_sns_topic.arn.arn
}"#,
        ),
    ]);
    // `arn` is an attribute of the queue, not the module's output named `arn`.
    assert_eq!(
        targets(&inventory, "aws_ecs_cluster.c"),
        [
            r#"module.x.aws_sqs_queue.q["a"] <- name"#,
            r#"module.x.aws_sqs_queue.q["b"] <- name"#
        ]
    );
}

/// What a value that is wholly unknown comes from.
fn origin(value: Option<&tfmap_core::Value>) -> Option<&str> {
    value?.as_unknown()?.whole_origin()
}
