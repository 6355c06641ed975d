//! The text report's ways in: `--platform`, `--cluster`, `--root`, `--workload`, `--quiet`,
//! `--verbose`.

use crate::common::{analyse, root};
use tfmap_render::text::{Filter, Options, render_with};

fn report(dir: &str, options: Options) -> String {
    render_with(&analyse(dir), dir, &options)
}

fn filtered(dir: &str, filter: Filter) -> String {
    report(
        dir,
        Options {
            filter,
            ..Options::default()
        },
    )
}

#[test]
fn platform_keeps_that_platforms_clusters_and_workloads() {
    let text = filtered(
        "examples/mixed-ecs-gke",
        Filter {
            platforms: vec![tfmap_model::Platform::Gke],
            ..Filter::default()
        },
    );
    assert!(text.contains("GKE cluster"), "{text}");
    assert!(!text.contains("ECS cluster"), "{text}");
    assert!(text.contains("Filtered: 1 of 2 workloads shown"), "{text}");
}

#[test]
fn workload_by_name_keeps_its_cluster_and_its_findings() {
    let text = filtered(
        "examples/eks-api",
        Filter {
            workloads: vec!["api".to_string()],
            ..Filter::default()
        },
    );
    assert!(text.contains("k8s/Deployment/shop/api"), "{text}");
    assert!(!text.contains("kubernetes_deployment_v1.web"), "{text}");
    assert!(text.contains("Service api makes"), "{text}");
    assert!(!text.contains("Ingress web makes"), "{text}");
}

#[test]
fn cluster_and_root_by_address() {
    let text = filtered(
        "examples/mixed-ecs-gke",
        Filter {
            clusters: vec!["aws_ecs_cluster.catalog".to_string()],
            ..Filter::default()
        },
    );
    assert!(text.contains("ECS cluster"), "{text}");
    assert!(!text.contains("GKE cluster"), "{text}");
    let text = filtered(
        "testdata/repositories/remote-state",
        Filter {
            roots: vec!["./network/".to_string()],
            ..Filter::default()
        },
    );
    assert!(!text.contains("ECS cluster"), "{text}");
}

#[test]
fn quiet_prints_findings_errors_and_the_summary() {
    let text = report(
        "examples/eks-api",
        Options {
            quiet: true,
            ..Options::default()
        },
    );
    assert!(text.starts_with("Findings\n"), "{text}");
    assert!(
        !text.contains("Diagnostics"),
        "info diagnostics are not printed: {text}"
    );
    assert!(!text.contains("aws_eks_node_group.general"), "{text}");
    assert!(text.ends_with("diagnostics: 1 info\n"), "{text}");
}

#[test]
fn verbose_lists_each_diagnostic_and_explains_each_implicit_part() {
    let dir = "testdata/terraform/report-noise";
    let grouped = report(dir, Options::default());
    assert!(
        grouped.contains("4 resources have no instance"),
        "{grouped}"
    );
    assert!(grouped.contains("listed above under"), "{grouped}");
    let verbose = report(
        dir,
        Options {
            verbose: true,
            ..Options::default()
        },
    );
    assert!(!verbose.contains("resources have no instance"), "{verbose}");
    assert!(!verbose.contains("listed above under"), "{verbose}");
    assert_eq!(verbose.matches("` has no instance").count(), 4, "{verbose}");
}

#[test]
fn filters_refuse_json() {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_tfmap"))
        .args([
            "analyze",
            "examples/eks-api",
            "--format",
            "json",
            "--platform",
            "eks",
        ])
        .current_dir(root())
        .output()
        .expect("tfmap runs");
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("narrow the text report"));
}
