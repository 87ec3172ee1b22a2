//! The run loop: [`minimize`], [`minimize_with`], [`minimize_many`], [`minimize_many_with`].

use std::ops::ControlFlow;
use std::time::Instant;

use rayon::prelude::*;

use crate::error::{check_finite, check_len};
use crate::{Error, Method, Objective, Problem, Record, Run, Stop, StopReason, Trace};

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
/// Returns `Err` only for invalid input (a zero-dimensional objective, a wrong-length
/// or non-finite `x0`, a stopping rule that could never stop, a configuration the
/// method refuses). Everything else, divergence included, is a [`Run`] with its
/// [`StopReason`].
///
/// After each step the loop decides, in this order: divergence (a NaN or ∞ in f, its
/// stationarity measure or x, which restores the previous iterate; or f above
/// `diverge_above`), the callback, **the method's own stop request**, the gradient
/// tolerance, and — only if the step was accepted — the value and step tolerances. A
/// failed line search therefore ends the run as `LineSearchFailed`, never as
/// convergence, whatever tolerances are set.
///
/// A method written for one objective type runs like any other:
///
/// ```
/// use optim_core::{minimize, Error, Method, Named, Objective, Problem, Start, Step, Stop, StopReason};
///
/// /// f(x) = Σ cᵢ xᵢ² with known curvatures: the user's own objective type.
/// struct Bowl(Vec<f64>);
/// impl Objective for Bowl {
///     fn dim(&self) -> usize { self.0.len() }
///     fn value(&self, x: &[f64]) -> f64 { x.iter().zip(&self.0).map(|(x, c)| c * x * x).sum() }
///     fn gradient(&self, x: &[f64], g: &mut [f64]) {
///         for ((g, x), c) in g.iter_mut().zip(x).zip(&self.0) { *g = 2.0 * c * x; }
///     }
/// }
///
/// /// Exact coordinate-wise Newton steps, which only make sense on a `Bowl`.
/// struct Diagonal;
/// impl Named for Diagonal {
///     fn name(&self) -> &'static str { "diagonal Newton" }
/// }
/// impl Method<Bowl> for Diagonal {
///     type State = Vec<f64>; // ∇f at x
///     fn init(&self, f: &Problem<'_, Bowl>, x0: &[f64]) -> Result<(Vec<f64>, Start), Error> {
///         let mut g = vec![0.0; x0.len()];
///         let value = f.value_and_gradient(x0, &mut g);
///         let start = Start::new(value, optim_core::vector::norm(&g));
///         Ok((g, start))
///     }
///     fn iterate(&self, f: &Problem<'_, Bowl>, x: &mut [f64], g: &mut Vec<f64>) -> Result<Step, Error> {
///         let c = &f.objective().0; // the concrete type is known: read its curvatures
///         for ((x, g), c) in x.iter_mut().zip(g.iter()).zip(c) { *x -= g / (2.0 * c); }
///         let value = f.value_and_gradient(x, g);
///         Ok(Step::accept(value, optim_core::vector::norm(g)))
///     }
/// }
///
/// let run = minimize(&Diagonal, &Bowl(vec![1.0, 100.0]), &[3.0, -2.0], &Stop::after(10).grad_tol(1e-12))?;
/// assert_eq!(run.stop, StopReason::GradientTolerance);
/// assert_eq!((run.iterations, run.x.clone()), (1, vec![0.0, 0.0]));
/// assert_eq!(run.evals.gradient, 2);
/// # Ok::<(), Error>(())
/// ```
pub fn minimize<O, M>(method: &M, obj: &O, x0: &[f64], stop: &Stop) -> Result<Run, Error>
where
    O: Objective + ?Sized,
    M: Method<O> + ?Sized,
{
    minimize_with(method, obj, x0, stop, |_| ControlFlow::Continue(()))
}

/// [`minimize`] with a callback after every iteration; `ControlFlow::Break` ends the
/// run with [`StopReason::Callback`].
pub fn minimize_with<O, M, C>(
    method: &M,
    obj: &O,
    x0: &[f64],
    stop: &Stop,
    mut callback: C,
) -> Result<Run, Error>
where
    O: Objective + ?Sized,
    M: Method<O> + ?Sized,
    C: FnMut(&Progress<'_>) -> ControlFlow<()>,
{
    stop.validate()?;
    let n = obj.dim();
    check_dim(n)?;
    check_len("x0", x0, n)?;
    check_finite("x0", x0)?;

    let started = Instant::now();
    let problem = Problem::new(obj);
    let (mut state, first) = method.init(&problem, x0)?;
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
        trace.push(0, &x, value, grad_norm, problem.evals());
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
            let step = method.iterate(&problem, &mut x, &mut state)?;
            k += 1;
            for event in step.events.iter() {
                trace.push_event(k, event);
            }
            if !step.accepted {
                trace.push_rejected(k);
            }
            let finite = step.value.is_finite()
                && step.grad_norm.is_finite()
                && x.iter().all(|v| v.is_finite());
            if !finite {
                // Keep the last finite iterate and its numbers.
                x.copy_from_slice(&x_prev);
                break StopReason::Diverged;
            }
            let prev_value = value;
            value = step.value;
            grad_norm = step.grad_norm;
            if k % every == 0 {
                trace.push(k, &x, value, grad_norm, problem.evals());
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
            // The method's verdict comes first: a failure is never read as convergence.
            if let Some(reason) = step.stop {
                break reason;
            }
            if stop.grad_tol.is_some_and(|tol| grad_norm <= tol) {
                break StopReason::GradientTolerance;
            }
            if step.accepted {
                if stop
                    .value_tol
                    .is_some_and(|tol| (value - prev_value).abs() <= tol)
                {
                    break StopReason::ValueTolerance;
                }
                if stop
                    .step_tol
                    .is_some_and(|tol| crate::vector::distance(&x, &x_prev) <= tol)
                {
                    break StopReason::StepTolerance;
                }
            }
        }
    };
    if stop.record != Record::Off && last_recorded != k && reason != StopReason::Diverged {
        trace.push(k, &x, value, grad_norm, problem.evals());
    }
    Ok(Run {
        method: method.name(),
        x,
        value,
        grad_norm,
        iterations: k,
        evals: problem.evals(),
        stop: reason,
        elapsed: started.elapsed(),
        trace,
    })
}

fn check_dim(n: usize) -> Result<(), Error> {
    if n == 0 {
        Err(Error::ZeroDimensional)
    } else {
        Ok(())
    }
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
pub fn minimize_many<O, M, S>(
    method: &M,
    obj: &O,
    starts: &[S],
    stop: &Stop,
) -> Result<Vec<Run>, Error>
where
    O: Objective + Sync + ?Sized,
    M: Method<O> + Sync + ?Sized,
    S: AsRef<[f64]> + Sync,
{
    stop.validate()?;
    check_dim(obj.dim())?;
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
    M: Method<O> + Sync + ?Sized,
    S: AsRef<[f64]> + Sync,
    F: Fn(usize) -> O + Sync,
{
    stop.validate()?;
    if starts.is_empty() {
        return Err(Error::NoStarts);
    }
    let dim = make(0).dim();
    check_dim(dim)?;
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
