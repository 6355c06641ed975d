//! `tfmap diff` and `tfmap check`: snapshots of every format, hostile names in Markdown, and
//! the exit codes a CI job gates on.

use crate::common::{analyse, root};
use std::process::Command;

fn exit_code(args: &[&str]) -> Option<i32> {
    Command::new(env!("CARGO_BIN_EXE_tfmap"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
        .status
        .code()
}

#[test]
fn diff_of_an_ingress_and_an_image_change() {
    let (base, head) = (analyse("testdata/diff/base"), analyse("testdata/diff/head"));
    let diff = tfmap_model::diff::diff(&base, &head);
    let added: Vec<&str> = diff.added.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        added,
        ["k8s/Ingress/default/web", "k8s/Service/default/web-public"]
    );
    let changed: Vec<(&str, &str)> = diff
        .changed
        .iter()
        .flat_map(|c| {
            c.changes
                .iter()
                .map(move |ch| (c.node.id.as_str(), ch.attribute.as_str()))
        })
        .collect();
    assert_eq!(
        changed,
        [
            ("aws_ecs_service.api", "desired_count"),
            ("aws_ecs_task_definition.api", "container api image")
        ]
    );
    assert_eq!(diff.implicit_added.len(), 10);
    assert!(
        diff.removed.is_empty()
            && diff.implicit_removed.is_empty()
            && diff.findings_removed.is_empty()
    );
    insta::assert_snapshot!("diff_text", tfmap_render::diff::text(&diff));
    insta::assert_snapshot!("diff_markdown", tfmap_render::diff::markdown(&diff));
    insta::assert_snapshot!("diff_json", tfmap_render::diff::json(&diff));
}

#[test]
fn no_change_is_said_so() {
    let base = analyse("testdata/diff/base");
    let diff = tfmap_model::diff::diff(&base, &base);
    assert!(diff.is_empty());
    assert_eq!(
        tfmap_render::diff::markdown(&diff),
        "<!-- tfmap:pr-comment -->\n### tfmap: No change to the architecture.\n\n"
    );
}

#[test]
fn hostile_names_stay_text_in_the_pr_comment() {
    let (base, head) = (
        analyse("testdata/diff/empty"),
        analyse("testdata/kubernetes/hostile-names"),
    );
    let markdown = tfmap_render::diff::markdown(&tfmap_model::diff::diff(&base, &head));
    assert!(markdown.contains("ns&lt;script&gt;"), "{markdown}");
    assert!(
        !markdown.contains("<script") && !markdown.contains("](javascript"),
        "{markdown}"
    );
    // Only tfmap's own HTML: the marker that starts the comment, and the details block.
    let marker = format!("{}\n", tfmap_render::comment::MARKER);
    let markdown = markdown
        .strip_prefix(&marker)
        .expect("the comment starts with its marker");
    let tags: Vec<&str> = markdown
        .match_indices('<')
        .map(|(i, _)| &markdown[i..(i + 10).min(markdown.len())])
        .collect();
    assert!(
        tags.iter().all(|t| t.starts_with("<details>")
            || t.starts_with("<summary>")
            || t.starts_with("</")),
        "{tags:?}"
    );
}

#[test]
fn exit_codes_gate_on_new_findings() {
    let (base, head) = ("testdata/diff/base", "testdata/diff/head");
    assert_eq!(
        exit_code(&["diff", base, head]),
        Some(1),
        "the new findings are warnings, at the default warning threshold"
    );
    assert_eq!(
        exit_code(&["diff", base, head, "--fail-on", "error"]),
        Some(0)
    );
    assert_eq!(
        exit_code(&["diff", base, head, "--fail-on", "never"]),
        Some(0)
    );
    assert_eq!(
        exit_code(&["check", "testdata/kubernetes/eks-lb-variants"]),
        Some(1),
        "check fails on warnings by default"
    );
    assert_eq!(
        exit_code(&["diff", head, base, "--fail-on", "info"]),
        Some(0),
        "removing findings never fails"
    );
    assert_eq!(exit_code(&["diff", base, "testdata/missing"]), Some(2));
    assert_eq!(
        exit_code(&["check", "testdata/rules/tfm002-none", "--fail-on", "info"]),
        Some(2)
    );
    assert_eq!(
        exit_code(&[
            "check",
            "testdata/kubernetes/eks-lb-variants",
            "--fail-on",
            "warning"
        ]),
        Some(1)
    );
    assert_eq!(
        exit_code(&[
            "check",
            "testdata/kubernetes/eks-lb-variants",
            "--fail-on",
            "never"
        ]),
        Some(0)
    );
    assert_eq!(
        exit_code(&[
            "check",
            "testdata/kubernetes/eks-with-controller",
            "--fail-on",
            "error"
        ]),
        Some(0)
    );
}
