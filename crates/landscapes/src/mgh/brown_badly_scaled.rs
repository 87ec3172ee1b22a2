//! Brown's badly scaled function (MGH problem 4).

use super::least_squares::{MghProblem, SumOfSquares, least_squares_objective};
use crate::Landscape;

/// f(x) = r₁² + r₂² + r₃², r₁ = x₁ − 10⁶, r₂ = x₂ − 2·10⁻⁶, r₃ = x₁x₂ − 2 (n = 2, m = 3).
///
/// - ∇r₁ = (1, 0), ∇r₂ = (0, 1), ∇r₃ = (x₂, x₁); ∇²r₃ = [[0, 1], [1, 0]], the only
///   curvature.
/// - One global minimum f(10⁶, 2·10⁻⁶) = 0. The two coordinates of the minimiser
///   differ by twelve orders of magnitude, and so do the Hessian's diagonal entries
///   there (2 + 2x₂² ≈ 2 against 2 + 2x₁² ≈ 2·10¹²): a test of scale invariance.
/// - Standard start (1, 1), f = 999 998 000 003 (the exact 999 998 000 002.999 996…
///   rounded to f64).
///
/// Formula checked against the MINPACK test driver `objfcn.f` of the paper's authors
/// (Garbow, Hillstrom & Moré, Argonne 1980); f(x₀) against `tests/mgh_reference.py`.
///
/// ```
/// use landscapes::{BrownBadlyScaled, Landscape};
/// use optim_core::Objective;
/// assert_eq!(BrownBadlyScaled.value(&BrownBadlyScaled.start()), 999_998_000_003.0);
/// assert!(BrownBadlyScaled.value(&[1e6, 2e-6]) < 1e-30);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BrownBadlyScaled;

impl SumOfSquares for BrownBadlyScaled {
    fn n(&self) -> usize {
        2
    }
    fn m(&self) -> usize {
        3
    }
    fn residuals(&self, x: &[f64], r: &mut [f64]) {
        r[0] = x[0] - 1e6;
        r[1] = x[1] - 2e-6;
        r[2] = x[0] * x[1] - 2.0;
    }
    fn jacobian(&self, x: &[f64], j: &mut [f64]) {
        j.copy_from_slice(&[1.0, 0.0, x[1], 0.0, 1.0, x[0]]);
    }
    fn residual_hessian_sum(&self, _: &[f64], w: &[f64], h: &mut [f64]) {
        h.copy_from_slice(&[0.0, w[2], w[2], 0.0]);
    }
}

least_squares_objective!(BrownBadlyScaled);

impl MghProblem for BrownBadlyScaled {
    fn mgh_number(&self) -> u8 {
        4
    }
    fn residual_count(&self) -> usize {
        self.m()
    }
    fn reported_minimum(&self) -> Option<f64> {
        Some(0.0)
    }
}

impl Landscape for BrownBadlyScaled {
    fn name(&self) -> String {
        "Brown badly scaled".to_owned()
    }
    fn domain(&self) -> Vec<(f64, f64)> {
        vec![(-1e5, 1.1e6), (-0.5, 1.5)]
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        vec![vec![1e6, 2e-6]]
    }
    fn start(&self) -> Vec<f64> {
        vec![1.0, 1.0]
    }
}
