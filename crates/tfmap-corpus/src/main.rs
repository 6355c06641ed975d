//! `tfmap-corpus`: writes the benchmark corpus (see the library's documentation for what it
//! holds and how resources are counted).

use anyhow::{Result, bail};
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use tfmap_corpus::{Options, generate, limits};

#[derive(Parser)]
#[command(
    version,
    about = "Writes a synthetic Terraform and Kubernetes monorepo for benchmarks"
)]
struct Cli {
    /// Terraform resource instances plus Kubernetes objects to aim for.
    #[arg(long, default_value_t = 200)]
    resources: u64,
    /// The same seed writes the same bytes.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Directory to write; it must be empty or missing unless --force.
    #[arg(long, required_unless_present = "list_limits")]
    out: Option<PathBuf>,
    /// Write into a non-empty directory (files the corpus does not hold are left alone).
    #[arg(long)]
    force: bool,
    /// Instead of the corpus, write the input at one documented limit (or one of issue
    /// #13's former cliffs); `--list-limits` names them.
    #[arg(long, value_name = "NAME", conflicts_with = "resources")]
    limit: Option<String>,
    /// Print the name and contents of every `--limit` input.
    #[arg(long)]
    list_limits: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("tfmap-corpus: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: &Cli) -> Result<()> {
    if cli.list_limits {
        for case in limits::CASES {
            println!("{:<20} {}", case.name, case.description);
        }
        return Ok(());
    }
    let Some(out) = &cli.out else {
        bail!("--out is required");
    };
    if let Some(name) = &cli.limit {
        let Some(case) = limits::case(name) else {
            bail!("no limit input named '{name}' (see --list-limits)");
        };
        let corpus = (case.write)();
        corpus.write(out, cli.force)?;
        println!(
            "{}: {} ({} files, {} bytes)",
            out.display(),
            case.description,
            corpus.files.len(),
            corpus.bytes()
        );
        return Ok(());
    }
    let corpus = generate(&Options {
        resources: cli.resources,
        seed: cli.seed,
    });
    corpus.write(out, cli.force)?;
    let counts = corpus.counts;
    println!(
        "{}: {} resources ({} Terraform resource instances, {} Kubernetes objects) in {} root modules, {} files, {} bytes",
        out.display(),
        counts.total(),
        counts.terraform_resources,
        counts.kubernetes_objects,
        counts.roots,
        corpus.files.len(),
        corpus.bytes()
    );
    Ok(())
}
