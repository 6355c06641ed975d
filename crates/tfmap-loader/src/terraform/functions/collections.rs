//! List, set and number functions real container code uses beside the common ones: `range`,
//! `setproduct`, `slice`, `reverse`, `sort`, `one`, `index`, `alltrue`, `anytrue`, `sum`,
//! `ceil`, `floor`, `chunklist`, `setunion`, `setintersection`, `setsubtract`.
//! Sets are lists without repeats, in Terraform's order (strings sorted, numbers ascending).

use super::value_set::ValueSet;
use super::{arg, is_unknown, kind, list_arg, number, unknown, usize_arg};
use hcl::Value;
use hcl::eval::FuncArgs;

/// More elements than this from `range` or `setproduct` is refused: tfmap reads, it does not
/// build huge values from hostile input.
const MAX_ELEMENTS: usize = 100_000;

fn numbers_of(args: &FuncArgs) -> Result<Vec<f64>, String> {
    args.iter()
        .map(|v| match v {
            Value::Number(n) => n.as_f64().ok_or_else(|| "not a number".to_string()),
            other => Err(format!("a number is expected, got {}", kind(other))),
        })
        .collect()
}

/// `range(limit)`, `range(start, limit)`, `range(start, limit, step)`.
pub fn range(args: FuncArgs) -> Result<Value, String> {
    let n = numbers_of(&args)?;
    let (start, limit, step) = match n.as_slice() {
        [limit] => (0.0, *limit, 1.0),
        [start, limit] => (*start, *limit, if limit < start { -1.0 } else { 1.0 }),
        [start, limit, step] => (*start, *limit, *step),
        _ => return Err("range takes one to three numbers".to_string()),
    };
    if step == 0.0 {
        return Err("range: the step cannot be zero".to_string());
    }
    if (step > 0.0 && limit < start) || (step < 0.0 && limit > start) {
        return Err("range: the step goes away from the limit".to_string());
    }
    let mut out = Vec::new();
    let mut current = start;
    while (step > 0.0 && current < limit) || (step < 0.0 && current > limit) {
        if out.len() >= MAX_ELEMENTS {
            return Err(format!("range: more than {MAX_ELEMENTS} elements"));
        }
        out.push(number(current));
        current += step;
    }
    Ok(Value::Array(out))
}

/// Every combination of one element from each list, as lists.
pub fn setproduct(args: FuncArgs) -> Result<Value, String> {
    if args.is_empty() {
        return Err("setproduct takes at least one list".to_string());
    }
    let mut product: Vec<Vec<Value>> = vec![Vec::new()];
    for i in 0..args.len() {
        let items = set_of(list_arg(&args, i)?);
        let size = product.len().saturating_mul(items.len());
        if size > MAX_ELEMENTS {
            return Err(format!("setproduct: more than {MAX_ELEMENTS} combinations"));
        }
        product = product
            .iter()
            .flat_map(|prefix| {
                items.iter().map(move |item| {
                    let mut combination = prefix.clone();
                    combination.push(item.clone());
                    combination
                })
            })
            .collect();
    }
    Ok(Value::Array(
        product.into_iter().map(Value::Array).collect(),
    ))
}

/// `slice(list, start, end)`: elements from `start` up to, not including, `end`.
pub fn slice(args: FuncArgs) -> Result<Value, String> {
    let items = list_arg(&args, 0)?;
    let (start, end) = (usize_arg(&args, 1)?, usize_arg(&args, 2)?);
    if start > end || end > items.len() {
        return Err(format!(
            "slice: indexes {start}..{end} do not fit a list of {}",
            items.len()
        ));
    }
    Ok(Value::Array(items[start..end].to_vec()))
}

pub fn reverse(args: FuncArgs) -> Result<Value, String> {
    if is_unknown(arg(&args, 0)?) {
        return Ok(unknown("reverse"));
    }
    let mut items = list_arg(&args, 0)?.clone();
    items.reverse();
    Ok(Value::Array(items))
}

/// Strings in lexical order (numbers are sorted as their text, as Terraform does).
pub fn sort(args: FuncArgs) -> Result<Value, String> {
    let mut texts = Vec::new();
    for item in list_arg(&args, 0)? {
        match item {
            Value::String(s) => texts.push(s.clone()),
            Value::Number(n) => texts.push(n.to_string()),
            other => return Err(format!("sort takes strings, got {}", kind(other))),
        }
    }
    texts.sort();
    Ok(Value::Array(texts.into_iter().map(Value::String).collect()))
}

/// The only element of a list, `null` for an empty one, an error for more.
pub fn one(args: FuncArgs) -> Result<Value, String> {
    match list_arg(&args, 0)?.as_slice() {
        [] => Ok(Value::Null),
        [only] => Ok(only.clone()),
        more => Err(format!("one: the list has {} elements", more.len())),
    }
}

/// The position of a value in a list.
pub fn index(args: FuncArgs) -> Result<Value, String> {
    let wanted = arg(&args, 1)?;
    list_arg(&args, 0)?
        .iter()
        .position(|item| item == wanted)
        .map(|i| Value::from(i as u64))
        .ok_or_else(|| "index: the value is not in the list".to_string())
}

fn bools(args: &FuncArgs) -> Result<Vec<bool>, String> {
    list_arg(args, 0)?
        .iter()
        .map(|item| match item {
            Value::Bool(b) => Ok(*b),
            Value::String(s) if s == "true" => Ok(true),
            Value::String(s) if s == "false" => Ok(false),
            other => Err(format!("a bool is expected, got {}", kind(other))),
        })
        .collect()
}

pub fn alltrue(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::Bool(bools(&args)?.into_iter().all(|b| b)))
}

pub fn anytrue(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::Bool(bools(&args)?.into_iter().any(|b| b)))
}

pub fn sum(args: FuncArgs) -> Result<Value, String> {
    let items = list_arg(&args, 0)?;
    if items.is_empty() {
        return Err("sum of an empty list".to_string());
    }
    let mut total = 0.0;
    for item in items {
        match item {
            Value::Number(n) => total += n.as_f64().unwrap_or(f64::NAN),
            other => return Err(format!("sum takes numbers, got {}", kind(other))),
        }
    }
    Ok(number(total))
}

pub fn ceil(args: FuncArgs) -> Result<Value, String> {
    let n = numbers_of(&args)?;
    n.first()
        .map(|n| number(n.ceil()))
        .ok_or_else(|| "ceil takes a number".to_string())
}

pub fn floor(args: FuncArgs) -> Result<Value, String> {
    let n = numbers_of(&args)?;
    n.first()
        .map(|n| number(n.floor()))
        .ok_or_else(|| "floor takes a number".to_string())
}

/// `chunklist(list, size)`: consecutive lists of at most `size` elements (`0`: one list).
pub fn chunklist(args: FuncArgs) -> Result<Value, String> {
    let items = list_arg(&args, 0)?;
    let size = usize_arg(&args, 1)?;
    if size == 0 {
        return Ok(Value::Array(vec![Value::Array(items.clone())]));
    }
    Ok(Value::Array(
        items
            .chunks(size)
            .map(|chunk| Value::Array(chunk.to_vec()))
            .collect(),
    ))
}

pub fn setunion(args: FuncArgs) -> Result<Value, String> {
    let mut all = Vec::new();
    for i in 0..args.len() {
        all.extend(list_arg(&args, i)?.iter().cloned());
    }
    Ok(Value::Array(set_of(&all)))
}

pub fn setintersection(args: FuncArgs) -> Result<Value, String> {
    let mut kept = set_of(list_arg(&args, 0)?);
    for i in 1..args.len() {
        let other = ValueSet::of(list_arg(&args, i)?);
        kept.retain(|item| other.contains(item));
    }
    Ok(Value::Array(kept))
}

pub fn setsubtract(args: FuncArgs) -> Result<Value, String> {
    let mut kept = set_of(list_arg(&args, 0)?);
    let removed = ValueSet::of(list_arg(&args, 1)?);
    kept.retain(|item| !removed.contains(item));
    Ok(Value::Array(kept))
}

/// The list without repeats, each value where it first appears.
pub fn first_occurrences(items: &[Value]) -> Vec<Value> {
    let mut seen = ValueSet::default();
    items
        .iter()
        .filter(|item| seen.insert(item))
        .cloned()
        .collect()
}

/// A list as Terraform's set of it: no repeats; strings sorted, numbers ascending; other
/// elements keep their first-seen order.
pub fn set_of(items: &[Value]) -> Vec<Value> {
    let mut unique = first_occurrences(items);
    if unique.iter().all(|v| matches!(v, Value::String(_))) {
        unique.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
    } else if unique.iter().all(|v| matches!(v, Value::Number(_))) {
        unique.sort_by(|a, b| {
            let (a, b) = (a.as_f64().unwrap_or(0.0), b.as_f64().unwrap_or(0.0));
            a.total_cmp(&b)
        });
    }
    unique
}

/// `matchkeys(values, keys, searchset)`: the values whose key (same position) is in the
/// search set, in order.
pub fn matchkeys(args: FuncArgs) -> Result<Value, String> {
    let values = list_arg(&args, 0)?;
    let keys = list_arg(&args, 1)?;
    let wanted = ValueSet::of(list_arg(&args, 2)?);
    if values.len() != keys.len() {
        return Err("matchkeys: length of keys and values should be equal".to_string());
    }
    Ok(Value::Array(
        values
            .iter()
            .zip(keys)
            .filter(|(_, key)| wanted.contains(key))
            .map(|(value, _)| value.clone())
            .collect(),
    ))
}

/// `transpose(map of lists of strings)`: each string becomes a key listing the keys that
/// held it, in key order.
pub fn transpose(args: FuncArgs) -> Result<Value, String> {
    let Value::Object(map) = arg(&args, 0)? else {
        return Err("transpose takes a map of lists of strings".to_string());
    };
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    let mut out: hcl::Map<String, Value> = hcl::Map::new();
    for key in keys {
        let Some(Value::Array(items)) = map.get(key) else {
            return Err("transpose takes a map of lists of strings".to_string());
        };
        for item in items {
            let Value::String(item) = item else {
                return Err(format!("transpose: a {} is not a string", kind(item)));
            };
            let entry = out
                .entry(item.clone())
                .or_insert_with(|| Value::Array(Vec::new()));
            if let Value::Array(list) = entry {
                list.push(Value::String(key.clone()));
            }
        }
    }
    out.sort_keys();
    Ok(Value::Object(out))
}
