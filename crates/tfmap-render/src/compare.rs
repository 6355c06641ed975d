//! `tfmap compare`: the ECS ↔ GKE ↔ EKS table of each workload and the container field
//! mappings, as text (tabled, wrapped to 80 columns), Markdown or JSON.

use crate::markdown::markdown_escape;
use serde_json::json;
use std::fmt::Write;
use tabled::builder::Builder;
use tabled::settings::peaker::Priority;
use tabled::settings::{Style, Width};
use tfmap_core::diagnostic::terminal::escape as clean;
use tfmap_model::comparison::{Cell, WorkloadComparison, compare};
use tfmap_model::field_mapping::{ContainerMapping, container_mappings};
use tfmap_model::{Analysis, Platform};

const WIDTH: usize = 80;

fn cell_lines(cell: &Cell) -> Vec<String> {
    match cell {
        Cell::Equivalent(text) => vec![format!("≈ {text}")],
        Cell::Real(entries) if entries.is_empty() => vec!["(nothing in this code)".to_string()],
        Cell::Real(entries) => entries.iter().map(|e| e.label()).collect(),
    }
}

fn platform_header(platform: Platform, label: &str) -> String {
    if platform.as_str() == label.to_lowercase() {
        format!("{label} (this code)")
    } else {
        label.to_string()
    }
}

fn title(comparison: &WorkloadComparison) -> String {
    format!(
        "{} ({} workload on {})",
        comparison.workload,
        comparison.kind.as_str(),
        comparison.platform.as_str().to_uppercase()
    )
}

/// The comparison of one workload as a table: a header row, then one row per concept, each
/// cell's lines escaped for the format and joined with its line break.
fn workload_table(
    comparison: &WorkloadComparison,
    escape: impl Fn(&str) -> String,
    line_break: &str,
) -> tabled::Table {
    let mut builder = Builder::default();
    builder.push_record([
        " ".to_string(),
        platform_header(comparison.platform, "ECS"),
        platform_header(comparison.platform, "GKE"),
        platform_header(comparison.platform, "EKS"),
    ]);
    for row in &comparison.rows {
        let cells = [&row.ecs, &row.gke, &row.eks].map(|c| {
            cell_lines(c)
                .iter()
                .map(|l| escape(l))
                .collect::<Vec<_>>()
                .join(line_break)
        });
        let [ecs, gke, eks] = cells;
        builder.push_record([row.concept.to_string(), ecs, gke, eks]);
    }
    builder.build()
}

pub fn text(analysis: &Analysis) -> String {
    let mut out = String::new();
    for comparison in compare(analysis) {
        let mut table = workload_table(&comparison, |t| clean(t).into_owned(), "\n");
        table.with(Style::sharp()).with(
            Width::wrap(WIDTH)
                .priority(Priority::max(true))
                .keep_words(true),
        );
        let _ = writeln!(out, "{}\n{table}\n", clean(&title(&comparison)));
    }
    for mapping in container_mappings(analysis) {
        let mut builder = Builder::default();
        let (from, to) = if mapping.direction == "ecs-to-kubernetes" {
            ("ECS field", "PodSpec")
        } else {
            ("PodSpec", "ECS field")
        };
        builder.push_record([from, to, "fit", "value", "note"]);
        for row in &mapping.rows {
            builder.push_record([
                row.source,
                row.target,
                row.fit.as_str(),
                &clean(&row.value),
                row.note,
            ]);
        }
        let mut table = builder.build();
        table.with(Style::sharp()).with(
            Width::wrap(WIDTH)
                .priority(Priority::max(true))
                .keep_words(true),
        );
        let _ = writeln!(
            out,
            "Container {} of {}\n{table}\n",
            clean(&mapping.container),
            clean(&mapping.owner)
        );
    }
    if out.is_empty() {
        out.push_str("No workload found: nothing to compare.\n");
    }
    out
}

pub fn markdown(analysis: &Analysis) -> String {
    let mut out = String::from("# ECS ↔ GKE ↔ EKS\n\n");
    for comparison in compare(analysis) {
        let _ = writeln!(out, "## {}\n", markdown_escape(&title(&comparison)));
        let mut table = workload_table(&comparison, markdown_escape, "<br>");
        table.with(Style::markdown());
        let _ = writeln!(out, "{table}\n");
    }
    for mapping in container_mappings(analysis) {
        let _ = writeln!(
            out,
            "### Container {} of {}\n",
            markdown_escape(&mapping.container),
            markdown_escape(&mapping.owner)
        );
        let mut builder = Builder::default();
        builder.push_record(["from", "to", "fit", "value", "note"]);
        for row in &mapping.rows {
            builder.push_record(
                [
                    row.source,
                    row.target,
                    row.fit.as_str(),
                    &markdown_escape(&row.value),
                    row.note,
                ]
                .map(markdown_escape_field),
            );
        }
        let mut table = builder.build();
        table.with(Style::markdown());
        let _ = writeln!(out, "{table}\n");
    }
    out
}

/// Field names are ours, but go through the same escaping as values for uniformity.
fn markdown_escape_field(text: &str) -> String {
    if text.contains('\\') || text.contains("&lt;") {
        text.to_string()
    } else {
        markdown_escape(text)
    }
}

fn cell_json(cell: &Cell) -> serde_json::Value {
    match cell {
        Cell::Equivalent(text) => json!({ "equivalent": text }),
        Cell::Real(entries) => json!({
            "resources": entries.iter().map(|e| json!({ "id": e.id, "detail": e.detail, "implicit": e.implicit })).collect::<Vec<_>>(),
        }),
    }
}

fn mapping_json(mapping: &ContainerMapping) -> serde_json::Value {
    json!({
        "owner": mapping.owner,
        "container": mapping.container,
        "direction": mapping.direction,
        "fields": mapping.rows.iter().map(|r| json!({
            "from": r.source, "to": r.target, "fit": r.fit.as_str(), "value": r.value, "note": r.note,
        })).collect::<Vec<_>>(),
    })
}

pub fn json(analysis: &Analysis) -> String {
    let workloads: Vec<serde_json::Value> = compare(analysis)
        .iter()
        .map(|c| {
            json!({
                "workload": c.workload,
                "kind": c.kind.as_str(),
                "platform": c.platform.as_str(),
                "rows": c.rows.iter().map(|r| json!({
                    "concept": r.concept, "ecs": cell_json(&r.ecs), "gke": cell_json(&r.gke), "eks": cell_json(&r.eks),
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    let value = json!({
        "version": crate::json::VERSION,
        "workloads": workloads,
        "containers": container_mappings(analysis).iter().map(mapping_json).collect::<Vec<_>>(),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_else(|_| "{}".to_string());
    text.push('\n');
    text
}
