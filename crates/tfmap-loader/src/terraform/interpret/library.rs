//! The pure functions, called with typed values. The function library is written over
//! hcl-rs values (`functions.rs`): a call crosses into it here. Each unknown part of an
//! argument travels as a placeholder token (`placeholder.rs`) and each token in the result
//! becomes that unknown part again; a function whose result is unknown returns the token
//! that stands for the call. A function that inspects its arguments (`INSPECTING`) is
//! unknown when any argument holds an unknown, without being called.

use super::{Evaluated, Failure, budget, unknown_of};
use crate::terraform::functions::{INSPECTING, context_with, is_supported};
use crate::terraform::placeholder::{self, Piece};
use base64::Engine;
use hcl::Expression;
use hcl::eval::Evaluate;
use tfmap_core::{Part, Unknown, Value};

pub(super) fn call(expr: &Expression, name: &str, args: Vec<Value>) -> Evaluated {
    if !is_supported(name) {
        return Ok(unknown_of(expr));
    }
    let any_unknown = args.iter().any(Value::has_unknown);
    if any_unknown && INSPECTING.contains(&name) {
        return Ok(unknown_of(expr));
    }
    if name == "base64encode"
        && let [Value::Unknown(unknown)] = args.as_slice()
    {
        return Ok(Value::String(encoded_script(unknown)));
    }
    let mut origins = Vec::new();
    let mut crossed = Vec::with_capacity(args.len());
    for arg in &args {
        match untyped(arg, &mut origins) {
            Some(value) => crossed.push(Expression::from(value)),
            // Text that holds a placeholder character already: never taken for a token.
            None => return Ok(unknown_of(expr)),
        }
    }
    let call = hcl::expr::FuncCall {
        name: hcl::expr::FuncName::new(name),
        args: crossed,
        expand_final: false,
    };
    let call = Expression::FuncCall(Box::new(call));
    match call.evaluate(&context_with(name)) {
        Ok(value) => Ok(typed(value, &origins, expr).unwrap_or_else(|| unknown_of(expr))),
        Err(_) if budget::is_exceeded() => Err(Failure::Budget),
        // What fails on an unknown argument may not fail once it is known.
        Err(_) if any_unknown => Ok(unknown_of(expr)),
        Err(error) => Err(Failure::Invalid(error.to_string())),
    }
}

/// `base64encode` of a script with unknown parts (user data): the script as printed, each
/// unknown part as its `${…}` marker, so that the model can still find which cluster the
/// decoded script names (`registration.rs`). The one place an unknown's printed form
/// becomes data.
fn encoded_script(unknown: &Unknown) -> String {
    base64::engine::general_purpose::STANDARD.encode(unknown.marker_text())
}

/// A typed value as the library takes it: each unknown part as a token numbered by its
/// place in `origins`. `None` when known text already holds a placeholder character.
fn untyped(value: &Value, origins: &mut Vec<String>) -> Option<hcl::Value> {
    Some(match value {
        Value::Null => hcl::Value::Null,
        Value::Bool(b) => hcl::Value::Bool(*b),
        Value::Number(n) => hcl_number(n),
        Value::String(s) if placeholder::contains(s) => return None,
        Value::String(s) => hcl::Value::String(s.clone()),
        Value::Array(items) => hcl::Value::Array(
            items
                .iter()
                .map(|item| untyped(item, origins))
                .collect::<Option<_>>()?,
        ),
        Value::Object(map) => {
            let mut object = hcl::Map::new();
            for (key, item) in map {
                if placeholder::contains(key) {
                    return None;
                }
                object.insert(key.clone(), untyped(item, origins)?);
            }
            hcl::Value::Object(object)
        }
        Value::Unknown(unknown) => {
            let mut text = String::new();
            for part in unknown.parts() {
                match part {
                    Part::Text(known) if placeholder::contains(known) => return None,
                    Part::Text(known) => text.push_str(known),
                    Part::Unknown(origin) => {
                        text.push_str(&placeholder::token(origins.len()));
                        origins.push(origin.clone());
                    }
                }
            }
            hcl::Value::String(text)
        }
    })
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

/// A value the library gave, each token the unknown part it stands for (the call's own
/// unknown for [`placeholder::CALL_UNKNOWN`]). `None` when a token ended up in an object
/// key: which attributes the value has is unknown.
fn typed(value: hcl::Value, origins: &[String], expr: &Expression) -> Option<Value> {
    Some(match value {
        hcl::Value::String(text) if placeholder::contains(&text) => {
            let call = || super::super::unknown::expression_text(expr);
            Unknown::from_parts(placeholder::pieces(&text).into_iter().map(|piece| {
                match piece {
                    Piece::Text(known) => Part::Text(known.to_string()),
                    Piece::Token(index) => Part::Unknown(
                        index
                            .and_then(|i| origins.get(i).cloned())
                            .unwrap_or_else(call),
                    ),
                }
            }))
        }
        hcl::Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| typed(item, origins, expr))
                .collect::<Option<_>>()?,
        ),
        hcl::Value::Object(map) => {
            let mut object = tfmap_core::Map::new();
            for (key, item) in map {
                if placeholder::contains(&key) {
                    return None;
                }
                object.insert(key, typed(item, origins, expr)?);
            }
            Value::Object(object)
        }
        known => super::known(known),
    })
}
