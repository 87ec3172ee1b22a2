//! When a run ends ([`Stop`]), what it records ([`Record`]) and why it ended ([`StopReason`]).

use std::time::Duration;

use crate::Error;

/// Which iterates a run keeps in its [`Trace`](crate::Trace).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Record {
    /// Nothing: the run keeps only its final point.
    Off,
    /// x₀ and every k-th iterate (and always the last one).
    Every(usize),
    /// Every iterate.
    #[default]
    All,
}

/// Why a run ended. Never an error: each is a normal outcome to inspect.
///
/// Only the three tolerances count as convergence ([`Run::converged`](crate::Run::converged)).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopReason {
    /// ‖∇f(x)‖₂ ≤ `grad_tol`.
    GradientTolerance,
    /// |f(xₖ) − f(xₖ₋₁)| ≤ `value_tol`.
    ValueTolerance,
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
}

/// The stopping rule of a run, and what it records.
///
/// Built from [`Stop::after`] (an iteration budget) and refined with the builder
/// methods. Every tolerance is off unless set.
///
/// ```
/// use optim_core::{Record, Stop};
/// let stop = Stop::after(500).grad_tol(1e-6).record(Record::Every(10));
/// assert_eq!(stop.max_iters, Some(500));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Stop {
    /// At most this many iterations (`None`: unbounded, then `max_time` must be set).
    pub max_iters: Option<usize>,
    /// Stop when ‖∇f‖₂ ≤ this.
    pub grad_tol: Option<f64>,
    /// Stop when |f(xₖ) − f(xₖ₋₁)| ≤ this.
    pub value_tol: Option<f64>,
    /// Stop when ‖xₖ − xₖ₋₁‖₂ ≤ this on an accepted step.
    pub step_tol: Option<f64>,
    /// Stop after this much wall time (checked once per iteration).
    pub max_time: Option<Duration>,
    /// Stop with [`StopReason::Diverged`] when f exceeds this (NaN and ±∞ always stop).
    pub diverge_above: Option<f64>,
    /// Which iterates to keep.
    pub record: Record,
}

impl Default for Stop {
    /// 1000 iterations, ‖∇f‖ ≤ 1e-6, every iterate recorded.
    fn default() -> Self {
        Stop::after(1000).grad_tol(1e-6)
    }
}

impl Stop {
    /// At most `max_iters` iterations, no tolerance, every iterate recorded.
    pub fn after(max_iters: usize) -> Self {
        Self {
            max_iters: Some(max_iters),
            grad_tol: None,
            value_tol: None,
            step_tol: None,
            max_time: None,
            diverge_above: None,
            record: Record::All,
        }
    }
    /// No iteration budget: [`Stop::max_time`] must then be set.
    pub fn unbounded() -> Self {
        Self {
            max_iters: None,
            ..Self::after(0)
        }
    }
    /// Sets the gradient-norm tolerance.
    pub fn grad_tol(mut self, tol: f64) -> Self {
        self.grad_tol = Some(tol);
        self
    }
    /// Sets the value-change tolerance.
    pub fn value_tol(mut self, tol: f64) -> Self {
        self.value_tol = Some(tol);
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
