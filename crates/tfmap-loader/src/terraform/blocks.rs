//! The top-level blocks of a file hcl-edit refuses as a whole, found without parsing it, so
//! that each can be parsed on its own and one broken block (Terraform 0.11 syntax, a
//! string never closed) costs only itself.
//!
//! A scan of the text that knows strings (with their `${ }` and `%{ }` templates, which
//! hold strings of their own), heredocs and comments counts the braces of the code. A
//! top-level item starts at column 1 of a line, outside any brace, string, heredoc or
//! comment, with an identifier (or indented, when the line opens a block of a top-level
//! kind: `  resource "a" "b" {`); it ends at the end of the line where its braces close
//! again (or of its first line when it opens none: a top-level argument). Text between
//! items that is neither blank nor a comment is stray. A quoted string ends at its line's
//! end, as HCL wants, so an unclosed one does not swallow the rest of the file. One pass,
//! linear in the text.

use std::ops::Range;

/// Where the items and the stray text of a file are.
#[derive(Debug, Default, PartialEq)]
pub(super) struct Layout {
    /// Each item from the start of its first line to the end of its last, in file order.
    pub items: Vec<Range<usize>>,
    /// Text outside every item that is not blank or a comment, from its first such byte.
    pub stray: Vec<Range<usize>>,
}

enum Frame {
    /// Code, with the braces opened in it: the file, or a template's `${ }` or `%{ }`.
    Code(usize),
    /// A quoted string.
    Quoted,
}

/// The top-level items of `text`.
pub(super) fn layout(text: &str) -> Layout {
    let bytes = text.as_bytes();
    let mut layout = Layout::default();
    let mut stack = vec![Frame::Code(0)];
    // The item being read: its start, and whether it opened a brace yet.
    let mut item: Option<(usize, bool)> = None;
    let mut stray: Option<usize> = None;
    let mut i = 0;
    while i < bytes.len() {
        let top_level = matches!(stack.as_slice(), [Frame::Code(0)]);
        let line_start = i == 0 || bytes[i - 1] == b'\n';
        if top_level && item.is_none() && line_start && starts_item(text, i) {
            if let Some(start) = stray.take() {
                layout.stray.push(start..i);
            }
            item = Some((i, false));
        }
        let byte = bytes[i];
        let in_template = stack.len() > 1;
        match stack.last_mut() {
            Some(Frame::Quoted) => {
                match byte {
                    b'\\' => i += 1,
                    b'"' => {
                        stack.pop();
                    }
                    b'\n' => {
                        // Never closed: the string ends with its line.
                        stack.pop();
                        continue;
                    }
                    b'$' | b'%' if bytes.get(i + 1) == Some(&byte) => i += 1,
                    b'$' | b'%' if bytes.get(i + 1) == Some(&b'{') => {
                        stack.push(Frame::Code(0));
                        i += 1;
                    }
                    _ => {}
                }
                i += 1;
            }
            Some(Frame::Code(braces)) => {
                let comment =
                    byte == b'#' || (byte == b'/' && matches!(bytes.get(i + 1), Some(b'/' | b'*')));
                if !in_template && item.is_none() && !comment && !byte.is_ascii_whitespace() {
                    stray.get_or_insert(i);
                }
                match byte {
                    b'"' => {
                        stack.push(Frame::Quoted);
                        i += 1;
                    }
                    b'#' => i = line_end(bytes, i),
                    b'/' if bytes.get(i + 1) == Some(&b'/') => i = line_end(bytes, i),
                    b'/' if bytes.get(i + 1) == Some(&b'*') => {
                        i = find(bytes, i + 2, b"*/").map_or(bytes.len(), |end| end + 2);
                    }
                    b'<' => i = heredoc_end(bytes, i).unwrap_or(i + 1),
                    b'{' => {
                        *braces += 1;
                        if let (false, Some((_, opened))) = (in_template, item.as_mut()) {
                            *opened = true;
                        }
                        i += 1;
                    }
                    b'}' => {
                        if *braces > 0 {
                            *braces -= 1;
                        } else if in_template {
                            stack.pop();
                        }
                        i += 1;
                    }
                    b'\n' => {
                        i += 1;
                        if let (false, 0, Some((start, _))) = (in_template, *braces, item) {
                            layout.items.push(start..i);
                            item = None;
                        }
                    }
                    _ => i += 1,
                }
            }
            None => break,
        }
    }
    if let Some((start, _)) = item {
        layout.items.push(start..bytes.len());
    }
    if let Some(start) = stray {
        layout.stray.push(start..bytes.len());
    }
    layout
}

/// Does an item start at `at`, a line's start: a name at column 1, or an indented line
/// that opens a block of a top-level kind (a whole file indented, say).
fn starts_item(text: &str, at: usize) -> bool {
    match text.as_bytes().get(at) {
        Some(&byte) if starts_name(byte) => true,
        Some(b' ' | b'\t') => text
            .get(at..line_end(text.as_bytes(), at))
            .is_some_and(|line| opens_block(line.trim_start())),
        _ => false,
    }
}

/// Can an identifier start with this byte (any non-ASCII byte may begin a letter).
fn starts_name(byte: u8) -> bool {
    byte.is_ascii_alphabetic() || byte == b'_' || byte >= 0x80
}

fn is_name_byte(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-' || byte >= 0x80
}

/// The offset of the line break ending the line at `from` (the text's end without one).
fn line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n')
        .map_or(bytes.len(), |at| from + at)
}

fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|at| from + at)
}

/// When `<<MARKER` or `<<-MARKER` ending its line starts at `at`: the end of the line
/// holding the closing marker (the text's end when there is none).
fn heredoc_end(bytes: &[u8], at: usize) -> Option<usize> {
    let mut i = at + 2;
    if bytes.get(at + 1) != Some(&b'<') {
        return None;
    }
    if bytes.get(i) == Some(&b'-') {
        i += 1;
    }
    let marker_start = i;
    while bytes.get(i).is_some_and(|&b| is_name_byte(b)) {
        i += 1;
    }
    let marker = bytes.get(marker_start..i).filter(|m| !m.is_empty())?;
    if bytes.get(i) == Some(&b'\r') {
        i += 1;
    }
    if bytes.get(i) != Some(&b'\n') {
        return None;
    }
    let mut line = i + 1;
    while line < bytes.len() {
        let end = line_end(bytes, line);
        if bytes[line..end].trim_ascii() == marker {
            return Some(end);
        }
        line = end + 1;
    }
    Some(bytes.len())
}

/// The block kinds Terraform reads at the top of a file.
const TOP_LEVEL_KINDS: [&str; 12] = [
    "resource",
    "data",
    "module",
    "variable",
    "output",
    "locals",
    "provider",
    "terraform",
    "moved",
    "import",
    "removed",
    "check",
];

/// The offsets of the lines of `text` after its first that open a top-level block of a
/// kind Terraform knows at column 1 (`resource "a" "b" {`): where a broken item is cut
/// when its braces never closed, so the blocks after it are read.
pub(super) fn block_starts(text: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        if offset > 0 && opens_block(line) {
            starts.push(offset);
        }
        offset += line.len();
    }
    starts
}

/// `kind label… {` where kind is a top-level block kind.
fn opens_block(line: &str) -> bool {
    block_head(line).is_some_and(|(kind, _)| TOP_LEVEL_KINDS.contains(&kind.as_str()))
}

/// The kind and labels of a block whose first line is `line` (`resource "a" "b" {`).
pub(super) fn block_head(line: &str) -> Option<(String, Vec<String>)> {
    let kind_end = line.bytes().position(|b| !is_name_byte(b)).unwrap_or(0);
    if kind_end == 0 {
        return None;
    }
    let kind = line[..kind_end].to_string();
    let mut labels = Vec::new();
    let mut rest = line[kind_end..].trim_start();
    loop {
        if rest.starts_with('{') {
            return Some((kind, labels));
        }
        if let Some(quoted) = rest.strip_prefix('"') {
            let end = quoted.find(['"', '\n', '\\'])?;
            if !quoted[end..].starts_with('"') {
                return None;
            }
            labels.push(quoted[..end].to_string());
            rest = quoted[end + 1..].trim_start();
        } else {
            let end = rest.bytes().position(|b| !is_name_byte(b)).unwrap_or(0);
            if end == 0 {
                return None;
            }
            labels.push(rest[..end].to_string());
            rest = rest[end..].trim_start();
        }
    }
}

/// What a top-level block declares, as its references name it (`aws_lb.x`,
/// `data.aws_vpc.main`, `var.x`, `module.m`, `output.o`; `local.*` for a `locals` block,
/// whose names are not known), when its first line says.
pub(super) fn declared_by(item: &str) -> Option<String> {
    let (kind, labels) = block_head(item.lines().next()?)?;
    Some(match (kind.as_str(), labels.as_slice()) {
        ("resource", [kind, name]) => format!("{kind}.{name}"),
        ("data", [kind, name]) => format!("data.{kind}.{name}"),
        ("variable", [name]) => format!("var.{name}"),
        ("module", [name]) => format!("module.{name}"),
        ("output", [name]) => format!("output.{name}"),
        ("locals", []) => "local.*".to_string(),
        _ => return None,
    })
}

/// How a block is named in a message: its first line up to the brace, at most 80
/// characters.
pub(super) fn header(item: &str) -> String {
    let line = item.lines().next().unwrap_or_default();
    let line = line.split('{').next().unwrap_or_default().trim();
    match line.char_indices().nth(80) {
        Some((cut, _)) => format!("{}…", &line[..cut]),
        None => line.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(text: &str) -> Vec<&str> {
        layout(text).items.into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn blocks_end_at_their_brace_whatever_strings_heredocs_and_comments_hold() {
        let text = r#"resource "a" "b" {
  x = "}${ {a = "}"}.a }%{ if true }{%{ endif }"
  y = <<-EOT
}
resource "not" "a block" {
    EOT
  # }
  /* }
} */
  z = "$${"
}
# a comment between
variable "v" {}
"#;
        assert_eq!(
            items(text),
            [
                &text[..text.find("# a comment").unwrap()],
                "variable \"v\" {}\n"
            ]
        );
        assert!(layout(text).stray.is_empty());
    }

    #[test]
    fn an_indented_block_of_a_top_level_kind_is_an_item() {
        let text = "  resource \"a\" \"b\" {\n    x = 1\n  }\n  oops = 1\n";
        let layout = layout(text);
        let end = text.find("  oops").unwrap();
        assert_eq!(layout.items.len(), 1);
        assert_eq!(layout.items[0], 0..end);
        assert_eq!(layout.stray.len(), 1);
    }

    #[test]
    fn an_unclosed_string_ends_with_its_line() {
        let text = "resource \"a\" \"b\" {\n  x = \"never closed\n}\nlocals {\n  y = 1\n}\n";
        assert_eq!(
            items(text),
            [
                "resource \"a\" \"b\" {\n  x = \"never closed\n}\n",
                "locals {\n  y = 1\n}\n"
            ]
        );
    }

    #[test]
    fn text_outside_blocks_is_stray() {
        let text = "}\nlocals {}\n  oops\n\n// fine\nx = 1\n";
        let layout = layout(text);
        assert_eq!(
            layout
                .items
                .iter()
                .map(|r| &text[r.clone()])
                .collect::<Vec<_>>(),
            ["locals {}\n", "x = 1\n"]
        );
        assert_eq!(
            layout
                .stray
                .iter()
                .map(|r| &text[r.clone()])
                .collect::<Vec<_>>(),
            ["}\n", "oops\n\n// fine\n"]
        );
    }

    #[test]
    fn an_unclosed_block_runs_to_the_end_and_is_cut_at_block_starts() {
        let text = "resource \"a\" \"b\" {\n  x = 1\nresource \"c\" d {\n}\n  data {\noutput \"o\" { value = 1 }\n";
        assert_eq!(items(text), [text]);
        let starts = block_starts(text);
        let lines: Vec<&str> = starts
            .iter()
            .map(|&s| text[s..].lines().next().unwrap())
            .collect();
        assert_eq!(lines, ["resource \"c\" d {", "output \"o\" { value = 1 }"]);
    }

    #[test]
    fn skipped_blocks_say_what_they_declared() {
        assert_eq!(
            declared_by("resource \"aws_lb\" web {\n  x = 1\n}\n").as_deref(),
            Some("aws_lb.web")
        );
        assert_eq!(
            declared_by("data \"aws_vpc\" \"main\" {").as_deref(),
            Some("data.aws_vpc.main")
        );
        assert_eq!(declared_by("locals {").as_deref(), Some("local.*"));
        assert_eq!(declared_by("variable \"a\\\"b\" {"), None);
        assert_eq!(declared_by("terraform {"), None);
    }

    #[test]
    fn ranges_are_ordered_disjoint_and_on_character_boundaries_whatever_the_text() {
        let samples = [
            "",
            "\"",
            "x = \"${\"${\n}\"\n",
            "résumé \"é\\é\" {\n  ü = \"\\ü\"\n}\n}}}\n{{{\n",
            "a {\n  b = <<EOT\nno end\n",
            "a {\n  /* never closed\n}\nb {}\n",
            "a { x = \"%{ if \" }\n}\nb {}\r\nc {\r\n}\r\n",
            "\u{1F600} {}\n\u{1F600}\n",
            "a <<\nb <<-\n<<EOT",
        ];
        for text in samples {
            let layout = layout(text);
            let mut end = 0;
            for range in &layout.items {
                assert!(range.start >= end && range.start < range.end && range.end <= text.len());
                assert!(text.is_char_boundary(range.start) && text.is_char_boundary(range.end));
                end = range.end;
            }
            for range in &layout.stray {
                assert!(text.is_char_boundary(range.start), "{text:?}");
            }
            for start in block_starts(text) {
                assert!(text.is_char_boundary(start));
            }
            let _ = header(text);
            let _ = declared_by(text);
            let _ = crate::terraform::syntax::parse_config("t.tf".into(), text);
        }
    }

    #[test]
    fn headers_name_the_block() {
        assert_eq!(header("resource \"a\" \"b\" {\n}"), "resource \"a\" \"b\"");
        assert_eq!(header(&"x".repeat(100)).chars().count(), 81);
    }
}
