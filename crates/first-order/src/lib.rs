//! First-order optimisers, from gradient descent to AdaBelief, exact to torch.optim.
//!
//! Every method is an [`Optimizer`] (a bare in-place `step(&mut state, params, grad)`
//! for users who compute gradients themselves) and an [`optim_core::Method`] (for
//! [`optim_core::minimize`] on an [`optim_core::Objective`]).
#![deny(missing_docs)]

pub mod optimizer;
pub use optimizer::{Optimizer, Stepper};

// --- torch.optim methods (one file each) ---
pub mod sgd;
pub use sgd::{MomentumForm, Sgd, SgdState};

// --- constrained descent, schedules, clipping, utilities ---
