//! Learning-rate schedules, as `torch.optim.lr_scheduler` defines them, and
//! [`Scheduled`], the wrapper that applies one to any [`FirstOrder`] rule.
//!
//! Step t = 0, 1, 2, … is the t-th optimizer step (torch: `scheduler.step()` called once
//! after every `optimizer.step()`); η₀ is the rule's own [`FirstOrder::lr`]. Every
//! schedule is torch's closed form (`_get_closed_form_lr`):
//!
//! | schedule | ηₜ |
//! |---|---|
//! | [`Constant`] | η₀ |
//! | [`StepLr`] | η₀ · γ^⌊t / step_size⌋ |
//! | [`ExponentialLr`] | η₀ · γᵗ |
//! | [`CosineAnnealingLr`] | η_min + (η₀ − η_min)(1 + cos(π t / T_max)) / 2 |
//! | [`LinearLr`] | η₀ · (s + (e − s) · min(t, T) / T) |
//! | [`MultiStepLr`] | η₀ · γ^(milestones ≤ t) |
//! | [`PolynomialLr`] | η₀ · (1 − min(t, T)/T)^p |
//! | [`OneCycleLr`] | up from η₀/25 to η₀, then down to η₀/(25·10⁴), cosine or linear |
//! | [`Sequential`] | `first` for t < milestone, then `then` at t − milestone |
//!
//! The rate can also follow the objective: [`ReduceLrOnPlateau`](crate::ReduceLrOnPlateau)
//! (torch's `ReduceLROnPlateau`) divides it when the observed value stops improving.
//!
//! As in torch, cosine annealing is not clamped at T_max: past it the rate climbs back
//! towards η₀ (period 2·T_max), where optax's `cosine_decay_schedule` holds η_min.
//! [`warmup_cosine`] is torch's
//! `SequentialLR([LinearLR, CosineAnnealingLR], milestones=[warmup])`, and matches
//! optax's `warmup_cosine_decay_schedule` up to the end of its decay.
//!
//! ```
//! use first_order::{CosineAnnealingLr, Schedule, StepLr};
//! let step = StepLr { step_size: 30, gamma: 0.1 };
//! assert_eq!(step.lr(0.05, 29), 0.05);
//! assert!((step.lr(0.05, 30) - 0.005).abs() < 1e-18);
//! let cosine = CosineAnnealingLr { t_max: 100, eta_min: 0.0 };
//! assert!((cosine.lr(1.0, 50) - 0.5).abs() < 1e-15);
//! ```

use optim_core::error::check_param;
use optim_core::{Error, FirstOrder, Named};

/// A learning rate as a function of the step number.
pub trait Schedule {
    /// ηₜ, the rate of step `t` (0 for the first step) when the base rate is `base_lr`.
    fn lr(&self, base_lr: f64, t: usize) -> f64;
    /// Checks every hyper-parameter.
    fn validate(&self) -> Result<(), Error>;
}

/// ηₜ = η₀ (torch's `ConstantLR` with factor 1; what no scheduler does).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Constant;

impl Schedule for Constant {
    fn lr(&self, base_lr: f64, _t: usize) -> f64 {
        base_lr
    }
    fn validate(&self) -> Result<(), Error> {
        Ok(())
    }
}

/// ηₜ = η₀ · γ^⌊t / step_size⌋ (torch's `StepLR`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepLr {
    /// Steps between decays. No default in torch. Must be ≥ 1.
    pub step_size: usize,
    /// Decay factor; torch's default 0.1. Must be > 0 and finite.
    pub gamma: f64,
}

impl Schedule for StepLr {
    fn lr(&self, base_lr: f64, t: usize) -> f64 {
        base_lr * self.gamma.powf((t / self.step_size.max(1)) as f64)
    }
    fn validate(&self) -> Result<(), Error> {
        check_param("step_size", self.step_size as f64, ">= 1", |v| v >= 1.0)?;
        check_gamma(self.gamma)
    }
}

/// ηₜ = η₀ · γᵗ (torch's `ExponentialLR`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ExponentialLr {
    /// Decay factor per step. No default in torch. Must be > 0 and finite.
    pub gamma: f64,
}

impl Schedule for ExponentialLr {
    fn lr(&self, base_lr: f64, t: usize) -> f64 {
        base_lr * self.gamma.powf(t as f64)
    }
    fn validate(&self) -> Result<(), Error> {
        check_gamma(self.gamma)
    }
}

fn check_gamma(gamma: f64) -> Result<(), Error> {
    check_param("gamma", gamma, "> 0 and finite", |v| {
        v > 0.0 && v.is_finite()
    })
}

/// ηₜ = η_min + (η₀ − η_min)(1 + cos(π t / T_max)) / 2 (torch's `CosineAnnealingLR`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CosineAnnealingLr {
    /// Half-period T_max, in steps. No default in torch. Must be ≥ 1.
    pub t_max: usize,
    /// η_min, the rate at t = T_max; torch's default 0. Must be finite.
    pub eta_min: f64,
}

impl Schedule for CosineAnnealingLr {
    fn lr(&self, base_lr: f64, t: usize) -> f64 {
        let phase = std::f64::consts::PI * t as f64 / self.t_max.max(1) as f64;
        self.eta_min + (base_lr - self.eta_min) * (1.0 + phase.cos()) / 2.0
    }
    fn validate(&self) -> Result<(), Error> {
        check_param("t_max", self.t_max as f64, ">= 1", |v| v >= 1.0)?;
        check_param("eta_min", self.eta_min, "finite", f64::is_finite)
    }
}

/// ηₜ = η₀ · (s + (e − s) · min(t, T) / T) (torch's `LinearLR`: a linear warm-up from
/// s·η₀ to e·η₀ over T steps).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearLr {
    /// s, the factor at t = 0; torch's default 1/3. Must be in (0, 1].
    pub start_factor: f64,
    /// e, the factor from t = T on; torch's default 1. Must be in [0, 1].
    pub end_factor: f64,
    /// T, the steps of the ramp; torch's default 5. Must be ≥ 1.
    pub total_iters: usize,
}

impl Default for LinearLr {
    /// torch's defaults: s = 1/3, e = 1, T = 5.
    fn default() -> Self {
        Self {
            start_factor: 1.0 / 3.0,
            end_factor: 1.0,
            total_iters: 5,
        }
    }
}

impl Schedule for LinearLr {
    fn lr(&self, base_lr: f64, t: usize) -> f64 {
        // torch's order of operations, so the rates agree to the last bit.
        let total = self.total_iters.max(1);
        let ramp = (self.end_factor - self.start_factor) * t.min(total) as f64 / total as f64;
        base_lr * (self.start_factor + ramp)
    }
    fn validate(&self) -> Result<(), Error> {
        // torch's own ranges.
        check_param("start_factor", self.start_factor, "in (0, 1]", |v| {
            v > 0.0 && v <= 1.0
        })?;
        check_param("end_factor", self.end_factor, "in [0, 1]", |v| {
            (0.0..=1.0).contains(&v)
        })?;
        check_param("total_iters", self.total_iters as f64, ">= 1", |v| v >= 1.0)
    }
}

/// ηₜ = η₀ · γ^(number of milestones ≤ t) (torch's `MultiStepLR`: decay by γ at each
/// milestone; a milestone listed twice decays twice, as torch's `Counter` does).
#[derive(Debug, Clone, PartialEq)]
pub struct MultiStepLr {
    /// The steps at which the rate is multiplied by γ, ascending. No default in torch.
    pub milestones: Vec<usize>,
    /// Decay factor; torch's default 0.1. Must be > 0 and finite.
    pub gamma: f64,
}

impl Schedule for MultiStepLr {
    fn lr(&self, base_lr: f64, t: usize) -> f64 {
        // torch's closed form: γ ** bisect_right(milestones, t).
        let passed = self.milestones.partition_point(|&m| m <= t);
        base_lr * self.gamma.powf(passed as f64)
    }
    fn validate(&self) -> Result<(), Error> {
        if !self.milestones.is_sorted() {
            return Err(Error::IncompatibleParameters(
                "MultiStepLr milestones must be in ascending order",
            ));
        }
        check_gamma(self.gamma)
    }
}

/// ηₜ = η₀ · (1 − min(t, T)/T)^p (torch's `PolynomialLR`: a polynomial decay to 0 over
/// T steps, then 0).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PolynomialLr {
    /// T, the steps of the decay; torch's default 5. Must be ≥ 1.
    pub total_iters: usize,
    /// p, the power; torch's default 1 (linear). Must be > 0 and finite.
    pub power: f64,
}

impl Default for PolynomialLr {
    /// torch's defaults: T = 5, p = 1.
    fn default() -> Self {
        Self {
            total_iters: 5,
            power: 1.0,
        }
    }
}

impl Schedule for PolynomialLr {
    fn lr(&self, base_lr: f64, t: usize) -> f64 {
        let total = self.total_iters.max(1);
        base_lr * (1.0 - t.min(total) as f64 / total as f64).powf(self.power)
    }
    fn validate(&self) -> Result<(), Error> {
        check_param("total_iters", self.total_iters as f64, ">= 1", |v| v >= 1.0)?;
        check_param("power", self.power, "> 0 and finite", |v| {
            v > 0.0 && v.is_finite()
        })
    }
}

/// How [`OneCycleLr`] moves between two rates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Anneal {
    /// η = η_end + (η_start − η_end)(1 + cos(π·p))/2 (torch's `'cos'`, the default).
    #[default]
    Cos,
    /// η = η_start + (η_end − η_start)·p (torch's `'linear'`).
    Linear,
}

/// The one-cycle policy (torch's `OneCycleLR`; Smith & Topin, "Super-Convergence",
/// 2019): from η₀/`div_factor` up to η₀ over the first `pct_start` of `total_steps`,
/// then down to η₀/(`div_factor`·`final_div_factor`); with `three_phase`, back down to
/// the start rate first, then to the final one. η₀, the rule's own rate, is the peak
/// (torch's `max_lr`).
///
/// Phase k runs from step sₖ to eₖ (e₁ = `pct_start`·T − 1, e₂ = T − 1; with three
/// phases e₂ = 2·`pct_start`·T − 2, e₃ = T − 1), and at step t in it
/// η = anneal(ηₖ,start, ηₖ,end, (t − sₖ)/(eₖ − sₖ)), torch's arithmetic.
///
/// Two differences from torch, both documented: only the rate is scheduled (torch's
/// default `cycle_momentum=True` also cycles SGD's momentum or Adam's β₁ between 0.85
/// and 0.95; set those yourself), and past the last step the rate holds at its final
/// value where torch raises an error.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OneCycleLr {
    /// T, the length of the cycle in steps. No default in torch. Must be ≥ 2.
    pub total_steps: usize,
    /// The fraction of the cycle spent increasing the rate; torch's default 0.3. In
    /// (0, 1) (and below 0.5 with three phases).
    pub pct_start: f64,
    /// How the rate moves; torch's default cosine.
    pub anneal_strategy: Anneal,
    /// η₀/`div_factor` is the starting rate; torch's default 25. Must be > 0.
    pub div_factor: f64,
    /// The final rate is the starting rate / `final_div_factor`; torch's default 1e4.
    /// Must be > 0.
    pub final_div_factor: f64,
    /// Back down to the starting rate before the final annealing; torch's default
    /// `false`.
    pub three_phase: bool,
}

impl OneCycleLr {
    /// A cycle of `total_steps` steps with torch's other defaults.
    pub fn new(total_steps: usize) -> Self {
        Self {
            total_steps,
            pct_start: 0.3,
            anneal_strategy: Anneal::Cos,
            div_factor: 25.0,
            final_div_factor: 1e4,
            three_phase: false,
        }
    }
}

impl Schedule for OneCycleLr {
    fn lr(&self, base_lr: f64, t: usize) -> f64 {
        let total = self.total_steps as f64;
        let initial = base_lr / self.div_factor;
        let min_lr = initial / self.final_div_factor;
        // (end step, start rate, end rate) of each phase, as torch builds `_schedule_phases`.
        let two = [
            (self.pct_start * total - 1.0, initial, base_lr),
            (total - 1.0, base_lr, min_lr),
        ];
        let three = [
            (self.pct_start * total - 1.0, initial, base_lr),
            (2.0 * self.pct_start * total - 2.0, base_lr, initial),
            (total - 1.0, initial, min_lr),
        ];
        let phases: &[(f64, f64, f64)] = if self.three_phase { &three } else { &two };
        let step = (t as f64).min(total - 1.0);
        let mut start_step = 0.0;
        for (i, &(end_step, start_lr, end_lr)) in phases.iter().enumerate() {
            if step <= end_step || i == phases.len() - 1 {
                let pct = (step - start_step) / (end_step - start_step);
                return match self.anneal_strategy {
                    Anneal::Cos => {
                        end_lr
                            + (start_lr - end_lr) / 2.0 * ((std::f64::consts::PI * pct).cos() + 1.0)
                    }
                    Anneal::Linear => (end_lr - start_lr) * pct + start_lr,
                };
            }
            start_step = end_step;
        }
        min_lr
    }
    fn validate(&self) -> Result<(), Error> {
        check_param("total_steps", self.total_steps as f64, ">= 2", |v| v >= 2.0)?;
        let upper = if self.three_phase { 0.5 } else { 1.0 };
        check_param(
            "pct_start",
            self.pct_start,
            "in (0, 1), and below 0.5 with three_phase",
            |v| v > 0.0 && v < upper,
        )?;
        check_param("div_factor", self.div_factor, "> 0 and finite", |v| {
            v > 0.0 && v.is_finite()
        })?;
        check_param(
            "final_div_factor",
            self.final_div_factor,
            "> 0 and finite",
            |v| v > 0.0 && v.is_finite(),
        )
    }
}

/// `first` for t < `milestone`, then `then` restarted at t − `milestone` (torch's
/// `SequentialLR` with one milestone). Chain them for more phases.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sequential<A, B> {
    /// The schedule of the first phase.
    pub first: A,
    /// The schedule from the milestone on, counting its steps from 0 there.
    pub then: B,
    /// The step at which `then` takes over.
    pub milestone: usize,
}

impl<A: Schedule, B: Schedule> Schedule for Sequential<A, B> {
    fn lr(&self, base_lr: f64, t: usize) -> f64 {
        if t < self.milestone {
            self.first.lr(base_lr, t)
        } else {
            self.then.lr(base_lr, t - self.milestone)
        }
    }
    fn validate(&self) -> Result<(), Error> {
        self.first.validate()?;
        self.then.validate()
    }
}

/// A linear warm-up from `start_factor`·η₀ to η₀ over `warmup` steps, then cosine
/// annealing to `eta_min` over `t_max` more steps.
pub fn warmup_cosine(
    start_factor: f64,
    warmup: usize,
    t_max: usize,
    eta_min: f64,
) -> Sequential<LinearLr, CosineAnnealingLr> {
    Sequential {
        first: LinearLr {
            start_factor,
            end_factor: 1.0,
            total_iters: warmup,
        },
        then: CosineAnnealingLr { t_max, eta_min },
        milestone: warmup,
    }
}

/// A rule whose learning rate follows a [`Schedule`]; itself a [`FirstOrder`] rule
/// (and so an [`optim_core::Method`]). Usually built with
/// [`Compose::scheduled`](crate::Compose::scheduled).
///
/// ```
/// use first_order::prelude::*;
/// // Plain gradient descent whose rate halves every step.
/// let opt = Sgd::new(1.0).scheduled(ExponentialLr { gamma: 0.5 });
/// let mut state = opt.init_state(1)?;
/// let mut x = [0.0];
/// for _ in 0..3 {
///     opt.step(&mut state, &mut x, &[-1.0])?;
/// }
/// assert_eq!(x[0], 1.0 + 0.5 + 0.25);
/// assert_eq!(state.t, 3);
/// # Ok::<(), optim_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Scheduled<T, S> {
    /// The update rule; its [`FirstOrder::lr`] is the base rate η₀.
    pub optimizer: T,
    /// The rate schedule.
    pub schedule: S,
}

impl<T: FirstOrder, S: Schedule> Scheduled<T, S> {
    /// `optimizer` with its rate set by `schedule`.
    pub fn new(optimizer: T, schedule: S) -> Self {
        Self {
            optimizer,
            schedule,
        }
    }
}

/// The state of [`Scheduled`]: the inner state and the step counter.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct ScheduledState<St> {
    /// The inner optimizer's state.
    pub inner: St,
    /// Steps taken so far: the next step uses ηₜ with this t.
    pub t: usize,
}

impl<T: Named, S> Named for Scheduled<T, S> {
    fn name(&self) -> &'static str {
        self.optimizer.name()
    }
}

impl<T: FirstOrder, S: Schedule> FirstOrder for Scheduled<T, S> {
    type State = ScheduledState<T::State>;

    fn lr(&self) -> f64 {
        self.optimizer.lr()
    }

    fn validate(&self) -> Result<(), Error> {
        self.optimizer.validate()?;
        self.schedule.validate()
    }

    fn init_state(&self, n: usize) -> Result<Self::State, Error> {
        self.schedule.validate()?;
        Ok(ScheduledState {
            inner: self.optimizer.init_state(n)?,
            t: 0,
        })
    }

    /// One step at ηₜ = schedule(`lr`, t); `lr` is the base rate (so schedules nest).
    fn observe_value(&self, state: &mut Self::State, value: f64) {
        self.optimizer.observe_value(&mut state.inner, value);
    }

    fn step_with_lr(
        &self,
        state: &mut Self::State,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
    ) -> Result<(), Error> {
        let eta = self.schedule.lr(lr, state.t);
        self.optimizer
            .step_with_lr(&mut state.inner, params, grad, eta)?;
        state.t += 1;
        Ok(())
    }
}
