//! `terraform_remote_state` read statically: a data source matched to the root whose backend
//! writes that state reads its outputs, along a chain of stacks, and reaches the resources
//! behind them; what cannot be matched is said once.

use crate::common;
use crate::common::analyse_files as analyse;

use tfmap_model::{Analysis, EdgeKind};

fn attribute(analysis: &Analysis, id: &str, name: &str) -> String {
    let node = analysis.node(id).unwrap_or_else(|| panic!("no node {id}"));
    node.attributes
        .get(name)
        .and_then(|v| v.text())
        .map(|t| t.to_string())
        .unwrap_or_default()
}

fn edges(analysis: &Analysis, kind: EdgeKind) -> Vec<String> {
    common::edge_lines(analysis, kind)
}

fn infos(analysis: &Analysis) -> Vec<String> {
    analysis
        .diagnostics
        .iter()
        .map(|d| format!("{}: {}", d.location.file, d.message))
        .collect()
}

const NETWORK: &str = r#"
terraform {
  backend "local" {}
}
resource "aws_vpc" "main" {
  cidr_block = "10.0.0.0/16"
}
output "name" {
  value = "core"
}
output "vpc_id" {
  value = aws_vpc.main.id
}
"#;

const PLATFORM: &str = r#"
terraform {
  backend "gcs" {
    bucket = "state"
  }
}
data "terraform_remote_state" "net" {
  backend = "local"
  config  = { path = "../network/terraform.tfstate" }
}
output "vpc_name" {
  value = "${data.terraform_remote_state.net.outputs.name}-vpc"
}
output "vpc_id" {
  value = data.terraform_remote_state.net.outputs["vpc_id"]
}
"#;

const APPS: &str = r#"
variable "stack" {
  default = "platform"
}
data "terraform_remote_state" "platform" {
  backend = "gcs"
  config  = { bucket = "state", prefix = "stacks/${var.stack}/" }
}
resource "aws_security_group" "app" {
  name   = data.terraform_remote_state.platform.outputs.vpc_name
  vpc_id = data.terraform_remote_state.platform.outputs["vpc_id"]
}
data "terraform_remote_state" "with_defaults" {
  backend  = "gcs"
  config   = { bucket = "state", prefix = "stacks/platform" }
  defaults = { vpc_name = "unused", extra = "from-defaults" }
}
resource "aws_security_group" "defaults" {
  name = "${data.terraform_remote_state.with_defaults.outputs.vpc_name}+${data.terraform_remote_state.with_defaults.outputs.extra}"
}
resource "aws_security_group" "both" {
  name = "${data.terraform_remote_state.platform.outputs.vpc_name}/${data.terraform_remote_state.platform.outputs["vpc_name"]}"
}
"#;

#[test]
fn values_and_resources_pass_along_a_chain_of_stacks() {
    let analysis = analyse(&[
        ("network/main.tf", NETWORK),
        ("platform/main.tf", PLATFORM),
        ("platform/prod.tfbackend", "prefix = \"stacks/platform\"\n"),
        ("apps/main.tf", APPS),
    ]);
    assert_eq!(
        attribute(&analysis, "apps:aws_security_group.app", "name"),
        "core-vpc"
    );
    // `defaults` fill only the outputs the other root does not declare.
    assert_eq!(
        attribute(&analysis, "apps:aws_security_group.defaults", "name"),
        "core-vpc+from-defaults"
    );
    // One expression reading an output by name and by index.
    assert_eq!(
        attribute(&analysis, "apps:aws_security_group.both", "name"),
        "core-vpc/core-vpc"
    );
    assert_eq!(
        edges(&analysis, EdgeKind::ReadsState),
        ["apps:aws_security_group.app -> network:aws_vpc.main (vpc_id)"]
    );
    let through: Vec<&Vec<String>> = analysis
        .edges
        .iter()
        .filter(|e| e.kind == EdgeKind::ReadsState)
        .map(|e| &e.through)
        .collect();
    assert_eq!(
        through,
        [&vec![
            "data.terraform_remote_state.platform.outputs.vpc_id".to_string(),
            "platform:data.terraform_remote_state.net.outputs.vpc_id".to_string(),
        ]]
    );
    assert_eq!(
        infos(&analysis),
        [
            "apps/main.tf: remote state `data.terraform_remote_state.platform`: reads the outputs of root module `platform`, which writes the state gcs bucket \"state\" prefix \"stacks/platform\"",
            "apps/main.tf: remote state `data.terraform_remote_state.with_defaults`: reads the outputs of root module `platform`, which writes the state gcs bucket \"state\" prefix \"stacks/platform\"",
            "platform/main.tf: remote state `data.terraform_remote_state.net`: reads the outputs of root module `network`, which writes the state local path \"network/terraform.tfstate\"",
        ]
    );
}

#[test]
fn what_cannot_be_matched_is_one_info_each() {
    let twice = "terraform {\n  backend \"s3\" {\n    bucket = \"b\"\n    key = \"k\"\n  }\n}\n";
    let reader = r#"
variable "bucket" {}
data "terraform_remote_state" "twice" {
  backend = "s3"
  config  = { bucket = "b", key = "k" }
}
data "terraform_remote_state" "unknown" {
  backend = "s3"
  config  = { bucket = var.bucket, key = "k" }
}
data "terraform_remote_state" "consul" {
  backend = "consul"
  config  = { path = "x" }
}
data "terraform_remote_state" "nowhere" {
  backend = "azurerm"
  config  = { storage_account_name = "s", container_name = "c", key = "k" }
}
resource "aws_security_group" "x" {
  name = data.terraform_remote_state.twice.outputs.name
}
"#;
    let analysis = analyse(&[
        ("a/main.tf", twice),
        ("b/main.tf", twice),
        ("r/main.tf", reader),
    ]);
    assert_eq!(
        infos(&analysis),
        [
            "r/main.tf: remote state `data.terraform_remote_state.twice`: the state s3 bucket \"b\" key \"k\" is written by several root modules (a, b); its outputs stay unknown",
            "r/main.tf: remote state `data.terraform_remote_state.unknown`: the s3 backend's config is not known statically; its outputs stay unknown",
            "r/main.tf: remote state `data.terraform_remote_state.consul`: tfmap does not match the consul backend; its outputs stay unknown",
            "r/main.tf: remote state `data.terraform_remote_state.nowhere`: no root module here writes the state azurerm storage_account_name \"s\" container_name \"c\" key \"k\"; its outputs stay unknown",
        ]
    );
    assert_eq!(
        attribute(&analysis, "r:aws_security_group.x", "name"),
        "${data.terraform_remote_state.twice.outputs.name}"
    );
    assert!(edges(&analysis, EdgeKind::ReadsState).is_empty());
}

#[test]
fn a_cluster_read_by_name_from_another_stack_runs_the_objects() {
    let clusters = r#"
resource "google_container_cluster" "main" {
  name     = "prod"
  location = "europe-west1"
}
resource "google_container_cluster" "other" {
  name     = "prod"
  location = "us-east1"
}
"#;
    let apps = r#"
data "google_container_cluster" "prod" {
  name     = "prod"
  location = "europe-west1"
}
provider "kubernetes" {
  host = "https://${data.google_container_cluster.prod.endpoint}"
}
resource "kubernetes_namespace_v1" "shop" {}
"#;
    let analysis = analyse(&[("clusters/main.tf", clusters), ("apps/main.tf", apps)]);
    assert_eq!(
        edges(&analysis, EdgeKind::RunsOn),
        [
            "apps:kubernetes_namespace_v1.shop -> clusters:google_container_cluster.main (provider kubernetes)"
        ]
    );
}

#[test]
fn backend_settings_may_come_from_a_backend_tfvars_file() {
    let platform = r#"
terraform {
  backend "s3" {}
}
resource "aws_ecs_cluster" "main" {
  name = "main"
}
output "cluster" {
  value = aws_ecs_cluster.main.arn
}
"#;
    let apps = r#"
data "terraform_remote_state" "platform" {
  backend = "s3"
  config  = { bucket = "b", key = "platform.tfstate" }
}
resource "aws_ecs_service" "api" {
  name    = "api"
  cluster = data.terraform_remote_state.platform.outputs.cluster
}
"#;
    let analysis = analyse(&[
        ("platform/main.tf", platform),
        (
            "platform/backend.tfvars",
            "bucket = \"b\"\nkey    = \"platform.tfstate\"\n",
        ),
        ("apps/main.tf", apps),
    ]);
    assert_eq!(
        edges(&analysis, EdgeKind::RunsOn),
        ["apps:aws_ecs_service.api -> platform:aws_ecs_cluster.main (cluster)"]
    );
    assert_eq!(
        edges(&analysis, EdgeKind::ReadsState),
        ["apps:aws_ecs_service.api -> platform:aws_ecs_cluster.main (cluster)"]
    );
}

#[test]
fn stacks_reading_each_other_end() {
    let stack = |other: &str| {
        format!(
            "terraform {{\n  backend \"local\" {{}}\n}}\ndata \"terraform_remote_state\" \"other\" {{\n  backend = \"local\"\n  config  = {{ path = \"../{other}/terraform.tfstate\" }}\n}}\noutput \"name\" {{\n  value = \"${{data.terraform_remote_state.other.outputs.name}}x\"\n}}\nresource \"aws_ecs_cluster\" \"c\" {{\n  name = data.terraform_remote_state.other.outputs.name\n}}\n"
        )
    };
    let (a, b) = (stack("b"), stack("a"));
    let analysis = analyse(&[("a/main.tf", &a), ("b/main.tf", &b)]);
    assert!(analysis.node("a:aws_ecs_cluster.c").is_some());
    assert!(analysis.node("b:aws_ecs_cluster.c").is_some());
}

#[test]
fn a_gke_app_stack_gets_the_load_balancers_of_the_cluster_it_reads() {
    let cluster = r#"
terraform {
  backend "gcs" {
    bucket = "acme-state"
    prefix = "gke"
  }
}
resource "google_container_cluster" "main" {
  name               = "apps"
  location           = "europe-west1"
  initial_node_count = 1
}
output "endpoint" {
  value = google_container_cluster.main.endpoint
}
output "ca" {
  value = google_container_cluster.main.master_auth[0].cluster_ca_certificate
}
"#;
    let apps = r#"
data "terraform_remote_state" "gke" {
  backend = "gcs"
  config  = { bucket = "acme-state", prefix = "gke" }
}
provider "kubernetes" {
  host                   = "https://${data.terraform_remote_state.gke.outputs.endpoint}"
  cluster_ca_certificate = base64decode(data.terraform_remote_state.gke.outputs.ca)
}
resource "kubernetes_service_v1" "web" {
  metadata {
    name = "web"
  }
  spec {
    type     = "LoadBalancer"
    selector = { app = "web" }
    port {
      port = 80
    }
  }
}
"#;
    let analysis = analyse(&[("cluster/main.tf", cluster), ("apps/main.tf", apps)]);
    assert_eq!(
        edges(&analysis, EdgeKind::RunsOn),
        [
            "apps:kubernetes_service_v1.web -> cluster:google_container_cluster.main (provider kubernetes)"
        ]
    );
    let implicit: Vec<(&str, Option<&str>)> = analysis
        .nodes
        .iter()
        .filter(|n| n.implicit.is_some() && n.id.contains("kubernetes_service_v1.web"))
        .map(|n| {
            (
                n.id.as_str(),
                n.kubernetes.as_ref().and_then(|k| k.cluster.as_deref()),
            )
        })
        .collect();
    assert!(!implicit.is_empty());
    for (id, cluster) in implicit {
        assert_eq!(
            cluster,
            Some("cluster:google_container_cluster.main"),
            "{id}"
        );
    }
}

#[test]
fn a_repeated_remote_state_is_said_once() {
    let reader = r#"
data "terraform_remote_state" "each" {
  for_each = toset(["a", "b"])
  backend  = "local"
  config   = { path = "../${each.key}/terraform.tfstate" }
}
"#;
    let analysis = analyse(&[("r/main.tf", reader)]);
    assert_eq!(
        infos(&analysis),
        [
            "r/main.tf: remote state `data.terraform_remote_state.each` is repeated with count or for_each; tfmap does not match repeated remote states, their outputs stay unknown"
        ]
    );
}

#[test]
fn module_calls_and_resources_repeat_over_another_stacks_outputs() {
    let services = r#"
terraform {
  backend "local" {}
}
output "names" {
  value = ["web", "worker"]
}
"#;
    let apps = r#"
data "terraform_remote_state" "services" {
  backend = "local"
  config  = { path = "../services/terraform.tfstate" }
}
module "svc" {
  source   = "./svc"
  for_each = toset(data.terraform_remote_state.services.outputs.names)
  name     = each.key
}
resource "aws_ecs_cluster" "per" {
  for_each = toset(data.terraform_remote_state.services.outputs.names)
  name     = each.key
}
"#;
    let module =
        "variable \"name\" {}\nresource \"aws_ecs_cluster\" \"this\" {\n  name = var.name\n}\n";
    let analysis = analyse(&[
        ("services/main.tf", services),
        ("apps/main.tf", apps),
        ("apps/svc/main.tf", module),
    ]);
    let ids: Vec<&str> = analysis
        .nodes
        .iter()
        .filter(|n| n.resource_type == "aws_ecs_cluster")
        .map(|n| n.id.as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "apps:aws_ecs_cluster.per[\"web\"]",
            "apps:aws_ecs_cluster.per[\"worker\"]",
            "apps:module.svc[\"web\"].aws_ecs_cluster.this",
            "apps:module.svc[\"worker\"].aws_ecs_cluster.this",
        ]
    );
}
