//! `tfmap report`: the HTML shell (snapshot, with a stand-in for `dot`), its bytes across
//! thread counts, the exit code without `dot`, and the report driven in headless Chromium
//! (`browser/report.cjs`, with puppeteer-core from `TFMAP_NODE_MODULES`).

use crate::common::{self, analyse, root};
use std::path::{Path, PathBuf};
use std::process::Command;

const SCRIPT: &str = include_str!("../../tfmap-render/assets/report.js");
const STYLE: &str = include_str!("../../tfmap-render/assets/report.css");

/// Every drawing as a stand-in SVG that names the DOT it was given by its size, so the
/// shell can be snapshotted without Graphviz.
fn stand_in(dot: &str) -> Result<Vec<u8>, String> {
    Ok(format!(
        "<?xml version=\"1.0\"?>\n<!-- dot -->\n<svg data-dot-bytes=\"{}\"></svg>\n",
        dot.len()
    )
    .into_bytes())
}

#[test]
fn shell_of_the_hostile_html_fixture() {
    let html =
        tfmap_render::report::to_html(&analyse("testdata/kubernetes/hostile-html"), &stand_in)
            .unwrap()
            .replace(SCRIPT, "/* report.js */")
            .replace(STYLE, "/* report.css */\n");
    // The policy names the script by its hash, which changes with every edit of the script.
    let hash = html.find("'sha256-").unwrap() + 8;
    let end = hash + html[hash..].find('\'').unwrap();
    let html = format!("{}HASH{}", &html[..hash], &html[end..]);
    // Only the viewer's own script: no element or handler from the data.
    assert_eq!(html.matches("<script").count(), 2, "{html}");
    assert!(!html.contains("tfmapInjected=1</script>"));
    insta::assert_snapshot!(readable(&html));
}

/// The page with its one-line data pretty-printed for review, escaped as the page escapes
/// it (the data is checked to have no `<` first).
fn readable(html: &str) -> String {
    let start = html.find("id=\"tfmap-data\">").unwrap() + "id=\"tfmap-data\">".len();
    let end = start + html[start..].find("</script>").unwrap();
    let data = &html[start..end];
    assert!(
        !data.contains(['<', '>', '&', '\u{2028}', '\u{2029}']),
        "{data}"
    );
    let value: serde_json::Value = serde_json::from_str(data).unwrap();
    let pretty = serde_json::to_string_pretty(&value)
        .unwrap()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
        .replace('\u{2028}', "\\u2028")
        .replace('\u{2029}', "\\u2029");
    format!("{}\n{pretty}\n{}", &html[..start], &html[end..])
}

fn tfmap() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tfmap"))
}

#[test]
fn same_bytes_for_any_thread_count() {
    if common::tool("TFMAP_DOT", "dot").is_none() {
        return;
    }
    let run = |threads: &str| {
        let output = tfmap()
            .args(["report", "examples/mixed-ecs-gke"])
            .current_dir(root())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        output.stdout
    };
    let one = run("1");
    assert!(one.starts_with(b"<!DOCTYPE html>"));
    assert!(one == run("4"), "the report depends on the thread count");
}

#[test]
fn without_dot_it_says_so_and_exits_2() {
    let empty = std::env::temp_dir().join(format!("tfmap-no-dot-{}", std::process::id()));
    std::fs::create_dir_all(&empty).unwrap();
    let output = tfmap()
        .args(["report", "examples/ecs-api"])
        .current_dir(root())
        .env("PATH", &empty)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&empty);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Graphviz's `dot`"), "{stderr}");
    assert!(output.stdout.is_empty());
}

/// The directories the browser test opens: every example, the hostile fixtures, and the
/// 2,000-resource benchmark corpus (written into `scratch`).
fn browser_dirs(scratch: &Path) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> = common::input_dirs()
        .into_iter()
        .filter(|d| d.starts_with("examples/"))
        .chain([
            "testdata/kubernetes/hostile-names".into(),
            "testdata/kubernetes/hostile-html".into(),
        ])
        .map(|d| root().join(d))
        .collect();
    let corpus = scratch.join("corpus-2000");
    tfmap_corpus::generate(&tfmap_corpus::Options {
        resources: 2_000,
        seed: 1,
    })
    .write(&corpus, false)
    .unwrap();
    dirs.push(corpus);
    dirs
}

/// A node to search for, by an id no other node's id contains: a service if there is one.
fn searched_node(dir: &Path) -> String {
    let analysis = common::analyse_dir(dir);
    let unique = |id: &str| analysis.nodes.iter().filter(|n| n.id.contains(id)).count() == 1;
    let mut candidates: Vec<_> = analysis.nodes.iter().filter(|n| unique(&n.id)).collect();
    candidates.sort_by_key(|n| n.role != tfmap_model::Role::Service);
    candidates.first().expect("a node to search for").id.clone()
}

/// Puppeteer's launch options: `TFMAP_PUPPETEER_CONFIG` (as the Mermaid tests use it), else
/// `chromium` from PATH.
fn browser_options() -> Option<serde_json::Value> {
    if let Some(config) = std::env::var_os("TFMAP_PUPPETEER_CONFIG") {
        return Some(serde_json::from_str(&std::fs::read_to_string(config).unwrap()).unwrap());
    }
    let chromium = common::tool("TFMAP_CHROMIUM", "chromium")?;
    Some(serde_json::json!({
        "executablePath": chromium,
        "args": ["--no-sandbox", "--headless", "--disable-gpu"],
    }))
}

/// puppeteer-core's `node_modules` directory, from `TFMAP_NODE_MODULES`.
fn node_modules() -> Option<PathBuf> {
    let found = std::env::var_os("TFMAP_NODE_MODULES")
        .map(PathBuf::from)
        .filter(|p| p.join("puppeteer-core").is_dir());
    if found.is_none() {
        let message = "puppeteer-core not found (set TFMAP_NODE_MODULES to a node_modules holding it; .ci/run installs it)";
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("skipped: {message}");
    }
    found
}

#[test]
fn opens_in_headless_chromium_without_network_or_errors() {
    let (Some(_), Some(node), Some(modules)) = (
        common::tool("TFMAP_DOT", "dot"),
        common::tool("TFMAP_NODE", "node"),
        node_modules(),
    ) else {
        return;
    };
    let Some(browser) = browser_options() else {
        return;
    };
    let scratch = std::env::temp_dir().join(format!("tfmap-report-{}", std::process::id()));
    std::fs::create_dir_all(&scratch).unwrap();
    let screenshots = std::env::var_os("TFMAP_REPORT_SCREENSHOTS").map(PathBuf::from);
    let cases: Vec<serde_json::Value> = browser_dirs(&scratch)
        .iter()
        .map(|dir| {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            let file = scratch.join(format!("{name}.html"));
            let output = tfmap()
                .arg("report")
                .arg(dir)
                .arg("-o")
                .arg(&file)
                .current_dir(root())
                .output()
                .unwrap();
            assert!(
                output.status.success(),
                "{}: {}",
                dir.display(),
                String::from_utf8_lossy(&output.stderr)
            );
            let id = searched_node(dir);
            serde_json::json!({
                "file": file,
                "search": id,
                "expect": id,
                "screenshot": screenshots.as_ref().map(|d| d.join(format!("report-{name}.png"))),
            })
        })
        .collect();
    let input = scratch.join("cases.json");
    std::fs::write(
        &input,
        serde_json::json!({ "browser": browser, "cases": cases }).to_string(),
    )
    .unwrap();
    let output = Command::new(node)
        .arg(root().join("crates/tfmap/tests/browser/report.cjs"))
        .arg(&input)
        .env("NODE_PATH", &modules)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&scratch);
    assert!(
        output.status.success(),
        "the report failed in Chromium:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
