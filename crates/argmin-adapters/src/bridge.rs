//! An argmin problem seen as our [`Objective`] ([`ArgminObjective`]): what our methods
//! evaluate when they run inside argmin's `Executor`, every evaluation going through
//! argmin's [`Problem`] so that argmin counts it.

use std::cell::RefCell;

use argmin::core::{CostFunction, Error, Gradient, Hessian, Problem};
use optim_core::{Hessian as OurHessian, HessianProduct, Objective};

/// argmin's [`Problem`] (the user's problem and argmin's evaluation counts), lent to
/// one of our methods for one `init` or `next_iter`.
///
/// Every `value` is one argmin `cost` call, every `gradient` one `gradient` call (a
/// `value_and_gradient` is both), every dense Hessian one `hessian` call. argmin's
/// problems take no Hessian-vector product, so [`HessianProduct`] forms the dense
/// Hessian (one `hessian` call and O(n²) work per product, into a buffer kept for the
/// iteration). argmin evaluations can fail;
/// ours cannot, so a failed evaluation returns NaN to the method (which then stops, as
/// on any non-finite value) and the error is handed back to argmin by the solver.
#[derive(Debug)]
pub struct ArgminObjective<P> {
    problem: RefCell<Problem<P>>,
    dim: usize,
    /// The parameter passed to argmin, reused (argmin takes `&Vec<f64>`).
    param: RefCell<Vec<f64>>,
    /// The first failed evaluation.
    error: RefCell<Option<Error>>,
    /// The dense Hessian behind a Hessian-vector product, n² numbers allocated at the
    /// first product.
    hessian: RefCell<Vec<f64>>,
}

impl<P> ArgminObjective<P> {
    /// Takes the user's problem and the counts out of `problem`, for an objective of
    /// `dim` parameters.
    pub(crate) fn lend(problem: &mut Problem<P>, dim: usize) -> Self {
        Self {
            problem: RefCell::new(Problem {
                problem: problem.problem.take(),
                counts: std::mem::take(&mut problem.counts),
            }),
            dim,
            param: RefCell::new(Vec::with_capacity(dim)),
            error: RefCell::new(None),
            hessian: RefCell::new(Vec::new()),
        }
    }

    /// Puts the problem and the updated counts back; the first evaluation error, if
    /// any.
    pub(crate) fn give_back(self, problem: &mut Problem<P>) -> Option<Error> {
        let lent = self.problem.into_inner();
        problem.problem = lent.problem;
        problem.counts = lent.counts;
        self.error.into_inner()
    }

    /// Runs `eval` on argmin's problem at `x`; NaN, and the error kept, if it fails.
    fn eval<T>(
        &self,
        x: &[f64],
        eval: impl FnOnce(&mut Problem<P>, &Vec<f64>) -> Result<T, Error>,
    ) -> Option<T> {
        let mut param = self.param.borrow_mut();
        param.clear();
        param.extend_from_slice(x);
        match eval(&mut self.problem.borrow_mut(), &param) {
            Ok(v) => Some(v),
            Err(e) => {
                self.error.borrow_mut().get_or_insert(e);
                None
            }
        }
    }
}

impl<P> Objective for ArgminObjective<P>
where
    P: CostFunction<Param = Vec<f64>, Output = f64>
        + Gradient<Param = Vec<f64>, Gradient = Vec<f64>>,
{
    fn dim(&self) -> usize {
        self.dim
    }
    fn value(&self, x: &[f64]) -> f64 {
        self.eval(x, |p, x| p.cost(x)).unwrap_or(f64::NAN)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        match self.eval(x, |p, x| p.gradient(x)) {
            Some(grad) if grad.len() == g.len() => g.copy_from_slice(&grad),
            Some(grad) => {
                self.error.borrow_mut().get_or_insert(Error::msg(format!(
                    "the gradient has {} entries, the parameter {}",
                    grad.len(),
                    g.len()
                )));
                g.fill(f64::NAN);
            }
            None => g.fill(f64::NAN),
        }
    }
}

impl<P> ArgminObjective<P>
where
    P: Hessian<Param = Vec<f64>, Hessian = Vec<Vec<f64>>>,
{
    /// argmin's Hessian (rows) at x, column-major into `h`; NaN if it fails or has the
    /// wrong shape.
    fn dense(&self, x: &[f64], h: &mut [f64]) {
        let n = self.dim;
        match self.eval(x, |p, x| p.hessian(x)) {
            Some(rows) if rows.len() == n && rows.iter().all(|r| r.len() == n) => {
                for (i, row) in rows.iter().enumerate() {
                    for (j, &v) in row.iter().enumerate() {
                        h[j * n + i] = v;
                    }
                }
            }
            Some(_) => {
                self.error
                    .borrow_mut()
                    .get_or_insert(Error::msg(format!("the Hessian is not {n} × {n}")));
                h.fill(f64::NAN);
            }
            None => h.fill(f64::NAN),
        }
    }
}

impl<P> HessianProduct for ArgminObjective<P>
where
    P: CostFunction<Param = Vec<f64>, Output = f64>
        + Gradient<Param = Vec<f64>, Gradient = Vec<f64>>
        + Hessian<Param = Vec<f64>, Hessian = Vec<Vec<f64>>>,
{
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        let n = self.dim;
        let mut h = self.hessian.borrow_mut();
        h.resize(n * n, 0.0);
        self.dense(x, &mut h);
        for (i, out) in hv.iter_mut().enumerate() {
            *out = (0..n).map(|j| h[j * n + i] * v[j]).sum();
        }
    }
}

impl<P> OurHessian for ArgminObjective<P>
where
    P: CostFunction<Param = Vec<f64>, Output = f64>
        + Gradient<Param = Vec<f64>, Gradient = Vec<f64>>
        + Hessian<Param = Vec<f64>, Hessian = Vec<Vec<f64>>>,
{
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        self.dense(x, h);
    }
}
