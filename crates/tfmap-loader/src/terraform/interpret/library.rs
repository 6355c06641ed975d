//! The pure functions, called with typed values. The function library is still written
//! over hcl-rs values (`functions.rs`): until it is ported, a call crosses into it here,
//! the one place where an unknown argument travels as its marker text and a result's
//! markers are read back. A function that inspects its arguments (`INSPECTING`) is
//! unknown when any argument holds an unknown, without being called.

use super::{Evaluated, Failure, budget, unknown_of};
use crate::terraform::functions::{INSPECTING, context_with, is_supported};
use hcl::Expression;
use hcl::eval::Evaluate;
use tfmap_core::Value;

pub(super) fn call(expr: &Expression, name: &str, args: Vec<Value>) -> Evaluated {
    if !is_supported(name) {
        return Ok(unknown_of(expr));
    }
    let any_unknown = args.iter().any(Value::has_unknown);
    if any_unknown && INSPECTING.contains(&name) {
        return Ok(unknown_of(expr));
    }
    let call = hcl::expr::FuncCall {
        name: hcl::expr::FuncName::new(name),
        args: args
            .iter()
            .map(|arg| Expression::from(untyped(arg)))
            .collect(),
        expand_final: false,
    };
    let call = Expression::FuncCall(Box::new(call));
    match call.evaluate(&context_with(name)) {
        Ok(value) => Ok(typed(value)),
        Err(_) if budget::is_exceeded() => Err(Failure::Budget),
        // What fails on an unknown argument may not fail once it is known.
        Err(_) if any_unknown => Ok(unknown_of(expr)),
        Err(error) => Err(Failure::Invalid(error.to_string())),
    }
}

/// A typed value as the library takes it: unknowns as their marker text.
fn untyped(value: &Value) -> hcl::Value {
    match value {
        Value::Null => hcl::Value::Null,
        Value::Bool(b) => hcl::Value::Bool(*b),
        Value::Number(n) => hcl_number(n),
        Value::String(s) => hcl::Value::String(s.clone()),
        Value::Array(items) => hcl::Value::Array(items.iter().map(untyped).collect()),
        Value::Object(map) => {
            hcl::Value::Object(map.iter().map(|(k, v)| (k.clone(), untyped(v))).collect())
        }
        Value::Unknown(unknown) => hcl::Value::String(unknown.marker_text()),
    }
}

fn hcl_number(number: &serde_json::Number) -> hcl::Value {
    if let Some(i) = number.as_i64() {
        return hcl::Value::Number(i.into());
    }
    if let Some(u) = number.as_u64() {
        return hcl::Value::Number(u.into());
    }
    number
        .as_f64()
        .and_then(hcl::Number::from_f64)
        .map_or(hcl::Value::Null, hcl::Value::Number)
}

/// A value the library gave, its markers read back as unknown parts.
pub(super) fn typed(value: hcl::Value) -> Value {
    let json = serde_json::to_value(&value).unwrap_or(serde_json::Value::Null);
    crate::terraform::unknown::typed(json)
}
