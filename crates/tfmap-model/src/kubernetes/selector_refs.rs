//! Service selectors written in Terraform as a reference to another object's labels
//! (`selector = kubernetes_deployment_v1.web.spec[0].template[0].metadata[0].labels`). The
//! evaluator leaves such a value unknown; the object it comes from is in the analysis, so the
//! map is read from it where it is known there, and the selector then matches as a written
//! one. An object expression around a reference (`{ app = kubernetes_deployment_v1.web…app }`)
//! is unknown as a whole, with no origin to follow: it still selects nothing.

use super::KubeObject;
use super::relations::Index;
use std::borrow::Cow;
use tfmap_core::{Map, Value};

/// The selector's labels: as written, or read from the object its reference names;
/// `None` when they cannot be told (it then selects nothing).
pub fn resolve<'v>(
    service: &KubeObject,
    selector: &'v Value,
    index: &Index,
) -> Option<Cow<'v, Map>> {
    match selector {
        Value::Object(map) => Some(Cow::Borrowed(map)),
        Value::Unknown(unknown) => {
            let labels = referenced(service, unknown.whole_origin()?, index)?.as_object()?;
            let known = labels.values().all(Value::is_string);
            known.then(|| Cow::Owned(labels.clone()))
        }
        _ => None,
    }
}

/// What `origin` (`kubernetes_deployment_v1.web.metadata[0].labels.app`) reads from the
/// object the resource declares, beside `from` (same root module).
fn referenced<'a>(from: &KubeObject, origin: &str, index: &Index<'a>) -> Option<&'a Value> {
    let start = [".metadata", ".spec"]
        .iter()
        .filter_map(|attribute| attribute_start(origin, attribute))
        .min()?;
    let (address, path) = origin.split_at(start);
    let object = index.by_reference(from, address)?;
    let mut value = &object.object;
    let mut previous = String::new();
    for segment in segments(path.trim_start_matches('.')) {
        match segment {
            Segment::Index(i) => {
                // Terraform writes one block as a list of one; the object holds the block.
                if let Some(item) = value.as_array().and_then(|items| items.get(i)) {
                    value = item;
                }
            }
            Segment::Key(key) => {
                // Label keys are the user's; attribute names become Kubernetes' camelCase.
                let key = if matches!(previous.as_str(), "labels" | "matchLabels") {
                    key
                } else {
                    Cow::Owned(super::terraform::camel(&key))
                };
                value = value.get(key.as_ref())?;
                previous = key.into_owned();
            }
        }
    }
    Some(value)
}

/// Where `.metadata` (or `.spec`) starts in `origin` as a whole attribute name.
fn attribute_start(origin: &str, attribute: &str) -> Option<usize> {
    origin.match_indices(attribute).map(|(i, _)| i).find(|&i| {
        matches!(
            origin[i + attribute.len()..].chars().next(),
            None | Some('.') | Some('[')
        )
    })
}

#[derive(Debug, PartialEq)]
enum Segment<'s> {
    Key(Cow<'s, str>),
    Index(usize),
}

/// `metadata[0].labels["app.kubernetes.io/name"]` → `metadata`, `0`, `labels`,
/// `app.kubernetes.io/name`. Text it cannot read ends the path (the lookup then fails).
fn segments(path: &str) -> Vec<Segment<'_>> {
    let mut found = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if let Some(inner) = rest.strip_prefix('[') {
            let Some(end) = inner.find(']') else { break };
            let text = &inner[..end];
            match text.strip_prefix('"').and_then(|t| t.strip_suffix('"')) {
                Some(key) => found.push(Segment::Key(Cow::Borrowed(key))),
                None => match text.parse() {
                    Ok(i) => found.push(Segment::Index(i)),
                    Err(_) => break,
                },
            }
            rest = inner[end + 1..].trim_start_matches('.');
        } else {
            let end = rest.find(['.', '[']).unwrap_or(rest.len());
            found.push(Segment::Key(Cow::Borrowed(&rest[..end])));
            rest = rest[end..].trim_start_matches('.');
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_split_into_keys_and_indices() {
        assert_eq!(
            segments(r#"spec[0].template[0].metadata[0].labels["app.kubernetes.io/name"]"#),
            [
                Segment::Key("spec".into()),
                Segment::Index(0),
                Segment::Key("template".into()),
                Segment::Index(0),
                Segment::Key("metadata".into()),
                Segment::Index(0),
                Segment::Key("labels".into()),
                Segment::Key("app.kubernetes.io/name".into()),
            ]
        );
    }

    #[test]
    fn the_attribute_starts_at_a_whole_name() {
        let origin = "kubernetes_deployment_v1.metadata_store.metadata[0].labels.app";
        assert_eq!(
            attribute_start(origin, ".metadata"),
            Some("kubernetes_deployment_v1.metadata_store".len())
        );
        assert_eq!(attribute_start("var.labels", ".metadata"), None);
    }
}
