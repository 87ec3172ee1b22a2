//! One step of a line-search method along its direction ([`descend`]): the tail that
//! BFGS, L-BFGS, Newton-CG, Newton with a line search, modified Newton and steepest
//! descent share.
//!
//! With the cached f(xₖ), gₖ = ∇f(xₖ) and the method's direction d:
//!
//! ```text
//! if gₖᵀd ≥ 0 or NaN:  d ← −gₖ                    (Event::DirectionReset)
//! α₀ = the method's choice, from the slope gₖᵀd
//! search along d (any LineSearch)
//! Accepted(α):   xₖ₊₁ = xₖ + αd, f and g ← f(xₖ₊₁), ∇f(xₖ₊₁)       Step::accept
//! Unbounded(α):  the same move                       Step::accept, stopping(Unbounded)
//! Failed:        xₖ₊₁ = xₖ                     Step::reject, stopping(LineSearchFailed)
//! ```
//!
//! After a move the previous point and gradient are not lost: the buffers that held
//! the search's trials are swapped with x and g (x's contents, g's buffer: the
//! gradients are the caller's `Vec`s), so they hold xₖ and gₖ and a
//! quasi-Newton caller forms sₖ = xₖ₊₁ − xₖ and yₖ = gₖ₊₁ − gₖ from them. A reset
//! direction is reported ([`Descent::reset`]) so that the caller forgets the curvature
//! memory that produced d. Allocates nothing.
//!
//! Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., Springer
//! 2006, §3.1 (line-search methods) and §3.2 (descent directions, Zoutendijk).
//!
//! ```
//! use optim_core::{FnObjective, Objective, StopReason};
//! use second_order::line_search::{descend::descend, StrongWolfe};
//! // f(x) = x₀² + 10x₁² at x = (1, 1), along d = (1, 0), an ascent direction: d is
//! // replaced by −g = (−2, −20) and the search moves x downhill.
//! let f = FnObjective::new(
//!     2,
//!     |x: &[f64]| x[0] * x[0] + 10.0 * x[1] * x[1],
//!     |x: &[f64], g: &mut [f64]| { g[0] = 2.0 * x[0]; g[1] = 20.0 * x[1]; },
//! );
//! let mut x = [1.0, 1.0];
//! let (mut fx, mut g) = (11.0, vec![2.0, 20.0]);
//! let (mut d, mut x_other, mut g_other) = ([1.0, 0.0], [0.0; 2], vec![0.0; 2]);
//! let step = descend(&StrongWolfe::default(), &f, &mut x, &mut fx, &mut g, &mut d,
//!                    &mut x_other, &mut g_other, |_slope| 1.0)?;
//! assert!(step.reset && step.step.accepted && step.step.stop.is_none());
//! assert_eq!(d, [-2.0, -20.0]);
//! assert!(fx < 11.0 && fx == f.value(&x));
//! assert_eq!((x_other, g_other), ([1.0, 1.0], vec![2.0, 20.0])); // xₖ and gₖ, kept
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::vector::{self, dot, norm};
use optim_core::{Error, Event, Objective, Step, StopReason};

use super::search::{LineSearch, Outcome};

/// What [`descend`] did.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Descent {
    /// The step to report: accepted (x moved) or rejected with
    /// [`StopReason::LineSearchFailed`], with [`Event::DirectionReset`] if d was
    /// replaced, and [`StopReason::Unbounded`] requested after an unbounded search.
    pub step: Step,
    /// Whether d was replaced by −g: the caller must forget the curvature memory that
    /// produced it (BFGS resets H to I, L-BFGS drops its pairs).
    pub reset: bool,
    /// The step length α when x moved.
    pub alpha: Option<f64>,
}

/// One line-search step from `x` along `d` (see the module documentation).
///
/// `f` and `g` are f(x) and ∇f(x) on entry and at the new point on exit; `d` may be
/// replaced by −g; `x_other` and `g_other` receive the search's trials and, after a
/// move, hold the previous x and g. `alpha0` maps the slope gᵀd (of the direction
/// actually searched) to the first trial step.
///
/// # Errors
/// Only what the search refuses: an invalid configuration or mismatched lengths.
pub fn descend<O, L>(
    search: &L,
    obj: &O,
    x: &mut [f64],
    f: &mut f64,
    g: &mut Vec<f64>,
    d: &mut [f64],
    x_other: &mut [f64],
    g_other: &mut Vec<f64>,
    alpha0: impl FnOnce(f64) -> f64,
) -> Result<Descent, Error>
where
    O: Objective + ?Sized,
    L: LineSearch + ?Sized,
{
    let mut slope = dot(g, d);
    let reset = slope >= 0.0 || slope.is_nan();
    if reset {
        for (di, gi) in d.iter_mut().zip(g.iter()) {
            *di = -gi;
        }
        slope = dot(g, d);
    }
    let event = reset.then_some(Event::DirectionReset);
    let first = alpha0(slope);
    let outcome = search.search(obj, x, d, *f, slope, first, x_other, g_other)?;
    let (accepted, stop) = match outcome {
        Outcome::Accepted(a) => (a, None),
        Outcome::Unbounded(a) => (a, Some(StopReason::Unbounded)),
        Outcome::Failed { .. } => {
            let step = Step::reject(*f, norm(g))
                .with(event)
                .stopping(StopReason::LineSearchFailed);
            return Ok(Descent {
                step,
                reset,
                alpha: None,
            });
        }
    };
    vector::swap(x, x_other);
    // The gradients trade buffers, not contents: four passes over memory fewer.
    std::mem::swap(g, g_other);
    *f = accepted.value;
    let mut step = Step::accept(*f, norm(g)).with(event);
    if let Some(reason) = stop {
        step = step.stopping(reason);
    }
    Ok(Descent {
        step,
        reset,
        alpha: Some(accepted.alpha),
    })
}
