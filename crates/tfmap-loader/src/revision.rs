//! A revision of a repository read without a checkout: the caller lists its tree (paths,
//! modes, object ids, sizes) and serves blobs by id; nothing is written to disk and no
//! attribute, filter or hook of the revision can change what is read. The walk and the
//! reads follow the rules of the walk on disk (`source.rs`): links are followed while they
//! stay inside the root, each real directory is walked once, `.terraform/` is passed over
//! but for the modules its manifest names, and every file is bounded by the size limit.

use crate::source::{
    Discovery, FileKind, LINK_OUT_OF_ROOT, NOT_UTF8_NAME, ReadError, SourceFiles, WalkOptions,
    directory_to_walk, normalize_path,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

/// One entry of a revision's tree, as `git ls-tree -r` lists it.
#[derive(Debug, Clone)]
pub struct TreeEntry {
    /// The path from the analysed directory, as raw bytes (a name need not be UTF-8).
    pub path: Vec<u8>,
    pub kind: EntryKind,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EntryKind {
    /// A file: its object id and size in bytes.
    File { id: String, size: u64 },
    /// A symbolic link: the object id of the blob holding its target.
    Link { id: String },
    /// Anything else (a submodule): listed, never read.
    Other,
}

/// Serves the blobs of a revision by object id.
pub trait BlobReader: Sync {
    /// The blob's bytes; a blob over `limit` bytes is refused without being read whole.
    fn read_blob(&self, id: &str, limit: u64) -> Result<Vec<u8>, ReadError>;
}

/// Link targets longer than this are not paths a repository means.
const MAX_LINK_TARGET: u64 = 4096;
/// Links followed while resolving one path, as the kernel bounds them.
const MAX_LINK_HOPS: usize = 40;

#[derive(Debug, Clone)]
enum Node {
    File { id: String, size: u64 },
    Link { target: String },
    Dir,
    Other,
}

/// Why a path has no file behind it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unresolved {
    Missing,
    Outside,
}

/// The files of a revision, read by relative path like [`crate::DiskFiles`].
pub struct RevisionFiles<'a> {
    nodes: BTreeMap<String, Node>,
    children: BTreeMap<String, Vec<String>>,
    blobs: &'a dyn BlobReader,
    max_file_bytes: u64,
    /// Blobs already read, by id: a tree naming one blob many times reads it once.
    cache: Mutex<HashMap<String, String>>,
}

impl<'a> RevisionFiles<'a> {
    /// Builds the tree from its entries; link targets are read now (each a few bytes).
    /// Entries whose path is not UTF-8 are recorded in `discovery` as unread.
    fn new(
        entries: Vec<TreeEntry>,
        blobs: &'a dyn BlobReader,
        max_file_bytes: u64,
        discovery: &mut Discovery,
    ) -> Self {
        let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
        nodes.insert(String::new(), Node::Dir);
        for entry in entries {
            let path = match String::from_utf8(entry.path) {
                Ok(path) => path,
                Err(raw) => {
                    let shown = String::from_utf8_lossy(raw.as_bytes()).into_owned();
                    discovery.unreadable(
                        &shown,
                        false,
                        NOT_UTF8_NAME,
                        "the name is not valid UTF-8; not read (rename it to read it)",
                    );
                    continue;
                }
            };
            let node = match entry.kind {
                EntryKind::File { id, size } => Node::File { id, size },
                EntryKind::Link { id } => match blobs.read_blob(&id, MAX_LINK_TARGET) {
                    Ok(target) => Node::Link {
                        target: String::from_utf8_lossy(&target).into_owned(),
                    },
                    Err(_) => Node::Other,
                },
                EntryKind::Other => Node::Other,
            };
            let mut dir = crate::source::parent_dir(&path);
            while dir != "." && !nodes.contains_key(dir) {
                nodes.insert(dir.to_string(), Node::Dir);
                dir = crate::source::parent_dir(dir);
            }
            nodes.insert(path, node);
        }
        let mut children: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for path in nodes.keys().filter(|p| !p.is_empty()) {
            let (dir, name) = path.rsplit_once('/').unwrap_or(("", path));
            children
                .entry(dir.to_string())
                .or_default()
                .push(name.to_string());
        }
        RevisionFiles {
            nodes,
            children,
            blobs,
            max_file_bytes,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// The real path of `path` (links resolved, `..` applied after each link as the kernel
    /// does), and what is there.
    fn resolve(&self, path: &str) -> Result<(String, &Node), Unresolved> {
        let mut resolved: Vec<String> = Vec::new();
        let mut pending: Vec<String> = components(path).rev().map(String::from).collect();
        let mut hops = 0;
        while let Some(component) = pending.pop() {
            match component.as_str() {
                "" | "." => {}
                ".." => {
                    resolved.pop().ok_or(Unresolved::Outside)?;
                }
                name => {
                    let candidate = join(&resolved, name);
                    match self.nodes.get(&candidate) {
                        Some(Node::Link { target }) => {
                            hops += 1;
                            if hops > MAX_LINK_HOPS {
                                return Err(Unresolved::Missing);
                            }
                            if target.starts_with('/') {
                                return Err(Unresolved::Outside);
                            }
                            pending.extend(components(target).rev().map(String::from));
                        }
                        Some(_) => resolved.push(name.to_string()),
                        None => return Err(Unresolved::Missing),
                    }
                }
            }
        }
        let real = resolved.join("/");
        match self.nodes.get(&real) {
            Some(node) => Ok((real, node)),
            None => Err(Unresolved::Missing),
        }
    }

    fn is_file(&self, path: &str) -> bool {
        matches!(self.resolve(path), Ok((_, Node::File { .. })))
    }
}

fn components(path: &str) -> std::str::Split<'_, char> {
    path.split('/')
}

fn join(parts: &[String], name: &str) -> String {
    if parts.is_empty() {
        name.to_string()
    } else {
        format!("{}/{name}", parts.join("/"))
    }
}

impl SourceFiles for RevisionFiles<'_> {
    fn read_text(&self, path: &str) -> Result<String, ReadError> {
        let relative = normalize_path(path).ok_or(ReadError::OutsideRoot)?;
        let relative = if relative == "." { "" } else { &relative };
        let (id, size) = match self.resolve(relative) {
            Ok((_, Node::File { id, size })) => (id, *size),
            Ok(_) => return Err(ReadError::NotAFile),
            Err(Unresolved::Missing) => return Err(ReadError::NotFound),
            Err(Unresolved::Outside) => return Err(ReadError::OutsideRoot),
        };
        if size > self.max_file_bytes {
            return Err(ReadError::TooLarge {
                bytes: size,
                limit: self.max_file_bytes,
            });
        }
        if let Some(text) = self.cache.lock().ok().and_then(|c| c.get(id).cloned()) {
            return Ok(text);
        }
        let bytes = self.blobs.read_blob(id, self.max_file_bytes)?;
        let text = String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
            offset: e.utf8_error().valid_up_to(),
        })?;
        if let Ok(mut cache) = self.cache.lock() {
            cache.insert(id.clone(), text.clone());
        }
        Ok(text)
    }
}

/// Lists the files tfmap reads in a revision, walking its tree as [`crate::source::discover`]
/// walks a directory, and returns them with the reader that serves them.
pub fn discover<'a>(
    entries: Vec<TreeEntry>,
    blobs: &'a dyn BlobReader,
    max_file_bytes: u64,
    options: &WalkOptions,
) -> (Discovery, RevisionFiles<'a>) {
    let mut discovery = Discovery::default();
    let files = RevisionFiles::new(entries, blobs, max_file_bytes, &mut discovery);
    let mut visited: BTreeSet<String> = BTreeSet::new();
    visited.insert(String::new());
    let mut stack: Vec<String> = vec![String::new()];
    while let Some(dir) = stack.pop() {
        let Ok((real_dir, Node::Dir)) = files.resolve(&dir) else {
            continue;
        };
        let mut names: Vec<&String> = files
            .children
            .get(&real_dir)
            .map(|c| c.iter().collect())
            .unwrap_or_default();
        names.sort_by(|a, b| b.cmp(a));
        for name in names {
            let relative = if dir.is_empty() {
                name.clone()
            } else {
                format!("{dir}/{name}")
            };
            let real = if real_dir.is_empty() {
                name.clone()
            } else {
                format!("{real_dir}/{name}")
            };
            let mut is_dir = matches!(files.nodes.get(&real), Some(Node::Dir));
            if let Some(Node::Link { .. }) = files.nodes.get(&real) {
                match files.resolve(&real) {
                    Err(Unresolved::Outside) => {
                        discovery.unreadable(
                            &relative,
                            false,
                            LINK_OUT_OF_ROOT,
                            "symlink points outside the analysed directory; not followed",
                        );
                        continue;
                    }
                    Err(Unresolved::Missing) => {
                        discovery.count("dangling symlink");
                        continue;
                    }
                    Ok((target, node)) => {
                        is_dir = matches!(node, Node::Dir);
                        if is_dir && !visited.insert(target) {
                            discovery.count("symlink to a directory already visited");
                            continue;
                        }
                    }
                }
            } else if is_dir && !visited.insert(relative.clone()) {
                continue;
            }
            if is_dir {
                let manifest = format!("{relative}/modules/modules.json");
                let has_manifest = || files.is_file(&manifest);
                if let Some(next) = directory_to_walk(
                    &mut discovery,
                    name,
                    relative.clone(),
                    options,
                    has_manifest,
                ) {
                    stack.push(next);
                }
            } else if FileKind::of(&relative).is_some()
                && let Ok((_, Node::File { size, .. })) = files.resolve(&relative)
            {
                discovery.sizes.insert(relative.clone(), *size);
                discovery.files.push(relative);
            }
        }
    }
    discovery.files.sort();
    (discovery, files)
}

#[cfg(test)]
mod tests;
