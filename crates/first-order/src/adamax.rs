//! AdaMax (Adam with the infinity norm), exact to `torch.optim.Adamax`.
//!
//! # Update
//!
//! With gradient gₜ, learning rate η, betas (β₁, β₂), weight decay λ and ε:
//!
//! ```text
//! gₜ ← ±gₜ + λ·xₜ₋₁                      (coupled L2; − when maximize)
//! mₜ = β₁·mₜ₋₁ + (1 − β₁)·gₜ             (torch's lerp)
//! uₜ = max(β₂·uₜ₋₁, |gₜ| + ε)            (ε inside the max)
//! xₜ = xₜ₋₁ − η/(1 − β₁ᵗ) · mₜ/uₜ
//! ```
//!
//! The maximum propagates NaN (as torch's `maximum`), so a diverging run shows.
//! Defaults are torch's: `lr = 2e-3`, `betas = (0.9, 0.999)`, `eps = 1e-8`,
//! `weight_decay = 0`, `maximize = false`.
//!
//! # References
//! - D. P. Kingma, J. Ba, "Adam: A Method for Stochastic Optimization", ICLR 2015, §7.1.
//! - torch.optim.Adamax,
//!   <https://pytorch.org/docs/stable/generated/torch.optim.Adamax.html>
//!   (`_single_tensor_adamax`).
//!
//! # Example
//! ```
//! use first_order::prelude::*;
//! let opt = Adamax::new(0.1);
//! let mut x = vec![0.0];
//! let mut state = opt.init_state(1)?;
//! opt.step(&mut state, &mut x, &[2.0])?;
//! // m₁ = (1 − β₁)·g, u₁ = |g| + ε, so x₁ = −η·g/(|g| + ε).
//! assert!((x[0] + 0.1).abs() < 1e-8);
//! assert_eq!(state.exp_inf(), &[2.0 + 1e-8]);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::{Error, FirstOrder, Named};

use crate::adam::lerp;
use crate::check;
use crate::regularization::Regularization;

/// AdaMax, as `torch.optim.Adamax`.
///
/// Defaults: `lr = 2e-3`, `betas = (0.9, 0.999)`, `eps = 1e-8`, `weight_decay = 0`,
/// `maximize = false`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adamax {
    /// Learning rate η, > 0 and finite. A rate given to
    /// `step_with_lr` (by a schedule) may also be 0.
    pub lr: f64,
    /// (β₁, β₂), each in [0, 1).
    pub betas: (f64, f64),
    /// ε, added to |g| inside the maximum; ≥ 0 and finite.
    pub eps: f64,
    /// Coupled (L2) weight decay λ, ≥ 0 and finite.
    pub weight_decay: f64,
    /// Ascend instead of descend.
    pub maximize: bool,
}

impl Default for Adamax {
    fn default() -> Self {
        Self {
            lr: 2e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            maximize: false,
        }
    }
}

impl Adamax {
    /// AdaMax with learning rate `lr` and torch's other defaults.
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

/// The state of [`Adamax`].
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub struct AdamaxState {
    t: u64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    m: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    u: Vec<f64>,
}

impl AdamaxState {
    /// Number of steps taken (t).
    pub fn step(&self) -> u64 {
        self.t
    }
    /// The first moment m (torch's `exp_avg`).
    pub fn exp_avg(&self) -> &[f64] {
        &self.m
    }
    /// The weighted infinity norm u (torch's `exp_inf`).
    pub fn exp_inf(&self) -> &[f64] {
        &self.u
    }
}

impl Named for Adamax {
    fn name(&self) -> &'static str {
        "Adamax"
    }
}

impl FirstOrder for Adamax {
    type State = AdamaxState;

    fn lr(&self) -> f64 {
        self.lr
    }

    fn validate(&self) -> Result<(), Error> {
        check::lr(self.lr)?;
        check::betas(self.betas)?;
        check::nonneg("eps", self.eps)?;
        check::nonneg("weight_decay", self.weight_decay)
    }

    fn init_state(&self, n: usize) -> Result<AdamaxState, Error> {
        self.validate()?;
        Ok(AdamaxState {
            t: 0,
            m: vec![0.0; n],
            u: vec![0.0; n],
        })
    }

    fn step_with_lr(
        &self,
        state: &mut AdamaxState,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
    ) -> Result<(), Error> {
        check::step(state.m.len(), params, grad, lr)?;
        state.t += 1;
        let (beta1, beta2) = self.betas;
        let bias_correction = 1.0 - beta1.powf(state.t as f64);
        let neg_clr = -(lr / bias_correction);
        let (w1, eps) = (1.0 - beta1, self.eps);
        let AdamaxState { m, u, .. } = state;
        self.regularization().apply_split(
            params,
            grad,
            [&mut m[..], &mut u[..]],
            lr,
            #[inline(always)]
            |x, g, [m, u], decay| {
                let moments = m.iter_mut().zip(u.iter_mut());
                for ((x, &g), (m, u)) in x.iter_mut().zip(g).zip(moments) {
                    *m = lerp(*m, g, w1);
                    let (a, b) = (*u * beta2, g.abs() + eps);
                    *u = if a.is_nan() || b.is_nan() {
                        f64::NAN
                    } else {
                        a.max(b)
                    };
                    *x = *x * decay + neg_clr * *m / *u;
                }
            },
        );
        Ok(())
    }
}
