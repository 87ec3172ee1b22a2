//! Our objectives in argmin's solvers, on argmin-math's `vec` backend: parameters and
//! gradients are `Vec<f64>`; the Hessian is `Vec<Vec<f64>>` (rows) for
//! [`ArgminProblem`], an operator for [`ArgminHessianFree`].

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use argmin::core::{CostFunction, Error, Gradient, Hessian};
use argmin_math::ArgminDot;
use optim_core::{Evals, Hessian as OurHessian, HessianProduct, Objective};

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

/// An [`optim_core::HessianProduct`] as an argmin problem whose "Hessian" is the
/// operator v ↦ ∇²f(x)·v ([`HessianAt`]) rather than a matrix: argmin's Newton-CG and
/// its Cauchy and Steihaug trust regions only multiply the Hessian with vectors
/// (`ArgminDot`), so this runs them at sizes where the dense matrix cannot exist.
///
/// argmin counts one `hessian_count` per operator handed out (no evaluation: the
/// operator keeps x); the products themselves are counted here,
/// [`products`](ArgminHessianFree::products), and [`minimize_argmin`](crate::minimize_argmin)
/// reports them as Hessian-vector products and no Hessians.
#[derive(Debug, Clone)]
pub struct ArgminHessianFree<O> {
    objective: O,
    products: Arc<AtomicUsize>,
}

impl<O> ArgminHessianFree<O> {
    /// `objective` as a Hessian-free argmin problem, with its product count at 0.
    pub fn new(objective: O) -> Self {
        Self {
            objective,
            products: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// The Hessian-vector products made so far.
    pub fn products(&self) -> usize {
        self.products.load(Ordering::Relaxed)
    }
}

/// ∇²f at a point, as argmin sees a Hessian: `dot(v)` is one Hessian-vector product.
#[derive(Debug, Clone)]
pub struct HessianAt<O> {
    objective: O,
    x: Vec<f64>,
    products: Arc<AtomicUsize>,
}

impl<O: HessianProduct> ArgminDot<Vec<f64>, Vec<f64>> for HessianAt<O> {
    fn dot(&self, v: &Vec<f64>) -> Vec<f64> {
        self.products.fetch_add(1, Ordering::Relaxed);
        let mut hv = vec![0.0; v.len()];
        self.objective.hessian_vector_product(&self.x, v, &mut hv);
        hv
    }
}

impl<O: Objective> CostFunction for ArgminHessianFree<O> {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, x: &Vec<f64>) -> Result<f64, Error> {
        check_dim(x, self.objective.dim())?;
        Ok(self.objective.value(x))
    }
}

impl<O: Objective> Gradient for ArgminHessianFree<O> {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, x: &Vec<f64>) -> Result<Vec<f64>, Error> {
        check_dim(x, self.objective.dim())?;
        let mut g = vec![0.0; x.len()];
        self.objective.gradient(x, &mut g);
        Ok(g)
    }
}

impl<O: HessianProduct + Clone> Hessian for ArgminHessianFree<O> {
    type Param = Vec<f64>;
    type Hessian = HessianAt<O>;
    fn hessian(&self, x: &Vec<f64>) -> Result<HessianAt<O>, Error> {
        check_dim(x, self.objective.dim())?;
        Ok(HessianAt {
            objective: self.objective.clone(),
            x: x.clone(),
            products: Arc::clone(&self.products),
        })
    }
}

/// How an argmin problem's evaluations read in our terms: argmin's counts, corrected
/// where the problem knows better (a Hessian-free problem's "Hessians" are operators,
/// its products are counted by itself).
pub trait Counted {
    /// The evaluations, from argmin's `counts`.
    fn evals(&self, counts: &HashMap<&'static str, u64>) -> Evals {
        argmin_evals(counts)
    }
}

/// argmin's counts read as they are: `cost_count`, `gradient_count`, `hessian_count`.
pub fn argmin_evals(counts: &HashMap<&'static str, u64>) -> Evals {
    let get = |k: &str| counts.get(k).copied().unwrap_or(0) as usize;
    Evals {
        value: get("cost_count"),
        gradient: get("gradient_count"),
        hessian: get("hessian_count"),
        hessian_vector: 0,
    }
}

impl<O> Counted for ArgminProblem<O> {}

impl<O> Counted for ArgminHessianFree<O> {
    fn evals(&self, counts: &HashMap<&'static str, u64>) -> Evals {
        let get = |k: &str| counts.get(k).copied().unwrap_or(0) as usize;
        Evals {
            value: get("cost_count"),
            gradient: get("gradient_count"),
            hessian: 0,
            hessian_vector: self.products(),
        }
    }
}
