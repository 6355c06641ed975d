//! Resource instance addresses as structured values, so that a plan's
//! `module.svc["a"].aws_ecs_service.this[0]` can be compared with the loader's addresses
//! whatever the quoting, and a level without a key can stand for every key.

use crate::inventory::InstanceKey;
use std::fmt::Write;

/// How string keys are quoted in the text being parsed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Quoting {
    /// As the loader prints them (`InstanceKey`'s `Display`: a JSON string).
    Json,
    /// As Terraform prints them: HCL string escapes, and `$${` / `%%{` for literal
    /// template introducers.
    Terraform,
}

/// One `module.NAME[KEY]` level.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ModuleStep {
    pub name: String,
    pub key: Option<InstanceKey>,
}

/// `module.a["x"].data.aws_vpc.main[0]`, taken apart.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InstanceAddress {
    pub modules: Vec<ModuleStep>,
    pub data: bool,
    pub resource_type: String,
    pub name: String,
    pub key: Option<InstanceKey>,
}

impl InstanceAddress {
    /// Parses a resource instance address; `None` when it is not one.
    pub fn parse(text: &str, quoting: Quoting) -> Option<InstanceAddress> {
        let steps = tokenize(text, quoting)?;
        let (modules, rest) = module_steps(&steps)?;
        let (data, rest) = match rest {
            [(word, None), tail @ ..] if word == "data" => (true, tail),
            _ => (false, rest),
        };
        match rest {
            [(resource_type, None), (name, key)] => Some(InstanceAddress {
                modules,
                data,
                resource_type: resource_type.clone(),
                name: name.clone(),
                key: key.clone(),
            }),
            _ => None,
        }
    }

    /// True when `instance` is one of the instances this address stands for: the same
    /// names at every level, and at each level either the same key or no key here (a level
    /// whose keys were not known statically stands for all of them).
    pub fn covers(&self, instance: &InstanceAddress) -> bool {
        let key_covers = |mine: &Option<InstanceKey>, theirs: &Option<InstanceKey>| {
            mine.is_none() || mine == theirs
        };
        self.data == instance.data
            && self.resource_type == instance.resource_type
            && self.name == instance.name
            && key_covers(&self.key, &instance.key)
            && self.modules.len() == instance.modules.len()
            && self
                .modules
                .iter()
                .zip(&instance.modules)
                .all(|(a, b)| a.name == b.name && key_covers(&a.key, &b.key))
    }

    /// How many levels carry a key: the more, the more specific a pattern is.
    pub fn keyed_levels(&self) -> usize {
        self.modules.iter().filter(|m| m.key.is_some()).count() + usize::from(self.key.is_some())
    }

    /// The module path without keys: `module.a.module.b` (empty in the root module), as the
    /// loader writes `Resource::module`.
    pub fn module_path(&self) -> String {
        self.modules
            .iter()
            .map(|m| format!("module.{}", m.name))
            .collect::<Vec<_>>()
            .join(".")
    }

    /// `aws_ecs_service.api` or `data.aws_vpc.main`, without module or key.
    pub fn local_name(&self) -> String {
        let data = if self.data { "data." } else { "" };
        format!("{data}{}.{}", self.resource_type, self.name)
    }

    /// The same address with every key removed: the declaration it is an instance of.
    pub fn declaration(&self) -> InstanceAddress {
        InstanceAddress {
            modules: self
                .modules
                .iter()
                .map(|m| ModuleStep {
                    name: m.name.clone(),
                    key: None,
                })
                .collect(),
            key: None,
            ..self.clone()
        }
    }
}

impl std::fmt::Display for InstanceAddress {
    /// Terraform's form, keys quoted as `InstanceKey` prints them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&module_text(&self.modules))?;
        if !self.modules.is_empty() {
            f.write_char('.')?;
        }
        f.write_str(&self.local_name())?;
        if let Some(key) = &self.key {
            write!(f, "{key}")?;
        }
        Ok(())
    }
}

/// `module.a["x"].module.b`, keys quoted as `InstanceKey` prints them.
pub fn module_text(modules: &[ModuleStep]) -> String {
    let mut out = String::new();
    for (i, step) in modules.iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        let _ = write!(out, "module.{}", step.name);
        if let Some(key) = &step.key {
            let _ = write!(out, "{key}");
        }
    }
    out
}

/// Parses a module instance address (`module.a["x"].module.b`); the empty string is the
/// root module.
pub fn parse_module_path(text: &str, quoting: Quoting) -> Option<Vec<ModuleStep>> {
    if text.is_empty() {
        return Some(Vec::new());
    }
    let steps = tokenize(text, quoting)?;
    match module_steps(&steps)? {
        (modules, []) => Some(modules),
        _ => None,
    }
}

/// The names of a traversal as Terraform prints it (`module.a["k"].out`, `aws_x.y[0].arn`),
/// keys dropped; `None` when it is not a plain traversal (a splat, say).
pub fn traversal_names(text: &str) -> Option<Vec<String>> {
    Some(
        tokenize(text, Quoting::Terraform)?
            .into_iter()
            .map(|(name, _)| name)
            .collect(),
    )
}

type Step = (String, Option<InstanceKey>);

/// The leading `module.NAME[KEY]` pairs, and what follows them.
fn module_steps(steps: &[Step]) -> Option<(Vec<ModuleStep>, &[Step])> {
    let mut modules = Vec::new();
    let mut rest = steps;
    while let [(word, None), (name, key), tail @ ..] = rest {
        if word != "module" {
            break;
        }
        modules.push(ModuleStep {
            name: name.clone(),
            key: key.clone(),
        });
        rest = tail;
    }
    // A lone trailing `module` is not an address.
    if matches!(rest, [(word, None)] if word == "module") {
        return None;
    }
    Some((modules, rest))
}

/// Splits `a.b["k"].c[0]` into names, each with the key written after it.
fn tokenize(text: &str, quoting: Quoting) -> Option<Vec<Step>> {
    let mut steps = Vec::new();
    let mut chars = text.char_indices().peekable();
    loop {
        let start = chars.peek()?.0;
        let mut end = start;
        while let Some(&(i, c)) = chars.peek() {
            if c.is_alphanumeric() || c == '_' || c == '-' {
                end = i + c.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        if end == start {
            return None;
        }
        let name = text[start..end].to_string();
        let key = match chars.peek() {
            Some(&(_, '[')) => {
                chars.next();
                Some(read_key(&mut chars, quoting)?)
            }
            _ => None,
        };
        steps.push((name, key));
        match chars.next() {
            None => return Some(steps),
            Some((_, '.')) => continue,
            Some(_) => return None,
        }
    }
}

/// Reads a key after `[`, up to and including `]`.
fn read_key(
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    quoting: Quoting,
) -> Option<InstanceKey> {
    if chars.peek().map(|&(_, c)| c) == Some('"') {
        chars.next();
        let key = read_quoted(chars, quoting)?;
        return match chars.next() {
            Some((_, ']')) => Some(InstanceKey::Key(key)),
            _ => None,
        };
    }
    let mut digits = String::new();
    for (_, c) in chars.by_ref() {
        match c {
            ']' => return digits.parse().ok().map(InstanceKey::Index),
            '0'..='9' => digits.push(c),
            _ => return None,
        }
    }
    None
}

/// The body of a quoted string, up to and including its closing quote.
fn read_quoted(
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    quoting: Quoting,
) -> Option<String> {
    let mut out = String::new();
    while let Some((_, c)) = chars.next() {
        match c {
            '"' => return Some(out),
            '\\' => {
                let (_, escaped) = chars.next()?;
                match escaped {
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    '"' | '\\' | '/' => out.push(escaped),
                    'u' => out.push(read_hex(chars, 4)?),
                    'U' if quoting == Quoting::Terraform => out.push(read_hex(chars, 8)?),
                    _ => return None,
                }
            }
            // Terraform doubles a template introducer to keep it literal.
            '$' | '%' if quoting == Quoting::Terraform => {
                out.push(c);
                let doubled = chars.peek().map(|&(_, next)| next) == Some(c);
                if doubled {
                    let mut ahead = chars.clone();
                    ahead.next();
                    if ahead.peek().map(|&(_, next)| next) == Some('{') {
                        chars.next();
                    }
                }
            }
            other => out.push(other),
        }
    }
    None
}

/// `count` hexadecimal digits; JSON writes characters outside the BMP as surrogate pairs.
fn read_hex(
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    count: usize,
) -> Option<char> {
    let value = hex_digits(chars, count)?;
    if (0xD800..0xDC00).contains(&value) {
        // A high surrogate: the low one follows as `\uXXXX`.
        if chars.next()?.1 != '\\' || chars.next()?.1 != 'u' {
            return None;
        }
        let low = hex_digits(chars, 4)?;
        if !(0xDC00..0xE000).contains(&low) {
            return None;
        }
        return char::from_u32(0x10000 + ((value - 0xD800) << 10) + (low - 0xDC00));
    }
    char::from_u32(value)
}

fn hex_digits(
    chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>,
    count: usize,
) -> Option<u32> {
    let mut value = 0u32;
    for _ in 0..count {
        let (_, c) = chars.next()?;
        value = value.checked_mul(16)?.checked_add(c.to_digit(16)?)?;
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> InstanceAddress {
        InstanceAddress::parse(text, Quoting::Terraform).unwrap_or_else(|| {
            unreachable!("{text} should parse");
        })
    }

    #[test]
    fn parses_modules_data_sources_and_keys() {
        let address = parse(r#"module.svc["a.b"].module.inner[2].data.aws_vpc.main[0]"#);
        assert_eq!(address.modules.len(), 2);
        assert_eq!(
            address.modules[0].key,
            Some(InstanceKey::Key("a.b".to_string()))
        );
        assert_eq!(address.modules[1].key, Some(InstanceKey::Index(2)));
        assert!(address.data);
        assert_eq!(address.local_name(), "data.aws_vpc.main");
        assert_eq!(address.key, Some(InstanceKey::Index(0)));
        assert_eq!(address.module_path(), "module.svc.module.inner");
        assert_eq!(
            address.to_string(),
            r#"module.svc["a.b"].module.inner[2].data.aws_vpc.main[0]"#
        );
    }

    #[test]
    fn terraform_and_json_quoting_agree_on_the_key() {
        let terraform = parse(r#"aws_s3_bucket.b["$${x} \"q\" \u00e9 \ud83d\ude00"]"#);
        let json = InstanceAddress::parse(r#"aws_s3_bucket.b["${x} \"q\" é 😀"]"#, Quoting::Json);
        assert_eq!(Some(terraform.clone()), json);
        assert_eq!(
            terraform.key,
            Some(InstanceKey::Key("${x} \"q\" é 😀".to_string()))
        );
        // JSON quoting has no doubling: `$${` stays as written.
        let literal = InstanceAddress::parse(r#"a.b["$${"]"#, Quoting::Json).map(|a| a.key);
        assert_eq!(literal, Some(Some(InstanceKey::Key("$${".to_string()))));
    }

    #[test]
    fn rejects_what_is_not_an_address() {
        for text in [
            "",
            "aws_instance",
            "module.only",
            "module",
            "a.b.c",
            "a.b[",
            "a.b[x]",
            "a.b[\"open]",
            "a..b",
            "a.b[0]x",
            "a.b[-1]",
        ] {
            assert_eq!(
                InstanceAddress::parse(text, Quoting::Terraform),
                None,
                "{text}"
            );
        }
        assert_eq!(
            parse_module_path("module.a[\"k\"].module.b", Quoting::Terraform).map(|m| m.len()),
            Some(2)
        );
        assert_eq!(parse_module_path("aws_x.y", Quoting::Terraform), None);
        assert_eq!(parse_module_path("", Quoting::Terraform), Some(Vec::new()));
    }

    #[test]
    fn a_level_without_key_covers_every_key() {
        let pattern = parse("module.svc.aws_ecs_service.this");
        assert!(pattern.covers(&parse(r#"module.svc["a"].aws_ecs_service.this"#)));
        assert!(pattern.covers(&parse(r#"module.svc[1].aws_ecs_service.this[0]"#)));
        assert!(!pattern.covers(&parse(r#"module.other["a"].aws_ecs_service.this"#)));
        assert!(!pattern.covers(&parse("aws_ecs_service.this")));
        let keyed = parse(r#"module.svc["a"].aws_ecs_service.this"#);
        assert!(!keyed.covers(&parse(r#"module.svc["b"].aws_ecs_service.this"#)));
        assert!(!parse("data.aws_vpc.x").covers(&parse("aws_vpc.x")));
        assert_eq!(keyed.keyed_levels(), 1);
        assert_eq!(
            keyed.declaration(),
            pattern,
            "the declaration drops every key"
        );
    }
}
