//! `--repo-root` and the repository found by its `.git`: the boundary of what tfmap reads
//! around the analysed directory. Module sources and `file()` may lead up to it
//! (`../../modules/x`), never past it; without a repository, only the analysed directory
//! is read.

use std::path::{Path, PathBuf};

/// The repository around `dir`: `repo_root` (`--repo-root`), which must hold it, else the
/// nearest directory at or above it holding `.git`, else none.
pub fn around(dir: &Path, repo_root: Option<&Path>) -> Result<Option<PathBuf>, String> {
    let Some(root) = repo_root else {
        // A repository whose path to `dir` tfmap cannot write (not UTF-8) is no boundary:
        // the analysed directory alone is read, as without one.
        let found = tfmap_loader::boundary::enclosing_repository(dir);
        let usable = found.filter(|root| {
            dir.canonicalize()
                .is_ok_and(|real| tfmap_loader::boundary::place_in(&real, root).is_ok())
        });
        return Ok(usable);
    };
    let shown = root.display();
    let real_root = root
        .canonicalize()
        .map_err(|e| format!("--repo-root {shown}: {e}"))?;
    if !real_root.is_dir() {
        return Err(format!("--repo-root {shown}: not a directory"));
    }
    let real_dir = dir
        .canonicalize()
        .map_err(|e| format!("{}: {e}", dir.display()))?;
    tfmap_loader::boundary::place_in(&real_dir, &real_root)
        .map_err(|e| format!("--repo-root {shown}: {e}"))?;
    Ok(Some(real_root))
}

/// Where `dir` lies in its repository, `/`-separated (`infra`; `""` at the root, without a
/// repository, or when it cannot be told): SARIF paths start from the repository root.
pub fn place(dir: &Path, repo_root: Option<&Path>) -> String {
    let Ok(Some(root)) = around(dir, repo_root) else {
        return String::new();
    };
    let (Ok(root), Ok(dir)) = (root.canonicalize(), dir.canonicalize()) else {
        return String::new();
    };
    dir.strip_prefix(&root)
        .ok()
        .and_then(Path::to_str)
        .map(|inside| inside.replace(std::path::MAIN_SEPARATOR, "/"))
        .unwrap_or_default()
}
