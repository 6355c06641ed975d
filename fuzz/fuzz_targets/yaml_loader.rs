//! Any text as a Kubernetes manifest: loading never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tfmap_loader::{LoadOptions, MemoryFiles, load_files};

fuzz_target!(|text: &str| {
    let files: MemoryFiles = [("k8s/app.yaml", text)].into_iter().collect();
    let paths: Vec<String> = files.paths().map(str::to_string).collect();
    let _ = load_files(&paths, &files, &LoadOptions::default());
});
