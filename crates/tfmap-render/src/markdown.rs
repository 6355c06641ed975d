//! Escaping for Markdown, where names from untrusted code end up in PR comments.

/// Text safe in Markdown, also inside a table cell: no markup, no cell breaks, no raw HTML.
pub fn markdown_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\\' | '`' | '*' | '_' | '[' | ']' | '#' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            c if c.is_control() => out.push(' '),
            c if crate::terminal::is_bidi_control(c) => {
                out.push_str(&c.escape_unicode().to_string().replace('\\', "\\\\"));
            }
            c => out.push(c),
        }
    }
    out
}
