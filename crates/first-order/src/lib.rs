//! First-order optimisers, from gradient descent to AdaBelief, exact to torch.optim.
//!
//! Every method is an [`optim_core::FirstOrder`] rule: a bare in-place
//! `step(&mut state, params, grad)` for users who compute gradients themselves, and
//! through optim-core's blanket implementation an [`optim_core::Method`] for
//! [`minimize`] on an [`Objective`]. Configurations are plain structs with torch's
//! names and defaults: write what differs, `Adam { amsgrad: true, ..Adam::new(1e-3) }`.
//! `maximize` and weight decay, which every torch rule shares, are written once in
//! [`regularization`]; clipping, schedules and projections wrap any rule
//! ([`Compose`]).
//!
//! `use first_order::prelude::*` brings every rule, wrapper and schedule and what a
//! run needs.
#![deny(missing_docs)]

mod check;
pub mod compose;
pub mod regularization;
pub use compose::Compose;
pub use regularization::{Regularization, WeightDecay};

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
    self, Error, FirstOrder, FirstOrderState, FnObjective, Method, Named, Objective, Record, Run,
    Stop, StopReason, minimize, minimize_many,
};

/// Everything a user of the crate needs, in one `use first_order::prelude::*`: the
/// rules, the wrappers and schedules, and the traits and run loop of optim-core.
pub mod prelude {
    pub use crate::{
        AdaBelief, Adadelta, Adagrad, Adam, AdamW, Adamax, Bounds, Clip, Clipped, Compose,
        Constant, CosineAnnealingLr, ExponentialLr, LagrangianGd, LinearLr, Lion, NAdam, Projected,
        Projection, RAdam, RmsProp, Schedule, Scheduled, Sequential, Sgd, StepLr, UnitSphere,
        warmup_cosine,
    };
    pub use optim_core::{
        Error, FirstOrder, FnObjective, Method, Named, Objective, Record, Run, Stop, StopReason,
        minimize, minimize_many,
    };
}
