//! Module instances: a root module and, recursively, the modules it calls. A local module
//! (`source = "./modules/x"`) becomes an instance whose resources live under
//! `module.<call>.`; any other source is external and stays one opaque node. A call with
//! `count` or `for_each` becomes one instance per key (`module.svc["web"].`) once its
//! expansion is decided; see `build_tree`.

use super::budget::MAX_MODULE_INSTANCES;
use super::config::ModuleConfig;
use super::expand::{Expansion, Iteration};
use super::manifest::ModuleManifest;
use crate::boundary::Boundary;
use crate::diagnostic::Diagnostic;
use crate::inventory::{InstanceKey, Repetition};
use crate::source::ReadError;
use std::collections::BTreeMap;

/// Where module calls may lead: the configurations read, by directory; the boundary their
/// sources are resolved in; and the directories a call leads to that could not be read,
/// with why.
#[derive(Clone, Copy)]
pub struct Reach<'a> {
    pub configs: &'a BTreeMap<String, ModuleConfig>,
    pub boundary: &'a Boundary,
    pub unreadable: &'a BTreeMap<String, ReadError>,
}

#[derive(Debug, Clone)]
pub enum Child {
    /// A call without `count` or `for_each`.
    Local(usize),
    /// A call with `count` or `for_each` whose keys are known: its instances, by key.
    Repeated(Vec<(InstanceKey, usize)>),
    /// A call with `count` or `for_each` whose keys are unknown: one instance stands for all.
    EachUnknown(usize),
    /// Registry, git or any other non-local source, or a local one leading out of the
    /// boundary: not followed, drawn as an opaque module.
    External,
    /// A local source that could not be followed (missing directory, cycle, too deep).
    Unresolved,
}

#[derive(Debug, Clone)]
pub struct Instance {
    /// The module directory relative to the analysed root.
    pub dir: String,
    /// `module.a.module.b["x"]`, empty for the root module.
    pub path: String,
    /// The calling instance and the name of the call.
    pub parent: Option<(usize, String)>,
    pub children: BTreeMap<String, Child>,
    /// The call names from the root, without keys (`eks.node_group`): how
    /// `.terraform/modules/modules.json` names the module.
    pub call_path: String,
    /// What `each` or `count` is in the arguments of the call that made this instance.
    pub iteration: Option<Iteration>,
    /// The `count`/`for_each` levels of the calls above and including this one.
    pub repetition: Vec<Repetition>,
}

/// The expansions decided so far, by calling instance path and call name.
pub type Decided = BTreeMap<(String, String), Expansion>;

impl Instance {
    /// The prefix of addresses inside this instance: `module.a.` or nothing.
    pub fn prefix(&self) -> String {
        if self.path.is_empty() {
            String::new()
        } else {
            format!("{}.", self.path)
        }
    }
}

/// True for sources Terraform reads from the local file system.
pub fn is_local_source(source: &str) -> bool {
    source.starts_with("./") || source.starts_with("../") || source == "." || source == ".."
}

/// The instances of one root module (index 0 is the root), and the local calls with
/// `count`/`for_each` whose expansion is not in `decided` yet (calling instance, call name).
/// An undecided call is built as one instance standing for all; the caller evaluates the
/// pending expansions with this tree and builds again, level by level.
/// Calls nested deeper than `max_depth` are reported and not followed.
pub fn build_tree(
    reach: &Reach,
    (root, manifest): (&str, Option<&ModuleManifest>),
    decided: &Decided,
    max_depth: usize,
    diagnostics: &mut Vec<Diagnostic>,
) -> (Vec<Instance>, Vec<(usize, String)>) {
    let mut instances = vec![Instance {
        dir: root.to_string(),
        path: String::new(),
        call_path: String::new(),
        parent: None,
        children: BTreeMap::new(),
        iteration: None,
        repetition: Vec::new(),
    }];
    let configs = reach.configs;
    let mut undecided = Vec::new();
    // Plain calls multiply too (three levels of 300 calls): past the budget no call is
    // followed, and the first one refused is reported.
    let mut over_budget_reported = false;
    let mut pending = vec![(0usize, vec![root.to_string()])];
    while let Some((index, ancestors)) = pending.pop() {
        let Some(config) = configs.get(&instances[index].dir) else {
            continue;
        };
        for (name, call) in &config.module_calls {
            let source = call.source.clone().unwrap_or_default();
            let call_path = if instances[index].call_path.is_empty() {
                name.clone()
            } else {
                format!("{}.{name}", instances[index].call_path)
            };
            // Where `terraform init` put a remote module, if it ran.
            let downloaded = manifest
                .filter(|_| !is_local_source(&source))
                .and_then(|m| m.dirs.get(&call_path))
                .filter(|dir| configs.contains_key(*dir));
            let child = if call.source.is_none() {
                diagnostics.push(Diagnostic::error(
                    call.location.clone(),
                    format!("module call `{name}` has no literal `source`"),
                ));
                Child::Unresolved
            } else if !is_local_source(&source) && downloaded.is_none() {
                Child::External
            } else {
                let target = match downloaded {
                    Some(dir) => Some(dir.clone()),
                    None => reach.boundary.join(&instances[index].dir, &source),
                };
                let unreadable = target.as_ref().and_then(|dir| reach.unreadable.get(dir));
                match target {
                    // Terraform would follow it: not an error in the code, a limit of
                    // what tfmap reads. The call stays a node with its source and inputs.
                    None => {
                        diagnostics.push(Diagnostic::warning(
                            call.location.clone(),
                            format!(
                                "module `{name}`: source {source:?} leads outside {}; not read, drawn as an opaque module",
                                reach.boundary.describe()
                            ),
                        ));
                        Child::External
                    }
                    Some(dir) if unreadable == Some(&ReadError::OutsideRoot) => {
                        diagnostics.push(Diagnostic::warning(
                            call.location.clone(),
                            format!(
                                "module `{name}`: {dir:?} leads outside {} through a symlink; not read, drawn as an opaque module",
                                reach.boundary.describe()
                            ),
                        ));
                        Child::External
                    }
                    Some(dir) if !configs.contains_key(&dir) => {
                        diagnostics.push(Diagnostic::error(
                            call.location.clone(),
                            match unreadable {
                                Some(ReadError::NotAFile) => {
                                    format!("module `{name}`: {dir:?} is not a directory")
                                }
                                Some(error) if *error != ReadError::NotFound => {
                                    format!("module `{name}`: {dir:?} cannot be read: {error}")
                                }
                                _ => format!("module `{name}`: no Terraform files in {dir:?}"),
                            },
                        ));
                        Child::Unresolved
                    }
                    Some(dir) if ancestors.contains(&dir) => {
                        diagnostics.push(Diagnostic::error(
                            call.location.clone(),
                            format!("module `{name}`: {dir:?} calls itself through its own module calls; cycle not followed"),
                        ));
                        Child::Unresolved
                    }
                    Some(_) if ancestors.len() > max_depth => {
                        diagnostics.push(Diagnostic::error(
                            call.location.clone(),
                            format!("module `{name}`: modules nested deeper than {max_depth} levels; not followed (see --max-module-depth)"),
                        ));
                        Child::Unresolved
                    }
                    Some(_) if instances.len() >= MAX_MODULE_INSTANCES => {
                        if !over_budget_reported {
                            over_budget_reported = true;
                            diagnostics.push(Diagnostic::warning(
                                call.location.clone(),
                                format!("module `{name}`: more than {MAX_MODULE_INSTANCES} module instances in this root module (budget: module instances); this call and any later one are not followed"),
                            ));
                        }
                        Child::Unresolved
                    }
                    Some(dir) => {
                        let parent_path = instances[index].path.clone();
                        let base = if parent_path.is_empty() {
                            format!("module.{name}")
                        } else {
                            format!("{parent_path}.module.{name}")
                        };
                        let repeated = call.body.attribute("count").is_some()
                            || call.body.attribute("for_each").is_some();
                        let expansion = if repeated {
                            decided.get(&(parent_path, name.clone())).cloned()
                        } else {
                            Some(Expansion::Single)
                        };
                        if expansion.is_none() {
                            undecided.push((index, name.clone()));
                        }
                        let mut chain = ancestors.clone();
                        chain.push(dir.clone());
                        // Nested repeated modules multiply: past the budget, a call stays one
                        // instance standing for all.
                        let expansion = match expansion {
                            Some(Expansion::Instances {
                                meta,
                                expression,
                                instances: keys,
                            }) if instances.len() + keys.len() > MAX_MODULE_INSTANCES => {
                                diagnostics.push(Diagnostic::warning(
                                    call.location.clone(),
                                    format!("module `{name}`: more than {MAX_MODULE_INSTANCES} module instances in all; its {} instances are not expanded", keys.len()),
                                ));
                                Some(Expansion::Unknown { meta, expression })
                            }
                            other => other,
                        };
                        let mut add =
                            |key: Option<InstanceKey>,
                             iteration: Option<Iteration>,
                             level: Option<Repetition>| {
                                let child_index = instances.len();
                                let mut repetition = instances[index].repetition.clone();
                                repetition.extend(level);
                                let path = match &key {
                                    Some(key) => format!("{base}{key}"),
                                    None => base.clone(),
                                };
                                instances.push(Instance {
                                    dir: dir.clone(),
                                    path,
                                    call_path: call_path.clone(),
                                    parent: Some((index, name.clone())),
                                    children: BTreeMap::new(),
                                    iteration,
                                    repetition,
                                });
                                pending.push((child_index, chain.clone()));
                                child_index
                            };
                        match expansion {
                            Some(Expansion::Single) => Child::Local(add(None, None, None)),
                            Some(Expansion::Instances {
                                meta,
                                expression,
                                instances: keys,
                            }) => {
                                if keys.is_empty() {
                                    diagnostics.push(Diagnostic::info(
                                        call.location.clone(),
                                        format!(
                                            "`{base}` has no instance ({} = {expression} gives none); nothing in it is drawn",
                                            meta.as_str()
                                        ),
                                    ));
                                }
                                Child::Repeated(
                                    keys.into_iter()
                                        .map(|(key, iteration)| {
                                            let level = Repetition {
                                                meta,
                                                scope: base.clone(),
                                                key: Some(key.clone()),
                                                expression: expression.clone(),
                                            };
                                            (
                                                key.clone(),
                                                add(Some(key), Some(iteration), Some(level)),
                                            )
                                        })
                                        .collect(),
                                )
                            }
                            Some(Expansion::Unknown { meta, expression }) => {
                                let level = Repetition {
                                    meta,
                                    scope: base.clone(),
                                    key: None,
                                    expression,
                                };
                                Child::EachUnknown(add(None, None, Some(level)))
                            }
                            // Not decided yet: built as one instance standing for all, so
                            // that its outputs can be evaluated while deciding.
                            None => Child::EachUnknown(add(None, None, None)),
                        }
                    }
                }
            };
            instances[index].children.insert(name.clone(), child);
        }
    }
    (instances, undecided)
}

/// The path from directory `from` to directory `to`, as Terraform's `path.module` shows a
/// module seen from the root module (`../../modules/x`).
pub fn relative_dir(from: &str, to: &str) -> String {
    let split = |d: &str| -> Vec<String> {
        if d == "." {
            Vec::new()
        } else {
            d.split('/').map(str::to_string).collect()
        }
    };
    let (from, to) = (split(from), split(to));
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(to[common..].iter().cloned());
    if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_dirs() {
        assert_eq!(relative_dir(".", "modules/app"), "modules/app");
        assert_eq!(
            relative_dir("envs/prod", "modules/app"),
            "../../modules/app"
        );
        assert_eq!(relative_dir("a", "a"), ".");
        assert_eq!(relative_dir("a/b", "a"), "..");
    }
}
