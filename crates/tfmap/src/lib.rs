//! `tfmap`, the command line, as a library: `main.rs` parses the arguments, runs
//! [`commands::run`] and turns its outcome into an exit code ([`error`]); every command
//! (and the tests) turns a directory into an analysis through [`pipeline::analyse`].
//! This is the one crate that prints.

pub mod args;
pub mod commands;
mod configuration;
mod diff_sides;
pub mod error;
mod git;
pub mod pipeline;
mod plan_input;
mod repository;
mod terminal;
pub mod timings;
mod variables;
