//! String templates: interpolations, `%{ if }` and `%{ for }` directives, and `~` strip
//! markers. An unknown interpolated keeps the text known around it
//! (`"${aws_ecr_repository.api.repository_url}:1.0"`); an unknown that decides a directive
//! makes the whole string unknown.

use super::{Evaluated, Failure, Interpreter, budget, invalid, numbers, operators, unknown_of};
use hcl::Expression;
use hcl::template::{Directive, Element, Strip, Template};
use tfmap_core::{Part, Unknown, Value};

/// Why a template has no text: a failure, or an unknown that decides a directive.
enum Stop {
    Failure(Failure),
    Unknown,
}

impl From<Failure> for Stop {
    fn from(failure: Failure) -> Self {
        Stop::Failure(failure)
    }
}

impl Interpreter<'_> {
    pub(super) fn template_expr(
        &mut self,
        expr: &Expression,
        template: &hcl::expr::TemplateExpr,
    ) -> Evaluated {
        let Ok(parsed) = Template::from_expr(template) else {
            return invalid("the template is not valid");
        };
        // A template that is one interpolation and nothing else gives the value itself,
        // unconverted (`"${var.ports}"` is a list), as HCL specifies.
        if let [Element::Interpolation(only)] = parsed.elements() {
            return self.evaluate(&only.expr);
        }
        self.render(expr, &parsed)
    }

    /// The text of a parsed template, unknown in part or as a whole.
    pub(super) fn render(&mut self, expr: &Expression, template: &Template) -> Evaluated {
        let mut parts = Vec::new();
        match self.elements(&mut parts, template, Strip::None, Strip::None) {
            Ok(()) => Ok(Unknown::from_parts(parts)),
            Err(Stop::Unknown) => Ok(unknown_of(expr)),
            Err(Stop::Failure(failure)) => Err(failure),
        }
    }

    fn elements(
        &mut self,
        parts: &mut Vec<Part>,
        template: &Template,
        before: Strip,
        after: Strip,
    ) -> Result<(), Stop> {
        let elements = template.elements();
        for (at, element) in elements.iter().enumerate() {
            let previous = match at {
                0 => before,
                _ => strip_of(&elements[at - 1]),
            };
            let next = elements.get(at + 1).map_or(after, strip_of);
            match element {
                Element::Literal(text) => {
                    parts.push(Part::Text(stripped(text, previous, next).to_string()))
                }
                Element::Interpolation(interpolation) => {
                    let value = self.evaluate(&interpolation.expr)?;
                    push_value(parts, value)?;
                }
                Element::Directive(directive) => self.directive(parts, directive)?,
            }
        }
        Ok(())
    }

    fn directive(&mut self, parts: &mut Vec<Part>, directive: &Directive) -> Result<(), Stop> {
        match directive {
            Directive::If(branch) => {
                let condition = operators::as_bool(self.evaluate(&branch.cond_expr)?)?;
                match condition {
                    None => Err(Stop::Unknown),
                    Some(true) => {
                        let after = if branch.false_template.is_some() {
                            branch.else_strip
                        } else {
                            branch.endif_strip
                        };
                        self.elements(parts, &branch.true_template, branch.if_strip, after)
                    }
                    Some(false) => match &branch.false_template {
                        Some(otherwise) => {
                            self.elements(parts, otherwise, branch.else_strip, branch.endif_strip)
                        }
                        None => Ok(()),
                    },
                }
            }
            Directive::For(each) => {
                let collection = self.evaluate(&each.collection_expr)?;
                let Some(entries) = super::for_expr::entries(collection)? else {
                    return Err(Stop::Unknown);
                };
                budget::step(entries.len() as u64).map_err(|_| Failure::Budget)?;
                for (key, value) in entries {
                    let depth = self.bound.len();
                    let first = parts.len();
                    if let Some(key_var) = &each.key_var {
                        self.bound.push((key_var.as_str().to_string(), key));
                    }
                    self.bound
                        .push((each.value_var.as_str().to_string(), value));
                    let rendered =
                        self.elements(parts, &each.template, each.for_strip, each.endfor_strip);
                    self.bound.truncate(depth);
                    rendered?;
                    let built: usize = parts[first..].iter().map(part_bytes).sum();
                    budget::charge_built(built).map_err(|_| Failure::Budget)?;
                }
                Ok(())
            }
        }
    }
}

/// Appends an interpolated value: its text, or its unknown parts.
fn push_value(parts: &mut Vec<Part>, value: Value) -> Result<(), Failure> {
    match value {
        Value::String(text) => parts.push(Part::Text(text)),
        Value::Number(n) => parts.push(Part::Text(numbers::text(&n))),
        Value::Bool(b) => parts.push(Part::Text(b.to_string())),
        Value::Unknown(unknown) => parts.extend(unknown.parts().iter().cloned()),
        Value::Null => return invalid("a null value cannot be interpolated"),
        Value::Array(_) | Value::Object(_) => {
            return invalid("a list or object cannot be interpolated into a string");
        }
    }
    Ok(())
}

/// How an element strips the literals beside it: an interpolation by its own markers, a
/// directive by its opening tag's start and its closing tag's end.
fn strip_of(element: &Element) -> Strip {
    match element {
        Element::Literal(_) => Strip::None,
        Element::Interpolation(interpolation) => interpolation.strip,
        Element::Directive(directive) => {
            let (open, close) = match directive.as_ref() {
                Directive::If(branch) => (branch.if_strip, branch.endif_strip),
                Directive::For(each) => (each.for_strip, each.endfor_strip),
            };
            Strip::from((open.strip_start(), close.strip_end()))
        }
    }
}

fn part_bytes(part: &Part) -> usize {
    match part {
        Part::Text(text) | Part::Unknown(text) => text.len(),
    }
}

/// A literal with the whitespace a neighbouring `~` strips removed: all of it, line breaks
/// included, as HCL strips it.
fn stripped(mut text: &str, previous: Strip, next: Strip) -> &str {
    if previous.strip_end() {
        text = text.trim_start();
    }
    if next.strip_start() {
        text = text.trim_end();
    }
    text
}
