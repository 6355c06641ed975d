//! Phase timings for profiling: `TFMAP_TIMINGS=1` prints how long each phase took to
//! standard error. Off by default, and never part of any output a test compares.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("TFMAP_TIMINGS").is_some_and(|v| !v.is_empty()))
}

/// Runs `work`, and reports its wall time under `name` when timings are on.
pub fn phase<T>(name: &str, work: impl FnOnce() -> T) -> T {
    if !enabled() {
        return work();
    }
    let start = Instant::now();
    let result = work();
    eprintln!(
        "tfmap: timing: {name:<28} {:>8.1} ms{}",
        start.elapsed().as_secs_f64() * 1000.0,
        memory().unwrap_or_default()
    );
    result
}

/// Resident and peak resident memory, where the system says (Linux).
fn memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(name))
            .map(|rest| rest.trim().to_string())
    };
    Some(format!(
        "   rss {}   peak {}",
        field("VmRSS:")?,
        field("VmHWM:")?
    ))
}
