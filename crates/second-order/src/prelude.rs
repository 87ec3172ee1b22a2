//! Everything a user of the crate needs, in one `use second_order::prelude::*`: every
//! method with its configuration and state types, the line searches, the trust-region
//! solvers, and from optim-core the objective traits, the run loop, its stopping rule,
//! its outcome, the observers, the derivative checks and the stochastic adapters. The
//! crate root re-exports the same list, so that a program depending on second-order
//! alone never names optim-core in its `Cargo.toml`.
//!
//! ```
//! use second_order::prelude::*;
//!
//! let f = FnObjective::new(1, |x: &[f64]| (x[0] - 2.0).powi(2), |x: &[f64], g: &mut [f64]| {
//!     g[0] = 2.0 * (x[0] - 2.0)
//! });
//! let (run, state) = minimize_state(&Bfgs::default(), &f, &[0.0], &Stop::after(50))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! assert!((state.h()[0] - 0.5).abs() < 1e-12); // BFGS's H ≈ ∇²f⁻¹ = 1/2 (scipy's hess_inv)
//! # Ok::<(), Error>(())
//! ```

// The methods (one file each), their configurations and states.
pub use crate::bfgs::{Bfgs, BfgsState};
pub use crate::curvature_scaled::{CurvatureScaledGd, CurvatureScaledState};
pub use crate::lbfgs::{Lbfgs, LbfgsState};
#[cfg(feature = "dense")]
pub use crate::levenberg::{Levenberg, LevenbergState};
#[cfg(feature = "dense")]
pub use crate::modified_newton::{ModifiedNewton, ModifiedNewtonState};
#[cfg(feature = "dense")]
pub use crate::newton::{Newton, NewtonState};
pub use crate::newton_cg::{Forcing, NegativeCurvature, NewtonCg, NewtonCgState};
pub use crate::power_iteration::{Dominant, power_iteration};
pub use crate::preconditioned_descent::{
    LevenbergMarquardt, PreconditionedDescent, PreconditionedState,
};
#[cfg(feature = "dense")]
pub use crate::spectrum::{Spectrum, hessian_spectrum};
pub use crate::steepest_descent::{SteepestDescent, SteepestDescentState};

// The curvature approximations of preconditioned descent (one file each under
// `curvature/`), their interface and the tools to measure them.
#[cfg(feature = "dense")]
pub use crate::curvature::block_diagonal::{BlockDiagonal, BlockDiagonalState};
pub use crate::curvature::gauss_newton::{GaussNewtonCg, GaussNewtonCgState};
pub use crate::curvature::hessian_diagonal::{HessianDiagonal, HessianDiagonalState};
pub use crate::curvature::hutchinson::{Hutchinson, HutchinsonState};
#[cfg(feature = "dense")]
pub use crate::curvature::kfac::{Kfac, KfacState};
#[cfg(feature = "dense")]
pub use crate::curvature::neuron_fisher::{NeuronFisher, NeuronFisherState};
pub use crate::curvature::partition::Partition;
pub use crate::curvature::quality::{
    DenseMatrix, approximation_at, block_diag, dense_matrix, relative_frobenius_error,
};
#[cfg(feature = "dense")]
pub use crate::curvature::sampling::Fisher;
pub use crate::curvature::{Curvature, SingularSystem};

// The line searches.
pub use crate::line_search::{Armijo, LineSearch, Outcome, StrongWolfe};

// The trust region, its solvers and the traits a solver of one's own implements.
pub use crate::trust_region::{
    Cauchy, Model, Steihaug, Subproblem, SubproblemSolver, TrialStep, TrustRegion, TrustRegionState,
};
#[cfg(feature = "dense")]
pub use crate::trust_region::{Dogleg, MoreSorensen};

// From optim-core: objectives (with the curvature vocabulary: Gauss–Newton products and
// layered models), the method contract, the run loop and its outcome, observers,
// checks, randomness and stochastic adapters.
pub use optim_core::{
    Begin, CsvLog, DEFAULT_GRAD_TOL, DerivativeCheck, Error, Evals, Event, Events, Every,
    FiniteSum, FnObjective, GaussNewtonProduct, GradNorm, GradientNoise, Hessian, HessianProduct,
    JsonLines, Layer, LayerStatistics, Layered, Method, MiniBatch, Named, Objective, Observer,
    Problem, Progress, Record, Rng, Run, Start, Step, Stop, StopReason, Targets, Trace,
    WithHessian, WithHessianProduct, check_gradient, check_hessian, check_hessian_vector_product,
    dense_hessian_vector_product, minimize, minimize_many, minimize_many_each, minimize_many_with,
    minimize_state, minimize_with,
};
