//! Steepest descent with a strong-Wolfe line search ([`SteepestDescent`]): the
//! direction −∇f, the step length searched for.
//!
//! ```text
//! pₖ   = −gₖ
//! α₀   = 1.01 · 2(fₖ − fₖ₋₁) / gₖᵀpₖ      the step that would repeat the last
//!                                       decrease on a quadratic model (NW eq. 3.60);
//!                                       at k = 0, fₖ₋₁ = f₀ + ‖g₀‖/2: α₀ = 1.01/‖g₀‖
//! xₖ₊₁ = xₖ + αₖ pₖ                     αₖ: strong Wolfe (c₁ = 1e-4, c₂ = 0.1)
//! ```
//!
//! **c₂ = 0.1**, a near-exact search (Nocedal & Wright's value for nonlinear CG), not
//! the quasi-Newton methods' 0.9: along −g the first trial is only a guess, and a
//! loose curvature test accepts the short steps that make steepest descent zig-zag.
//! To ‖∇f‖₂ ≤ 1e-6 (iterations, evaluations of f and ∇f):
//!
//! | problem | c₂ = 0.9 | 0.5 | **0.1** | 0.01 |
//! |---|---|---|---|---|
//! | Rosenbrock from (4, −4.1) | > 10 000 | 4 836, 5 083 | **177, 286** | > 10 000 |
//! | Rosenbrock from (−1.2, 1) | > 10 000 | 1 268, 1 383 | **201, 312** | > 10 000 |
//! | Beale from (1, 1.5) | 658, 709 | 279, 343 | **301, 588** | 599, 1 214 |
//!
//! Unlike the quasi-Newton methods, the first trial is not capped at α = 1: the
//! gradient's length carries no scale of the step (α = 1 is natural for a Newton-like
//! direction, not for −g), so the trial keeps the previous decrease, scipy's rule for
//! its first BFGS step, at every iteration. The step is [`descend`]'s, shared with the
//! other line-search methods: a failed search ends the run with
//! [`StopReason::LineSearchFailed`](optim_core::StopReason::LineSearchFailed) at the
//! last good iterate. Cost per iteration: the line search's evaluations of f and ∇f
//! (usually one or two), O(n) work, no allocation after `init`.
//!
//! On a quadratic with condition number κ the error falls by up to ((κ − 1)/(κ + 1))²
//! per exact-line-search step (NW Theorem 3.3): this is the baseline every other
//! method of the crate improves on, and argmin's `SteepestDescent`'s counterpart.
//!
//! Reference: A. Cauchy, *Méthode générale pour la résolution des systèmes d'équations
//! simultanées*, 1847; Nocedal & Wright, *Numerical Optimization* (2nd ed.), §3.1–3.3.
//!
//! ```
//! use optim_core::{minimize, FnObjective, Stop, StopReason};
//! use second_order::SteepestDescent;
//! // f = x₀² + 4x₁²: from (1, 1), condition 4, the error contracts by at most
//! // (3/5)² = 0.36 per exactly searched step.
//! let f = FnObjective::new(
//!     2,
//!     |x: &[f64]| x[0] * x[0] + 4.0 * x[1] * x[1],
//!     |x: &[f64], g: &mut [f64]| { g[0] = 2.0 * x[0]; g[1] = 8.0 * x[1]; },
//! );
//! let run = minimize(&SteepestDescent::default(), &f, &[1.0, 1.0], &Stop::after(200).grad_tol(1e-8))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! assert!(run.x.iter().all(|v| v.abs() < 1e-8));
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::vector::norm;
use optim_core::{Error, Method, Named, Objective, Problem, Start, Step};

use crate::line_search::descend::descend;
use crate::line_search::{LineSearch, StrongWolfe, repeat_decrease};

/// Steepest-descent configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SteepestDescent {
    /// The line search. Default: [`StrongWolfe::default`] with c₂ = 0.1 (c₁ = 1e-4,
    /// steps in [1e-100, 1e100], 100 trials); the module documentation measures why.
    pub line_search: StrongWolfe,
}

impl Default for SteepestDescent {
    /// The strong-Wolfe search with c₂ = 0.1.
    fn default() -> Self {
        Self {
            line_search: StrongWolfe {
                c2: 0.1,
                ..StrongWolfe::default()
            },
        }
    }
}

/// What steepest descent carries from one iteration to the next.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct SteepestDescentState {
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    g: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    f: f64,
    /// fₖ₋₁, for the first trial step.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    f_prev: f64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    p: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    x_other: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    g_other: Vec<f64>,
}

impl Named for SteepestDescent {
    fn name(&self) -> &'static str {
        "steepest descent"
    }
}

impl<O: Objective + ?Sized> Method<O> for SteepestDescent {
    type State = SteepestDescentState;

    fn init(
        &self,
        obj: &Problem<'_, O>,
        x0: &[f64],
    ) -> Result<(SteepestDescentState, Start), Error> {
        self.line_search.validate()?;
        let n = obj.dim();
        optim_core::error::check_len("x0", x0, n)?;
        let mut g = vec![0.0; n];
        let f = obj.value_and_gradient(x0, &mut g);
        let gnorm = norm(&g);
        let state = SteepestDescentState {
            g,
            f,
            f_prev: f + gnorm / 2.0,
            p: vec![0.0; n],
            x_other: vec![0.0; n],
            g_other: vec![0.0; n],
        };
        Ok((state, Start::new(f, gnorm)))
    }

    fn iterate(
        &self,
        obj: &Problem<'_, O>,
        x: &mut [f64],
        st: &mut SteepestDescentState,
    ) -> Result<Step, Error> {
        for (pi, gi) in st.p.iter_mut().zip(&st.g) {
            *pi = -gi;
        }
        let (f, f_prev) = (st.f, st.f_prev);
        let descent = descend(
            &self.line_search,
            obj,
            x,
            &mut st.f,
            &mut st.g,
            &mut st.p,
            &mut st.x_other,
            &mut st.g_other,
            // Uncapped, unlike the quasi-Newton methods' `initial_step`.
            |slope| repeat_decrease(f, f_prev, slope).unwrap_or(1.0),
        )?;
        if descent.step.accepted {
            st.f_prev = f;
        }
        Ok(descent.step)
    }

    fn gradient<'s>(&self, st: &'s SteepestDescentState) -> Option<&'s [f64]> {
        Some(&st.g)
    }
}
