//! Repositories as people lay them out: `envs/<env>` calling `../../modules/<name>`. tfmap
//! walks the directory it is given and reads module directories up to the repository (found
//! by its `.git`, or `--repo-root`), never past it. A `.git` cannot be committed inside this
//! repository, so the tests that need one copy the fixture to a temporary directory.

use crate::common;

use serde_json::Value;
use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use tfmap_loader::LoadOptions;

const FIXTURE: &str = "testdata/repositories/envs-and-modules";

fn fixture() -> PathBuf {
    common::root().join(FIXTURE)
}

/// The analysis of `dir` as JSON, read up to `repository`.
fn analysis_json(dir: &Path, repository: Option<&Path>) -> Value {
    let options = LoadOptions {
        repository: repository.map(Path::to_path_buf),
        ..LoadOptions::default()
    };
    let inventory = tfmap_loader::load_directory(dir, &options).unwrap();
    let analysis = tfmap_model::analyze(inventory);
    serde_json::from_str(&tfmap_render::json::to_string(&analysis)).unwrap()
}

/// What a reader checks, compactly: nodes with their files, the semantic edges, the
/// diagnostics and the unread files.
fn report(json: &Value) -> String {
    let mut out = String::new();
    for node in json["nodes"].as_array().unwrap() {
        let _ = writeln!(
            out,
            "node {}  {}:{}",
            node["id"].as_str().unwrap(),
            node["file"].as_str().unwrap_or("-"),
            node["line"]
        );
    }
    for edge in json["edges"].as_array().unwrap() {
        if edge["kind"] != "reference" {
            let _ = writeln!(
                out,
                "edge {} -{}-> {}",
                edge["from"].as_str().unwrap(),
                edge["kind"].as_str().unwrap(),
                edge["to"].as_str().unwrap()
            );
        }
    }
    for diagnostic in json["diagnostics"].as_array().unwrap() {
        let _ = writeln!(
            out,
            "{}:{}: {}: {}",
            diagnostic["file"].as_str().unwrap(),
            diagnostic["line"],
            diagnostic["severity"].as_str().unwrap(),
            diagnostic["message"].as_str().unwrap()
        );
    }
    for unread in json["stats"]["unread"].as_array().unwrap() {
        let _ = writeln!(
            out,
            "unread {} ({})",
            unread["path"].as_str().unwrap(),
            unread["reason"].as_str().unwrap()
        );
    }
    out
}

#[test]
fn an_environment_follows_its_modules_up_to_the_repository() {
    for env in ["prod", "staging"] {
        let dir = fixture().join("envs").join(env);
        let json = analysis_json(&dir, Some(&fixture()));
        insta::assert_snapshot!(format!("envs_{env}"), report(&json));
    }
}

#[test]
fn without_a_repository_the_calls_stay_nodes_with_one_warning_each() {
    let json = analysis_json(&fixture().join("envs/prod"), None);
    insta::assert_snapshot!("envs_prod_alone", report(&json));
}

/// `value` as the repository root's analysis shows what the analysis of `envs/prod` shows:
/// ids without the root's prefix, files from the repository root.
fn as_seen_from_the_root(value: &Value, key: Option<&str>) -> Value {
    match value {
        Value::String(text) if key == Some("file") => {
            let repository_path = match text.strip_prefix("../../") {
                Some(outside) => outside.to_string(),
                None => format!("envs/prod/{text}"),
            };
            Value::String(repository_path)
        }
        Value::String(text) => Value::String(text.replace("envs/prod:", "")),
        Value::Array(items) => Value::Array(
            items
                .iter()
                .map(|item| as_seen_from_the_root(item, None))
                .collect(),
        ),
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| k.as_str() != "root")
                .map(|(k, v)| (k.clone(), as_seen_from_the_root(v, Some(k))))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The part of the root's analysis that belongs to `envs/prod`, with the prefix of its
/// ids removed.
fn keep_prod(value: &Value, list: &str, id_field: &str) -> Value {
    let kept = value[list]
        .as_array()
        .unwrap()
        .iter()
        .filter(|item| {
            item[id_field]
                .as_str()
                .is_some_and(|id| id.starts_with("envs/prod:"))
        })
        .map(|item| {
            let mut item = item.clone();
            if let Value::Object(map) = &mut item {
                map.remove("root");
            }
            strip_prod_prefix(&item)
        })
        .collect();
    Value::Array(kept)
}

fn strip_prod_prefix(value: &Value) -> Value {
    match value {
        Value::String(text) => Value::String(text.replace("envs/prod:", "")),
        Value::Array(items) => Value::Array(items.iter().map(strip_prod_prefix).collect()),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), strip_prod_prefix(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

#[test]
fn an_environment_draws_what_the_repository_root_draws_for_it() {
    let from_env = analysis_json(&fixture().join("envs/prod"), Some(&fixture()));
    let from_root = analysis_json(&fixture(), Some(&fixture()));
    for (list, id_field) in [("nodes", "id"), ("edges", "from"), ("workloads", "id")] {
        let env = as_seen_from_the_root(&from_env[list], None);
        let root = keep_prod(&from_root, list, id_field);
        assert!(
            !env.as_array().unwrap().is_empty(),
            "{list}: nothing to compare"
        );
        assert_eq!(env, root, "{list} differ");
    }
    assert_eq!(from_env["diagnostics"], Value::Array(Vec::new()));
    // Every module instance is there: the root's three calls, two of them for_each keys.
    assert_eq!(from_env["stats"]["module_instances"], 5);
}

#[test]
fn modules_read_on_demand_do_not_depend_on_the_thread_count() {
    let json = |threads| {
        let options = LoadOptions {
            repository: Some(fixture()),
            threads: Some(threads),
            ..LoadOptions::default()
        };
        let dir = fixture().join("envs/prod");
        let inventory = tfmap_loader::load_directory(&dir, &options).unwrap();
        tfmap_render::json::to_string(&tfmap_model::analyze(inventory))
    };
    assert_eq!(json(1), json(4));
}

#[test]
fn module_files_count_against_the_file_limit() {
    let options = LoadOptions {
        repository: Some(fixture()),
        limits: tfmap_loader::Limits {
            max_files: 5,
            ..Default::default()
        },
        ..LoadOptions::default()
    };
    let inventory = tfmap_loader::load_directory(&fixture().join("envs/prod"), &options).unwrap();
    let unread: Vec<(&str, &str)> = inventory
        .stats
        .unread
        .iter()
        .map(|u| (u.path.as_str(), u.reason.as_str()))
        .collect();
    // The walk reads three files; of the modules', two fit (alb's main.tf is listed first).
    assert_eq!(
        unread,
        [
            (
                "../../modules/ecs-service/outputs.tf",
                "over the file limit"
            ),
            (
                "../../modules/ecs-service/variables.tf",
                "over the file limit"
            ),
        ]
    );
}

/// A scratch directory removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("tfmap-repo-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        TempDir(dir.canonicalize().unwrap())
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap();
    for entry in fs::read_dir(from).unwrap().filter_map(Result::ok) {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Runs the binary; its exit code, standard output and standard error.
fn tfmap(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_tfmap"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    (
        output.status.code(),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

fn analyze_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["analyze", "envs/prod", "--format", "json"];
    all.extend(args);
    let (code, stdout, stderr) = tfmap(dir, &all);
    assert_eq!(code, Some(0), "{stderr}");
    serde_json::from_str(&stdout).unwrap()
}

#[test]
fn the_nearest_git_marks_the_repository() {
    let temp = TempDir::new("nearest-git");
    if tfmap_loader::boundary::enclosing_repository(&temp.0).is_some() {
        eprintln!("skipped: the temporary directory is inside a repository");
        return;
    }
    let repo = temp.0.join("repo");
    copy_dir(&fixture(), &repo);
    // No .git anywhere: only the analysed directory is read.
    let alone = analyze_json(&repo, &[]);
    assert_eq!(
        report(&alone),
        report(&analysis_json(&repo.join("envs/prod"), None))
    );
    let explicit = analyze_json(&repo, &["--repo-root", "."]);
    assert_eq!(
        report(&explicit),
        report(&analysis_json(&repo.join("envs/prod"), Some(&repo)))
    );
    // A .git directory, or a .git file as in a worktree or a submodule.
    fs::create_dir(repo.join(".git")).unwrap();
    assert_eq!(analyze_json(&repo, &[]), explicit);
    fs::remove_dir(repo.join(".git")).unwrap();
    fs::write(repo.join(".git"), "gitdir: /elsewhere\n").unwrap();
    assert_eq!(analyze_json(&repo, &[]), explicit);
    // The nearest one wins: a repository at envs/ holds no modules.
    fs::create_dir(repo.join("envs/.git")).unwrap();
    let nearer = analyze_json(&repo, &[]);
    assert_eq!(
        report(&nearer),
        report(&analysis_json(
            &repo.join("envs/prod"),
            Some(&repo.join("envs"))
        ))
    );
    assert!(report(&nearer).contains("leads outside the repository"));
    // --repo-root must hold the analysed directory.
    let (code, _, stderr) = tfmap(&repo, &["analyze", "envs/prod", "--repo-root", "modules"]);
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--repo-root modules"), "{stderr}");
}

#[cfg(unix)]
#[test]
fn calls_and_files_leading_out_of_the_repository_stay_nodes_and_read_nothing() {
    let temp = TempDir::new("hostile");
    let outside = temp.0.join("outside");
    fs::create_dir_all(&outside).unwrap();
    fs::write(
        outside.join("main.tf"),
        "resource \"aws_ecs_cluster\" \"stolen\" {\n  name = \"read-from-outside\"\n}\n",
    )
    .unwrap();
    fs::write(outside.join("secret.json"), "{\"stolen\": true}\n").unwrap();
    let repo = temp.0.join("repo");
    fs::create_dir_all(repo.join("envs/prod")).unwrap();
    fs::create_dir_all(repo.join("modules")).unwrap();
    fs::create_dir(repo.join(".git")).unwrap();
    std::os::unix::fs::symlink(&outside, repo.join("modules/linked")).unwrap();
    std::os::unix::fs::symlink(&outside, repo.join("envs/prod/inner")).unwrap();
    fs::create_dir(repo.join("modules/partly")).unwrap();
    fs::write(repo.join("modules/partly/main.tf"), GOOD_MODULE).unwrap();
    std::os::unix::fs::symlink(outside.join("main.tf"), repo.join("modules/partly/leak.tf"))
        .unwrap();
    fs::write(
        repo.join("envs/prod/main.tf"),
        r#"resource "aws_ecs_cluster" "good" {
  name = "still-analysed"
}
module "up" {
  source = "../../../outside"
}
module "etc" {
  source = "../../../../../../../../etc"
}
module "linked" {
  source = "../../modules/linked"
  name   = "kept-as-an-input"
}
module "inner" {
  source = "./inner"
}
module "partly" {
  source = "../../modules/partly"
}
resource "aws_ecs_task_definition" "t" {
  family                = "t"
  container_definitions = file("../../../outside/secret.json")
}
"#,
    )
    .unwrap();
    let json = analysis_json(&repo.join("envs/prod"), Some(&repo));
    let text = report(&json);
    assert!(!text.contains("stolen"), "{text}");
    let rendered = serde_json::to_string(&json).unwrap();
    assert!(!rendered.contains("read-from-outside"), "{rendered}");
    // The opaque node keeps its inputs.
    let linked = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == "module.linked")
        .unwrap();
    assert_eq!(linked["type"], "module");
    insta::assert_snapshot!("hostile_out_of_the_repository", text);
}

const GOOD_MODULE: &str = "resource \"aws_ecs_cluster\" \"inside\" {\n  name = \"module\"\n}\n";

#[test]
fn diff_of_two_environments_reads_their_modules() {
    let (code, stdout, stderr) = tfmap(
        &fixture(),
        &["diff", "envs/staging", "envs/prod", "--repo-root", "."],
    );
    assert_eq!(code, Some(0), "{stderr}");
    insta::assert_snapshot!("diff_staging_prod", stdout);
}

use common::git;

#[test]
fn diff_git_reads_the_modules_of_each_revision() {
    let temp = TempDir::new("git");
    let repo = temp.0.join("repo");
    copy_dir(&fixture(), &repo);
    git(&repo, &["init", "-q", "-b", "main"]);
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "base"]);
    let (code, unchanged, stderr) = tfmap(&repo, &["diff", "--git", "HEAD", "envs/staging"]);
    assert_eq!(code, Some(0), "{stderr}");
    // The change is in a module outside the analysed directory.
    let module = repo.join("modules/ecs-service/main.tf");
    let text = fs::read_to_string(&module).unwrap();
    let more = text.replace(
        "memory                   = 512",
        "memory                   = 2048",
    );
    assert_ne!(text, more);
    fs::write(&module, more).unwrap();
    git(&repo, &["commit", "-q", "-am", "more memory"]);
    let (code, stdout, stderr) = tfmap(
        &repo,
        &["diff", "--git", "HEAD~1", "--head", "HEAD", "envs/prod"],
    );
    assert_eq!(code, Some(0), "{stderr}");
    assert!(stdout.contains("2048"), "{stdout}");
    // The working tree against the last commit, both read up to the repository: the same.
    let (code, same, stderr) = tfmap(&repo.join("envs/prod"), &["diff", "--git", "HEAD"]);
    assert_eq!(code, Some(0), "{stderr}");
    insta::assert_snapshot!("diff_git_module_change", stdout);
    insta::assert_snapshot!("diff_git_no_change", format!("{unchanged}---\n{same}"));
}
