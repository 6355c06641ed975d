//! Rules: checks over the analysis that produce findings. One rule per file; each has a
//! stable id, a kebab-case name, a default severity, and documentation that is generated into
//! `docs/rules/<id>.md` (a test fails when those files are stale) and printed by
//! `tfmap rule <id>`. Every rule cites the knowledge-base rows it relies on; only rows
//! marked verified may drive a finding, and partly verified ones only with soft wording.

mod alb_ingress_group_shared;
mod alb_per_ecs_service;
mod controller_owned_load_balancer;
mod ecs_autoscaled_desired_count;
mod ecs_default_security_group;
mod ecs_subnet_addresses;
mod eks_fargate_limits;
mod eks_missing_default_addons;
mod gke_deletion_protection;
mod gke_ingress_ephemeral_dns;
mod gke_node_pool_churn;
mod ingress_status_without_wait;
mod lbc_internal_by_default;
mod lbc_objects;
mod lifecycle;
mod missing_load_balancer_controller;
mod status_readers;

use crate::analysis::{Analysis, Finding};
use crate::kubernetes::KubeObject;
use tfmap_loader::{Resource, Severity};

/// What a rule sees.
pub struct Context<'a> {
    pub analysis: &'a Analysis,
    pub objects: &'a [KubeObject],
    pub resources: &'a [Resource],
    by_id: std::collections::BTreeMap<&'a str, &'a Resource>,
}

impl Context<'_> {
    /// The Terraform resource behind a node, with its whole evaluated body.
    pub fn resource(&self, id: &str) -> Option<&Resource> {
        self.by_id.get(id).copied()
    }

    /// The Kubernetes objects run by a cluster.
    pub fn objects_on<'s>(&'s self, cluster: &'s str) -> impl Iterator<Item = &'s KubeObject> + 's {
        self.objects.iter().filter(move |o| {
            self.analysis
                .node(&o.node)
                .and_then(|n| n.kubernetes.as_ref())
                .and_then(|k| k.cluster.as_deref())
                == Some(cluster)
        })
    }
}

pub struct Rule {
    pub id: &'static str,
    pub name: &'static str,
    pub severity: Severity,
    /// One line: what is flagged.
    pub summary: &'static str,
    /// Markdown with the sections What it does / Why it matters / Example / How to fix.
    pub documentation: &'static str,
    /// Rows of the platform knowledge base the rule relies on.
    pub knowledge: &'static [&'static str],
    pub check: fn(&Context) -> Vec<Finding>,
}

/// Every rule, by id.
pub const RULES: &[Rule] = &[
    controller_owned_load_balancer::RULE,
    missing_load_balancer_controller::RULE,
    eks_missing_default_addons::RULE,
    eks_fargate_limits::RULE,
    ecs_subnet_addresses::RULE,
    alb_per_ecs_service::RULE,
    gke_deletion_protection::RULE,
    ecs_default_security_group::RULE,
    ingress_status_without_wait::RULE,
    alb_ingress_group_shared::RULE,
    lbc_internal_by_default::RULE,
    gke_ingress_ephemeral_dns::RULE,
    ecs_autoscaled_desired_count::RULE,
    gke_node_pool_churn::RULE,
];

pub fn rule(id: &str) -> Option<&'static Rule> {
    RULES
        .iter()
        .find(|r| r.id.eq_ignore_ascii_case(id) || r.name == id)
}

pub fn check(analysis: &Analysis, objects: &[KubeObject], resources: &[Resource]) -> Vec<Finding> {
    let by_id = resources.iter().map(|r| (r.id.as_str(), r)).collect();
    let context = Context {
        analysis,
        objects,
        resources,
        by_id,
    };
    RULES
        .iter()
        .flat_map(|rule| (rule.check)(&context))
        .collect()
}

/// Applies `[rules]` of the configuration: disabled rules go, severities are overridden.
pub fn configure(findings: Vec<Finding>, config: &crate::config::RulesConfig) -> Vec<Finding> {
    findings
        .into_iter()
        .filter(|f| {
            !config
                .disable
                .iter()
                .any(|d| rule(d).is_some_and(|r| r.id == f.rule))
        })
        .map(|mut f| {
            let overridden = config
                .severity
                .iter()
                .find(|(id, _)| rule(id).is_some_and(|r| r.id == f.rule));
            if let Some((_, severity)) = overridden {
                f.severity = severity.severity();
            }
            f
        })
        .collect()
}

/// The documentation page of a rule, as written to `docs/rules/<id>.md`.
pub fn documentation_page(rule: &Rule) -> String {
    format!(
        "# {id} `{name}`\n\nDefault severity: **{severity}**. Knowledge base: {knowledge}.\n\n{summary}\n\n{doc}\n",
        id = rule.id,
        name = rule.name,
        severity = rule.severity.as_str(),
        knowledge = rule.knowledge.join(", "),
        summary = rule.summary,
        doc = rule.documentation.trim(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `docs/rules/` is generated from the rules; set `UPDATE_RULE_DOCS=1` to rewrite it.
    #[test]
    fn rule_docs_are_up_to_date() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules");
        let update = std::env::var_os("UPDATE_RULE_DOCS").is_some();
        let mut index =
            String::from("# Rules\n\n| id | name | severity | flags |\n|---|---|---|---|\n");
        for rule in RULES {
            index.push_str(&format!(
                "| [{id}]({id}.md) | `{}` | {} | {} |\n",
                rule.name,
                rule.severity.as_str(),
                rule.summary,
                id = rule.id
            ));
        }
        let mut pages: Vec<(String, String)> = RULES
            .iter()
            .map(|r| (format!("{}.md", r.id), documentation_page(r)))
            .collect();
        pages.push(("README.md".to_string(), index));
        for (file, text) in pages {
            let path = dir.join(&file);
            if update {
                std::fs::create_dir_all(&dir).expect("docs/rules can be created");
                std::fs::write(&path, &text).expect("docs/rules is writable");
            } else {
                let current = std::fs::read_to_string(&path).unwrap_or_default();
                assert!(
                    current == text,
                    "docs/rules/{file} is stale: run UPDATE_RULE_DOCS=1 cargo nextest run -p tfmap-model"
                );
            }
        }
    }

    #[test]
    fn ids_and_names_are_unique() {
        for (i, a) in RULES.iter().enumerate() {
            for b in &RULES[i + 1..] {
                assert!(a.id != b.id && a.name != b.name, "{} / {}", a.id, b.id);
            }
        }
    }
}
