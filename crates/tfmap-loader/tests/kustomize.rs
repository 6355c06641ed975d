//! Issue #16: kustomizations are built in process. Each case says what `kustomize build`
//! gives for the same files.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use tfmap_core::Value;
use tfmap_loader::{Inventory, LoadOptions, MemoryFiles, load_files};

fn load(files: &[(&str, &str)]) -> Inventory {
    let memory: MemoryFiles = files.iter().map(|(p, t)| (*p, *t)).collect();
    let paths: Vec<String> = memory.paths().map(str::to_string).collect();
    load_files(&paths, &memory, &LoadOptions::default()).expect("loads")
}

fn object<'i>(inventory: &'i Inventory, built_by: &str, kind: &str) -> &'i Value {
    &inventory
        .manifests
        .iter()
        .find(|m| {
            m.built_by.as_deref() == Some(built_by)
                && m.object.get("kind").and_then(Value::as_str) == Some(kind)
        })
        .unwrap_or_else(|| panic!("no {kind} built by {built_by}"))
        .object
}

fn messages(inventory: &Inventory) -> Vec<String> {
    inventory
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect()
}

const DEPLOYMENT: &str = "apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  selector:
    matchLabels:
      app: api
  template:
    metadata:
      labels:
        app: api
    spec:
      containers:
        - name: api
          image: example.com/api:1.0
          ports:
            - containerPort: 8080
        - name: proxy
          image: example.com/proxy:3
";

#[test]
fn an_overlay_deploys_its_base_transformed_and_the_base_is_not_deployed_alone() {
    let inventory = load(&[
        ("base/kustomization.yaml", "resources: [deployment.yaml]\n"),
        ("base/deployment.yaml", DEPLOYMENT),
        (
            "prod/kustomization.yaml",
            "resources: [../base]
namespace: prod
nameSuffix: -v2
commonLabels: {env: prod}
commonAnnotations: {owner: team-a}
images:
  - {name: example.com/api, newName: registry.example.com/api, newTag: \"2.0\"}
patchesStrategicMerge:
  - |-
    apiVersion: apps/v1
    kind: Deployment
    metadata: {name: api}
    spec:
      template:
        spec:
          containers:
            - name: proxy
              $patch: delete
patchesJson6902:
  - target: {kind: Deployment, name: api}
    patch: |-
      - op: replace
        path: /spec/template/spec/containers/0/ports/0/containerPort
        value: 9090
",
        ),
    ]);
    assert!(
        messages(&inventory).is_empty(),
        "{:?}",
        messages(&inventory)
    );
    // Only the overlay's copy: the base is used by it, and its file is not deployed as is.
    assert_eq!(inventory.manifests.len(), 1);
    let deployment = object(&inventory, "prod", "Deployment");
    let at = |pointer: &str| deployment.pointer(pointer).cloned().unwrap_or_default();
    assert_eq!(at("/metadata/name"), "api-v2");
    assert_eq!(at("/metadata/namespace"), "prod");
    assert_eq!(at("/metadata/annotations/owner"), "team-a");
    assert_eq!(at("/spec/selector/matchLabels/env"), "prod");
    assert_eq!(at("/spec/template/metadata/labels/env"), "prod");
    assert_eq!(
        at("/spec/template/spec/containers/0/image"),
        "registry.example.com/api:2.0"
    );
    assert_eq!(
        at("/spec/template/spec/containers/0/ports/0/containerPort"),
        9090
    );
    assert_eq!(
        at("/spec/template/spec/containers")
            .as_array()
            .map(Vec::len),
        Some(1)
    );
    // Where it was written stays the base file.
    assert_eq!(
        &*inventory.manifests[0].location.file,
        "base/deployment.yaml"
    );
}

#[test]
fn what_is_not_built_is_said_and_a_broken_reference_is_an_error() {
    let inventory = load(&[
        (
            "app/kustomization.yaml",
            "resources:
  - github.com/example/base?ref=v1
  - missing.yaml
  - deployment.yaml
replacements: []
",
        ),
        ("app/deployment.yaml", DEPLOYMENT),
    ]);
    let messages = messages(&inventory);
    assert_eq!(messages.len(), 3, "{messages:?}");
    assert!(
        messages
            .iter()
            .any(|m| m.contains("warning: kustomize `replacements` is not built"))
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("info: remote kustomize resource"))
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("error: resource \"missing.yaml\""))
    );
    assert_eq!(inventory.manifests.len(), 1);
    assert_eq!(
        inventory
            .stats
            .skipped
            .get(tfmap_loader::kubernetes::kustomize::REMOTE_BASE),
        Some(&1)
    );
}

#[test]
fn a_kustomization_that_uses_itself_is_refused_once_not_followed_forever() {
    let inventory = load(&[
        ("a/kustomization.yaml", "resources: [../b]\n"),
        (
            "b/kustomization.yaml",
            "resources: [../a, deployment.yaml]\n",
        ),
        ("b/deployment.yaml", DEPLOYMENT),
    ]);
    // Each uses the other, so neither is an overlay: nothing is built, each says so, and
    // the files stay as they are.
    let messages = messages(&inventory);
    assert_eq!(messages.len(), 2, "{messages:?}");
    assert!(messages.iter().all(|m| m.contains("cycle")));
    assert_eq!(inventory.manifests.len(), 1);
    assert_eq!(inventory.manifests[0].built_by, None);
}

#[test]
fn without_kustomizations_manifests_are_deployed_as_written() {
    let inventory = load(&[("deployment.yaml", DEPLOYMENT)]);
    assert_eq!(inventory.manifests.len(), 1);
    assert_eq!(inventory.manifests[0].built_by, None);
    assert_eq!(
        inventory.manifests[0].object["spec"]["template"]["spec"]["containers"][1]["name"],
        "proxy"
    );
}
