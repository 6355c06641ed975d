//! The CLI's integration tests, in one test binary (as ripgrep's `tests/tests.rs`): one module
//! per subject, the helpers they share in `common`. Snapshots are under `snapshots/`, named
//! `integration__<module>__<name>.snap`.
//!
//! `just corpora` runs the `corpora` module alone (`-E 'test(/^corpora::/)'`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

mod class_and_config_links;
mod cli;
mod colour;
mod comment;
mod compare;
mod config;
mod corpora;
mod determinism;
mod diff;
mod ecs_launchers;
mod escaping;
mod gate;
mod git_attacks;
mod git_diff;
mod gitlab;
mod graph;
mod hostile;
mod hostile_diff;
mod input_files;
mod limits;
mod module_providers;
mod plan;
mod pre_commit;
mod remote_state;
mod report;
mod report_filters;
mod repositories;
mod rules;
mod sarif;
mod service_selectors;
mod snapshots;
mod summary;
mod variables;
