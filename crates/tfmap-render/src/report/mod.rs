//! `tfmap report`: one self-contained HTML file to explore an analysis, opened from disk
//! or as a CI artifact, with no network: the diagram levels as SVG from `dot`, and the
//! viewer (`assets/report.js`, `assets/report.css`, plain code embedded in the binary).
//!
//! The escaping invariant: the data is JSON inside `<script type="application/json">`
//! with every `<`, `>`, `&`, U+2028 and U+2029 escaped ([`data::escape_for_script`]); the
//! SVG is Graphviz's, which escapes all text, with anything that could run script refused
//! ([`svg::inline`]), inside inert `<template>` elements; the viewer writes untrusted text
//! with `textContent` only. A Content-Security-Policy allows no network and no script but
//! the viewer's own (by its hash), so anything that got through still could not run.

mod data;
mod levels;
mod svg;

use base64::Engine;
use sha2::{Digest, Sha256};
use tfmap_model::Analysis;

pub use levels::WHOLE_LIMIT;

const SHELL: &str = include_str!("../../assets/report.html");
const SCRIPT: &str = include_str!("../../assets/report.js");
const STYLE: &str = include_str!("../../assets/report.css");

/// The report, its diagrams drawn by Graphviz's `dot` (an error when it is missing).
pub fn render(analysis: &Analysis) -> Result<String, String> {
    to_html(analysis, &|dot| crate::dot::render(dot, "svg"))
}

/// The report, with `render` turning each level's DOT into SVG.
pub fn to_html(
    analysis: &Analysis,
    render: &(dyn Fn(&str) -> Result<Vec<u8>, String> + Sync),
) -> Result<String, String> {
    let (levels, opening) = levels::draw(analysis, render)?;
    let mut templates = String::new();
    for level in &levels {
        templates.push_str(&format!(
            "<template id=\"level-{}\">{}</template>\n",
            level.name,
            svg::inline(&level.svg)?
        ));
    }
    let data = data::escape_for_script(&data::to_json(analysis, &levels, opening));
    let script_hash =
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(SCRIPT.as_bytes()));
    Ok(fill(
        SHELL,
        &[
            ("{{script_hash}}", &script_hash),
            ("{{style}}", STYLE),
            ("{{data}}", &data),
            ("{{levels}}", &templates),
            ("{{script}}", SCRIPT),
        ],
    ))
}

/// The shell with each placeholder replaced once, in the shell's order: what replaces one
/// is never searched for the next, so data cannot inject a placeholder.
fn fill(shell: &str, parts: &[(&str, &str)]) -> String {
    let mut out =
        String::with_capacity(shell.len() + parts.iter().map(|p| p.1.len()).sum::<usize>());
    let mut rest = shell;
    for (marker, value) in parts {
        match rest.find(marker) {
            Some(at) => {
                out.push_str(&rest[..at]);
                out.push_str(value);
                rest = &rest[at + marker.len()..];
            }
            None => debug_assert!(false, "the report shell lacks {marker}"),
        }
    }
    out.push_str(rest);
    out
}
