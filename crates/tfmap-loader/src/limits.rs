//! Bounds on what one run reads and builds, so hostile input ends in a diagnostic instead of
//! exhausting memory or the stack. Each has a default that real repositories stay far below,
//! and a command-line flag to raise it. (HCL nesting is bounded by hcl-edit itself at 64
//! levels and 128 chained operators; YAML alias expansion by saphyr's node budget.)

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
