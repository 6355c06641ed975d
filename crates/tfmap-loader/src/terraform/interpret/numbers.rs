//! Numbers. Terraform's are arbitrary-precision; tfmap keeps whole numbers as 64-bit
//! integers and the rest as finite floats, and an operation whose exact result does not
//! fit is unknown rather than wrong (`i64::MAX * 2`, `2 * 1e308`), never a wrap or a panic.

use serde_json::Number;
use tfmap_core::Value;

/// A number literal of the syntax tree.
pub(super) fn from_hcl(number: &hcl::Number) -> Value {
    if let Some(i) = number.as_i64() {
        return Value::Number(Number::from(i));
    }
    if let Some(u) = number.as_u64() {
        return Value::Number(Number::from(u));
    }
    number.as_f64().map_or(Value::Null, float)
}

/// A float as a value: whole floats that fit become integers (`4 / 2` is `2`, as
/// Terraform prints it), non-finite ones are not numbers Terraform can hold.
pub(super) fn float(value: f64) -> Value {
    if !value.is_finite() {
        return Value::unknown("a number out of range");
    }
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        return Value::Number(Number::from(value as i64));
    }
    Number::from_f64(value).map_or(Value::Null, Value::Number)
}

/// Arithmetic on two known numbers: `None` when the result does not fit (the caller makes
/// it unknown), `Err` for what Terraform rejects (a zero divisor).
pub(super) fn arithmetic(
    lhs: &Number,
    operator: hcl::expr::BinaryOperator,
    rhs: &Number,
) -> Result<Option<Value>, String> {
    use hcl::expr::BinaryOperator as Op;
    if let (Some(a), Some(b)) = (lhs.as_i64(), rhs.as_i64()) {
        let exact = match operator {
            Op::Plus => a.checked_add(b),
            Op::Minus => a.checked_sub(b),
            Op::Mul => a.checked_mul(b),
            Op::Div if b == 0 => return Err("division by zero".to_string()),
            Op::Div if a % b == 0 => a.checked_div(b),
            Op::Div => return Ok(Some(float(a as f64 / b as f64))),
            Op::Mod if b == 0 => return Err("modulo by zero".to_string()),
            Op::Mod => a.checked_rem(b),
            _ => return Ok(None),
        };
        return Ok(exact.map(|n| Value::Number(Number::from(n))));
    }
    let (Some(a), Some(b)) = (lhs.as_f64(), rhs.as_f64()) else {
        return Ok(None);
    };
    let result = match operator {
        Op::Plus => a + b,
        Op::Minus => a - b,
        Op::Mul => a * b,
        Op::Div if b == 0.0 => return Err("division by zero".to_string()),
        Op::Div => a / b,
        Op::Mod if b == 0.0 => return Err("modulo by zero".to_string()),
        Op::Mod => a % b,
        _ => return Ok(None),
    };
    Ok(result.is_finite().then(|| float(result)))
}

/// `-n`; `None` when it does not fit (`-(-9223372036854775808)`).
pub(super) fn negate(number: &Number) -> Option<Value> {
    if let Some(i) = number.as_i64() {
        return i.checked_neg().map(|n| Value::Number(Number::from(n)));
    }
    if let Some(u) = number.as_u64() {
        // Past i64::MAX: only i64::MIN's magnitude has a negative that fits.
        return (u == 1u64 << 63).then(|| Value::Number(Number::from(i64::MIN)));
    }
    number.as_f64().map(|f| float(-f))
}

/// Orders two numbers (for `<`, `min`, sorting).
pub(super) fn compare(lhs: &Number, rhs: &Number) -> Option<std::cmp::Ordering> {
    match (lhs.as_i64(), rhs.as_i64()) {
        (Some(a), Some(b)) => Some(a.cmp(&b)),
        _ => lhs.as_f64()?.partial_cmp(&rhs.as_f64()?),
    }
}

/// Whether two numbers are the same number (`1 == 1.0`).
pub(super) fn equal(lhs: &Number, rhs: &Number) -> bool {
    compare(lhs, rhs) == Some(std::cmp::Ordering::Equal)
}

/// A number written as a string (`"8080"`), as Terraform converts it where a number is
/// wanted.
pub(super) fn parse(text: &str) -> Option<Number> {
    let text = text.trim();
    if let Ok(i) = text.parse::<i64>() {
        return Some(Number::from(i));
    }
    let f: f64 = text.parse().ok()?;
    if !f.is_finite() || text.eq_ignore_ascii_case("nan") || text.contains(['i', 'I']) {
        return None;
    }
    match float(f) {
        Value::Number(n) => Some(n),
        _ => None,
    }
}

/// A number as a template or string conversion writes it.
pub(super) fn text(number: &Number) -> String {
    number.to_string()
}
