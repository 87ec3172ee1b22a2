//! Lion (evoLved sIgn mOmeNtum), as in the paper and lucidrains' `lion-pytorch`.
//!
//! Lion is not in torch.optim; this follows the paper's Algorithm 2 and `lion-pytorch`'s
//! `update_fn`, which agree.
//!
//! # Update
//!
//! With gradient gₜ, learning rate η, betas (β₁, β₂) and decoupled weight decay λ:
//!
//! ```text
//! xₜ₋₁ ← (1 − η·λ)·xₜ₋₁
//! cₜ = β₁·mₜ₋₁ + (1 − β₁)·gₜ         (interpolate with β₁ for the step …)
//! xₜ = xₜ₋₁ − η·sign(cₜ)
//! mₜ = β₂·mₜ₋₁ + (1 − β₂)·gₜ         (… but track the momentum with β₂)
//! ```
//!
//! `sign(0) = 0` as torch's `sign` (Rust's `f64::signum(0.0)` is 1, which would move
//! every coordinate whose gradient and momentum vanish); `sign(NaN)` is NaN, so a
//! diverging run shows. Every coordinate moves by exactly η (or 0): use a learning rate
//! 3–10× smaller than AdamW's and a weight decay 3–10× larger, as the paper advises.
//!
//! Defaults are lion-pytorch's: `lr = 1e-4`, `betas = (0.9, 0.99)`, `weight_decay = 0`.
//!
//! # References
//! - X. Chen, C. Liang, D. Huang, E. Real, K. Wang, Y. Liu, H. Pham, X. Dong, T. Luong,
//!   C.-J. Hsieh, Y. Lu, Q. V. Le, "Symbolic Discovery of Optimization Algorithms",
//!   NeurIPS 2023, Algorithm 2.
//! - lion-pytorch (github.com/lucidrains/lion-pytorch), `lion_pytorch/lion_pytorch.py`.
//!
//! # Example
//! ```
//! use first_order::prelude::*;
//! let opt = Lion::new(0.1);
//! let mut x = vec![1.0, 1.0, 1.0];
//! let mut state = opt.init_state(3)?;
//! opt.step(&mut state, &mut x, &[5.0, -1e-9, 0.0])?;
//! assert_eq!(x, vec![0.9, 1.1, 1.0]); // a zero gradient does not move x
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::check_param;
use optim_core::{Error, FirstOrder, Named};

use crate::check;
use crate::regularization::{Regularization, WeightDecay};

/// Lion, as `lion_pytorch.Lion`.
///
/// Defaults: `lr = 1e-4`, `betas = (0.9, 0.99)`, `weight_decay = 0`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lion {
    /// Learning rate η (the size of every coordinate's step), > 0 and finite. A rate
    /// given to `step_with_lr` (by a schedule) may also be 0.
    pub lr: f64,
    /// (β₁, β₂): β₁ mixes the step direction, β₂ tracks the momentum; each in [0, 1].
    pub betas: (f64, f64),
    /// Decoupled weight decay λ: `x ← (1 − η·λ)·x` before the step. ≥ 0 and finite.
    pub weight_decay: f64,
}

impl Default for Lion {
    fn default() -> Self {
        Self {
            lr: 1e-4,
            betas: (0.9, 0.99),
            weight_decay: 0.0,
        }
    }
}

impl Lion {
    /// Lion with learning rate `lr` and lion-pytorch's other defaults.
    pub fn new(lr: f64) -> Self {
        Self {
            lr,
            ..Self::default()
        }
    }

    fn regularization(&self) -> Regularization {
        Regularization {
            maximize: false,
            weight_decay: WeightDecay::Decoupled(self.weight_decay),
        }
    }
}

/// The state of [`Lion`].
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub struct LionState {
    t: u64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    m: Vec<f64>,
}

impl LionState {
    /// Number of steps taken.
    pub fn step(&self) -> u64 {
        self.t
    }
    /// The momentum m (`exp_avg`).
    pub fn exp_avg(&self) -> &[f64] {
        &self.m
    }
}

/// torch's `sign`: −1, 0 or 1, and NaN for NaN.
#[inline(always)]
fn sign(v: f64) -> f64 {
    if v > 0.0 {
        1.0
    } else if v < 0.0 {
        -1.0
    } else {
        // 0 stays 0; NaN stays NaN.
        v * 0.0
    }
}

impl Named for Lion {
    fn name(&self) -> &'static str {
        "Lion"
    }
}

impl FirstOrder for Lion {
    type State = LionState;

    fn lr(&self) -> f64 {
        self.lr
    }

    fn validate(&self) -> Result<(), Error> {
        check::lr(self.lr)?;
        check_param("betas.0", self.betas.0, "[0, 1]", |v| {
            (0.0..=1.0).contains(&v)
        })?;
        check_param("betas.1", self.betas.1, "[0, 1]", |v| {
            (0.0..=1.0).contains(&v)
        })?;
        check::nonneg("weight_decay", self.weight_decay)
    }

    fn init_state(&self, n: usize) -> Result<LionState, Error> {
        self.validate()?;
        Ok(LionState {
            t: 0,
            m: vec![0.0; n],
        })
    }

    fn step_with_lr(
        &self,
        state: &mut LionState,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
    ) -> Result<(), Error> {
        check::step(state.m.len(), params, grad, lr)?;
        state.t += 1;
        let (beta1, beta2) = self.betas;
        let neg_lr = -lr;
        let m = &mut state.m;
        self.regularization().apply_split(
            params,
            grad,
            [&mut m[..]],
            lr,
            #[inline(always)]
            |x, g, [m], decay| {
                for ((x, &g), m) in x.iter_mut().zip(g).zip(m.iter_mut()) {
                    let c = *m * beta1 + (1.0 - beta1) * g;
                    *x = *x * decay + neg_lr * sign(c);
                    *m = *m * beta2 + (1.0 - beta2) * g;
                }
            },
        );
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sign_of_zero_is_zero_and_nan_stays_nan() {
        assert_eq!(sign(0.0), 0.0);
        assert_eq!(sign(-0.0), 0.0);
        assert_eq!(sign(3.0), 1.0);
        assert_eq!(sign(-1e-300), -1.0);
        assert!(sign(f64::NAN).is_nan());
    }

    #[test]
    fn momentum_uses_beta2_and_the_step_uses_beta1() {
        let opt = Lion {
            betas: (0.9, 0.5),
            ..Lion::new(0.5)
        };
        let mut s = opt.init_state(1).unwrap();
        let mut x = [0.0];
        opt.step(&mut s, &mut x, &[2.0]).unwrap();
        assert_eq!(s.exp_avg(), &[1.0]);
        // c₂ = 0.9·1 + 0.1·(−3) = 0.6 > 0, so x moves down again although g < 0.
        opt.step(&mut s, &mut x, &[-3.0]).unwrap();
        assert_eq!(x, [-1.0]);
        assert_eq!(s.exp_avg(), &[-1.0]);
    }
}
