//! Any text as a Terraform file (and as a tfvars file beside it): loading never panics.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let _ = common::load(&[("main.tf", text), ("terraform.tfvars", text)]);
});
