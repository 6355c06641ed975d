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

/// Drops the files past `--max-files` and past `--max-total-size` (in path order), naming
/// each as unread: a change hidden in them must still show in a diff.
pub(crate) fn apply_file_limits(discovery: &mut Discovery, options: &crate::LoadOptions) {
    let max_files = options.limits.max_files;
    if discovery.files.len() > max_files {
        let over = discovery.files.split_off(max_files);
        discovery.diagnostics.push(Diagnostic::warning(
            Location::file_start(Arc::from(".")),
            format!(
                "more than {max_files} files: the last {} (in path order) were not read; raise --max-files to read them",
                over.len()
            ),
        ));
        mark_unread(discovery, over, "over the file limit");
    }
    let mut total: u64 = 0;
    let fits = discovery
        .files
        .iter()
        .take_while(|path| {
            total = total.saturating_add(discovery.sizes.get(*path).copied().unwrap_or(0));
            total <= options.max_total_bytes
        })
        .count();
    if fits < discovery.files.len() {
        let over = discovery.files.split_off(fits);
        discovery.diagnostics.push(Diagnostic::warning(
            Location::file_start(Arc::from(".")),
            format!(
                "the files add up to more than {} bytes: the last {} (in path order) were not read; raise --max-total-size to read them",
                options.max_total_bytes,
                over.len()
            ),
        ));
        mark_unread(discovery, over, "over the total size limit");
    }
}

fn mark_unread(discovery: &mut Discovery, paths: Vec<String>, reason: &str) {
    *discovery.skipped.entry(reason.to_string()).or_default() += paths.len();
    for path in paths {
        let size = discovery.sizes.get(&path).copied().map(Fingerprint::Size);
        discovery.unread.push(UnreadFile::new(path, reason, size));
    }
}
