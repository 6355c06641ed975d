//! Inputs at tfmap's documented limits (`docs/reliability.md`), and the inputs that once
//! fell off a cliff inside them (issue #13): each limit must be reachable in seconds.
//! `bench/limits.sh` writes each case and times `tfmap analyze` on it. The cases are
//! plain text built in memory, the same bytes every time; they are not laid out for
//! `terraform fmt` as the benchmark corpus is.

mod cliffs;
mod documented;

use crate::Corpus;

/// One generated input: its name on the command line, what it holds, and its writer.
pub struct LimitCase {
    pub name: &'static str,
    pub description: &'static str,
    pub write: fn() -> Corpus,
}

/// Every case, documented limits first, then the cliffs of issue #13.
pub const CASES: &[LimitCase] = &[
    LimitCase {
        name: "file-size",
        description: "one .tf file just under the 16 MiB file-size limit",
        write: documented::file_size,
    },
    LimitCase {
        name: "files",
        description: "200,000 files (the files-read limit): 1,000 roots of 200 .tf files",
        write: documented::files,
    },
    LimitCase {
        name: "yaml-depth",
        description: "10,000 YAML documents nested 128 levels deep (the YAML-depth limit)",
        write: documented::yaml_depth,
    },
    LimitCase {
        name: "module-depth",
        description: "module calls 32 levels deep (the module-depth limit), 300 times over",
        write: documented::module_depth,
    },
    LimitCase {
        name: "instances",
        description: "count, for_each, dynamic and module for_each at 1,000 instances, 10 of each",
        write: documented::instances,
    },
    LimitCase {
        name: "resource-instances",
        description: "200,000 resource instances in one root (200 resources, count = 1000)",
        write: documented::resource_instances,
    },
    LimitCase {
        name: "module-instances",
        description: "10,000 module instances in one root (the root and 10 for_each calls)",
        write: documented::module_instances,
    },
    LimitCase {
        name: "hcl-nesting",
        description: "5,000 expressions nested 64 levels deep, 5,000 of 128 chained operators",
        write: documented::hcl_nesting,
    },
    LimitCase {
        name: "ecs-services",
        description: "cliff: 99,999 ECS services on one cluster, with task definitions: 200,000 instances",
        write: cliffs::ecs_services,
    },
    LimitCase {
        name: "tf-json",
        description: "cliff: a minified .tf.json of 150,000 resources (under 16 MiB)",
        write: cliffs::tf_json,
    },
    LimitCase {
        name: "heredoc",
        description: "cliff: a heredoc of 1,000,000 interpolations",
        write: cliffs::heredoc,
    },
    LimitCase {
        name: "setsubtract",
        description: "cliff: set functions on two lists of 99,999 elements",
        write: cliffs::set_functions,
    },
];

/// The case of that name.
pub fn case(name: &str) -> Option<&'static LimitCase> {
    CASES.iter().find(|case| case.name == name)
}

/// The 16 MiB file-size limit, in bytes.
pub(crate) const FILE_SIZE_LIMIT: usize = 16 * 1024 * 1024;

/// A `.tf` file of `count` small resources, numbered from `first`.
pub(crate) fn buckets(first: usize, count: usize) -> String {
    let mut out = String::new();
    for i in first..first + count {
        out.push_str(&format!(
            "resource \"aws_s3_bucket\" \"b{i}\" {{\n  bucket = \"bucket-{i}\"\n  tags   = {{ case = \"limits\" }}\n}}\n"
        ));
    }
    out
}
