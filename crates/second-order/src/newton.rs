//! Newton's method: the pure step, a fixed damping factor, and a backtracking Armijo
//! line search ([`Newton`], [`Armijo`]).
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
//! seed 001 (d2l, "Gradient Descent", Newton on cosh(cx) and x·cos(cx)); seed 002
//! (Newton with a fixed step 0.01 and σ = 1e-12).
//!
//! Without a line search this is the textbook iteration of the seeds, *unguarded*: on a
//! non-convex function it goes wherever the quadratic model's stationary point is,
//! maxima included (seed 001 shows x·cos(0.15πx) from 10). With a line search it is
//! safeguarded: a direction that is not a descent direction (gᵀp ≥ 0, or non-finite
//! because H is singular) is replaced by −g ([`Event::DirectionReset`]) and f decreases
//! at every step. For indefinite Hessians, [`ModifiedNewton`](crate::ModifiedNewton)
//! repairs H instead.
//!
//! ```
//! use landscapes::Cosh;
//! use optim_core::{minimize, Stop, StopReason};
//! use second_order::Newton;
//!
//! // Seed 001: Newton on cosh(x/2) from 10 reaches the minimum 0 within a few steps.
//! let run = minimize(&Newton::pure(), &Cosh::seed001(), &[10.0], &Stop::after(10).grad_tol(1e-12))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! assert!(run.x[0].abs() < 1e-10);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::check_param;
use optim_core::vector::{dot, norm};
use optim_core::{Error, Event, Hessian, Method, Objective, StepInfo, StopReason};

use crate::linalg::Lblt;

/// Backtracking line search with the Armijo (sufficient decrease) condition,
/// Nocedal–Wright Algorithm 3.1: α ← ρα until f(x + αp) ≤ f(x) + c₁ α gᵀp.
///
/// A trial where f is NaN or infinite fails the condition and is backtracked, so an
/// objective that is undefined far away is handled like one that is large there.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Armijo {
    /// Sufficient-decrease constant c₁ ∈ (0, 1). Default 1e-4 (Nocedal–Wright).
    pub c1: f64,
    /// Contraction factor ρ ∈ (0, 1). Default 0.5.
    pub rho: f64,
    /// Trials before giving up with [`StopReason::LineSearchFailed`]. Default 40
    /// (α down to 2⁻³⁹ ≈ 2e-12 of the first trial).
    pub max_trials: usize,
}

impl Default for Armijo {
    fn default() -> Self {
        Self {
            c1: 1e-4,
            rho: 0.5,
            max_trials: 40,
        }
    }
}

impl Armijo {
    /// Checks every parameter; `Err` names the first invalid one.
    pub fn validate(&self) -> Result<(), Error> {
        check_param("c1", self.c1, "in (0, 1)", |v| v > 0.0 && v < 1.0)?;
        check_param("rho", self.rho, "in (0, 1)", |v| v > 0.0 && v < 1.0)?;
        check_param("max_trials", self.max_trials as f64, ">= 1", |v| v >= 1.0)
    }

    /// Backtracks from `alpha0` along the descent direction `p` (slope = gᵀp < 0) from
    /// x with f(x) = `f`. On success `x_trial` holds x + αp and the result is
    /// `Some((α, f(x + αp)))`; `None` after [`Armijo::max_trials`] failed trials.
    pub fn search<O: Objective + ?Sized>(
        &self,
        obj: &O,
        x: &[f64],
        f: f64,
        slope: f64,
        p: &[f64],
        alpha0: f64,
        x_trial: &mut [f64],
    ) -> Option<(f64, f64)> {
        let mut alpha = alpha0;
        for _ in 0..self.max_trials {
            for ((xt, xi), pi) in x_trial.iter_mut().zip(x).zip(p) {
                *xt = xi + alpha * pi;
            }
            let f_trial = obj.value(x_trial);
            if f_trial <= f + self.c1 * alpha * slope {
                return Some((alpha, f_trial));
            }
            alpha *= self.rho;
        }
        None
    }
}

/// Newton's method with a fixed step η or a backtracking line search.
///
/// Construct with [`Newton::pure`] (η = 1), [`Newton::damped`] (fixed η, seed 001's 0.5
/// and seed 002's 0.01) or [`Newton::line_search`] (Armijo from α = 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Newton {
    /// Step length η (the fixed step, or the line search's first trial). Default 1.
    pub eta: f64,
    /// σ ≥ 0 added to the Hessian's diagonal before solving. Default 0; seed 002
    /// uses 1e-12.
    pub shift: f64,
    /// The line search; `None` takes the fixed step η unguarded. Default `None`.
    pub line_search: Option<Armijo>,
}

impl Default for Newton {
    fn default() -> Self {
        Self::pure()
    }
}

impl Newton {
    /// The pure Newton step x ← x − H⁻¹g.
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
    /// The same method with σ added to the Hessian's diagonal.
    pub fn with_shift(mut self, shift: f64) -> Self {
        self.shift = shift;
        self
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
#[derive(Debug)]
pub struct NewtonState {
    /// f at the current iterate.
    pub value: f64,
    /// ∇f at the current iterate.
    pub grad: Vec<f64>,
    /// The last search direction p.
    pub direction: Vec<f64>,
    /// The last step length α.
    pub step_length: f64,
    h: Vec<f64>,
    x_trial: Vec<f64>,
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

impl<O: Hessian + ?Sized> Method<O> for Newton {
    type State = NewtonState;

    fn name(&self) -> &'static str {
        match self.line_search {
            Some(_) => "Newton (Armijo)",
            None if self.eta == 1.0 => "Newton",
            None => "damped Newton",
        }
    }

    fn init(&self, obj: &O, x0: &[f64]) -> Result<(NewtonState, StepInfo), Error> {
        self.validate()?;
        let n = x0.len();
        let mut grad = vec![0.0; n];
        let value = obj.value_and_gradient(x0, &mut grad);
        let info = StepInfo::new(value, norm(&grad));
        let state = NewtonState {
            value,
            grad,
            direction: vec![0.0; n],
            step_length: 0.0,
            h: vec![0.0; n * n],
            x_trial: vec![0.0; n],
            lblt: Lblt::new(n),
        };
        Ok((state, info))
    }

    fn step(&self, obj: &O, x: &mut [f64], s: &mut NewtonState) -> Result<StepInfo, Error> {
        // The Hessian is evaluated here rather than after the previous step, so a run
        // that stops on the gradient never pays for a Hessian it does not use.
        obj.hessian(x, &mut s.h);
        let finite = newton_direction(&mut s.lblt, &mut s.h, self.shift, &s.grad, &mut s.direction);
        let Some(ls) = &self.line_search else {
            if !finite {
                let info = StepInfo::new(s.value, norm(&s.grad));
                return Ok(info
                    .with_event(Event::Rejected)
                    .stopping(StopReason::NoProgress));
            }
            for (xi, pi) in x.iter_mut().zip(&s.direction) {
                *xi += self.eta * pi;
            }
            s.step_length = self.eta;
            s.value = obj.value_and_gradient(x, &mut s.grad);
            return Ok(StepInfo::new(s.value, norm(&s.grad)));
        };
        let mut event = None;
        let mut slope = dot(&s.grad, &s.direction);
        if !(finite && slope < 0.0) {
            for (pi, gi) in s.direction.iter_mut().zip(&s.grad) {
                *pi = -gi;
            }
            slope = -dot(&s.grad, &s.grad);
            event = Some(Event::DirectionReset);
        }
        let found = ls.search(
            obj,
            x,
            s.value,
            slope,
            &s.direction,
            self.eta,
            &mut s.x_trial,
        );
        let Some((alpha, f_new)) = found else {
            let info = StepInfo::new(s.value, norm(&s.grad));
            return Ok(info
                .with_event(Event::Rejected)
                .stopping(StopReason::LineSearchFailed));
        };
        x.copy_from_slice(&s.x_trial);
        s.step_length = alpha;
        s.value = f_new;
        obj.gradient(x, &mut s.grad);
        let info = StepInfo::new(s.value, norm(&s.grad));
        Ok(info.with_event(event))
    }
}
