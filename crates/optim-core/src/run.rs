//! The outcome of a run: [`Run`].

use std::time::Duration;

use crate::{Evals, StopReason, Trace};

/// The result of [`minimize`](crate::minimize): where it ended, why, and how it got there.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The method's name.
    pub method: &'static str,
    /// The final iterate: the last finite one if the run diverged.
    pub x: Vec<f64>,
    /// f(x).
    pub value: f64,
    /// ‖∇f(x)‖₂.
    pub grad_norm: f64,
    /// Iterations made (steps that were taken, accepted or not).
    pub iterations: usize,
    /// Evaluations made, including those of the initialisation.
    pub evals: Evals,
    /// Why the run ended.
    pub stop: StopReason,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// The recorded iterates.
    pub trace: Trace,
}

impl Run {
    /// Whether the run ended by meeting a tolerance (gradient, value or step).
    pub fn converged(&self) -> bool {
        matches!(
            self.stop,
            StopReason::GradientTolerance | StopReason::ValueTolerance | StopReason::StepTolerance
        )
    }
}
