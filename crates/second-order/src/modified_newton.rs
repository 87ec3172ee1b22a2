//! Modified Newton for indefinite Hessians: Cholesky with an added multiple of the
//! identity, then a backtracking Armijo line search ([`ModifiedNewton`]).
//!
//! Update (Nocedal–Wright Algorithm 3.3, "Cholesky with added multiple of the
//! identity", with β = 10⁻³), with g = ∇f(xₖ) and H = ∇²f(xₖ):
//!
//! ```text
//! τ₀ = 0 if minᵢ hᵢᵢ > 0, else −minᵢ hᵢᵢ + β
//! for j = 0, 1, …: try H + τⱼI = LLᵀ; on failure τⱼ₊₁ = max(2τⱼ, β)
//! solve LLᵀ p = −g
//! xₖ₊₁ = xₖ + α p,   α backtracked from 1 until f(xₖ + αp) ≤ f(xₖ) + c₁ α gᵀp
//! ```
//!
//! H + τI is positive definite, so p is a descent direction and every step decreases
//! f: the method cannot be drawn to a maximum or a saddle the way pure Newton is. A
//! step that needed τ > 0 records [`Event::HessianModified`]. The line-search step is
//! [`descend`]'s, shared with the other line-search methods (a direction spoilt by
//! rounding is replaced by −g, [`Event::DirectionReset`]; a failed search ends the run
//! with [`StopReason::LineSearchFailed`](optim_core::StopReason::LineSearchFailed)).
//! Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., Springer
//! 2006, §3.4, Algorithm 3.3.
//!
//! ```
//! use landscapes::XCos;
//! use optim_core::{minimize, Stop, StopReason};
//! use second_order::ModifiedNewton;
//!
//! // The *Gradient Descent* chapter's x·cos(0.15πx) from 10, where pure Newton climbs to the maximum at
//! // 26.83: the safeguarded iteration descends to the minimum at 7.2694 instead.
//! let f = XCos::seed001();
//! let run = minimize(&ModifiedNewton::default(), &f, &[10.0], &Stop::after(50).grad_tol(1e-10))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! assert!((run.x[0] - 7.269388).abs() < 1e-6);
//! assert!(run.trace.values().windows(2).all(|w| w[1] < w[0]));
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::check_param;
use optim_core::vector::norm;
use optim_core::{Error, Event, Hessian, Method, Named, Objective, Problem, Start, Step};

use crate::linalg::Cholesky;
use crate::line_search::descend::descend;
use crate::line_search::{Armijo, LineSearch};

/// Newton with the Hessian made positive definite by τI (Nocedal–Wright Algorithm 3.3)
/// and an Armijo backtracking line search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModifiedNewton {
    /// β > 0: the smallest shift tried, and the margin added to −minᵢ hᵢᵢ. Default
    /// 1e-3 (Nocedal–Wright).
    pub beta: f64,
    /// Doublings of τ before giving up and stepping along −g (only a non-finite
    /// Hessian gets there). Default 100.
    pub max_shifts: usize,
    /// The line search (first trial α = 1). Default [`Armijo::default`].
    pub line_search: Armijo,
}

impl Default for ModifiedNewton {
    /// Nocedal–Wright's β = 10⁻³, 100 doublings of τ, and [`Armijo::default`] from
    /// α = 1.
    fn default() -> Self {
        Self {
            beta: 1e-3,
            max_shifts: 100,
            line_search: Armijo::default(),
        }
    }
}

impl ModifiedNewton {
    /// Checks every parameter; `Err` names the first invalid one.
    pub fn validate(&self) -> Result<(), Error> {
        check_param("beta", self.beta, "> 0 and finite", |v| {
            v > 0.0 && v.is_finite()
        })?;
        check_param("max_shifts", self.max_shifts as f64, ">= 1", |v| v >= 1.0)?;
        self.line_search.validate()
    }

    /// Factors H + τI with the smallest τ of Algorithm 3.3's sequence that works;
    /// returns τ, or `None` when `max_shifts` doublings were not enough.
    pub fn factor_modified(&self, h: &[f64], chol: &mut Cholesky) -> Option<f64> {
        factor_with_added_identity(h, chol, self.beta, self.max_shifts)
    }
}

/// Nocedal–Wright Algorithm 3.3, "Cholesky with added multiple of the identity": factors
/// H + τI (column-major n×n, n = `chol.dim()`) for the first τ of
/// τ₀ = 0 if minᵢ hᵢᵢ > 0 else −minᵢ hᵢᵢ + β, τⱼ₊₁ = max(2τⱼ, β) that gives a positive
/// definite matrix, and returns τ; `None` after `max_shifts` doublings (only a
/// non-finite H gets there). Shared by [`ModifiedNewton`] and the dogleg's Newton leg
/// ([`Dogleg`](crate::trust_region::Dogleg)).
pub fn factor_with_added_identity(
    h: &[f64],
    chol: &mut Cholesky,
    beta: f64,
    max_shifts: usize,
) -> Option<f64> {
    let n = chol.dim();
    let min_diag = (0..n).map(|i| h[i * n + i]).fold(f64::INFINITY, f64::min);
    let mut tau = if min_diag > 0.0 {
        0.0
    } else {
        -min_diag + beta
    };
    for _ in 0..=max_shifts {
        // A NaN in H fails every factorisation; τ then doubles to ∞ within about 1100
        // tries, and no budget should be spent past that.
        if !tau.is_finite() {
            return None;
        }
        if chol.factor(h, tau).is_ok() {
            return Some(tau);
        }
        tau = (2.0 * tau).max(beta);
    }
    None
}

/// The state of [`ModifiedNewton`].
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug)]
pub struct ModifiedNewtonState {
    /// f at the current iterate.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub value: f64,
    /// ∇f at the current iterate.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    pub grad: Vec<f64>,
    /// The last search direction p.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    pub direction: Vec<f64>,
    /// The shift τ of the last step (0 when H was positive definite).
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub tau: f64,
    /// The last step length α.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub step_length: f64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    h: Vec<f64>,
    /// The line search's trials; after a step, the previous point and gradient.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    x_trial: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    g_trial: Vec<f64>,
    chol: Cholesky,
}

impl Named for ModifiedNewton {
    fn name(&self) -> &'static str {
        "modified Newton"
    }
}

impl<O: Hessian + ?Sized> Method<O> for ModifiedNewton {
    type State = ModifiedNewtonState;

    fn init(
        &self,
        obj: &Problem<'_, O>,
        x0: &[f64],
    ) -> Result<(ModifiedNewtonState, Start), Error> {
        self.validate()?;
        let n = x0.len();
        let mut grad = vec![0.0; n];
        let value = obj.value_and_gradient(x0, &mut grad);
        let start = Start::new(value, norm(&grad));
        let state = ModifiedNewtonState {
            value,
            grad,
            direction: vec![0.0; n],
            tau: 0.0,
            step_length: 0.0,
            h: vec![0.0; n * n],
            x_trial: vec![0.0; n],
            g_trial: vec![0.0; n],
            chol: Cholesky::new(n),
        };
        Ok((state, start))
    }

    fn iterate(
        &self,
        obj: &Problem<'_, O>,
        x: &mut [f64],
        s: &mut ModifiedNewtonState,
    ) -> Result<Step, Error> {
        obj.hessian(x, &mut s.h);
        let mut modified = None;
        match self.factor_modified(&s.h, &mut s.chol) {
            Some(tau) => {
                s.tau = tau;
                if tau > 0.0 {
                    modified = Some(Event::HessianModified);
                }
                for (pi, gi) in s.direction.iter_mut().zip(&s.grad) {
                    *pi = -gi;
                }
                s.chol.solve_in_place(&mut s.direction);
            }
            // descend replaces a NaN direction by −g.
            None => s.direction.fill(f64::NAN),
        }
        // Rounding can still spoil a direction from a barely positive definite H + τI:
        // descend checks gᵀp < 0 whatever the factorisation said.
        let descent = descend(
            &self.line_search,
            obj,
            x,
            &mut s.value,
            &mut s.grad,
            &mut s.direction,
            &mut s.x_trial,
            &mut s.g_trial,
            |_| 1.0,
        )?;
        if let Some(alpha) = descent.alpha {
            s.step_length = alpha;
        }
        Ok(descent.step.with(modified))
    }

    fn gradient<'s>(&self, s: &'s ModifiedNewtonState) -> Option<&'s [f64]> {
        Some(&s.grad)
    }
}
