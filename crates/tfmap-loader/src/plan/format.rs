//! The two file formats, read with serde and turned into a [`Snapshot`]:
//!
//! - a plan as `terraform show -json PLAN` writes it: `format_version` 1.x,
//!   `resource_changes[]` (`address`, `module_address`, `mode`, `type`, `name`, `index`,
//!   `deposed`, `change` with `actions`, `before`, `after`, `after_unknown`,
//!   `before_sensitive`, `after_sensitive`), `planned_values` and `prior_state` (values
//!   representations: `root_module` with `resources[]` and `child_modules[]`, each module with
//!   its `address`);
//! - a state file, format `version` 4: `resources[]` (`module`, `mode`, `type`, `name`,
//!   `instances[]` with `index_key`, `deposed`, `attributes`, `sensitive_attributes`), or the
//!   state as `terraform show -json` writes it (`format_version`, `values`).
//!
//! Unknown fields are ignored, as the format's compatibility rules ask; a major version other
//! than 1 (plans) or 4 (state files) is refused.

use super::address::{InstanceAddress, ModuleStep, Quoting, parse_module_path};
use super::bounded::Bounded;
use super::values::mask_from_paths;
use super::{Instance, Observed, Snapshot, SnapshotKind};
use crate::diagnostic::Diagnostic;
use crate::inventory::InstanceKey;
use crate::location::{LineIndex, Location};
use serde::Deserialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// A plan or state saved by an editor or a Windows tool may start with a UTF-8 byte-order
/// mark; JSON parsers may ignore it (RFC 8259), and the `.tf.json` reader does too.
fn without_byte_order_mark(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Reads the JSON form of a plan.
pub fn parse_plan(file: &str, text: &str) -> Result<Snapshot, Diagnostic> {
    let file: Arc<str> = Arc::from(file);
    let text = without_byte_order_mark(text);
    let probe: Probe = from_text(&file, text, "a JSON plan")?;
    let Some(format_version) = probe.format_version else {
        let message = if probe.version.is_some() {
            "this is a state file, not a plan: give it with --state".to_string()
        } else {
            "not a Terraform plan in JSON: there is no `format_version` (write one with `terraform show -json PLAN`)".to_string()
        };
        return Err(Diagnostic::error(Location::file_start(file), message));
    };
    check_major(&file, text, &format_version, "1")?;
    if probe.resource_changes.is_none() && probe.planned_values.is_none() {
        return Err(Diagnostic::error(
            Location::file_start(file),
            "this is the JSON form of a state, not a plan (it has no `resource_changes`): give it with --state",
        ));
    }
    let plan: PlanJson = from_text(&file, text, "a JSON plan")?;
    let mut reader = Reader::new(file, SnapshotKind::Plan, plan.terraform_version);
    reader.snapshot.configured = super::configuration::references(&plan.configuration);
    reader.over_limit(plan.resource_changes.dropped);
    for change in plan.resource_changes.items {
        reader.change(change);
    }
    if let Some(module) = plan.planned_values.and_then(|v| v.root_module) {
        reader.values(module, Side::After);
    }
    if let Some(module) = plan
        .prior_state
        .and_then(|s| s.values)
        .and_then(|v| v.root_module)
    {
        reader.values(module, Side::Before);
    }
    Ok(reader.finish())
}

/// Reads a state file (format version 4), or the JSON form of a state.
pub fn parse_state(file: &str, text: &str) -> Result<Snapshot, Diagnostic> {
    let file: Arc<str> = Arc::from(file);
    let text = without_byte_order_mark(text);
    let probe: Probe = from_text(&file, text, "a state file")?;
    if let Some(format_version) = probe.format_version {
        if probe.resource_changes.is_some() {
            return Err(Diagnostic::error(
                Location::file_start(file),
                "this is a plan, not a state: give it with --plan",
            ));
        }
        check_major(&file, text, &format_version, "1")?;
        let state: StateJson = from_text(&file, text, "the JSON form of a state")?;
        let mut reader = Reader::new(file, SnapshotKind::State, state.terraform_version);
        if let Some(module) = state.values.and_then(|v| v.root_module) {
            reader.values(module, Side::Both);
        }
        return Ok(reader.finish());
    }
    match probe.version {
        Some(Value::Number(n)) if n.as_u64() == Some(4) => {}
        Some(other) => {
            return Err(Diagnostic::error(
                locate_key(&file, text, "version"),
                format!(
                    "state format version {other} is not supported: tfmap reads version 4 (Terraform 0.12 and later)"
                ),
            ));
        }
        None => {
            return Err(Diagnostic::error(
                Location::file_start(file),
                "not a Terraform state: there is no `version`",
            ));
        }
    }
    let state: StateV4 = from_text(&file, text, "a state file")?;
    let mut reader = Reader::new(file, SnapshotKind::State, state.terraform_version);
    reader.over_limit(state.resources.dropped);
    for resource in state.resources.items {
        reader.state_resource(resource);
    }
    Ok(reader.finish())
}

/// Deserializes, turning an error into a diagnostic at the line and column serde reports.
fn from_text<'de, T: Deserialize<'de>>(
    file: &Arc<str>,
    text: &'de str,
    what: &str,
) -> Result<T, Diagnostic> {
    serde_json::from_str(text).map_err(|error| {
        let location = Location::new(
            file.clone(),
            u32::try_from(error.line().max(1)).unwrap_or(u32::MAX),
            u32::try_from(error.column().max(1)).unwrap_or(u32::MAX),
        );
        // serde ends its message with the position, which the location already gives.
        let text = error.to_string();
        let message = text
            .rsplit_once(" at line ")
            .map_or(text.as_str(), |(m, _)| m);
        Diagnostic::error(location, format!("cannot read {what}: {message}"))
    })
}

/// Refuses a `format_version` whose major version is not `major`.
fn check_major(
    file: &Arc<str>,
    text: &str,
    format_version: &Value,
    major: &str,
) -> Result<(), Diagnostic> {
    let found = format_version.as_str().unwrap_or_default();
    if found.split('.').next() == Some(major) && found.len() > major.len() {
        return Ok(());
    }
    Err(Diagnostic::error(
        locate_key(file, text, "format_version"),
        format!(
            "unsupported format_version {format_version}: tfmap reads version {major}.x of Terraform's JSON output format"
        ),
    ))
}

/// Where a top-level key is written, for a diagnostic; the file start when not found.
fn locate_key(file: &Arc<str>, text: &str, key: &str) -> Location {
    match text.find(&format!("\"{key}\"")) {
        Some(offset) => LineIndex::new(file.clone(), text).locate(text, offset),
        None => Location::file_start(file.clone()),
    }
}

#[derive(Deserialize)]
struct Probe {
    format_version: Option<Value>,
    version: Option<Value>,
    resource_changes: Option<serde::de::IgnoredAny>,
    planned_values: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct PlanJson {
    terraform_version: Option<String>,
    #[serde(default)]
    resource_changes: Bounded<ResourceChange>,
    planned_values: Option<ValuesJson>,
    prior_state: Option<StateJson>,
    #[serde(default)]
    configuration: Value,
}

#[derive(Deserialize)]
struct StateJson {
    terraform_version: Option<String>,
    values: Option<ValuesJson>,
}

#[derive(Deserialize)]
struct ValuesJson {
    root_module: Option<ModuleJson>,
}

#[derive(Deserialize)]
struct ModuleJson {
    /// Absent for the root module.
    address: Option<String>,
    #[serde(default)]
    resources: Bounded<ValuesResource>,
    #[serde(default)]
    child_modules: Vec<ModuleJson>,
}

#[derive(Deserialize)]
struct ValuesResource {
    address: String,
    mode: String,
    #[serde(rename = "type")]
    resource_type: String,
    name: String,
    index: Option<Value>,
    #[serde(default)]
    values: Value,
    #[serde(default)]
    sensitive_values: Value,
}

#[derive(Deserialize)]
struct ResourceChange {
    address: String,
    module_address: Option<String>,
    mode: String,
    #[serde(rename = "type")]
    resource_type: String,
    name: String,
    index: Option<Value>,
    deposed: Option<String>,
    change: Change,
}

#[derive(Deserialize)]
struct Change {
    #[serde(default)]
    actions: Vec<String>,
    #[serde(default)]
    before: Value,
    #[serde(default)]
    after: Value,
    #[serde(default)]
    after_unknown: Value,
    #[serde(default)]
    before_sensitive: Value,
    #[serde(default)]
    after_sensitive: Value,
}

#[derive(Deserialize)]
struct StateV4 {
    terraform_version: Option<String>,
    #[serde(default)]
    resources: Bounded<StateResource>,
}

#[derive(Deserialize)]
struct StateResource {
    module: Option<String>,
    mode: String,
    #[serde(rename = "type")]
    resource_type: String,
    name: String,
    #[serde(default)]
    instances: Vec<StateInstance>,
}

#[derive(Deserialize)]
struct StateInstance {
    index_key: Option<Value>,
    deposed: Option<String>,
    attributes: Option<Value>,
    sensitive_attributes: Option<Value>,
}

/// Which side of a plan a values representation describes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    Before,
    After,
    /// A state: the same object before and after.
    Both,
}

/// Why an instance of a plan or state is not read: a root module has at most as many
/// instances as the code may expand into.
const OVER_INSTANCE_LIMIT: &str = "plan or state instance over the instance limit";

/// Collects instances by address.
struct Reader {
    snapshot: Snapshot,
    instances: BTreeMap<InstanceAddress, Instance>,
}

impl Reader {
    fn new(file: Arc<str>, kind: SnapshotKind, terraform_version: Option<String>) -> Self {
        Reader {
            snapshot: Snapshot {
                kind,
                file,
                terraform_version,
                instances: Vec::new(),
                skipped: BTreeMap::new(),
                configured: BTreeMap::new(),
                diagnostics: Vec::new(),
            },
            instances: BTreeMap::new(),
        }
    }

    fn skip(&mut self, reason: &str) {
        *self.snapshot.skipped.entry(reason.to_string()).or_default() += 1;
    }

    /// Reports an entry whose address cannot be understood, and counts it.
    fn bad_address(&mut self, address: &str) {
        let kind = self.snapshot.kind.as_str();
        self.snapshot.diagnostics.push(Diagnostic::warning(
            Location::file_start(self.snapshot.file.clone()),
            format!("{kind}: cannot read the resource address {address:?}; entry skipped"),
        ));
        self.skip(&format!("{kind} entry with an unreadable address"));
    }

    fn address(
        &mut self,
        modules: Option<Vec<ModuleStep>>,
        mode: &str,
        resource_type: &str,
        name: &str,
        index: Option<&Value>,
        shown: &str,
    ) -> Option<InstanceAddress> {
        let key = match index {
            None | Some(Value::Null) => Some(None),
            Some(Value::String(key)) => Some(Some(InstanceKey::Key(key.clone()))),
            Some(Value::Number(n)) => n.as_u64().map(|i| Some(InstanceKey::Index(i))),
            Some(_) => None,
        };
        let data = match mode {
            "managed" => Some(false),
            "data" => Some(true),
            _ => None,
        };
        let valid_name = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        };
        match (modules, data, key) {
            (Some(modules), Some(data), Some(key))
                if valid_name(resource_type) && valid_name(name) =>
            {
                Some(InstanceAddress {
                    modules,
                    data,
                    resource_type: resource_type.to_string(),
                    name: name.to_string(),
                    key,
                })
            }
            _ => {
                self.bad_address(shown);
                None
            }
        }
    }

    fn change(&mut self, change: ResourceChange) {
        if change.deposed.is_some() {
            // The old object of a create-before-destroy replacement: the current object of
            // the same address is what the architecture shows.
            self.skip("deposed object in the plan (being replaced)");
            return;
        }
        let modules = parse_module_path(
            change.module_address.as_deref().unwrap_or_default(),
            Quoting::Terraform,
        );
        let Some(address) = self.address(
            modules,
            &change.mode,
            &change.resource_type,
            &change.name,
            change.index.as_ref(),
            &change.address,
        ) else {
            return;
        };
        let Change {
            actions,
            before,
            after,
            after_unknown,
            before_sensitive,
            after_sensitive,
        } = change.change;
        let after_exists = !after.is_null() || after_unknown == Value::Bool(true);
        let instance = Instance {
            address: address.clone(),
            before: (!before.is_null()).then(|| Observed {
                values: before,
                unknown: Value::Null,
                sensitive: before_sensitive,
            }),
            after: after_exists.then_some(Observed {
                values: after,
                unknown: after_unknown,
                sensitive: after_sensitive,
            }),
            actions,
        };
        self.insert(address, instance, &change.address);
    }

    fn insert(&mut self, address: InstanceAddress, instance: Instance, shown: &str) {
        if self.instances.contains_key(&address) {
            let kind = self.snapshot.kind.as_str();
            self.snapshot.diagnostics.push(Diagnostic::warning(
                Location::file_start(self.snapshot.file.clone()),
                format!("{kind}: {shown} is listed twice; the first entry is used"),
            ));
            self.skip(&format!("duplicate {kind} entry"));
            return;
        }
        if self.instances.len() >= crate::terraform::MAX_ROOT_INSTANCES {
            self.over_limit(1);
            return;
        }
        self.instances.insert(address, instance);
    }

    /// Counts entries passed over because the file lists more instances than a root module
    /// may have; the first time, says so.
    fn over_limit(&mut self, entries: usize) {
        if entries == 0 {
            return;
        }
        if !self.snapshot.skipped.contains_key(OVER_INSTANCE_LIMIT) {
            let kind = self.snapshot.kind.as_str();
            self.snapshot.diagnostics.push(Diagnostic::warning(
                Location::file_start(self.snapshot.file.clone()),
                format!(
                    "{kind}: more than {} resource instances; the rest are not read",
                    crate::terraform::MAX_ROOT_INSTANCES
                ),
            ));
        }
        *self
            .snapshot
            .skipped
            .entry(OVER_INSTANCE_LIMIT.to_string())
            .or_default() += entries;
    }

    /// A values representation: fills in instances the change list does not describe.
    fn values(&mut self, module: ModuleJson, side: Side) {
        let modules = parse_module_path(
            module.address.as_deref().unwrap_or_default(),
            Quoting::Terraform,
        );
        self.over_limit(module.resources.dropped);
        for resource in module.resources.items {
            let Some(address) = self.address(
                modules.clone(),
                &resource.mode,
                &resource.resource_type,
                &resource.name,
                resource.index.as_ref(),
                &resource.address,
            ) else {
                continue;
            };
            let observed = Observed {
                values: resource.values,
                unknown: Value::Null,
                sensitive: resource.sensitive_values,
            };
            match self.instances.get_mut(&address) {
                // The change list already says everything about a listed instance.
                Some(known) if !known.actions.is_empty() => {}
                Some(known) => match side {
                    Side::Before => known.before = known.before.take().or(Some(observed)),
                    Side::After => known.after = known.after.take().or(Some(observed)),
                    Side::Both => {}
                },
                None => {
                    let (before, after) = match side {
                        Side::Before => (Some(observed), None),
                        Side::After => (None, Some(observed)),
                        Side::Both => (Some(observed.clone()), Some(observed)),
                    };
                    let instance = Instance {
                        address: address.clone(),
                        before,
                        after,
                        actions: Vec::new(),
                    };
                    self.insert(address, instance, &resource.address);
                }
            }
        }
        for child in module.child_modules {
            self.values(child, side);
        }
    }

    fn state_resource(&mut self, resource: StateResource) {
        let modules = parse_module_path(
            resource.module.as_deref().unwrap_or_default(),
            Quoting::Terraform,
        );
        let module_prefix = resource
            .module
            .as_deref()
            .map_or(String::new(), |m| format!("{m}."));
        let data = if resource.mode == "data" { "data." } else { "" };
        let shown_resource = format!(
            "{module_prefix}{data}{}.{}",
            resource.resource_type, resource.name
        );
        for instance in resource.instances {
            if instance.deposed.is_some() {
                self.skip("deposed object in the state (being replaced)");
                continue;
            }
            let shown = match &instance.index_key {
                Some(key) => format!("{shown_resource}[{key}]"),
                None => shown_resource.clone(),
            };
            let Some(address) = self.address(
                modules.clone(),
                &resource.mode,
                &resource.resource_type,
                &resource.name,
                instance.index_key.as_ref(),
                &shown,
            ) else {
                continue;
            };
            let observed = match instance.attributes {
                Some(values) => {
                    let sensitive = match &instance.sensitive_attributes {
                        None => Value::Null,
                        Some(paths) => mask_from_paths(paths, &values),
                    };
                    Some(Observed {
                        values,
                        unknown: Value::Null,
                        sensitive,
                    })
                }
                None => {
                    self.skip("state instance without `attributes` (legacy flat format)");
                    continue;
                }
            };
            let entry = Instance {
                address: address.clone(),
                before: observed.clone(),
                after: observed,
                actions: Vec::new(),
            };
            self.insert(address, entry, &shown);
        }
    }

    fn finish(mut self) -> Snapshot {
        // An instance only the prior state shows and no change lists is left as it is.
        for instance in self.instances.values_mut() {
            if instance.actions.is_empty() && instance.after.is_none() {
                instance.after = instance.before.clone();
            }
        }
        self.snapshot.instances = self.instances.into_values().collect();
        self.snapshot
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_byte_order_mark_is_accepted() {
        let plan = "\u{feff}{\"format_version\": \"1.2\", \"resource_changes\": []}";
        assert!(parse_plan("plan.json", plan).is_ok());
        let state = "\u{feff}{\"version\": 4, \"terraform_version\": \"1.9.0\", \"resources\": []}";
        assert!(parse_state("terraform.tfstate", state).is_ok());
    }

    use super::*;

    fn plan(body: &str) -> Result<Snapshot, Diagnostic> {
        parse_plan("plan.json", body)
    }

    #[test]
    fn reads_changes_values_and_prior_state() {
        let snapshot = plan(
            r#"{
  "format_version": "1.2",
  "terraform_version": "1.9.5",
  "planned_values": {"root_module": {"resources": [
    {"address": "data.aws_vpc.main", "mode": "data", "type": "aws_vpc", "name": "main",
     "values": {"id": "vpc-1"}, "sensitive_values": {}}
  ], "child_modules": [{"address": "module.svc[\"a\"]", "resources": [
    {"address": "module.svc[\"a\"].aws_ecs_service.this[0]", "mode": "managed",
     "type": "aws_ecs_service", "name": "this", "index": 0, "values": {"name": "a"}}
  ]}]}},
  "resource_changes": [
    {"address": "module.svc[\"a\"].aws_ecs_service.this[0]", "module_address": "module.svc[\"a\"]",
     "mode": "managed", "type": "aws_ecs_service", "name": "this", "index": 0,
     "change": {"actions": ["create"], "before": null, "after": {"name": "a"},
                "after_unknown": {"id": true}, "after_sensitive": {}}},
    {"address": "aws_instance.old", "mode": "managed", "type": "aws_instance", "name": "old",
     "deposed": "deadbeef", "change": {"actions": ["delete"], "before": {}, "after": null}}
  ],
  "prior_state": {"values": {"root_module": {"resources": [
    {"address": "data.aws_vpc.main", "mode": "data", "type": "aws_vpc", "name": "main",
     "values": {"id": "vpc-0"}}
  ]}}}
}"#,
        )
        .unwrap_or_else(|d| unreachable!("{d}"));
        assert_eq!(snapshot.terraform_version.as_deref(), Some("1.9.5"));
        let addresses: Vec<String> = snapshot
            .instances
            .iter()
            .map(|i| i.address.to_string())
            .collect();
        assert_eq!(
            addresses,
            [
                "data.aws_vpc.main",
                r#"module.svc["a"].aws_ecs_service.this[0]"#
            ]
        );
        let service = &snapshot.instances[1];
        assert_eq!(service.actions, ["create"]);
        assert!(service.before.is_none());
        assert_eq!(
            service.after.as_ref().map(|o| &o.unknown),
            Some(&serde_json::json!({"id": true}))
        );
        // Not in the change list: values from both sides.
        let vpc = &snapshot.instances[0];
        assert_eq!(
            vpc.before.as_ref().map(|o| &o.values["id"]),
            Some(&Value::from("vpc-0"))
        );
        assert_eq!(
            vpc.after.as_ref().map(|o| &o.values["id"]),
            Some(&Value::from("vpc-1"))
        );
        assert_eq!(
            snapshot
                .skipped
                .get("deposed object in the plan (being replaced)"),
            Some(&1)
        );
    }

    #[test]
    fn refuses_what_it_cannot_read_with_a_position() {
        let error = plan("{\n  \"format_version\": \"1.0\",\n  \"resource_changes\": [,]\n}")
            .err()
            .map(|d| d.to_string());
        assert_eq!(
            error.as_deref(),
            Some("plan.json:3:24: error: cannot read a JSON plan: expected value")
        );
        let error = plan("{\n\n  \"format_version\": \"2.0\", \"resource_changes\": []}")
            .err()
            .map(|d| d.to_string());
        assert_eq!(
            error.as_deref(),
            Some(
                "plan.json:3:3: error: unsupported format_version \"2.0\": tfmap reads version 1.x of Terraform's JSON output format"
            )
        );
        for (text, expected) in [
            ("not json", "cannot read a JSON plan"),
            ("{\"version\": 4}", "this is a state file"),
            ("{}", "no `format_version`"),
            (
                "{\"format_version\": 1, \"resource_changes\": []}",
                "unsupported format_version 1",
            ),
            (
                "{\"format_version\": \"10.0\", \"resource_changes\": []}",
                "unsupported",
            ),
            (
                "{\"format_version\": \"1.0\", \"values\": {}}",
                "not a plan",
            ),
            (
                "{\"format_version\": \"1.0\", \"resource_changes\": {}}",
                "invalid type: map",
            ),
        ] {
            let message = plan(text).err().map(|d| d.message).unwrap_or_default();
            assert!(message.contains(expected), "{text}: {message}");
        }
        // A plan in valid JSON passes the same checks.
        assert!(plan("{\"format_version\": \"1.0\", \"resource_changes\": []}").is_ok());
    }

    #[test]
    fn reads_a_version_4_state_and_refuses_others() {
        let state = parse_state(
            "terraform.tfstate",
            r#"{"version": 4, "terraform_version": "1.9.5", "serial": 3, "lineage": "x", "outputs": {},
"resources": [
 {"module": "module.db", "mode": "managed", "type": "aws_db_instance", "name": "main",
  "provider": "provider[\"registry.terraform.io/hashicorp/aws\"]",
  "instances": [{"schema_version": 2, "attributes": {"password": "hunter2", "name": "db"},
    "sensitive_attributes": [[{"type": "get_attr", "value": "password"}]]},
   {"deposed": "00000001", "attributes": {}}]},
 {"mode": "managed", "type": "aws_ecs_service", "name": "api", "each": "map",
  "instances": [{"index_key": "web", "attributes": {"name": "web"}},
                {"index_key": "worker", "attributes": {"name": "worker"}}]}
]}"#,
        )
        .unwrap_or_else(|d| unreachable!("{d}"));
        let addresses: Vec<String> = state
            .instances
            .iter()
            .map(|i| i.address.to_string())
            .collect();
        assert_eq!(
            addresses,
            [
                r#"aws_ecs_service.api["web"]"#,
                r#"aws_ecs_service.api["worker"]"#,
                "module.db.aws_db_instance.main"
            ]
        );
        let db = &state.instances[2];
        assert_eq!(
            db.after.as_ref().map(|o| &o.sensitive),
            Some(&serde_json::json!({"password": true}))
        );
        assert_eq!(state.skipped.len(), 1);
        for (text, expected) in [
            (
                "{\"version\": 3}",
                "state format version 3 is not supported",
            ),
            ("{\"serial\": 1}", "there is no `version`"),
            (
                "{\"format_version\": \"1.0\", \"resource_changes\": []}",
                "give it with --plan",
            ),
            ("[1, 2", "cannot read a state file"),
        ] {
            let message = parse_state("s", text)
                .err()
                .map(|d| d.message)
                .unwrap_or_default();
            assert!(message.contains(expected), "{text}: {message}");
        }
    }

    #[test]
    fn reads_the_json_form_of_a_state() {
        let state = parse_state(
            "state.json",
            r#"{"format_version": "1.0", "terraform_version": "1.9.5", "values": {"root_module": {
"resources": [{"address": "aws_ecs_cluster.main", "mode": "managed", "type": "aws_ecs_cluster",
"name": "main", "values": {"name": "prod"}, "sensitive_values": {}}]}}}"#,
        )
        .unwrap_or_else(|d| unreachable!("{d}"));
        assert_eq!(state.instances.len(), 1);
        assert!(state.instances[0].before.is_some() && state.instances[0].after.is_some());
    }

    #[test]
    fn an_unreadable_address_is_reported_and_skipped() {
        let snapshot = plan(
            r#"{"format_version": "1.0", "resource_changes": [
 {"address": "x", "mode": "managed", "type": "aws x", "name": "y", "change": {"actions": ["create"]}},
 {"address": "m", "module_address": "module.", "mode": "managed", "type": "a", "name": "b", "change": {}},
 {"address": "k", "mode": "weird", "type": "a", "name": "b", "change": {}},
 {"address": "i", "mode": "managed", "type": "a", "name": "b", "index": -1, "change": {}}
]}"#,
        )
        .unwrap_or_else(|d| unreachable!("{d}"));
        assert!(snapshot.instances.is_empty());
        assert_eq!(snapshot.diagnostics.len(), 4);
        assert_eq!(
            snapshot
                .skipped
                .get("plan entry with an unreadable address"),
            Some(&4)
        );
    }
}
