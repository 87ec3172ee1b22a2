//! Objective adapters for stochastic runs: seeded gradient noise ([`GradientNoise`], the
//! noisy SGD of the "Optimization in many dimensions" notebook) and mini-batches of a
//! finite sum ([`MiniBatch`], the "Gradient Descent Based Optimizers" slides).
//!
//! Both keep their random stream behind a `Mutex`, so they are `Sync` and run under
//! [`minimize_many`](crate::minimize_many); a stream is per objective, so for runs that
//! are reproducible whatever the number of threads, give each start its own objective
//! with [`minimize_many_each`](crate::minimize_many_each).

use std::sync::{Mutex, MutexGuard};

use crate::{Error, Objective, Rng};

/// Locks a stream; a poisoned lock (a panic elsewhere mid-draw) still holds a valid
/// generator state, so it is used as it is.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Adds independent Gaussian noise N(0, σ²) to every gradient component.
///
/// The value is left exact, so traces show the true objective. The noise stream is
/// seeded and advances with every gradient call; for many parallel runs give each its
/// own seed through [`minimize_many_each`](crate::minimize_many_each).
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
    rng: Mutex<Rng>,
}

impl<O: Objective> GradientNoise<O> {
    /// Noise of standard deviation `sigma` from the stream of `seed`.
    pub fn new(inner: O, sigma: f64, seed: u32) -> Self {
        Self {
            inner,
            sigma,
            rng: Mutex::new(Rng::new(seed)),
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
        let mut rng = lock(&self.rng);
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
///
/// It is an [`Objective`] (the full mean; [`FiniteSum::mean_value`] and
/// [`FiniteSum::mean_gradient`] compute it from the samples, for implementations that
/// have nothing faster), and [`MiniBatch`] serves its mini-batch gradients.
///
/// ```
/// use optim_core::{FiniteSum, Objective};
/// /// ½ mean of (x − dᵢ)²: the minimiser is the mean of the data.
/// struct Mean(Vec<f64>);
/// impl Objective for Mean {
///     fn dim(&self) -> usize { 1 }
///     fn value(&self, x: &[f64]) -> f64 { self.mean_value(x) }
///     fn gradient(&self, x: &[f64], g: &mut [f64]) { self.mean_gradient(x, g) }
/// }
/// impl FiniteSum for Mean {
///     fn n_samples(&self) -> usize { self.0.len() }
///     fn sample_value(&self, i: usize, x: &[f64]) -> f64 { 0.5 * (x[0] - self.0[i]).powi(2) }
///     fn add_sample_gradient(&self, i: usize, x: &[f64], g: &mut [f64]) { g[0] += x[0] - self.0[i]; }
/// }
/// let f = Mean(vec![1.0, 2.0, 6.0]);
/// let mut g = [0.0];
/// f.gradient(&[3.0], &mut g);
/// assert_eq!(g[0], 0.0); // 3 is the mean
/// ```
pub trait FiniteSum: Objective {
    /// N, the number of samples.
    fn n_samples(&self) -> usize;
    /// fᵢ(x).
    fn sample_value(&self, i: usize, x: &[f64]) -> f64;
    /// g ← g + ∇fᵢ(x) (accumulates, so a batch needs no buffer).
    fn add_sample_gradient(&self, i: usize, x: &[f64], g: &mut [f64]);

    /// (1/N) Σᵢ fᵢ(x), summed in sample order.
    fn mean_value(&self, x: &[f64]) -> f64 {
        let n = self.n_samples();
        (0..n).map(|i| self.sample_value(i, x)).sum::<f64>() / n as f64
    }
    /// g ← (1/N) Σᵢ ∇fᵢ(x).
    fn mean_gradient(&self, x: &[f64], g: &mut [f64]) {
        g.fill(0.0);
        let n = self.n_samples();
        for i in 0..n {
            self.add_sample_gradient(i, x, g);
        }
        let scale = 1.0 / n as f64;
        g.iter_mut().for_each(|gi| *gi *= scale);
    }
}

impl<T: FiniteSum + ?Sized> FiniteSum for &T {
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

/// Where a [`MiniBatch`] is in its stream: the generator, this epoch's permutation, the
/// position in it, and the samples of the last batch served.
#[derive(Debug)]
struct Stream {
    rng: Rng,
    perm: Vec<usize>,
    cursor: usize,
    last: Vec<usize>,
}

/// Serves mini-batch values and gradients of a [`FiniteSum`]: each evaluation averages
/// the next `batch_size` samples of a seeded random permutation, reshuffled every epoch
/// (sampling without replacement, as a data loader does).
///
/// `value_and_gradient` and `gradient` draw the next batch; `value` alone is the mean
/// over the last batch drawn (the first one before any draw). A step therefore costs
/// O(batch_size) and the trace shows batch losses, as a training loop prints them;
/// [`MiniBatch::full_value`] is the exact objective, O(N). A batch size of N gives the
/// exact batch gradient, 1 gives classic SGD.
#[derive(Debug)]
pub struct MiniBatch<O> {
    inner: O,
    batch_size: usize,
    seed: u32,
    stream: Mutex<Stream>,
}

impl<O: FiniteSum> MiniBatch<O> {
    /// Batches of `batch_size` samples from the stream of `seed`.
    ///
    /// `Err` unless 1 ≤ `batch_size` ≤ N (and N ≥ 1).
    pub fn new(inner: O, batch_size: usize, seed: u32) -> Result<Self, Error> {
        let n = inner.n_samples();
        if batch_size == 0 || batch_size > n {
            return Err(Error::InvalidParameter {
                name: "batch_size",
                value: batch_size as f64,
                allowed: "in 1..=N, the number of samples",
            });
        }
        let mut rng = Rng::new(seed);
        let mut perm: Vec<usize> = (0..n).collect();
        rng.shuffle(&mut perm);
        let last = perm[..batch_size].to_vec();
        Ok(Self {
            batch_size,
            seed,
            inner,
            stream: Mutex::new(Stream {
                rng,
                perm,
                cursor: 0,
                last,
            }),
        })
    }
    /// The same batches of the same data from another seed's stream, starting afresh:
    /// one per start for [`minimize_many_each`](crate::minimize_many_each).
    pub fn reseeded(&self, seed: u32) -> Self
    where
        O: Clone,
    {
        Self::new(self.inner.clone(), self.batch_size, seed)
            .expect("the batch size was valid for these data")
    }
    /// The samples per evaluation.
    pub fn batch_size(&self) -> usize {
        self.batch_size
    }
    /// The seed of the stream.
    pub fn seed(&self) -> u32 {
        self.seed
    }
    /// The wrapped finite sum.
    pub fn inner(&self) -> &O {
        &self.inner
    }
    /// The exact objective (1/N) Σᵢ fᵢ(x), over every sample.
    pub fn full_value(&self, x: &[f64]) -> f64 {
        self.inner.mean_value(x)
    }

    /// Draws the next batch into the stream's `last`.
    fn draw(&self) -> MutexGuard<'_, Stream> {
        let mut s = lock(&self.stream);
        let Stream {
            rng,
            perm,
            cursor,
            last,
        } = &mut *s;
        last.clear();
        for _ in 0..self.batch_size {
            if *cursor == perm.len() {
                rng.shuffle(perm);
                *cursor = 0;
            }
            last.push(perm[*cursor]);
            *cursor += 1;
        }
        s
    }

    fn batch_gradient(&self, samples: &[usize], x: &[f64], g: &mut [f64]) {
        g.fill(0.0);
        for &i in samples {
            self.inner.add_sample_gradient(i, x, g);
        }
        let scale = 1.0 / self.batch_size as f64;
        g.iter_mut().for_each(|gi| *gi *= scale);
    }

    fn batch_value(&self, samples: &[usize], x: &[f64]) -> f64 {
        samples
            .iter()
            .map(|&i| self.inner.sample_value(i, x))
            .sum::<f64>()
            / self.batch_size as f64
    }
}

impl<O: FiniteSum> Objective for MiniBatch<O> {
    fn dim(&self) -> usize {
        self.inner.dim()
    }
    /// The mean over the last batch drawn.
    fn value(&self, x: &[f64]) -> f64 {
        let s = lock(&self.stream);
        self.batch_value(&s.last, x)
    }
    /// The mean gradient over the next batch.
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        let s = self.draw();
        self.batch_gradient(&s.last, x, g);
    }
    /// The mean value and gradient over the next batch.
    fn value_and_gradient(&self, x: &[f64], g: &mut [f64]) -> f64 {
        let s = self.draw();
        self.batch_gradient(&s.last, x, g);
        self.batch_value(&s.last, x)
    }
}
