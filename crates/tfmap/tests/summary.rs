//! Summarised diagrams: a view over `max_nodes` is collapsed into summary nodes, the same for
//! every format. Each collapsed view is checked against the full view it summarises.

use crate::common::{self, analyse};

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use tfmap_model::EdgeKind;
use tfmap_render::summary::{Collapse, Level};
use tfmap_render::view::{View, ViewOptions, build};

/// Two module instances, root-level resources in an ECS and a GKE box, two namespaces.
const FIXTURE: &str = "testdata/terraform/modules-and-namespaces";

fn collapsing(collapse: Collapse, max_nodes: usize) -> ViewOptions {
    ViewOptions {
        collapse,
        max_nodes,
        ..ViewOptions::default()
    }
}

/// Where each node is drawn in a collapsed view: as itself, or as the id of its summary.
fn drawn_as<'v>(view: &'v View) -> BTreeMap<&'v str, &'v str> {
    let mut drawn: BTreeMap<&str, &str> = BTreeMap::new();
    for node in &view.nodes {
        assert!(
            drawn.insert(&node.id, &node.id).is_none(),
            "{} twice",
            node.id
        );
    }
    for summary in &view.summaries {
        assert!(
            summary.members.len() > 1,
            "{} stands for one node",
            summary.id
        );
        for member in &summary.members {
            assert!(
                drawn.insert(&member.id, &summary.id).is_none(),
                "{} drawn twice",
                member.id
            );
        }
    }
    drawn
}

/// The collapsed view is the full one regrouped: every node drawn exactly once, each in its
/// own box; edges between nodes drawn as themselves kept; the others counted once per
/// (from, to, kind) of what is drawn, and gone when both ends are in one summary.
fn check_regrouping(full: &View, collapsed: &View) {
    let drawn = drawn_as(collapsed);
    let full_ids: BTreeSet<&str> = full.nodes.iter().map(|n| n.id.as_str()).collect();
    let drawn_ids: BTreeSet<&str> = drawn.keys().copied().collect();
    assert_eq!(full_ids, drawn_ids);

    let mut kept = Vec::new();
    let mut counted: BTreeMap<(&str, &str, EdgeKind), usize> = BTreeMap::new();
    for edge in &full.edges {
        let (from, to) = (drawn[edge.from.as_str()], drawn[edge.to.as_str()]);
        if from == edge.from && to == edge.to {
            kept.push(*edge);
        } else if from != to {
            *counted.entry((from, to, edge.kind)).or_default() += 1;
        }
    }
    assert_eq!(collapsed.edges, kept);
    let drawn_counts: BTreeMap<(&str, &str, EdgeKind), usize> = collapsed
        .summary_edges
        .iter()
        .map(|e| ((e.from.as_str(), e.to.as_str(), e.kind), e.count))
        .collect();
    assert_eq!(drawn_counts, counted);
    assert_eq!(drawn_counts.len(), collapsed.summary_edges.len());

    // Each summary lies in the box of its members (namespaces merge at the root level).
    for (group, nodes) in &full.groups {
        for node in nodes {
            let Some(summary) = collapsed
                .summaries
                .iter()
                .find(|s| s.id == drawn[node.id.as_str()])
            else {
                continue;
            };
            assert_eq!(summary.group.platform, group.platform, "{}", node.id);
            assert_eq!(summary.group.cluster, group.cluster, "{}", node.id);
            if summary.level != Level::Root {
                assert_eq!(summary.group.namespace, group.namespace, "{}", node.id);
            }
        }
    }
}

#[test]
fn every_level_regroups_every_fixture() {
    for dir in common::input_dirs() {
        let dir = dir.as_str();
        let analysis = analyse(dir);
        for all in [false, true] {
            let base = ViewOptions {
                all,
                raw: all,
                ..ViewOptions::default()
            };
            let full = build(
                &analysis,
                &ViewOptions {
                    collapse: Collapse::None,
                    ..base.clone()
                },
            )
            .unwrap();
            for level in Level::ALL {
                let options = ViewOptions {
                    collapse: Collapse::Level(level),
                    max_nodes: 0,
                    ..base.clone()
                };
                let collapsed = build(&analysis, &options).unwrap();
                check_regrouping(&full, &collapsed);
                if let Some(done) = collapsed.collapsed {
                    assert_eq!(done.level, level, "{dir}");
                    assert_eq!(done.before, full.nodes.len(), "{dir}");
                    assert_eq!(done.after, collapsed.drawn_nodes(), "{dir}");
                }
            }
        }
    }
}

#[test]
fn edges_between_summaries_are_counted() {
    let analysis = analyse(FIXTURE);
    // Room for the root-level resources to stay themselves.
    let view = build(
        &analysis,
        &collapsing(Collapse::Level(Level::Module), usize::MAX),
    )
    .unwrap();
    let full = build(&analysis, &collapsing(Collapse::None, 0)).unwrap();
    check_regrouping(&full, &view);
    // Each service module has two listener rules on the root's listener: one edge, counted.
    for key in ["api", "web"] {
        let summary = view
            .summaries
            .iter()
            .find(|s| s.title() == format!("module.service[\"{key}\"]"))
            .unwrap();
        let rules = summary
            .members
            .iter()
            .filter(|n| n.resource_type == "aws_lb_listener_rule")
            .count();
        assert_eq!(rules, 2);
        let to_listener: Vec<_> = view
            .summary_edges
            .iter()
            .filter(|e| e.from == summary.id && e.to == "aws_lb_listener.https")
            .collect();
        assert_eq!(to_listener.len(), 1, "{:?}", view.summary_edges);
        assert_eq!(to_listener[0].kind, EdgeKind::AttachedTo);
        assert_eq!(to_listener[0].count, rules);
        assert_eq!(to_listener[0].label(), format!("attached_to ×{rules}"));
        // The service's own edges (task definition, target group) are inside the summary.
        assert!(full.edges.iter().any(
            |e| e.from.starts_with(&format!("module.service[\"{key}\"]"))
                && e.to.starts_with(&format!("module.service[\"{key}\"]"))
        ));
        assert!(
            !view
                .summary_edges
                .iter()
                .any(|e| e.from == summary.id && e.to == summary.id)
        );
    }
}

#[test]
fn auto_takes_the_finest_level_that_fits() {
    let analysis = analyse(FIXTURE);
    let full = build(&analysis, &collapsing(Collapse::None, 0)).unwrap();
    let size = |collapse, max_nodes| {
        let view = build(&analysis, &collapsing(collapse, max_nodes)).unwrap();
        view.drawn_nodes()
    };
    // The module level leaves root-level resources alone while that fits, else groups them.
    let steps = [
        (
            Level::Module,
            size(Collapse::Level(Level::Module), usize::MAX),
        ),
        (Level::Module, size(Collapse::Level(Level::Module), 0)),
        (Level::Namespace, size(Collapse::Level(Level::Namespace), 0)),
        (Level::Root, size(Collapse::Level(Level::Root), 0)),
    ];
    let mut sizes = vec![full.nodes.len()];
    sizes.extend(steps.iter().map(|(_, n)| *n));
    assert!(
        sizes.windows(2).all(|w| w[0] > w[1]),
        "the fixture must make every step smaller: {sizes:?}"
    );
    for max_nodes in 0..=full.nodes.len() + 1 {
        let view = build(&analysis, &collapsing(Collapse::Auto, max_nodes)).unwrap();
        if full.nodes.len() <= max_nodes {
            assert!(view.collapsed.is_none() && view.summaries.is_empty());
            continue;
        }
        let (level, after) = steps
            .iter()
            .copied()
            .find(|(_, n)| *n <= max_nodes)
            .unwrap_or(steps[3]);
        let done = view.collapsed.unwrap();
        assert_eq!((done.level, done.after), (level, after), "max {max_nodes}");
        assert_eq!(view.drawn_nodes(), after);
        let message = done.message();
        assert!(
            message.contains(&format!("collapsed by {} into {after}", level.as_str())),
            "{message}"
        );
        assert_eq!(
            message.contains("still over"),
            after > max_nodes,
            "{message}"
        );
    }
}

#[test]
fn none_draws_every_node() {
    for dir in common::input_dirs() {
        let dir = dir.as_str();
        let analysis = analyse(dir);
        let whole = build(&analysis, &collapsing(Collapse::None, 0)).unwrap();
        assert!(whole.collapsed.is_none() && whole.summaries.is_empty());
        assert!(whole.summary_edges.is_empty());
        // Small inputs: `auto` draws them whole, byte for byte.
        let auto = build(&analysis, &ViewOptions::default()).unwrap();
        assert!(auto.collapsed.is_none(), "{dir}");
        assert_eq!(
            tfmap_render::dot::to_string(&whole),
            tfmap_render::dot::to_string(&auto)
        );
        assert_eq!(
            tfmap_render::mermaid::to_string(&whole),
            tfmap_render::mermaid::to_string(&auto)
        );
        let json = tfmap_render::json::view_to_string(&whole);
        assert_eq!(json, tfmap_render::json::view_to_string(&auto));
        assert!(!json.contains("\"collapsed\""), "{dir}");
    }
}

#[test]
fn focus_comes_first_then_collapse() {
    let analysis = analyse(FIXTURE);
    let focus = "module.service[\"api\"].aws_ecs_service.this";
    let focused = |collapse, max_nodes| ViewOptions {
        focus: vec![focus.to_string()],
        depth: 2,
        collapse,
        max_nodes,
        ..ViewOptions::default()
    };
    let near = build(&analysis, &focused(Collapse::None, 0)).unwrap();
    let whole = build(&analysis, &collapsing(Collapse::None, 0)).unwrap();
    assert!(near.nodes.len() < whole.nodes.len());
    // The neighbourhood fits: drawn whole.
    let fits = build(&analysis, &focused(Collapse::Auto, near.nodes.len())).unwrap();
    assert!(fits.collapsed.is_none());
    assert_eq!(fits.nodes.len(), near.nodes.len());
    // It does not: collapsed, but only what the focus kept, and the focus stays itself.
    let by_module = build(
        &analysis,
        &focused(Collapse::Level(Level::Module), usize::MAX),
    )
    .unwrap();
    assert!(by_module.drawn_nodes() < near.nodes.len());
    let collapsed = build(&analysis, &focused(Collapse::Auto, by_module.drawn_nodes())).unwrap();
    assert_eq!(collapsed.collapsed.map(|c| c.level), Some(Level::Module));
    check_regrouping(&near, &collapsed);
    let coarsest = build(&analysis, &focused(Collapse::Auto, 1)).unwrap();
    check_regrouping(&near, &coarsest);
    assert!(coarsest.nodes.iter().any(|n| n.id == focus));
    assert!(collapsed.nodes.iter().any(|n| n.id == focus));
    let module = collapsed
        .summaries
        .iter()
        .find(|s| s.title() == "module.service[\"api\"]")
        .expect("the rest of the focused module is summarised");
    assert!(module.members.iter().all(|n| n.id != focus));
}

#[test]
fn hostile_names_stay_text_in_summaries() {
    let analysis = analyse("testdata/kubernetes/hostile-names");
    let view = build(
        &analysis,
        &ViewOptions {
            all: true,
            collapse: Collapse::Level(Level::Module),
            max_nodes: 0,
            ..ViewOptions::default()
        },
    )
    .unwrap();
    let summary = view.summaries.first().expect("the namespace is summarised");
    assert_eq!(summary.title(), "namespace ns<script>alert(1)</script>");
    let dot = tfmap_render::dot::to_string(&view);
    assert!(graphviz_rust::parse(&dot).is_ok(), "{dot}");
    assert!(
        dot.contains(&tfmap_render::dot::quote(&summary.id)),
        "{dot}"
    );
    let mermaid = tfmap_render::mermaid::to_string(&view);
    assert!(!mermaid.contains("<script"), "{mermaid}");
    assert!(mermaid.contains("namespace ns#60;script#62;alert#40;1#41;#60;/script#62;"));
    let json: serde_json::Value =
        serde_json::from_str(&tfmap_render::json::view_to_string(&view)).unwrap();
    let nodes = json["nodes"].as_array().unwrap();
    assert!(
        nodes
            .iter()
            .any(|n| n["name"] == summary.title().as_str() && n["collapsed"]["members"] == 3)
    );
    if common::tool("TFMAP_DOT", "dot").is_none() {
        return;
    }
    let svg = String::from_utf8(tfmap_render::dot::render(&dot, "svg").unwrap()).unwrap();
    assert!(!svg.contains("<script"), "markup leaked into SVG");
    assert!(
        svg.contains("ns&lt;script&gt;alert(1)&lt;/script&gt;"),
        "{svg}"
    );
}

#[test]
fn cli_says_when_it_collapses() {
    let run = |args: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_tfmap"))
            .args(["graph", FIXTURE])
            .args(args)
            .current_dir(common::root())
            .output()
            .unwrap()
    };
    let analysis = analyse(FIXTURE);
    let whole = build(&analysis, &collapsing(Collapse::None, 0)).unwrap();
    let collapsed = build(&analysis, &collapsing(Collapse::Auto, 10)).unwrap();
    let done = collapsed.collapsed.unwrap();

    let output = run(&["--max-nodes", "10", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr, format!("tfmap: {}\n", done.message()));
    assert!(stderr.contains(&format!("{} nodes are too many", whole.nodes.len())));
    let json: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["collapsed"]["level"], done.level.as_str());
    assert_eq!(json["nodes"].as_array().unwrap().len(), done.after);

    // Asked for explicitly, or not at all: nothing to say.
    for args in [
        &["--max-nodes", "10", "--collapse", "none"][..],
        &["--collapse", "root"][..],
        &[][..],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(0));
        assert!(output.stderr.is_empty(), "{args:?}");
    }
    let output = run(&["--collapse", "everything"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn collapsed_diagram_snapshots() {
    let analysis = analyse(FIXTURE);
    let view = build(&analysis, &collapsing(Collapse::Auto, 10)).unwrap();
    assert_eq!(view.collapsed.map(|c| c.level), Some(Level::Module));
    insta::assert_snapshot!("collapsed_module_dot", tfmap_render::dot::to_string(&view));
    insta::assert_snapshot!(
        "collapsed_module_mermaid",
        tfmap_render::mermaid::to_string(&view)
    );
    insta::assert_snapshot!(
        "collapsed_module_json",
        tfmap_render::json::view_to_string(&view)
    );
    let view = build(&analysis, &collapsing(Collapse::Level(Level::Namespace), 0)).unwrap();
    insta::assert_snapshot!(
        "collapsed_namespace_mermaid",
        tfmap_render::mermaid::to_string(&view)
    );
}
