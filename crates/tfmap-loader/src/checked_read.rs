//! The one way tfmap opens a file, whoever names it: the walk, `file()`, `.tfmap.toml`,
//! `--var-file`, `--plan` and `--state`. A path may be swapped for a FIFO or a device after
//! any check made on its name, so every check is made on the opened handle: the file is
//! opened once without blocking, must be a regular file, and is read up to its limit and no
//! further (a file that grows while it is read is refused, not read on).

use crate::source::ReadError;
use std::io::Read;
use std::path::Path;

/// Reads at most `limit` bytes of the regular file at `path`.
pub fn read_bytes(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let file = open(path, false)?;
    read_opened(file, limit)
}

/// Reads the regular file at `path` as UTF-8 text, at most `limit` bytes. A byte-order mark
/// is kept: whether it is allowed is the caller's format's business.
pub fn read_text(path: &Path, limit: u64) -> Result<String, ReadError> {
    utf8(read_bytes(path, limit)?)
}

/// Reads `relative` (a normalised relative path) under `root`, which must be canonical: the
/// path may go through symlinks, but the file reached must be inside `root`.
pub fn read_text_inside(root: &Path, relative: &str, limit: u64) -> Result<String, ReadError> {
    let joined = root.join(relative);
    let real = joined.canonicalize().map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ => ReadError::Io(error.to_string()),
    })?;
    if !real.starts_with(root) {
        return Err(ReadError::OutsideRoot);
    }
    // The canonical path has no symlink as its last component; one that appears there now
    // was put there after the check, and is not followed.
    let file = open(&real, true)?;
    if !opened_inside(&file, root) {
        return Err(ReadError::OutsideRoot);
    }
    utf8(read_opened(file, limit)?)
}

fn utf8(bytes: Vec<u8>) -> Result<String, ReadError> {
    String::from_utf8(bytes).map_err(|e| ReadError::NotUtf8 {
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Opens for reading without blocking (a FIFO opens at once instead of waiting for a
/// writer) and without becoming the controlling terminal.
fn open(path: &Path, no_follow: bool) -> Result<std::fs::File, ReadError> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        let mut flags = libc::O_NONBLOCK | libc::O_NOCTTY | libc::O_CLOEXEC;
        if no_follow {
            flags |= libc::O_NOFOLLOW;
        }
        options.custom_flags(flags);
    }
    #[cfg(not(unix))]
    let _ = no_follow;
    options.open(path).map_err(|error| match error.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound,
        _ if error.raw_os_error() == Some(ELOOP) => ReadError::NotAFile,
        _ => ReadError::Io(error.to_string()),
    })
}

#[cfg(unix)]
const ELOOP: i32 = libc::ELOOP;
#[cfg(not(unix))]
const ELOOP: i32 = -1;

/// Checks the opened handle, not the name: a regular file within the limit; then reads one
/// byte past the limit at most, to tell a file that grew.
fn read_opened(mut file: std::fs::File, limit: u64) -> Result<Vec<u8>, ReadError> {
    let metadata = file
        .metadata()
        .map_err(|error| ReadError::Io(error.to_string()))?;
    if !metadata.is_file() {
        return Err(ReadError::NotAFile);
    }
    if metadata.len() > limit {
        return Err(ReadError::TooLarge {
            bytes: metadata.len(),
            limit,
        });
    }
    let capacity = usize::try_from(metadata.len()).unwrap_or(0);
    let mut bytes = Vec::with_capacity(capacity);
    (&mut file)
        .take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|error| ReadError::Io(error.to_string()))?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            bytes: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Where the kernel says the opened file is: a directory on the way swapped for a symlink
/// between the check and the open would show here. Where the kernel cannot say (no
/// `/proc`), the check on the name stands.
#[cfg(target_os = "linux")]
fn opened_inside(file: &std::fs::File, root: &Path) -> bool {
    use std::os::unix::io::AsRawFd;
    match std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())) {
        Ok(real) => real.starts_with(root),
        Err(_) => true,
    }
}

#[cfg(not(target_os = "linux"))]
fn opened_inside(_file: &std::fs::File, _root: &Path) -> bool {
    true
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    /// A directory of its own under the system's temporary directory, removed when dropped.
    struct Scratch(std::path::PathBuf);

    impl std::ops::Deref for Scratch {
        type Target = std::path::PathBuf;
        fn deref(&self) -> &std::path::PathBuf {
            &self.0
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    fn scratch(name: &str) -> Scratch {
        let dir =
            std::env::temp_dir().join(format!("tfmap-checked-read-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir.canonicalize().unwrap())
    }

    #[test]
    fn reads_a_regular_file_within_its_limit() {
        let dir = scratch("regular");
        std::fs::write(dir.join("a.tf"), "x = 1\n").unwrap();
        assert_eq!(read_text(&dir.join("a.tf"), 6).unwrap(), "x = 1\n");
        assert_eq!(
            read_text(&dir.join("a.tf"), 5),
            Err(ReadError::TooLarge { bytes: 6, limit: 5 })
        );
        assert_eq!(read_text_inside(&dir, "a.tf", 100).unwrap(), "x = 1\n");
        assert_eq!(
            read_text_inside(&dir, "missing.tf", 100),
            Err(ReadError::NotFound)
        );
    }

    #[cfg(unix)]
    #[test]
    fn refuses_devices_fifos_and_directories_without_blocking() {
        let dir = scratch("special");
        assert_eq!(
            read_bytes(Path::new("/dev/zero"), 1 << 20),
            Err(ReadError::NotAFile)
        );
        assert_eq!(read_bytes(&dir, 1 << 20), Err(ReadError::NotAFile));
        let fifo = dir.join("pipe.tf");
        let status = std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap();
        assert!(status.success());
        // Without O_NONBLOCK this open would wait for a writer for ever.
        assert_eq!(read_bytes(&fifo, 1 << 20), Err(ReadError::NotAFile));
        assert_eq!(
            read_text_inside(&dir, "pipe.tf", 1 << 20),
            Err(ReadError::NotAFile)
        );
    }

    #[cfg(unix)]
    #[test]
    fn refuses_a_link_leading_outside_the_root() {
        let outside = scratch("outside");
        std::fs::write(outside.join("secret.tf"), "x = 1\n").unwrap();
        let dir = scratch("inside");
        std::os::unix::fs::symlink(outside.join("secret.tf"), dir.join("link.tf")).unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.join("zero.tf")).unwrap();
        assert_eq!(
            read_text_inside(&dir, "link.tf", 100),
            Err(ReadError::OutsideRoot)
        );
        assert_eq!(
            read_text_inside(&dir, "zero.tf", 100),
            Err(ReadError::OutsideRoot)
        );
    }
}
