//! Where the comments of an HCL file are: `#` and `//` to the end of the line, `/* … */`.
//! A `#` or `//` inside a quoted string (`"https://…"`) or a heredoc is text, and a string's
//! `${ … }` interpolation is code again, which may hold strings of its own.

use std::ops::Range;

/// What the scanner is inside of, innermost last.
enum Frame {
    /// A quoted string.
    Quoted,
    /// `${ … }` or `%{ … }` in a quoted string, with the `{` opened inside it.
    Interpolation { braces: usize },
}

/// Byte ranges of the comments (the comment characters included).
pub fn comments(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut stack: Vec<Frame> = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        match stack.last_mut() {
            Some(Frame::Quoted) => match rest {
                [b'\\', ..] => i += 1,
                [b'"', ..] => {
                    stack.pop();
                }
                [b'$', b'$', b'{', ..] | [b'%', b'%', b'{', ..] => i += 2,
                [b'$' | b'%', b'{', ..] => {
                    stack.push(Frame::Interpolation { braces: 0 });
                    i += 1;
                }
                // A quoted string ends with its line: an unterminated one hides nothing.
                [b'\n', ..] => stack.clear(),
                _ => {}
            },
            code => {
                let end_of_line = |from: usize| {
                    bytes[from..]
                        .iter()
                        .position(|b| *b == b'\n')
                        .map_or(bytes.len(), |n| from + n)
                };
                match rest {
                    [b'#', ..] | [b'/', b'/', ..] => {
                        let end = end_of_line(i);
                        found.push(i..end);
                        i = end;
                        continue;
                    }
                    [b'/', b'*', ..] => {
                        let end = text[i + 2..]
                            .find("*/")
                            .map_or(text.len(), |n| i + 2 + n + 2);
                        found.push(i..end);
                        i = end;
                        continue;
                    }
                    [b'"', ..] => stack.push(Frame::Quoted),
                    [b'<', b'<', ..] => {
                        if let Some(end) = heredoc_end(text, i) {
                            i = end;
                            continue;
                        }
                    }
                    [b'{', ..] => {
                        if let Some(Frame::Interpolation { braces }) = code {
                            *braces += 1;
                        }
                    }
                    [b'}', ..] => match code {
                        Some(Frame::Interpolation { braces: 0 }) => {
                            stack.pop();
                        }
                        Some(Frame::Interpolation { braces }) => *braces -= 1,
                        _ => {}
                    },
                    _ => {}
                }
            }
        }
        i += 1;
    }
    found
}

/// Where the heredoc starting with `<<` at `start` ends (after its closing line), if this
/// is one: `<<EOT` or `<<-EOT` and the end of the line.
fn heredoc_end(text: &str, start: usize) -> Option<usize> {
    let header = &text[start + 2..];
    let header = header.strip_prefix('-').unwrap_or(header);
    let line_end = header.find('\n')?;
    let delimiter = header[..line_end].trim_end_matches('\r');
    if delimiter.is_empty()
        || !delimiter
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let body_start = text.len() - header.len() + line_end + 1;
    let mut offset = body_start;
    for line in text[body_start..].split_inclusive('\n') {
        offset += line.len();
        if line.trim() == delimiter {
            return Some(offset);
        }
    }
    Some(text.len())
}

#[cfg(test)]
mod tests {
    use super::comments;

    fn texts(text: &str) -> Vec<&str> {
        comments(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn finds_comments_but_not_text_that_looks_like_one() {
        let text = "a = \"x # y // z\" # one\nb = \"${f(\"#\")}\" // two\n/* three */ c = 1\n";
        assert_eq!(texts(text), ["# one", "// two", "/* three */"]);
    }

    #[test]
    fn heredocs_and_interpolations_are_not_comments() {
        let text = "a = <<-EOT\n  # not\n  EOT\nb = \"${ {x = \"#\"} }\" # yes\nc = \"$${# no}\"\n";
        assert_eq!(texts(text), ["# yes"]);
    }

    #[test]
    fn an_unterminated_string_ends_with_its_line() {
        assert_eq!(texts("a = \"open\n# comment\n"), ["# comment"]);
    }
}
