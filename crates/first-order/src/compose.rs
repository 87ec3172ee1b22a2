//! [`Compose`]: wrapping a rule in clipping, a learning-rate schedule or a projection,
//! written in the order a reader names them.
//!
//! Each wrapper is itself a [`FirstOrder`] rule, so they nest. The gradient meets them
//! from the outside in: in `rule.scheduled(s).clipped(c)` it is clipped first, then the
//! schedule sets the rate of the step, then the rule (with its own `maximize` and
//! weight decay) moves the parameters — optax's
//! `chain(clip_by_global_norm(c), adam(learning_rate=s))`, or torch's
//! `clip_grad_norm_` → `optimizer.step()` → `scheduler.step()`.
//!
//! ```
//! use first_order::prelude::*;
//!
//! // AdamW warming up from 3e-4 to 3e-3 over 10 steps, then a cosine decay to 0 at
//! // step 100, on gradients clipped to a global norm of 1.
//! let opt = AdamW::new(3e-3)
//!     .scheduled(warmup_cosine(0.1, 10, 90, 0.0))
//!     .clipped(Clip::norm(1.0));
//! assert_eq!(opt.name(), "AdamW");
//! assert_eq!(opt.lr(), 3e-3); // the base rate of the schedule
//!
//! let mut x = vec![5.0, -5.0];
//! let mut state = opt.init_state(2)?;
//! opt.step(&mut state, &mut x, &[1000.0, -1000.0])?;
//! assert_eq!(state.last_norm, 1000.0 * 2f64.sqrt()); // seen before clipping
//! assert_eq!(state.inner.t, 1);                      // the schedule advanced
//!
//! // The same rule minimises an objective: every wrapper is a Method too.
//! let f = FnObjective::new(2, |x: &[f64]| x[0] * x[0] + x[1] * x[1],
//!                          |x: &[f64], g: &mut [f64]| { g[0] = 2.0 * x[0]; g[1] = 2.0 * x[1]; });
//! let run = minimize(&opt, &f, &[5.0, -5.0], &Stop::exactly(100))?;
//! assert!(run.value < f.value(&[5.0, -5.0]));
//! # Ok::<(), Error>(())
//! ```

use optim_core::FirstOrder;

use crate::{
    Clip, Clipped, OnPlateau, Projected, Projection, ReduceLrOnPlateau, Schedule, Scheduled,
};

/// Wrappers for any [`FirstOrder`] rule, as methods.
pub trait Compose: FirstOrder + Sized {
    /// The rule on gradients clipped by `clip` ([`Clipped`]).
    fn clipped(self, clip: Clip) -> Clipped<Self> {
        Clipped::new(self, clip)
    }
    /// The rule with its rate set by `schedule` ([`Scheduled`]); the rule's own rate
    /// is the schedule's base rate.
    fn scheduled<S: Schedule>(self, schedule: S) -> Scheduled<Self, S> {
        Scheduled::new(self, schedule)
    }
    /// The rule with its rate reduced when the observed value stops improving
    /// ([`OnPlateau`], torch's `ReduceLROnPlateau`).
    fn reduced_on_plateau(self, plateau: ReduceLrOnPlateau) -> OnPlateau<Self> {
        OnPlateau {
            optimizer: self,
            plateau,
        }
    }
    /// The rule followed by a projection onto a set ([`Projected`]).
    fn projected<P: Projection>(self, projection: P) -> Projected<Self, P> {
        Projected::new(self, projection)
    }
}

impl<T: FirstOrder> Compose for T {}
