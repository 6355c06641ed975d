//! `data "terraform_remote_state"` resolved statically: the state a data source reads is
//! named by its backend and config; the state a root module writes is named by its
//! `terraform { backend "TYPE" { … } }` (or `cloud { … }`) block, completed by the
//! `*.tfbackend` files beside it (`terraform init -backend-config=FILE`). Where both name
//! the same state, the data source's outputs are the other root's outputs.
//!
//! What names one state, per backend:
//! - `local`: `path` (default `terraform.tfstate`), relative to the root module's
//!   directory (Terraform runs there);
//! - `s3`: `bucket` and `key`, and `workspace_key_prefix` (default `env:`);
//! - `gcs`: `bucket` and `prefix` (default none);
//! - `azurerm`: `storage_account_name`, `container_name` and `key`;
//! - `remote` and `cloud` (one family): `organization` and the workspace name (a root's
//!   `workspaces { prefix = "app-" }` holds every workspace whose name starts so).
//!
//! A workspace is chosen when a root is applied, which code does not say: a data source
//! reading another workspace of a root still reads that root.

use super::config::ModuleConfig;
use super::eval::{RemoteState, RemoteStates};
use super::syntax::{RawBlock, RawBody};
use super::{RootOutput, RootResult};
use crate::boundary::Boundary;
use crate::diagnostic::Diagnostic;
use crate::inventory::{Inventory, ResourceKind};
use crate::location::Location;
use crate::source::{FileKind, SourceFiles, parent_dir};
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;
use tfmap_core::Value;

/// The settings of a backend, flat: `bucket`, `workspaces.name`.
pub(crate) type Settings = BTreeMap<String, String>;

/// What names one state.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct StateIdentity {
    /// `local`, `s3`, `gcs`, `azurerm`, or `remote` (also for `cloud`).
    pub backend: &'static str,
    /// The settings that tell one state from another, in a fixed order.
    pub fields: Vec<(&'static str, String)>,
}

impl std::fmt::Display for StateIdentity {
    /// `s3 bucket "acme-state" key "platform/terraform.tfstate"`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.backend)?;
        for (name, value) in &self.fields {
            write!(f, " {name} {value:?}")?;
        }
        Ok(())
    }
}

impl StateIdentity {
    /// True when the state a root writes (`self`) is the one a data source reads.
    pub fn holds(&self, read: &StateIdentity) -> bool {
        if self.backend != read.backend {
            return false;
        }
        if self == read {
            return true;
        }
        // A root whose workspaces are named by a prefix holds each workspace so named.
        if self.backend == "remote" {
            let field = |identity: &StateIdentity, name: &str| {
                identity
                    .fields
                    .iter()
                    .find(|(n, _)| *n == name)
                    .map(|(_, v)| v.clone())
            };
            if let (Some(org), Some(prefix), Some(read_org), Some(name)) = (
                field(self, "organization"),
                field(self, "prefix"),
                field(read, "organization"),
                field(read, "workspace"),
            ) {
                return org == read_org && name.starts_with(&prefix);
            }
        }
        false
    }
}

/// The state named by a backend's settings; `dir` is the root module directory (relative to
/// the analysed directory) that `local` paths are relative to. `Err` says what is missing.
pub fn identity(
    backend: &str,
    settings: &Settings,
    dir: &str,
    boundary: &Boundary,
) -> Result<StateIdentity, String> {
    let get = |name: &str| settings.get(name).map(String::as_str);
    let required = |name: &'static str| -> Result<(&'static str, String), String> {
        match get(name) {
            Some(value) => Ok((name, value.to_string())),
            None => Err(format!("the {backend} backend's `{name}` is not given")),
        }
    };
    match backend {
        "local" => {
            let path = get("path").unwrap_or("terraform.tfstate");
            let joined = boundary.join(dir, path).ok_or_else(|| {
                format!("the local state path {path:?} leads outside the repository")
            })?;
            Ok(StateIdentity {
                backend: "local",
                fields: vec![("path", joined)],
            })
        }
        "s3" => {
            let mut fields = vec![required("bucket")?, required("key")?];
            match get("workspace_key_prefix") {
                Some(prefix) if prefix != "env:" => {
                    fields.push(("workspace_key_prefix", prefix.to_string()))
                }
                _ => {}
            }
            Ok(StateIdentity {
                backend: "s3",
                fields,
            })
        }
        "gcs" => {
            let prefix = get("prefix").unwrap_or("").trim_end_matches('/');
            let mut fields = vec![required("bucket")?];
            if !prefix.is_empty() {
                fields.push(("prefix", prefix.to_string()));
            }
            Ok(StateIdentity {
                backend: "gcs",
                fields,
            })
        }
        "azurerm" => Ok(StateIdentity {
            backend: "azurerm",
            fields: vec![
                required("storage_account_name")?,
                required("container_name")?,
                required("key")?,
            ],
        }),
        "remote" | "cloud" => {
            let organization = required("organization")?;
            let workspace = match (get("workspaces.name"), get("workspaces.prefix")) {
                (Some(name), _) => ("workspace", name.to_string()),
                (None, Some(prefix)) => ("prefix", prefix.to_string()),
                (None, None) => {
                    return Err(format!(
                        "the {backend} backend names no workspace (`workspaces.name` or `workspaces.prefix`)"
                    ));
                }
            };
            Ok(StateIdentity {
                backend: "remote",
                fields: vec![organization, workspace],
            })
        }
        other => Err(format!("tfmap does not match the {other} backend")),
    }
}

/// The settings a data source's `config` gives: string members, and `workspaces.name` /
/// `workspaces.prefix`. `None` when a member tfmap needs is not known statically. For the
/// `remote` backend read with a `workspace` argument and a `workspaces.prefix`, the
/// workspace read is the prefix followed by that workspace.
pub fn read_settings(config: Option<&Value>, workspace: Option<&str>) -> Option<Settings> {
    let mut settings = Settings::new();
    let Some(config) = config else {
        return Some(settings);
    };
    let map = config.as_object()?;
    for (name, value) in map {
        match value {
            Value::String(text) => {
                settings.insert(name.clone(), text.clone());
            }
            Value::Object(inner) if name == "workspaces" => {
                for (key, value) in inner {
                    match value {
                        Value::String(text) => {
                            settings.insert(format!("workspaces.{key}"), text.clone());
                        }
                        Value::Unknown(_) => return None,
                        _ => {}
                    }
                }
            }
            Value::Unknown(_) => return None,
            _ => {}
        }
    }
    if let (Some(prefix), Some(workspace)) = (settings.get("workspaces.prefix"), workspace)
        && !settings.contains_key("workspaces.name")
    {
        let name = format!("{prefix}{workspace}");
        settings.insert("workspaces.name".into(), name);
    }
    Some(settings)
}

/// The settings written in a root's `backend` or `cloud` block: string literals, and the
/// `workspaces` block of `remote`/`cloud`. Backend blocks cannot use variables.
pub fn block_settings(block: &RawBlock) -> Settings {
    let mut settings = Settings::new();
    add_body(&mut settings, &block.body, "");
    settings
}

/// The backend type a `backend "TYPE"` or `cloud` block names.
pub fn block_backend(block: &RawBlock) -> Option<&str> {
    match block.kind.as_str() {
        "cloud" => Some("cloud"),
        _ => block.labels.first().map(String::as_str),
    }
}

/// The settings of a `*.tfbackend` file: the same attributes a backend block takes.
pub fn file_settings(body: &RawBody) -> Settings {
    let mut settings = Settings::new();
    add_body(&mut settings, body, "");
    settings
}

fn add_body(settings: &mut Settings, body: &RawBody, prefix: &str) {
    for attribute in &body.attributes {
        match &attribute.expr {
            hcl::Expression::String(text) => {
                settings.insert(format!("{prefix}{}", attribute.name), text.clone());
            }
            // `workspaces = { name = "x" }` in a `.tfbackend` file.
            hcl::Expression::Object(object) if attribute.name == "workspaces" => {
                for (key, value) in object.iter() {
                    let key = match key {
                        hcl::ObjectKey::Identifier(name) => name.as_str().to_string(),
                        hcl::ObjectKey::Expression(hcl::Expression::String(name)) => name.clone(),
                        _ => continue,
                    };
                    if let hcl::Expression::String(text) = value {
                        settings.insert(format!("{prefix}workspaces.{key}"), text.clone());
                    }
                }
            }
            _ => {}
        }
    }
    for block in &body.blocks {
        if block.kind == "workspaces" && prefix.is_empty() {
            add_body(settings, &block.body, "workspaces.");
        }
    }
}

/// The `*.tfbackend` files of the root modules with a backend block, by directory: each
/// file's path and settings.
pub(super) fn read_backend_files(
    paths: &[String],
    files: &dyn SourceFiles,
    roots: &[String],
    configs: &BTreeMap<String, ModuleConfig>,
    inventory: &mut Inventory,
) -> BTreeMap<String, Vec<(String, Settings)>> {
    let wanted: BTreeSet<&str> = roots
        .iter()
        .filter(|root| configs.get(*root).is_some_and(|c| c.backend.is_some()))
        .map(String::as_str)
        .collect();
    let mut found: BTreeMap<String, Vec<(String, Settings)>> = BTreeMap::new();
    for path in paths {
        if FileKind::of(path) != Some(FileKind::Backend) {
            continue;
        }
        if !wanted.contains(parent_dir(path)) {
            count_unused_backend_file(inventory);
            continue;
        }
        let shown: Arc<str> = Arc::from(path.as_str());
        let parsed = files
            .read_text(path)
            .map_err(|error| {
                Diagnostic::warning(
                    Location::file_start(shown.clone()),
                    format!("cannot read the backend settings: {error}"),
                )
            })
            .and_then(|text| super::syntax::parse_file(shown.clone(), &text));
        match parsed {
            Ok(file) => {
                *inventory
                    .stats
                    .files_read
                    .entry("tfbackend".into())
                    .or_default() += 1;
                found
                    .entry(parent_dir(path).to_string())
                    .or_default()
                    .push((path.clone(), file_settings(&file.body)));
            }
            Err(diagnostic) => inventory.file_with_errors(diagnostic, None),
        }
    }
    found
}

/// Why a `*.tfbackend` file was not read: nothing reads a remote state, or it lies beside no
/// root module with a backend block.
const UNUSED_BACKEND_FILE: &str = "backend settings file (read only beside a root module with a backend block, when some code reads a remote state)";

pub(super) fn count_unused_backend_file(inventory: &mut Inventory) {
    *inventory
        .stats
        .skipped
        .entry(UNUSED_BACKEND_FILE.into())
        .or_default() += 1;
}

/// Variable files beside a root with a backend block whose name says they hold backend
/// settings (`backend.tfvars`, `prod.backend.tfvars`: given to
/// `terraform init -backend-config=FILE` like a `*.tfbackend` file), already parsed.
pub(super) fn add_backend_tfvars(
    found: &mut BTreeMap<String, Vec<(String, Settings)>>,
    tfvars: &BTreeMap<String, Vec<super::syntax::ParsedFile>>,
    roots: &[String],
    configs: &BTreeMap<String, ModuleConfig>,
) {
    for root in roots {
        if configs.get(root).is_none_or(|c| c.backend.is_none()) {
            continue;
        }
        for file in tfvars.get(root).into_iter().flatten() {
            let name = file.path.rsplit('/').next().unwrap_or(&file.path);
            if name.contains("backend") && name.ends_with(".tfvars") {
                found
                    .entry(root.clone())
                    .or_default()
                    .push((file.path.to_string(), file_settings(&file.body)));
            }
        }
    }
    for files in found.values_mut() {
        files.sort_by(|a, b| a.0.cmp(&b.0));
    }
}

/// A `terraform_remote_state` data source and the root whose state it reads.
struct Read {
    /// The data source's address in its root (`data.terraform_remote_state.platform`).
    address: String,
    source: usize,
    /// Its `defaults`: values of outputs the state lacks.
    defaults: Option<Value>,
}

/// What is needed to match data sources to the roots whose state they read.
pub(super) struct States<'a> {
    pub roots: &'a [String],
    pub configs: &'a BTreeMap<String, ModuleConfig>,
    pub backend_files: BTreeMap<String, Vec<(String, Settings)>>,
    pub boundary: &'a Boundary,
}

impl States<'_> {
    /// The states each root writes: its backend block (a root without one keeps its state
    /// in `terraform.tfstate` beside it, the `local` default), and the same block completed
    /// by each `*.tfbackend` file beside it.
    fn written(&self) -> Vec<(StateIdentity, usize)> {
        let mut written = Vec::new();
        for (index, root) in self.roots.iter().enumerate() {
            let Some(config) = self.configs.get(root) else {
                continue;
            };
            let Some(block) = &config.backend else {
                if let Ok(identity) = identity("local", &Settings::new(), root, self.boundary) {
                    written.push((identity, index));
                }
                continue;
            };
            let Some(backend) = block_backend(block) else {
                continue;
            };
            let settings = block_settings(block);
            let mut variants = vec![settings.clone()];
            for (_, file) in self.backend_files.get(root).into_iter().flatten() {
                let mut merged = settings.clone();
                merged.extend(file.clone());
                variants.push(merged);
            }
            for variant in variants {
                if let Ok(identity) = identity(backend, &variant, root, self.boundary) {
                    written.push((identity, index));
                }
            }
        }
        written.sort();
        written.dedup();
        written
    }

    /// Matches every `terraform_remote_state` data source to the one root whose state it
    /// reads (unmatched ones are info diagnostics), then evaluates the reading roots again
    /// with those roots' outputs: a root read by another first, so a chain of stacks
    /// (network → platform → apps) passes its values on.
    pub(super) fn resolve(
        &self,
        results: &mut [RootResult],
        diagnostics: &mut Vec<Diagnostic>,
        evaluate: impl Fn(usize, RemoteStates) -> RootResult + Sync,
    ) {
        let written = self.written();
        let mut readers: BTreeMap<usize, BTreeMap<(String, String), Read>> = BTreeMap::new();
        let mut repeated = BTreeSet::new();
        for (reader, result) in results.iter().enumerate() {
            for resource in &result.resources {
                if resource.kind != ResourceKind::Data
                    || resource.resource_type != "terraform_remote_state"
                {
                    continue;
                }
                // One instance only: a repeated data source reads a state per key.
                let own = if resource.module.is_empty() {
                    format!("data.terraform_remote_state.{}", resource.name)
                } else {
                    format!(
                        "{}.data.terraform_remote_state.{}",
                        resource.module, resource.name
                    )
                };
                if resource.address != own {
                    if repeated.insert(resource.location.clone()) {
                        diagnostics.push(Diagnostic::info(
                            resource.location.clone(),
                            format!(
                                "remote state `{own}` is repeated with count or for_each; tfmap does not match repeated remote states, their outputs stay unknown"
                            ),
                        ));
                    }
                    continue;
                }
                let shown = format!("`{}`", resource.address);
                let backend = resource.body.string("backend").unwrap_or("");
                let Some(settings) = read_settings(
                    resource.body.value("config"),
                    resource.body.string("workspace"),
                ) else {
                    diagnostics.push(Diagnostic::info(
                        resource.location.clone(),
                        format!(
                            "remote state {shown}: the {backend} backend's config is not known statically; its outputs stay unknown"
                        ),
                    ));
                    continue;
                };
                let read = match identity(backend, &settings, &resource.root, self.boundary) {
                    Ok(read) => read,
                    Err(why) => {
                        diagnostics.push(Diagnostic::info(
                            resource.location.clone(),
                            format!("remote state {shown}: {why}; its outputs stay unknown"),
                        ));
                        continue;
                    }
                };
                let sources: BTreeSet<usize> = written
                    .iter()
                    .filter(|(identity, root)| *root != reader && identity.holds(&read))
                    .map(|(_, root)| *root)
                    .collect();
                let source = match sources.len() {
                    1 => {
                        let source = sources.into_iter().next();
                        let name = source.and_then(|r| self.roots.get(r));
                        if let Some(name) = name {
                            diagnostics.push(Diagnostic::info(
                                resource.location.clone(),
                                format!(
                                    "remote state {shown}: reads the outputs of root module `{name}`, which writes the state {read}"
                                ),
                            ));
                        }
                        source
                    }
                    0 => {
                        diagnostics.push(Diagnostic::info(
                            resource.location.clone(),
                            format!(
                                "remote state {shown}: no root module here writes the state {read}; its outputs stay unknown"
                            ),
                        ));
                        None
                    }
                    _ => {
                        let names: Vec<&str> = sources
                            .iter()
                            .filter_map(|r| self.roots.get(*r).map(String::as_str))
                            .collect();
                        diagnostics.push(Diagnostic::info(
                            resource.location.clone(),
                            format!(
                                "remote state {shown}: the state {read} is written by several root modules ({}); its outputs stay unknown",
                                names.join(", ")
                            ),
                        ));
                        None
                    }
                };
                if let Some(source) = source {
                    readers.entry(reader).or_default().insert(
                        (resource.module.clone(), resource.name.clone()),
                        Read {
                            address: resource.address.clone(),
                            source,
                            defaults: resource.body.value("defaults").cloned(),
                        },
                    );
                }
            }
        }
        let mut pending: BTreeSet<usize> = readers.keys().copied().collect();
        while !pending.is_empty() {
            let ready: Vec<usize> = pending
                .iter()
                .copied()
                .filter(|r| {
                    readers.get(r).is_none_or(|reads| {
                        reads.values().all(|read| !pending.contains(&read.source))
                    })
                })
                .collect();
            // A cycle: each takes what the others gave so far.
            let ready: Vec<usize> = if ready.is_empty() {
                pending.iter().copied().collect()
            } else {
                ready
            };
            let inputs: Vec<(usize, RemoteStates)> = ready
                .iter()
                .map(|r| {
                    let states = readers
                        .get(r)
                        .into_iter()
                        .flatten()
                        .filter_map(|(key, read)| {
                            let source = results.get(read.source)?;
                            let root = self.roots.get(read.source)?;
                            Some((
                                key.clone(),
                                Arc::new(remote_state(&source.outputs, root, read)),
                            ))
                        })
                        .collect();
                    (*r, states)
                })
                .collect();
            let again: Vec<RootResult> = inputs
                .into_par_iter()
                .map(|(r, states)| evaluate(r, states))
                .collect();
            for (r, result) in ready.iter().zip(again) {
                if let Some(slot) = results.get_mut(*r) {
                    *slot = result;
                }
                pending.remove(r);
            }
        }
    }
}

/// Another root's outputs as the data source at `read.address` reads them: known values as
/// they are, others as the marker of the path that reads them here; its `defaults` for the
/// outputs the root does not declare.
fn remote_state(outputs: &BTreeMap<String, RootOutput>, root: &str, read: &Read) -> RemoteState {
    let address = read.address.as_str();
    let shown_root = if root == "." {
        String::new()
    } else {
        format!("{root}:")
    };
    let mut values = tfmap_core::Map::new();
    let mut targets = BTreeMap::new();
    for (name, output) in outputs {
        let path = format!("{address}.outputs.{name}");
        let value = if output.value.has_unknown() {
            Value::unknown(path.clone())
        } else {
            output.value.clone()
        };
        values.insert(name.clone(), value);
        let reached = output
            .targets
            .iter()
            .map(|(id, through)| {
                let mut way = vec![path.clone()];
                way.extend(through.iter().map(|symbol| format!("{shown_root}{symbol}")));
                (id.clone(), way)
            })
            .collect();
        targets.insert(name.clone(), reached);
    }
    if let Some(Value::Object(defaults)) = &read.defaults {
        for (name, value) in defaults {
            if !values.contains_key(name) {
                let value = if value.has_unknown() {
                    Value::unknown(format!("{address}.outputs.{name}"))
                } else {
                    value.clone()
                };
                values.insert(name.clone(), value);
            }
        }
    }
    let mut state = tfmap_core::Map::new();
    state.insert("outputs".to_string(), Value::Object(values));
    RemoteState {
        value: Value::Object(state),
        targets,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::terraform::syntax::parse_file;

    fn settings(pairs: &[(&str, &str)]) -> Settings {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn of(backend: &str, pairs: &[(&str, &str)], dir: &str) -> Result<StateIdentity, String> {
        identity(backend, &settings(pairs), dir, &Boundary::default())
    }

    fn backend_block(text: &str) -> RawBlock {
        let file = parse_file("main.tf".into(), text).expect("parses");
        let terraform = file.body.blocks.into_iter().next().expect("a block");
        terraform.body.blocks.into_iter().next().expect("a backend")
    }

    #[test]
    fn local_paths_are_relative_to_each_root() {
        let written = of("local", &[("path", "state/net.tfstate")], "network").unwrap();
        let read = of("local", &[("path", "../network/state/net.tfstate")], "apps").unwrap();
        assert!(written.holds(&read));
        assert_eq!(
            written.to_string(),
            "local path \"network/state/net.tfstate\""
        );
        // No path: Terraform's default file in the root's directory.
        let default = of("local", &[], "network").unwrap();
        let read = of("local", &[("path", "../network/terraform.tfstate")], "apps").unwrap();
        assert!(default.holds(&read));
        assert!(!written.holds(&read));
        // Out of the repository: nothing to match.
        assert!(of("local", &[("path", "../../x.tfstate")], "apps").is_err());
    }

    #[test]
    fn s3_is_bucket_key_and_prefix() {
        let written = of("s3", &[("bucket", "b"), ("key", "k"), ("region", "x")], ".").unwrap();
        let read = of("s3", &[("bucket", "b"), ("key", "k")], "apps").unwrap();
        assert!(written.holds(&read));
        let other_key = of("s3", &[("bucket", "b"), ("key", "j")], ".").unwrap();
        assert!(!other_key.holds(&read));
        // The default workspace prefix written or not is the same.
        let explicit = of(
            "s3",
            &[
                ("bucket", "b"),
                ("key", "k"),
                ("workspace_key_prefix", "env:"),
            ],
            ".",
        )
        .unwrap();
        assert!(explicit.holds(&read));
        let prefixed = of(
            "s3",
            &[("bucket", "b"), ("key", "k"), ("workspace_key_prefix", "w")],
            ".",
        )
        .unwrap();
        assert!(!prefixed.holds(&read));
        assert_eq!(
            of("s3", &[("bucket", "b")], ".").unwrap_err(),
            "the s3 backend's `key` is not given"
        );
    }

    #[test]
    fn gcs_azurerm_and_unknown_backends() {
        let gcs = of("gcs", &[("bucket", "b"), ("prefix", "platform/")], ".").unwrap();
        assert!(gcs.holds(&of("gcs", &[("bucket", "b"), ("prefix", "platform")], "a").unwrap()));
        assert!(!gcs.holds(&of("gcs", &[("bucket", "b")], "a").unwrap()));
        let azure = [
            ("storage_account_name", "s"),
            ("container_name", "c"),
            ("key", "k"),
        ];
        assert!(
            of("azurerm", &azure, ".")
                .unwrap()
                .holds(&of("azurerm", &azure, "x").unwrap())
        );
        assert!(of("azurerm", &azure[..2], ".").is_err());
        assert_eq!(
            of("consul", &[("path", "x")], ".").unwrap_err(),
            "tfmap does not match the consul backend"
        );
    }

    #[test]
    fn remote_and_cloud_are_one_family_and_prefixes_hold_their_workspaces() {
        let cloud = backend_block(
            "terraform {\n  cloud {\n    organization = \"acme\"\n    workspaces {\n      name = \"platform\"\n    }\n  }\n}\n",
        );
        assert_eq!(block_backend(&cloud), Some("cloud"));
        let written =
            identity("cloud", &block_settings(&cloud), ".", &Boundary::default()).unwrap();
        let config = Value::from(serde_json::json!({
            "organization": "acme",
            "workspaces": { "name": "platform" }
        }));
        let read = identity(
            "remote",
            &read_settings(Some(&config), None).unwrap(),
            "x",
            &Boundary::default(),
        )
        .unwrap();
        assert!(written.holds(&read));
        let prefixed = of(
            "remote",
            &[("organization", "acme"), ("workspaces.prefix", "app-")],
            ".",
        )
        .unwrap();
        let config = Value::from(serde_json::json!({
            "organization": "acme",
            "workspaces": { "prefix": "app-" }
        }));
        let read = of_settings(read_settings(Some(&config), Some("prod")).unwrap());
        assert!(prefixed.holds(&read));
        let other = of(
            "remote",
            &[("organization", "other"), ("workspaces.name", "app-prod")],
            ".",
        )
        .unwrap();
        assert!(!prefixed.holds(&other));
    }

    fn of_settings(settings: Settings) -> StateIdentity {
        identity("remote", &settings, ".", &Boundary::default()).unwrap()
    }

    #[test]
    fn settings_from_blocks_files_and_configs() {
        let block = backend_block(
            "terraform {\n  backend \"s3\" {\n    bucket = \"b\"\n    region = var.r\n  }\n}\n",
        );
        assert_eq!(block_backend(&block), Some("s3"));
        assert_eq!(block_settings(&block), settings(&[("bucket", "b")]));
        let file = parse_file(
            "prod.tfbackend".into(),
            "key = \"k\"\nworkspaces = { name = \"w\" }\n",
        )
        .expect("parses");
        assert_eq!(
            file_settings(&file.body),
            settings(&[("key", "k"), ("workspaces.name", "w")])
        );
        let unknown = Value::from(serde_json::json!({ "bucket": "b" }));
        assert!(read_settings(Some(&unknown), None).is_some());
        let mut map = tfmap_core::value::Map::new();
        map.insert(
            "key".into(),
            Value::Unknown(tfmap_core::value::Unknown::new("var.key")),
        );
        assert!(read_settings(Some(&Value::Object(map)), None).is_none());
    }
}
