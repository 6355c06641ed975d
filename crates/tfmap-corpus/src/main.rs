//! `tfmap-corpus`: writes the benchmark corpus (see the library's documentation for what it
//! holds and how resources are counted).

use anyhow::Result;
use clap::Parser;
use std::path::PathBuf;
use std::process::ExitCode;
use tfmap_corpus::{Options, generate};

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
    #[arg(long)]
    out: PathBuf,
    /// Write into a non-empty directory (files the corpus does not hold are left alone).
    #[arg(long)]
    force: bool,
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
    let corpus = generate(&Options {
        resources: cli.resources,
        seed: cli.seed,
    });
    corpus.write(&cli.out, cli.force)?;
    let counts = corpus.counts;
    println!(
        "{}: {} resources ({} Terraform resource instances, {} Kubernetes objects) in {} root modules, {} files, {} bytes",
        cli.out.display(),
        counts.total(),
        counts.terraform_resources,
        counts.kubernetes_objects,
        counts.roots,
        corpus.files.len(),
        corpus.bytes()
    );
    Ok(())
}
