//! Each rule against its positive and negative fixtures: the exact subjects it flags, and
//! that it stays quiet where it should.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use tfmap_loader::LoadOptions;

fn flagged(rule: &str, dir: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(dir);
    let inventory = tfmap_loader::load_directory(&dir, &LoadOptions::default()).unwrap();
    let analysis = tfmap_model::analyze(inventory);
    let mut found: Vec<(String, String)> = analysis
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.subject.clone(), f.severity.as_str().to_string()))
        .collect();
    found.sort();
    found
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, String)> {
    expected
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn tfm001_flags_controller_owned_load_balancers() {
    assert_eq!(
        flagged("TFM001", "testdata/kubernetes/gke-lb-variants"),
        pairs(&[
            // The Ingress whose address is reserved in Terraform is information only.
            ("k8s/Ingress/default/ext-default", "info"),
            ("k8s/Ingress/default/int-gce", "warning"),
            ("k8s/Service/default/lb-external", "warning"),
            ("k8s/Service/default/lb-internal", "warning"),
        ])
    );
}

#[test]
fn tfm001_is_quiet_without_cloud_load_balancers() {
    assert!(flagged("TFM001", "testdata/kubernetes/selectors").is_empty());
    // An nginx-class Ingress on GKE and ClusterIP Services create no cloud load balancer.
    let gke = flagged("TFM001", "testdata/kubernetes/gke-lb-variants");
    assert!(
        !gke.iter()
            .any(|(s, _)| s.ends_with("/nginx-class") || s.ends_with("/web"))
    );
}

#[test]
fn tfm002_flags_alb_and_nlb_requests_without_a_controller() {
    assert_eq!(
        flagged("TFM002", "testdata/kubernetes/eks-lb-variants"),
        pairs(&[
            ("k8s/Ingress/default/group-a", "warning"),
            ("k8s/Ingress/default/group-b", "warning"),
            ("k8s/Ingress/default/web", "warning"),
            ("k8s/Service/default/nlb-ip", "warning"),
        ])
    );
}

#[test]
fn tfm002_is_quiet_when_the_controller_is_installed() {
    assert!(flagged("TFM002", "testdata/kubernetes/eks-with-controller").is_empty());
    assert!(flagged("TFM002", "examples/eks-api").is_empty());
}

#[test]
fn tfm003_flags_each_missing_addon_and_warns_when_an_hpa_needs_metrics() {
    assert_eq!(
        flagged("TFM003", "testdata/rules/tfm003-positive"),
        pairs(&[
            ("aws_eks_cluster.main", "info"),
            ("aws_eks_cluster.main", "info"),
            ("aws_eks_cluster.main", "warning")
        ])
    );
}

#[test]
fn tfm003_is_quiet_with_replacements_or_auto_mode() {
    assert!(flagged("TFM003", "testdata/rules/tfm003-negative").is_empty());
    assert!(flagged("TFM003", "testdata/rules/tfm003-auto-mode").is_empty());
}

#[test]
fn tfm002_and_tfm003_count_what_eks_blueprints_addons_installs() {
    let dir = "testdata/rules/tfm002-tfm003-blueprints-addons";
    assert!(flagged("TFM002", dir).is_empty());
    assert!(flagged("TFM003", dir).is_empty());
}

#[test]
fn tfm003_judges_eks_module_clusters_by_their_own_addons() {
    assert_eq!(
        flagged("TFM003", "testdata/rules/tfm003-eks-module-positive"),
        pairs(&[
            ("module.orders", "info"),
            ("module.orders", "info"),
            ("module.orders", "info"),
            ("module.tools", "info"),
        ])
    );
}

#[test]
fn tfm003_is_quiet_on_eks_module_clusters_with_addons_auto_mode_or_unknown_addons() {
    assert!(flagged("TFM003", "testdata/rules/tfm003-eks-module-negative").is_empty());
}

#[test]
fn tfm004_reads_the_fargate_profiles_of_an_eks_module_call() {
    // payments is selected by a profile of the module's `fargate_profiles`; shop is not.
    assert_eq!(
        flagged("TFM004", "testdata/kubernetes/eks-module-cluster"),
        pairs(&[("k8s/DaemonSet/payments/node-exporter", "warning")])
    );
}

#[test]
fn tfm004_flags_daemonsets_and_oversized_pods_on_fargate() {
    assert_eq!(
        flagged("TFM004", "testdata/rules/tfm004-positive"),
        pairs(&[
            ("k8s/DaemonSet/apps/log-agent", "warning"),
            ("k8s/Deployment/apps/huge", "warning")
        ])
    );
}

#[test]
fn tfm004_is_quiet_outside_selected_namespaces_and_within_limits() {
    assert!(flagged("TFM004", "testdata/rules/tfm004-negative").is_empty());
}

#[test]
fn tfm004_flags_host_access_privileges_and_gpus_on_fargate_by_wildcard_and_label() {
    assert_eq!(
        flagged("TFM004", "testdata/rules/tfm004-host-features-positive"),
        pairs(&[
            ("k8s/Deployment/team-net/sniffer", "warning"),
            ("k8s/Deployment/team-ops/tuner", "warning"),
            ("k8s/Job/team-ml/train", "warning"),
        ])
    );
}

#[test]
fn a_fargate_profile_runs_the_workloads_it_selects_and_only_those() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join("testdata/rules/tfm004-host-features-positive");
    let inventory = tfmap_loader::load_directory(&dir, &LoadOptions::default()).unwrap();
    let analysis = tfmap_model::analyze(inventory);
    let mut on_fargate: Vec<&str> = analysis
        .edges
        .iter()
        .filter(|e| {
            e.to == "aws_eks_fargate_profile.teams"
                && e.via.as_deref() == Some("fargate profile selector")
        })
        .map(|e| e.from.as_str())
        .collect();
    on_fargate.sort_unstable();
    assert_eq!(
        on_fargate,
        [
            "k8s/Deployment/team-net/sniffer",
            "k8s/Deployment/team-ops/tuner",
            "k8s/Job/team-ml/train"
        ]
    );
}

#[test]
fn tfm004_is_quiet_for_host_features_on_the_node_group() {
    assert!(flagged("TFM004", "testdata/rules/tfm004-host-features-negative").is_empty());
}

#[test]
fn tfm005_flags_services_that_outgrow_their_subnets() {
    assert_eq!(
        flagged("TFM005", "testdata/rules/tfm005-positive"),
        pairs(&[("aws_ecs_service.app", "warning")])
    );
}

#[test]
fn tfm005_is_quiet_with_room_or_unknown_cidrs() {
    assert!(flagged("TFM005", "testdata/rules/tfm005-negative").is_empty());
    assert!(flagged("TFM005", "testdata/rules/tfm005-unknown-cidr").is_empty());
}

#[test]
fn tfm006_flags_one_alb_per_service() {
    assert_eq!(
        flagged("TFM006", "testdata/rules/tfm006-positive"),
        pairs(&[
            ("aws_ecs_service.catalog", "info"),
            ("aws_ecs_service.orders", "info"),
            ("aws_ecs_service.payments", "info")
        ])
    );
}

#[test]
fn tfm006_is_quiet_behind_a_shared_alb() {
    assert!(flagged("TFM006", "testdata/rules/tfm006-negative").is_empty());
}

#[test]
fn tfm007_flags_gke_clusters_that_leave_deletion_protection_unset() {
    assert_eq!(
        flagged("TFM007", "testdata/rules/tfm007-positive"),
        pairs(&[
            ("google_container_cluster.preview", "info"),
            ("google_container_cluster.staging", "info")
        ])
    );
}

#[test]
fn tfm007_is_quiet_when_the_choice_is_written_or_unknown() {
    assert!(flagged("TFM007", "testdata/rules/tfm007-negative").is_empty());
}

#[test]
fn tfm008_flags_awsvpc_tasks_without_security_groups() {
    assert_eq!(
        flagged("TFM008", "testdata/rules/tfm008-positive"),
        pairs(&[
            ("aws_cloudwatch_event_target.nightly", "warning"),
            ("aws_ecs_service.api", "warning"),
            ("aws_ecs_service.worker", "warning")
        ])
    );
}

#[test]
fn tfm008_is_quiet_with_security_groups_unknown_lists_or_no_awsvpc() {
    assert!(flagged("TFM008", "testdata/rules/tfm008-negative").is_empty());
}

#[test]
fn tfm009_flags_ingresses_whose_status_is_read_without_waiting() {
    assert_eq!(
        flagged("TFM009", "testdata/rules/tfm009-positive"),
        pairs(&[
            ("kubernetes_ingress_v1.api", "warning"),
            ("kubernetes_ingress_v1.web", "warning")
        ])
    );
}

#[test]
fn tfm009_is_quiet_when_waiting_unknown_or_not_reading_the_status() {
    assert!(flagged("TFM009", "testdata/rules/tfm009-negative").is_empty());
}

#[test]
fn tfm010_flags_each_shared_ingress_group_once() {
    assert_eq!(
        flagged("TFM010", "testdata/rules/tfm010-positive"),
        pairs(&[
            // "shop" spans two namespaces and directories; "tools" stays in one.
            ("k8s/Ingress/orders/orders", "warning"),
            ("k8s/Ingress/tools/admin", "info")
        ])
    );
}

#[test]
fn tfm010_is_quiet_for_single_members_other_controllers_and_auto_mode() {
    assert!(flagged("TFM010", "testdata/rules/tfm010-negative").is_empty());
}

#[test]
fn tfm011_flags_controller_load_balancers_without_a_scheme() {
    assert_eq!(
        flagged("TFM011", "testdata/rules/tfm011-positive"),
        pairs(&[
            ("k8s/Ingress/shop/checkout", "info"),
            ("k8s/Ingress/shop/storefront", "info"),
            ("k8s/Service/shop/grpc", "info"),
            ("k8s/Service/shop/mqtt", "info"),
            ("kubernetes_ingress_v1.api", "info")
        ])
    );
}

#[test]
fn tfm011_is_quiet_when_the_scheme_is_written_shared_or_unknown() {
    assert!(flagged("TFM011", "testdata/rules/tfm011-negative").is_empty());
}

#[test]
fn tfm012_flags_dns_records_on_ephemeral_gke_ingress_addresses() {
    assert_eq!(
        flagged("TFM012", "testdata/rules/tfm012-positive"),
        pairs(&[
            ("kubernetes_ingress_v1.backoffice", "warning"),
            ("kubernetes_ingress_v1.web", "warning")
        ])
    );
}

#[test]
fn tfm012_is_quiet_with_a_reserved_address_no_record_unknown_annotations_or_another_class() {
    assert!(flagged("TFM012", "testdata/rules/tfm012-negative").is_empty());
}

/// (subject, knowledge rows) of a rule's findings on a fixture.
fn knowledge(rule: &str, dir: &str) -> Vec<(String, Vec<&'static str>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(dir);
    let inventory = tfmap_loader::load_directory(&dir, &LoadOptions::default()).unwrap();
    let mut found: Vec<(String, Vec<&'static str>)> = tfmap_model::analyze(inventory)
        .findings
        .iter()
        .filter(|f| f.rule == rule)
        .map(|f| (f.subject.clone(), f.knowledge.to_vec()))
        .collect();
    found.sort();
    found
}

#[test]
fn findings_carry_the_knowledge_rows_they_rest_on() {
    assert_eq!(
        knowledge("TFM008", "testdata/rules/tfm008-positive"),
        [
            (
                "aws_cloudwatch_event_target.nightly".to_string(),
                vec!["H14", "A12"]
            ),
            ("aws_ecs_service.api".to_string(), vec!["H14", "A6"]),
            ("aws_ecs_service.worker".to_string(), vec!["H14", "A6"]),
        ]
    );
    let scheme = knowledge("TFM011", "testdata/rules/tfm011-positive");
    assert!(scheme.contains(&("k8s/Ingress/shop/storefront".to_string(), vec!["H7", "E1"])));
    assert!(scheme.contains(&("k8s/Service/shop/mqtt".to_string(), vec!["H7", "E7"])));
    assert_eq!(
        knowledge("TFM012", "testdata/rules/tfm012-positive"),
        [
            (
                "kubernetes_ingress_v1.backoffice".to_string(),
                vec!["H8", "G10", "G5"]
            ),
            (
                "kubernetes_ingress_v1.web".to_string(),
                vec!["H8", "G10", "G4"]
            ),
        ]
    );
    // Every rule's finding cites at least one row, and only rows its rule lists.
    for dir in [
        "testdata/rules/tfm007-positive",
        "testdata/rules/tfm009-positive",
        "testdata/rules/tfm010-positive",
        "testdata/kubernetes/gke-lb-variants",
        "testdata/kubernetes/eks-lb-variants",
        "testdata/rules/tfm003-positive",
    ] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../..")
            .join(dir);
        let inventory = tfmap_loader::load_directory(&dir, &LoadOptions::default()).unwrap();
        for finding in tfmap_model::analyze(inventory).findings {
            let rule = tfmap_model::rules::rule(finding.rule).unwrap();
            assert!(!finding.knowledge.is_empty(), "{}", finding.message);
            assert!(
                finding
                    .knowledge
                    .iter()
                    .all(|row| rule.knowledge.contains(row)),
                "{}: {:?} not all in {:?}",
                finding.rule,
                finding.knowledge,
                rule.knowledge
            );
        }
    }
}

#[test]
fn tfm013_flags_autoscaled_ecs_services_that_do_not_ignore_desired_count() {
    assert_eq!(
        flagged("TFM013", "testdata/rules/tfm013-positive"),
        pairs(&[
            ("aws_ecs_service.api", "warning"),
            ("aws_ecs_service.worker", "warning")
        ])
    );
}

#[test]
fn tfm013_is_quiet_when_desired_count_is_ignored_or_nothing_scales() {
    assert!(flagged("TFM013", "testdata/rules/tfm013-negative").is_empty());
}

#[test]
fn tfm014_flags_inline_node_pools_and_an_unsized_removed_default_pool() {
    assert_eq!(
        flagged("TFM014", "testdata/rules/tfm014-positive"),
        pairs(&[
            ("google_container_cluster.batch", "warning"),
            ("google_container_cluster.web", "info")
        ])
    );
}

#[test]
fn tfm014_is_quiet_with_separate_pools_autopilot_or_unknown_mode() {
    assert!(flagged("TFM014", "testdata/rules/tfm014-negative").is_empty());
}
