//! What a root module is for. Every directory nobody calls is a root to Terraform, but a
//! repository also holds module libraries (`modules/net-lb`) and examples or test fixtures
//! that nobody deploys as they are. Drawing those as deployed infrastructure invents load
//! balancers and node pools; saying which is which lets the model leave them out.

use std::collections::BTreeSet;

use serde::Serialize;

use super::config::ModuleConfig;
use crate::source::{FileKind, parent_dir};

/// How a root module is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RootKind {
    /// Deployed as it is: the analysed directory, or a directory with a backend, provider
    /// configuration, lock file, tfvars, `import` blocks or a `terragrunt.hcl`, or one that
    /// nothing suggests is
    /// anything else.
    Deployable,
    /// An example or test configuration (under `examples/`, `test/`, `fixtures/`, …).
    Fixture,
    /// A module meant to be called (under `modules/`, or declaring the provider
    /// configurations its caller passes) that no module of the analysis calls.
    Library,
}

/// A root module with what it is for and why tfmap thinks so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RootModule {
    pub dir: String,
    pub kind: RootKind,
    /// What was found, in words: `backend block`, `under examples/`, …
    pub evidence: Vec<String>,
}

/// Path components that hold examples and test fixtures.
const FIXTURE_DIRS: &[&str] = &[
    "examples", "example", "test", "tests", "fixtures", "fixture", "testdata",
];

/// Path components that hold modules meant to be called.
const LIBRARY_DIRS: &[&str] = &["modules"];

/// What each root is for. `paths` are the walked files (for lock files and tfvars).
pub fn classify<'c>(
    roots: &[String],
    config_of: impl Fn(&str) -> Option<&'c ModuleConfig>,
    paths: &[String],
) -> Vec<RootModule> {
    let mut lock_dirs = BTreeSet::new();
    let mut tfvars_dirs = BTreeSet::new();
    let mut unit_dirs = BTreeSet::new();
    for path in paths {
        match FileKind::of(path) {
            Some(FileKind::LockFile) => {
                lock_dirs.insert(parent_dir(path));
            }
            Some(FileKind::Tfvars | FileKind::TfvarsJson) => {
                tfvars_dirs.insert(parent_dir(path));
            }
            Some(FileKind::Terragrunt) => {
                unit_dirs.insert(parent_dir(path));
            }
            _ => {}
        }
    }
    roots
        .iter()
        .map(|dir| {
            let mut deployed = Vec::new();
            if dir == "." {
                deployed.push("the analysed directory".to_string());
            }
            let config = config_of(dir);
            if let Some(config) = config {
                if config.backend.is_some() {
                    deployed.push("backend block".to_string());
                }
                if !config.providers.is_empty() {
                    deployed.push("provider block".to_string());
                }
                if config.other_blocks.get("import").is_some_and(|n| *n > 0) {
                    deployed.push("import block".to_string());
                }
            }
            if lock_dirs.contains(dir.as_str()) {
                deployed.push("lock file".to_string());
            }
            if tfvars_dirs.contains(dir.as_str()) {
                deployed.push("tfvars file".to_string());
            }
            if unit_dirs.contains(dir.as_str()) {
                deployed.push("terragrunt.hcl".to_string());
            }
            let components: Vec<&str> = dir.split('/').filter(|c| *c != ".").collect();
            let under = |names: &[&str]| {
                components
                    .iter()
                    .find(|c| names.contains(c))
                    .map(|c| format!("under {c}/"))
            };
            let passed_providers = config.is_some_and(|c| !c.configuration_aliases.is_empty());
            let (kind, evidence) = if dir == "." {
                (RootKind::Deployable, deployed)
            } else if let Some(fixture) = under(FIXTURE_DIRS) {
                (RootKind::Fixture, vec![fixture])
            } else if !deployed.is_empty() {
                (RootKind::Deployable, deployed)
            } else if passed_providers {
                let why = "declares provider configurations its caller passes";
                (RootKind::Library, vec![why.to_string()])
            } else if let Some(library) = under(LIBRARY_DIRS) {
                let why = "no backend, provider block, lock file or tfvars";
                (RootKind::Library, vec![library, why.to_string()])
            } else {
                let why = "no module of the analysis calls it";
                (RootKind::Deployable, vec![why.to_string()])
            };
            RootModule {
                dir: dir.clone(),
                kind,
                evidence,
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(dir: &str) -> ModuleConfig {
        ModuleConfig {
            dir: dir.to_string(),
            ..ModuleConfig::default()
        }
    }

    fn kinds(roots: &[&str], configs: &[ModuleConfig], paths: &[&str]) -> Vec<(String, RootKind)> {
        let roots: Vec<String> = roots.iter().map(|r| r.to_string()).collect();
        let paths: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
        classify(&roots, |d| configs.iter().find(|c| c.dir == d), &paths)
            .into_iter()
            .map(|r| (r.dir, r.kind))
            .collect()
    }

    #[test]
    fn the_analysed_directory_is_deployed_even_when_it_looks_like_a_library() {
        let found = kinds(&["."], &[config(".")], &[]);
        assert_eq!(found, [(".".to_string(), RootKind::Deployable)]);
    }

    #[test]
    fn modules_without_any_sign_of_deployment_are_libraries() {
        let found = kinds(
            &["modules/lb", "modules/app"],
            &[config("modules/lb"), config("modules/app")],
            &["modules/app/.terraform.lock.hcl"],
        );
        assert_eq!(
            found,
            [
                ("modules/lb".to_string(), RootKind::Library),
                ("modules/app".to_string(), RootKind::Deployable),
            ]
        );
    }

    #[test]
    fn examples_and_tests_are_fixtures_even_with_a_provider_block() {
        let found = kinds(
            &["examples/complete", "test/fixtures/gke"],
            &[config("examples/complete")],
            &["examples/complete/terraform.tfvars"],
        );
        assert_eq!(found[0].1, RootKind::Fixture);
        assert_eq!(found[1].1, RootKind::Fixture);
    }

    #[test]
    fn a_root_nothing_calls_outside_modules_stays_deployable() {
        let found = kinds(&["stacks/network"], &[config("stacks/network")], &[]);
        assert_eq!(found[0].1, RootKind::Deployable);
    }

    #[test]
    fn tfvars_beside_a_module_make_it_deployable() {
        let found = kinds(
            &["modules/env"],
            &[config("modules/env")],
            &["modules/env/prod.tfvars"],
        );
        assert_eq!(found[0].1, RootKind::Deployable);
    }
}
