//! Gradient descent with its step scaled by the largest curvature (the *Optimization in many dimensions* notebook's
//! `GradientDescentAdaptive`).
//!
//! ```text
//! λₖ = |λ|max(∇²f(xₖ))        power iteration on Hessian-vector products,
//!                             warm-started from the previous eigenvector
//! xₖ₊₁ = xₖ − lr/(λₖ + eps) · ∇f(xₖ)
//! ```
//!
//! On a quadratic, lr < 2 is stable and lr = 1 is the classical 1/L step; the
//! iteration count then grows with the condition number, which is the notebook's lesson.
//!
//! Differences from the notebook, on purpose: the notebook takes `abs(eigh(H + 1e-12·I)[-1])`,
//! the absolute value of the *largest* eigenvalue, which where every eigenvalue is
//! negative (near a maximum) is the smallest curvature and gives a huge step. Here
//! λₖ is the largest |λ| (the power iteration's ‖Hv‖, see
//! [`power_iteration`]), which always bounds
//! the curvature along the step, and the notebook's 1e-12·I regularisation becomes
//! `eps` added to it. The eigenvalue comes from at most `power_iters` products (the
//! seed uses a dense eigendecomposition, O(n³)).
//!
//! Cost per iteration: one gradient and `power_iters` Hessian-vector products at
//! most (one or two once the warm start has converged); the value f(xₖ₊₁) is
//! evaluated with the gradient for the trace. Where the products are NaN or infinite
//! there is no step to take: x stays and the run ends with
//! [`StopReason::NoProgress`].
//!
//! Reference: *Optimization in many dimensions*, "Adjust learning rate based only the largest Hessian
//! eigenvalue (can use the power method to find this quickly)".
//!
//! ```
//! use optim_core::{minimize, FnObjective, Stop, StopReason};
//! use second_order::CurvatureScaledGd;
//!
//! // f(x) = x₀² + 50·x₁²: λmax = 100, from Hessian-vector products only.
//! let bowl = FnObjective::new(
//!     2,
//!     |x: &[f64]| x[0] * x[0] + 50.0 * x[1] * x[1],
//!     |x: &[f64], g: &mut [f64]| { g[0] = 2.0 * x[0]; g[1] = 100.0 * x[1]; },
//! )
//! .with_hessian_product(|_: &[f64], v: &[f64], hv: &mut [f64]| {
//!     hv[0] = 2.0 * v[0];
//!     hv[1] = 100.0 * v[1];
//! });
//! let gd = CurvatureScaledGd { lr: 1.0, ..CurvatureScaledGd::default() };
//! let run = minimize(&gd, &bowl, &[1.0, 1.0], &Stop::after(2000).grad_tol(1e-8))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! // Along x₀ the step 1/100 contracts by 1 − 2/100 per iteration: ~1000 iterations.
//! assert!(run.iterations > 900 && run.iterations < 1100);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::check_param;
use optim_core::vector::{axpy, norm};
use optim_core::{
    Error, HessianProduct, Method, Named, Objective, Problem, Start, Step, StopReason,
};

use crate::power_iteration::power_iteration;

/// Curvature-scaled gradient descent configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CurvatureScaledGd {
    /// η, the step in units of 1/|λ|max, > 0. Default 0.1 (the notebook's, which
    /// inherits `BaseOptimizer`'s `lr=0.1`): cautious, and slow; 1 is the classical
    /// 1/L step, ≥ 2 diverges on a quadratic.
    pub lr: f64,
    /// Added to |λ|max, ≥ 0. Default 1e-12 (the notebook's 1e-12·I).
    pub eps: f64,
    /// Power iterations (Hessian-vector products) per step at most, ≥ 1. Default 20.
    pub power_iters: usize,
    /// Relative residual ‖Hv − ρv‖ ≤ tol·‖Hv‖ ending a power iteration, ≥ 0.
    /// Default 1e-3 (|λ|max to about 1e-6 relative once converged).
    pub power_tol: f64,
}

impl Default for CurvatureScaledGd {
    /// The notebook's settings: lr = 0.1, a tenth of the classical 1/L step, so ten times
    /// as many iterations as `lr: 1.0` on a quadratic; eps = 1e-12; at most 20
    /// products per power iteration, to a relative residual of 1e-3.
    fn default() -> Self {
        Self {
            lr: 0.1,
            eps: 1e-12,
            power_iters: 20,
            power_tol: 1e-3,
        }
    }
}

/// What the method carries between iterations.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct CurvatureScaledState {
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    g: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    f: f64,
    /// The eigenvector estimate, warm start of the next power iteration.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    v: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    hv: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    lambda: f64,
    products: usize,
}

impl CurvatureScaledState {
    /// |λ|max as estimated at the last step.
    pub fn lambda_max(&self) -> f64 {
        self.lambda
    }
    /// Hessian-vector products made by the power iterations so far.
    pub fn products(&self) -> usize {
        self.products
    }
}

impl CurvatureScaledGd {
    fn validate(&self) -> Result<(), Error> {
        check_param("lr", self.lr, "> 0 and finite", |v| {
            v > 0.0 && v.is_finite()
        })?;
        check_param("eps", self.eps, ">= 0 and finite", |v| {
            v >= 0.0 && v.is_finite()
        })?;
        check_param("power_iters", self.power_iters as f64, ">= 1", |v| v >= 1.0)?;
        check_param("power_tol", self.power_tol, ">= 0 and finite", |v| {
            v >= 0.0 && v.is_finite()
        })?;
        Ok(())
    }
}

impl Named for CurvatureScaledGd {
    fn name(&self) -> &'static str {
        "curvature-scaled GD"
    }
}

impl<O: HessianProduct + ?Sized> Method<O> for CurvatureScaledGd {
    type State = CurvatureScaledState;

    fn init(
        &self,
        obj: &Problem<'_, O>,
        x0: &[f64],
    ) -> Result<(CurvatureScaledState, Start), Error> {
        self.validate()?;
        let n = obj.dim();
        optim_core::error::check_len("x0", x0, n)?;
        let mut g = vec![0.0; n];
        let f = obj.value_and_gradient(x0, &mut g);
        let gnorm = norm(&g);
        let state = CurvatureScaledState {
            g,
            f,
            // Zero: the first power iteration starts from its fixed pseudo-random vector.
            v: vec![0.0; n],
            hv: vec![0.0; n],
            lambda: f64::NAN,
            products: 0,
        };
        Ok((state, Start::new(f, gnorm)))
    }

    fn iterate(
        &self,
        obj: &Problem<'_, O>,
        x: &mut [f64],
        st: &mut CurvatureScaledState,
    ) -> Result<Step, Error> {
        let dom = power_iteration(
            |v, hv| obj.hessian_vector_product(x, v, hv),
            &mut st.v,
            &mut st.hv,
            self.power_iters,
            self.power_tol,
        )?;
        st.products += dom.products;
        st.lambda = dom.magnitude;
        if !dom.magnitude.is_finite() {
            // No curvature, no step length; leave the warm start usable.
            st.v.fill(0.0);
            return Ok(Step::reject(st.f, norm(&st.g)).stopping(StopReason::NoProgress));
        }
        axpy(-self.lr / (dom.magnitude + self.eps), &st.g, x);
        st.f = obj.value_and_gradient(x, &mut st.g);
        Ok(Step::accept(st.f, norm(&st.g)))
    }

    fn gradient<'s>(&self, st: &'s CurvatureScaledState) -> Option<&'s [f64]> {
        Some(&st.g)
    }
}
