//! Writes a JSON object of lists exactly as `serde_json`'s pretty printer would (two-space
//! indentation), with the elements of each list rendered in parallel: each element is
//! rendered alone by a formatter that starts at the element's depth.

use rayon::prelude::*;
use serde_json::Value;
use std::io::{BufWriter, Write};

/// Elements rendered per parallel task, and per slice written before the next is rendered:
/// enough to keep every core busy, small enough that only a slice is held in memory.
const CHUNK: usize = 64;
const SLICE: usize = 8 * CHUNK;

/// Rendered on the current rayon pool (the CLI sets its threads and stack size).
pub(crate) struct Document<W: Write> {
    out: BufWriter<W>,
    entries: usize,
}

impl<W: Write> Document<W> {
    pub(crate) fn new(out: W) -> Self {
        Document {
            out: BufWriter::with_capacity(1 << 16, out),
            entries: 0,
        }
    }

    /// `"key": value`, the value rendered whole.
    pub(crate) fn entry(&mut self, key: &str, value: &Value) -> std::io::Result<()> {
        self.key(key)?;
        let text = render(value, 1);
        self.out.write_all(&text)
    }

    /// `"key": [ … ]`, each element rendered by `element` (with `render_into`).
    pub(crate) fn list<T: Sync>(
        &mut self,
        key: &str,
        items: &[T],
        element: impl Fn(&T, &mut Element) + Sync,
    ) -> std::io::Result<()> {
        self.key(key)?;
        if items.is_empty() {
            return self.out.write_all(b"[]");
        }
        self.out.write_all(b"[\n")?;
        for (n, slice) in items.chunks(SLICE).enumerate() {
            if n > 0 {
                self.out.write_all(b",\n")?;
            }
            let render_chunk = |chunk: &[T]| -> Vec<u8> {
                let mut text = Vec::new();
                for (i, item) in chunk.iter().enumerate() {
                    if i > 0 {
                        text.extend_from_slice(b",\n");
                    }
                    text.extend_from_slice(b"    ");
                    element(item, &mut Element(&mut text));
                }
                text
            };
            let chunks: Vec<Vec<u8>> = slice.par_chunks(CHUNK).map(render_chunk).collect();
            for (i, chunk) in chunks.iter().enumerate() {
                if i > 0 {
                    self.out.write_all(b",\n")?;
                }
                self.out.write_all(chunk)?;
            }
        }
        self.out.write_all(b"\n  ]")
    }

    /// Closes the object and ends the text with a newline.
    pub(crate) fn end(mut self) -> std::io::Result<()> {
        self.out
            .write_all(if self.entries == 0 { b"{}\n" } else { b"\n}\n" })?;
        self.out.flush()
    }

    fn key(&mut self, key: &str) -> std::io::Result<()> {
        self.out.write_all(if self.entries == 0 {
            b"{\n  "
        } else {
            b",\n  "
        })?;
        self.entries += 1;
        serde_json::to_writer(&mut self.out, key).map_err(std::io::Error::other)?;
        self.out.write_all(b": ")
    }
}

/// Where one element of a list is written: its text starts two levels into the document.
pub(crate) struct Element<'a>(&'a mut Vec<u8>);

/// Writes an element of a list.
pub(crate) fn render_into(element: &mut Element, value: &impl serde::Serialize) {
    serialize(element.0, value, 2);
}

/// A value pretty-printed as it reads `depth` levels into the document.
fn render(value: &Value, depth: usize) -> Vec<u8> {
    let mut text = Vec::new();
    serialize(&mut text, value, depth);
    text
}

fn serialize(text: &mut Vec<u8>, value: &impl serde::Serialize, depth: usize) {
    let mut serializer = serde_json::Serializer::with_formatter(text, AtDepth::new(depth));
    // The document's types always serialize into memory: map keys are strings, numbers
    // are finite.
    let _ = value.serialize(&mut serializer);
}

/// The pretty layout (a line per element or member, two spaces per level, `[]` and `{}`
/// when empty) for a value that starts `depth` levels in.
struct AtDepth {
    depth: usize,
    /// Whether the innermost open array or object has had an element yet.
    has_element: bool,
}

impl AtDepth {
    fn new(depth: usize) -> Self {
        AtDepth {
            depth,
            has_element: false,
        }
    }

    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth += 1;
        self.has_element = false;
        out.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> std::io::Result<()> {
        self.depth -= 1;
        if self.has_element {
            self.line(out)?;
        }
        // The enclosing array or object has this one as an element.
        self.has_element = true;
        out.write_all(bracket)
    }

    fn element<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> std::io::Result<()> {
        if !first {
            out.write_all(b",")?;
        }
        self.line(out)
    }

    fn line<W: ?Sized + Write>(&self, out: &mut W) -> std::io::Result<()> {
        out.write_all(b"\n")?;
        for _ in 0..self.depth {
            out.write_all(b"  ")?;
        }
        Ok(())
    }
}

impl serde_json::ser::Formatter for AtDepth {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.element(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> std::io::Result<()> {
        self.has_element = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        out: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.element(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> std::io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> std::io::Result<()> {
        self.has_element = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn element(n: &usize) -> Value {
        match n % 4 {
            0 => json!({"n": n, "text": "line\nbreak \"quoted\"", "empty": [], "map": {}}),
            1 => json!([n, {"deep": {"deeper": [1, 2, {"x": null}]}}]),
            2 => json!(format!("plain {n}")),
            _ => json!({"list": [n, n + 1], "nested": {"a": {"b": []}}}),
        }
    }

    /// The parallel writer gives exactly serde_json's pretty text, across slice and chunk
    /// boundaries, for empty lists and for nested values.
    #[test]
    fn matches_serde_json_pretty_text() {
        let items: Vec<usize> = (0..(2 * SLICE + CHUNK + 7)).collect();
        let none: Vec<usize> = Vec::new();
        let mut written = Vec::new();
        let mut document = Document::new(&mut written);
        document.entry("version", &json!(1)).unwrap();
        let write = |n: &usize, out: &mut Element| render_into(out, &element(n));
        document.list("items", &items, write).unwrap();
        document.list("none", &none, write).unwrap();
        document
            .entry("stats", &json!({"a": {"b": [1]}, "c": "d"}))
            .unwrap();
        document.end().unwrap();

        let expected = json!({
            "version": 1,
            "items": items.iter().map(element).collect::<Vec<_>>(),
            "none": [],
            "stats": {"a": {"b": [1]}, "c": "d"},
        });
        let expected = serde_json::to_string_pretty(&expected).unwrap() + "\n";
        assert_eq!(String::from_utf8(written).unwrap(), expected);
    }

    #[test]
    fn an_empty_document_is_an_empty_object() {
        let mut written = Vec::new();
        Document::new(&mut written).end().unwrap();
        assert_eq!(written, b"{}\n");
    }
}
