//! Mermaid flowcharts, as GitHub renders them in Markdown. Node ids are generated (`n0`,
//! `n1`, … in id order, summaries after the nodes) so no input reaches an id; every label
//! character that Mermaid could read as syntax or HTML is written as an entity code (`#34;`).
//! Summaries are drawn as subroutine boxes (`[[…]]`).

use crate::view::{Item, View, label_lines};
use std::collections::BTreeMap;
use std::fmt::Write;
use tfmap_core::diagnostic::terminal::{is_hidden, visible};
use tfmap_model::EdgeKind;

/// Text safe inside a quoted Mermaid label or an edge label. `$` is an entity too: Mermaid
/// reads `$$…$$` as math.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            'a'..='z'
            | 'A'..='Z'
            | '0'..='9'
            | ' '
            | '.'
            | '-'
            | '_'
            | ':'
            | '/'
            | ','
            | '='
            | '*'
            | '+'
            | '@'
            | '?'
            | '!'
            | '~'
            | '\'' => out.push(c),
            // Shown, not acted on: an entity would give Mermaid the character itself.
            c if is_hidden(c) => out.push_str(&escape(&visible(c))),
            c if c.is_alphanumeric() => out.push(c),
            c => {
                let _ = write!(out, "#{};", u32::from(c));
            }
        }
    }
    out
}

pub fn to_string(view: &View) -> String {
    let ids: BTreeMap<&str, String> = view
        .nodes
        .iter()
        .map(|n| n.id.as_str())
        .chain(view.summaries.iter().map(|s| s.id.as_str()))
        .enumerate()
        .map(|(i, id)| (id, format!("n{i}")))
        .collect();
    let mut out = String::from("flowchart LR\n");
    let mut group = 0;
    let mut next_group = || {
        group += 1;
        format!("g{group}")
    };
    let node_line = |out: &mut String, indent: &str, item: &Item| {
        let (lines, open, close) = match item {
            Item::Node(node) => (label_lines(node), "[", "]"),
            Item::Summary(summary) => (summary.label_lines(), "[[", "]]"),
        };
        let label: Vec<String> = lines.iter().map(|l| escape(l)).collect();
        let id = ids.get(item.id()).map_or("", String::as_str);
        let _ = writeln!(out, "{indent}{id}{open}\"{}\"{close}", label.join("<br/>"));
    };
    for (platform, clusters) in view.tree() {
        let _ = writeln!(
            out,
            "  subgraph {}[\"{}\"]",
            next_group(),
            escape(&platform.as_str().to_uppercase())
        );
        for (cluster, namespaces) in clusters {
            let title = cluster.and_then(|c| view.cluster_title(c));
            if let Some(title) = &title {
                let _ = writeln!(out, "    subgraph {}[\"{}\"]", next_group(), escape(title));
            }
            for (namespace, nodes) in namespaces {
                if let Some(namespace) = namespace {
                    let _ = writeln!(
                        out,
                        "      subgraph {}[\"{}\"]",
                        next_group(),
                        escape(&format!("namespace {namespace}"))
                    );
                }
                for node in nodes {
                    node_line(&mut out, "        ", &node);
                }
                if namespace.is_some() {
                    out.push_str("      end\n");
                }
            }
            if title.is_some() {
                out.push_str("    end\n");
            }
        }
        out.push_str("  end\n");
    }
    for edge in &view.edges {
        let (Some(from), Some(to)) = (ids.get(edge.from.as_str()), ids.get(edge.to.as_str()))
        else {
            continue;
        };
        let arrow = arrow(edge.kind);
        let label = match (edge.kind, &edge.via) {
            (EdgeKind::Reference | EdgeKind::DependsOn, Some(via)) => via.clone(),
            (EdgeKind::ReadsState, Some(via)) => format!("reads_state {via}"),
            (EdgeKind::Creates, _) => match view
                .analysis
                .node(&edge.to)
                .and_then(|n| n.implicit.as_ref())
            {
                Some(info) => format!("creates {}", info.knowledge),
                None => "creates".to_string(),
            },
            (kind, _) => kind.as_str().to_string(),
        };
        let _ = writeln!(out, "  {from} {arrow}|\"{}\"| {to}", escape(&label));
    }
    for edge in &view.summary_edges {
        let (Some(from), Some(to)) = (ids.get(edge.from.as_str()), ids.get(edge.to.as_str()))
        else {
            continue;
        };
        let arrow = arrow(edge.kind);
        let _ = writeln!(out, "  {from} {arrow}|\"{}\"| {to}", escape(&edge.label()));
    }
    let implicit: Vec<&str> = view
        .nodes
        .iter()
        .filter(|n| n.implicit.is_some())
        .map(|n| n.id.as_str())
        .chain(
            view.summaries
                .iter()
                .filter(|s| s.all_implicit())
                .map(|s| s.id.as_str()),
        )
        .filter_map(|id| ids.get(id).map(String::as_str))
        .collect();
    if !implicit.is_empty() {
        out.push_str("  classDef implicit stroke-dasharray: 5 5,fill:#fff8f0\n");
        let _ = writeln!(out, "  class {} implicit", implicit.join(","));
    }
    let summaries: Vec<&str> = view
        .summaries
        .iter()
        .filter_map(|s| ids.get(s.id.as_str()).map(String::as_str))
        .collect();
    if !summaries.is_empty() {
        out.push_str("  classDef summary fill:#eef3fa,stroke:#5b7fa6\n");
        let _ = writeln!(out, "  class {} summary", summaries.join(","));
    }
    out
}

/// Dotted for what a controller creates, solid for everything else.
fn arrow(kind: EdgeKind) -> &'static str {
    if kind == EdgeKind::Creates {
        "-.->"
    } else {
        "-->"
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn escapes_syntax_and_markup() {
        assert_eq!(
            super::escape(r#"a"b<script>|[x]"#),
            "a#34;b#60;script#62;#124;#91;x#93;"
        );
        assert_eq!(
            super::escape("k8s/Service/default/web"),
            "k8s/Service/default/web"
        );
        assert_eq!(
            super::escape("a\u{202e}b\n$$x$$"),
            "a#92;u#123;202e#125;b#92;n#36;#36;x#36;#36;"
        );
    }
}
