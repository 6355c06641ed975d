//! Why the `--fail-on` gate failed, as text (the Markdown comment lists it too, in
//! [`crate::comment`]): the reviewer sees which findings and diagnostics block the change,
//! not only a red check.

use serde_json::{Value, json as value};
use std::fmt::Write;
use tfmap_core::diagnostic::terminal::escape as clean;
use tfmap_model::gate::{Gate, Reason};

/// Reasons listed one by one; the rest are counted.
const LISTED: usize = 20;

/// One reason in one line (unescaped).
pub(crate) fn line(reason: &Reason) -> String {
    match reason {
        Reason::Finding(finding) => {
            let at = finding
                .location
                .as_ref()
                .map_or(String::new(), |l| format!("{}:{}: ", l.file, l.line));
            format!(
                "{at}{} [{}] {}",
                finding.severity.as_str(),
                finding.rule,
                finding.message
            )
        }
        Reason::Suppressed(finding) => format!(
            "{} (hidden by a tfmap:ignore comment the change adds; the gate counts it)",
            line(&Reason::Finding(finding))
        ),
        Reason::Diagnostic(diagnostic) => format!(
            "{}:{}: error: {}",
            diagnostic.location.file, diagnostic.location.line, diagnostic.message
        ),
        Reason::Unread(file) => format!("{}: tfmap cannot read it ({})", file.path, file.reason),
    }
}

/// The heading line: which threshold and how many reasons.
fn heading(gate: &Gate) -> String {
    format!(
        "The gate fails (--fail-on {}): {}.",
        gate.threshold.as_str(),
        gate.counts()
    )
}

/// The gate as text; empty when it passes.
pub fn text(gate: &Gate) -> String {
    if !gate.failed() {
        return String::new();
    }
    let mut out = format!("\n{}\n", clean(&heading(gate)));
    for reason in gate.reasons.iter().take(LISTED) {
        let _ = writeln!(out, "  {}", clean(&line(reason)));
    }
    if gate.reasons.len() > LISTED {
        let _ = writeln!(out, "  … and {} more", gate.reasons.len() - LISTED);
    }
    out
}

/// One line for standard error, where a CI log shows it beside the exit code.
pub fn summary(gate: &Gate) -> Option<String> {
    gate.failed().then(|| heading(gate))
}

/// One reason as JSON: its `kind` and the finding, diagnostic or file it is about.
fn reason_json(reason: &Reason) -> Value {
    use crate::diff::{diagnostic_json, finding_json, unread_json};
    let (kind, mut out) = match reason {
        Reason::Finding(finding) => ("finding", finding_json(finding)),
        Reason::Suppressed(finding) => ("suppressed_finding", finding_json(finding)),
        Reason::Diagnostic(diagnostic) => ("diagnostic", diagnostic_json(diagnostic)),
        Reason::Unread(file) => ("unread", unread_json(file)),
    };
    if let Value::Object(object) = &mut out {
        object.insert("kind".into(), value!(kind));
    }
    out
}

/// The gate in the JSON of `diff` and `check`: `{ "fail_on", "failed", "reasons" }`.
pub(crate) fn json(gate: &Gate) -> Value {
    value!({
        "fail_on": gate.threshold.as_str(),
        "failed": gate.failed(),
        "reasons": gate.reasons.iter().map(reason_json).collect::<Vec<_>>(),
    })
}
