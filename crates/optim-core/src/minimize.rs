//! The run loop: [`minimize`], [`minimize_with`], [`minimize_many`], [`minimize_many_with`].

use std::ops::ControlFlow;
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{check_finite, check_len};
use crate::{Counted, Error, Method, Objective, Record, Run, Stop, StopReason, Trace};

/// What a callback of [`minimize_with`] sees after each iteration.
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    /// The iteration just completed (1 for the first step).
    pub iteration: usize,
    /// The new iterate.
    pub x: &'a [f64],
    /// f(x).
    pub value: f64,
    /// ‖∇f(x)‖₂.
    pub grad_norm: f64,
}

/// Minimises `obj` from `x0` with `method` until `stop` says so.
///
/// Returns `Err` only for invalid input (a wrong-length or non-finite `x0`, a stopping
/// rule that could never stop, a configuration the method refuses). Everything else,
/// divergence included, is a [`Run`] with its [`StopReason`].
///
/// ```
/// use optim_core::{minimize, FnObjective, Method, Objective, StepInfo, Stop, StopReason};
///
/// // A fixed-step gradient descent, written against the trait.
/// struct Gd(f64);
/// impl<O: Objective + ?Sized> Method<O> for Gd {
///     type State = Vec<f64>; // the gradient at the current x
///     fn name(&self) -> &'static str { "GD" }
///     fn init(&self, f: &O, x0: &[f64]) -> Result<(Vec<f64>, StepInfo), optim_core::Error> {
///         let mut g = vec![0.0; x0.len()];
///         let v = f.value_and_gradient(x0, &mut g);
///         let n = optim_core::vector::norm(&g);
///         Ok((g, StepInfo::new(v, n)))
///     }
///     fn step(&self, f: &O, x: &mut [f64], g: &mut Vec<f64>) -> Result<StepInfo, optim_core::Error> {
///         optim_core::vector::axpy(-self.0, g, x);
///         let v = f.value_and_gradient(x, g);
///         Ok(StepInfo::new(v, optim_core::vector::norm(g)))
///     }
/// }
///
/// let f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| g[0] = 2.0 * x[0]);
/// let run = minimize(&Gd(0.2), &f, &[10.0], &Stop::after(100).grad_tol(1e-8))?;
/// assert_eq!(run.stop, StopReason::GradientTolerance);
/// assert!(run.x[0].abs() < 1e-8);
/// # Ok::<(), optim_core::Error>(())
/// ```
pub fn minimize<'a, O, M>(method: &M, obj: &'a O, x0: &[f64], stop: &Stop) -> Result<Run, Error>
where
    O: Objective + ?Sized,
    M: Method<Counted<&'a O>> + ?Sized,
{
    minimize_with(method, obj, x0, stop, |_| ControlFlow::Continue(()))
}

/// [`minimize`] with a callback after every iteration; `ControlFlow::Break` ends the
/// run with [`StopReason::Callback`].
pub fn minimize_with<'a, O, M, C>(
    method: &M,
    obj: &'a O,
    x0: &[f64],
    stop: &Stop,
    mut callback: C,
) -> Result<Run, Error>
where
    O: Objective + ?Sized,
    M: Method<Counted<&'a O>> + ?Sized,
    C: FnMut(&Progress<'_>) -> ControlFlow<()>,
{
    stop.validate()?;
    let n = obj.dim();
    check_len("x0", x0, n)?;
    check_finite("x0", x0)?;

    let started = Instant::now();
    let counted = Counted::new(obj);
    let (mut state, first) = method.init(&counted, x0)?;
    let mut x = x0.to_vec();
    let mut x_prev = x.clone();
    let mut value = first.value;
    let mut grad_norm = first.grad_norm;

    let mut trace = Trace::new(n);
    let every = match stop.record {
        Record::Off => usize::MAX,
        Record::Every(k) => k,
        Record::All => 1,
    };
    if stop.record != Record::Off {
        let rows = stop.max_iters.map_or(1024, |m| m / every + 2).min(1 << 16);
        trace.reserve(rows);
        trace.push(0, &x, value, grad_norm, counted.evals());
    }
    let mut last_recorded = 0;

    let mut k = 0;
    let reason = if !(value.is_finite() && grad_norm.is_finite()) {
        StopReason::Diverged
    } else if stop.grad_tol.is_some_and(|tol| grad_norm <= tol) {
        StopReason::GradientTolerance
    } else {
        loop {
            if stop.max_iters.is_some_and(|m| k >= m) {
                break StopReason::MaxIterations;
            }
            if stop.max_time.is_some_and(|t| started.elapsed() >= t) {
                break StopReason::MaxTime;
            }
            x_prev.copy_from_slice(&x);
            let info = method.step(&counted, &mut x, &mut state)?;
            k += 1;
            if let Some(event) = info.event {
                trace.push_event(k, event);
            }
            let finite = info.value.is_finite()
                && info.grad_norm.is_finite()
                && x.iter().all(|v| v.is_finite());
            if !finite {
                // Keep the last finite iterate and its numbers.
                x.copy_from_slice(&x_prev);
                break StopReason::Diverged;
            }
            let prev_value = value;
            value = info.value;
            grad_norm = info.grad_norm;
            if k % every == 0 {
                trace.push(k, &x, value, grad_norm, counted.evals());
                last_recorded = k;
            }
            if stop.diverge_above.is_some_and(|limit| value > limit) {
                break StopReason::Diverged;
            }
            let progress = Progress {
                iteration: k,
                x: &x,
                value,
                grad_norm,
            };
            if callback(&progress).is_break() {
                break StopReason::Callback;
            }
            if stop.grad_tol.is_some_and(|tol| grad_norm <= tol) {
                break StopReason::GradientTolerance;
            }
            let accepted = info.event != Some(crate::Event::Rejected);
            if accepted
                && stop
                    .value_tol
                    .is_some_and(|tol| (value - prev_value).abs() <= tol)
            {
                break StopReason::ValueTolerance;
            }
            if accepted
                && stop
                    .step_tol
                    .is_some_and(|tol| crate::vector::distance(&x, &x_prev) <= tol)
            {
                break StopReason::StepTolerance;
            }
            if let Some(reason) = info.stop {
                break reason;
            }
        }
    };
    if stop.record != Record::Off && last_recorded != k && reason != StopReason::Diverged {
        trace.push(k, &x, value, grad_norm, counted.evals());
    }
    Ok(Run {
        method: method.name(),
        x,
        value,
        grad_norm,
        iterations: k,
        evals: counted.evals(),
        stop: reason,
        elapsed: started.elapsed(),
        trace,
    })
}

fn check_starts<S: AsRef<[f64]>>(starts: &[S], n: usize) -> Result<(), Error> {
    if starts.is_empty() {
        return Err(Error::NoStarts);
    }
    for s in starts {
        check_len("x0", s.as_ref(), n)?;
        check_finite("x0", s.as_ref())?;
    }
    Ok(())
}

/// Runs [`minimize`] from every start in parallel (rayon), one [`Run`] per start, in
/// the order of `starts`.
///
/// Every start is validated before any run begins, so a bad one is reported without
/// wasted work. Zero starts is [`Error::NoStarts`].
pub fn minimize_many<'a, O, M, S>(
    method: &M,
    obj: &'a O,
    starts: &[S],
    stop: &Stop,
) -> Result<Vec<Run>, Error>
where
    O: Objective + Sync + ?Sized,
    M: Method<Counted<&'a O>> + Sync + ?Sized,
    S: AsRef<[f64]> + Sync,
{
    stop.validate()?;
    check_starts(starts, obj.dim())?;
    starts
        .par_iter()
        .with_min_len(1)
        .map(|x0| minimize(method, obj, x0.as_ref(), stop))
        .collect()
}

/// Like [`minimize_many`], but start `i` minimises its own objective `make(i)`: for
/// objectives that carry per-run state, such as a seeded gradient noise.
pub fn minimize_many_with<O, M, S, F>(
    method: &M,
    make: F,
    starts: &[S],
    stop: &Stop,
) -> Result<Vec<Run>, Error>
where
    O: Objective,
    M: for<'a> Method<Counted<&'a O>> + Sync + ?Sized,
    S: AsRef<[f64]> + Sync,
    F: Fn(usize) -> O + Sync,
{
    stop.validate()?;
    if starts.is_empty() {
        return Err(Error::NoStarts);
    }
    let dim = make(0).dim();
    check_starts(starts, dim)?;
    starts
        .par_iter()
        .enumerate()
        .map(|(i, x0)| {
            let obj = make(i);
            minimize(method, &obj, x0.as_ref(), stop)
        })
        .collect()
}
