//! Finding and reading the files of a repository. This is the only module of the loader that
//! touches the file system; everything after it works on text.

use crate::diagnostic::Diagnostic;
use crate::inventory::UnreadFile;
use crate::location::Location;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

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
}

impl FileKind {
    pub fn of(path: &str) -> Option<FileKind> {
        let name = path.rsplit('/').next().unwrap_or(path);
        if path == MODULE_MANIFEST || path.ends_with(&format!("/{MODULE_MANIFEST}")) {
            Some(FileKind::ModuleManifest)
        } else if name.ends_with(".tf.json") {
            Some(FileKind::TerraformJson)
        } else if name.ends_with(".tf") {
            Some(FileKind::Terraform)
        } else if name.ends_with(".tfvars.json") {
            Some(FileKind::TfvarsJson)
        } else if name.ends_with(".tfvars") {
            Some(FileKind::Tfvars)
        } else if name.ends_with(".yaml") || name.ends_with(".yml") {
            Some(FileKind::Yaml)
        } else {
            None
        }
    }
}

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
    OutsideRoot,
    TooLarge { bytes: u64, limit: u64 },
    NotUtf8 { offset: usize },
    NotAFile,
    Io(String),
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::NotFound => write!(f, "file not found"),
            ReadError::OutsideRoot => write!(f, "the path leads outside the analysed directory"),
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

/// Read access to the files under the analysed root, by relative path (`a/b.tf`).
/// Implementations must refuse anything outside the root.
pub trait SourceFiles: Sync {
    fn read_text(&self, path: &str) -> Result<String, ReadError>;
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
}

/// Files on disk under a root directory.
#[derive(Debug)]
pub struct DiskFiles {
    root: PathBuf,
    max_file_bytes: u64,
}

impl DiskFiles {
    /// `root` must exist; it is canonicalised so that symlinks can be checked against it.
    pub fn new(root: &Path, max_file_bytes: u64) -> std::io::Result<Self> {
        Ok(DiskFiles {
            root: root.canonicalize()?,
            max_file_bytes,
        })
    }

    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl SourceFiles for DiskFiles {
    fn read_text(&self, path: &str) -> Result<String, ReadError> {
        let relative = normalize_path(path).ok_or(ReadError::OutsideRoot)?;
        crate::checked_read::read_text_inside(&self.root, &relative, self.max_file_bytes)
    }
}

/// Normalises a relative path lexically (`a/./b/../c` → `a/c`). Returns `None` when the path
/// is absolute or climbs above its starting point.
pub fn normalize_path(path: &str) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for component in Path::new(path).components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?),
            Component::CurDir => {}
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    })
}

/// Joins a path written in a module to the module's directory, normalising it.
pub fn join_path(dir: &str, path: &str) -> Option<String> {
    if dir == "." {
        normalize_path(path)
    } else {
        normalize_path(&format!("{dir}/{path}"))
    }
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

/// Why a link leading out of the analysed directory is not followed.
pub const LINK_OUT_OF_ROOT: &str = "symlink pointing outside the root";

impl Discovery {
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

const TOOL_DIRS: [&str; 2] = [".terraform", ".git"];

/// Walks `root` and lists the files tfmap reads. Symlinks are followed only while they stay
/// inside the root, and each real directory is visited once (so link loops end).
pub fn discover(root: &Path, options: &WalkOptions) -> std::io::Result<Discovery> {
    let real_root = root.canonicalize()?;
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
                        discovery.unreadable(
                            &shown,
                            is_dir,
                            NOT_UTF8_NAME,
                            "the name is not valid UTF-8; not read (rename it to read it)",
                        );
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
                    Ok(target) if !target.starts_with(&real_root) => {
                        discovery.unreadable(
                            &relative,
                            target.is_dir(),
                            LINK_OUT_OF_ROOT,
                            "symlink points outside the analysed directory; not followed",
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
    discovery.files.sort();
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

    #[test]
    fn normalizes_and_refuses_escapes() {
        assert_eq!(normalize_path("a/./b/../c").as_deref(), Some("a/c"));
        assert_eq!(normalize_path("./").as_deref(), Some("."));
        assert_eq!(normalize_path("../x"), None);
        assert_eq!(normalize_path("/etc/passwd"), None);
        assert_eq!(
            join_path("envs/prod", "../../modules/x").as_deref(),
            Some("modules/x")
        );
        assert_eq!(join_path("envs", "../../x"), None);
    }

    #[test]
    fn kinds_by_name() {
        assert_eq!(FileKind::of("a/main.tf"), Some(FileKind::Terraform));
        assert_eq!(
            FileKind::of("a/main.tf.json"),
            Some(FileKind::TerraformJson)
        );
        assert_eq!(FileKind::of("prod.auto.tfvars"), Some(FileKind::Tfvars));
        assert_eq!(FileKind::of("main.tf.disabled"), None);
        assert_eq!(FileKind::of("k8s/deploy.yaml"), Some(FileKind::Yaml));
    }
}
