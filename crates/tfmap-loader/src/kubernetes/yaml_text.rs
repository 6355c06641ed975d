//! The lexical layout of YAML text, without parsing it: where its comments are and which
//! lines are scalar content (a block scalar's lines, a quoted scalar that spans lines). A
//! `#` or `{{` there is data. Line based and forgiving: it runs on text that may not parse
//! (Go templates), and only needs to tell comments and data from structure.

use std::ops::Range;

#[derive(Debug, Default)]
pub struct Layout {
    /// Byte ranges of `#` comments, the `#` included.
    pub comments: Vec<Range<usize>>,
    /// Byte ranges of quoted scalars (quotes excluded) and block scalar lines.
    pub scalars: Vec<Range<usize>>,
    /// For each line, whether it starts inside a block or a multi-line quoted scalar.
    pub continues_scalar: Vec<bool>,
}

impl Layout {
    pub fn in_comment(&self, offset: usize) -> bool {
        self.comments.iter().any(|r| r.contains(&offset))
    }

    pub fn in_scalar(&self, offset: usize) -> bool {
        self.scalars.iter().any(|r| r.contains(&offset))
    }
}

/// What the previous line left open.
#[derive(Clone, Copy)]
enum Open {
    Nothing,
    Quoted {
        quote: u8,
    },
    /// A block scalar whose header sits on a line indented by `parent`; its lines are
    /// indented by `content` (known from its first line that is not blank).
    Block {
        parent: usize,
        content: Option<usize>,
    },
}

pub fn layout(text: &str) -> Layout {
    let mut layout = Layout::default();
    let mut open = Open::Nothing;
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let body = line.trim_end_matches(['\n', '\r']);
        layout.continues_scalar.push(!matches!(open, Open::Nothing));
        let indent = body.len() - body.trim_start_matches(' ').len();
        if let Open::Block { parent, content } = open {
            let blank = body.trim().is_empty();
            let inside = match content {
                _ if blank => true,
                Some(content) => indent >= content,
                None => indent > parent,
            };
            if inside {
                if !blank && content.is_none() {
                    open = Open::Block {
                        parent,
                        content: Some(indent),
                    };
                }
                layout.scalars.push(line_start..line_start + body.len());
                line_start += line.len();
                continue;
            }
            open = Open::Nothing;
            if let Some(last) = layout.continues_scalar.last_mut() {
                *last = false;
            }
        }
        open = structure(body, line_start, indent, open, &mut layout);
        line_start += line.len();
    }
    layout
}

/// Scans one line of structure (or the rest of a quoted scalar that spans lines); returns
/// what it leaves open.
fn structure(body: &str, base: usize, indent: usize, open: Open, layout: &mut Layout) -> Open {
    let bytes = body.as_bytes();
    let mut i = 0;
    // After a quoted scalar closes, a key's `:` or a comment may follow, not a value.
    let mut expect_value = !matches!(open, Open::Quoted { .. });
    if let Open::Quoted { quote } = open {
        match quoted_end(bytes, 0, quote) {
            Some(end) => {
                layout.scalars.push(base..base + end);
                i = end + 1;
            }
            None => {
                layout.scalars.push(base..base + bytes.len());
                return open;
            }
        }
    } else if body.starts_with("---") || body.starts_with("...") {
        i = 3;
    }
    let mut after_space = true;
    while i < bytes.len() {
        let c = bytes[i];
        let next_is_space = bytes.get(i + 1).is_none_or(|n| *n == b' ' || *n == b'\t');
        match c {
            b' ' | b'\t' => {
                after_space = true;
                i += 1;
                continue;
            }
            b'#' if after_space => {
                layout.comments.push(base + i..base + bytes.len());
                return Open::Nothing;
            }
            b'"' | b'\'' if expect_value => match quoted_end(bytes, i + 1, c) {
                Some(end) => {
                    layout.scalars.push(base + i + 1..base + end);
                    i = end;
                    expect_value = false;
                }
                None => {
                    layout.scalars.push(base + i + 1..base + bytes.len());
                    return Open::Quoted { quote: c };
                }
            },
            b'|' | b'>' if expect_value && is_block_header(&body[i + 1..]) => {
                if let Some(hash) = body[i..].find('#') {
                    layout.comments.push(base + i + hash..base + bytes.len());
                }
                return Open::Block {
                    parent: indent,
                    content: None,
                };
            }
            b'-' | b'?' | b':' if next_is_space => expect_value = true,
            b'[' | b'{' | b',' => expect_value = true,
            _ => expect_value = false,
        }
        after_space = false;
        i += 1;
    }
    Open::Nothing
}

/// Where the quoted scalar whose text starts at `from` closes (the index of its quote).
fn quoted_end(bytes: &[u8], from: usize, quote: u8) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' if quote == b'"' => i += 2,
            b'\'' if quote == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            c if c == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// After `|` or `>`: indentation and chomping indicators, then nothing but a comment.
fn is_block_header(rest: &str) -> bool {
    let rest = rest.trim_start_matches(|c: char| c.is_ascii_digit() || c == '+' || c == '-');
    let rest = rest.trim_start();
    rest.is_empty() || rest.starts_with('#')
}

#[cfg(test)]
mod tests {
    use super::layout;

    fn comments(text: &str) -> Vec<&str> {
        layout(text)
            .comments
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn comments_are_found_outside_scalars_only() {
        let text = "a: 1 # one\nb: \"x # no\" # two\nc: 'it''s # no'\nd: x#no\ne: it's # three\n";
        assert_eq!(comments(text), ["# one", "# two", "# three"]);
    }

    #[test]
    fn block_scalars_and_multi_line_quotes_are_data() {
        let text =
            "data: |\n  # no\n  {{ x }}\n\n  more\nnext: 1 # yes\ns: \"a\n  # no\n  b\" # also\n";
        assert_eq!(comments(text), ["# yes", "# also"]);
        let found = layout(text);
        assert_eq!(
            found.continues_scalar,
            [false, true, true, true, true, false, false, true, true]
        );
    }

    #[test]
    fn a_block_header_may_carry_a_comment() {
        assert_eq!(comments("k: >- # why\n  text # no\n"), ["# why"]);
        assert_eq!(comments("- |\n  a\n- b # yes\n"), ["# yes"]);
    }
}
