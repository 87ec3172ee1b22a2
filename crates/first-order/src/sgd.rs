//! Gradient descent and stochastic gradient descent with momentum, exact to
//! `torch.optim.SGD`, plus the two other momentum forms the course documents use.
//!
//! # Update (torch form, [`MomentumForm::Torch`])
//!
//! With gradient gₜ, learning rate η, momentum μ, dampening τ and weight decay λ:
//!
//! ```text
//! dₜ = ±gₜ + λ·xₜ₋₁                       (− when maximize; coupled L2 decay)
//! bₜ = dₜ                   if t = 1       (the first buffer is the gradient itself, undampened)
//! bₜ = μ·bₜ₋₁ + (1 − τ)·dₜ  otherwise
//! sₜ = dₜ + μ·bₜ  if nesterov,  else sₜ = bₜ       (sₜ = dₜ when μ = 0: plain gradient descent)
//! xₜ = xₜ₋₁ − η·sₜ
//! ```
//!
//! With nesterov the iterates are torch's, i.e. the look-ahead points.
//!
//! # The two other forms
//!
//! [`MomentumForm::Ewa`] (an exponentially weighted average, `Sgd::ewa_momentum`):
//! `v₀ = 0, vₜ = β·vₜ₋₁ + (1 − β)·dₜ, xₜ = xₜ₋₁ − η·vₜ`. Since `vₜ = (1 − β)·bₜ` for
//! every t (the first step included: `v₁ = (1 − β)·d₁ = (1 − β)·b₁`), this is torch's
//! form with momentum β, dampening **0** and learning rate `η·(1 − β)` — for any
//! learning-rate schedule. It is *not* torch's dampening `τ = 1 − β`: that one takes
//! `b₁ = d₁` undampened, so its first step is `1/(1 − β)` times larger. The form is kept
//! as a mode of its own so that `lr` means the documents' η and the arithmetic is theirs.
//!
//! [`MomentumForm::Velocity`] (`Sgd::velocity`): `v₀ = 0, vₜ = μ·vₜ₋₁ − η·dₜ,
//! xₜ = xₜ₋₁ + vₜ`. Here `vₜ = −η·bₜ` while η is constant, so it is torch's form with
//! the same μ and η; under a learning-rate schedule the two differ (the velocity keeps
//! the old learning rates of the gradients it has accumulated).
//!
//! With nesterov, each form takes torch's look-ahead step written in its own variables:
//! `xₜ = xₜ₋₁ − η·((1 − β)·dₜ + β·vₜ)` (EWA) and `xₜ = xₜ₋₁ + μ·vₜ − η·dₜ` (velocity).
//!
//! # References
//! - torch.optim.SGD, <https://pytorch.org/docs/stable/generated/torch.optim.SGD.html>
//!   (`_single_tensor_sgd`).
//! - I. Sutskever, J. Martens, G. Dahl, G. Hinton, "On the importance of initialization
//!   and momentum in deep learning", ICML 2013 (momentum and Nesterov's form).
//!
//! # Example
//! ```
//! use first_order::prelude::*;
//! // f(x) = ½‖x‖², so ∇f(x) = x.
//! let sgd = Sgd { momentum: 0.5, ..Sgd::new(0.1) };
//! let mut x = vec![1.0, -2.0];
//! let mut state = sgd.init_state(x.len())?;
//! let mut g = vec![0.0; 2];
//! for _ in 0..100 {
//!     g.copy_from_slice(&x);
//!     sgd.step(&mut state, &mut x, &g)?;
//! }
//! assert!(x.iter().all(|v| v.abs() < 1e-12));
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::check_param;
use optim_core::{Error, FirstOrder, Named};

use crate::check;
use crate::regularization::Regularization;

/// Which momentum recursion [`Sgd`] runs (see the [module documentation](self)).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MomentumForm {
    /// torch.optim.SGD: `b₁ = d₁`, `bₜ = μ·bₜ₋₁ + (1 − τ)·dₜ`, `x ← x − η·bₜ`.
    #[default]
    Torch,
    /// Exponentially weighted average: `v₀ = 0`, `vₜ = β·vₜ₋₁ + (1 − β)·dₜ`,
    /// `x ← x − η·vₜ` (β is [`Sgd::momentum`]).
    Ewa,
    /// Velocity: `v₀ = 0`, `vₜ = μ·vₜ₋₁ − η·dₜ`, `x ← x + vₜ`.
    Velocity,
}

/// Stochastic gradient descent with momentum, dampening, Nesterov's look-ahead,
/// coupled weight decay and maximisation, as `torch.optim.SGD`.
///
/// Defaults are torch's: `lr = 1e-3` (torch ≥ 2.2; older versions required it),
/// `momentum = 0`, `dampening = 0`, `weight_decay = 0`, `nesterov = false`,
/// `maximize = false`, and [`MomentumForm::Torch`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sgd {
    /// Learning rate η, > 0 and finite. A rate given to
    /// `step_with_lr` (by a schedule) may also be 0.
    pub lr: f64,
    /// Momentum μ (β of the EWA form), ≥ 0 and finite; at most 1 in the EWA form.
    pub momentum: f64,
    /// Dampening τ of the torch form, in [0, 1]; must be 0 in the other forms.
    pub dampening: f64,
    /// Coupled (L2) weight decay λ: the gradient becomes `g + λ·x`. ≥ 0 and finite.
    pub weight_decay: f64,
    /// Nesterov's look-ahead; needs `momentum > 0` and `dampening = 0`, as in torch.
    pub nesterov: bool,
    /// Ascend instead of descend (the gradient is negated first).
    pub maximize: bool,
    /// Which momentum recursion to run.
    pub form: MomentumForm,
}

impl Default for Sgd {
    fn default() -> Self {
        Self {
            lr: 1e-3,
            momentum: 0.0,
            dampening: 0.0,
            weight_decay: 0.0,
            nesterov: false,
            maximize: false,
            form: MomentumForm::Torch,
        }
    }
}

impl Sgd {
    /// Plain gradient descent with learning rate `lr` (torch's other defaults).
    pub fn new(lr: f64) -> Self {
        Self {
            lr,
            ..Self::default()
        }
    }

    /// The EWA form `v ← β·v + (1 − β)·g, x ← x − lr·v` with `v₀ = 0`: equal to torch's
    /// momentum β with dampening 0 and learning rate `lr·(1 − β)` (not to torch's
    /// dampening `1 − β`, whose first step is undampened).
    pub fn ewa_momentum(lr: f64, beta: f64) -> Self {
        Self {
            lr,
            momentum: beta,
            form: MomentumForm::Ewa,
            ..Self::default()
        }
    }

    /// The velocity form `v ← μ·v − lr·g, x ← x + v` with `v₀ = 0`: equal to torch's
    /// momentum μ at constant learning rate.
    pub fn velocity(lr: f64, mu: f64) -> Self {
        Self {
            lr,
            momentum: mu,
            form: MomentumForm::Velocity,
            ..Self::default()
        }
    }

    fn needs_buffer(&self) -> bool {
        self.form != MomentumForm::Torch || self.momentum != 0.0
    }

    fn regularization(&self) -> Regularization {
        Regularization::torch(self.maximize, self.weight_decay, false)
    }
}

/// The state of [`Sgd`]: the momentum buffer (bₜ in the torch form, vₜ in the others).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub struct SgdState {
    n: usize,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    buf: Vec<f64>,
    steps: u64,
}

impl SgdState {
    /// The momentum buffer, `None` before the first step or when there is none
    /// (torch form with momentum 0), as torch's `momentum_buffer`.
    pub fn momentum_buffer(&self) -> Option<&[f64]> {
        (self.steps > 0 && !self.buf.is_empty()).then_some(&self.buf[..])
    }
    /// Number of steps taken.
    pub fn steps(&self) -> u64 {
        self.steps
    }
}

impl Named for Sgd {
    fn name(&self) -> &'static str {
        "SGD"
    }
}

impl FirstOrder for Sgd {
    type State = SgdState;

    fn lr(&self) -> f64 {
        self.lr
    }

    fn validate(&self) -> Result<(), Error> {
        check::lr(self.lr)?;
        if self.form == MomentumForm::Ewa {
            check_param(
                "momentum",
                self.momentum,
                "[0, 1] (the EWA weight β)",
                |v| (0.0..=1.0).contains(&v),
            )?;
        } else {
            check::nonneg("momentum", self.momentum)?;
        }
        check_param("dampening", self.dampening, "[0, 1]", |v| {
            (0.0..=1.0).contains(&v)
        })?;
        check::nonneg("weight_decay", self.weight_decay)?;
        if self.nesterov && (self.momentum <= 0.0 || self.dampening != 0.0) {
            return Err(Error::IncompatibleParameters(
                "nesterov requires momentum > 0 and dampening = 0",
            ));
        }
        if self.form != MomentumForm::Torch && self.dampening != 0.0 {
            return Err(Error::IncompatibleParameters(
                "dampening applies to the torch momentum form only",
            ));
        }
        Ok(())
    }

    fn init_state(&self, n: usize) -> Result<SgdState, Error> {
        self.validate()?;
        let len = if self.needs_buffer() { n } else { 0 };
        Ok(SgdState {
            n,
            buf: vec![0.0; len],
            steps: 0,
        })
    }

    fn step_with_lr(
        &self,
        state: &mut SgdState,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
    ) -> Result<(), Error> {
        check::step(state.n, params, grad, lr)?;
        if self.needs_buffer() && state.buf.len() != state.n {
            return Err(Error::IncompatibleParameters(
                "the SGD state has no momentum buffer: it was made for momentum 0",
            ));
        }
        let mu = self.momentum;
        let (form, nesterov, needs_buffer) = (self.form, self.nesterov, self.needs_buffer());
        let first = state.steps == 0;
        let keep = 1.0 - self.dampening;
        let buf = &mut state.buf;
        let reg = self.regularization();
        if !needs_buffer {
            // Plain SGD (torch's form, no momentum): no state.
            reg.apply_split(
                params,
                grad,
                [],
                lr,
                #[inline(always)]
                |x, d, [], decay| {
                    for (x, &dt) in x.iter_mut().zip(d) {
                        *x = *x * decay + -lr * dt;
                    }
                },
            );
        } else {
            reg.apply_split(
                params,
                grad,
                [&mut buf[..]],
                lr,
                #[inline(always)]
                |x, d, [buf], decay| {
                    // `d` is torch's gradient after maximize and weight decay: dₜ above.
                    let xdb = x.iter_mut().zip(d).zip(buf.iter_mut());
                    match form {
                        MomentumForm::Torch => {
                            for ((x, &dt), b) in xdb {
                                *b = if first { dt } else { *b * mu + keep * dt };
                                let s = if nesterov { dt + mu * *b } else { *b };
                                *x = *x * decay + -lr * s;
                            }
                        }
                        MomentumForm::Ewa => {
                            for ((x, &dt), v) in xdb {
                                *v = mu * *v + (1.0 - mu) * dt;
                                let s = if nesterov {
                                    (1.0 - mu) * dt + mu * *v
                                } else {
                                    *v
                                };
                                *x = *x * decay - lr * s;
                            }
                        }
                        MomentumForm::Velocity => {
                            for ((x, &dt), v) in xdb {
                                *v = mu * *v - lr * dt;
                                *x = *x * decay + if nesterov { mu * *v - lr * dt } else { *v };
                            }
                        }
                    }
                },
            );
        }
        state.steps += 1;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs `opt` for `k` steps on f(x) = ½(x₁² + 10x₂²) from (−1, −1).
    fn run(opt: &Sgd, k: usize) -> Vec<f64> {
        let mut x = vec![-1.0, -1.0];
        let mut s = opt.init_state(2).unwrap();
        let mut g = vec![0.0; 2];
        for _ in 0..k {
            g[0] = x[0];
            g[1] = 10.0 * x[1];
            opt.step(&mut s, &mut x, &g).unwrap();
        }
        x
    }

    #[test]
    fn ewa_equals_torch_with_scaled_lr_and_no_dampening() {
        let (lr, beta) = (0.1, 0.9);
        for k in 1..40 {
            let a = run(&Sgd::ewa_momentum(lr, beta), k);
            let b = run(
                &Sgd {
                    momentum: beta,
                    ..Sgd::new(lr * (1.0 - beta))
                },
                k,
            );
            for (p, q) in a.iter().zip(&b) {
                assert!((p - q).abs() < 1e-14, "k = {k}: {a:?} vs {b:?}");
            }
        }
        // torch's dampening 1 − β is a different method: its first step is undampened.
        let damped = Sgd {
            momentum: beta,
            dampening: 1.0 - beta,
            ..Sgd::new(lr)
        };
        let c = run(&damped, 1);
        assert_eq!(c, vec![-1.0 + lr, -1.0 + 10.0 * lr]);
        assert_eq!(
            run(&Sgd::ewa_momentum(lr, beta), 1),
            vec![-1.0 + lr * (1.0 - beta), -1.0 + lr * (1.0 - beta) * 10.0]
        );
    }

    #[test]
    fn velocity_equals_torch_at_constant_lr() {
        for nesterov in [false, true] {
            let a = run(
                &Sgd {
                    nesterov,
                    ..Sgd::velocity(0.01, 0.9)
                },
                30,
            );
            let b = run(
                &Sgd {
                    momentum: 0.9,
                    nesterov,
                    ..Sgd::new(0.01)
                },
                30,
            );
            for (p, q) in a.iter().zip(&b) {
                assert!((p - q).abs() < 1e-14, "{a:?} vs {b:?}");
            }
        }
    }

    #[test]
    fn ewa_nesterov_equals_torch_nesterov_with_scaled_lr() {
        let a = run(
            &Sgd {
                nesterov: true,
                ..Sgd::ewa_momentum(0.1, 0.8)
            },
            25,
        );
        let b = run(
            &Sgd {
                momentum: 0.8,
                nesterov: true,
                ..Sgd::new(0.1 * 0.2)
            },
            25,
        );
        for (p, q) in a.iter().zip(&b) {
            assert!((p - q).abs() < 1e-14, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn momentum_buffer_is_none_until_the_first_step() {
        let opt = Sgd {
            momentum: 0.9,
            ..Sgd::new(0.1)
        };
        let mut s = opt.init_state(1).unwrap();
        assert_eq!(s.momentum_buffer(), None);
        opt.step(&mut s, &mut [1.0], &[2.0]).unwrap();
        assert_eq!(s.momentum_buffer(), Some(&[2.0][..]));
        assert_eq!(s.steps(), 1);
    }
}
