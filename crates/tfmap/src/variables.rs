//! `--var-file`, `--var` and `--tf-var-env`: the binary reads the files and the environment
//! and hands their text to the loader, which reads nothing outside the analysed directory.

use crate::args::VariableArgs;
use clap::ArgMatches;
use tfmap_loader::{VariableInput, VariableInputs};

/// The loader's variable inputs: files read, `--var` split, both in command-line order
/// (`matches` are the subcommand's, which know the positions). `limit` is
/// `--max-file-size`.
pub fn inputs(
    args: &VariableArgs,
    matches: Option<&ArgMatches>,
    limit: u64,
) -> Result<VariableInputs, String> {
    let positions = |id: &str| -> Vec<usize> {
        matches
            .and_then(|m| m.indices_of(id))
            .map(Iterator::collect)
            .unwrap_or_default()
    };
    let mut ordered: Vec<(usize, VariableInput)> = Vec::new();
    for (i, path) in args.var_files.iter().enumerate() {
        let text = tfmap_loader::checked_read::read_text(path, limit)
            .map_err(|error| format!("--var-file {}: {error}", path.display()))?;
        let position = positions("var_files").get(i).copied().unwrap_or(i);
        let name = path.display().to_string();
        ordered.push((position, VariableInput::File { name, text }));
    }
    for (i, assignment) in args.vars.iter().enumerate() {
        let Some((name, value)) = assignment.split_once('=') else {
            return Err(format!(
                "--var {assignment:?}: expected NAME=VALUE, such as --var 'image=api:1.2'"
            ));
        };
        let name = name.trim();
        if name.is_empty() {
            return Err("--var: the variable name before '=' is empty".to_string());
        }
        let position = positions("vars")
            .get(i)
            .copied()
            .unwrap_or(usize::MAX / 2 + i);
        ordered.push((
            position,
            VariableInput::Value {
                name: name.to_string(),
                value: value.to_string(),
            },
        ));
    }
    ordered.sort_by_key(|(position, _)| *position);
    let environment = if args.tf_var_env {
        let mut found: Vec<(String, String)> = std::env::vars_os()
            .filter_map(|(key, value)| {
                let name = key.to_str()?.strip_prefix("TF_VAR_")?.to_string();
                (!name.is_empty()).then_some((name, value.into_string().ok()?))
            })
            .collect();
        found.sort();
        found
    } else {
        Vec::new()
    };
    Ok(VariableInputs {
        environment,
        command_line: ordered.into_iter().map(|(_, input)| input).collect(),
    })
}
