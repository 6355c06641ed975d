//! The `--max-*` flags: global, because every command loads a directory the same way.

use tfmap_loader::{Limits, LoadOptions};

#[derive(clap::Args, Debug, Clone)]
pub struct LimitArgs {
    /// Files larger than this many bytes are skipped with a diagnostic.
    #[arg(long, global = true, default_value_t = LoadOptions::default().max_file_bytes)]
    pub max_file_size: u64,
    /// Read at most this many bytes of files in all; the files past it (in path order) are
    /// reported.
    #[arg(long, global = true, default_value_t = LoadOptions::default().max_total_bytes)]
    pub max_total_size: u64,
    /// Read at most this many files; the rest are counted and reported.
    #[arg(long, global = true, default_value_t = Limits::default().max_files)]
    pub max_files: usize,
    /// Deeper YAML documents are reported instead of parsed.
    #[arg(long, global = true, default_value_t = Limits::default().max_yaml_depth)]
    pub max_yaml_depth: usize,
    /// Module calls nested deeper are reported and not followed.
    #[arg(long, global = true, default_value_t = Limits::default().max_module_depth)]
    pub max_module_depth: usize,
    /// A `count`, `for_each` or `dynamic` block with more instances stays one node.
    #[arg(long, global = true, default_value_t = Limits::default().max_instances)]
    pub max_instances: usize,
    /// A plan or state file (--plan, --state, diff --plan) larger than this many bytes is
    /// refused.
    #[arg(long, global = true, default_value_t = DEFAULT_MAX_PLAN_BYTES)]
    pub max_plan_size: u64,
}

/// Plans hold every attribute of every instance, before and after: far larger than the code.
pub const DEFAULT_MAX_PLAN_BYTES: u64 = 256 * 1024 * 1024;

impl LimitArgs {
    /// Applies the limits to load options.
    pub fn apply(&self, options: &mut LoadOptions) {
        options.max_file_bytes = self.max_file_size;
        options.max_total_bytes = self.max_total_size;
        options.limits = Limits {
            max_files: self.max_files,
            max_yaml_depth: self.max_yaml_depth,
            max_module_depth: self.max_module_depth,
            max_instances: self.max_instances,
        };
    }
}
