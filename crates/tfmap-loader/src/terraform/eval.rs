//! Static evaluation of one root module and the instances below it. Values are computed on
//! demand and memoised per instance and symbol (`var.x`, `local.y`, an output), so the order
//! of declarations never matters and each value is computed once. Anything that depends on
//! something unknown keeps a marker (see `unknown.rs`): tfmap never guesses.

use super::budget::{self, Budget};
use super::config::{Mode, ModuleConfig};
use super::expand::{Expansion, Iteration, expansion_of, repetition_attribute};
use super::functions::{INSPECTING, base_context, reads_a_file, result_from_text};
use super::reads::ReferencedPaths;
use super::syntax::{RawAttribute, RawReference};
use super::tree::{Child, Instance, relative_dir};
use super::unknown::{
    contains_marker, expression_marker, for_body_ignores_unknowns, is_whole_marker, marker,
    value_has_marker,
};
use crate::diagnostic::Diagnostic;
use crate::inventory::{InstanceKey, KeyLevel};
use crate::location::Location;
use crate::source::{ReadError, SourceFiles};
use hcl::eval::{Context, Evaluate};
use hcl::{Expression, Map, Value};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::str::FromStr;
use std::sync::Arc;

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
    base: Context<'static>,
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
    /// the marker of the path that reads it here.
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
            base: base_context(),
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
        let vars = self.scope_vars(instance, &attribute.references, scope);
        self.evaluate(instance, &attribute.expr, vars, &attribute.location)
    }

    /// The variables an expression sees: its references' values and the scope's iterators.
    pub(crate) fn scope_vars(
        &mut self,
        instance: usize,
        references: &[RawReference],
        scope: &Scope,
    ) -> Map<String, Value> {
        let mut vars = self.context_vars(instance, references, scope);
        for (name, value) in &scope.iterators {
            vars.insert(name.clone(), value.clone());
        }
        vars
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

    /// Evaluates an expression with the given variables; unknown when it cannot be evaluated.
    pub fn evaluate(
        &mut self,
        instance: usize,
        expr: &Expression,
        vars: Map<String, Value>,
        at: &Location,
    ) -> Value {
        let mut ctx = super::functions::context_for(expr);
        for (name, value) in vars {
            ctx.declare_var(name, value);
        }
        budget::start_expression();
        let prepared = self.prepare(instance, expr, &ctx, at);
        let value = match prepared.evaluate(&ctx) {
            Ok(value) if !budget::is_exceeded() => {
                let _ = budget::charge_value(&value);
                value
            }
            _ => expression_marker(expr),
        };
        match budget::take_exceeded() {
            Some(exceeded) => {
                self.report_budget(exceeded, at);
                expression_marker(expr)
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

    /// The values an expression's references need, as nested objects (`var`, `local`, …).
    fn context_vars(
        &mut self,
        instance: usize,
        references: &[RawReference],
        scope: &Scope,
    ) -> Map<String, Value> {
        let mut vars = Map::new();
        let referenced = ReferencedPaths::of(references);
        let mut ordered: Vec<&RawReference> = references.iter().collect();
        // Deeper paths first, so that `aws_lb.x.arn` and `aws_lb.x` share one object.
        ordered.sort_by_key(|r| std::cmp::Reverse(r.path.len()));
        let prefix = self
            .tree
            .get(instance)
            .map(Instance::prefix)
            .unwrap_or_default();
        for reference in ordered {
            let path = &reference.path;
            // Another root's outputs, as the state it writes holds them: only the outputs
            // read by name (`….outputs.name`), unless some reference of the expression
            // reads them all (`….outputs["name"]`, `….outputs`).
            if is_remote_state(path)
                && let Some(state) = self.remote_state(instance, &path[2])
            {
                let whole = path.len() < 5
                    || references.iter().any(|r| {
                        is_remote_state(&r.path) && r.path.len() < 5 && r.path[2] == path[2]
                    });
                if whole {
                    if !has_path(&vars, &path[..3]) {
                        insert_path(&mut vars, &path[..3], state.value.clone());
                    }
                } else if !has_path(&vars, &path[..5]) {
                    let (part, depth) = descend(&state.value, &path[3..5]);
                    if depth == 2 {
                        insert_path(&mut vars, &path[..5], part.clone());
                    }
                }
                continue;
            }
            let named = symbol_length(path, scope);
            let symbol = named.unwrap_or(path.len());
            // A value is copied only as deep as the references read it: `each.value.cpu` and
            // `each.value.image` copy two fields, not the whole service object; with
            // `each.value` also referenced, the whole value.
            let read = referenced.read_length(path);
            let within = &path[symbol..read.max(symbol)];
            if has_path(&vars, &path[..symbol + within.len()]) {
                continue;
            }
            let at = &reference.location;
            let (value, depth) = match (path[0].as_str(), path.len()) {
                ("var", 2..) => {
                    self.symbol_part(instance, Symbol::Var(path[1].clone()), within, at)
                }
                ("local", 2..) => {
                    self.symbol_part(instance, Symbol::Local(path[1].clone()), within, at)
                }
                // Terraform checks only that the module call exists before evaluation;
                // reading an output the module does not declare is an evaluation error,
                // which `try`/`can` catch. Left out, the expression fails here the same way.
                ("module", 3..)
                    if reference.tolerated
                        && self.declares_no_output(instance, &path[1], &path[2]) =>
                {
                    continue;
                }
                ("module", 3..) => {
                    let output = Symbol::Output {
                        call: path[1].clone(),
                        key: None,
                        output: path[2].clone(),
                    };
                    self.symbol_part(instance, output, within, at)
                }
                ("module", 2) => (self.all_outputs(instance, &path[1], at), 0),
                ("path", 2..) => (self.path_value(instance, &path[1]), 0),
                // `each` or `count` of the instance being evaluated (not a bare `each`
                // outside any `for_each`, which stays unknown below).
                ("each" | "count", _) if named == Some(1) => scope
                    .iteration
                    .as_ref()
                    .map_or((Value::Null, 0), |i| i.part(within)),
                ("each" | "count" | "self" | "terraform", _) => (marker(&path.join(".")), 0),
                // `resource.TYPE.NAME` names the same resource as `TYPE.NAME`.
                ("resource", 3..) => (marker(&format!("{prefix}{}", path[1..].join("."))), 0),
                _ => (marker(&format!("{prefix}{}", path.join("."))), 0),
            };
            insert_path(&mut vars, &path[..symbol + depth], value);
        }
        vars
    }

    fn path_value(&self, instance: usize, which: &str) -> Value {
        let root = self.tree.first().map_or(".", |i| i.dir.as_str());
        let dir = self.tree.get(instance).map_or(".", |i| i.dir.as_str());
        match which {
            "module" => Value::String(relative_dir(root, dir)),
            "root" | "cwd" => Value::String(".".to_string()),
            other => marker(&format!("path.{other}")),
        }
    }

    /// The value of a variable, local or module output, computed once.
    pub(crate) fn symbol_value(&mut self, instance: usize, symbol: Symbol, at: &Location) -> Value {
        self.symbol_part(instance, symbol, &[], at).0
    }

    /// The part of a symbol's value that the attribute names `within` lead to, as deep as
    /// they exist, and how many of them were followed. Only that part is copied.
    fn symbol_part(
        &mut self,
        instance: usize,
        symbol: Symbol,
        within: &[String],
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
            return Err(marker(&shown));
        }
        if self.depth >= MAX_CHAIN_DEPTH {
            let shown = self.symbol_name(key.0, &key.1);
            self.report(Diagnostic::warning(
                at.clone(),
                format!("`{shown}` is reached through more than {MAX_CHAIN_DEPTH} chained values; its value stays unknown"),
            ));
            return Err(marker(&shown));
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
                        return marker(&format!("var.{name}"));
                    }
                    self.report(Diagnostic::error(
                        at.clone(),
                        format!("reference to undeclared input variable `{name}`"),
                    ));
                    return marker(&format!("var.{name}"));
                };
                if decl.sensitive {
                    return marker(&format!("var.{name}"));
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
                    (None, None) => return marker(&format!("var.{name}")),
                };
                super::types::convert(value, &decl.kind)
            }
            Symbol::Local(name) => match config.locals.get(name) {
                Some(attribute) => self.attribute_value(instance, attribute),
                None if config.skipped("local.*") => marker(&format!("local.{name}")),
                None => {
                    self.report(Diagnostic::error(
                        at.clone(),
                        format!("reference to undeclared local value `{name}`"),
                    ));
                    marker(&format!("local.{name}"))
                }
            },
            Symbol::Output { call, key, output } => {
                let shown = self.symbol_name(instance, symbol);
                match self.tree[instance].children.get(call) {
                    Some(Child::Local(_) | Child::Repeated(_) | Child::EachUnknown(_)) => {
                        let Some(child) = self.output_instance(instance, call, key.as_ref()) else {
                            return marker(&shown);
                        };
                        let decl = self.config(child).and_then(|c| c.outputs.get(output));
                        match decl.and_then(|d| d.value.as_ref()) {
                            Some(value) => self.attribute_value(child, value),
                            None if self
                                .config(child)
                                .is_some_and(|c| c.skipped(&format!("output.{output}"))) =>
                            {
                                marker(&shown)
                            }
                            None => {
                                self.report(Diagnostic::error(
                                    at.clone(),
                                    format!("module `{call}` has no output `{output}`"),
                                ));
                                marker(&shown)
                            }
                        }
                    }
                    Some(_) => marker(&shown),
                    None if config.skipped(&format!("module.{call}")) => marker(&shown),
                    None => {
                        self.report(Diagnostic::error(
                            at.clone(),
                            format!("reference to undeclared module `{call}`"),
                        ));
                        marker(&shown)
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
            _ => marker(&format!("{}module.{call}", self.tree[instance].prefix())),
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

    /// `aws_lb_target_group.tg[each.key].arn` as a marker naming the instance:
    /// `${aws_lb_target_group.tg["web"].arn}`, so that later stages can tie the value to the
    /// instance it names. `None` when the traversal is not an indexed resource reference or
    /// the index is unknown.
    fn instance_marker(
        &mut self,
        instance: usize,
        traversal: &hcl::expr::Traversal,
        ctx: &Context,
        at: &Location,
    ) -> Option<Expression> {
        use hcl::expr::TraversalOperator as Op;
        let Expression::Variable(root) = &traversal.expr else {
            return None;
        };
        let attr = |i: usize| match traversal.operators.get(i) {
            Some(Op::GetAttr(name)) => Some(name.as_str().to_string()),
            _ => None,
        };
        let (mode, resource_type, name, at_index) = if root.as_str() == "data" {
            (Mode::Data, attr(0)?, attr(1)?, 2)
        } else {
            (Mode::Managed, root.as_str().to_string(), attr(0)?, 1)
        };
        self.config(instance)?
            .resource(mode, &resource_type, &name)?;
        let key = match traversal.operators.get(at_index)? {
            Op::Index(index) => {
                let prepared = self.prepare(instance, index, ctx, at);
                instance_key(&prepared.evaluate(ctx).ok()?)?
            }
            Op::LegacyIndex(index) => InstanceKey::Index(*index),
            _ => return None,
        };
        let prefix = self.tree.get(instance).map(Instance::prefix)?;
        let mut text = match mode {
            Mode::Managed => format!("{prefix}{resource_type}.{name}{key}"),
            Mode::Data => format!("{prefix}data.{resource_type}.{name}{key}"),
        };
        for operator in &traversal.operators[at_index + 1..] {
            match operator {
                Op::GetAttr(name) => {
                    text.push('.');
                    text.push_str(name.as_str());
                }
                Op::LegacyIndex(index) => text.push_str(&format!("[{index}]")),
                Op::Index(index) => {
                    let prepared = self.prepare(instance, index, ctx, at);
                    let shown = match prepared.evaluate(ctx).ok().as_ref().and_then(instance_key) {
                        Some(key) => key.to_string(),
                        None => format!("[{}]", hcl::format::to_string(index).ok()?.trim()),
                    };
                    text.push_str(&shown);
                }
                Op::AttrSplat | Op::FullSplat => text.push_str("[*]"),
            }
        }
        Some(Expression::from(marker(&text)))
    }

    /// Rewrites an expression before hcl-rs evaluates it: reads files for `file` and
    /// `templatefile`, settles `try` and `can`, and turns into unknown every place where an
    /// unknown value would otherwise be compared, branched on or inspected.
    fn prepare(
        &mut self,
        instance: usize,
        expr: &Expression,
        ctx: &Context,
        at: &Location,
    ) -> Expression {
        match expr {
            Expression::FuncCall(call) if call.name.namespace.is_empty() => {
                let name = call.name.name.as_str();
                match name {
                    name if reads_a_file(name) => {
                        self.read_file_call(instance, expr, call, ctx, at)
                    }
                    "fileexists" => self.file_exists_call(instance, expr, call, ctx, at),
                    "fileset" => self.fileset_call(instance, expr, call, ctx, at),
                    "try" => {
                        for arg in &call.args {
                            let prepared = self.prepare(instance, arg, ctx, at);
                            let result = prepared.evaluate(ctx);
                            // An argument stopped by a budget is unknown, not an error
                            // that passes on to the next one.
                            if budget::is_exceeded() {
                                break;
                            }
                            match result {
                                Ok(value) => return Expression::from(value),
                                // Failing on an unknown value says nothing of the real one:
                                // Terraform's `try` of an unknown is unknown.
                                Err(error) if fails_on_unknown(&error, &prepared, ctx) => break,
                                Err(_) => {}
                            }
                        }
                        Expression::from(expression_marker(expr))
                    }
                    "can" => {
                        let prepared = call
                            .args
                            .first()
                            .map(|a| self.prepare(instance, a, ctx, at));
                        match prepared.as_ref().map(|p| (p, p.evaluate(ctx))) {
                            _ if budget::is_exceeded() => Expression::from(expression_marker(expr)),
                            Some((_, Ok(value))) if !value_has_marker(&value) => {
                                Expression::Bool(true)
                            }
                            Some((prepared, Err(error)))
                                if !fails_on_unknown(&error, prepared, ctx) =>
                            {
                                Expression::Bool(false)
                            }
                            _ => Expression::from(expression_marker(expr)),
                        }
                    }
                    _ => {
                        let args: Vec<Expression> = call
                            .args
                            .iter()
                            .map(|a| self.prepare(instance, a, ctx, at))
                            .collect();
                        if INSPECTING.contains(&name) && args.iter().any(|a| uncertain(a, ctx)) {
                            return Expression::from(expression_marker(expr));
                        }
                        let mut call = call.as_ref().clone();
                        call.args = args;
                        Expression::FuncCall(Box::new(call))
                    }
                }
            }
            Expression::Conditional(cond) => {
                let condition = self.prepare(instance, &cond.cond_expr, ctx, at);
                match condition.evaluate(ctx) {
                    Ok(Value::Bool(true)) => self.prepare(instance, &cond.true_expr, ctx, at),
                    Ok(Value::Bool(false)) => self.prepare(instance, &cond.false_expr, ctx, at),
                    _ => Expression::from(expression_marker(expr)),
                }
            }
            Expression::Operation(operation)
                if let hcl::expr::Operation::Binary(binary) = operation.as_ref()
                    && matches!(
                        binary.operator,
                        hcl::expr::BinaryOperator::And | hcl::expr::BinaryOperator::Or
                    ) =>
            {
                self.logical(instance, expr, binary, ctx, at)
            }
            Expression::Operation(operation) => {
                use hcl::expr::{BinaryOp, Operation, UnaryOp};
                let prepared = match operation.as_ref() {
                    Operation::Unary(unary) => self
                        .known_operand(instance, &unary.expr, ctx, at)
                        .map(|operand| Operation::Unary(UnaryOp::new(unary.operator, operand))),
                    Operation::Binary(binary) => self
                        .known_operand(instance, &binary.lhs_expr, ctx, at)
                        .and_then(|lhs| {
                            let rhs = self.known_operand(instance, &binary.rhs_expr, ctx, at)?;
                            super::arithmetic::within_range(&lhs, binary.operator, &rhs)?;
                            Some(Operation::Binary(BinaryOp::new(lhs, binary.operator, rhs)))
                        }),
                };
                prepared.map_or_else(
                    || Expression::from(expression_marker(expr)),
                    |operation| Expression::Operation(Box::new(operation)),
                )
            }
            Expression::ForExpr(for_expr) => {
                let collection = self.prepare(instance, &for_expr.collection_expr, ctx, at);
                let Ok(value) = collection.evaluate(ctx) else {
                    return self
                        .filtered_out(instance, for_expr, ctx, at)
                        .unwrap_or_else(|| Expression::from(expression_marker(expr)));
                };
                // A collection whose shape is known but whose elements hold unknowns can
                // still be iterated when the body only passes the elements through.
                let iterable = match &value {
                    value if !value_has_marker(value) => true,
                    Value::Array(_) => for_body_ignores_unknowns(for_expr),
                    Value::Object(map) => {
                        !map.keys().any(|k| contains_marker(k))
                            && for_body_ignores_unknowns(for_expr)
                    }
                    _ => false,
                };
                let elements = match &value {
                    Value::Array(items) => items.len(),
                    Value::Object(map) => map.len(),
                    _ => 1,
                };
                if !iterable {
                    return self
                        .filtered_out(instance, for_expr, ctx, at)
                        .unwrap_or_else(|| Expression::from(expression_marker(expr)));
                }
                if budget::step(elements as u64).is_err() {
                    return Expression::from(expression_marker(expr));
                }
                let mut for_expr = for_expr.as_ref().clone();
                for_expr.collection_expr = Expression::from(in_lexical_order(value));
                budget::metered_for(&mut for_expr);
                Expression::ForExpr(Box::new(for_expr))
            }
            Expression::Traversal(traversal) => {
                if let Some(marker) = self.instance_marker(instance, traversal, ctx, at) {
                    return marker;
                }
                let mut traversal = traversal.as_ref().clone();
                traversal.expr = self.prepare(instance, &traversal.expr, ctx, at);
                for operator in &mut traversal.operators {
                    if let hcl::expr::TraversalOperator::Index(index) = operator {
                        *index = self.prepare(instance, index, ctx, at);
                        if uncertain(index, ctx) {
                            return Expression::from(expression_marker(expr));
                        }
                    }
                }
                Expression::Traversal(Box::new(traversal))
            }
            Expression::Array(items) => Expression::Array(
                items
                    .iter()
                    .map(|i| self.prepare(instance, i, ctx, at))
                    .collect(),
            ),
            Expression::Object(object) => Expression::Object(
                object
                    .iter()
                    .map(|(k, v)| (k.clone(), self.prepare(instance, v, ctx, at)))
                    .collect(),
            ),
            Expression::Parenthesis(inner) => {
                Expression::Parenthesis(Box::new(self.prepare(instance, inner, ctx, at)))
            }
            Expression::TemplateExpr(template) => self
                .prepare_template(instance, expr, template, ctx, at)
                .unwrap_or_else(|| directive_template(expr, template, ctx)),
            other => other.clone(),
        }
    }

    /// `a && b` is false when either side is known false, `a || b` true when either is known
    /// true, whatever the other side is: unknown, or failing (`x != null && x.on` with a null
    /// `x`). HCL decides logical operators so, from either side (hashicorp/hcl#713). Each
    /// side is prepared once, so chains of operators stay linear.
    fn logical(
        &mut self,
        instance: usize,
        expr: &Expression,
        binary: &hcl::expr::BinaryOp,
        ctx: &Context,
        at: &Location,
    ) -> Expression {
        let deciding = binary.operator == hcl::expr::BinaryOperator::Or;
        let mut sides = Vec::with_capacity(2);
        for side in [&binary.lhs_expr, &binary.rhs_expr] {
            let value = self.prepare(instance, side, ctx, at).evaluate(ctx);
            if matches!(value, Ok(Value::Bool(b)) if b == deciding) {
                return Expression::Bool(deciding);
            }
            sides.push(value);
        }
        match (&sides[0], &sides[1]) {
            // Neither side decides: both known booleans give the other answer.
            (Ok(Value::Bool(_)), Ok(Value::Bool(_))) => Expression::Bool(!deciding),
            _ => Expression::from(expression_marker(expr)),
        }
    }

    /// The empty result of a `for` whose `if` is known false whatever the element
    /// (`{ for k, v in x : k => v if local.create }` with `create = false`): empty even
    /// when the collection is unknown, since valid code has a known collection by plan time
    /// and every element is filtered out. `None` when the condition is not such a constant.
    fn filtered_out(
        &mut self,
        instance: usize,
        for_expr: &hcl::expr::ForExpr,
        ctx: &Context,
        at: &Location,
    ) -> Option<Expression> {
        let condition = for_expr.cond_expr.as_ref()?;
        let iterators: Vec<&str> = for_expr
            .key_var
            .iter()
            .chain(std::iter::once(&for_expr.value_var))
            .map(|name| name.as_str())
            .collect();
        if super::unknown::may_mention(condition, &iterators) {
            return None;
        }
        let prepared = self.prepare(instance, condition, ctx, at);
        match prepared.evaluate(ctx) {
            Ok(Value::Bool(false)) if for_expr.key_expr.is_some() => {
                Some(Expression::Object(hcl::expr::Object::new()))
            }
            Ok(Value::Bool(false)) => Some(Expression::Array(Vec::new())),
            _ => None,
        }
    }

    /// An operand of an operator, prepared; `None` when it is uncertain. A known operand is
    /// kept as its value, so that the operators above it do not evaluate it again: a chain
    /// of 128 operators was otherwise copied and evaluated once per level (quadratic).
    fn known_operand(
        &mut self,
        instance: usize,
        operand: &Expression,
        ctx: &Context,
        at: &Location,
    ) -> Option<Expression> {
        let prepared = self.prepare(instance, operand, ctx, at);
        match &prepared {
            Expression::Null | Expression::Bool(_) | Expression::Number(_) => Some(prepared),
            Expression::String(s) => (!contains_marker(s)).then_some(prepared),
            _ => match prepared.evaluate(ctx) {
                Ok(value) if !value_has_marker(&value) => Some(Expression::from(value)),
                _ => None,
            },
        }
    }

    /// A string template without directives, interpolation by interpolation: each goes
    /// through `prepare` (so `file()`, `try()` and the unknown-guards work inside strings),
    /// and an unknown part stays a marker beside the known text. Templates with `%{ }`
    /// directives are left to hcl-rs as a whole (`None`).
    fn prepare_template(
        &mut self,
        instance: usize,
        expr: &Expression,
        template: &hcl::expr::TemplateExpr,
        ctx: &Context,
        at: &Location,
    ) -> Option<Expression> {
        use hcl::template::Element;
        let parsed = hcl::Template::from_expr(template).ok()?;
        if parsed
            .elements()
            .iter()
            .any(|e| matches!(e, Element::Directive(_)))
        {
            return None;
        }
        let mut text = String::new();
        for element in parsed.elements() {
            match element {
                Element::Literal(literal) => text.push_str(literal),
                Element::Interpolation(interpolation) => {
                    let prepared = self.prepare(instance, &interpolation.expr, ctx, at);
                    match prepared.evaluate(ctx) {
                        Ok(Value::String(s)) => text.push_str(&s),
                        Ok(Value::Number(n)) => text.push_str(&n.to_string()),
                        Ok(Value::Bool(b)) => text.push_str(if b { "true" } else { "false" }),
                        // Null or a collection cannot be interpolated: Terraform would fail.
                        _ => match expression_marker(&interpolation.expr) {
                            Value::String(marker) => text.push_str(&marker),
                            _ => return Some(Expression::from(expression_marker(expr))),
                        },
                    }
                }
                Element::Directive(_) => return None,
            }
        }
        Some(Expression::String(text))
    }

    /// `file(path)` and `templatefile(path, vars)`, read from inside the analysed root.
    /// Relative paths start at the root module's directory, as in Terraform.
    fn read_file_call(
        &mut self,
        instance: usize,
        expr: &Expression,
        call: &hcl::expr::FuncCall,
        ctx: &Context,
        at: &Location,
    ) -> Expression {
        let unknown = || Expression::from(expression_marker(expr));
        let Some(path) = self.path_argument(instance, call, ctx, at) else {
            return unknown();
        };
        let root = self
            .tree
            .first()
            .map_or(".", |i| i.dir.as_str())
            .to_string();
        let boundary = self.files.boundary();
        let Some(resolved) = boundary.join(&root, &path) else {
            self.report(Diagnostic::warning(
                at.clone(),
                format!(
                    "{}({path:?}) leads outside {}; not read",
                    call.name.name,
                    boundary.describe()
                ),
            ));
            return unknown();
        };
        let read = self
            .file_texts
            .entry(resolved.clone())
            .or_insert_with(|| {
                self.files
                    .read_text(&resolved)
                    .map(Arc::from)
                    .map_err(|e| e.to_string())
            })
            .clone();
        let text = match read {
            Ok(text) => text,
            Err(error) => {
                self.report(Diagnostic::warning(
                    at.clone(),
                    format!("{}({path:?}): {resolved}: {error}", call.name.name),
                ));
                return unknown();
            }
        };
        // A file larger than a value may be is not copied into one.
        if budget::check_bytes(text.len()).is_err() {
            return unknown();
        }
        if let Some(value) = result_from_text(call.name.name.as_str(), &text) {
            return Expression::from(value);
        }
        let vars = match call
            .args
            .get(1)
            .map(|a| self.prepare(instance, a, ctx, at).evaluate(ctx))
        {
            Some(Ok(Value::Object(vars))) => vars,
            None => Map::new(),
            Some(_) => return unknown(),
        };
        let mut template_ctx = self.base.clone();
        for (name, value) in vars {
            template_ctx.declare_var(name.as_str(), value);
        }
        match hcl::Template::from_str(&text) {
            Ok(mut template) => {
                budget::metered_template(&mut template);
                match template.evaluate(&template_ctx) {
                    Ok(rendered) => Expression::String(rendered),
                    Err(_) => unknown(),
                }
            }
            Err(_) => {
                self.report(Diagnostic::warning(
                    at.clone(),
                    format!("templatefile: {resolved} is not a valid template"),
                ));
                unknown()
            }
        }
    }

    /// The path a file function names in its first argument, when it is known.
    fn path_argument(
        &mut self,
        instance: usize,
        call: &hcl::expr::FuncCall,
        ctx: &Context,
        at: &Location,
    ) -> Option<String> {
        let path_arg = call.args.first()?;
        match self.prepare(instance, path_arg, ctx, at).evaluate(ctx) {
            Ok(Value::String(path)) if !contains_marker(&path) => Some(path),
            _ => None,
        }
    }

    /// `fileexists(path)`: true or false as the repository holds the file, relative to the
    /// root module as `file()` reads it. Unknown for what Terraform would refuse (a
    /// directory) and for what tfmap may not look at (outside the boundary); a
    /// missing file is the answer `false`, not a warning.
    fn file_exists_call(
        &mut self,
        instance: usize,
        expr: &Expression,
        call: &hcl::expr::FuncCall,
        ctx: &Context,
        at: &Location,
    ) -> Expression {
        let unknown = || Expression::from(expression_marker(expr));
        if call.args.len() != 1 {
            return unknown();
        }
        let Some(path) = self.path_argument(instance, call, ctx, at) else {
            return unknown();
        };
        let root = self.tree.first().map_or(".", |i| i.dir.as_str());
        let Some(resolved) = self.files.boundary().join(root, &path) else {
            return unknown();
        };
        match self.files.read_text(&resolved) {
            Ok(_) | Err(ReadError::TooLarge { .. } | ReadError::NotUtf8 { .. }) => {
                Expression::Bool(true)
            }
            Err(ReadError::NotFound) => Expression::Bool(false),
            Err(_) => unknown(),
        }
    }

    /// `fileset(path, pattern)`: the files below `path` (relative to the root module, inside
    /// the boundary) whose path from there matches `pattern` (`*`, `**`, `?`, `[…]`,
    /// `{a,b}`), sorted. A missing directory gives the empty set, as in Terraform; a
    /// pattern Terraform would refuse, or a directory tfmap may not list, stays unknown.
    fn fileset_call(
        &mut self,
        instance: usize,
        expr: &Expression,
        call: &hcl::expr::FuncCall,
        ctx: &Context,
        at: &Location,
    ) -> Expression {
        let unknown = || Expression::from(expression_marker(expr));
        let [_, pattern_arg] = call.args.as_slice() else {
            return unknown();
        };
        let Some(path) = self.path_argument(instance, call, ctx, at) else {
            return unknown();
        };
        let pattern = match self.prepare(instance, pattern_arg, ctx, at).evaluate(ctx) {
            Ok(Value::String(pattern)) if !contains_marker(&pattern) => pattern,
            _ => return unknown(),
        };
        let Ok(glob) = globset::GlobBuilder::new(&pattern)
            .literal_separator(true)
            .backslash_escape(true)
            .build()
        else {
            return unknown();
        };
        let matcher = glob.compile_matcher();
        let root = self.tree.first().map_or(".", |i| i.dir.as_str());
        let Some(dir) = self.files.boundary().join(root, &path) else {
            return unknown();
        };
        let files = self.files;
        let listed = self
            .listings
            .entry(dir.clone())
            .or_insert_with(|| files.list_files(&dir).map(Arc::from))
            .clone();
        match listed {
            Ok(listed) => Expression::Array(
                listed
                    .iter()
                    .filter(|file| matcher.is_match(file.as_str()))
                    .map(|file| Expression::String(file.clone()))
                    .collect(),
            ),
            Err(ReadError::NotFound) => Expression::Array(Vec::new()),
            Err(_) => unknown(),
        }
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

/// A template with `%{ }` directives, evaluated with its `%{ for }` loops counted (see
/// `budget/rewrite.rs`). When it fails, the original is left for hcl-rs to fail on, as
/// before; when a budget stopped it, nothing is left to evaluate (the caller makes the
/// whole value unknown).
fn directive_template(
    expr: &Expression,
    template: &hcl::expr::TemplateExpr,
    ctx: &Context,
) -> Expression {
    let Ok(mut parsed) = hcl::Template::from_expr(template) else {
        return expr.clone();
    };
    budget::metered_template(&mut parsed);
    match parsed.evaluate(ctx) {
        Ok(text) => Expression::String(text),
        Err(_) if budget::is_exceeded() => Expression::Null,
        // The metered template fails again where it is evaluated next, as the original
        // would, but without the arithmetic that crashed hcl-rs (`arithmetic::guard`).
        Err(_) => hcl::format::to_string(&parsed)
            .map(|text| Expression::from(hcl::expr::TemplateExpr::from(text)))
            .unwrap_or_else(|_| Expression::from(expression_marker(expr))),
    }
}

/// The instance key a known index value names: a string key or a whole-number index.
/// A collection as Terraform iterates it: a map or object in lexical order of its keys,
/// whatever order it was written in; a list as it is.
fn in_lexical_order(value: Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(entries.into_iter().collect())
        }
        other => other,
    }
}

pub(crate) fn instance_key(value: &Value) -> Option<InstanceKey> {
    match value {
        // `${attestor}` is the marker of a name bound elsewhere (a `for` iterator): unknown.
        Value::String(key) if !contains_marker(key) && !is_whole_marker(key) => {
            Some(InstanceKey::Key(key.clone()))
        }
        Value::Number(number) => number.as_u64().map(InstanceKey::Index),
        _ => None,
    }
}

/// True when evaluating the expression fails or yields something unknown.
fn uncertain(expr: &Expression, ctx: &Context) -> bool {
    match expr {
        Expression::Null | Expression::Bool(_) | Expression::Number(_) => false,
        Expression::String(s) => contains_marker(s),
        _ => expr
            .evaluate(ctx)
            .map_or(true, |value| value_has_marker(&value)),
    }
}

/// Errors that come from what tfmap does not evaluate (a function it lacks, a name it does
/// not bind), as opposed to errors the configuration itself would raise.
/// True when an evaluation error may come from something tfmap does not know (a function it
/// lacks, a variable it could not bind, an operation or conversion applied to an unknown
/// value), so that `try` and `can` must not take it for a real failure. A missing key or
/// index of a known collection is a real failure.
fn fails_on_unknown(error: &hcl::eval::Error, prepared: &Expression, ctx: &Context) -> bool {
    use hcl::eval::ErrorKind;
    let unknown = |value: &Value| value_has_marker(value) || is_marker_value(value);
    match error.kind() {
        ErrorKind::UndefinedFunc(_) | ErrorKind::UndefinedVar(_) => true,
        ErrorKind::Unexpected(value, _) | ErrorKind::UnaryOp(_, value) => unknown(value),
        ErrorKind::BinaryOp(lhs, _, rhs) => unknown(lhs) || unknown(rhs),
        ErrorKind::NoSuchKey(_) | ErrorKind::Index(_) | ErrorKind::KeyExists(_) => false,
        _ => touches_unknown(prepared, ctx),
    }
}

/// True when a prepared expression reads an unknown value: a marker written into it, or a
/// variable of the context that holds one. An error evaluating such an expression may not
/// be an error once the value is known.
fn touches_unknown(expr: &Expression, ctx: &Context) -> bool {
    let any = |items: &[Expression]| items.iter().any(|e| touches_unknown(e, ctx));
    match expr {
        Expression::String(text) => contains_marker(text) || is_whole_marker(text),
        Expression::Variable(_) => expr.evaluate(ctx).map_or(true, |value| {
            value_has_marker(&value) || is_marker_value(&value)
        }),
        Expression::Array(items) => any(items),
        Expression::Object(object) => object.iter().any(|(key, value)| {
            matches!(key, hcl::expr::ObjectKey::Expression(k) if touches_unknown(k, ctx))
                || touches_unknown(value, ctx)
        }),
        Expression::Parenthesis(inner) => touches_unknown(inner, ctx),
        Expression::Traversal(traversal) => {
            touches_unknown(&traversal.expr, ctx)
                || traversal.operators.iter().any(|op| match op {
                    hcl::expr::TraversalOperator::Index(index) => touches_unknown(index, ctx),
                    _ => false,
                })
        }
        Expression::FuncCall(call) => any(&call.args),
        Expression::Operation(operation) => match operation.as_ref() {
            hcl::expr::Operation::Unary(unary) => touches_unknown(&unary.expr, ctx),
            hcl::expr::Operation::Binary(binary) => {
                touches_unknown(&binary.lhs_expr, ctx) || touches_unknown(&binary.rhs_expr, ctx)
            }
        },
        Expression::Conditional(cond) => {
            touches_unknown(&cond.cond_expr, ctx)
                || touches_unknown(&cond.true_expr, ctx)
                || touches_unknown(&cond.false_expr, ctx)
        }
        Expression::ForExpr(for_expr) => touches_unknown(&for_expr.collection_expr, ctx),
        Expression::Null | Expression::Bool(_) | Expression::Number(_) => false,
        // Templates and anything else: unknown may hide there.
        _ => true,
    }
}

/// A string that is a marker as a whole (`${each.key}`), beyond what `contains_marker`
/// recognises inside text.
fn is_marker_value(value: &Value) -> bool {
    matches!(value, Value::String(text) if is_whole_marker(text))
}

/// Puts `value` at `path` inside nested objects, keeping what is already there.
/// How many leading names of a reference's path name one value that `context_vars` looks up
/// as a whole (`var.x`, `local.x`, `module.m.out`, `each`, `count`); `None` for the others.
fn symbol_length(path: &[String], scope: &Scope) -> Option<usize> {
    match (path.first().map(String::as_str), path.len()) {
        (Some("var" | "local"), 2..) => Some(2),
        (Some("module"), 3..) => Some(3),
        (Some(name @ ("each" | "count")), _)
            if scope.iteration.as_ref().is_some_and(|i| i.name() == name) =>
        {
            Some(1)
        }
        _ => None,
    }
}

/// The value the attribute names lead to, as deep as they exist, and how many were followed.
pub(crate) fn descend<'v>(value: &'v Value, names: &[String]) -> (&'v Value, usize) {
    let mut current = value;
    let mut depth = 0;
    for name in names {
        match current {
            Value::Object(object) => match object.get(name) {
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

/// Whether `map` already holds a value at `path`.
/// `data.terraform_remote_state.NAME…`.
fn is_remote_state(path: &[String]) -> bool {
    path.len() >= 3 && path[0] == "data" && path[1] == "terraform_remote_state"
}

fn has_path(map: &Map<String, Value>, path: &[String]) -> bool {
    let Some((first, rest)) = path.split_first() else {
        return false;
    };
    match (map.get(first), rest.is_empty()) {
        (Some(_), true) => true,
        (Some(Value::Object(inner)), false) => has_path(inner, rest),
        _ => false,
    }
}

fn insert_path(map: &mut Map<String, Value>, path: &[String], value: Value) {
    let Some((first, rest)) = path.split_first() else {
        return;
    };
    if rest.is_empty() {
        map.entry(first.clone()).or_insert(value);
        return;
    }
    let entry = map
        .entry(first.clone())
        .or_insert_with(|| Value::Object(Map::new()));
    if let Value::Object(inner) = entry {
        insert_path(inner, rest, value);
    }
}
