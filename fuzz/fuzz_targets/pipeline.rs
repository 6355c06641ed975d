//! The whole pipeline on a small directory: the input is split on NUL bytes into a root
//! module, a local module it calls with `for_each`, tfvars and a manifest, then analysed and
//! rendered in every format. Nothing may panic.
#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;
use tfmap_render::view::{ViewOptions, build};

const CALL: &str = "\nmodule \"svc\" {\n  source   = \"./svc\"\n  for_each = toset([\"a\", \"b\"])\n  name     = each.key\n}\n";

fuzz_target!(|text: &str| {
    let mut parts = text.splitn(4, '\0');
    let root = format!("{}{CALL}", parts.next().unwrap_or_default());
    let module = parts.next().unwrap_or_default();
    let tfvars = parts.next().unwrap_or_default();
    let yaml = parts.next().unwrap_or_default();
    let inventory = common::load(&[
        ("main.tf", root.as_str()),
        ("svc/main.tf", module),
        ("terraform.tfvars", tfvars),
        ("k8s/app.yaml", yaml),
    ]);
    let analysis = tfmap_model::analyze(inventory);
    let _ = tfmap_render::json::to_string(&analysis);
    let _ = tfmap_render::text::render(&analysis, ".");
    let _ = tfmap_render::compare::markdown(&analysis);
    let _ = tfmap_render::sarif::to_string(&analysis.findings);
    let empty = tfmap_model::Analysis::default();
    let changes = tfmap_model::diff::diff(&empty, &analysis);
    let gate = tfmap_model::gate::of_diff(&changes, tfmap_model::gate::Threshold::DEFAULT);
    let _ = tfmap_render::diff::markdown_with_diagram(&changes, &analysis, &gate);
    let _ = tfmap_render::gate::text(&gate);
    if let Ok(view) = build(&analysis, &ViewOptions::default()) {
        let _ = tfmap_render::dot::to_string(&view);
        let _ = tfmap_render::mermaid::to_string(&view);
    }
});
