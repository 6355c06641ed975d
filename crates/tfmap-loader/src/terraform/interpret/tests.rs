//! The interpreter against Terraform's semantics, one behaviour per test.

use super::*;
use std::collections::BTreeMap;
use tfmap_core::json;

/// A host with fixed variables and locals; anything else is an unknown naming itself.
#[derive(Default)]
struct Fixed {
    vars: BTreeMap<String, Value>,
    files: BTreeMap<String, String>,
}

impl Host for Fixed {
    fn lookup(&mut self, root: &str, attrs: &[&str]) -> Result<(Value, usize), String> {
        Ok(match (root, attrs) {
            ("var" | "local", [name, ..]) => match self.vars.get(*name) {
                Some(value) => (value.clone(), 1),
                None => (Value::unknown(format!("{root}.{name}")), 1),
            },
            (_, [name, ..]) => (Value::unknown(format!("{root}.{name}")), 1),
            (_, []) => (Value::unknown(root), 0),
        })
    }
    fn file_text(&mut self, _function: &str, path: &str) -> Option<Arc<str>> {
        self.files.get(path).map(|text| Arc::from(text.as_str()))
    }
    fn file_exists(&mut self, path: &str) -> Option<bool> {
        Some(self.files.contains_key(path))
    }
    fn list_files(&mut self, _dir: &str) -> Option<Arc<[String]>> {
        Some(self.files.keys().cloned().collect())
    }
}

fn host(vars: &[(&str, Value)]) -> Fixed {
    Fixed {
        vars: vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect(),
        files: BTreeMap::new(),
    }
}

fn eval_in(host: &mut Fixed, source: &str) -> Evaluated {
    let body: hcl::Body = hcl::from_str(&format!("x = {source}\n")).expect("parses");
    let attribute = body.attributes().next().expect("one attribute");
    Interpreter::new(host).evaluate(&attribute.expr)
}

fn eval(source: &str) -> Value {
    eval_in(&mut host(&[]), source).expect("evaluates")
}

fn eval_with(vars: &[(&str, Value)], source: &str) -> Evaluated {
    eval_in(&mut host(vars), source)
}

fn markers(value: &Value) -> String {
    value.to_json().to_string()
}

#[test]
fn literals_collections_and_arithmetic() {
    assert_eq!(eval("[1, \"a\", true, null]"), json!([1, "a", true, null]));
    assert_eq!(eval("{ a = 1, \"b\" = 2 }"), json!({"a": 1, "b": 2}));
    assert_eq!(eval("1 + 2 * 3"), json!(7));
    assert_eq!(eval("5 / 2"), json!(2.5));
    assert_eq!(eval("4 / 2"), json!(2));
    assert_eq!(eval("\"2\" * 3"), json!(6));
    assert_eq!(eval("-(3)"), json!(-3));
    assert_eq!(eval("1 == 1.0"), json!(true));
    assert_eq!(eval("1 == \"1\""), json!(false));
    assert_eq!(eval("[1, 2] == [1, 2]"), json!(true));
    assert_eq!(eval("2 < 10"), json!(true));
}

#[test]
fn arithmetic_that_does_not_fit_is_unknown_and_a_zero_divisor_fails() {
    assert!(eval("9223372036854775807 * 9223372036854775807").is_unknown());
    assert!(eval("2 * 1e308").is_unknown());
    assert!(eval("-9223372036854775807 - 1 - 1").is_unknown());
    assert!(matches!(eval_with(&[], "1 % 0"), Err(Failure::Invalid(_))));
    assert!(matches!(eval_with(&[], "1 / 0"), Err(Failure::Invalid(_))));
}

#[test]
fn an_unknown_condition_makes_a_conditional_unknown_and_a_known_one_takes_one_branch() {
    assert_eq!(markers(&eval("var.on ? 1 : 2")), "\"${var.on ? 1 : 2}\"");
    // The branch not taken is never evaluated: its failure does not count.
    let vars = [("on", json!(false)), ("list", json!([]))];
    assert_eq!(
        eval_with(&vars, "var.on ? var.list[0] : \"fallback\""),
        Ok(json!("fallback"))
    );
}

#[test]
fn logical_operators_are_decided_by_either_known_side() {
    assert_eq!(eval("var.x && false"), json!(false));
    assert_eq!(eval("true || var.x"), json!(true));
    assert!(eval("var.x && true").is_unknown());
    let vars = [("x", Value::Null)];
    assert_eq!(
        eval_with(&vars, "var.x != null && var.x.on"),
        Ok(json!(false))
    );
}

#[test]
fn unknowns_reached_by_attributes_and_indexes_keep_their_path() {
    assert_eq!(
        markers(&eval("aws_lb_target_group.tg[\"web\"].arn")),
        "\"${aws_lb_target_group.tg[\\\"web\\\"].arn}\""
    );
    assert_eq!(
        markers(&eval("aws_subnet.a[0].id")),
        "\"${aws_subnet.a[0].id}\""
    );
    assert_eq!(
        markers(&eval("aws_subnet.a[*].id")),
        "\"${aws_subnet.a[*].id}\""
    );
}

#[test]
fn a_template_keeps_the_known_text_around_an_unknown() {
    let value = eval("\"${aws_ecr_repository.api.repository_url}:1.0\"");
    assert_eq!(
        markers(&value),
        "\"${aws_ecr_repository.api.repository_url}:1.0\""
    );
    assert_eq!(value.as_unknown().map(|u| u.origins().count()), Some(1));
    // One interpolation alone gives the value itself, unconverted.
    let vars = [("ports", json!([80, 443]))];
    assert_eq!(eval_with(&vars, "\"${var.ports}\""), Ok(json!([80, 443])));
}

#[test]
fn template_directives_and_strip_markers() {
    let vars = [("names", json!(["a", "b"]))];
    assert_eq!(
        eval_with(&vars, "\"%{ for n in var.names }${n},%{ endfor }\""),
        Ok(json!("a,b,"))
    );
    assert_eq!(
        eval_with(
            &vars,
            "\"%{ if length(var.names) > 1 }many%{ else }one%{ endif }\""
        ),
        Ok(json!("many"))
    );
    assert!(eval("\"%{ if var.on }yes%{ endif }\"").is_unknown());
    // `~` strips the spaces and the line break beside a directive.
    assert_eq!(
        eval("<<-EOT\n  a\n  %{~ if true ~}\n  b\n  %{~ endif ~}\n  c\nEOT"),
        json!("abc\n")
    );
}

#[test]
fn maps_iterate_in_lexical_order() {
    assert_eq!(
        eval("[for k, v in { b = 2, a = 1 } : k]"),
        json!(["a", "b"])
    );
    assert_eq!(
        eval("{ for k, v in { b = 2, a = 1 } : v => k }"),
        json!({"1": "a", "2": "b"})
    );
}

#[test]
fn for_over_known_elements_holding_unknowns_keeps_them() {
    let vars = [(
        "services",
        Value::Object(
            [
                ("web".to_string(), Value::unknown("aws_lb.web.arn")),
                ("api".to_string(), json!("arn:api")),
            ]
            .into_iter()
            .collect(),
        ),
    )];
    let value = eval_with(&vars, "{ for k, v in var.services : k => v }").expect("evaluates");
    assert_eq!(
        markers(&value),
        r#"{"api":"arn:api","web":"${aws_lb.web.arn}"}"#
    );
    // A condition decided by an unknown element makes the whole result unknown.
    let value =
        eval_with(&vars, "{ for k, v in var.services : k => v if v != \"x\" }").expect("evaluates");
    assert!(value.is_unknown());
}

#[test]
fn for_over_an_unknown_collection_is_unknown_unless_filtered_out() {
    assert!(eval("[for x in var.list : x]").is_unknown());
    let vars = [("create", json!(false))];
    assert_eq!(
        eval_with(&vars, "{ for k, v in var.tags : k => v if var.create }"),
        Ok(json!({}))
    );
}

#[test]
fn for_grouping_and_duplicate_keys() {
    assert_eq!(
        eval("{ for s in [\"a1\", \"a2\", \"b1\"] : substr(s, 0, 1) => s... }"),
        json!({"a": ["a1", "a2"], "b": ["b1"]})
    );
    assert!(matches!(
        eval_with(&[], "{ for s in [\"a\", \"a\"] : s => s }"),
        Err(Failure::Invalid(_))
    ));
}

#[test]
fn splats_over_lists_single_values_and_null() {
    let vars = [
        ("items", json!([{"id": 1}, {"id": 2}])),
        ("one", json!({"id": 3})),
    ];
    assert_eq!(eval_with(&vars, "var.items[*].id"), Ok(json!([1, 2])));
    assert_eq!(eval_with(&vars, "var.items.*.id"), Ok(json!([1, 2])));
    assert_eq!(eval_with(&vars, "var.one[*].id"), Ok(json!([3])));
    let vars = [("none", Value::Null)];
    assert_eq!(eval_with(&vars, "var.none[*].id"), Ok(json!([])));
}

#[test]
fn try_and_can_catch_failures_but_not_unknowns() {
    let vars = [("m", json!({"a": 1}))];
    assert_eq!(eval_with(&vars, "try(var.m.b, \"d\")"), Ok(json!("d")));
    assert_eq!(eval_with(&vars, "try(var.m.a, \"d\")"), Ok(json!(1)));
    assert_eq!(eval_with(&vars, "can(var.m.b)"), Ok(json!(false)));
    assert_eq!(eval_with(&vars, "can(var.m.a)"), Ok(json!(true)));
    // An unknown is not a failure: the fallback is not taken.
    assert!(eval("try(aws_lb.x.arn, \"d\")").is_unknown());
    assert!(eval("can(aws_lb.x.arn)").is_unknown());
}

#[test]
fn missing_keys_and_indexes_fail_as_in_terraform() {
    let vars = [("m", json!({"a": 1})), ("l", json!([1]))];
    assert!(matches!(
        eval_with(&vars, "var.m.b"),
        Err(Failure::Invalid(_))
    ));
    assert!(matches!(
        eval_with(&vars, "var.l[3]"),
        Err(Failure::Invalid(_))
    ));
    assert_eq!(eval_with(&vars, "var.m[\"a\"]"), Ok(json!(1)));
    assert_eq!(eval_with(&vars, "var.l[\"0\"]"), Ok(json!(1)));
}

#[test]
fn inspecting_functions_of_unknowns_are_unknown_and_others_keep_them() {
    assert!(eval("length(var.list)").is_unknown());
    assert_eq!(eval("length([1, 2])"), json!(2));
    let value = eval("concat([aws_lb.a.arn], [\"b\"])");
    assert_eq!(markers(&value), r#"["${aws_lb.a.arn}","b"]"#);
    assert!(eval("provider::aws::arn_parse(\"x\")").is_unknown());
    assert!(eval("no_such_function(1)").is_unknown());
}

#[test]
fn templatefile_sees_only_its_variables() {
    let mut fixed = host(&[]);
    fixed.files.insert(
        "t.tpl".to_string(),
        "hello ${name}%{ for p in ports } ${p}%{ endfor }".to_string(),
    );
    assert_eq!(
        eval_in(
            &mut fixed,
            "templatefile(\"t.tpl\", { name = \"x\", ports = [1, 2] })"
        ),
        Ok(json!("hello x 1 2"))
    );
    fixed
        .files
        .insert("f.sh".to_string(), "echo ${var.not_evaluated}".to_string());
    assert_eq!(
        eval_in(&mut fixed, "file(\"f.sh\")"),
        Ok(json!("echo ${var.not_evaluated}"))
    );
    assert_eq!(eval_in(&mut fixed, "fileexists(\"f.sh\")"), Ok(json!(true)));
    assert_eq!(
        eval_in(&mut fixed, "fileset(\".\", \"*.sh\")"),
        Ok(json!(["f.sh"]))
    );
}

#[test]
fn text_that_looks_like_a_marker_stays_text_through_functions() {
    // `$${…}` is Terraform's escape for a literal `${…}`: known text, never an unknown.
    assert_eq!(
        eval(r#"join("-", ["$${aws_lb.x.arn}", "b"])"#),
        json!("${aws_lb.x.arn}-b")
    );
    // Text that holds the library's placeholder character is never taken for a token.
    assert!(eval(r#"upper("\uE0000\uE001")"#).is_unknown());
    // An unknown part passes through a function that builds text, and keeps its origin.
    let value = eval(r#"format("%s:%s", aws_ecr_repository.a.url, "1.0")"#);
    assert_eq!(markers(&value), "\"${aws_ecr_repository.a.url}:1.0\"");
    // A cut through an unknown part is unknown, not a broken token.
    assert!(eval(r#"format("%.3s", aws_ecr_repository.a.url)"#).is_unknown());
    assert_eq!(eval(r#"format("%.3s", "abcdef")"#), json!("abc"));
}

#[test]
fn templatestring_renders_a_template_held_in_a_value() {
    let vars = [("tmpl", json!("Hello, ${name}!"))];
    assert_eq!(
        eval_with(&vars, r#"templatestring(local.tmpl, { name = "api" })"#),
        Ok(json!("Hello, api!"))
    );
    assert!(eval(r#"templatestring(local.unknown, { name = "api" })"#).is_unknown());
}

#[test]
fn negating_the_smallest_integer_is_unknown_not_a_panic() {
    assert_eq!(eval("-9223372036854775808"), json!(i64::MIN));
    assert!(eval("-(-9223372036854775807 - 1)").is_unknown());
    assert!(eval("(-9223372036854775807 - 1) % -1").is_unknown());
}
