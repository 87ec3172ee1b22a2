//! Objective adapters for stochastic runs: seeded gradient noise ([`GradientNoise`], the
//! noisy SGD of seed 002) and mini-batches of a finite sum ([`MiniBatch`], seed 003).

use std::cell::RefCell;

use crate::{Objective, Rng};

/// Adds independent Gaussian noise N(0, σ²) to every gradient component.
///
/// The value is left exact, so traces show the true objective. The noise stream is
/// seeded and advances with every gradient call; for many parallel runs give each its
/// own seed through [`minimize_many_with`](crate::minimize_many_with).
///
/// ```
/// use optim_core::{FnObjective, GradientNoise, Objective};
/// let f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| g[0] = 2.0 * x[0]);
/// let noisy = GradientNoise::new(&f, 0.2, 7);
/// let mut g = [0.0];
/// noisy.gradient(&[1.0], &mut g);
/// assert!((g[0] - 2.0).abs() < 2.0); // 2 plus a draw of N(0, 0.04)
/// ```
#[derive(Debug)]
pub struct GradientNoise<O> {
    inner: O,
    sigma: f64,
    rng: RefCell<Rng>,
}

impl<O: Objective> GradientNoise<O> {
    /// Noise of standard deviation `sigma` from the stream of `seed`.
    pub fn new(inner: O, sigma: f64, seed: u32) -> Self {
        Self {
            inner,
            sigma,
            rng: RefCell::new(Rng::new(seed)),
        }
    }
}

impl<O: Objective> Objective for GradientNoise<O> {
    fn dim(&self) -> usize {
        self.inner.dim()
    }
    fn value(&self, x: &[f64]) -> f64 {
        self.inner.value(x)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        self.inner.gradient(x, g);
        let mut rng = self.rng.borrow_mut();
        for gi in g.iter_mut() {
            *gi += self.sigma * rng.normal();
        }
    }
    fn value_and_gradient(&self, x: &[f64], g: &mut [f64]) -> f64 {
        self.gradient(x, g);
        self.inner.value(x)
    }
}

/// An objective that is a mean of per-sample terms, f(x) = (1/N) Σᵢ fᵢ(x).
pub trait FiniteSum {
    /// The dimension of x.
    fn dim(&self) -> usize;
    /// N, the number of samples.
    fn n_samples(&self) -> usize;
    /// fᵢ(x).
    fn sample_value(&self, i: usize, x: &[f64]) -> f64;
    /// g ← g + ∇fᵢ(x) (accumulates, so a batch needs no buffer).
    fn add_sample_gradient(&self, i: usize, x: &[f64], g: &mut [f64]);
}

impl<T: FiniteSum + ?Sized> FiniteSum for &T {
    fn dim(&self) -> usize {
        (**self).dim()
    }
    fn n_samples(&self) -> usize {
        (**self).n_samples()
    }
    fn sample_value(&self, i: usize, x: &[f64]) -> f64 {
        (**self).sample_value(i, x)
    }
    fn add_sample_gradient(&self, i: usize, x: &[f64], g: &mut [f64]) {
        (**self).add_sample_gradient(i, x, g)
    }
}

/// Serves mini-batch gradients of a [`FiniteSum`]: each gradient call averages the next
/// `batch_size` samples of a seeded random permutation, reshuffled every epoch
/// (sampling without replacement, as a data loader does).
///
/// `value` is the full-data mean, so traces show the true objective; a batch size
/// equal to N gives the exact batch gradient, and 1 gives classic SGD.
#[derive(Debug)]
pub struct MiniBatch<O> {
    inner: O,
    batch_size: usize,
    order: RefCell<(Rng, Vec<usize>, usize)>,
}

impl<O: FiniteSum> MiniBatch<O> {
    /// Batches of `batch_size` samples (clamped to 1..=N) from the stream of `seed`.
    pub fn new(inner: O, batch_size: usize, seed: u32) -> Self {
        let n = inner.n_samples();
        let mut rng = Rng::new(seed);
        let mut perm: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut perm);
        Self {
            batch_size: batch_size.clamp(1, n.max(1)),
            inner,
            order: RefCell::new((rng, perm, 0)),
        }
    }
    /// The samples per gradient.
    pub fn batch_size(&self) -> usize {
        self.batch_size
    }
    /// The wrapped finite sum.
    pub fn inner(&self) -> &O {
        &self.inner
    }
}

impl<O: FiniteSum> Objective for MiniBatch<O> {
    fn dim(&self) -> usize {
        self.inner.dim()
    }
    fn value(&self, x: &[f64]) -> f64 {
        let n = self.inner.n_samples();
        (0..n).map(|i| self.inner.sample_value(i, x)).sum::<f64>() / n as f64
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        g.fill(0.0);
        let mut order = self.order.borrow_mut();
        let (rng, perm, cursor) = &mut *order;
        for _ in 0..self.batch_size {
            if *cursor == perm.len() {
                rng.shuffle(perm);
                *cursor = 0;
            }
            self.inner.add_sample_gradient(perm[*cursor], x, g);
            *cursor += 1;
        }
        let scale = 1.0 / self.batch_size as f64;
        g.iter_mut().for_each(|gi| *gi *= scale);
    }
}
