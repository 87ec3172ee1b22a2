//! The nearly exact trust-region step of Moré and Sorensen ([`MoreSorensen`]),
//! including the hard case: scipy's `trust-exact`.
//!
//! The step solves min gᵀp + ½pᵀBp subject to ‖p‖ ≤ Δ through its optimality
//! conditions (Nocedal–Wright Theorem 4.1): (B + λI)p = −g, B + λI positive
//! semi-definite, λ ≥ 0 and λ(Δ − ‖p‖) = 0. It is Newton's method on the secular
//! equation 1/‖p(λ)‖ − 1/Δ = 0 (Nocedal–Wright Algorithm 4.3), safeguarded by an
//! interval [λ_L, λ_U] (Conn–Gould–Toint §7.3, as scipy's `IterativeSubproblem`):
//!
//! ```text
//! λ_U = max(0, ‖g‖/Δ + min(−gersh_lb, ‖B‖_F, ‖B‖_∞))
//! λ_L = max(0, −minᵢ bᵢᵢ, ‖g‖/Δ − min(gersh_ub, ‖B‖_F, ‖B‖_∞))
//! repeat (at most max_iters factorisations):
//!   B + λI = LLᵀ fails at pivot k  →  λ_L from the singular leading block; λ inside
//!   solve LLᵀp = −g;  if λ = 0 and ‖p‖ ≤ Δ: interior Newton step, done
//!   solve Lw = p;  λ_new = λ + (‖p‖/‖w‖)² (‖p‖ − Δ)/Δ                  (NW (4.44))
//!   ‖p‖ > Δ: done if |‖p‖ − Δ| ≤ k_easy·Δ, else λ_L = λ, λ = λ_new
//!   ‖p‖ < Δ: z ≈ smallest singular vector of L (Cline–Moler–Stewart–Wilkinson);
//!            hard case if (τ s_min)² ≤ k_hard (pᵀ(B+λI)p + λΔ²), p ← p + τz on the
//!            boundary; else shrink [λ_L, λ_U] and move λ
//! ```
//!
//! Defaults are scipy's: k_easy = 0.1, k_hard = 0.2, 25 factorisations. The step
//! reports `hits_boundary` as scipy does (true unless the interior Newton step was
//! taken), and remembers λ_L across rejected steps while the radius shrinks.
//!
//! References: J. J. Moré and D. C. Sorensen, SIAM J. Sci. Stat. Comput. 4 (1983)
//! 553–572; A. R. Conn, N. I. M. Gould and Ph. L. Toint, *Trust-Region Methods*, SIAM
//! 2000, §7.3; J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed.,
//! Springer 2006, §4.3; scipy/optimize/_trustregion_exact.py.
//!
//! ```
//! use second_order::trust_region::more_sorensen::{MoreSorensen, MoreSorensenWorkspace};
//! // The hard case: B = diag(−1, 1), g = (0, 1) has no component along the negative
//! // eigenvector e₁, so −(B + λI)⁻¹g stays inside the region for every λ > 1 and the
//! // step is completed along e₁ to the boundary (the exact solution has λ = 1).
//! let h = [-1.0, 0.0, 0.0, 1.0];
//! let mut ws = MoreSorensenWorkspace::new(2);
//! let mut p = [0.0; 2];
//! let step = MoreSorensen::default().solve(&mut ws, &h, &[0.0, 1.0], 2.0, &mut p);
//! assert!(((p[0] * p[0] + p[1] * p[1]).sqrt() - 2.0).abs() < 1e-12 && step.hits_boundary);
//! // scipy's IterativeSubproblem stops at the same point (k_hard = 0.2, λ = √1.5).
//! assert!((p[0] + 1.894538639632948).abs() < 1e-12 && (p[1] + 0.6408770107733142).abs() < 1e-12);
//! assert!((ws.lambda - 1.5f64.sqrt()).abs() < 1e-12);
//! ```

use optim_core::error::check_param;
use optim_core::vector::{dot, norm};
use optim_core::{Error, Hessian};

use super::trial::{
    DenseWorkspace, Model, Subproblem, SubproblemSolver, TrialStep, boundary_intersections,
};
use crate::linalg::{Cholesky, quadratic_form};

/// Configuration of the Moré–Sorensen solver (scipy's `IterativeSubproblem`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MoreSorensen {
    /// Relative tolerance on ‖p‖ − Δ for a boundary step, in (0, 1). Default 0.1
    /// (scipy).
    pub k_easy: f64,
    /// Relative tolerance of the hard-case test, in (0, 1). Default 0.2 (scipy).
    pub k_hard: f64,
    /// Factorisations per solve, ≥ 1. Default 25 (scipy's `MAXITER_DEFAULT`).
    pub max_iters: usize,
}

impl Default for MoreSorensen {
    /// scipy's `trust-exact`: k_easy = 0.1, k_hard = 0.2, 25 factorisations per solve.
    fn default() -> Self {
        Self {
            k_easy: 0.1,
            k_hard: 0.2,
            max_iters: 25,
        }
    }
}

/// What the solver knows about one Hessian, and its work vectors.
///
/// # Panics
/// The solve panics if g, p (or the Hessian, n²) do not have the workspace's length n.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug)]
pub struct MoreSorensenWorkspace {
    chol: Cholesky,
    trial: Cholesky,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    w: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    z: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    v: Vec<f64>,
    current: bool,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    gersh_lb: f64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    gersh_ub: f64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    min_diag: f64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    norm_inf: f64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    norm_fro: f64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    previous_radius: f64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    lambda_lb: f64,
    /// The multiplier λ of the last solve.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub lambda: f64,
    /// Factorisations of the last solve.
    pub iterations: usize,
}

impl MoreSorensenWorkspace {
    /// Workspace for dimension n (allocated once).
    pub fn new(n: usize) -> Self {
        Self {
            chol: Cholesky::new(n),
            trial: Cholesky::new(n),
            w: vec![0.0; n],
            z: vec![0.0; n],
            v: vec![0.0; n],
            current: false,
            gersh_lb: 0.0,
            gersh_ub: 0.0,
            min_diag: 0.0,
            norm_inf: 0.0,
            norm_fro: 0.0,
            previous_radius: -1.0,
            lambda_lb: 0.0,
            lambda: 0.0,
            iterations: 0,
        }
    }

    /// Forgets what was learnt about the Hessian: call when the iterate changes.
    pub fn reset(&mut self) {
        self.current = false;
    }

    fn prepare(&mut self, h: &[f64]) {
        let n = self.w.len();
        let (mut lb, mut ub, mut min_diag, mut inf, mut fro) =
            (f64::INFINITY, f64::NEG_INFINITY, f64::INFINITY, 0.0f64, 0.0);
        for i in 0..n {
            // B is symmetric: row i is column i.
            let col = &h[i * n..(i + 1) * n];
            let row_sum: f64 = col.iter().map(|v| v.abs()).sum();
            let d = col[i];
            lb = lb.min(d + d.abs() - row_sum);
            ub = ub.max(d - d.abs() + row_sum);
            min_diag = min_diag.min(d);
            inf = inf.max(row_sum);
            fro += dot(col, col);
        }
        (self.gersh_lb, self.gersh_ub, self.min_diag) = (lb, ub, min_diag);
        (self.norm_inf, self.norm_fro) = (inf, fro.sqrt());
        self.previous_radius = -1.0;
        self.current = true;
    }
}

/// Cline–Moler–Stewart–Wilkinson estimate of the smallest singular value of Lᵀ (L the
/// lower factor in `chol`) and its right singular vector, into `z`; `w` is scratch.
fn smallest_singular(chol: &Cholesky, w: &mut [f64], z: &mut [f64]) -> f64 {
    let n = w.len();
    let l = chol.factor_lower();
    // z holds the running sums p of Golub–Van Loan Algorithm 3.5.1.
    z.fill(0.0);
    for k in 0..n {
        let lkk = l[k * n + k];
        let wp = (1.0 - z[k]) / lkk;
        let wm = (-1.0 - z[k]) / lkk;
        let col = &l[k * n + k + 1..(k + 1) * n];
        let (mut sp, mut sm) = (0.0, 0.0);
        for (pi, li) in z[k + 1..].iter().zip(col) {
            sp += (pi + li * wp).abs();
            sm += (pi + li * wm).abs();
        }
        let wk = if wp.abs() + sp >= wm.abs() + sm {
            wp
        } else {
            wm
        };
        w[k] = wk;
        for (pi, li) in z[k + 1..].iter_mut().zip(col) {
            *pi += li * wk;
        }
    }
    z.copy_from_slice(w);
    chol.solve_upper_in_place(z);
    let z_norm = norm(z);
    z.iter_mut().for_each(|v| *v /= z_norm);
    norm(w) / z_norm
}

impl MoreSorensen {
    /// Checks every parameter; `Err` names the first invalid one.
    pub fn validate(&self) -> Result<(), Error> {
        check_param("k_easy", self.k_easy, "in (0, 1)", |v| v > 0.0 && v < 1.0)?;
        check_param("k_hard", self.k_hard, "in (0, 1)", |v| v > 0.0 && v < 1.0)?;
        check_param("max_iters", self.max_iters as f64, ">= 1", |v| v >= 1.0)
    }

    /// Writes the nearly exact step for Hessian `h` (column-major n×n), gradient `g`
    /// and radius `delta` into `p`.
    pub fn solve(
        &self,
        ws: &mut MoreSorensenWorkspace,
        h: &[f64],
        g: &[f64],
        delta: f64,
        p: &mut [f64],
    ) -> TrialStep {
        if !ws.current {
            ws.prepare(h);
        }
        let n = g.len();
        let g_norm = norm(g);
        let close_to_zero = n as f64 * f64::EPSILON * ws.norm_inf;
        let theta = 0.01; // Conn–Gould–Toint (7.3.14), as scipy's UPDATE_COEFF
        let inside = |lb: f64, ub: f64| (lb * ub).abs().sqrt().max(lb + theta * (ub - lb));

        let mut lambda_ub =
            0f64.max(g_norm / delta + (-ws.gersh_lb).min(ws.norm_fro).min(ws.norm_inf));
        let mut lambda_lb = 0f64
            .max(-ws.min_diag)
            .max(g_norm / delta - ws.gersh_ub.min(ws.norm_fro).min(ws.norm_inf));
        if delta < ws.previous_radius {
            lambda_lb = lambda_lb.max(ws.lambda_lb);
        }
        let mut lambda = if lambda_lb == 0.0 {
            0.0
        } else {
            inside(lambda_lb, lambda_ub)
        };
        let mut hits_boundary = true;
        let mut factored = false;
        ws.iterations = 0;
        p.fill(0.0);
        // A NaN or ∞ in H (its Frobenius norm says so) leaves no λ that factors,
        // whatever the budget: no step, which the driver reports as no progress.
        let usable = ws.norm_fro.is_finite();
        while usable && ws.iterations < self.max_iters {
            // A radius so small that ‖g‖/Δ overflows leaves λ's bounds infinite: no
            // finite λ is reachable, whatever the budget (found by the long fuzz run,
            // Δ = 2e-308 with an unbounded max_iters).
            if !lambda.is_finite() {
                p.fill(0.0);
                hits_boundary = false;
                break;
            }
            // The iteration is a function of (λ, its bounds, whether the factor is
            // current): once a pass leaves them all unchanged, every later pass repeats
            // it, so stop (k_hard = 5e-324 with an unbounded max_iters spun forever).
            let before = (lambda, lambda_lb, lambda_ub, factored);
            let factorisation = if factored {
                Ok(())
            } else {
                ws.chol.factor(h, lambda)
            };
            factored = false;
            ws.iterations += 1;
            let ok = factorisation.is_ok();
            if ok && g_norm > close_to_zero {
                for (pi, gi) in p.iter_mut().zip(g) {
                    *pi = -gi;
                }
                ws.chol.solve_in_place(p);
                let p_norm = norm(p);
                if p_norm <= delta && lambda == 0.0 {
                    hits_boundary = false;
                    break;
                }
                ws.w.copy_from_slice(p);
                ws.chol.solve_lower_in_place(&mut ws.w);
                let w_norm = norm(&ws.w);
                let lambda_new = lambda + (p_norm / w_norm).powi(2) * (p_norm - delta) / delta;
                if p_norm < delta {
                    let s_min = smallest_singular(&ws.chol, &mut ws.w, &mut ws.z);
                    let (ta, tb) = boundary_intersections(p, &ws.z, delta);
                    let step_len = if ta.abs() <= tb.abs() { ta } else { tb };
                    let quadratic = quadratic_form(h, p) + lambda * dot(p, p);
                    let relative_error =
                        (step_len * s_min).powi(2) / (quadratic + lambda * delta * delta);
                    if relative_error <= self.k_hard {
                        for (pi, zi) in p.iter_mut().zip(&ws.z) {
                            *pi += step_len * zi;
                        }
                        break;
                    }
                    lambda_ub = lambda;
                    lambda_lb = lambda_lb.max(lambda - s_min * s_min);
                    if ws.trial.factor(h, lambda_new).is_ok() {
                        lambda = lambda_new;
                        std::mem::swap(&mut ws.chol, &mut ws.trial);
                        factored = true;
                    } else {
                        lambda_lb = lambda_lb.max(lambda_new);
                        lambda = inside(lambda_lb, lambda_ub);
                    }
                } else {
                    if (p_norm - delta).abs() / delta <= self.k_easy {
                        break;
                    }
                    lambda_lb = lambda;
                    lambda = lambda_new;
                }
            } else if ok {
                // g ≈ 0: a step along the direction of least curvature, or none.
                if lambda == 0.0 {
                    p.fill(0.0);
                    hits_boundary = false;
                    break;
                }
                let s_min = smallest_singular(&ws.chol, &mut ws.w, &mut ws.z);
                for (pi, zi) in p.iter_mut().zip(&ws.z) {
                    *pi = delta * zi;
                }
                if (delta * s_min).powi(2) <= self.k_hard * lambda * delta * delta {
                    break;
                }
                lambda_ub = lambda;
                lambda_lb = lambda_lb.max(lambda - s_min * s_min);
                lambda = inside(lambda_lb, lambda_ub);
            } else if let Err(failed) = factorisation {
                let delta_k = singular_shift(ws, h, lambda, failed.pivot);
                lambda_lb = lambda_lb.max(lambda + delta_k);
                lambda = inside(lambda_lb, lambda_ub);
            }
            let after = (lambda, lambda_lb, lambda_ub, factored);
            if after == before {
                break;
            }
        }
        ws.lambda_lb = lambda_lb;
        ws.lambda = lambda;
        ws.previous_radius = delta;
        let predicted = -(dot(g, p) + 0.5 * quadratic_form(h, p));
        TrialStep::new(predicted, hits_boundary)
    }
}

/// After B + λI = LLᵀ failed at pivot k: the δ/‖v‖² of scipy's
/// `singular_leading_submatrix`, where δ added to entry (k, k) makes the leading
/// (k+1)-block singular with null vector v = (−L₁₁⁻ᵀl, 1, 0, …), l = L₁₁⁻¹ a₁₂. Only
/// the leading k columns of the failed factor are used.
fn singular_shift(ws: &mut MoreSorensenWorkspace, h: &[f64], lambda: f64, k: usize) -> f64 {
    let n = ws.w.len();
    // l = L₁₁⁻¹ a₁₂ with a₁₂ = B[0..k, k] (read from row k of the lower triangle).
    let l = &mut ws.w[..k];
    for (i, li) in l.iter_mut().enumerate() {
        *li = h[i * n + k];
    }
    ws.chol.solve_lower_in_place(l);
    let delta = dot(l, l) - (h[k * n + k] + lambda);
    let v = &mut ws.v[..k];
    for (vi, li) in v.iter_mut().zip(l.iter()) {
        *vi = -li;
    }
    ws.chol.solve_upper_in_place(v);
    delta / (1.0 + dot(v, v))
}

impl SubproblemSolver for MoreSorensen {
    type Workspace = DenseWorkspace<MoreSorensenWorkspace>;
    const METHOD_NAME: &'static str = "trust-region (Moré–Sorensen)";

    fn validate(&self) -> Result<(), Error> {
        MoreSorensen::validate(self)
    }

    fn workspace(&self, n: usize) -> DenseWorkspace<MoreSorensenWorkspace> {
        DenseWorkspace::new(n, MoreSorensenWorkspace::new(n))
    }
}

/// Moré–Sorensen factors B + λI: it needs a [`Hessian`], evaluated once per iterate
/// into the workspace.
impl<O: Hessian + ?Sized> Subproblem<O> for MoreSorensen {
    fn trial_step(
        &self,
        ws: &mut DenseWorkspace<MoreSorensenWorkspace>,
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
