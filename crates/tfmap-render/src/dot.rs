//! DOT built with graphviz-rust. Its printer escapes nothing, so every id and label is
//! quoted and escaped here: names come from untrusted code.

use crate::summary::{Summary, SummaryEdge};
use crate::view::{Item, View, label_lines};
use graphviz_rust::dot_structures::{
    Attribute, Edge as DotEdge, EdgeTy, Graph, Id, Node as DotNode, NodeId, Stmt, Subgraph, Vertex,
};
use graphviz_rust::printer::PrinterContext;
use tfmap_core::diagnostic::terminal::{is_hidden, visible};
use tfmap_model::{EdgeKind, Node, Role};

/// A DOT string literal: `"` and `\` escaped. Control and bidirectional characters (a line
/// break too: labels break lines only where tfmap does) are shown as visible escapes.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    push_escaped(&mut out, text);
    out.push('"');
    out
}

fn push_escaped(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if is_hidden(c) => push_escaped(out, &visible(c)),
            c => out.push(c),
        }
    }
}

fn id(text: &str) -> Id {
    Id::Escaped(quote(text))
}

fn attr(key: &str, value: &str) -> Attribute {
    Attribute(Id::Plain(key.to_string()), id(value))
}

/// Several lines as one label (`\n` between escaped lines).
fn label(lines: &[String]) -> Id {
    let quoted: Vec<String> = lines
        .iter()
        .map(|l| quote(l))
        .map(|q| q[1..q.len() - 1].to_string())
        .collect();
    Id::Escaped(format!("\"{}\"", quoted.join("\\n")))
}

fn shape(role: Role) -> (&'static str, &'static str) {
    match role {
        Role::Cluster => ("tab", "#dbe9f6"),
        Role::Compute => ("box3d", "#e8e8e8"),
        Role::WorkloadDefinition => ("note", "#fff4d6"),
        Role::Service => ("box", "#d9f2d9"),
        Role::LoadBalancer => ("box", "#fde2cf"),
        Role::Routing => ("box", "#fdf0e6"),
        Role::Schedule => ("box", "#e9defa"),
        Role::Secret | Role::Config => ("cylinder", "#f4f4f4"),
        Role::Certificate => ("component", "#f4f4f4"),
        Role::Autoscaling | Role::Discovery => ("ellipse", "#f4f4f4"),
        _ => ("box", "#ffffff"),
    }
}

/// The SVG element ids a report gives what it draws, so its viewer can find each node and
/// edge in Graphviz's output; `None` for a plain diagram.
pub struct SvgIds<'f> {
    /// The id of a drawn node or summary, from its id in the view.
    pub item: &'f dyn Fn(&str) -> String,
    /// The id of the `n`th edge: the view's edges, then its summary edges.
    pub edge: &'f dyn Fn(usize) -> String,
}

/// Adds the `id` attribute when the drawing is annotated.
fn with_id(mut attributes: Vec<Attribute>, id: Option<String>) -> Vec<Attribute> {
    if let Some(id) = id {
        attributes.push(attr("id", &id));
    }
    attributes
}

fn node_stmt(node: &Node, ids: Option<&SvgIds>) -> Stmt {
    let (shape, fill) = shape(node.role);
    let style = if node.implicit.is_some() {
        "filled,dashed,rounded"
    } else {
        "filled,rounded"
    };
    Stmt::Node(DotNode::new(
        NodeId(id(&node.id), None),
        with_id(
            vec![
                Attribute(Id::Plain("label".into()), label(&label_lines(node))),
                attr("shape", shape),
                attr("style", style),
                attr("fillcolor", fill),
            ],
            ids.map(|ids| (ids.item)(&node.id)),
        ),
    ))
}

/// A summary: a folder, dashed when every member is implicit.
fn summary_stmt(summary: &Summary, ids: Option<&SvgIds>) -> Stmt {
    let style = if summary.all_implicit() {
        "filled,dashed"
    } else {
        "filled"
    };
    Stmt::Node(DotNode::new(
        NodeId(id(&summary.id), None),
        with_id(
            vec![
                Attribute(Id::Plain("label".into()), label(&summary.label_lines())),
                attr("shape", "folder"),
                attr("style", style),
                attr("fillcolor", "#eef3fa"),
            ],
            ids.map(|ids| (ids.item)(&summary.id)),
        ),
    ))
}

fn item_stmt(item: &Item, ids: Option<&SvgIds>) -> Stmt {
    match item {
        Item::Node(node) => node_stmt(node, ids),
        Item::Summary(summary) => summary_stmt(summary, ids),
    }
}

/// Edges counted between summaries: the kind, and how many when more than one.
fn summary_edge_stmt(edge: &SummaryEdge, svg_id: Option<String>) -> Stmt {
    let mut attributes = vec![attr("label", &edge.label())];
    match edge.kind {
        EdgeKind::Creates => {
            attributes.push(attr("style", "dashed"));
            attributes.push(attr("color", "#c0392b"));
        }
        EdgeKind::Reference | EdgeKind::DependsOn => attributes.push(attr("color", "#999999")),
        EdgeKind::ReadsState => {
            attributes.push(attr("style", "dotted"));
            attributes.push(attr("color", "#2e86c1"));
        }
        _ => {}
    }
    Stmt::Edge(DotEdge {
        ty: EdgeTy::Pair(
            Vertex::N(NodeId(id(&edge.from), None)),
            Vertex::N(NodeId(id(&edge.to), None)),
        ),
        attributes: with_id(attributes, svg_id),
    })
}

fn subgraph(name: String, title: &str, stmts: Vec<Stmt>) -> Stmt {
    let mut all = vec![
        Stmt::Attribute(attr("label", title)),
        Stmt::Attribute(attr("style", "rounded")),
    ];
    all.extend(stmts);
    Stmt::Subgraph(Subgraph {
        id: Id::Plain(name),
        stmts: all,
    })
}

/// The view as a DOT graph.
pub fn graph(view: &View) -> Graph {
    graph_with(view, None)
}

/// The view as a DOT graph, each node and edge carrying the SVG id `ids` gives it.
pub fn annotated(view: &View, ids: &SvgIds) -> String {
    print(graph_with(view, Some(ids)))
}

fn graph_with(view: &View, ids: Option<&SvgIds>) -> Graph {
    let mut stmts = vec![
        Stmt::Attribute(attr("rankdir", "LR")),
        Stmt::Attribute(attr("fontname", "Helvetica")),
        Stmt::Attribute(attr("newrank", "true")),
        Stmt::Attribute(attr("nodesep", "0.3")),
        Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Node(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "10"),
        ])),
        Stmt::GAttribute(graphviz_rust::dot_structures::GraphAttributes::Edge(vec![
            attr("fontname", "Helvetica"),
            attr("fontsize", "9"),
        ])),
    ];
    let mut counter = 0;
    let mut next = || {
        counter += 1;
        format!("cluster_{counter}")
    };
    for (platform, clusters) in view.tree() {
        let mut platform_stmts = Vec::new();
        for (cluster, namespaces) in clusters {
            let mut cluster_stmts = Vec::new();
            for (namespace, nodes) in namespaces {
                let node_stmts: Vec<Stmt> = nodes.iter().map(|item| item_stmt(item, ids)).collect();
                match namespace {
                    Some(namespace) => cluster_stmts.push(subgraph(
                        next(),
                        &format!("namespace {namespace}"),
                        node_stmts,
                    )),
                    None => cluster_stmts.extend(node_stmts),
                }
            }
            match cluster.and_then(|c| view.cluster_title(c)) {
                Some(title) => platform_stmts.push(subgraph(next(), &title, cluster_stmts)),
                None => platform_stmts.extend(cluster_stmts),
            }
        }
        stmts.push(subgraph(
            next(),
            &platform.as_str().to_uppercase(),
            platform_stmts,
        ));
    }
    for (index, edge) in view.edges.iter().enumerate() {
        let mut attributes = vec![attr("label", edge.kind.as_str())];
        match edge.kind {
            EdgeKind::Creates => {
                attributes.push(attr("style", "dashed"));
                attributes.push(attr("color", "#c0392b"));
                if let Some(info) = view
                    .analysis
                    .node(&edge.to)
                    .and_then(|n| n.implicit.as_ref())
                {
                    attributes[0] = attr("label", &format!("creates [{}]", info.knowledge));
                }
            }
            EdgeKind::Reference | EdgeKind::DependsOn => {
                attributes.push(attr("color", "#999999"));
                if let Some(via) = &edge.via {
                    attributes[0] = attr("label", via);
                }
            }
            // Another root's state: the output read names the edge.
            EdgeKind::ReadsState => {
                attributes.push(attr("style", "dotted"));
                attributes.push(attr("color", "#2e86c1"));
                if let Some(via) = &edge.via {
                    attributes[0] = attr("label", &format!("reads_state {via}"));
                }
            }
            _ => {}
        }
        stmts.push(Stmt::Edge(DotEdge {
            ty: EdgeTy::Pair(
                Vertex::N(NodeId(id(&edge.from), None)),
                Vertex::N(NodeId(id(&edge.to), None)),
            ),
            attributes: with_id(attributes, ids.map(|ids| (ids.edge)(index))),
        }));
    }
    let drawn = view.edges.len();
    stmts.extend(
        view.summary_edges
            .iter()
            .enumerate()
            .map(|(index, edge)| summary_edge_stmt(edge, ids.map(|ids| (ids.edge)(drawn + index)))),
    );
    Graph::DiGraph {
        id: Id::Plain("tfmap".into()),
        strict: false,
        stmts,
    }
}

/// The view as DOT text.
pub fn to_string(view: &View) -> String {
    print(graph(view))
}

fn print(graph: Graph) -> String {
    let mut text = graphviz_rust::print(graph, &mut PrinterContext::default());
    text.push('\n');
    text
}

/// Renders DOT with the real `dot` program (`svg`, `png`).
pub fn render(dot: &str, format: &str) -> Result<Vec<u8>, String> {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new("dot")
        .arg(format!("-T{format}"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|error| match error.kind() {
            std::io::ErrorKind::NotFound => {
                "rendering needs Graphviz's `dot` program, which is not installed: install the `graphviz` package (for example `apt-get install graphviz` or `brew install graphviz`), or use --format dot".to_string()
            }
            _ => format!("cannot start `dot`: {error}"),
        })?;
    let mut stdin = child.stdin.take().ok_or("cannot write to `dot`")?;
    let input = dot.to_string();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child
        .wait_with_output()
        .map_err(|e| format!("`dot` failed: {e}"))?;
    let _ = writer.join();
    if output.status.success() {
        Ok(output.stdout)
    } else {
        Err(format!(
            "`dot` refused the graph: {}",
            // Graphviz quotes the labels it refuses, and they come from the input.
            tfmap_core::diagnostic::terminal::escape(
                String::from_utf8_lossy(&output.stderr).trim()
            )
        ))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn quotes_escape_everything_dot_reads() {
        assert_eq!(super::quote(r#"a"b\c"#), r#""a\"b\\c""#);
        assert_eq!(super::quote("x\ny\u{7}"), r#""x\\ny\\u{7}""#);
        assert_eq!(super::quote("a\u{202e}b"), r#""a\\u{202e}b""#);
    }
}
