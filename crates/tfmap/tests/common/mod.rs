//! What the integration tests share: the workspace root, the analysis of a directory (the
//! commands' pipeline) or of in-memory files, git in a scratch repository, and finding the
//! external programs some tests check output with (Graphviz's `dot`, the Mermaid CLI).
//! Under CI (`CI` set) a missing program fails the test: `.ci/run` installs them. On a
//! developer machine without them the test says so and passes, so the README's test command
//! works anywhere.

use std::path::{Path, PathBuf};

/// The workspace root.
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Every directory with input: the examples and the fixture directories, sorted.
pub fn input_dirs() -> Vec<String> {
    let mut dirs = Vec::new();
    for parent in [
        "examples",
        "testdata/terraform",
        "testdata/kubernetes",
        "testdata/rules",
    ] {
        let mut entries: Vec<String> = std::fs::read_dir(root().join(parent))
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .filter(|e| e.path().is_dir())
            .map(|e| format!("{parent}/{}", e.file_name().to_string_lossy()))
            .collect();
        entries.sort();
        dirs.extend(entries);
    }
    dirs
}

/// The program named by `env_var`, or found on `PATH` as `name`.
pub fn tool(env_var: &str, name: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env_var)
        .map(PathBuf::from)
        .filter(|p| p.exists())
    {
        return Some(path);
    }
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file());
    if found.is_none() {
        let message =
            format!("`{name}` not found (set {env_var} or put it on PATH; .ci/run installs it)");
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("skipped: {message}");
    }
    found
}

/// Runs git in `repo` as a test author with no signing; fails the test when git fails.
pub fn git(repo: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .arg("-C")
        .arg(repo)
        .args([
            "-c",
            "user.name=tfmap test",
            "-c",
            "user.email=test@example.invalid",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .status()
        .unwrap();
    assert!(status.success(), "git {args:?}");
}

/// The analysis of a directory of the workspace (`examples/ecs-api`), through the
/// pipeline every command uses, with default options and configuration.
pub fn analyse(relative: &str) -> tfmap_model::Analysis {
    analyse_dir(&root().join(relative))
}

/// The analysis of any directory, as [`analyse`].
pub fn analyse_dir(dir: &Path) -> tfmap_model::Analysis {
    tfmap::pipeline::analyse(
        dir,
        &tfmap_loader::LoadOptions::default(),
        &tfmap_model::config::Config::default(),
        None,
    )
    .expect("the directory loads")
}

/// The analysis of in-memory files (path, text).
pub fn analyse_files(files: &[(&str, &str)]) -> tfmap_model::Analysis {
    use tfmap_loader::{LoadOptions, MemoryFiles, load_files};
    let memory: MemoryFiles = files.iter().map(|(p, t)| (*p, *t)).collect();
    let paths: Vec<String> = memory.paths().map(str::to_string).collect();
    let inventory = load_files(&paths, &memory, &LoadOptions::default()).expect("loads");
    tfmap_model::analyze(inventory)
}

/// `from -> to (via)` for every edge of `kind` in the analysis of in-memory files.
pub fn edges_of_kind(files: &[(&str, &str)], kind: tfmap_model::EdgeKind) -> Vec<String> {
    edge_lines(&analyse_files(files), kind)
}

/// `from -> to (via)` for every edge of `kind` in an analysis.
pub fn edge_lines(analysis: &tfmap_model::Analysis, kind: tfmap_model::EdgeKind) -> Vec<String> {
    analysis
        .edges
        .iter()
        .filter(|e| e.kind == kind)
        .map(|e| {
            format!(
                "{} -> {} ({})",
                e.from,
                e.to,
                e.via.as_deref().unwrap_or("")
            )
        })
        .collect()
}
