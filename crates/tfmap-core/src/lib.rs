//! The types every stage of tfmap shares, so that the loader, the model and the renderers
//! agree on them without reaching into each other.

pub mod template;
pub mod value;

pub use value::{Map, Part, Unknown, Value};

#[doc(hidden)]
pub use serde_json as __serde_json;

/// A known [`Value`] written as JSON, for tests and built-in tables: `json!({"a": [1]})`.
/// Text that looks like a marker stays text.
#[macro_export]
macro_rules! json {
    ($($json:tt)+) => {
        $crate::Value::from($crate::__serde_json::json!($($json)+))
    };
}
