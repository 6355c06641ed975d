//! The values of a root module's variables, from every place Terraform reads them, in its
//! order (later wins): `TF_VAR_*` (only those the caller passes), `terraform.tfvars`,
//! `terraform.tfvars.json`, `*.auto.tfvars` and `*.auto.tfvars.json` in lexical order of file
//! name, then `--var-file` and `--var` in command-line order.
//!
//! Files hold literal values (Terraform allows neither references nor function calls in
//! them). Text values (`--var`, `TF_VAR_*`) are read as Terraform reads them: taken as they
//! are for a variable of type `string` or with no type, converted for `number` and `bool`,
//! and parsed as an HCL literal (`["a","b"]`, `{ x = 1 }`) for any other type.
//!
//! Command-line values apply to every root module that declares the variable (a repository
//! with `envs/prod` and `envs/dev` gets the same value in both); a value no root module
//! declares is reported once: a warning for a file, an error for `--var`, nothing for the
//! environment, as Terraform does. A value in a directory's own tfvars files that its module
//! does not declare is a warning. Diagnostics never show a value: it may be a secret.

use super::config::{ModuleConfig, VariableDecl};
use super::json_syntax;
use super::syntax::{ParsedFile, RawAttribute, parse_file};
use crate::diagnostic::Diagnostic;
use crate::location::Location;
use crate::{VariableInput, VariableInputs};
use hcl::eval::{Context, Evaluate};
use hcl::{Number, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

/// The variable values given from outside the analysed directory, read once for all roots.
#[derive(Debug, Default)]
pub(super) struct CommandLine {
    environment: Vec<TextValue>,
    ordered: Vec<Given>,
}

#[derive(Debug)]
enum Given {
    File(ParsedFile),
    Text(TextValue),
}

/// A value given as text, with where it came from.
#[derive(Debug)]
struct TextValue {
    name: String,
    text: String,
    location: Location,
}

impl CommandLine {
    /// Parses the given files; a file that cannot be parsed is a diagnostic and is skipped.
    pub fn read(inputs: &VariableInputs, diagnostics: &mut Vec<Diagnostic>) -> Self {
        let environment = inputs
            .environment
            .iter()
            .map(|(name, text)| TextValue {
                name: name.clone(),
                text: text.clone(),
                location: Location::file_start(Arc::from(format!("<environment TF_VAR_{name}>"))),
            })
            .collect();
        let mut ordered = Vec::new();
        for input in &inputs.command_line {
            match input {
                VariableInput::File { name, text } => {
                    let path: Arc<str> = Arc::from(name.as_str());
                    let parsed = if name.ends_with(".json") {
                        json_syntax::parse_tfvars(path, text)
                    } else {
                        parse_file(path, text).map(|file| (file, Vec::new()))
                    };
                    match parsed {
                        Ok((file, problems)) => {
                            diagnostics.extend(problems);
                            ordered.push(Given::File(file));
                        }
                        Err(error) => diagnostics.push(error),
                    }
                }
                VariableInput::Value { name, value } => ordered.push(Given::Text(TextValue {
                    name: name.clone(),
                    text: value.clone(),
                    location: Location::file_start(Arc::from("<command line --var>")),
                })),
            }
        }
        CommandLine {
            environment,
            ordered,
        }
    }

    /// Values no root module declares: a warning for a file, an error for `--var`.
    pub fn undeclared(&self, declared: &BTreeSet<&str>) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for given in &self.ordered {
            match given {
                Given::File(file) => {
                    for attribute in &file.body.attributes {
                        if !declared.contains(attribute.name.as_str()) {
                            out.push(Diagnostic::warning(
                                attribute.location.clone(),
                                format!(
                                    "value for undeclared variable `{}`: no root module declares it; ignored",
                                    attribute.name
                                ),
                            ));
                        }
                    }
                }
                Given::Text(value) if !declared.contains(value.name.as_str()) => {
                    out.push(Diagnostic::error(
                        value.location.clone(),
                        format!(
                            "--var {}: no root module declares a variable `{}`; ignored",
                            value.name, value.name
                        ),
                    ));
                }
                Given::Text(_) => {}
            }
        }
        out
    }
}

/// The values of one root module's variables and the problems met reading them.
/// `own_files` are the tfvars files of the root's directory (any name; only the ones
/// Terraform loads by itself are read).
pub(super) fn root_values(
    config: Option<&ModuleConfig>,
    own_files: &[ParsedFile],
    command_line: &CommandLine,
) -> (BTreeMap<String, Value>, Vec<Diagnostic>) {
    let mut values = BTreeMap::new();
    let mut diagnostics = Vec::new();
    let Some(config) = config else {
        return (values, diagnostics);
    };
    let mut take_text = |value: &TextValue, values: &mut BTreeMap<String, Value>| {
        if let Some(decl) = config.variables.get(&value.name) {
            match read_text(decl, &value.text) {
                Ok(parsed) => {
                    values.insert(value.name.clone(), parsed);
                }
                Err(reason) => diagnostics.push(Diagnostic::error(
                    value.location.clone(),
                    format!("invalid value for variable `{}`: {reason}", value.name),
                )),
            }
        }
    };
    for value in &command_line.environment {
        take_text(value, &mut values);
    }
    let mut file_problems = Vec::new();
    for file in auto_loaded(own_files) {
        for attribute in &file.body.attributes {
            if config.variables.contains_key(&attribute.name) {
                take_literal(attribute, &mut values, &mut file_problems);
            } else {
                file_problems.push(Diagnostic::warning(
                    attribute.location.clone(),
                    format!(
                        "value for undeclared variable `{}`: this module declares no such variable; ignored",
                        attribute.name
                    ),
                ));
            }
        }
    }
    for given in &command_line.ordered {
        match given {
            Given::File(file) => {
                for attribute in &file.body.attributes {
                    if config.variables.contains_key(&attribute.name) {
                        take_literal(attribute, &mut values, &mut file_problems);
                    }
                }
            }
            Given::Text(value) => take_text(value, &mut values),
        }
    }
    diagnostics.append(&mut file_problems);
    (values, diagnostics)
}

/// The files Terraform reads by itself, in its order: `terraform.tfvars`,
/// `terraform.tfvars.json`, then `*.auto.tfvars` and `*.auto.tfvars.json` by file name.
fn auto_loaded(files: &[ParsedFile]) -> Vec<&ParsedFile> {
    let mut ordered: Vec<(u8, &str, &ParsedFile)> = files
        .iter()
        .filter_map(|file| {
            let name = file.path.rsplit('/').next().unwrap_or(&file.path);
            let rank = match name {
                "terraform.tfvars" => 0,
                "terraform.tfvars.json" => 1,
                _ if name.ends_with(".auto.tfvars") || name.ends_with(".auto.tfvars.json") => 2,
                _ => return None,
            };
            Some((rank, name, file))
        })
        .collect();
    ordered.sort_by(|a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    ordered.into_iter().map(|(_, _, file)| file).collect()
}

/// A value from a variable definitions file: a literal, or an error.
fn take_literal(
    attribute: &RawAttribute,
    values: &mut BTreeMap<String, Value>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if !super::arithmetic::safe_to_evaluate(&attribute.expr) {
        diagnostics.push(Diagnostic::warning(
            attribute.location.clone(),
            format!(
                "the value of `{}` divides by zero or leaves the range of 64-bit numbers; not used",
                attribute.name
            ),
        ));
        return;
    }
    match attribute.expr.evaluate(&Context::new()) {
        Ok(value) => {
            values.insert(attribute.name.clone(), value);
        }
        Err(_) => diagnostics.push(Diagnostic::error(
            attribute.location.clone(),
            format!(
                "the value of `{}` must be a literal: variable definitions files allow no references or function calls; not used",
                attribute.name
            ),
        )),
    }
}

/// How a value given as text is read, from the variable's type.
fn read_text(decl: &VariableDecl, text: &str) -> Result<Value, String> {
    let keyword = match &decl.type_constraint {
        None => Some("string"),
        Some(hcl::Expression::Variable(name)) => Some(name.as_str()),
        // Terraform 0.11 wrote the type as a quoted string.
        Some(hcl::Expression::String(name)) => Some(name.as_str()),
        Some(_) => None,
    };
    match keyword {
        Some("string") => Ok(Value::String(text.to_string())),
        Some("number") => number(text).ok_or_else(|| "a number is expected".to_string()),
        Some("bool") => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err("`true` or `false` is expected".to_string()),
        },
        _ => {
            let expr: hcl::Expression = hcl_edit::parser::parse_expr(text)
                .map_err(|e| format!("not a valid HCL value: {}", e.message().trim()))?
                .into();
            if !super::arithmetic::safe_to_evaluate(&expr) {
                return Err(
                    "the value divides by zero or leaves the range of 64-bit numbers".to_string(),
                );
            }
            expr.evaluate(&Context::new()).map_err(|_| {
                "a literal value is expected (no references or function calls)".to_string()
            })
        }
    }
}

pub(super) fn number(text: &str) -> Option<Value> {
    let text = text.trim();
    if let Ok(n) = text.parse::<i64>() {
        return Some(Value::Number(Number::from(n)));
    }
    text.parse::<f64>()
        .ok()
        .filter(|n| n.is_finite())
        .and_then(Number::from_f64)
        .map(Value::Number)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(text: &str) -> ModuleConfig {
        let mut config = ModuleConfig::default();
        let file = parse_file("variables.tf".into(), text).expect("parses");
        config.add_file(file, &mut Vec::new());
        config
    }

    fn tfvars(path: &str, text: &str) -> ParsedFile {
        if path.ends_with(".json") {
            json_syntax::parse_tfvars(path.into(), text)
                .expect("parses")
                .0
        } else {
            parse_file(path.into(), text).expect("parses")
        }
    }

    fn inputs(environment: &[(&str, &str)], command_line: Vec<VariableInput>) -> CommandLine {
        let inputs = VariableInputs {
            environment: environment
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            command_line,
        };
        let mut diagnostics = Vec::new();
        let read = CommandLine::read(&inputs, &mut diagnostics);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        read
    }

    fn value(name: &str, text: &str) -> VariableInput {
        VariableInput::Value {
            name: name.to_string(),
            value: text.to_string(),
        }
    }

    fn file(name: &str, text: &str) -> VariableInput {
        VariableInput::File {
            name: name.to_string(),
            text: text.to_string(),
        }
    }

    #[test]
    fn later_sources_win_in_terraform_order() {
        let config = config(
            r#"variable "a" {}
variable "b" {}
variable "c" {}
variable "d" {}
variable "e" {}
variable "f" {}"#,
        );
        let own = [
            tfvars("z.auto.tfvars", "c = \"z-auto\"\nd = \"z-auto\""),
            tfvars(
                "terraform.tfvars.json",
                r#"{"b": "tfvars-json", "c": "tfvars-json"}"#,
            ),
            tfvars("prod.tfvars", "a = \"never read by itself\""),
            tfvars("terraform.tfvars", "a = \"tfvars\"\nb = \"tfvars\""),
            tfvars("a.auto.tfvars.json", r#"{"c": "a-auto", "d": "a-auto"}"#),
        ];
        let command_line = inputs(
            &[("a", "env"), ("f", "env")],
            vec![
                value("d", "flag"),
                file("x.tfvars", "d = \"file\"\ne = \"file\""),
                value("e", "flag"),
            ],
        );
        let (values, diagnostics) = root_values(Some(&config), &own, &command_line);
        assert!(diagnostics.is_empty(), "{diagnostics:?}");
        let shown: Vec<String> = values
            .iter()
            .map(|(k, v)| format!("{k}={}", v.as_str().unwrap_or_default()))
            .collect();
        assert_eq!(
            shown,
            [
                "a=tfvars",
                "b=tfvars-json",
                "c=z-auto",
                "d=file",
                "e=flag",
                "f=env"
            ]
        );
    }

    #[test]
    fn text_values_follow_the_variable_type() {
        let config = config(
            r#"variable "name" {}
variable "tag" { type = string }
variable "size" { type = number }
variable "on" { type = bool }
variable "ports" { type = list(number) }
variable "tags" { type = map(string) }
variable "bad" { type = number }"#,
        );
        let command_line = inputs(
            &[],
            vec![
                value("name", "[not a list]"),
                value("tag", "1.2.3"),
                value("size", "3"),
                value("on", "true"),
                value("ports", "[80, 443]"),
                value("tags", "{ team = \"core\" }"),
                value("bad", "secret-text"),
            ],
        );
        let (values, diagnostics) = root_values(Some(&config), &[], &command_line);
        assert_eq!(values["name"], Value::from("[not a list]"));
        assert_eq!(values["tag"], Value::from("1.2.3"));
        assert_eq!(values["size"], Value::from(3));
        assert_eq!(values["on"], Value::Bool(true));
        assert_eq!(values["ports"], Value::from(vec![80, 443]));
        assert_eq!(
            values["tags"],
            Value::Object(
                [("team".to_string(), Value::from("core"))]
                    .into_iter()
                    .collect()
            )
        );
        assert!(!values.contains_key("bad"));
        let messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            messages,
            [
                "<command line --var>:1:1: error: invalid value for variable `bad`: a number is expected"
            ]
        );
        assert!(
            !messages[0].contains("secret-text"),
            "values are never shown"
        );
    }

    #[test]
    fn undeclared_values_are_reported_by_where_they_come_from() {
        let config = config("variable \"image\" {}");
        let own = [tfvars(
            "terraform.tfvars",
            "image = \"a\"\nimgae = \"typo\"",
        )];
        let command_line = inputs(
            &[("unrelated", "x")],
            vec![
                file("prod.tfvars", "image = \"b\"\nreplicas = 3"),
                value("image", "c"),
                value("zone", "z"),
            ],
        );
        let (values, diagnostics) = root_values(Some(&config), &own, &command_line);
        assert_eq!(values["image"], Value::from("c"));
        let own_messages: Vec<String> = diagnostics.iter().map(ToString::to_string).collect();
        assert_eq!(
            own_messages,
            [
                "terraform.tfvars:2:1: warning: value for undeclared variable `imgae`: this module declares no such variable; ignored"
            ]
        );
        let declared: BTreeSet<&str> = config.variables.keys().map(String::as_str).collect();
        let messages: Vec<String> = command_line
            .undeclared(&declared)
            .iter()
            .map(ToString::to_string)
            .collect();
        assert_eq!(
            messages,
            [
                "prod.tfvars:2:1: warning: value for undeclared variable `replicas`: no root module declares it; ignored",
                "<command line --var>:1:1: error: --var zone: no root module declares a variable `zone`; ignored",
            ]
        );
    }

    #[test]
    fn file_values_must_be_literal() {
        let config = config("variable \"a\" {}\nvariable \"b\" {}");
        let own = [tfvars("terraform.tfvars", "a = upper(\"x\")\nb = [1, 2]")];
        let (values, diagnostics) = root_values(Some(&config), &own, &CommandLine::default());
        assert_eq!(values.len(), 1);
        assert_eq!(diagnostics.len(), 1);
        assert!(diagnostics[0].message.contains("must be a literal"));
    }
}
