//! Inline suppressions: `# tfmap:ignore[TFM001] reason` (or `//`, `/* */`) in Terraform and
//! YAML, on the line of a finding or the line above it. They are collected here from the
//! text; the model matches them to findings and reports the ones that matched nothing.
//!
//! Only a comment counts: a marker inside a string value (a YAML quoted or block scalar, an
//! HCL string or heredoc) is data that anyone can write into a manifest, so it hides
//! nothing. In Terraform's JSON syntax the comments are the values of `"//"` properties.

use crate::location::Location;
use std::ops::Range;
use std::sync::Arc;

mod hcl;
mod json;

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
    let comments = comments_of(path, text);
    let mut line = 1;
    let mut line_start = 0;
    let mut counted_to = 0;
    for (start, _) in text.match_indices(MARKER) {
        let Some(comment) = comments.iter().find(|c| c.contains(&start)) else {
            continue;
        };
        for (offset, _) in text[counted_to..start].match_indices('\n') {
            line += 1;
            line_start = counted_to + offset + 1;
        }
        counted_to = start;
        let after_start = start + MARKER.len();
        let line_end = text[after_start..]
            .find('\n')
            .map_or(text.len(), |n| after_start + n);
        let after = &text[after_start..line_end.min(comment.end).max(after_start)];
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
        let column = text[line_start..start].chars().count() + 1;
        found.push(Suppression {
            location: Location::new(
                path.clone(),
                u32::try_from(line).unwrap_or(u32::MAX),
                u32::try_from(column).unwrap_or(u32::MAX),
            ),
            rules,
            reason,
        });
    }
    found
}

/// The comments of a file, by its syntax: YAML, JSON, else HCL.
fn comments_of(path: &str, text: &str) -> Vec<Range<usize>> {
    if path.ends_with(".yaml") || path.ends_with(".yml") {
        crate::kubernetes::yaml_text::layout(text).comments
    } else if path.ends_with(".json") {
        json::comments(text)
    } else {
        hcl::comments(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_suppressions_in_comments_only() {
        let path: Arc<str> = "x.tf".into();
        let text = "a = 1 # tfmap:ignore[TFM001, TFM002] reserved elsewhere\nname = \"tfmap:ignore[TFM003]\"\n/* tfmap:ignore[TFM004] */\nb = \"# tfmap:ignore[TFM005]\"\nc = <<EOT\n# tfmap:ignore[TFM006]\nEOT\n  // tfmap:ignore[TFM007] x\n";
        let found = scan(&path, text);
        let rules: Vec<&str> = found.iter().map(|s| s.rules[0].as_str()).collect();
        assert_eq!(rules, ["TFM001", "TFM004", "TFM007"]);
        assert_eq!(found[0].rules, ["TFM001", "TFM002"]);
        assert_eq!(found[0].reason, "reserved elsewhere");
        assert_eq!(found[0].location.line, 1);
        assert_eq!(found[1].reason, "");
        assert_eq!((found[2].location.line, found[2].location.column), (8, 6));
    }

    #[test]
    fn yaml_strings_hide_nothing() {
        let path: Arc<str> = "x.yaml".into();
        let text = "# tfmap:ignore[TFM001] ok\na: \"# tfmap:ignore[TFM002]\"\nb: |\n  # tfmap:ignore[TFM003]\nc: '# tfmap:ignore[TFM004]'\nd: 1 # tfmap:ignore[TFM005]\n";
        let rules: Vec<String> = scan(&path, text)
            .into_iter()
            .map(|s| s.rules.concat())
            .collect();
        assert_eq!(rules, ["TFM001", "TFM005"]);
    }

    #[test]
    fn json_comments_are_slash_slash_properties() {
        let path: Arc<str> = "main.tf.json".into();
        let text = "{\"//\": \"tfmap:ignore[TFM001] why\", \"x\": \"tfmap:ignore[TFM002]\"}";
        let found = scan(&path, text);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].rules, ["TFM001"]);
        assert_eq!(found[0].reason, "why");
    }
}
