//! A partition of the parameters into blocks ([`Partition`]), for the block-diagonal
//! approximations: contiguous ranges, one block per layer, or one per neuron.
//!
//! A block is a list of indices into x, not necessarily contiguous: a layer's
//! parameters W̄ = [W | b] sit in x column-major ([`Layer`]), so the parameters of
//! neuron j (row j of W̄: its weights W[j, ·] and its bias b\[j\]) are
//! `offset + j`, `offset + j + outputs`, …, `offset + j + inputs·outputs`, a stride of
//! `outputs`. Within a block, the order of the indices is the order of the block's
//! rows and columns.
//!
//! ```text
//! per_layer:   one block per layer, layer.range()                (outputs·(inputs+1) each)
//! per_neuron:  one block per row j of each layer's W̄:
//!              [weight(j, 0), …, weight(j, inputs − 1), bias(j)]  (inputs + 1 each)
//! ```
//!
//! ```
//! use optim_core::Layer;
//! use second_order::curvature::partition::Partition;
//!
//! // A 2 → 3 layer (9 parameters) and a 3 → 1 layer (4 parameters).
//! let layers = [Layer { inputs: 2, outputs: 3, offset: 0 }, Layer { inputs: 3, outputs: 1, offset: 9 }];
//! let neurons = Partition::per_neuron(&layers);
//! assert_eq!(neurons.blocks()[1], [1, 4, 7]); // W[1, 0], W[1, 1], b[1]
//! assert_eq!(neurons.blocks()[3], [9, 10, 11, 12]);
//! assert_eq!(Partition::per_layer(&layers).blocks()[1], [9, 10, 11, 12]);
//! assert!(neurons.validate(13).is_ok() && neurons.validate(14).is_err()); // 13 is in no block
//! ```

use std::ops::Range;

use optim_core::{Error, Layer};

/// Blocks of indices into x that together hold every index exactly once (checked by
/// [`Partition::validate`], which the approximations call in `init`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Partition {
    blocks: Vec<Vec<usize>>,
}

impl Partition {
    /// The given blocks (validated against n when a run starts).
    pub fn new(blocks: Vec<Vec<usize>>) -> Self {
        Self { blocks }
    }

    /// One block per range: `Partition::from_ranges([0..2, 2..5])`.
    pub fn from_ranges(ranges: impl IntoIterator<Item = Range<usize>>) -> Self {
        Self::new(ranges.into_iter().map(|r| r.collect()).collect())
    }

    /// n blocks of one index each: the block-diagonal approximation is then the
    /// diagonal one.
    pub fn singletons(n: usize) -> Self {
        Self::new((0..n).map(|i| vec![i]).collect())
    }

    /// One block per layer, its `range()`.
    pub fn per_layer(layers: &[Layer]) -> Self {
        Self::from_ranges(layers.iter().map(Layer::range))
    }

    /// One block per neuron: for row j of each layer's W̄, the indices of W[j, 0], …,
    /// W[j, inputs − 1] and b\[j\], in that order (the order of ā = (a, 1)).
    pub fn per_neuron(layers: &[Layer]) -> Self {
        let mut blocks = Vec::new();
        for layer in layers {
            for j in 0..layer.outputs {
                blocks.push((0..=layer.inputs).map(|c| layer.weight(j, c)).collect());
            }
        }
        Self::new(blocks)
    }

    /// The blocks.
    pub fn blocks(&self) -> &[Vec<usize>] {
        &self.blocks
    }

    /// The number of blocks.
    pub fn len(&self) -> usize {
        self.blocks.len()
    }

    /// Whether there are no blocks.
    pub fn is_empty(&self) -> bool {
        self.blocks.is_empty()
    }

    /// The size of the largest block (0 without blocks).
    pub fn largest(&self) -> usize {
        self.blocks.iter().map(Vec::len).max().unwrap_or(0)
    }

    /// Checks that the blocks partition 0..n: no empty block, every index below n,
    /// none in two blocks (or twice in one), none missing. `Err` is
    /// [`Error::InvalidParameter`] named `"partition"`, with the offending index (the
    /// block number for an empty block) as its value.
    pub fn validate(&self, n: usize) -> Result<(), Error> {
        let refuse = |value: usize, allowed: &'static str| Error::InvalidParameter {
            name: "partition",
            value: value as f64,
            allowed,
        };
        let mut seen = vec![false; n];
        for (b, block) in self.blocks.iter().enumerate() {
            if block.is_empty() {
                return Err(refuse(b, "blocks that are not empty"));
            }
            for &i in block {
                match seen.get_mut(i) {
                    None => return Err(refuse(i, "indices below n")),
                    Some(true) => return Err(refuse(i, "each index in one block, once")),
                    Some(s) => *s = true,
                }
            }
        }
        match seen.iter().position(|s| !s) {
            Some(i) => Err(refuse(i, "every index of 0..n in some block")),
            None => Ok(()),
        }
    }
}
