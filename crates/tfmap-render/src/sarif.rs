//! SARIF 2.1.0 for code scanning: one run, every rule with its id, summary, documentation and
//! default level, and one result per finding with its file, line and column. Results carry
//! a fingerprint from the rule and subject, so code scanning follows a finding across edits.
//!
//! Paths are relative to the repository root, the `%SRCROOT%` base that code scanning
//! resolves against the checkout: a finding in `main.tf` of the analysed directory `infra`
//! is at `infra/main.tf`, and one in `../modules/x/main.tf` at `modules/x/main.tf`.

use serde_json::{Value, json};
use tfmap_core::{Diagnostic, Severity};
use tfmap_loader::UnreadFile;
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

/// The path of `file` (relative to the analysed directory, which is `analysed` in the
/// repository: `""` for its root) relative to the repository root, with `.` and `..` resolved.
/// A path that would leave the repository is kept as written.
pub fn repository_path(analysed: &str, file: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in analysed.split('/').chain(file.split('/')) {
        match part {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return file.to_string();
                }
            }
            part => parts.push(part),
        }
    }
    parts.join("/")
}

/// A location's artifact: its path from the repository root, under `%SRCROOT%`.
fn artifact(analysed: &str, file: &str) -> Value {
    json!({ "uri": uri(&repository_path(analysed, file)), "uriBaseId": SRCROOT })
}

/// The base every URI is relative to; code scanning maps it to the checkout.
const SRCROOT: &str = "%SRCROOT%";

/// Where a rule's documentation is published: `docs/rules/ID.md` in the repository named
/// by the package's `repository` field, on its main branch; none when the field is unset.
pub fn help_uri(repository: &str, id: &str) -> Option<String> {
    let repository = repository.trim_end_matches('/');
    (repository.starts_with("https://") && !id.is_empty())
        .then(|| format!("{repository}/blob/main/docs/rules/{}.md", uri(id)))
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
    analysed: &str,
) -> String {
    let rules = vec![
        json!({
            "id": UNREAD_RULE,
            "name": "unread-file",
            "shortDescription": { "text": "A changed file tfmap cannot read: what it declares is missing from the analysis." },
            "fullDescription": { "text": "A file the change touches that tfmap cannot read (too large, not text, or a link leading out of the repository): whatever it declares is missing from the analysis, so no finding can be trusted to be absent." },
            "help": {
                "text": "Make the file readable (or ignore its path in .tfmap.toml [paths] ignore if tfmap need not read it); the message says why it was not read.",
                "markdown": "Make the file readable (or ignore its path in `.tfmap.toml` `[paths] ignore` if tfmap need not read it); the message says why it was not read.",
            },
            "defaultConfiguration": { "level": "error" },
        }),
        json!({
            "id": DIAGNOSTIC_RULE,
            "name": "diagnostic",
            "shortDescription": { "text": "tfmap could not analyse part of a file the change touches." },
            "fullDescription": { "text": "A diagnostic only the head has: a syntax error, or an expression tfmap cannot evaluate, in a file the change touches. What that part declares is missing from the analysis." },
            "help": {
                "text": "Fix the file at the line the message names; a file that does not parse fails the gate.",
                "markdown": "Fix the file at the line the message names; a file that does not parse fails the gate.",
            },
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
                    "artifactLocation": artifact(analysed, &file.path),
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
                "artifactLocation": artifact(analysed, &location.file),
                "region": { "startLine": location.line.max(1), "startColumn": location.column.max(1) },
            }}],
        })
    }));
    document(findings, rules, results, analysed)
}

/// The SARIF of `tfmap check` run at the repository root.
pub fn to_string<'a>(findings: impl IntoIterator<Item = &'a Finding>) -> String {
    to_string_in(findings, "")
}

/// The SARIF of `tfmap check` on the directory `analysed` of the repository.
pub fn to_string_in<'a>(findings: impl IntoIterator<Item = &'a Finding>, analysed: &str) -> String {
    document(findings, Vec::new(), Vec::new(), analysed)
}

/// One run: tfmap's rules and then `extra_rules`; the findings' results and then `extra`.
fn document<'a>(
    findings: impl IntoIterator<Item = &'a Finding>,
    extra_rules: Vec<Value>,
    extra: Vec<Value>,
    analysed: &str,
) -> String {
    let mut rules: Vec<Value> = RULES
        .iter()
        .map(|rule| {
            let mut descriptor = json!({
                "id": rule.id,
                "name": rule.name,
                "shortDescription": { "text": rule.summary },
                "fullDescription": { "text": rule.summary },
                "help": { "text": documentation_page(rule), "markdown": documentation_page(rule) },
                "defaultConfiguration": { "level": level(rule.severity) },
                "properties": { "tags": ["tfmap"], "knowledge": rule.knowledge },
            });
            if let (Some(help), Value::Object(object)) = (
                help_uri(env!("CARGO_PKG_REPOSITORY"), rule.id),
                &mut descriptor,
            ) {
                object.insert("helpUri".into(), json!(help));
            }
            descriptor
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
                            "artifactLocation": artifact(analysed, &location.file),
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
            "originalUriBaseIds": {
                SRCROOT: { "description": { "text": "The root of the repository (the checkout)." } },
            },
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
    fn paths_are_relative_to_the_repository_root() {
        use super::repository_path;
        assert_eq!(repository_path("infra", "main.tf"), "infra/main.tf");
        assert_eq!(repository_path("", "k8s/app.yaml"), "k8s/app.yaml");
        assert_eq!(
            repository_path("envs/prod", "../../modules/alb/main.tf"),
            "modules/alb/main.tf"
        );
        assert_eq!(repository_path("a/./b/", "./c.tf"), "a/b/c.tf");
        assert_eq!(repository_path("infra", "../../x.tf"), "../../x.tf");
    }

    #[test]
    fn help_uris_point_at_the_rule_docs_of_a_published_repository() {
        assert_eq!(
            super::help_uri("https://example.com/org/tfmap/", "TFM001").as_deref(),
            Some("https://example.com/org/tfmap/blob/main/docs/rules/TFM001.md")
        );
        assert_eq!(super::help_uri("", "TFM001"), None);
        assert_eq!(super::help_uri("git@example.com:org/tfmap", "TFM001"), None);
    }

    #[test]
    fn uris_are_percent_encoded() {
        assert_eq!(
            super::uri("k8s/app one/ä#1.yaml"),
            "k8s/app%20one/%C3%A4%231.yaml"
        );
    }
}
