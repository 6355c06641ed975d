//! Terraform's JSON syntax has no comments but the `"//"` property, whose value Terraform
//! ignores: its string value is where a suppression can be written.

use std::ops::Range;

/// Byte ranges of the string values of `"//"` properties (quotes excluded).
pub fn comments(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut previous_key_is_comment = false;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'"' {
            if !bytes[i].is_ascii_whitespace() && bytes[i] != b':' {
                previous_key_is_comment = false;
            }
            i += 1;
            continue;
        }
        let start = i + 1;
        let mut end = start;
        while end < bytes.len() && bytes[end] != b'"' {
            end += if bytes[end] == b'\\' { 2 } else { 1 };
        }
        let end = end.min(bytes.len());
        let after = text[end.saturating_add(1).min(text.len())..].trim_start();
        if previous_key_is_comment {
            found.push(start..end);
            previous_key_is_comment = false;
        } else {
            previous_key_is_comment = &text[start..end] == "//" && after.starts_with(':');
        }
        i = end + 1;
    }
    found
}
