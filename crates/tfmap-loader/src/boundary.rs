//! Where reading stops. tfmap walks the directory the user named, but a module call may lead
//! up the tree (`../../modules/x`) and Terraform follows it, so the limit of what may be read
//! is the boundary around the analysed directory: the enclosing repository, or the analysed
//! directory itself when there is none.
//!
//! Paths stay relative to the analysed directory, so that everything inside it reads as
//! before; a file outside it is written the shortest way from the analysed directory
//! (`../../modules/x/main.tf`). One file has one such path, so locations stay unique.

use std::path::{Path, PathBuf};

/// The analysed directory's place inside the boundary, as path arithmetic: which relative
/// paths stay inside, and their one canonical form.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Boundary {
    /// The analysed directory's path from the boundary, one name per level: empty when the
    /// analysed directory is the boundary.
    analysed: Vec<String>,
    /// True when the boundary is a repository (found by its `.git`, or `--repo-root`), for
    /// messages; false when it is the analysed directory.
    repository: bool,
}

/// The boundary every reader has when it is given none: the analysed directory.
pub static ANALYSED_DIRECTORY: Boundary = Boundary {
    analysed: Vec::new(),
    repository: false,
};

impl Boundary {
    /// A repository whose root holds the analysed directory at `analysed` (a relative path
    /// such as `envs/prod`, or `.`); `None` when the path climbs or is absolute.
    pub fn repository(analysed: &str) -> Option<Boundary> {
        let analysed = components(analysed)?;
        Some(Boundary {
            analysed,
            repository: true,
        })
    }

    /// What the boundary is, for messages: "the repository" or "the analysed directory".
    pub fn describe(&self) -> &'static str {
        if self.repository {
            "the repository"
        } else {
            "the analysed directory"
        }
    }

    /// `path` (relative to the analysed directory, `..` allowed) as a path from the boundary
    /// (`.` for the boundary itself); `None` when it climbs out of the boundary or is
    /// absolute.
    pub fn to_boundary(&self, path: &str) -> Option<String> {
        if path.starts_with('/') {
            return None;
        }
        let mut parts: Vec<&str> = self.analysed.iter().map(String::as_str).collect();
        for part in path.split('/') {
            match part {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                name => parts.push(name),
            }
        }
        Some(if parts.is_empty() {
            ".".to_string()
        } else {
            parts.join("/")
        })
    }

    /// A path from the boundary as the analysed directory sees it: `main.tf` inside it,
    /// `../../modules/x` outside.
    pub fn from_boundary(&self, path: &str) -> String {
        let parts: Vec<&str> = path
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .collect();
        let common = self
            .analysed
            .iter()
            .zip(&parts)
            .take_while(|(a, b)| a.as_str() == **b)
            .count();
        let mut out: Vec<&str> = vec![".."; self.analysed.len() - common];
        out.extend(&parts[common..]);
        if out.is_empty() {
            ".".to_string()
        } else {
            out.join("/")
        }
    }

    /// The canonical form of a path relative to the analysed directory (`a/./b/../c` is
    /// `a/c`, `../prod/x` seen from `envs/prod` is `x`); `None` when it leaves the boundary.
    pub fn normalize(&self, path: &str) -> Option<String> {
        self.to_boundary(path)
            .map(|inside| self.from_boundary(&inside))
    }

    /// A path written in the module at `dir`, joined to it and made canonical.
    pub fn join(&self, dir: &str, path: &str) -> Option<String> {
        if dir == "." {
            self.normalize(path)
        } else {
            self.normalize(&format!("{dir}/{path}"))
        }
    }
}

/// The boundary of the repository at `repository` around the analysed directory `analysed`
/// (both canonical). An error when the analysed directory is not inside the repository, or
/// its path there is not UTF-8.
pub fn place_in(analysed: &Path, repository: &Path) -> std::io::Result<Boundary> {
    let invalid = |message: String| std::io::Error::new(std::io::ErrorKind::InvalidInput, message);
    let inside = analysed.strip_prefix(repository).map_err(|_| {
        invalid(format!(
            "{} is not inside the repository root {}",
            analysed.display(),
            repository.display()
        ))
    })?;
    let inside = inside
        .to_str()
        .ok_or_else(|| invalid(format!("{} is not a UTF-8 path", inside.display())))?;
    Boundary::repository(inside).ok_or_else(|| invalid(format!("{inside} is not a relative path")))
}

/// The nearest directory at or above `dir` holding `.git` (a directory, or a file as in a
/// worktree or a submodule): the repository whose files a module call may reach.
pub fn enclosing_repository(dir: &Path) -> Option<PathBuf> {
    let real = dir.canonicalize().ok()?;
    real.ancestors()
        .find(|candidate| candidate.join(".git").symlink_metadata().is_ok())
        .map(Path::to_path_buf)
}

/// True for a canonical path outside the analysed directory (`../x`).
pub fn is_outside_analysed(path: &str) -> bool {
    path == ".." || path.starts_with("../")
}

/// The names of a relative path without `.`; `None` when it climbs or is absolute.
fn components(path: &str) -> Option<Vec<String>> {
    if path.starts_with('/') {
        return None;
    }
    let mut parts = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => return None,
            name => parts.push(name.to_string()),
        }
    }
    Some(parts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_analysed_directory_alone_refuses_every_climb() {
        let boundary = &ANALYSED_DIRECTORY;
        assert_eq!(boundary.normalize("a/./b/../c").as_deref(), Some("a/c"));
        assert_eq!(boundary.normalize("./").as_deref(), Some("."));
        assert_eq!(boundary.normalize("../x"), None);
        assert_eq!(boundary.normalize("/etc/passwd"), None);
        assert_eq!(boundary.join("envs", "../../x"), None);
    }

    #[test]
    fn a_repository_lets_paths_climb_to_its_root_and_no_further() {
        let boundary = Boundary::repository("envs/prod").unwrap_or_default();
        assert_eq!(
            boundary.join(".", "../../modules/x").as_deref(),
            Some("../../modules/x")
        );
        assert_eq!(
            boundary.to_boundary("../../modules/x").as_deref(),
            Some("modules/x")
        );
        assert_eq!(boundary.join(".", "../../../etc"), None);
        assert_eq!(boundary.normalize("/etc"), None);
        // Out and back in is the same file, with the same path.
        assert_eq!(
            boundary.normalize("../prod/main.tf").as_deref(),
            Some("main.tf")
        );
        assert_eq!(
            boundary.join("../../modules/a", "../b").as_deref(),
            Some("../../modules/b")
        );
        assert_eq!(
            boundary
                .join("../../modules/a", "../../envs/prod/sub")
                .as_deref(),
            Some("sub")
        );
        assert_eq!(
            boundary.normalize("../staging").as_deref(),
            Some("../staging")
        );
        assert_eq!(boundary.normalize("../..").as_deref(), Some("../.."));
        assert!(is_outside_analysed("../staging") && !is_outside_analysed("..x/a"));
    }

    #[test]
    fn a_repository_path_must_stay_relative() {
        assert_eq!(Boundary::repository("../x"), None);
        assert_eq!(Boundary::repository("/x"), None);
        assert_eq!(
            Boundary::repository(".").map(|b| b.describe()),
            Some("the repository")
        );
    }
}
