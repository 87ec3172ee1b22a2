//! [`FirstOrder`]: an update rule that moves parameters in place from a gradient, and
//! through a blanket implementation a [`Method`] on every [`Objective`].
//!
//! The bare step is for users who compute gradients themselves (a training loop);
//! [`minimize`](crate::minimize) runs the same code on an objective, caching the
//! gradient so that an iteration costs one `value_and_gradient`.

use crate::vector::norm;
use crate::{Error, Method, Named, Objective, Problem, Start, Step};

/// A first-order update rule: configuration in `self`, everything that changes in
/// [`FirstOrder::State`].
///
/// Implement [`FirstOrder::step_with_lr`] (and the checks); [`FirstOrder::step`] and
/// the [`Method`] implementation come with it. Wrappers (a schedule, clipping, a
/// projection) are rules too, so they compose.
///
/// ```
/// use optim_core::{minimize, Error, FirstOrder, FnObjective, Named, Stop};
///
/// /// x ← x − η·sign(g): signSGD.
/// struct SignSgd { lr: f64 }
/// impl Named for SignSgd {
///     fn name(&self) -> &'static str { "signSGD" }
/// }
/// impl FirstOrder for SignSgd {
///     type State = usize; // the length the state was made for
///     fn lr(&self) -> f64 { self.lr }
///     fn validate(&self) -> Result<(), Error> { Ok(()) }
///     fn init_state(&self, n: usize) -> Result<usize, Error> { Ok(n) }
///     fn step_with_lr(&self, n: &mut usize, x: &mut [f64], g: &[f64], lr: f64) -> Result<(), Error> {
///         optim_core::error::check_len("grad", g, *n)?;
///         for (xi, gi) in x.iter_mut().zip(g) {
///             *xi -= lr * gi.signum();
///         }
///         Ok(())
///     }
/// }
///
/// // The bare step …
/// let rule = SignSgd { lr: 0.25 };
/// let mut x = [1.0, -1.0];
/// let mut state = rule.init_state(2)?;
/// rule.step(&mut state, &mut x, &[3.0, -0.1])?;
/// assert_eq!(x, [0.75, -0.75]);
/// // … and the same rule as a method.
/// let f = FnObjective::new(1, |x: &[f64]| x[0].abs(), |x: &[f64], g: &mut [f64]| g[0] = x[0].signum());
/// let run = minimize(&rule, &f, &[1.0], &Stop::after(4))?;
/// assert_eq!(run.x, [0.0]);
/// # Ok::<(), Error>(())
/// ```
pub trait FirstOrder: Named {
    /// Per-parameter buffers (moments, accumulators) and the step counter.
    type State: Clone + std::fmt::Debug + Send;

    /// The base learning rate.
    fn lr(&self) -> f64;

    /// Checks every hyper-parameter; `Err` names the first invalid one and its range.
    fn validate(&self) -> Result<(), Error>;

    /// A fresh state for `n` parameters (validates the configuration first).
    fn init_state(&self, n: usize) -> Result<Self::State, Error>;

    /// One update of `params` from `grad`, with the learning rate `lr` in place of
    /// [`FirstOrder::lr`] (learning-rate schedules call this). Allocates nothing.
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

    /// Tells the rule the value f reached after its last step: the run loop calls it
    /// after every iteration, a training loop with its loss (once per epoch, as torch's
    /// `ReduceLROnPlateau.step(loss)`). Rules that adapt to the objective override it;
    /// the default ignores it, and wrappers pass it on.
    fn observe_value(&self, state: &mut Self::State, value: f64) {
        let _ = (state, value);
    }

    /// The stationarity measure a run reports as `grad_norm` and tests against
    /// `Stop::grad_tol`, at `x` with gradient `grad`: ‖∇f‖₂ by default. A constrained
    /// rule overrides it (projected descent reports the gradient mapping, which
    /// vanishes at constrained minima where ∇f does not); `state` is there for scratch.
    fn stationarity(&self, state: &mut Self::State, x: &[f64], grad: &[f64]) -> f64 {
        let _ = (state, x);
        norm(grad)
    }
}

/// The state of a [`FirstOrder`] rule run as a [`Method`]: the rule's own state and the
/// gradient at the current iterate.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct FirstOrderState<S> {
    /// The rule's state.
    pub rule: S,
    /// ∇f at the current iterate.
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::vec"))]
    pub grad: Vec<f64>,
}

impl<T, O> Method<O> for T
where
    T: FirstOrder + ?Sized,
    O: Objective + ?Sized,
{
    type State = FirstOrderState<T::State>;

    fn init(&self, problem: &Problem<'_, O>, x0: &[f64]) -> Result<(Self::State, Start), Error> {
        let mut rule = self.init_state(x0.len())?;
        let mut grad = vec![0.0; x0.len()];
        let value = problem.value_and_gradient(x0, &mut grad);
        let measure = self.stationarity(&mut rule, x0, &grad);
        Ok((FirstOrderState { rule, grad }, Start::new(value, measure)))
    }

    fn iterate(
        &self,
        problem: &Problem<'_, O>,
        x: &mut [f64],
        state: &mut Self::State,
    ) -> Result<Step, Error> {
        FirstOrder::step(self, &mut state.rule, x, &state.grad)?;
        let value = problem.value_and_gradient(x, &mut state.grad);
        self.observe_value(&mut state.rule, value);
        let measure = self.stationarity(&mut state.rule, x, &state.grad);
        Ok(Step::accept(value, measure))
    }

    fn gradient<'s>(&self, state: &'s Self::State) -> Option<&'s [f64]> {
        Some(&state.grad)
    }
}
