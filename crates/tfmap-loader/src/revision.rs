//! A revision of a repository read without a checkout: the caller lists its tree (paths,
//! modes, object ids, sizes) and serves blobs by id; nothing is written to disk and no
//! attribute, filter or hook of the revision can change what is read. The walk and the
//! reads follow the rules of the walk on disk (`source.rs`): links are followed while they
//! stay inside the tree, each real directory is walked once, `.terraform/` is passed over
//! but for the modules its manifest names, and every file is bounded by the size limit.
//!
//! The tree listed is the repository's (or the part of it `--repo-root` names): the boundary
//! of what may be read. Only the analysed directory inside it is walked; module directories
//! elsewhere in the tree are read when a call leads there.

use crate::boundary::{Boundary, is_outside_analysed};
use crate::source::{
    Discovery, FileKind, LINK_OUT_OF_ROOT, NOT_UTF8_MESSAGE, NOT_UTF8_NAME, ReadError, SourceFiles,
    WalkOptions, directory_to_walk, join_dir, link_out_message,
};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Mutex;

/// One entry of a revision's tree, as `git ls-tree -r` lists it.
#[derive(Debug, Clone)]
pub struct TreeEntry {
    /// The path from the root of the listed tree, as raw bytes (a name need not be UTF-8).
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
    /// The analysed directory's place in the tree.
    boundary: Boundary,
    /// Names that are not UTF-8 outside the analysed directory, as shown, by the tree path
    /// of their directory: named when a call leads to that directory.
    not_utf8: BTreeMap<String, Vec<String>>,
    /// Blobs already read, by id: a tree naming one blob many times reads it once.
    cache: Mutex<HashMap<String, String>>,
}

impl<'a> RevisionFiles<'a> {
    /// Builds the tree from its entries; link targets are read now (each a few bytes).
    /// Entries whose path is not UTF-8 are recorded in `discovery` as unread.
    fn new(
        entries: Vec<TreeEntry>,
        (blobs, boundary): (&'a dyn BlobReader, Boundary),
        max_file_bytes: u64,
        discovery: &mut Discovery,
    ) -> Self {
        let mut nodes: BTreeMap<String, Node> = BTreeMap::new();
        nodes.insert(String::new(), Node::Dir);
        let mut not_utf8: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for entry in entries {
            let path = match String::from_utf8(entry.path) {
                Ok(path) => path,
                Err(raw) => {
                    // Named by the walk when it lies in the analysed directory, else by the
                    // listing of its directory if a call leads there.
                    let in_tree = String::from_utf8_lossy(raw.as_bytes()).into_owned();
                    let shown = boundary.from_boundary(&in_tree);
                    if is_outside_analysed(&shown) {
                        let dir = crate::source::parent_dir(&in_tree);
                        let dir = if dir == "." { "" } else { dir };
                        not_utf8.entry(dir.to_string()).or_default().push(shown);
                    } else {
                        discovery.unreadable(&shown, false, NOT_UTF8_NAME, NOT_UTF8_MESSAGE);
                    }
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
            boundary,
            not_utf8,
            cache: Mutex::new(HashMap::new()),
        }
    }

    /// A path from the analysed directory as a path in the tree (`""` for its root).
    fn in_tree(&self, path: &str) -> Result<String, ReadError> {
        let inside = self
            .boundary
            .to_boundary(path)
            .ok_or(ReadError::OutsideRoot)?;
        Ok(if inside == "." { String::new() } else { inside })
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

    /// True when `path` (from the analysed directory) is a file.
    fn is_file(&self, path: &str) -> bool {
        self.in_tree(path)
            .is_ok_and(|path| matches!(self.resolve(&path), Ok((_, Node::File { .. }))))
    }
}

/// `name` inside the tree directory `dir` (`""` for the tree's root).
fn join_tree(dir: &str, name: &str) -> String {
    if dir.is_empty() {
        name.to_string()
    } else {
        format!("{dir}/{name}")
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
        let (id, size) = match self.resolve(&self.in_tree(path)?) {
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

    fn list_files(&self, dir: &str) -> Result<Vec<String>, ReadError> {
        let start = match self.resolve(&self.in_tree(dir)?) {
            Ok((real, Node::Dir)) => real,
            Ok(_) => return Err(ReadError::NotAFile),
            Err(Unresolved::Missing) => return Err(ReadError::NotFound),
            Err(Unresolved::Outside) => return Err(ReadError::OutsideRoot),
        };
        let mut found = Vec::new();
        let mut visited = std::collections::BTreeSet::from([start.clone()]);
        let mut pending = vec![(start, String::new())];
        while let Some((real_dir, shown_dir)) = pending.pop() {
            for name in self.children.get(&real_dir).into_iter().flatten() {
                let shown = join_tree(&shown_dir, name);
                match self.resolve(&join_tree(&real_dir, name)) {
                    Ok((real, Node::Dir)) if visited.insert(real.clone()) => {
                        pending.push((real, shown));
                    }
                    Ok((_, Node::File { .. })) => {
                        found.push(shown);
                        if found.len() > crate::source::MAX_LISTED_FILES {
                            let limit = crate::source::MAX_LISTED_FILES as u64;
                            return Err(ReadError::TooLarge {
                                bytes: limit + 1,
                                limit,
                            });
                        }
                    }
                    _ => {}
                }
            }
        }
        found.sort();
        Ok(found)
    }

    fn list_dir(&self, dir: &str) -> Result<Discovery, ReadError> {
        let real_dir = match self.resolve(&self.in_tree(dir)?) {
            Ok((real, Node::Dir)) => real,
            Ok(_) => return Err(ReadError::NotAFile),
            Err(Unresolved::Missing) => return Err(ReadError::NotFound),
            Err(Unresolved::Outside) => return Err(ReadError::OutsideRoot),
        };
        let mut discovery = Discovery::default();
        for shown in self.not_utf8.get(&real_dir).into_iter().flatten() {
            discovery.unreadable(shown, false, NOT_UTF8_NAME, NOT_UTF8_MESSAGE);
        }
        for name in self.children.get(&real_dir).into_iter().flatten() {
            let path = join_dir(dir, name);
            if FileKind::of(&path).is_none() {
                continue;
            }
            let real = if real_dir.is_empty() {
                name.clone()
            } else {
                format!("{real_dir}/{name}")
            };
            match self.resolve(&real) {
                Ok((_, Node::File { size, .. })) => {
                    discovery.sizes.insert(path.clone(), *size);
                    discovery.files.push(path);
                }
                Ok(_) => {}
                Err(Unresolved::Outside) => {
                    let message = link_out_message(&self.boundary);
                    discovery.unreadable(&path, false, LINK_OUT_OF_ROOT, &message);
                }
                Err(Unresolved::Missing) => discovery.count("dangling symlink"),
            }
        }
        discovery.settle();
        Ok(discovery)
    }

    fn boundary(&self) -> &Boundary {
        &self.boundary
    }
}

/// Lists the files tfmap reads in the directory `analysed` of a revision's tree (`.` for
/// its root), walking it as [`crate::source::discover`] walks a directory, and returns them
/// (relative to `analysed`) with the reader that serves them. `options.repository` plays no
/// part: the tree listed is the boundary.
pub fn discover<'a>(
    entries: Vec<TreeEntry>,
    analysed: &str,
    blobs: &'a dyn BlobReader,
    max_file_bytes: u64,
    options: &WalkOptions,
) -> (Discovery, RevisionFiles<'a>) {
    let mut discovery = Discovery::default();
    let boundary = Boundary::repository(analysed).unwrap_or_default();
    let link_out = link_out_message(&boundary);
    let files = RevisionFiles::new(entries, (blobs, boundary), max_file_bytes, &mut discovery);
    let mut visited: BTreeSet<String> = BTreeSet::new();
    let mut stack: Vec<String> = vec![String::new()];
    while let Some(dir) = stack.pop() {
        let Ok(in_tree) = files.in_tree(&dir) else {
            continue;
        };
        let Ok((real_dir, Node::Dir)) = files.resolve(&in_tree) else {
            continue;
        };
        if dir.is_empty() {
            visited.insert(real_dir.clone());
        }
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
                        discovery.unreadable(&relative, false, LINK_OUT_OF_ROOT, &link_out);
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
            } else if is_dir && !visited.insert(join_tree(&in_tree, name)) {
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
                && let Ok((_, Node::File { size, .. })) = files.resolve(&join_tree(&in_tree, name))
            {
                discovery.sizes.insert(relative.clone(), *size);
                discovery.files.push(relative);
            }
        }
    }
    discovery.settle();
    (discovery, files)
}

#[cfg(test)]
mod tests;
