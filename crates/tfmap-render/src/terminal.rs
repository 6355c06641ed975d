//! Names come from untrusted code: before they reach a terminal, control characters (escape
//! sequences could move the cursor or rewrite earlier lines) and bidirectional controls
//! (which reorder what is shown, so one name can read as another) are shown as `\u{..}`
//! escapes.

pub fn clean(text: &str) -> String {
    if !text.chars().any(hidden) {
        return text.to_string();
    }
    text.chars()
        .map(|c| {
            if hidden(c) {
                c.escape_unicode().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

fn hidden(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// The characters that change the display order of the text around them (a `for_each` key
/// can hold any of them).
pub(crate) fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_control_characters() {
        assert_eq!(super::clean("a\u{1b}[2Jb\n"), "a\\u{1b}[2Jb\\u{a}");
        assert_eq!(super::clean("plain é"), "plain é");
        assert_eq!(super::clean("a\u{202e}b\u{2066}"), "a\\u{202e}b\\u{2066}");
    }
}
