//! Second-order optimisers: Newton and its safeguards, trust regions, quasi-Newton
//! (BFGS, L-BFGS) and truncated Newton (Newton-CG), on faer.
//!
//! Every method is an [`optim_core::Method`]: configure it with public fields and
//! struct-update syntax (`Newton { shift: 1e-12, ..Newton::damped(0.01) }`,
//! `TrustRegion { initial_trust_radius: 0.1, ..TrustRegion::exact() }`) and run it with
//! [`minimize`]. The five line-search methods share one step ([`line_search`]); the
//! trust-region methods share one driver around a subproblem solver
//! ([`trust_region`]). Dense linear algebra goes through [`linalg`], the only module
//! that names faer.
//!
//! ```
//! use second_order::{minimize, Bfgs, FnObjective, Stop, StopReason};
//! let f = FnObjective::new(
//!     1,
//!     |x: &[f64]| (x[0] - 2.0).powi(2),
//!     |x: &[f64], g: &mut [f64]| g[0] = 2.0 * (x[0] - 2.0),
//! );
//! let run = minimize(&Bfgs::default(), &f, &[0.0], &Stop::after(20).grad_tol(1e-10))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! # Ok::<(), second_order::Error>(())
//! ```
#![deny(missing_docs)]

pub mod bfgs;
pub mod curvature_scaled;
pub mod lbfgs;
pub mod levenberg;
pub mod linalg;
pub mod line_search;
pub mod modified_newton;
pub mod newton;
pub mod newton_cg;
pub mod power_iteration;
pub mod spectrum;
pub mod trust_region;

pub use bfgs::{Bfgs, BfgsState};
pub use curvature_scaled::{CurvatureScaledGd, CurvatureScaledState};
pub use lbfgs::{Lbfgs, LbfgsState};
pub use levenberg::{Levenberg, LevenbergState};
pub use line_search::{Armijo, LineSearch, StrongWolfe};
pub use modified_newton::{ModifiedNewton, ModifiedNewtonState};
pub use newton::{Newton, NewtonState};
pub use newton_cg::{NewtonCg, NewtonCgState};
pub use power_iteration::{Dominant, power_iteration};
pub use spectrum::{Spectrum, hessian_spectrum};
pub use trust_region::{
    Cauchy, Dogleg, MoreSorensen, Steihaug, Subproblem, TrustRegion, TrustRegionState,
};

// What a run needs from optim-core, so that one dependency is enough: the objective
// traits, the method contract (a method steps on a counting `Problem`, starts with a
// `Start` and reports each `Step` with its `Events`), the run loop and its outcome.
pub use optim_core::{
    self, Error, Event, Events, FnObjective, Hessian, Method, Named, Objective, Problem, Record,
    Run, Start, Step, Stop, StopReason, minimize, minimize_many,
};
