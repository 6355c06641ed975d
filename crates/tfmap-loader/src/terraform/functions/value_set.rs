//! Membership of HCL values by hash, so that the set functions (`toset`, `distinct`,
//! `setunion`, `setintersection`, `setsubtract`) are linear: comparing every element with
//! every other made two lists of 100,000 elements take minutes.
//!
//! `hcl::Value` has no `Hash` (its maps compare without regard to order, and a number
//! compares equal across its integer and float forms), so the hash here is written to agree
//! with its `==`: equal values always hash alike, and `==` decides within a bucket.

use hcl::Value;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Values by hash. Only looked up, never iterated: results keep their input order.
#[derive(Default)]
pub struct ValueSet<'v> {
    buckets: HashMap<u64, Vec<&'v Value>>,
}

impl<'v> ValueSet<'v> {
    pub fn of(items: &'v [Value]) -> Self {
        let mut set = ValueSet::default();
        for item in items {
            set.insert(item);
        }
        set
    }

    /// Adds the value; false when an equal one was already in.
    pub fn insert(&mut self, value: &'v Value) -> bool {
        let bucket = self.buckets.entry(hash_of(value)).or_default();
        if bucket.contains(&value) {
            return false;
        }
        bucket.push(value);
        true
    }

    pub fn contains(&self, value: &Value) -> bool {
        self.buckets
            .get(&hash_of(value))
            .is_some_and(|bucket| bucket.contains(&value))
    }
}

fn hash_of(value: &Value) -> u64 {
    let mut hasher = DefaultHasher::new();
    feed(value, &mut hasher);
    hasher.finish()
}

fn feed(value: &Value, hasher: &mut DefaultHasher) {
    match value {
        Value::Null => 0u8.hash(hasher),
        Value::Bool(b) => (1u8, b).hash(hasher),
        // Equal numbers have equal `f64` values whatever their form; -0 is 0.
        Value::Number(n) => {
            let float = n.as_f64().unwrap_or(0.0);
            let float = if float == 0.0 { 0.0 } else { float };
            (2u8, float.to_bits()).hash(hasher);
        }
        Value::String(s) => (3u8, s).hash(hasher),
        Value::Array(items) => {
            (4u8, items.len()).hash(hasher);
            for item in items {
                feed(item, hasher);
            }
        }
        // Maps equal in any order: the entries' hashes are combined by a sum.
        Value::Object(map) => {
            let entries = map.iter().fold(0u64, |sum, (key, item)| {
                let mut entry = DefaultHasher::new();
                key.hash(&mut entry);
                feed(item, &mut entry);
                sum.wrapping_add(entry.finish())
            });
            (5u8, map.len(), entries).hash(hasher);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use hcl::{Map, Number};

    #[test]
    fn equal_values_are_members_whatever_their_form() {
        let mut forward = Map::new();
        forward.insert("a".to_string(), Value::from(1));
        forward.insert("b".to_string(), Value::from("x"));
        let mut backward = Map::new();
        backward.insert("b".to_string(), Value::from("x"));
        backward.insert("a".to_string(), Value::from(1));
        let items = vec![
            Value::Object(forward),
            Value::Number(Number::from(2)),
            Value::Array(vec![Value::from("a"), Value::Null]),
        ];
        let set = ValueSet::of(&items);
        assert!(set.contains(&Value::Object(backward)));
        let two = Number::from_f64(2.0)
            .map(Value::Number)
            .unwrap_or(Value::Null);
        assert_eq!(two, Value::Number(Number::from(2)));
        assert!(set.contains(&two));
        assert!(set.contains(&Value::Array(vec![Value::from("a"), Value::Null])));
        assert!(!set.contains(&Value::Array(vec![Value::Null, Value::from("a")])));
        assert!(!set.contains(&Value::from("2")));
    }

    #[test]
    fn insert_says_whether_the_value_was_new() {
        let (a, b) = (Value::from("a"), Value::from("b"));
        let mut set = ValueSet::default();
        assert!(set.insert(&a));
        assert!(set.insert(&b));
        assert!(!set.insert(&a));
    }
}
