//! [`Landscape`]: an objective with what figures and tests need to know about it.

/// An objective to study, with the metadata used by figures and tests.
///
/// Every landscape implements [`optim_core::Hessian`]: value, gradient, column-major
/// Hessian and an O(n) (or O(n·wells)) Hessian-vector product that allocates nothing.
/// The trait is object safe, so `&dyn Landscape` works with
/// [`optim_core::Problem`] and [`optim_core::minimize`].
pub trait Landscape: optim_core::Hessian {
    /// A human-readable name with the parameters, e.g. `"Rosenbrock (a = 1, b = 100)"`.
    fn name(&self) -> String;
    /// The plotting box, one `(low, high)` per coordinate. It contains the standard
    /// start and the known minima.
    fn domain(&self) -> Vec<(f64, f64)>;
    /// The known minima (local and global; the global first where both are listed).
    /// Empty when none is known in closed form or the function is unbounded below.
    fn minima(&self) -> Vec<Vec<f64>>;
    /// The standard starting point (the one the source documents use, where they do).
    fn start(&self) -> Vec<f64>;
}

/// Widens `base` so that it contains every point of `points` with a margin of
/// `margin` (used so that plotting boxes always show the start and the minima).
pub(crate) fn cover(mut base: Vec<(f64, f64)>, points: &[&[f64]], margin: f64) -> Vec<(f64, f64)> {
    for p in points {
        for ((lo, hi), &v) in base.iter_mut().zip(p.iter()) {
            if v.is_finite() {
                *lo = lo.min(v - margin);
                *hi = hi.max(v + margin);
            }
        }
    }
    base
}
