//! Escaping for Markdown, where names from untrusted code end up in PR comments. Besides
//! markup, GitHub gives meaning to plain text: `@name` notifies a person or a team, a bare
//! URL or `www.` becomes a link, and `$…$` becomes math. A name keeps its letters; an
//! invisible word joiner (U+2060) breaks the pattern GitHub looks for.

use tfmap_core::diagnostic::terminal::{is_hidden, visible};

/// Invisible, and joins the characters around it: the text reads as before, but GitHub no
/// longer sees a mention or a link.
const WORD_JOINER: char = '\u{2060}';

/// Text safe in Markdown, also inside a table cell: no markup, no cell breaks, no raw HTML,
/// no mention, autolink or math; hidden characters shown as escapes (`\n`, `\u{202e}`).
pub fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (index, c) in text.char_indices() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' | '$' => {
                out.push('\\');
                out.push(c);
            }
            '@' => {
                out.push(c);
                out.push(WORD_JOINER);
            }
            // `http://`, `https://`, `ftp://`…: the scheme no longer ends at `://`.
            ':' if text[index..].starts_with("://") => {
                out.push(WORD_JOINER);
                out.push(c);
            }
            // `www.` starts a link: `www` and its dot are kept apart.
            '.' if ends_with_www(&text[..index]) => {
                out.push(WORD_JOINER);
                out.push(c);
            }
            c if is_hidden(c) => {
                out.push_str(&visible(c).replace('\\', "\\\\"));
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether `before` ends with `www`, in any case.
fn ends_with_www(before: &str) -> bool {
    before
        .len()
        .checked_sub(3)
        .and_then(|start| before.get(start..))
        .is_some_and(|tail| tail.eq_ignore_ascii_case("www"))
}

#[cfg(test)]
mod tests {
    use super::markdown_escape;

    /// The text as it reads, with the invisible joiners taken out.
    fn read(escaped: &str) -> String {
        escaped.replace('\u{2060}', "")
    }

    #[test]
    fn mentions_links_and_math_are_broken_but_read_the_same() {
        let escaped = markdown_escape("@octocat @org/team https://x.io www.x.io $x$ $$");
        assert!(!escaped.contains("@o"), "{escaped}");
        assert!(!escaped.contains("s://"), "{escaped}");
        assert!(!escaped.to_lowercase().contains("www."), "{escaped}");
        assert!(!escaped.replace("\\$", "").contains('$'), "{escaped}");
        assert_eq!(
            read(&escaped),
            "@octocat @org/team https://x.io www.x.io \\$x\\$ \\$\\$"
        );
        assert_eq!(read(&markdown_escape("WWW.X.IO")), "WWW.X.IO");
        assert!(!markdown_escape("WWW.X.IO").contains("WWW."));
    }

    #[test]
    fn hidden_characters_show_as_escapes() {
        assert_eq!(
            markdown_escape("a\u{202e}b\n::error file=x::y\u{1b}[31m"),
            "a\\\\u{202e}b\\\\n::error file=x::y\\\\u{1b}\\[31m"
        );
    }
}
