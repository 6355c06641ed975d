//! Summary nodes for diagrams too large to draw whole. Graphviz needs seconds for a few
//! thousand nodes (minutes when they are not clustered), and nobody reads such a picture, so
//! a large view is collapsed: the nodes of one module instance, one namespace or one root
//! module become one summary node, and edges between summaries are counted instead of drawn
//! one by one. The view is collapsed here, once, so every format draws the same summary.
//!
//! Each summary lies in one box of the drawing (platform → cluster → namespace): its key
//! includes the box, so the boxes, and the clusters they stand for, stay visible.

use crate::view::{Group, View};
use std::collections::{BTreeMap, BTreeSet};
use tfmap_model::{EdgeKind, Node, Role};

/// Above this many nodes a view is collapsed by default. Graphviz lays out that many
/// clustered nodes in well under a second, and a diagram with more no longer fits a screen
/// in a readable size; every bundled example and fixture stays far below it.
pub const DEFAULT_MAX_NODES: usize = 250;

/// How far to collapse a view: the `--collapse` choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Collapse {
    /// Draw the view whole when it has at most `max_nodes` nodes; otherwise take the finest
    /// level that fits, else the coarsest.
    #[default]
    Auto,
    /// Draw every node.
    None,
    /// Only this level.
    Level(Level),
}

/// The levels of collapsing, finest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// One node per module instance (Terraform) and per namespace (Kubernetes); resources
    /// outside any module stay themselves, unless they alone are too many: then one node
    /// per root module.
    Module,
    /// One node per namespace, and per root module within each cluster or platform box.
    Namespace,
    /// One node per root module within each cluster or platform box; namespaces merge
    /// into their cluster.
    Root,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Module, Level::Namespace, Level::Root];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::Module => "module",
            Level::Namespace => "namespace",
            Level::Root => "root",
        }
    }
}

/// What a summary node stands for.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum Subject {
    /// The resources of one module instance (`module.svc["web"]`) of a root module.
    Module { root: String, module: String },
    /// The Kubernetes objects of one namespace (`None`: the cluster-scoped ones) of the
    /// summary's cluster.
    Namespace(Option<String>),
    /// The resources of one root module (those in the summary's box).
    Root(String),
}

/// One node drawn for several.
#[derive(Debug, Clone)]
pub struct Summary<'a> {
    /// Never the id of a node of the analysis.
    pub id: String,
    pub level: Level,
    /// The box it is drawn in; every member is drawn in it (or, at the root level, in one of
    /// its namespaces).
    pub group: Group,
    pub subject: Subject,
    /// Sorted by id; at least two.
    pub members: Vec<&'a Node>,
}

/// The edges of one kind between two drawn nodes, one of them (or both) a summary.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SummaryEdge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    /// How many edges of the full view it stands for.
    pub count: usize,
}

impl SummaryEdge {
    /// The kind, and how many edges when more than one: `routes_to ×3`.
    pub fn label(&self) -> String {
        if self.count > 1 {
            format!("{} ×{}", self.kind.as_str(), self.count)
        } else {
            self.kind.as_str().to_string()
        }
    }
}

/// What collapsing did, for the message that says so.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Collapsed {
    pub level: Level,
    /// Nodes in the view before collapsing.
    pub before: usize,
    /// Nodes drawn after: the nodes left as themselves and the summaries.
    pub after: usize,
    pub max_nodes: usize,
}

impl Collapsed {
    /// One line for standard error when `auto` collapsed a view.
    pub fn message(&self) -> String {
        let still = if self.after > self.max_nodes {
            format!(", still over --max-nodes {}", thousands(self.max_nodes))
        } else {
            String::new()
        };
        format!(
            "{} nodes are too many to draw; collapsed by {} into {}{still} (use --focus ID or --collapse none)",
            thousands(self.before),
            self.level.as_str(),
            thousands(self.after),
        )
    }
}

/// `26401` → `26,401`.
fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// The ways nodes are grouped, finest first. `Module` is tried with the resources outside
/// any module left alone, then with them grouped by root module.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Grouping {
    Modules,
    ModulesAndRoots,
    Namespaces,
    Roots,
}

impl Grouping {
    fn level(self) -> Level {
        match self {
            Grouping::Modules | Grouping::ModulesAndRoots => Level::Module,
            Grouping::Namespaces => Level::Namespace,
            Grouping::Roots => Level::Root,
        }
    }

    fn of(level: Level) -> &'static [Grouping] {
        match level {
            Level::Module => &[Grouping::Modules, Grouping::ModulesAndRoots],
            Level::Namespace => &[Grouping::Namespaces],
            Level::Root => &[Grouping::Roots],
        }
    }

    /// The summary a node joins, or `None` when it stays itself.
    fn key<'v>(self, group: &'v Group, node: &'v Node) -> Option<Key<'v>> {
        let in_box = |subject| {
            Some(Key {
                platform: group.platform,
                cluster: group.cluster.as_deref(),
                namespace: group.namespace.as_deref(),
                subject,
            })
        };
        let kubernetes = node.kubernetes.is_some();
        match self {
            Grouping::Roots => Some(Key {
                platform: group.platform,
                cluster: group.cluster.as_deref(),
                namespace: None,
                subject: SubjectKey::Root(&node.root),
            }),
            _ if kubernetes => in_box(SubjectKey::Namespace(group.namespace.as_deref())),
            Grouping::Namespaces => in_box(SubjectKey::Root(&node.root)),
            _ if !node.module.is_empty() => in_box(SubjectKey::Module(&node.root, &node.module)),
            Grouping::ModulesAndRoots => in_box(SubjectKey::Root(&node.root)),
            Grouping::Modules => None,
        }
    }
}

/// The summary a node joins at a grouping; the focus always stays itself.
fn key_of<'v>(
    grouping: Grouping,
    keep: &BTreeSet<&str>,
    group: &'v Group,
    node: &'v Node,
) -> Option<Key<'v>> {
    if keep.contains(node.id.as_str()) {
        None
    } else {
        grouping.key(group, node)
    }
}

/// A summary's box and subject, borrowed from the view while levels are tried: only the
/// chosen level's summaries own their strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Key<'v> {
    platform: tfmap_model::Platform,
    cluster: Option<&'v str>,
    namespace: Option<&'v str>,
    subject: SubjectKey<'v>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum SubjectKey<'v> {
    Module(&'v str, &'v str),
    Namespace(Option<&'v str>),
    Root(&'v str),
}

impl Key<'_> {
    fn owned(self) -> (Group, Subject) {
        let group = Group {
            platform: self.platform,
            cluster: self.cluster.map(str::to_string),
            namespace: self.namespace.map(str::to_string),
        };
        let subject = match self.subject {
            SubjectKey::Module(root, module) => Subject::Module {
                root: root.to_string(),
                module: module.to_string(),
            },
            SubjectKey::Namespace(namespace) => Subject::Namespace(namespace.map(str::to_string)),
            SubjectKey::Root(root) => Subject::Root(root.to_string()),
        };
        (group, subject)
    }
}

/// Collapses `view` as `collapse` and `max_nodes` say; nodes in `keep` (the focus) always
/// stay themselves. Returns what was done, or `None` when the view is drawn whole.
pub fn collapse<'a>(
    view: &mut View<'a>,
    collapse: Collapse,
    max_nodes: usize,
    keep: &BTreeSet<&str>,
) -> Option<Collapsed> {
    let before = view.nodes.len();
    let groupings: Vec<Grouping> = match collapse {
        Collapse::None => return None,
        Collapse::Auto if before <= max_nodes => return None,
        Collapse::Auto => Level::ALL
            .iter()
            .flat_map(|level| Grouping::of(*level))
            .copied()
            .collect(),
        Collapse::Level(level) => Grouping::of(level).to_vec(),
    };
    let key = |grouping: Grouping, group, node| key_of(grouping, keep, group, node);
    let drawn = |grouping: Grouping| {
        let mut alone = 0;
        let mut keys = BTreeSet::new();
        for (group, nodes) in &view.groups {
            for node in nodes {
                match key(grouping, group, node) {
                    Some(k) => {
                        keys.insert(k);
                    }
                    None => alone += 1,
                }
            }
        }
        alone + keys.len()
    };
    let chosen = groupings
        .iter()
        .copied()
        .find(|g| drawn(*g) <= max_nodes)
        .or(groupings.last().copied())?;

    let mut members: BTreeMap<Key, Vec<&'a Node>> = BTreeMap::new();
    for (group, nodes) in &view.groups {
        for node in nodes {
            if let Some(k) = key(chosen, group, node) {
                members.entry(k).or_default().push(node);
            }
        }
    }
    // A summary of one node would only hide it.
    let members: BTreeMap<(Group, Subject), Vec<&'a Node>> = members
        .into_iter()
        .filter(|(_, nodes)| nodes.len() > 1)
        .map(|(key, nodes)| (key.owned(), nodes))
        .collect();
    let summaries = summaries(view, chosen.level(), members);
    // Looked up, never iterated.
    let summary_of: rustc_hash::FxHashMap<&str, usize> = summaries
        .iter()
        .enumerate()
        .flat_map(|(i, s)| s.members.iter().map(move |n| (n.id.as_str(), i)))
        .collect();
    let drawn_id = |id: &'a str| -> &str {
        summary_of
            .get(id)
            .and_then(|&i| summaries.get(i))
            .map_or(id, |s| s.id.as_str())
    };
    let mut counted: BTreeMap<(&str, &str, EdgeKind), usize> = BTreeMap::new();
    let mut edges = Vec::new();
    for edge in &view.edges {
        let (from, to) = (drawn_id(&edge.from), drawn_id(&edge.to));
        if from == edge.from && to == edge.to {
            edges.push(*edge);
        } else if from != to {
            *counted.entry((from, to, edge.kind)).or_default() += 1;
        }
    }
    let summary_edges = counted
        .into_iter()
        .map(|((from, to, kind), count)| SummaryEdge {
            from: from.to_string(),
            to: to.to_string(),
            kind,
            count,
        })
        .collect();
    view.nodes
        .retain(|n| !summary_of.contains_key(n.id.as_str()));
    for nodes in view.groups.values_mut() {
        nodes.retain(|n| !summary_of.contains_key(n.id.as_str()));
    }
    view.groups.retain(|_, nodes| !nodes.is_empty());
    view.edges = edges;
    view.summary_edges = summary_edges;
    let collapsed = Collapsed {
        level: chosen.level(),
        before,
        after: view.nodes.len() + summaries.len(),
        max_nodes,
    };
    view.summaries = summaries;
    Some(collapsed)
}

/// The summaries with their ids, sorted by id.
fn summaries<'a>(
    view: &View<'a>,
    level: Level,
    members: BTreeMap<(Group, Subject), Vec<&'a Node>>,
) -> Vec<Summary<'a>> {
    let mut by_base: BTreeMap<String, usize> = BTreeMap::new();
    for (_, subject) in members.keys() {
        *by_base.entry(base_id(subject)).or_default() += 1;
    }
    let mut summaries: Vec<Summary> = members
        .into_iter()
        .map(|((group, subject), mut nodes)| {
            nodes.sort_by(|a, b| a.id.cmp(&b.id));
            let base = base_id(&subject);
            // The same module or root in two boxes: the box tells them apart.
            let mut id = if by_base.get(&base).is_some_and(|&n| n > 1) {
                let place = group
                    .cluster
                    .clone()
                    .unwrap_or_else(|| group.platform.as_str().to_string());
                format!("{base}@{place}")
            } else {
                base
            };
            while view.analysis.node(&id).is_some() {
                id.push('\'');
            }
            Summary {
                id,
                level,
                group,
                subject,
                members: nodes,
            }
        })
        .collect();
    summaries.sort_by(|a, b| a.id.cmp(&b.id));
    summaries
}

/// `root:address`, as node ids write a root module other than the analysed directory.
fn qualified(root: &str, address: &str) -> String {
    if root == "." {
        address.to_string()
    } else {
        format!("{root}:{address}")
    }
}

fn base_id(subject: &Subject) -> String {
    match subject {
        Subject::Module { root, module } => format!("summary/module/{}", qualified(root, module)),
        Subject::Namespace(Some(namespace)) => format!("summary/namespace/{namespace}"),
        Subject::Namespace(None) => "summary/cluster-scoped".to_string(),
        Subject::Root(root) => format!("summary/root/{root}"),
    }
}

impl Summary<'_> {
    /// What it stands for: `module.svc["web"]`, `namespace shop`, `root module envs/prod`.
    pub fn title(&self) -> String {
        match &self.subject {
            Subject::Module { module, .. } => module.clone(),
            Subject::Namespace(Some(namespace)) => format!("namespace {namespace}"),
            Subject::Namespace(None) => "cluster-scoped objects".to_string(),
            Subject::Root(root) => format!("root module {root}"),
        }
    }

    /// Every member is implicit (created by a controller or the platform): drawn dashed.
    pub fn all_implicit(&self) -> bool {
        self.members.iter().all(|n| n.implicit.is_some())
    }

    /// How many members of each type (the kind for Kubernetes objects): most first, then
    /// declared before implicit, then by role (clusters, compute, workload definitions and
    /// services before the rest).
    pub fn types(&self) -> Vec<(String, usize)> {
        let mut counts: BTreeMap<String, (usize, bool, Role)> = BTreeMap::new();
        for node in &self.members {
            let name = match (&node.kubernetes, &node.implicit) {
                (_, Some(_)) => format!("{} (implicit)", node.resource_type),
                (Some(kube), None) => kube.kind.clone(),
                (None, None) => node.resource_type.clone(),
            };
            let entry = counts
                .entry(name)
                .or_insert((0, node.implicit.is_some(), node.role));
            entry.0 += 1;
            entry.2 = entry.2.min(node.role);
        }
        let mut types: Vec<(String, (usize, bool, Role))> = counts.into_iter().collect();
        types.sort_by(
            |(a_name, (a_count, a_implicit, a_role)), (b_name, (b_count, b_implicit, b_role))| {
                (b_count, a_implicit, a_role, a_name).cmp(&(a_count, b_implicit, b_role, b_name))
            },
        );
        types
            .into_iter()
            .map(|(name, (count, ..))| (name, count))
            .collect()
    }

    /// The label: what it stands for, where, how many, and its most common types.
    pub fn label_lines(&self) -> Vec<String> {
        const TYPES_SHOWN: usize = 4;
        let mut lines = vec![self.title()];
        if let Subject::Module { root, .. } = &self.subject
            && root != "."
        {
            lines.push(format!("in {root}"));
        }
        let noun = match self.subject {
            Subject::Namespace(_) => "objects",
            _ => "resources",
        };
        lines.push(format!("{} {noun}:", self.members.len()));
        let types = self.types();
        for (name, count) in types.iter().take(TYPES_SHOWN) {
            lines.push(format!("{count} {name}"));
        }
        if types.len() > TYPES_SHOWN {
            lines.push(format!("+ {} more types", types.len() - TYPES_SHOWN));
        }
        lines
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_are_separated() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(26401), "26,401");
        assert_eq!(super::thousands(1234567), "1,234,567");
    }
}
