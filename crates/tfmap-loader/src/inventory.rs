//! What the loader hands on: every resource, data source and opaque module it found, with
//! evaluated attributes and resolved references, plus the diagnostics and counts of what was
//! read and passed over.

use crate::diagnostic::Diagnostic;
use crate::location::Location;
use std::collections::BTreeMap;
use tfmap_core::Value;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ResourceKind {
    Managed,
    Data,
    /// A module call tfmap cannot follow (registry, git, …): one opaque node.
    Module,
}

#[derive(Debug, Clone)]
pub struct Resource {
    /// Unique across the analysis: the Terraform address, prefixed with `<root dir>:` when
    /// the root module is not the analysed directory itself.
    pub id: String,
    /// The Terraform address inside its root module.
    pub address: String,
    /// The root module directory, relative to the analysed directory.
    pub root: String,
    pub kind: ResourceKind,
    /// `aws_ecs_service`, or `module` for an opaque module.
    pub resource_type: String,
    pub name: String,
    /// `module.app.module.inner`, empty in the root module.
    pub module: String,
    pub location: Location,
    pub body: Body,
    pub references: Vec<Reference>,
    /// The `provider` meta-argument as written (`kubernetes.east`), if any.
    pub provider: Option<String>,
    /// The provider configuration this resource uses once module calls' `providers` maps
    /// and inheritance are followed (`kubernetes.west` of the root module for a resource
    /// inside `module "app" { providers = { kubernetes = kubernetes.west } }`); `None` for
    /// an opaque module, an aliased configuration nothing provides, or a resource added from
    /// a plan.
    pub provider_config: Option<ProviderRef>,
    /// The `count`/`for_each` levels this resource is an instance of, outermost first: the
    /// module calls around it, then its own. Empty for a resource that is not repeated.
    pub repetition: Vec<Repetition>,
}

/// One level of `count` or `for_each`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repetition {
    pub meta: RepetitionMeta,
    /// What repeats: `aws_ecs_service.api` or `module.svc`, with the keys of the levels
    /// above it.
    pub scope: String,
    /// This instance's key; `None` when the keys are not known statically, in which case
    /// the resource stands for every instance.
    pub key: Option<InstanceKey>,
    /// The `count` or `for_each` expression as written; empty when the level is known only
    /// from a plan or state.
    pub expression: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RepetitionMeta {
    Count,
    ForEach,
}

impl RepetitionMeta {
    pub fn as_str(self) -> &'static str {
        match self {
            RepetitionMeta::Count => "count",
            RepetitionMeta::ForEach => "for_each",
        }
    }
}

pub use tfmap_core::InstanceKey;

/// A provider configuration: the module instance it lives in (`module.app`, empty for the
/// root module) and its address there.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ProviderRef {
    pub module: String,
    /// `kubernetes`, `helm`, `aws`, …
    pub name: String,
    pub alias: Option<String>,
}

impl std::fmt::Display for ProviderRef {
    /// `kubernetes.west`, or `kubernetes in module.app` for a module's own block.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name)?;
        if let Some(alias) = &self.alias {
            write!(f, ".{alias}")?;
        }
        if !self.module.is_empty() {
            write!(f, " in {}", self.module)?;
        }
        Ok(())
    }
}

/// A `provider` block of a module instance, with the resources its settings reference (a
/// `kubernetes` provider whose `host` is an EKS cluster's endpoint references that cluster).
#[derive(Debug, Clone)]
pub struct ProviderConfig {
    pub root: String,
    /// The module instance whose block this is (`module.app`), empty for the root module.
    pub module: String,
    /// `kubernetes`, `helm`, `aws`, …
    pub name: String,
    pub alias: Option<String>,
    pub location: Location,
    pub references: Vec<Reference>,
}

/// Evaluated attributes and nested blocks. Unknown parts of values are markers such as
/// `${aws_lb.main.arn}`.
#[derive(Debug, Clone, Default)]
pub struct Body {
    pub attributes: Attributes,
    pub blocks: Vec<Block>,
}

/// Attributes by name, in name order. A sorted vector rather than a B-tree: most bodies
/// hold a handful of attributes, for which a B-tree's nodes cost several times the data
/// (a fifth of all memory on a large repository).
#[derive(Debug, Clone, Default)]
pub struct Attributes(Vec<(String, Attribute)>);

impl Attributes {
    pub fn with_capacity(capacity: usize) -> Self {
        Attributes(Vec::with_capacity(capacity))
    }

    pub fn get(&self, name: &str) -> Option<&Attribute> {
        let found = self
            .0
            .binary_search_by(|(k, _)| k.as_str().cmp(name))
            .ok()?;
        self.0.get(found).map(|(_, a)| a)
    }

    /// Sets an attribute; returns the one it replaces.
    pub fn insert(&mut self, name: String, attribute: Attribute) -> Option<Attribute> {
        match self.0.binary_search_by(|(k, _)| k.as_str().cmp(&name)) {
            Ok(found) => Some(std::mem::replace(&mut self.0[found].1, attribute)),
            Err(at) => {
                self.0.insert(at, (name, attribute));
                None
            }
        }
    }

    pub fn remove(&mut self, name: &str) -> Option<Attribute> {
        let found = self
            .0
            .binary_search_by(|(k, _)| k.as_str().cmp(name))
            .ok()?;
        Some(self.0.remove(found).1)
    }

    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, &Attribute)> {
        self.0.iter().map(|(k, a)| (k, a))
    }

    pub fn iter_mut(&mut self) -> impl Iterator<Item = (&String, &mut Attribute)> {
        self.0.iter_mut().map(|(k, a)| (&*k, a))
    }

    pub fn keys(&self) -> impl Iterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<'a> IntoIterator for &'a Attributes {
    type Item = (&'a String, &'a Attribute);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Attribute)>,
        fn(&'a (String, Attribute)) -> (&'a String, &'a Attribute),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, a)| (k, a))
    }
}

impl<'a> IntoIterator for &'a mut Attributes {
    type Item = (&'a String, &'a mut Attribute);
    type IntoIter = std::iter::Map<
        std::slice::IterMut<'a, (String, Attribute)>,
        fn(&'a mut (String, Attribute)) -> (&'a String, &'a mut Attribute),
    >;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter_mut().map(|(k, a)| (&*k, a))
    }
}

#[derive(Debug, Clone)]
pub struct Attribute {
    pub value: Value,
    pub location: Location,
}

#[derive(Debug, Clone)]
pub struct Block {
    /// The block type; for a `dynamic "x"` block, `x`.
    pub kind: String,
    pub labels: Vec<String>,
    pub body: Body,
    pub location: Location,
    /// Written as `dynamic`: its content repeats once per element of `for_each`.
    pub dynamic: bool,
}

impl Body {
    pub fn value(&self, name: &str) -> Option<&Value> {
        self.attributes.get(name).map(|a| &a.value)
    }

    /// A string attribute, when it is a string.
    pub fn string(&self, name: &str) -> Option<&str> {
        self.value(name)?.as_str()
    }

    pub fn blocks_of<'a>(&'a self, kind: &'a str) -> impl Iterator<Item = &'a Block> {
        self.blocks.iter().filter(move |b| b.kind == kind)
    }

    pub fn block(&self, kind: &str) -> Option<&Block> {
        self.blocks.iter().find(|b| b.kind == kind)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ReferenceKind {
    /// An expression names the target.
    Reference,
    /// `depends_on` names the target.
    DependsOn,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Reference {
    /// The id of the resource reached.
    pub target: String,
    /// Where in the referencing resource: `load_balancer.target_group_arn`.
    pub via: String,
    pub kind: ReferenceKind,
    /// Variables, locals and outputs passed on the way, outermost first.
    pub through: Vec<String>,
    pub location: Location,
    /// The instance the reference's index picks, when that index is the referrer's own key
    /// (`x.y[each.key]`, `x.y[count.index]`) or a key known statically (`x.y["web"]`) while
    /// the target's keys are not: once a plan shows the instances, only the picked one is
    /// reached, not every one. `None`: no index, a splat, or an index tfmap cannot tell.
    pub picks: Option<KeyPick>,
    /// The output of another root's state read on the way, when the target is a resource of
    /// that root reached through a `terraform_remote_state` data source.
    pub state_output: Option<String>,
}

/// Which instance of the target a reference's index picks, by the key at one of the
/// target's repetition levels.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyPick {
    /// The referrer's own key at level `referrer`: `each.key` or `count.index`.
    Own {
        referrer: KeyLevel,
        target: KeyLevel,
    },
    /// A key known statically: a literal, or a local or variable tfmap evaluated.
    Known { key: InstanceKey, target: KeyLevel },
}

/// One repetition level of an address: the resource's own key, or the key of the module
/// call at that depth (0 is the call in the root module).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum KeyLevel {
    Resource,
    Module(usize),
}

/// One reference per target, place and kind, in a fixed order: the first occurrence is kept.
/// It is keyed by the referrer's key only when every occurrence is, the same way: a second
/// reference without that index reaches every instance.
pub(crate) fn distinct_references(mut references: Vec<Reference>) -> Vec<Reference> {
    references.sort_by(|a, b| {
        (&a.target, &a.via, a.kind, &a.location, &a.through).cmp(&(
            &b.target,
            &b.via,
            b.kind,
            &b.location,
            &b.through,
        ))
    });
    references.dedup_by(|later, first| {
        let same =
            later.target == first.target && later.via == first.via && later.kind == first.kind;
        if same && later.picks != first.picks {
            first.picks = None;
        }
        same
    });
    references
}

/// Counts of what was read and passed over, so nothing is dropped silently.
#[derive(Debug, Clone, Default)]
pub struct Stats {
    /// Files read, by kind (`terraform`, `tfvars`).
    pub files_read: BTreeMap<String, usize>,
    /// Files or directories passed over, by reason.
    pub skipped: BTreeMap<String, usize>,
    pub module_instances: usize,
    /// Resources and module calls whose `count` or `for_each` gives no instance
    /// (`count = 0`): known, and not drawn.
    pub without_instances: usize,
    /// Blocks that are understood but draw nothing (`moved`, `import`, `check`, `removed`,
    /// `terraform`), by kind.
    pub other_blocks: BTreeMap<String, usize>,
    /// The repository's own files that tfmap could not read, or read only in part, sorted by
    /// path: what they declare is missing from the analysis, so a diff must say so.
    pub unread: Vec<UnreadFile>,
}

/// A file of the repository whose content the analysis lacks, and why. Files passed over by
/// design (`.terraform/` internals, templated YAML, kustomize configuration, paths the
/// configuration ignores) are only counted in `skipped`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct UnreadFile {
    pub path: String,
    pub reason: String,
    /// What the file held, as far as tfmap knows without reading past a limit: a hash of its
    /// bytes when they were read, else its size. Tells a diff whether a file unread on both
    /// sides changed.
    pub fingerprint: Option<Fingerprint>,
}

/// See [`UnreadFile::fingerprint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Fingerprint {
    /// A stable hash of the bytes (the same on every machine and run).
    Content(u64),
    /// Only the size is known: the file was not read past a limit.
    Size(u64),
}

impl Fingerprint {
    /// The hash of a file's bytes.
    pub fn of_bytes(bytes: &[u8]) -> Fingerprint {
        Fingerprint::Content(stable_hash(bytes))
    }
}

/// FNV-1a: the same on every machine and every run, unlike the standard library's randomly
/// keyed hasher; for fingerprints that outputs compare across runs.
pub fn stable_hash(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in bytes {
        hash ^= u64::from(*byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    hash
}

impl UnreadFile {
    pub fn new(
        path: impl Into<String>,
        reason: impl Into<String>,
        fingerprint: Option<Fingerprint>,
    ) -> Self {
        UnreadFile {
            path: path.into(),
            reason: reason.into(),
            fingerprint,
        }
    }
}

impl Stats {
    /// Records a file that could not be read: in `unread`, and counted in `skipped`.
    pub fn record_unread(&mut self, file: UnreadFile) {
        *self.skipped.entry(file.reason.clone()).or_default() += 1;
        self.unread.push(file);
    }

    /// Sorts `unread` by path, one entry per file (the first reason in sort order).
    pub fn settle_unread(&mut self) {
        self.unread.sort();
        self.unread
            .dedup_by(|later, first| later.path == first.path);
    }
}

#[derive(Debug, Clone, Default)]
pub struct Inventory {
    /// Root module directories, sorted.
    pub roots: Vec<String>,
    /// What each root module is for (deployed, fixture, library), in the order of `roots`.
    pub root_modules: Vec<crate::terraform::RootModule>,
    /// Sorted by id.
    pub resources: Vec<Resource>,
    /// Provider blocks of root modules, sorted by root, name and alias.
    pub providers: Vec<ProviderConfig>,
    /// Kubernetes objects from YAML files, sorted by location.
    pub manifests: Vec<crate::kubernetes::Manifest>,
    /// `tfmap:ignore[…]` comments, sorted by location.
    pub suppressions: Vec<crate::suppression::Suppression>,
    /// Sorted by location.
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
    /// What a Terraform plan or state applied to it said (`--plan`, `--state`).
    pub plan: Option<crate::plan::PlanSummary>,
    /// Files Terraform reads with `file()` or `templatefile()`: input to the resources
    /// that read them (a `kubectl_manifest`'s YAML), not manifests applied on their own.
    pub read_by_terraform: std::collections::BTreeSet<String>,
}

impl Inventory {
    /// A file that could not be read or parsed: its diagnostic, and the file named in
    /// `unread` with what is known of its content.
    pub(crate) fn file_with_errors(
        &mut self,
        diagnostic: Diagnostic,
        fingerprint: Option<Fingerprint>,
    ) {
        self.stats.record_unread(UnreadFile::new(
            diagnostic.location.file.to_string(),
            "file with errors",
            fingerprint,
        ));
        self.diagnostics.push(diagnostic);
    }
}
