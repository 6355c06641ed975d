//! Expressions of a Terragrunt file, evaluated statically: `local`, `include`, Terraform's
//! functions, and the Terragrunt functions whose result follows from where the unit is.
//! Everything else (`get_env`, `run_cmd`, `get_aws_account_id`, another unit's outputs)
//! stays unknown, as a marker.

use std::cell::RefCell;
use std::collections::BTreeMap;

use hcl::Value;
use hcl::eval::{Evaluate, FuncArgs, FuncDef};

use super::super::syntax::{RawAttribute, RawBody};
use super::super::unknown::expression_marker;
use crate::boundary::Boundary;

/// How many rounds `locals` get to settle (each local may use the ones before it).
const LOCAL_ROUNDS: usize = 16;

/// What the expressions of one Terragrunt file see.
#[derive(Debug, Clone)]
pub(super) struct Scope {
    pub locals: Value,
    /// `include.NAME.locals` and `include.NAME.inputs` of the files the unit includes.
    pub include: Value,
    pub paths: UnitPaths,
}

impl Scope {
    /// The value of an expression, or its marker when it cannot be known. A string template
    /// keeps its known parts: `"worker:${get_env("TAG")}"` is `worker:` and a marker.
    pub fn evaluate(&self, expr: &hcl::Expression) -> Value {
        if let Some(value) = self.try_evaluate(expr) {
            return value;
        }
        match expr {
            hcl::Expression::TemplateExpr(template) => self.template_parts(template),
            _ => None,
        }
        .unwrap_or_else(|| expression_marker(expr))
    }

    /// A known string, or `None`.
    pub fn text(&self, expr: &hcl::Expression) -> Option<String> {
        match self.evaluate(expr) {
            Value::String(text) if !super::super::unknown::contains_marker(&text) => Some(text),
            _ => None,
        }
    }

    /// `locals` of a body, settled round by round; what never settles is unknown.
    pub fn with_locals_of(mut self, body: &RawBody) -> Scope {
        let written: Vec<&RawAttribute> = body
            .blocks
            .iter()
            .filter(|b| b.kind == "locals")
            .flat_map(|b| b.body.attributes.iter())
            .collect();
        let mut known: BTreeMap<String, Value> = BTreeMap::new();
        for _ in 0..LOCAL_ROUNDS {
            self.locals = Value::Object(known.clone().into_iter().collect());
            let before = known.len();
            for attribute in &written {
                if known.contains_key(&attribute.name) {
                    continue;
                }
                if let Some(value) = self.try_evaluate(&attribute.expr) {
                    known.insert(attribute.name.clone(), value);
                }
            }
            if known.len() == before {
                break;
            }
        }
        for attribute in written {
            known
                .entry(attribute.name.clone())
                .or_insert_with(|| expression_marker(&attribute.expr));
        }
        self.locals = Value::Object(known.into_iter().collect());
        self
    }

    /// A template without directives, interpolation by interpolation.
    fn template_parts(&self, template: &hcl::expr::TemplateExpr) -> Option<Value> {
        use hcl::template::Element;
        let parsed = hcl::Template::from_expr(template).ok()?;
        let mut text = String::new();
        for element in parsed.elements() {
            match element {
                Element::Literal(literal) => text.push_str(literal),
                Element::Interpolation(interpolation) => {
                    match self.try_evaluate(&interpolation.expr) {
                        Some(Value::String(part)) => text.push_str(&part),
                        Some(Value::Number(n)) => text.push_str(&n.to_string()),
                        Some(Value::Bool(b)) => text.push_str(if b { "true" } else { "false" }),
                        Some(_) => return None,
                        None => match expression_marker(&interpolation.expr) {
                            Value::String(marker) => text.push_str(&marker),
                            _ => return None,
                        },
                    }
                }
                Element::Directive(_) => return None,
            }
        }
        Some(Value::String(text))
    }

    /// The value, or `None` when it fails or goes past the evaluation budget.
    fn try_evaluate(&self, expr: &hcl::Expression) -> Option<Value> {
        let mut ctx = super::super::functions::base_context();
        ctx.declare_var("local", self.locals.clone());
        ctx.declare_var("include", self.include.clone());
        for (name, func) in TERRAGRUNT_FUNCTIONS {
            let definition = FuncDef::builder()
                .variadic_param(hcl::eval::ParamType::Any)
                .build(*func);
            ctx.declare_func(*name, definition);
        }
        CURRENT.with(|current| *current.borrow_mut() = self.paths.clone());
        super::super::budget::start_expression();
        let result = expr.evaluate(&ctx).ok();
        let exceeded = super::super::budget::take_exceeded().is_some();
        result.filter(|_| !exceeded)
    }
}

/// Paths Terragrunt's functions return, written relative to the unit's directory (the
/// directory a local source is resolved from) but through the repository root, so that
/// `basename(get_terragrunt_dir())` is the unit's name as it is in Terragrunt.
#[derive(Debug, Clone, Default)]
pub(super) struct UnitPaths {
    /// From the unit's directory to the repository root: `../..`, or `.`.
    to_repo_root: String,
    /// From the repository root to the unit's directory.
    from_repo_root: String,
}

impl UnitPaths {
    pub fn of(dir: &str, boundary: &Boundary) -> Self {
        let from_repo_root = boundary.to_boundary(dir).unwrap_or_else(|| ".".to_string());
        let depth = from_repo_root
            .split('/')
            .filter(|p| !p.is_empty() && *p != ".")
            .count();
        let to_repo_root = if depth == 0 {
            ".".to_string()
        } else {
            vec![".."; depth].join("/")
        };
        UnitPaths {
            to_repo_root,
            from_repo_root,
        }
    }

    /// The unit's directory, seen from itself through the repository root.
    fn unit_dir(&self) -> String {
        if self.from_repo_root == "." {
            ".".to_string()
        } else {
            format!("{}/{}", self.to_repo_root, self.from_repo_root)
        }
    }
}

thread_local! {
    /// The unit whose file is being evaluated: hcl-rs functions are plain `fn`s.
    static CURRENT: RefCell<UnitPaths> = RefCell::new(UnitPaths::default());
}

type Function = fn(FuncArgs) -> Result<Value, String>;

fn current(read: impl FnOnce(&UnitPaths) -> String) -> Result<Value, String> {
    Ok(Value::from(CURRENT.with(|c| read(&c.borrow()))))
}

/// Terragrunt's functions whose result follows from where the unit is. In an included file
/// they answer for the unit that includes it, as in Terragrunt. The others read the
/// environment, the cloud or other files: left undeclared, their expressions stay unknown.
const TERRAGRUNT_FUNCTIONS: &[(&str, Function)] = &[
    ("get_terragrunt_dir", |_| current(UnitPaths::unit_dir)),
    ("get_original_terragrunt_dir", |_| {
        current(UnitPaths::unit_dir)
    }),
    ("get_repo_root", |_| current(|p| p.to_repo_root.clone())),
    ("get_path_to_repo_root", |_| {
        current(|p| p.to_repo_root.clone())
    }),
    ("get_path_from_repo_root", |_| {
        current(|p| p.from_repo_root.clone())
    }),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(dir: &str) -> Scope {
        Scope {
            locals: Value::Object(Default::default()),
            include: Value::Null,
            paths: UnitPaths::of(dir, &Boundary::default()),
        }
    }

    fn expr(text: &str) -> hcl::Expression {
        let body: hcl::Body = hcl::from_str(&format!("x = {text}")).unwrap_or_default();
        body.attributes()
            .next()
            .map(|a| a.expr().clone())
            .unwrap_or(hcl::Expression::Null)
    }

    #[test]
    fn the_unit_directory_keeps_its_names() {
        let scope = scope("live/prod/app");
        assert_eq!(
            scope.evaluate(&expr("basename(get_terragrunt_dir())")),
            Value::from("app")
        );
        assert_eq!(
            scope.evaluate(&expr("basename(dirname(get_terragrunt_dir()))")),
            Value::from("prod")
        );
        assert_eq!(
            scope.evaluate(&expr("get_repo_root()")),
            Value::from("../../..")
        );
    }

    #[test]
    fn unknown_parts_of_a_template_stay_markers() {
        let value = scope("a").evaluate(&expr(r#""v-${get_env("TAG")}""#));
        assert_eq!(value, Value::from("v-${get_env(\"TAG\")}"));
    }
}
