//! `TFMAP_TIMINGS=1`: prints the wall time (and, on Linux, the resident memory) of each
//! phase the libraries mark with [`tfmap_loader::timing::phase`]. The libraries only open
//! spans; this subscriber, installed by the binary alone, does the printing.

use std::fmt::Debug;
use std::time::Instant;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id};
use tracing_subscriber::layer::{Context, Layer, SubscriberExt};
use tracing_subscriber::registry::LookupSpan;

/// Installs the timing printer when `TFMAP_TIMINGS` is set and not empty.
pub fn install_if_asked() {
    if std::env::var_os("TFMAP_TIMINGS").is_some_and(|v| !v.is_empty()) {
        let subscriber = tracing_subscriber::registry().with(PhasePrinter);
        let _ = tracing::subscriber::set_global_default(subscriber);
    }
}

/// Prints a line for each phase span when it closes.
struct PhasePrinter;

/// A phase being timed: its name and when it started.
struct Phase {
    name: String,
    start: Instant,
}

impl<S> Layer<S> for PhasePrinter
where
    S: tracing::Subscriber + for<'a> LookupSpan<'a>,
{
    fn on_new_span(&self, attributes: &Attributes<'_>, id: &Id, context: Context<'_, S>) {
        if attributes.metadata().target() != tfmap_loader::timing::TARGET {
            return;
        }
        let Some(span) = context.span(id) else {
            return;
        };
        let mut name = PhaseName(String::new());
        attributes.record(&mut name);
        span.extensions_mut().insert(Phase {
            name: name.0,
            start: Instant::now(),
        });
    }

    fn on_close(&self, id: Id, context: Context<'_, S>) {
        let Some(span) = context.span(&id) else {
            return;
        };
        if let Some(phase) = span.extensions().get::<Phase>() {
            crate::error::report(format_args!(
                "timing: {:<28} {:>8.1} ms{}",
                phase.name,
                phase.start.elapsed().as_secs_f64() * 1000.0,
                memory().unwrap_or_default()
            ));
        }
    }
}

/// Reads the phase's name from its span.
struct PhaseName(String);

impl Visit for PhaseName {
    fn record_str(&mut self, field: &Field, value: &str) {
        if field.name() == tfmap_loader::timing::NAME_FIELD {
            self.0 = value.to_string();
        }
    }

    fn record_debug(&mut self, field: &Field, value: &dyn Debug) {
        if field.name() == tfmap_loader::timing::NAME_FIELD {
            self.0 = format!("{value:?}");
        }
    }
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
