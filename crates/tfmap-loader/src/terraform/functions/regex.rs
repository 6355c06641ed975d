//! `regex`, `regexall` and the `/pattern/` form of `replace`. Terraform uses Go's RE2
//! syntax; the `regex` crate reads nearly the same syntax. Go's `\d`, `\w`, `\s` and `\b`
//! are ASCII-only while the crate's are Unicode, so they are rewritten to their ASCII
//! forms first. A pattern the crate refuses (something RE2 may accept, such as `\Q…\E`)
//! makes the result unknown rather than an error, so that `can(regex(…))` never says
//! false for a pattern Terraform would accept.

use super::{string_arg, unknown};
use hcl::eval::FuncArgs;
use hcl::{Map, Value};
use regex::Regex;

/// More matches than this from `regexall` is refused.
const MAX_MATCHES: usize = 100_000;

/// Go's ASCII Perl classes, written so the crate gives them the same meaning.
fn ascii_classes(pattern: &str) -> String {
    let mut out = String::with_capacity(pattern.len());
    let mut chars = pattern.chars();
    let mut in_class = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let Some(next) = chars.next() else {
                    out.push(c);
                    break;
                };
                let replacement = match (in_class, next) {
                    (false, 'd') => "[0-9]",
                    (false, 'D') => "[^0-9]",
                    (false, 'w') => "[0-9A-Za-z_]",
                    (false, 'W') => "[^0-9A-Za-z_]",
                    (false, 's') => "[\\t\\n\\f\\r ]",
                    (false, 'S') => "[^\\t\\n\\f\\r ]",
                    (false, 'b') => "(?-u:\\b)",
                    (false, 'B') => "(?-u:\\B)",
                    (true, 'd') => "0-9",
                    (true, 'w') => "0-9A-Za-z_",
                    (true, 's') => "\\t\\n\\f\\r ",
                    _ => {
                        out.push(c);
                        out.push(next);
                        continue;
                    }
                };
                out.push_str(replacement);
            }
            '[' if !in_class => {
                in_class = true;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal member.
                let rest = chars.as_str();
                let skip = if rest.starts_with("^]") {
                    2
                } else if rest.starts_with(']') || rest.starts_with('^') {
                    1
                } else {
                    0
                };
                for _ in 0..skip {
                    if let Some(member) = chars.next() {
                        out.push(member);
                    }
                }
            }
            '[' if in_class && chars.as_str().starts_with(':') => {
                // A named class such as `[:alpha:]` inside a bracket.
                out.push(c);
                for member in chars.by_ref() {
                    out.push(member);
                    if member == ']' {
                        break;
                    }
                }
            }
            ']' if in_class => {
                in_class = false;
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

/// The compiled pattern; `None` when the crate cannot compile it.
fn compile(pattern: &str) -> Option<Regex> {
    Regex::new(&ascii_classes(pattern)).ok()
}

/// One match as Terraform gives it: the matched text without groups, a list with unnamed
/// groups, an object with named ones (an unmatched group is null). Mixing both is an error.
fn match_value(regex: &Regex, captures: &regex::Captures) -> Result<Value, String> {
    let names: Vec<Option<&str>> = regex.capture_names().skip(1).collect();
    let group = |i: usize| {
        captures
            .get(i)
            .map_or(Value::Null, |m| Value::String(m.as_str().to_string()))
    };
    if names.is_empty() {
        return Ok(group(0));
    }
    if names.iter().all(Option::is_none) {
        return Ok(Value::Array((1..=names.len()).map(group).collect()));
    }
    if names.iter().any(Option::is_none) {
        return Err(
            "invalid regular expression: cannot mix both named and unnamed capture groups"
                .to_string(),
        );
    }
    let mut object = Map::new();
    for (i, name) in names.iter().enumerate() {
        if let Some(name) = name {
            object.insert((*name).to_string(), group(i + 1));
        }
    }
    Ok(Value::Object(object))
}

/// `regex(pattern, string)`: the first match; no match is an error.
pub fn regex(args: FuncArgs) -> Result<Value, String> {
    let (pattern, text) = (string_arg(&args, 0)?, string_arg(&args, 1)?);
    let Some(regex) = compile(&pattern) else {
        return Ok(unknown("regex"));
    };
    match regex.captures(&text) {
        Some(captures) => match_value(&regex, &captures),
        None => Err("pattern did not match any part of the given string".to_string()),
    }
}

/// `regexall(pattern, string)`: every match, as a list (empty when none).
pub fn regexall(args: FuncArgs) -> Result<Value, String> {
    let (pattern, text) = (string_arg(&args, 0)?, string_arg(&args, 1)?);
    let Some(regex) = compile(&pattern) else {
        return Ok(unknown("regexall"));
    };
    let mut out = Vec::new();
    for captures in regex.captures_iter(&text) {
        if out.len() >= MAX_MATCHES {
            return Err(format!("regexall: more than {MAX_MATCHES} matches"));
        }
        out.push(match_value(&regex, &captures)?);
    }
    Ok(Value::Array(out))
}

/// `replace(string, "/pattern/", replacement)`: every match replaced; `$1` and `${name}`
/// in the replacement name groups, as in Go.
pub fn replace_pattern(text: &str, pattern: &str, with: &str) -> Value {
    match compile(pattern) {
        Some(regex) => Value::String(regex.replace_all(text, with).into_owned()),
        None => unknown("replace"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{eval, fails};
    use hcl::Value;

    #[test]
    fn regex_returns_text_list_or_object() {
        assert_eq!(
            eval(r#"regex("[a-z]+", "53453453.345345aaabbbccc23454")"#),
            Value::from("aaabbbccc")
        );
        assert_eq!(
            eval(r#"regex("(\\d\\d\\d\\d)-(\\d\\d)-(\\d\\d)", "2019-02-01")"#),
            eval(r#"["2019", "02", "01"]"#)
        );
        assert_eq!(
            eval(
                r#"regex("^(?:(?P<scheme>[^:/?#]+):)?(?://(?P<authority>[^/?#]*))?", "https://terraform.io/docs/")"#
            ),
            eval(r#"{authority = "terraform.io", scheme = "https"}"#)
        );
        assert_eq!(eval(r#"regex("a(b)?", "a")"#), eval("[null]"));
        assert!(fails(r#"regex("[a-z]+", "123")"#));
        assert!(fails(r#"regex("(?P<a>x)(y)", "xy")"#));
        // Go's \d is ASCII only.
        assert!(fails(r#"regex("\\d", "٣")"#));
        // A pattern the crate cannot read is unknown, not an error.
        assert_eq!(
            eval(r#"regex("\\Qa.b\\E", "a.b")"#),
            Value::from(crate::terraform::placeholder::CALL_UNKNOWN)
        );
    }

    #[test]
    fn regexall_lists_every_match() {
        assert_eq!(
            eval(r#"regexall("[a-z]+", "1234abcd5678efgh9")"#),
            eval(r#"["abcd", "efgh"]"#)
        );
        assert_eq!(
            eval(r#"length(regexall("[a-z]+", "123456789"))"#),
            Value::from(0)
        );
        assert_eq!(
            eval(r#"regexall("(\\w)=(\\w)", "a=1 b=2")"#),
            eval(r#"[["a", "1"], ["b", "2"]]"#)
        );
        assert_eq!(eval(r#"regexall("[\\d]", "a1b2")"#), eval(r#"["1", "2"]"#));
    }

    #[test]
    fn replace_takes_a_pattern_between_slashes() {
        assert_eq!(
            eval(r#"replace("hello world", "/w.*d/", "everybody")"#),
            Value::from("hello everybody")
        );
        assert_eq!(
            eval(r#"replace("1 + 2 + 3", "+", "-")"#),
            Value::from("1 - 2 - 3")
        );
        assert_eq!(
            eval(r#"replace("key=value", "/(\\w+)=(\\w+)/", "$2=$1")"#),
            Value::from("value=key")
        );
        assert_eq!(eval(r#"replace("a/b", "/", "-")"#), Value::from("a-b"));
    }
}
