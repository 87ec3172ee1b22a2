//! Adadelta, exact to `torch.optim.Adadelta`.
//!
//! # Update
//!
//! With gradient gₜ, learning rate η, decay ρ, weight decay λ and ε:
//!
//! ```text
//! gₜ ← ±gₜ + λ·xₜ₋₁                          (coupled L2; − when maximize)
//! E[g²]ₜ = ρ·E[g²]ₜ₋₁ + (1 − ρ)·gₜ²
//! Δxₜ = √(E[Δx²]ₜ₋₁ + ε) / √(E[g²]ₜ + ε) · gₜ   (ε inside both roots)
//! E[Δx²]ₜ = ρ·E[Δx²]ₜ₋₁ + (1 − ρ)·Δxₜ²
//! xₜ = xₜ₋₁ − η·Δxₜ
//! ```
//!
//! The numerator `√(E[Δx²] + ε)`, the RMS of past updates, is what makes the step
//! unit-consistent; the SciPy 2018 slides (*Gradient Descent Based Optimizers*) leave it out, torch and the paper
//! do not. Defaults are torch's: `lr = 1.0`, `rho = 0.9`, `eps = 1e-6`,
//! `weight_decay = 0`, `maximize = false`.
//!
//! # References
//! - M. D. Zeiler, "ADADELTA: An Adaptive Learning Rate Method", arXiv:1212.5701 (2012).
//! - torch.optim.Adadelta,
//!   <https://pytorch.org/docs/stable/generated/torch.optim.Adadelta.html>
//!   (`_single_tensor_adadelta`).
//!
//! # Example
//! ```
//! use first_order::prelude::*;
//! // The first step is √ε/√((1 − ρ)·g² + ε)·g: tiny, Adadelta starts slowly.
//! let opt = Adadelta::default();
//! let mut x = vec![1.0];
//! let mut state = opt.init_state(1)?;
//! opt.step(&mut state, &mut x, &[1.0])?;
//! let dx = 1e-6_f64.sqrt() / (0.1_f64 + 1e-6).sqrt();
//! assert!((x[0] - (1.0 - dx)).abs() < 1e-15);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::check_param;
use optim_core::{Error, FirstOrder, Named};

use crate::check;
use crate::regularization::Regularization;

/// Adadelta, as `torch.optim.Adadelta`.
///
/// Defaults: `lr = 1.0`, `rho = 0.9`, `eps = 1e-6`, `weight_decay = 0`,
/// `maximize = false`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adadelta {
    /// Learning rate η (a scale on Δx), > 0 and finite. A rate given to
    /// `step_with_lr` (by a schedule) may also be 0.
    pub lr: f64,
    /// Decay ρ of both running averages, in [0, 1].
    pub rho: f64,
    /// ε, inside both square roots; ≥ 0 and finite.
    pub eps: f64,
    /// Coupled (L2) weight decay λ, ≥ 0 and finite.
    pub weight_decay: f64,
    /// Ascend instead of descend.
    pub maximize: bool,
}

impl Default for Adadelta {
    fn default() -> Self {
        Self {
            lr: 1.0,
            rho: 0.9,
            eps: 1e-6,
            weight_decay: 0.0,
            maximize: false,
        }
    }
}

impl Adadelta {
    /// Adadelta with learning rate `lr` and torch's other defaults.
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

/// The state of [`Adadelta`].
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub struct AdadeltaState {
    t: u64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    square_avg: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    acc_delta: Vec<f64>,
}

impl AdadeltaState {
    /// Number of steps taken.
    pub fn step(&self) -> u64 {
        self.t
    }
    /// `E[g²]` (torch's `square_avg`).
    pub fn square_avg(&self) -> &[f64] {
        &self.square_avg
    }
    /// `E[Δx²]` (torch's `acc_delta`).
    pub fn acc_delta(&self) -> &[f64] {
        &self.acc_delta
    }
}

impl Named for Adadelta {
    fn name(&self) -> &'static str {
        "Adadelta"
    }
}

impl FirstOrder for Adadelta {
    type State = AdadeltaState;

    fn lr(&self) -> f64 {
        self.lr
    }

    fn validate(&self) -> Result<(), Error> {
        check::lr(self.lr)?;
        check_param("rho", self.rho, "[0, 1]", |v| (0.0..=1.0).contains(&v))?;
        check::nonneg("eps", self.eps)?;
        check::nonneg("weight_decay", self.weight_decay)
    }

    fn init_state(&self, n: usize) -> Result<AdadeltaState, Error> {
        self.validate()?;
        Ok(AdadeltaState {
            t: 0,
            square_avg: vec![0.0; n],
            acc_delta: vec![0.0; n],
        })
    }

    fn step_with_lr(
        &self,
        state: &mut AdadeltaState,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
    ) -> Result<(), Error> {
        check::step(state.square_avg.len(), params, grad, lr)?;
        state.t += 1;
        let (rho, eps, neg_lr) = (self.rho, self.eps, -lr);
        let AdadeltaState {
            square_avg,
            acc_delta,
            ..
        } = state;
        self.regularization().apply_split(
            params,
            grad,
            [&mut square_avg[..], &mut acc_delta[..]],
            lr,
            #[inline(always)]
            |x, g, [square_avg, acc_delta], decay| {
                let buffers = square_avg.iter_mut().zip(acc_delta.iter_mut());
                for ((x, &g), (square_avg, acc_delta)) in x.iter_mut().zip(g).zip(buffers) {
                    *square_avg = *square_avg * rho + (1.0 - rho) * g * g;
                    let std = (*square_avg + eps).sqrt();
                    let delta = (*acc_delta + eps).sqrt() / std * g;
                    *acc_delta = *acc_delta * rho + (1.0 - rho) * delta * delta;
                    *x = *x * decay + neg_lr * delta;
                }
            },
        );
        Ok(())
    }
}
