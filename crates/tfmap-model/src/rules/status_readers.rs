//! Which Terraform resources read a Kubernetes object's `status` (the address of an Ingress
//! or Service load balancer): a reference to the object whose expression goes on to
//! `.status`. Used by the rules about Terraform waiting for, or pinning, that address.

use super::Context;
use tfmap_core::Value;
use tfmap_loader::{Body, ReferenceKind, Resource};

/// The resources whose values read `object`'s `status`, sorted by id.
pub fn status_readers<'a>(context: &'a Context, object: &Resource) -> Vec<&'a Resource> {
    let local = format!("{}.{}", object.resource_type, object.name);
    let mut readers: Vec<&Resource> = context
        .resources
        .iter()
        .filter(|r| {
            r.id != object.id
                && r.references.iter().any(|reference| {
                    reference.kind == ReferenceKind::Reference && reference.target == object.id
                })
                && body_origins(&r.body).any(|origin| reads_status(origin, &local))
        })
        .collect();
    readers.sort_by(|a, b| a.id.cmp(&b.id));
    readers.dedup_by(|a, b| a.id == b.id);
    readers
}

/// Every origin of an unknown value in a body, nested blocks included.
fn body_origins(body: &Body) -> Box<dyn Iterator<Item = &str> + '_> {
    let own = body
        .attributes
        .iter()
        .flat_map(|(_, attribute)| value_origins(&attribute.value));
    let nested = body.blocks.iter().flat_map(|b| body_origins(&b.body));
    Box::new(own.chain(nested))
}

fn value_origins(value: &Value) -> Box<dyn Iterator<Item = &str> + '_> {
    match value {
        Value::Unknown(unknown) => Box::new(unknown.origins()),
        Value::Array(items) => Box::new(items.iter().flat_map(value_origins)),
        Value::Object(map) => Box::new(map.values().flat_map(value_origins)),
        _ => Box::new(std::iter::empty()),
    }
}

/// Whether an expression's text reads `<type>.<name>` (any instance) and then its `status`.
fn reads_status(origin: &str, local: &str) -> bool {
    origin.match_indices(local).any(|(start, _)| {
        let before = origin[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.' || c == '-') {
            return false;
        }
        let mut rest = &origin[start + local.len()..];
        if let Some(indexed) = rest.strip_prefix('[') {
            match indexed.find(']') {
                Some(end) => rest = &indexed[end + 1..],
                None => return false,
            }
        }
        rest.strip_prefix(".status")
            .is_some_and(|after| !after.starts_with(|c: char| c.is_alphanumeric() || c == '_'))
    })
}

#[cfg(test)]
mod tests {
    use super::reads_status;

    #[test]
    fn status_reads_are_told_from_other_attributes() {
        let local = "kubernetes_ingress_v1.web";
        assert!(reads_status(
            "kubernetes_ingress_v1.web.status[0].load_balancer[0].ingress[0].hostname",
            local
        ));
        assert!(reads_status(
            "kubernetes_ingress_v1.web[0].status.0.load_balancer.0.ingress.0.ip",
            local
        ));
        assert!(reads_status(
            "one(kubernetes_ingress_v1.web.status).load_balancer",
            local
        ));
        assert!(!reads_status(
            "kubernetes_ingress_v1.web.metadata[0].name",
            local
        ));
        assert!(!reads_status("kubernetes_ingress_v1.web2.status", local));
        assert!(!reads_status("my_kubernetes_ingress_v1.web.status", local));
        assert!(!reads_status(
            "kubernetes_ingress_v1.web.status_code",
            local
        ));
        assert!(!reads_status("kubernetes_ingress_v1.web[0", local));
    }
}
