//! The least-squares rule the Moré–Garbow–Hillstrom problems share, written once:
//! from the residuals r, their Jacobian J and Σ wᵢ∇²rᵢ, the value f = Σ rᵢ² (MGH's
//! convention: no ½), ∇f = 2Jᵀr, ∇²f = 2(JᵀJ + Σ rᵢ∇²rᵢ) and ∇²f·v, all on the
//! stack; and [`MghProblem`], what the paper says about each problem.

use optim_core::vector;

use crate::Landscape;

/// The most residuals of any problem here (Gulf's m = 99).
pub(crate) const MAX_RESIDUALS: usize = 99;
/// The largest dimension of any problem here (Watson's n ≤ 31).
pub(crate) const MAX_DIM: usize = 31;
/// The largest m·n of any problem here (Watson's 31 × 31; Gulf's is 99 × 3).
pub(crate) const MAX_JACOBIAN: usize = 31 * 31;

/// What the Moré–Garbow–Hillstrom paper says about one of its test problems.
///
/// ```
/// use landscapes::{MghProblem, Watson, Wood};
/// assert_eq!(Wood.mgh_number(), 14);
/// assert_eq!(Wood.reported_minimum(), Some(0.0));
/// assert_eq!(Watson::new(9)?.reported_minimum(), Some(1.39976e-6));
/// assert_eq!(Watson::new(7)?.reported_minimum(), None);
/// # Ok::<(), optim_core::Error>(())
/// ```
pub trait MghProblem: Landscape {
    /// The problem's number in the paper (Brown badly scaled is 4, Watson 20).
    fn mgh_number(&self) -> u8;
    /// The number m of residuals, f = Σ_{i=1}^{m} rᵢ².
    fn residual_count(&self) -> usize;
    /// The least value f* the paper prints for this size, to the digits it prints
    /// (87.9458 for Meyer's 87.945855…), or `None` where it prints none (Watson for n
    /// other than 6, 9, 12).
    fn reported_minimum(&self) -> Option<f64>;
}

/// A sum of squares f(x) = Σ_{i=1}^{m} rᵢ(x)², described by its residuals.
///
/// `m()` ≤ [`MAX_RESIDUALS`], `n()` ≤ [`MAX_DIM`] and m·n ≤ [`MAX_JACOBIAN`], so that
/// every evaluation runs in fixed-size stack buffers (the constructors keep Watson's
/// n within bounds; the other sizes are constants).
pub(crate) trait SumOfSquares {
    /// The dimension n.
    fn n(&self) -> usize;
    /// The number m of residuals.
    fn m(&self) -> usize;
    /// r(x) into `r` (length m).
    fn residuals(&self, x: &[f64], r: &mut [f64]);
    /// The m×n Jacobian ∂rᵢ/∂xⱼ into `j`, column-major: `j[i + m·k]` = ∂rᵢ/∂xₖ.
    fn jacobian(&self, x: &[f64], j: &mut [f64]);
    /// Σᵢ wᵢ ∇²rᵢ(x) into `h` (n×n, column-major, overwritten).
    fn residual_hessian_sum(&self, x: &[f64], w: &[f64], h: &mut [f64]);
}

/// f = Σ rᵢ², from already computed residuals: [`value`] and [`value_and_gradient`]
/// both end here, so they agree to the bit.
fn sum_of_squares(r: &[f64]) -> f64 {
    vector::dot(r, r)
}

pub(crate) fn value<P: SumOfSquares + ?Sized>(p: &P, x: &[f64]) -> f64 {
    let mut r = [0.0; MAX_RESIDUALS];
    let r = &mut r[..p.m()];
    p.residuals(x, r);
    sum_of_squares(r)
}

pub(crate) fn value_and_gradient<P: SumOfSquares + ?Sized>(p: &P, x: &[f64], g: &mut [f64]) -> f64 {
    let (m, n) = (p.m(), p.n());
    let (mut r, mut j) = ([0.0; MAX_RESIDUALS], [0.0; MAX_JACOBIAN]);
    let (r, j) = (&mut r[..m], &mut j[..m * n]);
    p.residuals(x, r);
    p.jacobian(x, j);
    for (gk, column) in g.iter_mut().zip(j.chunks_exact(m)) {
        *gk = 2.0 * vector::dot(column, r);
    }
    sum_of_squares(r)
}

pub(crate) fn hessian<P: SumOfSquares + ?Sized>(p: &P, x: &[f64], h: &mut [f64]) {
    let (m, n) = (p.m(), p.n());
    let (mut r, mut j) = ([0.0; MAX_RESIDUALS], [0.0; MAX_JACOBIAN]);
    let (r, j) = (&mut r[..m], &mut j[..m * n]);
    p.residuals(x, r);
    p.jacobian(x, j);
    p.residual_hessian_sum(x, r, h);
    for k in 0..n {
        for l in 0..=k {
            let gram = vector::dot(&j[l * m..(l + 1) * m], &j[k * m..(k + 1) * m]);
            // A problem's Σ rᵢ∇²rᵢ need only be symmetric to rounding: averaging its two
            // triangles makes the returned Hessian symmetric to the bit.
            let curvature = 0.5 * (h[l + n * k] + h[k + n * l]);
            let entry = 2.0 * (gram + curvature);
            h[l + n * k] = entry;
            h[k + n * l] = entry;
        }
    }
}

pub(crate) fn hessian_vector_product<P: SumOfSquares + ?Sized>(
    p: &P,
    x: &[f64],
    v: &[f64],
    hv: &mut [f64],
) {
    let (m, n) = (p.m(), p.n());
    let (mut r, mut j, mut s, mut jv) = (
        [0.0; MAX_RESIDUALS],
        [0.0; MAX_JACOBIAN],
        [0.0; MAX_DIM * MAX_DIM],
        [0.0; MAX_RESIDUALS],
    );
    let (r, j, s, jv) = (&mut r[..m], &mut j[..m * n], &mut s[..n * n], &mut jv[..m]);
    p.residuals(x, r);
    p.jacobian(x, j);
    p.residual_hessian_sum(x, r, s);
    // 2(Jᵀ(Jv) + (Σ rᵢ∇²rᵢ)v): JᵀJ is never formed, and Σ rᵢ∇²rᵢ is at most 31 × 31.
    for (column, &vk) in j.chunks_exact(m).zip(v) {
        vector::axpy(vk, column, jv);
    }
    for (k, hvk) in hv.iter_mut().enumerate() {
        let curvature: f64 = (0..n).map(|l| s[k + n * l] * v[l]).sum();
        *hvk = 2.0 * (vector::dot(&j[k * m..(k + 1) * m], jv) + curvature);
    }
}

/// Implements `Objective`, `HessianProduct` and `Hessian` for a [`SumOfSquares`]
/// through the functions above, so no problem writes its own ∇f or ∇²f.
macro_rules! least_squares_objective {
    ($problem:ty) => {
        impl optim_core::Objective for $problem {
            fn dim(&self) -> usize {
                $crate::mgh::least_squares::SumOfSquares::n(self)
            }
            fn value(&self, x: &[f64]) -> f64 {
                $crate::mgh::least_squares::value(self, x)
            }
            fn gradient(&self, x: &[f64], g: &mut [f64]) {
                $crate::mgh::least_squares::value_and_gradient(self, x, g);
            }
            fn value_and_gradient(&self, x: &[f64], g: &mut [f64]) -> f64 {
                $crate::mgh::least_squares::value_and_gradient(self, x, g)
            }
        }

        impl optim_core::HessianProduct for $problem {
            fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
                $crate::mgh::least_squares::hessian_vector_product(self, x, v, hv);
            }
        }

        impl optim_core::Hessian for $problem {
            fn hessian(&self, x: &[f64], h: &mut [f64]) {
                $crate::mgh::least_squares::hessian(self, x, h);
            }
        }
    };
}

pub(crate) use least_squares_objective;
