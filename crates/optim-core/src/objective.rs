//! What can be minimised: values and gradients ([`Objective`]), curvature ([`Hessian`]).

/// A differentiable function ℝⁿ → ℝ.
///
/// Implementations are infallible and work on plain slices; a value that cannot be
/// computed is returned as NaN or ±∞, which ends a run with
/// [`StopReason::Diverged`](crate::StopReason::Diverged).
pub trait Objective {
    /// The dimension n of the domain.
    fn dim(&self) -> usize;
    /// f(x).
    fn value(&self, x: &[f64]) -> f64;
    /// ∇f(x), written into `g` (length n).
    fn gradient(&self, x: &[f64], g: &mut [f64]);
    /// f(x) and ∇f(x) together; override when they share work.
    fn value_and_gradient(&self, x: &[f64], g: &mut [f64]) -> f64 {
        self.gradient(x, g);
        self.value(x)
    }
}

/// An [`Objective`] with second derivatives.
pub trait Hessian: Objective {
    /// ∇²f(x), n×n in column-major order, written into `h` (length n²).
    fn hessian(&self, x: &[f64], h: &mut [f64]);
    /// ∇²f(x)·v into `hv`.
    ///
    /// The default forms the whole Hessian (O(n²) memory, allocated per call);
    /// override it with an O(n) product for large problems.
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        let n = self.dim();
        let mut h = vec![0.0; n * n];
        self.hessian(x, &mut h);
        hv.fill(0.0);
        for (j, &vj) in v.iter().enumerate() {
            for (hvi, hij) in hv.iter_mut().zip(&h[j * n..(j + 1) * n]) {
                *hvi += hij * vj;
            }
        }
    }
}

impl<T: Objective + ?Sized> Objective for &T {
    fn dim(&self) -> usize {
        (**self).dim()
    }
    fn value(&self, x: &[f64]) -> f64 {
        (**self).value(x)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        (**self).gradient(x, g)
    }
    fn value_and_gradient(&self, x: &[f64], g: &mut [f64]) -> f64 {
        (**self).value_and_gradient(x, g)
    }
}

impl<T: Hessian + ?Sized> Hessian for &T {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        (**self).hessian(x, h)
    }
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        (**self).hessian_vector_product(x, v, hv)
    }
}

/// An objective made of two closures: the quickest way to minimise your own function.
///
/// ```
/// use optim_core::{FnObjective, Objective};
/// // f(x) = (x₀ − 3)² + x₁²
/// let f = FnObjective::new(
///     2,
///     |x: &[f64]| (x[0] - 3.0).powi(2) + x[1] * x[1],
///     |x: &[f64], g: &mut [f64]| {
///         g[0] = 2.0 * (x[0] - 3.0);
///         g[1] = 2.0 * x[1];
///     },
/// );
/// assert_eq!(f.value(&[3.0, 0.0]), 0.0);
/// ```
#[derive(Clone)]
pub struct FnObjective<F, G> {
    dim: usize,
    f: F,
    g: G,
}

impl<F, G> FnObjective<F, G>
where
    F: Fn(&[f64]) -> f64,
    G: Fn(&[f64], &mut [f64]),
{
    /// An objective on ℝ^`dim` with value `f` and gradient `g`.
    pub fn new(dim: usize, f: F, g: G) -> Self {
        Self { dim, f, g }
    }
}

impl<F, G> Objective for FnObjective<F, G>
where
    F: Fn(&[f64]) -> f64,
    G: Fn(&[f64], &mut [f64]),
{
    fn dim(&self) -> usize {
        self.dim
    }
    fn value(&self, x: &[f64]) -> f64 {
        (self.f)(x)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        (self.g)(x, g)
    }
}
