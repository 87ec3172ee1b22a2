//! The contract of a line search: the [`LineSearch`] trait, and what a search reports,
//! [`Outcome`], with the step it found ([`Accepted`]) or why it found none
//! ([`Failure`]). Shared by every search, so that one routine
//! ([`descend`](super::descend)) can act on any of them.

use optim_core::{Error, Objective};

/// A line search: from x along a descent direction d, a step α with enough decrease.
///
/// The contract that lets [`descend`](super::descend::descend) serve every search:
/// each trial writes x + αd into `x_new`; on [`Outcome::Accepted`] and
/// [`Outcome::Unbounded`], `x_new` holds the returned step's point and `g_new` the
/// gradient there (evaluated by the search, whether it needs gradients for its own
/// tests or not), and the [`Accepted`] carries f there. Nothing is allocated.
pub trait LineSearch {
    /// Checks every parameter; `Err` names the first invalid one.
    fn validate(&self) -> Result<(), Error>;

    /// Searches along `d` from `x`, where f(x) = `f0` and ∇f(x)ᵀd = `slope0`, from the
    /// trial step `alpha0`.
    ///
    /// # Errors
    /// Only for an invalid configuration or mismatched lengths; a search that finds
    /// no step is [`Outcome::Failed`].
    fn search<O: Objective + ?Sized>(
        &self,
        obj: &O,
        x: &[f64],
        d: &[f64],
        f0: f64,
        slope0: f64,
        alpha0: f64,
        x_new: &mut [f64],
        g_new: &mut [f64],
    ) -> Result<Outcome, Error>;
}

/// The searches' common refusal before any trial: φ(0) or φ′(0) not finite, or
/// φ′(0) ≥ 0 (d not a descent direction).
pub(super) fn refuse_start(f0: f64, slope0: f64) -> Option<Outcome> {
    let reason = if !(f0.is_finite() && slope0.is_finite()) {
        Failure::NonFinite
    } else if slope0 >= 0.0 {
        Failure::NotDescent
    } else {
        return None;
    };
    Some(Outcome::Failed { reason, trials: 0 })
}

/// A step the search settled on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Accepted {
    /// The step length α.
    pub alpha: f64,
    /// φ(α) = f(x + αd).
    pub value: f64,
    /// φ′(α) = ∇f(x + αd)ᵀd.
    pub slope: f64,
    /// Trials made (evaluations of f, each with ∇f for the strong-Wolfe search).
    pub trials: usize,
}

/// Why a search failed (the `WARNING` and `ERROR` exits of `dcsrch`, and ours).
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// φ′(0) ≥ 0: d is not a descent direction.
    NotDescent,
    /// The next trial would leave the bracketing interval (rounding errors).
    RoundingErrors,
    /// The bracketing interval shrank below `xtol` relative width.
    IntervalCollapsed,
    /// The step reached the largest step left after a trial where f was NaN or
    /// infinite, and f still decreases there (at the configured `alpha_max` itself
    /// this is [`Outcome::Unbounded`] instead).
    AtMaxStep,
    /// The step reached `alpha_min` without sufficient decrease.
    AtMinStep,
    /// The trial budget was spent without an acceptable step.
    TooManyTrials,
    /// φ(0) or φ′(0) is not finite.
    NonFinite,
}

/// The result of a search: never an error, since failure is an outcome of the run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Outcome {
    /// A step satisfying the search's conditions was found; the last trial is it.
    Accepted(Accepted),
    /// f looks unbounded below along d: the search reached its largest step, or spent
    /// its trial budget extrapolating without ever bracketing a minimiser, with the
    /// last trial still satisfying φ(α) ≤ φ(0) + c₁αφ′(0) and φ′(α) ≤ c₁φ′(0). That
    /// last trial, the lowest point tried, is carried here.
    Unbounded(Accepted),
    /// No step was found; the caller keeps its point.
    Failed {
        /// Why.
        reason: Failure,
        /// Evaluations made before giving up.
        trials: usize,
    },
}
