//! The `--fail-on` gate of `check` and `diff`: which findings, diagnostics and blind spots
//! fail it, kept as reasons so the output can say why it failed, not only that it did.
//!
//! A finding fails the gate at or above the threshold. An error diagnostic (a file that does
//! not parse, an expression that cannot be evaluated) fails it at any threshold but `never`:
//! what such a file declares is missing from the analysis, so no finding can be trusted to
//! be absent. Warning and info diagnostics are listed by the outputs but never fail it.

use crate::analysis::{Analysis, Finding};
use crate::diff::ArchitectureDiff;
use tfmap_core::{Diagnostic, Severity};
use tfmap_loader::UnreadFile;

/// `--fail-on`: the lowest severity that fails the gate, or none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Threshold {
    At(Severity),
    Never,
}

impl Threshold {
    /// Findings of warning or above fail, as linters fail on any finding.
    pub const DEFAULT: Threshold = Threshold::At(Severity::Warning);

    /// The name `--fail-on` takes.
    pub fn as_str(self) -> &'static str {
        match self {
            Threshold::At(severity) => severity.as_str(),
            Threshold::Never => "never",
        }
    }

    /// Whether `severity` is at or above the threshold (Severity orders error < warning <
    /// info, so "at or above" is "at most").
    fn reached_by(self, severity: Severity) -> bool {
        match self {
            Threshold::At(threshold) => severity <= threshold,
            Threshold::Never => false,
        }
    }
}

/// One thing that failed the gate.
#[derive(Debug, Clone, Copy)]
pub enum Reason<'a> {
    Finding(&'a Finding),
    /// A new finding the change hides with a `tfmap:ignore` comment it adds.
    Suppressed(&'a Finding),
    Diagnostic(&'a Diagnostic),
    /// A file the change touches that tfmap cannot read.
    Unread(&'a UnreadFile),
}

/// The gate's outcome: it failed when there is any reason.
#[derive(Debug, Clone)]
pub struct Gate<'a> {
    pub threshold: Threshold,
    pub reasons: Vec<Reason<'a>>,
}

impl Gate<'_> {
    pub fn failed(&self) -> bool {
        !self.reasons.is_empty()
    }

    /// How many reasons of each kind, for one line: "2 findings, 1 error diagnostic".
    pub fn counts(&self) -> String {
        let mut findings = 0;
        let mut diagnostics = 0;
        let mut unread = 0;
        for reason in &self.reasons {
            match reason {
                Reason::Finding(_) | Reason::Suppressed(_) => findings += 1,
                Reason::Diagnostic(_) => diagnostics += 1,
                Reason::Unread(_) => unread += 1,
            }
        }
        let counted = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
        let mut parts = Vec::new();
        if findings > 0 {
            parts.push(format!(
                "{} at or above {}",
                counted(findings, "finding"),
                self.threshold.as_str()
            ));
        }
        if diagnostics > 0 {
            parts.push(counted(diagnostics, "error diagnostic"));
        }
        if unread > 0 {
            parts.push(counted(unread, "unreadable file"));
        }
        parts.join(", ")
    }
}

fn error_diagnostics<'a>(
    diagnostics: impl IntoIterator<Item = &'a Diagnostic>,
) -> Vec<&'a Diagnostic> {
    diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect()
}

/// The gate of `check`: the directory's findings and error diagnostics.
pub fn of_analysis(analysis: &Analysis, threshold: Threshold) -> Gate<'_> {
    if threshold == Threshold::Never {
        return Gate {
            threshold,
            reasons: Vec::new(),
        };
    }
    let reasons = analysis
        .findings
        .iter()
        .filter(|f| threshold.reached_by(f.severity))
        .map(Reason::Finding)
        .chain(
            error_diagnostics(&analysis.diagnostics)
                .into_iter()
                .map(Reason::Diagnostic),
        )
        .collect();
    Gate { threshold, reasons }
}

/// The gate of `diff`: what the change adds. Its new findings (also those it hides with
/// `tfmap:ignore` comments of its own), the error diagnostics only the head has (in the
/// files it touches) and the changed files it cannot read.
///
/// An edit of `.tfmap.toml` is not a reason by itself: both sides are judged with the
/// base's configuration, so the edit cannot loosen this gate, and failing on it would fail
/// every change that adds a cluster mapping. It is a policy change for reviewers, which the
/// outputs name (`ArchitectureDiff::configuration_changed`).
pub fn of_diff<'a>(diff: &ArchitectureDiff<'a>, threshold: Threshold) -> Gate<'a> {
    if threshold == Threshold::Never {
        return Gate {
            threshold,
            reasons: Vec::new(),
        };
    }
    let mut reasons: Vec<Reason<'a>> = diff
        .findings_added
        .iter()
        .filter(|f| threshold.reached_by(f.severity))
        .map(|f| Reason::Finding(f))
        .collect();
    reasons.extend(
        diff.findings_suppressed_added
            .iter()
            .filter(|f| threshold.reached_by(f.severity))
            .map(|f| Reason::Suppressed(f)),
    );
    reasons.extend(
        error_diagnostics(diff.diagnostics_added.iter().copied())
            .into_iter()
            .map(Reason::Diagnostic),
    );
    reasons.extend(diff.unread_added.iter().map(|f| Reason::Unread(f)));
    Gate { threshold, reasons }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thresholds_order_as_severities() {
        let warning = Threshold::At(Severity::Warning);
        assert!(warning.reached_by(Severity::Error));
        assert!(warning.reached_by(Severity::Warning));
        assert!(!warning.reached_by(Severity::Info));
        assert!(!Threshold::Never.reached_by(Severity::Error));
        assert_eq!(Threshold::DEFAULT, warning);
    }
}
