//! Curvature approximations Â ≈ ∇²f(x) and the one interface they share,
//! [`Curvature`]: refresh Â at a point, solve with the damped matrix Â + λI, and
//! multiply by Â.
//!
//! A preconditioned method ([`PreconditionedDescent`](crate::PreconditionedDescent))
//! needs three operations of an approximation, with the variable names of the code:
//!
//! ```text
//! refresh(x):         Â ← the approximation at x     (every refresh_every accepted steps)
//! solve(λ, v) = s:    (Â + λI) s = v                 (the step s = (Â + λI)⁻¹ ∇f)
//! apply(v)    = Âv                                    (the model's predicted reduction)
//! ```
//!
//! | approximation | file | Â | needs | feature |
//! |---|---|---|---|---|
//! | [`HessianDiagonal`](hessian_diagonal::HessianDiagonal) | `hessian_diagonal.rs` | diag(\|hᵢᵢ\|) from the dense Hessian | [`Hessian`](optim_core::Hessian) | — |
//! | [`Hutchinson`](hutchinson::Hutchinson) | `hutchinson.rs` | diag(\|(1/m)Σ z ⊙ Hz\|), Rademacher z | [`HessianProduct`](optim_core::HessianProduct) | — |
//! | [`GaussNewtonCg`](gauss_newton::GaussNewtonCg) | `gauss_newton.rs` | G, solved by CG (Martens 2010) | [`GaussNewtonProduct`](optim_core::GaussNewtonProduct) | — |
//! | `BlockDiagonal` | `block_diagonal.rs` | the Hessian's diagonal blocks over a [`Partition`](partition::Partition) | `Hessian` | `dense` |
//! | `NeuronFisher` | `neuron_fisher.rs` | per-neuron Fisher blocks E[gⱼ² ā āᵀ] | [`Layered`](optim_core::Layered) | `dense` |
//! | `Kfac` | `kfac.rs` | Ā ⊗ Γ per layer (Martens & Grosse 2015) | `Layered` | `dense` |
//!
//! Shared pieces live in their own files, so that no file imports one that imports it
//! back: `diagonal.rs` (the |d| rule of both diagonals), `partition.rs` (index
//! blocks, per layer or per neuron), `dense_blocks.rs` (Cholesky per block with the
//! |eigenvalue| fallback), `sampling.rs` (the batches and Fisher targets of the
//! layered approximations) and `quality.rs` (the dense matrix of an approximation, its
//! relative Frobenius error, scipy's `block_diag`).
//!
//! **Configuration immutable, state explicit.** An approximation is a plain
//! configuration (`&self`); everything it learns lives in its [`Curvature::State`],
//! created by [`Curvature::init`] (which validates the configuration against the
//! problem and allocates everything once: no allocation per iteration after that).
//! Every evaluation goes through the run's counting [`Problem`], so Hessians, products
//! (Gauss–Newton products count as Hessian-vector products) and gradients are counted
//! in [`Run::evals`](optim_core::Run::evals); layer statistics are not counted.
//!
//! **Damping is the caller's.** `solve` receives λ ≥ 0 each time, so a method adapting
//! λ (Levenberg–Marquardt) never has to refresh Â; an approximation that factors
//! Â + λI keeps the factors of the last λ and refactors only when λ changes. Â itself
//! is positive semi-definite for every built-in approximation (a negative curvature is
//! replaced by its magnitude, documented per file), so Â + λI is positive definite
//! for every λ > 0; with λ = 0 a singular Â is reported as [`SingularSystem`].
//!
//! An approximation of one's own: Â = c·I for a fixed c, with nothing to refresh.
//!
//! ```
//! use optim_core::{minimize, Error, Events, FnObjective, Named, Problem, Stop, StopReason};
//! use second_order::curvature::{Curvature, SingularSystem};
//! use second_order::PreconditionedDescent;
//!
//! /// Â = c·I: preconditioned descent is then gradient descent with the step 1/(c + λ).
//! struct ScaledIdentity(f64);
//! impl Named for ScaledIdentity {
//!     fn name(&self) -> &'static str { "scaled gradient descent" }
//! }
//! impl<O: ?Sized> Curvature<O> for ScaledIdentity {
//!     type State = ();
//!     fn init(&self, _: &Problem<'_, O>, _: &[f64]) -> Result<(), Error> { Ok(()) }
//!     fn refresh(&self, _: &Problem<'_, O>, _: &[f64], _: &mut ()) -> Result<Events, Error> {
//!         Ok(Events::NONE)
//!     }
//!     fn solve(&self, _: &Problem<'_, O>, _: &[f64], _: &mut (), lambda: f64, v: &[f64], out: &mut [f64])
//!         -> Result<Events, SingularSystem> {
//!         let d = self.0 + lambda;
//!         if !(d > 0.0) { return Err(SingularSystem); }
//!         out.iter_mut().zip(v).for_each(|(o, v)| *o = v / d);
//!         Ok(Events::NONE)
//!     }
//!     fn apply(&self, _: &Problem<'_, O>, _: &[f64], _: &mut (), v: &[f64], out: &mut [f64]) {
//!         out.iter_mut().zip(v).for_each(|(o, v)| *o = self.0 * v);
//!     }
//! }
//!
//! // f = x₀² + x₁²: ∇²f = 2I, so c = 2 and λ = 0 is Newton's step, exact in one iteration.
//! let f = FnObjective::new(2, |x: &[f64]| x[0] * x[0] + x[1] * x[1],
//!                          |x: &[f64], g: &mut [f64]| { g[0] = 2.0 * x[0]; g[1] = 2.0 * x[1]; });
//! let method = PreconditionedDescent::fixed(ScaledIdentity(2.0), 0.0);
//! let run = minimize(&method, &f, &[3.0, -4.0], &Stop::after(10))?;
//! assert_eq!((run.method, run.iterations, run.stop), ("scaled gradient descent", 1, StopReason::GradientTolerance));
//! assert_eq!(run.x, [0.0, 0.0]);
//! # Ok::<(), Error>(())
//! ```
//!
//! References: J. Martens, "Deep learning via Hessian-free optimization", ICML 2010;
//! J. Martens and R. Grosse, "Optimizing neural networks with Kronecker-factored
//! approximate curvature", ICML 2015 (arXiv:1503.05671); J. Martens, "New insights and
//! perspectives on the natural gradient method", JMLR 21, 2020; each file names its own.

use optim_core::{Error, Events, Named, Problem};

#[cfg(feature = "dense")]
pub mod block_diagonal;
#[cfg(feature = "dense")]
pub(crate) mod dense_blocks;
pub mod diagonal;
pub mod gauss_newton;
pub mod hessian_diagonal;
pub mod hutchinson;
#[cfg(feature = "dense")]
pub mod kfac;
#[cfg(feature = "dense")]
pub mod neuron_fisher;
pub mod partition;
pub mod quality;
#[cfg(feature = "dense")]
pub mod sampling;

/// Â + λI could not be solved with: it is not positive definite at this λ (λ = 0 on a
/// singular Â), or Â holds a NaN or an infinity.
///
/// Not an [`Error`]: it is an outcome of the run (a method increases λ, or stops with
/// [`StopReason::NoProgress`](optim_core::StopReason::NoProgress)), never invalid input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SingularSystem;

/// A curvature approximation Â ≈ ∇²f on objectives of type `O` (see the
/// [module documentation](self)).
///
/// The [`Named`] name is the name of the preconditioned method built on it ("K-FAC"),
/// as [`Run::method`](optim_core::Run::method) reports it.
///
/// Every slice argument has length n = `problem.dim()`; `x` is the point the method
/// stands at (the point of the last refresh for the approximations that store Â,
/// possibly a later one when `refresh_every` > 1; the Hessian-free one evaluates its
/// products there).
pub trait Curvature<O: ?Sized>: Named {
    /// What the approximation keeps: Â (or what it needs to apply it), its factors and
    /// work vectors, its random stream.
    type State;

    /// Validates the configuration against the problem (an invalid one is an `Err`
    /// naming the parameter) and allocates the state, without evaluating anything.
    fn init(&self, problem: &Problem<'_, O>, x0: &[f64]) -> Result<Self::State, Error>;

    /// Computes Â at `x` into `state`, evaluating through `problem`. Reports what
    /// the trace should keep ([`Event::HessianModified`](optim_core::Event::HessianModified)
    /// when a negative curvature was replaced by its magnitude). `Err` only when the
    /// objective breaks its own contract (layer statistics of the wrong shape).
    fn refresh(
        &self,
        problem: &Problem<'_, O>,
        x: &[f64],
        state: &mut Self::State,
    ) -> Result<Events, Error>;

    /// out = (Â + λI)⁻¹ v, for λ ≥ 0. An approximation that factors keeps its factors
    /// until λ or Â changes.
    fn solve(
        &self,
        problem: &Problem<'_, O>,
        x: &[f64],
        state: &mut Self::State,
        lambda: f64,
        v: &[f64],
        out: &mut [f64],
    ) -> Result<Events, SingularSystem>;

    /// out = Â v (undamped): the curvature term of the quadratic model.
    fn apply(
        &self,
        problem: &Problem<'_, O>,
        x: &[f64],
        state: &mut Self::State,
        v: &[f64],
        out: &mut [f64],
    );
}
