//! The pull-request comment of `tfmap diff --format markdown`, fitted to GitHub's limit by
//! construction: GitHub refuses a comment over 65,536 characters, and a large change once
//! wrote four times that. What a reviewer must see comes first and is never cut: the
//! verdict, why the gate failed, the counts of every change, the blind spots and the new
//! findings. Then the changes, most important first (removals and attribute changes before
//! additions, data sources last), as many as fit; a diagram of the changed nodes and their
//! neighbours, collapsed as `tfmap graph` collapses; and how many changes are left out, with
//! where to find them. Every line goes through [`Page`], which refuses what would not fit.

use crate::diff::{
    CONFIGURATION_NOTE, at, by_cause, diagnostic_line, show, unread_line, unread_summary, verdict,
};
use crate::markdown::markdown_escape as md;
use std::borrow::Cow;
use std::fmt::Write;
use tfmap_model::diff::ArchitectureDiff;
use tfmap_model::gate::Gate;
use tfmap_model::{Analysis, Mode, Node, Role};

/// GitHub's limit on the body of a comment, in characters.
pub const GITHUB_LIMIT: usize = 65_536;

/// The most bytes the comment takes, marker included: bytes are never fewer than characters.
pub const BUDGET: usize = 60_000;

/// The first line of every comment: an HTML comment GitHub and GitLab do not display, by
/// which the Action finds its previous comment to update it (one sticky comment per pull
/// request, not one per push). Nothing from the code can forge it: escaping turns every `<`
/// of a name into `&lt;`.
pub const MARKER: &str = "<!-- tfmap:pr-comment -->";

/// The most bytes of the diagram; Mermaid itself refuses a text over 50,000.
const DIAGRAM_BUDGET: usize = 20_000;
/// The size a collapsed diagram aims for.
const DIAGRAM_NODES: usize = 40;
/// Above this many nodes the diagram is folded away.
const OPEN_DIAGRAM_NODES: usize = 15;
/// Room kept for the closing lines.
const TAIL: usize = 1_000;
/// Entries listed in each of the sections that come first.
const LISTED: usize = 25;
/// Characters of one entry before it is cut (names come from the code and can be long).
const ENTRY_CHARS: usize = 600;

/// The comment being written, which refuses text that would take it over its limit.
struct Page {
    out: String,
    limit: usize,
}

impl Page {
    /// Appends `text` if it fits with `reserve` bytes left over; says whether it did.
    fn push(&mut self, text: &str, reserve: usize) -> bool {
        let fits = self.out.len() + text.len() + reserve <= self.limit;
        if fits {
            self.out.push_str(text);
        }
        fits
    }

    /// A titled list: its entries while they fit (at most `cap`), then how many are left
    /// out. Returns how many were listed.
    fn list(&mut self, title: &str, entries: &[String], cap: usize, reserve: usize) -> usize {
        if entries.is_empty() || !self.push(&format!("#### {title}\n\n"), reserve + TAIL) {
            return 0;
        }
        let mut listed = 0;
        for entry in entries.iter().take(cap) {
            if !self.push(&format!("- {entry}\n"), reserve + TAIL) {
                break;
            }
            listed += 1;
        }
        if listed < entries.len() {
            self.out.push_str(&format!(
                "- … and {} more (in the full report)\n",
                entries.len() - listed
            ));
        }
        self.out.push('\n');
        listed
    }
}

/// An entry cut to [`ENTRY_CHARS`] characters, before escaping.
fn short(text: &str) -> Cow<'_, str> {
    match text.char_indices().nth(ENTRY_CHARS) {
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
        None => Cow::Borrowed(text),
    }
}

/// Markdown for an entry: cut, then escaped.
fn entry(text: &str) -> String {
    md(&short(text))
}

/// The comment for `diff`; with the head analysis, a diagram; with the gate, why it failed.
pub fn render(diff: &ArchitectureDiff, head: Option<&Analysis>, gate: Option<&Gate>) -> String {
    render_within(diff, head, gate, BUDGET)
}

/// [`render`] within `limit` bytes.
pub fn render_within(
    diff: &ArchitectureDiff,
    head: Option<&Analysis>,
    gate: Option<&Gate>,
    limit: usize,
) -> String {
    let mut page = Page {
        out: format!("{MARKER}\n### tfmap: {}\n\n", md(&verdict(diff))),
        limit,
    };
    if diff.is_empty() {
        return page.out;
    }
    if let Some(gate) = gate {
        gate_section(&mut page, gate);
    }
    counts_table(&mut page, diff);
    blind_spots(&mut page, diff);
    findings(&mut page, diff);
    let diagram = head.and_then(|head| diagram(diff, head));
    // The diagram and its own closing room are kept free while the changes are listed.
    let reserve = diagram.as_ref().map_or(0, |d| d.len() + TAIL);
    let changes = ranked_changes(diff);
    let listed = page.list(
        "Changes, most important first",
        &changes,
        usize::MAX,
        reserve,
    );
    if let Some(diagram) = &diagram {
        page.push(diagram, TAIL);
    }
    let left_out = changes.len() - listed;
    if left_out > 0 {
        let _ = writeln!(
            page.out,
            "**{left_out} more change{} not shown here** (a comment is limited to {GITHUB_LIMIT} characters): the full report is the `tfmap-report` artifact of this run, or run `tfmap diff --format text` (or `--format json`).\n",
            if left_out == 1 { " is" } else { "s are" },
        );
    }
    page.out
}

/// Why the gate failed: its findings are listed under "New findings", so only the count is
/// repeated; the diagnostics, unreadable files and configuration change are listed.
fn gate_section(page: &mut Page, gate: &Gate) {
    use tfmap_model::gate::Reason;
    let Some(summary) = crate::gate::summary(gate) else {
        return;
    };
    let others: Vec<String> = gate
        .reasons
        .iter()
        .filter(|r| !matches!(r, Reason::Finding(_)))
        .map(|r| entry(&crate::gate::line(r)))
        .collect();
    let title = format!("❌ {}", md(&summary));
    if others.is_empty() {
        page.push(&format!("#### {title}\n\n"), TAIL);
    } else {
        page.list(&title, &others, LISTED, 0);
    }
}

/// Every change counted, whatever is listed below.
fn counts_table(page: &mut Page, diff: &ArchitectureDiff) {
    let mut table = String::from("| | added | removed | changed |\n|---|---|---|---|\n");
    let _ = writeln!(
        table,
        "| Resources | {} | {} | {} |",
        diff.added.len(),
        diff.removed.len(),
        diff.changed.len()
    );
    for (what, added, removed) in [
        (
            "Implicit resources",
            diff.implicit_added.len(),
            diff.implicit_removed.len(),
        ),
        (
            "Connections",
            diff.edges_added.len(),
            diff.edges_removed.len(),
        ),
        (
            "Findings",
            diff.findings_added.len(),
            diff.findings_removed.len(),
        ),
    ] {
        let _ = writeln!(table, "| {what} | {added} | {removed} | |");
    }
    for (what, added, removed) in [
        (
            "Files tfmap cannot read",
            diff.unread_added.len(),
            diff.unread_resolved.len(),
        ),
        (
            "Diagnostics",
            diff.diagnostics_added.len(),
            diff.diagnostics_removed.len(),
        ),
    ] {
        if added + removed > 0 {
            let _ = writeln!(table, "| {what} | {added} | {removed} | |");
        }
    }
    table.push('\n');
    page.push(&table, TAIL);
}

/// What the analysis may be missing: files the head cannot read and new diagnostics.
fn blind_spots(page: &mut Page, diff: &ArchitectureDiff) {
    let unread: Vec<String> = diff
        .unread_added
        .iter()
        .map(|f| entry(&unread_line(f, diff.unread_base)))
        .collect();
    page.list(
        "Files tfmap cannot read (whatever they declare is missing here)",
        &unread,
        LISTED,
        0,
    );
    let diagnostics: Vec<String> = diff
        .diagnostics_added
        .iter()
        .map(|d| entry(&diagnostic_line(d)))
        .collect();
    page.list("New diagnostics", &diagnostics, LISTED, 0);
    if let Some(summary) = unread_summary(diff) {
        page.push(&format!("{}\n\n", md(&summary)), TAIL);
    }
    if diff.configuration_changed {
        page.push(&format!("{}\n\n", md(CONFIGURATION_NOTE)), TAIL);
    }
}

/// The new findings, the most severe first; then those the change hides with comments of
/// its own.
fn findings(page: &mut Page, diff: &ArchitectureDiff) {
    for (title, findings) in [
        ("New findings", &diff.findings_added),
        (
            "New findings hidden by tfmap:ignore comments the change adds (the gate counts them)",
            &diff.findings_suppressed_added,
        ),
        (
            "Findings the base reports, hidden by tfmap:ignore comments the change adds",
            &diff.findings_suppressed_existing,
        ),
    ] {
        let mut findings = findings.clone();
        findings.sort_by_key(|f| f.severity);
        let lines: Vec<String> = findings
            .iter()
            .map(|f| {
                format!(
                    "**{}** {} {}: {}",
                    f.severity.as_str(),
                    f.rule,
                    md(&at(f.location.as_ref())),
                    entry(&f.message)
                )
            })
            .collect();
        page.list(&md(title), &lines, LISTED, 0);
    }
}

/// How much a reviewer needs to see a node: what runs and takes traffic first.
fn role_rank(role: Role) -> usize {
    const ORDER: [Role; 8] = [
        Role::Cluster,
        Role::Service,
        Role::LoadBalancer,
        Role::WorkloadDefinition,
        Role::Compute,
        Role::Routing,
        Role::Autoscaling,
        Role::Schedule,
    ];
    ORDER.iter().position(|r| *r == role).unwrap_or(ORDER.len())
}

/// One entry per change, most important first: removals, attribute changes, implicit
/// resources, additions, what the change fixes; data sources last. The order within a
/// kind is by role, then as the diff lists them (by id).
fn ranked_changes(diff: &ArchitectureDiff) -> Vec<String> {
    // The workloads a node belongs to, when it is not one itself.
    let of_workload = |id: &str| -> String {
        let owners: Vec<&str> = diff
            .workloads
            .get(id)
            .into_iter()
            .flatten()
            .map(String::as_str)
            .filter(|owner| *owner != id)
            .collect();
        if owners.is_empty() {
            String::new()
        } else {
            format!(" (workload {})", entry(&owners.join(", ")))
        }
    };
    let node_rank = |kind: usize, node: &Node| {
        if node.mode == Mode::Data {
            (9, role_rank(node.role))
        } else {
            (kind, role_rank(node.role))
        }
    };
    let mut ranked: Vec<((usize, usize), String)> = Vec::new();
    for node in &diff.removed {
        ranked.push((
            node_rank(0, node),
            format!(
                "**removed** {} ({}){}",
                entry(&node.id),
                entry(&node.resource_type),
                of_workload(&node.id)
            ),
        ));
    }
    for changed in &diff.changed {
        let changes: Vec<String> = changed
            .changes
            .iter()
            .map(|c| {
                format!(
                    "{}: {} → {}",
                    c.attribute,
                    show(c.before.as_ref()),
                    show(c.after.as_ref())
                )
            })
            .collect();
        ranked.push((
            node_rank(1, changed.node),
            format!(
                "**changed** {}: {}{}",
                entry(&changed.node.id),
                entry(&changes.join("; ")),
                of_workload(&changed.node.id)
            ),
        ));
    }
    for (verb, nodes) in [
        ("will create", &diff.implicit_added),
        ("no longer creates", &diff.implicit_removed),
    ] {
        for (cause, parts) in by_cause(nodes) {
            let types: Vec<&str> = parts.iter().map(|n| n.resource_type.as_str()).collect();
            let what = match parts.first().and_then(|n| n.implicit.as_ref()) {
                Some(info) => format!(
                    "{} {verb} {} ({}), which Terraform does not manage: {}",
                    info.created_by,
                    types.join(", "),
                    info.knowledge,
                    info.lifecycle
                ),
                None => format!("{verb} {}", types.join(", ")),
            };
            ranked.push((
                (2, 0),
                format!("**implicit** {}: {}", entry(&cause), entry(&what)),
            ));
        }
    }
    for node in &diff.added {
        ranked.push((
            node_rank(3, node),
            format!(
                "**added** {} ({}) {}{}",
                entry(&node.id),
                entry(&node.resource_type),
                md(&at(node.location.as_ref())),
                of_workload(&node.id)
            ),
        ));
    }
    for finding in &diff.findings_removed {
        ranked.push((
            (4, 0),
            format!("**resolved** {} {}", finding.rule, entry(&finding.message)),
        ));
    }
    for file in &diff.unread_resolved {
        ranked.push((
            (4, 0),
            format!(
                "**now read** {} (was: {})",
                entry(&file.path),
                entry(&file.reason)
            ),
        ));
    }
    for diagnostic in &diff.diagnostics_removed {
        ranked.push((
            (4, 0),
            format!("**fixed** {}", entry(&diagnostic_line(diagnostic))),
        ));
    }
    // Stable: equal ranks keep the diff's order.
    ranked.sort_by_key(|(rank, _)| *rank);
    ranked.into_iter().map(|(_, line)| line).collect()
}

/// A Mermaid diagram of the changed nodes of the head and their neighbours, collapsed to
/// about [`DIAGRAM_NODES`] nodes; `None` when nothing is drawn or even the collapsed
/// diagram is over [`DIAGRAM_BUDGET`] (then a line says so).
fn diagram(diff: &ArchitectureDiff, head: &Analysis) -> Option<String> {
    let mut focus: Vec<String> = diff
        .added
        .iter()
        .chain(diff.implicit_added.iter())
        .map(|n| n.id.clone())
        .chain(diff.changed.iter().map(|c| c.node.id.clone()))
        .filter(|id| head.node(id).is_some())
        .collect();
    focus.sort();
    focus.dedup();
    if focus.is_empty() {
        return None;
    }
    let options = crate::view::ViewOptions {
        focus,
        depth: 1,
        max_nodes: DIAGRAM_NODES,
        collapse_focus: true,
        ..Default::default()
    };
    let view = crate::view::build(head, &options).ok()?;
    if view.nodes.is_empty() && view.summaries.is_empty() {
        return None;
    }
    let mermaid = crate::mermaid::to_string(&view);
    let drawn = view.drawn_nodes();
    let collapsed = view.collapsed.map_or(String::new(), |c| {
        format!(", {} collapsed by {}", c.before, c.level.as_str())
    });
    let title = format!("Diagram of the change ({drawn} nodes{collapsed})");
    let block = format!("```mermaid\n{mermaid}```\n");
    if block.len() > DIAGRAM_BUDGET {
        return Some(format!(
            "{title}: too large for a comment even collapsed; `tfmap graph --format mermaid --collapse root` draws it.\n\n"
        ));
    }
    Some(if drawn > OPEN_DIAGRAM_NODES {
        format!("<details><summary>{title}</summary>\n\n{block}\n</details>\n\n")
    } else {
        format!("{block}\n")
    })
}
