//! The Terraform functions tfmap evaluates. hcl-rs ships none. Functions that read files
//! (`file`, `templatefile`) or catch errors (`try`, `can`) need more than their argument
//! values, so they are handled on the syntax tree in `eval.rs`.
//!
//! Functions that inspect a value (its length, a key, a comparison) must not see unknowns:
//! `INSPECTING` lists them, and the interpreter makes their result unknown instead.
//! Functions that build a value from lists or maps (`concat`, `merge`, `zipmap`, …) keep
//! the unknowns inside what they build (as `placeholder.rs` tokens), and return
//! [`placeholder::CALL_UNKNOWN`] when a whole list or map argument is unknown.

mod collections;
mod crypto;
mod csv;
mod decoded;
mod files;
mod format;
mod network;
mod numbers;
mod regex;
mod strings;
mod time;
mod value_set;
mod yaml;
mod yaml_decode;

pub use files::{reads_a_file, result_from_text};

use super::placeholder;
use base64::Engine;
use hcl::eval::{Context, FuncArgs, FuncDef, ParamType};
use hcl::{Map, Number, Value};

type Func = fn(FuncArgs) -> Result<Value, String>;

/// Functions whose result would be wrong if an argument held an unknown.
pub const INSPECTING: [&str; 77] = [
    "csvdecode",
    "formatdate",
    "timeadd",
    "timecmp",
    "length",
    "lookup",
    "element",
    "contains",
    "keys",
    "values",
    "coalesce",
    "coalescelist",
    "compact",
    "distinct",
    "toset",
    "flatten",
    "upper",
    "lower",
    "title",
    "replace",
    "split",
    "substr",
    "startswith",
    "endswith",
    "trim",
    "trimprefix",
    "trimsuffix",
    "trimspace",
    "strrev",
    "tonumber",
    "tobool",
    "min",
    "max",
    "abs",
    "ceil",
    "floor",
    "sum",
    "range",
    "setproduct",
    "setunion",
    "setintersection",
    "setsubtract",
    "slice",
    "sort",
    "one",
    "index",
    "alltrue",
    "anytrue",
    "chunklist",
    "jsondecode",
    "yamldecode",
    "base64decode",
    "md5",
    "sha1",
    "sha256",
    "sha512",
    "base64sha256",
    "base64sha512",
    "uuidv5",
    "cidrhost",
    "cidrnetmask",
    "cidrsubnet",
    "cidrsubnets",
    "regex",
    "regexall",
    "strcontains",
    "basename",
    "dirname",
    "urlencode",
    "textencodebase64",
    "textdecodebase64",
    "parseint",
    "log",
    "pow",
    "signum",
    "matchkeys",
    "transpose",
];

/// A function under the evaluation budgets (`budget::metered_call`): a plain `fn`, as
/// hcl-rs takes no closure.
macro_rules! metered {
    ($function:path) => {{
        fn metered(args: FuncArgs) -> Result<Value, String> {
            super::budget::metered_call(args, $function)
        }
        metered as Func
    }};
}

/// Every supported function, by name.
const TABLE: [(&str, Func); 94] = [
    ("jsonencode", metered!(jsonencode)),
    ("jsondecode", metered!(jsondecode)),
    ("yamldecode", metered!(yamldecode)),
    ("base64encode", metered!(base64encode)),
    ("base64decode", metered!(base64decode)),
    ("format", metered!(format::format)),
    ("formatlist", metered!(format::formatlist)),
    ("join", metered!(join)),
    ("concat", metered!(concat)),
    ("merge", metered!(merge)),
    ("lookup", metered!(lookup)),
    ("coalesce", metered!(coalesce)),
    ("coalescelist", metered!(coalescelist)),
    ("tostring", metered!(tostring)),
    ("tonumber", metered!(tonumber)),
    ("tobool", metered!(tobool)),
    ("tomap", metered!(tomap)),
    ("tolist", metered!(tolist)),
    ("toset", metered!(toset)),
    ("upper", metered!(upper)),
    ("lower", metered!(lower)),
    ("title", metered!(title)),
    ("replace", metered!(replace)),
    ("split", metered!(split)),
    ("trimspace", metered!(trimspace)),
    ("trim", metered!(trim)),
    ("strrev", metered!(strrev)),
    ("trimprefix", metered!(trimprefix)),
    ("trimsuffix", metered!(trimsuffix)),
    ("startswith", metered!(startswith)),
    ("endswith", metered!(endswith)),
    ("substr", metered!(substr)),
    ("length", metered!(length)),
    ("keys", metered!(keys)),
    ("values", metered!(values)),
    ("element", metered!(element)),
    ("contains", metered!(contains)),
    ("compact", metered!(compact)),
    ("flatten", metered!(flatten)),
    ("distinct", metered!(distinct)),
    ("min", metered!(min)),
    ("max", metered!(max)),
    ("abs", metered!(abs)),
    ("sensitive", metered!(sensitive)),
    ("nonsensitive", metered!(identity)),
    ("chomp", metered!(chomp)),
    ("indent", metered!(indent)),
    ("zipmap", metered!(zipmap)),
    ("range", metered!(collections::range)),
    ("setproduct", metered!(collections::setproduct)),
    ("setunion", metered!(collections::setunion)),
    ("setintersection", metered!(collections::setintersection)),
    ("setsubtract", metered!(collections::setsubtract)),
    ("slice", metered!(collections::slice)),
    ("reverse", metered!(collections::reverse)),
    ("sort", metered!(collections::sort)),
    ("one", metered!(collections::one)),
    ("index", metered!(collections::index)),
    ("alltrue", metered!(collections::alltrue)),
    ("anytrue", metered!(collections::anytrue)),
    ("sum", metered!(collections::sum)),
    ("ceil", metered!(collections::ceil)),
    ("floor", metered!(collections::floor)),
    ("chunklist", metered!(collections::chunklist)),
    ("md5", metered!(crypto::md5)),
    ("sha1", metered!(crypto::sha1)),
    ("sha256", metered!(crypto::sha256)),
    ("sha512", metered!(crypto::sha512)),
    ("base64sha256", metered!(crypto::base64sha256)),
    ("base64sha512", metered!(crypto::base64sha512)),
    ("uuidv5", metered!(crypto::uuidv5)),
    ("cidrhost", metered!(network::cidrhost)),
    ("cidrnetmask", metered!(network::cidrnetmask)),
    ("cidrsubnet", metered!(network::cidrsubnet)),
    ("cidrsubnets", metered!(network::cidrsubnets)),
    ("regex", metered!(regex::regex)),
    ("regexall", metered!(regex::regexall)),
    ("strcontains", metered!(strings::strcontains)),
    ("basename", metered!(strings::basename)),
    ("dirname", metered!(strings::dirname)),
    ("urlencode", metered!(strings::urlencode)),
    ("textencodebase64", metered!(strings::textencodebase64)),
    ("textdecodebase64", metered!(strings::textdecodebase64)),
    ("parseint", metered!(strings::parseint)),
    ("log", metered!(numbers::log)),
    ("pow", metered!(numbers::pow)),
    ("signum", metered!(numbers::signum)),
    ("matchkeys", metered!(collections::matchkeys)),
    ("transpose", metered!(collections::transpose)),
    ("yamlencode", metered!(yaml::yamlencode)),
    ("csvdecode", metered!(csv::csvdecode)),
    ("formatdate", metered!(time::formatdate)),
    ("timeadd", metered!(time::timeadd)),
    ("timecmp", metered!(time::timecmp)),
];

fn definition(func: Func) -> FuncDef {
    FuncDef::builder()
        .variadic_param(ParamType::Any)
        .build(func)
}

/// True for a function the library evaluates.
pub fn is_supported(name: &str) -> bool {
    TABLE.iter().any(|(supported, _)| *supported == name)
}

/// A context holding every supported function (for the library's own tests).
#[cfg(test)]
pub fn base_context() -> Context<'static> {
    let mut ctx = Context::new();
    for (name, func) in TABLE {
        ctx.declare_func(name, definition(func));
    }
    ctx
}

/// A context holding the one function a call names (`interpret/library.rs` calls the
/// library one function at a time); empty for a name the library lacks.
pub fn context_with(name: &str) -> Context<'static> {
    let mut ctx = Context::new();
    if let Some((name, func)) = TABLE.iter().find(|(n, _)| *n == name) {
        ctx.declare_func(*name, definition(*func));
    }
    ctx
}

/// An unknown result: what a function returns when a whole argument it builds from is
/// unknown.
fn unknown(_function: &str) -> Value {
    Value::String(placeholder::CALL_UNKNOWN.to_string())
}

/// A string holding an unknown where a value is expected: the value is unknown.
fn is_unknown(value: &Value) -> bool {
    matches!(value, Value::String(s) if placeholder::contains(s))
}

fn arg(args: &FuncArgs, i: usize) -> Result<&Value, String> {
    args.get(i)
        .ok_or_else(|| format!("missing argument {}", i + 1))
}

fn string_arg(args: &FuncArgs, i: usize) -> Result<String, String> {
    match arg(args, i)? {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        other => Err(format!(
            "argument {} must be a string, got {}",
            i + 1,
            kind(other)
        )),
    }
}

fn list_arg(args: &FuncArgs, i: usize) -> Result<&Vec<Value>, String> {
    match arg(args, i)? {
        Value::Array(items) => Ok(items),
        other => Err(format!(
            "argument {} must be a list, got {}",
            i + 1,
            kind(other)
        )),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "bool",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

/// JSON as Terraform's `jsonencode` writes it: object keys sorted, and `<`, `>`, `&`,
/// U+2028 and U+2029 escaped (so the text is safe inside HTML and JavaScript).
fn json_text(value: &Value) -> String {
    let mut out = String::new();
    write_json(value, &mut out);
    out
}

fn write_json(value: &Value, out: &mut String) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.to_string()),
        Value::String(s) => write_json_string(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json(item, out);
            }
            out.push(']');
        }
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            out.push('{');
            for (i, key) in keys.into_iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_json_string(key, out);
                out.push(':');
                if let Some(item) = map.get(key) {
                    write_json(item, out);
                }
            }
            out.push('}');
        }
    }
}

fn write_json_string(text: &str, out: &mut String) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '<' | '>' | '&' | '\u{2028}' | '\u{2029}' => {
                out.push_str(&format!("\\u{:04x}", u32::from(c)));
            }
            c if u32::from(c) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
}

fn jsonencode(args: FuncArgs) -> Result<Value, String> {
    let value = arg(&args, 0)?;
    // A value unknown as a whole may be a list, an object or a string: its encoding is
    // unknown too, not the JSON string of its marker (nested unknowns are encoded as
    // strings, so the known parts stay readable).
    if let Value::String(text) = value
        && placeholder::is_whole(text)
    {
        return Ok(value.clone());
    }
    Ok(Value::String(json_text(value)))
}

fn jsondecode(args: FuncArgs) -> Result<Value, String> {
    decoded::decoded("jsondecode", string_arg(&args, 0)?, |text| {
        let json: serde_json::Value = serde_json::from_str(text).map_err(|e| e.to_string())?;
        hcl::to_value(json).map_err(|e| e.to_string())
    })
}

fn yamldecode(args: FuncArgs) -> Result<Value, String> {
    decoded::decoded("yamldecode", string_arg(&args, 0)?, |text| {
        hcl::to_value(yaml_decode::decode(text)?).map_err(|e| e.to_string())
    })
}

fn base64encode(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::String(
        base64::engine::general_purpose::STANDARD.encode(string_arg(&args, 0)?),
    ))
}

fn base64decode(args: FuncArgs) -> Result<Value, String> {
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(string_arg(&args, 0)?)
        .map_err(|e| e.to_string())?;
    String::from_utf8(bytes)
        .map(Value::String)
        .map_err(|e| e.to_string())
}

fn join(args: FuncArgs) -> Result<Value, String> {
    if args.iter().any(is_unknown) {
        return Ok(unknown("join"));
    }
    let separator = string_arg(&args, 0)?;
    let elements: usize = (1..args.len())
        .filter_map(|i| list_arg(&args, i).ok().map(Vec::len))
        .sum();
    super::budget::check_bytes(separator.len().saturating_mul(elements))?;
    let mut parts = Vec::new();
    for i in 1..args.len() {
        for item in list_arg(&args, i)? {
            match item {
                Value::String(s) => parts.push(s.clone()),
                Value::Number(n) => parts.push(n.to_string()),
                Value::Bool(b) => parts.push(b.to_string()),
                other => return Err(format!("join takes strings, got {}", kind(other))),
            }
        }
    }
    Ok(Value::String(parts.join(&separator)))
}

fn concat(args: FuncArgs) -> Result<Value, String> {
    if args.iter().any(is_unknown) {
        return Ok(unknown("concat"));
    }
    let mut out = Vec::new();
    for i in 0..args.len() {
        out.extend(list_arg(&args, i)?.iter().cloned());
    }
    Ok(Value::Array(out))
}

fn merge(args: FuncArgs) -> Result<Value, String> {
    if args.iter().any(is_unknown) {
        return Ok(unknown("merge"));
    }
    let mut out = Map::new();
    for value in args.iter() {
        match value {
            Value::Object(map) => out.extend(map.clone()),
            Value::Null => {}
            other => return Err(format!("merge takes maps, got {}", kind(other))),
        }
    }
    Ok(Value::Object(out))
}

fn lookup(args: FuncArgs) -> Result<Value, String> {
    let key = string_arg(&args, 1)?;
    match arg(&args, 0)? {
        Value::Object(map) => match (map.get(&key), args.get(2)) {
            (Some(found), _) => Ok(found.clone()),
            (None, Some(default)) => Ok(default.clone()),
            (None, None) => Err(format!("no key {key:?} and no default")),
        },
        other => Err(format!("lookup takes a map, got {}", kind(other))),
    }
}

fn coalesce(args: FuncArgs) -> Result<Value, String> {
    args.iter()
        .find(|v| !matches!(v, Value::Null) && !matches!(v, Value::String(s) if s.is_empty()))
        .cloned()
        .ok_or_else(|| "no non-null, non-empty argument".to_string())
}

fn coalescelist(args: FuncArgs) -> Result<Value, String> {
    args.iter()
        .find(|v| matches!(v, Value::Array(items) if !items.is_empty()))
        .cloned()
        .ok_or_else(|| "no non-empty list".to_string())
}

fn tostring(args: FuncArgs) -> Result<Value, String> {
    match arg(&args, 0)? {
        Value::Null => Ok(Value::Null),
        _ => string_arg(&args, 0).map(Value::String),
    }
}

fn tonumber(args: FuncArgs) -> Result<Value, String> {
    match arg(&args, 0)? {
        Value::Null => Ok(Value::Null),
        Value::Number(n) => Ok(Value::Number(*n)),
        Value::String(s) => {
            let parsed: f64 = s
                .trim()
                .parse()
                .map_err(|_| format!("{s:?} is not a number"))?;
            Ok(number(parsed))
        }
        other => Err(format!("cannot convert {} to number", kind(other))),
    }
}

fn tobool(args: FuncArgs) -> Result<Value, String> {
    match arg(&args, 0)? {
        Value::Null => Ok(Value::Null),
        Value::Bool(b) => Ok(Value::Bool(*b)),
        Value::String(s) if s == "true" => Ok(Value::Bool(true)),
        Value::String(s) if s == "false" => Ok(Value::Bool(false)),
        other => Err(format!("cannot convert {} to bool", kind(other))),
    }
}

fn identity(args: FuncArgs) -> Result<Value, String> {
    arg(&args, 0).cloned()
}

/// A map (or object) as it is; anything else is an error, an unknown stays unknown.
fn tomap(args: FuncArgs) -> Result<Value, String> {
    match arg(&args, 0)? {
        value @ (Value::Object(_) | Value::Null) => Ok(value.clone()),
        value if is_unknown(value) => Ok(value.clone()),
        other => Err(format!("tomap takes a map, got {}", kind(other))),
    }
}

/// A list (or set, or tuple) as it is; anything else is an error, an unknown stays unknown.
fn tolist(args: FuncArgs) -> Result<Value, String> {
    match arg(&args, 0)? {
        value @ (Value::Array(_) | Value::Null) => Ok(value.clone()),
        value if is_unknown(value) => Ok(value.clone()),
        other => Err(format!("tolist takes a list, got {}", kind(other))),
    }
}

/// A sensitive value is never shown: it is unknown.
fn sensitive(_args: FuncArgs) -> Result<Value, String> {
    Ok(unknown("sensitive"))
}

/// A set: no repeats, in Terraform's order (strings sorted, numbers ascending).
fn toset(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::Array(collections::set_of(list_arg(&args, 0)?)))
}

fn map_string(args: &FuncArgs, f: impl Fn(&str) -> String) -> Result<Value, String> {
    Ok(Value::String(f(&string_arg(args, 0)?)))
}

fn upper(args: FuncArgs) -> Result<Value, String> {
    map_string(&args, str::to_uppercase)
}

fn lower(args: FuncArgs) -> Result<Value, String> {
    map_string(&args, str::to_lowercase)
}

fn title(args: FuncArgs) -> Result<Value, String> {
    map_string(&args, |s| {
        let mut out = String::with_capacity(s.len());
        let mut at_word_start = true;
        for c in s.chars() {
            if at_word_start {
                out.extend(c.to_uppercase());
            } else {
                out.push(c);
            }
            at_word_start = !c.is_alphanumeric();
        }
        out
    })
}

fn trimspace(args: FuncArgs) -> Result<Value, String> {
    map_string(&args, |s| s.trim().to_string())
}

/// `trim(text, characters)`: every character of the second string, from both ends.
fn trim(args: FuncArgs) -> Result<Value, String> {
    let cutset: Vec<char> = string_arg(&args, 1)?.chars().collect();
    map_string(&args, |s| {
        s.trim_matches(|c| cutset.contains(&c)).to_string()
    })
}

fn strrev(args: FuncArgs) -> Result<Value, String> {
    map_string(&args, |s| s.chars().rev().collect())
}

fn chomp(args: FuncArgs) -> Result<Value, String> {
    map_string(&args, |s| s.trim_end_matches(['\n', '\r']).to_string())
}

fn indent(args: FuncArgs) -> Result<Value, String> {
    let spaces = usize_arg(&args, 0)?;
    let text = string_arg(&args, 1)?;
    // Checked before the padding is built: `indent(999999999, …)` is a gigabyte of spaces.
    let lines = text.matches('\n').count();
    super::budget::check_bytes(
        spaces
            .saturating_add(1)
            .saturating_mul(lines.saturating_add(1))
            .saturating_add(text.len()),
    )?;
    let pad = " ".repeat(spaces);
    Ok(Value::String(text.replace('\n', &format!("\n{pad}"))))
}

fn replace(args: FuncArgs) -> Result<Value, String> {
    let (text, search, with) = (
        string_arg(&args, 0)?,
        string_arg(&args, 1)?,
        string_arg(&args, 2)?,
    );
    if search.len() > 1 && search.starts_with('/') && search.ends_with('/') {
        return Ok(regex::replace_pattern(
            &text,
            &search[1..search.len() - 1],
            &with,
        ));
    }
    if with.len() > search.len() && !search.is_empty() {
        let grows =
            (with.len() - search.len()).saturating_mul(text.matches(search.as_str()).count());
        super::budget::check_bytes(text.len().saturating_add(grows))?;
    }
    Ok(Value::String(text.replace(&search, &with)))
}

fn split(args: FuncArgs) -> Result<Value, String> {
    let (separator, text) = (string_arg(&args, 0)?, string_arg(&args, 1)?);
    // An empty separator splits between characters, as Terraform (Go) does.
    if separator.is_empty() {
        return Ok(Value::Array(
            text.chars().map(|c| Value::String(c.to_string())).collect(),
        ));
    }
    Ok(Value::Array(
        text.split(separator.as_str())
            .map(|s| Value::String(s.to_string()))
            .collect(),
    ))
}

fn trimprefix(args: FuncArgs) -> Result<Value, String> {
    let (text, prefix) = (string_arg(&args, 0)?, string_arg(&args, 1)?);
    Ok(Value::String(
        text.strip_prefix(prefix.as_str())
            .unwrap_or(&text)
            .to_string(),
    ))
}

fn trimsuffix(args: FuncArgs) -> Result<Value, String> {
    let (text, suffix) = (string_arg(&args, 0)?, string_arg(&args, 1)?);
    Ok(Value::String(
        text.strip_suffix(suffix.as_str())
            .unwrap_or(&text)
            .to_string(),
    ))
}

fn startswith(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::Bool(
        string_arg(&args, 0)?.starts_with(string_arg(&args, 1)?.as_str()),
    ))
}

fn endswith(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::Bool(
        string_arg(&args, 0)?.ends_with(string_arg(&args, 1)?.as_str()),
    ))
}

fn usize_arg(args: &FuncArgs, i: usize) -> Result<usize, String> {
    match arg(args, i)? {
        Value::Number(n) => n
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| format!("argument {} must be a whole number ≥ 0", i + 1)),
        other => Err(format!(
            "argument {} must be a number, got {}",
            i + 1,
            kind(other)
        )),
    }
}

/// `substr(text, offset, length)`: a negative offset counts from the end, length `-1`
/// means the rest.
fn substr(args: FuncArgs) -> Result<Value, String> {
    let text = string_arg(&args, 0)?;
    let offset = match arg(&args, 1)? {
        Value::Number(n) if n.as_i64().is_some_and(|n| n < 0) => {
            let back = n.as_i64().map_or(0, i64::unsigned_abs);
            let count = text.chars().count() as u64;
            usize::try_from(count.saturating_sub(back)).unwrap_or(0)
        }
        _ => usize_arg(&args, 1)?,
    };
    let length = match arg(&args, 2)? {
        Value::Number(n) if n.as_i64() == Some(-1) => usize::MAX,
        _ => usize_arg(&args, 2)?,
    };
    Ok(Value::String(
        text.chars().skip(offset).take(length).collect(),
    ))
}

fn length(args: FuncArgs) -> Result<Value, String> {
    let n = match arg(&args, 0)? {
        Value::String(s) => s.chars().count(),
        Value::Array(items) => items.len(),
        Value::Object(map) => map.len(),
        other => return Err(format!("length of {}", kind(other))),
    };
    Ok(Value::Number(Number::from(n as u64)))
}

fn object_arg(args: &FuncArgs, i: usize) -> Result<&Map<String, Value>, String> {
    match arg(args, i)? {
        Value::Object(map) => Ok(map),
        other => Err(format!(
            "argument {} must be a map, got {}",
            i + 1,
            kind(other)
        )),
    }
}

/// Terraform returns map keys in lexical order.
fn keys(args: FuncArgs) -> Result<Value, String> {
    let mut keys: Vec<&String> = object_arg(&args, 0)?.keys().collect();
    keys.sort();
    Ok(Value::Array(
        keys.into_iter().map(|k| Value::String(k.clone())).collect(),
    ))
}

fn values(args: FuncArgs) -> Result<Value, String> {
    let map = object_arg(&args, 0)?;
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    Ok(Value::Array(
        keys.into_iter()
            .filter_map(|k| map.get(k).cloned())
            .collect(),
    ))
}

/// `element(list, index)`: the index wraps around the list; a negative index counts from
/// the end (go-cty 1.15 and later, so Terraform 1.10 and later).
fn element(args: FuncArgs) -> Result<Value, String> {
    let items = list_arg(&args, 0)?;
    let index = match arg(&args, 1)? {
        Value::Number(n) => n
            .as_i64()
            .ok_or_else(|| "element: the index must be a whole number".to_string())?,
        other => {
            return Err(format!(
                "element: the index must be a number, got {}",
                kind(other)
            ));
        }
    };
    let length = i64::try_from(items.len()).map_err(|e| e.to_string())?;
    if length == 0 {
        return Err("element of an empty list".to_string());
    }
    let position = usize::try_from(index.rem_euclid(length)).map_err(|e| e.to_string())?;
    items
        .get(position)
        .cloned()
        .ok_or_else(|| "element: index out of range".to_string())
}

fn contains(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::Bool(list_arg(&args, 0)?.contains(arg(&args, 1)?)))
}

fn compact(args: FuncArgs) -> Result<Value, String> {
    let items = list_arg(&args, 0)?;
    Ok(Value::Array(
        items
            .iter()
            .filter(|v| !matches!(v, Value::Null) && !matches!(v, Value::String(s) if s.is_empty()))
            .cloned()
            .collect(),
    ))
}

fn flatten(args: FuncArgs) -> Result<Value, String> {
    fn push_all(value: &Value, out: &mut Vec<Value>, depth: usize) -> Result<(), String> {
        if depth > 64 {
            return Err("list nested too deeply".to_string());
        }
        match value {
            Value::Array(items) => items
                .iter()
                .try_for_each(|item| push_all(item, out, depth + 1)),
            other => {
                out.push(other.clone());
                Ok(())
            }
        }
    }
    let mut out = Vec::new();
    for item in list_arg(&args, 0)? {
        push_all(item, &mut out, 0)?;
    }
    Ok(Value::Array(out))
}

/// The list without repeats, first occurrences in their order.
fn distinct(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::Array(collections::first_occurrences(list_arg(
        &args, 0,
    )?)))
}

fn numbers(args: &FuncArgs) -> Result<Vec<f64>, String> {
    args.iter()
        .map(|v| match v {
            Value::Number(n) => n.as_f64().ok_or_else(|| "not a number".to_string()),
            other => Err(format!("expected a number, got {}", kind(other))),
        })
        .collect()
}

pub(super) fn number(value: f64) -> Value {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        #[allow(clippy::cast_possible_truncation)]
        Value::Number(Number::from(value as i64))
    } else {
        Number::from_f64(value).map_or(Value::Null, Value::Number)
    }
}

fn min(args: FuncArgs) -> Result<Value, String> {
    numbers(&args)?
        .into_iter()
        .reduce(f64::min)
        .map(number)
        .ok_or_else(|| "no arguments".into())
}

fn max(args: FuncArgs) -> Result<Value, String> {
    numbers(&args)?
        .into_iter()
        .reduce(f64::max)
        .map(number)
        .ok_or_else(|| "no arguments".into())
}

fn abs(args: FuncArgs) -> Result<Value, String> {
    numbers(&args)?
        .first()
        .map(|n| number(n.abs()))
        .ok_or_else(|| "no arguments".into())
}

/// A map from a list of keys and a list of values of the same length. Unknown keys, or an
/// unknown list, make the whole map unknown; unknown values stay inside it.
fn zipmap(args: FuncArgs) -> Result<Value, String> {
    if args.iter().any(is_unknown) {
        return Ok(unknown("zipmap"));
    }
    let keys = list_arg(&args, 0)?;
    let values = list_arg(&args, 1)?;
    if keys.len() != values.len() {
        return Err(format!(
            "zipmap: {} keys but {} values",
            keys.len(),
            values.len()
        ));
    }
    if keys.iter().any(is_unknown) {
        return Ok(unknown("zipmap"));
    }
    let mut map = Map::new();
    for (key, value) in keys.iter().zip(values) {
        match key {
            Value::String(k) => {
                map.insert(k.clone(), value.clone());
            }
            other => return Err(format!("zipmap keys must be strings, got {}", kind(other))),
        }
    }
    Ok(Value::Object(map))
}

#[cfg(test)]
mod tests {
    use super::*;
    use hcl::eval::Evaluate;

    pub(super) fn eval(source: &str) -> Value {
        let expr: hcl::Expression = hcl::edit::parser::parse_expr(source)
            .expect("parses")
            .into();
        expr.evaluate(&base_context()).expect("evaluates")
    }

    #[test]
    fn common_functions() {
        assert_eq!(eval(r#"format("%s-%d", "api", 3)"#), Value::from("api-3"));
        assert_eq!(
            eval(r#"join(",", ["a", "b"], ["c"])"#),
            Value::from("a,b,c")
        );
        assert_eq!(eval(r#"lookup({a = 1}, "b", 2)"#), Value::from(2));
        assert_eq!(
            eval(r#"jsonencode({a = [1, "x"]})"#),
            Value::from(r#"{"a":[1,"x"]}"#)
        );
        assert_eq!(
            eval(r#"base64decode(base64encode("ECS_CLUSTER=x"))"#),
            Value::from("ECS_CLUSTER=x")
        );
        assert_eq!(eval(r#"keys({b = 1, a = 2})"#), eval(r#"["a", "b"]"#));
        assert_eq!(
            eval(r#"merge({a = 1}, {a = 2, b = 3})"#),
            eval("{a = 2, b = 3}")
        );
        assert_eq!(eval(r#"coalesce("", "x")"#), Value::from("x"));
        assert_eq!(eval(r#"element(["a", "b"], 3)"#), Value::from("b"));
        assert_eq!(eval(r#"element(["a", "b", "c"], -1)"#), Value::from("c"));
        assert_eq!(eval(r#"element(["a", "b", "c"], -4)"#), Value::from("c"));
        assert_eq!(eval(r#"max(1, 5, 3)"#), Value::from(5));
    }

    pub(super) fn fails(source: &str) -> bool {
        let expr: hcl::Expression = hcl::edit::parser::parse_expr(source)
            .expect("parses")
            .into();
        expr.evaluate(&base_context()).is_err()
    }

    #[test]
    fn format_follows_terraform_verbs() {
        assert_eq!(
            eval(r#"format("%03d|%-4s|%5.2f", 7, "ab", 3.14159)"#),
            Value::from("007|ab  | 3.14")
        );
        assert_eq!(
            eval(r#"format("%q %v %t", 3, ["a"], true)"#),
            Value::from(r#""3" ["a"] true"#)
        );
        assert_eq!(
            eval(r#"format("%x %X %o %b %+d", 255, 255, 8, 5, 4)"#),
            Value::from("ff FF 10 101 +4")
        );
        assert_eq!(eval(r#"format("%e", 1234.5)"#), Value::from("1.234500e+03"));
        assert_eq!(
            eval(r#"format("%[2]s-%[1]s", "a", "b")"#),
            Value::from("b-a")
        );
        assert_eq!(eval(r#"format("%d%%", "42")"#), Value::from("42%"));
        assert_eq!(eval(r#"format("%.3s", "abcdef")"#), Value::from("abc"));
        assert!(fails(r#"format("%s", ["a"])"#));
        assert!(fails(r#"format("%s %s", "a")"#));
        assert!(fails(r#"format("%s", "a", "b")"#));
        // An unknown string formats as itself; an unknown number makes the result unknown.
        assert_eq!(
            eval(r#"format("%s-api", "\uE0000\uE001")"#),
            Value::from("\u{E000}0\u{E001}-api")
        );
        assert_eq!(
            eval(r#"format("%d", "\uE0000\uE001")"#),
            Value::from(crate::terraform::placeholder::CALL_UNKNOWN)
        );
        assert_eq!(
            eval(r#"formatlist("%s:%d", ["a", "b"], [1, 2])"#),
            eval(r#"["a:1", "b:2"]"#)
        );
        assert_eq!(
            eval(r#"formatlist("%s", "\uE0000\uE001")"#),
            Value::from(crate::terraform::placeholder::CALL_UNKNOWN)
        );
        assert!(fails(r#"formatlist("%s%s", ["a"], ["b", "c"])"#));
    }

    #[test]
    fn jsonencode_sorts_keys_and_escapes_markup() {
        assert_eq!(
            eval(r#"jsonencode({b = 1, a = "<x&y>", c = [true, null]})"#),
            Value::from(r#"{"a":"\u003cx\u0026y\u003e","b":1,"c":[true,null]}"#)
        );
        assert_eq!(
            eval(r#"jsondecode(jsonencode({a = "<"}))"#),
            eval(r#"{a = "<"}"#)
        );
        // Unknown parts stay visible inside the JSON.
        assert_eq!(
            eval(r#"jsonencode({image = "\uE0000\uE001"})"#),
            Value::from("{\"image\":\"\u{E000}0\u{E001}\"}")
        );
        // Unknown as a whole: a list or an object as much as a string, so unknown.
        assert_eq!(
            eval(r#"jsonencode("\uE0000\uE001")"#),
            Value::from("\u{E000}0\u{E001}")
        );
        assert!(fails(r#"jsondecode("{")"#));
    }

    #[test]
    fn collections_build_known_values_and_keep_unknown_ones() {
        assert_eq!(eval(r#"toset(["b", "a", "b"])"#), eval(r#"["a", "b"]"#));
        assert_eq!(eval(r#"toset([3, 1, 3])"#), eval("[1, 3]"));
        assert_eq!(eval(r#"distinct(["b", "a", "b"])"#), eval(r#"["b", "a"]"#));
        assert_eq!(eval(r#"tolist(["a"])"#), eval(r#"["a"]"#));
        assert!(fails(r#"tolist("a")"#));
        assert_eq!(eval(r#"tomap({a = 1})"#), eval("{a = 1}"));
        assert!(fails("tomap([1])"));
        assert_eq!(
            eval(r#"zipmap(["a", "b"], [1, 2])"#),
            eval("{a = 1, b = 2}")
        );
        assert!(fails(r#"zipmap(["a", "b"], [1])"#));
        assert_eq!(eval(r#"split("", "abc")"#), eval(r#"["a", "b", "c"]"#));
        assert_eq!(eval(r#"substr("hello", -3, -1)"#), Value::from("llo"));
        assert_eq!(eval(r#"trim("?!hi!?", "!?")"#), Value::from("hi"));
        assert_eq!(eval(r#"strrev("abc")"#), Value::from("cba"));
        assert_eq!(
            eval(r#"join("-", ["a", 1, true])"#),
            Value::from("a-1-true")
        );
        assert_eq!(eval("tonumber(null)"), Value::Null);
        let unknown = [
            r#"concat(["a"], "\uE0000\uE001")"#,
            r#"merge({a = 1}, "\uE0000\uE001")"#,
            r#"join(",", "\uE0000\uE001")"#,
            r#"zipmap("\uE0000\uE001", [1])"#,
            r#"zipmap(["\uE0000\uE001"], [1])"#,
            r#"reverse("\uE0000\uE001")"#,
        ];
        for source in unknown {
            assert_eq!(
                eval(source),
                Value::from(crate::terraform::placeholder::CALL_UNKNOWN),
                "{source}"
            );
        }
        assert_eq!(tomap_unknown(), Value::from("\u{E000}0\u{E001}"));
        // A known map keeps an unknown value inside.
        assert_eq!(
            eval(r#"merge({a = "\uE0000\uE001"}, {b = 1})"#),
            eval(r#"{a = "\uE0000\uE001", b = 1}"#)
        );
    }

    fn tomap_unknown() -> Value {
        eval(r#"tomap("\uE0000\uE001")"#)
    }

    #[test]
    fn list_set_and_number_companions() {
        assert_eq!(eval("range(3)"), eval("[0, 1, 2]"));
        assert_eq!(eval("range(1, 7, 2)"), eval("[1, 3, 5]"));
        assert_eq!(eval("range(3, 0)"), eval("[3, 2, 1]"));
        assert!(fails("range(0, 3, -1)"));
        assert!(fails("range(0, 1, 0)"));
        assert!(fails("range(1000000)"));
        assert_eq!(
            eval(r#"setproduct(["a", "b"], [1, 2])"#),
            eval(r#"[["a", 1], ["a", 2], ["b", 1], ["b", 2]]"#)
        );
        assert_eq!(
            eval(r#"slice(["a", "b", "c"], 1, 3)"#),
            eval(r#"["b", "c"]"#)
        );
        assert!(fails(r#"slice(["a"], 0, 2)"#));
        assert_eq!(eval(r#"reverse([1, 2])"#), eval("[2, 1]"));
        assert_eq!(eval(r#"sort(["b", "a"])"#), eval(r#"["a", "b"]"#));
        assert_eq!(eval("one([])"), Value::Null);
        assert_eq!(eval(r#"one(["x"])"#), Value::from("x"));
        assert!(fails("one([1, 2])"));
        assert_eq!(eval(r#"index(["a", "b"], "b")"#), Value::from(1));
        assert_eq!(eval("alltrue([true, \"true\"])"), Value::Bool(true));
        assert_eq!(eval("anytrue([false])"), Value::Bool(false));
        assert_eq!(eval("sum([1, 2.5])"), Value::from(3.5));
        assert_eq!(eval("ceil(1.2)"), Value::from(2));
        assert_eq!(eval("floor(-1.2)"), Value::from(-2));
        assert_eq!(eval("chunklist([1, 2, 3], 2)"), eval("[[1, 2], [3]]"));
        assert_eq!(
            eval(r#"setunion(["b"], ["a", "b"])"#),
            eval(r#"["a", "b"]"#)
        );
        assert_eq!(
            eval(r#"setintersection(["a", "b"], ["b"])"#),
            eval(r#"["b"]"#)
        );
        assert_eq!(eval(r#"setsubtract(["a", "b"], ["b"])"#), eval(r#"["a"]"#));
    }

    #[test]
    fn set_functions_keep_terraform_order_and_compare_by_value() {
        // Strings sorted, numbers ascending, repeats gone whatever the number's form.
        assert_eq!(
            eval(r#"setsubtract(["c", "a", "b", "a"], ["b", "z"])"#),
            eval(r#"["a", "c"]"#)
        );
        assert_eq!(eval("setsubtract([3, 1.0, 2, 1], [2.0])"), eval("[1, 3]"));
        assert_eq!(
            eval("setintersection([3, 1, 2], [2, 3, 4], [3.0, 2])"),
            eval("[2, 3]")
        );
        assert_eq!(eval("setunion([2, 1], [1.0, 3])"), eval("[1, 2, 3]"));
        // Mixed elements keep their first-seen order; maps compare whatever their key order.
        assert_eq!(
            eval(r#"setsubtract([{ a = 1, b = 2 }, "x", { c = 3 }], [{ b = 2, a = 1 }])"#),
            eval(r#"["x", { c = 3 }]"#)
        );
        assert_eq!(
            eval(r#"distinct([[1, "a"], "b", [1, "a"], ["a", 1], "b"])"#),
            eval(r#"[[1, "a"], "b", ["a", 1]]"#)
        );
        assert_eq!(eval(r#"toset(["b", "a", "b"])"#), eval(r#"["a", "b"]"#));
        assert_eq!(eval("setsubtract([], [1])"), eval("[]"));
    }
}
