//! Operators, with Terraform's conversions (`"2" * 3` is 6, `"true" && x` reads a bool)
//! and its treatment of unknowns: an operand that is unknown makes the result unknown,
//! except where the known side decides (`false && x`, `true || x`, as HCL decides them).

use super::{Evaluated, Failure, Interpreter, invalid, numbers, unknown_of};
use hcl::Expression;
use hcl::expr::{BinaryOp, BinaryOperator, Operation, UnaryOperator};
use serde_json::Number;
use tfmap_core::Value;

impl Interpreter<'_> {
    pub(super) fn operation(&mut self, expr: &Expression, operation: &Operation) -> Evaluated {
        match operation {
            Operation::Unary(unary) => {
                let operand = self.evaluate(&unary.expr)?;
                if operand.is_unknown() {
                    return Ok(unknown_of(expr));
                }
                match unary.operator {
                    UnaryOperator::Not => match as_bool(operand)? {
                        Some(b) => Ok(Value::Bool(!b)),
                        None => Ok(unknown_of(expr)),
                    },
                    UnaryOperator::Neg => match as_number(&operand)? {
                        Some(n) => Ok(numbers::negate(&n).unwrap_or_else(|| unknown_of(expr))),
                        None => Ok(unknown_of(expr)),
                    },
                }
            }
            Operation::Binary(binary) => match binary.operator {
                BinaryOperator::And | BinaryOperator::Or => self.logical(expr, binary),
                operator => {
                    let lhs = self.evaluate(&binary.lhs_expr)?;
                    let rhs = self.evaluate(&binary.rhs_expr)?;
                    binary_value(expr, &lhs, operator, &rhs)
                }
            },
        }
    }

    /// `a && b` is false when either side is known false, `a || b` true when either is
    /// known true, whatever the other side is: unknown, or failing (`x != null && x.on`
    /// with a null `x`). HCL decides logical operators so, from either side
    /// (hashicorp/hcl#713).
    fn logical(&mut self, expr: &Expression, binary: &BinaryOp) -> Evaluated {
        let deciding = binary.operator == BinaryOperator::Or;
        let mut sides = Vec::with_capacity(2);
        for side in [&binary.lhs_expr, &binary.rhs_expr] {
            let value = match self.evaluate(side) {
                Ok(value) => as_bool(value),
                Err(Failure::Budget) => return Err(Failure::Budget),
                Err(failure) => Err(failure),
            };
            if matches!(value, Ok(Some(b)) if b == deciding) {
                return Ok(Value::Bool(deciding));
            }
            sides.push(value);
        }
        let rhs = sides.pop().unwrap_or(Ok(None));
        let lhs = sides.pop().unwrap_or(Ok(None));
        match (lhs?, rhs?) {
            // Neither side decides: both known booleans give the other answer.
            (Some(_), Some(_)) => Ok(Value::Bool(!deciding)),
            _ => Ok(unknown_of(expr)),
        }
    }
}

/// A binary operator other than `&&` and `||` on two values.
fn binary_value(
    expr: &Expression,
    lhs: &Value,
    operator: BinaryOperator,
    rhs: &Value,
) -> Evaluated {
    use BinaryOperator as Op;
    match operator {
        Op::Eq | Op::NotEq => Ok(match equal(lhs, rhs) {
            Some(same) => Value::Bool(same == (operator == Op::Eq)),
            None => unknown_of(expr),
        }),
        Op::Less | Op::LessEq | Op::Greater | Op::GreaterEq => {
            let (Some(a), Some(b)) = (as_number(lhs)?, as_number(rhs)?) else {
                return Ok(unknown_of(expr));
            };
            let Some(ordering) = numbers::compare(&a, &b) else {
                return Ok(unknown_of(expr));
            };
            Ok(Value::Bool(match operator {
                Op::Less => ordering.is_lt(),
                Op::LessEq => ordering.is_le(),
                Op::Greater => ordering.is_gt(),
                _ => ordering.is_ge(),
            }))
        }
        _ => {
            let (Some(a), Some(b)) = (as_number(lhs)?, as_number(rhs)?) else {
                return Ok(unknown_of(expr));
            };
            match numbers::arithmetic(&a, operator, &b) {
                Ok(Some(value)) => Ok(value),
                Ok(None) => Ok(unknown_of(expr)),
                Err(message) => invalid(message),
            }
        }
    }
}

/// Whether two values are equal as Terraform compares them (type and value: `1 == "1"`
/// is false); `None` when an unknown part could decide.
pub(super) fn equal(lhs: &Value, rhs: &Value) -> Option<bool> {
    match (lhs, rhs) {
        (Value::Unknown(_), _) | (_, Value::Unknown(_)) => None,
        (Value::Number(a), Value::Number(b)) => Some(numbers::equal(a, b)),
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some(false);
            }
            all_equal(a.iter().zip(b.iter()))
        }
        (Value::Object(a), Value::Object(b)) => {
            if a.len() != b.len() || a.keys().any(|k| !b.contains_key(k)) {
                return Some(false);
            }
            all_equal(a.iter().filter_map(|(k, v)| Some((v, b.get(k)?))))
        }
        (a, b) => Some(a == b),
    }
}

/// True when every pair is equal, false when one is known to differ, else unknown.
fn all_equal<'v>(pairs: impl Iterator<Item = (&'v Value, &'v Value)>) -> Option<bool> {
    let mut undecided = false;
    for (a, b) in pairs {
        match equal(a, b) {
            Some(false) => return Some(false),
            None => undecided = true,
            Some(true) => {}
        }
    }
    (!undecided).then_some(true)
}

/// A value where Terraform wants a bool: a bool or the strings `"true"`/`"false"`; `None`
/// when unknown.
pub(super) fn as_bool(value: Value) -> Result<Option<bool>, Failure> {
    match value {
        Value::Bool(b) => Ok(Some(b)),
        Value::Unknown(_) => Ok(None),
        Value::String(text) if text == "true" => Ok(Some(true)),
        Value::String(text) if text == "false" => Ok(Some(false)),
        Value::Null => invalid("a null value cannot be used as a condition"),
        _ => invalid("a bool is required"),
    }
}

/// A value where Terraform wants a number: a number or a string that holds one; `None`
/// when unknown.
pub(super) fn as_number(value: &Value) -> Result<Option<Number>, Failure> {
    match value {
        Value::Number(n) => Ok(Some(n.clone())),
        Value::Unknown(_) => Ok(None),
        Value::String(text) => match numbers::parse(text) {
            Some(n) => Ok(Some(n)),
            None => invalid(format!("a number is required, found the string {text:?}")),
        },
        Value::Null => invalid("a null value cannot be used in arithmetic"),
        _ => invalid("a number is required"),
    }
}

/// A known value as an object key or a string: strings as they are, numbers and bools
/// written out (Terraform converts them); `None` for what has no string form.
pub(super) fn as_key(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(n) => Some(numbers::text(n)),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}
