//! `format` and `formatlist`, with Terraform's verbs: `%v` (`%#v` for JSON), `%t`, `%b`,
//! `%d`, `%o`, `%x`, `%X`, `%e`, `%E`, `%f`, `%g`, `%G`, `%s`, `%q`, `%%`, the flags
//! `-`, `+`, `#`, space and `0`, a width, a precision and `%[n]` argument indexes.

use super::{is_unknown, json_text, kind, unknown};
use hcl::Value;

pub fn format(args: hcl::eval::FuncArgs) -> Result<Value, String> {
    let values: Vec<Value> = args.iter().cloned().collect();
    let (spec, rest) = values
        .split_first()
        .ok_or_else(|| "missing the format string".to_string())?;
    let Value::String(spec) = spec else {
        return Err("the format must be a string".to_string());
    };
    match render(spec, rest) {
        Err(Problem::Unknown) => Ok(unknown("format")),
        Err(Problem::Invalid(message)) => Err(message),
        Ok(text) => Ok(Value::String(text)),
    }
}

/// `formatlist(spec, …)`: `format` once per element; list arguments go element by element
/// and must have the same length, other arguments repeat.
pub fn formatlist(args: hcl::eval::FuncArgs) -> Result<Value, String> {
    let values: Vec<Value> = args.iter().cloned().collect();
    let (spec, rest) = values
        .split_first()
        .ok_or_else(|| "missing the format string".to_string())?;
    let Value::String(spec) = spec else {
        return Err("the format must be a string".to_string());
    };
    if rest.iter().any(is_unknown) {
        return Ok(unknown("formatlist"));
    }
    let mut length: Option<usize> = None;
    for value in rest {
        if let Value::Array(items) = value {
            match length {
                Some(n) if n != items.len() => {
                    return Err("formatlist: the list arguments differ in length".to_string());
                }
                _ => length = Some(items.len()),
            }
        }
    }
    let mut out = Vec::new();
    for i in 0..length.unwrap_or(1) {
        let row: Vec<Value> = rest
            .iter()
            .map(|value| match value {
                Value::Array(items) => items.get(i).cloned().unwrap_or(Value::Null),
                other => other.clone(),
            })
            .collect();
        match render(spec, &row) {
            Ok(text) => out.push(Value::String(text)),
            Err(Problem::Unknown) => return Ok(unknown("formatlist")),
            Err(Problem::Invalid(message)) => return Err(message),
        }
    }
    Ok(Value::Array(out))
}

/// The widest width or precision evaluated; past it the result is unknown (a budget, not an
/// error: Terraform would accept it).
const MAX_PADDING: usize = 4096;

enum Problem {
    /// A verb that needs a known value (a number) met an unknown one.
    Unknown,
    Invalid(String),
}

#[derive(Default)]
struct Flags {
    left: bool,
    plus: bool,
    sharp: bool,
    space: bool,
    zero: bool,
}

fn render(spec: &str, args: &[Value]) -> Result<String, Problem> {
    let invalid = |message: String| Problem::Invalid(message);
    let mut out = String::new();
    let mut next = 0usize;
    let mut used = 0usize;
    let mut chars = spec.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        if chars.peek() == Some(&'%') {
            chars.next();
            out.push('%');
            continue;
        }
        let mut flags = Flags::default();
        while let Some(&flag) = chars.peek() {
            match flag {
                '-' => flags.left = true,
                '+' => flags.plus = true,
                '#' => flags.sharp = true,
                ' ' => flags.space = true,
                '0' => flags.zero = true,
                _ => break,
            }
            chars.next();
        }
        if chars.peek() == Some(&'[') {
            chars.next();
            let digits: String = chars.by_ref().take_while(|c| *c != ']').collect();
            let index: usize = digits
                .parse()
                .map_err(|_| invalid(format!("invalid argument index [{digits}]")))?;
            next = index
                .checked_sub(1)
                .ok_or_else(|| invalid("argument indexes start at 1".to_string()))?;
        }
        let width = digits(&mut chars);
        let precision = if chars.peek() == Some(&'.') {
            chars.next();
            Some(digits(&mut chars).unwrap_or(0))
        } else {
            None
        };
        // Terraform pads to any width; tfmap does not build a gigabyte of zeros for it.
        if width.max(precision).is_some_and(|n| n > MAX_PADDING) {
            return Err(Problem::Unknown);
        }
        let verb = chars
            .next()
            .ok_or_else(|| invalid("the format ends inside a verb".to_string()))?;
        let value = args
            .get(next)
            .ok_or_else(|| invalid(format!("not enough arguments for %{verb}")))?;
        next += 1;
        used = used.max(next);
        let text = verb_text(verb, value, &flags, precision)?;
        pad(&mut out, &text, width, &flags, verb);
    }
    if used < args.len() {
        return Err(invalid(format!(
            "too many arguments: the format uses {used} of {}",
            args.len()
        )));
    }
    Ok(out)
}

fn digits(chars: &mut std::iter::Peekable<std::str::Chars>) -> Option<usize> {
    let mut text = String::new();
    while let Some(c) = chars.peek().copied().filter(char::is_ascii_digit) {
        text.push(c);
        chars.next();
    }
    // A width too large for a number is over any budget.
    text.parse()
        .ok()
        .or((!text.is_empty()).then_some(usize::MAX))
}

fn verb_text(
    verb: char,
    value: &Value,
    flags: &Flags,
    precision: Option<usize>,
) -> Result<String, Problem> {
    let invalid = |message: String| Problem::Invalid(message);
    match verb {
        'v' if flags.sharp => Ok(json_text(value)),
        'v' => Ok(match value {
            Value::String(s) => s.clone(),
            Value::Number(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            other => json_text(other),
        }),
        's' => {
            let text = plain_string(value).map_err(invalid)?;
            Ok(match precision {
                // How much of an unknown part the cut keeps is not known.
                Some(_) if is_unknown(value) => return Err(Problem::Unknown),
                Some(n) => text.chars().take(n).collect(),
                None => text,
            })
        }
        'q' => Ok(json_text(&Value::String(
            plain_string(value).map_err(invalid)?,
        ))),
        't' => match value {
            Value::Bool(b) => Ok(b.to_string()),
            Value::String(s) if s == "true" || s == "false" => Ok(s.clone()),
            Value::String(s) if is_unknown(&Value::String(s.clone())) => Err(Problem::Unknown),
            other => Err(invalid(format!("%t needs a bool, got {}", kind(other)))),
        },
        'd' | 'b' | 'o' | 'x' | 'X' => {
            let n = number(value)?;
            if n.fract() != 0.0 {
                return Err(invalid(format!("%{verb} needs a whole number")));
            }
            #[allow(clippy::cast_possible_truncation)]
            let whole = n as i128;
            let magnitude = whole.unsigned_abs();
            let digits = match verb {
                'b' => format!("{magnitude:b}"),
                'o' => format!("{magnitude:o}"),
                'x' => format!("{magnitude:x}"),
                'X' => format!("{magnitude:X}"),
                _ => magnitude.to_string(),
            };
            Ok(signed(whole < 0, digits, flags))
        }
        'f' | 'e' | 'E' | 'g' | 'G' => {
            let n = number(value)?;
            let digits = match verb {
                'f' => format!("{:.*}", precision.unwrap_or(6), n.abs()),
                'e' | 'E' => {
                    let text = exponent(n.abs(), precision.unwrap_or(6));
                    if verb == 'E' {
                        text.to_uppercase()
                    } else {
                        text
                    }
                }
                _ => match precision {
                    Some(p) => format!("{:.*}", p, n.abs()),
                    None => hcl::Number::from_f64(n.abs())
                        .map_or_else(|| n.abs().to_string(), |number| number.to_string()),
                },
            };
            Ok(signed(n < 0.0, digits, flags))
        }
        other => Err(invalid(format!("unsupported format verb %{other}"))),
    }
}

/// A primitive as a string; `%s` cannot show a list or a map.
fn plain_string(value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Err("a null value cannot be formatted with %s".to_string()),
        other => Err(format!("%s cannot format a {}", kind(other))),
    }
}

/// A number, or a string holding one (Terraform converts it); unknown stays unknown.
fn number(value: &Value) -> Result<f64, Problem> {
    match value {
        Value::Number(n) => n
            .as_f64()
            .ok_or_else(|| Problem::Invalid("not a number".to_string())),
        Value::String(s) => match s.trim().parse::<f64>() {
            Ok(n) => Ok(n),
            Err(_) if is_unknown(value) => Err(Problem::Unknown),
            Err(_) => Err(Problem::Invalid(format!("{s:?} is not a number"))),
        },
        other => Err(Problem::Invalid(format!(
            "a number is expected, got {}",
            kind(other)
        ))),
    }
}

/// `1.234560e+03`, as Go (and so Terraform) writes exponents.
fn exponent(n: f64, precision: usize) -> String {
    let text = format!("{n:.precision$e}");
    match text.split_once('e') {
        Some((mantissa, exp)) => {
            let (sign, digits) = match exp.strip_prefix('-') {
                Some(digits) => ('-', digits),
                None => ('+', exp),
            };
            format!("{mantissa}e{sign}{digits:0>2}")
        }
        None => text,
    }
}

fn signed(negative: bool, digits: String, flags: &Flags) -> String {
    let sign = if negative {
        "-"
    } else if flags.plus {
        "+"
    } else if flags.space {
        " "
    } else {
        ""
    };
    format!("{sign}{digits}")
}

fn pad(out: &mut String, text: &str, width: Option<usize>, flags: &Flags, verb: char) {
    let length = text.chars().count();
    let missing = width.unwrap_or(0).saturating_sub(length);
    if missing == 0 {
        out.push_str(text);
    } else if flags.left {
        out.push_str(text);
        out.extend(std::iter::repeat_n(' ', missing));
    } else if flags.zero && "dboxXfeEgG".contains(verb) {
        // Zeros go after the sign: `%05d` of -42 is `-0042`.
        let (sign, digits) = match text.chars().next() {
            Some(c @ ('-' | '+' | ' ')) => (c.to_string(), &text[1..]),
            _ => (String::new(), text),
        };
        out.push_str(&sign);
        out.extend(std::iter::repeat_n('0', missing));
        out.push_str(digits);
    } else {
        out.extend(std::iter::repeat_n(' ', missing));
        out.push_str(text);
    }
}
