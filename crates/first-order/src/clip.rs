//! Gradient clipping with torch's semantics: by value (`clip_grad_value_`) and by
//! global norm (`clip_grad_norm_`), as free functions on slices and as [`Clipped`], a
//! wrapper that clips the gradient before any [`FirstOrder`] rule sees it.
//!
//! ```text
//! by value:  gᵢ ← min(max(gᵢ, −c), c)
//! by norm:   N = ‖g‖_p;  g ← g · min(1, max_norm / (N + 10⁻⁶))
//! ```
//!
//! As in torch, where `clip_grad_norm_` runs before `optimizer.step()`, the inner rule
//! sees the clipped gradient and then applies its own `maximize` and weight decay.
//!
//! The 10⁻⁶ is torch's: a gradient of norm exactly `max_norm` is still scaled, by
//! max_norm / (max_norm + 10⁻⁶). A NaN or infinite norm is not an error (torch's
//! default `error_if_nonfinite=False`): the gradient becomes non-finite and the run
//! loop reports divergence.
//!
//! Reference: Pascanu, Mikolov & Bengio, "On the difficulty of training recurrent
//! neural networks", ICML 2013 (clipping by norm).
//!
//! ```
//! use first_order::{clip_grad_norm, clip_grad_value};
//! let mut g = [3.0, -4.0];
//! let total = clip_grad_norm(&mut g, 1.0, 2.0)?;
//! assert_eq!(total, 5.0);
//! assert!((g[0] - 0.6).abs() < 1e-6 && (g[1] + 0.8).abs() < 1e-6);
//!
//! let mut h = [3.0, -0.5];
//! clip_grad_value(&mut h, 1.0)?;
//! assert_eq!(h, [1.0, -0.5]);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::check_param;
use optim_core::{Error, FirstOrder, Named};

/// torch's guard against division by a zero norm in `clip_grad_norm_`.
pub const CLIP_EPS: f64 = 1e-6;

/// gᵢ ← min(max(gᵢ, −`clip_value`), `clip_value`) (torch's `clip_grad_value_`).
///
/// `Err` unless `clip_value` ≥ 0 (∞ allowed: no clipping).
pub fn clip_grad_value(g: &mut [f64], clip_value: f64) -> Result<(), Error> {
    check_clip_value(clip_value)?;
    for gi in g.iter_mut() {
        // Comparisons keep a NaN (`f64::clamp` would too, but panics on a NaN bound).
        if *gi < -clip_value {
            *gi = -clip_value;
        } else if *gi > clip_value {
            *gi = clip_value;
        }
    }
    Ok(())
}

fn check_clip_value(c: f64) -> Result<(), Error> {
    check_param("clip_value", c, ">= 0 (infinity: no clipping)", |v| {
        v >= 0.0
    })
}

fn check_norm_args(max_norm: f64, norm_type: f64) -> Result<(), Error> {
    check_param("max_norm", max_norm, ">= 0", |v| v >= 0.0)?;
    check_param(
        "norm_type",
        norm_type,
        "> 0 (infinity: the max norm)",
        |v| v > 0.0,
    )
}

/// ‖g‖_p over several slices taken together, p = `norm_type` (∞ for the max norm).
fn global_norm<'a>(groups: impl Iterator<Item = &'a [f64]> + Clone, norm_type: f64) -> f64 {
    let all = groups.flat_map(|g| g.iter());
    if norm_type == f64::INFINITY {
        // A NaN must survive (`f64::max` would drop it).
        all.fold(0.0, |m: f64, v| {
            if v.abs() > m || v.is_nan() {
                v.abs()
            } else {
                m
            }
        })
    } else if norm_type == 2.0 {
        all.map(|v| v * v).sum::<f64>().sqrt()
    } else if norm_type == 1.0 {
        all.map(|v| v.abs()).sum()
    } else {
        all.map(|v| v.abs().powf(norm_type))
            .sum::<f64>()
            .powf(1.0 / norm_type)
    }
}

/// ‖g‖_p (p = `norm_type`, ∞ for maxᵢ |gᵢ|), as `clip_grad_norm_` measures it.
pub fn total_norm(g: &[f64], norm_type: f64) -> f64 {
    global_norm(std::iter::once(g), norm_type)
}

/// Scales `g` so that ‖g‖_p ≤ `max_norm` (torch's `clip_grad_norm_` on one tensor);
/// returns the norm before clipping.
///
/// `Err` unless `max_norm` ≥ 0 and `norm_type` > 0 (∞ allowed).
pub fn clip_grad_norm(g: &mut [f64], max_norm: f64, norm_type: f64) -> Result<f64, Error> {
    check_norm_args(max_norm, norm_type)?;
    let total = total_norm(g, norm_type);
    scale_to(g, total, max_norm);
    Ok(total)
}

/// Like [`clip_grad_norm`], with one norm over several parameter groups together
/// (torch's `clip_grad_norm_` on a list of tensors): every group is scaled by the same
/// factor.
pub fn clip_grad_norm_global(
    groups: &mut [&mut [f64]],
    max_norm: f64,
    norm_type: f64,
) -> Result<f64, Error> {
    check_norm_args(max_norm, norm_type)?;
    let total = global_norm(groups.iter().map(|g| &**g), norm_type);
    for g in groups.iter_mut() {
        scale_to(g, total, max_norm);
    }
    Ok(total)
}

/// g ← g · min(1, max_norm / (total + ε)); torch multiplies even when the factor is 1.
fn scale_to(g: &mut [f64], total: f64, max_norm: f64) {
    let coef = max_norm / (total + CLIP_EPS);
    // `min` would turn a NaN coefficient into 1 and hide a NaN gradient norm.
    let coef = if coef > 1.0 { 1.0 } else { coef };
    g.iter_mut().for_each(|v| *v *= coef);
}

/// How [`Clipped`] clips.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Clip {
    /// Every component into [−c, c] ([`clip_grad_value`]).
    Value(f64),
    /// The whole gradient to ‖g‖_p ≤ `max_norm` ([`clip_grad_norm`]).
    Norm {
        /// The largest norm let through.
        max_norm: f64,
        /// p; torch's default 2. ∞ for the max norm.
        norm_type: f64,
    },
}

impl Clip {
    /// Clipping by 2-norm, torch's default `norm_type`.
    pub fn norm(max_norm: f64) -> Self {
        Clip::Norm {
            max_norm,
            norm_type: 2.0,
        }
    }

    fn validate(&self) -> Result<(), Error> {
        match *self {
            Clip::Value(c) => check_clip_value(c),
            Clip::Norm {
                max_norm,
                norm_type,
            } => check_norm_args(max_norm, norm_type),
        }
    }
}

/// A rule that sees clipped gradients; itself a [`FirstOrder`] rule (and so an
/// [`optim_core::Method`]). Usually built with [`Compose::clipped`](crate::Compose::clipped).
///
/// The clipped copy lives in the state, so steps allocate nothing; the caller's
/// gradient is left untouched.
///
/// ```
/// use first_order::prelude::*;
/// let opt = Sgd::new(1.0).clipped(Clip::Value(0.5));
/// let mut state = opt.init_state(2)?;
/// let mut x = [0.0, 0.0];
/// opt.step(&mut state, &mut x, &[10.0, -0.25])?;
/// assert_eq!(x, [-0.5, 0.25]);
/// # Ok::<(), optim_core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Clipped<T> {
    /// The update rule.
    pub optimizer: T,
    /// The clipping rule.
    pub clip: Clip,
}

impl<T: FirstOrder> Clipped<T> {
    /// `optimizer`, fed gradients clipped by `clip`.
    pub fn new(optimizer: T, clip: Clip) -> Self {
        Self { optimizer, clip }
    }
}

/// The state of [`Clipped`].
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct ClippedState<S> {
    /// The inner optimizer's state.
    pub inner: S,
    /// The gradient of the last step after clipping.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    pub clipped: Vec<f64>,
    /// The norm of the last gradient before clipping (the value of
    /// `clip_grad_norm_`); for [`Clip::Value`], its 2-norm, for monitoring.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub last_norm: f64,
}

impl<T: Named> Named for Clipped<T> {
    fn name(&self) -> &'static str {
        self.optimizer.name()
    }
}

impl<T: FirstOrder> FirstOrder for Clipped<T> {
    type State = ClippedState<T::State>;

    fn lr(&self) -> f64 {
        self.optimizer.lr()
    }

    fn validate(&self) -> Result<(), Error> {
        self.optimizer.validate()?;
        self.clip.validate()
    }

    fn init_state(&self, n: usize) -> Result<Self::State, Error> {
        self.clip.validate()?;
        Ok(ClippedState {
            inner: self.optimizer.init_state(n)?,
            clipped: vec![0.0; n],
            last_norm: f64::NAN,
        })
    }

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
        optim_core::error::check_len("params", params, state.clipped.len())?;
        optim_core::error::check_len("grad", grad, state.clipped.len())?;
        state.clipped.copy_from_slice(grad);
        state.last_norm = match self.clip {
            Clip::Value(c) => {
                let before = total_norm(grad, 2.0);
                clip_grad_value(&mut state.clipped, c)?;
                before
            }
            Clip::Norm {
                max_norm,
                norm_type,
            } => clip_grad_norm(&mut state.clipped, max_norm, norm_type)?,
        };
        self.optimizer
            .step_with_lr(&mut state.inner, params, &state.clipped, lr)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Compose;
    use crate::Sgd;
    use optim_core::{FnObjective, Record, Stop, minimize};

    fn invalid_name(e: Error) -> &'static str {
        match e {
            Error::InvalidParameter { name, .. } => name,
            other => panic!("expected InvalidParameter, got {other:?}"),
        }
    }

    #[test]
    fn norm_clipping_uses_torchs_epsilon() {
        let mut g = [3.0, 4.0];
        assert_eq!(clip_grad_norm(&mut g, 1.0, 2.0).unwrap(), 5.0);
        let coef = 1.0 / (5.0 + 1e-6);
        assert_eq!(g, [3.0 * coef, 4.0 * coef]);
        // A gradient of norm exactly max_norm is still scaled by 5 / (5 + 1e-6).
        let mut at = [3.0, 4.0];
        clip_grad_norm(&mut at, 5.0, 2.0).unwrap();
        assert_eq!(at[1], 4.0 * (5.0 / (5.0 + 1e-6)));
        assert!(at[1] < 4.0 && at[1] > 4.0 - 1e-6);
        // Below the limit nothing changes, bit for bit.
        let mut small = [0.3, -0.4];
        assert_eq!(clip_grad_norm(&mut small, 1.0, 2.0).unwrap(), 0.5);
        assert_eq!(small, [0.3, -0.4]);
    }

    #[test]
    fn other_norms_match_their_definitions() {
        let g = [1.0, -7.0, 3.0];
        assert_eq!(total_norm(&g, f64::INFINITY), 7.0);
        assert_eq!(total_norm(&g, 1.0), 11.0);
        let p3 = (1.0f64 + 343.0 + 27.0).powf(1.0 / 3.0);
        assert!((total_norm(&g, 3.0) - p3).abs() < 1e-14);
        let mut h = g;
        assert_eq!(clip_grad_norm(&mut h, 3.5, f64::INFINITY).unwrap(), 7.0);
        assert!((h[1] + 3.5).abs() < 1e-6 && (h[0] - 0.5).abs() < 1e-6);
    }

    /// One norm over all groups, one factor for all (torch on a list of tensors).
    #[test]
    fn global_norm_scales_every_group_alike() {
        let (mut a, mut b) = ([3.0], [0.0, 4.0]);
        let total = clip_grad_norm_global(&mut [&mut a, &mut b], 1.0, 2.0).unwrap();
        assert_eq!(total, 5.0);
        let coef = 1.0 / (5.0 + 1e-6);
        assert_eq!((a[0], b[1]), (3.0 * coef, 4.0 * coef));
    }

    #[test]
    fn value_clipping_clamps_each_component() {
        let mut g = [2.0, -3.0, 0.5, f64::NAN];
        clip_grad_value(&mut g, 1.0).unwrap();
        assert_eq!(&g[..3], &[1.0, -1.0, 0.5]);
        assert!(g[3].is_nan(), "a NaN must reach the run loop");
    }

    /// torch's `error_if_nonfinite=False`: a NaN norm makes the whole gradient NaN.
    #[test]
    fn nan_gradient_norm_propagates() {
        let mut g = [f64::NAN, 1.0];
        assert!(clip_grad_norm(&mut g, 1.0, 2.0).unwrap().is_nan());
        assert!(g.iter().all(|v| v.is_nan()));
        let mut h = [f64::NAN, 1.0];
        assert!(clip_grad_norm(&mut h, 1.0, f64::INFINITY).unwrap().is_nan());
    }

    #[test]
    fn invalid_arguments_are_named() {
        let mut g = [1.0];
        assert_eq!(
            invalid_name(clip_grad_value(&mut g, -1.0).unwrap_err()),
            "clip_value"
        );
        assert_eq!(
            invalid_name(clip_grad_value(&mut g, f64::NAN).unwrap_err()),
            "clip_value"
        );
        let e = clip_grad_norm(&mut g, -1.0, 2.0).unwrap_err();
        assert_eq!(invalid_name(e), "max_norm");
        let e = clip_grad_norm(&mut g, 1.0, 0.0).unwrap_err();
        assert_eq!(invalid_name(e), "norm_type");
        let opt = Sgd::new(0.1).clipped(Clip::norm(-2.0));
        assert_eq!(invalid_name(opt.init_state(1).unwrap_err()), "max_norm");
    }

    #[test]
    fn clipped_optimizer_steps_on_the_clipped_copy() {
        let opt = Sgd::new(0.1).clipped(Clip::norm(1.0));
        let mut state = opt.init_state(2).unwrap();
        let mut x = [0.0, 0.0];
        let grad = [30.0, 40.0];
        opt.step(&mut state, &mut x, &grad).unwrap();
        let coef = 1.0 / (50.0 + 1e-6);
        assert_eq!(x, [-0.1 * (30.0 * coef), -0.1 * (40.0 * coef)]);
        assert_eq!(grad, [30.0, 40.0]);
        assert_eq!(state.last_norm, 50.0);
        assert!(opt.step(&mut state, &mut x, &[1.0]).is_err());
    }

    /// GD on x² from 10 with every gradient clipped to [−1, 1] moves by exactly the
    /// learning rate while |2x| > 1: a constant-speed descent, then the usual one.
    #[test]
    fn clipped_gd_descends_at_constant_speed() {
        let f = FnObjective::new(
            1,
            |x: &[f64]| x[0] * x[0],
            |x: &[f64], g: &mut [f64]| g[0] = 2.0 * x[0],
        );
        let opt = Sgd::new(0.1).clipped(Clip::Value(1.0));
        let stop = Stop::exactly(200).record(Record::All);
        let run = minimize(&opt, &f, &[10.0], &stop).unwrap();
        assert_eq!(run.trace.xs().len(), 201);
        for (k, x) in run.trace.xs().take(90).enumerate() {
            assert!((x[0] - (10.0 - 0.1 * k as f64)).abs() < 1e-12, "row {k}");
        }
        assert!(run.x[0].abs() < 1e-8);
    }
}
