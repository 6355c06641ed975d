//! GitLab Code Quality reports (`--format gitlab`): a JSON array of issues, each with the
//! fields GitLab documents (`description`, `check_name`, `fingerprint`, `severity`,
//! `location.path`, `location.lines.begin`). GitLab shows the issues a merge request adds in
//! its widget and on the diff, matched across pipelines by fingerprint.
//!
//! Paths are relative to the repository root, as in the SARIF ([`crate::sarif`]), since
//! GitLab resolves them against the checkout. Descriptions are shown as text, with hidden
//! characters written as escapes: they quote names from the code.

use crate::sarif::{BlindSpots, repository_path};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use tfmap_core::Severity;
use tfmap_core::diagnostic::terminal::escape as clean;
use tfmap_model::Finding;

/// The check name of a file tfmap cannot read (as in the SARIF).
const UNREAD_CHECK: &str = "tfmap/unread-file";
/// The check name of a new diagnostic (as in the SARIF).
const DIAGNOSTIC_CHECK: &str = "tfmap/diagnostic";

/// GitLab's severities are `info`, `minor`, `major`, `critical` and `blocker`; an error is
/// what fails the gate whatever the threshold, a warning what fails it by default.
fn severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "critical",
        Severity::Warning => "major",
        Severity::Info => "info",
    }
}

/// One issue before its fingerprint is made unique.
struct Issue {
    check: String,
    description: String,
    severity: &'static str,
    /// Relative to the analysed directory; `None`: the analysed directory itself.
    file: Option<String>,
    line: u32,
    /// What stays the same when the code moves: the rule and its subject.
    identity: String,
}

fn finding_issue(finding: &Finding) -> Issue {
    Issue {
        check: finding.rule.to_string(),
        description: finding.message.clone(),
        severity: severity(finding.severity),
        file: finding.location.as_ref().map(|l| l.file.to_string()),
        line: finding.location.as_ref().map_or(1, |l| l.line),
        identity: format!("{}\u{0}{}", finding.rule, finding.subject),
    }
}

/// The report of `tfmap check`: every finding.
pub fn check_to_string<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
    analysed: &str,
) -> String {
    report(findings.into_iter().map(finding_issue).collect(), analysed)
}

/// The report of `tfmap diff`: the new findings, then the changed files tfmap cannot read
/// and the new diagnostics (what the change hides or breaks).
pub fn diff_to_string<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
    blind: &BlindSpots<'_>,
    analysed: &str,
) -> String {
    let mut issues: Vec<Issue> = findings.into_iter().map(finding_issue).collect();
    issues.extend(blind.unread.iter().map(|file| Issue {
        check: UNREAD_CHECK.to_string(),
        description: format!(
            "tfmap cannot read this file ({}): whatever it declares is missing from the analysis.",
            file.reason
        ),
        severity: severity(Severity::Error),
        file: Some(file.path.clone()),
        line: 1,
        identity: format!("{UNREAD_CHECK}\u{0}{}", file.path),
    }));
    issues.extend(blind.diagnostics.iter().map(|diagnostic| Issue {
        check: DIAGNOSTIC_CHECK.to_string(),
        description: diagnostic.message.clone(),
        severity: severity(diagnostic.severity),
        file: Some(diagnostic.location.file.to_string()),
        line: diagnostic.location.line,
        identity: format!(
            "{DIAGNOSTIC_CHECK}\u{0}{}\u{0}{}",
            diagnostic.location.file, diagnostic.message
        ),
    }));
    report(issues, analysed)
}

/// The JSON array, in the order given. GitLab takes issues with one fingerprint for one: a
/// repeated identity gets its occurrence number, so none is lost and the same code always
/// gives the same fingerprints.
fn report(issues: Vec<Issue>, analysed: &str) -> String {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let values: Vec<Value> = issues
        .into_iter()
        .map(|issue| {
            let occurrence = seen.entry(issue.identity.clone()).or_default();
            *occurrence += 1;
            let identity = match *occurrence {
                1 => issue.identity,
                n => format!("{}\u{0}{n}", issue.identity),
            };
            let path = match &issue.file {
                Some(file) => repository_path(analysed, file),
                None => repository_path(analysed, "."),
            };
            json!({
                "description": clean(&issue.description),
                "check_name": issue.check,
                "fingerprint": format!("{:016x}", tfmap_loader::inventory::stable_hash(identity.as_bytes())),
                "severity": issue.severity,
                "location": {
                    "path": if path.is_empty() { ".".to_string() } else { path },
                    "lines": { "begin": issue.line.max(1) },
                },
            })
        })
        .collect();
    let text = serde_json::to_string_pretty(&values).unwrap_or_else(|_| "[]".to_string());
    let mut text = ascii_only(&text);
    text.push('\n');
    text
}

/// JSON text with every character past ASCII written as a `\u` escape: the same strings
/// once parsed (a path still names its file), but a report printed in a CI log or a
/// terminal cannot reorder its text (U+202E) or hide characters. Outside strings, JSON text
/// is ASCII, so every such character is inside one.
fn ascii_only(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_past_ascii_is_escaped_and_reads_the_same() {
        let text = serde_json::to_string(&json!(["a\u{202e}b 設定 🚀"])).unwrap_or_default();
        let escaped = ascii_only(&text);
        assert!(escaped.is_ascii(), "{escaped}");
        assert!(
            escaped.contains("\\u202e") && escaped.contains("\\ud83d\\ude80"),
            "{escaped}"
        );
        let back: Value = serde_json::from_str(&escaped).unwrap_or_default();
        assert_eq!(back, json!(["a\u{202e}b 設定 🚀"]));
    }

    #[test]
    fn severities_are_gitlabs() {
        assert_eq!(severity(Severity::Error), "critical");
        assert_eq!(severity(Severity::Warning), "major");
        assert_eq!(severity(Severity::Info), "info");
    }

    #[test]
    fn repeated_identities_get_distinct_stable_fingerprints() {
        let issue = |line| Issue {
            check: "TFM001".into(),
            description: "d".into(),
            severity: "major",
            file: Some("main.tf".into()),
            line,
            identity: "TFM001\u{0}x".into(),
        };
        let first = report(vec![issue(1), issue(2)], "infra");
        let value: Value = serde_json::from_str(&first).unwrap_or_default();
        let prints: Vec<&str> = (0..2)
            .filter_map(|i| value[i]["fingerprint"].as_str())
            .collect();
        assert_eq!(prints.len(), 2);
        assert_ne!(prints[0], prints[1]);
        assert_eq!(report(vec![issue(1), issue(2)], "infra"), first);
        assert_eq!(value[0]["location"]["path"], "infra/main.tf");
    }

    #[test]
    fn a_finding_without_a_file_points_at_the_analysed_directory() {
        let issue = Issue {
            check: "TFM001".into(),
            description: "d".into(),
            severity: "major",
            file: None,
            line: 0,
            identity: "i".into(),
        };
        let value: Value = serde_json::from_str(&report(vec![issue], "")).unwrap_or_default();
        assert_eq!(value[0]["location"]["path"], ".");
        assert_eq!(value[0]["location"]["lines"]["begin"], 1);
    }
}
