//! Snapshot tests: every fixture directory under `testdata/` and every example is analysed and
//! its JSON (and, for examples, the text report) compared with the stored snapshot.

use crate::common::{analyse, root};

macro_rules! json_snapshot {
    ($($test:ident => $dir:literal),+ $(,)?) => {
        $(
            #[test]
            fn $test() {
                let analysis = analyse($dir);
                insta::assert_snapshot!(stringify!($test), tfmap_render::json::to_string(&analysis));
            }
        )+

        /// Every directory with a JSON snapshot.
        const SNAPSHOTTED: &[&str] = &[$($dir),+];
    };
}

/// A fixture directory added without a snapshot would test nothing: fail instead.
#[test]
fn every_fixture_directory_has_a_snapshot() {
    for parent in ["examples", "testdata/terraform", "testdata/kubernetes"] {
        for entry in std::fs::read_dir(root().join(parent)).unwrap() {
            let entry = entry.unwrap();
            if !entry.path().is_dir() {
                continue;
            }
            let dir = format!("{parent}/{}", entry.file_name().to_string_lossy());
            assert!(
                SNAPSHOTTED.contains(&dir.as_str()),
                "{dir} has no JSON snapshot: add it to json_snapshot! in {}",
                file!()
            );
        }
    }
}

json_snapshot! {
    refs_through_locals => "testdata/terraform/refs-through-locals",
    module_inputs_outputs => "testdata/terraform/module-inputs-outputs",
    templates_heredoc_for => "testdata/terraform/templates-heredoc-for",
    conditionals_and_prefixes => "testdata/terraform/conditionals-and-prefixes",
    optional_defaults => "testdata/terraform/optional-defaults",
    malformed_next_to_good => "testdata/terraform/malformed-next-to-good",
    ecs_user_data_registration => "testdata/terraform/ecs-user-data-registration",
    eks_self_managed_nodes => "testdata/terraform/eks-self-managed-nodes",
    file_function => "testdata/terraform/file-function",
    multiple_roots => "testdata/terraform/multiple-roots",
    remote_module => "testdata/terraform/remote-module",
    block_kinds => "testdata/terraform/block-kinds",
    commented_out => "testdata/terraform/commented-out",
    for_each_services => "testdata/terraform/for-each-services",
    count_for_each_edge_cases => "testdata/terraform/count-for-each-edge-cases",
    registry_modules_initialised => "testdata/terraform/registry-modules-initialised",
    json_syntax => "testdata/terraform/json-syntax",
    json_malformed => "testdata/terraform/json-malformed",
    json_kubernetes => "testdata/terraform/json-kubernetes",
    override_files => "testdata/terraform/override-files",
    variables_per_env => "testdata/terraform/variables-per-env",
    modules_and_namespaces => "testdata/terraform/modules-and-namespaces",
    accepted_by_terraform => "testdata/terraform/accepted-by-terraform",
    gke_inline_node_pools => "testdata/terraform/gke-inline-node-pools",
    legacy_0_11 => "testdata/terraform/legacy-0.11",
    opentofu => "testdata/terraform/opentofu",
    ecs_launchers => "testdata/terraform/ecs-launchers",
    report_noise => "testdata/terraform/report-noise",
    for_each_findings => "testdata/terraform/for-each-findings",
    example_ecs_api_json => "examples/ecs-api",
    example_ecs_batch_json => "examples/ecs-batch",
    example_gke_api_json => "examples/gke-api",
    example_gke_batch_json => "examples/gke-batch",
    example_eks_api_json => "examples/eks-api",
    example_mixed_ecs_gke_json => "examples/mixed-ecs-gke",
    k8s_multi_document => "testdata/kubernetes/multi-document",
    k8s_broken_yaml => "testdata/kubernetes/broken-yaml",
    k8s_not_kubernetes => "testdata/kubernetes/not-kubernetes",
    k8s_selectors => "testdata/kubernetes/selectors",
    k8s_ingress_backends => "testdata/kubernetes/ingress-backends",
    k8s_workload_refs => "testdata/kubernetes/workload-refs",
    k8s_gke_lb_variants => "testdata/kubernetes/gke-lb-variants",
    k8s_eks_lb_variants => "testdata/kubernetes/eks-lb-variants",
    k8s_eks_with_controller => "testdata/kubernetes/eks-with-controller",
    k8s_terraform_objects => "testdata/kubernetes/terraform-objects",
    k8s_hostile_names => "testdata/kubernetes/hostile-names",
    k8s_hostile_html => "testdata/kubernetes/hostile-html",
    k8s_same_app_per_environment => "testdata/kubernetes/same-app-per-environment",
    k8s_templated_block_scalar => "testdata/kubernetes/templated-block-scalar",
    k8s_candidate_clusters => "testdata/kubernetes/candidate-clusters",
    k8s_candidate_clusters_mixed => "testdata/kubernetes/candidate-clusters-mixed",
    k8s_kustomize_overlays => "testdata/kubernetes/kustomize-overlays",
    k8s_kubectl_manifests => "testdata/kubernetes/kubectl-manifests",
    k8s_eks_auto_mode => "testdata/kubernetes/eks-auto-mode",
    k8s_declared_twice => "testdata/kubernetes/declared-twice",
    k8s_ingress_nginx_chart => "testdata/kubernetes/ingress-nginx-chart",
    k8s_eks_module_cluster => "testdata/kubernetes/eks-module-cluster",
    k8s_gke_module_clusters => "testdata/kubernetes/gke-module-clusters",
    k8s_gke_class_and_config_links => "testdata/kubernetes/gke-class-and-config-links",
    k8s_eks_certificate_and_class_links => "testdata/kubernetes/eks-certificate-and-class-links",
    k8s_service_selects_rc_and_pods => "testdata/kubernetes/service-selects-rc-and-pods",
    module_providers => "testdata/repositories/module-providers",
    remote_state => "testdata/repositories/remote-state",
    root_kinds => "testdata/repositories/root-kinds",
    terragrunt => "testdata/repositories/terragrunt",
}

macro_rules! text_snapshot {
    ($($test:ident => $dir:literal),+ $(,)?) => {
        $(
            #[test]
            fn $test() {
                let analysis = analyse($dir);
                insta::assert_snapshot!(stringify!($test), tfmap_render::text::render(&analysis, $dir));
            }
        )+
    };
}

text_snapshot! {
    example_ecs_api_text => "examples/ecs-api",
    example_ecs_batch_text => "examples/ecs-batch",
    example_gke_api_text => "examples/gke-api",
    example_gke_batch_text => "examples/gke-batch",
    example_eks_api_text => "examples/eks-api",
    example_mixed_ecs_gke_text => "examples/mixed-ecs-gke",
    malformed_next_to_good_text => "testdata/terraform/malformed-next-to-good",
    ecs_launchers_text => "testdata/terraform/ecs-launchers",
    k8s_candidate_clusters_text => "testdata/kubernetes/candidate-clusters",
    k8s_candidate_clusters_mixed_text => "testdata/kubernetes/candidate-clusters-mixed",
    k8s_kustomize_overlays_text => "testdata/kubernetes/kustomize-overlays",
    k8s_kubectl_manifests_text => "testdata/kubernetes/kubectl-manifests",
    k8s_eks_auto_mode_text => "testdata/kubernetes/eks-auto-mode",
    k8s_declared_twice_text => "testdata/kubernetes/declared-twice",
    k8s_eks_module_cluster_text => "testdata/kubernetes/eks-module-cluster",
    k8s_gke_module_clusters_text => "testdata/kubernetes/gke-module-clusters",
    remote_state_text => "testdata/repositories/remote-state",
    root_kinds_text => "testdata/repositories/root-kinds",
    terragrunt_text => "testdata/repositories/terragrunt",
    legacy_0_11_text => "testdata/terraform/legacy-0.11",
    gke_inline_node_pools_text => "testdata/terraform/gke-inline-node-pools",
    report_noise_text => "testdata/terraform/report-noise",
    for_each_findings_text => "testdata/terraform/for-each-findings",
}
