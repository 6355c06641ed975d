//! How an unknown value crosses into the function library, which is written over hcl-rs
//! values: as a token of two private-use characters around a number (U+E000, the index,
//! U+E001) that stands for one unknown part. Functions that build strings or collections
//! carry tokens along like any text; `interpret/library.rs` turns each back into the
//! unknown it stands for. Tokens are never read from what a repository writes: an argument
//! whose text holds U+E000 already is refused before the call, so user text that looks like
//! `${…}` stays text.

/// Starts a token.
pub const OPEN: char = '\u{E000}';
/// Ends a token.
pub const CLOSE: char = '\u{E001}';

/// What a function returns, in place of a value, when its result is unknown: the token with
/// no index, which stands for the call itself.
pub const CALL_UNKNOWN: &str = "\u{E000}\u{E001}";

/// The token of the unknown part numbered `index`.
pub fn token(index: usize) -> String {
    format!("{OPEN}{index}{CLOSE}")
}

/// True when the text holds a token: the value it stands in is unknown at least in part.
pub fn contains(text: &str) -> bool {
    text.contains(OPEN)
}

/// True when the text is one token and nothing else: the whole value is unknown.
pub fn is_whole(text: &str) -> bool {
    matches!(pieces(text).as_slice(), [Piece::Token(_)])
}

/// A piece of a text holding tokens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Piece<'t> {
    Text(&'t str),
    /// A token: the index of the unknown part, or `None` for [`CALL_UNKNOWN`] (or a token
    /// whose number cannot be read).
    Token(Option<usize>),
}

/// The text cut into known text and tokens, in order; empty texts left out.
pub fn pieces(text: &str) -> Vec<Piece<'_>> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(start) = rest.find(OPEN) {
        let after = &rest[start + OPEN.len_utf8()..];
        if start > 0 {
            out.push(Piece::Text(&rest[..start]));
        }
        // A token a function cut in two: what follows is not known.
        let Some(end) = after.find(CLOSE) else {
            out.push(Piece::Token(None));
            return out;
        };
        out.push(Piece::Token(after[..end].parse().ok()));
        rest = &after[end + CLOSE.len_utf8()..];
    }
    if !rest.is_empty() {
        out.push(Piece::Text(rest));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_split_into_known_text_and_tokens() {
        let text = format!("a{}b{CALL_UNKNOWN}", token(3));
        assert_eq!(
            pieces(&text),
            [
                Piece::Text("a"),
                Piece::Token(Some(3)),
                Piece::Text("b"),
                Piece::Token(None)
            ]
        );
        assert!(contains(&text));
        assert!(!is_whole(&text));
        assert!(is_whole(&token(0)));
        assert_eq!(
            pieces(&format!("a{OPEN}1")),
            [Piece::Text("a"), Piece::Token(None)]
        );
        assert!(!contains("${var.x} stays text"));
    }
}
