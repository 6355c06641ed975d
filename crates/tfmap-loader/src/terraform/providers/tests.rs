#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use super::*;

fn expression(text: &str) -> hcl::Expression {
    let body: hcl::Body = hcl::from_str(&format!("x = {text}\n")).unwrap();
    body.attributes().next().unwrap().expr().clone()
}

fn address(name: &str, alias: Option<&str>) -> LocalProvider {
    LocalProvider {
        name: name.to_string(),
        alias: alias.map(str::to_string),
    }
}

#[test]
fn addresses_parse_with_and_without_alias() {
    assert_eq!(
        LocalProvider::parse("kubernetes"),
        Some(address("kubernetes", None))
    );
    assert_eq!(
        LocalProvider::parse(" kubernetes.west "),
        Some(address("kubernetes", Some("west")))
    );
    for bad in [
        "",
        ".",
        "kubernetes.",
        "a.b.c",
        "kubernetes[0]",
        "1k8s",
        "kubernetes.we st",
    ] {
        assert_eq!(LocalProvider::parse(bad), None, "{bad:?}");
    }
}

#[test]
fn references_and_quoted_strings_name_the_same_address() {
    let west = Some(address("kubernetes", Some("west")));
    assert_eq!(
        LocalProvider::of_expression(&expression("kubernetes.west")),
        west
    );
    assert_eq!(
        LocalProvider::of_expression(&expression("\"kubernetes.west\"")),
        west
    );
    assert_eq!(
        LocalProvider::of_expression(&expression("kubernetes")),
        Some(address("kubernetes", None))
    );
    // An index, an interpolation or a call is no provider address.
    for bad in [
        "kubernetes.west[0]",
        "\"${var.p}\"",
        "lookup(var.p, \"x\")",
        "var.p.q",
    ] {
        assert_eq!(
            LocalProvider::of_expression(&expression(bad)),
            None,
            "{bad}"
        );
    }
}

#[test]
fn a_resource_type_implies_its_prefix() {
    assert_eq!(
        LocalProvider::implied("kubernetes_manifest"),
        address("kubernetes", None)
    );
    assert_eq!(
        LocalProvider::implied("helm_release"),
        address("helm", None)
    );
    assert_eq!(LocalProvider::implied("null"), address("null", None));
}

fn providers_attribute(text: &str) -> RawAttribute {
    RawAttribute {
        name: "providers".to_string(),
        expr: expression(text),
        references: Vec::new(),
        location: crate::location::Location::file_start(std::sync::Arc::from("main.tf")),
    }
}

#[test]
fn a_providers_map_reads_both_forms_and_aliased_keys() {
    let (map, refused) = passed(&providers_attribute(
        r#"{
  kubernetes        = kubernetes.west
  "helm"            = "helm.west"
  kubernetes.target = kubernetes
}"#,
    ));
    assert!(refused.is_empty(), "{refused:?}");
    assert_eq!(
        map.get(&address("kubernetes", None)),
        Some(&Some(address("kubernetes", Some("west"))))
    );
    assert_eq!(
        map.get(&address("helm", None)),
        Some(&Some(address("helm", Some("west"))))
    );
    assert_eq!(
        map.get(&address("kubernetes", Some("target"))),
        Some(&Some(address("kubernetes", None)))
    );
}

#[test]
fn what_is_not_a_provider_address_is_refused_not_guessed() {
    // The key still says which configuration is unknown.
    let (map, refused) = passed(&providers_attribute(
        r#"{ kubernetes = lookup(var.p, "k") }"#,
    ));
    assert_eq!(map.get(&address("kubernetes", None)), Some(&None));
    assert_eq!(refused.len(), 1);
    let (map, refused) = passed(&providers_attribute("var.providers"));
    assert!(map.is_empty());
    assert_eq!(refused.len(), 1);
}
