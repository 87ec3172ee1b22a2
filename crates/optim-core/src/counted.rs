//! [`Counted`]: an objective wrapper that counts evaluations.

use std::cell::Cell;

use crate::{Evals, Hessian, Objective};

/// Wraps an objective and counts every evaluation made through it.
///
/// [`minimize`](crate::minimize) wraps the user's objective in one, so a method never
/// has to count for itself. The counters are `Cell`s: a `Counted` belongs to one thread.
///
/// ```
/// use optim_core::{Counted, FnObjective, Objective};
/// let f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| g[0] = 2.0 * x[0]);
/// let counted = Counted::new(&f);
/// let mut g = [0.0];
/// counted.value_and_gradient(&[3.0], &mut g);
/// assert_eq!((counted.evals().value, counted.evals().gradient), (1, 1));
/// ```
#[derive(Debug)]
pub struct Counted<O> {
    inner: O,
    value: Cell<usize>,
    gradient: Cell<usize>,
    hessian: Cell<usize>,
    hessian_vector: Cell<usize>,
}

impl<O> Counted<O> {
    /// Starts counting from zero.
    pub fn new(inner: O) -> Self {
        Self {
            inner,
            value: Cell::new(0),
            gradient: Cell::new(0),
            hessian: Cell::new(0),
            hessian_vector: Cell::new(0),
        }
    }
    /// The counts so far.
    pub fn evals(&self) -> Evals {
        Evals {
            value: self.value.get(),
            gradient: self.gradient.get(),
            hessian: self.hessian.get(),
            hessian_vector: self.hessian_vector.get(),
        }
    }
    /// The wrapped objective.
    pub fn inner(&self) -> &O {
        &self.inner
    }
}

fn bump(c: &Cell<usize>) {
    c.set(c.get() + 1);
}

impl<O: Objective> Objective for Counted<O> {
    fn dim(&self) -> usize {
        self.inner.dim()
    }
    fn value(&self, x: &[f64]) -> f64 {
        bump(&self.value);
        self.inner.value(x)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        bump(&self.gradient);
        self.inner.gradient(x, g)
    }
    fn value_and_gradient(&self, x: &[f64], g: &mut [f64]) -> f64 {
        bump(&self.value);
        bump(&self.gradient);
        self.inner.value_and_gradient(x, g)
    }
}

impl<O: Hessian> Hessian for Counted<O> {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        bump(&self.hessian);
        self.inner.hessian(x, h)
    }
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        bump(&self.hessian_vector);
        self.inner.hessian_vector_product(x, v, hv)
    }
}
