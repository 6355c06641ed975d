//! Evaluation semantics, on files held in memory: what is known is evaluated, what is not
//! stays a visible marker, and problems become diagnostics.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use tfmap_loader::{Inventory, LoadOptions, MemoryFiles, Resource, load_files};

fn load(files: &[(&str, &str)]) -> Inventory {
    let memory: MemoryFiles = files.iter().map(|(p, t)| (*p, *t)).collect();
    let paths: Vec<String> = memory.paths().map(str::to_string).collect();
    load_files(&paths, &memory, &LoadOptions::default()).expect("loads")
}

fn resource<'a>(inventory: &'a Inventory, id: &str) -> &'a Resource {
    inventory
        .resources
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no resource {id}"))
}

fn value(inventory: &Inventory, id: &str, attribute: &str) -> serde_json::Value {
    resource(inventory, id)
        .body
        .value(attribute)
        .map_or(serde_json::Value::Null, tfmap_core::Value::to_json)
}

fn messages(inventory: &Inventory) -> Vec<String> {
    inventory
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect()
}

#[test]
fn a_comparison_with_an_unknown_is_not_guessed() {
    let inventory = load(&[(
        "main.tf",
        r#"variable "env" {}
resource "aws_ecs_service" "s" {
  name          = var.env == "prod" ? "big" : "small"
  desired_count = var.env == "prod" ? 3 : 1
  launch_type   = "FARGATE"
}"#,
    )]);
    assert_eq!(
        value(&inventory, "aws_ecs_service.s", "name"),
        "${var.env == \"prod\" ? \"big\" : \"small\"}"
    );
    assert_eq!(
        value(&inventory, "aws_ecs_service.s", "launch_type"),
        "FARGATE"
    );
}

#[test]
fn known_conditions_and_functions_evaluate() {
    let inventory = load(&[(
        "main.tf",
        r#"variable "env" { default = "prod" }
locals { sizes = { prod = 3, dev = 1 } }
resource "aws_ecs_service" "s" {
  name          = format("%s-%s", "api", var.env)
  desired_count = var.env == "prod" ? lookup(local.sizes, var.env, 0) : 1
  launch_type   = try(local.sizes.missing, "FARGATE")
}"#,
    )]);
    assert_eq!(value(&inventory, "aws_ecs_service.s", "name"), "api-prod");
    assert_eq!(value(&inventory, "aws_ecs_service.s", "desired_count"), 3);
    assert_eq!(
        value(&inventory, "aws_ecs_service.s", "launch_type"),
        "FARGATE"
    );
}

#[test]
fn sensitive_variables_never_show_their_value() {
    let inventory = load(&[
        (
            "main.tf",
            "variable \"key\" {\n  sensitive = true\n}\nresource \"aws_ssm_parameter\" \"p\" {\n  value = var.key\n}\n",
        ),
        ("terraform.tfvars", "key = \"hunter2\"\n"),
    ]);
    assert_eq!(
        value(&inventory, "aws_ssm_parameter.p", "value"),
        "${var.key}"
    );
}

#[test]
fn markers_name_resources_with_their_module_path() {
    let inventory = load(&[
        (
            "main.tf",
            "module \"app\" {\n  source = \"./app\"\n}\nresource \"aws_ssm_parameter\" \"p\" {\n  value = module.app.arn\n}\n",
        ),
        (
            "app/main.tf",
            "resource \"aws_ecs_cluster\" \"c\" {}\noutput \"arn\" {\n  value = aws_ecs_cluster.c.arn\n}\n",
        ),
    ]);
    assert_eq!(
        value(&inventory, "aws_ssm_parameter.p", "value"),
        "${module.app.aws_ecs_cluster.c.arn}"
    );
    let reference = &resource(&inventory, "aws_ssm_parameter.p").references[0];
    assert_eq!(reference.target, "module.app.aws_ecs_cluster.c");
    assert_eq!(reference.through, ["module.app.arn"]);
}

#[test]
fn files_outside_the_root_are_not_read() {
    let inventory = load(&[(
        "main.tf",
        "resource \"aws_ecs_task_definition\" \"t\" {\n  container_definitions = file(\"../../etc/passwd\")\n}\n",
    )]);
    assert_eq!(
        value(
            &inventory,
            "aws_ecs_task_definition.t",
            "container_definitions"
        ),
        "${file(\"../../etc/passwd\")}"
    );
    assert!(
        messages(&inventory)
            .iter()
            .any(|m| m.contains("main.tf:2:3: warning")
                && m.contains("outside the analysed directory")),
        "{:?}",
        messages(&inventory)
    );
}

#[test]
fn cycles_end_with_a_diagnostic() {
    let inventory = load(&[
        (
            "main.tf",
            "locals {\n  a = local.b\n  b = local.a\n}\nresource \"x_y\" \"z\" {\n  v = local.a\n}\nmodule \"m\" {\n  source = \"./m\"\n}\n",
        ),
        ("m/main.tf", "module \"back\" {\n  source = \"../m\"\n}\n"),
    ]);
    let messages = messages(&inventory);
    assert!(
        messages.iter().any(|m| m.contains("depends on itself")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("m/main.tf:1:1: error: module `back`") && m.contains("cycle")),
        "{messages:?}"
    );
}

#[test]
fn declaration_problems_are_reported_with_locations() {
    let inventory = load(&[(
        "main.tf",
        "\u{feff}resource \"aws_lb\" \"a\" {}\nresource \"aws_lb\" \"a\" {}\nresource \"aws_ecs_service\" \"s\" {\n  cluster = aws_ecs_cluster.missing.id\n}\n",
    )]);
    let messages = messages(&inventory);
    assert!(
        messages.contains(
            &"main.tf:2:1: error: duplicate resource `aws_lb.a`; first declared at main.tf:1:1"
                .to_string()
        ),
        "{messages:?}"
    );
    assert!(
        messages.contains(
            &"main.tf:4:13: warning: reference to undeclared resource `aws_ecs_cluster.missing`"
                .to_string()
        ),
        "{messages:?}"
    );
}

#[test]
fn json_files_are_read_and_override_files_merged() {
    let inventory = load(&[
        (
            "main.tf",
            "resource \"aws_lb\" \"a\" {\n  internal = false\n}\n",
        ),
        (
            "extra.tf.json",
            r#"{"resource": {"aws_lb": {"b": {"name": "${aws_lb.a.name}-b"}}}}"#,
        ),
        (
            "override.tf.json",
            r#"{"resource": {"aws_lb": {"a": {"internal": true}}}}"#,
        ),
    ]);
    assert_eq!(inventory.stats.files_read.get("terraform_json"), Some(&2));
    assert_eq!(
        value(&inventory, "aws_lb.b", "name"),
        "${aws_lb.a.name}-b",
        "a JSON template keeps its unknown part"
    );
    assert_eq!(value(&inventory, "aws_lb.a", "internal"), true);
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        messages(&inventory)
    );
}

#[test]
fn every_listed_function_keeps_an_unknown_input_unknown() {
    // `var.u` and `var.n` have no value: whatever a function makes of them must still show
    // an unknown marker, never a guessed value.
    let cases = [
        r#"templatefile("t.tpl", { name = var.u })"#,
        "file(var.u)",
        r#"merge({ a = 1 }, var.u)"#,
        r#"concat(["a"], var.u)"#,
        r#"lookup(var.u, "k", "d")"#,
        r#"try(var.u, "fallback")"#,
        r#"coalesce(var.u, "x")"#,
        r#"format("%s-%d", var.u, var.n)"#,
        r#"join(",", var.u)"#,
        "tomap(var.u)",
        "jsonencode({ image = var.u })",
        "jsondecode(var.u)",
        "toset(var.u)",
        "tolist(var.u)",
        "keys(var.u)",
        "values(var.u)",
        "length(var.u)",
        "element(var.u, 0)",
        r#"flatten([var.u, ["a"]])"#,
        r#"zipmap(var.u, [1])"#,
        r#"distinct(["a", var.u])"#,
        r#"compact(["a", var.u])"#,
        r#"replace(var.u, "a", "b")"#,
        r#"split(",", var.u)"#,
        "lower(var.u)",
        "upper(var.u)",
        "trimspace(var.u)",
        r#"contains(var.u, "a")"#,
        "range(var.n)",
        r#"setproduct(var.u, ["a"])"#,
        "sum([1, var.n])",
        r#"formatlist("%s", var.u)"#,
        "md5(var.u)",
        "sha256(var.u)",
        "base64sha512(var.u)",
        r#"uuidv5("dns", var.u)"#,
        "cidrsubnet(var.u, 4, 1)",
        "cidrhost(var.u, 1)",
        "cidrsubnets(var.u, 4, 4)",
        r#"regex("a+", var.u)"#,
        r#"regexall("a+", var.u)"#,
        r#"replace(var.u, "/a+/", "b")"#,
        r#"strcontains(var.u, "a")"#,
        "basename(var.u)",
        "urlencode(var.u)",
        "parseint(var.u, 10)",
        "pow(var.n, 2)",
        "transpose(var.u)",
        r#"matchkeys(["a"], var.u, ["x"])"#,
        "filemd5(var.u)",
        "filebase64(var.u)",
    ];
    let attributes: String = cases
        .iter()
        .enumerate()
        .map(|(i, expr)| format!("  a{i:02} = {expr}\n"))
        .collect();
    let main = format!(
        "variable \"u\" {{}}\nvariable \"n\" {{ type = number }}\nresource \"aws_lb\" \"x\" {{\n{attributes}}}\n"
    );
    let inventory = load(&[("main.tf", &main), ("t.tpl", "hello ${name}")]);
    for (i, expr) in cases.iter().enumerate() {
        let value = value(&inventory, "aws_lb.x", &format!("a{i:02}"));
        let text = value.to_string();
        assert!(text.contains("${"), "{expr} gave {text}");
    }
    // base64encode keeps the marker decodable: user data is read back through it.
    let inventory = load(&[(
        "main.tf",
        "variable \"u\" {}\nresource \"aws_lb\" \"x\" {\n  a = base64encode(var.u)\n}\n",
    )]);
    assert_eq!(value(&inventory, "aws_lb.x", "a"), "JHt2YXIudX0=");
}

#[test]
fn command_line_values_go_to_every_root_that_declares_them() {
    use tfmap_loader::{VariableInput, VariableInputs};
    let memory: MemoryFiles = [
        (
            "envs/prod/main.tf",
            "variable \"replicas\" {}\nresource \"aws_ecs_service\" \"s\" {\n  desired_count = var.replicas\n}\n",
        ),
        (
            "envs/dev/main.tf",
            "resource \"aws_ecs_service\" \"s\" {\n  desired_count = 1\n}\n",
        ),
    ]
    .into_iter()
    .collect();
    let paths: Vec<String> = memory.paths().map(str::to_string).collect();
    let options = LoadOptions {
        variables: VariableInputs {
            environment: Vec::new(),
            command_line: vec![
                VariableInput::Value {
                    name: "replicas".into(),
                    value: "3".into(),
                },
                VariableInput::Value {
                    name: "zone".into(),
                    value: "a".into(),
                },
            ],
        },
        ..LoadOptions::default()
    };
    let inventory = load_files(&paths, &memory, &options).expect("loads");
    assert_eq!(
        value(&inventory, "envs/prod:aws_ecs_service.s", "desired_count"),
        "3",
        "no type: the text is taken as it is"
    );
    assert_eq!(
        messages(&inventory),
        [
            "<command line --var>:1:1: error: --var zone: no root module declares a variable `zone`; ignored"
        ],
        "a root without the variable does not complain; one nobody declares does, once"
    );
}

#[test]
fn a_for_over_unknown_elements_passes_them_through_but_never_decides_on_them() {
    let inventory = load(&[
        (
            "main.tf",
            r#"module "q" {
  source   = "./queue"
  for_each = toset(["orders", "events"])
  name     = each.key
}
resource "aws_ecs_task_definition" "t" {
  family = "t"
  container_definitions = jsonencode([{
    name        = "app"
    environment = [for key, queue in module.q : { name = "QUEUE_${upper(key)}", value = queue.url }]
  }])
  filtered = [for key, queue in module.q : queue.url if queue.url != ""]
  renamed  = [for key, queue in module.q : upper(queue.url)]
}"#,
        ),
        (
            "queue/main.tf",
            r#"variable "name" {}
resource "aws_sqs_queue" "this" { name = var.name }
output "url" { value = aws_sqs_queue.this.url }"#,
        ),
    ]);
    let definitions = value(
        &inventory,
        "aws_ecs_task_definition.t",
        "container_definitions",
    );
    let text = definitions.as_str().unwrap();
    assert!(text.contains("QUEUE_ORDERS"), "{text}");
    assert!(
        text.contains(r#"${module.q["events"].aws_sqs_queue.this.url}"#),
        "{text}"
    );
    // A condition on an unknown element decides which elements there are: unknown.
    let filtered = value(&inventory, "aws_ecs_task_definition.t", "filtered");
    assert!(
        filtered
            .as_str()
            .is_some_and(|s| s.starts_with("${[for key, queue")),
        "{filtered}"
    );
    // A function of an unknown element is unknown, but the list has one per queue.
    let renamed = value(&inventory, "aws_ecs_task_definition.t", "renamed");
    assert_eq!(
        renamed.as_array().map(|items| items.len()),
        Some(2),
        "{renamed}"
    );
}

#[test]
fn functions_and_guards_work_inside_string_templates() {
    let inventory = load(&[
        (
            "main.tf",
            r#"variable "env" {}
variable "known" { default = "prod" }
resource "aws_ecs_service" "s" {
  name   = "${file("name.txt")}-svc"
  mode   = "${var.env == "prod" ? "big" : "small"}-x"
  size   = "${var.known == "prod" ? "big" : "small"}-x"
  region = "${try(var.missing_map["x"], "eu")}-1"
  port   = "${8000 + 80}"
}"#,
        ),
        ("name.txt", "api"),
    ]);
    assert_eq!(value(&inventory, "aws_ecs_service.s", "name"), "api-svc");
    assert_eq!(
        value(&inventory, "aws_ecs_service.s", "mode"),
        r#"${var.env == "prod" ? "big" : "small"}-x"#
    );
    assert_eq!(value(&inventory, "aws_ecs_service.s", "size"), "big-x");
    // A template that is one interpolation gives its value unconverted, as HCL does.
    assert_eq!(value(&inventory, "aws_ecs_service.s", "port"), 8080);
}

#[test]
fn file_hash_functions_read_inside_the_root_only() {
    let main = r#"resource "aws_lambda_function" "f" {
  hash    = filemd5("src/app.txt")
  sha     = filebase64sha256("src/app.txt")
  encoded = filebase64("src/app.txt")
  outside = filesha256("../secret.txt")
}
"#;
    let inventory = load(&[("main.tf", main), ("src/app.txt", "hello world")]);
    let id = "aws_lambda_function.f";
    assert_eq!(
        value(&inventory, id, "hash"),
        "5eb63bbbe01eeed093cb22bb8f5acdc3"
    );
    assert_eq!(
        value(&inventory, id, "sha"),
        "uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="
    );
    assert_eq!(value(&inventory, id, "encoded"), "aGVsbG8gd29ybGQ=");
    assert_eq!(
        value(&inventory, id, "outside"),
        "${filesha256(\"../secret.txt\")}"
    );
    assert!(
        messages(&inventory)
            .iter()
            .any(|m| m.contains("filesha256(\"../secret.txt\") leads outside")),
        "{:?}",
        messages(&inventory)
    );
}

#[test]
fn variables_take_their_type_and_optional_defaults() {
    let module = r#"
variable "services" {
  type = map(object({
    image   = string
    count   = optional(number, 2)
    scaling = optional(object({ min = optional(number, 1), max = optional(number, 3) }), {})
  }))
}
variable "version" {
  type     = string
  default  = "1.4.0"
  nullable = false
}
variable "propagate" {
  type    = string
  default = "SERVICE"
}
variable "port" { type = number }
resource "aws_ecs_service" "s" {
  for_each         = var.services
  desired_count    = each.value.count
  platform_version = var.version
  propagate_tags   = var.propagate
  tags = {
    min   = each.value.scaling.min
    max   = each.value.scaling.max
    owner = try(each.value.owner, "dropped")
    port  = var.port + 1
  }
}"#;
    let inventory = load(&[
        (
            "main.tf",
            r#"module "m" {
  source    = "./m"
  services  = { web = { image = "nginx", scaling = { max = 6 }, owner = "x" } }
  version   = null
  propagate = null
  port      = "8080"
}"#,
        ),
        ("m/main.tf", module),
    ]);
    let id = "module.m.aws_ecs_service.s[\"web\"]";
    assert_eq!(value(&inventory, id, "desired_count"), 2);
    assert_eq!(value(&inventory, id, "platform_version"), "1.4.0");
    assert_eq!(
        value(&inventory, id, "propagate_tags"),
        serde_json::Value::Null
    );
    assert_eq!(
        value(&inventory, id, "tags"),
        serde_json::json!({"min": 1, "max": 6, "owner": "dropped", "port": 8081})
    );
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        messages(&inventory)
    );
}

#[test]
fn a_for_whose_condition_is_false_for_every_element_is_empty_even_over_unknowns() {
    let inventory = load(&[(
        "main.tf",
        r#"variable "entries" {}
locals { create = false }
resource "aws_eks_cluster" "this" { count = local.create ? 1 : 0 }
resource "aws_eks_access_entry" "e" {
  for_each     = { for k, v in var.entries : k => v if local.create }
  cluster_name = aws_eks_cluster.this[0].id
}
resource "aws_ecs_service" "s" {
  name = jsonencode([for v in var.entries : v if local.create])
  # The condition reads the element: unknown.
  task_definition = jsonencode([for v in var.entries : v if v != null])
}"#,
    )]);
    assert!(
        !inventory
            .resources
            .iter()
            .any(|r| r.address.starts_with("aws_eks_access_entry")),
        "no instance, so nothing to draw"
    );
    // Terraform never evaluates the body of a resource with no instances.
    assert!(
        !messages(&inventory)
            .iter()
            .any(|m| m.contains("has no instance [0]")),
        "{:?}",
        messages(&inventory)
    );
    assert_eq!(value(&inventory, "aws_ecs_service.s", "name"), "[]");
    let unknown = value(&inventory, "aws_ecs_service.s", "task_definition");
    assert!(
        unknown
            .as_str()
            .is_some_and(|t| t.contains("${[for v in var.entries : v if v != null]}")),
        "{unknown}"
    );
}

#[test]
fn fileexists_answers_from_the_repository() {
    let inventory = load(&[
        (
            "main.tf",
            r#"resource "aws_s3_object" "version" {
  count  = fileexists("version.txt") ? 1 : 0
  etag   = filemd5("version.txt")
}
resource "aws_s3_object" "present" {
  count = fileexists("data/present.txt") ? 1 : 0
  etag  = filemd5("data/present.txt")
}"#,
        ),
        ("data/present.txt", "hello"),
    ]);
    // A missing file is an answer, and the resource that needs it has no instance, so its
    // `filemd5` is never evaluated (no warning).
    assert!(
        !inventory
            .resources
            .iter()
            .any(|r| r.address.starts_with("aws_s3_object.version"))
    );
    assert!(
        inventory
            .resources
            .iter()
            .any(|r| r.address == "aws_s3_object.present[0]")
    );
    let warnings: Vec<String> = messages(&inventory)
        .into_iter()
        .filter(|m| !m.contains(": info: "))
        .collect();
    assert!(warnings.is_empty(), "{warnings:?}");
}

#[test]
fn an_index_bound_by_a_for_reaches_every_instance_without_a_warning() {
    let inventory = load(&[(
        "main.tf",
        r#"variable "names" { default = ["a", "b"] }
resource "aws_iam_role" "r" {
  for_each = toset(["a", "b"])
}
resource "aws_ecs_service" "s" {
  name = join(",", [for n in var.names : aws_iam_role.r[n].name])
}"#,
    )]);
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        messages(&inventory)
    );
    let targets: Vec<&str> = resource(&inventory, "aws_ecs_service.s")
        .references
        .iter()
        .map(|r| r.target.as_str())
        .collect();
    assert_eq!(targets, ["aws_iam_role.r[\"a\"]", "aws_iam_role.r[\"b\"]"]);
}

#[test]
fn try_and_can_of_an_unknown_are_unknown_not_the_fallback() {
    let inventory = load(&[(
        "main.tf",
        r#"variable "instance" {}
variable "known" { default = { a = 1 } }
resource "aws_ecs_service" "s" {
  count           = try(var.instance.config.auto_create, null) == null ? 0 : 1
  name            = try(var.known.missing, "fallback")
  task_definition = can(var.instance.config) ? "yes" : "no"
  launch_type     = can(var.known.missing) ? "yes" : "no"
}"#,
    )]);
    let service = &inventory.resources[0];
    // The count is unknown: one node stands for every instance.
    assert_eq!(service.address, "aws_ecs_service.s");
    assert_eq!(value(&inventory, "aws_ecs_service.s", "name"), "fallback");
    assert_eq!(value(&inventory, "aws_ecs_service.s", "launch_type"), "no");
    let unknown = value(&inventory, "aws_ecs_service.s", "task_definition");
    assert!(
        unknown.as_str().is_some_and(|t| t.starts_with("${")),
        "{unknown}"
    );
}

#[test]
fn logical_operators_are_decided_by_either_side() {
    let chain = vec!["var.on"; 64].join(" && ");
    let text = format!(
        r#"variable "unknown" {{}}
variable "x" {{ default = null }}
variable "on" {{ default = true }}
resource "aws_ecs_service" "s" {{
  name            = var.x != null && var.x.on ? "on" : "off"
  launch_type     = var.unknown && false ? "a" : "b"
  task_definition = var.unknown || true ? "c" : "d"
  cluster         = var.unknown && true ? "e" : "f"
  platform_version = {chain} ? "linear" : "no"
}}"#
    );
    let inventory = load(&[("main.tf", text.as_str())]);
    let get = |attribute| value(&inventory, "aws_ecs_service.s", attribute);
    assert_eq!(get("name"), "off");
    assert_eq!(get("launch_type"), "b");
    assert_eq!(get("task_definition"), "c");
    assert!(get("cluster").as_str().is_some_and(|c| c.starts_with("${")));
    assert_eq!(get("platform_version"), "linear");
}

#[test]
fn ephemeral_resources_are_known_blocks_whose_values_are_unknown() {
    let inventory = load(&[(
        "main.tf",
        r#"ephemeral "google_client_config" "current" {}
provider "kubernetes" {
  token = ephemeral.google_client_config.current.access_token
}
resource "aws_ecs_service" "s" {
  name = ephemeral.google_client_config.current.project
}"#,
    )]);
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        messages(&inventory)
    );
    assert_eq!(inventory.stats.other_blocks.get("ephemeral"), Some(&1));
    let name = value(&inventory, "aws_ecs_service.s", "name");
    assert!(name.as_str().is_some_and(|n| n.starts_with("${")), "{name}");
}

#[test]
fn fileset_lists_the_repository_and_gives_for_each_its_keys() {
    let inventory = load(&[
        (
            "main.tf",
            r#"locals {
  teams = { for f in fileset("${path.module}/teams", "**/*.yaml") : trimsuffix(f, ".yaml") => f }
}
resource "aws_ecs_service" "team" {
  for_each = local.teams
  name     = each.value
}
resource "aws_ecs_service" "s" {
  name            = jsonencode(fileset("teams", "*.{yaml,json}"))
  task_definition = jsonencode(fileset("missing", "*"))
  launch_type     = jsonencode(fileset("teams", "[z-"))
}"#,
        ),
        ("teams/web.yaml", "name: web"),
        ("teams/ops/batch.yaml", "name: batch"),
        ("teams/notes.json", "{}"),
        ("teams/README.md", "#"),
    ]);
    let ids: Vec<&str> = inventory.resources.iter().map(|r| r.id.as_str()).collect();
    assert!(
        ids.contains(&"aws_ecs_service.team[\"ops/batch\"]"),
        "{ids:?}"
    );
    assert!(ids.contains(&"aws_ecs_service.team[\"web\"]"), "{ids:?}");
    let get = |attribute| value(&inventory, "aws_ecs_service.s", attribute);
    assert_eq!(get("name"), r#"["notes.json","web.yaml"]"#);
    // A missing directory holds no files, as in Terraform.
    assert_eq!(get("task_definition"), "[]");
    // A pattern Terraform refuses stays unknown.
    assert!(
        get("launch_type")
            .as_str()
            .is_some_and(|t| t.starts_with("${"))
    );
}

#[test]
fn an_output_the_module_lacks_is_an_error_unless_try_or_can_catches_it() {
    let module = r#"output "name" { value = "api" }"#;
    let caught = load(&[
        (
            "main.tf",
            r#"module "m" { source = "./m" }
resource "aws_ecs_cluster" "c" {
  name = try(module.m.names["api"], module.m.name)
  tags = { missing = can(module.m.names) }
}"#,
        ),
        ("m/main.tf", module),
    ]);
    assert!(messages(&caught).is_empty(), "{:?}", messages(&caught));
    assert_eq!(value(&caught, "aws_ecs_cluster.c", "name"), "api");
    let uncaught = load(&[
        (
            "main.tf",
            r#"module "m" { source = "./m" }
resource "aws_ecs_cluster" "c" { name = module.m.names }"#,
        ),
        ("m/main.tf", module),
    ]);
    assert_eq!(
        messages(&uncaught),
        ["main.tf:2:41: error: module `m` has no output `names`"]
    );
}

#[test]
fn quoted_references_of_terraform_0_11_read_as_references() {
    let inventory = load(&[(
        "main.tf",
        r#"provider "kubernetes" {
  alias = "west"
}

resource "aws_iam_role" "r" {}

resource "kubernetes_namespace" "app" {
  provider   = "kubernetes.west"
  depends_on = ["aws_iam_role.r"]
  metadata {
    name = "app"
  }
}
"#,
    )]);
    assert_eq!(messages(&inventory), Vec::<String>::new());
    let namespace = resource(&inventory, "kubernetes_namespace.app");
    assert_eq!(namespace.provider.as_deref(), Some("kubernetes.west"));
    let depends: Vec<(&str, String)> = namespace
        .references
        .iter()
        .filter(|r| r.kind == tfmap_loader::ReferenceKind::DependsOn)
        .map(|r| (r.target.as_str(), r.location.to_string()))
        .collect();
    assert_eq!(depends, [("aws_iam_role.r", "main.tf:9:18".to_string())]);
}

#[test]
fn a_module_whose_files_all_have_errors_is_not_said_to_have_none() {
    let inventory = load(&[
        ("main.tf", "module \"old\" {\n  source = \"./old\"\n}\n"),
        (
            "old/main.tf",
            "resource \"aws_s3_bucket_object\" \"o\" {\n  index.php = 1\n}\n",
        ),
    ]);
    let messages = messages(&inventory);
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages[0].starts_with("main.tf:1:1: error: module `old`: \"old\" cannot be read: every Terraform file in it has errors"), "{messages:?}");
    assert!(
        messages[1].starts_with("old/main.tf:2:8: error: HCL syntax error"),
        "{messages:?}"
    );
}

/// A pattern of the registry's ECS module: a feature flag computed from an optional
/// attribute (null when not given) of objects whose other attributes are unknown. The
/// flag is known, so the resources it switches off have no instance.
#[test]
fn a_known_attribute_beside_unknown_ones_decides_a_count() {
    let inventory = load(&[
        (
            "main.tf",
            r#"module "cluster" {
  source    = "./cluster"
  providers_config = { asg = { asg_arn = aws_autoscaling_group.a.arn } }
}
resource "aws_autoscaling_group" "a" {}"#,
        ),
        (
            "cluster/main.tf",
            r#"variable "providers_config" {
  type = map(object({
    asg_arn = optional(string)
    managed = optional(object({ role = string }))
  }))
}
locals {
  managed = anytrue([for k, v in var.providers_config : v.managed != null])
}
resource "aws_iam_role" "node" {
  count = local.managed ? 1 : 0
}
resource "aws_ecs_capacity_provider" "this" {
  for_each = var.providers_config
  name     = each.key
}"#,
        ),
    ]);
    let ids: Vec<&str> = inventory.resources.iter().map(|r| r.id.as_str()).collect();
    assert!(
        ids.contains(&r#"module.cluster.aws_ecs_capacity_provider.this["asg"]"#),
        "{ids:?}"
    );
    assert!(
        !ids.iter().any(|id| id.contains("aws_iam_role.node")),
        "{ids:?}"
    );
    assert!(
        messages(&inventory)
            .iter()
            .any(|m| m.contains("`module.cluster.aws_iam_role.node` has no instance")),
        "{:?}",
        messages(&inventory)
    );
}

/// A module call repeated over an empty collection is not drawn, and says so.
#[test]
fn a_module_call_with_no_instance_is_reported() {
    let inventory = load(&[
        (
            "main.tf",
            r#"variable "paths" {
  type    = object({ workflows = optional(string) })
  default = {}
}
locals {
  workflows = try(yamldecode(file(var.paths.workflows)), {})
}
module "sa" {
  source   = "./sa"
  for_each = local.workflows
}"#,
        ),
        (
            "sa/main.tf",
            r#"resource "google_service_account" "this" {}"#,
        ),
    ]);
    assert!(
        !inventory
            .resources
            .iter()
            .any(|r| r.id.contains("google_service_account")),
    );
    assert!(
        messages(&inventory)
            .iter()
            .any(|m| m
                .contains("`module.sa` has no instance (for_each = local.workflows gives none)")),
        "{:?}",
        messages(&inventory)
    );
}

/// `basename(path.cwd)` names a root after its directory, as the registry modules' examples
/// do (`name = "ex-${basename(path.cwd)}"`); the analysed directory's own name is unknown.
#[test]
fn path_cwd_names_the_root_by_its_directory() {
    let inventory = load(&[
        (
            "examples/karpenter/main.tf",
            r#"resource "aws_eks_cluster" "c" { name = "ex-${basename(path.cwd)}" }"#,
        ),
        (
            "main.tf",
            r#"resource "aws_eks_cluster" "top" { name = "ex-${basename(path.cwd)}" }"#,
        ),
    ]);
    assert_eq!(
        value(&inventory, "examples/karpenter:aws_eks_cluster.c", "name"),
        "ex-karpenter"
    );
    assert_eq!(
        value(&inventory, "aws_eks_cluster.top", "name"),
        "ex-${basename(path.cwd)}"
    );
}
