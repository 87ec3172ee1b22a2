//! RAdam (rectified Adam), exact to `torch.optim.RAdam`.
//!
//! # Update
//!
//! With gradient gₜ, learning rate η, betas (β₁, β₂), weight decay λ and ε, at step
//! t = 1, 2, …:
//!
//! ```text
//! gₜ ← ±gₜ + λ·xₜ₋₁                      (coupled L2; − when maximize)
//!   or xₜ₋₁ ← (1 − η·λ)·xₜ₋₁             (decoupled_weight_decay)
//! mₜ = β₁·mₜ₋₁ + (1 − β₁)·gₜ,   vₜ = β₂·vₜ₋₁ + (1 − β₂)·gₜ²
//! m̂ₜ = mₜ/(1 − β₁ᵗ)
//! ρ∞ = 2/(1 − β₂) − 1,   ρₜ = ρ∞ − 2t·β₂ᵗ/(1 − β₂ᵗ)
//! if ρₜ > 5:  rₜ = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))
//!             xₜ = xₜ₋₁ − η·m̂ₜ · √(1 − β₂ᵗ)/(√vₜ + ε) · rₜ
//! else:       xₜ = xₜ₋₁ − η·m̂ₜ              (un-adapted momentum SGD while v is unreliable)
//! ```
//!
//! torch rectifies only when ρₜ > 5 strictly (with the default β₂ = 0.999 from t = 6 on);
//! AdaBelief's rectified form uses ρₜ ≥ 5. Defaults are torch's: `lr = 1e-3`,
//! `betas = (0.9, 0.999)`, `eps = 1e-8`, `weight_decay = 0`,
//! `decoupled_weight_decay = false`, `maximize = false`.
//!
//! # References
//! - L. Liu, H. Jiang, P. He, W. Chen, X. Liu, J. Gao, J. Han, "On the Variance of the
//!   Adaptive Learning Rate and Beyond", ICLR 2020.
//! - torch.optim.RAdam, <https://pytorch.org/docs/stable/generated/torch.optim.RAdam.html>
//!   (`_single_tensor_radam`).
//!
//! # Example
//! ```
//! use first_order::prelude::*;
//! let opt = RAdam::new(0.02);
//! let mut x = vec![-1.0, -1.0];
//! let mut state = opt.init_state(2)?;
//! // ρ₁ = 1 ≤ 5: the first step is plain momentum SGD, x − η·g.
//! opt.step(&mut state, &mut x, &[-1.0, -10.0])?;
//! assert!((x[0] + 0.98).abs() < 1e-15 && (x[1] + 0.8).abs() < 1e-15);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::{Error, FirstOrder, Named};

use crate::adam::lerp;
use crate::check;
use crate::regularization::Regularization;

/// RAdam, as `torch.optim.RAdam`.
///
/// Defaults: `lr = 1e-3`, `betas = (0.9, 0.999)`, `eps = 1e-8`, `weight_decay = 0`,
/// `decoupled_weight_decay = false`, `maximize = false`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RAdam {
    /// Learning rate η, > 0 and finite. A rate given to
    /// `step_with_lr` (by a schedule) may also be 0.
    pub lr: f64,
    /// (β₁, β₂), each in [0, 1).
    pub betas: (f64, f64),
    /// ε, added to √v; ≥ 0 and finite.
    pub eps: f64,
    /// Weight decay λ, ≥ 0 and finite (coupled unless `decoupled_weight_decay`).
    pub weight_decay: f64,
    /// Decay the weights directly instead of adding λ·x to the gradient.
    pub decoupled_weight_decay: bool,
    /// Ascend instead of descend.
    pub maximize: bool,
}

impl Default for RAdam {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-8,
            weight_decay: 0.0,
            decoupled_weight_decay: false,
            maximize: false,
        }
    }
}

impl RAdam {
    /// RAdam with learning rate `lr` and torch's other defaults.
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

/// The state of [`RAdam`].
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub struct RAdamState {
    t: u64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    m: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    v: Vec<f64>,
}

impl RAdamState {
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
}

impl Named for RAdam {
    fn name(&self) -> &'static str {
        "RAdam"
    }
}

impl FirstOrder for RAdam {
    type State = RAdamState;

    fn lr(&self) -> f64 {
        self.lr
    }

    fn validate(&self) -> Result<(), Error> {
        check::lr(self.lr)?;
        check::betas(self.betas)?;
        check::nonneg("eps", self.eps)?;
        check::nonneg("weight_decay", self.weight_decay)
    }

    fn init_state(&self, n: usize) -> Result<RAdamState, Error> {
        self.validate()?;
        Ok(RAdamState {
            t: 0,
            m: vec![0.0; n],
            v: vec![0.0; n],
        })
    }

    fn step_with_lr(
        &self,
        state: &mut RAdamState,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
    ) -> Result<(), Error> {
        check::step(state.m.len(), params, grad, lr)?;
        state.t += 1;
        let t = state.t as f64;
        let (beta1, beta2) = self.betas;
        let bias_correction1 = 1.0 - beta1.powf(t);
        let beta2_t = beta2.powf(t);
        let bias_correction2 = 1.0 - beta2_t;
        let rho_inf = 2.0 / (1.0 - beta2) - 1.0;
        let rho_t = rho_inf - 2.0 * t * beta2_t / bias_correction2;
        let rectified = rho_t > 5.0;
        let rect = if rectified {
            ((rho_t - 4.0) * (rho_t - 2.0) * rho_inf / ((rho_inf - 4.0) * (rho_inf - 2.0) * rho_t))
                .powf(0.5)
        } else {
            0.0
        };
        let bias_correction2_sqrt = bias_correction2.powf(0.5);
        let (w1, w2, eps) = (1.0 - beta1, 1.0 - beta2, self.eps);
        let RAdamState { m, v, .. } = state;
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
                    let m_hat = *m / bias_correction1;
                    let update = if rectified {
                        m_hat * lr * (bias_correction2_sqrt / (v.sqrt() + eps)) * rect
                    } else {
                        m_hat * lr
                    };
                    *x = *x * decay - update;
                }
            },
        );
        Ok(())
    }
}
