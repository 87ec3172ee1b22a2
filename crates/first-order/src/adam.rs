//! Adam and AMSGrad, exact to `torch.optim.Adam` (coupled L2 or decoupled weight decay).
//!
//! # Update
//!
//! With gradient gₜ, learning rate η, betas (β₁, β₂), ε and weight decay λ, at step
//! t = 1, 2, …:
//!
//! ```text
//! gₜ ← ±gₜ + λ·xₜ₋₁                 (coupled L2; − when maximize)
//!   or xₜ₋₁ ← (1 − η·λ)·xₜ₋₁        (decoupled_weight_decay, as AdamW; gradient untouched)
//!                                   (both written once, in crate::regularization)
//! mₜ = β₁·mₜ₋₁ + (1 − β₁)·gₜ        (torch's lerp)
//! vₜ = β₂·vₜ₋₁ + (1 − β₂)·gₜ²
//! v̂ₜ = max(v̂ₜ₋₁, vₜ)  if amsgrad, else v̂ₜ = vₜ     (the maximum of the *raw* v)
//! xₜ = xₜ₋₁ − η/(1 − β₁ᵗ) · mₜ / (√v̂ₜ / √(1 − β₂ᵗ) + ε)
//! ```
//!
//! ε is added to the bias-corrected √v̂ (not inside the root), and the bias corrections
//! use `βᵗ` with a floating-point exponent, as torch does with its `float` step count.
//!
//! Defaults are torch's: `lr = 1e-3`, `betas = (0.9, 0.999)`, `eps = 1e-8`,
//! `weight_decay = 0`, `amsgrad = false`, `maximize = false`,
//! `decoupled_weight_decay = false`. [`AdamW`](crate::AdamW) is the decoupled variant
//! with torch's AdamW defaults.
//!
//! The inner loop runs over zipped slices with every scalar (bias corrections, the
//! reciprocal of √(1 − β₂ᵗ), the step size) hoisted out of it, so that it vectorises and
//! allocates nothing; see the `adam_bandwidth` benchmark. Multiplying by that reciprocal
//! where torch divides is the one place the arithmetic departs from torch's, by at most
//! an ulp of the denominator.
//!
//! # References
//! - D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015.
//! - S. J. Reddi, S. Kale, S. Kumar, "On the Convergence of Adam and Beyond", ICLR 2018
//!   (AMSGrad).
//! - torch.optim.Adam, <https://pytorch.org/docs/stable/generated/torch.optim.Adam.html>
//!   (`_single_tensor_adam`).
//!
//! # Example
//! ```
//! use first_order::prelude::*;
//! // f(x) = ½(x₁² + 10·x₂²)
//! let adam = Adam::new(0.05);
//! let mut x = vec![-1.0, -1.0];
//! let mut state = adam.init_state(2)?;
//! let mut g = vec![0.0; 2];
//! for _ in 0..500 {
//!     g[0] = x[0];
//!     g[1] = 10.0 * x[1];
//!     adam.step(&mut state, &mut x, &g)?;
//! }
//! assert!(x[0].abs() < 1e-3 && x[1].abs() < 1e-3);
//! assert_eq!(state.step(), 500);
//! assert_eq!(adam.lr(), 0.05); // the configured rate, through the trait
//! // Configurations are plain structs: name what differs from torch's defaults.
//! let amsgrad = Adam { amsgrad: true, betas: (0.9, 0.99), ..Adam::new(0.05) };
//! assert_eq!((amsgrad.name(), amsgrad.eps), ("AMSGrad", 1e-8));
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::{Error, FirstOrder, Named};

use crate::check;
use crate::regularization::Regularization;

/// Adam (and AMSGrad), as `torch.optim.Adam`.
///
/// Defaults: `lr = 1e-3`, `betas = (0.9, 0.999)`, `eps = 1e-8`, `weight_decay = 0`,
/// `amsgrad = false`, `maximize = false`, `decoupled_weight_decay = false`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adam {
    /// Learning rate η, > 0 and finite. A rate given to
    /// `step_with_lr` (by a schedule) may also be 0.
    pub lr: f64,
    /// (β₁, β₂), the decay rates of the first and second moments, each in [0, 1).
    pub betas: (f64, f64),
    /// ε, added to the bias-corrected √v̂; ≥ 0 and finite.
    pub eps: f64,
    /// Weight decay λ, ≥ 0 and finite: coupled L2 (`g + λ·x`), or decoupled
    /// (`x ← (1 − η·λ)·x`) when `decoupled_weight_decay`.
    pub weight_decay: f64,
    /// Divide by the running maximum of v instead of v (AMSGrad).
    pub amsgrad: bool,
    /// Ascend instead of descend.
    pub maximize: bool,
    /// Decay the weights directly (AdamW) instead of adding λ·x to the gradient.
    pub decoupled_weight_decay: bool,
}

impl Default for Adam {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            amsgrad: false,
            maximize: false,
            decoupled_weight_decay: false,
        }
    }
}

impl Adam {
    /// Adam with learning rate `lr` and torch's other defaults.
    pub fn new(lr: f64) -> Self {
        Self {
            lr,
            ..Self::default()
        }
    }

    fn regularization(&self) -> Regularization {
        Regularization::torch(
            self.maximize,
            self.weight_decay,
            self.decoupled_weight_decay,
        )
    }
}

/// The state of [`Adam`] and [`AdamW`](crate::AdamW).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub struct AdamState {
    n: usize,
    t: u64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    m: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    v: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    v_max: Vec<f64>,
}

impl AdamState {
    /// Number of steps taken (t).
    pub fn step(&self) -> u64 {
        self.t
    }
    /// The first moment m (torch's `exp_avg`).
    pub fn exp_avg(&self) -> &[f64] {
        &self.m
    }
    /// The second moment v (torch's `exp_avg_sq`).
    pub fn exp_avg_sq(&self) -> &[f64] {
        &self.v
    }
    /// The running maximum of v (torch's `max_exp_avg_sq`), when AMSGrad is on.
    pub fn max_exp_avg_sq(&self) -> Option<&[f64]> {
        (self.v_max.len() == self.n && self.n > 0).then_some(&self.v_max[..])
    }
}

/// torch's `maximum`: NaN wins, so a diverging run is not hidden.
#[inline(always)]
fn maximum(a: f64, b: f64) -> f64 {
    if a.is_nan() || b.is_nan() {
        f64::NAN
    } else {
        a.max(b)
    }
}

/// torch's `lerp(a, b, w)`, whose formula depends on |w| < ½.
#[inline(always)]
pub(crate) fn lerp(a: f64, b: f64, w: f64) -> f64 {
    if w.abs() < 0.5 {
        a + w * (b - a)
    } else {
        b - (b - a) * (1.0 - w)
    }
}

impl Named for Adam {
    fn name(&self) -> &'static str {
        match (self.amsgrad, self.decoupled_weight_decay) {
            (true, _) => "AMSGrad",
            (false, true) => "AdamW",
            (false, false) => "Adam",
        }
    }
}

impl FirstOrder for Adam {
    type State = AdamState;

    fn lr(&self) -> f64 {
        self.lr
    }

    fn validate(&self) -> Result<(), Error> {
        check::lr(self.lr)?;
        check::betas(self.betas)?;
        check::nonneg("eps", self.eps)?;
        check::nonneg("weight_decay", self.weight_decay)
    }

    fn init_state(&self, n: usize) -> Result<AdamState, Error> {
        self.validate()?;
        Ok(AdamState {
            n,
            t: 0,
            m: vec![0.0; n],
            v: vec![0.0; n],
            v_max: vec![0.0; if self.amsgrad { n } else { 0 }],
        })
    }

    fn step_with_lr(
        &self,
        state: &mut AdamState,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
    ) -> Result<(), Error> {
        check::step(state.n, params, grad, lr)?;
        if self.amsgrad && state.v_max.len() != state.n {
            return Err(Error::IncompatibleParameters(
                "amsgrad needs a state made with amsgrad (it has no max_exp_avg_sq)",
            ));
        }
        state.t += 1;
        let t = state.t as f64;
        let (beta1, beta2) = self.betas;
        let bias_correction1 = 1.0 - beta1.powf(t);
        let bias_correction2 = 1.0 - beta2.powf(t);
        let step_size = lr / bias_correction1;
        // torch writes `bias_correction2 ** 0.5`: pow, not sqrt, to the last bit.
        let bias_correction2_sqrt = bias_correction2.powf(0.5);
        // torch divides √v by √(1 − β₂ᵗ); multiplying by the reciprocal instead moves the
        // denominator by at most an ulp and removes one of the loop's two divisions,
        // which with the square root bound it at the baseline x86-64 (SSE2) width.
        let inv_bias_correction2_sqrt = 1.0 / bias_correction2_sqrt;
        let neg_step_size = -step_size;
        let (w1, w2) = (1.0 - beta1, 1.0 - beta2);
        let eps = self.eps;
        let amsgrad = self.amsgrad;
        let AdamState { m, v, v_max, .. } = state;
        let reg = self.regularization();
        if amsgrad {
            reg.apply_split(
                params,
                grad,
                [m, v, v_max],
                lr,
                #[inline(always)]
                |x, g, [m, v, v_max], decay| {
                    for ((((x, &g), m), v), v_max) in x
                        .iter_mut()
                        .zip(g)
                        .zip(m.iter_mut())
                        .zip(v.iter_mut())
                        .zip(v_max)
                    {
                        *m = lerp(*m, g, w1);
                        *v = *v * beta2 + w2 * g * g;
                        *v_max = maximum(*v_max, *v);
                        let denom = v_max.sqrt() * inv_bias_correction2_sqrt + eps;
                        *x = *x * decay + neg_step_size * *m / denom;
                    }
                },
            );
        } else {
            reg.apply_split(
                params,
                grad,
                [m, v],
                lr,
                #[inline(always)]
                |x, g, [m, v], decay| {
                    for (((x, &g), m), v) in x.iter_mut().zip(g).zip(m.iter_mut()).zip(v.iter_mut())
                    {
                        *m = lerp(*m, g, w1);
                        *v = *v * beta2 + w2 * g * g;
                        let denom = v.sqrt() * inv_bias_correction2_sqrt + eps;
                        *x = *x * decay + neg_step_size * *m / denom;
                    }
                },
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_step_moves_each_coordinate_by_lr() {
        // m̂₁ = g, v̂₁ = g², so the first step is −η·g/(|g| + ε) ≈ −η·sign(g).
        let adam = Adam::new(0.1);
        let mut s = adam.init_state(3).unwrap();
        let mut x = [0.0, 1.0, -1.0];
        adam.step(&mut s, &mut x, &[3.0, -0.5, 1e-3]).unwrap();
        let expect = [-0.1 * 3.0 / (3.0 + 1e-8), 1.0 + 0.1 * 0.5 / (0.5 + 1e-8)];
        assert!((x[0] - expect[0]).abs() < 1e-14);
        assert!((x[1] - expect[1]).abs() < 1e-14);
        assert!((x[2] - (-1.0 - 0.1 * 1e-3 / (1e-3 + 1e-8))).abs() < 1e-14);
    }

    #[test]
    fn amsgrad_divides_by_the_largest_v_seen() {
        let adam = Adam {
            amsgrad: true,
            ..Adam::new(0.1)
        };
        let mut s = adam.init_state(1).unwrap();
        let mut x = [0.0];
        adam.step(&mut s, &mut x, &[10.0]).unwrap();
        adam.step(&mut s, &mut x, &[0.0]).unwrap();
        let v1 = (1.0 - 0.999) * 10.0 * 10.0;
        assert_eq!(s.exp_avg_sq()[0], v1 * 0.999);
        assert_eq!(s.max_exp_avg_sq().unwrap()[0], v1);
        assert_eq!(Adam::new(0.1).init_state(1).unwrap().max_exp_avg_sq(), None);
    }

    #[test]
    fn lerp_matches_both_torch_branches() {
        assert_eq!(lerp(1.0, 3.0, 0.25), 1.5);
        assert_eq!(lerp(1.0, 3.0, 0.75), 2.5);
    }
}
