//! Inline suppressions: `# tfmap:ignore[TFM001] reason` (or `//`, `/* */`) in Terraform and
//! YAML, on the line of a finding or the line above it. They are collected here from the
//! text; the model matches them to findings and reports the ones that matched nothing.

use crate::location::Location;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    pub location: Location,
    /// Rule ids, as written.
    pub rules: Vec<String>,
    pub reason: String,
}

const MARKER: &str = "tfmap:ignore[";

/// Every suppression comment in a file.
pub fn scan(path: &Arc<str>, text: &str) -> Vec<Suppression> {
    let mut found = Vec::new();
    // Most files have no marker: one fast search of the whole text settles them.
    if !text.contains(MARKER) {
        return found;
    }
    for (index, line) in text.lines().enumerate() {
        let Some(start) = line.find(MARKER) else {
            continue;
        };
        // Only inside a comment: a marker must follow `#`, `//` or `/*` on the same line.
        let before = &line[..start];
        if !(before.contains('#') || before.contains("//") || before.contains("/*")) {
            continue;
        }
        let after = &line[start + MARKER.len()..];
        let Some(end) = after.find(']') else { continue };
        let rules: Vec<String> = after[..end]
            .split(',')
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty())
            .collect();
        let reason = after[end + 1..]
            .trim()
            .trim_end_matches("*/")
            .trim()
            .to_string();
        let column = line[..start].chars().count() + 1;
        found.push(Suppression {
            location: Location::new(
                path.clone(),
                u32::try_from(index + 1).unwrap_or(u32::MAX),
                u32::try_from(column).unwrap_or(u32::MAX),
            ),
            rules,
            reason,
        });
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_suppressions_in_comments_only() {
        let path: Arc<str> = "x.yaml".into();
        let text = "a: 1 # tfmap:ignore[TFM001, TFM002] reserved elsewhere\nname: \"tfmap:ignore[TFM003]\"\n/* tfmap:ignore[TFM004] */\n";
        let found = scan(&path, text);
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].rules, ["TFM001", "TFM002"]);
        assert_eq!(found[0].reason, "reserved elsewhere");
        assert_eq!(found[0].location.line, 1);
        assert_eq!(found[1].rules, ["TFM004"]);
        assert_eq!(found[1].reason, "");
    }
}
