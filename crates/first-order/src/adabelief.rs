//! AdaBelief, exact to the official `adabelief-pytorch` 0.2.1 (rectified by default),
//! with the paper's un-rectified Algorithm 2 as `rectify = false`.
//!
//! # Update
//!
//! With gradient gₜ, learning rate η, betas (β₁, β₂), weight decay λ and ε:
//!
//! ```text
//! xₜ₋₁ ← (1 − η·λ)·xₜ₋₁     if weight_decouple   (or (1 − λ)·xₜ₋₁ with fixed_decay)
//! gₜ ← gₜ + λ·xₜ₋₁           otherwise (coupled L2)
//! mₜ = β₁·mₜ₋₁ + (1 − β₁)·gₜ
//! sₜ = β₂·sₜ₋₁ + (1 − β₂)·(gₜ − mₜ)² + ε          (ε added to s itself, every step)
//! ŝₜ = max(ŝₜ₋₁, sₜ) if amsgrad, else sₜ
//! rectify = false:
//!   xₜ = xₜ₋₁ − η/(1 − β₁ᵗ) · mₜ / (√ŝₜ/√(1 − β₂ᵗ) + ε)
//! rectify = true (RAdam's rectification; ρ∞, ρₜ as in RAdam):
//!   ρₜ ≥ 5:  xₜ = xₜ₋₁ − η·rₜ·√(1 − β₂ᵗ)/(1 − β₁ᵗ) · mₜ/(√sₜ + ε)
//!   ρₜ < 5:  xₜ = xₜ₋₁ − η/(1 − β₁ᵗ)·mₜ   if degenerated_to_sgd, else no step
//! ```
//!
//! with `rₜ = √((ρₜ − 4)(ρₜ − 2)ρ∞ / ((ρ∞ − 4)(ρ∞ − 2)ρₜ))`. Three quirks of the
//! reference implementation are kept, because they are what its users run:
//! ε enters twice (added to s every step, and to the denominator); the rectified branch
//! switches on at ρₜ ≥ 5 (RAdam: ρₜ > 5); and the rectified branch divides by √s, not by
//! the AMSGrad maximum ŝ (which then only matters while `rectify = false`). The residual
//! uses the *new* mₜ.
//!
//! Defaults are adabelief-pytorch 0.2.1's: `lr = 1e-3`, `betas = (0.9, 0.999)`,
//! `eps = 1e-16`, `weight_decay = 0`, `amsgrad = false`, `weight_decouple = true`,
//! `fixed_decay = false`, `rectify = true`, `degenerated_to_sgd = true`. The package has
//! no `maximize`.
//!
//! # References
//! - J. Zhuang, T. Tang, Y. Ding, S. Tatikonda, N. Dvornek, X. Papademetris, J. Duncan,
//!   "AdaBelief Optimizer: Adapting Stepsizes by the Belief in Observed Gradients",
//!   NeurIPS 2020.
//! - adabelief-pytorch 0.2.1, `AdaBelief.step`
//!   (github.com/juntang-zhuang/Adabelief-Optimizer, `pypi_packages/adabelief_pytorch0.2.1`).
//!
//! # Example
//! ```
//! use first_order::prelude::*;
//! let opt = AdaBelief::new(0.02);
//! let mut x = vec![-1.0, -1.0];
//! let mut state = opt.init_state(2)?;
//! // ρ₁ = 1 < 5: the first rectified step is momentum SGD, x − η·g.
//! opt.step(&mut state, &mut x, &[-1.0, -10.0])?;
//! assert!((x[0] + 0.98).abs() < 1e-15 && (x[1] + 0.8).abs() < 1e-15);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::{Error, FirstOrder, Named};

use crate::check;
use crate::regularization::{Regularization, WeightDecay};

/// AdaBelief, as `adabelief_pytorch.AdaBelief` 0.2.1.
///
/// Defaults: `lr = 1e-3`, `betas = (0.9, 0.999)`, `eps = 1e-16`, `weight_decay = 0`,
/// `amsgrad = false`, `weight_decouple = true`, `fixed_decay = false`, `rectify = true`,
/// `degenerated_to_sgd = true`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AdaBelief {
    /// Learning rate η, > 0 and finite. A rate given to
    /// `step_with_lr` (by a schedule) may also be 0.
    pub lr: f64,
    /// (β₁, β₂), each in [0, 1).
    pub betas: (f64, f64),
    /// ε, added to s every step and to the denominator; ≥ 0 and finite.
    pub eps: f64,
    /// Weight decay λ, ≥ 0 and finite.
    pub weight_decay: f64,
    /// Divide by the running maximum of s (only while `rectify = false`, see above).
    pub amsgrad: bool,
    /// Decoupled weight decay (`x ← (1 − η·λ)·x`) instead of coupled L2.
    pub weight_decouple: bool,
    /// With `weight_decouple`, decay by `(1 − λ)` independently of η.
    pub fixed_decay: bool,
    /// RAdam's rectification of the adaptive step.
    pub rectify: bool,
    /// While ρₜ < 5 (rectified), take a momentum-SGD step instead of none.
    pub degenerated_to_sgd: bool,
}

impl Default for AdaBelief {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            betas: (0.9, 0.999),
            eps: 1e-16,
            weight_decay: 0.0,
            amsgrad: false,
            weight_decouple: true,
            fixed_decay: false,
            rectify: true,
            degenerated_to_sgd: true,
        }
    }
}

impl AdaBelief {
    /// AdaBelief with learning rate `lr` and the package's other defaults.
    pub fn new(lr: f64) -> Self {
        Self {
            lr,
            ..Self::default()
        }
    }

    fn regularization(&self) -> Regularization {
        let weight_decay = match (self.weight_decouple, self.fixed_decay) {
            (true, false) => WeightDecay::Decoupled(self.weight_decay),
            (true, true) => WeightDecay::Fixed(self.weight_decay),
            (false, _) => WeightDecay::Coupled(self.weight_decay),
        };
        // The package has no `maximize`.
        Regularization {
            maximize: false,
            weight_decay,
        }
    }
}

/// The state of [`AdaBelief`].
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub struct AdaBeliefState {
    n: usize,
    t: u64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    m: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    s: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    s_max: Vec<f64>,
}

impl AdaBeliefState {
    /// Number of steps taken (t).
    pub fn step(&self) -> u64 {
        self.t
    }
    /// The first moment m (`exp_avg`).
    pub fn exp_avg(&self) -> &[f64] {
        &self.m
    }
    /// The belief s, the running variance of g around m, ε included (`exp_avg_var`).
    pub fn exp_avg_var(&self) -> &[f64] {
        &self.s
    }
}

/// How a step ends, decided once per step from ρₜ.
#[derive(Clone, Copy)]
enum Branch {
    /// x ← x + c·m/(√ŝ/√(1 − β₂ᵗ) + ε).
    Adaptive { c: f64, bias_correction2_sqrt: f64 },
    /// x ← x + c·m/(√s + ε).
    Rectified { c: f64 },
    /// x ← x + c·m.
    Sgd { c: f64 },
    /// x unchanged.
    None,
}

impl Named for AdaBelief {
    fn name(&self) -> &'static str {
        "AdaBelief"
    }
}

impl FirstOrder for AdaBelief {
    type State = AdaBeliefState;

    fn lr(&self) -> f64 {
        self.lr
    }

    fn validate(&self) -> Result<(), Error> {
        check::lr(self.lr)?;
        check::betas(self.betas)?;
        check::nonneg("eps", self.eps)?;
        check::nonneg("weight_decay", self.weight_decay)
    }

    fn init_state(&self, n: usize) -> Result<AdaBeliefState, Error> {
        self.validate()?;
        Ok(AdaBeliefState {
            n,
            t: 0,
            m: vec![0.0; n],
            s: vec![0.0; n],
            s_max: vec![0.0; if self.amsgrad { n } else { 0 }],
        })
    }

    fn step_with_lr(
        &self,
        state: &mut AdaBeliefState,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
    ) -> Result<(), Error> {
        check::step(state.n, params, grad, lr)?;
        if self.amsgrad && state.s_max.len() != state.n {
            return Err(Error::IncompatibleParameters(
                "amsgrad needs a state made with amsgrad (it has no max_exp_avg_var)",
            ));
        }
        state.t += 1;
        let t = state.t as f64;
        let (beta1, beta2) = self.betas;
        let bias_correction1 = 1.0 - beta1.powf(t);
        let bias_correction2 = 1.0 - beta2.powf(t);
        let branch = if !self.rectify {
            Branch::Adaptive {
                c: -(lr / bias_correction1),
                bias_correction2_sqrt: bias_correction2.sqrt(),
            }
        } else {
            let beta2_t = beta2.powf(t);
            let n_sma_max = 2.0 / (1.0 - beta2) - 1.0;
            let n_sma = n_sma_max - 2.0 * t * beta2_t / (1.0 - beta2_t);
            if n_sma >= 5.0 {
                let r2 = (1.0 - beta2_t) * (n_sma - 4.0) / (n_sma_max - 4.0) * (n_sma - 2.0)
                    / n_sma
                    * n_sma_max
                    / (n_sma_max - 2.0);
                let step_size = r2.sqrt() / (1.0 - beta1.powf(t));
                Branch::Rectified { c: -step_size * lr }
            } else if self.degenerated_to_sgd {
                Branch::Sgd {
                    c: -(1.0 / (1.0 - beta1.powf(t))) * lr,
                }
            } else {
                Branch::None
            }
        };
        let (w1, w2, eps) = (1.0 - beta1, 1.0 - beta2, self.eps);
        // One element of the update, given the decayed x, the new m, s and ŝ.
        let finish = |x0: f64, m: f64, s: f64, s_hat: f64| match branch {
            Branch::Adaptive {
                c,
                bias_correction2_sqrt,
            } => x0 + c * m / (s_hat.sqrt() / bias_correction2_sqrt + eps),
            Branch::Rectified { c } => x0 + c * m / (s.sqrt() + eps),
            Branch::Sgd { c } => x0 + c * m,
            Branch::None => x0,
        };
        let amsgrad = self.amsgrad;
        let AdaBeliefState { m, s, s_max, .. } = state;
        let reg = self.regularization();
        if amsgrad {
            reg.apply_split(
                params,
                grad,
                [&mut m[..], &mut s[..], &mut s_max[..]],
                lr,
                #[inline(always)]
                |x, g, [m, s, s_max], decay| {
                    let xgms = x.iter_mut().zip(g).zip(m.iter_mut().zip(s.iter_mut()));
                    for (((x, &g), (m, s)), s_max) in xgms.zip(s_max.iter_mut()) {
                        *m = *m * beta1 + w1 * g;
                        let r = g - *m;
                        *s = *s * beta2 + w2 * r * r + eps;
                        // The package updates the maximum on every step, whichever branch runs.
                        *s_max = if s_max.is_nan() || s.is_nan() {
                            f64::NAN
                        } else {
                            s_max.max(*s)
                        };
                        *x = finish(*x * decay, *m, *s, *s_max);
                    }
                },
            );
        } else {
            reg.apply_split(
                params,
                grad,
                [&mut m[..], &mut s[..]],
                lr,
                #[inline(always)]
                |x, g, [m, s], decay| {
                    for ((x, &g), (m, s)) in x.iter_mut().zip(g).zip(m.iter_mut().zip(s.iter_mut()))
                    {
                        *m = *m * beta1 + w1 * g;
                        let r = g - *m;
                        *s = *s * beta2 + w2 * r * r + eps;
                        *x = finish(*x * decay, *m, *s, *s);
                    }
                },
            );
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// x after each of `k` steps on f(x) = ½(x₁² + 10·x₂²) from (−1, −1).
    fn run(opt: &AdaBelief, k: usize) -> Vec<[f64; 2]> {
        let mut s = opt.init_state(2).unwrap();
        let mut x = [-1.0, -1.0];
        (0..k)
            .map(|_| {
                let g = [x[0], 10.0 * x[1]];
                opt.step(&mut s, &mut x, &g).unwrap();
                x
            })
            .collect()
    }

    #[test]
    fn without_the_sgd_phase_nothing_moves_until_rho_reaches_5() {
        // With β₂ = 0.999, ρ₅ ≈ 4.99 and ρ₆ ≈ 5.99: five still steps, then a move.
        let xs = run(
            &AdaBelief {
                degenerated_to_sgd: false,
                ..AdaBelief::new(0.02)
            },
            6,
        );
        assert!(xs[..5].iter().all(|x| *x == [-1.0, -1.0]), "{xs:?}");
        assert!(xs[5][0] > -1.0 && xs[5][1] > -1.0);
    }

    #[test]
    fn amsgrad_only_acts_without_rectification() {
        let plain = run(&AdaBelief::new(0.02), 30);
        let ams = run(
            &AdaBelief {
                amsgrad: true,
                ..AdaBelief::new(0.02)
            },
            30,
        );
        assert_eq!(plain, ams);
        let plain = run(
            &AdaBelief {
                rectify: false,
                ..AdaBelief::new(0.02)
            },
            30,
        );
        let ams = run(
            &AdaBelief {
                rectify: false,
                amsgrad: true,
                ..AdaBelief::new(0.02)
            },
            30,
        );
        assert_ne!(plain, ams);
    }

    #[test]
    fn fixed_decay_ignores_the_learning_rate() {
        // A zero gradient leaves m = 0, so only the decay moves x.
        for (fixed, factor) in [(true, 1.0 - 0.1), (false, 1.0 - 0.02 * 0.1)] {
            let opt = AdaBelief {
                weight_decay: 0.1,
                fixed_decay: fixed,
                ..AdaBelief::new(0.02)
            };
            let mut s = opt.init_state(1).unwrap();
            let mut x = [3.0];
            opt.step(&mut s, &mut x, &[0.0]).unwrap();
            assert_eq!(x, [3.0 * factor]);
        }
    }

    #[test]
    fn eps_is_added_to_s_on_every_step() {
        let opt = AdaBelief {
            eps: 1e-3,
            ..AdaBelief::new(0.02)
        };
        let mut s = opt.init_state(1).unwrap();
        let mut x = [0.0];
        for _ in 0..3 {
            opt.step(&mut s, &mut x, &[0.0]).unwrap();
        }
        // s₃ = ((ε·β₂ + ε)·β₂ + ε) with zero residuals.
        let b2 = 0.999;
        assert_eq!(s.exp_avg_var(), &[(1e-3 * b2 + 1e-3) * b2 + 1e-3]);
    }
}
