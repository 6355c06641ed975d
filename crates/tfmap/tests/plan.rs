//! `--plan`, `--state` and `diff --plan` through the binary, on the hand-written fixtures in
//! `testdata/plan/`: snapshots of every output a user reads, and what must hold whatever the
//! format (secrets never shown, links to clusters kept, bad input reported with a position).

use crate::common::root;
use std::process::{Command, Output};

const CONFIG: &str = "testdata/plan/ecs";
const PLAN: &str = "testdata/plan/ecs-plan.json";
const STATE: &str = "testdata/plan/ecs.tfstate";
/// The database password in the plan and state fixtures.
const SECRET: &str = "correct-horse-battery-staple";

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tfmap"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

fn stdout(args: &[&str]) -> String {
    let output = run(args);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn json(args: &[&str]) -> serde_json::Value {
    serde_json::from_str(&stdout(args)).unwrap()
}

fn node<'a>(analysis: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    analysis["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|n| n["id"] == id)
        .unwrap_or_else(|| panic!("no node {id}"))
}

fn has_edge(analysis: &serde_json::Value, from: &str, to: &str, kind: &str) -> bool {
    analysis["edges"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["from"] == from && e["to"] == to && e["kind"] == kind)
}

#[test]
fn analyze_with_a_plan_json() {
    insta::assert_snapshot!(
        "analyze_plan_json",
        stdout(&["analyze", CONFIG, "--plan", PLAN, "--format", "json"])
    );
}

#[test]
fn analyze_with_a_plan_text() {
    insta::assert_snapshot!(
        "analyze_plan_text",
        stdout(&["analyze", CONFIG, "--plan", PLAN])
    );
}

#[test]
fn analyze_with_a_state_text() {
    insta::assert_snapshot!(
        "analyze_state_text",
        stdout(&["analyze", CONFIG, "--state", STATE])
    );
}

#[test]
fn diff_of_a_plan_markdown() {
    insta::assert_snapshot!(
        "diff_plan_markdown",
        stdout(&["diff", "--plan", PLAN, CONFIG, "--format", "markdown"])
    );
}

#[test]
fn the_plan_expands_what_the_code_left_unknown() {
    let without = json(&["analyze", CONFIG, "--format", "json"]);
    let with = json(&["analyze", CONFIG, "--plan", PLAN, "--format", "json"]);
    assert_eq!(
        node(&without, "aws_ecs_service.svc")["attributes"]["name"],
        "${each.key}"
    );
    assert!(
        with["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["id"] != "aws_ecs_service.svc"),
        "the resource that stood for every instance is gone"
    );
    let web = node(&with, r#"aws_ecs_service.svc["web"]"#);
    assert_eq!(web["attributes"]["desired_count"], 3);
    assert_eq!(web["planned_actions"], serde_json::json!(["update"]));
    assert_eq!(
        node(&with, r#"aws_ecs_task_definition.svc["web"]"#)["planned_actions"],
        serde_json::json!(["delete", "create"])
    );
    // Known values tie each service to its own task definition and target group.
    for key in ["api", "web"] {
        let service = format!(r#"aws_ecs_service.svc["{key}"]"#);
        for (other, kind) in [
            (format!(r#"aws_ecs_task_definition.svc["{key}"]"#), "uses"),
            (format!(r#"aws_lb_target_group.svc["{key}"]"#), "registers"),
        ] {
            assert!(has_edge(&with, &service, &other, kind), "{service} {other}");
        }
        assert!(!has_edge(
            &with,
            &service,
            r#"aws_ecs_task_definition.svc["old"]"#,
            "uses"
        ));
    }
    // Resources inside the registry module that was not downloaded.
    let vpc = node(&with, "module.network.aws_vpc.this[0]");
    assert_eq!(vpc["line"], 22, "placed at the module call");
    assert_eq!(with["stats"]["plan"]["added"], 4);
    // Their references come from the plan's configuration of the module.
    assert!(has_edge(
        &with,
        "module.network.aws_subnet.public[0]",
        "module.network.aws_vpc.this[0]",
        "reference"
    ));
    assert_eq!(with["stats"]["files_read"]["plan"], 1);
}

#[test]
fn resolved_values_keep_the_user_data_link_to_the_cluster() {
    for args in [
        vec!["analyze", CONFIG, "--format", "json"],
        vec!["analyze", CONFIG, "--plan", PLAN, "--format", "json"],
        vec!["analyze", CONFIG, "--state", STATE, "--format", "json"],
    ] {
        let analysis = json(&args);
        assert!(
            has_edge(
                &analysis,
                "aws_launch_template.ecs",
                "aws_ecs_cluster.main",
                "registers"
            ),
            "{args:?}"
        );
    }
}

#[test]
fn secrets_in_the_plan_or_state_are_never_shown() {
    let runs: [&[&str]; 7] = [
        &["analyze", CONFIG, "--plan", PLAN],
        &["analyze", CONFIG, "--plan", PLAN, "--format", "json"],
        &["analyze", CONFIG, "--state", STATE, "--format", "json"],
        &["graph", CONFIG, "--plan", PLAN, "--all", "--format", "json"],
        &["compare", CONFIG, "--state", STATE, "--format", "json"],
        &["diff", "--plan", PLAN, CONFIG, "--format", "json"],
        &[
            "check",
            CONFIG,
            "--plan",
            PLAN,
            "--format",
            "sarif",
            "--fail-on",
            "never",
        ],
    ];
    for args in runs {
        let output = stdout(args);
        assert!(!output.contains(SECRET), "{args:?}");
    }
    let with = json(&["analyze", CONFIG, "--plan", PLAN, "--format", "json"]);
    assert!(!with.to_string().contains(SECRET));
}

#[test]
fn a_state_gives_values_but_no_actions() {
    let analysis = json(&["analyze", CONFIG, "--state", STATE, "--format", "json"]);
    let old = node(&analysis, r#"aws_ecs_service.svc["old"]"#);
    assert_eq!(old["attributes"]["desired_count"], 1);
    assert!(old.get("planned_actions").is_none());
    assert_eq!(analysis["stats"]["plan"]["kind"], "state");
    assert!(
        analysis["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .all(|n| n["id"] != r#"aws_ecs_service.svc["worker"]"#),
        "not created yet"
    );
}

#[test]
fn bad_plans_are_diagnostics_and_the_analysis_goes_on() {
    for (file, expected) in [
        (
            "testdata/plan/malformed-plan.json",
            "testdata/plan/malformed-plan.json:7:3: error: cannot read a JSON plan: expected `,` or `}`",
        ),
        (
            "testdata/plan/future-format-plan.json",
            "testdata/plan/future-format-plan.json:2:3: error: unsupported format_version \"2.0\"",
        ),
        (
            STATE,
            "testdata/plan/ecs.tfstate:1:1: error: this is a state file, not a plan: give it with --state",
        ),
    ] {
        let text = stdout(&["analyze", CONFIG, "--plan", file]);
        assert!(text.contains(expected), "{file}: {text}");
        assert!(text.contains("aws_ecs_service.svc"), "analysed without it");
        assert_eq!(
            run(&["analyze", CONFIG, "--plan", file, "--strict"])
                .status
                .code(),
            Some(2)
        );
    }
    let state_as_plan = stdout(&["analyze", CONFIG, "--state", PLAN]);
    assert!(state_as_plan.contains("this is a plan, not a state: give it with --plan"));
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        vec!["analyze", CONFIG, "--plan", PLAN, "--state", STATE],
        vec!["analyze", CONFIG, "--plan", "testdata/plan/missing.json"],
        vec![
            "diff",
            "--plan",
            "testdata/plan/malformed-plan.json",
            CONFIG,
        ],
        vec!["diff", "--plan", PLAN, CONFIG, CONFIG],
        vec!["diff", "--plan", PLAN, "--git", "HEAD", CONFIG],
        vec!["diff", "--plan", PLAN, "--plan-root", "elsewhere", CONFIG],
        vec!["analyze", CONFIG, "--plan-root", "."],
    ] {
        assert_eq!(run(&args).status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn a_plan_for_a_root_below_the_analysed_directory() {
    // `testdata/plan` holds one root module, `ecs`: the plan is applied to it.
    let analysis = json(&[
        "analyze",
        "testdata/plan",
        "--plan",
        PLAN,
        "--format",
        "json",
    ]);
    assert_eq!(analysis["stats"]["plan"]["root"], "ecs");
    node(&analysis, r#"ecs:aws_ecs_service.svc["web"]"#);
    let explicit = json(&[
        "analyze",
        "testdata/plan",
        "--plan",
        PLAN,
        "--plan-root",
        "./ecs",
        "--format",
        "json",
    ]);
    assert_eq!(analysis, explicit);
    let wrong = stdout(&[
        "analyze",
        "testdata/plan",
        "--plan",
        PLAN,
        "--plan-root",
        "nope",
    ]);
    assert!(
        wrong.contains("--plan-root nope is not a root module"),
        "{wrong}"
    );
}

#[test]
fn diff_gates_on_what_the_plan_adds() {
    let json_diff = json(&["diff", "--plan", PLAN, CONFIG, "--format", "json"]);
    let ids = |side: &str| -> Vec<String> {
        json_diff["resources"][side]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_string())
            .collect()
    };
    let added = ids("added");
    assert!(
        added
            .iter()
            .any(|id| id == r#"aws_ecs_service.svc["worker"]"#),
        "{added:?}"
    );
    let removed = ids("removed");
    assert!(
        removed
            .iter()
            .any(|id| id == r#"aws_ecs_service.svc["old"]"#),
        "{removed:?}"
    );
    assert_eq!(
        run(&["diff", "--plan", PLAN, CONFIG, "--fail-on", "never"])
            .status
            .code(),
        Some(0)
    );
}

#[test]
fn the_output_does_not_depend_on_threads() {
    let one = stdout(&[
        "analyze",
        CONFIG,
        "--plan",
        PLAN,
        "--format",
        "json",
        "--threads",
        "1",
    ]);
    let four = stdout(&[
        "analyze",
        CONFIG,
        "--plan",
        PLAN,
        "--format",
        "json",
        "--threads",
        "4",
    ]);
    assert_eq!(one, four);
}

#[test]
fn hostile_instance_keys_stay_text() {
    // A `for_each` key with HTML, a newline, Markdown and a right-to-left override.
    let plan = "testdata/plan/hostile-keys-plan.json";
    let text = stdout(&["analyze", CONFIG, "--plan", plan]);
    let markdown = stdout(&["diff", "--plan", plan, CONFIG, "--format", "markdown"]);
    for output in [&text, &markdown] {
        assert!(!output.contains('\u{202e}'), "{output}");
    }
    assert!(text.contains(r#"aws_ecs_service.svc["<img src=x onerror=alert(1)>\n|"#));
    assert!(text.contains("\\u{202e}"), "{text}");
    let details = markdown.split("```mermaid").next().unwrap();
    assert!(
        !details.contains("<img") && !details.contains("[x]("),
        "{details}"
    );
    assert!(details.contains("&lt;img"), "{details}");
    let analysis = json(&["analyze", CONFIG, "--plan", plan, "--format", "json"]);
    let id = "aws_ecs_service.svc[\"<img src=x onerror=alert(1)>\\n| [x](javascript:alert(1)) `$${HOME}` \u{202e}\"]";
    assert_eq!(
        node(&analysis, id)["planned_actions"],
        serde_json::json!(["create"])
    );
}

/// Issue #14: services, task definitions and a module call repeated over a variable with
/// no default are one node each until the plan shows "web" and "worker"; then each
/// instance is linked to the instances with its own key (`[each.key]`, also through the
/// module's input), never to the other key's.
#[test]
fn expanded_instances_reach_the_instances_with_their_own_key() {
    let args = [
        "analyze",
        "testdata/plan-keys/ecs",
        "--plan",
        "testdata/plan-keys/plan.json",
        "--format",
        "json",
    ];
    let analysis = json(&args);
    let edges: Vec<String> = analysis["edges"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] != "reference")
        .map(|e| {
            format!(
                "{} -[{}]-> {}",
                e["from"].as_str().unwrap(),
                e["kind"].as_str().unwrap(),
                e["to"].as_str().unwrap()
            )
        })
        .collect();
    insta::assert_snapshot!("plan_keys_edges", edges.join("\n"));
    for key in ["web", "worker"] {
        let other = if key == "web" { "worker" } else { "web" };
        let service = format!("aws_ecs_service.svc[\"{key}\"]");
        let scaling = format!("module.scaling[\"{key}\"].aws_appautoscaling_target.this");
        assert!(has_edge(
            &analysis,
            &service,
            &format!("aws_ecs_task_definition.svc[\"{key}\"]"),
            "uses"
        ));
        assert!(!has_edge(
            &analysis,
            &service,
            &format!("aws_ecs_task_definition.svc[\"{other}\"]"),
            "uses"
        ));
        assert!(has_edge(&analysis, &scaling, &service, "scales"));
        assert!(!has_edge(
            &analysis,
            &scaling,
            &format!("aws_ecs_service.svc[\"{other}\"]"),
            "scales"
        ));
    }
}
