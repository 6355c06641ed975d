//! Implicit resources: cloud resources that nobody declares, created by a platform or a
//! controller because of something that is declared. Each one is a node with
//! `source = implicit`, an edge of kind `creates` from its cause, and the controller that
//! creates it, what deletes it, and the knowledge-base row that states the fact.

pub mod ecs;
pub mod eks;
pub mod gke;
pub mod modules;
pub mod platform;

use crate::analysis::{Edge, ImplicitInfo, Mode, Node};
use crate::classify::classify;
use crate::vocabulary::{EdgeKind, Source};
use std::collections::BTreeMap;
use tfmap_core::Value;

/// Collects implicit nodes and the edges that tie them to their causes.
#[derive(Default)]
pub struct Implicit {
    pub nodes: Vec<Node>,
    pub edges: Vec<Edge>,
    /// What could not be drawn, and why.
    pub diagnostics: Vec<tfmap_core::Diagnostic>,
}

/// What is known about one implicit resource before it becomes a node.
pub struct Spec<'a> {
    /// Distinguishes the parts one cause creates: `url-map`, `backend/web`.
    pub part: String,
    pub resource_type: &'a str,
    pub created_by: &'a str,
    pub lifecycle: &'a str,
    pub reason: String,
    pub knowledge: &'static str,
    pub attributes: BTreeMap<String, Value>,
}

impl Implicit {
    /// Adds a node created because of `cause`; returns its id.
    pub fn create(&mut self, cause: &Node, spec: Spec) -> String {
        let id = format!("implicit/{}/{}", cause.id, spec.part);
        let (platform, role) = classify(spec.resource_type);
        self.nodes.push(Node {
            id: id.clone(),
            source: Source::Implicit,
            mode: Mode::Managed,
            resource_type: spec.resource_type.to_string(),
            name: spec.part.clone(),
            module: cause.module.clone(),
            root: cause.root.clone(),
            platform,
            role,
            location: cause.location.clone(),
            attributes: spec.attributes,
            containers: Vec::new(),
            kubernetes: cause.kubernetes.clone(),
            repetition: cause.repetition.clone(),
            implicit: Some(ImplicitInfo {
                cause: cause.id.clone(),
                created_by: spec.created_by.to_string(),
                lifecycle: spec.lifecycle.to_string(),
                reason: spec.reason,
                knowledge: spec.knowledge,
            }),
            planned_actions: Vec::new(),
        });
        self.edges.push(Edge {
            from: cause.id.clone(),
            to: id.clone(),
            kind: EdgeKind::Creates,
            via: None,
            through: Vec::new(),
            location: cause.location.clone(),
        });
        id
    }

    /// A link between two nodes, at least one of them implicit.
    pub fn link(&mut self, from: &str, to: &str, kind: EdgeKind, cause: &Node) {
        self.edges.push(Edge {
            from: from.to_string(),
            to: to.to_string(),
            kind,
            via: None,
            through: Vec::new(),
            location: cause.location.clone(),
        });
    }
}

/// Attributes from pairs, skipping the empty ones.
pub fn attributes<const N: usize>(pairs: [(&str, Option<Value>); N]) -> BTreeMap<String, Value> {
    pairs
        .into_iter()
        .filter_map(|(k, v)| Some((k.to_string(), v?)))
        .collect()
}

use crate::analysis::Analysis;
use crate::kubernetes::KubeObject;
use crate::vocabulary::Platform;
use tfmap_loader::Resource;

/// The platform of the cluster that runs an object, if known.
pub fn cluster_platform(analysis: &Analysis, object: &KubeObject) -> Option<Platform> {
    let node = analysis.node(&object.node)?;
    let kube = node.kubernetes.as_ref()?;
    match kube.cluster.as_deref() {
        Some(cluster) => Some(analysis.node(cluster)?.platform),
        // Not tied to one cluster, but every cluster that could run it shares a platform.
        None => (!kube.candidates.is_empty()
            && matches!(node.platform, Platform::Gke | Platform::Eks))
        .then_some(node.platform),
    }
}

/// What a module call that installs cluster add-ons turns on (`known_modules::addons`).
pub fn module_addons(node: &crate::analysis::Node) -> impl Iterator<Item = &str> {
    node.attributes
        .get("addons")
        .filter(|_| node.mode == crate::Mode::Module)
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
}

/// Whether an AWS Load Balancer Controller is installed for a cluster: a `helm_release` of
/// its chart, or a Deployment of that name, tied to the cluster or to no cluster at all.
pub fn has_load_balancer_controller(analysis: &Analysis, cluster: Option<&str>) -> bool {
    analysis.nodes.iter().any(|n| {
        let is_controller = match n.resource_type.as_str() {
            "helm_release" => ["chart", "name"].iter().any(|k| {
                n.attributes
                    .get(*k)
                    .and_then(Value::as_str)
                    .is_some_and(|v| v.contains("aws-load-balancer-controller"))
            }),
            _ => {
                (n.kubernetes
                    .as_ref()
                    .is_some_and(|k| k.kind == "Deployment")
                    && n.name == "aws-load-balancer-controller")
                    || module_addons(n).any(|a| a == "aws-load-balancer-controller")
            }
        };
        let runs_on = analysis
            .edges_from(&n.id, &[EdgeKind::RunsOn])
            .map(|e| e.to.as_str())
            .next();
        is_controller && (runs_on.is_none() || runs_on == cluster)
    })
}

/// The load balancers of the Services a well-known chart creates with its defaults
/// (ingress-nginx's controller Service), on the release's cluster, as for any Service.
fn chart_services(implicit: &mut Implicit, analysis: &Analysis, node: &Node, release: &Resource) {
    // A release runs on the cluster its provider reaches (a `runs_on` edge), if one.
    let cluster = analysis
        .edges_from(&node.id, &[EdgeKind::RunsOn])
        .map(|e| e.to.as_str())
        .next();
    let platform = cluster.and_then(|c| analysis.node(c)).map(|c| c.platform);
    let services = match crate::kubernetes::chart_services::chart_services(release) {
        Ok(services) => services,
        Err(unknown) => {
            implicit.diagnostics.push(tfmap_core::Diagnostic::info(
                release.location.clone(),
                format!(
                    "`{}` installs ingress-nginx, whose controller Service may have a cloud load balancer: {unknown}, so none is drawn",
                    release.id
                ),
            ));
            return;
        }
    };
    for service in services {
        match platform {
            Some(Platform::Gke) => gke::service(implicit, &service, node),
            Some(Platform::Eks) => eks::service(
                implicit,
                &service,
                node,
                has_load_balancer_controller(analysis, cluster),
            ),
            _ => {}
        }
    }
}

/// False when the GKE cluster turns its HttpLoadBalancing add-on off: then no Ingress
/// controller runs and Ingresses of the default class create nothing (G4, 1.2).
fn http_load_balancing(resources: &[Resource], cluster: Option<&str>) -> bool {
    let Some(resource) = resources.iter().find(|r| Some(r.id.as_str()) == cluster) else {
        return true;
    };
    let disabled = resource
        .body
        .block("addons_config")
        .and_then(|a| a.body.block("http_load_balancing"))
        .and_then(|h| h.body.value("disabled"))
        .and_then(Value::as_bool);
    disabled != Some(true)
}

/// The names of the IngressClasses whose controller is `controller`.
fn classes_of(objects: &[KubeObject], controller: &str) -> Vec<String> {
    objects
        .iter()
        .filter(|o| o.kind == "IngressClass")
        .filter(|o| {
            o.spec()
                .and_then(|s| s.get("controller"))
                .and_then(Value::as_str)
                == Some(controller)
        })
        .map(|o| o.name.clone())
        .collect()
}

/// Every implicit resource of the analysis.
pub fn derive(analysis: &Analysis, objects: &[KubeObject], resources: &[Resource]) -> Implicit {
    let mut implicit = Implicit::default();
    // A library module that nothing instantiates deploys nothing: its code is drawn, but no
    // cloud resource follows from it.
    let deployed = |root: &str| !analysis.is_library_root(root);
    for resource in resources.iter().filter(|r| deployed(&r.root)) {
        let Some(node) = analysis.node(&resource.id) else {
            continue;
        };
        match resource.resource_type.as_str() {
            "google_container_cluster" => {
                gke::default_node_pool(&mut implicit, node, &resource.body);
                platform::gke_autopilot(&mut implicit, node, &resource.body);
            }
            "aws_eks_node_group" => platform::eks_node_group(&mut implicit, node, &resource.body),
            "module" => modules::cluster_module(&mut implicit, node, resource),
            "aws_cloudwatch_event_target" | "aws_scheduler_schedule" | "aws_sfn_state_machine" => {
                ecs::run_task(&mut implicit, analysis, node);
                ecs::undeclared_task_definition(&mut implicit, analysis, resource);
            }
            "helm_release" => chart_services(&mut implicit, analysis, node, resource),
            _ => {}
        }
    }
    let alb_classes = classes_of(objects, "ingress.k8s.aws/alb");
    let auto_mode_classes = classes_of(objects, "eks.amazonaws.com/alb");
    // Clusters in Auto Mode with load balancing on (E9), by node id.
    let auto_mode_clusters: std::collections::BTreeSet<&str> = resources
        .iter()
        .filter(|r| r.resource_type == "aws_eks_cluster")
        .filter(|r| eks::auto_mode_load_balancing(&r.body))
        .map(|r| r.id.as_str())
        .collect();
    let auto_mode =
        |cluster: Option<&str>| cluster.is_some_and(|id| auto_mode_clusters.contains(id));
    for object in objects.iter().filter(|o| deployed(&o.root)) {
        let Some(cause) = analysis.node(&object.node) else {
            continue;
        };
        let platform = cluster_platform(analysis, object);
        let cluster = cause.kubernetes.as_ref().and_then(|k| k.cluster.as_deref());
        let candidates = cause
            .kubernetes
            .as_ref()
            .map_or(&[][..], |k| k.candidates.as_slice());
        // Whichever cluster runs it: true only when every one that could does.
        let load_balancing = || match cluster {
            Some(_) => http_load_balancing(resources, cluster),
            None if !candidates.is_empty() => candidates
                .iter()
                .all(|c| http_load_balancing(resources, Some(c))),
            None => http_load_balancing(resources, None),
        };
        // The Services an Ingress routes to, as resolved by the relationship pass.
        let services = || -> Vec<(String, String)> {
            let mut found: Vec<(String, String)> = analysis
                .edges_from(&object.node, &[EdgeKind::RoutesTo])
                .filter_map(|e| {
                    let node = analysis.node(&e.to)?;
                    let is_service = node
                        .kubernetes
                        .as_ref()
                        .is_some_and(|k| k.kind == "Service");
                    is_service.then(|| (node.name.clone(), node.id.clone()))
                })
                .collect();
            found.sort();
            found.dedup();
            found
        };
        match (object.kind.as_str(), platform) {
            ("Ingress", Some(Platform::Gke)) if load_balancing() => {
                gke::ingress(&mut implicit, analysis, object, cause, &services())
            }
            ("Service", Some(Platform::Gke)) => gke::service(&mut implicit, object, cause),
            ("ManagedCertificate", Some(Platform::Gke)) => {
                gke::managed_certificate(&mut implicit, object, cause)
            }
            // The CronJob controller runs in every cluster, whatever the platform.
            ("CronJob", _) => platform::cron_job(&mut implicit, object, cause),
            ("Ingress", Some(Platform::Eks))
                if auto_mode(cluster) && eks::wants_auto_mode_alb(object, &auto_mode_classes) =>
            {
                let scheme = eks::auto_mode_class_scheme(object, objects);
                eks::ingress_alb(
                    &mut implicit,
                    object,
                    cause,
                    &services(),
                    &eks::AUTO_MODE_ALB,
                    scheme,
                );
            }
            ("Ingress", Some(Platform::Eks))
                if eks::wants_alb(object, &alb_classes)
                    && has_load_balancer_controller(analysis, cluster) =>
            {
                eks::ingress_alb(
                    &mut implicit,
                    object,
                    cause,
                    &services(),
                    &eks::LBC_ALB,
                    None,
                );
            }
            ("Service", Some(Platform::Eks))
                if auto_mode(cluster) && eks::auto_mode_service(&mut implicit, object, cause) => {}
            ("Service", Some(Platform::Eks)) => {
                eks::service(
                    &mut implicit,
                    object,
                    cause,
                    has_load_balancer_controller(analysis, cluster),
                );
            }
            _ => {}
        }
    }
    implicit
}
