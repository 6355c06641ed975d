//! Positions in source files, as people read them: a path relative to the analysed root,
//! a 1-based line and a 1-based column counted in characters.

use std::sync::Arc;

pub use tfmap_core::Location;

/// Turns byte offsets into line and column. Built once per file.
#[derive(Debug)]
pub struct LineIndex {
    file: Arc<str>,
    /// Byte offset at which each line starts.
    line_starts: Vec<usize>,
    /// Characters before every `CHECKPOINT_BYTES`-th byte, so that a column is counted from
    /// the nearest checkpoint, not from the line start: a minified `.tf.json` is one line,
    /// and counting from its start made locating every key quadratic.
    chars_before_checkpoint: Vec<usize>,
}

/// Bytes between two character-count checkpoints.
const CHECKPOINT_BYTES: usize = 1024;

impl LineIndex {
    pub fn new(file: Arc<str>, text: &str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut chars_before_checkpoint = vec![0];
        let mut chars = 0;
        for chunk in text.as_bytes().chunks(CHECKPOINT_BYTES) {
            chars += count_chars(chunk);
            chars_before_checkpoint.push(chars);
        }
        LineIndex {
            file,
            line_starts,
            chars_before_checkpoint,
        }
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
        // Most lines are short: counting their characters is cheaper than counting from
        // two checkpoints; only a long line (minified JSON) goes through the checkpoints.
        let column = if offset.saturating_sub(start) <= CHECKPOINT_BYTES {
            text.as_bytes().get(start..offset).map_or(0, count_chars)
        } else {
            self.chars_before(text, offset)
                .saturating_sub(self.chars_before(text, start))
        };
        Location::new(
            self.file.clone(),
            u32::try_from(line + 1).unwrap_or(u32::MAX),
            u32::try_from(column + 1).unwrap_or(u32::MAX),
        )
    }

    /// Characters before a byte offset: the nearest checkpoint's count plus the characters
    /// from there. (The text must be the one the index was built from.)
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let checkpoint = offset / CHECKPOINT_BYTES;
        let counted = self
            .chars_before_checkpoint
            .get(checkpoint)
            .copied()
            .unwrap_or(0);
        let from = checkpoint * CHECKPOINT_BYTES;
        counted + text.as_bytes().get(from..offset).map_or(0, count_chars)
    }
}

/// Characters in UTF-8 bytes: every byte but the continuation bytes starts one.
fn count_chars(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count()
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

    #[test]
    fn columns_of_long_lines_count_characters_across_checkpoints() {
        // One line of several checkpoints, with two-byte characters straddling them.
        let text = "é".repeat(3 * CHECKPOINT_BYTES) + "x\ny";
        let index = LineIndex::new("f.json".into(), &text);
        for chars in [0, 1, 511, 512, 513, 1023, 1024, 2047, 3 * CHECKPOINT_BYTES] {
            let offset = 2 * chars;
            let expected = format!("f.json:1:{}", chars + 1);
            assert_eq!(index.locate(&text, offset).to_string(), expected);
        }
        let y = text.len() - 1;
        assert_eq!(index.locate(&text, y).to_string(), "f.json:2:1");
    }
}
