//! Meyer's function (MGH problem 10), a thermistor's resistance against temperature.

use super::least_squares::{MghProblem, SumOfSquares, least_squares_objective};
use crate::Landscape;

/// f(x) = Σ_{i=1}^{16} rᵢ², rᵢ = x₁ exp(x₂/(tᵢ + x₃)) − yᵢ, tᵢ = 45 + 5i (n = 3, m = 16),
/// with the 16 measured yᵢ = 34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744,
/// 8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872.
///
/// - With eᵢ = exp(x₂/dᵢ), dᵢ = tᵢ + x₃: ∇rᵢ = (eᵢ, x₁eᵢ/dᵢ, −x₁x₂eᵢ/dᵢ²);
///   ∇²rᵢ has ∂₁₁ = 0, ∂₁₂ = eᵢ/dᵢ, ∂₁₃ = −x₂eᵢ/dᵢ², ∂₂₂ = x₁eᵢ/dᵢ²,
///   ∂₂₃ = −x₁eᵢ(x₂ + dᵢ)/dᵢ³, ∂₃₃ = x₁x₂eᵢ(x₂ + 2dᵢ)/dᵢ⁴.
/// - The paper prints f* = 87.9458… and no minimiser; [`minima`](Landscape::minima)
///   lists (0.005609636471096653, 6181.3463462745585, 345.22363462368713), refined by
///   `tests/mgh_reference.py` from NIST's certified values for the same problem (StRD
///   MGH10: 5.6096364710·10⁻³, 6.1813463463·10³, 3.4522363462·10², residual sum of
///   squares 87.945855171), which it matches to within a unit of their 11th digit.
///   The parameters differ by six orders of magnitude and the valley is extremely
///   narrow: methods that are not scale-invariant crawl.
/// - Standard start (0.02, 4000, 250), f = 1 693 607 809.436…
/// - Singular where x₃ = −tᵢ (x₃ ∈ {−50, −55, …, −125}); the box and start are far
///   from there.
///
/// Formula and data checked against MINPACK's `ssqfcn.f` (Garbow, Hillstrom & Moré,
/// Argonne 1980) and NIST StRD MGH10.
///
/// ```
/// use landscapes::{Landscape, Meyer};
/// use optim_core::Objective;
/// let f = Meyer.value(&Meyer.minima()[0]);
/// assert!((f - 87.945_855_17).abs() < 1e-8);
/// assert!((Meyer.value(&Meyer.start()) - 1_693_607_809.436_146).abs() < 1e-5);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Meyer;

const Y: [f64; 16] = [
    34780.0, 28610.0, 23650.0, 19630.0, 16370.0, 13720.0, 11540.0, 9744.0, 8261.0, 7030.0, 6005.0,
    5147.0, 4427.0, 3820.0, 3307.0, 2872.0,
];

/// (eᵢ, dᵢ) for every residual: what each of its derivatives is built from.
fn terms(x: &[f64]) -> impl Iterator<Item = (f64, f64)> + '_ {
    (1..=16).map(move |i| {
        let d = 45.0 + 5.0 * i as f64 + x[2];
        ((x[1] / d).exp(), d)
    })
}

impl SumOfSquares for Meyer {
    fn n(&self) -> usize {
        3
    }
    fn m(&self) -> usize {
        16
    }
    fn residuals(&self, x: &[f64], r: &mut [f64]) {
        for ((ri, (e, _)), y) in r.iter_mut().zip(terms(x)).zip(Y) {
            *ri = x[0] * e - y;
        }
    }
    fn jacobian(&self, x: &[f64], j: &mut [f64]) {
        let (c1, rest) = j.split_at_mut(16);
        let (c2, c3) = rest.split_at_mut(16);
        for (i, (e, d)) in terms(x).enumerate() {
            c1[i] = e;
            c2[i] = x[0] * e / d;
            c3[i] = -x[0] * x[1] * e / (d * d);
        }
    }
    fn residual_hessian_sum(&self, x: &[f64], w: &[f64], h: &mut [f64]) {
        let (x1, x2) = (x[0], x[1]);
        let (mut h12, mut h13, mut h22, mut h23, mut h33) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for ((e, d), &wi) in terms(x).zip(w) {
            let we = wi * e;
            let d2 = d * d;
            h12 += we / d;
            h13 -= we * x2 / d2;
            h22 += we * x1 / d2;
            h23 -= we * x1 * (x2 + d) / (d2 * d);
            h33 += we * x1 * x2 * (x2 + 2.0 * d) / (d2 * d2);
        }
        h.copy_from_slice(&[0.0, h12, h13, h12, h22, h23, h13, h23, h33]);
    }
}

least_squares_objective!(Meyer);

impl MghProblem for Meyer {
    fn mgh_number(&self) -> u8 {
        10
    }
    fn residual_count(&self) -> usize {
        self.m()
    }
    fn reported_minimum(&self) -> Option<f64> {
        Some(87.9458)
    }
}

impl Landscape for Meyer {
    fn name(&self) -> String {
        "Meyer".to_owned()
    }
    fn domain(&self) -> Vec<(f64, f64)> {
        vec![(0.0, 0.03), (3000.0, 7000.0), (200.0, 400.0)]
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        vec![vec![
            0.005609636471096653,
            6181.3463462745585,
            345.22363462368713,
        ]]
    }
    fn start(&self) -> Vec<f64> {
        vec![0.02, 4000.0, 250.0]
    }
}
