//! The run loop: [`minimize`] and its variants — with an [`Observer`]
//! ([`minimize_with`]), returning the method's final state ([`minimize_state`]), from
//! many starts in parallel ([`minimize_many`], [`minimize_many_with`]), and with one
//! objective per start ([`minimize_many_each`]).

use std::time::Instant;

use rayon::prelude::*;

use crate::error::{check_finite, check_len};
use crate::observe::{Begin, Observer, Progress, Silent};
use crate::vector::norm_inf;
use crate::{Error, GradNorm, Method, Objective, Problem, Record, Run, Stop, StopReason, Trace};

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
    run(method, obj, x0, stop, &mut Silent).map(|(run, _)| run)
}

/// [`minimize`] watched by an [`Observer`]: told when the run begins, after every
/// iteration (a `ControlFlow::Break` ends the run with [`StopReason::Callback`]) and
/// when it ends. A closure `|p: &Progress| -> ControlFlow<()>` is an observer; so are
/// [`Every`](crate::Every), [`CsvLog`](crate::CsvLog), [`JsonLines`](crate::JsonLines)
/// and pairs of them.
///
/// The observer is borrowed, so that one that collects (a [`CsvLog`](crate::CsvLog)
/// into a buffer) is there to read afterwards; pass a closure as `&mut |p| …`.
pub fn minimize_with<O, M, B>(
    method: &M,
    obj: &O,
    x0: &[f64],
    stop: &Stop,
    observer: &mut B,
) -> Result<Run, Error>
where
    O: Objective + ?Sized,
    M: Method<O> + ?Sized,
    B: Observer + ?Sized,
{
    run(method, obj, x0, stop, observer).map(|(run, _)| run)
}

/// [`minimize`], also returning the method's final state: BFGS's inverse-Hessian
/// approximation (scipy's `hess_inv`), L-BFGS's curvature pairs, Adam's moments.
///
/// ```
/// use optim_core::{minimize_state, FirstOrder, FnObjective, Stop};
/// # use optim_core::{Error, Named};
/// # struct Gd; impl Named for Gd { fn name(&self) -> &'static str { "GD" } }
/// # impl FirstOrder for Gd { type State = usize; fn lr(&self) -> f64 { 0.25 }
/// #   fn validate(&self) -> Result<(), Error> { Ok(()) }
/// #   fn init_state(&self, _: usize) -> Result<usize, Error> { Ok(0) }
/// #   fn step_with_lr(&self, k: &mut usize, x: &mut [f64], g: &[f64], lr: f64) -> Result<(), Error> {
/// #       *k += 1; x.iter_mut().zip(g).for_each(|(x, g)| *x -= lr * g); Ok(()) } }
/// let f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| g[0] = 2.0 * x[0]);
/// let (run, state) = minimize_state(&Gd, &f, &[1.0], &Stop::exactly(3))?;
/// assert_eq!(state.rule, 3);        // the rule's own state: its step counter
/// assert_eq!(run.gradient, Some(vec![2.0 * run.x[0]])); // scipy's `jac`
/// # Ok::<(), Error>(())
/// ```
pub fn minimize_state<O, M>(
    method: &M,
    obj: &O,
    x0: &[f64],
    stop: &Stop,
) -> Result<(Run, M::State), Error>
where
    O: Objective + ?Sized,
    M: Method<O> + ?Sized,
{
    run(method, obj, x0, stop, &mut Silent)
}

/// The measure the gradient tolerance is tested on.
fn measure<O: ?Sized, M: Method<O> + ?Sized>(
    stop: &Stop,
    method: &M,
    state: &M::State,
    grad_norm: f64,
) -> f64 {
    match stop.grad_norm {
        GradNorm::Two => grad_norm,
        GradNorm::Inf => method.gradient(state).map_or(grad_norm, norm_inf),
    }
}

/// The loop behind every variant.
fn run<O, M, B>(
    method: &M,
    obj: &O,
    x0: &[f64],
    stop: &Stop,
    observer: &mut B,
) -> Result<(Run, M::State), Error>
where
    O: Objective + ?Sized,
    M: Method<O> + ?Sized,
    B: Observer + ?Sized,
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
    observer.begin(&Begin {
        method: method.name(),
        x0,
        value,
        grad_norm,
        stop,
    });

    let mut trace = Trace::new(n);
    let iterates = stop.record.iterates();
    let every = match stop.record {
        Record::Off => usize::MAX,
        Record::Every(k) => k,
        Record::Values | Record::All => 1,
    };
    if stop.record != Record::Off {
        let rows = stop.max_iters.map_or(1024, |m| m / every + 2).min(1 << 16);
        trace.reserve(rows, iterates);
        trace.push(
            0,
            iterates.then_some(&x[..]),
            value,
            grad_norm,
            problem.evals(),
        );
    }
    let mut last_recorded = 0;

    let mut k = 0;
    let reason = if !(value.is_finite() && grad_norm.is_finite()) {
        StopReason::Diverged
    } else if stop
        .grad_tol
        .is_some_and(|tol| measure(stop, method, &state, grad_norm) <= tol)
    {
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
                trace.push(
                    k,
                    iterates.then_some(&x[..]),
                    value,
                    grad_norm,
                    problem.evals(),
                );
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
                accepted: step.accepted,
                evals: problem.evals(),
                started,
            };
            if observer.observe(&progress).is_break() {
                break StopReason::Callback;
            }
            // The method's verdict comes first: a failure is never read as convergence.
            if let Some(reason) = step.stop {
                break reason;
            }
            if stop
                .grad_tol
                .is_some_and(|tol| measure(stop, method, &state, grad_norm) <= tol)
            {
                break StopReason::GradientTolerance;
            }
            if step.accepted {
                if stop
                    .value_tol
                    .is_some_and(|tol| (value - prev_value).abs() <= tol)
                {
                    break StopReason::ValueTolerance;
                }
                // scipy L-BFGS-B: (fₖ − fₖ₊₁) ≤ ftol·max(|fₖ|, |fₖ₊₁|, 1), an increase
                // of f included.
                let scale = prev_value.abs().max(value.abs()).max(1.0);
                if stop
                    .f_rel_tol
                    .is_some_and(|tol| prev_value - value <= tol * scale)
                {
                    break StopReason::RelativeValueTolerance;
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
        trace.push(
            k,
            iterates.then_some(&x[..]),
            value,
            grad_norm,
            problem.evals(),
        );
    }
    // After a divergence the state has moved past the restored iterate.
    let gradient = (reason != StopReason::Diverged)
        .then(|| method.gradient(&state).map(<[f64]>::to_vec))
        .flatten();
    let run = Run {
        method: method.name(),
        x,
        value,
        grad_norm,
        gradient,
        iterations: k,
        evals: problem.evals(),
        stop: reason,
        elapsed: started.elapsed(),
        trace,
    };
    observer.end(&run);
    Ok((run, state))
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
/// the order of `starts`; each run is the one [`minimize`] would give, whatever the
/// number of threads.
///
/// Every start is validated before any run begins, so a bad one is reported without
/// wasted work. Zero starts is [`Error::NoStarts`]. One objective serves every start:
/// an objective that draws random numbers as it is evaluated ([`GradientNoise`](crate::GradientNoise),
/// [`MiniBatch`](crate::MiniBatch)) then shares its stream between the starts in
/// whatever order the threads reach it; give each start its own with
/// [`minimize_many_each`] for runs that are reproducible.
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

/// [`minimize_many`] with an observer for each start: `make(i)` builds the observer
/// of start `i`, which watches that run on the thread that runs it (so it need not be
/// `Send`; share what the observers write through a `Mutex` or an `Arc`).
pub fn minimize_many_with<O, M, S, B, F>(
    method: &M,
    obj: &O,
    starts: &[S],
    stop: &Stop,
    make: F,
) -> Result<Vec<Run>, Error>
where
    O: Objective + Sync + ?Sized,
    M: Method<O> + Sync + ?Sized,
    S: AsRef<[f64]> + Sync,
    B: Observer,
    F: Fn(usize) -> B + Sync,
{
    stop.validate()?;
    check_dim(obj.dim())?;
    check_starts(starts, obj.dim())?;
    starts
        .par_iter()
        .enumerate()
        .with_min_len(1)
        .map(|(i, x0)| run(method, obj, x0.as_ref(), stop, &mut make(i)).map(|(run, _)| run))
        .collect()
}

/// Like [`minimize_many`], but start `i` minimises its own objective `make(i)`: for
/// objectives that carry per-run state, such as a seeded gradient noise or mini-batch
/// stream, so that every start has its own stream and the runs are the same whatever
/// the number of threads.
pub fn minimize_many_each<O, M, S, F>(
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
