//! Bounds on what one run reads and builds, so hostile input ends in a diagnostic instead of
//! exhausting memory or the stack. Each has a default that real repositories stay far below,
//! and a command-line flag to raise it. (HCL nesting is bounded by hcl-edit itself at 64
//! levels and 128 chained operators; YAML alias expansion by saphyr's node budget.)

use crate::diagnostic::Diagnostic;
use crate::inventory::{Fingerprint, UnreadFile};
use crate::location::Location;
use crate::source::Discovery;
use std::sync::Arc;

/// The limits of one load.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Files read in all; the rest (in path order) are counted and skipped.
    pub max_files: usize,
    /// Nesting depth of a YAML document.
    pub max_yaml_depth: usize,
    /// Depth of module calls inside module calls.
    pub max_module_depth: usize,
    /// Instances one `count`, `for_each` or `dynamic` block expands into; above it, one node
    /// stands for every instance.
    pub max_instances: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_files: 200_000,
            max_yaml_depth: 128,
            max_module_depth: 32,
            max_instances: 1_000,
        }
    }
}

/// What is left of `--max-files` and `--max-total-size` once the walk's files are counted:
/// the module directories outside the walked one, read later, draw on the same budget.
#[derive(Debug, Clone, Copy)]
pub struct ReadBudget {
    files_left: usize,
    bytes_left: u64,
    max_files: usize,
    max_bytes: u64,
}

impl ReadBudget {
    /// The whole budget of one load.
    pub fn new(options: &crate::LoadOptions) -> Self {
        ReadBudget {
            files_left: options.limits.max_files,
            bytes_left: options.max_total_bytes,
            max_files: options.limits.max_files,
            max_bytes: options.max_total_bytes,
        }
    }

    /// Keeps the files of `discovery` that fit in what is left, in path order, and drops
    /// the others, naming each as unread (a change hidden in them must still show in a
    /// diff) with one diagnostic at `at` per limit.
    pub fn apply(&mut self, discovery: &mut Discovery, at: &str) {
        if discovery.files.len() > self.files_left {
            let over = discovery.files.split_off(self.files_left);
            discovery.diagnostics.push(Diagnostic::warning(
                Location::file_start(Arc::from(at)),
                format!(
                    "more than {} files: the last {} (in path order) were not read; raise --max-files to read them",
                    self.max_files,
                    over.len()
                ),
            ));
            mark_unread(discovery, over, "over the file limit");
        }
        self.files_left -= discovery.files.len();
        let mut fits = 0;
        for path in &discovery.files {
            let size = discovery.sizes.get(path).copied().unwrap_or(0);
            if size > self.bytes_left {
                break;
            }
            self.bytes_left -= size;
            fits += 1;
        }
        if fits < discovery.files.len() {
            let over = discovery.files.split_off(fits);
            self.files_left += over.len();
            // Nothing after a file that did not fit is read: the order stays the path order.
            self.bytes_left = 0;
            discovery.diagnostics.push(Diagnostic::warning(
                Location::file_start(Arc::from(at)),
                format!(
                    "the files add up to more than {} bytes: the last {} (in path order) were not read; raise --max-total-size to read them",
                    self.max_bytes,
                    over.len()
                ),
            ));
            mark_unread(discovery, over, "over the total size limit");
        }
    }
}

/// Drops the files past `--max-files` and past `--max-total-size` (in path order), naming
/// each as unread; returns what is left of the budget.
pub(crate) fn apply_file_limits(
    discovery: &mut Discovery,
    options: &crate::LoadOptions,
) -> ReadBudget {
    let mut budget = ReadBudget::new(options);
    budget.apply(discovery, ".");
    budget
}

fn mark_unread(discovery: &mut Discovery, paths: Vec<String>, reason: &str) {
    *discovery.skipped.entry(reason.to_string()).or_default() += paths.len();
    for path in paths {
        let size = discovery.sizes.get(&path).copied().map(Fingerprint::Size);
        discovery.unread.push(UnreadFile::new(path, reason, size));
    }
}
