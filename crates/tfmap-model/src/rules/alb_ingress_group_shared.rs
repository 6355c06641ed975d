use super::lbc_objects::{GROUP_ANNOTATION, is_lbc_ingress};
use super::{Context, Rule};
use crate::analysis::Finding;
use crate::kubernetes::KubeObject;
use std::collections::{BTreeMap, BTreeSet};
use tfmap_core::Severity;

pub const RULE: Rule = Rule {
    id: "TFM010",
    name: "alb-ingress-group-shared",
    severity: Severity::Warning,
    summary: "Several Ingresses share one ALB through an IngressGroup (`alb.ingress.kubernetes.io/group.name`); a warning when they span namespaces or modules.",
    documentation: r#"
## What it does
Groups the Ingresses of the AWS Load Balancer Controller by their
`alb.ingress.kubernetes.io/group.name` annotation (per cluster) and reports each group with
two or more members, naming them. The finding is a warning when the members live in
different namespaces or are declared in different Terraform modules or directories (so
that different owners share the load balancer), and information otherwise. The same
Ingress written for several environments counts once; objects built by different
kustomizations for no known cluster are not put in one group.

## Why it matters
All members of an IngressGroup share one Application Load Balancer. Deleting the last
member deletes the ALB, even when deletion protection is on; renaming the group moves an
Ingress to a different (possibly new) ALB with a new DNS name; and one member with a bad or
conflicting annotation blocks updates to every other member. Whoever may create an
Ingress can join a group.

## Example
```yaml
metadata:
  name: orders
  namespace: orders
  annotations:
    alb.ingress.kubernetes.io/group.name: shop   # payments/payments uses "shop" too
spec:
  ingressClassName: alb
```

## How to fix
Keep a group inside one team's namespace and module, or make the shared ALB explicit:
declare it in Terraform and attach each service with a `TargetGroupBinding`. Order the
members with `alb.ingress.kubernetes.io/group.order`, and delete the group's Ingresses
deliberately when tearing down.
"#,
    knowledge: &["H4", "E2"],
    check,
};

/// Where an object is declared: its Terraform module, or the directory of its YAML.
fn declared_in(context: &Context, object: &KubeObject) -> String {
    if let Some(resource) = object
        .resource
        .as_deref()
        .and_then(|id| context.resource(id))
    {
        let module = if resource.module.is_empty() {
            "the root module"
        } else {
            resource.module.as_str()
        };
        return format!("{module} of {}", resource.root);
    }
    match object.placement.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/"),
        None => "./".to_string(),
    }
}

fn check(context: &Context) -> Vec<Finding> {
    let analysis = context.analysis;
    // (cluster, kustomization when the cluster is unknown, group) → (namespace, name) → member.
    type Key<'a> = (Option<&'a str>, Option<&'a str>, &'a str);
    let mut groups: BTreeMap<Key, BTreeMap<(&str, &str), &KubeObject>> = BTreeMap::new();
    for ingress in context.objects {
        let Some(group) = ingress.annotation(GROUP_ANNOTATION) else {
            continue;
        };
        if !is_lbc_ingress(analysis, context.objects, ingress) {
            continue;
        }
        let cluster = analysis
            .node(&ingress.node)
            .and_then(|n| n.kubernetes.as_ref())
            .and_then(|k| k.cluster.as_deref());
        let built_by = cluster
            .is_none()
            .then_some(ingress.built_by.as_deref())
            .flatten();
        groups
            .entry((cluster, built_by, group))
            .or_default()
            .entry((
                ingress.namespace.as_deref().unwrap_or("default"),
                ingress.name.as_str(),
            ))
            .or_insert(ingress);
    }
    let mut findings = Vec::new();
    for ((cluster, _, group), members) in groups {
        if members.len() < 2 {
            continue;
        }
        let Some(first) = members.values().next() else {
            continue;
        };
        let names: Vec<String> = members
            .keys()
            .map(|(namespace, name)| format!("{namespace}/{name}"))
            .collect();
        let namespaces: BTreeSet<&str> = members.keys().map(|(namespace, _)| *namespace).collect();
        let places: BTreeSet<String> = members
            .values()
            .map(|object| declared_in(context, object))
            .collect();
        let mut spans = Vec::new();
        if namespaces.len() > 1 {
            spans.push(format!(
                "in namespaces {}",
                namespaces.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        if places.len() > 1 {
            spans.push(format!(
                "declared in {}",
                places.into_iter().collect::<Vec<_>>().join(", ")
            ));
        }
        let (severity, across) = if spans.is_empty() {
            (Severity::Info, String::new())
        } else {
            (Severity::Warning, format!(", {}", spans.join(", ")))
        };
        findings.push(Finding {
            rule: RULE.id,
            severity,
            message: format!(
                "IngressGroup {group:?}{on} shares one ALB among {} Ingresses ({}){across}: deleting the last member deletes the ALB even with deletion protection, renaming the group moves an Ingress to another ALB, and one member's bad annotation blocks updates to all",
                names.len(),
                names.join(", "),
                on = cluster.map_or_else(String::new, |c| format!(" on {c}")),
            ),
            subject: first.node.clone(),
            location: Some(first.location.clone()),
            knowledge: RULE.knowledge,
        });
    }
    findings
}
