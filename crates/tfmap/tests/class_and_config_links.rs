//! The links classes, annotations and volumes make (issue #16): Ingress → IngressClass →
//! the release that serves it, Ingress → FrontendConfig and certificates, Service →
//! BackendConfig, workload → PersistentVolumeClaim → StorageClass. Each is drawn when its
//! target is declared, and never to something that is not.

use crate::common;

use tfmap_model::EdgeKind;

/// `from -> to (via)` for every `uses` edge of the analysis.
fn uses(files: &[(&str, &str)]) -> Vec<String> {
    common::edges_of_kind(files, EdgeKind::Uses)
}

const CLASSES: &str = r#"
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: a
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: example.com/a
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: plain
"#;

#[test]
fn an_ingress_without_a_class_takes_the_one_default_class() {
    assert_eq!(
        uses(&[("k8s.yaml", CLASSES)]),
        [
            "k8s/Ingress/default/plain -> k8s/IngressClass/a (ingressclass.kubernetes.io/is-default-class)"
        ]
    );
}

#[test]
fn two_default_classes_or_a_class_annotation_choose_no_default() {
    let second = r#"
---
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: b
  annotations:
    ingressclass.kubernetes.io/is-default-class: "true"
spec:
  controller: example.com/b
"#;
    let two = format!("{CLASSES}{second}");
    assert!(uses(&[("k8s.yaml", &two)]).is_empty());
    // GKE's `gce` class has no IngressClass object: no link, and not the default either.
    let annotated = CLASSES.replace(
        "  name: plain",
        "  name: plain\n  annotations:\n    kubernetes.io/ingress.class: gce",
    );
    assert!(uses(&[("k8s.yaml", &annotated)]).is_empty());
}

#[test]
fn an_ingress_class_is_served_by_the_release_of_its_controller_only() {
    let nginx = r#"
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
"#;
    let release = |chart: &str| {
        format!(
            r#"
resource "helm_release" "controller" {{
  name  = "edge"
  chart = "{chart}"
}}
"#
        )
    };
    assert_eq!(
        uses(&[
            ("k8s.yaml", nginx),
            ("main.tf", &release("ingress-nginx/ingress-nginx"))
        ]),
        ["k8s/IngressClass/nginx -> helm_release.controller (spec.controller)"]
    );
    assert!(uses(&[("k8s.yaml", nginx), ("main.tf", &release("traefik"))]).is_empty());
}

#[test]
fn a_certificate_is_linked_by_reference_or_name_never_by_a_literal_arn() {
    let terraform = r#"
resource "aws_acm_certificate" "web" {
  domain_name = "web.example.com"
}
resource "kubernetes_ingress_v1" "by_reference" {
  metadata {
    name = "by-reference"
    annotations = {
      "alb.ingress.kubernetes.io/certificate-arn" = aws_acm_certificate.web.arn
    }
  }
}
resource "kubernetes_ingress_v1" "literal" {
  metadata {
    name = "literal"
    annotations = {
      "alb.ingress.kubernetes.io/certificate-arn" = "arn:aws:acm:eu-west-1:123456789012:certificate/web"
    }
  }
}
"#;
    assert_eq!(
        uses(&[("main.tf", terraform)]),
        ["kubernetes_ingress_v1.by_reference -> aws_acm_certificate.web (metadata.annotations)"]
    );
}

#[test]
fn a_claim_links_to_its_storage_class_unless_it_asks_for_none() {
    let claims = r#"
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: fast
provisioner: example.com/disk
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: with-class
spec:
  storageClassName: fast
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata:
  name: no-class
spec:
  storageClassName: ""
---
apiVersion: v1
kind: Pod
metadata:
  name: worker
spec:
  containers:
    - name: worker
      image: example.com/worker:1
  volumes:
    - name: data
      persistentVolumeClaim:
        claimName: no-class
"#;
    assert_eq!(
        uses(&[("k8s.yaml", claims)]),
        [
            "k8s/PersistentVolumeClaim/default/with-class -> k8s/StorageClass/fast (spec.storageClassName)",
            "k8s/Pod/default/worker -> k8s/PersistentVolumeClaim/default/no-class (volumes)",
        ]
    );
}

#[test]
fn without_clusters_a_class_is_served_only_by_a_release_of_its_own_root_module() {
    let nginx = r#"
apiVersion: networking.k8s.io/v1
kind: IngressClass
metadata:
  name: nginx
spec:
  controller: k8s.io/ingress-nginx
"#;
    let release = r#"
resource "helm_release" "controller" {
  name  = "ingress-nginx"
  chart = "ingress-nginx"
}
"#;
    let other_stack = r#"
resource "helm_release" "elsewhere" {
  name  = "ingress-nginx"
  chart = "ingress-nginx"
}
"#;
    assert_eq!(
        uses(&[
            ("app/main.tf", release),
            ("app/k8s.yaml", nginx),
            ("other/main.tf", other_stack),
        ]),
        ["app:k8s/IngressClass/nginx -> app:helm_release.controller (spec.controller)"]
    );
}
