//! Our objectives in argmin's solvers ([`ArgminProblem`]), on argmin-math's `vec`
//! backend: parameters and gradients are `Vec<f64>`, the Hessian `Vec<Vec<f64>>` (rows).

use argmin::core::{CostFunction, Error, Gradient, Hessian};
use optim_core::{Hessian as OurHessian, Objective};

/// An [`optim_core::Objective`] as an argmin problem: [`CostFunction`] and
/// [`Gradient`] for every objective, argmin's [`Hessian`] (the dense matrix as rows)
/// for every objective with [`optim_core::Hessian`].
///
/// argmin's solvers take no Hessian-vector product (its Newton-CG and Steihaug trust
/// region multiply the dense Hessian themselves), so none is offered. Wrap a reference
/// to keep the objective: `ArgminProblem(&f)`. A parameter of the wrong length is an
/// argmin error naming both lengths.
///
/// ```
/// use argmin::core::{Executor, State};
/// use argmin::solver::linesearch::MoreThuenteLineSearch;
/// use argmin::solver::quasinewton::LBFGS;
/// use argmin_adapters::ArgminProblem;
/// use landscapes::{Landscape, Rosenbrock};
///
/// let f = Rosenbrock::new();
/// let solver = LBFGS::new(MoreThuenteLineSearch::new(), 7);
/// let result = Executor::new(ArgminProblem(&f), solver)
///     .configure(|state| state.param(f.start()).max_iters(100))
///     .run()?;
/// let x = result.state().get_best_param().unwrap();
/// assert!((x[0] - 1.0).abs() < 1e-6 && (x[1] - 1.0).abs() < 1e-6);
/// # Ok::<(), argmin::core::Error>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ArgminProblem<O>(pub O);

/// `Err` unless `x` has `n` entries.
pub(crate) fn check_dim(x: &[f64], n: usize) -> Result<(), Error> {
    if x.len() == n {
        Ok(())
    } else {
        Err(Error::msg(format!(
            "the parameter has {} entries, the objective takes {n}",
            x.len()
        )))
    }
}

impl<O: Objective> CostFunction for ArgminProblem<O> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, x: &Vec<f64>) -> Result<f64, Error> {
        check_dim(x, self.0.dim())?;
        Ok(self.0.value(x))
    }
}

impl<O: Objective> Gradient for ArgminProblem<O> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, x: &Vec<f64>) -> Result<Vec<f64>, Error> {
        check_dim(x, self.0.dim())?;
        let mut g = vec![0.0; x.len()];
        self.0.gradient(x, &mut g);
        Ok(g)
    }
}

impl<O: OurHessian> Hessian for ArgminProblem<O> {
    type Param = Vec<f64>;
    type Hessian = Vec<Vec<f64>>;
    fn hessian(&self, x: &Vec<f64>) -> Result<Vec<Vec<f64>>, Error> {
        let n = self.0.dim();
        check_dim(x, n)?;
        let mut h = vec![0.0; n * n];
        self.0.hessian(x, &mut h);
        // Column-major in, rows out: row i is column i of a symmetric matrix, but the
        // transpose is taken anyway so that an asymmetric Hessian is passed on as is.
        Ok((0..n)
            .map(|i| (0..n).map(|j| h[j * n + i]).collect())
            .collect())
    }
}
