//! JSON text with unknown parts: a heredoc or `templatefile` that interpolates
//! `${var.image}`, or `jsonencode` of a value holding unknowns. The text is parsed as JSON
//! with each unknown part standing in as a placeholder, and each placeholder then becomes
//! that unknown part again, so a container's `image` of `"${var.repo}:1.0"` stays a string
//! with one unknown part, and literal text such as `${HOME}` stays text.

use tfmap_core::{Part, Unknown, Value};

/// Parses JSON text whose parts may be unknown.
pub fn parse(parts: &[Part]) -> Result<Value, serde_json::Error> {
    let known_text = || {
        parts.iter().filter_map(|part| match part {
            Part::Text(text) => Some(text.as_str()),
            Part::Unknown(_) => None,
        })
    };
    // A private-use character the known text does not hold brackets each placeholder.
    let bracket = ('\u{e000}'..='\u{f8ff}')
        .find(|c| known_text().all(|text| !text.contains(*c)))
        .unwrap_or('\u{f8ff}');
    let mut text = String::new();
    let mut in_string = false;
    let mut escaped = false;
    let mut origins = Vec::new();
    for part in parts {
        match part {
            Part::Text(known) => {
                for c in known.chars() {
                    match (in_string, escaped, c) {
                        (true, true, _) => escaped = false,
                        (true, false, '\\') => escaped = true,
                        (_, false, '"') => in_string = !in_string,
                        _ => {}
                    }
                }
                text.push_str(known);
            }
            Part::Unknown(origin) => {
                let placeholder = format!("{bracket}{}{bracket}", origins.len());
                if in_string {
                    // `jsonencode` escaped the quotes of an instance key in a reference
                    // (`module.job[\"a\"]`): the origin is the reference as written.
                    origins.push(unescaped(origin));
                    text.push_str(&placeholder);
                } else {
                    // An unknown number or object written straight into the JSON: the
                    // whole JSON value there is unknown.
                    origins.push(origin.clone());
                    text.push('"');
                    text.push_str(&placeholder);
                    text.push('"');
                }
            }
        }
    }
    let json: serde_json::Value = serde_json::from_str(&text)?;
    Ok(restore(Value::from(json), bracket, &origins))
}

/// A JSON-escaped origin read back; one that is not valid JSON string content stays as is.
fn unescaped(origin: &str) -> String {
    if !origin.contains('\\') {
        return origin.to_string();
    }
    serde_json::from_str::<String>(&format!("\"{origin}\"")).unwrap_or_else(|_| origin.to_string())
}

/// Each placeholder in a string becomes its unknown part again.
fn restore(value: Value, bracket: char, origins: &[String]) -> Value {
    match value {
        Value::String(text) if text.contains(bracket) => {
            let mut parts = Vec::new();
            for (index, piece) in text.split(bracket).enumerate() {
                // Odd pieces sit between two brackets: a placeholder's number.
                let origin = (index % 2 == 1)
                    .then(|| piece.parse::<usize>().ok())
                    .flatten()
                    .and_then(|n| origins.get(n));
                match origin {
                    Some(origin) => parts.push(Part::Unknown(origin.clone())),
                    None => parts.push(Part::Text(piece.to_string())),
                }
            }
            Unknown::from_parts(parts)
        }
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| restore(item, bracket, origins))
                .collect(),
        ),
        Value::Object(members) => Value::Object(
            members
                .into_iter()
                .map(|(key, item)| (key, restore(item, bracket, origins)))
                .collect(),
        ),
        other => other,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(t: &str) -> Part {
        Part::Text(t.to_string())
    }

    fn unknown(origin: &str) -> Part {
        Part::Unknown(origin.to_string())
    }

    #[test]
    fn unknown_parts_inside_strings_stay_parts_of_them() {
        let value = parse(&[
            text(r#"[{"image":""#),
            unknown("aws_ecr_repository.api.repository_url"),
            text(r#":1.0","cmd":"echo ${HOME}"}]"#),
        ])
        .unwrap();
        let image = value[0]["image"].as_unknown().unwrap();
        assert_eq!(
            image.marker_text(),
            "${aws_ecr_repository.api.repository_url}:1.0"
        );
        assert_eq!(value[0]["cmd"], "echo ${HOME}");
    }

    #[test]
    fn unknowns_outside_strings_are_whole_values_and_escaped_keys_are_read_back() {
        let value = parse(&[
            text(r#"[{"cpu": "#),
            unknown("var.cpu"),
            text(r#", "log": ""#),
            unknown(r#"module.job[\"a\"].name"#),
            text(r#""}]"#),
        ])
        .unwrap();
        assert_eq!(
            value[0]["cpu"].as_unknown().unwrap().whole_origin(),
            Some("var.cpu")
        );
        assert_eq!(
            value[0]["log"].as_unknown().unwrap().whole_origin(),
            Some(r#"module.job["a"].name"#)
        );
    }

    #[test]
    fn a_private_use_character_in_the_text_is_not_taken_for_a_placeholder() {
        let value = parse(&[
            text("[\"\u{e000}0\u{e000}\", \""),
            unknown("var.x"),
            text("\"]"),
        ])
        .unwrap();
        assert_eq!(value[0], "\u{e000}0\u{e000}");
        assert_eq!(value[1].as_unknown().unwrap().whole_origin(), Some("var.x"));
    }
}
