//! Projected descent: any [`FirstOrder`] step followed by a [`Projection`] onto the
//! constraint set (the *Optimization in many dimensions* notebook's `ProjectedGradientDescent`).
//!
//! With plain gradient descent as the inner optimizer the update is
//!
//! ```text
//! xₖ₊₁ = Proj_S(xₖ − η ∇f(xₖ))
//! ```
//!
//! and with any other optimizer (momentum, Adam…) its step replaces `−η ∇f(xₖ)`.
//!
//! **The start is not projected.** Row 0 of the trace is x₀ as given, with f(x₀);
//! every later iterate lies in S. Project x₀ yourself
//! ([`Projection::project`]) if you want a feasible start. The notebook's code does
//! something in between on its first step (it takes the gradient at Proj(x₀) but steps
//! from the unprojected x₀); later steps agree with the formula above.
//!
//! **What `grad_norm` means here.** ‖∇f‖ does not vanish at a constrained minimum, so
//! the run reports the norm of the *gradient mapping*
//! G(x) = (x − Proj_S(x − η ∇f(x))) / η, with η the inner optimizer's
//! [`FirstOrder::lr`]. G(x) = 0 exactly at the fixed points of projected gradient
//! descent: the stationary points of f on S for a convex S, and on the sphere the
//! points where ∇f(x) = μx with ημ < 1 (∇f normal to S). So `Stop::grad_tol` keeps its
//! meaning. Computing it costs one projection per step and no evaluation; it is the
//! rule's [`FirstOrder::stationarity`].
//!
//! Reference: Beck, *First-Order Methods in Optimization*, SIAM 2017, §10.3 (the
//! gradient mapping); Nocedal & Wright, *Numerical Optimization*, 2nd ed., §16.7.
//!
//! ```
//! use first_order::prelude::*;
//!
//! // Minimise x + 2y on the unit circle: the answer is −(1, 2)/√5.
//! let f = FnObjective::new(2, |x: &[f64]| x[0] + 2.0 * x[1],
//!                          |_: &[f64], g: &mut [f64]| { g[0] = 1.0; g[1] = 2.0; });
//! let pgd = Sgd::new(0.1).projected(UnitSphere); // x ← Proj(x − 0.1·∇f(x))
//! let run = minimize(&pgd, &f, &[1.0, 0.0], &Stop::after(1000).grad_tol(1e-10))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! let s = 5f64.sqrt();
//! assert!((run.x[0] + 1.0 / s).abs() < 1e-9 && (run.x[1] + 2.0 / s).abs() < 1e-9);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::{Error, FirstOrder, Named, vector::norm};

use crate::Projection;

/// A rule whose every step is followed by a projection onto a set; itself a
/// [`FirstOrder`] rule (and so an [`optim_core::Method`]). Usually built with
/// [`Compose::projected`](crate::Compose::projected).
#[derive(Debug, Clone)]
pub struct Projected<T, P> {
    /// The unconstrained update rule.
    pub optimizer: T,
    /// The constraint set.
    pub projection: P,
}

impl<T: FirstOrder, P: Projection> Projected<T, P> {
    /// `optimizer`'s steps, projected onto `projection`.
    pub fn new(optimizer: T, projection: P) -> Self {
        Self {
            optimizer,
            projection,
        }
    }
}

/// The state of [`Projected`].
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct ProjectedState<S> {
    /// The inner rule's state.
    pub inner: S,
    /// Scratch for the gradient mapping (kept so that steps allocate nothing).
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    trial: Vec<f64>,
}

impl<T, P> Named for Projected<T, P> {
    fn name(&self) -> &'static str {
        "Projected"
    }
}

impl<T: FirstOrder, P: Projection> FirstOrder for Projected<T, P> {
    type State = ProjectedState<T::State>;

    fn lr(&self) -> f64 {
        self.optimizer.lr()
    }

    fn validate(&self) -> Result<(), Error> {
        self.optimizer.validate()
    }

    fn init_state(&self, n: usize) -> Result<Self::State, Error> {
        self.projection.validate(n)?;
        Ok(ProjectedState {
            inner: self.optimizer.init_state(n)?,
            trial: vec![0.0; n],
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
        self.optimizer
            .step_with_lr(&mut state.inner, params, grad, lr)?;
        self.projection.project(params);
        Ok(())
    }

    /// ‖G(x)‖ = ‖x − Proj(x − η g)‖ / η, η the inner rule's configured rate.
    fn stationarity(&self, state: &mut Self::State, x: &[f64], grad: &[f64]) -> f64 {
        let eta = self.optimizer.lr();
        let trial = &mut state.trial;
        for ((t, xi), gi) in trial.iter_mut().zip(x).zip(grad) {
            *t = xi - eta * gi;
        }
        self.projection.project(trial);
        for (t, xi) in trial.iter_mut().zip(x) {
            *t = xi - *t;
        }
        norm(trial) / eta
    }
}
