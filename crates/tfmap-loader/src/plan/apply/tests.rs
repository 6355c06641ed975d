//! Matching rules, each with a case where it applies and one where it does not. Inventories
//! are built by hand, with the repetition the loader records once it expands `count` and
//! `for_each` statically.

use super::*;
use crate::inventory::{Attribute, Body, ProviderConfig, Reference, ReferenceKind};
use crate::plan::{Observed, SnapshotKind};
use serde_json::{Value, json};
use std::sync::Arc;

fn location(line: u32) -> Location {
    Location::new(Arc::from("main.tf"), line, 1)
}

fn resource(root: &str, address: &str, line: u32) -> Resource {
    let parsed = InstanceAddress::parse(address, Quoting::Json);
    let (resource_type, name, module, data) = match &parsed {
        Some(a) => (
            a.resource_type.clone(),
            a.name.clone(),
            a.module_path(),
            a.data,
        ),
        None => (
            "module".to_string(),
            address.rsplit('.').next().unwrap_or("").to_string(),
            String::new(),
            false,
        ),
    };
    let kind = match (&parsed, data) {
        (None, _) => ResourceKind::Module,
        (Some(_), true) => ResourceKind::Data,
        (Some(_), false) => ResourceKind::Managed,
    };
    Resource {
        id: if root == "." {
            address.to_string()
        } else {
            format!("{root}:{address}")
        },
        address: address.to_string(),
        root: root.to_string(),
        kind,
        resource_type,
        name,
        module,
        location: location(line),
        body: Body::default(),
        references: Vec::new(),
        provider: None,
        provider_config: None,
        repetition: Vec::new(),
    }
}

fn with_attributes(mut resource: Resource, attributes: Value) -> Resource {
    if let Value::Object(map) = attributes {
        for (name, value) in map {
            resource.body.attributes.insert(
                name,
                Attribute {
                    value: crate::terraform::unknown::typed(value),
                    location: resource.location.clone(),
                },
            );
        }
    }
    resource
}

fn referencing(mut resource: Resource, targets: &[&str]) -> Resource {
    resource.references = targets
        .iter()
        .map(|t| Reference {
            target: t.to_string(),
            via: "x".to_string(),
            kind: ReferenceKind::Reference,
            through: Vec::new(),
            location: resource.location.clone(),
            picks: None,
            state_output: None,
        })
        .collect();
    resource
}

fn unknown_keys(mut resource: Resource, meta: RepetitionMeta, scope: &str) -> Resource {
    resource.repetition.push(Repetition {
        meta,
        scope: scope.to_string(),
        key: None,
        expression: "var.services".to_string(),
    });
    resource
}

fn inventory(roots: &[&str], resources: Vec<Resource>) -> Inventory {
    Inventory {
        roots: roots.iter().map(|r| r.to_string()).collect(),
        resources,
        ..Inventory::default()
    }
}

fn instance(
    address: &str,
    actions: &[&str],
    before: Option<Value>,
    after: Option<Value>,
) -> Instance {
    let observed = |values: Value| Observed {
        values,
        unknown: Value::Null,
        sensitive: Value::Null,
    };
    Instance {
        address: InstanceAddress::parse(address, Quoting::Terraform)
            .unwrap_or_else(|| unreachable!("{address}")),
        before: before.map(observed),
        after: after.map(observed),
        actions: actions.iter().map(|a| a.to_string()).collect(),
    }
}

fn snapshot(mut instances: Vec<Instance>) -> Snapshot {
    instances.sort_by(|a, b| a.address.cmp(&b.address));
    Snapshot {
        kind: SnapshotKind::Plan,
        file: Arc::from("plan.json"),
        terraform_version: Some("1.9.5".to_string()),
        instances,
        skipped: BTreeMap::new(),
        configured: BTreeMap::new(),
        diagnostics: Vec::new(),
    }
}

fn ids(inventory: &Inventory) -> Vec<&str> {
    inventory.resources.iter().map(|r| r.id.as_str()).collect()
}

fn targets<'a>(inventory: &'a Inventory, id: &str) -> Vec<&'a str> {
    inventory
        .resources
        .iter()
        .find(|r| r.id == id)
        .map(|r| r.references.iter().map(|x| x.target.as_str()).collect())
        .unwrap_or_default()
}

fn value(inventory: &Inventory, id: &str, attribute: &str) -> Option<Value> {
    inventory
        .resources
        .iter()
        .find(|r| r.id == id)?
        .body
        .value(attribute)
        .map(tfmap_core::Value::to_json)
}

#[test]
fn an_exact_address_takes_the_values_and_the_actions() {
    let mut inv = inventory(
        &["."],
        vec![with_attributes(
            resource(".", "aws_ecs_cluster.main", 1),
            json!({"name": "${var.env}-ecs"}),
        )],
    );
    apply(
        &mut inv,
        &snapshot(vec![instance(
            "aws_ecs_cluster.main",
            &["update"],
            Some(json!({"name": "dev-ecs"})),
            Some(json!({"name": "prod-ecs"})),
        )]),
        PlanSide::Planned,
        None,
    );
    assert_eq!(ids(&inv), ["aws_ecs_cluster.main"]);
    assert_eq!(
        value(&inv, "aws_ecs_cluster.main", "name"),
        Some(json!("prod-ecs"))
    );
    let summary = inv.plan.as_ref().unwrap_or_else(|| unreachable!());
    assert_eq!(summary.matched, 1);
    assert_eq!(
        summary.actions.get("aws_ecs_cluster.main"),
        Some(&vec!["update".to_string()])
    );
    assert_eq!(inv.stats.files_read.get("plan"), Some(&1));
}

#[test]
fn a_resource_with_unknown_keys_becomes_one_resource_per_instance() {
    let service = unknown_keys(
        with_attributes(
            resource(".", "aws_ecs_service.api", 5),
            json!({"name": "${each.key}"}),
        ),
        RepetitionMeta::ForEach,
        "aws_ecs_service.api",
    );
    let mut inv = inventory(
        &["."],
        vec![
            service,
            referencing(
                resource(".", "aws_appautoscaling_target.api", 9),
                &["aws_ecs_service.api"],
            ),
            // Not repeated: keeps its single address even though keys exist elsewhere.
            resource(".", "aws_ecs_cluster.main", 1),
        ],
    );
    inv.providers.push(ProviderConfig {
        root: ".".to_string(),
        module: String::new(),
        name: "aws".to_string(),
        alias: None,
        location: location(20),
        references: referencing(resource(".", "x.y", 20), &["aws_ecs_service.api"]).references,
    });
    apply(
        &mut inv,
        &snapshot(vec![
            instance(
                r#"aws_ecs_service.api["web"]"#,
                &["create"],
                None,
                Some(json!({"name": "web"})),
            ),
            instance(
                r#"aws_ecs_service.api["worker"]"#,
                &["no-op"],
                Some(json!({"name": "worker"})),
                Some(json!({"name": "worker"})),
            ),
            instance(
                "aws_ecs_cluster.main",
                &["no-op"],
                Some(json!({})),
                Some(json!({})),
            ),
        ]),
        PlanSide::Planned,
        None,
    );
    assert_eq!(
        ids(&inv),
        [
            "aws_appautoscaling_target.api",
            "aws_ecs_cluster.main",
            r#"aws_ecs_service.api["web"]"#,
            r#"aws_ecs_service.api["worker"]"#,
        ]
    );
    assert_eq!(
        value(&inv, r#"aws_ecs_service.api["worker"]"#, "name"),
        Some(json!("worker"))
    );
    let web = inv
        .resources
        .iter()
        .find(|r| r.id == r#"aws_ecs_service.api["web"]"#)
        .unwrap_or_else(|| unreachable!());
    assert_eq!(web.repetition.len(), 1);
    assert_eq!(
        web.repetition[0].key,
        Some(InstanceKey::Key("web".to_string()))
    );
    assert_eq!(web.repetition[0].expression, "var.services");
    assert_eq!(web.location, location(5));
    assert_eq!(
        targets(&inv, "aws_appautoscaling_target.api"),
        [
            r#"aws_ecs_service.api["web"]"#,
            r#"aws_ecs_service.api["worker"]"#
        ]
    );
    let provider_targets: Vec<&str> = inv.providers[0]
        .references
        .iter()
        .map(|r| r.target.as_str())
        .collect();
    assert_eq!(provider_targets.len(), 2);
    let summary = inv.plan.as_ref().unwrap_or_else(|| unreachable!());
    assert_eq!(
        (
            summary.matched,
            summary.expanded,
            summary.instances_from_expansion,
            summary.added
        ),
        (1, 1, 2, 0)
    );
}

#[test]
fn a_known_key_is_never_taken_by_another_instance() {
    // The loader knew the keys: a plan instance with another key is not an instance of
    // `["a"]`; it is added beside it, at the same declaration.
    let mut inv = inventory(&["."], vec![resource(".", r#"aws_sqs_queue.q["a"]"#, 3)]);
    apply(
        &mut inv,
        &snapshot(vec![
            instance(
                r#"aws_sqs_queue.q["a"]"#,
                &["no-op"],
                Some(json!({})),
                Some(json!({})),
            ),
            instance(
                r#"aws_sqs_queue.q["b"]"#,
                &["create"],
                None,
                Some(json!({"name": "b"})),
            ),
        ]),
        PlanSide::Planned,
        None,
    );
    assert_eq!(
        ids(&inv),
        [r#"aws_sqs_queue.q["a"]"#, r#"aws_sqs_queue.q["b"]"#]
    );
    let added = &inv.resources[1];
    assert_eq!(added.location, location(3));
    assert_eq!(added.repetition[0].meta, RepetitionMeta::ForEach);
    assert_eq!(added.repetition[0].expression, "");
    let summary = inv.plan.as_ref().unwrap_or_else(|| unreachable!());
    assert_eq!((summary.matched, summary.added), (1, 1));
}

#[test]
fn references_inside_a_repeated_module_stay_in_their_module_instance() {
    let mut inv = inventory(
        &["."],
        vec![
            referencing(
                resource(".", "module.svc.aws_ecs_service.this", 1),
                &["module.svc.aws_lb_target_group.this"],
            ),
            resource(".", "module.svc.aws_lb_target_group.this", 2),
            referencing(
                resource(".", "aws_route53_record.all", 3),
                &["module.svc.aws_lb_target_group.this"],
            ),
        ],
    );
    let both = |a: &str| Some(json!({"name": a}));
    apply(
        &mut inv,
        &snapshot(vec![
            instance(
                r#"module.svc["a"].aws_ecs_service.this"#,
                &["create"],
                None,
                both("a"),
            ),
            instance(
                r#"module.svc["b"].aws_ecs_service.this"#,
                &["create"],
                None,
                both("b"),
            ),
            instance(
                r#"module.svc["a"].aws_lb_target_group.this"#,
                &["create"],
                None,
                both("a"),
            ),
            instance(
                r#"module.svc["b"].aws_lb_target_group.this"#,
                &["create"],
                None,
                both("b"),
            ),
        ]),
        PlanSide::Planned,
        None,
    );
    assert_eq!(
        targets(&inv, r#"module.svc["a"].aws_ecs_service.this"#),
        [r#"module.svc["a"].aws_lb_target_group.this"#]
    );
    assert_eq!(
        targets(&inv, r#"module.svc["b"].aws_ecs_service.this"#),
        [r#"module.svc["b"].aws_lb_target_group.this"#]
    );
    // Outside the module: every instance.
    assert_eq!(targets(&inv, "aws_route53_record.all").len(), 2);
    let repetition = &inv
        .resources
        .iter()
        .find(|r| r.id == r#"module.svc["a"].aws_ecs_service.this"#)
        .unwrap_or_else(|| unreachable!())
        .repetition;
    assert_eq!(repetition.len(), 1);
    assert_eq!(repetition[0].scope, "module.svc");
    assert_eq!(repetition[0].meta, RepetitionMeta::ForEach);
}

#[test]
fn instances_only_in_the_plan_are_added_at_the_module_call() {
    let mut inv = inventory(
        &["."],
        vec![
            resource(".", "module.ecs", 7),
            resource(".", "aws_iam_role.unplanned", 9),
        ],
    );
    apply(
        &mut inv,
        &snapshot(vec![
            instance(
                "module.ecs.aws_ecs_cluster.this[0]",
                &["create"],
                None,
                Some(json!({"name": "prod"})),
            ),
            instance(
                "module.ecs.module.inner.aws_iam_role.x",
                &["create"],
                None,
                Some(json!({})),
            ),
            instance(
                "aws_sns_topic.elsewhere",
                &["create"],
                None,
                Some(json!({})),
            ),
        ]),
        PlanSide::Planned,
        None,
    );
    assert_eq!(
        ids(&inv),
        [
            "aws_iam_role.unplanned",
            "aws_sns_topic.elsewhere",
            "module.ecs",
            "module.ecs.aws_ecs_cluster.this[0]",
            "module.ecs.module.inner.aws_iam_role.x",
        ]
    );
    let cluster = &inv.resources[3];
    assert_eq!(cluster.location, location(7));
    assert_eq!(cluster.module, "module.ecs");
    assert_eq!(cluster.body.string("name"), Some("prod"));
    assert_eq!(inv.resources[4].location, location(7));
    assert_eq!(inv.resources[1].location.to_string(), "plan.json:1:1");
    let messages: Vec<String> = inv.diagnostics.iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "main.tf:7:1: info: module.ecs: 2 resource instances known only from the plan",
            "main.tf:9:1: info: aws_iam_role.unplanned: not in the plan",
            "plan.json:1:1: info: aws_sns_topic.elsewhere: 1 resource instance known only from the plan",
        ]
    );
}

#[test]
fn each_side_leaves_out_what_does_not_exist_on_it() {
    let build = || {
        inventory(
            &["."],
            vec![
                resource(".", "aws_ecs_service.new", 1),
                resource(".", "aws_ecs_service.old", 2),
                referencing(
                    resource(".", "aws_lb.main", 3),
                    &["aws_ecs_service.new", "aws_ecs_service.old"],
                ),
            ],
        )
    };
    let plan = snapshot(vec![
        instance("aws_ecs_service.new", &["create"], None, Some(json!({}))),
        instance("aws_ecs_service.old", &["delete"], Some(json!({})), None),
        instance("aws_lb.main", &["no-op"], Some(json!({})), Some(json!({}))),
    ]);
    let mut before = build();
    apply(&mut before, &plan, PlanSide::Before, None);
    assert_eq!(ids(&before), ["aws_ecs_service.old", "aws_lb.main"]);
    assert_eq!(targets(&before, "aws_lb.main"), ["aws_ecs_service.old"]);
    let mut after = build();
    apply(&mut after, &plan, PlanSide::After, None);
    assert_eq!(ids(&after), ["aws_ecs_service.new", "aws_lb.main"]);
    assert_eq!(targets(&after, "aws_lb.main"), ["aws_ecs_service.new"]);
    let mut planned = build();
    apply(&mut planned, &plan, PlanSide::Planned, None);
    assert_eq!(planned.resources.len(), 3);
    assert_eq!(after.plan.as_ref().map(|s| s.left_out), Some(1));
}

#[test]
fn the_plan_belongs_to_one_root_module() {
    let two_roots = || {
        inventory(
            &["envs/dev", "envs/prod"],
            vec![
                with_attributes(
                    resource("envs/dev", "aws_ecs_cluster.main", 1),
                    json!({"name": "x"}),
                ),
                with_attributes(
                    resource("envs/prod", "aws_ecs_cluster.main", 1),
                    json!({"name": "x"}),
                ),
            ],
        )
    };
    let plan = snapshot(vec![instance(
        "aws_ecs_cluster.main",
        &["update"],
        Some(json!({"name": "a"})),
        Some(json!({"name": "b"})),
    )]);
    let mut ambiguous = two_roots();
    apply(&mut ambiguous, &plan, PlanSide::Planned, None);
    assert!(ambiguous.plan.is_none());
    assert!(
        ambiguous.diagnostics[0]
            .message
            .contains("has several (envs/dev, envs/prod): say which one")
    );
    assert_eq!(ambiguous.stats.skipped.get("plan not applied"), Some(&1));
    let mut chosen = two_roots();
    apply(&mut chosen, &plan, PlanSide::Planned, Some("./envs/prod/"));
    assert_eq!(
        value(&chosen, "envs/prod:aws_ecs_cluster.main", "name"),
        Some(json!("b"))
    );
    assert_eq!(
        value(&chosen, "envs/dev:aws_ecs_cluster.main", "name"),
        Some(json!("x"))
    );
    assert_eq!(
        chosen
            .plan
            .as_ref()
            .map(|s| s.actions.keys().cloned().collect::<Vec<_>>()),
        Some(vec!["envs/prod:aws_ecs_cluster.main".to_string()])
    );
    let mut wrong = two_roots();
    apply(&mut wrong, &plan, PlanSide::Planned, Some("envs/qa"));
    assert!(
        wrong.diagnostics[0]
            .message
            .contains("--plan-root envs/qa is not a root module")
    );
    // One root that is not the analysed directory is the plan's.
    let mut single = inventory(&["live"], vec![resource("live", "aws_ecs_cluster.main", 1)]);
    apply(&mut single, &plan, PlanSide::Planned, None);
    assert_eq!(single.plan.as_ref().map(|s| s.root.as_str()), Some("live"));
}

#[test]
fn the_most_specific_pattern_covers_an_instance() {
    // `module.m["a"].x.y` (module key known, resource keys unknown) is more specific than
    // `module.m.x.y` (both unknown) would be.
    let mut inv = inventory(
        &["."],
        vec![
            resource(".", "module.m.aws_sqs_queue.q", 1),
            resource(".", r#"module.m["a"].aws_sqs_queue.q"#, 2),
        ],
    );
    apply(
        &mut inv,
        &snapshot(vec![
            instance(
                r#"module.m["a"].aws_sqs_queue.q[0]"#,
                &["create"],
                None,
                Some(json!({})),
            ),
            instance(
                r#"module.m["b"].aws_sqs_queue.q[0]"#,
                &["create"],
                None,
                Some(json!({})),
            ),
        ]),
        PlanSide::Planned,
        None,
    );
    let locations: Vec<(String, u32)> = inv
        .resources
        .iter()
        .map(|r| (r.id.clone(), r.location.line))
        .collect();
    assert_eq!(
        locations,
        [
            (r#"module.m["a"].aws_sqs_queue.q[0]"#.to_string(), 2),
            (r#"module.m["b"].aws_sqs_queue.q[0]"#.to_string(), 1),
        ]
    );
}
