//! Property tests: any string used as a name, namespace, label, attribute value or directory
//! name renders safely in every output. The outputs still parse (JSON, SARIF, DOT with
//! graphviz-rust's parser, Mermaid by the grammar tfmap writes), and in Markdown and Mermaid
//! the name comes out as text, never as markup: no mention, bare link or math in a PR
//! comment. No output (text, DOT, Mermaid, Markdown) carries a raw control or bidirectional
//! character, or a line a CI runner reads as a command.

use proptest::prelude::*;
use tfmap_loader::{LoadOptions, MemoryFiles};
use tfmap_render::summary::{Collapse, Level};
use tfmap_render::view::{ViewOptions, build};

/// Strings made to hurt: markup, quotes, separators, control characters, wide characters.
fn hostile() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "<script>",
        "</details>",
        "\"",
        "'",
        "`",
        "|",
        "\\",
        "\n",
        "\r",
        "\t",
        "\u{0}",
        "\u{7}",
        "[",
        "]",
        "(",
        ")",
        "{",
        "}",
        "#",
        "*",
        "_",
        "~",
        "&",
        "&amp;",
        "-->",
        "<!-- tfmap:pr-comment -->",
        ";",
        "%{",
        "${",
        "@here",
        "@octocat",
        "@org/team",
        "a@b.io",
        "https://evil.example/x",
        "HTTP://",
        "www.example.com",
        "$x$",
        "$$",
        "\n::error file=x::y",
        "\u{1b}[31m",
        "\u{1b}]8;;",
        "\u{9b}",
        "\u{7f}",
        "\u{2066}",
        "\u{200f}",
        "<br/>",
        "web",
        "設定",
        "🚀",
        "\u{202e}",
        " ",
        ".",
        "/",
        ":",
    ]);
    prop::collection::vec(pieces, 1..8).prop_map(|parts| parts.concat())
}

/// Kubernetes objects written as JSON (which YAML reads), so any string survives the input.
fn manifests(name: &str, namespace: &str, label: &str) -> String {
    let deployment = serde_json::json!({
        "apiVersion": "apps/v1", "kind": "Deployment",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"selector": {"matchLabels": {"app": label}},
                 "template": {"metadata": {"labels": {"app": label}},
                              "spec": {"containers": [{"name": name, "image": label}]}}}
    });
    let service = serde_json::json!({
        "apiVersion": "v1", "kind": "Service",
        "metadata": {"name": format!("{name}-svc"), "namespace": namespace},
        "spec": {"type": "LoadBalancer", "selector": {"app": label},
                 "ports": [{"port": 80}]}
    });
    let ingress = serde_json::json!({
        "apiVersion": "networking.k8s.io/v1", "kind": "Ingress",
        "metadata": {"name": name, "namespace": namespace},
        "spec": {"defaultBackend": {"service": {"name": format!("{name}-svc"), "port": {"number": 80}}}}
    });
    format!("{deployment}\n---\n{service}\n---\n{ingress}\n")
}

const CLUSTER: &str = r#"resource "google_container_cluster" "main" {
  name     = "c"
  location = "europe-west1"
}
"#;

/// Only the tags tfmap writes itself may appear in Markdown, outside the fenced Mermaid
/// diagram (checked by its own grammar, and it must hold no fence of its own); the PR
/// comment's marker only as its first line, where tfmap puts it.
fn markdown_is_inert(markdown: &str) -> Result<(), String> {
    let marker = format!("{}\n", tfmap_render::comment::MARKER);
    let markdown = markdown.strip_prefix(&marker).unwrap_or(markdown);
    let mut prose = String::new();
    let mut fenced = false;
    for line in markdown.lines() {
        if line.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            if line.contains("```") {
                return Err(format!("a fence inside the diagram: {line:?}"));
            }
        } else {
            prose.push_str(line);
            prose.push('\n');
        }
    }
    let mut rest = prose.as_str();
    while let Some(start) = rest.find('<') {
        let tag = &rest[start..];
        let allowed = ["<details>", "</details>", "<summary>", "</summary>", "<br>"];
        if !allowed.iter().any(|a| tag.starts_with(a)) {
            return Err(format!(
                "raw `<` in Markdown near {:?}",
                &tag[..tag.len().min(40)]
            ));
        }
        rest = &rest[start + 1..];
    }
    Ok(())
}

/// Characters that act on the display: controls (but the line breaks tfmap writes) and
/// bidirectional controls.
fn acts_on_display(c: char) -> bool {
    (c.is_control() && c != '\n')
        || matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// No character acts on the display, and no line is a CI workflow command (`::error …`).
fn shows_as_text(output: &str) -> Result<(), String> {
    if let Some(c) = output.chars().find(|c| acts_on_display(*c)) {
        return Err(format!("raw {c:?} in the output"));
    }
    if let Some(line) = output.lines().find(|l| l.trim_start().starts_with("::")) {
        return Err(format!("a line a CI runner reads as a command: {line:?}"));
    }
    Ok(())
}

/// GitHub gives no meaning to the prose of a PR comment: no `@mention`, no bare link, no
/// `$` math (invisible word joiners break the first two; `$` is escaped).
fn markdown_is_plain_text(markdown: &str) -> Result<(), String> {
    let prose: String = markdown
        .split("```")
        .step_by(2)
        .collect::<Vec<_>>()
        .join("\n");
    let chars: Vec<char> = prose.chars().collect();
    for (index, pair) in chars.windows(2).enumerate() {
        if pair[0] == '@' && pair[1].is_alphanumeric() {
            return Err(format!("a mention near {:?}", context(&chars, index)));
        }
        if pair[0] == '$' && (index == 0 || chars[index - 1] != '\\') {
            return Err(format!("unescaped `$` near {:?}", context(&chars, index)));
        }
    }
    // A scheme (`https`) right before `://`, or `www.`, is what GitHub links.
    let lower = prose.to_lowercase();
    let scheme = lower
        .match_indices("://")
        .map(|(at, _)| at)
        .find(|at| lower[..*at].ends_with(|c: char| c.is_ascii_alphanumeric()));
    if let Some(at) = scheme.or_else(|| lower.find("www.")) {
        let chars: Vec<char> = lower.chars().collect();
        return Err(format!(
            "a bare link near {:?}",
            context(&chars, lower[..at].chars().count())
        ));
    }
    Ok(())
}

fn context(chars: &[char], index: usize) -> String {
    chars[index.saturating_sub(10)..(index + 10).min(chars.len())]
        .iter()
        .collect()
}

/// Every Mermaid line is one of the constructs tfmap writes, and quoted labels hold no quote.
fn mermaid_is_well_formed(mermaid: &str) -> Result<(), String> {
    for line in mermaid.lines() {
        let trimmed = line.trim();
        let quoted_ok = trimmed.matches('"').count() % 2 == 0;
        let label_chars_ok = trimmed.split('"').skip(1).step_by(2).all(|label| {
            !label.contains(['<', '>', '[', ']', '|', '\n'])
                || label.contains("<br/>") && !label.replace("<br/>", "").contains(['<', '>'])
        });
        let shape = trimmed == "flowchart LR"
            || trimmed == "end"
            || trimmed.starts_with("subgraph g")
            || trimmed.starts_with("classDef implicit")
            || trimmed.starts_with("classDef summary")
            || trimmed.starts_with("class n")
            || (trimmed.starts_with('n')
                && (trimmed.contains("[\"")
                    || trimmed.contains("-->")
                    || trimmed.contains("-.->")));
        if !(quoted_ok && label_chars_ok && shape) {
            return Err(format!("unexpected Mermaid line: {line:?}"));
        }
    }
    Ok(())
}

proptest! {
    // No regression file is written: a failure prints its minimal input, which becomes a
    // fixture.
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn names_render_safely_everywhere(name in hostile(), namespace in hostile(), label in hostile(), dir in hostile()) {
        // A directory name cannot hold `/` or NUL, nor be `.`/`..`.
        let dir: String = dir.chars().filter(|c| *c != '/' && *c != '\0').collect();
        prop_assume!(!dir.is_empty() && dir != "." && dir != "..");
        let yaml_path = format!("{dir}/app.yaml");
        let yaml = manifests(&name, &namespace, &label);
        let files: MemoryFiles = [("main.tf", CLUSTER), (yaml_path.as_str(), yaml.as_str())].into_iter().collect();
        let paths: Vec<String> = files.paths().map(str::to_string).collect();
        let inventory = tfmap_loader::load_files(&paths, &files, &LoadOptions::default()).unwrap();
        let analysis = tfmap_model::analyze(inventory);

        // JSON and SARIF parse, and names come back unchanged.
        let json: serde_json::Value = serde_json::from_str(&tfmap_render::json::to_string(&analysis)).unwrap();
        let ids: Vec<&str> = json["nodes"].as_array().unwrap().iter().filter_map(|n| n["id"].as_str()).collect();
        prop_assert!(ids.iter().any(|id| id.ends_with(&format!("/{name}"))), "{ids:?}");
        let sarif: serde_json::Value = serde_json::from_str(&tfmap_render::sarif::to_string(&analysis.findings)).unwrap();
        prop_assert_eq!(&sarif["version"], "2.1.0");

        // DOT parses with graphviz-rust's parser.
        let view = build(&analysis, &ViewOptions { all: true, ..ViewOptions::default() }).unwrap();
        let dot = tfmap_render::dot::to_string(&view);
        prop_assert!(graphviz_rust::parse(&dot).is_ok(), "DOT does not parse:\n{dot}");
        if let Err(message) = shows_as_text(&dot) {
            prop_assert!(false, "DOT: {message}\n{dot}");
        }

        // Mermaid keeps to its grammar.
        let mermaid = tfmap_render::mermaid::to_string(&view);
        if let Err(message) = mermaid_is_well_formed(&mermaid).and_then(|()| shows_as_text(&mermaid)) {
            prop_assert!(false, "{message}\n{mermaid}");
        }
        // Mermaid decodes entities and reads `$$…$$` as math: neither may come from a name.
        prop_assert!(!mermaid.contains('$'), "`$` in Mermaid:\n{mermaid}");
        for code in ["#8238;", "#8294;", "#8207;", "#27;", "#10;"] {
            prop_assert!(!mermaid.contains(code), "{code} in Mermaid:\n{mermaid}");
        }

        // Summaries carry the namespace in their id and label: the same holds collapsed.
        let collapsed = build(&analysis, &ViewOptions {
            all: true,
            collapse: Collapse::Level(Level::Module),
            max_nodes: 0,
            ..ViewOptions::default()
        }).unwrap();
        prop_assert!(!collapsed.summaries.is_empty());
        let dot = tfmap_render::dot::to_string(&collapsed);
        prop_assert!(graphviz_rust::parse(&dot).is_ok(), "collapsed DOT does not parse:\n{dot}");
        let mermaid = tfmap_render::mermaid::to_string(&collapsed);
        if let Err(message) = mermaid_is_well_formed(&mermaid) {
            prop_assert!(false, "{message}\n{mermaid}");
        }
        let json: serde_json::Value = serde_json::from_str(&tfmap_render::json::view_to_string(&collapsed)).unwrap();
        let titles: Vec<&str> = json["nodes"].as_array().unwrap().iter().filter_map(|n| n["name"].as_str()).collect();
        prop_assert!(titles.contains(&format!("namespace {namespace}").as_str()), "{titles:?}");

        // Markdown: the PR comment and the comparison tables carry no markup from input.
        let empty = tfmap_model::Analysis::default();
        let changes = tfmap_model::diff::diff(&empty, &analysis);
        for markdown in [
            tfmap_render::diff::markdown_with_diagram(&changes, &analysis, &tfmap_model::gate::of_diff(&changes, tfmap_model::gate::Threshold::DEFAULT)),
            tfmap_render::compare::markdown(&analysis),
        ] {
            if let Err(message) = markdown_is_inert(&markdown)
                .and_then(|()| markdown_is_plain_text(&markdown))
                .and_then(|()| shows_as_text(&markdown))
            {
                prop_assert!(false, "{message}\n{markdown}");
            }
        }

        // The text reports hold no control or bidirectional character but tfmap's own line
        // breaks, and no line a CI runner reads as a command.
        for text in [
            tfmap_render::text::render(&analysis, &dir),
            tfmap_render::diff::text(&changes),
            tfmap_render::compare::text(&analysis),
        ] {
            if let Err(message) = shows_as_text(&text) {
                prop_assert!(false, "{message}\n{text}");
            }
        }
    }
}

/// Found by the property test: a directory named `::` put `  ::/app.yaml:1: warning …` at
/// the start of a line of the text report, which a CI runner reads as a command.
#[test]
fn a_directory_named_like_a_ci_command_starts_no_line() {
    let dir = std::env::temp_dir().join(format!("tfmap-ci-command-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("::")).unwrap();
    std::fs::write(
        dir.join("main.tf"),
        "resource \"google_container_cluster\" \"main\" {\n  name     = \"c\"\n  location = \"europe-west1\"\n}\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("::/app.yaml"),
        "apiVersion: v1\nkind: Service\nmetadata:\n  name: svc\nspec:\n  type: LoadBalancer\n  ports: [{port: 80}]\n",
    )
    .unwrap();
    for command in ["analyze", "check"] {
        let output = std::process::Command::new(env!("CARGO_BIN_EXE_tfmap"))
            .arg(command)
            .arg(&dir)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&output.stdout);
        assert!(text.contains("app.yaml"), "{text}");
        assert_eq!(shows_as_text(&text), Ok(()), "{command}");
    }
    let _ = std::fs::remove_dir_all(&dir);
}
