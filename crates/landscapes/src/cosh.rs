//! cosh(c x): a convex 1-D function on which Newton's method converges (the *Gradient Descent* chapter).

use optim_core::{Hessian, HessianProduct, Objective};

use crate::Landscape;

/// f(x) = cosh(c x), one coordinate.
///
/// - f′(x) = c sinh(c x), f″(x) = c² cosh(c x) > 0: strictly convex, with its unique
///   minimum f(0) = 1 at x = 0 (for c ≠ 0).
/// - The *Gradient Descent* chapter ("Gradient Descent", d2l) runs Newton's method on it with c = 0.5 from
///   x = 10: the Newton step x − tanh(c x)/c converges in a handful of iterations.
///
/// ```
/// use landscapes::{Cosh, Landscape};
/// use optim_core::{Hessian, Objective};
/// let f = Cosh::seed001();
/// let (mut g, mut h) = ([0.0], [0.0]);
/// f.gradient(&[10.0], &mut g);
/// f.hessian(&[10.0], &mut h);
/// let newton = 10.0 - g[0] / h[0]; // 10 − tanh(5)/0.5
/// assert!((newton - 8.000181).abs() < 1e-6);
/// assert_eq!(f.minima(), vec![vec![0.0]]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cosh {
    /// The frequency c.
    pub c: f64,
}

impl Cosh {
    /// c = 0.5, the *Gradient Descent* chapter's Newton example (start 10).
    pub fn seed001() -> Self {
        Self { c: 0.5 }
    }
}

impl Objective for Cosh {
    fn dim(&self) -> usize {
        1
    }
    fn value(&self, x: &[f64]) -> f64 {
        (self.c * x[0]).cosh()
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        g[0] = self.c * (self.c * x[0]).sinh();
    }
}

impl HessianProduct for Cosh {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        hv[0] = self.c * self.c * (self.c * x[0]).cosh() * v[0];
    }
}

impl Hessian for Cosh {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        h[0] = self.c * self.c * (self.c * x[0]).cosh();
    }
}

impl Landscape for Cosh {
    fn name(&self) -> String {
        format!("cosh(c x) (c = {})", self.c)
    }
    /// [−10.5, 10.5]: the start 10 and the minimum with a margin.
    fn domain(&self) -> Vec<(f64, f64)> {
        vec![(-10.5, 10.5)]
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        if self.c != 0.0 && self.c.is_finite() {
            vec![vec![0.0]]
        } else {
            Vec::new()
        }
    }
    /// 10, as in the *Gradient Descent* chapter.
    fn start(&self) -> Vec<f64> {
        vec![10.0]
    }
}
