//! Levenberg-style damped Newton: the step −(H + λI)⁻¹g with λ adapted by the ratio
//! of actual to predicted decrease ([`Levenberg`]).
//!
//! Update, with g = ∇f(xₖ), H = ∇²f(xₖ) and the quadratic model
//! m(p) = f(xₖ) + gᵀp + ½pᵀHp:
//!
//! ```text
//! solve (H + λI) p = −g                      (Cholesky; λ doubled until it succeeds)
//! ρ = (f(xₖ) − f(xₖ + p)) / (m(0) − m(p))
//! xₖ₊₁ = xₖ + p if ρ > 0, else xₖ           (a rejected step)
//! λ ← λ/3 if ρ > 0.75;   λ ← 2λ if ρ < 0.25
//! ```
//!
//! This is the *A journey into optimization algorithms* blog's "trust region" formula (H + λI)⁻¹∇L, where λ stands for the
//! region's radius: a large λ gives a short step along −g, λ → 0 gives the Newton step.
//! The λ update is Marquardt's, as given by K. Madsen, H. B. Nielsen and O. Tingleff,
//! *Methods for Non-Linear Least Squares Problems*, 2nd ed., IMM, DTU 2004, §2.4,
//! eq. (2.21); the ratio ρ is Nocedal–Wright's (4.4), guarded against rounding as in
//! [`evaluate_trial`]. The initial λ is relative to the
//! Hessian's scale, λ₀ = τ·maxᵢ|hᵢᵢ(x₀)|, as Madsen et al. recommend (their §3.2).
//!
//! The run ends with [`StopReason::NoProgress`] when a rejected step is shorter than
//! ε(1 + ‖x‖): f can no longer resolve the decrease the model promises.
//!
//! Since H + λI is positive definite whenever the step is taken, m(0) − m(p) > 0 and a
//! step is accepted only if f decreased: the method never goes uphill, whatever the
//! signs of H's eigenvalues.
//!
//! ```
//! use landscapes::Rosenbrock;
//! use optim_core::{minimize, Stop, StopReason};
//! use second_order::Levenberg;
//!
//! let f = Rosenbrock::new();
//! let run = minimize(&Levenberg::default(), &f, &[4.0, -4.1], &Stop::after(200).grad_tol(1e-8))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! assert!((run.x[0] - 1.0).abs() < 1e-8 && (run.x[1] - 1.0).abs() < 1e-8);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::check_param;
use optim_core::vector::{dot, norm};
use optim_core::{
    Error, Event, Hessian, Method, Named, Objective, Problem, Start, Step, StopReason,
};

use crate::linalg::{Cholesky, quadratic_form};
use crate::trust_region::trial::evaluate_trial;

/// Newton with Levenberg damping λI, λ adapted by the ratio of actual to predicted
/// decrease (Marquardt's ×2 / ÷3 rule).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Levenberg {
    /// τ > 0 in λ₀ = τ·maxᵢ|hᵢᵢ(x₀)| (λ₀ = τ if the diagonal is 0). Default 1e-3.
    pub initial_damping: f64,
    /// Factor > 1 applied to λ when ρ < 0.25 or the step is rejected. Default 2.
    pub increase: f64,
    /// Divisor > 1 applied to λ when ρ > 0.75. Default 3.
    pub decrease: f64,
    /// Increases of λ tried to make H + λI positive definite before the run stops
    /// with [`StopReason::NoProgress`] (only a non-finite Hessian exhausts them).
    /// Default 200.
    pub max_increases: usize,
}

impl Default for Levenberg {
    /// Marquardt's rule as Madsen et al. give it: λ₀ = 10⁻³·maxᵢ|hᵢᵢ(x₀)|, ×2 on a poor
    /// step, ÷3 on a good one.
    fn default() -> Self {
        Self {
            initial_damping: 1e-3,
            increase: 2.0,
            decrease: 3.0,
            max_increases: 200,
        }
    }
}

impl Levenberg {
    /// Checks every parameter; `Err` names the first invalid one.
    pub fn validate(&self) -> Result<(), Error> {
        check_param(
            "initial_damping",
            self.initial_damping,
            "> 0 and finite",
            |v| v > 0.0 && v.is_finite(),
        )?;
        check_param("increase", self.increase, "> 1 and finite", |v| {
            v > 1.0 && v.is_finite()
        })?;
        check_param("decrease", self.decrease, "> 1 and finite", |v| {
            v > 1.0 && v.is_finite()
        })?;
        check_param("max_increases", self.max_increases as f64, ">= 1", |v| {
            v >= 1.0
        })
    }
}

/// The state of [`Levenberg`].
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug)]
pub struct LevenbergState {
    /// f at the current iterate.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub value: f64,
    /// ∇f at the current iterate.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    pub grad: Vec<f64>,
    /// The damping λ for the next step (0 until the first Hessian is seen).
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub damping: f64,
    /// The ratio ρ of the last step.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub ratio: f64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    h: Vec<f64>,
    h_current: bool,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    p: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    x_trial: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    g_trial: Vec<f64>,
    chol: Cholesky,
}

impl Named for Levenberg {
    fn name(&self) -> &'static str {
        "Levenberg"
    }
}

impl<O: Hessian + ?Sized> Method<O> for Levenberg {
    type State = LevenbergState;

    fn init(&self, obj: &Problem<'_, O>, x0: &[f64]) -> Result<(LevenbergState, Start), Error> {
        self.validate()?;
        let n = x0.len();
        let mut grad = vec![0.0; n];
        let value = obj.value_and_gradient(x0, &mut grad);
        let start = Start::new(value, norm(&grad));
        let state = LevenbergState {
            value,
            grad,
            damping: 0.0,
            ratio: f64::NAN,
            h: vec![0.0; n * n],
            h_current: false,
            p: vec![0.0; n],
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
        s: &mut LevenbergState,
    ) -> Result<Step, Error> {
        let n = x.len();
        if !s.h_current {
            obj.hessian(x, &mut s.h);
            s.h_current = true;
            if s.damping == 0.0 {
                let scale = (0..n).map(|i| s.h[i * n + i].abs()).fold(0.0, f64::max);
                s.damping = self.initial_damping * if scale > 0.0 { scale } else { 1.0 };
            }
        }
        let here = Step::reject(s.value, norm(&s.grad));
        // A λ that underflowed would stay 0 when doubled; this floor keeps it growing.
        let floor = f64::EPSILON * (1.0 + (0..n).map(|i| s.h[i * n + i].abs()).fold(0.0, f64::max));
        let mut increases = 0;
        while s.chol.factor(&s.h, s.damping).is_err() {
            increases += 1;
            if increases > self.max_increases || !s.damping.is_finite() {
                return Ok(here.stopping(StopReason::NoProgress));
            }
            s.damping = (self.increase * s.damping).max(floor);
        }
        let modified = (increases > 0).then_some(Event::HessianModified);
        for (pi, gi) in s.p.iter_mut().zip(&s.grad) {
            *pi = -gi;
        }
        s.chol.solve_in_place(&mut s.p);
        let predicted = -(dot(&s.grad, &s.p) + 0.5 * quadratic_form(&s.h, &s.p));
        if predicted.is_nan() || predicted <= 0.0 {
            // p = 0 to working precision: the model promises nothing more.
            return Ok(here.with(modified).stopping(StopReason::NoProgress));
        }
        for ((xt, xi), pi) in s.x_trial.iter_mut().zip(x.iter()).zip(&s.p) {
            *xt = xi + pi;
        }
        let t = evaluate_trial(
            obj,
            s.value,
            &s.grad,
            &s.x_trial,
            &s.p,
            1.0,
            predicted,
            &mut s.g_trial,
        );
        let rho = t.ratio;
        s.ratio = rho;
        // NaN (an undefined f at the trial point) counts as a failed step.
        if rho > 0.75 {
            s.damping /= self.decrease;
        } else if rho.is_nan() || rho < 0.25 {
            s.damping = (self.increase * s.damping).max(floor);
        }
        if rho.is_nan() || rho <= 0.0 {
            // λ grows without bound when f has no decrease left to resolve (its values
            // are flat to rounding): stop once a step could no longer move x.
            if norm(&s.p) <= f64::EPSILON * (1.0 + norm(x)) {
                return Ok(here.with(modified).stopping(StopReason::NoProgress));
            }
            return Ok(here.with(modified));
        }
        x.copy_from_slice(&s.x_trial);
        s.value = t.value;
        if t.has_gradient {
            std::mem::swap(&mut s.grad, &mut s.g_trial);
        } else {
            obj.gradient(x, &mut s.grad);
        }
        s.h_current = false;
        Ok(Step::accept(s.value, norm(&s.grad)).with(modified))
    }

    fn gradient<'s>(&self, s: &'s LevenbergState) -> Option<&'s [f64]> {
        Some(&s.grad)
    }
}
