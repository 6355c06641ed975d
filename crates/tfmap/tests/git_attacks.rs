//! `tfmap diff --git` against a hostile revision: `.gitattributes` that would run a filter
//! (a smudge command, a long-running filter process, LFS), rewrite contents
//! (`export-subst`) or hide files (`export-ignore`); a tree that names one large blob
//! thousands of times; revisions that look like options. The revision is read as stored,
//! nothing runs, nothing is written to the temporary directory.

use crate::common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A git repository in a temporary directory, removed when dropped.
struct Repo(PathBuf);

impl Repo {
    fn new(name: &str) -> Repo {
        let dir =
            std::env::temp_dir().join(format!("tfmap-git-attack-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let repo = Repo(dir);
        repo.git(&["init", "-q", "-b", "main"]);
        repo
    }

    fn git(&self, args: &[&str]) -> Output {
        let output = Command::new("git")
            .arg("-C")
            .arg(&self.0)
            .args([
                "-c",
                "user.name=tfmap test",
                "-c",
                "user.email=test@example.invalid",
                "-c",
                "commit.gpgsign=false",
            ])
            .args(args)
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("GIT_CONFIG_GLOBAL", "/dev/null")
            .output()
            .unwrap();
        assert!(output.status.success(), "git {args:?}: {output:?}");
        output
    }

    fn write(&self, path: &str, text: &str) {
        let path = self.0.join(path);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    fn commit(&self, message: &str) {
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--no-verify", "-m", message]);
    }
}

impl Drop for Repo {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Runs tfmap in the repository with TMPDIR set to an empty directory it must leave empty.
fn tfmap(repo: &Repo, args: &[&str]) -> (Option<i32>, String) {
    let tmp = repo.0.with_extension("tmp");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_tfmap"))
        .args(args)
        .current_dir(&repo.0)
        .env("TMPDIR", &tmp)
        .output()
        .unwrap();
    let left: Vec<_> = std::fs::read_dir(&tmp).unwrap().collect();
    assert!(left.is_empty(), "tfmap wrote into TMPDIR: {left:?}");
    let _ = std::fs::remove_dir_all(&tmp);
    (
        output.status.code(),
        String::from_utf8_lossy(&output.stdout).into_owned(),
    )
}

const CLUSTER: &str = "resource \"aws_ecs_cluster\" \"main\" {\n  name = \"main\"\n}\n";

fn service(name: &str, image: &str) -> String {
    format!(
        "resource \"aws_ecs_task_definition\" \"{name}\" {{\n  family = \"{name}\"\n  container_definitions = jsonencode([{{ name = \"app\", image = \"{image}\" }}])\n}}\n"
    )
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

fn ids(value: &serde_json::Value, pointer: &str) -> Vec<String> {
    value
        .pointer(pointer)
        .and_then(|v| v.as_array())
        .unwrap()
        .iter()
        .map(|n| n["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn filters_and_lfs_named_by_the_revision_never_run() {
    let repo = Repo::new("filters");
    let marker = repo.0.with_extension("ran");
    let _ = std::fs::remove_file(&marker);
    repo.write("main.tf", CLUSTER);
    repo.commit("base");
    repo.write(
        ".gitattributes",
        "*.tf filter=evil\nlfs/*.tf filter=lfs diff=lfs merge=lfs\n",
    );
    repo.write("api.tf", &service("api", "api:1.0"));
    repo.write("lfs/worker.tf", &service("worker", "worker:1.0"));
    repo.commit("head");
    // Filters a user may have configured; the revision's .gitattributes chooses when they
    // would run.
    let touch = format!("sh -c 'touch {}; cat'", marker.display());
    for (key, value) in [
        ("filter.evil.smudge", touch.as_str()),
        ("filter.evil.clean", touch.as_str()),
        ("filter.evil.process", touch.as_str()),
        ("filter.lfs.smudge", touch.as_str()),
        ("filter.lfs.process", touch.as_str()),
        ("filter.lfs.required", "true"),
        ("diff.lfs.textconv", touch.as_str()),
    ] {
        repo.git(&["config", key, value]);
    }
    let _ = std::fs::remove_file(&marker);

    let (code, out) = tfmap(
        &repo,
        &[
            "diff", "--git", "HEAD~1", "--head", "HEAD", "--format", "json",
        ],
    );
    assert_eq!(code, Some(0), "{out}");
    assert!(!marker.exists(), "a filter named by the revision ran");
    assert_eq!(
        ids(&json(&out), "/resources/added"),
        [
            "aws_ecs_task_definition.api",
            "lfs:aws_ecs_task_definition.worker"
        ]
    );
}

#[test]
fn export_attributes_neither_rewrite_nor_hide_files() {
    let repo = Repo::new("export");
    repo.write("main.tf", CLUSTER);
    repo.commit("base");
    repo.write(
        ".gitattributes",
        "hidden.tf export-ignore\nsubst.tf export-subst\n",
    );
    repo.write("hidden.tf", &service("hidden", "hidden:1.0"));
    repo.write("subst.tf", &service("subst", "app:$Format:%H$"));
    repo.commit("head");

    let (code, out) = tfmap(
        &repo,
        &[
            "diff", "--git", "HEAD~1", "--head", "HEAD", "--format", "json",
        ],
    );
    assert_eq!(code, Some(0), "{out}");
    let value = json(&out);
    assert_eq!(
        ids(&value, "/resources/added"),
        [
            "aws_ecs_task_definition.hidden",
            "aws_ecs_task_definition.subst"
        ]
    );
    // The image is read as committed, not with the commit id substituted.
    let (_, analysis) = tfmap(&repo, &["diff", "--git", "HEAD~1", "--head", "HEAD"]);
    assert!(
        analysis.contains("aws_ecs_task_definition.subst"),
        "{analysis}"
    );
    assert!(
        !out.contains(
            &String::from_utf8_lossy(&repo.git(&["rev-parse", "HEAD"]).stdout)
                .trim()
                .to_string()
        )
    );
}

#[test]
fn a_tree_naming_one_blob_thousands_of_times_stays_bounded() {
    let repo = Repo::new("tree-bomb");
    repo.write("main.tf", CLUSTER);
    repo.commit("base");
    // One 64 KiB blob named 2,000 times: 128 MiB if it were extracted.
    let blob_text = format!("# {}\n", "x".repeat(64 * 1024));
    let blob_file = repo.0.with_extension("blob");
    std::fs::write(&blob_file, &blob_text).unwrap();
    let id = String::from_utf8(
        repo.git(&["hash-object", "-w", blob_file.to_str().unwrap()])
            .stdout,
    )
    .unwrap();
    let _ = std::fs::remove_file(&blob_file);
    let main_id = String::from_utf8(repo.git(&["rev-parse", "HEAD:main.tf"]).stdout).unwrap();
    let mut listing = format!("100644 blob {}\tmain.tf\n", main_id.trim());
    for i in 0..2000 {
        listing.push_str(&format!("100644 blob {}\tcopy-{i:04}.tf\n", id.trim()));
    }
    let mut mktree = Command::new("git")
        .arg("-C")
        .arg(&repo.0)
        .arg("mktree")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    mktree
        .stdin
        .take()
        .unwrap()
        .write_all(listing.as_bytes())
        .unwrap();
    let tree = String::from_utf8(mktree.wait_with_output().unwrap().stdout).unwrap();
    let commit = String::from_utf8(
        repo.git(&["commit-tree", tree.trim(), "-p", "HEAD", "-m", "bomb"])
            .stdout,
    )
    .unwrap();

    let (code, out) = tfmap(
        &repo,
        &[
            "--max-total-size",
            "1048576",
            "diff",
            "--git",
            "HEAD",
            "--head",
            commit.trim(),
            "--format",
            "json",
        ],
    );
    // In path order, 15 copies fit in 1 MiB; the other 1,985 and main.tf (last) are named
    // as unread, and the gate fails.
    assert_eq!(code, Some(1), "{out}");
    let value = json(&out);
    let unread = value.pointer("/unread/added").unwrap().as_array().unwrap();
    assert_eq!(unread.len(), 2000 - 15 + 1);
    assert_eq!(unread[0]["reason"], "over the total size limit");
}

#[test]
fn revisions_that_look_like_options_are_refused() {
    let repo = Repo::new("options");
    repo.write("main.tf", CLUSTER);
    repo.commit("base");
    for revision in ["--output=/tmp/tfmap-pwned", "-h", "--all"] {
        let (code, _) = tfmap(&repo, &["diff", "--git", revision]);
        assert_eq!(code, Some(2), "{revision}");
    }
    assert!(!Path::new("/tmp/tfmap-pwned").exists());
}

/// Under `strace -f`, the only programs tfmap starts are `git` (with the hardened options)
/// and Graphviz's `dot`.
#[test]
fn only_git_and_dot_are_started_and_git_is_hardened() {
    let Some(strace) = common::tool("TFMAP_STRACE", "strace") else {
        return;
    };
    let repo = Repo::new("strace");
    repo.write("main.tf", CLUSTER);
    repo.commit("base");
    repo.write("api.tf", &service("api", "api:1.0"));
    repo.commit("head");
    let trace = repo.0.with_extension("trace");
    let run = |args: &[&str]| {
        let status = Command::new(&strace)
            .args(["-f", "-qq", "-e", "trace=execve", "-s", "512", "-o"])
            .arg(&trace)
            .arg(env!("CARGO_BIN_EXE_tfmap"))
            .args(args)
            .current_dir(&repo.0)
            .stdout(std::process::Stdio::null())
            .status()
            .unwrap();
        assert!(status.code().is_some());
        std::fs::read_to_string(&trace).unwrap()
    };
    let mut text = run(&[
        "diff", "--git", "HEAD~1", "--head", "HEAD", "--format", "markdown",
    ]);
    if common::tool("TFMAP_DOT", "dot").is_some() {
        text.push_str(&run(&["graph", ".", "--format", "svg"]));
    }
    let _ = std::fs::remove_file(&trace);
    let mut programs = Vec::new();
    for line in text
        .lines()
        .filter(|l| l.contains("execve(\"") && !l.contains("= -1"))
    {
        let program = line.split('"').nth(1).unwrap();
        let name = program.rsplit('/').next().unwrap();
        if program == env!("CARGO_BIN_EXE_tfmap") {
            continue;
        }
        assert!(
            name == "git" || name == "dot",
            "tfmap started {program}: {line}"
        );
        if name == "git" {
            for option in [
                "--no-replace-objects",
                "core.attributesFile=/dev/null",
                "core.hooksPath=/dev/null",
                "core.fsmonitor=false",
                "protocol.allow=never",
            ] {
                assert!(line.contains(option), "git without {option}: {line}");
            }
        }
        programs.push(name.to_string());
    }
    assert!(programs.iter().any(|p| p == "git"), "{text}");
}
