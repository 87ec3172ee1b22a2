//! Strong-Wolfe line search: Moré–Thuente, as MINPACK-2's `dcsrch`.
//!
//! Along a descent direction p from x, with φ(α) = f(x + αp), find α > 0 with
//!
//! - sufficient decrease: φ(α) ≤ φ(0) + c₁·α·φ′(0),
//! - strong curvature:   |φ′(α)| ≤ c₂·|φ′(0)|.
//!
//! The search keeps an interval [stx, sty] known to contain such a step and moves
//! inside it by safeguarded cubic and quadratic interpolation (`dcstep`); until the
//! interval is bracketed it extrapolates, at most by a factor 4 (`xtrapu`) past the
//! last step. While no step has sufficient decrease it works on the auxiliary
//! ψ(α) = φ(α) − φ(0) − c₁·α·φ′(0), which is what guarantees termination.
//!
//! This is a line-by-line port of MINPACK-2 `dcsrch`/`dcstep` (Moré & Thuente, "Line
//! search algorithms with guaranteed sufficient decrease", ACM TOMS 20(3), 1994), the
//! search behind scipy's `line_search_wolfe1` (used by its BFGS and Newton-CG) and
//! L-BFGS-B; with [`StrongWolfe::derivative_only_below`] set to `None` it reproduces
//! the paper's Tables 1–6 count for count (`tests/line_search.rs`). Two additions:
//!
//! - A trial where φ or φ′ is NaN or infinite (an objective undefined beyond some
//!   radius) is not fed to the interpolation: the step is halved towards the best
//!   step so far, and the search never again goes beyond 90% of the way to it.
//! - Near a minimiser the decrease α|φ′(0)| falls below the rounding error of f, the
//!   values compared by the sufficient-decrease test are noise and `dcsrch` fails
//!   (scipy's "precision loss", often at ‖∇f‖ ≈ 1e-6 on an ill-conditioned
//!   quadratic). When the decrease predicted at the first trial is below
//!   `derivative_only_below`·|φ(0)| (default 1e-10), the search uses
//!   φ̃(α) = φ(0) + α(φ′(0) + φ′(α))/2 in place of φ(α): the trapezoidal integral of
//!   φ′, exact on quadratics, built from gradients, which stay accurate there. The
//!   accepted step's reported value is the true φ(α).
//!
//! Every warning of `dcsrch` (rounding errors prevent progress, interval below
//! `xtol`, stuck at `alpha_min`, or at a largest step lowered below a NaN) and an
//! exhausted trial budget are failures, as in scipy (L-BFGS-B instead accepts the last
//! trial): the caller keeps its current point and reports
//! [`StopReason::LineSearchFailed`](optim_core::StopReason::LineSearchFailed).
//!
//! One exit is not a failure: f falling without bound along p. When the search reaches
//! `alpha_max` with φ(α) ≤ φ(0) + c₁αφ′(0) and φ′(α) ≤ c₁φ′(0) (`dcsrch`'s
//! "STP = STPMAX" warning), or spends its trial budget extrapolating without ever
//! bracketing a minimiser and its last trial satisfies the same two inequalities, it
//! returns [`Outcome::Unbounded`] with that last trial, the lowest point it tried; the
//! methods move there and end the run with
//! [`StopReason::Unbounded`](optim_core::StopReason::Unbounded). scipy has no such
//! outcome: on f(x) = x₀ + x₁ from (1, 2), scipy 1.17.1's BFGS extrapolates for 47
//! iterations to f = −4.8e155 and reports "precision loss", its Newton-CG stops at
//! once at the start reporting success.
//!
//! ```
//! use second_order::line_search::{StrongWolfe, Outcome};
//! // φ(α) = −α/(α² + 2): the first test function of Moré & Thuente (their Table 1).
//! let phi = |a: f64| (-a / (a * a + 2.0), (a * a - 2.0) / (a * a + 2.0).powi(2));
//! let ls = StrongWolfe { c1: 1e-3, c2: 0.1, ..StrongWolfe::default() };
//! let (f0, d0) = phi(0.0);
//! let Outcome::Accepted(a) = ls.search_scalar(phi, f0, d0, 1e-3)? else { panic!() };
//! // The paper's Table 1: 6 evaluations, α = 1.4, φ′(α) = −9.2e-3.
//! assert_eq!(a.trials, 6);
//! assert!((a.alpha - 1.365).abs() < 1e-3 && (a.slope + 9.2e-3).abs() < 1e-4);
//!
//! // φ(α) = −α falls without bound: the search extrapolates to α_max = 100 and says so.
//! let ls = StrongWolfe { alpha_max: 100.0, ..StrongWolfe::default() };
//! let Outcome::Unbounded(last) = ls.search_scalar(|a| (-a, -1.0), 0.0, -1.0, 1.0)? else { panic!() };
//! assert_eq!((last.alpha, last.value), (100.0, -100.0));
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::check_param;
use optim_core::{Error, Objective};

use super::dcsrch::{Dcsrch, Task, clamp};
use super::search::{Accepted, Failure, LineSearch, Outcome, refuse_start};

/// Configuration of the Moré–Thuente strong-Wolfe line search.
///
/// The defaults are scipy's `line_search_wolfe1` as its BFGS calls it, plus the
/// derivative-only regime below f's rounding level (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StrongWolfe {
    /// Sufficient-decrease constant c₁ (`ftol` in MINPACK-2), in (0, 1). Default 1e-4.
    pub c1: f64,
    /// Curvature constant c₂ (`gtol`), in (c₁, 1). Default 0.9 (quasi-Newton, Newton).
    pub c2: f64,
    /// Relative width below which the bracketing interval counts as collapsed
    /// (`xtol`), ≥ 0. Default 1e-14 (scipy).
    pub xtol: f64,
    /// Smallest step tried, ≥ 0. Default 1e-100 (scipy's BFGS).
    pub alpha_min: f64,
    /// Largest step tried, > `alpha_min`. Default 1e100 (scipy's BFGS). Reaching it
    /// with f still falling steeply is [`Outcome::Unbounded`].
    pub alpha_max: f64,
    /// Evaluations of f and ∇f allowed per search, ≥ 1. Default 100 (scipy's
    /// `maxiter` for `dcsrch`). Spending them all while still extrapolating down a
    /// steep slope is [`Outcome::Unbounded`], otherwise [`Failure::TooManyTrials`].
    pub max_trials: usize,
    /// When the decrease predicted at the first trial, α₀|φ′(0)|, is below this
    /// fraction of |φ(0)|, f cannot resolve it (its rounding error is larger), and the
    /// search sees φ̃(α) = φ(0) + α(φ′(0) + φ′(α))/2 instead of φ(α): the trapezoidal
    /// integral of φ′, exact on quadratics. `Some(r)` with r ≥ 0 finite; default
    /// `Some(1e-10)`; `None` is MINPACK-2's `dcsrch` exactly.
    pub derivative_only_below: Option<f64>,
}

impl Default for StrongWolfe {
    /// scipy's BFGS search (c₁ = 1e-4, c₂ = 0.9, xtol = 1e-14, steps in [1e-100,
    /// 1e100], 100 trials) with one addition scipy has not: the derivative-only test
    /// below 1e-10·|f| (`derivative_only_below`; `None` for `dcsrch` exactly). L-BFGS
    /// and Newton-CG change the budget and the range: start from theirs to edit theirs.
    fn default() -> Self {
        Self {
            c1: 1e-4,
            c2: 0.9,
            xtol: 1e-14,
            alpha_min: 1e-100,
            alpha_max: 1e100,
            max_trials: 100,
            derivative_only_below: Some(1e-10),
        }
    }
}

impl LineSearch for StrongWolfe {
    fn validate(&self) -> Result<(), Error> {
        check_param("c1", self.c1, "(0, 1)", |v| v > 0.0 && v < 1.0)?;
        check_param("c2", self.c2, "(c1, 1): above c1 and below 1", |v| {
            v > self.c1 && v < 1.0
        })?;
        check_param("xtol", self.xtol, ">= 0 and finite", |v| {
            v >= 0.0 && v.is_finite()
        })?;
        check_param("alpha_min", self.alpha_min, ">= 0 and finite", |v| {
            v >= 0.0 && v.is_finite()
        })?;
        check_param("alpha_max", self.alpha_max, "> alpha_min and finite", |v| {
            v > self.alpha_min && v.is_finite()
        })?;
        check_param("max_trials", self.max_trials as f64, ">= 1", |v| v >= 1.0)?;
        if let Some(r) = self.derivative_only_below {
            check_param("derivative_only_below", r, ">= 0 and finite", |v| {
                v >= 0.0 && v.is_finite()
            })?;
        }
        Ok(())
    }

    /// Starts from `alpha0` clamped to [`alpha_min`, `alpha_max`]. Each trial writes
    /// x + αp into `x_new` and ∇f there into `g_new`, and the last trial is always the
    /// one returned.
    fn search<O: Objective + ?Sized>(
        &self,
        obj: &O,
        x: &[f64],
        p: &[f64],
        f0: f64,
        slope0: f64,
        alpha0: f64,
        x_new: &mut [f64],
        g_new: &mut [f64],
    ) -> Result<Outcome, Error> {
        let n = x.len();
        for (what, s) in [("p", p), ("x_new", &*x_new), ("g_new", &*g_new)] {
            optim_core::error::check_len(what, s, n)?;
        }
        self.search_scalar(
            |alpha| {
                for ((xn, xi), pi) in x_new.iter_mut().zip(x).zip(p) {
                    *xn = xi + alpha * pi;
                }
                let f = obj.value_and_gradient(x_new, g_new);
                (f, optim_core::vector::dot(g_new, p))
            },
            f0,
            slope0,
            alpha0,
        )
    }
}

impl StrongWolfe {
    /// The search on a scalar function: `phi(α)` returns (φ(α), φ′(α)).
    ///
    /// # Errors
    /// Only for an invalid configuration.
    pub fn search_scalar<F>(
        &self,
        mut phi: F,
        f0: f64,
        slope0: f64,
        alpha0: f64,
    ) -> Result<Outcome, Error>
    where
        F: FnMut(f64) -> (f64, f64),
    {
        self.validate()?;
        if let Some(refused) = refuse_start(f0, slope0) {
            return Ok(refused);
        }
        let start = if alpha0.is_finite() { alpha0 } else { 1.0 };
        let mut stp = clamp(start, self.alpha_min, self.alpha_max);
        let derivative_only = self
            .derivative_only_below
            .is_some_and(|r| stp * -slope0 <= r * f0.abs());
        let bounds = [self.c1, self.c2, self.xtol, self.alpha_min, self.alpha_max];
        let mut state = Dcsrch::start(bounds, stp, f0, slope0);
        let mut last = None;
        for trial in 1..=self.max_trials {
            let (f, g) = phi(stp);
            let f_seen = if derivative_only && f.is_finite() {
                f0 + 0.5 * stp * (slope0 + g)
            } else {
                f
            };
            let tried = Accepted {
                alpha: stp,
                value: f,
                slope: g,
                trials: trial,
            };
            match state.next(stp, f_seen, g) {
                Task::Evaluate(next) => {
                    last = state.falling_steeply(stp, f_seen, g).then_some(tried);
                    stp = next;
                }
                Task::Converged => return Ok(Outcome::Accepted(tried)),
                Task::Unbounded => return Ok(Outcome::Unbounded(tried)),
                Task::Warning(reason) => {
                    return Ok(Outcome::Failed {
                        reason,
                        trials: trial,
                    });
                }
            }
        }
        // Out of trials while still extrapolating down a steep slope: as much evidence
        // of an unbounded f as reaching alpha_max (whose 1e100 takes ~170 trials).
        Ok(match last {
            Some(tried) => Outcome::Unbounded(tried),
            None => Outcome::Failed {
                reason: Failure::TooManyTrials,
                trials: self.max_trials,
            },
        })
    }
}
