//! Second-order optimisers: Newton and its safeguards, trust regions, quasi-Newton
//! (BFGS, L-BFGS), truncated Newton (Newton-CG), steepest descent with a line search
//! as their baseline, and preconditioned descent on
//! curvature approximations (diagonal, block-diagonal, Hessian-free Gauss–Newton,
//! K-FAC; [`curvature`], [`PreconditionedDescent`]).
//!
//! Every method is an [`optim_core::Method`]: configure it with public fields and
//! struct-update syntax (`Newton { shift: 1e-12, ..Newton::damped(0.01) }`,
//! `TrustRegion { initial_trust_radius: 0.1, ..TrustRegion::ncg() }`) and run it with
//! [`minimize`]. The six line-search methods share one step ([`line_search`]); the
//! trust-region methods share one driver around a subproblem solver
//! ([`trust_region`]).
//!
//! # One dependency
//!
//! The crate root and [`prelude`] re-export what a run needs from optim-core (the
//! objective traits, [`minimize`] and its variants, [`Stop`], [`Run`], the observers,
//! the derivative checks, [`Rng`] and the stochastic adapters), so `second-order` is
//! the only line a program needs in its `Cargo.toml`:
//!
//! ```
//! use second_order::prelude::*;
//!
//! // f(x) = (x₀ − 1)² + 10(x₁ + 2)², with its Hessian-vector product.
//! let f = FnObjective::new(
//!     2,
//!     |x: &[f64]| (x[0] - 1.0).powi(2) + 10.0 * (x[1] + 2.0).powi(2),
//!     |x: &[f64], g: &mut [f64]| {
//!         g[0] = 2.0 * (x[0] - 1.0);
//!         g[1] = 20.0 * (x[1] + 2.0);
//!     },
//! )
//! .with_hessian_product(|_: &[f64], v: &[f64], hv: &mut [f64]| {
//!     hv[0] = 2.0 * v[0];
//!     hv[1] = 20.0 * v[1];
//! });
//! assert!(check_gradient(&f, &[0.5, 0.5])?.max_rel_error < 1e-8);
//! let stop = Stop::after(100).grad_tol(1e-10);
//! for run in [
//!     minimize(&Bfgs::default(), &f, &[0.0, 0.0], &stop)?,
//!     minimize(&NewtonCg::default(), &f, &[0.0, 0.0], &stop)?,
//!     minimize(&TrustRegion::ncg(), &f, &[0.0, 0.0], &stop)?,
//! ] {
//!     assert_eq!(run.stop, StopReason::GradientTolerance, "{}", run.method);
//!     assert!((run.x[0] - 1.0).abs() < 1e-10 && (run.x[1] + 2.0).abs() < 1e-10);
//! }
//! # Ok::<(), Error>(())
//! ```
//!
//! # What each method asks of the objective
//!
//! | methods | objective | feature |
//! |---|---|---|
//! | [`Bfgs`], [`Lbfgs`] | [`Objective`] (f and ∇f) | — |
//! | [`NewtonCg`], [`CurvatureScaledGd`], `TrustRegion::cauchy()`, `TrustRegion::ncg()` | [`HessianProduct`] (∇²f·v) | — |
//! | `Newton`, `ModifiedNewton`, `Levenberg`, `TrustRegion::dogleg()`, `TrustRegion::exact()`, `hessian_spectrum` | [`Hessian`] (dense ∇²f) | `dense` |
//! | [`PreconditionedDescent`] on [`HessianDiagonal`] | [`Hessian`] | — |
//! | [`PreconditionedDescent`] on [`Hutchinson`] | [`HessianProduct`] | — |
//! | [`PreconditionedDescent`] on [`GaussNewtonCg`] (Hessian-free Gauss–Newton) | [`GaussNewtonProduct`] (G·v) | — |
//! | [`PreconditionedDescent`] on `BlockDiagonal` | [`Hessian`] | `dense` |
//! | [`PreconditionedDescent`] on `NeuronFisher`, `Kfac` | [`Layered`] (per-layer statistics) | `dense` |
//!
//! The bound is checked at compile time: a method that factors ∇²f does not compile
//! on an objective with products only. A dense Hessian implies products, so every
//! [`Hessian`] runs the Hessian-free methods too.
//!
//! # Cargo features
//!
//! - **`dense`** (default): the methods that factor or diagonalise the dense n×n
//!   Hessian (Newton, modified Newton, Levenberg, the dogleg and Moré–Sorensen
//!   trust-region solvers, `hessian_spectrum`), the curvature approximations that
//!   factor blocks (`BlockDiagonal`, `NeuronFisher`, `Kfac`) and the `linalg` module
//!   they share, on
//!   the pure-Rust faer crate. With `default-features = false` faer leaves the
//!   dependency graph (18 crates instead of 57) and a first build takes seconds
//!   instead of minutes: 13 s against 3 min 0 s, measured with
//!   `CARGO_TARGET_DIR=<empty dir> cargo build -p second-order [--no-default-features]`
//!   on two cores (the workspace's dev profile builds dependencies at opt-level 3).
//!   What stays is Hessian-free: BFGS, L-BFGS, Newton-CG, curvature-scaled GD, power
//!   iteration, the line searches, the trust region with its Cauchy and Steihaug
//!   solvers, and preconditioned descent on the diagonal approximations and
//!   Hessian-free Gauss–Newton.
//!
//!   ```toml
//!   second-order = { version = "0.1", default-features = false }
//!   ```
//!
//! # Defaults worth knowing
//!
//! Every `Default` is documented on its type and fields; these are the ones a user
//! might not guess:
//!
//! - `Newton::default()` is the **safeguarded** iteration (Armijo backtracking, −∇f
//!   where the Newton direction does not descend), not the course documents' pure step
//!   (`Newton::pure()`, `Newton::damped(η)`).
//! - [`Bfgs::default()`](Bfgs::default) starts from H₀ = I without the rescaling of
//!   Nocedal–Wright (6.20) (`scale_h0: false`), as scipy does: measured on 164
//!   problems, neither setting dominates and H₀ = I needs fewer iterations in total
//!   (the study is in [`bfgs`]).
//! - [`CurvatureScaledGd::default()`](CurvatureScaledGd::default) steps `lr` = 0.1 in
//!   units of 1/|λ|max, the notebook's value: ten times shorter than the classical 1/L step
//!   (`lr: 1.0`), and as many times slower.
//! - The line searches inside [`Lbfgs`] and [`NewtonCg`] are **not**
//!   [`StrongWolfe::default()`](StrongWolfe::default): L-BFGS allows 20 trials per
//!   search (L-BFGS-B's budget, against 100), Newton-CG steps in [1e-8, 50] (scipy's
//!   Newton-CG, against [1e-100, 1e100]). Replacing the search with
//!   `StrongWolfe { c2: 0.5, ..StrongWolfe::default() }` drops those; start from the
//!   method's own, `StrongWolfe { c2: 0.5, ..Lbfgs::default().line_search }`.
//! - [`StrongWolfe::default()`](StrongWolfe::default) switches to a derivative-only
//!   sufficient-decrease test when the predicted decrease falls below 1e-10·|f|
//!   (`derivative_only_below`), where scipy's `dcsrch` fails on rounding; set it to
//!   `None` for `dcsrch` exactly.
//! - [`Steihaug::default()`](Steihaug::default) caps CG at 2n + 10 iterations per
//!   subproblem, where scipy's trust-ncg has no cap.
//! - [`PreconditionedDescent::new`] adapts λ by Martens' rule from an **absolute**
//!   λ₀ = 1 (not relative to the curvature's scale, as `Levenberg`'s is) and judges
//!   steps on the *undamped* model gᵀp + ½pᵀÂp; `PreconditionedDescent::fixed(c, λ)`
//!   takes every step. Negative curvature in an approximation is replaced by its
//!   magnitude (|d|, |eigenvalues|), never clipped.
//! - A trust region has no `Default`: the solver is the choice to make
//!   ([`TrustRegion::ncg`], [`TrustRegion::cauchy`], and with `dense`
//!   `TrustRegion::exact()`, `TrustRegion::dogleg()`); each takes scipy's Δ₀ = 1,
//!   Δ_max = 1000, η = 0.15.
//!
//! Dense linear algebra goes through `linalg`, the only module that names faer.
#![deny(missing_docs)]

pub mod bfgs;
pub mod curvature;
pub mod curvature_scaled;
pub mod lbfgs;
#[cfg(feature = "dense")]
pub mod levenberg;
#[cfg(feature = "dense")]
pub mod linalg;
pub mod line_search;
#[cfg(feature = "dense")]
pub mod modified_newton;
#[cfg(feature = "dense")]
pub mod newton;
pub mod newton_cg;
pub mod power_iteration;
pub mod preconditioned_descent;
pub mod prelude;
#[cfg(feature = "dense")]
pub mod spectrum;
pub mod steepest_descent;
pub mod trust_region;

// The crate root holds the same list as the prelude: every method and its types, and
// what a run needs from optim-core, so that one dependency is enough. optim-core itself
// is re-exported for the rest (`second_order::optim_core::vector`).
pub use optim_core;
pub use prelude::*;
