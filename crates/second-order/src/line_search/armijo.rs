//! Backtracking line search with the Armijo (sufficient decrease) condition
//! ([`Armijo`]), Nocedal–Wright Algorithm 3.1.
//!
//! Along a descent direction d from x, with φ(α) = f(x + αd) and φ′(0) = ∇f(x)ᵀd < 0:
//!
//! ```text
//! α ← α₀
//! repeat at most max_trials times:
//!     accept α if φ(α) is finite and φ(α) ≤ φ(0) + c₁ α φ′(0)
//!     α ← ρα
//! ```
//!
//! Only values are evaluated while backtracking; once a step is accepted, ∇f is
//! evaluated there once, because every caller needs it for its next step. A trial
//! where f is NaN or ±∞ is backed off from, so an objective undefined far away is
//! handled like one that is large there; −∞ included, which the comparison alone would
//! accept (−∞ ≤ anything) and hand to the run as a divergence. The search never
//! extrapolates, so it never reports [`Outcome::Unbounded`].
//!
//! Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., Springer
//! 2006, §3.1, Algorithm 3.1.
//!
//! ```
//! use optim_core::FnObjective;
//! use second_order::line_search::{Armijo, LineSearch, Outcome};
//! // f(x) = x², from x = 1 along d = −2 (the gradient step): α = 1 lands on −1,
//! // no decrease; α = ½ lands on the minimum 0.
//! let f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| g[0] = 2.0 * x[0]);
//! let (mut x_new, mut g_new) = ([0.0], [0.0]);
//! let out = Armijo::default().search(&f, &[1.0], &[-2.0], 1.0, -4.0, 1.0, &mut x_new, &mut g_new)?;
//! let Outcome::Accepted(a) = out else { panic!("{out:?}") };
//! assert_eq!((a.alpha, a.value, a.trials), (0.5, 0.0, 2));
//! assert_eq!((x_new, g_new), ([0.0], [0.0]));
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::{check_len, check_param};
use optim_core::vector::dot;
use optim_core::{Error, Objective};

use super::search::{Accepted, Failure, LineSearch, Outcome, refuse_start};

/// Backtracking line search with the Armijo condition: α ← ρα until
/// f(x + αd) ≤ f(x) + c₁ α ∇f(x)ᵀd at a finite f.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Armijo {
    /// Sufficient-decrease constant c₁ ∈ (0, 1). Default 1e-4 (Nocedal–Wright).
    pub c1: f64,
    /// Contraction factor ρ ∈ (0, 1). Default 0.5.
    pub rho: f64,
    /// Trials (values of f) before giving up with [`Failure::TooManyTrials`], ≥ 1.
    /// Default 40 (α down to 2⁻³⁹ ≈ 2e-12 of the first trial).
    pub max_trials: usize,
}

impl Default for Armijo {
    /// Nocedal–Wright's c₁ = 1e-4 with halving (ρ = ½), at most 40 trials.
    fn default() -> Self {
        Self {
            c1: 1e-4,
            rho: 0.5,
            max_trials: 40,
        }
    }
}

impl LineSearch for Armijo {
    fn validate(&self) -> Result<(), Error> {
        check_param("c1", self.c1, "in (0, 1)", |v| v > 0.0 && v < 1.0)?;
        check_param("rho", self.rho, "in (0, 1)", |v| v > 0.0 && v < 1.0)?;
        check_param("max_trials", self.max_trials as f64, ">= 1", |v| v >= 1.0)
    }

    /// Backtracks from `alpha0`: each trial writes x + αd into `x_new`; on
    /// [`Outcome::Accepted`] it holds the accepted point and `g_new` the gradient
    /// there, its one gradient evaluation.
    fn search<O: Objective + ?Sized>(
        &self,
        obj: &O,
        x: &[f64],
        d: &[f64],
        f0: f64,
        slope0: f64,
        alpha0: f64,
        x_new: &mut [f64],
        g_new: &mut [f64],
    ) -> Result<Outcome, Error> {
        self.validate()?;
        let n = x.len();
        for (what, s) in [("d", d), ("x_new", &*x_new), ("g_new", &*g_new)] {
            check_len(what, s, n)?;
        }
        if let Some(refused) = refuse_start(f0, slope0) {
            return Ok(refused);
        }
        let mut alpha = alpha0;
        for trial in 1..=self.max_trials {
            for ((xt, xi), di) in x_new.iter_mut().zip(x).zip(d) {
                *xt = xi + alpha * di;
            }
            let f = obj.value(x_new);
            if f.is_finite() && f <= f0 + self.c1 * alpha * slope0 {
                obj.gradient(x_new, g_new);
                return Ok(Outcome::Accepted(Accepted {
                    alpha,
                    value: f,
                    slope: dot(g_new, d),
                    trials: trial,
                }));
            }
            alpha *= self.rho;
        }
        Ok(Outcome::Failed {
            reason: Failure::TooManyTrials,
            trials: self.max_trials,
        })
    }
}
