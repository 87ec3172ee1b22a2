//! The hyper-parameter ranges that many optimizers share, checked in one place so that
//! every method words its errors the same way.

use optim_core::Error;
use optim_core::error::check_param;

/// A configured learning rate: > 0 and finite.
pub(crate) fn lr(lr: f64) -> Result<(), Error> {
    check_param("lr", lr, "> 0 and finite", |v| v > 0.0 && v.is_finite())
}

/// The rate handed to `step_with_lr`: ≥ 0 (a schedule may anneal to 0) and finite.
pub(crate) fn step_lr(lr: f64) -> Result<(), Error> {
    check_param("lr", lr, ">= 0 and finite", |v| v >= 0.0 && v.is_finite())
}

/// Adam-style (β₁, β₂): each in [0, 1).
pub(crate) fn betas(betas: (f64, f64)) -> Result<(), Error> {
    let in_range = |v: f64| (0.0..1.0).contains(&v);
    check_param("betas.0", betas.0, "[0, 1)", in_range)?;
    check_param("betas.1", betas.1, "[0, 1)", in_range)
}

/// A parameter that must be ≥ 0 and finite (eps, weight_decay, ...).
pub(crate) fn nonneg(name: &'static str, value: f64) -> Result<(), Error> {
    check_param(name, value, ">= 0 and finite", |v| {
        v >= 0.0 && v.is_finite()
    })
}

/// What every step checks first: `params` and `grad` have the state's length `n`, and
/// the step's rate is valid.
pub(crate) fn step(n: usize, params: &[f64], grad: &[f64], lr: f64) -> Result<(), Error> {
    optim_core::error::check_len("params", params, n)?;
    optim_core::error::check_len("grad", grad, n)?;
    step_lr(lr)
}
