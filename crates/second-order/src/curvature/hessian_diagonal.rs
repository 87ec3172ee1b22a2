//! The exact Hessian diagonal ([`HessianDiagonal`]), read off the dense Hessian: the
//! cheapest preconditioner that is exact where the Hessian is diagonal.
//!
//! ```text
//! refresh(x):  H = ∇²f(x) (one dense Hessian),  dᵢ = |Hᵢᵢ|
//! solve:       sᵢ = vᵢ / (dᵢ + λ)
//! apply:       (Âv)ᵢ = dᵢ vᵢ
//! ```
//!
//! A negative Hᵢᵢ is replaced by its magnitude (the rule and its reason are in
//! [`diagonal`](super::diagonal)), reported as
//! [`Event::HessianModified`](optim_core::Event::HessianModified).
//!
//! Where ∇²f is diagonal, Â = ∇²f and preconditioned descent with λ = 0 and η = 1 is
//! Newton's method: exact in one step on a separable quadratic. Elsewhere the method is
//! the diagonal Newton of Becker and LeCun ("Improving the convergence of
//! back-propagation learning with second order methods", 1988, who back-propagated an
//! approximation of the diagonal), with the exact diagonal. The dense Hessian costs n²
//! numbers: for large n estimate the diagonal from products instead
//! ([`Hutchinson`](super::hutchinson::Hutchinson)).
//! The state holds the n×n Hessian and the diagonal, allocated once by `init`.
//!
//! ```
//! use optim_core::{minimize, FnObjective, Stop, StopReason};
//! use second_order::curvature::hessian_diagonal::HessianDiagonal;
//! use second_order::PreconditionedDescent;
//!
//! // f = (x₀ − 1)² + 50(x₁ + 2)²: ∇²f = diag(2, 100), so the diagonal is exact and the
//! // first step (λ = 0, η = 1) is Newton's, landing on (1, −2).
//! let f = FnObjective::new(
//!     2,
//!     |x: &[f64]| (x[0] - 1.0).powi(2) + 50.0 * (x[1] + 2.0).powi(2),
//!     |x: &[f64], g: &mut [f64]| { g[0] = 2.0 * (x[0] - 1.0); g[1] = 100.0 * (x[1] + 2.0); },
//! )
//! .with_hessian(|_: &[f64], h: &mut [f64]| h.copy_from_slice(&[2.0, 0.0, 0.0, 100.0]));
//! let method = PreconditionedDescent::fixed(HessianDiagonal, 0.0);
//! let run = minimize(&method, &f, &[5.0, 5.0], &Stop::after(10))?;
//! assert_eq!((run.iterations, run.stop), (1, StopReason::GradientTolerance));
//! assert_eq!(run.x, [1.0, -2.0]);
//! assert_eq!(run.evals.hessian, 1);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::{Error, Events, Hessian, Named, Objective, Problem};

use super::diagonal::Diagonal;
use super::{Curvature, SingularSystem};

/// Â = diag(|∇²f(x)ᵢᵢ|), from the dense Hessian. No parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HessianDiagonal;

/// The state of [`HessianDiagonal`]: the dense Hessian of the last refresh and the
/// diagonal taken from it.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct HessianDiagonalState {
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    h: Vec<f64>,
    diagonal: Diagonal,
}

impl HessianDiagonalState {
    /// d = |diag ∇²f| at the last refresh.
    pub fn diagonal(&self) -> &[f64] {
        self.diagonal.values()
    }
}

impl Named for HessianDiagonal {
    fn name(&self) -> &'static str {
        "preconditioned descent (Hessian diagonal)"
    }
}

impl<O: Hessian + ?Sized> Curvature<O> for HessianDiagonal {
    type State = HessianDiagonalState;

    fn init(&self, problem: &Problem<'_, O>, _: &[f64]) -> Result<HessianDiagonalState, Error> {
        let n = problem.dim();
        let nn = n.checked_mul(n).ok_or(Error::DimensionMismatch {
            what: "dense Hessian",
            expected: usize::MAX,
            found: n,
        })?;
        Ok(HessianDiagonalState {
            h: vec![0.0; nn],
            diagonal: Diagonal::new(n),
        })
    }

    fn refresh(
        &self,
        problem: &Problem<'_, O>,
        x: &[f64],
        st: &mut HessianDiagonalState,
    ) -> Result<Events, Error> {
        let n = x.len();
        problem.hessian(x, &mut st.h);
        for (i, di) in st.diagonal.values_mut().iter_mut().enumerate() {
            *di = st.h[i * n + i];
        }
        Ok(st.diagonal.take_magnitudes_event())
    }

    fn solve(
        &self,
        _: &Problem<'_, O>,
        _: &[f64],
        st: &mut HessianDiagonalState,
        lambda: f64,
        v: &[f64],
        out: &mut [f64],
    ) -> Result<Events, SingularSystem> {
        st.diagonal.solve(lambda, v, out).map(|()| Events::NONE)
    }

    fn apply(
        &self,
        _: &Problem<'_, O>,
        _: &[f64],
        st: &mut HessianDiagonalState,
        v: &[f64],
        out: &mut [f64],
    ) {
        st.diagonal.apply(v, out)
    }
}
