//! The diagram levels a report switches between: the summary levels of `graph --collapse`
//! (root, namespace, module) and every resource, each drawn once by `dot` with ids the
//! viewer can find. A level that draws as many boxes as the finer one next to it says
//! nothing new and is left out; the resource level is left out above [`WHOLE_LIMIT`] nodes,
//! where `dot` takes long and nobody reads the picture.

use super::data::node_index;
use crate::summary::{Collapse, DEFAULT_MAX_NODES, Level};
use crate::view::{View, ViewOptions, build};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde_json::{Value as Json, json};
use tfmap_model::Analysis;

/// The most nodes the resource level draws.
pub const WHOLE_LIMIT: usize = 1_000;

/// One level, drawn.
pub struct DrawnLevel {
    /// `root`, `namespace`, `module` or `resource`: also the prefix of its SVG ids.
    pub name: &'static str,
    /// What the viewer needs besides the picture: its summaries and edges by SVG id.
    pub data: Json,
    /// Graphviz's SVG, as it wrote it.
    pub svg: Vec<u8>,
}

/// The levels, coarsest first, and which one opens: the one `graph --collapse auto` would
/// draw. `render` turns DOT into SVG (`dot -Tsvg`, or a stand-in in tests).
pub fn draw(
    analysis: &Analysis,
    render: &(dyn Fn(&str) -> Result<Vec<u8>, String> + Sync),
) -> Result<(Vec<DrawnLevel>, usize), String> {
    let base = ViewOptions {
        data_sources: true,
        raw: true,
        collapse: Collapse::None,
        max_nodes: DEFAULT_MAX_NODES,
        ..ViewOptions::default()
    };
    let with = |collapse| ViewOptions {
        collapse,
        ..base.clone()
    };
    let auto = build(analysis, &with(Collapse::Auto))?
        .collapsed
        .map_or("resource", |c| c.level.as_str());
    let mut views: Vec<(&'static str, View)> = Vec::new();
    let whole = build(analysis, &base)?;
    let mut finer = whole.drawn_nodes();
    if finer <= WHOLE_LIMIT {
        views.push(("resource", whole));
    }
    for level in Level::ALL {
        let view = build(analysis, &with(Collapse::Level(level)))?;
        if view.drawn_nodes() < finer || views.is_empty() {
            finer = view.drawn_nodes();
            views.push((level.as_str(), view));
        }
    }
    views.reverse();
    let index = node_index(analysis);
    let levels = views
        .par_iter()
        .map(|(name, view)| drawn(name, view, &index, render))
        .collect::<Result<Vec<_>, String>>()?;
    let opening = levels
        .iter()
        .position(|l| l.name == auto)
        .unwrap_or(levels.len().saturating_sub(1));
    Ok((levels, opening))
}

/// The key of a drawn item: `n<index>` for a node, `s<index>` for a summary of the view.
fn item_keys<'v>(view: &'v View, index: &FxHashMap<&str, usize>) -> FxHashMap<&'v str, String> {
    let nodes = view
        .nodes
        .iter()
        .filter_map(|n| Some((n.id.as_str(), format!("n{}", index.get(n.id.as_str())?))));
    let summaries = view
        .summaries
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.as_str(), format!("s{i}")));
    nodes.chain(summaries).collect()
}

fn drawn(
    name: &'static str,
    view: &View,
    index: &FxHashMap<&str, usize>,
    render: &(dyn Fn(&str) -> Result<Vec<u8>, String> + Sync),
) -> Result<DrawnLevel, String> {
    let keys = item_keys(view, index);
    let key = |id: &str| keys.get(id).cloned().unwrap_or_default();
    let item = |id: &str| format!("{name}-{}", key(id));
    let edge = |i: usize| format!("{name}-e{i}");
    let dot = crate::dot::annotated(
        view,
        &crate::dot::SvgIds {
            item: &item,
            edge: &edge,
        },
    );
    let summaries: Vec<Json> = view
        .summaries
        .iter()
        .map(|s| {
            json!({
                "title": s.title(),
                "members": s.members.iter().filter_map(|n| index.get(n.id.as_str())).collect::<Vec<_>>(),
                "types": s.types(),
            })
        })
        .collect();
    let edges = view
        .edges
        .iter()
        .map(|e| {
            json!([
                key(&e.from),
                key(&e.to),
                e.kind.as_str(),
                1,
                e.kind.is_raw()
            ])
        })
        .chain(view.summary_edges.iter().map(|e| {
            json!([
                key(&e.from),
                key(&e.to),
                e.kind.as_str(),
                e.count,
                e.kind.is_raw()
            ])
        }))
        .collect::<Vec<_>>();
    Ok(DrawnLevel {
        name,
        data: json!({ "name": name, "summaries": summaries, "edges": edges }),
        svg: render(&dot)?,
    })
}
