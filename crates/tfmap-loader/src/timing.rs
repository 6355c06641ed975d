//! Phase timings for profiling. Each phase runs inside a `tracing` span; this crate (like
//! every library crate of tfmap) never prints. The binary installs a subscriber that prints
//! each phase's wall time when `TFMAP_TIMINGS=1`; without one, a span costs a cached check.

/// The target of the phase spans, for a subscriber to pick them out.
pub const TARGET: &str = "tfmap::timing";

/// The span field that holds the phase's name.
pub const NAME_FIELD: &str = "name";

/// Runs `work` inside a span named after the phase, which a subscriber can time.
pub fn phase<T>(name: &str, work: impl FnOnce() -> T) -> T {
    let span = tracing::info_span!(target: "tfmap::timing", "phase", name);
    let _entered = span.enter();
    work()
}
