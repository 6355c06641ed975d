//! Arithmetic that cannot crash. hcl-rs computes whole numbers in 64 bits: `1 % 0` and
//! `-9223372036854775808 % -1` panic inside it, and an overflowing product wraps around
//! (`9223372036854775807 * 9223372036854775807` gave 1). Terraform's numbers have
//! arbitrary precision; tfmap's do not, so such an operation is unknown rather than wrong.
//! The interpreter checks its own arithmetic (`interpret/numbers.rs`); this is for the
//! values hcl-rs still evaluates by itself: variables files and `--var` values.

use hcl::Expression;
use hcl::expr::{BinaryOperator, Operation};

/// `Some(())` when hcl-rs can compute `lhs op rhs` exactly and without panicking; `None`
/// when the result must stay unknown (a zero divisor, a result outside 64-bit integers).
pub(super) fn within_range(lhs: &Expression, op: BinaryOperator, rhs: &Expression) -> Option<()> {
    let (Some(a), Some(b)) = (whole(lhs), whole(rhs)) else {
        // A division by a float zero fails to evaluate and stays unknown; a float result
        // past f64's range (`2 * 1e308`) panics inside hcl-rs, so it stays unknown too.
        return if matches!(op, BinaryOperator::Div | BinaryOperator::Mod) && is_zero(rhs) {
            None
        } else {
            float_result_finite(lhs, op, rhs).then_some(())
        };
    };
    // Both in 64-bit signed range: exactly the operations hcl-rs makes (`i64::MIN % -1`
    // overflows there, though not in a wider type).
    if let (Ok(a), Ok(b)) = (i64::try_from(a), i64::try_from(b)) {
        let fits = match op {
            BinaryOperator::Plus => a.checked_add(b).is_some(),
            BinaryOperator::Minus => a.checked_sub(b).is_some(),
            BinaryOperator::Mul => a.checked_mul(b).is_some(),
            BinaryOperator::Div | BinaryOperator::Mod => a.checked_rem(b).is_some(),
            _ => true,
        };
        return fits.then_some(());
    }
    let result = match op {
        BinaryOperator::Plus => a.checked_add(b),
        BinaryOperator::Minus => a.checked_sub(b),
        BinaryOperator::Mul => a.checked_mul(b),
        BinaryOperator::Div | BinaryOperator::Mod if b == 0 => None,
        BinaryOperator::Mod => a.checked_rem(b),
        _ => Some(0),
    }?;
    (i128::from(i64::MIN)..=i128::from(u64::MAX))
        .contains(&result)
        .then_some(())
}

/// True when evaluating `expr` with hcl-rs cannot panic on arithmetic: every division and
/// remainder has a literal divisor that is neither zero nor -1 (or both operands literal
/// and in range), and every other operation on two literals stays in range. For the values
/// read without tfmap's evaluator (variable definitions files, `--var`), whose operands are
/// literals or nothing Terraform would accept anyway.
pub(crate) fn safe_to_evaluate(expr: &Expression) -> bool {
    match expr {
        Expression::Operation(operation) => match operation.as_ref() {
            Operation::Unary(unary) => safe_to_evaluate(&unary.expr),
            Operation::Binary(binary) => {
                let (lhs, rhs) = (&binary.lhs_expr, &binary.rhs_expr);
                let divides = matches!(binary.operator, BinaryOperator::Div | BinaryOperator::Mod);
                let operands_safe = safe_to_evaluate(lhs) && safe_to_evaluate(rhs);
                let this_safe = match (whole(lhs).is_some(), whole(rhs)) {
                    (true, Some(_)) => within_range(lhs, binary.operator, rhs).is_some(),
                    _ if number(lhs).is_some() && number(rhs).is_some() => {
                        within_range(lhs, binary.operator, rhs).is_some()
                    }
                    (_, Some(divisor)) if divides => divisor != 0 && divisor != -1,
                    _ => !divides,
                };
                operands_safe && this_safe
            }
        },
        Expression::Parenthesis(inner) => safe_to_evaluate(inner),
        Expression::Array(items) => items.iter().all(safe_to_evaluate),
        Expression::Object(object) => object.values().all(safe_to_evaluate),
        Expression::Conditional(cond) => {
            safe_to_evaluate(&cond.cond_expr)
                && safe_to_evaluate(&cond.true_expr)
                && safe_to_evaluate(&cond.false_expr)
        }
        Expression::FuncCall(call) => call.args.iter().all(safe_to_evaluate),
        Expression::ForExpr(for_expr) => {
            safe_to_evaluate(&for_expr.collection_expr)
                && safe_to_evaluate(&for_expr.value_expr)
                && for_expr.key_expr.as_ref().is_none_or(safe_to_evaluate)
                && for_expr.cond_expr.as_ref().is_none_or(safe_to_evaluate)
        }
        _ => true,
    }
}

/// A whole number literal, widened so that no 64-bit operation on it can overflow.
fn whole(expr: &Expression) -> Option<i128> {
    match expr {
        Expression::Number(n) => n
            .as_i64()
            .map(i128::from)
            .or_else(|| n.as_u64().map(i128::from)),
        _ => None,
    }
}

/// A number literal as a float.
fn number(expr: &Expression) -> Option<f64> {
    match expr {
        Expression::Number(n) => n.as_f64(),
        _ => None,
    }
}

/// Whether `lhs op rhs` on two number literals, one of them not whole, stays a finite float;
/// true when either side is not a number literal (hcl-rs then fails to evaluate it, without
/// panicking, or the caller checks the operands it evaluates first).
fn float_result_finite(lhs: &Expression, op: BinaryOperator, rhs: &Expression) -> bool {
    let (Some(a), Some(b)) = (number(lhs), number(rhs)) else {
        return true;
    };
    let result = match op {
        BinaryOperator::Plus => a + b,
        BinaryOperator::Minus => a - b,
        BinaryOperator::Mul => a * b,
        BinaryOperator::Div => a / b,
        BinaryOperator::Mod => a % b,
        _ => 0.0,
    };
    result.is_finite()
}

fn is_zero(expr: &Expression) -> bool {
    matches!(expr, Expression::Number(n) if n.as_f64() == Some(0.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn number(n: i64) -> Expression {
        Expression::Number(n.into())
    }

    #[test]
    fn operations_that_would_panic_or_wrap_stay_unknown() {
        use BinaryOperator::{Div, Minus, Mod, Mul, Plus};
        assert_eq!(within_range(&number(1), Mod, &number(0)), None);
        assert_eq!(within_range(&number(1), Div, &number(0)), None);
        assert_eq!(within_range(&number(i64::MIN), Mod, &number(-1)), None);
        assert_eq!(
            within_range(&number(i64::MAX), Mul, &number(i64::MAX)),
            None
        );
        assert_eq!(within_range(&number(i64::MIN), Minus, &number(1)), None);
        assert_eq!(within_range(&number(7), Mod, &number(3)), Some(()));
        assert_eq!(within_range(&number(2), Plus, &number(3)), Some(()));
        let half = Expression::Number(hcl::Number::from_f64(0.5).unwrap_or(1.into()));
        assert_eq!(within_range(&half, Mul, &number(3)), Some(()));
        let zero = Expression::Number(hcl::Number::from_f64(0.0).unwrap_or(0.into()));
        assert_eq!(within_range(&half, Div, &zero), None);
        let huge = Expression::Number(hcl::Number::from_f64(1e308).unwrap_or(1.into()));
        assert_eq!(within_range(&number(2), Mul, &huge), None);
        assert_eq!(within_range(&huge, Plus, &huge), None);
        assert_eq!(within_range(&huge, Minus, &huge), Some(()));
    }

    #[test]
    fn raw_values_with_a_crashing_operation_are_refused() {
        let parse = |text: &str| -> Expression {
            hcl_edit::parser::parse_expr(text)
                .map(Into::into)
                .unwrap_or(Expression::Null)
        };
        assert!(!safe_to_evaluate(&parse("1 % 0")));
        assert!(!safe_to_evaluate(&parse("[for x in [1] : x % 0]")));
        assert!(!safe_to_evaluate(&parse("{ a = (2 * 3) % -1 }")));
        assert!(!safe_to_evaluate(&parse("9223372036854775807 * 2")));
        assert!(safe_to_evaluate(&parse("[1 + 2, 7 % 3, { a = 10 / 4 }]")));
        assert!(!safe_to_evaluate(&parse("2 * 1e308")));
        assert!(!safe_to_evaluate(&parse("{ a = -1e308 - 1e308 }")));
        assert!(safe_to_evaluate(&parse("1.5 * 2")));
    }
}
