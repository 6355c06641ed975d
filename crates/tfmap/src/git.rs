//! Reading a revision of a git repository for `tfmap diff --git`, without a checkout: the
//! tree is listed (`git ls-tree`) and its blobs read as stored (`git cat-file --batch`), so
//! no attribute of the revision (`filter`, `export-subst`, `export-ignore`, LFS) changes what
//! is read, nothing is written to disk, and the user's work tree is never touched.
//!
//! Every git process runs hardened: no system or global configuration, no attributes file,
//! no hooks, no pager, no prompt, no lazy fetch of missing objects, no replace refs, no
//! network protocol, literal pathspecs.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::Mutex;
use tfmap_loader::revision::{BlobReader, EntryKind, TreeEntry};
use tfmap_loader::source::ReadError;

/// The options every git invocation carries, before its subcommand.
pub const HARDENED_OPTIONS: [&str; 15] = [
    "--no-pager",
    "--no-replace-objects",
    "--literal-pathspecs",
    "-c",
    "core.attributesFile=/dev/null",
    "-c",
    "core.hooksPath=/dev/null",
    "-c",
    "core.fsmonitor=false",
    "-c",
    "core.pager=cat",
    "-c",
    "protocol.allow=never",
    "-c",
    "credential.helper=",
];

/// A `git` command run in `dir` with the hardened options and environment.
fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-C")
        .arg(dir)
        .args(HARDENED_OPTIONS)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_ATTR_NOSYSTEM", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_NO_REPLACE_OBJECTS", "1")
        .env("GIT_OPTIONAL_LOCKS", "0")
        .env("GIT_PAGER", "cat")
        .env("GIT_ASKPASS", "/bin/false")
        .env("GIT_LFS_SKIP_SMUDGE", "1")
        .env_remove("GIT_EXTERNAL_DIFF")
        .env_remove("GIT_CONFIG_PARAMETERS")
        .env_remove("GIT_CONFIG_COUNT")
        .stdin(Stdio::null());
    command
}

fn git(dir: &Path, args: &[&str]) -> Result<Vec<u8>, String> {
    let output = git_command(dir)
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!(
            "git {}: {}",
            args.first().copied().unwrap_or_default(),
            String::from_utf8_lossy(&output.stderr).trim()
        ))
    }
}

fn git_line(dir: &Path, args: &[&str]) -> Result<String, String> {
    let bytes = git(dir, args)?;
    Ok(String::from_utf8_lossy(&bytes).trim_end().to_string())
}

/// Whether `revision` names a commit of the repository holding `dir`.
pub fn is_commit(dir: &Path, revision: &str) -> bool {
    git(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{revision}^{{commit}}"),
        ],
    )
    .is_ok()
}

/// A revision of the directory `path` (inside a repository): the tree of its repository (or
/// of `--repo-root`) listed, the directory's place in it, and a reader of its blobs.
pub struct Revision {
    /// The revision as the user named it, for messages.
    pub name: String,
    /// The tree of the boundary, paths relative to it.
    pub entries: Vec<TreeEntry>,
    /// The analysed directory's path in that tree (`.` for its root).
    pub analysed: String,
    pub blobs: GitBlobs,
}

impl Revision {
    /// Lists the tree of the repository holding `path` at `revision`, or of its part under
    /// `boundary` (`--repo-root`). A directory that did not exist in that revision is
    /// empty (everything in the other side is added).
    pub fn read(path: &Path, revision: &str, boundary: Option<&Path>) -> Result<Revision, String> {
        let top = PathBuf::from(git_line(path, &["rev-parse", "--show-toplevel"])?);
        let analysed = git_line(path, &["rev-parse", "--show-prefix"])?;
        let prefix = match boundary {
            Some(boundary) => boundary_prefix(&top, boundary, &analysed)?,
            None => String::new(),
        };
        let commit = git_line(
            &top,
            &[
                "rev-parse",
                "--verify",
                "--quiet",
                "--end-of-options",
                &format!("{revision}^{{commit}}"),
            ],
        )
        .map_err(|_| format!("{revision:?} is not a commit in this repository"))?;
        let mut args = vec!["ls-tree", "-r", "-z", "-l", "--full-tree", &commit];
        if !prefix.is_empty() {
            args.extend(["--", &prefix]);
        }
        let listing = git(&top, &args)?;
        let entries = parse_listing(&listing, prefix.as_bytes())?;
        let analysed = analysed
            .strip_prefix(&prefix)
            .unwrap_or(&analysed)
            .trim_end_matches('/');
        Ok(Revision {
            name: revision.to_string(),
            entries,
            analysed: if analysed.is_empty() { "." } else { analysed }.to_string(),
            blobs: GitBlobs::start(&top)?,
        })
    }
}

/// The path of `--repo-root` in the repository whose top is `top`, ending in `/` (empty for
/// the top itself); it must hold the analysed directory (`analysed`, as git shows it).
fn boundary_prefix(top: &Path, boundary: &Path, analysed: &str) -> Result<String, String> {
    let outside = || {
        format!(
            "--repo-root {} is not a directory of the repository holding the analysed one",
            boundary.display()
        )
    };
    let top = top
        .canonicalize()
        .map_err(|e| format!("{}: {e}", top.display()))?;
    let real = boundary
        .canonicalize()
        .map_err(|e| format!("{}: {e}", boundary.display()))?;
    let inside = real.strip_prefix(&top).map_err(|_| outside())?;
    let inside = inside.to_str().ok_or_else(outside)?;
    let prefix = if inside.is_empty() {
        String::new()
    } else {
        format!("{inside}/")
    };
    if analysed.starts_with(&prefix) {
        Ok(prefix)
    } else {
        Err(outside())
    }
}

/// Reads `ls-tree -r -z -l` output: `<mode> <type> <id> <size>\t<path>\0`, paths made
/// relative to `prefix`.
fn parse_listing(listing: &[u8], prefix: &[u8]) -> Result<Vec<TreeEntry>, String> {
    let mut entries = Vec::new();
    for record in listing.split(|b| *b == 0).filter(|r| !r.is_empty()) {
        let tab = record
            .iter()
            .position(|b| *b == b'\t')
            .ok_or("git ls-tree: unexpected output")?;
        let (meta, path) = (&record[..tab], &record[tab + 1..]);
        let meta = String::from_utf8_lossy(meta);
        let fields: Vec<&str> = meta.split_whitespace().collect();
        let [mode, kind, id, size] = fields[..] else {
            return Err("git ls-tree: unexpected output".to_string());
        };
        let path = path.strip_prefix(prefix).unwrap_or(path).to_vec();
        let kind = match (mode, kind) {
            ("120000", "blob") => EntryKind::Link { id: id.to_string() },
            (_, "blob") => EntryKind::File {
                id: id.to_string(),
                size: size.parse().unwrap_or(u64::MAX),
            },
            _ => EntryKind::Other,
        };
        entries.push(TreeEntry { path, kind });
    }
    Ok(entries)
}

/// One `git cat-file --batch` process serving every blob read of a revision, in turn.
pub struct GitBlobs {
    process: Mutex<BatchProcess>,
}

struct BatchProcess {
    child: Child,
    input: ChildStdin,
    output: BufReader<ChildStdout>,
}

impl GitBlobs {
    fn start(top: &Path) -> Result<GitBlobs, String> {
        let mut child = git_command(top)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run git: {e}"))?;
        let (Some(input), Some(output)) = (child.stdin.take(), child.stdout.take()) else {
            return Err("cannot talk to git cat-file".to_string());
        };
        Ok(GitBlobs {
            process: Mutex::new(BatchProcess {
                child,
                input,
                output: BufReader::new(output),
            }),
        })
    }
}

impl BatchProcess {
    /// Asks for one object and reads the answer: `<id> <type> <size>\n<bytes>\n`, or
    /// `<id> missing\n`. A blob over `limit` is drained without being kept.
    fn read(&mut self, id: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
        let io = |e: std::io::Error| ReadError::Io(format!("git cat-file: {e}"));
        if id.is_empty() || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(ReadError::NotFound);
        }
        writeln!(self.input, "{id}").map_err(io)?;
        self.input.flush().map_err(io)?;
        let mut header = String::new();
        self.output.read_line(&mut header).map_err(io)?;
        let fields: Vec<&str> = header.split_whitespace().collect();
        let (kind, size) = match fields[..] {
            [_, kind, size] => (kind, size.parse::<u64>().map_err(|_| ReadError::NotFound)?),
            _ => return Err(ReadError::NotFound),
        };
        let mut body = Vec::new();
        let mut kept = (&mut self.output).take(size.min(limit));
        kept.read_to_end(&mut body).map_err(io)?;
        // The rest of an oversized blob, and the newline after every object.
        std::io::copy(
            &mut (&mut self.output).take(size - body.len() as u64 + 1),
            &mut std::io::sink(),
        )
        .map_err(io)?;
        if kind != "blob" {
            return Err(ReadError::NotAFile);
        }
        if size > limit {
            return Err(ReadError::TooLarge { bytes: size, limit });
        }
        Ok(body)
    }
}

impl BlobReader for GitBlobs {
    fn read_blob(&self, id: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
        let mut process = self
            .process
            .lock()
            .map_err(|_| ReadError::Io("git cat-file stopped".to_string()))?;
        process.read(id, limit)
    }
}

impl Drop for GitBlobs {
    fn drop(&mut self) {
        if let Ok(process) = self.process.get_mut() {
            let _ = process.child.kill();
            let _ = process.child.wait();
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn listing_paths_are_relative_to_the_directory_and_kinds_follow_modes() {
        let listing = b"100644 blob aa11 12\tinfra/main.tf\x00120000 blob bb22 9\tinfra/link.tf\x00160000 commit cc33 -\tinfra/sub\x00100644 blob dd44 3\tinfra/odd\xffname.tf\x00";
        let entries = parse_listing(listing, b"infra/").unwrap();
        assert_eq!(entries.len(), 4);
        assert_eq!(entries[0].path, b"main.tf");
        assert_eq!(
            entries[0].kind,
            EntryKind::File {
                id: "aa11".into(),
                size: 12
            }
        );
        assert_eq!(entries[1].kind, EntryKind::Link { id: "bb22".into() });
        assert_eq!(entries[2].kind, EntryKind::Other);
        assert_eq!(entries[3].path, b"odd\xffname.tf");
    }
}
