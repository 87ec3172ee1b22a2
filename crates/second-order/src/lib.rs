//! Second-order optimisers: Newton and its safeguards, trust regions, quasi-Newton
//! (BFGS, L-BFGS) and truncated Newton (Newton-CG), on faer.
//!
//! Dense linear algebra goes through [`linalg`], the only module that names faer.
#![deny(missing_docs)]

// --- dense Newton family, trust regions, linalg (helper A) ---
pub mod cauchy;
pub mod dogleg;
pub mod levenberg;
pub mod linalg;
pub mod modified_newton;
pub mod more_sorensen;
pub mod newton;
pub mod spectrum;
pub mod steihaug;
pub mod trust_region;
pub use levenberg::{Levenberg, LevenbergState};
pub use modified_newton::{ModifiedNewton, ModifiedNewtonState};
pub use newton::{Armijo, Newton, NewtonState};
pub use spectrum::{Spectrum, hessian_spectrum};
pub use trust_region::{Subproblem, TrustRegion, TrustRegionState};

// --- line search, quasi-Newton, truncated Newton, curvature scaling (helper B) ---
pub mod bfgs;
pub mod curvature_scaled;
pub mod lbfgs;
pub mod line_search;
pub mod newton_cg;
pub mod power_iteration;
pub use bfgs::{Bfgs, BfgsState};
pub use curvature_scaled::{CurvatureScaledGd, CurvatureScaledState};
pub use lbfgs::{Lbfgs, LbfgsState};
pub use line_search::StrongWolfe;
pub use newton_cg::{NewtonCg, NewtonCgState};
pub use power_iteration::{Dominant, power_iteration};

// --- what a run needs from optim-core, so that one dependency is enough ---
pub use optim_core::{
    self, Error, FnObjective, Hessian, Objective, Record, Run, Stop, StopReason, minimize,
    minimize_many,
};
