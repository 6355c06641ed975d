//! The PR comment fits GitHub's limit whatever the size of the change: a change of more than
//! a thousand resources (the synthetic corpus, everything added) still gives a comment under
//! 65,536 characters that counts every change, lists as many as fit and says how many it
//! leaves out, with a diagram the real Mermaid CLI renders.

use crate::common;

use tfmap_loader::LoadOptions;
use tfmap_model::gate::{Threshold, of_diff};
use tfmap_render::comment::{GITHUB_LIMIT, MARKER, render};

fn corpus(resources: u64) -> tfmap_model::Analysis {
    let dir =
        std::env::temp_dir().join(format!("tfmap-comment-{resources}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let generated = tfmap_corpus::generate(&tfmap_corpus::Options { resources, seed: 7 });
    assert!(generated.counts.total() >= resources);
    generated.write(&dir, false).unwrap();
    let analysis = common::analyse_dir(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    analysis
}

/// The number in the table row `| {row} | … |`, in column `column` (1: added).
fn cell(markdown: &str, row: &str, column: usize) -> usize {
    let line = markdown
        .lines()
        .find(|l| l.starts_with(&format!("| {row} |")))
        .unwrap_or_else(|| panic!("no row {row}:\n{markdown}"));
    line.split('|')
        .nth(column + 1)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn a_change_of_a_thousand_resources_fits_a_github_comment() {
    let head = corpus(1_100);
    let base = tfmap_model::Analysis::default();
    let diff = tfmap_model::diff::diff(&base, &head);
    assert!(diff.added.len() >= 1_000, "{}", diff.added.len());
    let gate = of_diff(&diff, Threshold::DEFAULT);
    let markdown = render(&diff, Some(&head), Some(&gate));
    let characters = markdown.chars().count();
    assert!(characters < GITHUB_LIMIT, "{characters} characters");
    // The summary counts every change, not only those listed.
    assert_eq!(cell(&markdown, "Resources", 1), diff.added.len());
    assert_eq!(
        cell(&markdown, "Implicit resources", 1),
        diff.implicit_added.len()
    );
    assert_eq!(cell(&markdown, "Connections", 1), diff.edges_added.len());
    assert_eq!(cell(&markdown, "Findings", 1), diff.findings_added.len());
    assert!(markdown.starts_with(&format!(
        "{MARKER}\n### tfmap: {} resources added",
        diff.added.len()
    )));
    // Listed and left out add up to every change: each added node and implicit cause.
    let listed = markdown
        .split("#### Changes, most important first\n\n")
        .nth(1)
        .unwrap()
        .lines()
        .take_while(|l| l.starts_with("- **"))
        .count();
    let left_out: usize = markdown
        .split("**")
        .find_map(|part| part.strip_suffix(" more changes are not shown here"))
        .unwrap()
        .parse()
        .unwrap();
    let causes: std::collections::BTreeSet<&str> = diff
        .implicit_added
        .iter()
        .filter_map(|n| n.implicit.as_ref().map(|i| i.cause.as_str()))
        .collect();
    assert_eq!(listed + left_out, diff.added.len() + causes.len());
    assert!(markdown.contains("`tfmap-report` artifact"));
    // Implicit resources come before plain additions.
    let first_added = markdown.find("- **added** ").unwrap();
    let last_implicit = markdown.rfind("- **implicit** ").unwrap();
    assert!(last_implicit < first_added);
    mermaid_renders(&markdown);
}

/// The comment's diagram, collapsed, renders with the real Mermaid CLI.
fn mermaid_renders(markdown: &str) {
    let start = markdown.find("```mermaid\n").expect("a diagram") + "```mermaid\n".len();
    let end = start + markdown[start..].find("```").unwrap();
    let mermaid = &markdown[start..end];
    assert!(
        mermaid.contains("[["),
        "collapsed into summary nodes:\n{mermaid}"
    );
    let Some(mmdc) = common::tool("TFMAP_MMDC", "mmdc") else {
        return;
    };
    let scratch = std::env::temp_dir().join(format!("tfmap-comment-mmd-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let (input, output) = (scratch.join("diagram.mmd"), scratch.join("diagram.svg"));
    std::fs::write(&input, mermaid).unwrap();
    let mut command = std::process::Command::new(&mmdc);
    command
        .arg("-i")
        .arg(&input)
        .arg("-o")
        .arg(&output)
        .arg("--quiet");
    if let Some(config) = std::env::var_os("TFMAP_PUPPETEER_CONFIG") {
        command.arg("-p").arg(config);
    }
    let result = command.output().unwrap();
    assert!(
        result.status.success() && output.exists(),
        "Mermaid rejected the diagram:\n{}\n{mermaid}",
        String::from_utf8_lossy(&result.stderr)
    );
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn a_small_change_is_listed_whole() {
    let load = common::analyse;
    let (base, head) = (load("testdata/diff/base"), load("testdata/diff/head"));
    let diff = tfmap_model::diff::diff(&base, &head);
    let markdown = render(
        &diff,
        Some(&head),
        Some(&of_diff(&diff, Threshold::DEFAULT)),
    );
    assert!(
        !markdown.contains("more changes are not shown"),
        "{markdown}"
    );
    insta::assert_snapshot!("comment_small_change", markdown);
}

#[test]
fn every_limit_is_kept_and_the_counts_stay() {
    let head = corpus(300);
    let base = tfmap_model::Analysis::default();
    let diff = tfmap_model::diff::diff(&base, &head);
    for limit in [2_000, 8_000, 30_000] {
        let markdown = tfmap_render::comment::render_within(&diff, Some(&head), None, limit);
        assert!(markdown.len() <= limit, "{limit}: {}", markdown.len());
        assert_eq!(cell(&markdown, "Resources", 1), diff.added.len());
    }
}

/// The Action updates the comment that starts with the marker: every comment starts with it,
/// once, and a name written as the marker comes out escaped, so no other comment (nor a
/// name inside this one) can be taken for tfmap's.
#[test]
fn the_comment_starts_with_its_marker_and_names_cannot_forge_it() {
    let yaml = format!(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: \"{MARKER}\"\n  namespace: \"{MARKER}\"\n"
    );
    let files: tfmap_loader::MemoryFiles = [("app.yaml", yaml.as_str())].into_iter().collect();
    let paths: Vec<String> = files.paths().map(str::to_string).collect();
    let head = tfmap_model::analyze(
        tfmap_loader::load_files(&paths, &files, &LoadOptions::default()).unwrap(),
    );
    let base = tfmap_model::Analysis::default();
    let diff = tfmap_model::diff::diff(&base, &head);
    assert!(!diff.added.is_empty());
    let markdown = render(
        &diff,
        Some(&head),
        Some(&of_diff(&diff, Threshold::DEFAULT)),
    );
    assert!(
        markdown.starts_with(&format!("{MARKER}\n### tfmap: ")),
        "{markdown}"
    );
    assert_eq!(markdown.matches("<!--").count(), 1, "{markdown}");
    assert!(
        markdown.contains("&lt;!-- tfmap:pr-comment --&gt;"),
        "{markdown}"
    );
    // An empty change is a comment too: the previous one is updated to say so.
    let unchanged = tfmap_model::diff::diff(&head, &head);
    assert_eq!(
        render(&unchanged, Some(&head), None),
        format!("{MARKER}\n### tfmap: No change to the architecture.\n\n")
    );
}

/// The Action finds its comment by the marker tfmap writes: both must say the same.
#[test]
fn the_action_looks_for_the_marker_tfmap_writes() {
    let action = std::fs::read_to_string(common::root().join("action.yml")).unwrap();
    assert!(
        action.contains(&format!("marker='{MARKER}'")),
        "action.yml does not look for {MARKER}"
    );
}
