//! The saddle x² − y²: a stationary point that is not a minimum.

use optim_core::{Hessian, HessianProduct, Objective};

use crate::Landscape;

/// f(x, y) = x² − y².
///
/// - ∇f = (2x, −2y), ∇²f = diag(2, −2): (0, 0) is a saddle point, f is unbounded
///   below along y and has no minimum.
/// - *A journey into optimization algorithms* (after Radford's animations) uses it to show momentum methods
///   oscillating before finding the way down and plain gradient descent lingering:
///   from the standard start (1, 10⁻³), just off the stable axis y = 0, gradient
///   descent with step η multiplies y by (1 + 2η) per step, so it leaves the saddle
///   only after ~log(10³)/log(1 + 2η) steps. Box [−2, 2]².
///
/// ```
/// use landscapes::{Landscape, Saddle};
/// use optim_core::Hessian;
/// let mut h = [0.0; 4];
/// Saddle.hessian(&[0.0, 0.0], &mut h);
/// assert_eq!(h, [2.0, 0.0, 0.0, -2.0]);
/// assert!(Saddle.minima().is_empty());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Saddle;

impl Objective for Saddle {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, p: &[f64]) -> f64 {
        p[0] * p[0] - p[1] * p[1]
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        g[0] = 2.0 * p[0];
        g[1] = -2.0 * p[1];
    }
}

impl HessianProduct for Saddle {
    fn hessian_vector_product(&self, _p: &[f64], v: &[f64], hv: &mut [f64]) {
        hv[0] = 2.0 * v[0];
        hv[1] = -2.0 * v[1];
    }
}

impl Hessian for Saddle {
    fn hessian(&self, _p: &[f64], h: &mut [f64]) {
        h.copy_from_slice(&[2.0, 0.0, 0.0, -2.0]);
    }
}

impl Landscape for Saddle {
    fn name(&self) -> String {
        "saddle x² − y²".to_owned()
    }
    fn domain(&self) -> Vec<(f64, f64)> {
        vec![(-2.0, 2.0); 2]
    }
    /// None: f is unbounded below.
    fn minima(&self) -> Vec<Vec<f64>> {
        Vec::new()
    }
    fn start(&self) -> Vec<f64> {
        vec![1.0, 1e-3]
    }
}
