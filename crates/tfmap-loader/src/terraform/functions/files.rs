//! The functions that read one file of the repository: `file`, `filebase64`, `filemd5`,
//! `filesha1`, `filesha256`, `filesha512`, `filebase64sha256`, `filebase64sha512` (and
//! `templatefile`, which the evaluator renders). The evaluator reads the file, only
//! inside the analysed root, and asks [`result_from_text`] for the value. Files are read
//! as UTF-8 text: a binary file makes the result unknown (with the read warning).
//! `fileexists` and `fileset` are not here: the evaluator answers them from the sources
//! (a missing file or directory is an answer there, not a warning).

use super::crypto::file_digest;
use base64::Engine;
use hcl::Value;

/// Functions the evaluator resolves by reading the file named by their first argument.
pub const READS_A_FILE: [&str; 9] = [
    "file",
    "templatefile",
    "filebase64",
    "filemd5",
    "filesha1",
    "filesha256",
    "filesha512",
    "filebase64sha256",
    "filebase64sha512",
];

/// True for the functions whose value comes from reading a file.
pub fn reads_a_file(name: &str) -> bool {
    READS_A_FILE.contains(&name)
}

/// The value of a file-reading function given the file's text; `None` for
/// `templatefile`, which needs its variables.
pub fn result_from_text(function: &str, text: &str) -> Option<Value> {
    match function {
        "file" => Some(Value::from(text)),
        "filebase64" => Some(Value::String(
            base64::engine::general_purpose::STANDARD.encode(text),
        )),
        _ => file_digest(function, text.as_bytes()).map(Value::String),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_results_hash_or_encode_the_text() {
        let text = || "hello world";
        assert_eq!(
            result_from_text("file", text()),
            Some(Value::from("hello world"))
        );
        assert_eq!(
            result_from_text("filebase64", text()),
            Some(Value::from("aGVsbG8gd29ybGQ="))
        );
        assert_eq!(
            result_from_text("filemd5", text()),
            Some(Value::from("5eb63bbbe01eeed093cb22bb8f5acdc3"))
        );
        assert_eq!(
            result_from_text("filebase64sha256", text()),
            Some(Value::from("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek="))
        );
        assert_eq!(result_from_text("templatefile", text()), None);
        assert!(READS_A_FILE.iter().all(|name| reads_a_file(name)));
        assert!(!reads_a_file("fileexists"));
    }
}
