//! The Terraform functions tfmap evaluates. hcl-rs ships none. Functions that read files
//! (`file`, `templatefile`) or catch errors (`try`, `can`) need more than their argument
//! values, so they are handled on the syntax tree in `eval.rs`.
//!
//! Functions that inspect a value (its length, a key, a comparison) must not see unknown
//! markers: `INSPECTING` lists them, and the evaluator makes their result unknown instead.

use base64::Engine;
use hcl::eval::{Context, FuncArgs, FuncDef, ParamType};
use hcl::{Map, Number, Value};

type Func = fn(FuncArgs) -> Result<Value, String>;

/// Functions whose result would be wrong if an argument held an unknown marker.
pub const INSPECTING: [&str; 27] = [
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
    "upper",
    "lower",
    "title",
    "replace",
    "split",
    "substr",
    "startswith",
    "endswith",
    "trimprefix",
    "trimsuffix",
    "trimspace",
    "tonumber",
    "tobool",
    "min",
    "max",
    "jsondecode",
    "base64decode",
];

/// A context holding every supported function.
pub fn base_context() -> Context<'static> {
    let mut ctx = Context::new();
    let table: [(&str, Func); 44] = [
        ("jsonencode", jsonencode),
        ("jsondecode", jsondecode),
        ("base64encode", base64encode),
        ("base64decode", base64decode),
        ("format", format),
        ("join", join),
        ("concat", concat),
        ("merge", merge),
        ("lookup", lookup),
        ("coalesce", coalesce),
        ("coalescelist", coalescelist),
        ("tostring", tostring),
        ("tonumber", tonumber),
        ("tobool", tobool),
        ("tomap", identity),
        ("tolist", identity),
        ("toset", toset),
        ("upper", upper),
        ("lower", lower),
        ("title", title),
        ("replace", replace),
        ("split", split),
        ("trimspace", trimspace),
        ("trimprefix", trimprefix),
        ("trimsuffix", trimsuffix),
        ("startswith", startswith),
        ("endswith", endswith),
        ("substr", substr),
        ("length", length),
        ("keys", keys),
        ("values", values),
        ("element", element),
        ("contains", contains),
        ("compact", compact),
        ("flatten", flatten),
        ("distinct", distinct),
        ("min", min),
        ("max", max),
        ("abs", abs),
        ("sensitive", sensitive),
        ("nonsensitive", identity),
        ("chomp", chomp),
        ("indent", indent),
        ("zipmap", zipmap),
    ];
    for (name, func) in table {
        ctx.declare_func(
            name,
            FuncDef::builder()
                .variadic_param(ParamType::Any)
                .build(func),
        );
    }
    ctx
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

fn to_json(value: &Value) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

fn jsonencode(args: FuncArgs) -> Result<Value, String> {
    serde_json::to_string(&to_json(arg(&args, 0)?))
        .map(Value::String)
        .map_err(|e| e.to_string())
}

fn jsondecode(args: FuncArgs) -> Result<Value, String> {
    let text = string_arg(&args, 0)?;
    let json: serde_json::Value = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    hcl::to_value(json).map_err(|e| e.to_string())
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

/// `format` with the verbs real code uses: `%s`, `%d`, `%v`, `%q`, `%%`.
fn format(args: FuncArgs) -> Result<Value, String> {
    let spec = string_arg(&args, 0)?;
    let mut out = String::new();
    let mut next = 1;
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('%') => out.push('%'),
            Some(verb @ ('s' | 'd' | 'v' | 'q')) => {
                let value = arg(&args, next)?;
                next += 1;
                match (verb, value) {
                    ('q', v) => out
                        .push_str(&serde_json::to_string(&to_json(v)).map_err(|e| e.to_string())?),
                    (_, Value::String(s)) => out.push_str(s),
                    (_, Value::Number(n)) => out.push_str(&n.to_string()),
                    (_, Value::Bool(b)) => out.push_str(&b.to_string()),
                    (_, other) => out.push_str(
                        &serde_json::to_string(&to_json(other)).map_err(|e| e.to_string())?,
                    ),
                }
            }
            other => return Err(format!("unsupported format verb %{}", other.unwrap_or(' '))),
        }
    }
    Ok(Value::String(out))
}

fn join(args: FuncArgs) -> Result<Value, String> {
    let separator = string_arg(&args, 0)?;
    let mut parts = Vec::new();
    for i in 1..args.len() {
        for item in list_arg(&args, i)? {
            match item {
                Value::String(s) => parts.push(s.clone()),
                Value::Number(n) => parts.push(n.to_string()),
                other => return Err(format!("join takes strings, got {}", kind(other))),
            }
        }
    }
    Ok(Value::String(parts.join(&separator)))
}

fn concat(args: FuncArgs) -> Result<Value, String> {
    let mut out = Vec::new();
    for i in 0..args.len() {
        out.extend(list_arg(&args, i)?.iter().cloned());
    }
    Ok(Value::Array(out))
}

fn merge(args: FuncArgs) -> Result<Value, String> {
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
        Value::Bool(b) => Ok(Value::Bool(*b)),
        Value::String(s) if s == "true" => Ok(Value::Bool(true)),
        Value::String(s) if s == "false" => Ok(Value::Bool(false)),
        other => Err(format!("cannot convert {} to bool", kind(other))),
    }
}

fn identity(args: FuncArgs) -> Result<Value, String> {
    arg(&args, 0).cloned()
}

/// A sensitive value is never shown: it becomes a marker.
fn sensitive(_args: FuncArgs) -> Result<Value, String> {
    Ok(Value::String("${sensitive(…)}".to_string()))
}

fn toset(args: FuncArgs) -> Result<Value, String> {
    let mut items = list_arg(&args, 0)?.clone();
    dedup(&mut items);
    Ok(Value::Array(items))
}

fn dedup(items: &mut Vec<Value>) {
    let mut seen: Vec<Value> = Vec::new();
    items.retain(|item| {
        if seen.contains(item) {
            false
        } else {
            seen.push(item.clone());
            true
        }
    });
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

fn chomp(args: FuncArgs) -> Result<Value, String> {
    map_string(&args, |s| s.trim_end_matches(['\n', '\r']).to_string())
}

fn indent(args: FuncArgs) -> Result<Value, String> {
    let spaces = usize_arg(&args, 0)?;
    let text = string_arg(&args, 1)?;
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
        return Err("regular-expression replace is not evaluated".to_string());
    }
    Ok(Value::String(text.replace(&search, &with)))
}

fn split(args: FuncArgs) -> Result<Value, String> {
    let (separator, text) = (string_arg(&args, 0)?, string_arg(&args, 1)?);
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

fn substr(args: FuncArgs) -> Result<Value, String> {
    let text = string_arg(&args, 0)?;
    let offset = usize_arg(&args, 1)?;
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

fn element(args: FuncArgs) -> Result<Value, String> {
    let items = list_arg(&args, 0)?;
    let index = usize_arg(&args, 1)?;
    if items.is_empty() {
        return Err("element of an empty list".to_string());
    }
    Ok(items[index % items.len()].clone())
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

fn distinct(args: FuncArgs) -> Result<Value, String> {
    toset(args)
}

fn numbers(args: &FuncArgs) -> Result<Vec<f64>, String> {
    args.iter()
        .map(|v| match v {
            Value::Number(n) => n.as_f64().ok_or_else(|| "not a number".to_string()),
            other => Err(format!("expected a number, got {}", kind(other))),
        })
        .collect()
}

fn number(value: f64) -> Value {
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

fn zipmap(args: FuncArgs) -> Result<Value, String> {
    let keys = list_arg(&args, 0)?;
    let values = list_arg(&args, 1)?;
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

    fn eval(source: &str) -> Value {
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
        assert_eq!(eval(r#"max(1, 5, 3)"#), Value::from(5));
    }
}
