//! The outcome of a run: [`Run`] and its evaluation counts [`Evals`].

use std::ops::{Add, Sub};
use std::time::Duration;

use crate::{StopReason, Trace};

/// How many times the objective was evaluated, by kind.
///
/// A call of `value_and_gradient` counts as one value and one gradient, as scipy counts
/// `nfev` and `njev`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Evals {
    /// Values f(x).
    pub value: usize,
    /// Gradients ∇f(x).
    pub gradient: usize,
    /// Full Hessians ∇²f(x).
    pub hessian: usize,
    /// Hessian-vector products ∇²f(x)·v.
    pub hessian_vector: usize,
}

impl Add for Evals {
    type Output = Evals;
    fn add(self, o: Evals) -> Evals {
        Evals {
            value: self.value + o.value,
            gradient: self.gradient + o.gradient,
            hessian: self.hessian + o.hessian,
            hessian_vector: self.hessian_vector + o.hessian_vector,
        }
    }
}

impl Sub for Evals {
    type Output = Evals;
    fn sub(self, o: Evals) -> Evals {
        Evals {
            value: self.value - o.value,
            gradient: self.gradient - o.gradient,
            hessian: self.hessian - o.hessian,
            hessian_vector: self.hessian_vector - o.hessian_vector,
        }
    }
}

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
