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
//! use first_order::{Adagrad, Optimizer};
//! // The first step of Adagrad from G₀ = 0 is −η·g/(|g| + ε): a sign step.
//! let opt = Adagrad::new(0.5);
//! let mut x = vec![1.0, 1.0];
//! let mut state = opt.init_state(2)?;
//! opt.step(&mut state, &mut x, &[4.0, -0.25])?;
//! assert!((x[0] - 0.5).abs() < 1e-9 && (x[1] - 1.5).abs() < 1e-9);
//! assert_eq!(state.sum(), &[16.0, 0.0625]);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::Error;

use crate::Optimizer;
use crate::check;
use crate::optimizer::check_lengths;

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
    /// Sets the learning rate.
    pub fn lr(mut self, lr: f64) -> Self {
        self.lr = lr;
        self
    }
    /// Sets the learning-rate decay.
    pub fn lr_decay(mut self, lr_decay: f64) -> Self {
        self.lr_decay = lr_decay;
        self
    }
    /// Sets the coupled weight decay.
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }
    /// Sets G₀.
    pub fn initial_accumulator_value(mut self, value: f64) -> Self {
        self.initial_accumulator_value = value;
        self
    }
    /// Sets ε.
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }
    /// Turns maximisation on or off.
    pub fn maximize(mut self, maximize: bool) -> Self {
        self.maximize = maximize;
        self
    }
}

/// The state of [`Adagrad`].
#[derive(Debug, Clone, PartialEq)]
pub struct AdagradState {
    t: u64,
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

impl Optimizer for Adagrad {
    type State = AdagradState;

    fn name(&self) -> &'static str {
        "Adagrad"
    }

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
        check_lengths(state.sum.len(), params, grad)?;
        check::step_lr(lr)?;
        state.t += 1;
        let clr = lr / (1.0 + (state.t as f64 - 1.0) * self.lr_decay);
        let neg_clr = -clr;
        let (sign, wd, eps) = (
            if self.maximize { -1.0 } else { 1.0 },
            self.weight_decay,
            self.eps,
        );
        for ((x, &g), sum) in params.iter_mut().zip(grad).zip(state.sum.iter_mut()) {
            // Exactly ±g when λ = 0 and x is finite: one branch-free loop for all flags.
            let g = sign * g + wd * *x;
            *sum += g * g;
            let std = sum.sqrt() + eps;
            *x += neg_clr * g / std;
        }
        Ok(())
    }
}

crate::impl_method!(Adagrad);
