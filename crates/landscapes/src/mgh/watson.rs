//! Watson's function (MGH problem 20): a polynomial fitted to y′ = 1 + y², y(0) = 0.

use optim_core::Error;
use optim_core::error::check_param;

use super::least_squares::{MAX_DIM, MghProblem, SumOfSquares, least_squares_objective};
use crate::Landscape;
use crate::landscape::cover;

/// f(x) = Σ_{i=1}^{31} rᵢ² in n variables, 2 ≤ n ≤ 31, with tᵢ = i/29 and
///
/// - rᵢ = Σ_{j=2}^{n} (j − 1)xⱼtᵢ^{j−2} − (Σ_{j=1}^{n} xⱼtᵢ^{j−1})² − 1 for i = 1, …, 29,
/// - r₃₀ = x₁, r₃₁ = x₂ − x₁² − 1:
///
/// for the polynomial y(t) = Σⱼ xⱼt^{j−1}, rᵢ = y′(tᵢ) − y(tᵢ)² − 1 is the residual of
/// y′ = 1 + y² on [0, 1], r₃₀ = y(0) and r₃₁ the ODE's residual at 0.
///
/// With pᵢ = (1, tᵢ, …, tᵢ^{n−1}) and sᵢ = pᵢ·x: ∂rᵢ/∂xⱼ = (j − 1)tᵢ^{j−2} − 2sᵢtᵢ^{j−1}
/// and ∇²rᵢ = −2pᵢpᵢᵀ (i ≤ 29); ∇r₃₁ = (−2x₁, 1, 0, …), ∂₁₁r₃₁ = −2.
///
/// Standard start x₀ = 0, f = 30 (rᵢ = −1 for i ≤ 29 and i = 31). The paper prints
/// f* = 2.28767…·10⁻³ (n = 6), 1.39976…·10⁻⁶ (n = 9), 4.72238…·10⁻¹⁰ (n = 12); the
/// minimisers, which it does not print, are [`minima`](Landscape::minima) for those n
/// (n = 6 from GSL's test suite, which agrees to 9 digits with ours; n = 9, 12
/// computed by Levenberg–Marquardt in `tests/mgh_reference.py`; the Hessian's
/// condition number grows like a Hilbert matrix's with n, so the n = 12 minimiser is
/// determined to fewer digits than f*). The list is empty for other n.
///
/// Formula checked against MINPACK's `ssqfcn.f` and `objfcn.f` (Garbow, Hillstrom &
/// Moré, Argonne 1980).
///
/// ```
/// use landscapes::{Landscape, Watson};
/// use optim_core::Objective;
/// let f = Watson::new(6)?;
/// assert_eq!(f.value(&f.start()), 30.0);
/// assert!((f.value(&f.minima()[0]) - 2.287_670_053_552e-3).abs() < 1e-15);
/// assert!(Watson::new(32).is_err());
/// # Ok::<(), optim_core::Error>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Watson {
    /// Private so that every value went through [`Watson::new`]'s check: the
    /// evaluations use stack buffers sized for n ≤ 31.
    n: usize,
}

const M: usize = 31;
/// The 29 residuals of the ODE on (0, 1]; r₃₀ and r₃₁ are its conditions at 0.
const FIT: usize = 29;

/// The n = 9 minimiser, from `tests/mgh_reference.py` (f = 1.399 760 138 1·10⁻⁶).
const WATSON_9: [f64; 9] = [
    -1.5307036523594307e-05,
    0.9997897039320199,
    0.014763963690286366,
    0.14634232833153063,
    1.0008211028673177,
    -2.617731140215715,
    4.104403164116871,
    -3.1436122783345164,
    1.0526264079553382,
];

/// The n = 12 minimiser, from `tests/mgh_reference.py` (f = 4.722 381 106·10⁻¹⁰).
const WATSON_12: [f64; 12] = [
    -6.638060453150839e-09,
    1.000001644117861,
    -0.0005639322101937903,
    0.3478205405010563,
    -0.1567315040695503,
    1.0528151770749397,
    -3.247271153057082,
    7.288434897156684,
    -10.27184824035092,
    9.074113646327982,
    -4.541375466367992,
    1.0120118884920724,
];

impl Default for Watson {
    /// The standard size, n = 6.
    fn default() -> Self {
        Self { n: 6 }
    }
}

impl Watson {
    /// Watson's function in n variables, refusing n outside 2..=31 with
    /// [`Error::InvalidParameter`].
    pub fn new(n: usize) -> Result<Self, Error> {
        check_param("n", n as f64, "an integer in 2..=31", |v| {
            (2.0..=MAX_DIM as f64).contains(&v)
        })?;
        Ok(Self { n })
    }

    /// The dimension n.
    pub fn dim(&self) -> usize {
        self.n
    }
}

/// t of the fitting residual with 0-based index i: (i + 1)/29.
fn t(i: usize) -> f64 {
    (i + 1) as f64 / 29.0
}

/// (sᵢ, Σ_{j≥2} (j − 1)xⱼtᵢ^{j−2}) by Horner's rule (indices from 0 here: x[j] multiplies
/// t^j, and j·x[j]·t^{j−1} in the derivative).
fn sums(x: &[f64], t: f64) -> (f64, f64) {
    let mut s = 0.0;
    for &xj in x.iter().rev() {
        s = s * t + xj;
    }
    let mut d = 0.0;
    for (j, &xj) in x.iter().enumerate().skip(1).rev() {
        d = d * t + j as f64 * xj;
    }
    (s, d)
}

impl SumOfSquares for Watson {
    fn n(&self) -> usize {
        self.n
    }
    fn m(&self) -> usize {
        M
    }
    fn residuals(&self, x: &[f64], r: &mut [f64]) {
        for (i, ri) in r[..FIT].iter_mut().enumerate() {
            let (s, d) = sums(x, t(i));
            *ri = d - s * s - 1.0;
        }
        r[FIT] = x[0];
        r[FIT + 1] = x[1] - x[0] * x[0] - 1.0;
    }
    fn jacobian(&self, x: &[f64], j: &mut [f64]) {
        j.fill(0.0);
        for i in 0..FIT {
            let ti = t(i);
            let (s, _) = sums(x, ti);
            // Column k (from 0): k·t^{k−1} − 2s·t^k, the powers built as k grows.
            let mut power = 1.0;
            let mut previous = 0.0;
            for k in 0..self.n {
                j[i + M * k] = k as f64 * previous - 2.0 * s * power;
                previous = power;
                power *= ti;
            }
        }
        j[FIT] = 1.0;
        j[FIT + 1] = -2.0 * x[0];
        j[FIT + 1 + M] = 1.0;
    }
    fn residual_hessian_sum(&self, _: &[f64], w: &[f64], h: &mut [f64]) {
        let n = self.n;
        h.fill(0.0);
        let mut p = [0.0; MAX_DIM];
        let p = &mut p[..n];
        for (i, &wi) in w[..FIT].iter().enumerate() {
            let ti = t(i);
            let mut power = 1.0;
            for pk in p.iter_mut() {
                *pk = power;
                power *= ti;
            }
            for b in 0..n {
                for a in 0..n {
                    h[a + n * b] -= 2.0 * wi * p[a] * p[b];
                }
            }
        }
        h[0] -= 2.0 * w[FIT + 1];
    }
}

least_squares_objective!(Watson);

impl MghProblem for Watson {
    fn mgh_number(&self) -> u8 {
        20
    }
    fn residual_count(&self) -> usize {
        self.m()
    }
    fn reported_minimum(&self) -> Option<f64> {
        match self.n {
            6 => Some(2.28767e-3),
            9 => Some(1.39976e-6),
            12 => Some(4.72238e-10),
            _ => None,
        }
    }
}

impl Landscape for Watson {
    fn name(&self) -> String {
        format!("Watson (n = {})", self.n)
    }
    fn domain(&self) -> Vec<(f64, f64)> {
        let minima = self.minima();
        let points: Vec<&[f64]> = minima.iter().map(Vec::as_slice).collect();
        cover(vec![(-2.0, 2.0); self.n], &points, 0.5)
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        let x: &[f64] = match self.n {
            6 => &[
                -1.572508640629858e-02,
                1.012434869366059e00,
                -2.32991625926338e-01,
                1.260430087686035e00,
                -1.513728922580576e00,
                9.929964323646112e-01,
            ],
            9 => &WATSON_9,
            12 => &WATSON_12,
            _ => &[],
        };
        if x.is_empty() {
            Vec::new()
        } else {
            vec![x.to_vec()]
        }
    }
    fn start(&self) -> Vec<f64> {
        vec![0.0; self.n]
    }
}
