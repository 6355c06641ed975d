//! The report's closing line: what was found, counted, so a reader who scrolled past
//! thousands of lines still sees the whole at the bottom.

use super::plural;
use super::style::Paint;
use std::time::Duration;
use tfmap_core::Severity;
use tfmap_model::{Analysis, Role};

/// `Summary: 1 cluster, 2 workloads, 6 implicit resources; findings: 2 warnings, 3 info;
/// diagnostics: 1 info`, then ` (0.42 s)` when the caller passes the time taken (the CLI does
/// so only when standard output is a terminal, so piped output stays byte-identical).
pub fn line(analysis: &Analysis, elapsed: Option<Duration>, paint: &Paint) -> String {
    let clusters = analysis
        .nodes
        .iter()
        .filter(|n| n.role == Role::Cluster)
        .count();
    let workloads = analysis.workloads.len();
    let implicit = analysis
        .nodes
        .iter()
        .filter(|n| n.implicit.is_some())
        .count();
    let findings = by_severity(analysis.findings.iter().map(|f| f.severity), paint);
    let diagnostics = by_severity(analysis.diagnostics.iter().map(|d| d.severity), paint);
    let time = elapsed.map_or(String::new(), |t| format!(" ({:.2} s)", t.as_secs_f64()));
    format!(
        "{}: {clusters} cluster{}, {workloads} workload{}, {implicit} implicit resource{}; \
         findings: {findings}; diagnostics: {diagnostics}{time}\n",
        paint.heading("Summary"),
        plural(clusters),
        plural(workloads),
        plural(implicit),
    )
}

/// `2 errors, 1 warning, 3 info`, most severe first, or `none`.
fn by_severity(severities: impl Iterator<Item = Severity>, paint: &Paint) -> String {
    let mut counts = [0usize; 3];
    for severity in severities {
        counts[rank(severity)] += 1;
    }
    let parts: Vec<String> = [Severity::Error, Severity::Warning, Severity::Info]
        .into_iter()
        .filter(|s| counts[rank(*s)] > 0)
        .map(|severity| {
            let n = counts[rank(severity)];
            let word = match severity {
                Severity::Info => "info".to_string(),
                _ => format!("{}{}", severity.as_str(), plural(n)),
            };
            paint.severity(severity, &format!("{n} {word}"))
        })
        .collect();
    if parts.is_empty() {
        "none".to_string()
    } else {
        parts.join(", ")
    }
}

fn rank(severity: Severity) -> usize {
    match severity {
        Severity::Error => 0,
        Severity::Warning => 1,
        Severity::Info => 2,
    }
}
