//! The block-diagonal Fisher per neuron ([`NeuronFisher`]): for neuron j of each
//! layer, the exact Fisher block of its row of W̄ = [W | b], from per-sample layer
//! statistics, never from a Hessian.
//!
//! Neuron j of a layer s = W a + b has the parameters w̄ⱼ = (W[j, ·], b\[j\]) (row j of
//! W̄, `inputs + 1` of them, in the order of [`Partition::per_neuron`]); sample i's
//! gradient with respect to them is gᵢⱼ āᵢ, with ā = (a, 1) and gᵢⱼ = ∂ℓᵢ/∂sⱼ. The
//! Fisher block of w̄ⱼ is the expectation of its outer product:
//!
//! ```text
//! refresh(x):  a batch of B samples and their ā, g (Layered::layer_statistics, see sampling)
//!              F_j = (1/B) Σᵢ gᵢⱼ² āᵢ āᵢᵀ                 ((inputs+1)² per neuron)
//! solve:       s_j = (F_j + λI)⁻¹ v_j      one Cholesky per neuron, kept while λ is unchanged
//! apply:       (Âv)_j = F_j v_j
//! ```
//!
//! F_j is positive semi-definite by construction (a sum of squares), so no repair is
//! needed. Unlike K-FAC it is not a Kronecker approximation within the block: the
//! weights gᵢⱼ² stay with their own āᵢ. What it drops is every coupling between two
//! neurons, which K-FAC keeps (approximately) inside a layer. This is the "per-unit"
//! block-diagonal Fisher of N. Le Roux, P.-A. Manzagol and Y. Bengio ("Topmoumoute
//! online natural gradient algorithm", NeurIPS 2007) and of Y. Ollivier's unitwise
//! natural gradient ("Riemannian metrics for neural networks I", Inf. Inference 4,
//! 2015), here with the exact (not quasi-diagonal) block.
//!
//! **Cost.** A refresh costs B·Σ_l outputs_l·(inputs_l + 1)² multiply-adds and one layer
//! statistics call, a solve after a change of λ Σ_l outputs_l (inputs_l + 1)³/3: linear
//! in the number of neurons, which is what makes it usable where the dense Hessian
//! (and [`BlockDiagonal`](super::block_diagonal::BlockDiagonal) over the same
//! partition) is not. Its memory is Σ_l outputs_l (inputs_l + 1)² numbers twice (the
//! blocks and their factors), allocated by `init`; the statistics' buffers are
//! allocated by the objective at the first refresh and reused after.
//!
//! Defaults: all samples per refresh, targets sampled from the model (the true
//! Fisher, [`Fisher::True`]), seed 0. Where the loss is the squared error of a linear
//! layer and the sampled residuals have unit magnitude, F_j is that layer's Hessian
//! block Ā, and the Hessian is block-diagonal per neuron (Ā ⊗ I): the step with λ = 0
//! is Newton's (`tests/curvature.rs`).
//!
//! ```
//! use optim_core::{minimize, Layer, LayerStatistics, Layered, Objective, Stop, StopReason, Targets};
//! use second_order::curvature::neuron_fisher::NeuronFisher;
//! use second_order::curvature::sampling::Fisher;
//! use second_order::PreconditionedDescent;
//!
//! /// One linear neuron z = w·a + b, squared error ½(z − y)² averaged over 3 samples.
//! struct Line;
//! const A: [f64; 3] = [-1.0, 0.0, 2.0];
//! const Y: [f64; 3] = [1.0, 3.0, 7.0];
//! impl Objective for Line {
//!     fn dim(&self) -> usize { 2 } // x = (w, b): W̄ = [w | b], 1 × 2
//!     fn value(&self, x: &[f64]) -> f64 {
//!         (0..3).map(|i| 0.5 * (x[0] * A[i] + x[1] - Y[i]).powi(2)).sum::<f64>() / 3.0
//!     }
//!     fn gradient(&self, x: &[f64], g: &mut [f64]) {
//!         g.fill(0.0);
//!         for i in 0..3 {
//!             let r = x[0] * A[i] + x[1] - Y[i];
//!             g[0] += r * A[i] / 3.0;
//!             g[1] += r / 3.0;
//!         }
//!     }
//! }
//! impl Layered for Line {
//!     fn layers(&self) -> &[Layer] { &[Layer { inputs: 1, outputs: 1, offset: 0 }] }
//!     fn samples(&self) -> usize { 3 }
//!     fn layer_statistics(&self, x: &[f64], batch: &[usize], targets: Targets, out: &mut Vec<LayerStatistics>) {
//!         out.resize(1, LayerStatistics::default());
//!         let s = &mut out[0];
//!         (s.inputs, s.outputs, s.samples) = (1, 1, batch.len());
//!         s.a.clear();
//!         s.g.clear();
//!         for &i in batch {
//!             s.a.extend([A[i], 1.0]);
//!             s.g.push(match targets {
//!                 Targets::Empirical => x[0] * A[i] + x[1] - Y[i], // ∂ℓᵢ/∂z = z − y
//!                 Targets::Sampled { .. } => 1.0, // z − ỹ for a unit-size draw ỹ = z ∓ 1
//!             });
//!         }
//!     }
//! }
//! // F = (1/3)Σ āāᵀ = [[5/3, 1/3], [1/3, 1]] is the Hessian: one Newton step fits the
//! // line y = 2a + 3 exactly.
//! let method = PreconditionedDescent::fixed(NeuronFisher::default(), 0.0);
//! let run = minimize(&method, &Line, &[0.0, 0.0], &Stop::after(10).grad_tol(1e-12))?;
//! assert_eq!((run.iterations, run.stop), (1, StopReason::GradientTolerance));
//! assert!((run.x[0] - 2.0).abs() < 1e-14 && (run.x[1] - 3.0).abs() < 1e-14);
//! // The empirical Fisher weighs each āāᵀ by its squared residual: not the Hessian.
//! let empirical = NeuronFisher { fisher: Fisher::Empirical, ..NeuronFisher::default() };
//! let run = minimize(&PreconditionedDescent::fixed(empirical, 0.0), &Line, &[0.0, 0.0], &Stop::after(1))?;
//! assert!((run.x[0] - 2.0).abs() > 0.1);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::{Error, Events, Layered, Named, Objective, Problem};

use super::dense_blocks::DenseBlocks;
use super::partition::Partition;
use super::sampling::{Fisher, Sampler, check_layers};
use super::{Curvature, SingularSystem};

/// Â = diag over neurons of F_j = E[gⱼ² ā āᵀ] (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct NeuronFisher {
    /// Samples per refresh, in 1..=N, drawn without replacement from the method's
    /// stream; `None` (default) is all N, in order.
    pub batch_size: Option<usize>,
    /// Which Fisher: [`Fisher::True`] (default, sampled targets) or
    /// [`Fisher::Empirical`].
    pub fisher: Fisher,
    /// The seed of the stream that draws batches and target seeds. Default 0.
    pub seed: u32,
}

/// The state of [`NeuronFisher`]: the per-neuron blocks, their factors and the
/// sampler.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug)]
pub struct NeuronFisherState {
    blocks: DenseBlocks,
    sampler: Sampler,
}

impl NeuronFisherState {
    /// Block `b` of Â (the neurons of every layer in order), column-major, with its
    /// indices into x.
    pub fn block(&self, b: usize) -> (&[usize], &[f64]) {
        self.blocks.block(b)
    }
    /// The number of blocks (neurons).
    pub fn blocks(&self) -> usize {
        self.blocks.len()
    }
}

impl Named for NeuronFisher {
    fn name(&self) -> &'static str {
        "preconditioned descent (per-neuron Fisher)"
    }
}

impl<O: Layered + ?Sized> Curvature<O> for NeuronFisher {
    type State = NeuronFisherState;

    fn init(&self, problem: &Problem<'_, O>, _: &[f64]) -> Result<NeuronFisherState, Error> {
        let layers = problem.layers();
        check_layers(layers, problem.dim())?;
        let sampler = Sampler::new(self.batch_size, self.fisher, self.seed, problem.samples())?;
        Ok(NeuronFisherState {
            blocks: DenseBlocks::new(&Partition::per_neuron(layers), false),
            sampler,
        })
    }

    fn refresh(
        &self,
        problem: &Problem<'_, O>,
        x: &[f64],
        st: &mut NeuronFisherState,
    ) -> Result<Events, Error> {
        let batch = st.sampler.batch();
        let scale = 1.0 / batch as f64;
        let stats = st.sampler.draw(problem, x)?;
        let mut b = 0;
        for s in stats {
            let da = s.inputs + 1;
            for j in 0..s.outputs {
                let f = st.blocks.block_mut(b);
                f.fill(0.0);
                for i in 0..batch {
                    let a = &s.a[i * da..(i + 1) * da];
                    let w = scale * s.g[i * s.outputs + j].powi(2);
                    for (q, &aq) in a.iter().enumerate() {
                        let wq = w * aq;
                        for (fpq, &ap) in f[q * da..(q + 1) * da].iter_mut().zip(a) {
                            *fpq += wq * ap;
                        }
                    }
                }
                b += 1;
            }
        }
        st.blocks.changed();
        Ok(Events::NONE)
    }

    fn solve(
        &self,
        _: &Problem<'_, O>,
        _: &[f64],
        st: &mut NeuronFisherState,
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
        st: &mut NeuronFisherState,
        v: &[f64],
        out: &mut [f64],
    ) {
        st.blocks.apply(v, out)
    }
}
