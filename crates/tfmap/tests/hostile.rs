//! Hostile input: every case under `testdata/hostile/`, plus the cases that cannot live in a
//! repository (huge or deeply nested files, thousands of files, FIFOs, symlink loops), built
//! in a temporary directory. Each directory also holds `good.tf`: it must still be analysed.
//! The snapshot of each case is what a user sees: the resources found, the diagnostics with
//! their locations, and what was skipped.

use crate::common;

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

const GOOD: &str = "resource \"aws_ecs_cluster\" \"good\" {\n  name = \"still-analysed\"\n}\n";

struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("tfmap-hostile-{}-{name}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("good.tf"), GOOD).unwrap();
        TempDir(dir)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

/// The analysis as a reader sees it, compactly: resources, diagnostics, skipped.
fn report(dir: &Path) -> String {
    let analysis = common::analyse_dir(dir);
    assert!(
        analysis
            .nodes
            .iter()
            .any(|n| n.id == "aws_ecs_cluster.good"),
        "the good file beside the hostile one was not analysed"
    );
    // Every renderer must cope too.
    let _ = tfmap_render::json::to_string(&analysis);
    let _ = tfmap_render::text::render(&analysis, "x");
    let mut out = String::new();
    let ids: Vec<&str> = analysis.nodes.iter().map(|n| n.id.as_str()).collect();
    // Thousands of instances are counted, not listed: the snapshot stays readable.
    if ids.len() > 100 {
        let _ = writeln!(
            out,
            "nodes: {} ({} in all)",
            ids[..20].join(", "),
            ids.len()
        );
    } else {
        let _ = writeln!(out, "nodes: {}", ids.join(", "));
    }
    for diagnostic in &analysis.diagnostics {
        let mut line = diagnostic.to_string();
        if line.len() > 300 {
            line = format!(
                "{}… ({} bytes)",
                &line[..line.floor_char_boundary(300)],
                line.len()
            );
        }
        let _ = writeln!(out, "{line}");
    }
    let _ = writeln!(out, "skipped: {:?}", analysis.stats.skipped);
    out
}

#[test]
fn committed_cases() {
    let base = common::root().join("testdata/hostile");
    let mut names: Vec<String> = fs::read_dir(&base)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 10, "{names:?}");
    for name in names {
        insta::assert_snapshot!(format!("hostile_{name}"), report(&base.join(&name)));
    }
}

fn generated(name: &str, build: impl FnOnce(&Path)) {
    let dir = TempDir::new(name);
    build(&dir.0);
    insta::assert_snapshot!(format!("hostile_{name}"), report(&dir.0));
}

#[test]
fn deep_hcl_nesting() {
    generated("deep-hcl-expression", |dir| {
        let depth = 100_000;
        let text = format!(
            "locals {{\n  x = {}1{}\n}}\n",
            "[".repeat(depth),
            "]".repeat(depth)
        );
        fs::write(dir.join("deep.tf"), text).unwrap();
    });
    generated("deep-hcl-blocks", |dir| {
        let depth = 100_000;
        let text = format!(
            "resource \"aws_lb\" \"x\" {{\n{}{}}}\n",
            "a {\n".repeat(depth),
            "}\n".repeat(depth)
        );
        fs::write(dir.join("deep.tf"), text).unwrap();
    });
    generated("chained-operators", |dir| {
        let text = format!("locals {{\n  x = {}1\n}}\n", "1 + ".repeat(10_000));
        fs::write(dir.join("chain.tf"), text).unwrap();
    });
}

#[test]
fn deep_yaml_nesting() {
    generated("deep-yaml", |dir| {
        let text = format!(
            "apiVersion: v1\nkind: ConfigMap\ndata:\n  x: {}\n",
            "[".repeat(100_000)
        );
        fs::write(dir.join("deep.yaml"), text).unwrap();
        // It names `apiVersion`, or it would be passed over unparsed as no Kubernetes object.
        let dashes = format!("{}apiVersion: v1\n", "- ".repeat(100_000));
        fs::write(dir.join("dashes.yaml"), dashes).unwrap();
    });
}

#[test]
fn an_error_on_a_very_long_line() {
    generated("long-line", |dir| {
        let text = format!("locals {{\n  x = \"{}\" +\n}}\n", "a".repeat(100_000));
        fs::write(dir.join("long.tf"), text).unwrap();
    });
}

#[test]
fn broken_blocks_among_many() {
    // A refused file is read block by block: three broken blocks (Terraform 0.11's dotted
    // argument name, a string never closed, braces never closed) cost only themselves.
    generated("broken-blocks", |dir| {
        let mut text = String::new();
        for i in 0..20_000 {
            match i {
                5_000 => text.push_str("resource \"aws_s3_bucket_object\" \"o\" {\n  meta {\n    index.php = 1\n  }\n}\n"),
                10_000 => text.push_str("resource \"aws_sqs_queue\" \"s\" {\n  name = \"never closed\n}\n"),
                15_000 => text.push_str("resource \"aws_sqs_queue\" \"b\" {\n  name = \"b\"\n"),
                _ => {}
            }
            text.push_str(&format!("resource \"aws_sqs_queue\" \"q{i:05}\" {{}}\n"));
        }
        fs::write(dir.join("many.tf"), text).unwrap();
    });
}

#[test]
fn a_huge_file_is_skipped() {
    generated("huge-file", |dir| {
        let block = "resource \"aws_sqs_queue\" \"q\" {}\n";
        let text = block.repeat(17 * 1024 * 1024 / block.len() + 1);
        fs::write(dir.join("huge.tf"), text).unwrap();
    });
}

#[test]
fn thousands_of_empty_files() {
    generated("empty-files", |dir| {
        for i in 0..5_000 {
            fs::write(dir.join(format!("empty-{i:04}.tf")), "").unwrap();
        }
        fs::write(dir.join("empty.yaml"), "").unwrap();
    });
}

#[test]
fn things_that_are_not_regular_files() {
    generated("not-files", |dir| {
        fs::create_dir_all(dir.join("dir.tf")).unwrap();
        fs::create_dir_all(dir.join("dir.yaml")).unwrap();
        // A FIFO would block a naive reader forever.
        let made = std::process::Command::new("mkfifo")
            .arg(dir.join("pipe.tf"))
            .status()
            .map(|s| s.success())
            .unwrap_or(false);
        assert!(made, "mkfifo is needed for this test");
    });
}

#[test]
fn symlinks_that_loop_or_leave() {
    generated("symlinks", |dir| {
        std::os::unix::fs::symlink(dir, dir.join("loop")).unwrap();
        std::os::unix::fs::symlink("/etc", dir.join("outside")).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", dir.join("outside.tf")).unwrap();
        std::os::unix::fs::symlink(dir.join("missing.tf"), dir.join("dangling.tf")).unwrap();
    });
}

#[test]
fn module_calls_that_multiply() {
    // Three levels of 300 plain calls: 27 million instances asked for.
    generated("module-fanout", |dir| {
        let calls = |source: &str| {
            (0..300)
                .map(|i| format!("module \"m{i}\" {{\n  source = \"{source}\"\n}}\n"))
                .collect::<String>()
        };
        for (level, text) in [
            ("modules/a", calls("../b")),
            ("modules/b", calls("../c")),
            (
                "modules/c",
                "resource \"aws_sqs_queue\" \"q\" {\n  name = \"q\"\n}\n".to_string(),
            ),
        ] {
            fs::create_dir_all(dir.join(level)).unwrap();
            fs::write(dir.join(level).join("main.tf"), text).unwrap();
        }
        fs::write(dir.join("main.tf"), calls("./modules/a")).unwrap();
    });
}

#[test]
fn a_large_file_read_by_many_instances() {
    generated("file-copies", |dir| {
        fs::write(dir.join("big.txt"), "x".repeat(15 * 1024 * 1024)).unwrap();
        let small = "resource \"aws_ecs_cluster\" \"small\" {\n  count = 1000\n  name  = file(\"${path.module}/small.txt\")\n}\n";
        fs::write(dir.join("small.txt"), "y".repeat(100 * 1024)).unwrap();
        let text = format!(
            "resource \"aws_ecs_cluster\" \"f\" {{\n  count = 1000\n  name  = file(\"${{path.module}}/big.txt\")\n}}\n{small}"
        );
        fs::write(dir.join("main.tf"), text).unwrap();
    });
}

#[test]
fn a_large_map_used_by_many_for_each_resources() {
    generated("for-each-map", |dir| {
        let entries: String = (0..999)
            .map(|i| format!("    k{i:03} = {{ name = \"n{i}\", cpu = {i} }}\n"))
            .collect();
        let resources: String = (0..10)
            .map(|j| {
                format!("resource \"aws_ecs_service\" \"s{j}\" {{\n  for_each = local.services\n  name     = each.value.name\n  all      = local.services\n}}\n")
            })
            .collect();
        let text = format!("locals {{\n  services = {{\n{entries}  }}\n}}\n{resources}");
        fs::write(dir.join("main.tf"), text).unwrap();
    });
}
