//! Random Terraform expressions (nested operators, supported functions with random
//! arguments, `for` expressions, templates, conditionals, indexes, huge and negative
//! numbers, deep nesting) evaluated through the loader: evaluation never panics and always
//! ends, whatever the expression asks for; what it cannot afford stays unknown.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;
use tfmap_loader::{LoadOptions, MemoryFiles, load_files};

/// Functions from the supported list, with any number of arguments.
const FUNCTIONS: [&str; 32] = [
    "format",
    "formatlist",
    "join",
    "concat",
    "merge",
    "replace",
    "indent",
    "jsonencode",
    "jsondecode",
    "yamlencode",
    "strrev",
    "flatten",
    "range",
    "setproduct",
    "chunklist",
    "substr",
    "element",
    "lookup",
    "zipmap",
    "split",
    "upper",
    "base64encode",
    "cidrsubnet",
    "regex",
    "length",
    "keys",
    "try",
    "can",
    "tostring",
    "tonumber",
    "slice",
    "transpose",
];

fn leaf() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<i64>().prop_map(|n| n.to_string()),
        Just("9223372036854775807".to_string()),
        Just("-9223372036854775808".to_string()),
        Just("1e308".to_string()),
        Just("0".to_string()),
        Just("999999999".to_string()),
        Just("true".to_string()),
        Just("null".to_string()),
        "[a-z%0-9 *.\\-]{0,12}".prop_map(|s| format!("\"{s}\"")),
        Just("\"%0999999999d\"".to_string()),
        Just("\"%-*s %[2]d %.4097f\"".to_string()),
        Just("local.text".to_string()),
        Just("local.list".to_string()),
        Just("local.map".to_string()),
        Just("var.unknown".to_string()),
        Just("aws_sqs_queue.q.arn".to_string()),
        Just("x".to_string()),
    ]
}

fn expression() -> impl Strategy<Value = String> {
    leaf().prop_recursive(6, 48, 4, |inner| {
        prop_oneof![
            (inner.clone(), "[-+*/%<>]|==|!=|&&|\\|\\|", inner.clone())
                .prop_map(|(a, op, b)| format!("({a} {op} {b})")),
            inner.clone().prop_map(|a| format!("!{a}")),
            inner.clone().prop_map(|a| format!("-{a}")),
            (
                0..FUNCTIONS.len(),
                prop::collection::vec(inner.clone(), 0..4)
            )
                .prop_map(|(f, args)| format!("{}({})", FUNCTIONS[f], args.join(", "))),
            (inner.clone(), inner.clone()).prop_map(|(c, v)| format!("[for x in {c} : {v}]")),
            (inner.clone(), inner.clone())
                .prop_map(|(c, v)| format!("{{for k, x in {c} : tostring(k) => {v}...}}")),
            (inner.clone(), inner.clone())
                .prop_map(|(c, v)| format!("\"%{{for x in {c}}}${{{v}}}%{{endfor}}\"")),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| format!("\"${{{a}}}-${{{b}}}\"")),
            (inner.clone(), inner.clone(), inner.clone())
                .prop_map(|(c, a, b)| format!("({c} ? {a} : {b})")),
            (inner.clone(), inner.clone()).prop_map(|(a, i)| format!("{a}[{i}]")),
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            (inner.clone(), inner).prop_map(|(a, b)| format!("{{ a = {a}, b = {b} }}")),
        ]
    })
}

proptest! {
    // No regression file is written: a failure prints its minimal input, which becomes a
    // unit test.
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_expression_is_evaluated_without_panicking(expr in expression()) {
        let main = format!(
            "variable \"unknown\" {{}}\n\
             locals {{\n  text = \"ab\\ncd\"\n  list = [1, \"b\", [2]]\n  map = {{ a = 1, b = \"x\" }}\n  bomb = {expr}\n}}\n\
             resource \"aws_sqs_queue\" \"q\" {{}}\n\
             resource \"aws_ecs_cluster\" \"c\" {{\n  name  = local.bomb\n  count = length(local.list)\n}}\n"
        );
        let memory: MemoryFiles = [("main.tf", main.as_str())].into_iter().collect();
        let paths: Vec<String> = memory.paths().map(str::to_string).collect();
        let inventory = load_files(&paths, &memory, &LoadOptions::default()).expect("loads");
        prop_assert!(inventory.resources.iter().any(|r| r.id == "aws_sqs_queue.q"));
    }
}
