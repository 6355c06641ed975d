//! Kubernetes objects inside a module run on the cluster of the provider configuration the
//! module call's `providers` map passes, and on no cluster when nothing provides the one
//! they need (never on the default's by guess).

use crate::common;

use tfmap_model::EdgeKind;

fn runs_on(files: &[(&str, &str)]) -> Vec<String> {
    common::edges_of_kind(files, EdgeKind::RunsOn)
}

const CLUSTERS: &str = r#"
resource "google_container_cluster" "east" {
  name = "east"
}
resource "google_container_cluster" "west" {
  name = "west"
}
provider "kubernetes" {
  host = google_container_cluster.east.endpoint
}
provider "kubernetes" {
  alias = "west"
  host  = google_container_cluster.west.endpoint
}
"#;

const APP: &str = r#"resource "kubernetes_namespace_v1" "app" {}"#;

#[test]
fn the_map_picks_the_cluster() {
    let main = format!(
        "{CLUSTERS}\nmodule \"west\" {{\n  source    = \"./app\"\n  providers = {{ kubernetes = kubernetes.west }}\n}}\nmodule \"east\" {{\n  source = \"./app\"\n}}\n"
    );
    assert_eq!(
        runs_on(&[("main.tf", &main), ("app/main.tf", APP)]),
        [
            "module.east.kubernetes_namespace_v1.app -> google_container_cluster.east (provider kubernetes)",
            "module.west.kubernetes_namespace_v1.app -> google_container_cluster.west (provider kubernetes.west)",
        ]
    );
}

#[test]
fn a_configuration_nothing_provides_ties_to_no_cluster() {
    let main = format!(
        "{CLUSTERS}\nmodule \"north\" {{\n  source    = \"./app\"\n  providers = {{ kubernetes = kubernetes.north }}\n}}\n"
    );
    assert!(runs_on(&[("main.tf", &main), ("app/main.tf", APP)]).is_empty());
}
