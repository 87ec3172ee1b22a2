//! The dogleg trust-region step ([`Dogleg`], with its [`DoglegWorkspace`]): the path
//! from the unconstrained steepest-descent minimiser to the Newton point, cut at the
//! boundary.
//!
//! With g = ∇f(xₖ), B = ∇²f(xₖ) positive definite and radius Δ (Nocedal–Wright §4.1,
//! (4.15)–(4.16); scipy's `trust-region-dogleg`):
//!
//! ```text
//! p_B = −B⁻¹g                          (Cholesky)      if ‖p_B‖ < Δ: p = p_B
//! p_U = −(gᵀg / gᵀBg) g                                if ‖p_U‖ ≥ Δ: p = Δ p_U/‖p_U‖
//! otherwise p = p_U + τ (p_B − p_U) with τ ∈ [0, 1] and ‖p‖ = Δ
//! ```
//!
//! The dogleg needs B positive definite. scipy raises a `LinAlgError` when the
//! Cholesky factorisation fails. Here, by default, the path is built on B̃ = B + τI,
//! with τ from Nocedal–Wright Algorithm 3.3 (the smallest of τ₀ = −minᵢ bᵢᵢ + β,
//! 2τ₀, 4τ₀, … that makes the Cholesky factorisation succeed; β = 10⁻³), as
//! Nocedal–Wright §4.1 suggests for indefinite B: p_B = −B̃⁻¹g, p_U = −(gᵀg / gᵀB̃g) g,
//! and the step reports [`Event::HessianModified`]. The ratio still compares f with the
//! model on the true B: the step decreases the B̃ model, m_B̃(p) = gᵀp + ½pᵀB̃p < 0, and
//! gᵀp + ½pᵀBp = m_B̃(p) − ½τ‖p‖² < 0, so the predicted decrease is positive. Near a minimiser B is positive definite, τ = 0,
//! and the iteration is scipy's, with its quadratic convergence; far from one the
//! Newton leg keeps the curvature information that a steepest-descent fallback throws
//! away. With [`Dogleg::unmodified`] the step falls back to the Cauchy point instead
//! ([`cauchy_point`], defined for any B), reporting [`Event::DirectionReset`]: on a
//! non-convex problem that run crawls like steepest descent wherever B is indefinite.
//! p_B and p_U are computed once per iterate and reused when a step is rejected and
//! the radius shrinks.
//!
//! ```
//! use second_order::trust_region::dogleg::{Dogleg, DoglegWorkspace};
//! let h = [2.0, 0.0, 0.0, 8.0]; // B = diag(2, 8)
//! let g = [2.0, 8.0];           // p_B = (−1, −1)
//! let mut ws = DoglegWorkspace::new(2);
//! let mut p = [0.0; 2];
//! let step = Dogleg::default().solve(&mut ws, &h, &g, 10.0, &mut p);
//! assert!((p[0] + 1.0).abs() < 1e-15 && (p[1] + 1.0).abs() < 1e-15 && !step.hits_boundary);
//! // The same model with a smaller radius: p_B and p_U are reused.
//! let step = Dogleg::default().solve(&mut ws, &h, &g, 0.5, &mut p);
//! assert!(((p[0] * p[0] + p[1] * p[1]).sqrt() - 0.5).abs() < 1e-15 && step.hits_boundary);
//! ```

use optim_core::error::check_param;
use optim_core::vector::{dot, norm};
use optim_core::{Error, Event, Hessian};

use super::cauchy::cauchy_point;
use super::trial::{
    DenseWorkspace, Model, Subproblem, SubproblemSolver, TrialStep, boundary_intersections,
};
use crate::linalg::{Cholesky, mat_vec, quadratic_form};
use crate::modified_newton::factor_with_added_identity;

/// The dogleg step as a trust-region subproblem solver.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Dogleg {
    /// Where B is indefinite: `Some(β)` builds the path on B + τI, τ by Nocedal–Wright
    /// Algorithm 3.3 from the smallest shift β > 0; `None` falls back to the Cauchy
    /// point. Default `Some(1e-3)` (Nocedal–Wright's β).
    pub modify: Option<f64>,
}

impl Default for Dogleg {
    /// The path on B + τI where B is indefinite, β = 10⁻³.
    fn default() -> Self {
        Self { modify: Some(1e-3) }
    }
}

impl Dogleg {
    /// The Cauchy point wherever B is indefinite (the behaviour before the modified
    /// Hessian, kept to show what it costs on non-convex problems).
    pub fn unmodified() -> Self {
        Self { modify: None }
    }
}

/// Doublings of τ before the modified Newton leg gives up (only a non-finite B gets
/// there): as [`ModifiedNewton`](crate::ModifiedNewton)'s default.
const MAX_SHIFTS: usize = 100;

/// Workspace of the dogleg step for n×n problems: the Cholesky factor and the two
/// points of the path at the current iterate.
///
/// # Panics
/// The solve panics if g, p (or the Hessian, n²) do not have the workspace's length n.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug)]
pub struct DoglegWorkspace {
    chol: Cholesky,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    newton: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    steepest: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    bg: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    diff: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    gbg: f64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    tau: f64,
    positive_definite: bool,
    current: bool,
}

impl DoglegWorkspace {
    /// Workspace for dimension n (allocated once).
    pub fn new(n: usize) -> Self {
        Self {
            chol: Cholesky::new(n),
            newton: vec![0.0; n],
            steepest: vec![0.0; n],
            bg: vec![0.0; n],
            diff: vec![0.0; n],
            gbg: 0.0,
            tau: 0.0,
            positive_definite: false,
            current: false,
        }
    }

    /// Forgets the cached Newton and steepest-descent points: call when the iterate
    /// (hence g and B) changes. [`Dogleg::solve`] after `new` needs no reset.
    pub fn reset(&mut self) {
        self.current = false;
    }

    fn prepare(&mut self, h: &[f64], g: &[f64], modify: Option<f64>) {
        mat_vec(h, g, &mut self.bg);
        self.gbg = dot(g, &self.bg);
        // Algorithm 3.3 tries τ = 0 first wherever B's diagonal is positive, so a
        // positive definite B is factored as it is, to scipy's bits.
        let tau = match modify {
            Some(beta) => factor_with_added_identity(h, &mut self.chol, beta, MAX_SHIFTS),
            None => self.chol.factor(h, 0.0).ok().map(|()| 0.0),
        };
        self.positive_definite = tau.is_some();
        self.tau = tau.unwrap_or(0.0);
        if self.positive_definite {
            for (pi, gi) in self.newton.iter_mut().zip(g) {
                *pi = -gi;
            }
            self.chol.solve_in_place(&mut self.newton);
            // gᵀB̃g = gᵀBg + τgᵀg: the steepest-descent minimiser of the B̃ model.
            let gg = dot(g, g);
            let scale = -gg / (self.gbg + self.tau * gg);
            for (pi, gi) in self.steepest.iter_mut().zip(g) {
                *pi = scale * gi;
            }
        }
        self.current = true;
    }
}

impl Dogleg {
    /// Writes the dogleg step for Hessian `h` (column-major n×n), gradient `g` and
    /// radius `delta` into `p`. The path is computed at the first solve after
    /// [`DoglegWorkspace::new`] or [`DoglegWorkspace::reset`] and reused until the next
    /// reset.
    pub fn solve(
        &self,
        ws: &mut DoglegWorkspace,
        h: &[f64],
        g: &[f64],
        delta: f64,
        p: &mut [f64],
    ) -> TrialStep {
        if !ws.current {
            ws.prepare(h, g, self.modify);
        }
        if !ws.positive_definite {
            return TrialStep {
                event: Some(Event::DirectionReset),
                ..cauchy_point(g, ws.gbg, delta, p)
            };
        }
        let hits_boundary = if norm(&ws.newton) < delta {
            p.copy_from_slice(&ws.newton);
            false
        } else {
            let pu_norm = norm(&ws.steepest);
            if pu_norm >= delta {
                let scale = delta / pu_norm;
                for (pi, ui) in p.iter_mut().zip(&ws.steepest) {
                    *pi = scale * ui;
                }
            } else {
                for ((di, bi), ui) in ws.diff.iter_mut().zip(&ws.newton).zip(&ws.steepest) {
                    *di = bi - ui;
                }
                let (_, tb) = boundary_intersections(&ws.steepest, &ws.diff, delta);
                for ((pi, ui), di) in p.iter_mut().zip(&ws.steepest).zip(&ws.diff) {
                    *pi = ui + tb * di;
                }
            }
            true
        };
        // The model on the true B, whatever the path was built on.
        let predicted = -(dot(g, p) + 0.5 * quadratic_form(h, p));
        let step = TrialStep::new(predicted, hits_boundary);
        if ws.tau > 0.0 {
            TrialStep {
                event: Some(Event::HessianModified),
                ..step
            }
        } else {
            step
        }
    }
}

impl SubproblemSolver for Dogleg {
    type Workspace = DenseWorkspace<DoglegWorkspace>;
    const METHOD_NAME: &'static str = "trust-region (dogleg)";

    fn validate(&self) -> Result<(), Error> {
        match self.modify {
            Some(beta) => check_param("modify", beta, "> 0 and finite (β)", |v| {
                v > 0.0 && v.is_finite()
            }),
            None => Ok(()),
        }
    }

    fn workspace(&self, n: usize) -> DenseWorkspace<DoglegWorkspace> {
        DenseWorkspace::new(n, DoglegWorkspace::new(n))
    }
}

/// The dogleg factors the dense B: it needs a [`Hessian`], evaluated once per iterate
/// into the workspace.
impl<O: Hessian + ?Sized> Subproblem<O> for Dogleg {
    fn trial_step(
        &self,
        ws: &mut DenseWorkspace<DoglegWorkspace>,
        model: &Model<'_, O>,
        delta: f64,
        p: &mut [f64],
    ) -> TrialStep {
        let DenseWorkspace { hessian, solver } = ws;
        if model.new_iterate {
            model.hessian(hessian);
            solver.reset();
        }
        self.solve(solver, hessian, model.g, delta, p)
    }
}
