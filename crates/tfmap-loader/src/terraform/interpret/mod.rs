//! Terraform expressions evaluated over tfmap's typed values (`tfmap_core::Value`), with
//! unknown values as values: an operation, a comparison, a condition or a `for` that meets
//! an unknown gives an unknown, and an unknown reached by attributes and indexes keeps
//! where it comes from (`aws_lb_target_group.tg["web"].arn`). Nothing here reads a marker
//! string: markers exist only when a value is printed.
//!
//! What an expression names outside itself (`var.x`, `local.y`, `module.m.out`, resources,
//! `each`, `path`) is asked of a [`Host`], which computes and memoises it; what a file
//! function reads is asked of the host too. Names a `for` expression or a template's
//! `%{ for }` binds are kept here.
//!
//! Evaluation fails ([`Failure::Invalid`]) only where Terraform itself would: a missing
//! key of a known object, an index past a known list's end, an operator on a value of the
//! wrong type. `try` and `can` catch such failures; anywhere else the caller makes the
//! whole value unknown. A value tfmap merely cannot know is never a failure.

mod calls;
mod for_expr;
mod library;
mod numbers;
mod operators;
mod template;
#[cfg(test)]
mod tests;
mod traversal;

pub(crate) use traversal::instance_key;

use super::budget;
use hcl::Expression;
use std::sync::Arc;
use tfmap_core::{Map, Unknown, Value};

/// Why an expression has no value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Failure {
    /// Terraform would reject the expression with these values (the message says why).
    Invalid(String),
    /// An evaluation budget ran out: the whole value is unknown, and `try` must not take
    /// the next argument.
    Budget,
}

pub(crate) type Evaluated = Result<Value, Failure>;

fn invalid<T>(message: impl Into<String>) -> Result<T, Failure> {
    Err(Failure::Invalid(message.into()))
}

/// What the interpreter asks of whoever evaluates a module.
pub(crate) trait Host {
    /// The value that `root` followed by the attribute names `attrs` names, and how many of
    /// `attrs` the host followed to reach it (the interpreter follows the rest): `var.x`
    /// gives the variable's value and one name, `aws_lb.main` an unknown naming the
    /// resource and one name. An undeclared name is reported by the host and unknown;
    /// `Err` is a failure Terraform would raise when evaluating (an output a module does
    /// not declare, read inside `try`).
    fn lookup(&mut self, root: &str, attrs: &[&str]) -> Result<(Value, usize), String>;

    /// A function the host answers itself (Terragrunt's `get_terragrunt_dir`), given its
    /// evaluated arguments; `None` for the functions every module has.
    fn function(&mut self, _name: &str, _args: &[Value]) -> Option<Value> {
        None
    }

    /// The text of a file a file function reads (`path` as written, relative to the root
    /// module); `None` when it cannot be read, the host having said why. A host that reads
    /// no file (a Terragrunt unit, a `templatefile` template) keeps the default.
    fn file_text(&mut self, _function: &str, _path: &str) -> Option<Arc<str>> {
        None
    }

    /// Whether the file exists (`fileexists`); `None` when tfmap may not tell.
    fn file_exists(&mut self, _path: &str) -> Option<bool> {
        None
    }

    /// The files below a directory, relative to it (`fileset`); `Some(empty)` for a missing
    /// directory, `None` when tfmap may not list it.
    fn list_files(&mut self, _dir: &str) -> Option<Arc<[String]>> {
        None
    }
}

/// A host that names nothing: what a `templatefile` template sees beyond its variables.
struct Isolated;

impl Host for Isolated {
    fn lookup(&mut self, root: &str, _attrs: &[&str]) -> Result<(Value, usize), String> {
        Ok((Value::unknown(root), 0))
    }
}

/// Evaluates expressions for one host, with the names bound by enclosing `for`
/// expressions, template loops and the caller (`each`, `count`, `dynamic` iterators).
pub(crate) struct Interpreter<'h> {
    host: &'h mut dyn Host,
    /// Names bound here, innermost last; they hide the host's names.
    bound: Vec<(String, Value)>,
    /// Inside a `templatefile` template: only the bound names exist.
    isolated: bool,
}

impl<'h> Interpreter<'h> {
    pub fn new(host: &'h mut dyn Host) -> Self {
        Interpreter {
            host,
            bound: Vec::new(),
            isolated: false,
        }
    }

    /// Binds a name for every expression evaluated after (`each`, a `dynamic` iterator).
    pub fn bind(&mut self, name: impl Into<String>, value: Value) {
        self.bound.push((name.into(), value));
    }

    /// The value of an expression as Terraform would compute it before applying: known,
    /// unknown (as a whole or in part), or a failure Terraform would report too.
    pub fn evaluate(&mut self, expr: &Expression) -> Evaluated {
        if budget::is_exceeded() {
            return Err(Failure::Budget);
        }
        match expr {
            Expression::Null => Ok(Value::Null),
            Expression::Bool(b) => Ok(Value::Bool(*b)),
            Expression::Number(n) => Ok(numbers::from_hcl(n)),
            Expression::String(s) => Ok(Value::String(s.clone())),
            Expression::Array(items) => self.tuple(items),
            Expression::Object(object) => self.object(object),
            Expression::TemplateExpr(template) => self.template_expr(expr, template),
            Expression::Variable(name) => self.variable(name.as_str()).map_err(Failure::Invalid),
            Expression::Traversal(traversal) => self.traversal(expr, traversal),
            Expression::FuncCall(call) => self.call(expr, call),
            Expression::Parenthesis(inner) => self.evaluate(inner),
            Expression::Conditional(cond) => self.conditional(expr, cond),
            Expression::Operation(operation) => self.operation(expr, operation),
            Expression::ForExpr(for_expr) => self.for_expr(expr, for_expr),
            // Expressions hcl-rs may add later: tfmap does not know their value.
            #[allow(unreachable_patterns)]
            _ => Ok(unknown_of(expr)),
        }
    }

    fn tuple(&mut self, items: &[Expression]) -> Evaluated {
        items
            .iter()
            .map(|item| self.evaluate(item))
            .collect::<Result<Vec<_>, _>>()
            .map(Value::Array)
    }

    /// An object constructor. A key computed from an unknown makes the whole object
    /// unknown: which attributes it has is not known.
    fn object(
        &mut self,
        object: &hcl::expr::Object<hcl::expr::ObjectKey, Expression>,
    ) -> Evaluated {
        let mut map = Map::with_capacity(object.len());
        let mut unknown_key = None;
        for (key, value) in object.iter() {
            let key = match key {
                hcl::expr::ObjectKey::Identifier(name) => name.as_str().to_string(),
                hcl::expr::ObjectKey::Expression(key_expr) => match self.evaluate(key_expr)? {
                    Value::Unknown(_) => {
                        unknown_key.get_or_insert_with(|| unknown_of(key_expr));
                        continue;
                    }
                    key => match operators::as_key(&key) {
                        Some(key) => key,
                        None => return invalid("an object key must be a string"),
                    },
                },
                #[allow(unreachable_patterns)]
                _ => return Ok(Value::unknown("{…}")),
            };
            let value = self.evaluate(value)?;
            map.insert(key, value);
        }
        match unknown_key {
            Some(unknown) => Ok(unknown),
            None => Ok(Value::Object(map)),
        }
    }

    /// A name on its own: a bound name, or what the host says of it.
    fn variable(&mut self, name: &str) -> Result<Value, String> {
        if let Some((_, value)) = self.bound.iter().rev().find(|(bound, _)| bound == name) {
            return Ok(value.clone());
        }
        if self.isolated {
            return Ok(Value::unknown(name));
        }
        self.host.lookup(name, &[]).map(|(value, _)| value)
    }

    fn conditional(&mut self, expr: &Expression, cond: &hcl::expr::Conditional) -> Evaluated {
        match operators::as_bool(self.evaluate(&cond.cond_expr)?)? {
            Some(true) => self.evaluate(&cond.true_expr),
            Some(false) => self.evaluate(&cond.false_expr),
            None => Ok(unknown_of(expr)),
        }
    }
}

/// The unknown value of an expression tfmap could not evaluate, named by its text
/// (one line, shortened): what a report shows in its place.
pub(crate) fn unknown_of(expr: &Expression) -> Value {
    Value::Unknown(Unknown::new(super::unknown::expression_text(expr)))
}

/// The value of an expression that names nothing (a default in a type constraint, a value
/// in a variables file): `None` unless it evaluates to a known value.
pub(crate) fn constant(expr: &Expression) -> Option<Value> {
    let mut isolated = Isolated;
    let mut interpreter = Interpreter {
        host: &mut isolated,
        bound: Vec::new(),
        isolated: true,
    };
    interpreter
        .evaluate(expr)
        .ok()
        .filter(|value| !value.has_unknown())
}

/// A known hcl-rs value (a variables file's, a literal's) as a typed one. Text stays text:
/// `"${HOME}"` in a variables file is a string, not an unknown.
pub(crate) fn known(value: hcl::Value) -> Value {
    match value {
        hcl::Value::Null => Value::Null,
        hcl::Value::Bool(b) => Value::Bool(b),
        hcl::Value::Number(n) => numbers::from_hcl(&n),
        hcl::Value::String(s) => Value::String(s),
        hcl::Value::Array(items) => Value::Array(items.into_iter().map(known).collect()),
        hcl::Value::Object(map) => {
            Value::Object(map.into_iter().map(|(k, v)| (k, known(v))).collect())
        }
    }
}

/// An expression whose value is `value`: what stands for a value given from outside the
/// configuration (a Terragrunt unit's inputs to an opaque module call). An unknown part is
/// written as the expression its origin names (`dependency.vpc.outputs.vpc_id`), so that
/// evaluating it gives an unknown named the same way.
pub(crate) fn expression_of(value: &Value) -> Expression {
    use tfmap_core::Part;
    let origin_expr = |origin: &str| {
        hcl_edit::parser::parse_expr(origin)
            .map(Expression::from)
            .unwrap_or_else(|_| Expression::from(origin))
    };
    match value {
        Value::Null => Expression::Null,
        Value::Bool(b) => Expression::Bool(*b),
        Value::Number(n) => match known_number(n) {
            Some(number) => Expression::Number(number),
            None => Expression::Null,
        },
        Value::String(s) => Expression::String(s.clone()),
        Value::Array(items) => Expression::Array(items.iter().map(expression_of).collect()),
        Value::Object(map) => Expression::Object(
            map.iter()
                .map(|(k, v)| {
                    (
                        hcl::expr::ObjectKey::Expression(Expression::String(k.clone())),
                        expression_of(v),
                    )
                })
                .collect(),
        ),
        Value::Unknown(unknown) => match unknown.whole_origin() {
            Some(origin) => origin_expr(origin),
            None => {
                let mut template = String::new();
                for part in unknown.parts() {
                    match part {
                        Part::Text(text) => {
                            let escaped = text
                                .replace('\\', "\\\\")
                                .replace('"', "\\\"")
                                .replace('\n', "\\n")
                                .replace("${", "$${")
                                .replace("%{", "%%{");
                            template.push_str(&escaped);
                        }
                        Part::Unknown(origin) => {
                            template.push_str("${");
                            template.push_str(origin);
                            template.push('}');
                        }
                    }
                }
                Expression::TemplateExpr(Box::new(hcl::expr::TemplateExpr::QuotedString(template)))
            }
        },
    }
}

fn known_number(number: &serde_json::Number) -> Option<hcl::Number> {
    if let Some(i) = number.as_i64() {
        return Some(i.into());
    }
    if let Some(u) = number.as_u64() {
        return Some(u.into());
    }
    number.as_f64().and_then(hcl::Number::from_f64)
}
