//! Expressions of a Terragrunt file, evaluated statically by the interpreter: `local`,
//! `include`, Terraform's functions, and the Terragrunt functions whose result follows
//! from where the unit is. Everything else (`get_env`, `run_cmd`, `get_aws_account_id`,
//! another unit's outputs) is unknown.

use std::collections::BTreeMap;

use tfmap_core::Value;

use super::super::budget;
use super::super::eval::descend;
use super::super::interpret::{Host, Interpreter, unknown_of};
use super::super::syntax::{RawAttribute, RawBody};
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
    /// The value of an expression, unknown (in part or as a whole) where it cannot be
    /// known: `"worker:${get_env("TAG")}"` is `worker:` and an unknown.
    pub fn evaluate(&self, expr: &hcl::Expression) -> Value {
        self.try_evaluate(expr, false)
            .unwrap_or_else(|| unknown_of(expr))
    }

    /// A known string, or `None`.
    pub fn text(&self, expr: &hcl::Expression) -> Option<String> {
        match self.evaluate(expr) {
            Value::String(text) => Some(text),
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
                // A local naming one not settled yet waits for a later round.
                if let Some(value) = self.try_evaluate(&attribute.expr, true) {
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
                .or_insert_with(|| unknown_of(&attribute.expr));
        }
        self.locals = Value::Object(known.into_iter().collect());
        self
    }

    /// The value, or `None` when it fails or goes past the evaluation budget; with
    /// `settling`, a local not known yet fails too.
    fn try_evaluate(&self, expr: &hcl::Expression, settling: bool) -> Option<Value> {
        budget::start_expression();
        let mut host = UnitHost {
            scope: self,
            settling,
        };
        let result = Interpreter::new(&mut host).evaluate(expr).ok();
        let exceeded = budget::take_exceeded().is_some();
        result.filter(|_| !exceeded)
    }
}

/// What a Terragrunt expression names: its file's locals, what the files it includes
/// expose, and the functions that answer from where the unit is.
struct UnitHost<'s> {
    scope: &'s Scope,
    settling: bool,
}

impl Host for UnitHost<'_> {
    fn lookup(&mut self, root: &str, attrs: &[&str]) -> Result<(Value, usize), String> {
        let within = match root {
            "local" => &self.scope.locals,
            "include" => &self.scope.include,
            _ => return Ok(unknown_name(root, attrs)),
        };
        match attrs.split_first() {
            Some((name, rest)) => match within.as_object().and_then(|map| map.get(*name)) {
                Some(value) => {
                    let (part, depth) = descend(value, rest);
                    Ok((part.clone(), depth + 1))
                }
                None if self.settling && root == "local" => {
                    Err(format!("local.{name} is not settled yet"))
                }
                None => Ok(unknown_name(root, attrs)),
            },
            None => Ok((within.clone(), 0)),
        }
    }

    fn function(&mut self, name: &str, _args: &[Value]) -> Option<Value> {
        let paths = &self.scope.paths;
        let path = match name {
            "get_terragrunt_dir" | "get_original_terragrunt_dir" => paths.unit_dir(),
            "get_repo_root" | "get_path_to_repo_root" => paths.to_repo_root.clone(),
            "get_path_from_repo_root" => paths.from_repo_root.clone(),
            _ => return None,
        };
        Some(Value::String(path))
    }
}

/// An unknown named by how it is written: `dependency.vpc.outputs.vpc_id`.
fn unknown_name(root: &str, attrs: &[&str]) -> (Value, usize) {
    let mut origin = root.to_string();
    for attr in attrs {
        origin.push('.');
        origin.push_str(attr);
    }
    (Value::unknown(origin), attrs.len())
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
    fn unknown_parts_of_a_template_stay_unknown() {
        let value = scope("a").evaluate(&expr(r#""v-${get_env("TAG")}""#));
        assert_eq!(
            value.to_json(),
            serde_json::Value::from("v-${get_env(\"TAG\")}")
        );
        assert!(value.is_unknown());
    }
}
