//! String functions beside the common ones: `strcontains`, `basename`, `dirname` (Go's
//! `filepath` rules on a Unix host, purely on the text), `urlencode` (Go's query
//! escaping), `textencodebase64` and `textdecodebase64` (UTF-8 only: another encoding
//! makes the result unknown) and `parseint`.

use super::{string_arg, unknown, usize_arg};
use base64::Engine;
use hcl::eval::FuncArgs;
use hcl::{Number, Value};

pub fn strcontains(args: FuncArgs) -> Result<Value, String> {
    let (text, part) = (string_arg(&args, 0)?, string_arg(&args, 1)?);
    Ok(Value::Bool(text.contains(part.as_str())))
}

/// Go's `filepath.Clean`: one slash between parts, no `.`, `..` resolved where it can be.
fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => match parts.last() {
                Some(&last) if last != ".." => {
                    parts.pop();
                }
                _ if rooted => {}
                _ => parts.push(".."),
            },
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

/// `basename("foo/bar/baz.txt")` is `baz.txt`; trailing slashes are ignored.
pub fn basename(args: FuncArgs) -> Result<Value, String> {
    let path = string_arg(&args, 0)?;
    if path.is_empty() {
        return Ok(Value::from("."));
    }
    let trimmed = path.trim_end_matches('/');
    if trimmed.is_empty() {
        return Ok(Value::from("/"));
    }
    let name = trimmed.rsplit('/').next().unwrap_or(trimmed);
    Ok(Value::from(name))
}

/// `dirname("foo/bar/baz.txt")` is `foo/bar`: everything before the last slash, cleaned.
pub fn dirname(args: FuncArgs) -> Result<Value, String> {
    let path = string_arg(&args, 0)?;
    let dir = match path.rfind('/') {
        Some(at) => &path[..=at],
        None => "",
    };
    Ok(Value::String(clean(dir)))
}

/// Letters, digits and `-_.~` stay; a space becomes `+`; every other byte is `%XX`.
pub fn urlencode(args: FuncArgs) -> Result<Value, String> {
    let text = string_arg(&args, 0)?;
    let mut out = String::with_capacity(text.len());
    for byte in text.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            other => out.push_str(&format!("%{other:02X}")),
        }
    }
    Ok(Value::String(out))
}

fn is_utf8_name(encoding: &str) -> bool {
    matches!(
        encoding.to_ascii_lowercase().as_str(),
        "utf-8"
            | "utf8"
            | "unicode-1-1-utf-8"
            | "unicode11utf8"
            | "unicode20utf8"
            | "x-unicode20utf8"
    )
}

pub fn textencodebase64(args: FuncArgs) -> Result<Value, String> {
    let (text, encoding) = (string_arg(&args, 0)?, string_arg(&args, 1)?);
    if !is_utf8_name(&encoding) {
        return Ok(unknown("textencodebase64"));
    }
    Ok(Value::String(
        base64::engine::general_purpose::STANDARD.encode(text),
    ))
}

pub fn textdecodebase64(args: FuncArgs) -> Result<Value, String> {
    let (encoded, encoding) = (string_arg(&args, 0)?, string_arg(&args, 1)?);
    if !is_utf8_name(&encoding) {
        return Ok(unknown("textdecodebase64"));
    }
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .map_err(|e| format!("textdecodebase64: invalid base64: {e}"))?;
    // Go replaces invalid UTF-8 with U+FFFD when it decodes text.
    Ok(Value::String(String::from_utf8_lossy(&bytes).into_owned()))
}

/// The value of one digit in a base: `0-9`, then `a-z`, then (above base 36) `A-Z`; below
/// base 37 letters are case-insensitive.
fn digit_value(c: char, base: u32) -> Option<u32> {
    let value = match c {
        '0'..='9' => u32::from(c) - u32::from('0'),
        'a'..='z' => u32::from(c) - u32::from('a') + 10,
        'A'..='Z' if base <= 36 => u32::from(c) - u32::from('A') + 10,
        'A'..='Z' => u32::from(c) - u32::from('A') + 36,
        _ => return None,
    };
    (value < base).then_some(value)
}

/// `parseint(string, base)`, bases 2 to 62, with an optional sign. A number too large for
/// tfmap's numbers is unknown.
pub fn parseint(args: FuncArgs) -> Result<Value, String> {
    let text = string_arg(&args, 0)?;
    let base = usize_arg(&args, 1)?;
    let base = u32::try_from(base)
        .ok()
        .filter(|b| (2..=62).contains(b))
        .ok_or_else(|| format!("parseint: base {base} is not between 2 and 62"))?;
    let invalid = || format!("cannot parse {text:?} as a base {base} integer");
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(&text)),
    };
    if digits.is_empty() {
        return Err(invalid());
    }
    let mut magnitude: Option<i128> = Some(0);
    for c in digits.chars() {
        let digit = digit_value(c, base).ok_or_else(invalid)?;
        magnitude = magnitude
            .and_then(|m| m.checked_mul(i128::from(base)))
            .and_then(|m| m.checked_add(i128::from(digit)));
    }
    let value = magnitude.map(|m| if negative { -m } else { m });
    match value.and_then(|v| i64::try_from(v).ok()) {
        Some(v) => Ok(Value::Number(Number::from(v))),
        None => Ok(unknown("parseint")),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{eval, fails};
    use hcl::Value;

    #[test]
    fn paths_follow_go_filepath() {
        assert_eq!(
            eval(r#"basename("foo/bar/baz.txt")"#),
            Value::from("baz.txt")
        );
        assert_eq!(eval(r#"basename("foo/bar/")"#), Value::from("bar"));
        assert_eq!(eval(r#"basename("")"#), Value::from("."));
        assert_eq!(eval(r#"basename("///")"#), Value::from("/"));
        assert_eq!(
            eval(r#"dirname("foo/bar/baz.txt")"#),
            Value::from("foo/bar")
        );
        assert_eq!(eval(r#"dirname("baz.txt")"#), Value::from("."));
        assert_eq!(eval(r#"dirname("/baz.txt")"#), Value::from("/"));
        assert_eq!(eval(r#"dirname("a//b/../c/d")"#), Value::from("a/c"));
        assert_eq!(eval(r#"dirname("../x")"#), Value::from(".."));
    }

    #[test]
    fn strings_and_encodings() {
        assert_eq!(
            eval(r#"strcontains("hello world", "wor")"#),
            Value::Bool(true)
        );
        assert_eq!(
            eval(r#"strcontains("hello world", "wod")"#),
            Value::Bool(false)
        );
        assert_eq!(
            eval(r#"urlencode("Hello World!")"#),
            Value::from("Hello+World%21")
        );
        assert_eq!(eval(r#"urlencode("☃")"#), Value::from("%E2%98%83"));
        assert_eq!(
            eval(r#"urlencode("foo:bar@localhost?foo=bar&bar=baz")"#),
            Value::from("foo%3Abar%40localhost%3Ffoo%3Dbar%26bar%3Dbaz")
        );
        assert_eq!(
            eval(r#"textencodebase64("Hello World", "UTF-8")"#),
            Value::from("SGVsbG8gV29ybGQ=")
        );
        assert_eq!(
            eval(r#"textdecodebase64("SGVsbG8gV29ybGQ=", "utf-8")"#),
            Value::from("Hello World")
        );
        assert_eq!(
            eval(r#"textencodebase64("Hello World", "UTF-16LE")"#),
            Value::from(crate::terraform::placeholder::CALL_UNKNOWN)
        );
        assert!(fails(r#"textdecodebase64("%%%", "UTF-8")"#));
    }

    #[test]
    fn parseint_reads_bases_2_to_62() {
        assert_eq!(eval(r#"parseint("100", 10)"#), Value::from(100));
        assert_eq!(eval(r#"parseint("FF", 16)"#), Value::from(255));
        assert_eq!(eval(r#"parseint("-10", 16)"#), Value::from(-16));
        assert_eq!(
            eval(r#"parseint("1011111011101111", 2)"#),
            Value::from(48879)
        );
        assert_eq!(eval(r#"parseint("aA", 62)"#), Value::from(656));
        assert_eq!(eval(r#"parseint("12", 3)"#), Value::from(5));
        assert!(fails(r#"parseint("FZ", 16)"#));
        assert!(fails(r#"parseint("1", 63)"#));
        assert!(fails(r#"parseint("", 10)"#));
    }
}
