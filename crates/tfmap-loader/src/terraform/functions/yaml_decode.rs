//! `yamldecode`, resolving scalars as Terraform's decoder (go-cty-yaml) does, which follows
//! YAML 1.1 more than 1.2: a plain `yes`, `no`, `on`, `off`, `y` or `n` is a bool, `~` and
//! an empty value are null, a number may hold `_`, `0x1F` (untagged) stays a string, a
//! date is a timestamp string. One document at most. What tfmap cannot decode as
//! Terraform would (a timestamp with a time, infinity, an unsupported tag) is an error, and
//! the call stays unknown.

use crate::kubernetes::load_as_written;
use saphyr::{MarkedYaml, Scalar, YamlData};
use saphyr_parser::ScalarStyle;
use serde_json::{Map, Number, Value};

/// Deeper documents are refused: the conversion recurses.
const MAX_DEPTH: usize = 64;

pub fn decode(text: &str) -> Result<Value, String> {
    let documents = load_as_written(text, MAX_DEPTH)?;
    match documents.as_slice() {
        [] => Ok(Value::Null),
        [document] => convert(document),
        _ => Err("yamldecode reads one document; this text holds more".to_string()),
    }
}

fn convert(node: &MarkedYaml) -> Result<Value, String> {
    match &node.data {
        YamlData::Representation(text, style, tag) => {
            let tag = tag.as_ref().map(|t| format!("{}{}", t.handle, t.suffix));
            scalar(text, *style, tag.as_deref())
        }
        // Scalars come as written; these only if the loader resolved one anyway.
        YamlData::Value(value) => Ok(match value {
            Scalar::Null => Value::Null,
            Scalar::Boolean(b) => Value::Bool(*b),
            Scalar::Integer(i) => Value::from(*i),
            Scalar::FloatingPoint(f) => {
                Number::from_f64(f.into_inner()).map_or(Value::Null, Value::Number)
            }
            Scalar::String(s) => Value::String(s.to_string()),
        }),
        YamlData::Sequence(items) => items
            .iter()
            .map(convert)
            .collect::<Result<_, _>>()
            .map(Value::Array),
        YamlData::Mapping(mapping) => {
            let mut object = Map::new();
            for (key, value) in mapping {
                let key = match &key.data {
                    YamlData::Representation(text, _, _) => text.to_string(),
                    _ => match convert(key)? {
                        Value::String(s) => s,
                        other => other.to_string(),
                    },
                };
                object.insert(key, convert(value)?);
            }
            Ok(Value::Object(object))
        }
        YamlData::Tagged(tag, _) => Err(format!("unsupported tag {}{}", tag.handle, tag.suffix)),
        YamlData::Alias(_) | YamlData::BadValue => Err("an alias tfmap cannot resolve".to_string()),
    }
}

/// The name of a core schema tag written in full (`tag:yaml.org,2002:int` → `int`).
fn short(tag: &str) -> &str {
    tag.strip_prefix("tag:yaml.org,2002:").unwrap_or(tag)
}

fn scalar(text: &str, style: ScalarStyle, tag: Option<&str>) -> Result<Value, String> {
    let tag = tag.map(|t| t.strip_prefix("!!").unwrap_or_else(|| short(t)));
    match tag {
        Some("str") => return Ok(Value::String(text.to_string())),
        Some("binary") => {
            use base64::Engine;
            let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            base64::engine::general_purpose::STANDARD
                .decode(compact.as_bytes())
                .map_err(|_| format!("cannot parse {text:?} as !!binary: not valid base64"))?;
            return Ok(Value::String(text.to_string()));
        }
        Some("null") => return Ok(Value::Null),
        Some("bool") => {
            return resolved(text)
                .filter(Value::is_boolean)
                .ok_or_else(|| format!("cannot parse {text:?} as !!bool"));
        }
        Some("int" | "float") => {
            return number(text)
                .or_else(|| prefixed_integer(text))
                .ok_or_else(|| format!("cannot parse {text:?} as a number"));
        }
        Some("timestamp") => return timestamp(text),
        Some(other) => return Err(format!("unsupported tag !!{other}")),
        None => {}
    }
    // Quoted and block scalars are strings.
    if style != ScalarStyle::Plain {
        return Ok(Value::String(text.to_string()));
    }
    if let Some(value) = resolved(text) {
        return Ok(value);
    }
    if matches!(text, ".nan" | ".NaN" | ".NAN") {
        return Err("floating point NaN is not supported".to_string());
    }
    match text.chars().next() {
        Some('.') => Ok(number(text).unwrap_or_else(|| Value::String(text.to_string()))),
        Some('0'..='9' | '+' | '-') => {
            if looks_like_timestamp(text) {
                return timestamp(text);
            }
            Ok(number(text)
                .or_else(|| binary_integer(text))
                .unwrap_or_else(|| Value::String(text.to_string())))
        }
        _ => Ok(Value::String(text.to_string())),
    }
}

/// The plain scalars go-cty-yaml looks up by their text.
fn resolved(text: &str) -> Option<Value> {
    Some(match text {
        "y" | "Y" | "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            Value::Bool(true)
        }
        "n" | "N" | "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            Value::Bool(false)
        }
        "" | "~" | "null" | "Null" | "NULL" => Value::Null,
        _ => return None,
    })
}

/// A decimal number as cty parses one (`_` removed): `12`, `-3.5`, `1e3`, `.5`.
fn number(text: &str) -> Option<Value> {
    let plain = text.replace('_', "");
    let unsigned = plain.strip_prefix(['+', '-']).unwrap_or(&plain);
    let valid = !unsigned.is_empty()
        && unsigned
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && unsigned
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_digit() || c == '.');
    if !valid {
        return None;
    }
    let plain = plain.strip_prefix('+').unwrap_or(&plain);
    if let Ok(integer) = plain.parse::<i64>() {
        return Some(Value::from(integer));
    }
    let float: f64 = plain.parse().ok()?;
    Number::from_f64(float).map(Value::Number)
}

/// `0b101` (untagged, as go-cty-yaml reads it).
fn binary_integer(text: &str) -> Option<Value> {
    let plain = text.replace('_', "");
    let (negative, digits) = match plain.strip_prefix('-') {
        Some(rest) => (true, rest.strip_prefix("0b")?),
        None => (false, plain.strip_prefix("0b")?),
    };
    let value = i64::from_str_radix(digits, 2).ok()?;
    Some(Value::from(if negative { -value } else { value }))
}

/// `0x1F`, `0o17`, `017` for a value tagged `!!int`, as Go's `ParseInt(s, 0, 64)` reads them.
fn prefixed_integer(text: &str) -> Option<Value> {
    let plain = text.replace('_', "");
    let (negative, unsigned) = match plain.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, plain.strip_prefix('+').unwrap_or(&plain)),
    };
    let (radix, digits) = if let Some(hex) = unsigned
        .strip_prefix("0x")
        .or_else(|| unsigned.strip_prefix("0X"))
    {
        (16, hex)
    } else if let Some(octal) = unsigned
        .strip_prefix("0o")
        .or_else(|| unsigned.strip_prefix("0O"))
    {
        (8, octal)
    } else if let Some(binary) = unsigned
        .strip_prefix("0b")
        .or_else(|| unsigned.strip_prefix("0B"))
    {
        (2, binary)
    } else if unsigned.len() > 1 && unsigned.starts_with('0') {
        (8, &unsigned[1..])
    } else {
        return None;
    };
    let value = i64::from_str_radix(digits, radix).ok()?;
    Some(Value::from(if negative { -value } else { value }))
}

/// Four digits and a `-`: what go-cty-yaml tries as a timestamp first.
fn looks_like_timestamp(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() > 4 && bytes[..4].iter().all(u8::is_ascii_digit) && bytes[4] == b'-'
}

/// A date (`2024-3-7`) is the RFC 3339 text of its midnight UTC; a time of day is not
/// decoded (its zone and precision rules are Go's), and a text that is no date is a string.
fn timestamp(text: &str) -> Result<Value, String> {
    let mut parts = text.splitn(3, '-');
    let (Some(year), Some(month), Some(day)) = (parts.next(), parts.next(), parts.next()) else {
        return Ok(Value::String(text.to_string()));
    };
    let field = |s: &str, max: u32| {
        (!s.is_empty() && s.len() <= 2 && s.chars().all(|c| c.is_ascii_digit()))
            .then(|| s.parse::<u32>().ok())
            .flatten()
            .filter(|n| (1..=max).contains(n))
    };
    let day_text = day.split(['T', 't', ' ']).next().unwrap_or(day);
    let date_only = day_text.len() == day.len();
    match (
        year.parse::<u32>().ok(),
        field(month, 12),
        field(day_text, 31),
    ) {
        (Some(year), Some(month), Some(day)) if date_only => Ok(Value::String(format!(
            "{year:04}-{month:02}-{day:02}T00:00:00Z"
        ))),
        (Some(_), Some(_), Some(_)) => Err(format!(
            "timestamp {text:?} with a time of day is not decoded"
        )),
        _ => Ok(Value::String(text.to_string())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn scalars_resolve_as_in_terraform() {
        let value = decode(
            "a: yes\nb: off\nc: ~\nd:\ne: 1_000\nf: 0x1F\ng: !!int 0x1F\nh: '42'\ni: 2024-3-7\nj: .5\nk: -3\nl: 0b11\nm: text\nn: |\n  block\n",
        )
        .unwrap();
        assert_eq!(
            value,
            json!({"a": true, "b": false, "c": null, "d": null, "e": 1000, "f": "0x1F", "g": 31,
                   "h": "42", "i": "2024-03-07T00:00:00Z", "j": 0.5, "k": -3, "l": 3, "m": "text", "n": "block\n"})
        );
    }

    #[test]
    fn what_tfmap_cannot_decode_as_terraform_would_is_an_error() {
        assert!(decode("a: 1\n---\nb: 2\n").is_err());
        assert!(decode("t: 2024-03-07T10:00:00Z\n").is_err());
        assert!(decode("x: !custom 1\n").is_err());
        assert!(decode("x: .nan\n").is_err());
        assert_eq!(decode("").unwrap(), Value::Null);
        assert_eq!(decode("- [a, {b: 1}]\n").unwrap(), json!([["a", {"b": 1}]]));
    }
}
