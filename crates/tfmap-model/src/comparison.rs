//! The ECS ↔ GKE ↔ EKS mapping of each workload, row by row as in seed 000, and the
//! container-definition ↔ PodSpec field mapping (knowledge base sections 4 and 5). The
//! column of the platform a workload runs on holds its real resources; the others say what
//! the equivalent would be there and what it would create implicitly.

use crate::analysis::{Analysis, Node, Workload, WorkloadKind};
use crate::vocabulary::{EdgeKind, Platform, Role};
use tfmap_core::Value;

/// One resource in a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub id: String,
    pub detail: String,
    pub implicit: bool,
}

impl Entry {
    /// How a reader sees it: `aws_lb.api: name api`, or for an implicit resource its type,
    /// the knowledge-base row and what creates it.
    pub fn label(&self) -> String {
        match (self.implicit, self.detail.is_empty()) {
            (true, _) => self.detail.clone(),
            (false, true) => self.id.clone(),
            (false, false) => format!("{}: {}", self.id, self.detail),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// The user's resources (possibly none found).
    Real(Vec<Entry>),
    /// What the equivalent would be on that platform.
    Equivalent(&'static str),
}

#[derive(Debug, Clone)]
pub struct Row {
    pub concept: &'static str,
    pub ecs: Cell,
    pub gke: Cell,
    pub eks: Cell,
}

#[derive(Debug, Clone)]
pub struct WorkloadComparison {
    pub workload: String,
    pub kind: WorkloadKind,
    pub platform: Platform,
    pub rows: Vec<Row>,
}

/// Concept, and what it is on ECS, GKE and EKS.
const CONCEPTS: [(&str, [&str; 3]); 12] = [
    (
        "Compute backend",
        [
            "EC2 container instances (ASG + launch template, capacity provider) or Fargate",
            "GCE VMs in node pools (google_container_node_pool), or Autopilot (GKE manages nodes)",
            "EC2 managed node groups (aws_eks_node_group), self-managed ASGs, Karpenter, or Fargate profiles",
        ],
    ),
    (
        "How nodes join the cluster",
        [
            "ECS agent reads ECS_CLUSTER from /etc/ecs/ecs.config (user data)",
            "implicit: GKE creates the node pool's VMs and joins them",
            "managed node groups join on their own; self-managed nodes run bootstrap.sh / nodeadm",
        ],
    ),
    (
        "Container definition",
        [
            "aws_ecs_task_definition (container_definitions JSON)",
            "Pod template of a Deployment",
            "Pod template of a Deployment",
        ],
    ),
    (
        "Service / launcher",
        [
            "aws_ecs_service (keeps N tasks running)",
            "Deployment (ReplicaSet keeps N Pods running)",
            "Deployment (ReplicaSet keeps N Pods running)",
        ],
    ),
    (
        "Internal LB / service discovery",
        [
            "internal ALB/NLB declared in Terraform, Cloud Map (service_registries) or Service Connect",
            "Service ClusterIP + cluster DNS, no cloud LB; internal passthrough NLB from a Service annotated Internal (implicit, G7)",
            "Service ClusterIP + CoreDNS, no cloud LB; internal NLB from the AWS Load Balancer Controller (implicit, E7)",
        ],
    ),
    (
        "External LB",
        [
            "aws_lb + aws_lb_listener + aws_lb_target_group declared in Terraform; the service registers its tasks",
            "Ingress → external Application LB built by the GKE Ingress controller (implicit, G4)",
            "Ingress of class alb → ALB built by the AWS Load Balancer Controller, which must be installed (implicit, E1)",
        ],
    ),
    (
        "Batch definition",
        [
            "aws_ecs_task_definition started with RunTask",
            "CronJob jobTemplate (or Job)",
            "CronJob jobTemplate (or Job)",
        ],
    ),
    (
        "Scheduler",
        [
            "EventBridge rule + target, or EventBridge Scheduler: outside ECS",
            "CronJob controller inside the cluster (Jobs at each tick, implicit, K6): no cloud scheduler",
            "CronJob controller inside the cluster (Jobs at each tick, implicit, K6): no cloud scheduler",
        ],
    ),
    (
        "Secrets",
        [
            "Secrets Manager / SSM SecureString in secrets[].valueFrom (execution role)",
            "Secret (secretKeyRef, envFrom, volume)",
            "Secret (secretKeyRef, envFrom, volume), or Secrets Store CSI / External Secrets",
        ],
    ),
    (
        "Config",
        [
            "environment, environmentFiles (S3), SSM parameters",
            "ConfigMap",
            "ConfigMap",
        ],
    ),
    (
        "Autoscaling",
        [
            "aws_appautoscaling_target + aws_appautoscaling_policy (CloudWatch alarms, implicit, A10)",
            "HorizontalPodAutoscaler (resource metrics provided)",
            "HorizontalPodAutoscaler (needs metrics-server, not installed by default)",
        ],
    ),
    (
        "IAM for the workload",
        [
            "task_role_arn (and execution_role_arn for pulling images and secrets)",
            "ServiceAccount + Workload Identity (iam.gke.io/gcp-service-account)",
            "ServiceAccount + IRSA (eks.amazonaws.com/role-arn) or EKS Pod Identity",
        ],
    ),
];

/// On GKE and EKS, what starts the Jobs of a task that is not started on a schedule: the
/// knowledge base maps only a schedule to a CronJob, and a state machine's Retry to a Job's
/// backoffLimit (section 4).
fn launcher_equivalent(concept: &str, kind: WorkloadKind, column: usize) -> Option<&'static str> {
    if concept != "Scheduler" || column == 0 {
        return None;
    }
    match kind {
        WorkloadKind::EventDriven => Some(
            "no built-in counterpart: a Job created by whatever receives the event (the knowledge base maps only schedules to CronJob)",
        ),
        WorkloadKind::Workflow => Some(
            "Job: its spec.backoffLimit (default 6) is the counterpart of the state machine's Retry (section 4)",
        ),
        _ => None,
    }
}

pub fn compare(analysis: &Analysis) -> Vec<WorkloadComparison> {
    analysis
        .workloads
        .iter()
        .filter(|w| w.kind != WorkloadKind::Unlaunched)
        .map(|workload| {
            let column = match workload.platform {
                Platform::Ecs => 0,
                Platform::Gke => 1,
                Platform::Eks => 2,
                _ => usize::MAX,
            };
            let rows = CONCEPTS
                .iter()
                .map(|(concept, equivalents)| {
                    let cell = |i: usize| {
                        if i == column {
                            Cell::Real(entries(analysis, workload, concept))
                        } else {
                            Cell::Equivalent(
                                launcher_equivalent(concept, workload.kind, i)
                                    .unwrap_or(equivalents[i]),
                            )
                        }
                    };
                    Row {
                        concept,
                        ecs: cell(0),
                        gke: cell(1),
                        eks: cell(2),
                    }
                })
                .collect();
            WorkloadComparison {
                workload: workload.id.clone(),
                kind: workload.kind,
                platform: workload.platform,
                rows,
            }
        })
        .collect()
}

fn entry(node: &Node, detail: String) -> Entry {
    Entry {
        id: node.id.clone(),
        detail,
        implicit: node.implicit.is_some(),
    }
}

/// As printed: a string (unknown parts as markers) as it is, anything else as JSON.
fn text(value: &Value) -> String {
    value
        .text()
        .map_or_else(|| value.to_string(), std::borrow::Cow::into_owned)
}

fn attribute(node: &Node, key: &str) -> Option<String> {
    node.attributes.get(key).map(text)
}

fn members<'a>(analysis: &'a Analysis, workload: &Workload, roles: &[Role]) -> Vec<&'a Node> {
    roles
        .iter()
        .flat_map(|role| workload.members.get(role).into_iter().flatten())
        .filter_map(|id| analysis.node(id))
        .collect()
}

fn implicit_detail(node: &Node) -> String {
    node.implicit.as_ref().map_or(String::new(), |i| {
        let creator = i.created_by.split(" (").next().unwrap_or(&i.created_by);
        format!(
            "{} (implicit, {}, by {creator})",
            node.resource_type, i.knowledge
        )
    })
}

/// The user's resources for one concept of one workload.
fn entries(analysis: &Analysis, workload: &Workload, concept: &str) -> Vec<Entry> {
    let anchor = analysis.node(&workload.id);
    let kube = anchor.is_some_and(|n| n.kubernetes.is_some());
    let cluster = workload.cluster.as_deref();
    let describe = |node: &Node| -> String {
        if node.implicit.is_some() {
            return implicit_detail(node);
        }
        let keys = [
            "name",
            "type",
            "schedule_expression",
            "event_pattern",
            "schedule",
            "desired_count",
            "replicas",
            "scheme",
            "internal",
            "domain_name",
        ];
        keys.iter()
            .filter_map(|k| attribute(node, k).map(|v| format!("{k} {v}")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    // An ECS workload's task definitions, with their containers.
    let task_definitions = || -> Vec<Entry> {
        members(analysis, workload, &[Role::WorkloadDefinition])
            .into_iter()
            .map(|n| {
                entry(
                    n,
                    format!(
                        "containers {}",
                        n.containers
                            .iter()
                            .map(|c| c.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                )
            })
            .collect()
    };
    let all = |roles: &[Role]| -> Vec<Entry> {
        members(analysis, workload, roles)
            .into_iter()
            .map(|n| entry(n, describe(n)))
            .collect()
    };
    match concept {
        "Compute backend" => {
            let mut found = all(&[Role::Compute]);
            if let Some(cluster) = cluster {
                for edge in analysis
                    .edges
                    .iter()
                    .filter(|e| e.to == cluster && matches!(e.kind, EdgeKind::AttachedTo))
                {
                    if let Some(node) = analysis
                        .node(&edge.from)
                        .filter(|n| n.role == Role::Compute)
                    {
                        found.push(entry(node, describe(node)));
                    }
                }
                for edge in analysis.edges_from(cluster, &[EdgeKind::Creates]) {
                    if let Some(node) = analysis.node(&edge.to) {
                        found.push(entry(node, describe(node)));
                    }
                }
            }
            if let Some(anchor) = anchor.filter(|_| !kube) {
                let fargate = attribute(anchor, "launch_type").as_deref() == Some("FARGATE")
                    || attribute(anchor, "ecs_target.launch_type").as_deref() == Some("FARGATE")
                    || attribute(anchor, "target.ecs_parameters.launch_type").as_deref()
                        == Some("FARGATE");
                if fargate {
                    found.push(Entry {
                        id: "Fargate".into(),
                        detail: "launch_type FARGATE: AWS runs each task".into(),
                        implicit: false,
                    });
                }
            }
            found.sort_by(|a, b| a.id.cmp(&b.id));
            found.dedup();
            found
        }
        "How nodes join the cluster" => {
            let Some(cluster) = cluster else {
                return Vec::new();
            };
            analysis
                .edges
                .iter()
                .filter(|e| {
                    e.to == cluster && matches!(e.kind, EdgeKind::Registers | EdgeKind::AttachedTo)
                })
                .filter_map(|e| {
                    let node = analysis.node(&e.from).filter(|n| n.role == Role::Compute)?;
                    let how = match (e.kind, e.through.first()) {
                        (EdgeKind::Registers, Some(evidence)) => format!("user data: {evidence}"),
                        _ => "joins as part of the cluster's node pool or group".to_string(),
                    };
                    Some(entry(node, how))
                })
                .collect()
        }
        "Container definition" => {
            if kube {
                return anchor
                    .filter(|_| !workload.kind.runs_to_completion())
                    .map(|n| vec![entry(n, describe(n))])
                    .unwrap_or_default();
            }
            if workload.kind.runs_to_completion() {
                return Vec::new();
            }
            task_definitions()
        }
        "Service / launcher" => {
            if workload.kind.runs_to_completion() {
                return Vec::new();
            }
            anchor
                .map(|n| vec![entry(n, describe(n))])
                .unwrap_or_default()
        }
        "Internal LB / service discovery" => members(
            analysis,
            workload,
            &[Role::Discovery, Role::Routing, Role::LoadBalancer],
        )
        .into_iter()
        .filter(|n| {
            let kube_service =
                n.kubernetes.as_ref().is_some_and(|k| k.kind == "Service") && n.implicit.is_none();
            let internal_lb = attribute(n, "scheme").is_some_and(|s| s.starts_with("internal"))
                || attribute(n, "internal").as_deref() == Some("true");
            n.role == Role::Discovery || kube_service || internal_lb
        })
        .map(|n| {
            let detail = match &n.kubernetes {
                Some(k) if k.kind == "Service" && n.implicit.is_none() => {
                    let namespace = k.namespace.as_deref().unwrap_or("default");
                    format!(
                        "{}; DNS {}.{namespace}.svc.cluster.local",
                        describe(n),
                        n.name
                    )
                }
                _ => describe(n),
            };
            entry(n, detail)
        })
        .collect(),
        "External LB" => members(
            analysis,
            workload,
            &[Role::LoadBalancer, Role::Routing, Role::Certificate],
        )
        .into_iter()
        .filter(|n| {
            let internal = attribute(n, "scheme").is_some_and(|s| s.starts_with("internal"))
                || attribute(n, "internal").as_deref() == Some("true");
            let kube_service =
                n.kubernetes.as_ref().is_some_and(|k| k.kind == "Service") && n.implicit.is_none();
            !internal && !kube_service && n.role != Role::Discovery
        })
        .map(|n| entry(n, describe(n)))
        .collect(),
        "Batch definition" => {
            if !workload.kind.runs_to_completion() {
                return Vec::new();
            }
            if kube {
                return anchor
                    .map(|n| vec![entry(n, describe(n))])
                    .unwrap_or_default();
            }
            task_definitions()
        }
        "Scheduler" => all(&[Role::Schedule]),
        "Secrets" => all(&[Role::Secret]),
        "Config" => all(&[Role::Config]),
        "Autoscaling" => all(&[Role::Autoscaling]),
        "IAM for the workload" => all(&[Role::Iam]),
        _ => Vec::new(),
    }
}
