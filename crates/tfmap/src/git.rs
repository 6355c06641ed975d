//! Reading a revision of a git repository into a temporary directory with the real `git`
//! (`git archive`), so that `tfmap diff --git` never checks anything out over the user's
//! work tree and never runs hooks.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// A directory removed when dropped.
pub struct Scratch(pub PathBuf);

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout)
            .trim_end()
            .to_string())
    } else {
        Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

/// The tree of `path` (a directory inside a repository) at `revision`, extracted into a new
/// temporary directory. Returns the scratch directory and the path of `path` inside it.
pub fn checkout(path: &Path, revision: &str) -> Result<(Scratch, PathBuf), String> {
    let prefix = git(path, &["rev-parse", "--show-prefix"])?;
    let commit = git(
        path,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{revision}^{{commit}}"),
        ],
    )
    .map_err(|_| format!("{revision:?} is not a commit in this repository"))?;
    let scratch = Scratch(std::env::temp_dir().join(format!(
        "tfmap-git-{}-{}",
        std::process::id(),
        &commit[..12.min(commit.len())]
    )));
    let _ = std::fs::remove_dir_all(&scratch.0);
    std::fs::create_dir_all(&scratch.0)
        .map_err(|e| format!("cannot create {}: {e}", scratch.0.display()))?;
    let archive = scratch.0.join("tree.tar");
    let top = git(path, &["rev-parse", "--show-toplevel"])?;
    let mut args = vec!["archive", "--format=tar", "-o"];
    let archive_arg = archive.to_string_lossy().to_string();
    args.push(&archive_arg);
    args.push(&commit);
    if !prefix.is_empty() {
        args.push(&prefix);
    }
    git(Path::new(&top), &args)?;
    let status = Command::new("tar")
        .arg("-xf")
        .arg(&archive)
        .arg("-C")
        .arg(&scratch.0)
        .stdin(Stdio::null())
        .status()
        .map_err(|e| format!("cannot run tar: {e}"))?;
    if !status.success() {
        return Err("tar could not extract the git archive".to_string());
    }
    let _ = std::fs::remove_file(&archive);
    let inside = scratch.0.join(&prefix);
    std::fs::create_dir_all(&inside).map_err(|e| e.to_string())?;
    Ok((scratch, inside))
}
