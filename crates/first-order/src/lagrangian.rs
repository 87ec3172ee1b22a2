//! Gradient descent–ascent on the Lagrangian of one equality constraint (the *Optimization in many dimensions* notebook's
//! `GradientDescentLagrange`).
//!
//! To minimise f(x) subject to h(x) = 0, descend in x and ascend in λ on
//! L(x, λ) = f(x) + λ h(x):
//!
//! ```text
//! λₖ₊₁ = λₖ + η_λ h(xₖ)
//! xₖ₊₁ = xₖ − η (∇f(xₖ) + λₖ₊₁ ∇h(xₖ))
//! ```
//!
//! (the multiplier moves first and the x step uses the new λ, as in the notebook). A
//! constrained minimum x* with its multiplier λ* is a fixed point; it attracts when
//! ∇²ₓL(x*, λ*) is positive definite on the whole space (not only along the
//! constraint) and the rates are small enough. Where it is not, the iterates circle
//! without settling: on the *Optimization in many dimensions* notebook's wells, ∇²ₓL has eigenvalues (−0.70, 0.64) at the
//! shallower of the two minima on the unit circle, and the 75 of its 100 starts that
//! head there have not converged after 2000 or 40 000 steps (projected descent, which
//! needs only the curvature along the constraint, finds both minima).
//!
//! **The factor 2 of *Optimization in many dimensions*.** The notebook writes L = f + λ(xᵀx − 1) but uses λx as its
//! x-gradient, where ∇ₓ(λ(xᵀx − 1)) = 2λx. Its iteration is therefore this method with
//! h(x) = ‖x‖² − 1, ∇h = 2x, the multiplier μ = λ_seed/2 and the multiplier rate
//! η_λ = η/2. [`LagrangianGd::unit_circle`] makes exactly that substitution; since
//! scaling by 2 is exact in floating point, it reproduces the notebook's iterates bit for
//! bit, and [`LagrangianState::lambda`] is the true multiplier μ (half the notebook's λ).
//!
//! **What `grad_norm` means here.** The run reports the KKT residual
//! √(‖∇f(x) + λ∇h(x)‖² + h(x)²), which vanishes exactly at a constrained stationary
//! point with its multiplier, so `Stop::grad_tol` keeps its meaning. `value` is f(x),
//! not L(x, λ).
//!
//! Reference: Arrow, Hurwicz & Uzawa, *Studies in Linear and Non-linear Programming*,
//! Stanford 1958 (the gradient method for saddle points); Bertsekas, *Constrained
//! Optimization and Lagrange Multiplier Methods*, 1982, §2.
//!
//! ```
//! use first_order::LagrangianGd;
//! use optim_core::{minimize, FnObjective, Stop, StopReason};
//!
//! // Minimise x + 2y on the unit circle: x* = −(1, 2)/√5 with multiplier √5/2.
//! let f = FnObjective::new(2, |x: &[f64]| x[0] + 2.0 * x[1],
//!                          |_: &[f64], g: &mut [f64]| { g[0] = 1.0; g[1] = 2.0; });
//! let gda = LagrangianGd::unit_circle(0.1, 0.5);
//! let run = minimize(&gda, &f, &[1.0, 0.0], &Stop::after(5000).grad_tol(1e-10))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! let s = 5f64.sqrt();
//! assert!((run.x[0] + 1.0 / s).abs() < 1e-9 && (run.x[1] + 2.0 / s).abs() < 1e-9);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::check_param;
use optim_core::{Error, Method, Named, Objective, Problem, Start, Step};

use crate::UnitSphere;
use crate::check;

/// An equality constraint h(x) = 0 with its gradient.
pub trait Constraint {
    /// h(x).
    fn value(&self, x: &[f64]) -> f64;
    /// ∇h(x), written into `g`.
    fn gradient(&self, x: &[f64], g: &mut [f64]);
}

/// h(x) = ‖x‖² − 1, ∇h(x) = 2x: the unit sphere as an equality constraint.
impl Constraint for UnitSphere {
    fn value(&self, x: &[f64]) -> f64 {
        optim_core::vector::dot(x, x) - 1.0
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        for (gi, xi) in g.iter_mut().zip(x) {
            *gi = 2.0 * xi;
        }
    }
}

/// A constraint made of two closures, h and ∇h.
#[derive(Debug, Clone, Copy)]
pub struct FnConstraint<H, G> {
    h: H,
    grad_h: G,
}

impl<H, G> FnConstraint<H, G>
where
    H: Fn(&[f64]) -> f64,
    G: Fn(&[f64], &mut [f64]),
{
    /// The constraint `h(x) = 0` with gradient `grad_h`.
    pub fn new(h: H, grad_h: G) -> Self {
        Self { h, grad_h }
    }
}

impl<H, G> Constraint for FnConstraint<H, G>
where
    H: Fn(&[f64]) -> f64,
    G: Fn(&[f64], &mut [f64]),
{
    fn value(&self, x: &[f64]) -> f64 {
        (self.h)(x)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        (self.grad_h)(x, g)
    }
}

/// Gradient descent in x and ascent in λ on f + λh.
#[derive(Debug, Clone)]
pub struct LagrangianGd<C> {
    /// η, the step on x. No default (the notebook uses 0.1). Must be > 0 and finite.
    pub lr: f64,
    /// η_λ, the step on the multiplier; [`LagrangianGd::new`] sets it to `lr`.
    /// Must be ≥ 0 and finite (0 keeps λ fixed: a plain penalty).
    pub multiplier_lr: f64,
    /// λ₀, the starting multiplier; [`LagrangianGd::new`] sets it to 0. Must be finite.
    pub multiplier: f64,
    /// h, the constraint h(x) = 0.
    pub constraint: C,
}

impl<C: Constraint> LagrangianGd<C> {
    /// Steps `lr` on both x and λ, starting from λ₀ = 0.
    pub fn new(constraint: C, lr: f64) -> Self {
        Self {
            lr,
            multiplier_lr: lr,
            multiplier: 0.0,
            constraint,
        }
    }
}

impl LagrangianGd<UnitSphere> {
    /// The *Optimization in many dimensions* notebook's `GradientDescentLagrange(loss, lr, lam)` on ‖x‖ = 1, iterate for
    /// iterate: h = ‖x‖² − 1, λ₀ = lam/2, η_λ = lr/2 (see the module docs for the
    /// factor 2). The notebook runs lr = 0.1, lam = 0.5.
    pub fn unit_circle(lr: f64, lam: f64) -> Self {
        Self {
            lr,
            multiplier_lr: lr / 2.0,
            multiplier: lam / 2.0,
            constraint: UnitSphere,
        }
    }
}

/// Everything [`LagrangianGd`] carries from one step to the next.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct LagrangianState {
    /// λ, the current multiplier.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub lambda: f64,
    /// h at the current iterate.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    pub h: f64,
    /// ∇f at the current iterate.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    pub grad: Vec<f64>,
    /// ∇h at the current iterate.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    pub grad_h: Vec<f64>,
}

impl LagrangianState {
    /// √(‖∇f + λ∇h‖² + h²).
    fn kkt_residual(&self) -> f64 {
        let stationarity: f64 = self
            .grad
            .iter()
            .zip(&self.grad_h)
            .map(|(g, gh)| (g + self.lambda * gh).powi(2))
            .sum();
        (stationarity + self.h * self.h).sqrt()
    }
}

impl<C: Constraint> LagrangianGd<C> {
    /// Checks every hyper-parameter.
    pub fn validate(&self) -> Result<(), Error> {
        check::lr(self.lr)?;
        check::nonneg("multiplier_lr", self.multiplier_lr)?;
        check_param("multiplier", self.multiplier, "finite", f64::is_finite)
    }
}

impl<C> Named for LagrangianGd<C> {
    fn name(&self) -> &'static str {
        "Lagrangian GD"
    }
}

impl<O: Objective + ?Sized, C: Constraint> Method<O> for LagrangianGd<C> {
    type State = LagrangianState;

    fn init(&self, obj: &Problem<'_, O>, x0: &[f64]) -> Result<(LagrangianState, Start), Error> {
        self.validate()?;
        let n = x0.len();
        let mut s = LagrangianState {
            lambda: self.multiplier,
            h: self.constraint.value(x0),
            grad: vec![0.0; n],
            grad_h: vec![0.0; n],
        };
        let value = obj.value_and_gradient(x0, &mut s.grad);
        self.constraint.gradient(x0, &mut s.grad_h);
        let residual = s.kkt_residual();
        Ok((s, Start::new(value, residual)))
    }

    fn iterate(
        &self,
        obj: &Problem<'_, O>,
        x: &mut [f64],
        s: &mut LagrangianState,
    ) -> Result<Step, Error> {
        s.lambda += self.multiplier_lr * s.h;
        for ((xi, g), gh) in x.iter_mut().zip(&s.grad).zip(&s.grad_h) {
            *xi -= self.lr * (g + s.lambda * gh);
        }
        let value = obj.value_and_gradient(x, &mut s.grad);
        s.h = self.constraint.value(x);
        self.constraint.gradient(x, &mut s.grad_h);
        Ok(Step::accept(value, s.kkt_residual()))
    }
}
