//! Which nodes and edges a diagram shows, and how they are grouped. Every diagram format
//! draws the same view, so DOT, SVG, Mermaid and JSON always agree.
//!
//! By default a diagram keeps the container-platform resources and what connects them, and
//! leaves out IAM, networking plumbing, logs, registries and data sources; `all` keeps
//! everything. Edges are the semantic ones (`runs_on`, `routes_to`, `creates`, …); `raw`
//! adds every Terraform reference. `focus` keeps some nodes and their neighbourhood up to
//! `depth` edges away. A view still larger than `max_nodes` is collapsed into summary nodes
//! (see [`crate::summary`]).

use crate::summary::{Collapse, Collapsed, DEFAULT_MAX_NODES, Summary, SummaryEdge};
use rustc_hash::FxHashSet;
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use tfmap_core::Value;
use tfmap_model::{Analysis, Edge, EdgeKind, Node, Platform, Role};

#[derive(Debug, Clone)]
pub struct ViewOptions {
    pub all: bool,
    /// Also keep data sources (the report draws them, hidden until asked for).
    pub data_sources: bool,
    pub raw: bool,
    /// Keep only these nodes and their neighbourhood (empty: everything).
    pub focus: Vec<String>,
    pub depth: usize,
    pub collapse: Collapse,
    /// How many nodes `Collapse::Auto` draws without collapsing, and the size it aims for.
    pub max_nodes: usize,
    /// Let collapsing fold the focus nodes too (they stay themselves otherwise): a PR
    /// comment focuses on every changed node, which may be thousands.
    pub collapse_focus: bool,
}

impl Default for ViewOptions {
    fn default() -> Self {
        ViewOptions {
            all: false,
            data_sources: false,
            raw: false,
            focus: Vec::new(),
            depth: 0,
            collapse: Collapse::Auto,
            max_nodes: DEFAULT_MAX_NODES,
            collapse_focus: false,
        }
    }
}

/// One group in the diagram: a platform, a cluster inside it, a namespace inside that.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Group {
    pub platform: Platform,
    /// The cluster node id, if any.
    pub cluster: Option<String>,
    pub namespace: Option<String>,
}

pub struct View<'a> {
    pub analysis: &'a Analysis,
    /// Nodes drawn as themselves, sorted by id.
    pub nodes: Vec<&'a Node>,
    /// Edges between nodes drawn as themselves, sorted.
    pub edges: Vec<&'a Edge>,
    /// Nodes drawn as themselves, by group.
    pub groups: BTreeMap<Group, Vec<&'a Node>>,
    /// Nodes that stand for several, sorted by id; empty unless the view was collapsed.
    pub summaries: Vec<Summary<'a>>,
    /// Edges with a summary at one end or both, one per (from, to, kind), sorted.
    pub summary_edges: Vec<SummaryEdge>,
    /// How the view was collapsed, if it was.
    pub collapsed: Option<Collapsed>,
}

/// One thing drawn in a box: a node, or a summary of several.
#[derive(Debug, Clone, Copy)]
pub enum Item<'v, 'a> {
    Node(&'a Node),
    Summary(&'v Summary<'a>),
}

impl Item<'_, '_> {
    pub fn id(&self) -> &str {
        match self {
            Item::Node(node) => &node.id,
            Item::Summary(summary) => &summary.id,
        }
    }
}

/// Roles shown by default.
const SHOWN: [Role; 12] = [
    Role::Cluster,
    Role::Compute,
    Role::WorkloadDefinition,
    Role::Service,
    Role::LoadBalancer,
    Role::Routing,
    Role::Schedule,
    Role::Secret,
    Role::Config,
    Role::Certificate,
    Role::Discovery,
    Role::Autoscaling,
];

fn shown_by_default(node: &Node) -> bool {
    node.implicit.is_some()
        || (node.mode == tfmap_model::Mode::Managed && SHOWN.contains(&node.role))
}

pub fn build<'a>(analysis: &'a Analysis, options: &ViewOptions) -> Result<View<'a>, String> {
    // Looked up, never iterated: a hash set keeps the lookups off long shared id prefixes.
    let mut keep: FxHashSet<&str> = analysis
        .nodes
        .iter()
        .filter(|n| {
            options.all
                || shown_by_default(n)
                || (options.data_sources && n.mode == tfmap_model::Mode::Data)
        })
        .map(|n| n.id.as_str())
        .collect();
    let edge_shown = |e: &Edge| options.raw || !e.kind.is_raw();
    let mut focused: BTreeSet<&str> = BTreeSet::new();
    if !options.focus.is_empty() {
        if let Some(missing) = options.focus.iter().find(|f| analysis.node(f).is_none()) {
            return Err(format!(
                "no node {missing:?} in this analysis (ids are listed by `tfmap analyze --format json`)"
            ));
        }
        // The focus ids as the analysis holds them, so every id below borrows from it.
        let focus: BTreeSet<&str> = options
            .focus
            .iter()
            .filter_map(|f| analysis.node(f))
            .map(|n| n.id.as_str())
            .collect();
        let mut near: BTreeSet<&str> = focus.clone();
        let mut queue: VecDeque<(&str, usize)> = focus.iter().map(|f| (*f, 0)).collect();
        // Breadth first through the edge index: each visited node costs its own edges only.
        while let Some((id, distance)) = queue.pop_front() {
            if distance >= options.depth {
                continue;
            }
            let targets = analysis
                .edges_from(id, EdgeKind::ALL)
                .filter(|e| edge_shown(e))
                .map(|e| e.to.as_str());
            let sources = analysis
                .edges_to(id, EdgeKind::ALL)
                .filter(|e| edge_shown(e))
                .map(|e| e.from.as_str());
            for other in targets.chain(sources) {
                if (keep.contains(other) || focus.contains(other)) && near.insert(other) {
                    queue.push_back((other, distance + 1));
                }
            }
        }
        focused = focus;
        keep = near.into_iter().collect();
    }
    let nodes: Vec<&Node> = analysis
        .nodes
        .iter()
        .filter(|n| keep.contains(n.id.as_str()))
        .collect();
    let edges: Vec<&Edge> = analysis
        .edges
        .iter()
        .filter(|e| {
            edge_shown(e)
                && keep.contains(e.from.as_str())
                && keep.contains(e.to.as_str())
                && e.from != e.to
        })
        .collect();
    let cluster_of = clusters_of(analysis);
    let edges = declutter(analysis, edges, &cluster_of);
    let mut groups: BTreeMap<Group, Vec<&Node>> = BTreeMap::new();
    for node in &nodes {
        let cluster = cluster_of.get(node.id.as_str()).cloned();
        let platform = cluster
            .as_deref()
            .and_then(|c| analysis.node(c))
            .map_or(node.platform, |c| c.platform);
        let namespace = node.kubernetes.as_ref().and_then(|k| k.namespace.clone());
        groups
            .entry(Group {
                platform,
                cluster,
                namespace,
            })
            .or_default()
            .push(node);
    }
    let mut view = View {
        analysis,
        nodes,
        edges,
        groups,
        summaries: Vec::new(),
        summary_edges: Vec::new(),
        collapsed: None,
    };
    if options.collapse_focus {
        focused.clear();
    }
    view.collapsed =
        crate::summary::collapse(&mut view, options.collapse, options.max_nodes, &focused);
    Ok(view)
}

/// Leaves out edges the drawing already says: a node drawn inside its cluster's box needs no
/// `runs_on` arrow to it, and an implicit part reached through another implicit part of the
/// same cause (a URL map behind its proxy) needs no `creates` arrow of its own.
fn declutter<'a>(
    analysis: &Analysis,
    edges: Vec<&'a Edge>,
    cluster_of: &BTreeMap<&str, String>,
) -> Vec<&'a Edge> {
    let cause_of = |id: &str| -> Option<String> {
        analysis
            .edges_to(id, &[EdgeKind::Creates])
            .map(|e| e.from.clone())
            .next()
    };
    let chained: BTreeSet<&str> = edges
        .iter()
        .filter(|e| e.kind != EdgeKind::Creates)
        .filter(|e| {
            let both_implicit = [&e.from, &e.to]
                .iter()
                .all(|id| analysis.node(id).is_some_and(|n| n.implicit.is_some()));
            both_implicit && cause_of(&e.from).is_some() && cause_of(&e.from) == cause_of(&e.to)
        })
        .map(|e| e.to.as_str())
        .collect();
    let mut seen: BTreeSet<(&str, &str, EdgeKind)> = BTreeSet::new();
    edges
        .into_iter()
        .filter(|e| !(e.kind == EdgeKind::RunsOn && cluster_of.get(e.from.as_str()) == Some(&e.to)))
        .filter(|e| !(e.kind == EdgeKind::Creates && chained.contains(e.to.as_str())))
        // One arrow per pair and kind, whichever attribute made it.
        .filter(|e| e.kind.is_raw() || seen.insert((e.from.as_str(), e.to.as_str(), e.kind)))
        .collect()
}

/// The cluster each node belongs to: its own for a cluster, the one a Kubernetes object runs
/// on, or the one cluster of the workloads it is part of.
fn clusters_of(analysis: &Analysis) -> BTreeMap<&str, String> {
    let mut found: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for workload in &analysis.workloads {
        let Some(cluster) = workload.cluster.as_deref() else {
            continue;
        };
        for id in workload.members.values().flatten() {
            found.entry(id.as_str()).or_default().insert(cluster);
        }
    }
    for node in &analysis.nodes {
        if let Some(cluster) = node.kubernetes.as_ref().and_then(|k| k.cluster.as_deref()) {
            found.entry(node.id.as_str()).or_default().insert(cluster);
        }
        if node.role == Role::Cluster {
            found.insert(node.id.as_str(), BTreeSet::from([node.id.as_str()]));
        }
    }
    // Capacity attached to a cluster (node pools, node groups, capacity providers).
    for edge in analysis.edges.iter().filter(|e| {
        matches!(
            e.kind,
            EdgeKind::AttachedTo | EdgeKind::Registers | EdgeKind::Creates
        )
    }) {
        let target_is_cluster = analysis
            .node(&edge.to)
            .is_some_and(|n| n.role == Role::Cluster);
        if target_is_cluster {
            found
                .entry(edge.from.as_str())
                .or_default()
                .insert(edge.to.as_str());
        } else if edge.kind == EdgeKind::Creates
            && analysis
                .node(&edge.from)
                .is_some_and(|n| n.role == Role::Cluster)
        {
            found
                .entry(edge.to.as_str())
                .or_default()
                .insert(edge.from.as_str());
        }
    }
    found
        .into_iter()
        .filter_map(|(id, clusters)| match clusters.len() {
            1 => clusters.into_iter().next().map(|c| (id, c.to_string())),
            _ => None,
        })
        .collect()
}

/// A short label for a node: what it is, its name, and the attributes that matter.
pub fn label_lines(node: &Node) -> Vec<String> {
    let mut lines = Vec::new();
    match (&node.kubernetes, &node.implicit) {
        (_, Some(implicit)) => {
            lines.push(format!("{} (implicit)", node.resource_type));
            lines.push(node.name.clone());
            lines.push(format!(
                "by {}",
                implicit
                    .created_by
                    .split(" (")
                    .next()
                    .unwrap_or(&implicit.created_by)
            ));
        }
        (Some(kube), None) => {
            lines.push(kube.kind.clone());
            lines.push(if node.source == tfmap_model::Source::Terraform {
                node.id.clone()
            } else {
                node.name.clone()
            });
        }
        (None, None) => {
            lines.push(node.resource_type.clone());
            lines.push(node.id.clone());
        }
    }
    const KEYS: [&str; 10] = [
        "image",
        "images",
        "desired_count",
        "replicas",
        "schedule_expression",
        "schedule",
        "type",
        "scheme",
        "internal",
        "ip_address",
    ];
    for key in KEYS {
        if let Some(value) = node.attributes.get(key) {
            let text = value
                .text()
                .map_or_else(|| value.to_string(), std::borrow::Cow::into_owned);
            let short: String = text.chars().take(60).collect();
            lines.push(format!(
                "{key}: {short}{}",
                if text.chars().count() > 60 { "…" } else { "" }
            ));
        }
    }
    for container in node.containers.iter().take(4) {
        let image = container
            .image
            .as_ref()
            .and_then(Value::text)
            .unwrap_or(std::borrow::Cow::Borrowed("?"));
        let short: String = image.chars().take(50).collect();
        lines.push(format!("container {}: {short}", container.name));
    }
    lines
}

/// Platform → cluster → namespace → what is drawn there: nodes sorted by id, then summaries
/// sorted by id.
pub type Tree<'v, 'a> =
    BTreeMap<Platform, BTreeMap<Option<&'v str>, BTreeMap<Option<&'v str>, Vec<Item<'v, 'a>>>>>;

impl<'a> View<'a> {
    /// What each box holds: its nodes, then its summaries.
    pub fn boxes(&self) -> BTreeMap<&Group, Vec<Item<'_, 'a>>> {
        let mut boxes: BTreeMap<&Group, Vec<Item>> = BTreeMap::new();
        for (group, nodes) in &self.groups {
            boxes
                .entry(group)
                .or_default()
                .extend(nodes.iter().map(|n| Item::Node(n)));
        }
        for summary in &self.summaries {
            boxes
                .entry(&summary.group)
                .or_default()
                .push(Item::Summary(summary));
        }
        boxes
    }

    pub fn tree(&self) -> Tree<'_, 'a> {
        let mut tree: Tree = BTreeMap::new();
        for (group, items) in self.boxes() {
            tree.entry(group.platform)
                .or_default()
                .entry(group.cluster.as_deref())
                .or_default()
                .entry(group.namespace.as_deref())
                .or_default()
                .extend(items);
        }
        tree
    }

    /// How many nodes are drawn: nodes as themselves and summaries.
    pub fn drawn_nodes(&self) -> usize {
        self.nodes.len() + self.summaries.len()
    }

    /// `EKS cluster shop`, for a cluster node id.
    pub fn cluster_title(&self, cluster: &str) -> Option<String> {
        let node = self.analysis.node(cluster)?;
        Some(format!(
            "{} cluster {}",
            node.platform.as_str().to_uppercase(),
            node.display_name()
        ))
    }
}
