//! The same input gives the same bytes whatever the file order or thread count, and tfmap
//! writes nothing inside the directory it analyses.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use tfmap_loader::{DiskFiles, LoadOptions};
use tfmap_render::view::{ViewOptions, build};

/// Every output format for one load of the files in the given order.
fn outputs(dir: &Path, paths: &[String], threads: usize) -> Vec<String> {
    let files = DiskFiles::new(dir, 16 * 1024 * 1024).unwrap();
    let options = LoadOptions {
        threads: Some(threads),
        ..LoadOptions::default()
    };
    let analysis = tfmap_model::analyze(tfmap_loader::load_files(paths, &files, &options).unwrap());
    let view = build(&analysis, &ViewOptions::default()).unwrap();
    // Everything added, as a PR comment would show it.
    let empty = tfmap_model::Analysis::default();
    let changes = tfmap_model::diff::diff(&empty, &analysis);
    vec![
        tfmap_render::diff::markdown_with_diagram(
            &changes,
            &analysis,
            &tfmap_model::gate::of_diff(&changes, tfmap_model::gate::Threshold::DEFAULT),
        ),
        tfmap_render::sarif::to_string(&analysis.findings),
        tfmap_render::json::to_string(&analysis),
        tfmap_render::text::render(&analysis, "x"),
        tfmap_render::dot::to_string(&view),
        tfmap_render::mermaid::to_string(&view),
        tfmap_render::compare::markdown(&analysis),
    ]
}

#[test]
fn file_order_and_threads_do_not_change_a_byte() {
    for relative in common::input_dirs() {
        let dir = common::root().join(&relative);
        let discovered = tfmap_loader::source::discover(
            &dir,
            &tfmap_loader::source::WalkOptions {
                include_tool_dirs: false,
                repository: None,
            },
        )
        .unwrap();
        let forward = discovered.files.clone();
        let mut backward = forward.clone();
        backward.reverse();
        // A fixed interleaving that is neither sorted nor reversed.
        let mut shuffled: Vec<String> = forward
            .iter()
            .step_by(2)
            .chain(forward.iter().skip(1).step_by(2))
            .cloned()
            .collect();
        shuffled.rotate_left(forward.len() / 3);
        let reference = outputs(&dir, &forward, 1);
        assert!(
            reference == outputs(&dir, &backward, 4),
            "{relative}: output depends on file order or threads"
        );
        assert!(
            reference == outputs(&dir, &shuffled, 2),
            "{relative}: output depends on file order"
        );
    }
}

/// Every file under a directory with its bytes and modification time.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, (Vec<u8>, Option<std::time::SystemTime>)> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(current) = stack.pop() {
        for entry in std::fs::read_dir(&current).unwrap().filter_map(Result::ok) {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let modified = entry.metadata().ok().and_then(|m| m.modified().ok());
                found.insert(
                    path.clone(),
                    (std::fs::read(&path).unwrap_or_default(), modified),
                );
            }
        }
    }
    found
}

#[test]
fn tfmap_writes_nothing_inside_the_analysed_tree() {
    let dir = common::root().join("examples/gke-api");
    let before = snapshot(&dir);
    let tfmap = env!("CARGO_BIN_EXE_tfmap");
    for args in [
        vec!["analyze", "--format", "json"],
        vec!["analyze"],
        vec!["graph", "--format", "mermaid"],
        vec!["graph", "--format", "json", "--all"],
        vec!["compare", "--format", "markdown"],
    ] {
        let output = std::process::Command::new(tfmap)
            .args(&args)
            .arg(&dir)
            .output()
            .unwrap();
        assert!(output.status.success(), "{args:?} failed");
    }
    assert!(
        before == snapshot(&dir),
        "tfmap changed files inside the analysed directory"
    );
}
