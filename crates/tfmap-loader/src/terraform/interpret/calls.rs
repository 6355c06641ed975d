//! Function calls: `try` and `can`, which catch failures; the functions that read files,
//! answered by the host; and the pure functions of the library (`library.rs`).

use super::{Evaluated, Failure, Interpreter, budget, invalid, operators, unknown_of};
use hcl::Expression;
use hcl::expr::FuncCall;
use tfmap_core::Value;

impl Interpreter<'_> {
    pub(super) fn call(&mut self, expr: &Expression, call: &FuncCall) -> Evaluated {
        // Provider-defined functions (`provider::aws::arn_parse`) run provider code.
        if !call.name.namespace.is_empty() {
            return Ok(unknown_of(expr));
        }
        let name = call.name.name.as_str();
        match name {
            "try" => self.try_call(expr, call),
            "can" => self.can_call(expr, call),
            name if super::super::functions::reads_a_file(name) => self.file_call(expr, call),
            "fileexists" => {
                let Some(path) = self.path_argument(call)? else {
                    return Ok(unknown_of(expr));
                };
                Ok(self
                    .host
                    .file_exists(&path)
                    .map_or_else(|| unknown_of(expr), Value::Bool))
            }
            "fileset" => self.fileset_call(expr, call),
            "templatestring" => self.template_string_call(expr, call),
            _ => {
                let mut args = Vec::with_capacity(call.args.len());
                for arg in &call.args {
                    args.push(self.evaluate(arg)?);
                }
                if call.expand_final {
                    match args.pop() {
                        Some(Value::Array(items)) => args.extend(items),
                        Some(Value::Unknown(_)) => return Ok(unknown_of(expr)),
                        _ => return invalid("the argument expanded with `...` must be a list"),
                    }
                }
                if !self.isolated
                    && let Some(value) = self.host.function(name, &args)
                {
                    return Ok(value);
                }
                super::library::call(expr, name, args)
            }
        }
    }

    /// `try(a, b, …)`: the first argument that evaluates without failing. An argument
    /// that is unknown is the answer as far as tfmap can tell (Terraform's `try` of an
    /// unknown is unknown).
    fn try_call(&mut self, expr: &Expression, call: &FuncCall) -> Evaluated {
        for arg in &call.args {
            match self.evaluate(arg) {
                Ok(Value::Unknown(_)) => return Ok(unknown_of(expr)),
                Ok(value) => return Ok(value),
                Err(Failure::Budget) => return Err(Failure::Budget),
                Err(Failure::Invalid(_)) => {}
            }
        }
        invalid("no argument of `try` could be evaluated")
    }

    /// `can(a)`: whether `a` evaluates without failing; unknown while it holds unknowns.
    fn can_call(&mut self, expr: &Expression, call: &FuncCall) -> Evaluated {
        let [arg] = call.args.as_slice() else {
            return invalid("`can` takes one argument");
        };
        match self.evaluate(arg) {
            Ok(value) if value.has_unknown() => Ok(unknown_of(expr)),
            Ok(_) => Ok(Value::Bool(true)),
            Err(Failure::Budget) => Err(Failure::Budget),
            Err(Failure::Invalid(_)) => Ok(Value::Bool(false)),
        }
    }

    /// The path a file function names in its first argument, when it is known.
    fn path_argument(&mut self, call: &FuncCall) -> Result<Option<String>, Failure> {
        let Some(arg) = call.args.first() else {
            return invalid("a file function takes a path");
        };
        match self.evaluate(arg)? {
            Value::String(path) => Ok(Some(path)),
            Value::Unknown(_) => Ok(None),
            _ => invalid("a path must be a string"),
        }
    }

    /// `file(path)` and its digests, and `templatefile(path, vars)`.
    fn file_call(&mut self, expr: &Expression, call: &FuncCall) -> Evaluated {
        let name = call.name.name.as_str();
        let Some(path) = self.path_argument(call)? else {
            return Ok(unknown_of(expr));
        };
        let vars = match call.args.get(1) {
            Some(arg) if name == "templatefile" => match self.evaluate(arg)? {
                Value::Object(vars) => Some(vars),
                Value::Unknown(_) => return Ok(unknown_of(expr)),
                _ => return invalid("the variables of `templatefile` must be an object"),
            },
            _ => None,
        };
        let Some(text) = self.host.file_text(name, &path) else {
            return Ok(unknown_of(expr));
        };
        // A file larger than a value may be is not copied into one.
        if budget::check_bytes(text.len()).is_err() {
            return Err(Failure::Budget);
        }
        if name != "templatefile" {
            // The file's text is data: a `${…}` written in it is not evaluated.
            return Ok(
                match super::super::functions::result_from_text(name, &text) {
                    Some(hcl::Value::String(result)) => Value::String(result),
                    _ => unknown_of(expr),
                },
            );
        }
        if text.parse::<hcl::Template>().is_err() {
            return invalid(format!("{path} is not a valid template"));
        }
        self.render_isolated(expr, &text, vars.unwrap_or_default())
    }

    /// `templatestring(template, vars)`: a template held in a string value (Terraform 1.9),
    /// rendered as `templatefile` renders a file's: seeing its variables and nothing else.
    fn template_string_call(&mut self, expr: &Expression, call: &FuncCall) -> Evaluated {
        let [template_arg, vars_arg] = call.args.as_slice() else {
            return invalid("`templatestring` takes a template and its variables");
        };
        let text = match self.evaluate(template_arg)? {
            Value::String(text) => text,
            Value::Unknown(_) => return Ok(unknown_of(expr)),
            _ => return invalid("the template of `templatestring` must be a string"),
        };
        let vars = match self.evaluate(vars_arg)? {
            Value::Object(vars) => vars,
            Value::Unknown(_) => return Ok(unknown_of(expr)),
            _ => return invalid("the variables of `templatestring` must be an object"),
        };
        self.render_isolated(expr, &text, vars)
    }

    /// A template's text rendered with `vars` bound and nothing else visible.
    fn render_isolated(
        &mut self,
        expr: &Expression,
        text: &str,
        vars: tfmap_core::Map,
    ) -> Evaluated {
        let Ok(template) = text.parse::<hcl::Template>() else {
            return invalid("the template is not valid");
        };
        let mut isolated = super::Isolated;
        let mut inner = Interpreter {
            host: &mut isolated,
            bound: vars.into_iter().collect(),
            isolated: true,
        };
        inner.render(expr, &template)
    }

    /// `fileset(path, pattern)`: the files below `path` whose path from there matches
    /// `pattern` (`*`, `**`, `?`, `[…]`, `{a,b}`), sorted; a pattern Terraform would
    /// refuse, or a directory tfmap may not list, is unknown.
    fn fileset_call(&mut self, expr: &Expression, call: &FuncCall) -> Evaluated {
        let [_, pattern_arg] = call.args.as_slice() else {
            return invalid("`fileset` takes a path and a pattern");
        };
        let Some(path) = self.path_argument(call)? else {
            return Ok(unknown_of(expr));
        };
        let pattern = match self.evaluate(pattern_arg)? {
            Value::String(pattern) => pattern,
            Value::Unknown(_) => return Ok(unknown_of(expr)),
            other => match operators::as_key(&other) {
                Some(pattern) => pattern,
                None => return invalid("a pattern must be a string"),
            },
        };
        let Ok(glob) = globset::GlobBuilder::new(&pattern)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
        else {
            return Ok(unknown_of(expr));
        };
        let matcher = glob.compile_matcher();
        let Some(listed) = self.host.list_files(&path) else {
            return Ok(unknown_of(expr));
        };
        Ok(Value::Array(
            listed
                .iter()
                .filter(|file| matcher.is_match(file.as_str()))
                .map(|file| Value::String(file.clone()))
                .collect(),
        ))
    }
}
