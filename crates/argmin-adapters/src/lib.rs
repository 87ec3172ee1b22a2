//! The toolkit and [argmin](https://argmin-rs.org) 0.11, both ways.
//!
//! - **Our problems in argmin's solvers**: [`ArgminProblem`] makes any
//!   [`optim_core::Objective`] an argmin `CostFunction` + `Gradient` (+ `Hessian` for an
//!   [`optim_core::Hessian`]) on argmin-math's `vec` backend; [`NalgebraProblem`](crate::nalgebra::NalgebraProblem)
//!   does the same on nalgebra vectors, for argmin's `Newton` and `Dogleg`, which invert
//!   the Hessian.
//! - **Our methods in argmin's `Executor`**: [`InArgmin`] makes any [`optim_core::Method`]
//!   an argmin `Solver`, evaluating through argmin's problem ([`ArgminObjective`]) so
//!   that argmin's counts, observers, `max_iters`, timer and timeout apply.
//! - **argmin's runs as ours**: [`minimize_argmin`] runs an argmin solver under our
//!   [`optim_core::Stop`] with one stopping test for every solver ([`CommonStop`]) and
//!   returns our [`optim_core::Run`], trace included, so that figures and tables treat
//!   both libraries alike.
//!
//! argmin's checkpointing works with [`InArgmin`] through [`MemoryCheckpoint`], which
//! clones the solver and its state: a run that fails or is interrupted resumes where
//! it was saved. argmin's file checkpoint serialises the solver with serde, which our
//! methods' states do not implement yet.
//!
//! ```
//! use argmin::core::{Executor, State};
//! use argmin::solver::linesearch::MoreThuenteLineSearch;
//! use argmin::solver::quasinewton::BFGS;
//! use argmin_adapters::{ArgminProblem, InArgmin};
//! use landscapes::{Landscape, Rosenbrock};
//! use second_order::Bfgs;
//!
//! let f = Rosenbrock::new();
//! // argmin's BFGS on our Rosenbrock ...
//! let theirs = Executor::new(ArgminProblem(&f), BFGS::new(MoreThuenteLineSearch::new()))
//!     .configure(|s| s.param(f.start()).inv_hessian(vec![vec![1.0, 0.0], vec![0.0, 1.0]]).max_iters(200))
//!     .run()?;
//! // ... and ours inside argmin's Executor, on the same problem.
//! let ours = Executor::new(ArgminProblem(&f), InArgmin::new(Bfgs::default()))
//!     .configure(|s| s.param(f.start()).max_iters(200))
//!     .run()?;
//! for x in [theirs.state().get_best_param().unwrap(), ours.state().get_best_param().unwrap()] {
//!     assert!((x[0] - 1.0).abs() < 1e-5 && (x[1] - 1.0).abs() < 1e-5);
//! }
//! # Ok::<(), argmin::core::Error>(())
//! ```
#![deny(missing_docs)]

mod bridge;
mod checkpoint;
pub mod nalgebra;
mod param;
mod problem;
mod run;
mod solver;
pub mod solvers;

pub use bridge::ArgminObjective;
pub use checkpoint::MemoryCheckpoint;
pub use param::Param;
pub use problem::{ArgminHessianFree, ArgminProblem, Counted, HessianAt, argmin_evals};
pub use run::{ArgminRun, CommonStop, MaybeGradient, minimize_argmin};
pub use solver::{InArgmin, VecState};

/// argmin itself, at the version the adapters are built against.
pub use argmin;
