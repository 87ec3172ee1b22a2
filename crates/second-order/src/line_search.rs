//! Line searches, and the step of every line-search method built on them.
//!
//! Along a direction d from x, with φ(α) = f(x + αd), a search looks for a step α > 0
//! that decreases f enough:
//!
//! - [`StrongWolfe`] ([`more_thuente`], a port of MINPACK-2's `dcsrch` in `dcsrch.rs`):
//!   sufficient decrease φ(α) ≤ φ(0) + c₁αφ′(0) and strong curvature
//!   |φ′(α)| ≤ c₂|φ′(0)|, by safeguarded interpolation and extrapolation. BFGS, L-BFGS
//!   and Newton-CG use it.
//! - [`Armijo`] ([`armijo`]): sufficient decrease only, by backtracking α ← ρα. Newton
//!   with a line search and modified Newton use it.
//!
//! Both implement [`LineSearch`] and report an [`Outcome`], so that one routine,
//! [`descend`](descend::descend), makes the step of all five methods:
//!
//! ```text
//! if ∇fₖᵀd ≥ 0 or NaN:  d ← −∇fₖ          (Event::DirectionReset; the caller forgets
//!                                          whatever curvature memory produced d)
//! α ← search(d, from α₀ chosen by the method)
//! Accepted:  xₖ₊₁ = xₖ + αd, an accepted step
//! Unbounded: the same move, then the run ends with StopReason::Unbounded
//! Failed:    xₖ₊₁ = xₖ, a rejected step, and the run ends with
//!            StopReason::LineSearchFailed
//! ```
//!
//! **Unbounded objectives.** Only the strong-Wolfe search extrapolates. When it reaches
//! its largest step `alpha_max`, or spends its trial budget without ever bracketing a
//! minimiser, with f at its last trial still below the sufficient-decrease line and
//! φ′ still at most c₁φ′(0), f looks unbounded below along d: the method moves to that
//! last trial, the lowest point it tried, and the run ends with
//! [`StopReason::Unbounded`](optim_core::StopReason::Unbounded), which is not
//! convergence. On f(x) = x₀ + x₁ BFGS, L-BFGS and Newton-CG all stop so after one
//! iteration, far from x₀ with f far below f(x₀).
//!
//! ```
//! use optim_core::{minimize, FnObjective, Stop, StopReason};
//! use second_order::Lbfgs;
//! let plane = FnObjective::new(2, |x: &[f64]| x[0] + x[1], |_: &[f64], g: &mut [f64]| g.fill(1.0));
//! let run = minimize(&Lbfgs::default(), &plane, &[0.0, 0.0], &Stop::after(100).grad_tol(1e-8))?;
//! assert_eq!((run.stop, run.iterations), (StopReason::Unbounded, 1));
//! assert!(run.value < -1e6 && !run.converged());
//! # Ok::<(), optim_core::Error>(())
//! ```

pub mod armijo;
mod dcsrch;
pub mod descend;
pub mod more_thuente;
mod search;

pub use armijo::Armijo;
pub use more_thuente::StrongWolfe;
pub use search::{Accepted, Failure, LineSearch, Outcome};

/// scipy's first trial step (Nocedal & Wright eq. 3.60): the step that would repeat
/// the last decrease of f on a quadratic model, α₀ = min(1, 1.01·2(fₖ − fₖ₋₁)/φ′(0)),
/// and 1 when that is not a positive number.
pub(crate) fn initial_step(f: f64, f_prev: f64, slope0: f64) -> f64 {
    repeat_decrease(f, f_prev, slope0).map_or(1.0, |a| a.min(1.0))
}

/// 1.01·2(fₖ − fₖ₋₁)/φ′(0), the step that would repeat the last decrease of f on a
/// quadratic model, when it is a positive number.
pub(crate) fn repeat_decrease(f: f64, f_prev: f64, slope0: f64) -> Option<f64> {
    let a = 1.01 * 2.0 * (f - f_prev) / slope0;
    (a > 0.0 && a.is_finite()).then_some(a)
}

/// L-BFGS-B's test for skipping a quasi-Newton update: sᵀy ≤ ε_mach·(−gₖᵀs), i.e. the
/// curvature along s is negligible next to the decrease predicted along it.
pub(crate) fn curvature_too_small(sy: f64, g_dot_s: f64) -> bool {
    let bound = f64::EPSILON * (-g_dot_s);
    sy <= bound || sy.is_nan() || bound.is_nan()
}
