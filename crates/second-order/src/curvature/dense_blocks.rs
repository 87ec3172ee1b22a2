//! What the two block-diagonal approximations share (`DenseBlocks`): one dense
//! symmetric matrix per block of a [`Partition`], the |eigenvalue| repair of an
//! indefinite block, and the damped solve by one Cholesky factorisation per block.
//!
//! ```text
//! repair (Hessian blocks):  B = Q diag(μ) Qᵀ with some μᵢ < 0  →  B ← Q diag(|μ|) Qᵀ
//! solve:   per block, s_b = (B + λI)⁻¹ v_b     Cholesky of B + λI, kept while λ is unchanged
//! apply:   per block, (Âv)_b = B v_b
//! ```
//!
//! The |eigenvalue| rule is the block form of the diagonal's |d| (a 1×1 block is its
//! diagonal entry's magnitude), the saddle-free Newton matrix |H| of Dauphin et al.
//! (NeurIPS 2014) on each block: the same curvature magnitudes, every direction
//! downhill, Â independent of λ (so a Levenberg–Marquardt λ never changes the model,
//! only the damping). The alternative, raising λ for the failing block until its
//! Cholesky succeeds, makes Â depend on λ and keeps the sign problem for every λ
//! below |μ_min|. A block is tested by a Cholesky factorisation at λ = 0 first, so the
//! eigendecomposition is paid only for blocks that are not positive definite.
//!
//! The memory (every block, its factor, an eigen workspace per block size, the
//! gather buffers) is allocated by `DenseBlocks::new`; nothing afterwards.
//!
//! Seen through [`BlockDiagonal`](super::block_diagonal::BlockDiagonal): the block
//! [[1, 2], [2, 1]] has eigenvalues 3 and −1 along (1, ±1)/√2, so |B| = [[2, 1], [1, 2]].
//!
//! ```
//! use optim_core::FnObjective;
//! use second_order::curvature::block_diagonal::BlockDiagonal;
//! use second_order::curvature::partition::Partition;
//! use second_order::curvature::quality::approximation_at;
//!
//! let f = FnObjective::new(2, |x: &[f64]| 0.5 * (x[0] * x[0] + x[1] * x[1]) + 2.0 * x[0] * x[1],
//!                          |x: &[f64], g: &mut [f64]| { g[0] = x[0] + 2.0 * x[1]; g[1] = 2.0 * x[0] + x[1]; })
//!     .with_hessian(|_: &[f64], h: &mut [f64]| h.copy_from_slice(&[1.0, 2.0, 2.0, 1.0]));
//! let a = approximation_at(&BlockDiagonal::new(Partition::from_ranges([0..2])), &f, &[0.0, 0.0])?;
//! assert!(a.iter().zip([2.0, 1.0, 1.0, 2.0]).all(|(a, b)| (a - b).abs() < 1e-14));
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::{Event, Events};

use super::SingularSystem;
use super::partition::Partition;
use crate::linalg::{Cholesky, SymmetricEigenvectors};

/// Dense blocks over a partition (see the module documentation).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug)]
pub(crate) struct DenseBlocks {
    indices: Vec<Vec<usize>>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vecs"))]
    blocks: Vec<Vec<f64>>,
    factors: Vec<Cholesky>,
    /// The λ the factors hold, if all are factored.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::option"))]
    factored: Option<f64>,
    /// One eigen workspace per distinct block size, when repairs are wanted.
    eigen: Vec<SymmetricEigenvectors>,
    eigen_of_block: Vec<usize>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    gathered: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    product: Vec<f64>,
}

impl DenseBlocks {
    /// Zero blocks over `partition` (already validated), with the eigen workspaces of
    /// the |eigenvalue| repair if `repair`.
    pub(crate) fn new(partition: &Partition, repair: bool) -> Self {
        let indices = partition.blocks().to_vec();
        let blocks = indices
            .iter()
            .map(|b| vec![0.0; b.len() * b.len()])
            .collect();
        let factors = indices.iter().map(|b| Cholesky::new(b.len())).collect();
        let mut sizes: Vec<usize> = Vec::new();
        let mut eigen_of_block = Vec::new();
        if repair {
            for b in &indices {
                let k = match sizes.iter().position(|&s| s == b.len()) {
                    Some(k) => k,
                    None => {
                        sizes.push(b.len());
                        sizes.len() - 1
                    }
                };
                eigen_of_block.push(k);
            }
        }
        let largest = partition.largest();
        Self {
            blocks,
            factors,
            factored: None,
            eigen: sizes
                .iter()
                .map(|&s| SymmetricEigenvectors::new(s))
                .collect(),
            eigen_of_block,
            gathered: vec![0.0; largest],
            product: vec![0.0; largest],
            indices,
        }
    }

    /// The number of blocks.
    pub(crate) fn len(&self) -> usize {
        self.blocks.len()
    }

    /// Block `b`, column-major, with its indices into x.
    pub(crate) fn block(&self, b: usize) -> (&[usize], &[f64]) {
        (&self.indices[b], &self.blocks[b])
    }

    /// Block `b`, to be written (then call [`DenseBlocks::changed`] or
    /// [`DenseBlocks::repair`]).
    pub(crate) fn block_mut(&mut self, b: usize) -> &mut [f64] {
        &mut self.blocks[b]
    }

    /// Copies every block out of a dense n×n column-major `h`.
    pub(crate) fn fill_from_dense(&mut self, h: &[f64], n: usize) {
        for (idx, block) in self.indices.iter().zip(&mut self.blocks) {
            let k = idx.len();
            for (q, &j) in idx.iter().enumerate() {
                for (p, &i) in idx.iter().enumerate() {
                    block[q * k + p] = h[j * n + i];
                }
            }
        }
        self.factored = None;
    }

    /// The blocks were rewritten: the factors are stale.
    pub(crate) fn changed(&mut self) {
        self.factored = None;
    }

    /// Replaces every block that is not positive semi-definite by Q|μ|Qᵀ; reports
    /// [`Event::HessianModified`] if an eigenvalue was negative beyond rounding
    /// (below −k·ε·max|μ| for a k×k block). Leaves the factors at λ = 0 when every
    /// block was positive definite.
    pub(crate) fn repair(&mut self) -> Events {
        let mut events = Events::NONE;
        let mut all_factored = true;
        for b in 0..self.blocks.len() {
            if self.factors[b].factor(&self.blocks[b], 0.0).is_ok() {
                continue;
            }
            all_factored = false;
            let k = self.indices[b].len();
            let block = &mut self.blocks[b];
            if block.iter().any(|v| !v.is_finite()) {
                continue; // solve will report it as singular
            }
            let (mu, q) = self.eigen[self.eigen_of_block[b]].compute(block);
            let largest = mu.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            let smallest = mu.iter().copied().fold(f64::INFINITY, f64::min);
            if smallest >= 0.0 {
                continue; // positive semi-definite and singular: nothing to repair
            }
            if smallest < -(k as f64) * f64::EPSILON * largest {
                events.insert(Event::HessianModified);
            }
            for j in 0..k {
                for i in 0..k {
                    block[j * k + i] = (0..k)
                        .map(|m| mu[m].abs() * q[m * k + i] * q[m * k + j])
                        .sum();
                }
            }
        }
        self.factored = all_factored.then_some(0.0);
        events
    }

    /// out = (Â + λI)⁻¹ v, block by block, refactoring when λ or the blocks changed.
    pub(crate) fn solve(
        &mut self,
        lambda: f64,
        v: &[f64],
        out: &mut [f64],
    ) -> Result<(), SingularSystem> {
        if self.factored != Some(lambda) {
            self.factored = None;
            for (factor, block) in self.factors.iter_mut().zip(&self.blocks) {
                factor.factor(block, lambda).map_err(|_| SingularSystem)?;
            }
            self.factored = Some(lambda);
        }
        for (idx, factor) in self.indices.iter().zip(&self.factors) {
            let g = &mut self.gathered[..idx.len()];
            for (gi, &i) in g.iter_mut().zip(idx) {
                *gi = v[i];
            }
            factor.solve_in_place(g);
            for (gi, &i) in g.iter().zip(idx) {
                out[i] = *gi;
            }
        }
        Ok(())
    }

    /// out = Â v, block by block.
    pub(crate) fn apply(&mut self, v: &[f64], out: &mut [f64]) {
        for (idx, block) in self.indices.iter().zip(&self.blocks) {
            let k = idx.len();
            let g = &mut self.gathered[..k];
            for (gi, &i) in g.iter_mut().zip(idx) {
                *gi = v[i];
            }
            let p = &mut self.product[..k];
            crate::linalg::mat_vec(block, g, p);
            for (pi, &i) in p.iter().zip(idx) {
                out[i] = *pi;
            }
        }
    }
}
