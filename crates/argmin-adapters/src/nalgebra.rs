//! Our objectives on argmin-math's nalgebra backend ([`NalgebraProblem`]): for argmin's
//! `Newton` and `Dogleg`, which invert the Hessian (`ArgminInv`, which the `vec` backend
//! lacks). This is the one file of the crate that names nalgebra.

use argmin::core::{CostFunction, Error, Gradient, Hessian};
use optim_core::{Hessian as OurHessian, Objective};

pub use ::nalgebra::{DMatrix, DVector};

use crate::param::Param;
use crate::problem::{Counted, check_dim};

impl Param for DVector<f64> {
    fn entries(&self) -> &[f64] {
        self.as_slice()
    }
    fn from_entries(x: &[f64]) -> Self {
        DVector::from_column_slice(x)
    }
}

/// An [`optim_core::Objective`] as an argmin problem over nalgebra vectors:
/// [`CostFunction`] and [`Gradient`] on `DVector<f64>`, and argmin's [`Hessian`] as a
/// `DMatrix<f64>` for objectives with [`optim_core::Hessian`] (both column-major, so
/// the Hessian is copied as is).
///
/// ```
/// use argmin::core::{Executor, State};
/// use argmin::solver::newton::Newton;
/// use argmin_adapters::nalgebra::{DVector, NalgebraProblem};
/// use landscapes::Quadratic;
///
/// // f = ½xᵀAx − bᵀx with A = diag(1, 10): one Newton step lands on A⁻¹b.
/// let f = Quadratic::new(vec![1.0, 0.0, 0.0, 10.0], vec![1.0, 1.0])?;
/// let result = Executor::new(NalgebraProblem(&f), Newton::<f64>::new())
///     .configure(|state| state.param(DVector::from_vec(vec![3.0, -2.0])).max_iters(1))
///     .run()?;
/// let x = result.state().get_param().unwrap();
/// assert!((x[0] - 1.0).abs() < 1e-15 && (x[1] - 0.1).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct NalgebraProblem<O>(pub O);

impl<O> Counted for NalgebraProblem<O> {}

impl<O: Objective> CostFunction for NalgebraProblem<O> {
    type Param = DVector<f64>;
    type Output = f64;
    fn cost(&self, x: &DVector<f64>) -> Result<f64, Error> {
        check_dim(x.as_slice(), self.0.dim())?;
        Ok(self.0.value(x.as_slice()))
    }
}

impl<O: Objective> Gradient for NalgebraProblem<O> {
    type Param = DVector<f64>;
    type Gradient = DVector<f64>;
    fn gradient(&self, x: &DVector<f64>) -> Result<DVector<f64>, Error> {
        check_dim(x.as_slice(), self.0.dim())?;
        let mut g = DVector::zeros(x.len());
        self.0.gradient(x.as_slice(), g.as_mut_slice());
        Ok(g)
    }
}

impl<O: OurHessian> Hessian for NalgebraProblem<O> {
    type Param = DVector<f64>;
    type Hessian = DMatrix<f64>;
    fn hessian(&self, x: &DVector<f64>) -> Result<DMatrix<f64>, Error> {
        let n = self.0.dim();
        check_dim(x.as_slice(), n)?;
        let mut h = DMatrix::zeros(n, n);
        self.0.hessian(x.as_slice(), h.as_mut_slice());
        Ok(h)
    }
}
