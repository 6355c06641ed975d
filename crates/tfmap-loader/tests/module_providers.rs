//! A module call's `providers` map: which provider configuration the resources inside a
//! module instance use, through nested calls, aliases and the quoted form of Terraform 0.11.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use tfmap_loader::{Inventory, LoadOptions, MemoryFiles, Severity, load_files};

fn load(files: &[(&str, &str)]) -> Inventory {
    let memory: MemoryFiles = files.iter().map(|(p, t)| (*p, *t)).collect();
    let paths: Vec<String> = memory.paths().map(str::to_string).collect();
    load_files(&paths, &memory, &LoadOptions::default()).expect("loads")
}

/// The configuration a resource uses, as `kubernetes.west` or `kubernetes in module.x`;
/// `-` when none.
fn config_of(inventory: &Inventory, id: &str) -> String {
    let resource = inventory
        .resources
        .iter()
        .find(|r| r.id == id)
        .unwrap_or_else(|| panic!("no resource {id}"));
    resource
        .provider_config
        .as_ref()
        .map_or("-".to_string(), ToString::to_string)
}

fn messages(inventory: &Inventory, severity: Severity) -> Vec<String> {
    inventory
        .diagnostics
        .iter()
        .filter(|d| d.severity == severity)
        .map(|d| d.message.clone())
        .collect()
}

const ROOT_PROVIDERS: &str = r#"
provider "kubernetes" {}
provider "kubernetes" {
  alias = "east"
}
provider "kubernetes" {
  alias = "west"
}
"#;

const APP: &str = r#"
resource "kubernetes_service_v1" "web" {}
resource "helm_release" "chart" {}
module "inner" {
  source = "../inner"
}
"#;

const INNER: &str = r#"resource "kubernetes_manifest" "m" {}"#;

#[test]
fn a_map_passes_the_callers_configuration_down_and_nested_calls_inherit_it() {
    let main = format!(
        r#"{ROOT_PROVIDERS}
module "east" {{
  source    = "./app"
  providers = {{ kubernetes = kubernetes.east }}
}}
module "west" {{
  source    = "./app"
  providers = {{ "kubernetes" = "kubernetes.west" }}
}}
module "plain" {{
  source = "./app"
}}
"#
    );
    let inventory = load(&[
        ("main.tf", &main),
        ("app/main.tf", APP),
        ("inner/main.tf", INNER),
    ]);
    assert_eq!(
        config_of(&inventory, "module.east.kubernetes_service_v1.web"),
        "kubernetes.east"
    );
    assert_eq!(
        config_of(&inventory, "module.west.kubernetes_service_v1.web"),
        "kubernetes.west"
    );
    assert_eq!(
        config_of(&inventory, "module.plain.kubernetes_service_v1.web"),
        "kubernetes"
    );
    // Nested without a map: the module's default, which is what its caller passed.
    assert_eq!(
        config_of(&inventory, "module.west.module.inner.kubernetes_manifest.m"),
        "kubernetes.west"
    );
    assert_eq!(
        config_of(&inventory, "module.east.module.inner.kubernetes_manifest.m"),
        "kubernetes.east"
    );
    // A provider the map does not name is inherited: the root's default helm.
    assert_eq!(
        config_of(&inventory, "module.west.helm_release.chart"),
        "helm"
    );
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        inventory.diagnostics
    );
}

#[test]
fn aliased_keys_and_the_provider_meta_argument_resolve_through_the_map() {
    let main = format!(
        r#"{ROOT_PROVIDERS}
module "app" {{
  source    = "./app"
  providers = {{ kubernetes = kubernetes.west }}
}}
"#
    );
    let app = r#"
module "ops" {
  source    = "../ops"
  providers = { kubernetes.target = kubernetes, kubernetes = kubernetes }
}
resource "kubernetes_namespace_v1" "quoted" {
  provider = "kubernetes"
}
"#;
    let ops = r#"
terraform {
  required_providers {
    kubernetes = {
      source                = "hashicorp/kubernetes"
      configuration_aliases = [kubernetes.target]
    }
  }
}
resource "kubernetes_namespace_v1" "ops" {
  provider = kubernetes.target
}
resource "kubernetes_namespace_v1" "default" {}
"#;
    let inventory = load(&[
        ("main.tf", &main),
        ("app/main.tf", app),
        ("ops/main.tf", ops),
    ]);
    assert_eq!(
        config_of(
            &inventory,
            "module.app.module.ops.kubernetes_namespace_v1.ops"
        ),
        "kubernetes.west"
    );
    assert_eq!(
        config_of(
            &inventory,
            "module.app.module.ops.kubernetes_namespace_v1.default"
        ),
        "kubernetes.west"
    );
    assert_eq!(
        config_of(&inventory, "module.app.kubernetes_namespace_v1.quoted"),
        "kubernetes.west"
    );
    let quoted = inventory
        .resources
        .iter()
        .find(|r| r.id == "module.app.kubernetes_namespace_v1.quoted")
        .unwrap();
    assert_eq!(quoted.provider.as_deref(), Some("kubernetes"));
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        inventory.diagnostics
    );
}

#[test]
fn a_modules_own_block_is_its_configuration_unless_it_is_an_empty_stand_in() {
    let main = format!(
        r#"{ROOT_PROVIDERS}
module "legacy" {{
  source = "./legacy"
}}
module "proxy" {{
  source    = "./proxy"
  providers = {{ kubernetes = kubernetes.east }}
}}
"#
    );
    let legacy = r#"
provider "kubernetes" {
  host = "https://example.invalid"
}
resource "kubernetes_service_v1" "web" {}
"#;
    let proxy = r#"
provider "kubernetes" {}
resource "kubernetes_service_v1" "web" {}
"#;
    let inventory = load(&[
        ("main.tf", &main),
        ("legacy/main.tf", legacy),
        ("proxy/main.tf", proxy),
    ]);
    assert_eq!(
        config_of(&inventory, "module.legacy.kubernetes_service_v1.web"),
        "kubernetes in module.legacy"
    );
    assert_eq!(
        config_of(&inventory, "module.proxy.kubernetes_service_v1.web"),
        "kubernetes.east"
    );
    // The module's blocks are listed with the module they belong to.
    let modules: Vec<(&str, &str)> = inventory
        .providers
        .iter()
        .map(|p| (p.module.as_str(), p.name.as_str()))
        .collect();
    assert!(
        modules.contains(&("module.legacy", "kubernetes")),
        "{modules:?}"
    );
}

#[test]
fn passing_an_aliased_configuration_the_caller_lacks_is_an_error_a_default_is_not() {
    let main = r#"
provider "kubernetes" {
  alias = "east"
}
module "app" {
  source    = "./app"
  providers = { kubernetes = kubernetes.west, helm = helm }
}
"#;
    let inventory = load(&[
        ("main.tf", main),
        ("app/main.tf", APP),
        ("inner/main.tf", INNER),
    ]);
    assert_eq!(
        messages(&inventory, Severity::Error),
        [
            "module `app`: `providers` passes `kubernetes.west` as `kubernetes`, but the root module has no `provider \"kubernetes\"` block with alias \"west\"; Terraform refuses a provider configuration that is not present"
        ]
    );
    // Nothing is guessed: the service uses no configuration tfmap can name.
    assert_eq!(
        config_of(&inventory, "module.app.kubernetes_service_v1.web"),
        "-"
    );
    // The root's default helm needs no block.
    assert_eq!(
        config_of(&inventory, "module.app.helm_release.chart"),
        "helm"
    );
}

#[test]
fn an_entry_tfmap_cannot_read_is_reported_and_its_configuration_stays_unknown() {
    let main = r#"
module "app" {
  source    = "./app"
  providers = { kubernetes = lookup(var.p, "k") }
}
"#;
    let inventory = load(&[
        ("main.tf", main),
        ("app/main.tf", APP),
        ("inner/main.tf", INNER),
    ]);
    let warnings = messages(&inventory, Severity::Warning);
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("does not name provider configurations")),
        "{warnings:?}"
    );
    assert_eq!(
        config_of(&inventory, "module.app.kubernetes_service_v1.web"),
        "-"
    );
    // What the map does not name is still inherited.
    assert_eq!(
        config_of(&inventory, "module.app.helm_release.chart"),
        "helm"
    );
}

#[test]
fn a_module_read_as_a_root_may_pass_on_the_aliases_it_expects() {
    // Its caller lives elsewhere: tfmap reads it as a root, and says nothing false.
    let main = r#"
terraform {
  required_providers {
    kubernetes = {
      source                = "hashicorp/kubernetes"
      configuration_aliases = [kubernetes.auto]
    }
  }
}
module "inner" {
  source    = "./inner"
  providers = { kubernetes.auto = kubernetes.auto }
}
"#;
    let inner = r#"
resource "kubernetes_namespace_v1" "n" {
  provider = kubernetes.auto
}
"#;
    let inventory = load(&[("main.tf", main), ("inner/main.tf", inner)]);
    assert!(
        inventory.diagnostics.is_empty(),
        "{:?}",
        inventory.diagnostics
    );
    // Nothing configures it here: no configuration, no cluster.
    assert_eq!(
        config_of(&inventory, "module.inner.kubernetes_namespace_v1.n"),
        "-"
    );
}
