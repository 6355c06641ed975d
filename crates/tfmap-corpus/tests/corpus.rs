//! The generator: the same seed gives the same bytes, the corpus reaches its size, it is
//! written only where asked, it is what `terraform fmt` writes, and tfmap analyses it with
//! no error.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};
use tfmap_corpus::{Options, generate};

fn options(resources: u64, seed: u64) -> Options {
    Options { resources, seed }
}

/// An empty scratch directory for one test, under cargo's target directory.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("corpus-{name}"));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

#[test]
fn same_seed_gives_the_same_bytes_and_another_seed_does_not() {
    let first = generate(&options(600, 42));
    let again = generate(&options(600, 42));
    assert!(first == again, "the same seed wrote different corpora");
    let other = generate(&options(600, 43));
    assert!(
        first.files != other.files,
        "seeds 42 and 43 wrote the same corpus"
    );
}

#[test]
fn reaches_the_requested_size_without_passing_it_by_more_than_one_root() {
    for resources in [1, 200, 2000] {
        let corpus = generate(&options(resources, 1));
        let total = corpus.counts.total();
        assert!(total >= resources, "{resources}: only {total} declared");
        assert!(total < resources + 60, "{resources}: {total} declared");
        assert!(corpus.counts.kubernetes_objects > 0 || resources < 100);
    }
    let small = generate(&options(200, 1)).counts.roots;
    let large = generate(&options(2000, 1)).counts.roots;
    assert!(
        large > 5 * small,
        "2,000 resources in {large} roots, 200 in {small}"
    );
}

#[test]
fn refuses_a_non_empty_directory_unless_forced() {
    let dir = scratch("non-empty");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("keep.txt"), "mine").unwrap();
    let corpus = generate(&options(50, 1));
    let error = corpus.write(&dir, false).unwrap_err();
    assert!(error.to_string().contains("not empty"), "{error}");
    assert!(
        !dir.join("README.md").exists(),
        "wrote into a non-empty directory"
    );

    corpus.write(&dir, true).unwrap();
    assert!(dir.join("README.md").exists());
    assert_eq!(
        std::fs::read_to_string(dir.join("keep.txt")).unwrap(),
        "mine"
    );

    let fresh = scratch("missing");
    corpus.write(&fresh, false).unwrap();
    let written = std::fs::read_to_string(fresh.join("modules/ecs-service/main.tf")).unwrap();
    assert_eq!(&written, &corpus.files["modules/ecs-service/main.tf"]);
}

#[test]
fn tfmap_analyses_a_generated_corpus_without_errors() {
    let dir = scratch("analysed");
    let corpus = generate(&options(400, 7));
    corpus.write(&dir, false).unwrap();
    let inventory =
        tfmap_loader::load_directory(&dir, &tfmap_loader::LoadOptions::default()).unwrap();
    assert_eq!(inventory.roots.len() as u64, corpus.counts.roots);
    assert_eq!(
        inventory.manifests.len() as u64,
        corpus.counts.kubernetes_objects
    );
    for resource_type in [
        "aws_ecs_service",
        "aws_lb_listener_rule",
        "aws_cloudwatch_event_target",
        "aws_launch_template",
        "google_container_node_pool",
        "kubernetes_deployment_v1",
    ] {
        assert!(
            inventory
                .resources
                .iter()
                .any(|r| r.resource_type == resource_type),
            "no {resource_type} in the corpus"
        );
    }
    let analysis = tfmap_model::analyze(inventory);
    let errors: Vec<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == tfmap_loader::Severity::Error)
        .map(|d| format!("{}: {}", d.location, d.message))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
    assert!(!analysis.workloads.is_empty());
}

/// `terraform fmt -check` is the closest offline check that the corpus is real Terraform
/// (it parses every file). Skipped, and says so, where terraform is not installed.
#[test]
fn terraform_fmt_accepts_the_corpus() {
    let Some(terraform) = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .map(|dir| dir.join("terraform"))
            .find(|path| path.is_file())
    }) else {
        eprintln!("skipped: terraform is not on PATH");
        return;
    };
    let dir = scratch("fmt");
    generate(&options(300, 3)).write(&dir, false).unwrap();
    let output = std::process::Command::new(terraform)
        .args(["fmt", "-check", "-recursive", "-diff"])
        .current_dir(&dir)
        .env("TF_IN_AUTOMATION", "1")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "terraform fmt would change:\n{}",
        String::from_utf8_lossy(&output.stdout)
    );
}
