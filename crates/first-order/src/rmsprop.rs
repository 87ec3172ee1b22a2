//! RMSprop (plain, centred, with momentum), exact to `torch.optim.RMSprop`.
//!
//! # Update
//!
//! With gradient gₜ, learning rate η, smoothing α, momentum μ, weight decay λ and ε:
//!
//! ```text
//! gₜ ← ±gₜ + λ·xₜ₋₁                            (coupled L2; − when maximize)
//! vₜ = α·vₜ₋₁ + (1 − α)·gₜ²
//! ḡₜ = α·ḡₜ₋₁ + (1 − α)·gₜ,  ṽₜ = vₜ − ḡₜ²      if centered (torch's lerp for ḡ)
//! ṽₜ = vₜ                                       otherwise
//! bₜ = μ·bₜ₋₁ + gₜ/(√ṽₜ + ε),  xₜ = xₜ₋₁ − η·bₜ   if μ > 0   (b₀ = 0)
//! xₜ = xₜ₋₁ − η·gₜ/(√ṽₜ + ε)                     otherwise   (ε outside the root)
//! ```
//!
//! The step uses g, not g² (document 004 squares it by mistake). Defaults are torch's:
//! `lr = 1e-2`, `alpha = 0.99`, `eps = 1e-8`, `weight_decay = 0`, `momentum = 0`,
//! `centered = false`, `maximize = false`.
//!
//! # References
//! - T. Tieleman, G. Hinton, "Lecture 6.5 — RMSprop", COURSERA: Neural Networks for
//!   Machine Learning (2012).
//! - A. Graves, "Generating Sequences With Recurrent Neural Networks",
//!   arXiv:1308.0850 (2013) (the centred variant).
//! - torch.optim.RMSprop,
//!   <https://pytorch.org/docs/stable/generated/torch.optim.RMSprop.html>
//!   (`_single_tensor_rmsprop`).
//!
//! # Example
//! ```
//! use first_order::prelude::*;
//! // First step from v₀ = 0: −η·g/(√(1 − α)·|g| + ε) ≈ −10·η·sign(g) for α = 0.99.
//! let opt = RmsProp::new(0.01);
//! let mut x = vec![0.0];
//! let mut state = opt.init_state(1)?;
//! opt.step(&mut state, &mut x, &[3.0])?;
//! assert!((x[0] + 0.1).abs() < 1e-8);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::check_param;
use optim_core::{Error, FirstOrder, Named};

use crate::adam::lerp;
use crate::check;
use crate::regularization::Regularization;

/// RMSprop, as `torch.optim.RMSprop`.
///
/// Defaults: `lr = 1e-2`, `alpha = 0.99`, `eps = 1e-8`, `weight_decay = 0`,
/// `momentum = 0`, `centered = false`, `maximize = false`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RmsProp {
    /// Learning rate η, > 0 and finite. A rate given to
    /// `step_with_lr` (by a schedule) may also be 0.
    pub lr: f64,
    /// Smoothing constant α of the running averages, in [0, 1].
    pub alpha: f64,
    /// ε, added to the root; ≥ 0 and finite.
    pub eps: f64,
    /// Coupled (L2) weight decay λ, ≥ 0 and finite.
    pub weight_decay: f64,
    /// Momentum μ on the normalised step, ≥ 0 and finite.
    pub momentum: f64,
    /// Normalise by the variance estimate v − ḡ² instead of v.
    pub centered: bool,
    /// Ascend instead of descend.
    pub maximize: bool,
}

impl Default for RmsProp {
    fn default() -> Self {
        Self {
            lr: 1e-2,
            alpha: 0.99,
            eps: 1e-8,
            weight_decay: 0.0,
            momentum: 0.0,
            centered: false,
            maximize: false,
        }
    }
}

impl RmsProp {
    /// RMSprop with learning rate `lr` and torch's other defaults.
    pub fn new(lr: f64) -> Self {
        Self {
            lr,
            ..Self::default()
        }
    }

    fn regularization(&self) -> Regularization {
        Regularization::torch(self.maximize, self.weight_decay, false)
    }
}

/// The state of [`RmsProp`]. Buffers that the configuration does not use are empty.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub struct RmsPropState {
    n: usize,
    t: u64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    v: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    g_avg: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    b: Vec<f64>,
}

impl RmsPropState {
    /// Number of steps taken.
    pub fn step(&self) -> u64 {
        self.t
    }
    /// v (torch's `square_avg`).
    pub fn square_avg(&self) -> &[f64] {
        &self.v
    }
    /// ḡ (torch's `grad_avg`), empty unless centred.
    pub fn grad_avg(&self) -> &[f64] {
        &self.g_avg
    }
    /// b (torch's `momentum_buffer`), empty unless μ > 0.
    pub fn momentum_buffer(&self) -> &[f64] {
        &self.b
    }
}

impl Named for RmsProp {
    fn name(&self) -> &'static str {
        "RMSprop"
    }
}

impl FirstOrder for RmsProp {
    type State = RmsPropState;

    fn lr(&self) -> f64 {
        self.lr
    }

    fn validate(&self) -> Result<(), Error> {
        check::lr(self.lr)?;
        check_param("alpha", self.alpha, "[0, 1]", |v| (0.0..=1.0).contains(&v))?;
        check::nonneg("eps", self.eps)?;
        check::nonneg("weight_decay", self.weight_decay)?;
        check::nonneg("momentum", self.momentum)
    }

    fn init_state(&self, n: usize) -> Result<RmsPropState, Error> {
        self.validate()?;
        Ok(RmsPropState {
            n,
            t: 0,
            v: vec![0.0; n],
            g_avg: vec![0.0; if self.centered { n } else { 0 }],
            b: vec![0.0; if self.momentum > 0.0 { n } else { 0 }],
        })
    }

    fn step_with_lr(
        &self,
        state: &mut RmsPropState,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
    ) -> Result<(), Error> {
        let n = state.n;
        check::step(n, params, grad, lr)?;
        let (need_g_avg, need_b) = (self.centered, self.momentum > 0.0);
        if (need_g_avg && state.g_avg.len() != n) || (need_b && state.b.len() != n) {
            return Err(Error::IncompatibleParameters(
                "the RMSprop state was made without the centred or momentum buffer this needs",
            ));
        }
        state.t += 1;
        let (alpha, eps, mu, neg_lr) = (self.alpha, self.eps, self.momentum, -lr);
        let w = 1.0 - alpha;
        let RmsPropState { v, g_avg, b, .. } = state;
        let reg = self.regularization();
        // Four loops, one per configuration, so that none branches per element.
        match (need_g_avg, need_b) {
            (false, false) => reg.apply_split(
                params,
                grad,
                [&mut v[..]],
                lr,
                #[inline(always)]
                |x, g, [v], decay| {
                    for ((x, &g), v) in x.iter_mut().zip(g).zip(v.iter_mut()) {
                        *v = *v * alpha + w * g * g;
                        *x = *x * decay + neg_lr * g / (v.sqrt() + eps);
                    }
                },
            ),
            (false, true) => reg.apply_split(
                params,
                grad,
                [&mut v[..], &mut b[..]],
                lr,
                #[inline(always)]
                |x, g, [v, b], decay| {
                    for (((x, &g), v), b) in x.iter_mut().zip(g).zip(v.iter_mut()).zip(b.iter_mut())
                    {
                        *v = *v * alpha + w * g * g;
                        *b = *b * mu + g / (v.sqrt() + eps);
                        *x = *x * decay + neg_lr * *b;
                    }
                },
            ),
            (true, false) => reg.apply_split(
                params,
                grad,
                [&mut v[..], &mut g_avg[..]],
                lr,
                #[inline(always)]
                |x, g, [v, g_avg], decay| {
                    for (((x, &g), v), g_avg) in
                        x.iter_mut().zip(g).zip(v.iter_mut()).zip(g_avg.iter_mut())
                    {
                        *v = *v * alpha + w * g * g;
                        *g_avg = lerp(*g_avg, g, w);
                        let avg = (*v + -1.0 * *g_avg * *g_avg).sqrt() + eps;
                        *x = *x * decay + neg_lr * g / avg;
                    }
                },
            ),
            (true, true) => reg.apply_split(
                params,
                grad,
                [&mut v[..], &mut g_avg[..], &mut b[..]],
                lr,
                #[inline(always)]
                |x, g, [v, g_avg, b], decay| {
                    let extra = g_avg.iter_mut().zip(b.iter_mut());
                    for (((x, &g), v), (g_avg, b)) in
                        x.iter_mut().zip(g).zip(v.iter_mut()).zip(extra)
                    {
                        *v = *v * alpha + w * g * g;
                        *g_avg = lerp(*g_avg, g, w);
                        let avg = (*v + -1.0 * *g_avg * *g_avg).sqrt() + eps;
                        *b = *b * mu + g / avg;
                        *x = *x * decay + neg_lr * *b;
                    }
                },
            ),
        }
        Ok(())
    }
}
