//! Objective functions to study optimisers on, each with its analytic value, gradient,
//! column-major Hessian and an allocation-free Hessian-vector product, plus the
//! [`Landscape`] metadata that figures and tests need (a name, a plotting box, the known
//! minima and the standard starting point).
//!
//! | type | formula | from |
//! |---|---|---|
//! | [`Quadratic`] | ½ xᵀAx − bᵀx (x², x₁² + 2x₂², x² + 100y², random SPD) | seeds 000, 001 |
//! | [`Cosh`] | cosh(c x) | seed 001 (Newton) |
//! | [`XCos`] | x cos(c x) | seed 001 (non-convex GD, Newton failing) |
//! | [`Rosenbrock`] | b(y − x²)² + (a − x)²; chained and extended n-D | seed 000, scipy, Moré–Garbow–Hillstrom |
//! | [`Wells`] | Σₚ cₚ·(−exp(−‖x − μₚ‖²/wₚ²)) | seed 002 |
//! | [`Beale`], [`Saddle`], [`LongValley`] | the classic visualisation surfaces | seed 004 |
//! | [`Rastrigin`], [`Himmelblau`] | multimodal test functions | common benchmarks |
//! | [`LinearRegression`] | (1/2N) Σᵢ (a xᵢ + b − yᵢ)², a finite sum | seed 003 |
//!
//! ```
//! use landscapes::{Landscape, Rosenbrock};
//! use optim_core::{Hessian, Objective};
//!
//! let f = Rosenbrock::new();
//! assert_eq!(f.name(), "Rosenbrock (a = 1, b = 100)");
//! assert_eq!(f.start(), vec![4.0, -4.1]);
//! let mut h = [0.0; 4];
//! f.hessian(&[1.0, 1.0], &mut h);
//! assert_eq!(h, [802.0, -400.0, -400.0, 200.0]);
//! assert_eq!(f.value(&f.minima()[0]), 0.0);
//! ```
#![deny(missing_docs)]

mod linalg;
mod quadratic;
mod rosenbrock;

pub use quadratic::Quadratic;
pub use rosenbrock::{Rosenbrock, RosenbrockForm};

/// An objective to study, with the metadata used by figures and tests.
///
/// Every landscape implements [`optim_core::Hessian`]: value, gradient, column-major
/// Hessian and an O(n) (or O(n·wells)) Hessian-vector product that allocates nothing.
/// The trait is object safe, so `&dyn Landscape` works with
/// [`optim_core::Counted`] and [`optim_core::minimize`].
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
