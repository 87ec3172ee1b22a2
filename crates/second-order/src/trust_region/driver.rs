//! The trust-region method ([`TrustRegion`]): Nocedal–Wright Algorithm 4.1 around any
//! [`Subproblem`] solver.
//!
//! With the model mₖ(p) = f(xₖ) + gᵀp + ½pᵀBp, B = ∇²f(xₖ) and radius Δₖ:
//!
//! ```text
//! pₖ ≈ argmin mₖ(p) subject to ‖p‖ ≤ Δₖ             (the subproblem solver)
//! ρₖ = (f(xₖ) − f(xₖ + pₖ)) / (mₖ(0) − mₖ(pₖ))
//! Δₖ₊₁ = Δₖ/4                   if ρₖ < 1/4
//!      = min(2Δₖ, Δ_max)        if ρₖ > 3/4 and pₖ is on the boundary
//!      = Δₖ                     otherwise
//! xₖ₊₁ = xₖ + pₖ if ρₖ > η, else xₖ                (a rejected step)
//! ```
//!
//! Defaults and rules are scipy's `_minimize_trust_region`: Δ₀ = 1, Δ_max = 1000,
//! η = 0.15, a "boundary" flag reported by the solver, and the run ends
//! ([`StopReason::NoProgress`]) when the model predicts no decrease. The run also ends
//! with [`StopReason::TrustRegionCollapsed`] when Δ < ε(1 + ‖x‖): a step that short
//! cannot change x in floating point.
//!
//! One iteration is one trust-region iteration, accepted or rejected, as scipy counts
//! `nit`. An iteration evaluates f once (at the trial point); an accepted one adds a
//! gradient, and the next iteration a dense Hessian or Hessian-vector products,
//! whichever the solver reads: the solver evaluates them itself, and after a rejected
//! step the driver tells it that the point is the same ([`Model::new_iterate`]), so
//! that it reuses them.
//!
//! `TrustRegion<S>` is a [`Method<O>`] wherever `S` is a [`Subproblem<O>`]: with the
//! Cauchy and Steihaug solvers on any objective with Hessian-vector products, with
//! dogleg and Moré–Sorensen only on one with a dense [`Hessian`](optim_core::Hessian).
//! trust-ncg runs Hessian-free, from closures:
//!
//! ```
//! use optim_core::{minimize, FnObjective, Stop, StopReason};
//! use second_order::TrustRegion;
//!
//! // Rosenbrock with its Hessian-vector product in closed form, no n×n matrix anywhere.
//! let f = FnObjective::new(
//!     2,
//!     |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2),
//!     |x: &[f64], g: &mut [f64]| {
//!         g[0] = -2.0 * (1.0 - x[0]) - 400.0 * x[0] * (x[1] - x[0] * x[0]);
//!         g[1] = 200.0 * (x[1] - x[0] * x[0]);
//!     },
//! )
//! .with_hessian_product(|x: &[f64], v: &[f64], hv: &mut [f64]| {
//!     hv[0] = (2.0 - 400.0 * x[1] + 1200.0 * x[0] * x[0]) * v[0] - 400.0 * x[0] * v[1];
//!     hv[1] = -400.0 * x[0] * v[0] + 200.0 * v[1];
//! });
//! let run = minimize(&TrustRegion::ncg(), &f, &[4.0, -4.1], &Stop::after(1000))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! // scipy 1.17's trust-ncg from (4, −4.1) at gtol 1e-6: 35 iterations (tests/scipy_counts.rs).
//! assert_eq!((run.iterations, run.evals.hessian), (35, 0));
//! # Ok::<(), optim_core::Error>(())
//! ```
//!
//! A solver that reads the dense Hessian refuses such an objective at compile time:
//!
//! ```compile_fail
//! use optim_core::{minimize, FnObjective, Stop};
//! use second_order::TrustRegion;
//! let f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| g[0] = 2.0 * x[0])
//!     .with_hessian_product(|_: &[f64], v: &[f64], hv: &mut [f64]| hv[0] = 2.0 * v[0]);
//! // error: `Hessian` is not implemented for the objective: trust-exact factors ∇²f.
//! let run = minimize(&TrustRegion::exact(), &f, &[1.0], &Stop::after(10));
//! ```
//!
//! Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., Springer
//! 2006, Algorithm 4.1; scipy/optimize/_trustregion.py.
//!
//! ```
//! use landscapes::Rosenbrock;
//! use optim_core::{minimize, Stop, StopReason};
//! use second_order::TrustRegion;
//!
//! let f = Rosenbrock::new();
//! let run = minimize(&TrustRegion::ncg(), &f, &[4.0, -4.1], &Stop::after(1000).grad_tol(1e-6))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! assert!(run.iterations <= 35); // scipy 1.17's trust-ncg: 35
//! // A smaller first radius, every other setting as ncg()'s:
//! let cautious = TrustRegion { initial_trust_radius: 0.1, ..TrustRegion::ncg() };
//! let run = minimize(&cautious, &f, &[4.0, -4.1], &Stop::after(1000).grad_tol(1e-6))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::check_param;
use optim_core::vector::norm;
use optim_core::{Error, Method, Named, Objective, Problem, Start, Step, StopReason};

use super::cauchy::Cauchy;
#[cfg(feature = "dense")]
use super::dogleg::Dogleg;
#[cfg(feature = "dense")]
use super::more_sorensen::MoreSorensen;
use super::steihaug::Steihaug;
use super::trial::{Model, Subproblem, SubproblemSolver, evaluate_trial};

/// A trust-region Newton method (Nocedal–Wright Algorithm 4.1) with the subproblem
/// solver `S`.
///
/// Construct with [`TrustRegion::ncg`], [`TrustRegion::cauchy`], [`TrustRegion::new`]
/// or, with the `dense` feature, `TrustRegion::exact()` and `TrustRegion::dogleg()`,
/// and change a field with struct-update syntax:
/// `TrustRegion { initial_trust_radius: 0.1, ..TrustRegion::ncg() }`. There is no
/// `Default`: the solver is the choice to make.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrustRegion<S> {
    /// The subproblem solver.
    pub subproblem: S,
    /// Δ₀ > 0 and finite. Default 1 (scipy).
    pub initial_trust_radius: f64,
    /// Δ_max ≥ Δ₀ and finite. Default 1000 (scipy).
    pub max_trust_radius: f64,
    /// Acceptance threshold η ∈ [0, 0.25): a step is taken when ρ > η. Default 0.15
    /// (scipy).
    pub eta: f64,
}

impl<S: SubproblemSolver> TrustRegion<S> {
    /// The method with `subproblem` and scipy's defaults Δ₀ = 1, Δ_max = 1000, η = 0.15.
    pub fn new(subproblem: S) -> Self {
        Self {
            subproblem,
            initial_trust_radius: 1.0,
            max_trust_radius: 1000.0,
            eta: 0.15,
        }
    }

    /// Checks every parameter, the solver's included; `Err` names the first invalid
    /// one.
    pub fn validate(&self) -> Result<(), Error> {
        check_param(
            "initial_trust_radius",
            self.initial_trust_radius,
            "> 0 and finite",
            |v| v > 0.0 && v.is_finite(),
        )?;
        check_param(
            "max_trust_radius",
            self.max_trust_radius,
            ">= initial_trust_radius and finite",
            |v| v >= self.initial_trust_radius && v.is_finite(),
        )?;
        check_param("eta", self.eta, "in [0, 0.25)", |v| {
            (0.0..0.25).contains(&v)
        })?;
        self.subproblem.validate()
    }
}

impl TrustRegion<Cauchy> {
    /// Cauchy-point steps: steepest descent with a model-chosen length.
    pub fn cauchy() -> Self {
        Self::new(Cauchy)
    }
}

#[cfg(feature = "dense")]
impl TrustRegion<Dogleg> {
    /// Dogleg steps (scipy's `trust-region-dogleg`, which raises where H is
    /// indefinite; here the path is built on H + τI there, Nocedal–Wright §4.1).
    pub fn dogleg() -> Self {
        Self::new(Dogleg::default())
    }
}

impl TrustRegion<Steihaug> {
    /// Steihaug–Toint truncated-CG steps (scipy's `trust-ncg`), Hessian-vector
    /// products only.
    pub fn ncg() -> Self {
        Self::new(Steihaug::default())
    }
}

#[cfg(feature = "dense")]
impl TrustRegion<MoreSorensen> {
    /// Moré–Sorensen steps (scipy's `trust-exact`).
    pub fn exact() -> Self {
        Self::new(MoreSorensen::default())
    }
}

/// The state of [`TrustRegion`], with the solver's workspace `W`.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug)]
pub struct TrustRegionState<W> {
    /// f at the current iterate.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub value: f64,
    /// ∇f at the current iterate.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    pub grad: Vec<f64>,
    /// The radius Δ for the next iteration.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub radius: f64,
    /// ρ of the last iteration.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub ratio: f64,
    /// The last proposed step p.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    pub step: Vec<f64>,
    /// Whether the solver has seen the current iterate (what it evaluated of B there
    /// still holds).
    model_current: bool,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    x_trial: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    g_trial: Vec<f64>,
    work: W,
}

impl<W> TrustRegionState<W> {
    /// The subproblem solver's workspace (what its last solve left there).
    pub fn workspace(&self) -> &W {
        &self.work
    }
}

impl<S: SubproblemSolver> Named for TrustRegion<S> {
    fn name(&self) -> &'static str {
        S::METHOD_NAME
    }
}

impl<O: Objective + ?Sized, S: Subproblem<O>> Method<O> for TrustRegion<S> {
    type State = TrustRegionState<S::Workspace>;

    fn init(&self, obj: &Problem<'_, O>, x0: &[f64]) -> Result<(Self::State, Start), Error> {
        self.validate()?;
        let n = x0.len();
        let mut grad = vec![0.0; n];
        let value = obj.value_and_gradient(x0, &mut grad);
        let start = Start::new(value, norm(&grad));
        let state = TrustRegionState {
            value,
            grad,
            radius: self.initial_trust_radius,
            ratio: f64::NAN,
            step: vec![0.0; n],
            model_current: false,
            x_trial: vec![0.0; n],
            g_trial: vec![0.0; n],
            work: self.subproblem.workspace(n),
        };
        Ok((state, start))
    }

    fn iterate(
        &self,
        obj: &Problem<'_, O>,
        x: &mut [f64],
        s: &mut Self::State,
    ) -> Result<Step, Error> {
        let new_iterate = !s.model_current;
        s.model_current = true;
        let delta = s.radius;
        let model = Model {
            problem: obj,
            x,
            g: &s.grad,
            new_iterate,
        };
        let trial = self
            .subproblem
            .trial_step(&mut s.work, &model, delta, &mut s.step);
        let here = Step::reject(s.value, norm(&s.grad)).with(trial.event);
        if !(trial.predicted > 0.0 && s.step.iter().all(|v| v.is_finite())) {
            // scipy's "A bad approximation caused failure to predict improvement."
            return Ok(here.stopping(StopReason::NoProgress));
        }
        for ((xt, xi), pi) in s.x_trial.iter_mut().zip(x.iter()).zip(&s.step) {
            *xt = xi + pi;
        }
        let t = evaluate_trial(
            obj,
            s.value,
            &s.grad,
            &s.x_trial,
            &s.step,
            1.0,
            trial.predicted,
            &mut s.g_trial,
        );
        let rho = t.ratio;
        s.ratio = rho;
        // A NaN ρ (f undefined at the trial point) shrinks the region and is rejected.
        if rho.is_nan() || rho < 0.25 {
            s.radius *= 0.25;
        } else if rho > 0.75 && trial.hits_boundary {
            s.radius = (2.0 * s.radius).min(self.max_trust_radius);
        }
        let step = if rho > self.eta {
            x.copy_from_slice(&s.x_trial);
            s.value = t.value;
            if t.has_gradient {
                std::mem::swap(&mut s.grad, &mut s.g_trial);
            } else {
                obj.gradient(x, &mut s.grad);
            }
            s.model_current = false;
            Step::accept(s.value, norm(&s.grad)).with(trial.event)
        } else {
            here
        };
        if s.radius < f64::EPSILON * (1.0 + norm(x)) {
            return Ok(step.stopping(StopReason::TrustRegionCollapsed));
        }
        Ok(step)
    }

    fn gradient<'s>(&self, s: &'s Self::State) -> Option<&'s [f64]> {
        Some(&s.grad)
    }
}
