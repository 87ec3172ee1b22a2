//! What the layered approximations ([`Kfac`](super::kfac::Kfac),
//! [`NeuronFisher`](super::neuron_fisher::NeuronFisher)) share: which Fisher they
//! estimate ([`Fisher`]), and how they draw a batch and collect its layer statistics
//! from their own seeded stream.
//!
//! ```text
//! stream = Rng::new(seed), at init
//! per refresh:
//!     batch  = all N samples in order              (batch_size None or N)
//!            | B distinct samples, uniformly         (batch_size Some(B) < N: the first B
//!              without replacement                     places of a partial Fisher–Yates
//!                                                      shuffle of the previous order)
//!     targets = Targets::Sampled { seed: stream.next_u32() }      (Fisher::True)
//!             | Targets::Empirical                                  (Fisher::Empirical)
//!     Layered::layer_statistics(x, batch, targets)    → ā and g per layer, checked
//! ```
//!
//! **True or empirical Fisher.** With targets drawn from the model's own predictive
//! distribution, E[g gᵀ] is (in expectation) the factor of the Fisher information,
//! which equals the Gauss–Newton matrix for the squared error and softmax
//! cross-entropy (Martens 2020, §9); with the data's targets it is the "empirical
//! Fisher", which is not a curvature matrix in general and vanishes where the residuals
//! do (F. Kunstner, L. Balles and P. Hennig, "Limitations of the empirical Fisher
//! approximation for natural gradient descent", NeurIPS 2019). Martens & Grosse (2015,
//! §5) sample the targets: [`Fisher::True`] is the default.
//!
//! ```
//! use second_order::curvature::sampling::Fisher;
//! assert_eq!(Fisher::default(), Fisher::True);
//! ```

use optim_core::error::check_param;
use optim_core::{Error, Layer, LayerStatistics, Layered, Problem, Rng, Targets};

/// Which Fisher matrix a layered approximation estimates (see the module
/// documentation).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Fisher {
    /// Targets sampled from the model's predictive distribution
    /// ([`Targets::Sampled`]): the true Fisher, in expectation. The default, as
    /// Martens & Grosse (2015).
    #[default]
    True,
    /// The data's targets ([`Targets::Empirical`]): the empirical Fisher.
    Empirical,
}

/// Checks that the layers of a [`Layered`] objective cover 0..n with disjoint,
/// non-empty ranges.
pub(crate) fn check_layers(layers: &[Layer], n: usize) -> Result<(), Error> {
    let mut seen = vec![false; n];
    for layer in layers {
        if layer.is_empty() || layer.range().end > n {
            return Err(Error::IncompatibleParameters(
                "Layered::layers: a layer is empty or reaches beyond x",
            ));
        }
        for s in &mut seen[layer.range()] {
            if *s {
                return Err(Error::IncompatibleParameters(
                    "Layered::layers: two layers share parameters",
                ));
            }
            *s = true;
        }
    }
    if seen.iter().any(|s| !s) || layers.is_empty() {
        return Err(Error::IncompatibleParameters(
            "Layered::layers: some parameters belong to no layer",
        ));
    }
    Ok(())
}

/// Draws batches and collects their statistics (see the module documentation).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub(crate) struct Sampler {
    rng: Rng,
    order: Vec<usize>,
    batch: usize,
    fisher: Fisher,
    stats: Vec<LayerStatistics>,
}

impl Sampler {
    /// For N = `samples` samples; `batch_size` None (all) or in 1..=N.
    pub(crate) fn new(
        batch_size: Option<usize>,
        fisher: Fisher,
        seed: u32,
        samples: usize,
    ) -> Result<Self, Error> {
        if samples == 0 {
            return Err(Error::IncompatibleParameters(
                "Layered::samples is 0: there is no statistic to collect",
            ));
        }
        let batch = batch_size.unwrap_or(samples);
        check_param("batch_size", batch as f64, "in 1..=N (the samples)", |v| {
            v >= 1.0 && v <= samples as f64
        })?;
        if batch < samples && samples > u32::MAX as usize {
            return Err(Error::IncompatibleParameters(
                "batch_size below N needs N < 2³² samples",
            ));
        }
        Ok(Self {
            rng: Rng::new(seed),
            order: (0..samples).collect(),
            batch,
            fisher,
            stats: Vec::new(),
        })
    }

    /// The batch size B.
    pub(crate) fn batch(&self) -> usize {
        self.batch
    }

    /// Draws a batch and collects its statistics at x; checks their shapes against
    /// the layers. The statistics' memory is reused from the second call on.
    pub(crate) fn draw<O: Layered + ?Sized>(
        &mut self,
        problem: &Problem<'_, O>,
        x: &[f64],
    ) -> Result<&[LayerStatistics], Error> {
        let n = self.order.len();
        if self.batch < n {
            for i in 0..self.batch {
                let j = i + self.rng.below(n - i);
                self.order.swap(i, j);
            }
        }
        let targets = match self.fisher {
            Fisher::True => Targets::Sampled {
                seed: self.rng.next_u32(),
            },
            Fisher::Empirical => Targets::Empirical,
        };
        problem.layer_statistics(x, &self.order[..self.batch], targets, &mut self.stats);
        let layers = problem.layers();
        let mismatch = |what, expected, found| Error::DimensionMismatch {
            what,
            expected,
            found,
        };
        if self.stats.len() != layers.len() {
            return Err(mismatch(
                "layer_statistics (layers)",
                layers.len(),
                self.stats.len(),
            ));
        }
        for (s, layer) in self.stats.iter().zip(layers) {
            let b = self.batch;
            for (what, expected, found) in [
                ("layer_statistics.inputs", layer.inputs, s.inputs),
                ("layer_statistics.outputs", layer.outputs, s.outputs),
                ("layer_statistics.samples", b, s.samples),
                ("layer_statistics.a", (layer.inputs + 1) * b, s.a.len()),
                ("layer_statistics.g", layer.outputs * b, s.g.len()),
            ] {
                if expected != found {
                    return Err(mismatch(what, expected, found));
                }
            }
        }
        Ok(&self.stats)
    }
}
