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
pub mod plateau;
pub mod projected;
pub mod projection;
pub mod schedule;
pub use clip::{
    Clip, Clipped, ClippedState, clip_grad_norm, clip_grad_norm_global, clip_grad_value, total_norm,
};
pub use ewa::{Ewa, ewa};
pub use lagrangian::{Constraint, FnConstraint, LagrangianGd, LagrangianState};
pub use plateau::{OnPlateau, PlateauMode, PlateauState, ReduceLrOnPlateau, ThresholdMode};
pub use projected::{Projected, ProjectedState};
pub use projection::{Bounds, Projection, UnitSphere};
pub use schedule::{
    Anneal, Constant, CosineAnnealingLr, ExponentialLr, LinearLr, MultiStepLr, OneCycleLr,
    PolynomialLr, Schedule, Scheduled, ScheduledState, Sequential, StepLr, warmup_cosine,
};

// --- what a run needs from optim-core, so that one dependency is enough ---
#[cfg(feature = "progress")]
pub use optim_core::ProgressBar;
pub use optim_core::{
    self, CsvLog, Error, Event, Events, Every, FiniteSum, FirstOrder, FirstOrderState, FnObjective,
    GradNorm, GradientNoise, JsonLines, Method, MiniBatch, Named, Objective, Observer, Problem,
    Progress, Record, Rng, Run, Start, Step, Stop, StopReason, check_gradient, minimize,
    minimize_many, minimize_many_each, minimize_many_with, minimize_state, minimize_with,
};

/// Everything a user of the crate needs, in one `use first_order::prelude::*`: the
/// rules, the wrappers and schedules, and the traits, run loop, observers and checks of
/// optim-core, so that first-order alone in Cargo.toml is enough.
pub mod prelude {
    #[cfg(feature = "progress")]
    pub use crate::ProgressBar;
    pub use crate::{
        AdaBelief, Adadelta, Adagrad, Adam, AdamW, Adamax, Anneal, Bounds, Clip, Clipped, Compose,
        Constant, CosineAnnealingLr, CsvLog, Error, Every, ExponentialLr, FiniteSum, FirstOrder,
        FnObjective, GradNorm, GradientNoise, JsonLines, LagrangianGd, LinearLr, Lion, Method,
        MiniBatch, MomentumForm, MultiStepLr, NAdam, Named, Objective, Observer, OnPlateau,
        OneCycleLr, PlateauMode, PolynomialLr, Progress, Projected, Projection, RAdam, Record,
        ReduceLrOnPlateau, RmsProp, Rng, Run, Schedule, Scheduled, Sequential, Sgd, StepLr, Stop,
        StopReason, ThresholdMode, UnitSphere, check_gradient, minimize, minimize_many,
        minimize_many_each, minimize_many_with, minimize_state, minimize_with, warmup_cosine,
    };
}
