//! [`Problem`]: the objective as a method sees it during a run, counting every
//! evaluation made through it.

use std::cell::Cell;

use crate::{
    Evals, GaussNewtonProduct, Hessian, HessianProduct, Layer, LayerStatistics, Layered, Objective,
    Targets,
};

/// The objective of a run, as [`Method::init`](crate::Method::init) and
/// [`Method::iterate`](crate::Method::iterate) receive it (argmin's `Problem` plays the same
/// part).
///
/// It implements [`Objective`] (and [`HessianProduct`], [`Hessian`],
/// [`GaussNewtonProduct`] and [`Layered`] when the objective does) by delegating, and
/// counts each call (a Gauss–Newton product counts as a Hessian-vector product, which
/// costs the same; layer statistics are not counted), so evaluation counts cannot be forgotten or
/// double-counted by a method. A call of `value_and_gradient` counts one value and
/// one gradient, as scipy counts `nfev` and `njev`. The counters are `Cell`s: a
/// `Problem` belongs to one run on one thread.
///
/// ```
/// use optim_core::{FnObjective, Objective, Problem};
/// let f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| g[0] = 2.0 * x[0]);
/// let problem = Problem::new(&f);
/// let mut g = [0.0];
/// problem.value_and_gradient(&[3.0], &mut g);
/// problem.value(&[1.0]);
/// assert_eq!((problem.evals().value, problem.evals().gradient), (2, 1));
/// ```
#[derive(Debug)]
pub struct Problem<'a, O: ?Sized> {
    objective: &'a O,
    value: Cell<usize>,
    gradient: Cell<usize>,
    hessian: Cell<usize>,
    hessian_vector: Cell<usize>,
}

impl<'a, O: ?Sized> Problem<'a, O> {
    /// Wraps `objective`, with every count at zero.
    pub fn new(objective: &'a O) -> Self {
        Self {
            objective,
            value: Cell::new(0),
            gradient: Cell::new(0),
            hessian: Cell::new(0),
            hessian_vector: Cell::new(0),
        }
    }

    /// A handle whose counts start at `evals`: a run resumed from a checkpoint goes on
    /// counting where it paused.
    pub(crate) fn resumed(objective: &'a O, evals: Evals) -> Self {
        Self {
            objective,
            value: Cell::new(evals.value),
            gradient: Cell::new(evals.gradient),
            hessian: Cell::new(evals.hessian),
            hessian_vector: Cell::new(evals.hessian_vector),
        }
    }
    /// The evaluations made so far.
    pub fn evals(&self) -> Evals {
        Evals {
            value: self.value.get(),
            gradient: self.gradient.get(),
            hessian: self.hessian.get(),
            hessian_vector: self.hessian_vector.get(),
        }
    }
    /// The objective itself, for what is not an evaluation (its metadata); calls made
    /// on it directly are not counted.
    pub fn objective(&self) -> &'a O {
        self.objective
    }
}

fn bump(c: &Cell<usize>) {
    c.set(c.get() + 1);
}

impl<O: Objective + ?Sized> Objective for Problem<'_, O> {
    fn dim(&self) -> usize {
        self.objective.dim()
    }
    fn value(&self, x: &[f64]) -> f64 {
        bump(&self.value);
        self.objective.value(x)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        bump(&self.gradient);
        self.objective.gradient(x, g)
    }
    fn value_and_gradient(&self, x: &[f64], g: &mut [f64]) -> f64 {
        bump(&self.value);
        bump(&self.gradient);
        self.objective.value_and_gradient(x, g)
    }
}

impl<O: HessianProduct + ?Sized> HessianProduct for Problem<'_, O> {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        bump(&self.hessian_vector);
        self.objective.hessian_vector_product(x, v, hv)
    }
}

impl<O: Hessian + ?Sized> Hessian for Problem<'_, O> {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        bump(&self.hessian);
        self.objective.hessian(x, h)
    }
}

impl<O: GaussNewtonProduct + ?Sized> GaussNewtonProduct for Problem<'_, O> {
    fn gauss_newton_vector_product(&self, x: &[f64], v: &[f64], gv: &mut [f64]) {
        bump(&self.hessian_vector);
        self.objective.gauss_newton_vector_product(x, v, gv)
    }
}

impl<O: Layered + ?Sized> Layered for Problem<'_, O> {
    fn layers(&self) -> &[Layer] {
        self.objective.layers()
    }
    fn samples(&self) -> usize {
        self.objective.samples()
    }
    fn layer_statistics(
        &self,
        x: &[f64],
        batch: &[usize],
        targets: Targets,
        out: &mut Vec<LayerStatistics>,
    ) {
        self.objective.layer_statistics(x, batch, targets, out)
    }
}
