//! Any text as a Kubernetes manifest: loading and analysing it never panics.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let inventory = common::load(&[("k8s/app.yaml", text)]);
    let _ = tfmap_model::analyze(inventory);
});
