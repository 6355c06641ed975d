//! Text with unknown parts, parsed as data: each unknown part stands in the text as a
//! placeholder that no known text holds, and once the text is parsed (as JSON, as YAML)
//! each placeholder becomes its unknown part again. So `"${var.repo}:1.0"` inside a
//! container definition stays a string with one unknown part, and text such as `${HOME}`
//! stays text.

use crate::value::{Part, Unknown, Value};

/// The placeholders written into one text, and what each stands for.
#[derive(Debug)]
pub struct Placeholders {
    bracket: char,
    origins: Vec<String>,
}

impl Placeholders {
    /// Placeholders for a text made of `parts`, bracketed by a private-use character none
    /// of its known text holds.
    pub fn for_parts(parts: &[Part]) -> Self {
        let bracket = ('\u{e000}'..='\u{f8ff}')
            .find(|c| {
                parts.iter().all(|part| match part {
                    Part::Text(text) => !text.contains(*c),
                    Part::Unknown(_) => true,
                })
            })
            .unwrap_or('\u{f8ff}');
        Placeholders {
            bracket,
            origins: Vec::new(),
        }
    }

    /// The placeholder text for one more unknown part.
    pub fn add(&mut self, origin: String) -> String {
        let placeholder = format!("{}{}{}", self.bracket, self.origins.len(), self.bracket);
        self.origins.push(origin);
        placeholder
    }

    /// The parsed value with each placeholder in its strings made an unknown part again.
    pub fn restore(&self, value: Value) -> Value {
        match value {
            Value::String(text) if text.contains(self.bracket) => {
                let parts = text.split(self.bracket).enumerate().map(|(index, piece)| {
                    // Odd pieces sit between two brackets: a placeholder's number.
                    let origin = (index % 2 == 1)
                        .then(|| piece.parse::<usize>().ok())
                        .flatten()
                        .and_then(|n| self.origins.get(n));
                    match origin {
                        Some(origin) => Part::Unknown(origin.clone()),
                        None => Part::Text(piece.to_string()),
                    }
                });
                Unknown::from_parts(parts.collect::<Vec<_>>())
            }
            Value::Array(items) => {
                Value::Array(items.into_iter().map(|item| self.restore(item)).collect())
            }
            Value::Object(members) => Value::Object(
                members
                    .into_iter()
                    .map(|(key, item)| (key, self.restore(item)))
                    .collect(),
            ),
            other => other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_come_back_as_unknown_parts_and_never_collide_with_text() {
        let parts = [Part::Text("\u{e000}".into()), Part::Unknown("var.x".into())];
        let mut placeholders = Placeholders::for_parts(&parts);
        let text = format!("{}-a", placeholders.add("var.x".into()));
        let value = placeholders.restore(Value::Array(vec![
            Value::String(text),
            Value::String("\u{e000}0\u{e000}".into()),
        ]));
        assert_eq!(value[0].as_unknown().unwrap().marker_text(), "${var.x}-a");
        assert_eq!(value[1], "\u{e000}0\u{e000}");
    }
}
