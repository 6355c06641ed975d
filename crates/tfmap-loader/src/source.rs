//! Finding and reading the files of a repository. This is the only module of the loader that
//! touches the file system; everything after it works on text.

use crate::boundary::{ANALYSED_DIRECTORY, Boundary};
use crate::diagnostic::Diagnostic;
use crate::inventory::UnreadFile;
use crate::location::Location;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The dependency lock file `terraform init` writes beside a root module.
pub const LOCK_FILE: &str = ".terraform.lock.hcl";

/// The file that makes a directory a Terragrunt unit.
pub const TERRAGRUNT_FILE: &str = "terragrunt.hcl";

/// What a file is to tfmap, decided by its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum FileKind {
    Terraform,
    TerraformJson,
    Tfvars,
    TfvarsJson,
    Yaml,
    /// `.terraform/modules/modules.json`: where `terraform init` put each module call's code.
    ModuleManifest,
    /// `*.tfbackend`: backend settings given with `terraform init -backend-config=FILE`,
    /// read to tell which state a root module writes (`terraform_remote_state`).
    Backend,
    /// `.terraform.lock.hcl`: not read; beside a root module it says the root is deployed.
    LockFile,
    /// `terragrunt.hcl`: a Terragrunt unit, deploying a module with inputs.
    Terragrunt,
}

impl FileKind {
    pub fn of(path: &str) -> Option<FileKind> {
        let name = path.rsplit('/').next().unwrap_or(path);
        if path == MODULE_MANIFEST || path.ends_with(&format!("/{MODULE_MANIFEST}")) {
            Some(FileKind::ModuleManifest)
        } else if name == LOCK_FILE {
            Some(FileKind::LockFile)
        } else if name == TERRAGRUNT_FILE {
            Some(FileKind::Terragrunt)
        } else if name.ends_with(".tf.json") || name.ends_with(".tofu.json") {
            Some(FileKind::TerraformJson)
        } else if name.ends_with(".tf") || name.ends_with(".tofu") {
            Some(FileKind::Terraform)
        } else if name.ends_with(".tfvars.json") {
            Some(FileKind::TfvarsJson)
        } else if name.ends_with(".tfvars") {
            Some(FileKind::Tfvars)
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            Some(FileKind::Yaml)
        } else if name.ends_with(".tfbackend") {
            Some(FileKind::Backend)
        } else {
            None
        }
    }
}

/// The OpenTofu file that replaces a Terraform file of the same base name in its
/// directory: `x.tofu` replaces `x.tf`, `x.tofu.json` replaces `x.tf.json` (OpenTofu then
/// reads only the `.tofu` one).
pub fn tofu_twin(path: &str) -> Option<String> {
    if let Some(base) = path.strip_suffix(".tf.json") {
        Some(format!("{base}.tofu.json"))
    } else {
        path.strip_suffix(".tf").map(|base| format!("{base}.tofu"))
    }
}

/// Why a `.tf` file beside its `.tofu` twin is not read.
pub const REPLACED_BY_TOFU: &str = "file replaced by its .tofu twin";

/// Where `terraform init` records the directory of every module call, relative to the root
/// module's directory.
pub const MODULE_MANIFEST: &str = ".terraform/modules/modules.json";

/// True for paths inside a `.terraform/` directory.
pub fn in_tool_dir(path: &str) -> bool {
    path.starts_with(".terraform/") || path.contains("/.terraform/")
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    NotFound,
    /// Out of the boundary: by `..`, an absolute path, or a symlink.
    OutsideRoot,
    TooLarge {
        bytes: u64,
        limit: u64,
    },
    NotUtf8 {
        offset: usize,
    },
    NotAFile,
    Io(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "file not found"),
            ReadError::OutsideRoot => write!(
                f,
                "the path leads outside the repository (the analysed directory when there is none)"
            ),
            ReadError::TooLarge { bytes, limit } => {
                write!(f, "file is {bytes} bytes, over the limit of {limit} bytes")
            }
            ReadError::NotUtf8 { offset } => write!(f, "file is not valid UTF-8 (byte {offset})"),
            ReadError::NotAFile => write!(f, "not a regular file"),
            ReadError::Io(message) => write!(f, "{message}"),
        }
    }
}

impl ReadError {
    /// What the error tells of the file's content: its size when it was too large to read.
    pub fn fingerprint(&self) -> Option<crate::inventory::Fingerprint> {
        match self {
            ReadError::TooLarge { bytes, .. } => Some(crate::inventory::Fingerprint::Size(*bytes)),
            _ => None,
        }
    }
}

/// Read access to the files under the analysed root, by relative path (`a/b.tf`, or
/// `../../modules/x/main.tf` for a file outside it but inside the boundary).
/// Implementations must refuse anything outside the boundary.
pub trait SourceFiles: Sync {
    fn read_text(&self, path: &str) -> Result<String, ReadError>;

    /// The files tfmap reads in one directory (not below it), by the walk's rules: how a
    /// module directory outside the walked one is read when a call leads there. An error
    /// when the directory is missing or leads out of the boundary.
    fn list_dir(&self, dir: &str) -> Result<Discovery, ReadError>;

    /// Every regular file below `dir`, at any depth, as paths relative to `dir` with `/`,
    /// sorted: what Terraform's `fileset` matches its pattern against. Links are followed
    /// only while they stay inside the boundary, each real directory once. `TooLarge` past
    /// [`MAX_LISTED_FILES`] files.
    fn list_files(&self, dir: &str) -> Result<Vec<String>, ReadError>;

    /// Where the analysed directory sits inside what may be read.
    fn boundary(&self) -> &Boundary {
        &ANALYSED_DIRECTORY
    }
}

/// The most files one `fileset` directory may hold: past it the call stays unknown.
pub const MAX_LISTED_FILES: usize = 100_000;

/// The error a listing past [`MAX_LISTED_FILES`] ends with.
fn too_many_files() -> ReadError {
    ReadError::TooLarge {
        bytes: MAX_LISTED_FILES as u64 + 1,
        limit: MAX_LISTED_FILES as u64,
    }
}

/// Files held in memory: used by tests and by callers that already have the text.
#[derive(Debug, Default, Clone)]
pub struct MemoryFiles {
    files: BTreeMap<String, String>,
}

impl MemoryFiles {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn insert(&mut self, path: impl Into<String>, text: impl Into<String>) {
        self.files.insert(path.into(), text.into());
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }
}

impl<P: Into<String>, T: Into<String>> FromIterator<(P, T)> for MemoryFiles {
    fn from_iter<I: IntoIterator<Item = (P, T)>>(iter: I) -> Self {
        MemoryFiles {
            files: iter
                .into_iter()
                .map(|(p, t)| (p.into(), t.into()))
                .collect(),
        }
    }
}

impl SourceFiles for MemoryFiles {
    fn read_text(&self, path: &str) -> Result<String, ReadError> {
        self.files.get(path).cloned().ok_or(ReadError::NotFound)
    }

    fn list_dir(&self, dir: &str) -> Result<Discovery, ReadError> {
        let mut discovery = Discovery::default();
        for (path, text) in &self.files {
            if parent_dir(path) == dir && FileKind::of(path).is_some() {
                discovery.sizes.insert(path.clone(), text.len() as u64);
                discovery.files.push(path.clone());
            }
        }
        if discovery.files.is_empty() {
            return Err(ReadError::NotFound);
        }
        discovery.settle();
        Ok(discovery)
    }

    fn list_files(&self, dir: &str) -> Result<Vec<String>, ReadError> {
        let prefix = if dir == "." || dir.is_empty() {
            String::new()
        } else {
            format!("{}/", dir.trim_end_matches('/'))
        };
        let found: Vec<String> = self
            .files
            .keys()
            .filter_map(|path| path.strip_prefix(prefix.as_str()))
            .map(str::to_string)
            .collect();
        if found.is_empty() {
            return Err(ReadError::NotFound);
        }
        if found.len() > MAX_LISTED_FILES {
            return Err(too_many_files());
        }
        Ok(found)
    }
}

/// Files on disk under a root directory: the analysed directory, or the repository around it.
#[derive(Debug)]
pub struct DiskFiles {
    /// The boundary, canonical: every file read must really be under it.
    root: PathBuf,
    boundary: Boundary,
    max_file_bytes: u64,
}

impl DiskFiles {
    /// Files of the analysed directory `root`, which must exist; it is canonicalised so that
    /// symlinks can be checked against it.
    pub fn new(root: &Path, max_file_bytes: u64) -> std::io::Result<Self> {
        Ok(DiskFiles {
            root: root.canonicalize()?,
            boundary: Boundary::default(),
            max_file_bytes,
        })
    }

    /// Files of the analysed directory `analysed` and of the repository `repository` around
    /// it: paths are relative to `analysed`, and may climb up to `repository`.
    pub fn in_repository(
        analysed: &Path,
        repository: &Path,
        max_file_bytes: u64,
    ) -> std::io::Result<Self> {
        let root = repository.canonicalize()?;
        let boundary = crate::boundary::place_in(&analysed.canonicalize()?, &root)?;
        Ok(DiskFiles {
            root,
            boundary,
            max_file_bytes,
        })
    }

    /// The boundary's real path.
    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The real path of a directory to list, links resolved: refused when it leads out of
    /// the boundary, is missing or is not a directory.
    fn real_dir(&self, dir: &str) -> Result<std::path::PathBuf, ReadError> {
        let inside = self
            .boundary
            .to_boundary(dir)
            .ok_or(ReadError::OutsideRoot)?;
        let real = self
            .root
            .join(&inside)
            .canonicalize()
            .map_err(|error| match error.kind() {
                std::io::ErrorKind::NotFound => ReadError::NotFound,
                _ => ReadError::Io(error.to_string()),
            })?;
        if !real.starts_with(&self.root) {
            return Err(ReadError::OutsideRoot);
        }
        if !real.is_dir() {
            return Err(ReadError::NotAFile);
        }
        Ok(real)
    }
}

impl SourceFiles for DiskFiles {
    fn read_text(&self, path: &str) -> Result<String, ReadError> {
        let inside = self
            .boundary
            .to_boundary(path)
            .ok_or(ReadError::OutsideRoot)?;
        crate::checked_read::read_text_inside(&self.root, &inside, self.max_file_bytes)
    }

    fn list_dir(&self, dir: &str) -> Result<Discovery, ReadError> {
        let real = self.real_dir(dir)?;
        let read = std::fs::read_dir(&real).map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => ReadError::NotFound,
            _ => ReadError::Io(error.to_string()),
        })?;
        let mut discovery = Discovery::default();
        let mut entries: Vec<std::fs::DirEntry> = read.filter_map(Result::ok).collect();
        entries.sort_by_key(std::fs::DirEntry::file_name);
        for entry in entries {
            let Ok(name) = entry.file_name().into_string() else {
                let shown = join_dir(dir, &entry.file_name().to_string_lossy());
                discovery.unreadable(&shown, false, NOT_UTF8_NAME, NOT_UTF8_MESSAGE);
                continue;
            };
            let path = join_dir(dir, &name);
            if FileKind::of(&path).is_none() {
                continue;
            }
            let Ok(target) = entry.path().canonicalize() else {
                discovery.count("dangling symlink");
                continue;
            };
            if !target.starts_with(&self.root) {
                let message = link_out_message(&self.boundary);
                discovery.unreadable(&path, false, LINK_OUT_OF_ROOT, &message);
                continue;
            }
            if target.is_file() {
                let size = std::fs::metadata(&target).map_or(0, |m| m.len());
                discovery.sizes.insert(path.clone(), size);
                discovery.files.push(path);
            }
        }
        discovery.settle();
        Ok(discovery)
    }

    fn list_files(&self, dir: &str) -> Result<Vec<String>, ReadError> {
        let start = self.real_dir(dir)?;
        let mut found = Vec::new();
        let mut visited = std::collections::BTreeSet::from([start.clone()]);
        let mut pending = vec![(start, String::new())];
        while let Some((real_dir, shown_dir)) = pending.pop() {
            let Ok(entries) = std::fs::read_dir(&real_dir) else {
                continue;
            };
            for entry in entries.filter_map(Result::ok) {
                let Ok(name) = entry.file_name().into_string() else {
                    continue;
                };
                let shown = if shown_dir.is_empty() {
                    name
                } else {
                    format!("{shown_dir}/{name}")
                };
                let Ok(real) = entry.path().canonicalize() else {
                    continue;
                };
                if !real.starts_with(&self.root) {
                    continue;
                }
                if real.is_dir() {
                    if visited.insert(real.clone()) {
                        pending.push((real, shown));
                    }
                } else if real.is_file() {
                    found.push(shown);
                    if found.len() > MAX_LISTED_FILES {
                        return Err(too_many_files());
                    }
                }
            }
        }
        found.sort();
        Ok(found)
    }

    fn boundary(&self) -> &Boundary {
        &self.boundary
    }
}

/// `name` inside the directory `dir` (`.` for the analysed directory).
pub(crate) fn join_dir(dir: &str, name: &str) -> String {
    if dir == "." || dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

/// What a link leading out of the boundary is told with.
pub(crate) fn link_out_message(boundary: &Boundary) -> String {
    format!(
        "symlink points outside {}; not followed",
        boundary.describe()
    )
}

/// The directory part of a relative path (`.` for a file at the root).
pub fn parent_dir(path: &str) -> &str {
    path.rsplit_once('/').map_or(".", |(dir, _)| dir)
}

/// Options for walking the tree.
#[derive(Debug, Clone)]
pub struct WalkOptions {
    /// Also walk `.terraform/` and `.git/` directories.
    pub include_tool_dirs: bool,
    /// The repository around the walked directory: links are followed while they stay
    /// inside it. `None`: while they stay inside the walked directory.
    pub repository: Option<PathBuf>,
}

/// The files found under a root, and what was passed over.
#[derive(Debug, Default)]
pub struct Discovery {
    /// Relative paths of the files tfmap reads, sorted.
    pub files: Vec<String>,
    pub diagnostics: Vec<Diagnostic>,
    /// What was passed over and why: reason → count.
    pub skipped: BTreeMap<String, usize>,
    /// The size in bytes of each file in `files`, as listed (for `--max-total-size`).
    pub sizes: BTreeMap<String, u64>,
    /// Files of the repository that cannot be read (a name that is not UTF-8, a link
    /// leading out of the root): named, so that a diff shows what it cannot see.
    pub unread: Vec<UnreadFile>,
}

/// Why an entry with a name that is not valid UTF-8 is passed over. Terraform reads such
/// names; tfmap's paths, ids and outputs are text, so it says what it could not read.
pub const NOT_UTF8_NAME: &str = "file or directory name that is not UTF-8";

/// Why a link leading out of the boundary is not followed.
pub const LINK_OUT_OF_ROOT: &str = "symlink pointing outside the root";

/// What a name that is not UTF-8 is told with.
pub(crate) const NOT_UTF8_MESSAGE: &str =
    "the name is not valid UTF-8; not read (rename it to read it)";

impl Discovery {
    /// Sorts the files and drops each `.tf` / `.tf.json` file whose `.tofu` / `.tofu.json`
    /// twin was found too ([`tofu_twin`]), counted: every listing ends with this, so the
    /// limits, the statistics and a revision's listing see the files OpenTofu reads.
    pub fn settle(&mut self) {
        let mut listed = std::mem::take(&mut self.files);
        listed.sort();
        for path in &listed {
            if tofu_twin(path).is_some_and(|twin| listed.binary_search(&twin).is_ok()) {
                self.sizes.remove(path);
                self.count(REPLACED_BY_TOFU);
            } else {
                self.files.push(path.clone());
            }
        }
    }

    /// Counts something passed over by design (a dangling link, a directory seen before).
    pub fn count(&mut self, reason: &str) {
        *self.skipped.entry(reason.to_string()).or_default() += 1;
    }

    /// Records an entry that could not be read, if it may hold what tfmap reads: a file of a
    /// kind tfmap reads, or a directory. Files of other kinds are only counted.
    pub fn unreadable(&mut self, path: &str, is_dir: bool, reason: &str, message: &str) {
        *self.skipped.entry(reason.to_string()).or_default() += 1;
        if is_dir || FileKind::of(path).is_some() {
            self.diagnostics.push(Diagnostic::warning(
                Location::file_start(Arc::from(path)),
                message.to_string(),
            ));
            self.unread.push(UnreadFile::new(path, reason, None));
        }
    }
}

/// Directories tools write: `terraform init`'s downloads, git's objects, and Terragrunt's
/// copies of every unit's module (read there, each would be drawn again).
const TOOL_DIRS: [&str; 3] = [".terraform", ".git", ".terragrunt-cache"];

/// Walks `root` and lists the files tfmap reads. Symlinks are followed only while they stay
/// inside the boundary (the repository, else the root), and each real directory is visited
/// once (so link loops end).
pub fn discover(root: &Path, options: &WalkOptions) -> std::io::Result<Discovery> {
    let real_root = root.canonicalize()?;
    let (boundary_root, boundary) = match &options.repository {
        Some(repository) => {
            let repository = repository.canonicalize()?;
            let boundary = crate::boundary::place_in(&real_root, &repository)?;
            (repository, boundary)
        }
        None => (real_root.clone(), Boundary::default()),
    };
    let link_out = link_out_message(&boundary);
    let mut discovery = Discovery::default();
    let mut visited: BTreeSet<PathBuf> = BTreeSet::new();
    visited.insert(real_root.clone());
    let mut stack: Vec<String> = vec![String::new()];

    while let Some(dir) = stack.pop() {
        let dir_path = if dir.is_empty() {
            real_root.clone()
        } else {
            real_root.join(&dir)
        };
        let mut entries: Vec<(String, std::fs::DirEntry)> = match std::fs::read_dir(&dir_path) {
            Ok(read) => read
                .filter_map(Result::ok)
                .filter_map(|e| match e.file_name().into_string() {
                    Ok(name) => Some((name, e)),
                    Err(raw) => {
                        let shown = join_relative(&dir, &raw.to_string_lossy());
                        let is_dir = e.file_type().is_ok_and(|t| t.is_dir());
                        discovery.unreadable(&shown, is_dir, NOT_UTF8_NAME, NOT_UTF8_MESSAGE);
                        None
                    }
                })
                .collect(),
            Err(error) => {
                let shown = if dir.is_empty() {
                    ".".to_string()
                } else {
                    dir.clone()
                };
                discovery.diagnostics.push(Diagnostic::warning(
                    Location::file_start(Arc::from(shown.as_str())),
                    format!("directory could not be read: {error}"),
                ));
                *discovery
                    .skipped
                    .entry("unreadable directory".into())
                    .or_default() += 1;
                continue;
            }
        };
        entries.sort_by(|a, b| b.0.cmp(&a.0));
        for (name, entry) in entries {
            let relative = join_relative(&dir, &name);
            let Ok(file_type) = entry.file_type() else {
                continue;
            };
            let mut is_dir = file_type.is_dir();
            if file_type.is_symlink() {
                match entry.path().canonicalize() {
                    Err(_) => {
                        discovery.count("dangling symlink");
                        continue;
                    }
                    Ok(target) if !target.starts_with(&boundary_root) => {
                        discovery.unreadable(
                            &relative,
                            target.is_dir(),
                            LINK_OUT_OF_ROOT,
                            &link_out,
                        );
                        continue;
                    }
                    Ok(target) => {
                        is_dir = target.is_dir();
                        if is_dir && !visited.insert(target) {
                            discovery.count("symlink to a directory already visited");
                            continue;
                        }
                    }
                }
            } else if is_dir && !visited.insert(entry.path()) {
                continue;
            }
            if is_dir {
                let has_manifest = || entry.path().join("modules/modules.json").is_file();
                if let Some(next) =
                    directory_to_walk(&mut discovery, &name, relative, options, has_manifest)
                {
                    stack.push(next);
                }
            } else if FileKind::of(&relative).is_some() {
                // The size as listed; the read itself is bounded again on the opened file.
                let size = std::fs::metadata(entry.path()).map_or(0, |m| m.len());
                discovery.sizes.insert(relative.clone(), size);
                discovery.files.push(relative);
            }
        }
    }
    discovery.settle();
    Ok(discovery)
}

/// What the walk does with a directory named `name` at `relative`: walk it, walk only its
/// `modules/` (a `.terraform/` whose module manifest says which downloaded modules are
/// configuration; providers and the rest are not read), or pass over it, counted. Shared by
/// the walk on disk and the walk of a revision.
pub(crate) fn directory_to_walk(
    discovery: &mut Discovery,
    name: &str,
    relative: String,
    options: &WalkOptions,
    has_module_manifest: impl FnOnce() -> bool,
) -> Option<String> {
    if options.include_tool_dirs || !TOOL_DIRS.contains(&name) {
        return Some(relative);
    }
    let (walked, reason) = if name == ".terraform" && has_module_manifest() {
        (
            Some(format!("{relative}/modules")),
            ".terraform/ directory (only modules/ read)".to_string(),
        )
    } else {
        (None, format!("{name}/ directory"))
    };
    *discovery.skipped.entry(reason).or_default() += 1;
    walked
}

fn join_relative(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn the_walk_follows_links_while_they_stay_inside_the_repository() {
        #![allow(clippy::unwrap_used)]
        let base =
            std::env::temp_dir().join(format!("tfmap-walk-repository-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let repo = base.join("repo");
        std::fs::create_dir_all(repo.join("envs/prod")).unwrap();
        std::fs::create_dir_all(repo.join("modules/m")).unwrap();
        std::fs::create_dir_all(base.join("outside")).unwrap();
        std::fs::write(repo.join("envs/prod/main.tf"), "").unwrap();
        std::fs::write(repo.join("modules/m/main.tf"), "").unwrap();
        std::fs::write(base.join("outside/x.tf"), "").unwrap();
        std::os::unix::fs::symlink("../../modules/m", repo.join("envs/prod/m")).unwrap();
        std::os::unix::fs::symlink("../../../outside", repo.join("envs/prod/out")).unwrap();
        let walk = |repository: Option<PathBuf>| {
            let options = WalkOptions {
                include_tool_dirs: false,
                repository,
            };
            let found = discover(&repo.join("envs/prod"), &options).unwrap();
            let unread: Vec<String> = found.unread.iter().map(|u| u.path.clone()).collect();
            (found.files, unread)
        };
        let in_repository = walk(Some(repo.clone()));
        let alone = walk(None);
        let files = DiskFiles::in_repository(&repo.join("envs/prod"), &repo, 1024).unwrap();
        let listed = files.list_dir("../../modules/m").map(|d| d.files);
        let _ = std::fs::remove_dir_all(&base);
        assert_eq!(in_repository.0, ["m/main.tf", "main.tf"]);
        assert_eq!(in_repository.1, ["out"]);
        assert_eq!(alone.0, ["main.tf"]);
        assert_eq!(alone.1, ["out", "m"]);
        assert_eq!(listed, Ok(vec!["../../modules/m/main.tf".to_string()]));
    }

    #[cfg(unix)]
    #[test]
    fn files_are_listed_for_fileset_inside_the_boundary_only() {
        #![allow(clippy::unwrap_used)]
        let base = std::env::temp_dir().join(format!("tfmap-list-files-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&base);
        let root = base.join("root");
        std::fs::create_dir_all(root.join("data/teams/deep")).unwrap();
        std::fs::create_dir_all(base.join("outside")).unwrap();
        for file in ["data/a.yaml", "data/teams/b.yaml", "data/teams/deep/c.json"] {
            std::fs::write(root.join(file), "x").unwrap();
        }
        std::fs::write(base.join("outside/secret.yaml"), "x").unwrap();
        std::os::unix::fs::symlink("../../outside", root.join("data/teams/out")).unwrap();
        std::os::unix::fs::symlink("..", root.join("data/teams/loop")).unwrap();
        let files = DiskFiles::new(&root, 1024).unwrap();
        let listed = files.list_files("data");
        let missing = files.list_files("nothing");
        let outside = files.list_files("../outside");
        let _ = std::fs::remove_dir_all(&base);
        // The link out is not followed; the link back up is a directory already listed.
        assert_eq!(
            listed,
            Ok(vec![
                "a.yaml".to_string(),
                "teams/b.yaml".to_string(),
                "teams/deep/c.json".to_string()
            ])
        );
        assert_eq!(missing, Err(ReadError::NotFound));
        assert_eq!(outside, Err(ReadError::OutsideRoot));
    }

    #[test]
    fn kinds_by_name() {
        assert_eq!(FileKind::of("a/main.tf"), Some(FileKind::Terraform));
        assert_eq!(
            FileKind::of("a/main.tf.json"),
            Some(FileKind::TerraformJson)
        );
        assert_eq!(FileKind::of("prod.auto.tfvars"), Some(FileKind::Tfvars));
        assert_eq!(
            FileKind::of(".terraform.lock.hcl"),
            Some(FileKind::LockFile)
        );
        assert_eq!(
            FileKind::of("envs/prod/.terraform.lock.hcl"),
            Some(FileKind::LockFile)
        );
        assert_eq!(FileKind::of("envs/prod/terraform.lock.hcl"), None);
        assert_eq!(
            FileKind::of("live/app/terragrunt.hcl"),
            Some(FileKind::Terragrunt)
        );
        assert_eq!(FileKind::of("main.tf.disabled"), None);
        assert_eq!(FileKind::of("k8s/deploy.yaml"), Some(FileKind::Yaml));
        assert_eq!(FileKind::of("a/main.tofu"), Some(FileKind::Terraform));
        assert_eq!(
            FileKind::of("a/main.tofu.json"),
            Some(FileKind::TerraformJson)
        );
    }

    #[test]
    fn a_tofu_file_replaces_the_tf_file_of_its_name_in_its_directory() {
        let files: MemoryFiles = [
            "m/main.tf",
            "m/main.tofu",
            "m/net.tf.json",
            "m/net.tofu.json",
            "m/net.tf",
            "m/only.tofu",
            "m/vars.tf",
            "other/main.tf",
        ]
        .into_iter()
        .map(|path| (path, ""))
        .collect();
        let listing = files.list_dir("m").expect("listed");
        assert_eq!(
            listing.files,
            [
                "m/main.tofu",
                "m/net.tf",
                "m/net.tofu.json",
                "m/only.tofu",
                "m/vars.tf"
            ]
        );
        assert_eq!(listing.skipped.get(REPLACED_BY_TOFU), Some(&2));
        assert!(!listing.sizes.contains_key("m/main.tf"));
        assert_eq!(
            files.list_dir("other").expect("listed").files,
            ["other/main.tf"]
        );
    }
}
