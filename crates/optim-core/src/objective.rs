//! What can be minimised: values and gradients ([`Objective`]), Hessian-vector products
//! ([`HessianProduct`]) and dense Hessians ([`Hessian`]), from your own types or from
//! closures ([`FnObjective`]).

use std::sync::Mutex;

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

/// An [`Objective`] with Hessian-vector products ∇²f(x)·v, and no dense Hessian needed:
/// what Hessian-free methods (Newton-CG, trust-region Steihaug CG, curvature-scaled GD)
/// ask for.
///
/// Implement it with an O(n) product (an R-operator, forward-over-reverse, or the
/// closed form), or build one from closures with [`FnObjective::with_hessian_product`].
/// A [`Hessian`] must say how it multiplies too: by its own product, or, explicitly and
/// for small problems only, by [`dense_hessian_vector_product`].
pub trait HessianProduct: Objective {
    /// ∇²f(x)·v into `hv` (every argument of length n).
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]);
}

/// An objective with its dense Hessian ∇²f(x): what Newton, Levenberg and the dense
/// trust-region solvers (dogleg, Moré–Sorensen) ask for. A dense Hessian implies
/// products ([`HessianProduct`] is a supertrait), so every `Hessian` also runs the
/// Hessian-free methods.
pub trait Hessian: HessianProduct {
    /// ∇²f(x), n×n in column-major order, written into `h` (length n²).
    fn hessian(&self, x: &[f64], h: &mut [f64]);
}

/// ∇²f(x)·v by forming the whole Hessian: the explicit fallback for an objective whose
/// only second derivative is [`Hessian::hessian`].
///
/// It allocates n² numbers and costs O(n²) on every call, which is harmless for the
/// small problems it is meant for and a trap at scale: that is why it is not a default.
///
/// ```
/// use optim_core::{dense_hessian_vector_product, Hessian, HessianProduct, Objective};
/// /// f(x) = x₀² + x₀x₁ + 3x₁², with its dense Hessian only.
/// struct Small;
/// impl Objective for Small {
///     fn dim(&self) -> usize { 2 }
///     fn value(&self, x: &[f64]) -> f64 { x[0] * x[0] + x[0] * x[1] + 3.0 * x[1] * x[1] }
///     fn gradient(&self, x: &[f64], g: &mut [f64]) { g[0] = 2.0 * x[0] + x[1]; g[1] = x[0] + 6.0 * x[1]; }
/// }
/// impl Hessian for Small {
///     fn hessian(&self, _: &[f64], h: &mut [f64]) { h.copy_from_slice(&[2.0, 1.0, 1.0, 6.0]); }
/// }
/// impl HessianProduct for Small {
///     fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
///         dense_hessian_vector_product(self, x, v, hv) // opted in: n = 2
///     }
/// }
/// let mut hv = [0.0; 2];
/// Small.hessian_vector_product(&[0.0, 0.0], &[1.0, -1.0], &mut hv);
/// assert_eq!(hv, [1.0, -5.0]);
/// ```
pub fn dense_hessian_vector_product<O: Hessian + ?Sized>(
    obj: &O,
    x: &[f64],
    v: &[f64],
    hv: &mut [f64],
) {
    let mut h = vec![0.0; v.len() * v.len()];
    obj.hessian(x, &mut h);
    multiply(&h, v, hv);
}

/// hv ← H·v for a column-major n×n `h`.
fn multiply(h: &[f64], v: &[f64], hv: &mut [f64]) {
    let n = v.len();
    hv.fill(0.0);
    for (j, &vj) in v.iter().enumerate() {
        for (hvi, hij) in hv.iter_mut().zip(&h[j * n..(j + 1) * n]) {
            *hvi += hij * vj;
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

impl<T: HessianProduct + ?Sized> HessianProduct for &T {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        (**self).hessian_vector_product(x, v, hv)
    }
}

impl<T: Hessian + ?Sized> Hessian for &T {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        (**self).hessian(x, h)
    }
}

/// An objective made of two closures: the quickest way to minimise your own function.
///
/// Second derivatives are added the same way: [`FnObjective::with_hessian_product`]
/// for Hessian-free methods, [`FnObjective::with_hessian`] for dense ones.
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

    /// The same objective with Hessian-vector products `hv(x, v, out)` (out = ∇²f(x)·v):
    /// enough for Newton-CG and the other Hessian-free methods, no dense Hessian needed.
    ///
    /// ```
    /// use optim_core::{FnObjective, HessianProduct};
    /// // f(x) = Σ xᵢ⁴/4: ∇²f = diag(3xᵢ²), applied without forming it.
    /// let f = FnObjective::new(3, |x: &[f64]| x.iter().map(|v| v.powi(4) / 4.0).sum(),
    ///                          |x: &[f64], g: &mut [f64]| g.iter_mut().zip(x).for_each(|(g, v)| *g = v.powi(3)))
    ///     .with_hessian_product(|x: &[f64], v: &[f64], hv: &mut [f64]| {
    ///         for ((out, xi), vi) in hv.iter_mut().zip(x).zip(v) { *out = 3.0 * xi * xi * vi; }
    ///     });
    /// let mut hv = [0.0; 3];
    /// f.hessian_vector_product(&[1.0, 2.0, 0.0], &[1.0, 1.0, 1.0], &mut hv);
    /// assert_eq!(hv, [3.0, 12.0, 0.0]);
    /// ```
    pub fn with_hessian_product<P>(self, hv: P) -> WithHessianProduct<Self, P>
    where
        P: Fn(&[f64], &[f64], &mut [f64]),
    {
        WithHessianProduct { inner: self, hv }
    }

    /// The same objective with a dense Hessian `h(x, out)` (out = ∇²f(x), column-major
    /// n×n). Its Hessian-vector products form the dense Hessian (in a buffer allocated
    /// once, O(n²) per product); add [`WithHessian::with_hessian_product`] for a faster
    /// one.
    ///
    /// ```
    /// use optim_core::{FnObjective, Hessian, HessianProduct};
    /// let f = FnObjective::new(2, |x: &[f64]| x[0] * x[0] + 3.0 * x[1] * x[1],
    ///                          |x: &[f64], g: &mut [f64]| { g[0] = 2.0 * x[0]; g[1] = 6.0 * x[1]; })
    ///     .with_hessian(|_: &[f64], h: &mut [f64]| h.copy_from_slice(&[2.0, 0.0, 0.0, 6.0]));
    /// let (mut h, mut hv) = ([0.0; 4], [0.0; 2]);
    /// f.hessian(&[1.0, 1.0], &mut h);
    /// f.hessian_vector_product(&[1.0, 1.0], &[1.0, 1.0], &mut hv);
    /// assert_eq!((h, hv), ([2.0, 0.0, 0.0, 6.0], [2.0, 6.0]));
    /// ```
    pub fn with_hessian<H>(self, h: H) -> WithHessian<Self, H>
    where
        H: Fn(&[f64], &mut [f64]),
    {
        WithHessian {
            scratch: Mutex::new(Vec::new()),
            inner: self,
            h,
        }
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

/// An objective with Hessian-vector products from a closure
/// ([`FnObjective::with_hessian_product`], [`WithHessian::with_hessian_product`]).
///
/// Its products come from the closure; if the inner objective has a dense Hessian, so
/// does this one.
#[derive(Clone)]
pub struct WithHessianProduct<O, P> {
    inner: O,
    hv: P,
}

impl<O: Objective, P> Objective for WithHessianProduct<O, P> {
    fn dim(&self) -> usize {
        self.inner.dim()
    }
    fn value(&self, x: &[f64]) -> f64 {
        self.inner.value(x)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        self.inner.gradient(x, g)
    }
    fn value_and_gradient(&self, x: &[f64], g: &mut [f64]) -> f64 {
        self.inner.value_and_gradient(x, g)
    }
}

impl<O: Objective, P: Fn(&[f64], &[f64], &mut [f64])> HessianProduct for WithHessianProduct<O, P> {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        (self.hv)(x, v, hv)
    }
}

impl<O: Hessian, P: Fn(&[f64], &[f64], &mut [f64])> Hessian for WithHessianProduct<O, P> {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        self.inner.hessian(x, h)
    }
}

/// An objective with a dense Hessian from a closure ([`FnObjective::with_hessian`]).
///
/// Its Hessian-vector products form the dense Hessian in a buffer kept across calls
/// (behind a `Mutex`, so the objective stays `Sync` for [`minimize_many`](crate::minimize_many)).
pub struct WithHessian<O, H> {
    inner: O,
    h: H,
    scratch: Mutex<Vec<f64>>,
}

impl<O, H> WithHessian<O, H> {
    /// The same objective with Hessian-vector products `hv(x, v, out)` that do not form
    /// the dense Hessian.
    pub fn with_hessian_product<P>(self, hv: P) -> WithHessianProduct<Self, P>
    where
        P: Fn(&[f64], &[f64], &mut [f64]),
    {
        WithHessianProduct { inner: self, hv }
    }
}

impl<O: Objective, H> Objective for WithHessian<O, H> {
    fn dim(&self) -> usize {
        self.inner.dim()
    }
    fn value(&self, x: &[f64]) -> f64 {
        self.inner.value(x)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        self.inner.gradient(x, g)
    }
    fn value_and_gradient(&self, x: &[f64], g: &mut [f64]) -> f64 {
        self.inner.value_and_gradient(x, g)
    }
}

impl<O: Objective, H: Fn(&[f64], &mut [f64])> HessianProduct for WithHessian<O, H> {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        let n = v.len();
        // A poisoned lock only means another thread panicked mid-product: the buffer
        // is overwritten before it is read, so it is safe to keep using.
        let mut h = self.scratch.lock().unwrap_or_else(|e| e.into_inner());
        h.resize(n * n, 0.0);
        (self.h)(x, &mut h);
        multiply(&h, v, hv);
    }
}

impl<O: Objective, H: Fn(&[f64], &mut [f64])> Hessian for WithHessian<O, H> {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        (self.h)(x, h)
    }
}
