//! Values as tfmap knows them without applying anything. Terraform learns most attributes
//! only when it applies; tfmap never guesses them. An unknown value keeps where it comes
//! from (the reference or expression), and a string built around unknowns
//! (`"${aws_ecr_repository.api.repository_url}:1.0"`) keeps its known text too, so that a
//! report can still show it and an unknown part can be tied back to the resource it names.
//!
//! The `${…}` marker form exists only when a value is printed or serialized: no stage reads
//! markers back from text.

use indexmap::IndexMap;
use serde::ser::{Serialize, SerializeMap, SerializeSeq, Serializer};
use std::borrow::Cow;
use std::fmt;

/// Object members in the order they were written.
pub type Map = IndexMap<String, Value>;

/// A value: known data (as JSON would hold it), or unknown.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Number(serde_json::Number),
    String(String),
    Array(Vec<Value>),
    Object(Map),
    /// Known only once Terraform applies.
    Unknown(Unknown),
}

/// An unknown value: one or more unknown parts, with the known text between them when the
/// value is a string template.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unknown {
    /// Never empty, holds at least one `Part::Unknown`, and no two `Text` parts follow
    /// each other.
    parts: Vec<Part>,
}

/// A piece of an unknown value.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Part {
    /// Text known around the unknown parts of a string.
    Text(String),
    /// What the unknown part comes from: a reference (`aws_lb.main.arn`, `var.image`) or
    /// the text of an expression tfmap could not evaluate.
    Unknown(String),
}

static NULL: Value = Value::Null;

impl Part {
    pub fn text(text: impl Into<String>) -> Self {
        Part::Text(text.into())
    }

    pub fn unknown(origin: impl Into<String>) -> Self {
        Part::Unknown(origin.into())
    }
}

impl Unknown {
    /// A value that is nothing but one unknown.
    pub fn new(origin: impl Into<String>) -> Self {
        Unknown {
            parts: vec![Part::Unknown(origin.into())],
        }
    }

    /// The value the parts make: a string when none is unknown, else an unknown keeping them
    /// (adjacent texts joined, empty ones dropped).
    pub fn from_parts(parts: impl IntoIterator<Item = Part>) -> Value {
        let mut joined: Vec<Part> = Vec::new();
        for part in parts {
            match (joined.last_mut(), part) {
                (_, Part::Text(text)) if text.is_empty() => {}
                (Some(Part::Text(before)), Part::Text(text)) => before.push_str(&text),
                (_, part) => joined.push(part),
            }
        }
        if joined.iter().any(|p| matches!(p, Part::Unknown(_))) {
            Value::Unknown(Unknown { parts: joined })
        } else {
            let text = joined.into_iter().next().map(|part| match part {
                Part::Text(text) | Part::Unknown(text) => text,
            });
            Value::String(text.unwrap_or_default())
        }
    }

    pub fn parts(&self) -> &[Part] {
        &self.parts
    }

    /// What each unknown part comes from, in order.
    pub fn origins(&self) -> impl Iterator<Item = &str> {
        self.parts.iter().filter_map(|part| match part {
            Part::Unknown(origin) => Some(origin.as_str()),
            Part::Text(_) => None,
        })
    }

    /// The origin when the value is nothing but one unknown (`${var.x}`, not `${var.x}-a`).
    pub fn whole_origin(&self) -> Option<&str> {
        match self.parts.as_slice() {
            [Part::Unknown(origin)] => Some(origin),
            _ => None,
        }
    }

    /// The known text with each unknown part written by `write`.
    pub fn text_with<'a>(&'a self, mut write: impl FnMut(&'a str) -> Cow<'a, str>) -> String {
        let mut out = String::new();
        for part in &self.parts {
            match part {
                Part::Text(text) => out.push_str(text),
                Part::Unknown(origin) => out.push_str(&write(origin)),
            }
        }
        out
    }

    /// The printed form: each unknown part as a `${origin}` marker.
    pub fn marker_text(&self) -> String {
        self.text_with(|origin| Cow::Owned(format!("${{{origin}}}")))
    }
}

impl fmt::Display for Unknown {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.marker_text())
    }
}

impl Value {
    /// A value that is nothing but one unknown coming from `origin`.
    pub fn unknown(origin: impl Into<String>) -> Value {
        Value::Unknown(Unknown::new(origin))
    }

    pub fn is_unknown(&self) -> bool {
        matches!(self, Value::Unknown(_))
    }

    pub fn as_unknown(&self) -> Option<&Unknown> {
        match self {
            Value::Unknown(unknown) => Some(unknown),
            _ => None,
        }
    }

    /// True when the value or anything inside it is unknown.
    pub fn has_unknown(&self) -> bool {
        match self {
            Value::Unknown(_) => true,
            Value::Array(items) => items.iter().any(Value::has_unknown),
            Value::Object(map) => map.values().any(Value::has_unknown),
            Value::Null | Value::Bool(_) | Value::Number(_) | Value::String(_) => false,
        }
    }

    /// A known string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// A string as it is printed: known, or with its unknown parts as markers.
    pub fn text(&self) -> Option<Cow<'_, str>> {
        match self {
            Value::String(text) => Some(Cow::Borrowed(text)),
            Value::Unknown(unknown) => Some(Cow::Owned(unknown.marker_text())),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<&serde_json::Number> {
        match self {
            Value::Number(n) => Some(n),
            _ => None,
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        self.as_number()?.as_i64()
    }

    pub fn as_u64(&self) -> Option<u64> {
        self.as_number()?.as_u64()
    }

    pub fn as_f64(&self) -> Option<f64> {
        self.as_number()?.as_f64()
    }

    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_array_mut(&mut self) -> Option<&mut Vec<Value>> {
        match self {
            Value::Array(items) => Some(items),
            _ => None,
        }
    }

    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn as_object_mut(&mut self) -> Option<&mut Map> {
        match self {
            Value::Object(map) => Some(map),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    pub fn is_boolean(&self) -> bool {
        matches!(self, Value::Bool(_))
    }

    pub fn is_number(&self) -> bool {
        matches!(self, Value::Number(_))
    }

    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    pub fn is_object(&self) -> bool {
        matches!(self, Value::Object(_))
    }

    /// A member of an object or an element of an array.
    pub fn get<I: ValueIndex>(&self, index: I) -> Option<&Value> {
        index.index_into(self)
    }

    pub fn get_mut<I: ValueIndex>(&mut self, index: I) -> Option<&mut Value> {
        index.index_into_mut(self)
    }

    /// The value at a JSON pointer (`/spec/template/spec`).
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        rest.split('/').try_fold(self, |value, token| {
            let token = token.replace("~1", "/").replace("~0", "~");
            match value {
                Value::Object(map) => map.get(&token),
                Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                _ => None,
            }
        })
    }

    /// The value as JSON, each unknown written as its markers: for printing only.
    pub fn to_json(&self) -> serde_json::Value {
        match self {
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => serde_json::Value::Number(n.clone()),
            Value::String(s) => serde_json::Value::String(s.clone()),
            Value::Array(items) => {
                serde_json::Value::Array(items.iter().map(Value::to_json).collect())
            }
            Value::Object(map) => serde_json::Value::Object(
                map.iter().map(|(k, v)| (k.clone(), v.to_json())).collect(),
            ),
            Value::Unknown(unknown) => serde_json::Value::String(unknown.marker_text()),
        }
    }
}

/// What can index a value: a member name or an array position.
pub trait ValueIndex {
    fn index_into<'v>(&self, value: &'v Value) -> Option<&'v Value>;
    fn index_into_mut<'v>(&self, value: &'v mut Value) -> Option<&'v mut Value>;
}

impl ValueIndex for usize {
    fn index_into<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        value.as_array()?.get(*self)
    }
    fn index_into_mut<'v>(&self, value: &'v mut Value) -> Option<&'v mut Value> {
        value.as_array_mut()?.get_mut(*self)
    }
}

impl ValueIndex for str {
    fn index_into<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        value.as_object()?.get(self)
    }
    fn index_into_mut<'v>(&self, value: &'v mut Value) -> Option<&'v mut Value> {
        value.as_object_mut()?.get_mut(self)
    }
}

impl ValueIndex for String {
    fn index_into<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        self.as_str().index_into(value)
    }
    fn index_into_mut<'v>(&self, value: &'v mut Value) -> Option<&'v mut Value> {
        self.as_str().index_into_mut(value)
    }
}

impl<T: ValueIndex + ?Sized> ValueIndex for &T {
    fn index_into<'v>(&self, value: &'v Value) -> Option<&'v Value> {
        (**self).index_into(value)
    }
    fn index_into_mut<'v>(&self, value: &'v mut Value) -> Option<&'v mut Value> {
        (**self).index_into_mut(value)
    }
}

impl<I: ValueIndex> std::ops::Index<I> for Value {
    type Output = Value;

    /// As `get`, with null for what is not there (as `serde_json::Value` indexes).
    fn index(&self, index: I) -> &Value {
        index.index_into(self).unwrap_or(&NULL)
    }
}

impl From<serde_json::Value> for Value {
    /// Known data: JSON has no unknowns (a string that looks like a marker is text).
    fn from(value: serde_json::Value) -> Self {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(b),
            serde_json::Value::Number(n) => Value::Number(n),
            serde_json::Value::String(s) => Value::String(s),
            serde_json::Value::Array(items) => {
                Value::Array(items.into_iter().map(Value::from).collect())
            }
            serde_json::Value::Object(map) => {
                Value::Object(map.into_iter().map(|(k, v)| (k, Value::from(v))).collect())
            }
        }
    }
}

impl From<Map> for Value {
    fn from(map: Map) -> Self {
        Value::Object(map)
    }
}

impl<'de> serde::Deserialize<'de> for Value {
    /// Known data read from JSON (or YAML): text that looks like a marker stays text.
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_json::Value::deserialize(deserializer).map(Value::from)
    }
}

impl From<&str> for Value {
    fn from(text: &str) -> Self {
        Value::String(text.to_string())
    }
}

impl From<String> for Value {
    fn from(text: String) -> Self {
        Value::String(text)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Number(n.into())
    }
}

impl From<i32> for Value {
    fn from(n: i32) -> Self {
        Value::Number(n.into())
    }
}

impl From<u64> for Value {
    fn from(n: u64) -> Self {
        Value::Number(n.into())
    }
}

impl From<Unknown> for Value {
    fn from(unknown: Unknown) -> Self {
        Value::Unknown(unknown)
    }
}

impl PartialEq<str> for Value {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl PartialEq<serde_json::Value> for Value {
    /// Equal to JSON in the printed form (each unknown as its markers).
    fn eq(&self, other: &serde_json::Value) -> bool {
        self.to_json() == *other
    }
}

impl PartialEq<i64> for Value {
    fn eq(&self, other: &i64) -> bool {
        self.as_i64() == Some(*other)
    }
}

impl PartialEq<bool> for Value {
    fn eq(&self, other: &bool) -> bool {
        self.as_bool() == Some(*other)
    }
}

impl Serialize for Value {
    /// As JSON, each unknown written as its markers.
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(n) => n.serialize(serializer),
            Value::String(s) => serializer.serialize_str(s),
            Value::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Value::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for (key, value) in members {
                    map.serialize_entry(key, value)?;
                }
                map.end()
            }
            Value::Unknown(unknown) => serializer.serialize_str(&unknown.marker_text()),
        }
    }
}

impl fmt::Display for Value {
    /// Compact JSON, as `serde_json::Value` prints.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = serde_json::to_string(self).map_err(|_| fmt::Error)?;
        f.write_str(&text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn template() -> Value {
        Unknown::from_parts([
            Part::Unknown("aws_ecr_repository.api.repository_url".to_string()),
            Part::Text(":".to_string()),
            Part::Text("1.0".to_string()),
        ])
    }

    #[test]
    fn parts_join_and_a_template_without_unknowns_is_a_string() {
        let known = Unknown::from_parts([Part::Text("a".into()), Part::Text("b".into())]);
        assert_eq!(known, Value::String("ab".into()));
        let value = template();
        let unknown = value.as_unknown().unwrap();
        assert_eq!(unknown.parts().len(), 2);
        assert_eq!(unknown.whole_origin(), None);
        assert_eq!(
            unknown.origins().collect::<Vec<_>>(),
            ["aws_ecr_repository.api.repository_url"]
        );
        assert_eq!(
            Value::unknown("var.x").as_unknown().unwrap().whole_origin(),
            Some("var.x")
        );
    }

    #[test]
    fn unknowns_are_printed_as_markers_and_are_not_known_strings() {
        let value = template();
        assert_eq!(value.as_str(), None);
        assert_eq!(
            value.text().as_deref(),
            Some("${aws_ecr_repository.api.repository_url}:1.0")
        );
        let object = Value::Object(Map::from_iter([("image".to_string(), value)]));
        assert!(object.has_unknown());
        assert_eq!(
            object.to_string(),
            r#"{"image":"${aws_ecr_repository.api.repository_url}:1.0"}"#
        );
        assert_eq!(serde_json::to_value(&object).unwrap(), object.to_json());
    }

    #[test]
    fn json_strings_that_look_like_markers_stay_text() {
        let value = Value::from(serde_json::json!({"cmd": "echo ${HOME}", "n": [1, 2]}));
        assert!(!value.has_unknown());
        assert_eq!(value["cmd"], "echo ${HOME}");
        assert_eq!(value["n"][1].as_u64(), Some(2));
        assert!(value["missing"][3].is_null());
        assert_eq!(value.pointer("/n/0").and_then(Value::as_i64), Some(1));
    }
}
