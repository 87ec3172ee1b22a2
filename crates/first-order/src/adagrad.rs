//! Adagrad, exact to `torch.optim.Adagrad`.
//!
//! # Update
//!
//! With gradient gₜ, learning rate η, learning-rate decay δ, weight decay λ and ε,
//! at step t = 1, 2, …:
//!
//! ```text
//! gₜ ← ±gₜ + λ·xₜ₋₁                 (coupled L2; − when maximize)
//! ηₜ = η / (1 + (t − 1)·δ)
//! Gₜ = Gₜ₋₁ + gₜ²                   (G₀ = initial_accumulator_value)
//! xₜ = xₜ₋₁ − ηₜ · gₜ / (√Gₜ + ε)    (ε outside the root)
//! ```
//!
//! Defaults are torch's: `lr = 1e-2`, `lr_decay = 0`, `weight_decay = 0`,
//! `initial_accumulator_value = 0`, `eps = 1e-10`, `maximize = false`.
//!
//! # References
//! - J. Duchi, E. Hazan, Y. Singer, "Adaptive Subgradient Methods for Online Learning and
//!   Stochastic Optimization", JMLR 12 (2011).
//! - torch.optim.Adagrad,
//!   <https://pytorch.org/docs/stable/generated/torch.optim.Adagrad.html>
//!   (`_single_tensor_adagrad`).
//!
//! # Example
//! ```
//! use first_order::prelude::*;
//! // The first step of Adagrad from G₀ = 0 is −η·g/(|g| + ε): a sign step.
//! let opt = Adagrad::new(0.5);
//! let mut x = vec![1.0, 1.0];
//! let mut state = opt.init_state(2)?;
//! opt.step(&mut state, &mut x, &[4.0, -0.25])?;
//! assert!((x[0] - 0.5).abs() < 1e-9 && (x[1] - 1.5).abs() < 1e-9);
//! assert_eq!(state.sum(), &[16.0, 0.0625]);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::{Error, FirstOrder, Named};

use crate::check;
use crate::regularization::Regularization;

/// Adagrad, as `torch.optim.Adagrad`.
///
/// Defaults: `lr = 1e-2`, `lr_decay = 0`, `weight_decay = 0`,
/// `initial_accumulator_value = 0`, `eps = 1e-10`, `maximize = false`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Adagrad {
    /// Learning rate η, > 0 and finite. A rate given to
    /// `step_with_lr` (by a schedule) may also be 0.
    pub lr: f64,
    /// Learning-rate decay δ: ηₜ = η/(1 + (t − 1)·δ). ≥ 0 and finite.
    pub lr_decay: f64,
    /// Coupled (L2) weight decay λ, ≥ 0 and finite.
    pub weight_decay: f64,
    /// G₀, the starting value of the accumulator, ≥ 0 and finite.
    pub initial_accumulator_value: f64,
    /// ε, added to √G; ≥ 0 and finite.
    pub eps: f64,
    /// Ascend instead of descend.
    pub maximize: bool,
}

impl Default for Adagrad {
    fn default() -> Self {
        Self {
            lr: 1e-2,
            lr_decay: 0.0,
            weight_decay: 0.0,
            initial_accumulator_value: 0.0,
            eps: 1e-10,
            maximize: false,
        }
    }
}

impl Adagrad {
    /// Adagrad with learning rate `lr` and torch's other defaults.
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

/// The state of [`Adagrad`].
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub struct AdagradState {
    t: u64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    sum: Vec<f64>,
}

impl AdagradState {
    /// Number of steps taken (t).
    pub fn step(&self) -> u64 {
        self.t
    }
    /// The accumulator G (torch's `sum`).
    pub fn sum(&self) -> &[f64] {
        &self.sum
    }
}

impl Named for Adagrad {
    fn name(&self) -> &'static str {
        "Adagrad"
    }
}

impl FirstOrder for Adagrad {
    type State = AdagradState;

    fn lr(&self) -> f64 {
        self.lr
    }

    fn validate(&self) -> Result<(), Error> {
        check::lr(self.lr)?;
        check::nonneg("lr_decay", self.lr_decay)?;
        check::nonneg("weight_decay", self.weight_decay)?;
        check::nonneg("initial_accumulator_value", self.initial_accumulator_value)?;
        check::nonneg("eps", self.eps)
    }

    fn init_state(&self, n: usize) -> Result<AdagradState, Error> {
        self.validate()?;
        Ok(AdagradState {
            t: 0,
            sum: vec![self.initial_accumulator_value; n],
        })
    }

    fn step_with_lr(
        &self,
        state: &mut AdagradState,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
    ) -> Result<(), Error> {
        check::step(state.sum.len(), params, grad, lr)?;
        state.t += 1;
        let clr = lr / (1.0 + (state.t as f64 - 1.0) * self.lr_decay);
        let neg_clr = -clr;
        let eps = self.eps;
        let sum = &mut state.sum;
        self.regularization().apply_split(
            params,
            grad,
            [&mut sum[..]],
            lr,
            #[inline(always)]
            |x, g, [sum], decay| {
                for ((x, &g), sum) in x.iter_mut().zip(g).zip(sum.iter_mut()) {
                    *sum += g * g;
                    let std = sum.sqrt() + eps;
                    *x = *x * decay + neg_clr * g / std;
                }
            },
        );
        Ok(())
    }
}
