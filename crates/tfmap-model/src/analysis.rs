//! The result of an analysis: nodes, edges, workloads, findings and diagnostics, each list
//! sorted so that output never depends on hashing, threads or file-system order.

use crate::ecs::containers::Container;
use crate::vocabulary::{EdgeKind, Platform, Role, Source};
use rustc_hash::FxHashMap;
use std::collections::BTreeMap;
use tfmap_core::Value;
use tfmap_loader::{Diagnostic, Location, Severity, Stats};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Mode {
    Managed,
    Data,
    Module,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Managed => "managed",
            Mode::Data => "data",
            Mode::Module => "module",
        }
    }
}

#[derive(Debug, Clone)]
pub struct Node {
    /// Terraform address (prefixed with `<root>:` outside the analysed directory's own root).
    pub id: String,
    pub source: Source,
    pub mode: Mode,
    pub resource_type: String,
    pub name: String,
    pub module: String,
    pub root: String,
    pub platform: Platform,
    pub role: Role,
    pub location: Option<Location>,
    /// The few attributes that matter to a reader (name, image, desired count, schedule …).
    /// Unknown parts are markers such as `${var.image}`.
    pub attributes: BTreeMap<String, Value>,
    /// Containers of an ECS task definition, in declaration order.
    pub containers: Vec<Container>,
    /// For Kubernetes objects (from YAML or Terraform): kind, namespace, cluster.
    pub kubernetes: Option<KubeInfo>,
    /// For implicit nodes: what creates them and why.
    pub implicit: Option<ImplicitInfo>,
    /// The `count`/`for_each` levels this node is an instance of (outermost first); a level
    /// without a key means the keys are unknown and the node stands for every instance.
    pub repetition: Vec<tfmap_loader::Repetition>,
    /// What a Terraform plan given with `--plan` will do to it, as Terraform writes it
    /// (`["create"]`, `["delete", "create"]`); empty without a plan.
    pub planned_actions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KubeInfo {
    pub kind: String,
    /// `None` for cluster-scoped kinds.
    pub namespace: Option<String>,
    /// The cluster node that runs it, when it can be told.
    pub cluster: Option<String>,
    /// When it cannot: the clusters that could run it (those of its root module, else every
    /// one in the code). If they share a platform, the object's platform is theirs.
    pub candidates: Vec<String>,
}

/// Why an implicit node exists. `knowledge` cites the row of the platform knowledge base
/// (`docs/platform-knowledge.md` in the shared docs) that states the fact.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImplicitInfo {
    /// The id of the node that causes it.
    pub cause: String,
    pub created_by: String,
    pub lifecycle: String,
    pub reason: String,
    pub knowledge: &'static str,
}

impl Node {
    /// The `name` attribute when known, else the Terraform name.
    pub fn display_name(&self) -> &str {
        self.attributes
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or(&self.name)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Edge {
    pub from: String,
    pub to: String,
    pub kind: EdgeKind,
    /// The attribute path of `from` that makes the link (`load_balancer.target_group_arn`).
    pub via: Option<String>,
    /// Variables, locals and module outputs the reference passed through.
    pub through: Vec<String>,
    pub location: Option<Location>,
}

#[cfg(test)]
impl Edge {
    /// An edge with nothing but its ends and kind, for tests.
    pub(crate) fn bare(from: &str, to: &str, kind: EdgeKind) -> Edge {
        Edge {
            from: from.to_string(),
            to: to.to_string(),
            kind,
            via: None,
            through: Vec::new(),
            location: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum WorkloadKind {
    /// A long-running service (ECS service with the REPLICA strategy).
    Api,
    /// One task per instance (ECS service with the DAEMON strategy).
    Daemon,
    /// A task started on a schedule.
    Batch,
    /// A task started when an event matches an EventBridge rule's `event_pattern`.
    EventDriven,
    /// A task started by a Step Functions state machine (`ecs:runTask`, `ecs:runTask.sync`).
    Workflow,
    /// A task definition that nothing in the code starts.
    Unlaunched,
}

impl WorkloadKind {
    /// Tasks or Jobs that run to completion, started by something outside them.
    pub fn runs_to_completion(self) -> bool {
        matches!(
            self,
            WorkloadKind::Batch | WorkloadKind::EventDriven | WorkloadKind::Workflow
        )
    }

    pub fn as_str(self) -> &'static str {
        match self {
            WorkloadKind::Api => "api",
            WorkloadKind::Daemon => "daemon",
            WorkloadKind::Batch => "batch",
            WorkloadKind::EventDriven => "event_driven",
            WorkloadKind::Workflow => "workflow",
            WorkloadKind::Unlaunched => "unlaunched",
        }
    }
}

/// One thing that runs, with the pieces it needs.
#[derive(Debug, Clone)]
pub struct Workload {
    /// The id of the node that defines it (the service, the schedule target, …).
    pub id: String,
    pub kind: WorkloadKind,
    pub platform: Platform,
    pub cluster: Option<String>,
    /// Pieces by role, each list sorted.
    pub members: BTreeMap<Role, Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
    pub subject: String,
    pub location: Option<Location>,
    /// The rows of the platform knowledge base this finding rests on (`H10`, `E7`, …).
    pub knowledge: &'static [&'static str],
}

#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub roots: Vec<String>,
    /// What each root module is for, in the order of `roots`.
    pub root_modules: Vec<tfmap_loader::terraform::RootModule>,
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    pub workloads: Vec<Workload>,
    pub findings: Vec<Finding>,
    pub diagnostics: Vec<Diagnostic>,
    pub stats: Stats,
    /// Findings hidden by `tfmap:ignore` comments.
    pub suppressed_findings: usize,
    /// Those findings, kept so a diff can tell the ones a change hides itself.
    pub suppressed: Vec<Finding>,
    /// Kubernetes objects as written (YAML or converted Terraform), for the field mapping.
    pub objects: Vec<crate::kubernetes::KubeObject>,
    /// The plan or state the inventory was read with, and what applying it did.
    pub plan: Option<tfmap_loader::plan::PlanSummary>,
    /// Node positions by id. Only looked up, never iterated: output order comes from `nodes`.
    index: FxHashMap<String, usize>,
    /// Edge positions by source and by target, built by `finish`.
    outgoing: Adjacency,
    incoming: Adjacency,
    /// How many edges the adjacency lists cover: edges added since are found by a scan.
    indexed_edges: usize,
}

/// Edge positions by the node at one end: a list per node position, and a map for the ends
/// that name no node (a reference to something the code does not declare).
#[derive(Debug, Clone, Default)]
struct Adjacency {
    by_node: Vec<Vec<usize>>,
    by_other_id: FxHashMap<String, Vec<usize>>,
}

impl Adjacency {
    fn build<'a>(
        index: &FxHashMap<String, usize>,
        nodes: usize,
        ends: impl Iterator<Item = &'a str>,
    ) -> Self {
        let mut adjacency = Adjacency {
            by_node: vec![Vec::new(); nodes],
            by_other_id: FxHashMap::default(),
        };
        for (position, end) in ends.enumerate() {
            match index
                .get(end)
                .and_then(|&node| adjacency.by_node.get_mut(node))
            {
                Some(list) => list.push(position),
                None => adjacency
                    .by_other_id
                    .entry(end.to_string())
                    .or_default()
                    .push(position),
            }
        }
        adjacency
    }

    fn positions(&self, index: &FxHashMap<String, usize>, id: &str) -> &[usize] {
        let list = match index.get(id) {
            Some(&node) => self.by_node.get(node),
            None => self.by_other_id.get(id),
        };
        list.map_or(&[][..], Vec::as_slice)
    }
}

impl Analysis {
    pub(crate) fn new(
        roots: Vec<String>,
        nodes: Vec<Node>,
        diagnostics: Vec<Diagnostic>,
        stats: Stats,
    ) -> Self {
        let mut analysis = Analysis {
            roots,
            nodes,
            diagnostics,
            stats,
            ..Analysis::default()
        };
        analysis.reindex();
        analysis
    }

    /// Sorts nodes by id and rebuilds the id index; needed after nodes are added.
    /// The adjacency lists name node positions, so they are dropped until the next `finish`
    /// (edge lookups scan every edge meanwhile).
    pub(crate) fn reindex(&mut self) {
        self.nodes.sort_by(|a, b| a.id.cmp(&b.id));
        self.index = self
            .nodes
            .iter()
            .enumerate()
            .map(|(i, n)| (n.id.clone(), i))
            .collect();
        self.outgoing = Adjacency::default();
        self.incoming = Adjacency::default();
        self.indexed_edges = 0;
    }

    pub(crate) fn node_mut(&mut self, id: &str) -> Option<&mut Node> {
        self.index.get(id).copied().map(move |i| &mut self.nodes[i])
    }

    /// Whether `root` is a library module that no module of the analysis calls: its code is
    /// drawn, but nothing is deployed from it (no implicit resources, no YAML applied).
    pub fn is_library_root(&self, root: &str) -> bool {
        self.root_modules
            .iter()
            .any(|r| r.dir == root && r.kind == tfmap_loader::terraform::RootKind::Library)
    }

    pub fn node(&self, id: &str) -> Option<&Node> {
        self.index.get(id).map(|&i| &self.nodes[i])
    }

    /// Edges leaving `id`, of the given kinds.
    pub fn edges_from<'a>(
        &'a self,
        id: &'a str,
        kinds: &'a [EdgeKind],
    ) -> impl Iterator<Item = &'a Edge> {
        self.adjacent(&self.outgoing, id)
            .filter(move |e| e.from == id && kinds.contains(&e.kind))
    }

    /// The edges listed for `id` in an adjacency map, then every edge added since the map was
    /// built (edges are only appended between two `finish` calls, so the map's positions stay
    /// valid); callers filter by id.
    fn adjacent<'a>(
        &'a self,
        map: &'a Adjacency,
        id: &str,
    ) -> Box<dyn Iterator<Item = &'a Edge> + 'a> {
        match self.edges.get(self.indexed_edges..) {
            Some(added) if self.indexed_edges > 0 => {
                let positions = map.positions(&self.index, id);
                Box::new(
                    positions
                        .iter()
                        .filter_map(|&i| self.edges.get(i))
                        .chain(added),
                )
            }
            _ => Box::new(self.edges.iter()),
        }
    }

    /// Edges arriving at `id`, of the given kinds.
    pub fn edges_to<'a>(
        &'a self,
        id: &'a str,
        kinds: &'a [EdgeKind],
    ) -> impl Iterator<Item = &'a Edge> {
        self.adjacent(&self.incoming, id)
            .filter(move |e| e.to == id && kinds.contains(&e.kind))
    }

    /// Sorts every list into its output order.
    pub(crate) fn finish(&mut self) {
        // Edges are only appended between two calls, and `reindex` sets `indexed_edges` to
        // zero: with none added since an index was built, the edges are sorted and indexed.
        let unchanged = self.indexed_edges > 0 && self.indexed_edges == self.edges.len();
        if !unchanged {
            // A stable sort: the edges indexed before are one sorted run, and only the ones
            // added since need sorting and merging (an unstable sort cost 20% more here).
            self.edges.sort();
            self.edges.dedup();
            let nodes = self.nodes.len();
            self.outgoing = Adjacency::build(
                &self.index,
                nodes,
                self.edges.iter().map(|e| e.from.as_str()),
            );
            self.incoming =
                Adjacency::build(&self.index, nodes, self.edges.iter().map(|e| e.to.as_str()));
            self.indexed_edges = self.edges.len();
        }
        self.workloads.sort_by(|a, b| a.id.cmp(&b.id));
        self.findings.sort_by(|a, b| {
            (&a.location, a.rule, &a.subject, &a.message).cmp(&(
                &b.location,
                b.rule,
                &b.subject,
                &b.message,
            ))
        });
        self.diagnostics.sort();
    }
}
