//! One input per documented limit, at the limit (`docs/reliability.md`).

use super::{FILE_SIZE_LIMIT, buckets};
use crate::Corpus;

/// Resources appended until the next would pass the file-size limit.
pub fn file_size() -> Corpus {
    let mut text = String::new();
    let mut i = 0;
    loop {
        let next = buckets(i, 1);
        if text.len() + next.len() >= FILE_SIZE_LIMIT {
            break;
        }
        text.push_str(&next);
        i += 1;
    }
    let mut corpus = Corpus::default();
    corpus.add("main.tf", text);
    corpus
}

/// 1,000 root modules of 200 one-resource files each.
pub fn files() -> Corpus {
    let mut corpus = Corpus::default();
    for root in 0..1_000 {
        for file in 0..200 {
            let n = root * 200 + file;
            corpus.add(format!("root-{root:04}/r{file:03}.tf"), buckets(n, 1));
        }
    }
    corpus
}

/// Custom objects whose `spec` nests flow mappings to the depth limit: the document's own
/// mapping is level 1, `spec` holds the other 127.
pub fn yaml_depth() -> Corpus {
    let depth = 128;
    let nested = format!(
        "{}{{leaf: x}}{}",
        "{a: ".repeat(depth - 2),
        "}".repeat(depth - 2)
    );
    let mut corpus = Corpus::default();
    for file in 0..100 {
        let mut text = String::new();
        for doc in 0..100 {
            text.push_str(&format!(
                "---\napiVersion: example.com/v1\nkind: Deep\nmetadata:\n  name: deep-{file}-{doc}\n  namespace: default\nspec: {nested}\n"
            ));
        }
        corpus.add(format!("k8s/deep-{file:03}.yaml"), text);
    }
    corpus
}

/// `modules/level-N` calls `level-N+1` down to level 32; the root calls level 1 with
/// `for_each` over 300 keys, so 300 chains of 32 module instances (9,600 in all).
pub fn module_depth() -> Corpus {
    let depth = 32;
    let mut corpus = Corpus::default();
    for level in 1..=depth {
        let mut text = format!(
            "variable \"name\" {{\n  type = string\n}}\n\nresource \"aws_s3_bucket\" \"level\" {{\n  bucket = \"${{var.name}}-{level}\"\n}}\n"
        );
        if level < depth {
            text.push_str(&format!(
                "\nmodule \"next\" {{\n  source = \"../level-{:02}\"\n  name   = var.name\n}}\n",
                level + 1
            ));
        }
        corpus.add(format!("modules/level-{level:02}/main.tf"), text);
    }
    corpus.add(
        "root/main.tf",
        "module \"chain\" {\n  source   = \"../modules/level-01\"\n  for_each = toset([for i in range(300) : \"c${i}\"])\n  name     = each.key\n}\n"
            .to_string(),
    );
    corpus
}

/// Each kind of repetition at 1,000 instances, ten times over.
pub fn instances() -> Corpus {
    let mut text = String::from(
        "locals {\n  keys = toset([for i in range(1000) : \"k${i}\"])\n  ports = range(1000)\n}\n\n",
    );
    for n in 0..10 {
        text.push_str(&format!(
            "resource \"aws_s3_bucket\" \"counted_{n}\" {{\n  count  = 1000\n  bucket = \"counted-{n}-${{count.index}}\"\n}}\n\n\
             resource \"aws_s3_bucket\" \"keyed_{n}\" {{\n  for_each = local.keys\n  bucket   = \"keyed-{n}-${{each.key}}\"\n}}\n\n\
             resource \"aws_security_group\" \"dynamic_{n}\" {{\n  name = \"dynamic-{n}\"\n  dynamic \"ingress\" {{\n    for_each = local.ports\n    content {{\n      from_port = ingress.value\n      to_port   = ingress.value\n      protocol  = \"tcp\"\n    }}\n  }}\n}}\n\n
"
        ));
        // Nine module calls: a tenth would pass the 10,000 module instances of a root.
        if n < 9 {
            text.push_str(&format!(
                "module \"keyed_{n}\" {{\n  source   = \"./modules/one\"\n  for_each = local.keys\n  name     = \"m{n}-${{each.key}}\"\n}}\n\n"
            ));
        }
    }
    let mut corpus = Corpus::default();
    corpus.add("main.tf", text);
    corpus.add(
        "modules/one/main.tf",
        "variable \"name\" {\n  type = string\n}\n\nresource \"aws_s3_bucket\" \"one\" {\n  bucket = var.name\n}\n"
            .to_string(),
    );
    corpus
}

/// 200 resources of `count = 1000`: the root's 200,000 instances exactly.
pub fn resource_instances() -> Corpus {
    let mut text = String::new();
    for n in 0..200 {
        text.push_str(&format!(
            "resource \"aws_s3_bucket\" \"counted_{n}\" {{\n  count  = 1000\n  bucket = \"counted-{n}-${{count.index}}\"\n}}\n\n"
        ));
    }
    let mut corpus = Corpus::default();
    corpus.add("main.tf", text);
    corpus
}

/// Ten module calls of `for_each`, nine over 1,000 keys and one over 999: with the root
/// itself, the 10,000 module instances a root may hold.
pub fn module_instances() -> Corpus {
    let mut text = String::new();
    for n in 0..10 {
        let keys = if n < 9 { 1000 } else { 999 };
        text.push_str(&format!(
            "module \"keyed_{n}\" {{\n  source   = \"./modules/pair\"\n  for_each = toset([for i in range({keys}) : \"k${{i}}\"])\n  name     = \"m{n}-${{each.key}}\"\n}}\n\n"
        ));
    }
    let mut corpus = Corpus::default();
    corpus.add("main.tf", text);
    corpus.add(
        "modules/pair/main.tf",
        "variable \"name\" {\n  type = string\n}\n\nresource \"aws_s3_bucket\" \"data\" {\n  bucket = var.name\n}\n\nresource \"aws_s3_bucket\" \"logs\" {\n  bucket = \"${var.name}-logs\"\n}\n"
            .to_string(),
    );
    corpus
}

/// Locals at hcl-edit's bounds: parentheses 63 deep (the attribute's expression is the
/// 64th level) and chains of 128 `+` operators.
pub fn hcl_nesting() -> Corpus {
    let nested = format!("{}1{}", "(".repeat(63), ")".repeat(63));
    let chained = vec!["1"; 129].join(" + ");
    let mut corpus = Corpus::default();
    for file in 0..10 {
        let mut text = String::from("locals {\n");
        let mut used = Vec::new();
        for n in 0..500 {
            text.push_str(&format!(
                "  nested_{file}_{n}  = {nested}\n  chained_{file}_{n} = {chained}\n"
            ));
            used.push(format!("local.nested_{file}_{n}, local.chained_{file}_{n}"));
        }
        // A resource reads every local, so each is evaluated, not only parsed.
        text.push_str(&format!(
            "}}\n\nresource \"terraform_data\" \"sums_{file}\" {{\n  input = [{}]\n}}\n",
            used.join(", ")
        ));
        corpus.add(format!("nesting-{file}.tf"), text);
    }
    corpus
}
