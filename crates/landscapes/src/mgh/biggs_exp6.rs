//! Biggs' EXP6 function (MGH problem 18): fitting a sum of three exponentials.

use super::least_squares::{MghProblem, SumOfSquares, least_squares_objective};
use crate::Landscape;

/// f(x) = Σ_{i=1}^{13} rᵢ², rᵢ = x₃e^{−tᵢx₁} − x₄e^{−tᵢx₂} + x₆e^{−tᵢx₅} − yᵢ,
/// tᵢ = i/10, yᵢ = e^{−tᵢ} − 5e^{−10tᵢ} + 3e^{−4tᵢ} (n = 6, m = 13).
///
/// - With eⱼ = e^{−tᵢxⱼ}: ∇rᵢ = (−tᵢx₃e₁, tᵢx₄e₂, e₁, −e₂, −tᵢx₆e₅, e₅); ∇²rᵢ has
///   ∂₁₁ = tᵢ²x₃e₁, ∂₁₃ = −tᵢe₁, ∂₂₂ = −tᵢ²x₄e₂, ∂₂₄ = tᵢe₂, ∂₅₅ = tᵢ²x₆e₅,
///   ∂₅₆ = −tᵢe₅ and no other entry.
/// - Global minima f = 0 at (1, 10, 1, 5, 4, 3), the paper's, and at its mirror image
///   (4, 10, 3, 5, 1, 1): the two positive terms are interchangeable.
/// - The paper also prints f = 5.65565·10⁻³ for m = 13. That value is attained at
///   x ≈ (1.71142, 17.6832, 1.16314, 5.18656, 1.71142, 1.16314), where x₁ = x₅ and
///   x₃ = x₆: the standard start lies in that subspace and an iteration that treats
///   the two positive terms alike never leaves it. Within it the point is a minimum,
///   but in the six dimensions it is a **saddle**, not a minimum (curvature ≈ −9.8·10⁻³
///   along e₁ − e₅, which separates the two exponents; `tests/mgh.rs` checks it), so
///   [`minima`](Landscape::minima) does not list it and
///   [`reported_minimum`](MghProblem::reported_minimum) is the paper's f = 0.
/// - Standard start (1, 2, 1, 1, 1, 1), f = 0.779 070 075 655 97.
///
/// Formula checked against MINPACK's `objfcn.f` (Garbow, Hillstrom & Moré, Argonne
/// 1980) and R's funconstrain.
///
/// ```
/// use landscapes::{BiggsExp6, Landscape};
/// use optim_core::Objective;
/// assert!(BiggsExp6.value(&[1.0, 10.0, 1.0, 5.0, 4.0, 3.0]) < 1e-30);
/// assert!((BiggsExp6.value(&BiggsExp6.start()) - 0.779_070_075_655_97).abs() < 1e-13);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BiggsExp6;

const M: usize = 13;

/// (tᵢ, yᵢ, e^{−tᵢx₁}, e^{−tᵢx₂}, e^{−tᵢx₅}) for every residual.
fn terms(x: &[f64]) -> impl Iterator<Item = (f64, f64, f64, f64, f64)> + '_ {
    (1..=M).map(move |i| {
        let t = i as f64 / 10.0;
        let y = (-t).exp() - 5.0 * (-10.0 * t).exp() + 3.0 * (-4.0 * t).exp();
        (
            t,
            y,
            (-t * x[0]).exp(),
            (-t * x[1]).exp(),
            (-t * x[4]).exp(),
        )
    })
}

impl SumOfSquares for BiggsExp6 {
    fn n(&self) -> usize {
        6
    }
    fn m(&self) -> usize {
        M
    }
    fn residuals(&self, x: &[f64], r: &mut [f64]) {
        for (ri, (_, y, e1, e2, e5)) in r.iter_mut().zip(terms(x)) {
            *ri = x[2] * e1 - x[3] * e2 + x[5] * e5 - y;
        }
    }
    fn jacobian(&self, x: &[f64], j: &mut [f64]) {
        for (i, (t, _, e1, e2, e5)) in terms(x).enumerate() {
            let row = [-t * x[2] * e1, t * x[3] * e2, e1, -e2, -t * x[5] * e5, e5];
            for (k, v) in row.into_iter().enumerate() {
                j[i + M * k] = v;
            }
        }
    }
    fn residual_hessian_sum(&self, x: &[f64], w: &[f64], h: &mut [f64]) {
        let (mut h11, mut h13, mut h22, mut h24, mut h55, mut h56) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
        for ((t, _, e1, e2, e5), &wi) in terms(x).zip(w) {
            h11 += wi * t * t * x[2] * e1;
            h13 -= wi * t * e1;
            h22 -= wi * t * t * x[3] * e2;
            h24 += wi * t * e2;
            h55 += wi * t * t * x[5] * e5;
            h56 -= wi * t * e5;
        }
        h.fill(0.0);
        let n = 6;
        for (a, b, v) in [
            (0, 0, h11),
            (0, 2, h13),
            (1, 1, h22),
            (1, 3, h24),
            (4, 4, h55),
            (4, 5, h56),
        ] {
            h[a + n * b] = v;
            h[b + n * a] = v;
        }
    }
}

least_squares_objective!(BiggsExp6);

impl MghProblem for BiggsExp6 {
    fn mgh_number(&self) -> u8 {
        18
    }
    fn residual_count(&self) -> usize {
        self.m()
    }
    fn reported_minimum(&self) -> Option<f64> {
        Some(0.0)
    }
}

impl Landscape for BiggsExp6 {
    fn name(&self) -> String {
        "Biggs EXP6 (m = 13)".to_owned()
    }
    fn domain(&self) -> Vec<(f64, f64)> {
        vec![
            (0.0, 5.0),
            (0.0, 11.0),
            (0.0, 4.0),
            (0.0, 6.0),
            (0.0, 5.0),
            (0.0, 4.0),
        ]
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        vec![
            vec![1.0, 10.0, 1.0, 5.0, 4.0, 3.0],
            vec![4.0, 10.0, 3.0, 5.0, 1.0, 1.0],
        ]
    }
    fn start(&self) -> Vec<f64> {
        vec![1.0, 2.0, 1.0, 1.0, 1.0, 1.0]
    }
}
