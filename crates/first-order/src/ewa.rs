//! The exponentially weighted average of a series, raw and bias-corrected (the *Gradient Descent Optimizations* notebook's
//! smoothing cells; the same average is the first moment of momentum and Adam).
//!
//! ```text
//! vₜ = β vₜ₋₁ + (1 − β) θₜ,   v₀ = 0          (raw)
//! v̂ₜ = vₜ / (1 − βᵗ)                          (bias-corrected)
//! ```
//!
//! for t = 1, 2, …. Since v₀ = 0 the raw average starts biased towards 0 (v₁ is
//! (1 − β)θ₁); dividing by 1 − βᵗ, the sum of the weights, removes the bias, so
//! v̂₁ = θ₁. (The *Gradient Descent Optimizations* notebook's momentum and Adam cells divide by 1 + βᵗ, which is wrong.)
//!
//! v̂ is computed by its own recurrence v̂ₜ = v̂ₜ₋₁ + (θₜ − v̂ₜ₋₁)(1 − β)/(1 − βᵗ), equal
//! to vₜ/(1 − βᵗ) in exact arithmetic, which makes v̂₁ = θ₁ exactly in floating point
//! too (the weight is then (1 − β)/(1 − β) = 1).
//!
//! Reference: Kingma & Ba, "Adam", ICLR 2015, §3 (initialisation bias correction).
//!
//! ```
//! use first_order::Ewa;
//! let mut ewa = Ewa::new(0.9)?;
//! assert_eq!(ewa.push(2.0), ((1.0 - 0.9) * 2.0, 2.0));
//! let (raw, corrected) = ewa.push(2.0);
//! assert!((corrected - 2.0).abs() < 1e-15 && raw < corrected);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::Error;
use optim_core::error::check_param;

/// A running exponentially weighted average with bias correction.
#[derive(Debug, Clone, PartialEq)]
pub struct Ewa {
    beta: f64,
    raw: f64,
    corrected: f64,
    count: usize,
}

impl Ewa {
    /// An empty average with decay `beta` (torch's and Adam's β₁ default is 0.9).
    ///
    /// `Err` unless 0 ≤ β < 1.
    pub fn new(beta: f64) -> Result<Self, Error> {
        check_param("beta", beta, "[0, 1)", |b| (0.0..1.0).contains(&b))?;
        Ok(Self {
            beta,
            raw: 0.0,
            corrected: 0.0,
            count: 0,
        })
    }

    /// Adds θₜ; returns (vₜ, v̂ₜ).
    pub fn push(&mut self, theta: f64) -> (f64, f64) {
        let b = self.beta;
        self.count += 1;
        self.raw = b * self.raw + (1.0 - b) * theta;
        let weight = (1.0 - b) / (1.0 - b.powf(self.count as f64));
        self.corrected += (theta - self.corrected) * weight;
        (self.raw, self.corrected)
    }

    /// vₜ, the raw average (0 before any sample).
    pub fn raw(&self) -> f64 {
        self.raw
    }

    /// v̂ₜ, the bias-corrected average (0 before any sample).
    pub fn corrected(&self) -> f64 {
        self.corrected
    }

    /// t, the samples seen.
    pub fn count(&self) -> usize {
        self.count
    }

    /// β.
    pub fn beta(&self) -> f64 {
        self.beta
    }
}

/// The raw and corrected averages of a whole series, one value per sample.
///
/// `Err` unless 0 ≤ β < 1.
///
/// ```
/// let (raw, corrected) = first_order::ewa(&[1.0, 1.0, 1.0], 0.5)?;
/// assert_eq!(raw, [0.5, 0.75, 0.875]);
/// assert_eq!(corrected, [1.0, 1.0, 1.0]);
/// # Ok::<(), optim_core::Error>(())
/// ```
pub fn ewa(series: &[f64], beta: f64) -> Result<(Vec<f64>, Vec<f64>), Error> {
    let mut avg = Ewa::new(beta)?;
    Ok(series.iter().map(|&theta| avg.push(theta)).unzip())
}
