//! What every root module shares: where it lives, its backend and the few names the
//! platform-specific writers need.

use crate::hcl::Hcl;
use crate::rng::Rng;

/// One root module directory of the corpus.
pub struct Root {
    /// Relative to the corpus root: `environments/prod/payments-ecs`.
    pub dir: String,
    pub environment: &'static str,
    /// The team, with a number when the word list runs out (`payments-2`).
    pub team: String,
    pub region: &'static str,
}

impl Root {
    /// Path from the root module to a shared module directory.
    pub fn module_source(&self, module_dir: &str) -> String {
        let depth = self.dir.split('/').count();
        format!("{}{module_dir}", "../".repeat(depth))
    }

    pub fn file(&self, name: &str) -> String {
        format!("{}/{name}", self.dir)
    }
}

/// The `terraform` block with the providers it needs, as `(name, source, version)`.
pub fn terraform_block(hcl: &mut Hcl, root: &Root, providers: &[(&str, &str, &str)]) {
    hcl.block("terraform", |t| {
        t.string("required_version", ">= 1.6");
        t.blank();
        t.block("required_providers", |p| {
            for (name, source, version) in providers {
                p.block(format!("{name} ="), |b| {
                    b.string("source", source).string("version", version);
                });
            }
        });
        t.blank();
        t.block("backend \"s3\"", |b| {
            b.string("bucket", "acme-terraform-state")
                .string("key", format!("{}/terraform.tfstate", root.dir))
                .string("region", "eu-west-1");
        });
    });
    hcl.blank();
}

/// `count` distinct words, in the list's order of drawing.
pub fn distinct_words(rng: &mut Rng, words: &[&'static str], count: usize) -> Vec<&'static str> {
    let mut pool: Vec<&'static str> = words.to_vec();
    let mut chosen = Vec::new();
    while chosen.len() < count && !pool.is_empty() {
        let index = rng.range(0, pool.len() - 1);
        chosen.push(pool.remove(index));
    }
    chosen
}

/// A version tag such as `1.14.2`.
pub fn version(rng: &mut Rng) -> String {
    format!(
        "{}.{}.{}",
        rng.range(1, 4),
        rng.range(0, 30),
        rng.range(0, 12)
    )
}
