//! The Cauchy point: the minimiser of the quadratic model along −g inside the trust
//! region ([`cauchy_point`]; as a [`Subproblem`] solver, [`Cauchy`]).
//!
//! With g = ∇f(xₖ), B = ∇²f(xₖ) and radius Δ (Nocedal–Wright Algorithm 4.2, (4.11)–(4.12)):
//!
//! ```text
//! τ = 1                              if gᵀBg ≤ 0
//! τ = min(‖g‖³ / (Δ gᵀBg), 1)        otherwise
//! p = −τ (Δ / ‖g‖) g
//! ```
//!
//! It needs one Hessian-vector product per iterate (for gᵀBg, kept while a rejected
//! step shrinks the radius), and gives a trust-region
//! method its global convergence: any subproblem solver that decreases the model at
//! least as much as the Cauchy point converges (Nocedal–Wright Theorem 4.5). Used alone
//! it is steepest descent with a model-chosen step, and as slow: linear convergence
//! with the rate of steepest descent, (κ − 1)/(κ + 1) per step on a quadratic of
//! condition κ. **A teaching variant**, to show what the other solvers add: for your
//! own objectives prefer the dogleg or Moré–Sorensen (a dense Hessian), Steihaug's CG
//! (Hessian-vector products), or [`Lbfgs`](crate::Lbfgs) (gradients only). Reference:
//! J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., Springer 2006, §4.1.
//!
//! ```
//! use second_order::trust_region::cauchy::cauchy_point;
//! // B = diag(1, 10), g = (1, 1): gᵀBg = 11, ‖g‖ = √2.
//! let mut p = [0.0; 2];
//! let step = cauchy_point(&[1.0, 1.0], 11.0, 10.0, &mut p);
//! // Inside the region: p = −(gᵀg / gᵀBg) g = −(2/11) g.
//! assert!((p[0] + 2.0 / 11.0).abs() < 1e-15 && !step.hits_boundary);
//! assert!((step.predicted - 2.0 / 11.0).abs() < 1e-15); // (gᵀg)² / (2 gᵀBg)
//! ```

use optim_core::vector::{dot, norm};
use optim_core::{Error, HessianProduct};

use super::trial::{Model, Subproblem, SubproblemSolver, TrialStep};

/// The Cauchy point as a trust-region subproblem solver (no parameters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cauchy;

/// What [`Cauchy`] keeps per iterate: B·g and gᵀBg.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct CauchyWorkspace {
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    bg: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    gbg: f64,
}

impl SubproblemSolver for Cauchy {
    type Workspace = CauchyWorkspace;
    const METHOD_NAME: &'static str = "trust-region (Cauchy point)";

    fn validate(&self) -> Result<(), Error> {
        Ok(())
    }

    fn workspace(&self, n: usize) -> CauchyWorkspace {
        CauchyWorkspace {
            bg: vec![0.0; n],
            gbg: 0.0,
        }
    }
}

/// One product B·g per iterate is all the Cauchy point reads: no dense Hessian needed.
impl<O: HessianProduct + ?Sized> Subproblem<O> for Cauchy {
    fn trial_step(
        &self,
        ws: &mut CauchyWorkspace,
        model: &Model<'_, O>,
        delta: f64,
        p: &mut [f64],
    ) -> TrialStep {
        if model.new_iterate {
            model.hessian_vector_product(model.g, &mut ws.bg);
            ws.gbg = dot(model.g, &ws.bg);
        }
        cauchy_point(model.g, ws.gbg, delta, p)
    }
}

/// Writes the Cauchy point for gradient `g`, curvature `gbg` = gᵀBg and radius
/// `delta` into `p`.
///
/// The model decrease is −(gᵀp + ½pᵀBp) = τΔ‖g‖ − ½τ²Δ²gᵀBg/‖g‖². A zero gradient
/// gives p = 0 and a predicted decrease of 0.
pub fn cauchy_point(g: &[f64], gbg: f64, delta: f64, p: &mut [f64]) -> TrialStep {
    let g_norm = norm(g);
    if g_norm == 0.0 {
        p.fill(0.0);
        return TrialStep::new(0.0, false);
    }
    let tau = if gbg <= 0.0 {
        1.0
    } else {
        (g_norm.powi(3) / (delta * gbg)).min(1.0)
    };
    let scale = tau * delta / g_norm;
    for (pi, gi) in p.iter_mut().zip(g) {
        *pi = -scale * gi;
    }
    let predicted = scale * g_norm * g_norm - 0.5 * scale * scale * gbg;
    TrialStep::new(predicted, tau == 1.0)
}
