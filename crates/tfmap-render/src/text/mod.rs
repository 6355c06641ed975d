//! The report for a person: clusters, the workloads on each with their pieces by role, then
//! findings, diagnostics and what was skipped. Every line that names a resource ends with
//! where it is written.

mod diagnostics;
mod filter;
mod implicit;
mod style;
mod summary;

pub use filter::Filter;
use implicit::Explained;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write;
use std::time::Duration;
use style::Paint;
use tfmap_core::Value;
use tfmap_core::diagnostic::terminal::escape as clean;
use tfmap_model::{Analysis, EdgeKind, Node, Role, Workload, WorkloadKind};

/// The order roles are listed in a workload.
const ROLE_ORDER: [Role; 17] = [
    Role::Service,
    Role::Schedule,
    Role::WorkloadDefinition,
    Role::LoadBalancer,
    Role::Routing,
    Role::Certificate,
    Role::Discovery,
    Role::Autoscaling,
    Role::Secret,
    Role::Config,
    Role::Iam,
    Role::Logging,
    Role::Registry,
    Role::Network,
    Role::Dns,
    Role::Module,
    Role::Other,
];

/// How the report is written: what the command line asked for. The default is what pipes and
/// snapshots get: plain text, repeated diagnostics grouped, no time.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// ANSI colour (the caller decides: `--color`, `NO_COLOR`, a terminal or not).
    pub colour: bool,
    /// Every diagnostic on its own line, and every implicit resource explained in full
    /// wherever it is listed.
    pub verbose: bool,
    /// Findings and error diagnostics only (and the summary line).
    pub quiet: bool,
    /// The part of the report to show (`--platform`, `--cluster`, `--root`, `--workload`).
    pub filter: Filter,
    /// The time the analysis took, for the closing line; the CLI passes it only when standard
    /// output is a terminal, so that piped output does not change from run to run.
    pub elapsed: Option<Duration>,
}

/// The report with the default options.
pub fn render(analysis: &Analysis, target: &str) -> String {
    render_with(analysis, target, &Options::default())
}

/// What the sections of one report share while it is written.
struct Context<'a> {
    paint: Paint,
    verbose: bool,
    filter: &'a Filter,
    explained: Explained<'a>,
}

pub fn render_with(analysis: &Analysis, target: &str, options: &Options) -> String {
    let paint = Paint::new(options.colour);
    let filter = &options.filter;
    let diagnostics: Vec<&tfmap_core::Diagnostic> = analysis
        .diagnostics
        .iter()
        .filter(|d| filter.diagnostic(d))
        .filter(|d| !options.quiet || d.severity == tfmap_core::Severity::Error)
        .collect();
    let mut out = String::new();
    if options.quiet {
        findings_section(&mut out, analysis, filter, &paint);
        diagnostics::section(&mut out, &diagnostics, options.verbose, &paint);
        // Each section starts with a blank line to part it from the one above: none is.
        let mut out = out.trim_start_matches('\n').to_string();
        if !out.is_empty() {
            let _ = writeln!(out);
        }
        out.push_str(&summary::line(analysis, options.elapsed, &paint));
        return out;
    }
    let ctx = &mut Context {
        paint,
        verbose: options.verbose,
        filter,
        explained: Explained::default(),
    };
    header(&mut out, analysis, target);
    let clusters: Vec<&Node> = analysis
        .nodes
        .iter()
        .filter(|n| n.role == Role::Cluster && filter.cluster(analysis, n))
        .collect();
    for cluster in &clusters {
        cluster_section(&mut out, analysis, cluster, ctx);
    }
    let loose: Vec<&Workload> = analysis
        .workloads
        .iter()
        .filter(|w| w.cluster.is_none() && filter.workload(analysis, w))
        .collect();
    if !loose.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            paint.heading("Not tied to a cluster in this code")
        );
        could_run_on(&mut out, analysis, &loose);
        for workload in loose {
            workload_section(&mut out, analysis, workload, "  ", ctx);
        }
    }
    let modules: Vec<&Node> = analysis
        .nodes
        .iter()
        .filter(|n| n.role == Role::Module && filter.module(n))
        .collect();
    if !modules.is_empty() {
        let _ = writeln!(
            out,
            "\n{}",
            paint.heading("Modules not followed (registry, git, or a path out of the repository)")
        );
        for module in modules {
            line(&mut out, "  ", "module", module, &module.id, ctx);
        }
    }
    findings_section(&mut out, analysis, filter, &paint);
    diagnostics::section(&mut out, &diagnostics, options.verbose, &paint);
    skipped(&mut out, analysis);
    let _ = writeln!(out);
    if !filter.is_empty() {
        let shown = analysis
            .workloads
            .iter()
            .filter(|w| filter.workload(analysis, w))
            .count();
        let _ = writeln!(
            out,
            "Filtered: {shown} of {} workload{} shown; the summary counts everything",
            analysis.workloads.len(),
            plural(analysis.workloads.len())
        );
    }
    out.push_str(&summary::line(analysis, options.elapsed, &paint));
    out
}

/// The clusters that could run the workloads the code ties to none, one line per set.
fn could_run_on(out: &mut String, analysis: &Analysis, loose: &[&Workload]) {
    let mut sets: BTreeMap<&[String], usize> = BTreeMap::new();
    for workload in loose {
        let candidates = analysis
            .node(&workload.id)
            .and_then(|n| n.kubernetes.as_ref())
            .map_or(&[][..], |k| k.candidates.as_slice());
        if !candidates.is_empty() {
            *sets.entry(candidates).or_default() += 1;
        }
    }
    for (candidates, count) in sets {
        let platforms: BTreeSet<&str> = candidates
            .iter()
            .filter_map(|c| analysis.node(c))
            .map(|n| n.platform.as_str())
            .collect();
        let shared = match platforms.iter().collect::<Vec<_>>().as_slice() {
            [only] => {
                let platform = only.to_uppercase();
                format!(" (all {platform}, so {platform}'s implicit resources are drawn)")
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  {count} workload(s) could run on any of {} clusters{shared}: {}",
            candidates.len(),
            clean(&candidates.join(", "))
        );
    }
}

/// How many roots are not deployed as they are: ` (2 libraries, 1 fixture)`, or nothing.
fn root_kinds(analysis: &Analysis) -> String {
    use tfmap_loader::terraform::RootKind;
    let count = |kind| {
        analysis
            .root_modules
            .iter()
            .filter(|r| r.kind == kind)
            .count()
    };
    let mut parts = Vec::new();
    match count(RootKind::Library) {
        0 => {}
        1 => parts.push("1 library".to_string()),
        n => parts.push(format!("{n} libraries")),
    }
    match count(RootKind::Fixture) {
        0 => {}
        n => parts.push(format!("{n} fixture{}", plural(n))),
    }
    if parts.is_empty() {
        String::new()
    } else {
        format!(" ({})", parts.join(", "))
    }
}

fn header(out: &mut String, analysis: &Analysis, target: &str) {
    let files: usize = analysis.stats.files_read.values().sum();
    let managed = analysis
        .nodes
        .iter()
        .filter(|n| n.mode == tfmap_model::Mode::Managed)
        .count();
    let roots = analysis.roots.len();
    let _ = writeln!(
        out,
        "tfmap analyze {}: {files} file{} read, {roots} root module{}{}, {managed} resource{}",
        clean(target),
        plural(files),
        plural(roots),
        root_kinds(analysis),
        plural(managed)
    );
    let mut platforms: Vec<String> = Vec::new();
    for platform in tfmap_model::Platform::ALL {
        let clusters = analysis
            .nodes
            .iter()
            .filter(|n| n.platform == *platform && n.role == Role::Cluster)
            .count();
        let workloads: Vec<&Workload> = analysis
            .workloads
            .iter()
            .filter(|w| w.platform == *platform)
            .collect();
        if clusters == 0 && workloads.is_empty() {
            continue;
        }
        let mut parts = vec![format!("{clusters} cluster{}", plural(clusters))];
        parts.push(workload_counts(analysis, &workloads));
        platforms.push(format!(
            "{}: {}",
            platform.as_str().to_uppercase(),
            parts.join(", ")
        ));
    }
    if platforms.is_empty() {
        let _ = writeln!(out, "No container platform resources found.");
    } else {
        let _ = writeln!(out, "{}", platforms.join("; "));
    }
    if let Some(plan) = &analysis.plan {
        plan_line(out, plan);
    }
}

/// What the plan or state given with `--plan` / `--state` contributed.
fn plan_line(out: &mut String, plan: &tfmap_loader::plan::PlanSummary) {
    let version = plan
        .terraform_version
        .as_deref()
        .map_or(String::new(), |v| format!(", Terraform {}", clean(v)));
    let mut parts = vec![format!(
        "{} resource{} matched",
        plan.matched,
        plural(plan.matched)
    )];
    if plan.expanded > 0 {
        parts.push(format!(
            "{} expanded into {} instance{}",
            plan.expanded,
            plan.instances_from_expansion,
            plural(plan.instances_from_expansion)
        ));
    }
    if plan.added > 0 {
        parts.push(format!(
            "{} known only from the {}",
            plan.added,
            plan.kind.as_str()
        ));
    }
    let changes = plan
        .actions
        .values()
        .filter(|actions| tfmap_loader::plan::change_word(actions).is_some())
        .count();
    if plan.kind == tfmap_loader::plan::SnapshotKind::Plan {
        parts.push(format!("{changes} to change"));
    }
    let _ = writeln!(
        out,
        "{} {} (root {}{version}): {}",
        if plan.kind == tfmap_loader::plan::SnapshotKind::Plan {
            "Plan"
        } else {
            "State"
        },
        clean(&plan.file),
        clean(&plan.root),
        parts.join(", ")
    );
}

/// `3 workloads (2 Deployments, 1 CronJob)`: workloads named by what declares them (a
/// Kubernetes kind, or what ECS calls it), never "services", which Kubernetes uses for
/// something else.
fn workload_counts(analysis: &Analysis, workloads: &[&Workload]) -> String {
    let mut by_label: BTreeMap<(usize, &str), usize> = BTreeMap::new();
    for workload in workloads {
        *by_label
            .entry(workload_label(analysis, workload))
            .or_default() += 1;
    }
    let total = workloads.len();
    let mut text = format!("{total} workload{}", plural(total));
    if !by_label.is_empty() {
        let kinds: Vec<String> = by_label
            .iter()
            .map(|((_, label), n)| match (*label, *n) {
                ("task definition not launched", n) if n > 1 => {
                    format!("{n} task definitions not launched")
                }
                (label, n) => format!("{n} {label}{}", plural(n)),
            })
            .collect();
        text.push_str(&format!(" ({})", kinds.join(", ")));
    }
    text
}

/// What a workload is called, with its rank in the header's order: ECS's kinds first in a
/// fixed order, then Kubernetes kinds by name.
fn workload_label<'a>(analysis: &'a Analysis, workload: &Workload) -> (usize, &'a str) {
    if let Some(kubernetes) = analysis
        .node(&workload.id)
        .and_then(|n| n.kubernetes.as_ref())
        && workload.kind != WorkloadKind::Unlaunched
    {
        return (usize::MAX, kubernetes.kind.as_str());
    }
    match workload.kind {
        WorkloadKind::Api => (0, "service"),
        WorkloadKind::Daemon => (1, "daemon service"),
        WorkloadKind::Batch => (2, "scheduled task"),
        WorkloadKind::EventDriven => (3, "event-driven task"),
        WorkloadKind::Workflow => (4, "workflow task"),
        WorkloadKind::Unlaunched => (5, "task definition not launched"),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn cluster_section<'a>(
    out: &mut String,
    analysis: &'a Analysis,
    cluster: &'a Node,
    ctx: &mut Context<'a>,
) {
    let _ = writeln!(out);
    line(
        out,
        "",
        &format!("{} cluster", cluster.platform.as_str().to_uppercase()),
        cluster,
        &cluster.id,
        ctx,
    );
    let all_workloads: Vec<&'a Workload> = analysis
        .workloads
        .iter()
        .filter(|w| w.cluster.as_deref() == Some(&cluster.id))
        .collect();
    let workloads: Vec<&'a Workload> = all_workloads
        .iter()
        .copied()
        .filter(|w| ctx.filter.workload(analysis, w))
        .collect();
    let mut compute: BTreeSet<&String> = workloads
        .iter()
        .flat_map(|w| w.members.get(&Role::Compute).into_iter().flatten())
        .collect();
    // Node pools, node groups and what the platform creates with the cluster.
    for edge in analysis.edges_to(&cluster.id, &[EdgeKind::AttachedTo, EdgeKind::Registers]) {
        if analysis
            .node(&edge.from)
            .is_some_and(|n| n.role == Role::Compute)
        {
            compute.insert(&edge.from);
        }
    }
    for edge in analysis.edges_from(&cluster.id, &[EdgeKind::Creates]) {
        compute.insert(&edge.to);
    }
    // What the platform creates for each piece of capacity (an EKS node group's ASG), and the
    // Auto Scaling groups that launch a listed template.
    let created: Vec<&String> = compute
        .iter()
        .flat_map(|id| analysis.edges_from(id, &[EdgeKind::Creates]).map(|e| &e.to))
        .collect();
    let groups: Vec<&String> = compute
        .iter()
        .flat_map(|id| analysis.edges_to(id, &[EdgeKind::Uses]).map(|e| &e.from))
        .filter(|id| analysis.node(id).is_some_and(|n| n.role == Role::Compute))
        .collect();
    compute.extend(created);
    compute.extend(groups);
    for id in compute {
        if let Some(node) = analysis.node(id) {
            line(out, "  ", "compute", node, &cluster.id, ctx);
            for edge in analysis
                .edges_from(id, &[EdgeKind::Registers])
                .filter(|e| e.to == cluster.id)
            {
                let how = edge
                    .through
                    .first()
                    .map_or(String::new(), |t| format!(" ({})", clean(t)));
                let _ = writeln!(
                    out,
                    "      └ its instances join this cluster through user data{how}"
                );
            }
        }
    }
    if all_workloads.is_empty() {
        let _ = writeln!(out, "  (no workload runs on it in this code)");
    }
    for workload in workloads {
        workload_section(out, analysis, workload, "  ", ctx);
    }
}

fn workload_section<'a>(
    out: &mut String,
    analysis: &'a Analysis,
    workload: &'a Workload,
    indent: &str,
    ctx: &mut Context<'a>,
) {
    let Some(anchor) = analysis.node(&workload.id) else {
        return;
    };
    let kubernetes = anchor.kubernetes.is_some();
    let label = match (workload.kind, kubernetes) {
        (WorkloadKind::Api, false) => "service",
        (WorkloadKind::Daemon, false) => "daemon service",
        (WorkloadKind::Batch, false) => "scheduled task",
        (WorkloadKind::EventDriven, false) => "event-driven task",
        (WorkloadKind::Workflow, false) => "workflow task",
        (WorkloadKind::Unlaunched, _) => "task definition (nothing in this code launches it)",
        (_, true) => anchor
            .kubernetes
            .as_ref()
            .map_or("workload", |k| k.kind.as_str()),
    };
    let _ = writeln!(out);
    line(out, indent, label, anchor, &workload.id, ctx);
    let inner = format!("{indent}    ");
    // Implicit parts listed under an earlier workload, counted per cause and where listed.
    let mut listed_before: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    for role in ROLE_ORDER {
        for id in workload.members.get(&role).into_iter().flatten() {
            if id == &workload.id {
                continue;
            }
            if let Some(node) = analysis.node(id) {
                if let (Some(implicit), Some(owner), false) = (
                    &node.implicit,
                    ctx.explained.listed_under(node),
                    ctx.verbose,
                ) {
                    *listed_before
                        .entry((implicit.cause.as_str(), owner))
                        .or_default() += 1;
                    continue;
                }
                line(out, &inner, role.as_str(), node, &workload.id, ctx);
                for container in &node.containers {
                    let mut parts = Vec::new();
                    if let Some(image) = &container.image {
                        parts.push(format!("image {}", show(image)));
                    }
                    for (key, value) in [
                        ("cpu", &container.cpu),
                        ("memory", &container.memory),
                        ("memoryReservation", &container.memory_reservation),
                    ] {
                        if let Some(value) = value {
                            parts.push(format!("{key} {}", show(value)));
                        }
                    }
                    if !container.ports.is_empty() {
                        parts.push(format!(
                            "ports {}",
                            container
                                .ports
                                .iter()
                                .map(show)
                                .collect::<Vec<_>>()
                                .join(",")
                        ));
                    }
                    if !container.secrets.is_empty() {
                        parts.push(format!(
                            "secrets {}",
                            container
                                .secrets
                                .iter()
                                .map(|s| clean(&s.name))
                                .collect::<Vec<_>>()
                                .join(",")
                        ));
                    }
                    let _ = writeln!(
                        out,
                        "{inner}    container {}: {}",
                        clean(&container.name),
                        parts.join(" · ")
                    );
                }
            }
        }
    }
    for ((cause, owner), count) in listed_before {
        let _ = writeln!(
            out,
            "{inner}{} {count} resource{} created for {}, listed above under {}",
            ctx.paint.implicit(&format!("{:<20}", "implicit")),
            plural(count),
            clean(cause),
            clean(owner)
        );
    }
}

/// One resource: its role, address, the attributes that matter and where it is written.
/// `owner` is the cluster or workload it is listed under.
fn line<'a>(
    out: &mut String,
    indent: &str,
    label: &str,
    node: &'a Node,
    owner: &'a str,
    ctx: &mut Context<'a>,
) {
    let attributes: Vec<String> = node
        .attributes
        .iter()
        .map(|(key, value)| format!("{} {}", key.rsplit('.').next().unwrap_or(key), show(value)))
        .collect();
    let mut details = if attributes.is_empty() {
        String::new()
    } else {
        format!("  [{}]", attributes.join(" · "))
    };
    // A node whose keys are unknown stands for every instance: say so, with the expression.
    for level in node.repetition.iter().filter(|l| l.key.is_none()) {
        details.push_str(&format!(
            "  (every instance of {}: {} = {}, keys unknown)",
            clean(&level.scope),
            level.meta.as_str(),
            clean(&level.expression)
        ));
    }
    let location = node.location.as_ref().map_or(String::new(), |l| {
        format!("  {}:{}", clean(&l.file), l.line)
    });
    let paint = ctx.paint;
    match &node.implicit {
        None => {
            let planned = tfmap_loader::plan::change_word(&node.planned_actions)
                .map_or(String::new(), |word| format!(" (plan: {})", clean(&word)));
            let _ = writeln!(
                out,
                "{indent}{label:<20} {}{planned}{details}{location}",
                clean(&node.id)
            );
        }
        Some(implicit) => {
            // Implicit resources are written nowhere: show what creates them instead.
            // Who creates it and when it goes is said once per cause (see `implicit.rs`).
            ctx.explained.list(node, owner);
            let _ = writeln!(
                out,
                "{indent}{label:<20} {} {}{details}",
                clean(&node.resource_type),
                paint.implicit("(implicit)")
            );
            let origin = if ctx.explained.first_explanation(implicit) || ctx.verbose {
                format!(
                    "; created by {}; {}",
                    clean(&implicit.created_by),
                    clean(&implicit.lifecycle)
                )
            } else {
                String::new()
            };
            let explanation = format!(
                "└ {} [{}]{origin}",
                clean(&implicit.reason),
                implicit.knowledge
            );
            let _ = writeln!(out, "{indent}{:<20}   {}", "", paint.dim(&explanation));
        }
    }
}

fn show(value: &Value) -> String {
    match value.text() {
        Some(text) => clean(&text).into_owned(),
        None => clean(&value.to_string()).into_owned(),
    }
}

/// Only the findings, for `tfmap check`.
pub fn findings(analysis: &Analysis) -> String {
    findings_with(analysis, false)
}

/// Only the findings, coloured when `colour` says so.
pub fn findings_with(analysis: &Analysis, colour: bool) -> String {
    let mut out = String::new();
    if analysis.findings.is_empty() {
        out.push_str("No findings.\n");
    } else {
        findings_section(&mut out, analysis, &Filter::default(), &Paint::new(colour));
    }
    out
}

/// ` (instance aws_ecs_service.svc["web"])` for a finding on one instance of a `count` or
/// `for_each` resource, whose message and location would otherwise be those of its siblings.
fn instance(analysis: &Analysis, finding: &tfmap_model::Finding) -> String {
    let keyed = analysis
        .node(&finding.subject)
        .is_some_and(|n| n.repetition.iter().any(|level| level.key.is_some()));
    if keyed && !finding.message.contains(&finding.subject) {
        format!(" (instance {})", clean(&finding.subject))
    } else {
        String::new()
    }
}

fn findings_section(out: &mut String, analysis: &Analysis, filter: &Filter, paint: &Paint) {
    let findings = filter.findings(analysis);
    if findings.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{}", paint.heading("Findings"));
    for finding in findings {
        let location = finding.location.as_ref().map_or(String::new(), |l| {
            format!("{}:{}: ", clean(&l.file), l.line)
        });
        let _ = writeln!(
            out,
            "  {location}{} [{}] {}{}",
            paint.severity(finding.severity, finding.severity.as_str()),
            paint.heading(finding.rule),
            clean(&finding.message),
            instance(analysis, finding)
        );
    }
}

fn skipped(out: &mut String, analysis: &Analysis) {
    if analysis.stats.skipped.is_empty() {
        return;
    }
    let parts: Vec<String> = analysis
        .stats
        .skipped
        .iter()
        .map(|(reason, n)| format!("{n} × {reason}"))
        .collect();
    let _ = writeln!(out, "\nSkipped: {}", clean(&parts.join("; ")));
    let unread = &analysis.stats.unread;
    if !unread.is_empty() {
        let _ = writeln!(
            out,
            "Not read ({}; whatever they declare is missing above):",
            unread.len()
        );
        for file in unread.iter().take(UNREAD_LISTED) {
            let _ = writeln!(out, "  {}: {}", clean(&file.path), clean(&file.reason));
        }
        if unread.len() > UNREAD_LISTED {
            let _ = writeln!(out, "  … and {} more", unread.len() - UNREAD_LISTED);
        }
    }
}

/// The unread files the report names; the JSON names them all.
const UNREAD_LISTED: usize = 50;
