//! SARIF 2.1.0 for code scanning: one run, every rule with its id, summary, documentation and
//! default level, and one result per finding with its file, line and column. Results carry
//! a fingerprint from the rule and subject, so code scanning follows a finding across edits.

use serde_json::{Value, json};
use tfmap_loader::{Diagnostic, Severity, UnreadFile};
use tfmap_model::Finding;
use tfmap_model::rules::{RULES, documentation_page};

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

/// A relative path as a URI reference: everything outside the unreserved set (and `/`) is
/// percent-encoded.
pub fn uri(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(char::from(byte))
            }
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    out
}

/// A result's fingerprint: the same on every machine and every run.
fn fingerprint(text: &str) -> String {
    format!(
        "{:016x}",
        tfmap_loader::inventory::stable_hash(text.as_bytes())
    )
}

/// What a change hides or breaks, for code scanning beside its new findings: the changed
/// files tfmap cannot read and the new diagnostics.
pub struct BlindSpots<'a> {
    pub unread: &'a [&'a UnreadFile],
    pub diagnostics: &'a [&'a Diagnostic],
}

/// The rule under which a file tfmap cannot read is reported.
const UNREAD_RULE: &str = "tfmap/unread-file";
/// The rule under which a new diagnostic is reported.
const DIAGNOSTIC_RULE: &str = "tfmap/diagnostic";

/// The SARIF of `tfmap diff`: the new findings, then one result per blind spot.
pub fn diff_to_string<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
    blind: &BlindSpots<'_>,
) -> String {
    let rules = vec![
        json!({
            "id": UNREAD_RULE,
            "name": "unread-file",
            "shortDescription": { "text": "A changed file tfmap cannot read: what it declares is missing from the analysis." },
            "defaultConfiguration": { "level": "error" },
        }),
        json!({
            "id": DIAGNOSTIC_RULE,
            "name": "diagnostic",
            "shortDescription": { "text": "tfmap could not analyse part of a file the change touches." },
            "defaultConfiguration": { "level": "warning" },
        }),
    ];
    let first = RULES.len();
    let mut results: Vec<Value> = blind
        .unread
        .iter()
        .map(|file| {
            json!({
                "ruleId": UNREAD_RULE,
                "ruleIndex": first,
                "level": "error",
                "message": { "text": format!("tfmap cannot read this file ({}): whatever it declares is missing from the analysis.", file.reason) },
                "partialFingerprints": { "tfmapSubject/v1": fingerprint(&format!("{UNREAD_RULE}\u{0}{}", file.path)) },
                "locations": [{ "physicalLocation": {
                    "artifactLocation": { "uri": uri(&file.path), "uriBaseId": "%SRCROOT%" },
                }}],
            })
        })
        .collect();
    results.extend(blind.diagnostics.iter().map(|diagnostic| {
        let location = &diagnostic.location;
        json!({
            "ruleId": DIAGNOSTIC_RULE,
            "ruleIndex": first + 1,
            "level": level(diagnostic.severity),
            "message": { "text": diagnostic.message },
            "partialFingerprints": { "tfmapSubject/v1": fingerprint(&format!("{DIAGNOSTIC_RULE}\u{0}{}\u{0}{}", location.file, diagnostic.message)) },
            "locations": [{ "physicalLocation": {
                "artifactLocation": { "uri": uri(&location.file), "uriBaseId": "%SRCROOT%" },
                "region": { "startLine": location.line.max(1), "startColumn": location.column.max(1) },
            }}],
        })
    }));
    document(findings, rules, results)
}

pub fn to_string<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> String {
    document(findings, Vec::new(), Vec::new())
}

/// One run: tfmap's rules and then `extra_rules`; the findings' results and then `extra`.
fn document<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
    extra_rules: Vec<Value>,
    extra: Vec<Value>,
) -> String {
    let mut rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            json!({
                "id": rule.id,
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.summary },
                "help": { "text": documentation_page(rule), "markdown": documentation_page(rule) },
                "defaultConfiguration": { "level": level(rule.severity) },
                "properties": { "tags": ["tfmap"], "knowledge": rule.knowledge },
            })
        })
        .collect();
    rules.extend(extra_rules);
    let mut results: Vec<Value> = findings
        .into_iter()
        .map(|finding| {
            let index = RULES.iter().position(|r| r.id == finding.rule);
            let mut result = json!({
                "ruleId": finding.rule,
                "level": level(finding.severity),
                "message": { "text": finding.message },
                "partialFingerprints": { "tfmapSubject/v1": fingerprint(&format!("{}\u{0}{}", finding.rule, finding.subject)) },
                "properties": { "subject": finding.subject },
            });
            if let (Some(index), Value::Object(object)) = (index, &mut result) {
                object.insert("ruleIndex".into(), json!(index));
            }
            if let (Some(location), Value::Object(object)) = (&finding.location, &mut result) {
                object.insert(
                    "locations".into(),
                    json!([{
                        "physicalLocation": {
                            "artifactLocation": { "uri": uri(&location.file), "uriBaseId": "%SRCROOT%" },
                            "region": { "startLine": location.line.max(1), "startColumn": location.column.max(1) },
                        }
                    }]),
                );
            }
            result
        })
        .collect();
    results.extend(extra);
    let value = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "tfmap",
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            super::uri("k8s/app one/ä#1.yaml"),
            "k8s/app%20one/%C3%A4%231.yaml"
        );
    }
}
