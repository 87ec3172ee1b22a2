//! [`Optimizer`]: the bare in-place step shared by every first-order method, and the
//! bridge that makes each one an [`optim_core::Method`].
//!
//! Users who compute gradients themselves call [`Optimizer::step`] on parameter slices;
//! users with an [`Objective`] call [`optim_core::minimize`]. Both run the same code.

use optim_core::{Error, Objective, StepInfo, vector::norm};

/// A first-order update rule: configuration in `self`, everything that changes in
/// [`Optimizer::State`].
pub trait Optimizer {
    /// Per-parameter buffers (moments, accumulators) and the step counter.
    type State: Clone + std::fmt::Debug + Send;

    /// A short name ("Adam").
    fn name(&self) -> &'static str;

    /// The base learning rate.
    fn lr(&self) -> f64;

    /// Checks every hyper-parameter; `Err` names the first invalid one and its range.
    fn validate(&self) -> Result<(), Error>;

    /// A fresh state for `n` parameters (validates the configuration first).
    fn init_state(&self, n: usize) -> Result<Self::State, Error>;

    /// One update of `params` from `grad`, with the learning rate `lr` in place of
    /// [`Optimizer::lr`] (learning-rate schedules call this). Allocates nothing.
    fn step_with_lr(
        &self,
        state: &mut Self::State,
        params: &mut [f64],
        grad: &[f64],
        lr: f64,
    ) -> Result<(), Error>;

    /// One update of `params` from `grad` at the configured learning rate.
    fn step(&self, state: &mut Self::State, params: &mut [f64], grad: &[f64]) -> Result<(), Error> {
        self.step_with_lr(state, params, grad, self.lr())
    }
}

/// The state of an [`Optimizer`] run through [`optim_core::minimize`]: the optimizer's
/// own state and the gradient at the current iterate (cached, so that one iteration
/// costs one evaluation of `value_and_gradient`).
#[derive(Debug, Clone)]
pub struct Stepper<S> {
    /// The optimizer's state.
    pub inner: S,
    /// ∇f at the current iterate.
    pub grad: Vec<f64>,
}

/// [`optim_core::Method::init`] for any optimizer.
pub fn init<T, O>(opt: &T, obj: &O, x0: &[f64]) -> Result<(Stepper<T::State>, StepInfo), Error>
where
    T: Optimizer + ?Sized,
    O: Objective + ?Sized,
{
    let inner = opt.init_state(x0.len())?;
    let mut grad = vec![0.0; x0.len()];
    let value = obj.value_and_gradient(x0, &mut grad);
    let info = StepInfo::new(value, norm(&grad));
    Ok((Stepper { inner, grad }, info))
}

/// [`optim_core::Method::step`] for any optimizer.
pub fn step<T, O>(
    opt: &T,
    obj: &O,
    x: &mut [f64],
    s: &mut Stepper<T::State>,
) -> Result<StepInfo, Error>
where
    T: Optimizer + ?Sized,
    O: Objective + ?Sized,
{
    opt.step(&mut s.inner, x, &s.grad)?;
    let value = obj.value_and_gradient(x, &mut s.grad);
    Ok(StepInfo::new(value, norm(&s.grad)))
}

/// Implements [`optim_core::Method`] for an [`Optimizer`] type (a blanket impl is not
/// allowed by the orphan rule, since `Method` lives in optim-core).
#[macro_export]
macro_rules! impl_method {
    ($t:ty) => {
        impl<O: ::optim_core::Objective + ?Sized> ::optim_core::Method<O> for $t {
            type State = $crate::Stepper<<$t as $crate::Optimizer>::State>;
            fn name(&self) -> &'static str {
                <$t as $crate::Optimizer>::name(self)
            }
            fn init(
                &self,
                obj: &O,
                x0: &[f64],
            ) -> ::core::result::Result<(Self::State, ::optim_core::StepInfo), ::optim_core::Error>
            {
                $crate::optimizer::init(self, obj, x0)
            }
            fn step(
                &self,
                obj: &O,
                x: &mut [f64],
                state: &mut Self::State,
            ) -> ::core::result::Result<::optim_core::StepInfo, ::optim_core::Error> {
                $crate::optimizer::step(self, obj, x, state)
            }
        }
    };
}

/// Checks that `params` and `grad` have the state's length `n`.
pub fn check_lengths(n: usize, params: &[f64], grad: &[f64]) -> Result<(), Error> {
    optim_core::error::check_len("params", params, n)?;
    optim_core::error::check_len("grad", grad, n)
}
