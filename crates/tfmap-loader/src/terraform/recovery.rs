//! Text that hcl-edit refuses but Terraform reads, rewritten so that hcl-edit reads it the
//! way Terraform does. Every rewrite keeps each token on its line and column (the locations
//! of everything else in the file stay true), and is undone or checked once the file parses;
//! a file that still fails keeps hcl-edit's first error.
//!
//! - A newline inside a `for` expression: Terraform ignores newlines anywhere in one, but
//!   hcl-edit 0.10 reads the key and value of `{ for k, v in x : k => v }` as if on one line
//!   (`k =>` then `cond` and `? a : b` on the lines after it is refused). The line break
//!   before the refused token goes into a `/* */` comment: `/*` at the end of the line above,
//!   `*/` over two characters of the refused line's indentation. Kept only when every such
//!   comment lands inside a `for` expression of the parsed file.
//! - An object constructor writing a key twice: Terraform keeps the last value
//!   (`ObjectConsExpr` assigns its items in order); hcl-edit refuses the file. The later key
//!   gets a marker letter as its first character, and once parsed its value replaces the
//!   earlier one's.
//!
//! Separately, [`unquote_references`] reads the quoted references of Terraform 0.11 as
//! the references they are, again keeping every column.

use hcl_edit::Span;
use hcl_edit::expr::{Expression, ForExpr, Object, ObjectKey};
use hcl_edit::structure::{Body, Structure};
use hcl_edit::visit::{Visit, visit_for_expr};
use hcl_edit::visit_mut::{VisitMut, visit_object_mut};
use std::collections::BTreeMap;
use std::ops::Range;

/// Rewrites tried on one file before its first error is reported: each handles one place,
/// and real files need one or two per construct.
const MAX_REWRITES: usize = 32;

/// Larger files are not rewritten: each rewrite parses the file again, and a hostile file
/// could make every one fail late (32 parses of 512 KiB take about a second).
const MAX_RECOVERED_BYTES: usize = 512 * 1024;

/// Letters (Unicode category Lo, so valid in identifiers) that mark a renamed duplicate key;
/// a file already holding one of them is not rewritten this way.
const MARKERS: [char; 4] = ['\u{1c0}', '\u{1c1}', '\u{1c2}', '\u{1c3}'];

/// A file hcl-edit now reads: the rewritten text (to locate spans in) and its body.
pub(super) struct Recovered {
    pub text: String,
    pub body: Body,
}

/// Rewrites `text` until hcl-edit parses it, starting from the error it gave.
pub(super) fn recover(text: &str, error: &hcl_edit::parser::Error) -> Option<Recovered> {
    if text.len() > MAX_RECOVERED_BYTES {
        return None;
    }
    let mut rewrite = Rewrite {
        text: text.to_string(),
        comments: Vec::new(),
        renamed: BTreeMap::new(),
    };
    let mut offset = error.location().offset();
    let mut message = error.message().to_string();
    for _ in 0..MAX_REWRITES {
        let rewritten = if message.contains("redefined object key") {
            rewrite.rename_key(offset)
        } else {
            rewrite.join_lines(offset)
        };
        rewritten?;
        match hcl_edit::parser::parse_body(&rewrite.text) {
            Ok(mut body) => {
                // Quotes become spaces: the comments and marked keys stay where they were.
                if let Some((text, unquoted)) = unquoted(&rewrite.text, &body) {
                    rewrite.text = text;
                    body = unquoted;
                }
                if !rewrite.comments_inside_for_expressions(&body) {
                    return None;
                }
                let mut last_wins = LastValueWins {
                    renamed: &rewrite.renamed,
                };
                last_wins.visit_body_mut(&mut body);
                return Some(Recovered {
                    text: rewrite.text,
                    body,
                });
            }
            // Each rewrite must move the error on, or it did not fix what it aimed at.
            Err(next) if next.location().offset() <= offset => return None,
            Err(next) => {
                offset = next.location().offset();
                message = next.message().to_string();
            }
        }
    }
    None
}

/// Quoted references Terraform 0.12 and later still read (with a deprecation warning) in
/// the places Terraform 0.11 wanted them quoted: `depends_on = ["aws_x.y"]` (resources,
/// data sources, module calls, outputs), a resource's `provider = "aws.west"`, a module
/// call's `providers = { "aws" = "aws.west" }`. Returns the text with their quotes turned
/// into spaces, so that they parse as the references they are, every column kept; `None`
/// when the file has none.
pub(super) fn unquote_references(text: &str, body: &Body) -> Option<String> {
    let mut quotes = Vec::new();
    for structure in body.iter() {
        let Structure::Block(block) = structure else {
            continue;
        };
        let kind = block.ident.value().as_str();
        for attribute in block.body.attributes() {
            match (kind, attribute.key.value().as_str()) {
                ("resource" | "data" | "module" | "output", "depends_on") => {
                    if let Expression::Array(array) = &attribute.value {
                        for element in array.iter() {
                            quoted_reference(text, element, &mut quotes);
                        }
                    }
                }
                ("resource" | "data", "provider") => {
                    quoted_reference(text, &attribute.value, &mut quotes);
                }
                ("module", "providers") => {
                    if let Expression::Object(object) = &attribute.value {
                        for (key, value) in object.iter() {
                            if let ObjectKey::Expression(key) = key {
                                quoted_reference(text, key, &mut quotes);
                            }
                            quoted_reference(text, value.expr(), &mut quotes);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    if quotes.is_empty() {
        return None;
    }
    let mut bytes = text.as_bytes().to_vec();
    for quote in quotes {
        if let Some(byte) = bytes.get_mut(quote) {
            *byte = b' ';
        }
    }
    String::from_utf8(bytes).ok()
}

/// The text and body of a file whose quoted references were unquoted, when it has any.
pub(super) fn unquoted(text: &str, body: &Body) -> Option<(String, Body)> {
    let text = unquote_references(text, body)?;
    let body = hcl_edit::parser::parse_body(&text).ok()?;
    Some((text, body))
}

/// Records the offsets of the quotes around `expr` when it is a string holding nothing
/// but a reference (`"aws_lb.main"`, no escapes, no template).
fn quoted_reference(text: &str, expr: &Expression, quotes: &mut Vec<usize>) {
    let (Expression::String(_), Some(span)) = (expr, expr.span()) else {
        return;
    };
    let Some(quoted) = text.get(span.clone()) else {
        return;
    };
    let Some(inner) = quoted
        .strip_prefix('"')
        .and_then(|rest| rest.strip_suffix('"'))
    else {
        return;
    };
    let is_name = |part: &str| {
        part.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
            && part
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    };
    if inner.split('.').all(is_name) {
        quotes.extend([span.start, span.end - 1]);
    }
}

struct Rewrite {
    text: String,
    /// Byte ranges of the comments added around line breaks, in the rewritten text.
    comments: Vec<Range<usize>>,
    /// Marked key → the key it repeats.
    renamed: BTreeMap<String, String>,
}

impl Rewrite {
    /// Replaces `range` with `with`, moving the comments recorded after it.
    fn splice(&mut self, range: Range<usize>, with: &str) {
        let grown = with.len().wrapping_sub(range.len());
        for comment in &mut self.comments {
            if comment.start >= range.end {
                comment.start = comment.start.wrapping_add(grown);
                comment.end = comment.end.wrapping_add(grown);
            }
        }
        self.text.replace_range(range, with);
    }

    /// Puts the line breaks before the token at or after `offset` (hcl-edit points at either)
    /// into a comment; `None` when that token has less than two columns of indentation.
    fn join_lines(&mut self, offset: usize) -> Option<()> {
        let rest = self.text.get(offset..)?;
        let token = offset + (rest.len() - rest.trim_start().len());
        let before = &self.text[..token];
        let line_start = before.rfind('\n')? + 1;
        let indentation = &before[line_start..];
        if indentation.len() < 2 || !indentation.bytes().all(|b| b == b' ' || b == b'\t') {
            return None;
        }
        // The comment opens at the end of the line holding the previous token, so that it
        // takes in every line break (and blank line) up to this one.
        let previous_end = before.trim_end().len();
        let line_end = previous_end + before[previous_end..].find('\n')?;
        let break_at = if before[..line_end].ends_with('\r') {
            line_end - 1
        } else {
            line_end
        };
        self.splice(token - 2..token, "*/");
        self.splice(break_at..break_at, "/*");
        self.comments.push(break_at..token + 2);
        Some(())
    }

    /// Marks the object key at `offset`, an identifier or a plain quoted string, by
    /// replacing its first character with a marker letter.
    fn rename_key(&mut self, offset: usize) -> Option<()> {
        let rest = self.text.get(offset..)?;
        let (name_start, name) = if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find('"')?;
            let name = &quoted[..end];
            if name.is_empty() || name.contains(['\\', '$', '%']) {
                return None;
            }
            (offset + 1, name.to_string())
        } else {
            let end = rest
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-'))
                .unwrap_or(rest.len());
            (offset, rest[..end].to_string())
        };
        let first = name.chars().next()?;
        let tail = &name[first.len_utf8()..];
        // A marker already used for this tail (a key written three times) takes the next.
        let marker = MARKERS
            .iter()
            .find(|m| !self.renamed.contains_key(&format!("{m}{tail}")))?;
        if self.renamed.is_empty() && self.text.contains(MARKERS) {
            return None;
        }
        let marked = format!("{marker}{tail}");
        let original = self.renamed.get(&name).cloned().unwrap_or(name);
        self.splice(
            name_start..name_start + first.len_utf8(),
            &marker.to_string(),
        );
        self.renamed.insert(marked, original);
        Some(())
    }

    fn comments_inside_for_expressions(&self, body: &Body) -> bool {
        let mut spans = ForSpans(Vec::new());
        spans.visit_body(body);
        self.comments.iter().all(|comment| {
            spans
                .0
                .iter()
                .any(|span| span.start <= comment.start && comment.end <= span.end)
        })
    }
}

/// The spans of every `for` expression.
struct ForSpans(Vec<Range<usize>>);

impl Visit for ForSpans {
    fn visit_for_expr(&mut self, node: &ForExpr) {
        if let Some(span) = node.span() {
            self.0.push(span);
        }
        visit_for_expr(self, node);
    }
}

/// Gives each repeated key the value of its last marked copy, and drops the copies.
struct LastValueWins<'a> {
    renamed: &'a BTreeMap<String, String>,
}

fn key_name(key: &ObjectKey) -> Option<&str> {
    match key {
        ObjectKey::Ident(ident) => Some(ident.as_str()),
        ObjectKey::Expression(Expression::String(string)) => Some(string.as_str()),
        ObjectKey::Expression(_) => None,
    }
}

impl VisitMut for LastValueWins<'_> {
    fn visit_object_mut(&mut self, node: &mut Object) {
        visit_object_mut(self, node);
        let marked: Vec<ObjectKey> = node
            .iter()
            .map(|(key, _)| key)
            .filter(|key| key_name(key).is_some_and(|name| self.renamed.contains_key(name)))
            .cloned()
            .collect();
        // In the order written: the last copy's value is the one kept.
        for key in marked {
            let Some(original) = key_name(&key).and_then(|name| self.renamed.get(name)) else {
                continue;
            };
            let Some(first) = node
                .iter()
                .map(|(k, _)| k)
                .find(|k| {
                    key_name(k) == Some(original.as_str())
                        && matches!(k, ObjectKey::Ident(_)) == matches!(key, ObjectKey::Ident(_))
                })
                .cloned()
            else {
                continue;
            };
            if let (Some(value), Some(slot)) = (node.remove(&key), node.get_mut(&first)) {
                *slot = value;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recovered(text: &str) -> Option<Recovered> {
        let error = hcl_edit::parser::parse_body(text).err()?;
        recover(text, &error)
    }

    #[test]
    fn a_for_value_continued_on_the_next_lines_parses_with_its_columns_kept() {
        let text = "locals {\n  m = {\n    for k, v in var.x : k =>\n    v.a\n    ? { n = 1 }\n    : { n = 2 }\n  }\n}\n";
        let recovered = recovered(text).expect("recovered");
        let lines: Vec<&str> = recovered.text.lines().collect();
        let original: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), original.len());
        for (rewritten, written) in lines.iter().zip(&original) {
            // Every token keeps its column: the rewrite only adds a `/*` at a line's end and
            // overwrites indentation.
            assert_eq!(rewritten.find(['?', ':']), written.find(['?', ':']));
        }
    }

    #[test]
    fn quoted_references_lose_their_quotes_and_nothing_else() {
        let text = concat!(
            "resource \"a\" \"b\" {\n",
            "  depends_on = [\"aws_x.y\", \"${aws_z.w}\", \"not a reference\"]\n",
            "  provider = \"aws.west\"\n",
            "  tags = [\"aws_x.y\"]\n",
            "}\n",
            "module \"m\" {\n",
            "  providers = { \"aws\" = \"aws.west\", aws.east = \"aws\" }\n",
            "}\n",
        );
        let body = hcl_edit::parser::parse_body(text).expect("parses");
        let unquoted = unquote_references(text, &body).expect("rewritten");
        assert_eq!(
            unquoted,
            concat!(
                "resource \"a\" \"b\" {\n",
                "  depends_on = [ aws_x.y , \"${aws_z.w}\", \"not a reference\"]\n",
                "  provider =  aws.west \n",
                "  tags = [\"aws_x.y\"]\n",
                "}\n",
                "module \"m\" {\n",
                "  providers = {  aws  =  aws.west , aws.east =  aws  }\n",
                "}\n",
            )
        );
        assert!(hcl_edit::parser::parse_body(&unquoted).is_ok());
        let plain = "resource \"a\" \"b\" {\n  depends_on = [aws_x.y]\n}\n";
        let body = hcl_edit::parser::parse_body(plain).expect("parses");
        assert!(unquote_references(plain, &body).is_none());
    }

    #[test]
    fn a_line_break_outside_a_for_expression_stays_an_error() {
        // Terraform ends an attribute at the line break: the next line is refused.
        assert!(recovered("a = true\n  ? 1 : 2\n").is_none());
    }

    #[test]
    fn a_key_written_twice_keeps_its_last_value() {
        let text = "x = {\n  a = 1\n  b = 2\n  a = 3\n  a = 5\n}\n";
        let recovered = recovered(text).expect("recovered");
        let Some(hcl_edit::structure::Structure::Attribute(attribute)) =
            recovered.body.into_iter().next()
        else {
            panic!("one attribute");
        };
        let hcl::Expression::Object(object) = hcl::Expression::from(attribute.value) else {
            panic!("an object");
        };
        let items: Vec<String> = object
            .iter()
            .map(|(key, value)| format!("{key}={value}"))
            .collect();
        assert_eq!(items, ["a=5", "b=2"]);
    }
}
