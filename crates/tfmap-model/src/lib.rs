//! The tfmap model: from what the loader read to an architecture. Each resource becomes a
//! node with a platform and a role; raw references become edges, and semantic edges say what
//! they mean (`runs_on`, `routes_to`, `registers`, …); workloads gather what each running
//! thing needs. This crate does no I/O.

pub mod analysis;
pub mod attributes;
pub mod classify;
pub mod cluster_modules;
pub mod comparison;
pub mod config;
pub mod diff;
pub mod ecs;
pub mod field_mapping;
pub mod gate;
pub mod implicit;
pub mod known_modules;
pub mod kubernetes;
pub mod launchers;
pub mod registration;
pub mod rules;
pub mod semantic;
pub mod suppress;
pub mod vocabulary;
pub mod workload;

pub use analysis::{
    Analysis, Edge, Finding, ImplicitInfo, KubeInfo, Mode, Node, Workload, WorkloadKind,
};
pub use vocabulary::{EdgeKind, Platform, Role, Source};

use ecs::containers::{self, ContainersError};
use tfmap_loader::timing::phase;
use tfmap_loader::{Diagnostic, Inventory, ReferenceKind, ResourceKind};

/// Builds the architecture of everything the loader found, with the default configuration.
pub fn analyze(inventory: Inventory) -> Analysis {
    analyze_with(inventory, &config::Config::default())
}

/// Builds the architecture with a configuration (rule settings, cluster mapping).
pub fn analyze_with(inventory: Inventory, config: &config::Config) -> Analysis {
    let Inventory {
        roots,
        root_modules,
        resources,
        mut diagnostics,
        stats,
        providers,
        manifests,
        suppressions,
        plan,
        read_by_terraform: _,
    } = inventory;
    // Terraform nodes and Kubernetes objects are built side by side, each in parallel and
    // collected in input order.
    let ((mut nodes, node_diagnostics), (objects, object_diagnostics)) = rayon::join(
        || {
            phase("model terraform nodes", || {
                terraform_nodes(&resources, plan.as_ref())
            })
        },
        || {
            phase("model kubernetes objects", || {
                let mut found = Vec::new();
                let objects = kubernetes::objects(&resources, &manifests, &roots, &mut found);
                (objects, found)
            })
        },
    );
    diagnostics.extend(node_diagnostics);
    diagnostics.extend(object_diagnostics);
    nodes.extend(kubernetes::yaml_nodes(&objects));
    let mut analysis = Analysis::new(roots, nodes, diagnostics, stats);
    analysis.root_modules = root_modules;
    analysis.plan = plan;

    // Terraform: raw references, their meaning, and the ECS_CLUSTER link.
    phase("model reference edges", || {
        analysis.edges.extend(reference_edges(&resources));
        // Index the references: every later stage looks edges up by node.
        analysis.finish();
    });
    let semantic = phase("model semantic edges", || semantic::derive(&analysis));
    analysis.edges.extend(semantic);
    let mut notes = Vec::new();
    let registrations = phase("model registrations", || {
        registration::derive(&analysis, &resources, &mut notes)
    });
    analysis.edges.extend(registrations);
    let launched = phase("model state machines", || {
        launchers::derive(&analysis, &resources, &mut notes)
    });
    analysis.edges.extend(launched);
    // Indexed again: the cluster assignment looks edges up per provider and object.
    analysis.finish();

    // Kubernetes: clusters, roles, relationships; then what controllers create.
    phase("model kubernetes", || {
        kubernetes::apply(
            &mut analysis,
            &objects,
            &resources,
            &providers,
            &config.kubernetes.clusters,
            &mut notes,
        );
        analysis.finish();
    });
    let implicit = phase("model implicit", || {
        implicit::derive(&analysis, &objects, &resources)
    });
    analysis.nodes.extend(implicit.nodes);
    analysis.edges.extend(implicit.edges);
    notes.extend(implicit.diagnostics);
    analysis.reindex();
    analysis.diagnostics.extend(notes);
    analysis.finish();

    let mut workloads = phase("model workloads", || workload::collect(&analysis));
    workloads.extend(kubernetes::workloads::collect(&analysis));
    analysis.workloads = workloads;
    let findings = phase("model rules", || {
        rules::configure(rules::check(&analysis, &objects, &resources), &config.rules)
    });
    let (findings, suppressed, unused) = suppress::apply(findings, &suppressions);
    analysis.findings = findings;
    analysis.suppressed_findings = suppressed.len();
    analysis.suppressed = suppressed;
    analysis.diagnostics.extend(unused);
    analysis.objects = objects;
    analysis.finish();
    // The inventory is freed off the critical path: tens of milliseconds at 20,000 resources.
    rayon::spawn(move || drop((resources, manifests, providers)));
    analysis
}

/// A node per resource, in parallel, in resource order; with what was wrong in their contents.
fn terraform_nodes(
    resources: &[tfmap_loader::Resource],
    plan: Option<&tfmap_loader::plan::PlanSummary>,
) -> (Vec<Node>, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let built: Vec<(Node, Vec<Diagnostic>)> = resources
        .par_iter()
        .map(|resource| {
            let mut diagnostics = Vec::new();
            let node = terraform_node(resource, plan, &mut diagnostics);
            (node, diagnostics)
        })
        .collect();
    let mut nodes = Vec::with_capacity(built.len());
    let mut diagnostics = Vec::new();
    for (node, found) in built {
        nodes.push(node);
        diagnostics.extend(found);
    }
    (nodes, diagnostics)
}

fn terraform_node(
    resource: &tfmap_loader::Resource,
    plan: Option<&tfmap_loader::plan::PlanSummary>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Node {
    let known = (resource.kind == ResourceKind::Module)
        .then(|| resource.body.string("source"))
        .flatten()
        .and_then(|source| known_modules::recognise(source, &resource.body));
    let (platform, role) = match (&resource.kind, &known) {
        (ResourceKind::Module, Some(known)) => (known.platform, known.role),
        (ResourceKind::Module, None) => (vocabulary::Platform::Other, Role::Module),
        _ => classify::classify(&resource.resource_type),
    };
    let containers = if resource.resource_type == "aws_ecs_task_definition"
        && resource.kind == ResourceKind::Managed
    {
        task_containers(resource, diagnostics)
    } else {
        Vec::new()
    };
    Node {
        id: resource.id.clone(),
        source: Source::Terraform,
        mode: match resource.kind {
            ResourceKind::Managed => Mode::Managed,
            ResourceKind::Data => Mode::Data,
            ResourceKind::Module => Mode::Module,
        },
        resource_type: resource.resource_type.clone(),
        name: resource.name.clone(),
        module: resource.module.clone(),
        root: resource.root.clone(),
        platform,
        role,
        location: Some(resource.location.clone()),
        attributes: {
            let mut attributes = node_attributes(resource);
            attributes.extend(known.map(|k| k.attributes).unwrap_or_default());
            if let Some(addons) = known_modules::addons(resource) {
                attributes.insert("addons".to_string(), addons);
            }
            attributes
        },
        containers,
        kubernetes: None,
        implicit: None,
        repetition: resource.repetition.clone(),
        planned_actions: plan
            .and_then(|p| p.actions.get(&resource.id))
            .cloned()
            .unwrap_or_default(),
    }
}

/// Display attributes, plus what a well-known Helm chart installs.
fn node_attributes(
    resource: &tfmap_loader::Resource,
) -> std::collections::BTreeMap<String, tfmap_core::Value> {
    let mut attributes = attributes::display_attributes(&resource.resource_type, &resource.body);
    if resource.resource_type == "google_container_cluster" {
        let kind = resource
            .body
            .string("location")
            .and_then(attributes::gke_location_type);
        if let Some(kind) = kind {
            attributes.insert("location_type".to_string(), tfmap_core::Value::from(kind));
        }
        if let Some(pools) = attributes::inline_node_pools(&resource.body) {
            attributes.insert("node_pools".to_string(), pools);
        }
    }
    let installs = (resource.resource_type == "helm_release")
        .then(|| {
            kubernetes::charts::installs(
                resource.body.string("chart"),
                resource.body.string("name"),
            )
        })
        .flatten();
    if let Some(what) = installs {
        attributes.insert("installs".to_string(), tfmap_core::Value::from(what));
    }
    attributes
}

/// The raw references, and for those that reach another root through its state, one
/// `reads_state` edge per target and output read (the first reference's way and place).
/// The raw reference edges, sorted: resources come sorted by id and each one's edges are
/// sorted here, in parallel, so the analysis's sort of all edges finds one sorted run.
fn reference_edges(resources: &[tfmap_loader::Resource]) -> Vec<Edge> {
    use rayon::prelude::*;
    resources
        .par_iter()
        .flat_map_iter(|resource| {
            let raw = resource.references.iter().map(|reference| Edge {
                from: resource.id.clone(),
                to: reference.target.clone(),
                kind: match reference.kind {
                    ReferenceKind::Reference => EdgeKind::Reference,
                    ReferenceKind::DependsOn => EdgeKind::DependsOn,
                },
                via: Some(reference.via.clone()),
                through: reference.through.clone(),
                location: Some(reference.location.clone()),
            });
            let mut read = std::collections::BTreeSet::new();
            let states = resource.references.iter().filter_map(move |reference| {
                let output = reference.state_output.as_ref()?;
                read.insert((&reference.target, output)).then(|| Edge {
                    from: resource.id.clone(),
                    to: reference.target.clone(),
                    kind: EdgeKind::ReadsState,
                    via: Some(output.clone()),
                    through: reference.through.clone(),
                    location: Some(reference.location.clone()),
                })
            });
            let mut edges = raw.chain(states).collect::<Vec<_>>();
            edges.sort();
            edges.dedup();
            edges
        })
        .collect()
}

fn task_containers(
    resource: &tfmap_loader::Resource,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<containers::Container> {
    let attribute = resource.body.attributes.get("container_definitions");
    match containers::parse(attribute.map(|a| &a.value)) {
        Ok(found) => found,
        Err(error) => {
            let location =
                attribute.map_or_else(|| resource.location.clone(), |a| a.location.clone());
            let address = &resource.address;
            diagnostics.push(match error {
                ContainersError::Missing => Diagnostic::warning(location, format!("{address}: no container_definitions")),
                ContainersError::Unknown(why) => Diagnostic::info(
                    location,
                    format!("{address}: container_definitions is not known statically ({why}); containers not shown"),
                ),
                ContainersError::Invalid(why) => Diagnostic::warning(location, format!("{address}: container_definitions {why}")),
            });
            Vec::new()
        }
    }
}
