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

/// Turns byte offsets into line and column. Built once per file.
#[derive(Debug)]
pub struct LineIndex {
    file: Arc<str>,
    /// Byte offset at which each line starts.
    line_starts: Vec<usize>,
}

impl LineIndex {
    pub fn new(file: Arc<str>, text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        LineIndex { file, line_starts }
    }

    pub fn file(&self) -> &Arc<str> {
        &self.file
    }

    /// The location of a byte offset. Columns count characters, so the text is needed.
    pub fn locate(&self, text: &str, offset: usize) -> Location {
        let offset = offset.min(text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(exact) => exact,
            Err(next) => next.saturating_sub(1),
        };
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let column = text
            .get(start..offset)
            .map_or(offset - start, |prefix| prefix.chars().count());
        Location::new(
            self.file.clone(),
            u32::try_from(line + 1).unwrap_or(u32::MAX),
            u32::try_from(column + 1).unwrap_or(u32::MAX),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_offsets_in_characters() {
        let text = "ab\nçd = 1\n\nx";
        let index = LineIndex::new("f.tf".into(), text);
        assert_eq!(index.locate(text, 0).to_string(), "f.tf:1:1");
        assert_eq!(index.locate(text, 3).to_string(), "f.tf:2:1");
        // 'ç' is two bytes but one column.
        assert_eq!(index.locate(text, 5).to_string(), "f.tf:2:2");
        assert_eq!(index.locate(text, 11).to_string(), "f.tf:3:1");
        assert_eq!(index.locate(text, 12).to_string(), "f.tf:4:1");
        assert_eq!(index.locate(text, 999).to_string(), "f.tf:4:2");
    }
}
