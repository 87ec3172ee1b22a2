//! AdamW: Adam with decoupled weight decay, exact to `torch.optim.AdamW`.
//!
//! # Update
//!
//! ```text
//! xₜ₋₁ ← (1 − η·λ)·xₜ₋₁                           (first, from the current learning rate)
//! mₜ = β₁·mₜ₋₁ + (1 − β₁)·gₜ,   vₜ = β₂·vₜ₋₁ + (1 − β₂)·gₜ²
//! v̂ₜ = max(v̂ₜ₋₁, vₜ) if amsgrad, else vₜ
//! xₜ = xₜ₋₁ − η/(1 − β₁ᵗ) · mₜ / (√v̂ₜ / √(1 − β₂ᵗ) + ε)
//! ```
//!
//! This is [`Adam`] with `decoupled_weight_decay = true` (recent torch implements its
//! AdamW the same way); the separate type keeps torch's AdamW default
//! `weight_decay = 1e-2`.
//! Other defaults: `lr = 1e-3`, `betas = (0.9, 0.999)`, `eps = 1e-8`, `amsgrad = false`,
//! `maximize = false`.
//!
//! # References
//! - I. Loshchilov, F. Hutter, "Decoupled Weight Decay Regularization", ICLR 2019.
//! - torch.optim.AdamW, <https://pytorch.org/docs/stable/generated/torch.optim.AdamW.html>.
//!
//! # Example
//! ```
//! use first_order::prelude::*;
//! // With a zero gradient only the decay acts: x ← (1 − η·λ)·x each step.
//! let opt = AdamW { weight_decay: 0.5, ..AdamW::new(0.1) };
//! let mut x = vec![2.0];
//! let mut state = opt.init_state(1)?;
//! opt.step(&mut state, &mut x, &[0.0])?;
//! assert_eq!(x[0], 2.0 * (1.0 - 0.1 * 0.5));
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::{Error, FirstOrder, Named};

use crate::{Adam, AdamState};

/// AdamW, as `torch.optim.AdamW`.
///
/// Defaults: `lr = 1e-3`, `betas = (0.9, 0.999)`, `eps = 1e-8`, `weight_decay = 1e-2`,
/// `amsgrad = false`, `maximize = false`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdamW {
    /// Learning rate η, > 0 and finite. A rate given to
    /// `step_with_lr` (by a schedule) may also be 0.
    pub lr: f64,
    /// (β₁, β₂), each in [0, 1).
    pub betas: (f64, f64),
    /// ε, added to the bias-corrected √v̂; ≥ 0 and finite.
    pub eps: f64,
    /// Decoupled weight decay λ: `x ← (1 − η·λ)·x` before the step. ≥ 0 and finite.
    pub weight_decay: f64,
    /// Divide by the running maximum of v (AMSGrad).
    pub amsgrad: bool,
    /// Ascend instead of descend.
    pub maximize: bool,
}

impl Default for AdamW {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 1e-2,
            amsgrad: false,
            maximize: false,
        }
    }
}

impl AdamW {
    /// AdamW with learning rate `lr` and torch's other defaults.
    pub fn new(lr: f64) -> Self {
        Self {
            lr,
            ..Self::default()
        }
    }

    /// The same method as an [`Adam`] configuration.
    pub fn to_adam(&self) -> Adam {
        Adam {
            lr: self.lr,
            betas: self.betas,
            eps: self.eps,
            weight_decay: self.weight_decay,
            amsgrad: self.amsgrad,
            maximize: self.maximize,
            decoupled_weight_decay: true,
        }
    }
}

impl Named for AdamW {
    fn name(&self) -> &'static str {
        "AdamW"
    }
}

impl FirstOrder for AdamW {
    type State = AdamState;

    fn lr(&self) -> f64 {
        self.lr
    }
    fn validate(&self) -> Result<(), Error> {
        self.to_adam().validate()
    }
    fn init_state(&self, n: usize) -> Result<AdamState, Error> {
        self.to_adam().init_state(n)
    }
    fn step_with_lr(
        &self,
        state: &mut AdamState,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
    ) -> Result<(), Error> {
        self.to_adam().step_with_lr(state, params, grad, lr)
    }
}
