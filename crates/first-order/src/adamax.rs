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
//! use first_order::{Adamax, Optimizer};
//! let opt = Adamax::new(0.1);
//! let mut x = vec![0.0];
//! let mut state = opt.init_state(1)?;
//! opt.step(&mut state, &mut x, &[2.0])?;
//! // m₁ = (1 − β₁)·g, u₁ = |g| + ε, so x₁ = −η·g/(|g| + ε).
//! assert!((x[0] + 0.1).abs() < 1e-8);
//! assert_eq!(state.exp_inf(), &[2.0 + 1e-8]);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::Error;

use crate::Optimizer;
use crate::adam::lerp;
use crate::check;
use crate::optimizer::check_lengths;

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
    /// Sets the learning rate.
    pub fn lr(mut self, lr: f64) -> Self {
        self.lr = lr;
        self
    }
    /// Sets (β₁, β₂).
    pub fn betas(mut self, beta1: f64, beta2: f64) -> Self {
        self.betas = (beta1, beta2);
        self
    }
    /// Sets ε.
    pub fn eps(mut self, eps: f64) -> Self {
        self.eps = eps;
        self
    }
    /// Sets the coupled weight decay.
    pub fn weight_decay(mut self, weight_decay: f64) -> Self {
        self.weight_decay = weight_decay;
        self
    }
    /// Turns maximisation on or off.
    pub fn maximize(mut self, maximize: bool) -> Self {
        self.maximize = maximize;
        self
    }
}

/// The state of [`Adamax`].
#[derive(Debug, Clone, PartialEq)]
pub struct AdamaxState {
    t: u64,
    m: Vec<f64>,
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

impl Optimizer for Adamax {
    type State = AdamaxState;

    fn name(&self) -> &'static str {
        "Adamax"
    }

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
        check_lengths(state.m.len(), params, grad)?;
        check::step_lr(lr)?;
        state.t += 1;
        let (beta1, beta2) = self.betas;
        let bias_correction = 1.0 - beta1.powf(state.t as f64);
        let neg_clr = -(lr / bias_correction);
        let (w1, eps) = (1.0 - beta1, self.eps);
        let (sign, wd) = (if self.maximize { -1.0 } else { 1.0 }, self.weight_decay);
        let moments = state.m.iter_mut().zip(state.u.iter_mut());
        for ((x, &g), (m, u)) in params.iter_mut().zip(grad).zip(moments) {
            // Exactly ±g when λ = 0 and x is finite: one branch-free loop for all flags.
            let g = sign * g + wd * *x;
            *m = lerp(*m, g, w1);
            let (a, b) = (*u * beta2, g.abs() + eps);
            *u = if a.is_nan() || b.is_nan() {
                f64::NAN
            } else {
                a.max(b)
            };
            *x += neg_clr * *m / *u;
        }
        Ok(())
    }
}

crate::impl_method!(Adamax);
