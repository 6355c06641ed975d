//! Static evaluation of one root module and the instances below it. Values are computed on
//! demand and memoised per instance and symbol (`var.x`, `local.y`, an output), so the order
//! of declarations never matters and each value is computed once. Expressions are evaluated
//! by `interpret/`, which asks this module (its [`Host`]) for what they name; anything that
//! depends on something unknown is an unknown value: tfmap never guesses.

use super::budget::{self, Budget};
use super::config::{Mode, ModuleConfig};
use super::expand::{Expansion, Iteration, expansion_of, repetition_attribute};
use super::interpret::{Host, Interpreter, unknown_of};
use super::syntax::{RawAttribute, RawReference};
use super::tree::{Child, Instance, relative_dir};
use crate::diagnostic::Diagnostic;
use crate::inventory::{InstanceKey, KeyLevel};
use crate::location::Location;
use crate::source::{ReadError, SourceFiles};
use hcl::Expression;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::sync::Arc;
use tfmap_core::{Map, Value};

pub(crate) use super::interpret::instance_key;

/// Symbols chained deeper than this (a local naming a local naming …) stay unknown.
const MAX_CHAIN_DEPTH: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Symbol {
    Var(String),
    Local(String),
    /// An output of the instance called by `call` (with `key` when the call repeats) from
    /// this instance.
    Output {
        call: String,
        key: Option<InstanceKey>,
        output: String,
    },
}

/// What is bound while one expression is evaluated, beyond the module's own symbols: `each`
/// or `count` of the instance being evaluated, and the iterators of enclosing `dynamic`
/// blocks (name → `{key, value}`).
#[derive(Debug, Clone, Default)]
pub(crate) struct Scope {
    pub iteration: Option<Iteration>,
    pub iterators: Vec<(String, Value)>,
    /// The repetition level `each`/`count` belong to, whether or not its keys are known:
    /// so that a reference indexed by the referrer's own key says which key it repeats.
    pub own_key: Option<KeyLevel>,
}

impl Scope {
    pub fn of(iteration: Option<Iteration>) -> Self {
        Scope {
            iteration,
            iterators: Vec::new(),
            own_key: None,
        }
    }

    /// The same, `each`/`count` being the key of `level`.
    pub fn keyed(iteration: Option<Iteration>, level: KeyLevel) -> Self {
        Scope {
            own_key: Some(level),
            ..Scope::of(iteration)
        }
    }
}

/// The declarations whose instances are computed once: resources and external module calls.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Repeated {
    Resource(Mode, String, String),
    Call(String),
}

pub(crate) struct Evaluator<'a> {
    pub configs: &'a BTreeMap<String, ModuleConfig>,
    pub tree: &'a [Instance],
    files: &'a dyn SourceFiles,
    /// Values given to the root module's variables (`terraform.tfvars`, `*.auto.tfvars`).
    tfvars: BTreeMap<String, Value>,
    values: HashMap<(usize, Symbol), Value>,
    expansions: HashMap<(usize, Repeated), Arc<Expansion>>,
    /// Instances one `count`/`for_each`/`dynamic` may expand into.
    pub max_instances: usize,
    pub(crate) active: HashSet<(usize, Symbol)>,
    pub(crate) depth: usize,
    pub diagnostics: Vec<Diagnostic>,
    reported: BTreeSet<String>,
    /// The budgets already reported: one warning per budget and root.
    budgets_reported: BTreeSet<Budget>,
    /// Files read by `file()` and `templatefile()`, by resolved path: read once however
    /// many instances read them.
    file_texts: HashMap<String, Result<Arc<str>, String>>,
    /// Directories listed for `fileset`, once each.
    listings: HashMap<String, Result<Arc<[String]>, ReadError>>,
    /// Counts what this evaluation spends while it lives (see `budget.rs`).
    _meter: budget::MeterGuard,
    /// The other roots' states that `data "terraform_remote_state"` blocks read, by the
    /// module instance path and name of the data source (see `remote_state.rs`).
    pub remote_states: RemoteStates,
}

/// The states `terraform_remote_state` data sources read, by module instance path and name.
pub(crate) type RemoteStates = BTreeMap<(String, String), Arc<RemoteState>>;

/// Another root's outputs as one `terraform_remote_state` data source reads them.
#[derive(Debug, Default)]
pub(crate) struct RemoteState {
    /// `{ outputs = { … } }`: the other root's output values; one not known statically is
    /// an unknown named by the path that reads it here.
    pub value: Value,
    /// For each output, the resources behind it in the other root: their ids and the
    /// symbols passed on the way (the data source's output first).
    pub targets: BTreeMap<String, Vec<(String, Vec<String>)>>,
}

impl<'a> Evaluator<'a> {
    pub fn new(
        configs: &'a BTreeMap<String, ModuleConfig>,
        tree: &'a [Instance],
        files: &'a dyn SourceFiles,
        tfvars: BTreeMap<String, Value>,
    ) -> Self {
        Evaluator {
            configs,
            tree,
            files,
            tfvars,
            values: HashMap::new(),
            expansions: HashMap::new(),
            max_instances: crate::Limits::default().max_instances,
            active: HashSet::new(),
            depth: 0,
            diagnostics: Vec::new(),
            reported: BTreeSet::new(),
            budgets_reported: BTreeSet::new(),
            file_texts: HashMap::new(),
            listings: HashMap::new(),
            _meter: budget::MeterGuard::install(),
            remote_states: BTreeMap::new(),
        }
    }

    /// The other root's state `data.terraform_remote_state.<name>` of `instance` reads,
    /// when it was matched.
    pub(crate) fn remote_state(&self, instance: usize, name: &str) -> Option<Arc<RemoteState>> {
        if self.remote_states.is_empty() {
            return None;
        }
        let path = self.tree.get(instance)?.path.clone();
        self.remote_states.get(&(path, name.to_string())).cloned()
    }

    /// The files `file()` and `templatefile()` read, by path.
    pub fn files_read(&self) -> impl Iterator<Item = &String> {
        self.file_texts
            .iter()
            .filter(|(_, read)| read.is_ok())
            .map(|(path, _)| path)
    }

    pub fn config(&self, instance: usize) -> Option<&'a ModuleConfig> {
        self.configs.get(&self.tree.get(instance)?.dir)
    }

    /// Reports a problem once, however many times evaluation meets it.
    pub fn report(&mut self, diagnostic: Diagnostic) {
        if self.reported.insert(diagnostic.to_string()) {
            self.diagnostics.push(diagnostic);
        }
    }

    /// Evaluates an attribute in an instance, with nothing bound beyond the module's symbols.
    pub fn attribute_value(&mut self, instance: usize, attribute: &RawAttribute) -> Value {
        self.attribute_value_in(instance, attribute, &Scope::default())
    }

    /// Evaluates an attribute in an instance with `each`, `count` or iterators bound.
    pub fn attribute_value_in(
        &mut self,
        instance: usize,
        attribute: &RawAttribute,
        scope: &Scope,
    ) -> Value {
        self.evaluate(
            instance,
            &attribute.expr,
            (scope, &attribute.references),
            &attribute.location,
        )
    }

    /// The instances of a resource or data source, computed once.
    pub fn resource_expansion(
        &mut self,
        instance: usize,
        mode: Mode,
        resource_type: &str,
        name: &str,
    ) -> Arc<Expansion> {
        let config = self.config(instance);
        let body = config
            .and_then(|c| c.resource(mode, resource_type, name))
            .map(|decl| &decl.body);
        let repeated = Repeated::Resource(mode, resource_type.to_string(), name.to_string());
        self.memoised_expansion(instance, repeated, body)
    }

    /// How many module calls lead from the root module to this instance.
    pub fn module_depth(&self, instance: usize) -> usize {
        let mut depth = 0;
        let mut at = instance;
        while let Some((parent, _)) = self.tree.get(at).and_then(|i| i.parent.as_ref()) {
            depth += 1;
            at = *parent;
            if depth > self.tree.len() {
                break;
            }
        }
        depth
    }

    /// The instances of a module call the tree does not follow (registry, git), computed once.
    pub fn call_expansion(&mut self, instance: usize, call: &str) -> Arc<Expansion> {
        let config = self.config(instance);
        let body = config
            .and_then(|c| c.module_calls.get(call))
            .map(|decl| &decl.body);
        self.memoised_expansion(instance, Repeated::Call(call.to_string()), body)
    }

    fn memoised_expansion(
        &mut self,
        instance: usize,
        repeated: Repeated,
        body: Option<&'a super::syntax::RawBody>,
    ) -> Arc<Expansion> {
        let key = (instance, repeated);
        if let Some(found) = self.expansions.get(&key) {
            return Arc::clone(found);
        }
        let expansion = Arc::new(match body {
            Some(body) => self.body_expansion(instance, body),
            None => Expansion::Single,
        });
        self.expansions.insert(key, Arc::clone(&expansion));
        expansion
    }

    /// The instances a body's `count` or `for_each` gives, evaluated in `instance`.
    pub fn body_expansion(&mut self, instance: usize, body: &super::syntax::RawBody) -> Expansion {
        let mut diagnostics = Vec::new();
        let expansion = match repetition_attribute(body, &mut diagnostics) {
            None => Expansion::Single,
            Some((meta, attribute)) => {
                let expression = hcl::format::to_string(&attribute.expr)
                    .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                    .unwrap_or_default();
                if diagnostics.is_empty() {
                    let value = self.attribute_value(instance, attribute);
                    expansion_of(
                        meta,
                        expression,
                        &value,
                        (&attribute.location, self.max_instances),
                        &mut diagnostics,
                    )
                } else {
                    Expansion::Unknown { meta, expression }
                }
            }
        };
        for diagnostic in diagnostics {
            self.report(diagnostic);
        }
        expansion
    }

    /// Evaluates an expression of an instance, with `scope` bound and `references` (the
    /// references of the attribute it belongs to, for where a problem is reported); unknown
    /// when it cannot be evaluated.
    pub fn evaluate(
        &mut self,
        instance: usize,
        expr: &Expression,
        (scope, references): (&Scope, &[RawReference]),
        at: &Location,
    ) -> Value {
        budget::start_expression();
        let mut host = ModuleHost {
            evaluator: self,
            instance,
            scope,
            references,
            at,
        };
        let mut interpreter = Interpreter::new(&mut host);
        for (name, value) in &scope.iterators {
            interpreter.bind(name.clone(), value.clone());
        }
        let value = match interpreter.evaluate(expr) {
            Ok(value) if !budget::is_exceeded() => {
                let _ = budget::charge_typed(&value);
                value
            }
            _ => unknown_of(expr),
        };
        match budget::take_exceeded() {
            Some(exceeded) => {
                self.report_budget(exceeded, at);
                unknown_of(expr)
            }
            None => value,
        }
    }

    /// The one warning of a root module for a budget its evaluation went past.
    fn report_budget(&mut self, exceeded: Budget, at: &Location) {
        if self.budgets_reported.insert(exceeded) {
            self.report(Diagnostic::warning(
                at.clone(),
                format!(
                    "evaluation stopped at {}; this value and any other past it stay unknown",
                    exceeded.describe()
                ),
            ));
        }
    }

    fn path_value(&self, instance: usize, which: &str) -> Value {
        let root = self.tree.first().map_or(".", |i| i.dir.as_str());
        let dir = self.tree.get(instance).map_or(".", |i| i.dir.as_str());
        match which {
            "module" => Value::String(relative_dir(root, dir)),
            "root" => Value::String(".".to_string()),
            // Terraform's is the absolute working directory, the root module's when it
            // runs there; tfmap gives its path from the boundary (`examples/karpenter`), so
            // that `basename(path.cwd)` names the root as it does in Terraform. The
            // boundary's own name is not known: unknown.
            "cwd" => match self.files.boundary().to_boundary(root) {
                Some(path) if path != "." => Value::String(path),
                _ => Value::unknown("path.cwd"),
            },
            other => Value::unknown(format!("path.{other}")),
        }
    }

    /// The value of a variable, local or module output, computed once.
    pub(crate) fn symbol_value(&mut self, instance: usize, symbol: Symbol, at: &Location) -> Value {
        self.symbol_part::<&str>(instance, symbol, &[], at).0
    }

    /// The part of a symbol's value that the attribute names `within` lead to, as deep as
    /// they exist, and how many of them were followed. Only that part is copied.
    fn symbol_part<S: AsRef<str>>(
        &mut self,
        instance: usize,
        symbol: Symbol,
        within: &[S],
        at: &Location,
    ) -> (Value, usize) {
        let key = (instance, symbol);
        if !self.values.contains_key(&key)
            && let Err(unknown) = self.compute_once(&key, at)
        {
            return (unknown, 0);
        }
        match self.values.get(&key) {
            Some(value) => {
                let (part, depth) = descend(value, within);
                (part.clone(), depth)
            }
            None => (Value::Null, 0),
        }
    }

    /// Computes a symbol not yet memoised and memoises it; when it depends on itself or is
    /// reached through too long a chain, it is not memoised and its marker is the error.
    fn compute_once(&mut self, key: &(usize, Symbol), at: &Location) -> Result<(), Value> {
        if self.active.contains(key) {
            let shown = self.symbol_name(key.0, &key.1);
            self.report(Diagnostic::error(
                at.clone(),
                format!("`{shown}` depends on itself; its value stays unknown"),
            ));
            return Err(Value::unknown(shown));
        }
        if self.depth >= MAX_CHAIN_DEPTH {
            let shown = self.symbol_name(key.0, &key.1);
            self.report(Diagnostic::warning(
                at.clone(),
                format!("`{shown}` is reached through more than {MAX_CHAIN_DEPTH} chained values; its value stays unknown"),
            ));
            return Err(Value::unknown(shown));
        }
        self.active.insert(key.clone());
        self.depth += 1;
        let value = self.compute_symbol(key.0, &key.1, at);
        self.depth -= 1;
        self.active.remove(key);
        self.values.insert(key.clone(), value);
        Ok(())
    }

    /// How a symbol is written, with its module path: `module.app.var.image`.
    pub(crate) fn symbol_name(&self, instance: usize, symbol: &Symbol) -> String {
        let prefix = self
            .tree
            .get(instance)
            .map(Instance::prefix)
            .unwrap_or_default();
        match symbol {
            Symbol::Var(name) => format!("{prefix}var.{name}"),
            Symbol::Local(name) => format!("{prefix}local.{name}"),
            Symbol::Output {
                call,
                key: None,
                output,
            } => format!("{prefix}module.{call}.{output}"),
            Symbol::Output {
                call,
                key: Some(key),
                output,
            } => format!("{prefix}module.{call}{key}.{output}"),
        }
    }

    /// The instance a module output is read from: the call's only instance, the one with
    /// `key`, or the instance standing for all when the keys are unknown.
    pub(crate) fn output_instance(
        &self,
        instance: usize,
        call: &str,
        key: Option<&InstanceKey>,
    ) -> Option<usize> {
        match (self.tree.get(instance)?.children.get(call)?, key) {
            (Child::Local(child), None) | (Child::EachUnknown(child), _) => Some(*child),
            (Child::Repeated(children), Some(key)) => children
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, child)| *child),
            _ => None,
        }
    }

    /// Whether the module a local call leads to declares no output of this name.
    fn declares_no_output(&self, instance: usize, call: &str, output: &str) -> bool {
        // Every instance of a repeated call reads the same directory: any one says.
        let child = match self.tree.get(instance).and_then(|i| i.children.get(call)) {
            Some(Child::Local(child) | Child::EachUnknown(child)) => Some(*child),
            Some(Child::Repeated(children)) => children.first().map(|(_, child)| *child),
            _ => None,
        };
        child
            .and_then(|child| self.config(child))
            .is_some_and(|config| !config.outputs.contains_key(output))
    }

    fn compute_symbol(&mut self, instance: usize, symbol: &Symbol, at: &Location) -> Value {
        let Some(config) = self.config(instance) else {
            return Value::Null;
        };
        match symbol {
            Symbol::Var(name) => {
                let Some(decl) = config.variables.get(name) else {
                    if config.skipped(&format!("var.{name}")) {
                        return Value::unknown(format!("var.{name}"));
                    }
                    self.report(Diagnostic::error(
                        at.clone(),
                        format!("reference to undeclared input variable `{name}`"),
                    ));
                    return Value::unknown(format!("var.{name}"));
                };
                if decl.sensitive {
                    return Value::unknown(format!("var.{name}"));
                }
                let given = match self.tree[instance].parent.clone() {
                    None => self.tfvars.get(name).cloned(),
                    Some((parent, call)) => {
                        let call_decl = self.config(parent).and_then(|c| c.module_calls.get(&call));
                        let scope = Scope::of(self.tree[instance].iteration.clone());
                        call_decl
                            .and_then(|c| c.body.attribute(name))
                            .map(|input| self.attribute_value_in(parent, input, &scope))
                    }
                };
                // A null given is the value, unless the variable is declared not nullable.
                let value = match (given, &decl.default) {
                    (Some(Value::Null), Some(default)) if !decl.nullable => {
                        self.attribute_value(instance, default)
                    }
                    (Some(value), _) => value,
                    (None, Some(default)) => self.attribute_value(instance, default),
                    (None, None) => return Value::unknown(format!("var.{name}")),
                };
                super::types::convert(value, &decl.kind)
            }
            Symbol::Local(name) => match config.locals.get(name) {
                Some(attribute) => self.attribute_value(instance, attribute),
                None if config.skipped("local.*") => Value::unknown(format!("local.{name}")),
                None => {
                    self.report(Diagnostic::error(
                        at.clone(),
                        format!("reference to undeclared local value `{name}`"),
                    ));
                    Value::unknown(format!("local.{name}"))
                }
            },
            Symbol::Output { call, key, output } => {
                let shown = self.symbol_name(instance, symbol);
                match self.tree[instance].children.get(call) {
                    Some(Child::Local(_) | Child::Repeated(_) | Child::EachUnknown(_)) => {
                        let Some(child) = self.output_instance(instance, call, key.as_ref()) else {
                            return Value::unknown(shown.clone());
                        };
                        let decl = self.config(child).and_then(|c| c.outputs.get(output));
                        match decl.and_then(|d| d.value.as_ref()) {
                            Some(value) => self.attribute_value(child, value),
                            None if self
                                .config(child)
                                .is_some_and(|c| c.skipped(&format!("output.{output}"))) =>
                            {
                                Value::unknown(shown.clone())
                            }
                            None => {
                                self.report(Diagnostic::error(
                                    at.clone(),
                                    format!("module `{call}` has no output `{output}`"),
                                ));
                                Value::unknown(shown.clone())
                            }
                        }
                    }
                    Some(_) => Value::unknown(shown.clone()),
                    None if config.skipped(&format!("module.{call}")) => {
                        Value::unknown(shown.clone())
                    }
                    None => {
                        self.report(Diagnostic::error(
                            at.clone(),
                            format!("reference to undeclared module `{call}`"),
                        ));
                        Value::unknown(shown.clone())
                    }
                }
            }
        }
    }

    /// `module.x` as a value: the object of its outputs; for a repeated call, a list (count)
    /// or a map (for_each) of such objects, as Terraform exposes it.
    fn all_outputs(&mut self, instance: usize, call: &str, at: &Location) -> Value {
        match self.tree[instance].children.get(call).cloned() {
            Some(Child::Local(_)) => self.outputs_object(instance, call, None, at),
            Some(Child::Repeated(children)) => {
                let by_index = children
                    .iter()
                    .all(|(key, _)| matches!(key, InstanceKey::Index(_)));
                let mut list = Vec::new();
                let mut map = Map::new();
                for (key, _) in children {
                    let outputs = self.outputs_object(instance, call, Some(key.clone()), at);
                    match key {
                        InstanceKey::Index(_) => list.push(outputs),
                        InstanceKey::Key(name) => {
                            map.insert(name, outputs);
                        }
                    }
                }
                if by_index {
                    Value::Array(list)
                } else {
                    Value::Object(map)
                }
            }
            _ => Value::unknown(format!("{}module.{call}", self.tree[instance].prefix())),
        }
    }

    fn outputs_object(
        &mut self,
        instance: usize,
        call: &str,
        key: Option<InstanceKey>,
        at: &Location,
    ) -> Value {
        let outputs: Vec<String> = self
            .output_instance(instance, call, key.as_ref())
            .and_then(|child| self.config(child))
            .map(|c| c.outputs.keys().cloned().collect())
            .unwrap_or_default();
        let mut object = Map::new();
        for output in outputs {
            let value = self.symbol_value(
                instance,
                Symbol::Output {
                    call: call.to_string(),
                    key: key.clone(),
                    output: output.clone(),
                },
                at,
            );
            object.insert(output, value);
        }
        Value::Object(object)
    }

    /// The full address of a resource or data source named by a reference, if declared.
    pub fn declared_address(
        &self,
        instance: usize,
        mode: Mode,
        resource_type: &str,
        name: &str,
    ) -> Option<String> {
        let config = self.config(instance)?;
        let decl = config.resource(mode, resource_type, name)?;
        Some(format!(
            "{}{}",
            self.tree[instance].prefix(),
            decl.local_address()
        ))
    }
}

/// What one expression of one module instance names, as the interpreter asks for it.
struct ModuleHost<'e, 'a> {
    evaluator: &'e mut Evaluator<'a>,
    instance: usize,
    scope: &'e Scope,
    /// The references of the attribute evaluated: where each name is written.
    references: &'e [RawReference],
    at: &'e Location,
}

impl ModuleHost<'_, '_> {
    /// Where `root.attrs…` is written in the attribute, for a diagnostic about it.
    fn location_of(&self, root: &str, attrs: &[&str]) -> Location {
        self.written(root, attrs)
            .map_or_else(|| self.at.clone(), |r| r.location.clone())
    }

    fn written(&self, root: &str, attrs: &[&str]) -> Option<&RawReference> {
        self.references.iter().find(|reference| {
            reference.path.first().is_some_and(|first| first == root)
                && reference.path.len() > attrs.len()
                && reference.path[1..=attrs.len()]
                    .iter()
                    .zip(attrs)
                    .all(|(written, attr)| written == attr)
        })
    }

    /// The unknown value of a resource, data source or other name tfmap does not know, as
    /// far as the attribute names go: `aws_lb.main.arn` (with the module path).
    fn unknown_name(&self, root: &str, attrs: &[&str], prefixed: bool) -> (Value, usize) {
        let mut origin = String::new();
        if prefixed && let Some(instance) = self.evaluator.tree.get(self.instance) {
            origin.push_str(&instance.prefix());
        }
        origin.push_str(root);
        for attr in attrs {
            origin.push('.');
            origin.push_str(attr);
        }
        (Value::unknown(origin), attrs.len())
    }

    /// The root module's directory: where relative paths of file functions start, as in
    /// Terraform.
    fn root_dir(&self) -> String {
        self.evaluator
            .tree
            .first()
            .map_or(".", |i| i.dir.as_str())
            .to_string()
    }
}

impl Host for ModuleHost<'_, '_> {
    fn lookup(&mut self, root: &str, attrs: &[&str]) -> Result<(Value, usize), String> {
        let instance = self.instance;
        let symbol_read = |symbol: Symbol, rest: &[&str], this: &mut Self| {
            let at = this.location_of(root, &attrs[..1]);
            this.evaluator.symbol_part(instance, symbol, rest, &at)
        };
        Ok(match (root, attrs) {
            ("var", [name, rest @ ..]) => {
                let (value, depth) = symbol_read(Symbol::Var(name.to_string()), rest, self);
                (value, depth + 1)
            }
            ("local", [name, rest @ ..]) => {
                let (value, depth) = symbol_read(Symbol::Local(name.to_string()), rest, self);
                (value, depth + 1)
            }
            ("module", [call, output, rest @ ..]) => {
                // Terraform checks only that the module call exists before evaluation;
                // reading an output the module does not declare fails evaluation, which
                // `try`/`can` catch.
                let tolerated = self
                    .written(root, &attrs[..2])
                    .is_some_and(|reference| reference.tolerated);
                if tolerated && self.evaluator.declares_no_output(instance, call, output) {
                    return Err(format!("module `{call}` has no output `{output}`"));
                }
                let at = self.location_of(root, &attrs[..2]);
                let symbol = Symbol::Output {
                    call: call.to_string(),
                    key: None,
                    output: output.to_string(),
                };
                let (value, depth) = self.evaluator.symbol_part(instance, symbol, rest, &at);
                (value, depth + 2)
            }
            ("module", [call]) => {
                let at = self.location_of(root, attrs);
                (self.evaluator.all_outputs(instance, call, &at), 1)
            }
            ("path", [which, ..]) => (self.evaluator.path_value(instance, which), 1),
            // `each` or `count` of the instance being evaluated (not a bare `each` outside
            // any `for_each`, which stays unknown below).
            ("each" | "count", _)
                if self
                    .scope
                    .iteration
                    .as_ref()
                    .is_some_and(|iteration| iteration.name() == root) =>
            {
                match &self.scope.iteration {
                    Some(iteration) => iteration.part(attrs),
                    None => (Value::Null, 0),
                }
            }
            ("each" | "count" | "self" | "terraform", _) => self.unknown_name(root, attrs, false),
            ("data", ["terraform_remote_state", name, rest @ ..])
                if let Some(state) = self.evaluator.remote_state(instance, name) =>
            {
                let (part, depth) = descend(&state.value, rest);
                (part.clone(), depth + 2)
            }
            // `resource.TYPE.NAME` names the same resource as `TYPE.NAME`.
            ("resource", [kind, rest @ ..]) => {
                let (value, depth) = self.unknown_name(kind, rest, true);
                (value, depth + 1)
            }
            (_, []) => self.unknown_name(root, attrs, false),
            _ => self.unknown_name(root, attrs, true),
        })
    }

    fn file_text(&mut self, function: &str, path: &str) -> Option<Arc<str>> {
        let root = self.root_dir();
        let evaluator = &mut *self.evaluator;
        let boundary = evaluator.files.boundary();
        let Some(resolved) = boundary.join(&root, path) else {
            evaluator.report(Diagnostic::warning(
                self.at.clone(),
                format!(
                    "{function}({path:?}) leads outside {}; not read",
                    boundary.describe()
                ),
            ));
            return None;
        };
        let files = evaluator.files;
        let read = evaluator
            .file_texts
            .entry(resolved.clone())
            .or_insert_with(|| {
                files
                    .read_text(&resolved)
                    .map(Arc::from)
                    .map_err(|e| e.to_string())
            })
            .clone();
        match read {
            Ok(text) => Some(text),
            Err(error) => {
                evaluator.report(Diagnostic::warning(
                    self.at.clone(),
                    format!("{function}({path:?}): {resolved}: {error}"),
                ));
                None
            }
        }
    }

    /// True or false as the repository holds the file; unknown for what Terraform would
    /// refuse (a directory) and for what tfmap may not look at (outside the boundary).
    fn file_exists(&mut self, path: &str) -> Option<bool> {
        let root = self.root_dir();
        let resolved = self.evaluator.files.boundary().join(&root, path)?;
        match self.evaluator.files.read_text(&resolved) {
            Ok(_) | Err(ReadError::TooLarge { .. } | ReadError::NotUtf8 { .. }) => Some(true),
            Err(ReadError::NotFound) => Some(false),
            Err(_) => None,
        }
    }

    /// The files below `dir`, listed once; a missing directory lists nothing, as in
    /// Terraform.
    fn list_files(&mut self, dir: &str) -> Option<Arc<[String]>> {
        let root = self.root_dir();
        let dir = self.evaluator.files.boundary().join(&root, dir)?;
        let files = self.evaluator.files;
        let listed = self
            .evaluator
            .listings
            .entry(dir.clone())
            .or_insert_with(|| files.list_files(&dir).map(Arc::from))
            .clone();
        match listed {
            Ok(listed) => Some(listed),
            Err(ReadError::NotFound) => Some(Arc::from(Vec::new())),
            Err(_) => None,
        }
    }
}

/// The value the attribute names lead to, as deep as they exist, and how many were followed.
pub(crate) fn descend<'v, S: AsRef<str>>(value: &'v Value, names: &[S]) -> (&'v Value, usize) {
    let mut current = value;
    let mut depth = 0;
    for name in names {
        match current {
            Value::Object(object) => match object.get(name.as_ref()) {
                Some(inner) => {
                    current = inner;
                    depth += 1;
                }
                None => break,
            },
            _ => break,
        }
    }
    (current, depth)
}
