//! The types every stage of tfmap shares, so that the loader, the model and the renderers
//! agree on them without reaching into each other: values with unknowns, source locations,
//! diagnostics (and how their text is made safe for a terminal), instance keys.

pub mod diagnostic;
mod instance_key;
pub mod location;
pub mod template;
pub mod value;

pub use diagnostic::{Diagnostic, Severity};
pub use instance_key::InstanceKey;
pub use location::Location;
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
