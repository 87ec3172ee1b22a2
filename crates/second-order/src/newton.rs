//! Newton's method: the pure step, a fixed damping factor, and a backtracking Armijo
//! line search ([`Newton`]; the search is [`Armijo`]).
//!
//! Update, with g = ∇f(xₖ) and H = ∇²f(xₖ):
//!
//! ```text
//! solve (H + σI) p = −g            (LBLᵀ factorisation, never an inverse)
//! xₖ₊₁ = xₖ + α p                  α = η (fixed), or backtracked from η until
//!                                  f(xₖ + αp) ≤ f(xₖ) + c₁ α gᵀp   (Armijo)
//! ```
//!
//! Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., Springer
//! 2006, §3.1 (Armijo backtracking, Algorithm 3.1) and §3.3–3.4 (Newton's method);
//! the *Gradient Descent* chapter (d2l, "Gradient Descent", Newton on cosh(cx) and x·cos(cx)); *Optimization in many dimensions*
//! (Newton with a fixed step 0.01 and σ = 1e-12).
//!
//! [`Newton::default()`](Newton::default) is the safeguarded iteration, with the line
//! search ([`Newton::line_search`]). Without one ([`Newton::pure`], [`Newton::damped`])
//! this is the textbook iteration of the course documents, *unguarded*: on a non-convex function
//! it goes wherever the quadratic model's stationary point is, maxima included (seed
//! 001 shows x·cos(0.15πx) from 10). With a line search it is safeguarded: a direction that is not a descent direction (gᵀp ≥ 0, or non-finite
//! because H is singular) is replaced by −g
//! ([`Event::DirectionReset`](optim_core::Event::DirectionReset)) and f decreases at
//! every step; the step is [`descend`]'s, shared with the other line-search methods.
//! For indefinite Hessians, [`ModifiedNewton`](crate::ModifiedNewton) repairs H
//! instead.
//!
//! **A teaching variant.** Where H is indefinite the safeguard throws Newton's direction
//! away and takes a steepest-descent step, so on a non-convex problem this iteration
//! crawls wherever the Hessian is not positive definite (from Wood's standard start,
//! for instance). For your own objectives prefer [`ModifiedNewton`](crate::ModifiedNewton)
//! (H + τI keeps the curvature it can use) or a trust region
//! ([`TrustRegion::dogleg`](crate::TrustRegion::dogleg), [`TrustRegion::exact`](crate::TrustRegion::exact))
//! when the Hessian is available, and [`Lbfgs`](crate::Lbfgs) when it is not or n is
//! large: each converges on the Moré–Garbow–Hillstrom problems of `tests/mgh.rs`.
//!
//! ```
//! use landscapes::Cosh;
//! use optim_core::{minimize, Stop, StopReason};
//! use second_order::Newton;
//!
//! // The *Gradient Descent* chapter: Newton on cosh(x/2) from 10 reaches the minimum 0 within a few steps.
//! let run = minimize(&Newton::pure(), &Cosh::seed001(), &[10.0], &Stop::after(10).grad_tol(1e-12))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! assert!(run.x[0].abs() < 1e-10);
//! // The default is the safeguarded variant: Armijo backtracking from the full step.
//! assert_eq!(Newton::default(), Newton::line_search());
//! assert_eq!(run.method, "Newton");
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::check_param;
use optim_core::vector::norm;
use optim_core::{Error, Hessian, Method, Named, Objective, Problem, Start, Step, StopReason};

use crate::linalg::Lblt;
use crate::line_search::descend::descend;
use crate::line_search::{Armijo, LineSearch};

/// Newton's method with a backtracking line search (the default) or a fixed step η.
///
/// [`Newton::default`] is [`Newton::line_search`]: the safeguarded iteration, which
/// decreases f at every step. The course documents' teaching variants are one constructor away:
/// [`Newton::pure`] (η = 1, unguarded) and [`Newton::damped`] (fixed η, the *Gradient Descent* chapter's 0.5
/// and the *Optimization in many dimensions* notebook's 0.01). Change a field with struct-update syntax: the *Optimization in many dimensions* notebook's step is
/// `Newton { shift: 1e-12, ..Newton::damped(0.01) }`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Newton {
    /// Step length η > 0: the fixed step, or the line search's first trial. Default 1
    /// (the full Newton step, which the search keeps wherever it decreases f enough).
    pub eta: f64,
    /// σ ≥ 0 added to the Hessian's diagonal before solving. Default 0; *Optimization in many dimensions*
    /// uses 1e-12.
    pub shift: f64,
    /// The line search; `None` takes the fixed step η unguarded. Default
    /// `Some(Armijo::default())` (c₁ = 1e-4, ρ = 0.5, 40 trials).
    pub line_search: Option<Armijo>,
}

impl Default for Newton {
    /// The safeguarded iteration, [`Newton::line_search`]: η = 1, σ = 0, Armijo
    /// backtracking with a −∇f fallback where the Newton direction does not descend.
    /// The unguarded textbook step is [`Newton::pure`].
    fn default() -> Self {
        Self::line_search()
    }
}

impl Newton {
    /// The pure Newton step x ← x − H⁻¹g, unguarded (the course documents' iteration, which climbs
    /// to maxima and saddles as readily as it descends to minima).
    pub fn pure() -> Self {
        Self {
            eta: 1.0,
            shift: 0.0,
            line_search: None,
        }
    }
    /// The damped step x ← x − η H⁻¹g with a fixed η.
    pub fn damped(eta: f64) -> Self {
        Self {
            eta,
            ..Self::pure()
        }
    }
    /// Newton with a backtracking Armijo line search (c₁ = 1e-4, ρ = 0.5) from α = 1,
    /// falling back to −g when the Newton direction is not a descent direction.
    pub fn line_search() -> Self {
        Self {
            line_search: Some(Armijo::default()),
            ..Self::pure()
        }
    }

    /// Checks every parameter; `Err` names the first invalid one.
    pub fn validate(&self) -> Result<(), Error> {
        check_param("eta", self.eta, "> 0 and finite", |v| {
            v > 0.0 && v.is_finite()
        })?;
        check_param("shift", self.shift, ">= 0 and finite", |v| {
            v >= 0.0 && v.is_finite()
        })?;
        match &self.line_search {
            Some(ls) => ls.validate(),
            None => Ok(()),
        }
    }
}

/// The state of [`Newton`]: what is known at the current iterate, and the workspaces.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug)]
pub struct NewtonState {
    /// f at the current iterate.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub value: f64,
    /// ∇f at the current iterate.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    pub grad: Vec<f64>,
    /// The last search direction p.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    pub direction: Vec<f64>,
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
    lblt: Lblt,
}

/// Solves (H + σI) p = −g by LBLᵀ into `p`; false when p is not finite (H singular).
pub(crate) fn newton_direction(
    lblt: &mut Lblt,
    h: &mut [f64],
    shift: f64,
    g: &[f64],
    p: &mut [f64],
) -> bool {
    let n = g.len();
    if shift != 0.0 {
        for i in 0..n {
            h[i * n + i] += shift;
        }
    }
    lblt.factor(h);
    for (pi, gi) in p.iter_mut().zip(g) {
        *pi = -gi;
    }
    lblt.solve_in_place(p);
    p.iter().all(|v| v.is_finite())
}

impl Named for Newton {
    fn name(&self) -> &'static str {
        match self.line_search {
            Some(_) => "Newton (Armijo)",
            None if self.eta == 1.0 => "Newton",
            None => "damped Newton",
        }
    }
}

impl<O: Hessian + ?Sized> Method<O> for Newton {
    type State = NewtonState;

    fn init(&self, obj: &Problem<'_, O>, x0: &[f64]) -> Result<(NewtonState, Start), Error> {
        self.validate()?;
        let n = x0.len();
        let mut grad = vec![0.0; n];
        let value = obj.value_and_gradient(x0, &mut grad);
        let start = Start::new(value, norm(&grad));
        let state = NewtonState {
            value,
            grad,
            direction: vec![0.0; n],
            step_length: 0.0,
            h: vec![0.0; n * n],
            x_trial: vec![0.0; n],
            g_trial: vec![0.0; n],
            lblt: Lblt::new(n),
        };
        Ok((state, start))
    }

    fn iterate(
        &self,
        obj: &Problem<'_, O>,
        x: &mut [f64],
        s: &mut NewtonState,
    ) -> Result<Step, Error> {
        // The Hessian is evaluated here rather than after the previous step, so a run
        // that stops on the gradient never pays for a Hessian it does not use.
        obj.hessian(x, &mut s.h);
        let finite = newton_direction(&mut s.lblt, &mut s.h, self.shift, &s.grad, &mut s.direction);
        let Some(ls) = &self.line_search else {
            if !finite {
                return Ok(Step::reject(s.value, norm(&s.grad)).stopping(StopReason::NoProgress));
            }
            for (xi, pi) in x.iter_mut().zip(&s.direction) {
                *xi += self.eta * pi;
            }
            s.step_length = self.eta;
            s.value = obj.value_and_gradient(x, &mut s.grad);
            return Ok(Step::accept(s.value, norm(&s.grad)));
        };
        if !finite {
            // An infinite entry can still give gᵀp < 0; NaN makes descend reset to −g.
            s.direction.fill(f64::NAN);
        }
        let descent = descend(
            ls,
            obj,
            x,
            &mut s.value,
            &mut s.grad,
            &mut s.direction,
            &mut s.x_trial,
            &mut s.g_trial,
            |_| self.eta,
        )?;
        if let Some(alpha) = descent.alpha {
            s.step_length = alpha;
        }
        Ok(descent.step)
    }

    fn gradient<'s>(&self, s: &'s NewtonState) -> Option<&'s [f64]> {
        Some(&s.grad)
    }
}
