//! The generated corpus in memory, and writing it to disk.

use anyhow::{Context, Result, bail};
use std::collections::BTreeMap;
use std::path::Path;

/// Files by path relative to the corpus root, with what they declare.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Corpus {
    pub files: BTreeMap<String, String>,
    pub counts: Counts,
}

/// What the corpus declares.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    /// Managed Terraform resource instances (each `count`/`for_each` instance, each module
    /// instance's resources); data sources are not counted.
    pub terraform_resources: u64,
    /// Documents in the YAML manifests.
    pub kubernetes_objects: u64,
    /// Root module directories.
    pub roots: u64,
}

impl Counts {
    /// The corpus size as `--resources` means it.
    pub fn total(&self) -> u64 {
        self.terraform_resources + self.kubernetes_objects
    }
}

impl Corpus {
    pub fn add(&mut self, path: impl Into<String>, text: String) {
        self.files.insert(path.into(), text);
    }

    pub fn bytes(&self) -> usize {
        self.files.values().map(String::len).sum()
    }

    /// Writes every file under `dir`. A directory that exists and is not empty is refused
    /// unless `force` is set, so a typo cannot scatter files over a real repository.
    pub fn write(&self, dir: &Path, force: bool) -> Result<()> {
        if dir.exists() {
            let mut entries =
                std::fs::read_dir(dir).with_context(|| format!("cannot read {}", dir.display()))?;
            if !force && entries.next().is_some() {
                bail!(
                    "{} is not empty: choose an empty directory, or pass --force",
                    dir.display()
                );
            }
        }
        for (path, text) in &self.files {
            let target = dir.join(path);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)
                    .with_context(|| format!("cannot create {}", parent.display()))?;
            }
            std::fs::write(&target, text)
                .with_context(|| format!("cannot write {}", target.display()))?;
        }
        Ok(())
    }
}
