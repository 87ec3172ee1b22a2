//! The trust-region method ([`TrustRegion`]): Nocedal–Wright Algorithm 4.1 with a choice
//! of [`Subproblem`] solver.
//!
//! With the model mₖ(p) = f(xₖ) + gᵀp + ½pᵀBp, B = ∇²f(xₖ) and radius Δₖ:
//!
//! ```text
//! pₖ ≈ argmin mₖ(p) subject to ‖p‖ ≤ Δₖ             (the subproblem solver)
//! ρₖ = (f(xₖ) − f(xₖ + pₖ)) / (mₖ(0) − mₖ(pₖ))
//! Δₖ₊₁ = Δₖ/4                   if ρₖ < 1/4
//!      = min(2Δₖ, Δ_max)        if ρₖ > 3/4 and pₖ is on the boundary
//!      = Δₖ                     otherwise
//! xₖ₊₁ = xₖ + pₖ if ρₖ > η, else xₖ                (rejected: Event::Rejected)
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
//! gradient, and the next iteration a Hessian (dense solvers) or Hessian-vector
//! products (Cauchy, Steihaug): a rejected step reuses both.
//!
//! | [`Subproblem`] | needs | scipy |
//! |---|---|---|
//! | [`Cauchy`](Subproblem::Cauchy) | one H·v per iterate | — |
//! | [`Dogleg`](Subproblem::Dogleg) | H, Cholesky | `trust-region-dogleg` (which raises where H is indefinite) |
//! | [`Steihaug`](Subproblem::Steihaug) | H·v products | `trust-ncg` |
//! | [`MoreSorensen`](Subproblem::MoreSorensen) | H, Cholesky per λ | `trust-exact` |
//!
//! Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., Springer
//! 2006, Chapter 4; scipy/optimize/_trustregion.py.
//!
//! ```
//! use landscapes::Rosenbrock;
//! use optim_core::{minimize, Stop, StopReason};
//! use second_order::TrustRegion;
//!
//! let f = Rosenbrock::new();
//! let run = minimize(&TrustRegion::exact(), &f, &[4.0, -4.1], &Stop::after(1000).grad_tol(1e-6))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! assert!(run.iterations <= 16); // scipy 1.17's trust-exact: 16
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::check_param;
use optim_core::vector::norm;
use optim_core::{Error, Event, Hessian, Method, StepInfo, StopReason};

use crate::cauchy::cauchy_point;
use crate::dogleg::Dogleg;
use crate::more_sorensen::{MoreSorensen, MoreSorensenWorkspace};
use crate::steihaug::{Steihaug, SteihaugWorkspace};

/// What a subproblem solver proposes, besides the step itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrialStep {
    /// The model decrease mₖ(0) − mₖ(p) = −(gᵀp + ½pᵀBp).
    pub predicted: f64,
    /// Whether the step is on the boundary (the radius may grow only then).
    pub hits_boundary: bool,
    /// Something the trace should keep (negative curvature, a Cauchy fallback).
    pub event: Option<Event>,
}

impl TrialStep {
    /// A step with this predicted decrease and boundary flag, and no event.
    pub fn new(predicted: f64, hits_boundary: bool) -> Self {
        Self {
            predicted,
            hits_boundary,
            event: None,
        }
    }
    /// The same step with an event.
    pub fn with_event(mut self, event: Event) -> Self {
        self.event = Some(event);
        self
    }
}

/// The two t with ‖z + t d‖ = Δ, ascending (a line–sphere intersection, computed
/// without cancellation as scipy's `get_boundaries_intersections`).
pub fn boundary_intersections(z: &[f64], d: &[f64], delta: f64) -> (f64, f64) {
    let a = optim_core::vector::dot(d, d);
    let b = 2.0 * optim_core::vector::dot(z, d);
    let c = optim_core::vector::dot(z, z) - delta * delta;
    let sqrt_discriminant = (b * b - 4.0 * a * c).max(0.0).sqrt();
    let aux = b + sqrt_discriminant.copysign(b);
    let (ta, tb) = (-aux / (2.0 * a), -2.0 * c / aux);
    if ta <= tb { (ta, tb) } else { (tb, ta) }
}

/// The ratio ρ = (f − f_trial) / predicted of actual to predicted decrease, guarded
/// against rounding: when f did not increase, both decreases get δ = 10 ε |f| added
/// (Conn, Gould and Toint, *Trust-Region Methods*, SIAM 2000, §17.4.2, who use
/// 10 ε max(1, |f|)).
///
/// Near a minimiser where f is far from 0 the actual decrease drowns in rounding
/// (f is known to ε|f| at best) while the model still predicts a decrease: unguarded,
/// ρ is noise, good steps are rejected and the radius collapses early. With δ the
/// ratio tends to 1 there. Two deviations from Conn–Gould–Toint keep the method
/// strictly monotone and scipy-exact: an increase of f is never softened (ρ < 0, the
/// step is rejected), and δ is relative to |f| alone, so on functions whose minimum
/// is 0 (Rosenbrock) the ratio is scipy's to the last bit.
///
/// ```
/// use second_order::trust_region::reduction_ratio;
/// assert!((reduction_ratio(1.0, 0.5, 1.0) - 0.5).abs() < 1e-14);
/// // f = 100 cannot show a predicted decrease of 1e-15 (its spacing is 1.4e-14):
/// // the unchanged value is accepted as agreement rather than as failure.
/// assert!(reduction_ratio(100.0, 100.0, 1e-15) > 0.99);
/// // A predicted decrease well above rounding is judged as usual.
/// assert!(reduction_ratio(100.0, 100.0, 1e-9) < 1e-3);
/// // Any increase, however small, is a failure.
/// assert!(reduction_ratio(1.0, 1.0 + 1e-15, 1e-12) < 0.0);
/// assert!(reduction_ratio(1.0, f64::NAN, 1.0).is_nan());
/// ```
pub fn reduction_ratio(f: f64, f_trial: f64, predicted: f64) -> f64 {
    let actual = f - f_trial;
    if actual < 0.0 {
        return actual / predicted;
    }
    let delta = 10.0 * f64::EPSILON * f.abs();
    (actual + delta) / (predicted + delta)
}

/// How the trust-region subproblem is solved.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Subproblem {
    /// The Cauchy point ([`crate::cauchy`]): steepest descent, globally convergent
    /// and slow.
    Cauchy,
    /// The dogleg path ([`crate::dogleg`]), falling back to the Cauchy point where H
    /// is not positive definite.
    Dogleg,
    /// Steihaug–Toint truncated CG ([`crate::steihaug`]), matrix-free.
    Steihaug(Steihaug),
    /// The nearly exact Moré–Sorensen step ([`crate::more_sorensen`]).
    MoreSorensen(MoreSorensen),
}

/// A trust-region Newton method (Nocedal–Wright Algorithm 4.1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrustRegion {
    /// The subproblem solver.
    pub subproblem: Subproblem,
    /// Δ₀ > 0. Default 1 (scipy).
    pub initial_trust_radius: f64,
    /// Δ_max ≥ Δ₀. Default 1000 (scipy).
    pub max_trust_radius: f64,
    /// Acceptance threshold η ∈ [0, 0.25): a step is taken when ρ > η. Default 0.15
    /// (scipy).
    pub eta: f64,
}

impl TrustRegion {
    /// The method with `subproblem` and scipy's defaults Δ₀ = 1, Δ_max = 1000, η = 0.15.
    pub fn new(subproblem: Subproblem) -> Self {
        Self {
            subproblem,
            initial_trust_radius: 1.0,
            max_trust_radius: 1000.0,
            eta: 0.15,
        }
    }
    /// Cauchy-point steps.
    pub fn cauchy() -> Self {
        Self::new(Subproblem::Cauchy)
    }
    /// Dogleg steps (scipy's `trust-region-dogleg`).
    pub fn dogleg() -> Self {
        Self::new(Subproblem::Dogleg)
    }
    /// Steihaug–Toint truncated-CG steps (scipy's `trust-ncg`).
    pub fn ncg() -> Self {
        Self::new(Subproblem::Steihaug(Steihaug::default()))
    }
    /// Moré–Sorensen steps (scipy's `trust-exact`).
    pub fn exact() -> Self {
        Self::new(Subproblem::MoreSorensen(MoreSorensen::default()))
    }
    /// The same method with Δ₀ = `radius`.
    pub fn with_initial_trust_radius(mut self, radius: f64) -> Self {
        self.initial_trust_radius = radius;
        self
    }
    /// The same method with Δ_max = `radius`.
    pub fn with_max_trust_radius(mut self, radius: f64) -> Self {
        self.max_trust_radius = radius;
        self
    }
    /// The same method with η = `eta`.
    pub fn with_eta(mut self, eta: f64) -> Self {
        self.eta = eta;
        self
    }

    /// Checks every parameter; `Err` names the first invalid one.
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
        match &self.subproblem {
            Subproblem::MoreSorensen(ms) => ms.validate(),
            Subproblem::Steihaug(st) => match st.max_iters {
                Some(0) => Err(Error::InvalidParameter {
                    name: "max_iters",
                    value: 0.0,
                    allowed: ">= 1",
                }),
                _ => Ok(()),
            },
            Subproblem::Cauchy | Subproblem::Dogleg => Ok(()),
        }
    }
}

/// Per-solver memory.
#[derive(Debug)]
enum Workspace {
    Cauchy { bg: Vec<f64>, gbg: Option<f64> },
    Dogleg(Dogleg),
    Steihaug(SteihaugWorkspace),
    MoreSorensen(MoreSorensenWorkspace),
}

/// The state of [`TrustRegion`].
#[derive(Debug)]
pub struct TrustRegionState {
    /// f at the current iterate.
    pub value: f64,
    /// ∇f at the current iterate.
    pub grad: Vec<f64>,
    /// The radius Δ for the next iteration.
    pub radius: f64,
    /// ρ of the last iteration.
    pub ratio: f64,
    /// The last proposed step p.
    pub step: Vec<f64>,
    h: Vec<f64>,
    h_current: bool,
    x_trial: Vec<f64>,
    work: Workspace,
}

impl<O: Hessian + ?Sized> Method<O> for TrustRegion {
    type State = TrustRegionState;

    fn name(&self) -> &'static str {
        match self.subproblem {
            Subproblem::Cauchy => "trust-region (Cauchy point)",
            Subproblem::Dogleg => "trust-region (dogleg)",
            Subproblem::Steihaug(_) => "trust-region (Steihaug CG)",
            Subproblem::MoreSorensen(_) => "trust-region (Moré–Sorensen)",
        }
    }

    fn init(&self, obj: &O, x0: &[f64]) -> Result<(TrustRegionState, StepInfo), Error> {
        self.validate()?;
        let n = x0.len();
        let mut grad = vec![0.0; n];
        let value = obj.value_and_gradient(x0, &mut grad);
        let (work, dense) = match self.subproblem {
            Subproblem::Cauchy => (
                Workspace::Cauchy {
                    bg: vec![0.0; n],
                    gbg: None,
                },
                false,
            ),
            Subproblem::Dogleg => (Workspace::Dogleg(Dogleg::new(n)), true),
            Subproblem::Steihaug(_) => (Workspace::Steihaug(SteihaugWorkspace::new(n)), false),
            Subproblem::MoreSorensen(_) => {
                (Workspace::MoreSorensen(MoreSorensenWorkspace::new(n)), true)
            }
        };
        let info = StepInfo::new(value, norm(&grad));
        let state = TrustRegionState {
            value,
            grad,
            radius: self.initial_trust_radius,
            ratio: f64::NAN,
            step: vec![0.0; n],
            h: vec![0.0; if dense { n * n } else { 0 }],
            h_current: false,
            x_trial: vec![0.0; n],
            work,
        };
        Ok((state, info))
    }

    fn step(&self, obj: &O, x: &mut [f64], s: &mut TrustRegionState) -> Result<StepInfo, Error> {
        let fresh = !s.h_current;
        if fresh && !s.h.is_empty() {
            obj.hessian(x, &mut s.h);
        }
        s.h_current = true;
        let delta = s.radius;
        let trial = match (&mut s.work, &self.subproblem) {
            (Workspace::Cauchy { bg, gbg }, _) => {
                if fresh || gbg.is_none() {
                    obj.hessian_vector_product(x, &s.grad, bg);
                    *gbg = Some(optim_core::vector::dot(&s.grad, bg));
                }
                cauchy_point(&s.grad, gbg.unwrap_or(0.0), delta, &mut s.step)
            }
            (Workspace::Dogleg(ws), _) => {
                if fresh {
                    ws.reset();
                }
                ws.solve(&s.h, &s.grad, delta, &mut s.step)
            }
            (Workspace::Steihaug(ws), Subproblem::Steihaug(cfg)) => {
                let point: &[f64] = x;
                let hv = |v: &[f64], out: &mut [f64]| obj.hessian_vector_product(point, v, out);
                cfg.solve(ws, &s.grad, hv, delta, &mut s.step)
            }
            (Workspace::MoreSorensen(ws), Subproblem::MoreSorensen(cfg)) => {
                if fresh {
                    ws.reset();
                }
                cfg.solve(ws, &s.h, &s.grad, delta, &mut s.step)
            }
            _ => unreachable!("the workspace is built from the subproblem in init"),
        };
        let here = StepInfo::new(s.value, norm(&s.grad));
        if !(trial.predicted > 0.0 && s.step.iter().all(|v| v.is_finite())) {
            // scipy's "A bad approximation caused failure to predict improvement."
            return Ok(here
                .with_event(Event::Rejected)
                .stopping(StopReason::NoProgress));
        }
        for ((xt, xi), pi) in s.x_trial.iter_mut().zip(x.iter()).zip(&s.step) {
            *xt = xi + pi;
        }
        let f_trial = obj.value(&s.x_trial);
        let rho = reduction_ratio(s.value, f_trial, trial.predicted);
        s.ratio = rho;
        // A NaN ρ (f undefined at the trial point) shrinks the region and is rejected.
        if rho.is_nan() || rho < 0.25 {
            s.radius *= 0.25;
        } else if rho > 0.75 && trial.hits_boundary {
            s.radius = (2.0 * s.radius).min(self.max_trust_radius);
        }
        let info = if rho > self.eta {
            x.copy_from_slice(&s.x_trial);
            s.value = f_trial;
            obj.gradient(x, &mut s.grad);
            s.h_current = false;
            let info = StepInfo::new(s.value, norm(&s.grad));
            info.with_event(trial.event)
        } else {
            here.with_event(Event::Rejected)
        };
        if s.radius < f64::EPSILON * (1.0 + norm(x)) {
            return Ok(info.stopping(StopReason::TrustRegionCollapsed));
        }
        Ok(info)
    }
}
