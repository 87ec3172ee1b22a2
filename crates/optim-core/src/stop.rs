//! When a run ends ([`Stop`]), what it records ([`Record`]) and why it ended ([`StopReason`]).

use std::fmt;
use std::time::Duration;

use crate::Error;

/// What a run keeps in its [`Trace`](crate::Trace).
///
/// The default, [`Record::Values`], keeps the loss curve (f, ‖∇f‖ and the evaluation
/// counts of every iteration: 64 bytes a row, whatever the dimension) but no iterate;
/// ask for [`Record::All`] or [`Record::Every`] to draw trajectories.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Record {
    /// Nothing: the run keeps only its final point.
    Off,
    /// f, ‖∇f‖ and the counts of every iteration, without the iterates.
    #[default]
    Values,
    /// x₀ and every k-th iterate with their numbers (and always the last one).
    Every(usize),
    /// Every iterate with its numbers.
    All,
}

impl Record {
    /// Whether rows carry the iterate x.
    pub fn iterates(self) -> bool {
        matches!(self, Record::Every(_) | Record::All)
    }
}

/// Which norm of the gradient the `grad_tol` test uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GradNorm {
    /// ‖∇f‖₂, the Euclidean norm (or the method's own stationarity measure, for
    /// constrained first-order rules). The default.
    #[default]
    Two,
    /// ‖∇f‖∞ = maxᵢ |∂ᵢf|, scipy's `gtol` and `pgtol` test. Needs the method to expose
    /// its gradient ([`Method::gradient`](crate::Method::gradient)); a method that does
    /// not is tested on its 2-norm measure.
    Inf,
}

/// Why a run ended. Never an error: each is a normal outcome to inspect.
///
/// Only the tolerances (and an external solver's own convergence test) count as convergence ([`Run::converged`](crate::Run::converged)).
#[non_exhaustive]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// ‖∇f(x)‖ ≤ `grad_tol`, in the norm [`Stop::grad_norm`] names.
    GradientTolerance,
    /// |f(xₖ) − f(xₖ₋₁)| ≤ `value_tol`.
    ValueTolerance,
    /// (fₖ₋₁ − fₖ)/max(|fₖ₋₁|, |fₖ|, 1) ≤ `f_rel_tol` (scipy L-BFGS-B's `ftol` test).
    RelativeValueTolerance,
    /// ‖xₖ − xₖ₋₁‖₂ ≤ `step_tol` on an accepted step.
    StepTolerance,
    /// `max_iters` iterations were made.
    MaxIterations,
    /// `max_time` elapsed.
    MaxTime,
    /// f, ∇f or x became NaN or infinite, or f exceeded `diverge_above`; the run kept
    /// the last finite iterate.
    Diverged,
    /// The line search could not satisfy its conditions within its trial budget.
    LineSearchFailed,
    /// A trust region shrank below a usable size.
    TrustRegionCollapsed,
    /// f looks unbounded below: a line search reached its largest step (or spent its
    /// trial budget extrapolating) with f still falling at least c₁ times as steeply
    /// as at the start. The run moved to the lowest point it tried.
    Unbounded,
    /// The method could not make progress for a reason of its own (a singular system).
    NoProgress,
    /// The user's callback asked to stop.
    Callback,
    /// An external solver (one of argmin's, run through `argmin-adapters`) ended by a
    /// convergence test of its own, not one of the [`Stop`] rule's: argmin's
    /// `SolverConverged`. Counted as convergence, on the solver's word.
    SolverConverged,
}

impl StopReason {
    /// Whether this is one of the tolerances: the run converged by the rule's measure.
    pub fn is_convergence(self) -> bool {
        matches!(
            self,
            StopReason::GradientTolerance
                | StopReason::ValueTolerance
                | StopReason::RelativeValueTolerance
                | StopReason::StepTolerance
                | StopReason::SolverConverged
        )
    }
}

impl fmt::Display for StopReason {
    /// A sentence, as scipy's `OptimizeResult.message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StopReason::GradientTolerance => "converged: the gradient norm is within grad_tol",
            StopReason::ValueTolerance => "converged: f changed by less than value_tol",
            StopReason::RelativeValueTolerance => {
                "converged: f changed by less than f_rel_tol relative to its size"
            }
            StopReason::StepTolerance => "converged: the step was shorter than step_tol",
            StopReason::MaxIterations => "stopped: the iteration budget max_iters is spent",
            StopReason::MaxTime => "stopped: the time budget max_time is spent",
            StopReason::Diverged => {
                "diverged: f, its gradient or x became NaN or infinite (or f exceeded \
                 diverge_above); the last finite iterate is kept"
            }
            StopReason::LineSearchFailed => {
                "failed: the line search found no acceptable step (is the gradient right?)"
            }
            StopReason::TrustRegionCollapsed => {
                "failed: the trust region shrank to nothing without an acceptable step"
            }
            StopReason::Unbounded => {
                "stopped: f appears unbounded below along the search direction"
            }
            StopReason::NoProgress => "failed: the method can make no further progress",
            StopReason::Callback => "stopped: an observer asked the run to end",
            StopReason::SolverConverged => {
                "converged: by the solver's own test (not one of the Stop rule's)"
            }
        })
    }
}

/// The stopping rule of a run, and what it records.
///
/// Built from [`Stop::after`] (an iteration budget and the default gradient tolerance)
/// or [`Stop::exactly`] (the budget alone) and refined with the builder methods, which
/// set one test each (a `Stop` is a rule, not a hyper-parameter set: builders read
/// better than struct updates here). Only the gradient tolerance has a default.
///
/// ```
/// use optim_core::{Record, Stop};
/// let stop = Stop::after(500).grad_tol(1e-8).record(Record::Every(10));
/// assert_eq!((stop.max_iters, stop.grad_tol), (Some(500), Some(1e-8)));
/// assert_eq!(Stop::after(500).grad_tol, Some(1e-6)); // the default tolerance
/// assert_eq!(Stop::exactly(500).grad_tol, None);     // a fixed-length run
/// ```
///
/// # Conventions, and scipy's
///
/// Every test is checked after each iteration, in the order documented on
/// [`minimize`](crate::minimize). By default the gradient test is on the Euclidean
/// norm, ‖∇f‖₂ ≤ `grad_tol` (for constrained first-order rules, their stationarity
/// measure). scipy tests differently, and a run can reproduce it:
///
/// | scipy | its test | here |
/// |---|---|---|
/// | BFGS, CG `gtol` | ‖∇f‖∞ ≤ gtol (default 1e-5) | `.grad_tol(gtol).grad_norm(GradNorm::Inf)` |
/// | L-BFGS-B `pgtol` | ‖proj ∇f‖∞ ≤ pgtol (1e-5; no bounds: ‖∇f‖∞) | `.grad_tol(pgtol).grad_norm(GradNorm::Inf)` |
/// | L-BFGS-B `ftol` | (fₖ − fₖ₊₁)/max(\|fₖ\|, \|fₖ₊₁\|, 1) ≤ ftol (2.2e-9) | `.f_rel_tol(ftol)` |
/// | `maxiter` | iterations | `Stop::after(maxiter)` |
///
/// ```
/// use optim_core::{GradNorm, Stop};
/// // scipy's L-BFGS-B defaults (maxiter 15000, pgtol 1e-5, ftol ≈ 2.2e-9):
/// let scipy = Stop::after(15_000).grad_tol(1e-5).grad_norm(GradNorm::Inf).f_rel_tol(2.220446049250313e-9);
/// assert_eq!(scipy.grad_norm, GradNorm::Inf);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Stop {
    /// At most this many iterations (`None`: unbounded, then `max_time` must be set).
    pub max_iters: Option<usize>,
    /// Stop when ‖∇f‖ ≤ this, in the norm `grad_norm`.
    pub grad_tol: Option<f64>,
    /// The norm of the `grad_tol` test. Default [`GradNorm::Two`].
    pub grad_norm: GradNorm,
    /// Stop when |f(xₖ) − f(xₖ₋₁)| ≤ this.
    pub value_tol: Option<f64>,
    /// Stop when (fₖ₋₁ − fₖ)/max(|fₖ₋₁|, |fₖ|, 1) ≤ this on an accepted step (scipy
    /// L-BFGS-B's `ftol`).
    pub f_rel_tol: Option<f64>,
    /// Stop when ‖xₖ − xₖ₋₁‖₂ ≤ this on an accepted step.
    pub step_tol: Option<f64>,
    /// Stop after this much wall time (checked once per iteration).
    pub max_time: Option<Duration>,
    /// Stop with [`StopReason::Diverged`] when f exceeds this (NaN and ±∞ always stop).
    pub diverge_above: Option<f64>,
    /// What the trace keeps. Default [`Record::Values`].
    pub record: Record,
}

/// The gradient tolerance of [`Stop::after`] and [`Stop::default`]: ‖∇f‖₂ ≤ 1e-6.
pub const DEFAULT_GRAD_TOL: f64 = 1e-6;

impl Default for Stop {
    /// 1000 iterations at most, ‖∇f‖₂ ≤ 1e-6, the values of every iteration recorded.
    fn default() -> Self {
        Stop::after(1000)
    }
}

impl Stop {
    /// At most `max_iters` iterations, or until ‖∇f‖₂ ≤ 1e-6 ([`DEFAULT_GRAD_TOL`];
    /// change it with [`Stop::grad_tol`]), recording the values of every iteration
    /// ([`Record::Values`]).
    pub fn after(max_iters: usize) -> Self {
        Self {
            grad_tol: Some(DEFAULT_GRAD_TOL),
            ..Self::exactly(max_iters)
        }
    }
    /// Exactly `max_iters` iterations (unless the run diverges or the method stops):
    /// no tolerance at all, as the course documents' fixed-length runs.
    pub fn exactly(max_iters: usize) -> Self {
        Self {
            max_iters: Some(max_iters),
            grad_tol: None,
            grad_norm: GradNorm::Two,
            value_tol: None,
            f_rel_tol: None,
            step_tol: None,
            max_time: None,
            diverge_above: None,
            record: Record::Values,
        }
    }
    /// No iteration budget and no tolerance: [`Stop::max_time`] must then be set.
    pub fn unbounded() -> Self {
        Self {
            max_iters: None,
            ..Self::exactly(0)
        }
    }
    /// Sets the gradient-norm tolerance.
    pub fn grad_tol(mut self, tol: f64) -> Self {
        self.grad_tol = Some(tol);
        self
    }
    /// Tests the gradient tolerance in `norm`.
    pub fn grad_norm(mut self, norm: GradNorm) -> Self {
        self.grad_norm = norm;
        self
    }
    /// Removes every tolerance, keeping the budgets: the run stops on them alone.
    pub fn without_tolerances(mut self) -> Self {
        self.grad_tol = None;
        self.value_tol = None;
        self.f_rel_tol = None;
        self.step_tol = None;
        self
    }
    /// Sets the value-change tolerance.
    pub fn value_tol(mut self, tol: f64) -> Self {
        self.value_tol = Some(tol);
        self
    }
    /// Sets the relative value-change tolerance (scipy L-BFGS-B's `ftol`).
    pub fn f_rel_tol(mut self, tol: f64) -> Self {
        self.f_rel_tol = Some(tol);
        self
    }
    /// Sets the step-length tolerance.
    pub fn step_tol(mut self, tol: f64) -> Self {
        self.step_tol = Some(tol);
        self
    }
    /// Sets the wall-time budget.
    pub fn max_time(mut self, t: Duration) -> Self {
        self.max_time = Some(t);
        self
    }
    /// Declares divergence when f exceeds `limit`.
    pub fn diverge_above(mut self, limit: f64) -> Self {
        self.diverge_above = Some(limit);
        self
    }
    /// Sets what the trace keeps.
    pub fn record(mut self, record: Record) -> Self {
        self.record = record;
        self
    }

    /// Refuses rules that can never stop or make no sense.
    pub fn validate(&self) -> Result<(), Error> {
        for (name, tol) in [
            ("grad_tol", self.grad_tol),
            ("value_tol", self.value_tol),
            ("f_rel_tol", self.f_rel_tol),
            ("step_tol", self.step_tol),
        ] {
            if let Some(t) = tol {
                if !(t >= 0.0 && t.is_finite()) {
                    return Err(Error::InvalidParameter {
                        name,
                        value: t,
                        allowed: ">= 0 and finite",
                    });
                }
            }
        }
        if let Some(limit) = self.diverge_above {
            if limit.is_nan() {
                return Err(Error::InvalidParameter {
                    name: "diverge_above",
                    value: limit,
                    allowed: "not NaN",
                });
            }
        }
        if self.record == Record::Every(0) {
            return Err(Error::InvalidStop(
                "Record::Every(0) records nothing; use Record::Off",
            ));
        }
        // A tolerance alone is not a bound: a run that oscillates or diverges slowly
        // never meets it, so one of the two budgets must be set.
        if self.max_iters.is_none() && self.max_time.is_none() {
            return Err(Error::InvalidStop(
                "neither max_iters nor max_time is set: the run might never stop",
            ));
        }
        Ok(())
    }
}
