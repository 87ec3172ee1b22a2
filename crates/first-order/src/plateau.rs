//! Reducing the rate when the objective stops improving ([`ReduceLrOnPlateau`], torch's
//! `ReduceLROnPlateau`), and the wrapper that applies it to any rule ([`OnPlateau`]).
//!
//! # Update
//!
//! After each observed value f (each iteration of a run, or each call of
//! [`FirstOrder::observe_value`] in a training loop, as torch's `scheduler.step(loss)`):
//!
//! ```text
//! better = f < best·(1 − θ)   (mode Min, relative threshold θ)
//!          f < best − θ        (Min, absolute)     and the mirror images for Max
//! if better: best = f, bad = 0   else: bad += 1
//! if cooling down: cooldown −= 1, bad = 0
//! if bad > patience: η ← max(η·factor, min_lr) if that lowers η by more than eps;
//!                    cooldown = `cooldown`, bad = 0
//! ```
//!
//! with best starting at +∞ (−∞ in Max mode). As in torch the rate is multiplied in
//! place, so the rates are torch's to the bit; when the rate the wrapper is given
//! changes (an outer schedule), the reductions so far apply to the new one,
//! max(η·factorᵏ, min_lr).
//!
//! Defaults are torch's: mode Min, factor 0.1, patience 10, threshold 1e-4 relative,
//! cooldown 0, min_lr 0, eps 1e-8.
//!
//! Reference: torch.optim.lr_scheduler.ReduceLROnPlateau.
//!
//! ```
//! use first_order::prelude::*;
//! // A loss that stops improving: the rate drops tenfold once `patience` = 2 values
//! // in a row have failed to beat the best.
//! let opt = Sgd::new(1.0).reduced_on_plateau(ReduceLrOnPlateau { patience: 2, ..Default::default() });
//! let mut state = opt.init_state(1)?;
//! let mut x = [0.0];
//! for loss in [5.0, 4.0, 4.0, 4.0, 4.0] {
//!     opt.observe_value(&mut state, loss);
//! }
//! opt.step(&mut state, &mut x, &[1.0])?;
//! assert!((x[0] + 0.1).abs() < 1e-15); // x − 0.1·g: the rate is 1 × 0.1
//! assert_eq!(state.reductions(), 1);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::check_param;
use optim_core::{Error, FirstOrder, Named};

/// Whether the observed value should go down or up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum PlateauMode {
    /// A lower value is better (a loss); torch's `'min'`, the default.
    #[default]
    Min,
    /// A higher value is better (an accuracy); torch's `'max'`.
    Max,
}

/// How [`ReduceLrOnPlateau::threshold`] is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum ThresholdMode {
    /// Better means beyond best·(1 ∓ θ); torch's `'rel'`, the default.
    #[default]
    Rel,
    /// Better means beyond best ∓ θ; torch's `'abs'`.
    Abs,
}

/// The plateau rule, as torch's `ReduceLROnPlateau`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReduceLrOnPlateau {
    /// Whether lower or higher values are better. Default [`PlateauMode::Min`].
    pub mode: PlateauMode,
    /// The factor applied to the rate at a plateau; torch's default 0.1. In (0, 1).
    pub factor: f64,
    /// Values without improvement tolerated before reducing; torch's default 10.
    pub patience: usize,
    /// θ, how much better a value must be to count; torch's default 1e-4. ≥ 0 and finite.
    pub threshold: f64,
    /// Relative or absolute θ. Default [`ThresholdMode::Rel`].
    pub threshold_mode: ThresholdMode,
    /// Values to wait after a reduction before counting again; torch's default 0.
    pub cooldown: usize,
    /// The rate never goes below this; torch's default 0. ≥ 0 and finite.
    pub min_lr: f64,
    /// A reduction smaller than this is not made; torch's default 1e-8. ≥ 0 and finite.
    pub eps: f64,
}

impl Default for ReduceLrOnPlateau {
    fn default() -> Self {
        Self {
            mode: PlateauMode::Min,
            factor: 0.1,
            patience: 10,
            threshold: 1e-4,
            threshold_mode: ThresholdMode::Rel,
            cooldown: 0,
            min_lr: 0.0,
            eps: 1e-8,
        }
    }
}

impl ReduceLrOnPlateau {
    /// Checks every hyper-parameter.
    pub fn validate(&self) -> Result<(), Error> {
        check_param("factor", self.factor, "in (0, 1)", |v| v > 0.0 && v < 1.0)?;
        for (name, v) in [
            ("threshold", self.threshold),
            ("min_lr", self.min_lr),
            ("eps", self.eps),
        ] {
            check_param(name, v, ">= 0 and finite", |v| v >= 0.0 && v.is_finite())?;
        }
        Ok(())
    }

    /// torch's `is_better(a, best)`.
    fn is_better(&self, a: f64, best: f64) -> bool {
        let t = self.threshold;
        match (self.mode, self.threshold_mode) {
            (PlateauMode::Min, ThresholdMode::Rel) => a < best * (1.0 - t),
            (PlateauMode::Min, ThresholdMode::Abs) => a < best - t,
            (PlateauMode::Max, ThresholdMode::Rel) => a > best * (t + 1.0),
            (PlateauMode::Max, ThresholdMode::Abs) => a > best + t,
        }
    }
}

/// A rule whose rate is reduced on plateaus of the observed value; itself a
/// [`FirstOrder`] rule. Usually built with
/// [`Compose::reduced_on_plateau`](crate::Compose::reduced_on_plateau).
#[derive(Debug, Clone)]
pub struct OnPlateau<T> {
    /// The update rule; its rate is the one reduced.
    pub optimizer: T,
    /// The plateau rule.
    pub plateau: ReduceLrOnPlateau,
}

/// The state of [`OnPlateau`]: the inner state and torch's counters.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct PlateauState<S> {
    /// The inner rule's state.
    pub inner: S,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    best: f64,
    num_bad: usize,
    cooldown_counter: usize,
    /// The product of the reductions made.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    scale: f64,
    reductions: usize,
    /// The last rate the wrapper was given (the rule's, before any step).
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    last_lr: f64,
    /// The rate it passes on, reduced in place as torch does.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    rate: f64,
}

impl<S> PlateauState<S> {
    /// How many times the rate was reduced.
    pub fn reductions(&self) -> usize {
        self.reductions
    }
    /// The best value seen.
    pub fn best(&self) -> f64 {
        self.best
    }
}

impl<T: Named> Named for OnPlateau<T> {
    fn name(&self) -> &'static str {
        self.optimizer.name()
    }
}

impl<T: FirstOrder> FirstOrder for OnPlateau<T> {
    type State = PlateauState<T::State>;

    fn lr(&self) -> f64 {
        self.optimizer.lr()
    }

    fn validate(&self) -> Result<(), Error> {
        self.optimizer.validate()?;
        self.plateau.validate()
    }

    fn init_state(&self, n: usize) -> Result<Self::State, Error> {
        self.plateau.validate()?;
        let best = match self.plateau.mode {
            PlateauMode::Min => f64::INFINITY,
            PlateauMode::Max => f64::NEG_INFINITY,
        };
        Ok(PlateauState {
            inner: self.optimizer.init_state(n)?,
            best,
            num_bad: 0,
            cooldown_counter: 0,
            scale: 1.0,
            reductions: 0,
            last_lr: self.optimizer.lr(),
            rate: self.optimizer.lr(),
        })
    }

    fn step_with_lr(
        &self,
        state: &mut Self::State,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
    ) -> Result<(), Error> {
        if lr != state.last_lr {
            state.last_lr = lr;
            state.rate = (lr * state.scale).max(self.plateau.min_lr);
        }
        self.optimizer
            .step_with_lr(&mut state.inner, params, grad, state.rate)
    }

    /// torch's `ReduceLROnPlateau.step(value)`.
    fn observe_value(&self, state: &mut Self::State, value: f64) {
        self.optimizer.observe_value(&mut state.inner, value);
        let p = &self.plateau;
        if p.is_better(value, state.best) {
            state.best = value;
            state.num_bad = 0;
        } else {
            state.num_bad += 1;
        }
        if state.cooldown_counter > 0 {
            state.cooldown_counter -= 1;
            state.num_bad = 0;
        }
        if state.num_bad > p.patience {
            let old = state.rate;
            let new = (old * p.factor).max(p.min_lr);
            if old - new > p.eps {
                state.rate = new;
                state.scale *= p.factor;
                state.reductions += 1;
            }
            state.cooldown_counter = p.cooldown;
            state.num_bad = 0;
        }
    }
}
