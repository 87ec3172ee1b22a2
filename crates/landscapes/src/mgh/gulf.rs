//! The Gulf research and development function (MGH problem 11).

use super::least_squares::{MghProblem, SumOfSquares, least_squares_objective};
use crate::Landscape;

/// f(x) = Σ_{i=1}^{99} rᵢ², rᵢ = exp(−|yᵢ − x₂|^{x₃}/x₁) − tᵢ, tᵢ = i/100,
/// yᵢ = 25 + (−50 ln tᵢ)^{2/3} (n = 3, m = 99, the usual choice of 3 ≤ m ≤ 100).
///
/// - With aᵢ = yᵢ − x₂, uᵢ = |aᵢ|^{x₃} and gᵢ = uᵢ/x₁, rᵢ = e^{−gᵢ} − tᵢ:
///   ∇rᵢ = −e^{−gᵢ}∇gᵢ and ∇²rᵢ = e^{−gᵢ}(∇gᵢ∇gᵢᵀ − ∇²gᵢ), where
///   ∇gᵢ = (−u/x₁², u₂/x₁, u₃/x₁) and ∇²gᵢ has ∂₁₁ = 2u/x₁³, ∂₁₂ = −u₂/x₁²,
///   ∂₁₃ = −u₃/x₁², ∂ⱼₖ = uⱼₖ/x₁ otherwise, from u₂ = −x₃u/a, u₃ = u ln|a|,
///   u₂₂ = x₃(x₃ − 1)u/a², u₂₃ = −u(1 + x₃ ln|a|)/a, u₃₃ = u ln²|a|.
/// - One global minimum f(50, 25, 1.5) = 0, where exp(−|yᵢ − 25|^{1.5}/50) = tᵢ
///   exactly. Standard start (5, 2.5, 0.15), f = 12.110 705 825 569 5.
///
/// **Where yᵢ = x₂ the function is not smooth.** |aᵢ|^{x₃} has no derivative in x₂ at
/// aᵢ = 0 when x₃ ≤ 1, and no second derivative when x₃ < 2; ln|aᵢ| is −∞ there. The
/// yᵢ run from 25.63 (i = 99) to 62.6 (i = 1), so this happens only for x₂ in that
/// range, never between the start and the minimiser (x₂ ≤ 25). Exactly at aᵢ = 0 the
/// derivatives of uᵢ are taken as 0: they are the limits where limits exist (the
/// gradient's for x₃ > 1, the Hessian's for x₃ > 2) and keep every derivative finite
/// elsewhere, instead of NaN (0·∞) or ±∞. Near aᵢ = 0 with x₃ < 2 the Hessian is
/// large (|aᵢ|^{x₃−2}), as the function is.
///
/// The paper's formula prints "|yᵢ mi x₂|", its typesetting of a minus sign, and
/// some ports read it as a product (`y[i] * m * i * x[2]` in Julia's NLSProblems.jl
/// `mgh11` and OptimizationProblems.jl `gulf`), a different function without a zero
/// at (50, 25, 1.5). This one is the formula of MINPACK's `objfcn.f` (Garbow,
/// Hillstrom & Moré, Argonne 1980, m = 99), which R's funconstrain also uses.
///
/// ```
/// use landscapes::{Gulf, Landscape};
/// use optim_core::Objective;
/// assert!(Gulf.value(&[50.0, 25.0, 1.5]) < 1e-30);
/// assert!((Gulf.value(&Gulf.start()) - 12.110_705_825_569_5).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Gulf;

const M: usize = 99;

/// One residual's pieces: tᵢ, e^{−gᵢ}, ∇gᵢ and ∇²gᵢ (as ∂₁₁, ∂₁₂, ∂₁₃, ∂₂₂, ∂₂₃, ∂₃₃).
struct Term {
    t: f64,
    e: f64,
    dg: [f64; 3],
    d2g: [f64; 6],
}

fn term(x: &[f64], i: usize) -> Term {
    let (x1, x2, x3) = (x[0], x[1], x[2]);
    let t = i as f64 / 100.0;
    let a = (-50.0 * t.ln()).powf(2.0 / 3.0) + 25.0 - x2;
    let u = a.abs().powf(x3);
    // u's derivatives in x₂ and x₃, zero at a = 0 (see the type's documentation).
    let (u2, u3, u22, u23, u33) = if a == 0.0 {
        (0.0, 0.0, 0.0, 0.0, 0.0)
    } else {
        let l = a.abs().ln();
        (
            -x3 * u / a,
            u * l,
            x3 * (x3 - 1.0) * u / (a * a),
            -u * (1.0 + x3 * l) / a,
            u * l * l,
        )
    };
    let x1sq = x1 * x1;
    Term {
        t,
        e: (-u / x1).exp(),
        dg: [-u / x1sq, u2 / x1, u3 / x1],
        d2g: [
            2.0 * u / (x1sq * x1),
            -u2 / x1sq,
            -u3 / x1sq,
            u22 / x1,
            u23 / x1,
            u33 / x1,
        ],
    }
}

impl SumOfSquares for Gulf {
    fn n(&self) -> usize {
        3
    }
    fn m(&self) -> usize {
        M
    }
    fn residuals(&self, x: &[f64], r: &mut [f64]) {
        for (i, ri) in r.iter_mut().enumerate() {
            let Term { t, e, .. } = term(x, i + 1);
            *ri = e - t;
        }
    }
    fn jacobian(&self, x: &[f64], j: &mut [f64]) {
        for i in 0..M {
            let Term { e, dg, .. } = term(x, i + 1);
            for (k, dgk) in dg.iter().enumerate() {
                j[i + M * k] = -e * dgk;
            }
        }
    }
    fn residual_hessian_sum(&self, x: &[f64], w: &[f64], h: &mut [f64]) {
        let mut s = [0.0; 6];
        for (i, &wi) in w.iter().enumerate() {
            let Term { e, dg, d2g, .. } = term(x, i + 1);
            let pairs = [(0, 0), (0, 1), (0, 2), (1, 1), (1, 2), (2, 2)];
            for ((sk, (a, b)), d2) in s.iter_mut().zip(pairs).zip(d2g) {
                *sk += wi * e * (dg[a] * dg[b] - d2);
            }
        }
        let [h11, h12, h13, h22, h23, h33] = s;
        h.copy_from_slice(&[h11, h12, h13, h12, h22, h23, h13, h23, h33]);
    }
}

least_squares_objective!(Gulf);

impl MghProblem for Gulf {
    fn mgh_number(&self) -> u8 {
        11
    }
    fn residual_count(&self) -> usize {
        self.m()
    }
    fn reported_minimum(&self) -> Option<f64> {
        Some(0.0)
    }
}

impl Landscape for Gulf {
    fn name(&self) -> String {
        "Gulf research and development (m = 99)".to_owned()
    }
    /// x₁ starts at 1 (f is singular at x₁ = 0) and x₂ ends at 25.5, below every yᵢ, so
    /// the box is smooth.
    fn domain(&self) -> Vec<(f64, f64)> {
        vec![(1.0, 60.0), (0.0, 25.5), (0.0, 3.0)]
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        vec![vec![50.0, 25.0, 1.5]]
    }
    fn start(&self) -> Vec<f64> {
        vec![5.0, 2.5, 0.15]
    }
}
