//! Preconditioned descent on a curvature approximation ([`PreconditionedDescent`]):
//! the step −η(Â + λI)⁻¹∇f, with a fixed damping λ or one adapted by the
//! Levenberg–Marquardt rule.
//!
//! With g = ∇f(xₖ), Â the approximation of the last refresh and
//! s = (Â + λI)⁻¹g ([`Curvature::solve`]):
//!
//! ```text
//! refresh Â at xₖ                 at x₀, then after every refresh_every accepted steps
//! s = (Â + λI)⁻¹ g
//! p = −η s                         η = lr
//!
//! fixed λ (adapt = None):
//!     xₖ₊₁ = xₖ + p                (always taken)
//!
//! Levenberg–Marquardt λ (adapt = Some(rule)):
//!     m(p) = gᵀp + ½ pᵀÂp          the UNDAMPED model, Âp from Curvature::apply
//!     predicted = −m(p) = η gᵀs − ½ η² sᵀÂs
//!     ρ = (f(xₖ) − f(xₖ + p)) / predicted      (rounding-guarded, as the trust regions)
//!     ρ < ¼:  λ ← boost·λ;    ρ > ¾:  λ ← max(λ/boost, min_damping)
//!     xₖ₊₁ = xₖ + p if ρ > 0, else xₖ (a rejected step)
//! ```
//!
//! **Which model.** The ratio compares f with the model of the curvature alone,
//! m(p) = gᵀp + ½pᵀÂp, without the λ‖p‖²/2 term: λ is a device to keep the step in the
//! region where that model can be trusted, not part of the model, and ρ asks whether
//! it could be trusted. This is Martens & Grosse (2015) §6.5, and the default of
//! `tensorflow/kfac` (`_INCLUDE_DAMPING_IN_QMODEL_CHANGE = False`). For a positive
//! semi-definite Â and 0 < η ≤ 1 the predicted reduction is positive:
//! η(1 − η/2) sᵀÂs + ηλ sᵀs > 0 at the exact solve (a truncated CG solve keeps it
//! positive too, see [`gauss_newton`](crate::curvature::gauss_newton)).
//!
//! **The rule** is Martens' (2010, §4.1): λ ← (3/2)λ when ρ < ¼, λ ← (2/3)λ when ρ > ¾,
//! i.e. `boost` = 3/2 both ways ([`LevenbergMarquardt::martens`], the default).
//! Nocedal–Wright's trust-region update (Algorithm 4.1) has the same thresholds, with
//! Δ/4 below ¼ and 2Δ above ¾ (on the boundary only), which one symmetric `boost`
//! does not express; Martens & Grosse (2015, §6.5) apply the rule every T₁ = 5
//! iterations with the factor (20/19)⁵ ≈ 1.29, roughly `boost: 20.0 / 19.0` at every
//! iteration. A step is accepted only when f decreased (ρ > 0), so the
//! adapted method never goes uphill; with a fixed λ every step is taken, as in the
//! papers' stochastic setting. A system that cannot be solved ([`SingularSystem`]:
//! λ = 0 on a singular Â) ends a fixed-λ run with [`StopReason::NoProgress`], and
//! counts as a failed step with adaptation (λ grows, x stays).
//!
//! **Refreshes.** Â is computed at x₀ and then after every `refresh_every` accepted
//! steps: a rejected step leaves x where Â was computed, so it never refreshes. With
//! `refresh_every` = k > 1, the steps in between reuse Â (the factorisations too,
//! while λ does not change) at points it was not computed at: Martens & Grosse's T₃
//! (K-FAC's inverses every T₃ = 20 iterations). An approximation that evaluates its
//! products at the current point (Hessian-free Gauss–Newton) is unaffected.
//!
//! Defaults ([`PreconditionedDescent::new`]): λ₀ = 1 (`damping`), Martens' rule,
//! η = 1 (`lr`: the full step, as Newton's), `refresh_every` = 1. The run ends with
//! [`StopReason::NoProgress`] when a rejected step is shorter than ε(1 + ‖x‖) or λ
//! overflows. Evaluations per iteration: one f and one ∇f with a fixed λ
//! (`value_and_gradient`); with adaptation one f at the trial point, one ∇f if it is
//! accepted, and one `apply` (one product for the Hessian-free approximation), plus
//! what the approximation's refresh and solve evaluate. Nothing is allocated after
//! `init` by the method; each approximation documents its own state.
//!
//! ```
//! use optim_core::{minimize, FnObjective, Stop, StopReason};
//! use second_order::curvature::hutchinson::Hutchinson;
//! use second_order::PreconditionedDescent;
//!
//! // f = x₀⁴/4 + x₀²/2 + 5x₁²: ∇²f = diag(3x₀² + 1, 10), a diagonal that changes with x.
//! let f = FnObjective::new(
//!     2,
//!     |x: &[f64]| x[0].powi(4) / 4.0 + x[0] * x[0] / 2.0 + 5.0 * x[1] * x[1],
//!     |x: &[f64], g: &mut [f64]| { g[0] = x[0].powi(3) + x[0]; g[1] = 10.0 * x[1]; },
//! )
//! .with_hessian_product(|x: &[f64], v: &[f64], hv: &mut [f64]| {
//!     hv[0] = (3.0 * x[0] * x[0] + 1.0) * v[0];
//!     hv[1] = 10.0 * v[1];
//! });
//! let method = PreconditionedDescent::new(Hutchinson::default());
//! let run = minimize(&method, &f, &[2.0, 1.0], &Stop::after(100).grad_tol(1e-10))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! assert!(run.x[0].abs() < 1e-10 && run.x[1].abs() < 1e-10);
//! assert_eq!(run.method, "preconditioned descent (Hutchinson diagonal)");
//! # Ok::<(), optim_core::Error>(())
//! ```
//!
//! References: J. Martens, "Deep learning via Hessian-free optimization", ICML 2010,
//! §4.1; J. Martens and R. Grosse, "Optimizing neural networks with Kronecker-factored
//! approximate curvature", ICML 2015, §6.5; J. Nocedal and S. J. Wright, *Numerical
//! Optimization*, 2nd ed., Springer 2006, Algorithm 4.1 and (4.4) (the ratio ρ).

use optim_core::error::{check_len, check_param};
use optim_core::vector::{dot, norm};
use optim_core::{Error, Events, Method, Named, Objective, Problem, Start, Step, StopReason};

use crate::curvature::{Curvature, SingularSystem};
use crate::trust_region::trial::evaluate_trial;

/// The Levenberg–Marquardt adaptation of λ (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LevenbergMarquardt {
    /// Factor > 1: λ ← boost·λ when ρ < ¼ (or the step failed), λ ← λ/boost when
    /// ρ > ¾. Default 3/2 (Martens 2010).
    pub boost: f64,
    /// λ never falls below this, ≥ 0. Default 0 (Martens 2010 has no floor;
    /// `tensorflow/kfac` uses 1e-8 where a weight decay sets the scale).
    pub min_damping: f64,
}

impl LevenbergMarquardt {
    /// Martens' rule: ×3/2 when ρ < ¼, ×2/3 when ρ > ¾, no floor.
    pub fn martens() -> Self {
        Self {
            boost: 1.5,
            min_damping: 0.0,
        }
    }
}

impl Default for LevenbergMarquardt {
    /// [`LevenbergMarquardt::martens`].
    fn default() -> Self {
        Self::martens()
    }
}

/// Preconditioned descent x ← x − η(Â + λI)⁻¹∇f on the approximation `C` (see the
/// module documentation).
#[derive(Debug, Clone, PartialEq)]
pub struct PreconditionedDescent<C> {
    /// The curvature approximation Â.
    pub curvature: C,
    /// λ ≥ 0 (fixed), or λ₀ > 0 (adapted). Default 1.
    pub damping: f64,
    /// The adaptation of λ; `None` keeps it fixed. Default Martens' rule.
    pub adapt: Option<LevenbergMarquardt>,
    /// η > 0, the fraction of the preconditioned step taken. Default 1.
    pub lr: f64,
    /// Accepted steps between refreshes of Â, ≥ 1. Default 1 (every step).
    pub refresh_every: usize,
}

impl<C> PreconditionedDescent<C> {
    /// λ adapted by Martens' rule from λ₀ = 1, η = 1, Â refreshed at every step.
    pub fn new(curvature: C) -> Self {
        Self {
            curvature,
            damping: 1.0,
            adapt: Some(LevenbergMarquardt::martens()),
            lr: 1.0,
            refresh_every: 1,
        }
    }

    /// A fixed damping λ ≥ 0, every step taken (η = 1, refreshed at every step): with
    /// λ = 0 and an exact Â, Newton's method.
    pub fn fixed(curvature: C, damping: f64) -> Self {
        Self {
            damping,
            adapt: None,
            ..Self::new(curvature)
        }
    }

    /// Checks every parameter of the method (the approximation checks its own in
    /// [`Curvature::init`]); `Err` names the first invalid one.
    pub fn validate(&self) -> Result<(), Error> {
        match self.adapt {
            None => check_param("damping", self.damping, ">= 0 and finite", |v| {
                v >= 0.0 && v.is_finite()
            })?,
            Some(rule) => {
                check_param("damping", self.damping, "> 0 and finite", |v| {
                    v > 0.0 && v.is_finite()
                })?;
                check_param("adapt.boost", rule.boost, "> 1 and finite", |v| {
                    v > 1.0 && v.is_finite()
                })?;
                check_param(
                    "adapt.min_damping",
                    rule.min_damping,
                    ">= 0 and finite",
                    |v| v >= 0.0 && v.is_finite(),
                )?;
            }
        }
        check_param("lr", self.lr, "> 0 and finite", |v| {
            v > 0.0 && v.is_finite()
        })?;
        check_param("refresh_every", self.refresh_every as f64, ">= 1", |v| {
            v >= 1.0
        })
    }
}

/// The state of [`PreconditionedDescent`], around the approximation's own state `S`.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct PreconditionedState<S> {
    /// The approximation's state (Â, its factors).
    pub curvature: S,
    /// f at the current iterate.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub value: f64,
    /// ∇f at the current iterate.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    pub grad: Vec<f64>,
    /// λ for the next step.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub damping: f64,
    /// ρ of the last step with adaptation (NaN before the first, and with a fixed λ).
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub ratio: f64,
    /// Refreshes of Â so far.
    pub refreshes: usize,
    since_refresh: usize,
    stale: bool,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    s: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    as_: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    x_trial: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    g_trial: Vec<f64>,
}

impl<C: Named> Named for PreconditionedDescent<C> {
    fn name(&self) -> &'static str {
        self.curvature.name()
    }
}

impl<O, C> Method<O> for PreconditionedDescent<C>
where
    O: Objective + ?Sized,
    C: Curvature<O>,
{
    type State = PreconditionedState<C::State>;

    fn init(&self, problem: &Problem<'_, O>, x0: &[f64]) -> Result<(Self::State, Start), Error> {
        self.validate()?;
        let n = problem.dim();
        check_len("x0", x0, n)?;
        let curvature = self.curvature.init(problem, x0)?;
        let mut grad = vec![0.0; n];
        let value = problem.value_and_gradient(x0, &mut grad);
        let start = Start::new(value, norm(&grad));
        let state = PreconditionedState {
            curvature,
            value,
            grad,
            damping: self.damping,
            ratio: f64::NAN,
            refreshes: 0,
            since_refresh: 0,
            stale: true,
            s: vec![0.0; n],
            as_: vec![0.0; n],
            x_trial: vec![0.0; n],
            g_trial: vec![0.0; n],
        };
        Ok((state, start))
    }

    fn iterate(
        &self,
        problem: &Problem<'_, O>,
        x: &mut [f64],
        st: &mut Self::State,
    ) -> Result<Step, Error> {
        let mut events = Events::NONE;
        if st.stale {
            events = events.union(self.curvature.refresh(problem, x, &mut st.curvature)?);
            st.refreshes += 1;
            st.since_refresh = 0;
            st.stale = false;
        }
        let here = Step::reject(st.value, norm(&st.grad));
        let solved = self.curvature.solve(
            problem,
            x,
            &mut st.curvature,
            st.damping,
            &st.grad,
            &mut st.s,
        );
        let Some(rule) = self.adapt else {
            return Ok(match solved {
                Err(SingularSystem) => here.with(events).stopping(StopReason::NoProgress),
                Ok(solve_events) => {
                    for (xi, si) in x.iter_mut().zip(&st.s) {
                        *xi -= self.lr * si;
                    }
                    st.value = problem.value_and_gradient(x, &mut st.grad);
                    self.moved(st);
                    Step::accept(st.value, norm(&st.grad)).with(events.union(solve_events))
                }
            });
        };
        let increased = |lambda: f64| rule.boost * lambda.max(f64::MIN_POSITIVE);
        let solve_events = match solved {
            Ok(e) => e,
            Err(SingularSystem) => {
                st.damping = increased(st.damping);
                if !st.damping.is_finite() {
                    return Ok(here.with(events).stopping(StopReason::NoProgress));
                }
                return Ok(here.with(events));
            }
        };
        events = events.union(solve_events);
        let eta = self.lr;
        self.curvature
            .apply(problem, x, &mut st.curvature, &st.s, &mut st.as_);
        let predicted = eta * dot(&st.grad, &st.s) - 0.5 * eta * eta * dot(&st.s, &st.as_);
        for ((xt, xi), si) in st.x_trial.iter_mut().zip(x.iter()).zip(&st.s) {
            *xt = xi - eta * si;
        }
        // A model that promises nothing (predicted ≤ 0 or NaN: Â not positive
        // semi-definite, or η ≥ 2) is a failed step, and more damping.
        let (f_trial, rho, has_gradient) = if predicted > 0.0 {
            let t = evaluate_trial(
                problem,
                st.value,
                &st.grad,
                &st.x_trial,
                &st.s,
                -eta,
                predicted,
                &mut st.g_trial,
            );
            (t.value, t.ratio, t.has_gradient)
        } else {
            (f64::NAN, f64::NAN, false)
        };
        st.ratio = rho;
        if rho > 0.75 {
            st.damping = (st.damping / rule.boost).max(rule.min_damping);
        } else if rho.is_nan() || rho < 0.25 {
            st.damping = increased(st.damping);
        }
        if rho.is_nan() || rho <= 0.0 {
            let step_length = eta * norm(&st.s);
            if step_length <= f64::EPSILON * (1.0 + norm(x)) || !st.damping.is_finite() {
                return Ok(here.with(events).stopping(StopReason::NoProgress));
            }
            return Ok(here.with(events));
        }
        x.copy_from_slice(&st.x_trial);
        st.value = f_trial;
        if has_gradient {
            std::mem::swap(&mut st.grad, &mut st.g_trial);
        } else {
            problem.gradient(x, &mut st.grad);
        }
        self.moved(st);
        Ok(Step::accept(st.value, norm(&st.grad)).with(events))
    }

    fn gradient<'s>(&self, st: &'s Self::State) -> Option<&'s [f64]> {
        Some(&st.grad)
    }
}

impl<C> PreconditionedDescent<C> {
    /// Bookkeeping after x moved: Â goes stale after `refresh_every` accepted steps.
    fn moved<S>(&self, st: &mut PreconditionedState<S>) {
        st.since_refresh += 1;
        if st.since_refresh >= self.refresh_every {
            st.stale = true;
        }
    }
}
