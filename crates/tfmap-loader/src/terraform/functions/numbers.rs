//! `log`, `pow` and `signum`, in floating point as Terraform computes them.

use super::{kind, number};
use hcl::Value;
use hcl::eval::FuncArgs;

fn two_numbers(args: &FuncArgs, function: &str) -> Result<(f64, f64), String> {
    let mut out = [0.0; 2];
    for (i, slot) in out.iter_mut().enumerate() {
        *slot = match args.get(i) {
            Some(Value::Number(n)) => n.as_f64().ok_or_else(|| "not a number".to_string())?,
            Some(other) => return Err(format!("{function} takes numbers, got {}", kind(other))),
            None => return Err(format!("{function} takes two numbers")),
        };
    }
    Ok((out[0], out[1]))
}

/// A result that is not a finite number (`log(0, 10)`) stays unknown: tfmap's numbers
/// cannot hold infinities.
fn finite(value: f64, function: &str) -> Value {
    if value.is_finite() {
        number(value)
    } else {
        super::unknown(function)
    }
}

pub fn log(args: FuncArgs) -> Result<Value, String> {
    let (value, base) = two_numbers(&args, "log")?;
    Ok(finite(value.ln() / base.ln(), "log"))
}

pub fn pow(args: FuncArgs) -> Result<Value, String> {
    let (value, power) = two_numbers(&args, "pow")?;
    Ok(finite(value.powf(power), "pow"))
}

pub fn signum(args: FuncArgs) -> Result<Value, String> {
    match args.first() {
        Some(Value::Number(n)) => {
            let n = n.as_f64().unwrap_or(0.0);
            Ok(Value::from(if n > 0.0 {
                1
            } else if n < 0.0 {
                -1
            } else {
                0
            }))
        }
        Some(other) => Err(format!("signum takes a number, got {}", kind(other))),
        None => Err("signum takes a number".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::eval;
    use hcl::Value;

    #[test]
    fn log_pow_and_signum() {
        assert_eq!(eval("log(16, 2)"), Value::from(4));
        assert_eq!(eval("log(1, 10)"), Value::from(0));
        assert_eq!(
            eval("log(0, 10)"),
            Value::from(crate::terraform::placeholder::CALL_UNKNOWN)
        );
        assert_eq!(eval("pow(3, 2)"), Value::from(9));
        assert_eq!(eval("pow(4, 0)"), Value::from(1));
        assert_eq!(eval("pow(2, -1)"), Value::from(0.5));
        assert_eq!(eval("signum(-13)"), Value::from(-1));
        assert_eq!(eval("signum(0)"), Value::from(0));
        assert_eq!(eval("signum(344)"), Value::from(1));
    }
}
