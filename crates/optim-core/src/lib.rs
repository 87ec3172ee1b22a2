//! The shared vocabulary of the optimisation toolkit.
//!
//! - [`Objective`] and [`Hessian`]: what can be minimised (slices in, numbers out).
//! - [`Method`]: an immutable configuration with an explicit state, advanced one step
//!   at a time on a [`Problem`] (the objective, counting its evaluations); each step
//!   reports a [`Step`]. [`minimize`] drives a method under a [`Stop`] rule and returns
//!   a [`Run`] with its [`Trace`], its [`Evals`] and the [`StopReason`].
//! - [`FirstOrder`]: the bare in-place update `step(state, params, grad)` of a
//!   first-order rule, which is also a [`Method`] on every objective.
//! - [`minimize_many`]: many starts in parallel.
//! - [`check_gradient`], [`check_hessian`], [`check_hessian_vector_product`]: verify
//!   your own derivatives against central differences.
//! - [`GradientNoise`] and [`MiniBatch`]: stochastic gradients from exact objectives.
//! - [`Error`]: the one error type, for invalid input only.
//!
//! ```
//! use optim_core::{FnObjective, Objective, check_gradient};
//! let f = FnObjective::new(2, |x: &[f64]| x[0] * x[0] + 3.0 * x[1] * x[1],
//!                          |x: &[f64], g: &mut [f64]| { g[0] = 2.0 * x[0]; g[1] = 6.0 * x[1]; });
//! assert!(check_gradient(&f, &[1.0, -2.0])?.max_rel_error < 1e-8);
//! # Ok::<(), optim_core::Error>(())
//! ```
#![deny(missing_docs)]

mod check;
pub mod error;
mod evals;
mod event;
mod first_order;
mod method;
mod minimize;
mod objective;
mod observe;
mod problem;
mod rng;
mod run;
mod stochastic;
mod stop;
mod trace;
pub mod vector;

pub use check::{
    DerivativeCheck, RELATIVE_FLOOR, check_gradient, check_hessian, check_hessian_vector_product,
};
pub use error::Error;
pub use evals::Evals;
pub use event::{Event, Events};
pub use first_order::{FirstOrder, FirstOrderState};
pub use method::{Method, Named, Start, Step};
pub use minimize::{
    minimize, minimize_many, minimize_many_each, minimize_many_with, minimize_state, minimize_with,
};
pub use objective::{
    FnObjective, Hessian, HessianProduct, Objective, WithHessian, WithHessianProduct,
    dense_hessian_vector_product,
};
#[cfg(feature = "progress")]
pub use observe::ProgressBar;
pub use observe::{Begin, CsvLog, Every, JsonLines, Observer, Progress, Silent};
pub use problem::Problem;
pub use rng::Rng;
pub use run::Run;
pub use stochastic::{FiniteSum, GradientNoise, MiniBatch};
pub use stop::{DEFAULT_GRAD_TOL, GradNorm, Record, Stop, StopReason};
pub use trace::Trace;
