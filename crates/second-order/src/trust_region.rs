//! Trust-region methods: the driver [`TrustRegion`] (Nocedal–Wright Algorithm 4.1, in
//! [`driver`]) around a [`Subproblem`] solver, one file each.
//!
//! At xₖ the driver asks the solver for p ≈ argmin gᵀp + ½pᵀBp subject to ‖p‖ ≤ Δ,
//! takes it when f decreases by more than η times the predicted decrease, and adapts
//! Δ ([`driver`]). The pieces both sides use are in [`trial`]: the solver traits
//! [`SubproblemSolver`] (name, parameters, workspace) and [`Subproblem<O>`](Subproblem)
//! (the step, implemented for the objectives the solver can read: `O: HessianProduct`
//! for Cauchy and Steihaug, `O: Hessian` for dogleg and Moré–Sorensen), the [`Model`]
//! it receives, the [`TrialStep`] it returns, [`boundary_intersections`] and
//! [`reduction_ratio`]. `TrustRegion<S>` runs on an objective exactly when its solver
//! does, so `TrustRegion::ncg()` runs on an objective with Hessian-vector products
//! only and `TrustRegion::exact()` refuses it at compile time.
//!
//! | solver | constructor | reads B as | objective needs | scipy |
//! |---|---|---|---|---|
//! | [`Cauchy`] ([`cauchy`]) | [`TrustRegion::cauchy`] | one H·v per iterate | `HessianProduct` | — |
//! | `Dogleg` (`dogleg`) | `TrustRegion::dogleg()` | dense H, Cholesky | `Hessian`, feature `dense` | `trust-region-dogleg` (which raises where H is indefinite) |
//! | [`Steihaug`] ([`steihaug`]) | [`TrustRegion::ncg`] | H·v products | `HessianProduct` | `trust-ncg` |
//! | `MoreSorensen` (`more_sorensen`) | `TrustRegion::exact()` | dense H, Cholesky per λ | `Hessian`, feature `dense` | `trust-exact` |
//!
//! ```
//! use landscapes::Rosenbrock;
//! use optim_core::{minimize, Stop, StopReason};
//! use second_order::TrustRegion;
//!
//! // scipy 1.17's counts on Rosenbrock from (4, −4.1) at gtol 1e-6 (tests/scipy_counts.rs).
//! let f = Rosenbrock::new();
//! let stop = Stop::after(1000).grad_tol(1e-6);
//! assert_eq!(minimize(&TrustRegion::ncg(), &f, &[4.0, -4.1], &stop)?.iterations, 35);
//! #[cfg(feature = "dense")] // the solvers that factor the dense Hessian
//! {
//!     assert_eq!(minimize(&TrustRegion::exact(), &f, &[4.0, -4.1], &stop)?.iterations, 16);
//!     assert_eq!(minimize(&TrustRegion::dogleg(), &f, &[4.0, -4.1], &stop)?.iterations, 18);
//! }
//! # Ok::<(), optim_core::Error>(())
//! ```

pub mod cauchy;
#[cfg(feature = "dense")]
pub mod dogleg;
pub mod driver;
#[cfg(feature = "dense")]
pub mod more_sorensen;
pub mod steihaug;
pub mod trial;

pub use cauchy::{Cauchy, CauchyWorkspace, cauchy_point};
#[cfg(feature = "dense")]
pub use dogleg::{Dogleg, DoglegWorkspace};
pub use driver::{TrustRegion, TrustRegionState};
#[cfg(feature = "dense")]
pub use more_sorensen::{MoreSorensen, MoreSorensenWorkspace};
pub use steihaug::{Scaling, Steihaug, SteihaugWorkspace};
pub use trial::{
    DenseWorkspace, Model, Subproblem, SubproblemSolver, TrialStep, TrialValue,
    boundary_intersections, evaluate_trial, reduction_ratio,
};
