//! Wood's function (MGH problem 14).

use super::least_squares::{MghProblem, SumOfSquares, least_squares_objective};
use crate::Landscape;

/// f(x) = 100(x₂ − x₁²)² + (1 − x₁)² + 90(x₄ − x₃²)² + (1 − x₃)²
/// + 10.1((x₂ − 1)² + (x₄ − 1)²) + 19.8(x₂ − 1)(x₄ − 1) (n = 4),
///
/// evaluated as MGH write it, a sum of m = 6 squares: r₁ = 10(x₂ − x₁²), r₂ = 1 − x₁,
/// r₃ = √90(x₄ − x₃²), r₄ = 1 − x₃, r₅ = √10(x₂ + x₄ − 2), r₆ = (x₂ − x₄)/√10
/// (10a² + b²/10 with a = (x₂ − 1) + (x₄ − 1), b = (x₂ − 1) − (x₄ − 1) gives the
/// 10.1 and 19.8 above).
///
/// - The only curvature of the residuals: ∂₁₁r₁ = −20, ∂₃₃r₃ = −2√90.
/// - One global minimum f(1, 1, 1, 1) = 0: two Rosenbrock valleys coupled through x₂
///   and x₄. A saddle near (−0.968, 0.947, −0.970, 0.951), f ≈ 7.877 (one negative
///   curvature, ≈ −0.12; `tests/mgh.rs` checks it), slows methods that come close.
///   Standard start (−3, −1, −3, −1), f = 19192.
///
/// Formula checked against MINPACK's `objfcn.f` (Garbow, Hillstrom & Moré, Argonne
/// 1980), which sums 10(s + t)² + (s − t)²/10 with s = x₂ − 1, t = x₄ − 1.
///
/// ```
/// use landscapes::{Landscape, Wood};
/// use optim_core::Objective;
/// assert!((Wood.value(&Wood.start()) - 19192.0).abs() < 1e-10);
/// assert_eq!(Wood.value(&[1.0; 4]), 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Wood;

impl SumOfSquares for Wood {
    fn n(&self) -> usize {
        4
    }
    fn m(&self) -> usize {
        6
    }
    fn residuals(&self, x: &[f64], r: &mut [f64]) {
        let (s90, s10) = (90f64.sqrt(), 10f64.sqrt());
        r[0] = 10.0 * (x[1] - x[0] * x[0]);
        r[1] = 1.0 - x[0];
        r[2] = s90 * (x[3] - x[2] * x[2]);
        r[3] = 1.0 - x[2];
        r[4] = s10 * (x[1] + x[3] - 2.0);
        r[5] = (x[1] - x[3]) / s10;
    }
    fn jacobian(&self, x: &[f64], j: &mut [f64]) {
        let (s90, s10) = (90f64.sqrt(), 10f64.sqrt());
        #[rustfmt::skip]
        let columns = [
            -20.0 * x[0], -1.0, 0.0, 0.0, 0.0, 0.0,
            10.0, 0.0, 0.0, 0.0, s10, 1.0 / s10,
            0.0, 0.0, -2.0 * s90 * x[2], -1.0, 0.0, 0.0,
            0.0, 0.0, s90, 0.0, s10, -1.0 / s10,
        ];
        j.copy_from_slice(&columns);
    }
    fn residual_hessian_sum(&self, _: &[f64], w: &[f64], h: &mut [f64]) {
        h.fill(0.0);
        h[0] = -20.0 * w[0];
        h[2 + 4 * 2] = -2.0 * 90f64.sqrt() * w[2];
    }
}

least_squares_objective!(Wood);

impl MghProblem for Wood {
    fn mgh_number(&self) -> u8 {
        14
    }
    fn residual_count(&self) -> usize {
        self.m()
    }
    fn reported_minimum(&self) -> Option<f64> {
        Some(0.0)
    }
}

impl Landscape for Wood {
    fn name(&self) -> String {
        "Wood".to_owned()
    }
    fn domain(&self) -> Vec<(f64, f64)> {
        vec![(-4.0, 4.0); 4]
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        vec![vec![1.0; 4]]
    }
    fn start(&self) -> Vec<f64> {
        vec![-3.0, -1.0, -3.0, -1.0]
    }
}
