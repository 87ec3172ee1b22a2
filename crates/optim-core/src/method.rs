//! The [`Method`] trait: an immutable configuration that advances an explicit state.

use crate::{Error, StopReason};

/// Something a step noticed that the trace should keep.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// A quasi-Newton update was skipped because sᵀy ≤ 0 (the curvature condition failed).
    CurvatureSkip,
    /// A trust-region or damped step was rejected; x did not move.
    Rejected,
    /// Truncated CG met a direction of negative curvature and left along it.
    NegativeCurvature,
    /// The Hessian was indefinite and was modified (τI added) before factoring.
    HessianModified,
    /// The search direction was not a descent direction and was replaced by −∇f.
    DirectionReset,
}

/// What one step (or the initialisation) reports about the new iterate.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepInfo {
    /// f at the new iterate.
    pub value: f64,
    /// ‖∇f‖₂ at the new iterate.
    pub grad_norm: f64,
    /// Something worth recording in the trace.
    pub event: Option<Event>,
    /// The method asks the run to end (a line search that failed, for instance).
    pub stop: Option<StopReason>,
}

impl StepInfo {
    /// A plain step that reached a point with this value and gradient norm.
    pub fn new(value: f64, grad_norm: f64) -> Self {
        Self {
            value,
            grad_norm,
            event: None,
            stop: None,
        }
    }
    /// The same step, with an event to record; `None` (from an `Option<Event>` that a
    /// step may or may not have set) leaves it as it was.
    pub fn with_event(mut self, event: impl Into<Option<Event>>) -> Self {
        if let Some(event) = event.into() {
            self.event = Some(event);
        }
        self
    }
    /// The same step, asking the run to end with `reason`.
    pub fn stopping(mut self, reason: StopReason) -> Self {
        self.stop = Some(reason);
        self
    }
}

/// An optimisation method.
///
/// The configuration (`&self`) never changes during a run; everything that does lives
/// in [`Method::State`], created by [`Method::init`] and advanced by [`Method::step`].
/// A method is generic over the objective type `O` so that first-order methods run on
/// any [`Objective`](crate::Objective) and second-order ones ask for
/// [`Hessian`](crate::Hessian).
///
/// A method caches what it knows about the current iterate (at least the gradient) in
/// its state, so that one iteration costs one new evaluation where the algorithm allows.
pub trait Method<O: ?Sized> {
    /// Everything that changes from one iteration to the next.
    type State;
    /// A short human-readable name ("Adam", "L-BFGS").
    fn name(&self) -> &'static str;
    /// Validates the configuration against the problem, evaluates the objective at
    /// `x0` and returns the state with what was learnt there.
    fn init(&self, obj: &O, x0: &[f64]) -> Result<(Self::State, StepInfo), Error>;
    /// Moves `x` one iteration and reports the new point.
    fn step(&self, obj: &O, x: &mut [f64], state: &mut Self::State) -> Result<StepInfo, Error>;
}
