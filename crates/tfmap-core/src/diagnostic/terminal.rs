//! Text for a terminal or a CI log. Names and messages quote untrusted code: a raw escape
//! sequence could move the cursor or rewrite earlier lines, a raw line break could start a
//! line that a CI runner reads as a command (`::error file=…`), and a bidirectional control
//! reorders what is shown so that one name reads as another. Each such character is shown
//! as a visible escape instead (`\n`, `\u{1b}`, `\u{202e}`).
//!
//! The other output formats (Markdown, DOT, Mermaid) show the same escape through their own
//! quoting, with [`is_hidden`] and [`visible`].

use std::borrow::Cow;

/// `text` with every hidden character shown as its escape; borrowed when there is none.
/// Text that begins (after blanks) with `::` may be printed at the start of a line, where a
/// CI runner would read it as a command (a directory named `::`): its first colon is shown
/// as `\u{3a}`.
pub fn escape(text: &str) -> Cow<'_, str> {
    let command_like = text.trim_start().starts_with("::");
    if !command_like && !text.chars().any(is_hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    let mut first_colon = command_like;
    for c in text.chars() {
        if is_hidden(c) {
            out.push_str(&visible(c));
        } else if c == ':' && first_colon {
            first_colon = false;
            out.push_str(&c.escape_unicode().to_string());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Characters that act on the display instead of being shown: C0 and C1 controls, DEL,
/// bidirectional controls, and the Unicode line and paragraph separators.
pub fn is_hidden(c: char) -> bool {
    c.is_control() || is_bidi_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// The characters that change the display order of the text around them (a `for_each` key
/// can hold any of them).
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

/// How a hidden character is shown: `\n`, `\r`, `\t`, else `\u{…}` with its code point.
pub fn visible(c: char) -> String {
    match c {
        '\n' => "\\n".to_string(),
        '\r' => "\\r".to_string(),
        '\t' => "\\t".to_string(),
        c => c.escape_unicode().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn shows_controls_and_bidi_as_escapes() {
        assert_eq!(escape("a\u{1b}[2Jb\n"), "a\\u{1b}[2Jb\\n");
        assert_eq!(escape("x\n::error file=a::b"), "x\\n::error file=a::b");
        assert_eq!(escape("  ::/app.yaml:3"), "  \\u{3a}:/app.yaml:3");
        assert_eq!(
            escape("a\u{202e}b\u{2066}\u{200f}"),
            "a\\u{202e}b\\u{2066}\\u{200f}"
        );
        assert_eq!(escape("del\u{7f} c1\u{9b}"), "del\\u{7f} c1\\u{9b}");
        assert_eq!(escape("tab\tcr\r"), "tab\\tcr\\r");
    }

    #[test]
    fn leaves_ordinary_text_borrowed() {
        assert!(matches!(
            escape("plain é 設定 🚀"),
            std::borrow::Cow::Borrowed(_)
        ));
    }
}
