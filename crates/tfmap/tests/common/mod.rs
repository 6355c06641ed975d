//! Finding the external programs some tests check output with (Graphviz's `dot`, the Mermaid
//! CLI). Under CI (`CI` set) a missing program fails the test: `.ci/run` installs them. On a
//! developer machine without them the test says so and passes, so the README's test command
//! works anywhere.

use std::path::PathBuf;

/// The program named by `env_var`, or found on `PATH` as `name`.
pub fn tool(env_var: &str, name: &str) -> Option<PathBuf> {
    if let Some(path) = std::env::var_os(env_var)
        .map(PathBuf::from)
        .filter(|p| p.exists())
    {
        return Some(path);
    }
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|paths| std::env::split_paths(&paths).collect::<Vec<_>>())
        .map(|dir| dir.join(name))
        .find(|candidate| candidate.is_file());
    if found.is_none() {
        let message =
            format!("`{name}` not found (set {env_var} or put it on PATH; .ci/run installs it)");
        assert!(std::env::var_os("CI").is_none(), "{message}");
        eprintln!("skipped: {message}");
    }
    found
}
