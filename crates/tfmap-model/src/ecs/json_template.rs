//! JSON text with unknown parts: a heredoc or `templatefile` that interpolates
//! `${var.image}`, or `jsonencode` of a value holding unknowns, parsed with placeholders
//! (`tfmap_core::template`). An unknown written outside a JSON string is a whole value.

use tfmap_core::template::Placeholders;
use tfmap_core::{Part, Value};

/// Parses JSON text whose parts may be unknown.
pub fn parse(parts: &[Part]) -> Result<Value, serde_json::Error> {
    let mut placeholders = Placeholders::for_parts(parts);
    let mut text = String::new();
    let mut in_string = false;
    let mut escaped = false;
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
            // `jsonencode` escaped the quotes of an instance key in a reference
            // (`module.job[\"a\"]`): the origin is the reference as written.
            Part::Unknown(origin) if in_string => {
                text.push_str(&placeholders.add(unescaped(origin)));
            }
            // An unknown number or object written straight into the JSON: the whole JSON
            // value there is unknown.
            Part::Unknown(origin) => {
                text.push('"');
                text.push_str(&placeholders.add(origin.clone()));
                text.push('"');
            }
        }
    }
    let json: serde_json::Value = serde_json::from_str(&text)?;
    Ok(placeholders.restore(Value::from(json)))
}

/// A JSON-escaped origin read back; one that is not valid JSON string content stays as is.
fn unescaped(origin: &str) -> String {
    if !origin.contains('\\') {
        return origin.to_string();
    }
    serde_json::from_str::<String>(&format!("\"{origin}\"")).unwrap_or_else(|_| origin.to_string())
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
