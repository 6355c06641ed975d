//! Terraform plans and states as input: `terraform show -json PLAN` output (JSON format 1.x)
//! and state files (format version 4). They know what tfmap cannot: variable values given on
//! the command line, values computed by providers, the real instance keys of `count` and
//! `for_each`, what sits inside modules that were not downloaded, and what the plan will
//! change.
//!
//! `format` reads the text into a [`Snapshot`] (the binary reads the file: nothing here
//! touches the disk); `apply` lays a snapshot over an [`Inventory`](crate::Inventory):
//! instances are matched to resources by address, a resource whose keys were unknown
//! becomes one resource per instance, values the configuration sets are replaced by the
//! known ones (`values`), and what only the snapshot shows is added.

mod address;
mod apply;
mod bounded;
mod configuration;
mod format;
mod redirect;
mod values;

pub use address::{InstanceAddress, ModuleStep, Quoting};
pub use apply::apply;
pub use format::{parse_plan, parse_state};

use crate::diagnostic::Diagnostic;
use serde_json::Value;
use std::collections::BTreeMap;
use std::sync::Arc;

/// Which kind of file a snapshot was read from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SnapshotKind {
    Plan,
    State,
}

impl SnapshotKind {
    pub fn as_str(self) -> &'static str {
        match self {
            SnapshotKind::Plan => "plan",
            SnapshotKind::State => "state",
        }
    }
}

/// Every resource instance a plan or state describes.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub kind: SnapshotKind,
    /// The file as the user named it; diagnostics point into it.
    pub file: Arc<str>,
    pub terraform_version: Option<String>,
    /// Sorted by address, one entry per address.
    pub instances: Vec<Instance>,
    /// Parts of the file not used, by reason (deposed objects, entries with a bad address).
    pub skipped: BTreeMap<String, usize>,
    /// References written in each resource block, from a plan's `configuration`; empty for
    /// a state.
    pub configured: BTreeMap<InstanceAddress, Vec<configuration::ConfiguredReference>>,
    pub diagnostics: Vec<Diagnostic>,
}

/// One resource instance: its object before and after the plan (a state has the same object
/// on both sides) and the actions planned for it.
#[derive(Debug, Clone)]
pub struct Instance {
    pub address: InstanceAddress,
    /// `None` when the object does not exist before the plan, or is not described.
    pub before: Option<Observed>,
    /// `None` when the object does not exist after the plan, or is not described.
    pub after: Option<Observed>,
    /// As Terraform writes them: `["create"]`, `["delete", "create"]`; empty for a state, or
    /// for an instance the plan lists only in its values.
    pub actions: Vec<String>,
}

/// An object's values with what is unknown and what is sensitive: the two masks have the
/// shape of the value, with `true` at unknown (sensitive) leaves or whole parts.
#[derive(Debug, Clone, Default)]
pub struct Observed {
    pub values: Value,
    pub unknown: Value,
    pub sensitive: Value,
}

/// Which architecture to build from a plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PlanSide {
    /// The outcome of the plan, with the instances it deletes kept (with their last values)
    /// so a report can mark them: what `analyze --plan` shows.
    Planned,
    /// Before the plan: prior values, without the instances it creates.
    Before,
    /// After the plan: planned values, without the instances it deletes.
    After,
}

impl Instance {
    /// The object this side shows: `None` when the instance does not exist on it,
    /// `Some(None)` when it exists but its values are not described.
    pub fn on(&self, side: PlanSide) -> Option<Option<&Observed>> {
        let creates = self.actions.iter().any(|a| a == "create");
        let deletes = self.actions.iter().any(|a| a == "delete" || a == "forget");
        let described = !self.actions.is_empty();
        let before = match (described, creates && !deletes) {
            (true, true) => None,
            (true, false) => Some(self.before.as_ref()),
            (false, _) => self.before.as_ref().map(Some),
        };
        let after = match (described, deletes && !creates) {
            (true, true) => None,
            (true, false) => Some(self.after.as_ref()),
            (false, _) => self.after.as_ref().map(Some),
        };
        match side {
            PlanSide::Before => before,
            PlanSide::After => after,
            PlanSide::Planned => after.or(before),
        }
    }
}

/// What applying a plan or state did, for the report and the JSON `stats`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanSummary {
    pub kind: SnapshotKind,
    pub file: String,
    pub terraform_version: Option<String>,
    /// The root module it was applied to.
    pub root: String,
    /// Planned actions by resource id, as Terraform writes them.
    pub actions: BTreeMap<String, Vec<String>>,
    /// Resources of the configuration that took the values of one instance.
    pub matched: usize,
    /// Resources that stood for every instance (keys unknown statically), each replaced by
    /// one resource per instance.
    pub expanded: usize,
    /// The instances they became.
    pub instances_from_expansion: usize,
    /// Resources only the snapshot shows (e.g. inside a module that was not downloaded).
    pub added: usize,
    /// Resources left out because they do not exist on the chosen side of the plan.
    pub left_out: usize,
}

/// The short word for a list of planned actions: `create`, `update`, `replace`, `delete`,
/// `read`, `forget`; `None` for `no-op` and for no actions.
pub fn change_word(actions: &[String]) -> Option<String> {
    let words: Vec<&str> = actions.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] | ["no-op"] => None,
        ["delete", "create"] | ["create", "delete"] => Some("replace".to_string()),
        [single] => Some((*single).to_string()),
        several => Some(several.join("+")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn instance(actions: &[&str], before: bool, after: bool) -> Instance {
        Instance {
            address: InstanceAddress::parse("aws_x.y", Quoting::Terraform)
                .unwrap_or_else(|| unreachable!()),
            before: before.then(Observed::default),
            after: after.then(Observed::default),
            actions: actions.iter().map(|a| a.to_string()).collect(),
        }
    }

    fn exists(instance: &Instance) -> [bool; 3] {
        [PlanSide::Before, PlanSide::After, PlanSide::Planned].map(|s| instance.on(s).is_some())
    }

    #[test]
    fn each_side_shows_what_exists_on_it() {
        assert_eq!(
            exists(&instance(&["create"], false, true)),
            [false, true, true]
        );
        assert_eq!(
            exists(&instance(&["delete"], true, false)),
            [true, false, true]
        );
        assert_eq!(
            exists(&instance(&["forget"], true, false)),
            [true, false, true]
        );
        assert_eq!(
            exists(&instance(&["delete", "create"], true, true)),
            [true, true, true]
        );
        assert_eq!(
            exists(&instance(&["no-op"], true, true)),
            [true, true, true]
        );
        // A deferred data source read has no prior object, yet exists before the plan.
        assert_eq!(
            exists(&instance(&["read"], false, true)),
            [true, true, true]
        );
        // Known only from values (a state, or a plan's values without a change entry).
        assert_eq!(exists(&instance(&[], true, true)), [true, true, true]);
        assert_eq!(exists(&instance(&[], false, true)), [false, true, true]);
        let deleted = instance(&["delete"], true, false);
        assert!(deleted.on(PlanSide::Planned).is_some_and(|o| o.is_some()));
    }

    #[test]
    fn change_words() {
        let word = |a: &[&str]| change_word(&a.iter().map(|s| s.to_string()).collect::<Vec<_>>());
        assert_eq!(word(&["no-op"]), None);
        assert_eq!(word(&[]), None);
        assert_eq!(word(&["create", "delete"]).as_deref(), Some("replace"));
        assert_eq!(word(&["delete", "create"]).as_deref(), Some("replace"));
        assert_eq!(word(&["update"]).as_deref(), Some("update"));
        assert_eq!(
            word(&["create", "forget"]).as_deref(),
            Some("create+forget")
        );
    }
}
