//! The contract between a method and the run loop: [`Method`] and the step report
//! [`Step`], with its trace annotations [`Events`](crate::Events).
//!
//! A step reports *control* and *annotation* separately:
//!
//! - control: whether x moved ([`Step::accepted`]) and whether the method asks the run
//!   to end ([`Step::stop`]). The run loop acts on these and on nothing else: it
//!   checks the method's stop request before any tolerance, and tests the value and
//!   step tolerances only on accepted steps.
//! - annotation: the set of [`Event`](crate::Event)s of the step (all of them, none overwritten),
//!   which the loop copies into the [`Trace`](crate::Trace) and never reads.

use crate::{Error, Events, Problem, StopReason};

/// What [`Method::init`] learnt at x₀.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Start {
    /// f(x₀).
    pub value: f64,
    /// The method's stationarity measure at x₀: ‖∇f(x₀)‖₂ for unconstrained methods.
    pub grad_norm: f64,
}

impl Start {
    /// x₀ has value `value` and stationarity measure `grad_norm`.
    pub fn new(value: f64, grad_norm: f64) -> Self {
        Self { value, grad_norm }
    }
}

/// What one step reports: where it stands now (control: [`Step::accepted`],
/// [`Step::stop`]) and what happened on the way (annotation: [`Step::events`]).
///
/// Build it with [`Step::accept`] or [`Step::reject`], then add events with
/// [`Step::with`] and a stop request with [`Step::stopping`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Step {
    /// f at the iterate the step ends on (the old one if it was rejected).
    pub value: f64,
    /// The stationarity measure there (‖∇f‖₂ for unconstrained methods).
    pub grad_norm: f64,
    /// Whether x moved to a new point. The run tests the value and step tolerances
    /// only after an accepted step, and records rejected ones in the trace.
    pub accepted: bool,
    /// The method asks the run to end with this reason. The run honours it before
    /// testing any tolerance, so a failure is never reported as convergence.
    pub stop: Option<StopReason>,
    /// Everything worth recording that happened in the step.
    pub events: Events,
}

impl Step {
    /// x moved to a point with this value and stationarity measure.
    pub fn accept(value: f64, grad_norm: f64) -> Self {
        Self {
            value,
            grad_norm,
            accepted: true,
            stop: None,
            events: Events::NONE,
        }
    }
    /// x stayed where it was, which has this value and stationarity measure (a
    /// rejected trust-region step, a failed line search).
    pub fn reject(value: f64, grad_norm: f64) -> Self {
        Self {
            accepted: false,
            ..Self::accept(value, grad_norm)
        }
    }
    /// The same step with `events` added to its set (an `Event`, an `Option<Event>` or
    /// an [`Events`]).
    pub fn with(mut self, events: impl Into<Events>) -> Self {
        self.events = self.events.union(events.into());
        self
    }
    /// The same step, asking the run to end with `reason`.
    pub fn stopping(mut self, reason: StopReason) -> Self {
        self.stop = Some(reason);
        self
    }
}

/// A method's short human-readable name ("Adam", "L-BFGS").
///
/// A trait of its own, not generic over the objective, so that `method.name()` needs
/// no type annotation and means one thing for every method.
pub trait Named {
    /// The name, as [`Run::method`](crate::Run::method) reports it.
    fn name(&self) -> &'static str;
}

/// An optimisation method on objectives of type `O`.
///
/// The configuration (`&self`) never changes during a run; everything that does lives
/// in [`Method::State`], created by [`Method::init`] and advanced by [`Method::iterate`].
/// Both receive the objective as a [`Problem`], which counts every evaluation made
/// through it, so a method never counts for itself. A method caches what it knows
/// about the current iterate (at least the gradient) in its state, so that one
/// iteration costs one new evaluation where the algorithm allows.
///
/// Every [`FirstOrder`](crate::FirstOrder) rule is a `Method` on any objective through
/// a blanket implementation; implement `Method` directly for anything else, for a
/// concrete objective type or generically:
///
/// ```
/// use optim_core::{minimize, Error, FnObjective, Method, Named, Objective, Problem, Start, Step, Stop};
/// use optim_core::vector::{axpy, norm};
///
/// /// Gradient descent with the step η/‖∇f‖: unit-length moves, whatever the scale.
/// struct NormalisedGd(f64);
///
/// impl Named for NormalisedGd {
///     fn name(&self) -> &'static str { "normalised GD" }
/// }
///
/// impl<O: Objective> Method<O> for NormalisedGd {
///     type State = Vec<f64>; // ∇f at the current iterate
///     fn init(&self, f: &Problem<'_, O>, x0: &[f64]) -> Result<(Vec<f64>, Start), Error> {
///         let mut g = vec![0.0; x0.len()];
///         let value = f.value_and_gradient(x0, &mut g);
///         let start = Start::new(value, norm(&g));
///         Ok((g, start))
///     }
///     fn iterate(&self, f: &Problem<'_, O>, x: &mut [f64], g: &mut Vec<f64>) -> Result<Step, Error> {
///         axpy(-self.0 / norm(g), g, x);
///         let value = f.value_and_gradient(x, g);
///         Ok(Step::accept(value, norm(g)))
///     }
/// }
///
/// let f = FnObjective::new(2, |x: &[f64]| x[0].abs() + x[1].abs(),
///                          |x: &[f64], g: &mut [f64]| { g[0] = x[0].signum(); g[1] = x[1].signum(); });
/// let run = minimize(&NormalisedGd(0.5), &f, &[3.0, -3.0], &Stop::after(4))?;
/// assert_eq!(run.method, "normalised GD");
/// assert!(run.x.iter().all(|v| v.abs() < 1.6)); // four moves of length ½ along (−1, 1)/√2
/// assert_eq!(run.evals.gradient, 5);            // counted by the Problem, not the method
/// # Ok::<(), Error>(())
/// ```
pub trait Method<O: ?Sized>: Named {
    /// Everything that changes from one iteration to the next.
    type State;
    /// Validates the configuration against the problem, evaluates the objective at
    /// `x0` and returns the state with what was learnt there.
    fn init(&self, problem: &Problem<'_, O>, x0: &[f64]) -> Result<(Self::State, Start), Error>;
    /// Advances `x` by one iteration (or leaves it, reporting a rejected step).
    ///
    /// Named `iterate`, not `step`, so that it never shadows the bare
    /// [`FirstOrder::step`](crate::FirstOrder::step) of a rule that is both.
    fn iterate(
        &self,
        problem: &Problem<'_, O>,
        x: &mut [f64],
        state: &mut Self::State,
    ) -> Result<Step, Error>;

    /// ∇f at the current iterate, as `state` caches it (scipy's `jac`): the run copies
    /// it into [`Run::gradient`](crate::Run::gradient) and tests it for
    /// [`GradNorm::Inf`](crate::GradNorm::Inf). `None`, the default, for a method that
    /// keeps no gradient.
    fn gradient<'s>(&self, state: &'s Self::State) -> Option<&'s [f64]> {
        let _ = state;
        None
    }

    /// Refuses a state that does not fit this configuration on an objective of
    /// dimension n, with [`Error::InvalidCheckpoint`] saying why. [`resume`](crate::resume)
    /// asks before the first iteration, so that a checkpoint resumed under a
    /// configuration of other sizes (another memory m for L-BFGS), or read from an
    /// edited file, is an error instead of an index out of bounds inside `iterate`.
    /// The default accepts every state: enough for a method whose state's sizes depend
    /// on n alone, which resuming checks itself.
    fn check_state(&self, state: &Self::State, n: usize) -> Result<(), Error> {
        let _ = (state, n);
        Ok(())
    }
}
