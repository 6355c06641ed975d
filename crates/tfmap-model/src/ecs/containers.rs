//! Containers parsed out of `aws_ecs_task_definition.container_definitions`, whether it was
//! written with `jsonencode`, a heredoc or `file()`: the loader has already evaluated it to
//! JSON text, known or with unknown parts.

use super::json_template;
use tfmap_core::Value;

/// A secret handed to a container: its variable name and where ECS fetches it from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerSecret {
    pub name: String,
    /// A Secrets Manager or SSM Parameter Store ARN, as printed (unknown parts as markers).
    pub value_from: String,
}

#[derive(Debug, Clone)]
pub struct Container {
    pub name: String,
    pub image: Option<Value>,
    pub cpu: Option<Value>,
    pub memory: Option<Value>,
    pub memory_reservation: Option<Value>,
    /// `essential` as written; ECS treats a missing value as true.
    pub essential: Option<Value>,
    pub ports: Vec<Value>,
    /// Names of the plain environment variables (values are not repeated in reports).
    pub environment: Vec<String>,
    pub secrets: Vec<ContainerSecret>,
    /// The whole definition, for the field-by-field mapping to a PodSpec.
    pub definition: Value,
}

/// Why the containers could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContainersError {
    /// The attribute is missing.
    Missing,
    /// The value depends on something only known at apply time.
    Unknown(String),
    /// The value is known but is not a JSON list of objects.
    Invalid(String),
}

/// Parses a `container_definitions` value.
pub fn parse(value: Option<&Value>) -> Result<Vec<Container>, ContainersError> {
    let json = match value {
        None | Some(Value::Null) => return Err(ContainersError::Missing),
        Some(Value::String(text)) => serde_json::from_str::<serde_json::Value>(text)
            .map(Value::from)
            .map_err(|error| ContainersError::Invalid(format!("not valid JSON: {error}")))?,
        Some(Value::Unknown(unknown)) if unknown.whole_origin().is_some() => {
            return Err(ContainersError::Unknown(shorten(&unknown.marker_text())));
        }
        Some(Value::Unknown(unknown)) => json_template::parse(unknown.parts())
            .map_err(|error| ContainersError::Invalid(format!("not valid JSON: {error}")))?,
        Some(other) => {
            return Err(ContainersError::Invalid(format!(
                "expected a JSON string, found {other}"
            )));
        }
    };
    let Value::Array(items) = json else {
        return Err(ContainersError::Invalid(
            "expected a JSON list of container definitions".to_string(),
        ));
    };
    items
        .into_iter()
        .enumerate()
        .map(|(index, item)| container(index, item))
        .collect()
}

fn shorten(text: &str) -> String {
    if text.chars().count() > 100 {
        format!("{}…", text.chars().take(100).collect::<String>())
    } else {
        text.to_string()
    }
}

fn container(index: usize, definition: Value) -> Result<Container, ContainersError> {
    // A definition that is unknown as a whole (the output of a container-definition module
    // whose value waits on apply) is not a mistake.
    if let Value::Unknown(unknown) = &definition {
        return Err(ContainersError::Unknown(shorten(&unknown.marker_text())));
    }
    let Value::Object(fields) = &definition else {
        return Err(ContainersError::Invalid(format!(
            "container {} is not a JSON object",
            index + 1
        )));
    };
    let get = |key: &str| fields.get(key).filter(|v| !v.is_null()).cloned();
    let name = match fields.get("name") {
        Some(Value::String(name)) => name.clone(),
        _ => format!("#{}", index + 1),
    };
    let ports = list(fields.get("portMappings"))
        .iter()
        .filter_map(|mapping| mapping.get("containerPort").cloned())
        .collect();
    let environment = list(fields.get("environment"))
        .iter()
        .filter_map(|entry| {
            entry
                .get("name")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .collect();
    let secrets = list(fields.get("secrets"))
        .iter()
        .filter_map(|entry| {
            Some(ContainerSecret {
                name: entry.get("name")?.as_str()?.to_string(),
                value_from: entry.get("valueFrom")?.text()?.into_owned(),
            })
        })
        .collect();
    Ok(Container {
        name,
        image: get("image"),
        cpu: get("cpu"),
        memory: get("memory"),
        memory_reservation: get("memoryReservation"),
        essential: get("essential"),
        ports,
        environment,
        secrets,
        definition,
    })
}

fn list(value: Option<&Value>) -> &[Value] {
    match value {
        Some(Value::Array(items)) => items,
        _ => &[],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tfmap_core::{Part, Unknown};

    #[test]
    fn parses_containers_with_unknown_parts() {
        let value = Unknown::from_parts([
            Part::text(r#"[{"name":"api","image":""#),
            Part::unknown("aws_ecr_repository.api.repository_url"),
            Part::text(
                r#":1.0","cpu":256,
                "portMappings":[{"containerPort":8080}],"environment":[{"name":"MODE","value":"x"}],
                "secrets":[{"name":"DB","valueFrom":""#,
            ),
            Part::unknown("aws_secretsmanager_secret.db.arn"),
            Part::text(r#""}]}]"#),
        ]);
        let containers = parse(Some(&value)).expect("parses");
        assert_eq!(containers.len(), 1);
        assert_eq!(containers[0].name, "api");
        assert_eq!(containers[0].ports, vec![Value::from(8080)]);
        assert_eq!(containers[0].environment, vec!["MODE"]);
        assert_eq!(
            containers[0].secrets[0].value_from,
            "${aws_secretsmanager_secret.db.arn}"
        );
        let image = containers[0].image.as_ref().and_then(Value::as_unknown);
        assert_eq!(
            image.map(|i| i.origins().collect::<Vec<_>>()),
            Some(vec!["aws_ecr_repository.api.repository_url"])
        );
    }

    #[test]
    fn known_json_that_looks_like_a_marker_is_text() {
        let value = Value::from(r#"[{"name":"job","image":"${HOME}/x","command":["${a.b}"]}]"#);
        let containers = parse(Some(&value)).expect("parses");
        assert_eq!(containers[0].image, Some(Value::from("${HOME}/x")));
        assert!(!containers[0].definition.has_unknown());
    }

    #[test]
    fn unknown_and_invalid_are_told_apart() {
        let unknown_whole = Value::unknown("jsonencode(var.containers)");
        assert!(matches!(
            parse(Some(&unknown_whole)),
            Err(ContainersError::Unknown(_))
        ));
        let invalid = Value::String("{\"name\": 1}".to_string());
        assert!(matches!(
            parse(Some(&invalid)),
            Err(ContainersError::Invalid(_))
        ));
        assert_eq!(parse(None).err(), Some(ContainersError::Missing));
        // A list whose one container is unknown as a whole: unknown, not invalid.
        let unknown_item = Unknown::from_parts([
            Part::text("[\""),
            Part::unknown(r#"module.container_definition[\"web\"].container_definition"#),
            Part::text("\"]"),
        ]);
        assert!(matches!(
            parse(Some(&unknown_item)),
            Err(ContainersError::Unknown(why)) if why == r#"${module.container_definition["web"].container_definition}"#
        ));
        let number_item = Value::String("[1]".to_string());
        assert!(matches!(
            parse(Some(&number_item)),
            Err(ContainersError::Invalid(_))
        ));
    }
}
