//! [`Evals`]: how many times a run evaluated the objective, by kind.

use std::ops::{Add, Sub};

/// How many times the objective was evaluated, by kind.
///
/// A call of `value_and_gradient` counts as one value and one gradient, as scipy counts
/// `nfev` and `njev`.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
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
