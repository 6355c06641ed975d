//! Hashes of strings, as Terraform computes them: `md5`, `sha1`, `sha256`, `sha512` give
//! lowercase hex, `base64sha256` and `base64sha512` the base64 of the raw digest, and
//! `uuidv5` the name-based UUID. The string is hashed as its UTF-8 bytes. The `file*`
//! variants share these through [`file_digest`].

use super::{string_arg, unknown};
use base64::Engine;
use hcl::Value;
use hcl::eval::FuncArgs;
use md5::Md5;
use sha1::Sha1;
use sha2::{Digest, Sha256, Sha512};

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The result of a hashing function named `name` over `bytes`; `None` for other names.
pub fn digest_named(name: &str, bytes: &[u8]) -> Option<String> {
    Some(match name {
        "md5" => hex(&Md5::digest(bytes)),
        "sha1" => hex(&Sha1::digest(bytes)),
        "sha256" => hex(&Sha256::digest(bytes)),
        "sha512" => hex(&Sha512::digest(bytes)),
        "base64sha256" => base64(&Sha256::digest(bytes)),
        "base64sha512" => base64(&Sha512::digest(bytes)),
        _ => return None,
    })
}

/// `filemd5` is `md5` of the file's bytes, `filebase64sha256` is `base64sha256`, …
pub fn file_digest(function: &str, bytes: &[u8]) -> Option<String> {
    digest_named(function.strip_prefix("file")?, bytes)
}

fn hash_of(name: &str, args: &FuncArgs) -> Result<Value, String> {
    let text = string_arg(args, 0)?;
    digest_named(name, text.as_bytes())
        .map(Value::String)
        .ok_or_else(|| format!("{name} is not a hash function"))
}

pub fn md5(args: FuncArgs) -> Result<Value, String> {
    hash_of("md5", &args)
}

pub fn sha1(args: FuncArgs) -> Result<Value, String> {
    hash_of("sha1", &args)
}

pub fn sha256(args: FuncArgs) -> Result<Value, String> {
    hash_of("sha256", &args)
}

pub fn sha512(args: FuncArgs) -> Result<Value, String> {
    hash_of("sha512", &args)
}

pub fn base64sha256(args: FuncArgs) -> Result<Value, String> {
    hash_of("base64sha256", &args)
}

pub fn base64sha512(args: FuncArgs) -> Result<Value, String> {
    hash_of("base64sha512", &args)
}

/// The RFC 4122 namespaces Terraform names (`dns`, `url`, `oid`, `x500`).
fn namespace_bytes(namespace: &str) -> Option<[u8; 16]> {
    let text = match namespace {
        "dns" => "6ba7b810-9dad-11d1-80b4-00c04fd430c8",
        "url" => "6ba7b811-9dad-11d1-80b4-00c04fd430c8",
        "oid" => "6ba7b812-9dad-11d1-80b4-00c04fd430c8",
        "x500" => "6ba7b814-9dad-11d1-80b4-00c04fd430c8",
        other => other,
    };
    parse_uuid(text)
}

/// A UUID in its hyphenated form (braces and `urn:uuid:` are accepted too, as Go's
/// `uuid.Parse` does).
fn parse_uuid(text: &str) -> Option<[u8; 16]> {
    let text = text.strip_prefix("urn:uuid:").unwrap_or(text);
    let text = text
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(text);
    let digits: String = match text.len() {
        36 => {
            let dashes = [8, 13, 18, 23];
            if dashes
                .iter()
                .any(|&i| text.as_bytes().get(i) != Some(&b'-'))
            {
                return None;
            }
            text.chars().filter(|c| *c != '-').collect()
        }
        32 => text.to_string(),
        _ => return None,
    };
    let mut out = [0u8; 16];
    for (i, byte) in out.iter_mut().enumerate() {
        let pair = digits.get(i * 2..i * 2 + 2)?;
        *byte = u8::from_str_radix(pair, 16).ok()?;
    }
    Some(out)
}

/// `uuidv5(namespace, name)`: SHA-1 of the namespace and the name, with the version and
/// variant bits set. It depends only on its arguments, so it is evaluated.
pub fn uuidv5(args: FuncArgs) -> Result<Value, String> {
    let namespace = string_arg(&args, 0)?;
    let name = string_arg(&args, 1)?;
    let Some(space) = namespace_bytes(&namespace) else {
        return Err(format!(
            "uuidv5 does not support the namespace {namespace:?}"
        ));
    };
    let mut hasher = Sha1::new();
    hasher.update(space);
    hasher.update(name.as_bytes());
    let hash = hasher.finalize();
    let Some(mut bytes) = hash.get(..16).and_then(|b| <[u8; 16]>::try_from(b).ok()) else {
        return Ok(unknown("uuidv5"));
    };
    bytes[6] = (bytes[6] & 0x0f) | 0x50;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let h = hex(&bytes);
    Ok(Value::String(format!(
        "{}-{}-{}-{}-{}",
        &h[..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..]
    )))
}

#[cfg(test)]
mod tests {
    use super::super::tests::eval;
    use hcl::Value;

    #[test]
    fn hashes_match_the_known_digests() {
        assert_eq!(
            eval(r#"md5("hello world")"#),
            Value::from("5eb63bbbe01eeed093cb22bb8f5acdc3")
        );
        assert_eq!(
            eval(r#"sha1("hello world")"#),
            Value::from("2aae6c35c94fcfb415dbe95f408b9ce91ee846ed")
        );
        assert_eq!(
            eval(r#"sha256("hello world")"#),
            Value::from("b94d27b9934d3e08a52e52d7da7dabfac484efe37a5380ee9088f7ace2efcde9")
        );
        assert_eq!(
            eval(r#"sha512("hello world")"#),
            Value::from(
                "309ecc489c12d6eb4cc40f50c902f2b4d0ed77ee511a7c7a9bcd3ca86d4cd86f\
                 989dd35bc5ff499670da34255b45b0cfd830e81f605dcf7dc5542e93ae9cd76f"
            )
        );
        assert_eq!(
            eval(r#"base64sha256("hello world")"#),
            Value::from("uU0nuZNNPgilLlLX2n2r+sSE7+N6U4DukIj3rOLvzek=")
        );
        assert_eq!(
            eval(r#"base64sha512("hello world")"#),
            Value::from(
                "MJ7MSJwS1utMxA9QyQLytNDtd+5RGnx6m808qG1M2G+YndNbxf9JlnDaNCVbRbDP2DDoH2Bdz33FVC6TrpzXbw=="
            )
        );
    }

    #[test]
    fn uuidv5_uses_the_named_namespaces() {
        assert_eq!(
            eval(r#"uuidv5("dns", "www.terraform.io")"#),
            Value::from("a5008fae-b28c-5ba5-96cd-82b4c53552d6")
        );
        assert_eq!(
            eval(r#"uuidv5("6ba7b810-9dad-11d1-80b4-00c04fd430c8", "www.terraform.io")"#),
            Value::from("a5008fae-b28c-5ba5-96cd-82b4c53552d6")
        );
        assert!(super::super::tests::fails(r#"uuidv5("nope", "x")"#));
    }
}
