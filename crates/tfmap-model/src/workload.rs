//! Workloads: each thing that runs (an ECS service, a task an EventBridge rule, a Scheduler
//! schedule or a state machine starts) with the pieces it needs, found by following
//! semantic edges from the node that defines it.

use crate::analysis::{Analysis, Workload, WorkloadKind};
use crate::vocabulary::{EdgeKind, Role};
use rustc_hash::FxHashMap;
use std::collections::{BTreeMap, BTreeSet};

/// What starts ECS tasks with RunTask, through a `schedules` edge to a task definition.
const LAUNCHERS: [&str; 3] = [
    "aws_cloudwatch_event_target",
    "aws_scheduler_schedule",
    "aws_sfn_state_machine",
];

/// A launcher's kind: a state machine's tasks belong to a workflow; an EventBridge target's
/// are event-driven when its rule matches events (`event_pattern`) rather than a schedule;
/// everything else is started on a schedule (as before a rule could be told apart).
fn launcher_kind(analysis: &Analysis, launcher: &crate::analysis::Node) -> WorkloadKind {
    match launcher.resource_type.as_str() {
        "aws_sfn_state_machine" => WorkloadKind::Workflow,
        "aws_cloudwatch_event_target" => {
            let rules: Vec<_> = analysis
                .edges_from(&launcher.id, &[EdgeKind::AttachedTo])
                .filter_map(|e| analysis.node(&e.to))
                .collect();
            let has = |key: &str| {
                rules
                    .iter()
                    .any(|r| r.attributes.get(key).is_some_and(|v| !v.is_null()))
            };
            if !has("schedule_expression") && has("event_pattern") {
                WorkloadKind::EventDriven
            } else {
                WorkloadKind::Batch
            }
        }
        _ => WorkloadKind::Batch,
    }
}

pub fn collect(analysis: &Analysis) -> Vec<Workload> {
    let mut workloads = Vec::new();
    // The capacity behind a cluster is the same for every workload on it, and finding it
    // walks every edge into the cluster: once per cluster, not once per service (40,000
    // services on one cluster took minutes).
    let mut compute_by_cluster: FxHashMap<String, Members> = FxHashMap::default();
    for node in &analysis.nodes {
        let kind = match node.resource_type.as_str() {
            "aws_ecs_service"
                if node
                    .attributes
                    .get("scheduling_strategy")
                    .and_then(|v| v.as_str())
                    == Some("DAEMON") =>
            {
                WorkloadKind::Daemon
            }
            "aws_ecs_service" => WorkloadKind::Api,
            t if LAUNCHERS.contains(&t)
                && analysis
                    .edges_from(&node.id, &[EdgeKind::Schedules])
                    .next()
                    .is_some() =>
            {
                launcher_kind(analysis, node)
            }
            _ => continue,
        };
        let mut builder = Builder::new(analysis);
        builder.add(&node.id);
        let cluster = analysis
            .edges_from(&node.id, &[EdgeKind::RunsOn])
            .map(|e| e.to.clone())
            .find(|to| analysis.node(to).is_some_and(|n| n.role == Role::Cluster));
        builder.follow_definition(&node.id);
        if kind.runs_to_completion() {
            // The rule that carries the schedule expression or event pattern, and the tasks
            // RunTask starts (implicit).
            for edge in analysis.edges_from(
                &node.id,
                &[EdgeKind::AttachedTo, EdgeKind::Uses, EdgeKind::Creates],
            ) {
                builder.add(&edge.to);
            }
        } else {
            builder.follow_service(&node.id);
        }
        if let Some(cluster) = &cluster {
            builder.add(cluster);
            let compute = compute_by_cluster
                .entry(cluster.clone())
                .or_insert_with(|| {
                    let mut compute = Builder::new(analysis);
                    compute.follow_cluster_compute(cluster);
                    compute.members
                });
            builder.merge(compute);
        }
        for edge in analysis.edges_from(&node.id, &[EdgeKind::RunsOn]) {
            builder.add(&edge.to);
            builder.follow_capacity_provider(&edge.to);
        }
        let members = builder.finish();
        // A schedule lives in EventBridge, but what it runs runs on the container platform.
        let platform = cluster
            .iter()
            .chain(members.get(&Role::WorkloadDefinition).into_iter().flatten())
            .find_map(|id| analysis.node(id))
            .map_or(node.platform, |n| n.platform);
        workloads.push(Workload {
            id: node.id.clone(),
            kind,
            platform,
            cluster,
            members,
        });
    }
    let launched: BTreeSet<&str> = workloads
        .iter()
        .flat_map(|w| {
            w.members
                .get(&Role::WorkloadDefinition)
                .into_iter()
                .flatten()
        })
        .map(String::as_str)
        .collect();
    let unlaunched: Vec<Workload> = analysis
        .nodes
        .iter()
        .filter(|n| {
            n.resource_type == "aws_ecs_task_definition" && !launched.contains(n.id.as_str())
        })
        .map(|n| {
            let mut builder = Builder::new(analysis);
            builder.add(&n.id);
            builder.follow_task_definition(&n.id);
            Workload {
                id: n.id.clone(),
                kind: WorkloadKind::Unlaunched,
                platform: n.platform,
                cluster: None,
                members: builder.finish(),
            }
        })
        .collect();
    workloads.extend(unlaunched);
    workloads
}

/// Member ids by role, each set in output order.
type Members = BTreeMap<Role, BTreeSet<String>>;

struct Builder<'a> {
    analysis: &'a Analysis,
    members: Members,
}

impl<'a> Builder<'a> {
    fn new(analysis: &'a Analysis) -> Self {
        Builder {
            analysis,
            members: BTreeMap::new(),
        }
    }

    /// Adds members gathered by another builder.
    fn merge(&mut self, members: &Members) {
        for (role, ids) in members {
            let mine = self.members.entry(*role).or_default();
            mine.extend(ids.iter().cloned());
        }
    }

    fn add(&mut self, id: &str) {
        if let Some(node) = self.analysis.node(id) {
            self.members
                .entry(node.role)
                .or_default()
                .insert(id.to_string());
        }
    }

    fn targets(&self, from: &str, kinds: &[EdgeKind]) -> Vec<String> {
        self.analysis
            .edges_from(from, kinds)
            .map(|e| e.to.clone())
            .collect()
    }

    fn sources(&self, to: &str, kinds: &[EdgeKind]) -> Vec<String> {
        self.analysis
            .edges_to(to, kinds)
            .map(|e| e.from.clone())
            .collect()
    }

    /// The task definition a service uses or a schedule starts, and what it needs.
    fn follow_definition(&mut self, id: &str) {
        for task in self.targets(id, &[EdgeKind::Uses, EdgeKind::Schedules]) {
            if self
                .analysis
                .node(&task)
                .is_some_and(|n| n.role == Role::WorkloadDefinition)
            {
                self.add(&task);
                self.follow_task_definition(&task);
            }
        }
    }

    fn follow_task_definition(&mut self, task: &str) {
        for used in self.targets(task, &[EdgeKind::Uses]) {
            self.add(&used);
        }
    }

    /// Load balancing, discovery, autoscaling and network of a service.
    fn follow_service(&mut self, service: &str) {
        for used in self.targets(service, &[EdgeKind::Uses]) {
            self.add(&used);
        }
        for registered in self.targets(service, &[EdgeKind::Registers]) {
            self.add(&registered);
            for namespace in self.targets(&registered, &[EdgeKind::AttachedTo]) {
                self.add(&namespace);
            }
            // Listeners and rules that route to the target group, up to the load balancer.
            for router in self.sources(&registered, &[EdgeKind::RoutesTo]) {
                self.add(&router);
                for parent in self.targets(&router, &[EdgeKind::AttachedTo, EdgeKind::Uses]) {
                    self.add(&parent);
                    for lb in self.targets(&parent, &[EdgeKind::AttachedTo]) {
                        self.add(&lb);
                    }
                }
            }
        }
        for scaler in self.sources(service, &[EdgeKind::Scales]) {
            self.add(&scaler);
            for policy in self.sources(&scaler, &[EdgeKind::AttachedTo]) {
                self.add(&policy);
            }
        }
    }

    /// The capacity behind a cluster: capacity providers attached to it and instances that
    /// register with it.
    fn follow_cluster_compute(&mut self, cluster: &str) {
        for attachment in self.sources(cluster, &[EdgeKind::AttachedTo]) {
            if self
                .analysis
                .node(&attachment)
                .is_some_and(|n| n.resource_type == "aws_ecs_cluster_capacity_providers")
            {
                self.add(&attachment);
                for provider in self.targets(&attachment, &[EdgeKind::Uses]) {
                    self.add(&provider);
                    self.follow_capacity_provider(&provider);
                }
            }
        }
        for template in self.sources(cluster, &[EdgeKind::Registers]) {
            self.add(&template);
            for group in self.sources(&template, &[EdgeKind::Uses]) {
                self.add(&group);
            }
        }
    }

    fn follow_capacity_provider(&mut self, provider: &str) {
        for group in self.targets(provider, &[EdgeKind::Uses]) {
            self.add(&group);
            for template in self.targets(&group, &[EdgeKind::Uses]) {
                self.add(&template);
            }
        }
    }

    fn finish(self) -> BTreeMap<Role, Vec<String>> {
        self.members
            .into_iter()
            .map(|(role, ids)| (role, ids.into_iter().collect()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::{Edge, Mode, Node};
    use crate::vocabulary::Source;

    fn node(resource_type: &str, name: &str) -> Node {
        let (platform, role) = crate::classify::classify(resource_type);
        Node {
            id: format!("{resource_type}.{name}"),
            source: Source::Terraform,
            mode: Mode::Managed,
            resource_type: resource_type.to_string(),
            name: name.to_string(),
            module: String::new(),
            root: String::new(),
            platform,
            role,
            location: None,
            attributes: BTreeMap::new(),
            containers: Vec::new(),
            kubernetes: None,
            implicit: None,
            repetition: Vec::new(),
            planned_actions: Vec::new(),
        }
    }

    fn edge(from: &str, to: &str, kind: EdgeKind) -> Edge {
        Edge::bare(from, to, kind)
    }

    /// The capacity behind a cluster, gathered once per cluster, reaches every service on
    /// that cluster and no other.
    #[test]
    fn services_share_the_capacity_of_their_cluster() {
        let nodes = vec![
            node("aws_ecs_cluster", "a"),
            node("aws_ecs_cluster", "b"),
            node("aws_ecs_service", "one"),
            node("aws_ecs_service", "two"),
            node("aws_ecs_service", "other"),
            node("aws_ecs_cluster_capacity_providers", "a"),
            node("aws_ecs_capacity_provider", "ec2"),
            node("aws_autoscaling_group", "ec2"),
        ];
        let mut analysis = Analysis::new(Vec::new(), nodes, Vec::new(), Default::default());
        analysis.edges = vec![
            edge("aws_ecs_service.one", "aws_ecs_cluster.a", EdgeKind::RunsOn),
            edge("aws_ecs_service.two", "aws_ecs_cluster.a", EdgeKind::RunsOn),
            edge(
                "aws_ecs_service.other",
                "aws_ecs_cluster.b",
                EdgeKind::RunsOn,
            ),
            edge(
                "aws_ecs_cluster_capacity_providers.a",
                "aws_ecs_cluster.a",
                EdgeKind::AttachedTo,
            ),
            edge(
                "aws_ecs_cluster_capacity_providers.a",
                "aws_ecs_capacity_provider.ec2",
                EdgeKind::Uses,
            ),
            edge(
                "aws_ecs_capacity_provider.ec2",
                "aws_autoscaling_group.ec2",
                EdgeKind::Uses,
            ),
        ];
        analysis.finish();
        let workloads = collect(&analysis);
        let members = |id: &str| -> Vec<String> {
            workloads
                .iter()
                .filter(|w| w.id == id)
                .flat_map(|w| w.members.values().flatten().cloned())
                .collect()
        };
        let capacity = [
            "aws_autoscaling_group.ec2",
            "aws_ecs_capacity_provider.ec2",
            "aws_ecs_cluster_capacity_providers.a",
        ];
        for service in ["aws_ecs_service.one", "aws_ecs_service.two"] {
            let found = members(service);
            for part in capacity.iter().chain(&["aws_ecs_cluster.a", service]) {
                assert!(
                    found.iter().any(|m| m == part),
                    "{service}: {part} in {found:?}"
                );
            }
        }
        let other = members("aws_ecs_service.other");
        assert!(
            capacity.iter().all(|part| !other.iter().any(|m| m == part)),
            "{other:?}"
        );
    }

    fn kind_of(rule_attributes: &[&str], launcher: &str) -> WorkloadKind {
        let mut rule = node("aws_cloudwatch_event_rule", "r");
        for key in rule_attributes {
            rule.attributes
                .insert((*key).to_string(), tfmap_core::Value::from("x"));
        }
        let nodes = vec![
            rule,
            node(launcher, "t"),
            node("aws_ecs_task_definition", "job"),
        ];
        let mut analysis = Analysis::new(Vec::new(), nodes, Vec::new(), Default::default());
        let from = format!("{launcher}.t");
        analysis.edges = vec![
            edge(&from, "aws_cloudwatch_event_rule.r", EdgeKind::AttachedTo),
            edge(&from, "aws_ecs_task_definition.job", EdgeKind::Schedules),
        ];
        analysis.finish();
        let workloads = collect(&analysis);
        workloads
            .iter()
            .find(|w| w.id == from)
            .map(|w| w.kind)
            .expect("the launcher is a workload")
    }

    /// A rule's trigger decides what its target's tasks are: a schedule, or events.
    #[test]
    fn an_event_pattern_rule_starts_event_driven_tasks_and_a_schedule_batch_ones() {
        let target = "aws_cloudwatch_event_target";
        assert_eq!(
            kind_of(&["schedule_expression"], target),
            WorkloadKind::Batch
        );
        assert_eq!(
            kind_of(&["event_pattern"], target),
            WorkloadKind::EventDriven
        );
        assert_eq!(
            kind_of(&["schedule_expression", "event_pattern"], target),
            WorkloadKind::Batch
        );
        // A rule whose trigger is not known keeps the kind a target always had.
        assert_eq!(kind_of(&[], target), WorkloadKind::Batch);
        assert_eq!(
            kind_of(&["event_pattern"], "aws_scheduler_schedule"),
            WorkloadKind::Batch
        );
        assert_eq!(
            kind_of(&[], "aws_sfn_state_machine"),
            WorkloadKind::Workflow
        );
    }

    /// Without a `schedules` edge nothing is launched: the definition stays unlaunched.
    #[test]
    fn a_target_that_starts_no_task_definition_is_no_workload() {
        let nodes = vec![
            node("aws_cloudwatch_event_target", "queue"),
            node("aws_ecs_task_definition", "job"),
        ];
        let mut analysis = Analysis::new(Vec::new(), nodes, Vec::new(), Default::default());
        analysis.finish();
        let workloads = collect(&analysis);
        assert_eq!(workloads.len(), 1, "{workloads:?}");
        assert_eq!(workloads[0].id, "aws_ecs_task_definition.job");
        assert_eq!(workloads[0].kind, WorkloadKind::Unlaunched);
    }
}
