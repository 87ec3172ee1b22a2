//! What curvature approximations ask of an objective beyond its Hessian: products with
//! the Gauss–Newton matrix ([`GaussNewtonProduct`]) and, for layered models such as
//! neural networks, the per-layer statistics of Kronecker-factored curvature
//! ([`Layered`], K-FAC).
//!
//! # The objectives these describe
//!
//! f(x) = (1/N) Σᵢ ℓ(F(x; dᵢ), yᵢ): a model F with parameters x maps the input dᵢ of
//! sample i to outputs zᵢ, and a loss ℓ compares them with the target yᵢ. With Jᵢ the
//! Jacobian ∂zᵢ/∂x and Hᵢ = ∂²ℓ/∂z² at zᵢ, the **Gauss–Newton matrix** is
//!
//! ```text
//! G(x) = (1/N) Σᵢ Jᵢᵀ Hᵢ Jᵢ
//! ```
//!
//! the Hessian without the terms in the model's second derivatives. It is positive
//! semi-definite whenever ℓ is convex in z, and it equals the Hessian where every
//! residual vanishes. For the squared error ½‖z − y‖² and for softmax cross-entropy it
//! is also the Fisher information of the model's predictive distribution (Martens,
//! "New insights and perspectives on the natural gradient method", JMLR 2020, §9).
//!
//! # Layers and their statistics (K-FAC)
//!
//! A dense layer computes s = W a + b from its input a; its parameters sit in x as the
//! block W̄ = [W | b] (`outputs × (inputs + 1)`) in **column-major** order: W's columns
//! one after the other, then b ([`Layer`] gives the indices). With ā = (a, 1) and
//! gᵢ = ∂ℓᵢ/∂s the gradient of one sample's loss with respect to the layer's
//! pre-activations, the layer's gradient is ∇_W̄ f = (1/N) Σᵢ gᵢ āᵢᵀ, and its block of
//! the Fisher matrix is E[vec(g āᵀ) vec(g āᵀ)ᵀ] = E[(ā āᵀ) ⊗ (g gᵀ)] (column-major vec).
//! K-FAC (Martens and Grosse, ICML 2015) approximates that expectation of a Kronecker
//! product by the Kronecker product of expectations, Ā ⊗ Γ with Ā = E[ā āᵀ] and
//! Γ = E[g gᵀ]; [`Layered::layer_statistics`] returns the āᵢ and gᵢ of a batch, for the
//! data's targets (the empirical Fisher) or for targets drawn from the model's own
//! predictive distribution (the true Fisher, in expectation).

use std::ops::Range;

use crate::Objective;

/// An objective whose Gauss–Newton matrix G(x) (see the [module documentation](self))
/// can be applied to a vector.
pub trait GaussNewtonProduct: Objective {
    /// G(x)·v into `gv` (every argument of length n).
    fn gauss_newton_vector_product(&self, x: &[f64], v: &[f64], gv: &mut [f64]);
}

/// A dense layer s = W a + b: where its parameters W̄ = [W | b] sit in x, column-major.
///
/// ```
/// use optim_core::Layer;
/// let layer = Layer { inputs: 2, outputs: 3, offset: 10 };
/// assert_eq!(layer.len(), 9); // 3 × (2 + 1)
/// assert_eq!(layer.weight(1, 0), 11); // W[1, 0]: column 0, row 1
/// assert_eq!(layer.weight(0, 1), 13); // W[0, 1]: column 1, row 0
/// assert_eq!(layer.bias(2), 18); // b[2]: the last column
/// assert_eq!(layer.range(), 10..19);
/// ```
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Layer {
    /// Length of the layer's input a.
    pub inputs: usize,
    /// Length of its pre-activation s (and of b).
    pub outputs: usize,
    /// Index in x of W[0, 0], the first of the layer's `len()` parameters.
    pub offset: usize,
}

impl Layer {
    /// outputs × (inputs + 1): the number of parameters, W and b.
    pub fn len(&self) -> usize {
        self.outputs * (self.inputs + 1)
    }
    /// Whether the layer has no parameters (no outputs).
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
    /// The layer's parameters in x.
    pub fn range(&self) -> Range<usize> {
        self.offset..self.offset + self.len()
    }
    /// The index in x of W[row, column] (row < outputs, column < inputs).
    pub fn weight(&self, row: usize, column: usize) -> usize {
        self.offset + column * self.outputs + row
    }
    /// The index in x of b\[row\]: column `inputs` of W̄.
    pub fn bias(&self, row: usize) -> usize {
        self.weight(row, self.inputs)
    }
}

/// For which targets [`Layered::layer_statistics`] back-propagates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Targets {
    /// The data's own targets yᵢ: E[g gᵀ] is then the empirical Fisher's factor.
    Empirical,
    /// Targets drawn from the model's predictive distribution at x (a class from the
    /// softmax; z + ε with ε ~ N(0, I) for the squared error), from `Rng::new(seed)`:
    /// E[g gᵀ] is then the true Fisher's factor, in expectation. Callers that average
    /// over many calls pass a different seed each time.
    Sampled {
        /// The seed of the draw.
        seed: u32,
    },
}

/// The per-sample statistics of one layer over a batch of B samples.
///
/// `a` is ā = (a, 1) per sample, (inputs + 1) × B column-major (sample k's column
/// starts at k·(inputs + 1), and its last entry is 1); `g` is gᵢ = ∂ℓᵢ/∂s per sample,
/// outputs × B column-major, the gradient of that sample's own loss (not divided by N
/// or B). Then Ā = (1/B)·Σ ā āᵀ and Γ = (1/B)·Σ g gᵀ are K-FAC's factors, and
/// (1/B)·Σ g āᵀ is the layer's gradient over the batch (with [`Targets::Empirical`]).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LayerStatistics {
    /// Length of the layer's input a.
    pub inputs: usize,
    /// Length of its pre-activation s.
    pub outputs: usize,
    /// B, the samples of the batch.
    pub samples: usize,
    /// ā per sample, (inputs + 1) × B, column-major.
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::vec"))]
    pub a: Vec<f64>,
    /// ∂ℓᵢ/∂s per sample, outputs × B, column-major.
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::vec"))]
    pub g: Vec<f64>,
}

/// A model made of dense layers, which can report the per-layer statistics K-FAC
/// needs (see the [module documentation](self)).
pub trait Layered: Objective {
    /// The layers, in order from input to output; their parameter ranges are disjoint
    /// and together cover x.
    fn layers(&self) -> &[Layer];
    /// N, the number of samples f averages over.
    fn samples(&self) -> usize;
    /// The layer inputs āᵢ and back-propagated gradients gᵢ of every layer for the
    /// samples `batch` (indices below [`samples`](Layered::samples)), for `targets`,
    /// into `out` (resized to one entry per layer; a caller that passes the same `out`
    /// again is not allocated for).
    fn layer_statistics(
        &self,
        x: &[f64],
        batch: &[usize],
        targets: Targets,
        out: &mut Vec<LayerStatistics>,
    );
}
