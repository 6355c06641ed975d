//! Decoded documents, kept per thread: a factory module decodes the same YAML or JSON file
//! once per instance and per root module that reads it (cloud-foundation-fabric decodes 7
//! distinct files 73 times). A clone of the decoded value costs a fraction of decoding it
//! again. Only texts of at least [`MIN_TEXT`] bytes are kept, up to [`MAX_TEXT_TOTAL`] bytes
//! of text per thread; the result never depends on the cache.

use hcl::Value;
use std::cell::RefCell;
use std::collections::HashMap;

/// Shorter texts decode faster than they hash and clone.
const MIN_TEXT: usize = 1024;

/// The most text one thread keeps decoded, summed over its entries.
const MAX_TEXT_TOTAL: usize = 64 * 1024 * 1024;

/// What a decoder gave for a text, by decoder name and text.
#[derive(Default)]
struct Cache {
    text_bytes: usize,
    entries: HashMap<(&'static str, String), Result<Value, String>>,
}

thread_local! {
    static CACHE: RefCell<Cache> = RefCell::new(Cache::default());
}

/// `decode(text)`, from the cache when the same decoder saw the same text on this thread.
pub fn decoded(
    decoder: &'static str,
    text: String,
    decode: impl FnOnce(&str) -> Result<Value, String>,
) -> Result<Value, String> {
    if text.len() < MIN_TEXT {
        return decode(&text);
    }
    let key = (decoder, text);
    if let Some(found) = CACHE.with(|cache| cache.borrow().entries.get(&key).cloned()) {
        return found;
    }
    let result = decode(&key.1);
    CACHE.with(|cache| {
        let mut cache = cache.borrow_mut();
        if cache.text_bytes + key.1.len() <= MAX_TEXT_TOTAL {
            cache.text_bytes += key.1.len();
            cache.entries.insert(key, result.clone());
        }
    });
    result
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::Cell;

    #[test]
    fn the_same_long_text_is_decoded_once_per_thread() {
        let calls = Cell::new(0);
        let text = "x".repeat(MIN_TEXT);
        for _ in 0..3 {
            let value = decoded("test", text.clone(), |t| {
                calls.set(calls.get() + 1);
                Ok(Value::from(t.len()))
            });
            assert_eq!(value, Ok(Value::from(MIN_TEXT)));
        }
        assert_eq!(calls.get(), 1);
    }

    #[test]
    fn short_texts_and_other_decoders_are_not_shared() {
        let calls = Cell::new(0);
        let decode = |decoder: &'static str, text: &str| {
            decoded(decoder, text.to_string(), |_| {
                calls.set(calls.get() + 1);
                Err("refused".to_string())
            })
        };
        let long = "y".repeat(MIN_TEXT);
        assert!(decode("a", "short").is_err());
        assert!(decode("a", "short").is_err());
        assert!(decode("a", &long).is_err());
        assert!(decode("b", &long).is_err());
        assert!(decode("b", &long).is_err());
        assert_eq!(calls.get(), 4);
    }
}
