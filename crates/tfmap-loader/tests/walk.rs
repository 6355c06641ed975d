//! Walking a real directory: what is read, what is skipped and why, and that nothing outside
//! the root is ever reached.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fs;
use std::path::PathBuf;
use tfmap_loader::{LoadOptions, load_directory};

/// A fresh directory under the system temp dir, removed at the end of the test.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let path = std::env::temp_dir().join(format!("tfmap-walk-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
#[test]
fn symlinks_never_lead_outside_and_loops_end() {
    let outside = TempDir::new("outside");
    fs::write(
        outside.0.join("secret.tf"),
        "resource \"aws_lb\" \"outside\" {}\n",
    )
    .unwrap();
    let root = TempDir::new("root");
    fs::write(
        root.0.join("main.tf"),
        "resource \"aws_lb\" \"inside\" {}\n",
    )
    .unwrap();
    fs::create_dir_all(root.0.join(".terraform/modules/x")).unwrap();
    fs::write(
        root.0.join(".terraform/modules/x/main.tf"),
        "resource \"aws_lb\" \"cached\" {}\n",
    )
    .unwrap();
    fs::create_dir_all(root.0.join("sub")).unwrap();
    std::os::unix::fs::symlink(&outside.0, root.0.join("escape")).unwrap();
    std::os::unix::fs::symlink(&root.0, root.0.join("sub/loop")).unwrap();
    std::os::unix::fs::symlink(root.0.join("missing"), root.0.join("dangling.tf")).unwrap();

    let inventory = load_directory(&root.0, &LoadOptions::default()).unwrap();
    let ids: Vec<&str> = inventory.resources.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["aws_lb.inside"]);
    let skipped = &inventory.stats.skipped;
    assert_eq!(
        skipped.get("symlink pointing outside the root"),
        Some(&1),
        "{skipped:?}"
    );
    assert_eq!(
        skipped.get("symlink to a directory already visited"),
        Some(&1),
        "{skipped:?}"
    );
    assert_eq!(skipped.get("dangling symlink"), Some(&1), "{skipped:?}");
    assert_eq!(
        skipped.get(".terraform/ directory"),
        Some(&1),
        "{skipped:?}"
    );

    let with_tool_dirs = LoadOptions {
        include_tool_dirs: true,
        ..LoadOptions::default()
    };
    let inventory = load_directory(&root.0, &with_tool_dirs).unwrap();
    assert!(
        inventory
            .resources
            .iter()
            .any(|r| r.id.ends_with("aws_lb.cached"))
    );
}

#[test]
fn unreadable_text_is_a_diagnostic_not_a_stop() {
    let root = TempDir::new("bytes");
    fs::write(root.0.join("good.tf"), "resource \"aws_lb\" \"a\" {}\n").unwrap();
    fs::write(
        root.0.join("latin1.tf"),
        b"resource \"aws_lb\" \"b\" { name = \"caf\xe9\" }\n",
    )
    .unwrap();
    let inventory = load_directory(&root.0, &LoadOptions::default()).unwrap();
    assert_eq!(inventory.resources.len(), 1);
    let messages: Vec<String> = inventory
        .diagnostics
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        messages,
        ["latin1.tf:1:1: error: cannot read file: file is not valid UTF-8 (byte 35)"]
    );
}
