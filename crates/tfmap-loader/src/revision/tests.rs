#![allow(clippy::unwrap_used)]

use super::*;
use crate::source::REPLACED_BY_TOFU;

/// Blobs by id, counting reads.
#[derive(Default)]
struct Blobs {
    blobs: BTreeMap<String, Vec<u8>>,
    reads: std::sync::atomic::AtomicUsize,
}

impl BlobReader for Blobs {
    fn read_blob(&self, id: &str, limit: u64) -> Result<Vec<u8>, ReadError> {
        self.reads
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let blob = self.blobs.get(id).ok_or(ReadError::NotFound)?;
        if blob.len() as u64 > limit {
            return Err(ReadError::TooLarge {
                bytes: blob.len() as u64,
                limit,
            });
        }
        Ok(blob.clone())
    }
}

struct Tree {
    blobs: Blobs,
    entries: Vec<TreeEntry>,
}

impl Tree {
    fn new() -> Self {
        Tree {
            blobs: Blobs::default(),
            entries: Vec::new(),
        }
    }

    fn file(mut self, path: &str, text: &str) -> Self {
        let id = format!("blob-{text}");
        self.blobs
            .blobs
            .insert(id.clone(), text.as_bytes().to_vec());
        self.entries.push(TreeEntry {
            path: path.as_bytes().to_vec(),
            kind: EntryKind::File {
                id,
                size: text.len() as u64,
            },
        });
        self
    }

    fn link(mut self, path: &str, target: &str) -> Self {
        let id = format!("link-{path}");
        self.blobs
            .blobs
            .insert(id.clone(), target.as_bytes().to_vec());
        self.entries.push(TreeEntry {
            path: path.as_bytes().to_vec(),
            kind: EntryKind::Link { id },
        });
        self
    }

    fn raw(mut self, path: &[u8]) -> Self {
        self.entries.push(TreeEntry {
            path: path.to_vec(),
            kind: EntryKind::File {
                id: "none".into(),
                size: 1,
            },
        });
        self
    }
}

fn walk(tree: &Tree) -> (Discovery, RevisionFiles<'_>) {
    discover(
        tree.entries.clone(),
        ".",
        &tree.blobs,
        1024,
        &WalkOptions {
            include_tool_dirs: false,
            repository: None,
        },
    )
}

#[test]
fn lists_the_files_tfmap_reads_with_their_sizes() {
    let tree = Tree::new()
        .file("main.tf", "a")
        .file("README.md", "b")
        .file("k8s/app.yaml", "cc")
        .file("envs/prod/terraform.tfvars", "d");
    let (discovery, files) = walk(&tree);
    assert_eq!(
        discovery.files,
        ["envs/prod/terraform.tfvars", "k8s/app.yaml", "main.tf"]
    );
    assert_eq!(discovery.sizes.get("k8s/app.yaml"), Some(&2));
    assert_eq!(files.read_text("k8s/app.yaml").unwrap(), "cc");
    assert_eq!(files.read_text("./k8s/../main.tf").unwrap(), "a");
    assert_eq!(files.read_text("nope.tf"), Err(ReadError::NotFound));
    assert_eq!(files.read_text("../x.tf"), Err(ReadError::OutsideRoot));
    assert_eq!(files.read_text("k8s"), Err(ReadError::NotAFile));
}

#[test]
fn a_revision_lists_the_tofu_file_that_replaces_a_tf_file_as_a_directory_does() {
    let tree = Tree::new()
        .file("main.tf", "a")
        .file("main.tofu", "b")
        .file("modules/x/net.tf.json", "c")
        .file("modules/x/net.tofu.json", "d")
        .file("modules/x/vars.tf", "e");
    let (discovery, files) = walk(&tree);
    assert_eq!(
        discovery.files,
        ["main.tofu", "modules/x/net.tofu.json", "modules/x/vars.tf"]
    );
    assert_eq!(discovery.skipped.get(REPLACED_BY_TOFU), Some(&2));
    assert!(!discovery.sizes.contains_key("main.tf"));
    let listing = files.list_dir("modules/x").unwrap();
    assert_eq!(
        listing.files,
        ["modules/x/net.tofu.json", "modules/x/vars.tf"]
    );
}

#[test]
fn follows_links_inside_the_root_and_refuses_the_others() {
    let tree = Tree::new()
        .file("shared/providers.tf", "p")
        .link("envs/prod/providers.tf", "../../shared/providers.tf")
        .link("envs/prod/secret.tf", "/etc/passwd")
        .link("envs/prod/up.tf", "../../../outside.tf")
        .link("envs/prod/gone.tf", "missing.tf")
        .link("loop.tf", "loop.tf");
    let (discovery, files) = walk(&tree);
    assert_eq!(
        discovery.files,
        ["envs/prod/providers.tf", "shared/providers.tf"]
    );
    assert_eq!(files.read_text("envs/prod/providers.tf").unwrap(), "p");
    assert_eq!(
        files.read_text("envs/prod/secret.tf"),
        Err(ReadError::OutsideRoot)
    );
    let unread: Vec<&str> = discovery.unread.iter().map(|u| u.path.as_str()).collect();
    assert_eq!(unread, ["envs/prod/up.tf", "envs/prod/secret.tf"]);
    assert_eq!(discovery.skipped.get(LINK_OUT_OF_ROOT), Some(&2));
    assert_eq!(discovery.skipped.get("dangling symlink"), Some(&2));
}

#[cfg(unix)]
#[test]
fn walks_each_real_directory_once_as_on_disk() {
    let tree = Tree::new()
        .file("z/main.tf", "z")
        .file("b/c/main.tf", "c")
        .link("a", "z")
        .link("y", "b/c")
        .link("z/self", "..")
        .link("b/up", "../z");
    let (discovery, files) = walk(&tree);
    // The same tree on disk, walked by `source::discover`.
    let dir = std::env::temp_dir().join(format!("tfmap-revision-walk-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("z")).unwrap();
    std::fs::create_dir_all(dir.join("b/c")).unwrap();
    std::fs::write(dir.join("z/main.tf"), "z").unwrap();
    std::fs::write(dir.join("b/c/main.tf"), "c").unwrap();
    std::os::unix::fs::symlink("z", dir.join("a")).unwrap();
    std::os::unix::fs::symlink("b/c", dir.join("y")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("z/self")).unwrap();
    std::os::unix::fs::symlink("../z", dir.join("b/up")).unwrap();
    let on_disk = crate::source::discover(
        &dir,
        &WalkOptions {
            include_tool_dirs: false,
            repository: None,
        },
    )
    .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert_eq!(discovery.files, on_disk.files);
    assert_eq!(discovery.skipped, on_disk.skipped);
    assert!(!discovery.files.is_empty());
    for path in &discovery.files {
        assert!(files.read_text(path).is_ok(), "{path}");
    }
}

#[test]
fn reads_a_blob_named_many_times_once_and_never_past_the_limit() {
    let mut tree = Tree::new().file("big.tf", &"x".repeat(2000));
    for i in 0..50 {
        tree = tree.file(&format!("copies/{i:02}.tf"), "same");
    }
    let (discovery, files) = walk(&tree);
    assert_eq!(discovery.files.len(), 51);
    for path in discovery.files.iter().filter(|p| p.starts_with("copies/")) {
        assert_eq!(files.read_text(path).unwrap(), "same");
    }
    assert_eq!(
        files.read_text("big.tf"),
        Err(ReadError::TooLarge {
            bytes: 2000,
            limit: 1024
        })
    );
    assert_eq!(
        tree.blobs.reads.load(std::sync::atomic::Ordering::Relaxed),
        1
    );
}

#[test]
fn names_that_are_not_utf8_are_reported_not_dropped() {
    let tree = Tree::new()
        .file("main.tf", "a")
        .raw(b"evil\xff.tf")
        .raw(b"notes\xff.txt");
    let (discovery, _) = walk(&tree);
    assert_eq!(discovery.files, ["main.tf"]);
    assert_eq!(discovery.unread.len(), 1);
    assert_eq!(discovery.unread[0].path, "evil\u{fffd}.tf");
    assert_eq!(discovery.skipped.get(NOT_UTF8_NAME), Some(&2));
    assert_eq!(discovery.diagnostics.len(), 1);
}

#[test]
fn terraform_tool_directories_keep_only_the_modules_their_manifest_names() {
    let tree = Tree::new()
        .file("main.tf", "a")
        .file(".terraform/modules/modules.json", "{}")
        .file(".terraform/modules/vpc/main.tf", "v")
        .file(".terraform/providers/x.tf", "p")
        .file("other/.terraform/y.tf", "y");
    let (discovery, _) = walk(&tree);
    assert_eq!(
        discovery.files,
        [
            ".terraform/modules/modules.json",
            ".terraform/modules/vpc/main.tf",
            "main.tf"
        ]
    );
    assert_eq!(
        discovery
            .skipped
            .get(".terraform/ directory (only modules/ read)"),
        Some(&1)
    );
    assert_eq!(discovery.skipped.get(".terraform/ directory"), Some(&1));
}

#[test]
fn walks_the_analysed_directory_and_reads_up_to_the_tree_root() {
    let tree = Tree::new()
        .file("envs/prod/main.tf", "m")
        .file("envs/staging/main.tf", "s")
        .file("modules/app/main.tf", "a")
        .file("modules/app/notes.md", "n")
        .link("modules/app/secret.tf", "../../../etc/passwd")
        .link("envs/prod/shared", "../../modules/app")
        .raw(b"envs/prod/odd\xff.tf")
        .raw(b"modules/app/odd\xff.tf")
        .raw(b"elsewhere/odd\xff.tf");
    let (discovery, files) = discover(
        tree.entries.clone(),
        "envs/prod",
        &tree.blobs,
        1024,
        &WalkOptions {
            include_tool_dirs: false,
            repository: None,
        },
    );
    // Only the analysed directory is walked; a link inside the tree is followed.
    assert_eq!(discovery.files, ["main.tf", "shared/main.tf"]);
    let unread: Vec<&str> = discovery.unread.iter().map(|u| u.path.as_str()).collect();
    assert_eq!(unread, ["odd\u{fffd}.tf", "shared/secret.tf"]);
    assert_eq!(files.read_text("../../modules/app/main.tf").unwrap(), "a");
    assert_eq!(files.read_text("../staging/main.tf").unwrap(), "s");
    assert_eq!(
        files.read_text("../../../x.tf"),
        Err(ReadError::OutsideRoot)
    );
    let listing = files.list_dir("../../modules/app").unwrap();
    assert_eq!(listing.files, ["../../modules/app/main.tf"]);
    let unread: Vec<&str> = listing.unread.iter().map(|u| u.path.as_str()).collect();
    assert_eq!(
        unread,
        [
            "../../modules/app/odd\u{fffd}.tf",
            "../../modules/app/secret.tf"
        ]
    );
    assert_eq!(
        files.list_dir("../../nowhere").err(),
        Some(ReadError::NotFound)
    );
    assert_eq!(
        files.list_dir("../../..").err(),
        Some(ReadError::OutsideRoot)
    );
}

#[test]
fn lists_every_file_below_a_directory_for_fileset() {
    let tree = Tree::new()
        .file("data/a.yaml", "a")
        .file("data/teams/b.yaml", "b")
        .file("data/teams/notes.md", "n")
        .file("shared/c.yaml", "c")
        .link("data/linked", "../shared")
        .link("data/out", "../../outside")
        .link("data/teams/up", "..");
    let (_, files) = walk(&tree);
    assert_eq!(
        files.list_files("data").unwrap(),
        ["a.yaml", "linked/c.yaml", "teams/b.yaml", "teams/notes.md"]
    );
    assert_eq!(files.list_files("none"), Err(ReadError::NotFound));
    assert_eq!(files.list_files("data/a.yaml"), Err(ReadError::NotAFile));
    assert_eq!(files.list_files("../x"), Err(ReadError::OutsideRoot));
}
