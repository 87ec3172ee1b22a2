//! x·cos(c x): a non-convex 1-D function with many local minima (the *Gradient Descent* chapter).

use optim_core::{Hessian, HessianProduct, Objective};

use crate::Landscape;

/// f(x) = x cos(c x), one coordinate.
///
/// - f′(x) = cos(c x) − c x sin(c x), f″(x) = −2c sin(c x) − c² x cos(c x).
/// - Non-convex and unbounded below as |x| → ∞: every minimum is local. With t = c x
///   the stationary points solve t tan t = 1 (one in every interval of length π);
///   [`minima`](Landscape::minima) lists those in the plotting box, found by bisection
///   on f′ to machine precision.
/// - The *Gradient Descent* chapter runs gradient descent with η = 2 from x = 10 for c = 0.15π, then shows
///   Newton's method failing: from 10 it jumps to 5, then to 25, and settles on the
///   local *maximum* at 26.834 (f″ < 0 there), while the damped step (η = 0.5)
///   reaches the minimum at 7.2694.
///
/// ```
/// use landscapes::{Landscape, XCos};
/// use optim_core::Objective;
/// let f = XCos::seed001();
/// let minima = f.minima();
/// let mut g = [0.0];
/// for m in &minima {
///     f.gradient(m, &mut g);
///     assert!(g[0].abs() < 1e-12);
/// }
/// // The minimum nearest the start 10:
/// assert!(minima.iter().any(|m| (m[0] - 7.269388).abs() < 1e-6));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct XCos {
    /// The frequency c.
    pub c: f64,
}

impl XCos {
    /// c = 0.15π, the *Gradient Descent* chapter's non-convex example (start 10).
    pub fn seed001() -> Self {
        Self {
            c: 0.15 * std::f64::consts::PI,
        }
    }

    /// The box half-width: 2.25π/|c| (15 for c = 0.15π), about 2¼ periods each side.
    fn half_width(&self) -> f64 {
        let l = 2.25 * std::f64::consts::PI / self.c.abs();
        if l.is_finite() { l.max(10.5) } else { 15.0 }
    }

    fn derivative(&self, x: f64) -> f64 {
        let t = self.c * x;
        t.cos() - t * t.sin()
    }
}

impl Objective for XCos {
    fn dim(&self) -> usize {
        1
    }
    fn value(&self, x: &[f64]) -> f64 {
        x[0] * (self.c * x[0]).cos()
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        g[0] = self.derivative(x[0]);
    }
}

impl HessianProduct for XCos {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        let mut h = [0.0];
        self.hessian(x, &mut h);
        hv[0] = h[0] * v[0];
    }
}

impl Hessian for XCos {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        let (c, t) = (self.c, self.c * x[0]);
        h[0] = -2.0 * c * t.sin() - c * t * t.cos();
    }
}

impl Landscape for XCos {
    fn name(&self) -> String {
        format!("x cos(c x) (c = {:.6})", self.c)
    }
    /// [−L, L] with L = max(2.25π/|c|, 10.5): 15 for the *Gradient Descent* chapter's c.
    fn domain(&self) -> Vec<(f64, f64)> {
        let l = self.half_width();
        vec![(-l, l)]
    }
    /// The local minima inside the box, in increasing order.
    fn minima(&self) -> Vec<Vec<f64>> {
        if self.c == 0.0 || !self.c.is_finite() {
            return Vec::new();
        }
        let l = self.half_width();
        // f′ changes sign at most once per π/|c|; 64 samples per period cannot miss one.
        let samples = (64.0 * 2.0 * l * self.c.abs() / std::f64::consts::PI).ceil() as usize;
        let dx = 2.0 * l / samples as f64;
        let mut out = Vec::new();
        for k in 0..samples {
            let (mut lo, mut hi) = (-l + k as f64 * dx, -l + (k + 1) as f64 * dx);
            // A minimum is where f′ goes from negative to non-negative.
            if !(self.derivative(lo) < 0.0 && self.derivative(hi) >= 0.0) {
                continue;
            }
            while hi - lo > f64::EPSILON * hi.abs().max(1.0) {
                let mid = 0.5 * (lo + hi);
                if mid <= lo || mid >= hi {
                    break;
                }
                if self.derivative(mid) < 0.0 {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            out.push(vec![0.5 * (lo + hi)]);
        }
        out
    }
    /// 10, as in the *Gradient Descent* chapter.
    fn start(&self) -> Vec<f64> {
        vec![10.0]
    }
}
