//! A list read from a plan or state that keeps at most [`MAX_ROOT_INSTANCES`] elements and
//! only counts the rest, so a file listing a million resources costs the memory of the
//! instances tfmap can use, not of every entry (the rest are skipped as they are parsed).

use crate::terraform::MAX_ROOT_INSTANCES;
use serde::de::{Deserialize, Deserializer, IgnoredAny, SeqAccess, Visitor};
use std::marker::PhantomData;

/// The kept elements, in file order, and how many were passed over.
#[derive(Debug)]
pub(super) struct Bounded<T> {
    pub items: Vec<T>,
    pub dropped: usize,
}

impl<T> Default for Bounded<T> {
    fn default() -> Self {
        Bounded {
            items: Vec::new(),
            dropped: 0,
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Bounded<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_seq(BoundedVisitor(PhantomData))
    }
}

struct BoundedVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for BoundedVisitor<T> {
    type Value = Bounded<T>;

    fn expecting(&self, formatter: &mut std::fmt::Formatter) -> std::fmt::Result {
        formatter.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut bounded = Bounded::default();
        while bounded.items.len() < MAX_ROOT_INSTANCES {
            match seq.next_element()? {
                Some(item) => bounded.items.push(item),
                None => return Ok(bounded),
            }
        }
        while seq.next_element::<IgnoredAny>()?.is_some() {
            bounded.dropped += 1;
        }
        Ok(bounded)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn keeps_the_first_elements_and_counts_the_rest() {
        let count = MAX_ROOT_INSTANCES + 3;
        let text = format!(
            "[{}]",
            (0..count)
                .map(|i| i.to_string())
                .collect::<Vec<_>>()
                .join(",")
        );
        let bounded: Bounded<u64> = serde_json::from_str(&text).unwrap();
        assert_eq!(bounded.items.len(), MAX_ROOT_INSTANCES);
        assert_eq!(bounded.items[..3], [0, 1, 2]);
        assert_eq!(bounded.dropped, 3);
        let small: Bounded<u64> = serde_json::from_str("[1, 2]").unwrap();
        assert_eq!((small.items, small.dropped), (vec![1, 2], 0));
    }
}
