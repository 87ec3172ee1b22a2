//! Power iteration: the dominant eigenvalue of a symmetric operator from products.
//!
//! For a symmetric H given only through v ↦ Hv:
//!
//! ```text
//! v ← v/‖v‖
//! repeat:  w = Hv,  ρ = vᵀw,  stop if ‖w − ρv‖ ≤ tol·‖w‖,  v ← w/‖w‖
//! ```
//!
//! v converges to the eigenvector of the eigenvalue of largest magnitude |λ|max, at the
//! rate |λ₂/λ₁| per product. For an indefinite H (a saddle, a ridge between wells)
//! that eigenvalue may be negative: ρ is then negative, and ‖Hv‖ (with ‖v‖ = 1) is the
//! estimate of |λ|max to use. It is never above |λ|max, and it also converges when the
//! two extreme eigenvalues are ±λ (where ρ does not, v alternating between them).
//!
//! Warm starts are the point: pass the previous eigenvector as `v` and a slowly varying
//! H (an optimiser's Hessian along its path) needs one or two products per call.
//!
//! Reference: Golub & Van Loan, *Matrix Computations* (4th ed.), §8.2.1.
//!
//! ```
//! use second_order::power_iteration;
//! // H = diag(1, −5, 2): the dominant eigenvalue is −5.
//! let d = [1.0, -5.0, 2.0];
//! let hvp = |v: &[f64], hv: &mut [f64]| for i in 0..3 { hv[i] = d[i] * v[i] };
//! let mut v = [1.0, 1.0, 1.0];
//! let mut work = [0.0; 3];
//! let dom = power_iteration(hvp, &mut v, &mut work, 200, 1e-10)?;
//! assert!(dom.converged);
//! assert!((dom.value + 5.0).abs() < 1e-9 && (dom.magnitude - 5.0).abs() < 1e-9);
//! assert!((v[1].abs() - 1.0).abs() < 1e-9);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::{check_finite, check_len, check_param};
use optim_core::vector::{dot, norm};
use optim_core::{Error, Rng};

/// The estimate of the dominant eigenpair returned by [`power_iteration`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dominant {
    /// The Rayleigh quotient ρ = vᵀHv of the last vector: the signed eigenvalue.
    pub value: f64,
    /// ‖Hv‖ for the last unit vector: the estimate of |λ|max, never above it.
    pub magnitude: f64,
    /// ‖Hv − ρv‖ of the last product.
    pub residual: f64,
    /// Products H·v made.
    pub products: usize,
    /// Whether the residual met the tolerance (otherwise `max_iters` ran out).
    pub converged: bool,
}

/// Runs at most `max_iters` power iterations on the operator `hvp(v, hv)` (hv ← Hv).
///
/// `v` is the start vector and is overwritten with the unit eigenvector estimate; a
/// zero `v` means "no warm start" and is replaced by a fixed pseudo-random vector
/// (NumPy's `np.random.seed(0); np.random.random(n) − 0.5`). `work` (length n) receives
/// the products. Stops when ‖Hv − ρv‖ ≤ `tol`·‖Hv‖. Allocates nothing.
///
/// # Errors
/// Mismatched lengths, a non-finite `v`, `max_iters` = 0, or `tol` not ≥ 0 and finite.
pub fn power_iteration<F>(
    mut hvp: F,
    v: &mut [f64],
    work: &mut [f64],
    max_iters: usize,
    tol: f64,
) -> Result<Dominant, Error>
where
    F: FnMut(&[f64], &mut [f64]),
{
    check_len("work", work, v.len())?;
    check_finite("v", v)?;
    check_param("max_iters", max_iters as f64, ">= 1", |k| k >= 1.0)?;
    check_param("tol", tol, ">= 0 and finite", |t| t >= 0.0 && t.is_finite())?;

    let mut nv = norm(v);
    if nv == 0.0 {
        let mut rng = Rng::new(0);
        v.iter_mut().for_each(|vi| *vi = rng.uniform() - 0.5);
        nv = norm(v);
    }
    if nv == 0.0 {
        // n = 0: nothing to estimate.
        return Ok(Dominant {
            value: 0.0,
            magnitude: 0.0,
            residual: 0.0,
            products: 0,
            converged: true,
        });
    }
    v.iter_mut().for_each(|vi| *vi /= nv);

    let mut out = Dominant {
        value: 0.0,
        magnitude: 0.0,
        residual: f64::INFINITY,
        products: 0,
        converged: false,
    };
    for _ in 0..max_iters {
        hvp(v, work);
        out.products += 1;
        let rho = dot(v, work);
        let residual = v
            .iter()
            .zip(work.iter())
            .map(|(vi, wi)| (wi - rho * vi).powi(2))
            .sum::<f64>()
            .sqrt();
        let magnitude = norm(work);
        out.value = rho;
        out.magnitude = magnitude;
        out.residual = residual;
        if !(magnitude.is_finite() && residual.is_finite()) {
            break;
        }
        if residual <= tol * magnitude {
            out.converged = true;
            break;
        }
        for (vi, wi) in v.iter_mut().zip(work.iter()) {
            *vi = wi / magnitude;
        }
    }
    Ok(out)
}
