//! Diagrams: every view of every example and fixture is accepted by the real Graphviz `dot`,
//! hostile names stay text, and the default output is snapshotted.

use crate::common::{self, analyse};

use tfmap_render::summary::{Collapse, Level};
use tfmap_render::view::{ViewOptions, build};

#[test]
fn dot_accepts_every_view() {
    if common::tool("TFMAP_DOT", "dot").is_none() {
        return;
    }
    let mut views = vec![
        ViewOptions::default(),
        ViewOptions {
            all: true,
            raw: true,
            ..ViewOptions::default()
        },
    ];
    // Collapsed at every level, whatever the size.
    views.extend(Level::ALL.map(|level| ViewOptions {
        all: true,
        raw: true,
        collapse: Collapse::Level(level),
        max_nodes: 0,
        ..ViewOptions::default()
    }));
    for dir in common::input_dirs() {
        let analysis = analyse(&dir);
        for options in &views {
            let view = build(&analysis, options).unwrap();
            let dot = tfmap_render::dot::to_string(&view);
            if let Err(message) = tfmap_render::dot::render(&dot, "svg") {
                panic!("{dir}: {message}\n(the tests need Graphviz: .ci/run installs it)\n{dot}");
            }
        }
    }
}

#[test]
fn hostile_names_stay_text() {
    let analysis = analyse("testdata/kubernetes/hostile-names");
    let view = build(
        &analysis,
        &ViewOptions {
            all: true,
            ..ViewOptions::default()
        },
    )
    .unwrap();
    check_mermaid_lines(&tfmap_render::mermaid::to_string(&view));
    let collapsed = build(
        &analysis,
        &ViewOptions {
            all: true,
            collapse: Collapse::Level(Level::Module),
            max_nodes: 0,
            ..ViewOptions::default()
        },
    )
    .unwrap();
    check_mermaid_lines(&tfmap_render::mermaid::to_string(&collapsed));
    if common::tool("TFMAP_DOT", "dot").is_none() {
        return;
    }
    let svg = String::from_utf8(
        tfmap_render::dot::render(&tfmap_render::dot::to_string(&view), "svg").unwrap(),
    )
    .unwrap();
    assert!(!svg.contains("<script"), "markup leaked into SVG");
    assert!(
        svg.contains("設定") && svg.contains("ファイル") && svg.contains("改行"),
        "CJK names must survive:\n{svg}"
    );
    assert!(
        svg.contains("web&quot;];evil[label=&quot;x"),
        "the name must survive as text:\n{svg}"
    );
}

/// Every line is a statement tfmap writes, and input never closes a quote early.
fn check_mermaid_lines(mermaid: &str) {
    assert!(
        !mermaid.contains("<script") && !mermaid.contains("%%"),
        "markup leaked into Mermaid:\n{mermaid}"
    );
    for line in mermaid.lines().map(str::trim) {
        let statement = line == "flowchart LR"
            || line == "end"
            || line.starts_with("subgraph g")
            || line.starts_with("classDef implicit ")
            || line.starts_with("classDef summary ")
            || line.starts_with("class n")
            || (line.starts_with('n')
                && (line.contains("[\"") || line.contains(" -->|\"") || line.contains(" -.->|\"")));
        assert!(statement, "unexpected Mermaid line: {line}");
        assert!(
            line.matches('"').count() <= 2,
            "a name closed a quote: {line}"
        );
    }
}

#[test]
fn mermaid_parses_with_the_real_parser() {
    let Some(mmdc) = common::tool("TFMAP_MMDC", "mmdc") else {
        return;
    };
    let scratch = std::env::temp_dir().join(format!("tfmap-mermaid-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let dirs = [
        "examples/ecs-api",
        "examples/ecs-batch",
        "examples/gke-api",
        "examples/eks-api",
        "examples/mixed-ecs-gke",
        "testdata/kubernetes/hostile-names",
    ];
    let whole = ViewOptions {
        all: true,
        ..ViewOptions::default()
    };
    let collapsed = |level| ViewOptions {
        collapse: Collapse::Level(level),
        max_nodes: 0,
        ..whole.clone()
    };
    let views = dirs
        .iter()
        .map(|dir| (*dir, whole.clone()))
        .chain(Level::ALL.map(|level| {
            (
                "testdata/terraform/modules-and-namespaces",
                collapsed(level),
            )
        }))
        .chain([(
            "testdata/kubernetes/hostile-names",
            collapsed(Level::Module),
        )]);
    for (dir, options) in views {
        let analysis = analyse(dir);
        let view = build(&analysis, &options).unwrap();
        let input = scratch.join("diagram.mmd");
        let output = scratch.join("diagram.svg");
        std::fs::write(&input, tfmap_render::mermaid::to_string(&view)).unwrap();
        let _ = std::fs::remove_file(&output);
        let mut command = std::process::Command::new(&mmdc);
        command
            .arg("-i")
            .arg(&input)
            .arg("-o")
            .arg(&output)
            .arg("--quiet");
        if let Some(config) = std::env::var_os("TFMAP_PUPPETEER_CONFIG") {
            command.arg("-p").arg(config);
        }
        let result = command.output().unwrap();
        assert!(
            result.status.success() && output.exists(),
            "{dir}: Mermaid rejected the diagram:\n{}\n{}",
            String::from_utf8_lossy(&result.stderr),
            std::fs::read_to_string(&input).unwrap_or_default()
        );
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

#[test]
fn focus_keeps_a_neighbourhood() {
    let analysis = analyse("examples/ecs-api");
    let options = ViewOptions {
        focus: vec!["aws_lb_target_group.api".into()],
        depth: 1,
        ..ViewOptions::default()
    };
    let view = build(&analysis, &options).unwrap();
    let ids: Vec<&str> = view.nodes.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "aws_ecs_service.api",
            "aws_lb_listener.https",
            "aws_lb_listener_rule.api_v2",
            "aws_lb_target_group.api"
        ]
    );
    assert!(
        build(
            &analysis,
            &ViewOptions {
                focus: vec!["nope".into()],
                ..ViewOptions::default()
            }
        )
        .is_err()
    );
}

macro_rules! diagram_snapshots {
    ($($test:ident => $dir:literal),+ $(,)?) => {
        $(
            #[test]
            fn $test() {
                let analysis = analyse($dir);
                let view = build(&analysis, &ViewOptions::default()).unwrap();
                insta::assert_snapshot!(concat!(stringify!($test), "_dot"), tfmap_render::dot::to_string(&view));
                insta::assert_snapshot!(concat!(stringify!($test), "_mermaid"), tfmap_render::mermaid::to_string(&view));
                insta::assert_snapshot!(concat!(stringify!($test), "_json"), tfmap_render::json::view_to_string(&view));
            }
        )+
    };
}

diagram_snapshots! {
    diagram_ecs_api => "examples/ecs-api",
    diagram_gke_api => "examples/gke-api",
    diagram_eks_api => "examples/eks-api",
}
