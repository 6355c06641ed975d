//! How much of a value an expression reads: `each.value.cpu` and `each.value.image` read two
//! fields of `each.value`, but with `each.value` itself also referenced, the whole value.
//! The evaluator copies a value only as deep as that.

use super::syntax::RawReference;
use std::collections::HashSet;

/// Up to this many references, each path is compared with every other; past it, the paths
/// are hashed (a heredoc of a million interpolations made the comparisons quadratic).
const COMPARED_REFERENCES: usize = 16;

/// The references of one expression, ready to answer `read_length`.
pub enum ReferencedPaths<'r> {
    Few(&'r [RawReference]),
    Many(HashSet<&'r [String]>),
}

impl<'r> ReferencedPaths<'r> {
    pub fn of(references: &'r [RawReference]) -> Self {
        if references.len() <= COMPARED_REFERENCES {
            ReferencedPaths::Few(references)
        } else {
            ReferencedPaths::Many(references.iter().map(|r| r.path.as_slice()).collect())
        }
    }

    /// The length of the shortest referenced path that `path` starts with (at most
    /// `path.len()`, `path` being one of the references).
    pub fn read_length(&self, path: &[String]) -> usize {
        match self {
            ReferencedPaths::Few(references) => references
                .iter()
                .map(|other| other.path.as_slice())
                .filter(|other| path.starts_with(other))
                .map(<[String]>::len)
                .fold(path.len(), usize::min),
            ReferencedPaths::Many(paths) => (0..path.len())
                .find(|&length| paths.contains(&path[..length]))
                .unwrap_or(path.len()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::location::Location;

    fn reference(path: &str) -> RawReference {
        RawReference {
            guards: Vec::new(),
            tolerated: false,
            path: path.split('.').map(str::to_string).collect(),
            index: None,
            after_index: Vec::new(),
            location: Location::file_start("main.tf".into()),
        }
    }

    fn path(text: &str) -> Vec<String> {
        text.split('.').map(str::to_string).collect()
    }

    #[test]
    fn few_and_many_references_read_alike() {
        let few_references = vec![
            reference("each.value.cpu"),
            reference("each.value.image"),
            reference("local.a.b.c"),
            reference("local.a.b"),
        ];
        let mut many_references = few_references.clone();
        many_references.extend((0..COMPARED_REFERENCES).map(|n| reference(&format!("var.v{n}"))));
        let few = ReferencedPaths::of(&few_references);
        let many = ReferencedPaths::of(&many_references);
        assert!(matches!(few, ReferencedPaths::Few(_)));
        assert!(matches!(many, ReferencedPaths::Many(_)));
        for paths in [&few, &many] {
            assert_eq!(paths.read_length(&path("each.value.cpu")), 3);
            assert_eq!(paths.read_length(&path("local.a.b.c")), 3);
            assert_eq!(paths.read_length(&path("local.a.b")), 3);
        }
        // With `each.value` itself referenced, the whole value is read.
        let mut few_references = few_references;
        few_references.push(reference("each.value"));
        many_references.push(reference("each.value"));
        let few = ReferencedPaths::of(&few_references);
        let many = ReferencedPaths::of(&many_references);
        for paths in [&few, &many] {
            assert_eq!(paths.read_length(&path("each.value.cpu")), 2);
            assert_eq!(paths.read_length(&path("each.value")), 2);
        }
        assert_eq!(many.read_length(&path("var.v3")), 2);
    }
}
