//! `for` expressions and `%{ for }` directives rewritten so that hcl-rs, which evaluates
//! them without calling back into tfmap, meets the budget's functions on every iteration:
//! each collection goes through [`STEPS_FUNCTION`] (one step per element) and each element a
//! `for` builds, or each interpolation a `%{ for }` repeats, through [`ELEMENT_FUNCTION`].
//! Both give their argument back unchanged: the value is the same as without them.

use super::{ELEMENT_FUNCTION, STEPS_FUNCTION};
use hcl::expr::{Expression, ForExpr, FuncCall, TraversalOperator};
use hcl::template::{Directive, Element, Template};

/// Bytes of template text a `%{ for }` repeats that count as one more step per iteration.
const TEXT_BYTES_PER_STEP: usize = 16;

/// A `for` expression whose elements, and the collections and elements of the `for`s and
/// templates nested in it, are counted. The outermost collection is counted by the caller.
pub fn metered_for(for_expr: &mut ForExpr) {
    meter_inside(&mut for_expr.value_expr);
    if let Some(key) = &mut for_expr.key_expr {
        meter_inside(key);
    }
    if let Some(cond) = &mut for_expr.cond_expr {
        meter_inside(cond);
    }
    wrap(&mut for_expr.value_expr, ELEMENT_FUNCTION, None);
}

/// A template whose `%{ for }` directives count their iterations and what they repeat.
pub fn metered_template(template: &mut Template) {
    for element in template.elements_mut() {
        match element {
            Element::Literal(_) => {}
            Element::Interpolation(interpolation) => meter_inside(&mut interpolation.expr),
            Element::Directive(directive) => metered_directive(directive),
        }
    }
}

fn metered_directive(directive: &mut Directive) {
    match directive {
        Directive::If(directive) => {
            meter_inside(&mut directive.cond_expr);
            metered_template(&mut directive.true_template);
            if let Some(other) = &mut directive.false_template {
                metered_template(other);
            }
        }
        Directive::For(directive) => {
            meter_inside(&mut directive.collection_expr);
            metered_template(&mut directive.template);
            let weight = 1 + text_bytes(&directive.template) / TEXT_BYTES_PER_STEP;
            wrap(&mut directive.collection_expr, STEPS_FUNCTION, Some(weight));
            for inner in directive.template.elements_mut() {
                if let Element::Interpolation(interpolation) = inner {
                    wrap(&mut interpolation.expr, ELEMENT_FUNCTION, None);
                }
            }
        }
    }
}

/// The literal text of a template, directives included.
fn text_bytes(template: &Template) -> usize {
    template
        .elements()
        .iter()
        .map(|element| match element {
            Element::Literal(text) => text.len(),
            Element::Interpolation(_) => 0,
            Element::Directive(directive) => match directive.as_ref() {
                Directive::If(directive) => {
                    text_bytes(&directive.true_template)
                        + directive.false_template.as_ref().map_or(0, text_bytes)
                }
                Directive::For(directive) => text_bytes(&directive.template),
            },
        })
        .sum()
}

/// Rewrites the `for` expressions and templates nested anywhere in `expr`.
fn meter_inside(expr: &mut Expression) {
    match expr {
        Expression::ForExpr(for_expr) => {
            meter_inside(&mut for_expr.collection_expr);
            wrap(&mut for_expr.collection_expr, STEPS_FUNCTION, None);
            metered_for(for_expr);
        }
        Expression::TemplateExpr(template) => {
            let Ok(mut parsed) = Template::from_expr(template) else {
                return;
            };
            if !parsed.elements().iter().any(
                |e| matches!(e, Element::Directive(d) if matches!(d.as_ref(), Directive::For(_))),
            ) {
                return;
            }
            metered_template(&mut parsed);
            if let Ok(text) = hcl::format::to_string(&parsed) {
                *expr = Expression::from(hcl::expr::TemplateExpr::from(text));
            }
        }
        Expression::Array(items) => items.iter_mut().for_each(meter_inside),
        Expression::Object(object) => object.iter_mut().for_each(|(_, value)| meter_inside(value)),
        Expression::FuncCall(call) => call.args.iter_mut().for_each(meter_inside),
        Expression::Parenthesis(inner) => meter_inside(inner),
        Expression::Conditional(cond) => {
            meter_inside(&mut cond.cond_expr);
            meter_inside(&mut cond.true_expr);
            meter_inside(&mut cond.false_expr);
        }
        Expression::Operation(operation) => {
            match operation.as_mut() {
                hcl::expr::Operation::Unary(unary) => meter_inside(&mut unary.expr),
                hcl::expr::Operation::Binary(binary) => {
                    meter_inside(&mut binary.lhs_expr);
                    meter_inside(&mut binary.rhs_expr);
                }
            }
            // hcl-rs evaluates what is inside a `for` or a directive without tfmap's checks.
            super::super::arithmetic::guard(expr);
        }
        Expression::Traversal(traversal) => {
            meter_inside(&mut traversal.expr);
            for operator in &mut traversal.operators {
                if let TraversalOperator::Index(index) = operator {
                    meter_inside(index);
                }
            }
        }
        _ => {}
    }
}

/// `expr` becomes `function(expr)` (or `function(expr, weight)`).
fn wrap(expr: &mut Expression, function: &str, weight: Option<usize>) {
    let inner = std::mem::replace(expr, Expression::Null);
    let mut call = FuncCall::new(function);
    call.args.push(inner);
    if let Some(weight) = weight {
        call.args.push(Expression::from(weight as u64));
    }
    *expr = Expression::FuncCall(Box::new(call));
}
