//! Positions in source files, as people read them: a path relative to the analysed root,
//! a 1-based line and a 1-based column counted in characters.

use std::sync::Arc;

/// Where something was written.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    /// Path relative to the analysed root, with `/` separators.
    pub file: Arc<str>,
    pub line: u32,
    pub column: u32,
}

impl Location {
    pub fn new(file: Arc<str>, line: u32, column: u32) -> Self {
        Location { file, line, column }
    }

    /// The start of a file: used when nothing more precise is known.
    pub fn file_start(file: Arc<str>) -> Self {
        Location {
            file,
            line: 1,
            column: 1,
        }
    }
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.file, self.line, self.column)
    }
}
