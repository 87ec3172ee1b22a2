//! NAdam (Adam with Nesterov momentum), exact to `torch.optim.NAdam`.
//!
//! # Update
//!
//! With gradient gₜ, learning rate η, betas (β₁, β₂), momentum decay ψ, weight decay λ
//! and ε, at step t = 1, 2, …:
//!
//! ```text
//! gₜ ← ±gₜ + λ·xₜ₋₁                     (coupled L2; − when maximize)
//!   or xₜ₋₁ ← (1 − η·λ)·xₜ₋₁            (decoupled_weight_decay, "NAdamW")
//! μₜ = β₁·(1 − ½·0.96^(t·ψ)),   μₜ₊₁ = β₁·(1 − ½·0.96^((t+1)·ψ))
//! Πₜ = Πₜ₋₁·μₜ                           (Π₀ = 1: the product of the μ's, kept in state)
//! mₜ = β₁·mₜ₋₁ + (1 − β₁)·gₜ,   vₜ = β₂·vₜ₋₁ + (1 − β₂)·gₜ²
//! dₜ = √(vₜ/(1 − β₂ᵗ)) + ε
//! xₜ = xₜ₋₁ − η·(1 − μₜ)/(1 − Πₜ) · gₜ/dₜ − η·μₜ₊₁/(1 − Πₜ·μₜ₊₁) · mₜ/dₜ
//! ```
//!
//! The two terms are added one after the other, as torch does. Note that m is decayed
//! with the constant β₁ while the step uses the scheduled μ's: that is torch's (and
//! Dozat's) algorithm. Defaults are torch's: `lr = 2e-3`, `betas = (0.9, 0.999)`,
//! `eps = 1e-8`, `weight_decay = 0`, `momentum_decay = 4e-3`,
//! `decoupled_weight_decay = false`, `maximize = false`.
//!
//! # References
//! - T. Dozat, "Incorporating Nesterov Momentum into Adam", ICLR 2016 workshop.
//! - torch.optim.NAdam, <https://pytorch.org/docs/stable/generated/torch.optim.NAdam.html>
//!   (`_single_tensor_nadam`).
//!
//! # Example
//! ```
//! use first_order::prelude::*;
//! let opt = NAdam::new(0.02);
//! let mut x = vec![-1.0, -1.0];
//! let mut state = opt.init_state(2)?;
//! opt.step(&mut state, &mut x, &[-1.0, -10.0])?;
//! // torch 2.x gives −0.9788709646441826 for the first coordinate.
//! assert!((x[0] + 0.9788709646441826).abs() < 1e-15);
//! let mu1 = 0.9 * (1.0 - 0.5 * 0.96_f64.powf(0.004));
//! assert_eq!(state.mu_product(), mu1);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::{Error, FirstOrder, Named};

use crate::adam::lerp;
use crate::check;
use crate::regularization::Regularization;

/// NAdam, as `torch.optim.NAdam`.
///
/// Defaults: `lr = 2e-3`, `betas = (0.9, 0.999)`, `eps = 1e-8`, `weight_decay = 0`,
/// `momentum_decay = 4e-3`, `decoupled_weight_decay = false`, `maximize = false`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NAdam {
    /// Learning rate η, > 0 and finite. A rate given to
    /// `step_with_lr` (by a schedule) may also be 0.
    pub lr: f64,
    /// (β₁, β₂), each in [0, 1).
    pub betas: (f64, f64),
    /// ε, added to the root; ≥ 0 and finite.
    pub eps: f64,
    /// Weight decay λ, ≥ 0 and finite (coupled unless `decoupled_weight_decay`).
    pub weight_decay: f64,
    /// ψ in the momentum schedule μₜ = β₁(1 − ½·0.96^(tψ)); ≥ 0 and finite.
    pub momentum_decay: f64,
    /// Decay the weights directly (NAdamW) instead of adding λ·x to the gradient.
    pub decoupled_weight_decay: bool,
    /// Ascend instead of descend.
    pub maximize: bool,
}

impl Default for NAdam {
    fn default() -> Self {
        Self {
            lr: 2e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            momentum_decay: 4e-3,
            decoupled_weight_decay: false,
            maximize: false,
        }
    }
}

impl NAdam {
    /// NAdam with learning rate `lr` and torch's other defaults.
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

/// The state of [`NAdam`].
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub struct NAdamState {
    t: u64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    mu_product: f64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    m: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    v: Vec<f64>,
}

impl NAdamState {
    /// Number of steps taken (t).
    pub fn step(&self) -> u64 {
        self.t
    }
    /// Πₜ = μ₁·…·μₜ (torch's `mu_product`).
    pub fn mu_product(&self) -> f64 {
        self.mu_product
    }
    /// The first moment m (torch's `exp_avg`).
    pub fn exp_avg(&self) -> &[f64] {
        &self.m
    }
    /// The second moment v (torch's `exp_avg_sq`).
    pub fn exp_avg_sq(&self) -> &[f64] {
        &self.v
    }
}

impl Named for NAdam {
    fn name(&self) -> &'static str {
        "NAdam"
    }
}

impl FirstOrder for NAdam {
    type State = NAdamState;

    fn lr(&self) -> f64 {
        self.lr
    }

    fn validate(&self) -> Result<(), Error> {
        check::lr(self.lr)?;
        check::betas(self.betas)?;
        check::nonneg("eps", self.eps)?;
        check::nonneg("weight_decay", self.weight_decay)?;
        check::nonneg("momentum_decay", self.momentum_decay)
    }

    fn init_state(&self, n: usize) -> Result<NAdamState, Error> {
        self.validate()?;
        Ok(NAdamState {
            t: 0,
            mu_product: 1.0,
            m: vec![0.0; n],
            v: vec![0.0; n],
        })
    }

    fn step_with_lr(
        &self,
        state: &mut NAdamState,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
    ) -> Result<(), Error> {
        check::step(state.m.len(), params, grad, lr)?;
        state.t += 1;
        let t = state.t as f64;
        let (beta1, beta2) = self.betas;
        let psi = self.momentum_decay;
        let bias_correction2 = 1.0 - beta2.powf(t);
        let mu = beta1 * (1.0 - 0.5 * 0.96_f64.powf(t * psi));
        let mu_next = beta1 * (1.0 - 0.5 * 0.96_f64.powf((t + 1.0) * psi));
        state.mu_product *= mu;
        let mu_product_next = state.mu_product * mu_next;
        let c_grad = -lr * (1.0 - mu) / (1.0 - state.mu_product);
        let c_avg = (-lr * mu_next) / (1.0 - mu_product_next);
        let (w1, w2, eps) = (1.0 - beta1, 1.0 - beta2, self.eps);
        let NAdamState { m, v, .. } = state;
        self.regularization().apply_split(
            params,
            grad,
            [&mut m[..], &mut v[..]],
            lr,
            #[inline(always)]
            |x, g, [m, v], decay| {
                let moments = m.iter_mut().zip(v.iter_mut());
                for ((x, &g), (m, v)) in x.iter_mut().zip(g).zip(moments) {
                    *m = lerp(*m, g, w1);
                    *v = *v * beta2 + w2 * g * g;
                    let denom = (*v / bias_correction2).sqrt() + eps;
                    let x1 = *x * decay + c_grad * g / denom;
                    *x = x1 + c_avg * *m / denom;
                }
            },
        );
        Ok(())
    }
}
