//! `yamlencode`, in the style Terraform's encoder (go-cty-yaml over libyaml) writes: block
//! style, keys sorted, every string double-quoted, a string with a line break as a literal
//! block (`|` or `|-`), empty collections as `[]` and `{}`, two-space indentation with
//! sequences under a key not indented. The few cases where libyaml would pick a layout
//! this writer does not reproduce (a quoted line folded past column 80, a literal block
//! needing an indentation or keep indicator, a long or multi-line key) give an unknown
//! value instead of a wrong text. Unknown markers inside stay visible, as in `jsonencode`.

use super::unknown;
use hcl::Value;
use hcl::eval::FuncArgs;

/// libyaml folds double-quoted text at a space past this column.
const BEST_WIDTH: usize = 80;
/// libyaml writes a longer key in the complex `? key` form.
const MAX_SIMPLE_KEY: usize = 128;
const INDENT: usize = 2;
/// Deeper values are refused: the writer recurses.
const MAX_DEPTH: usize = 64;

/// A layout this writer does not reproduce.
struct Unsupported;

#[derive(Clone, Copy, PartialEq)]
enum Place {
    Root,
    MappingValue,
    SequenceItem,
}

pub fn yamlencode(args: FuncArgs) -> Result<Value, String> {
    let value = args
        .first()
        .ok_or_else(|| "yamlencode takes a value".to_string())?;
    let mut writer = Writer::default();
    match writer.node(value, None, Place::Root, 0) {
        Ok(()) => {
            writer.end_line();
            Ok(Value::String(writer.out))
        }
        Err(Unsupported) => Ok(unknown("yamlencode")),
    }
}

/// Characters libyaml may write as they are (its `is_printable`).
fn printable(c: char) -> bool {
    matches!(u32::from(c), 0x0A | 0x20..=0x7E | 0xA0..=0xD7FF | 0xE000..=0xFFFD) && c != '\u{FEFF}'
}

fn is_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

#[derive(Default)]
struct Writer {
    out: String,
    column: usize,
}

impl Writer {
    fn push(&mut self, text: &str) {
        for c in text.chars() {
            if c == '\n' {
                self.column = 0;
            } else {
                self.column += 1;
            }
        }
        self.out.push_str(text);
    }

    fn end_line(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.push("\n");
        }
    }

    /// A new line at the given indentation (none before the very first node).
    fn line(&mut self, indent: usize) {
        self.end_line();
        self.push(&" ".repeat(indent));
    }

    /// `parent` is the indentation of the collection holding the node (`None` at the root).
    fn node(
        &mut self,
        value: &Value,
        parent: Option<usize>,
        place: Place,
        depth: usize,
    ) -> Result<(), Unsupported> {
        if depth > MAX_DEPTH {
            return Err(Unsupported);
        }
        let nested = parent.map_or(0, |p| p + INDENT);
        match value {
            Value::Array(items) if !items.is_empty() => {
                // A sequence under a key is not indented.
                let indent = match (place, parent) {
                    (Place::MappingValue, Some(p)) => p,
                    _ => nested,
                };
                for (i, item) in items.iter().enumerate() {
                    if !(i == 0 && place == Place::SequenceItem) {
                        self.line(indent);
                    }
                    self.push("- ");
                    self.node(item, Some(indent), Place::SequenceItem, depth + 1)?;
                }
                Ok(())
            }
            Value::Object(map) if !map.is_empty() => {
                let mut keys: Vec<&String> = map.keys().collect();
                keys.sort();
                for (i, key) in keys.into_iter().enumerate() {
                    if !(i == 0 && place == Place::SequenceItem) {
                        self.line(nested);
                    }
                    if key.len() > MAX_SIMPLE_KEY || key.chars().any(is_break) {
                        return Err(Unsupported);
                    }
                    self.quoted(key, false)?;
                    self.push(":");
                    if let Some(item) = map.get(key) {
                        self.node(item, Some(nested), Place::MappingValue, depth + 1)?;
                    }
                }
                Ok(())
            }
            scalar => {
                if place == Place::MappingValue {
                    self.push(" ");
                }
                match scalar {
                    Value::Null => self.push("null"),
                    Value::Bool(b) => self.push(if *b { "true" } else { "false" }),
                    Value::Number(n) => self.push(&number_text(n)),
                    Value::String(s) if s.contains('\n') && block_allowed(s) => {
                        self.literal(s, parent.map_or(INDENT, |p| p + INDENT))?;
                    }
                    Value::String(s) => self.quoted(s, true)?,
                    Value::Array(_) => self.push("[]"),
                    Value::Object(_) => self.push("{}"),
                }
                Ok(())
            }
        }
    }

    /// A double-quoted scalar with libyaml's escapes. Where libyaml would fold the line
    /// (a space past column 80, in a value), the layout is not reproduced.
    fn quoted(&mut self, text: &str, may_fold: bool) -> Result<(), Unsupported> {
        self.push("\"");
        let chars: Vec<char> = text.chars().collect();
        let mut after_space = false;
        for (i, &c) in chars.iter().enumerate() {
            if c == ' ' {
                if may_fold
                    && !after_space
                    && self.column > BEST_WIDTH
                    && i > 0
                    && i + 1 < chars.len()
                {
                    return Err(Unsupported);
                }
                self.push(" ");
                after_space = true;
                continue;
            }
            after_space = false;
            if printable(c) && !is_break(c) && c != '"' && c != '\\' {
                let mut buffer = [0u8; 4];
                self.push(c.encode_utf8(&mut buffer));
                continue;
            }
            let escaped = match c {
                '\0' => "\\0".to_string(),
                '\u{07}' => "\\a".to_string(),
                '\u{08}' => "\\b".to_string(),
                '\t' => "\\t".to_string(),
                '\n' => "\\n".to_string(),
                '\u{0B}' => "\\v".to_string(),
                '\u{0C}' => "\\f".to_string(),
                '\r' => "\\r".to_string(),
                '\u{1B}' => "\\e".to_string(),
                '"' => "\\\"".to_string(),
                '\\' => "\\\\".to_string(),
                '\u{85}' => "\\N".to_string(),
                '\u{A0}' => "\\_".to_string(),
                '\u{2028}' => "\\L".to_string(),
                '\u{2029}' => "\\P".to_string(),
                c if u32::from(c) <= 0xFF => format!("\\x{:02X}", u32::from(c)),
                c if u32::from(c) <= 0xFFFF => format!("\\u{:04X}", u32::from(c)),
                c => format!("\\U{:08X}", u32::from(c)),
            };
            self.push(&escaped);
        }
        self.push("\"");
        Ok(())
    }

    /// A literal block: `|` when the text ends with one line break, `|-` with none.
    /// Empty lines carry no indentation.
    fn literal(&mut self, text: &str, indent: usize) -> Result<(), Unsupported> {
        // A leading space or break needs an indentation indicator, other breaks than `\n`
        // are written as they are: neither is reproduced.
        if text.starts_with([' ', '\n']) || text.contains(['\r', '\u{85}', '\u{2028}', '\u{2029}'])
        {
            return Err(Unsupported);
        }
        let body = match text.strip_suffix('\n') {
            Some(body) if body.ends_with('\n') => return Err(Unsupported),
            Some(body) => {
                self.push("|");
                body
            }
            None => {
                self.push("|-");
                text
            }
        };
        for line in body.split('\n') {
            self.push("\n");
            if !line.is_empty() {
                self.push(&" ".repeat(indent));
                self.push(line);
            }
        }
        if text.ends_with('\n') {
            self.push("\n");
        }
        Ok(())
    }
}

/// Whether libyaml keeps the literal block go-cty-yaml asks for a string with a line
/// break: not with a space at the end or before a break, nor with a character it must
/// escape. Otherwise it writes the string double-quoted.
fn block_allowed(text: &str) -> bool {
    !text.ends_with(' ') && !text.contains(" \n") && text.chars().all(|c| c == '\n' || printable(c))
}

/// Numbers in full, never in exponent form, as Go's `Text('f', -1)` writes them.
fn number_text(n: &hcl::Number) -> String {
    if let Some(i) = n.as_i64() {
        i.to_string()
    } else if let Some(u) = n.as_u64() {
        u.to_string()
    } else {
        n.as_f64().map_or_else(|| n.to_string(), |f| format!("{f}"))
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::eval;
    use hcl::Value;

    #[test]
    fn yamlencode_writes_terraform_style() {
        assert_eq!(
            eval(r#"yamlencode({ a = "b", c = "d" })"#),
            Value::from("\"a\": \"b\"\n\"c\": \"d\"\n")
        );
        assert_eq!(
            eval(r#"yamlencode({ foo = [1, 2, 3], bar = "baz" })"#),
            Value::from("\"bar\": \"baz\"\n\"foo\":\n- 1\n- 2\n- 3\n")
        );
        assert_eq!(
            eval(r#"yamlencode({ foo = [1, { a = "b", c = "d" }, 3], bar = "baz" })"#),
            Value::from("\"bar\": \"baz\"\n\"foo\":\n- 1\n- \"a\": \"b\"\n  \"c\": \"d\"\n- 3\n")
        );
        assert_eq!(
            eval(
                r#"yamlencode({ a = { b = [[1, 2], []], c = {} }, d = null, e = true, f = 1.5 })"#
            ),
            Value::from(
                "\"a\":\n  \"b\":\n  - - 1\n    - 2\n  - []\n  \"c\": {}\n\"d\": null\n\"e\": true\n\"f\": 1.5\n"
            )
        );
        assert_eq!(eval(r#"yamlencode("hi")"#), Value::from("\"hi\"\n"));
        assert_eq!(eval("yamlencode([])"), Value::from("[]\n"));
    }

    #[test]
    fn yamlencode_quotes_escapes_and_literal_blocks() {
        assert_eq!(
            eval(r#"yamlencode({ s = "tab\there \"q\" é" })"#),
            Value::from("\"s\": \"tab\\there \\\"q\\\" é\"\n")
        );
        assert_eq!(
            eval(r#"yamlencode({ s = "line1\nline2\n\nend\n", t = "x\ny" })"#),
            Value::from("\"s\": |\n  line1\n  line2\n\n  end\n\"t\": |-\n  x\n  y\n")
        );
        assert_eq!(
            eval(r#"yamlencode(["a\nb"])"#),
            Value::from("- |-\n  a\n  b\n")
        );
        // A leading space needs an indentation indicator: not reproduced, so unknown.
        assert_eq!(
            eval(r#"yamlencode({ s = " a\nb" })"#),
            Value::from(crate::terraform::placeholder::CALL_UNKNOWN)
        );
        // A long line with spaces would be folded by libyaml: unknown.
        assert_eq!(
            eval(&format!(
                "yamlencode({{ s = \"{}\" }})",
                "word ".repeat(20).trim_end()
            )),
            Value::from(crate::terraform::placeholder::CALL_UNKNOWN)
        );
        // Unknown parts stay visible, as in jsonencode.
        assert_eq!(
            eval(r#"yamlencode({ image = "\uE0000\uE001" })"#),
            Value::from("\"image\": \"\u{E000}0\u{E001}\"\n")
        );
    }
}
