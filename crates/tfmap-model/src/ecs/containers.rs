//! Containers parsed out of `aws_ecs_task_definition.container_definitions`, whether it was
//! written with `jsonencode`, a heredoc or `file()`: the loader has already evaluated it to a
//! JSON string, with unknown parts kept as markers.

use serde_json::Value;

/// A secret handed to a container: its variable name and where ECS fetches it from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContainerSecret {
    pub name: String,
    /// A Secrets Manager or SSM Parameter Store ARN (or a marker naming the resource).
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

/// JSON written by hand (a heredoc, a file) holds markers inside its strings:
/// `"${module.job["a"].aws_cloudwatch_log_group.this.name}"`. An instance key's quotes would
/// end the JSON string, so they are escaped; parsing gives the marker back unchanged.
fn quotes_in_markers_escaped(text: &str) -> std::borrow::Cow<'_, str> {
    let markers: Vec<&str> = tfmap_loader::terraform::unknown::markers_in(text)
        .filter(|m| m.contains('"'))
        .collect();
    if markers.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = text.to_string();
    for marker in markers {
        let escaped = marker.replace('\\', "\\\\").replace('"', "\\\"");
        out = out.replace(&format!("${{{marker}}}"), &format!("${{{escaped}}}"));
    }
    std::borrow::Cow::Owned(out)
}

/// Parses a `container_definitions` value.
pub fn parse(value: Option<&Value>) -> Result<Vec<Container>, ContainersError> {
    let text = match value {
        None | Some(Value::Null) => return Err(ContainersError::Missing),
        Some(Value::String(text)) => text,
        Some(other) => {
            return Err(ContainersError::Invalid(format!(
                "expected a JSON string, found {other}"
            )));
        }
    };
    let json: Value = match serde_json::from_str(&quotes_in_markers_escaped(text)) {
        Ok(json) => json,
        Err(error) => {
            let trimmed = text.trim();
            if trimmed.starts_with("${") && trimmed.ends_with('}') {
                return Err(ContainersError::Unknown(shorten(trimmed)));
            }
            return Err(ContainersError::Invalid(format!("not valid JSON: {error}")));
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
    if let Value::String(text) = &definition
        && tfmap_loader::terraform::unknown::is_whole_marker(text)
    {
        return Err(ContainersError::Unknown(shorten(text)));
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
                value_from: entry.get("valueFrom")?.as_str()?.to_string(),
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

    #[test]
    fn parses_containers_with_unknown_parts() {
        let value = Value::String(
            r#"[{"name":"api","image":"${aws_ecr_repository.api.repository_url}:1.0","cpu":256,
                "portMappings":[{"containerPort":8080}],"environment":[{"name":"MODE","value":"x"}],
                "secrets":[{"name":"DB","valueFrom":"${aws_secretsmanager_secret.db.arn}"}]}]"#
                .to_string(),
        );
        let containers = parse(Some(&value)).expect("parses");
        assert_eq!(containers.len(), 1);
        assert_eq!(containers[0].name, "api");
        assert_eq!(containers[0].ports, vec![Value::from(8080)]);
        assert_eq!(containers[0].environment, vec!["MODE"]);
        assert_eq!(
            containers[0].secrets[0].value_from,
            "${aws_secretsmanager_secret.db.arn}"
        );
    }

    #[test]
    fn markers_naming_instances_survive_hand_written_json() {
        let value = Value::String(
            r#"[{"name":"job","image":"${module.job["a"].aws_ecr_repository.this.repository_url}"}]"#
                .to_string(),
        );
        let containers = parse(Some(&value)).expect("parses");
        assert_eq!(
            containers[0].image,
            Some(Value::from(
                r#"${module.job["a"].aws_ecr_repository.this.repository_url}"#
            ))
        );
    }

    #[test]
    fn unknown_and_invalid_are_told_apart() {
        let unknown = Value::String("${jsonencode(var.containers)}".to_string());
        assert!(matches!(
            parse(Some(&unknown)),
            Err(ContainersError::Unknown(_))
        ));
        let invalid = Value::String("{\"name\": 1}".to_string());
        assert!(matches!(
            parse(Some(&invalid)),
            Err(ContainersError::Invalid(_))
        ));
        assert_eq!(parse(None).err(), Some(ContainersError::Missing));
        // A list whose one container is unknown as a whole: unknown, not invalid.
        let unknown_item = Value::String(
            r#"["${module.container_definition[\"web\"].container_definition}"]"#.to_string(),
        );
        assert!(matches!(
            parse(Some(&unknown_item)),
            Err(ContainersError::Unknown(_))
        ));
        let number_item = Value::String("[1]".to_string());
        assert!(matches!(
            parse(Some(&number_item)),
            Err(ContainersError::Invalid(_))
        ));
    }
}
