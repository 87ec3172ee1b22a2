//! The block-diagonal Hessian ([`BlockDiagonal`]) over a given partition of the
//! parameters: each diagonal block of ∇²f kept, everything between blocks dropped,
//! each damped block factored by Cholesky.
//!
//! With a [`Partition`] into blocks b (index lists, e.g.
//! [`Partition::per_layer`] or [`Partition::per_neuron`] from
//! [`Layered::layers`](optim_core::Layered::layers)):
//!
//! ```text
//! refresh(x):  H = ∇²f(x) (one dense Hessian),  B_b = H[b, b]
//!              B_b not positive semi-definite:  B_b ← Q|μ|Qᵀ  (B_b = Q diag(μ) Qᵀ)
//! solve:       s_b = (B_b + λI)⁻¹ v_b          one Cholesky per block, kept while λ is unchanged
//! apply:       (Âv)_b = B_b v_b
//! ```
//!
//! The indefinite-block rule and why it is |μ| rather than a larger λ for that block
//! are in `dense_blocks.rs`; a repair is reported as
//! [`Event::HessianModified`](optim_core::Event::HessianModified). With
//! [`Partition::singletons`] this is [`HessianDiagonal`](super::hessian_diagonal::HessianDiagonal).
//!
//! **Cost.** The blocks come from the dense Hessian, n² numbers evaluated at every
//! refresh: the analysis tool for small problems (how much of the curvature lives
//! inside layers or neurons), not a method for large ones. At scale use the blocks of
//! the Fisher built from per-sample statistics
//! ([`NeuronFisher`](super::neuron_fisher::NeuronFisher)), or K-FAC. A solve costs
//! Σ_b |b|³/3 for the factorisations when λ changed, Σ_b |b|² otherwise.
//!
//! Where ∇²f is block-diagonal over the partition and positive definite, Â = ∇²f and
//! the step with λ = 0 is Newton's. The state (the n×n Hessian, the blocks, their
//! factors) is allocated by `init`.
//!
//! ```
//! use optim_core::{minimize, FnObjective, Stop, StopReason};
//! use second_order::curvature::block_diagonal::BlockDiagonal;
//! use second_order::curvature::partition::Partition;
//! use second_order::PreconditionedDescent;
//!
//! // f = ½xᵀHx − x₀ with H = [[2, 1, 0], [1, 2, 0], [0, 0, 4]]: block-diagonal over
//! // {0, 1}, {2}, so the first step (λ = 0) is Newton's, onto x* = H⁻¹e₀ = (2/3, −1/3, 0).
//! let h = [2.0, 1.0, 0.0, 1.0, 2.0, 0.0, 0.0, 0.0, 4.0];
//! let f = FnObjective::new(
//!     3,
//!     |x: &[f64]| x[0] * x[0] + x[0] * x[1] + x[1] * x[1] + 2.0 * x[2] * x[2] - x[0],
//!     |x: &[f64], g: &mut [f64]| { g[0] = 2.0 * x[0] + x[1] - 1.0; g[1] = x[0] + 2.0 * x[1]; g[2] = 4.0 * x[2]; },
//! )
//! .with_hessian(move |_: &[f64], out: &mut [f64]| out.copy_from_slice(&h));
//! let blocks = BlockDiagonal::new(Partition::from_ranges([0..2, 2..3]));
//! let run = minimize(&PreconditionedDescent::fixed(blocks, 0.0), &f, &[1.0, 1.0, 1.0], &Stop::after(10))?;
//! assert_eq!((run.iterations, run.stop), (1, StopReason::GradientTolerance));
//! assert!((run.x[0] - 2.0 / 3.0).abs() < 1e-15 && (run.x[1] + 1.0 / 3.0).abs() < 1e-15 && run.x[2] == 0.0);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::{Error, Events, Hessian, Named, Objective, Problem};

use super::dense_blocks::DenseBlocks;
use super::partition::Partition;
use super::{Curvature, SingularSystem};

/// Â = the diagonal blocks of ∇²f over `partition`, each made positive semi-definite
/// (see the module documentation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockDiagonal {
    /// The blocks; they must partition 0..n (checked when a run starts).
    pub partition: Partition,
}

impl BlockDiagonal {
    /// The block-diagonal Hessian over `partition`.
    pub fn new(partition: Partition) -> Self {
        Self { partition }
    }
}

/// The state of [`BlockDiagonal`]: the dense Hessian of the last refresh, its blocks
/// and their factors.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug)]
pub struct BlockDiagonalState {
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    h: Vec<f64>,
    blocks: DenseBlocks,
}

impl BlockDiagonalState {
    /// Block `b` of Â (after the repair), column-major, with its indices into x.
    pub fn block(&self, b: usize) -> (&[usize], &[f64]) {
        self.blocks.block(b)
    }
    /// The number of blocks.
    pub fn blocks(&self) -> usize {
        self.blocks.len()
    }
}

impl Named for BlockDiagonal {
    fn name(&self) -> &'static str {
        "preconditioned descent (block-diagonal Hessian)"
    }
}

impl<O: Hessian + ?Sized> Curvature<O> for BlockDiagonal {
    type State = BlockDiagonalState;

    fn init(&self, problem: &Problem<'_, O>, _: &[f64]) -> Result<BlockDiagonalState, Error> {
        let n = problem.dim();
        self.partition.validate(n)?;
        let nn = n.checked_mul(n).ok_or(Error::DimensionMismatch {
            what: "dense Hessian",
            expected: usize::MAX,
            found: n,
        })?;
        Ok(BlockDiagonalState {
            h: vec![0.0; nn],
            blocks: DenseBlocks::new(&self.partition, true),
        })
    }

    fn refresh(
        &self,
        problem: &Problem<'_, O>,
        x: &[f64],
        st: &mut BlockDiagonalState,
    ) -> Result<Events, Error> {
        problem.hessian(x, &mut st.h);
        st.blocks.fill_from_dense(&st.h, x.len());
        Ok(st.blocks.repair())
    }

    fn solve(
        &self,
        _: &Problem<'_, O>,
        _: &[f64],
        st: &mut BlockDiagonalState,
        lambda: f64,
        v: &[f64],
        out: &mut [f64],
    ) -> Result<Events, SingularSystem> {
        st.blocks.solve(lambda, v, out).map(|()| Events::NONE)
    }

    fn apply(
        &self,
        _: &Problem<'_, O>,
        _: &[f64],
        st: &mut BlockDiagonalState,
        v: &[f64],
        out: &mut [f64],
    ) {
        st.blocks.apply(v, out)
    }
}
