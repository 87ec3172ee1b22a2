//! The run loop: [`minimize`] and its variants — with an [`Observer`]
//! ([`minimize_with`]), returning the method's final state ([`minimize_state`]), from
//! many starts in parallel ([`minimize_many`], [`minimize_many_with`]), and with one
//! objective per start ([`minimize_many_each`]).

use std::time::Instant;

use rayon::prelude::*;

use crate::checkpoint::{CHECKPOINT_FORMAT, Checkpoint};
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
    run(method, obj, Origin::Start(x0), stop, &mut Silent, None).map(|e| finished(e).0)
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
    run(method, obj, Origin::Start(x0), stop, observer, None).map(|e| finished(e).0)
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
    run(method, obj, Origin::Start(x0), stop, &mut Silent, None).map(finished)
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

/// Where a run begins: at x₀, or where a checkpoint paused.
enum Origin<'a, S> {
    Start(&'a [f64]),
    Resume(Box<Checkpoint<S>>),
}

/// How a run ended: stopped for a reason, with the method's final state, or paused.
enum Ended<S> {
    Finished(Run, S),
    Paused(Checkpoint<S>),
}

/// What [`minimize_until`] and [`resume_until`] return: the finished run, or a
/// checkpoint to resume.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome<S> {
    /// The run stopped (for any [`StopReason`]) before the pause.
    Finished(Run),
    /// The run reached the pause: resume it with [`resume`].
    Paused(Checkpoint<S>),
}

impl<S> Outcome<S> {
    /// The finished run, if it finished.
    pub fn finished(self) -> Option<Run> {
        match self {
            Outcome::Finished(run) => Some(run),
            Outcome::Paused(_) => None,
        }
    }
    /// The checkpoint, if the run paused.
    pub fn paused(self) -> Option<Checkpoint<S>> {
        match self {
            Outcome::Finished(_) => None,
            Outcome::Paused(checkpoint) => Some(checkpoint),
        }
    }
}

impl<S> From<Ended<S>> for Outcome<S> {
    fn from(ended: Ended<S>) -> Self {
        match ended {
            Ended::Finished(run, _) => Outcome::Finished(run),
            Ended::Paused(checkpoint) => Outcome::Paused(checkpoint),
        }
    }
}

/// [`minimize`] that pauses once `pause_at` iterations are made, returning a
/// [`Checkpoint`] to [`resume`] (and, with the `serde` feature, to save as JSON) —
/// unless the run stops before, for any reason, in which case it is
/// [`Outcome::Finished`]. Resuming gives, bit for bit, the run [`minimize`] would have
/// made without the pause (the wall time aside). A stop rule's `max_iters` counts every
/// iteration, before and after the pause; `max_time` counts the wall time of both parts.
pub fn minimize_until<O, M>(
    method: &M,
    obj: &O,
    x0: &[f64],
    stop: &Stop,
    pause_at: usize,
) -> Result<Outcome<M::State>, Error>
where
    O: Objective + ?Sized,
    M: Method<O> + ?Sized,
{
    run(
        method,
        obj,
        Origin::Start(x0),
        stop,
        &mut Silent,
        Some(pause_at),
    )
    .map(Outcome::from)
}

/// Resumes a run paused by [`minimize_until`] (or [`resume_until`]) and runs it to its
/// end under `stop` (normally the rule it was started with).
///
/// Refused with [`Error::InvalidCheckpoint`] when the checkpoint has another format
/// version, was made by another method (by [`Named::name`](crate::Named::name)), or
/// does not fit the objective's dimension; see [`Checkpoint`] for what cannot be
/// checked.
pub fn resume<O, M>(
    method: &M,
    obj: &O,
    checkpoint: Checkpoint<M::State>,
    stop: &Stop,
) -> Result<Run, Error>
where
    O: Objective + ?Sized,
    M: Method<O> + ?Sized,
{
    run(
        method,
        obj,
        Origin::Resume(Box::new(checkpoint)),
        stop,
        &mut Silent,
        None,
    )
    .map(|e| finished(e).0)
}

/// [`resume`] that pauses again once `pause_at` iterations (counted from the run's
/// start) are made.
pub fn resume_until<O, M>(
    method: &M,
    obj: &O,
    checkpoint: Checkpoint<M::State>,
    stop: &Stop,
    pause_at: usize,
) -> Result<Outcome<M::State>, Error>
where
    O: Objective + ?Sized,
    M: Method<O> + ?Sized,
{
    run(
        method,
        obj,
        Origin::Resume(Box::new(checkpoint)),
        stop,
        &mut Silent,
        Some(pause_at),
    )
    .map(Outcome::from)
}

/// The loop behind every variant.
fn run<O, M, B>(
    method: &M,
    obj: &O,
    origin: Origin<'_, M::State>,
    stop: &Stop,
    observer: &mut B,
    pause_at: Option<usize>,
) -> Result<Ended<M::State>, Error>
where
    O: Objective + ?Sized,
    M: Method<O> + ?Sized,
    B: Observer + ?Sized,
{
    stop.validate()?;
    let n = obj.dim();
    check_dim(n)?;

    let iterates = stop.record.iterates();
    let every = match stop.record {
        Record::Off => usize::MAX,
        Record::Every(k) => k,
        Record::Values | Record::All => 1,
    };
    let started;
    let problem;
    let mut state;
    let mut x;
    let mut value;
    let mut grad_norm;
    let mut trace;
    let mut last_recorded;
    let mut k;
    let mut at_start = None;
    match origin {
        Origin::Start(x0) => {
            check_len("x0", x0, n)?;
            check_finite("x0", x0)?;
            started = Instant::now();
            problem = Problem::new(obj);
            let first;
            (state, first) = method.init(&problem, x0)?;
            x = x0.to_vec();
            value = first.value;
            grad_norm = first.grad_norm;
            observer.begin(&Begin {
                method: method.name(),
                x0,
                value,
                grad_norm,
                stop,
            });
            trace = Trace::new(n);
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
            last_recorded = 0;
            k = 0;
            at_start = if !(value.is_finite() && grad_norm.is_finite()) {
                Some(StopReason::Diverged)
            } else if stop
                .grad_tol
                .is_some_and(|tol| measure(stop, method, &state, grad_norm) <= tol)
            {
                Some(StopReason::GradientTolerance)
            } else {
                None
            };
        }
        Origin::Resume(checkpoint) => {
            checkpoint.check(method.name(), n)?;
            method.check_state(&checkpoint.state, n)?;
            // The wall time already spent counts against `max_time`.
            started = Instant::now()
                .checked_sub(checkpoint.elapsed)
                .unwrap_or_else(Instant::now);
            problem = Problem::resumed(obj, checkpoint.evals);
            let checkpoint = *checkpoint;
            state = checkpoint.state;
            x = checkpoint.x;
            value = checkpoint.value;
            grad_norm = checkpoint.grad_norm;
            trace = checkpoint.trace;
            last_recorded = checkpoint.last_recorded;
            k = checkpoint.iteration;
        }
    }
    let mut x_prev = x.clone();

    // `None`: paused.
    let reason = if at_start.is_some() {
        at_start
    } else {
        loop {
            if stop.max_iters.is_some_and(|m| k >= m) {
                break Some(StopReason::MaxIterations);
            }
            if stop.max_time.is_some_and(|t| started.elapsed() >= t) {
                break Some(StopReason::MaxTime);
            }
            if pause_at.is_some_and(|p| k >= p) {
                break None;
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
                && crate::vector::all_finite(&x);
            if !finite {
                // Keep the last finite iterate and its numbers.
                x.copy_from_slice(&x_prev);
                break Some(StopReason::Diverged);
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
                break Some(StopReason::Diverged);
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
                break Some(StopReason::Callback);
            }
            // The method's verdict comes first: a failure is never read as convergence.
            if let Some(reason) = step.stop {
                break Some(reason);
            }
            if stop
                .grad_tol
                .is_some_and(|tol| measure(stop, method, &state, grad_norm) <= tol)
            {
                break Some(StopReason::GradientTolerance);
            }
            if step.accepted {
                if stop
                    .value_tol
                    .is_some_and(|tol| (value - prev_value).abs() <= tol)
                {
                    break Some(StopReason::ValueTolerance);
                }
                // scipy L-BFGS-B: (fₖ − fₖ₊₁) ≤ ftol·max(|fₖ|, |fₖ₊₁|, 1), an increase
                // of f included.
                let scale = prev_value.abs().max(value.abs()).max(1.0);
                if stop
                    .f_rel_tol
                    .is_some_and(|tol| prev_value - value <= tol * scale)
                {
                    break Some(StopReason::RelativeValueTolerance);
                }
                if stop
                    .step_tol
                    .is_some_and(|tol| crate::vector::distance(&x, &x_prev) <= tol)
                {
                    break Some(StopReason::StepTolerance);
                }
            }
        }
    };
    let Some(reason) = reason else {
        return Ok(Ended::Paused(Checkpoint {
            format: CHECKPOINT_FORMAT,
            method: method.name().to_owned(),
            iteration: k,
            x,
            value,
            grad_norm,
            state,
            evals: problem.evals(),
            trace,
            last_recorded,
            elapsed: started.elapsed(),
        }));
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
    Ok(Ended::Finished(run, state))
}

/// The finished run of a loop without a pause.
fn finished<S>(ended: Ended<S>) -> (Run, S) {
    match ended {
        Ended::Finished(run, state) => (run, state),
        Ended::Paused(_) => unreachable!("a run without a pause cannot pause"),
    }
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
        .map(|(i, x0)| {
            run(
                method,
                obj,
                Origin::Start(x0.as_ref()),
                stop,
                &mut make(i),
                None,
            )
            .map(|e| finished(e).0)
        })
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
