//! Evaluation budgets: how much one root module's evaluation may build and do. Hostile
//! Terraform is small text that asks for huge values (64 locals that each double a string,
//! nested `for` expressions, `%{ for }` templates, thousands of module instances); past a
//! budget the value stays unknown and one warning per root and
//! budget names it, so the rest of the repository is still analysed.
//!
//! The limits live here, together. Real repositories stay far below each of them (checked
//! on the corpora of `corpora-report`); none is a command-line flag.
//!
//! The interpreter (`interpret/`) counts on a meter held per thread: every function call
//! goes through [`metered_call`], every `for` element and `%{ for }` iteration through
//! [`charge_built`]. A root is evaluated on one thread and nothing inside an evaluation
//! waits on rayon, so the meter of the evaluator that installed it is the one counted.

use hcl::Value;
use hcl::eval::FuncArgs;
use std::cell::RefCell;

/// The largest value one expression may give, in bytes of text (strings and keys) plus 32
/// per element. Container definitions and user data are kilobytes; a whole root of the
/// corpora evaluates 0.5 MB at most. 64 locals doubling a string stop at the 21st.
pub const MAX_VALUE_BYTES: usize = 2 << 20;

/// Bytes one expression may build through the elements of its `for` expressions (an
/// element inside nested `for`s is counted once per level). Far above any single value,
/// so that only a bomb (`[for a in range(1000) : [for b in range(1000) : …]]`) reaches it.
pub const MAX_EXPRESSION_BYTES: usize = 16 << 20;

/// Bytes of all the values one root module's evaluation gives together (each local,
/// variable, output and resource attribute as evaluated). A 15 MB file read by 1,000
/// instances would otherwise be copied 1,000 times; the largest root of the corpora gives
/// 0.5 MB (cloud-foundation-fabric), 128 times less.
pub const MAX_ROOT_VALUE_BYTES: usize = 64 << 20;

/// Steps of one root module's evaluation: a function call, an element a `for` expression
/// or a `%{ for }` directive iterates over, and 16 bytes of template text a `%{ for }`
/// repeats. Bounds the time of what builds little but loops a lot (about half a second of
/// work); the roots of the corpora take 616 steps at most (cloud-foundation-fabric).
pub const MAX_ROOT_STEPS: u64 = 2_000_000;

/// Module instances one root module may expand into, nested calls included (three levels
/// of 300 calls would be 27 million); past it, further calls are not followed.
pub const MAX_MODULE_INSTANCES: usize = 10_000;

/// Which limit an evaluation went past.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Budget {
    ValueBytes,
    ExpressionBytes,
    RootValueBytes,
    RootSteps,
}

impl Budget {
    /// What the limit bounds and its value, for the one warning that reports it.
    pub fn describe(self) -> String {
        match self {
            Budget::ValueBytes => {
                format!("a value larger than {MAX_VALUE_BYTES} bytes (budget: value size)")
            }
            Budget::ExpressionBytes => format!(
                "`for` expressions building more than {MAX_EXPRESSION_BYTES} bytes in one expression (budget: expression size)"
            ),
            Budget::RootValueBytes => format!(
                "values adding up to more than {MAX_ROOT_VALUE_BYTES} bytes in this root module (budget: root value size)"
            ),
            Budget::RootSteps => format!(
                "more than {MAX_ROOT_STEPS} evaluation steps in this root module (budget: evaluation steps)"
            ),
        }
    }
}

/// What one root's evaluation has spent, and the budget it went past, if any, since the
/// evaluator last asked.
#[derive(Debug, Default)]
struct Meter {
    steps: u64,
    root_bytes: usize,
    expression_bytes: usize,
    exceeded: Option<Budget>,
}

impl Meter {
    fn exceed(&mut self, budget: Budget) -> Result<(), Budget> {
        self.exceeded.get_or_insert(budget);
        Err(budget)
    }

    fn step(&mut self, steps: u64) -> Result<(), Budget> {
        self.steps = self.steps.saturating_add(steps);
        if self.steps > MAX_ROOT_STEPS {
            return self.exceed(Budget::RootSteps);
        }
        Ok(())
    }
}

thread_local! {
    /// The meters of the evaluators alive on this thread; the last one counts.
    static METERS: RefCell<Vec<Meter>> = const { RefCell::new(Vec::new()) };
}

/// Runs `f` on the meter in use; without one (a function evaluated outside any evaluator,
/// as unit tests do), nothing is counted.
fn with_meter<T>(f: impl FnOnce(&mut Meter) -> Result<T, Budget>, default: T) -> Result<T, Budget> {
    METERS.with(|meters| match meters.borrow_mut().last_mut() {
        Some(meter) => f(meter),
        None => Ok(default),
    })
}

/// A fresh meter for one evaluator, in use on this thread until dropped.
#[derive(Debug)]
pub struct MeterGuard(());

impl MeterGuard {
    pub fn install() -> Self {
        METERS.with(|meters| meters.borrow_mut().push(Meter::default()));
        MeterGuard(())
    }
}

impl Drop for MeterGuard {
    fn drop(&mut self) {
        METERS.with(|meters| {
            meters.borrow_mut().pop();
        });
    }
}

/// The budget exceeded since the last call, if any; the meter forgets it.
pub fn take_exceeded() -> Option<Budget> {
    METERS.with(|meters| {
        meters
            .borrow_mut()
            .last_mut()
            .and_then(|meter| meter.exceeded.take())
    })
}

/// True when a budget was exceeded since the last [`take_exceeded`].
pub fn is_exceeded() -> bool {
    METERS.with(|meters| {
        meters
            .borrow()
            .last()
            .is_some_and(|meter| meter.exceeded.is_some())
    })
}

/// Counts steps (one per function call, per element iterated).
pub fn step(steps: u64) -> Result<(), Budget> {
    with_meter(|meter| meter.step(steps), ())
}

/// Starts counting the bytes one expression builds through its `for` elements.
pub fn start_expression() {
    let _ = with_meter(
        |meter| {
            meter.expression_bytes = 0;
            Ok(())
        },
        (),
    );
}

/// Refuses, before it is built, a result of `bytes` bytes over the value budget.
pub fn check_bytes(bytes: usize) -> Result<(), String> {
    if bytes > MAX_VALUE_BYTES {
        let _ = with_meter(|meter| meter.exceed(Budget::ValueBytes), ());
        return Err(over_message(Budget::ValueBytes));
    }
    Ok(())
}

/// The error a metered function returns past a budget. The evaluator never shows it: it
/// asks the meter which budget was exceeded and makes the whole value unknown.
fn over_message(budget: Budget) -> String {
    format!("over the evaluation budget: {}", budget.describe())
}

/// A function call under the budgets: one step, and a result no larger than a value may be.
pub fn metered_call(
    args: FuncArgs,
    function: fn(FuncArgs) -> Result<Value, String>,
) -> Result<Value, String> {
    step(1).map_err(over_message)?;
    let result = function(args)?;
    if size_of(&result, MAX_VALUE_BYTES) > MAX_VALUE_BYTES {
        let _ = with_meter(|meter| meter.exceed(Budget::ValueBytes), ());
        return Err(over_message(Budget::ValueBytes));
    }
    Ok(result)
}

/// One step, and `bytes` built by one `for` element or `%{ for }` iteration against the
/// expression's budget.
pub fn charge_built(bytes: usize) -> Result<(), Budget> {
    with_meter(
        |meter| {
            meter.step(1)?;
            meter.expression_bytes = meter
                .expression_bytes
                .saturating_add(bytes.saturating_add(ELEMENT_BYTES));
            if meter.expression_bytes > MAX_EXPRESSION_BYTES {
                return meter.exceed(Budget::ExpressionBytes);
            }
            Ok(())
        },
        (),
    )
}

/// The size of a typed value as the budgets count it (see [`size_of`]).
pub fn typed_size_of(value: &tfmap_core::Value, cap: usize) -> usize {
    use tfmap_core::{Part, Value as Typed};
    let mut total = 0usize;
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        total = total.saturating_add(ELEMENT_BYTES);
        match value {
            Typed::String(s) => total = total.saturating_add(s.len()),
            Typed::Unknown(unknown) => {
                for part in unknown.parts() {
                    let (Part::Text(text) | Part::Unknown(text)) = part;
                    total = total.saturating_add(text.len());
                }
            }
            Typed::Array(items) => pending.extend(items.iter()),
            Typed::Object(map) => {
                for (key, item) in map {
                    total = total.saturating_add(key.len());
                    pending.push(item);
                }
            }
            Typed::Null | Typed::Bool(_) | Typed::Number(_) => {}
        }
        if total > cap {
            break;
        }
    }
    total
}

/// Checks a typed value one expression gave against the value budget and adds it to the
/// root's.
pub fn charge_typed(value: &tfmap_core::Value) -> Result<(), Budget> {
    let size = typed_size_of(value, MAX_VALUE_BYTES);
    with_meter(
        |meter| {
            if size > MAX_VALUE_BYTES {
                return meter.exceed(Budget::ValueBytes);
            }
            meter.root_bytes = meter.root_bytes.saturating_add(size);
            if meter.root_bytes > MAX_ROOT_VALUE_BYTES {
                return meter.exceed(Budget::RootValueBytes);
            }
            Ok(())
        },
        (),
    )
}

/// What one element or scalar counts for in a value's size: about what it takes in memory
/// beside its text.
const ELEMENT_BYTES: usize = 32;

/// The size of a value as the budgets count it: the bytes of its strings and keys, and
/// [`ELEMENT_BYTES`] per element or scalar. Counting stops a little past `cap`.
pub fn size_of(value: &Value, cap: usize) -> usize {
    let mut total = 0usize;
    let mut pending = vec![value];
    while let Some(value) = pending.pop() {
        total = total.saturating_add(ELEMENT_BYTES);
        match value {
            Value::String(s) => total = total.saturating_add(s.len()),
            Value::Array(items) => pending.extend(items.iter()),
            Value::Object(map) => {
                for (key, item) in map {
                    total = total.saturating_add(key.len());
                    pending.push(item);
                }
            }
            Value::Null | Value::Bool(_) | Value::Number(_) => {}
        }
        if total > cap {
            break;
        }
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_count_text_and_elements_and_stop_past_the_cap() {
        assert_eq!(size_of(&Value::from("abc"), 100), 35);
        let list = Value::Array(vec![Value::from("ab"), Value::Null]);
        assert_eq!(size_of(&list, 100), 32 + 34 + 32);
        let big = Value::Array(vec![Value::from("x".repeat(1000)); 1000]);
        assert!(size_of(&big, 5000) < 7000);
    }

    #[test]
    fn each_budget_is_counted_on_the_meter_in_use() {
        let _guard = MeterGuard::install();
        assert!(step(MAX_ROOT_STEPS).is_ok());
        assert_eq!(take_exceeded(), None);
        assert_eq!(step(1), Err(Budget::RootSteps));
        assert_eq!(take_exceeded(), Some(Budget::RootSteps));
        assert_eq!(take_exceeded(), None, "taken once");

        let big = tfmap_core::Value::from("x".repeat(MAX_VALUE_BYTES));
        assert_eq!(charge_typed(&big), Err(Budget::ValueBytes));
        assert!(check_bytes(MAX_VALUE_BYTES + 1).is_err());
        assert_eq!(take_exceeded(), Some(Budget::ValueBytes));

        let part = tfmap_core::Value::from("x".repeat(MAX_VALUE_BYTES / 2));
        let mut charged = 0;
        while charge_typed(&part).is_ok() {
            charged += 1;
        }
        assert_eq!(take_exceeded(), Some(Budget::RootValueBytes));
        assert!(charged >= MAX_ROOT_VALUE_BYTES / MAX_VALUE_BYTES * 2 - 1);
    }

    #[test]
    fn the_elements_of_one_expression_have_their_own_budget() {
        let _guard = MeterGuard::install();
        let element = tfmap_core::Value::from("x".repeat(1 << 20));
        let size = typed_size_of(&element, usize::MAX);
        start_expression();
        let mut built = 0;
        while charge_built(size).is_ok() {
            built += 1;
        }
        assert_eq!(built, MAX_EXPRESSION_BYTES / (size + ELEMENT_BYTES));
        assert_eq!(take_exceeded(), Some(Budget::ExpressionBytes));
        start_expression();
        assert!(charge_built(size).is_ok());
    }

    #[test]
    fn nothing_is_counted_without_a_meter() {
        assert!(step(u64::MAX).is_ok());
        assert!(!is_exceeded());
    }
}
