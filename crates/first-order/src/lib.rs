//! First-order optimisers, from gradient descent to AdaBelief, exact to torch.optim.
//!
//! Every method is an [`Optimizer`] (a bare in-place `step(&mut state, params, grad)`
//! for users who compute gradients themselves) and an [`optim_core::Method`] (for
//! [`optim_core::minimize`] on an [`optim_core::Objective`]).
#![deny(missing_docs)]

mod check;
pub mod optimizer;
pub use optimizer::{Optimizer, Stepper};

// --- torch.optim methods (one file each) ---
pub mod sgd;
pub use sgd::{MomentumForm, Sgd, SgdState};
pub mod adabelief;
pub mod adadelta;
pub mod adagrad;
pub mod adam;
pub mod adamax;
pub mod adamw;
pub mod lion;
pub mod nadam;
pub mod radam;
pub mod rmsprop;
pub use adabelief::{AdaBelief, AdaBeliefState};
pub use adadelta::{Adadelta, AdadeltaState};
pub use adagrad::{Adagrad, AdagradState};
pub use adam::{Adam, AdamState};
pub use adamax::{Adamax, AdamaxState};
pub use adamw::AdamW;
pub use lion::{Lion, LionState};
pub use nadam::{NAdam, NAdamState};
pub use radam::{RAdam, RAdamState};
pub use rmsprop::{RmsProp, RmsPropState};

// --- constrained descent, schedules, clipping, utilities ---
pub mod clip;
pub mod ewa;
pub mod lagrangian;
pub mod projected;
pub mod projection;
pub mod schedule;
pub use clip::{
    Clip, Clipped, ClippedState, clip_grad_norm, clip_grad_norm_global, clip_grad_value, total_norm,
};
pub use ewa::{Ewa, ewa};
pub use lagrangian::{Constraint, FnConstraint, LagrangianGd, LagrangianState};
pub use projected::{Projected, ProjectedState};
pub use projection::{Bounds, Projection, UnitSphere};
pub use schedule::{
    Constant, CosineAnnealingLr, ExponentialLr, LinearLr, Schedule, Scheduled, ScheduledState,
    Sequential, StepLr, warmup_cosine,
};

// --- what a run needs from optim-core, so that one dependency is enough ---
pub use optim_core::{
    self, Error, FnObjective, Objective, Record, Run, Stop, StopReason, minimize, minimize_many,
};
