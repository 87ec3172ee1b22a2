//! A long, narrow, curved valley, in the spirit of Radford's "long valley" animation.

use optim_core::{Hessian, HessianProduct, Objective};

use crate::Landscape;

/// f(x, y) = x²/20 + 5 (y − ½ sin x)².
///
/// *A journey into optimization algorithms* shows Radford's "long valley" animation (methods without per-coordinate
/// step sizes are slow to follow a narrow valley), whose formula was never published.
/// This is the toolkit's own choice of such a valley: its floor is the curve
/// y = ½ sin x, its cross-section is 100 times more curved than its floor
/// (∂²f/∂y² = 10 across, x²/20 gives 1/10 along), and it bends, so no coordinate
/// axis is aligned with it.
///
/// With r = y − ½ sin x:
/// - ∇f = (x/10 − 5r cos x, 10r);
/// - ∇²f = [[1/10 + 5/2 cos²x + 5r sin x, −5 cos x], [−5 cos x, 10]].
///
/// The only stationary point is the global minimum f(0, 0) = 0 (∂f/∂y = 0 forces
/// r = 0, then ∂f/∂x = x/10), where the Hessian [[2.6, −5], [−5, 10]] has condition
/// number ≈ 157. Box [−10, 2] × [−2, 2]; start (−9, 1), at the far end of the valley
/// and up its wall.
///
/// ```
/// use landscapes::{Landscape, LongValley};
/// use optim_core::{Hessian, Objective};
/// let mut h = [0.0; 4];
/// LongValley.hessian(&[0.0, 0.0], &mut h);
/// assert_eq!(h, [2.6, -5.0, -5.0, 10.0]);
/// assert_eq!(LongValley.value(&LongValley.minima()[0]), 0.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct LongValley;

impl Objective for LongValley {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, p: &[f64]) -> f64 {
        let (x, y) = (p[0], p[1]);
        let r = y - 0.5 * x.sin();
        0.05 * x * x + 5.0 * r * r
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        let (x, y) = (p[0], p[1]);
        let r = y - 0.5 * x.sin();
        g[0] = 0.1 * x - 5.0 * r * x.cos();
        g[1] = 10.0 * r;
    }
}

impl HessianProduct for LongValley {
    fn hessian_vector_product(&self, p: &[f64], v: &[f64], hv: &mut [f64]) {
        let mut h = [0.0; 4];
        self.hessian(p, &mut h);
        hv[0] = h[0] * v[0] + h[2] * v[1];
        hv[1] = h[1] * v[0] + h[3] * v[1];
    }
}

impl Hessian for LongValley {
    fn hessian(&self, p: &[f64], h: &mut [f64]) {
        let (x, y) = (p[0], p[1]);
        let (s, c) = x.sin_cos();
        let r = y - 0.5 * s;
        let off = -5.0 * c;
        h.copy_from_slice(&[0.1 + 2.5 * c * c + 5.0 * r * s, off, off, 10.0]);
    }
}

impl Landscape for LongValley {
    fn name(&self) -> String {
        "long valley x²/20 + 5(y − ½ sin x)²".to_owned()
    }
    fn domain(&self) -> Vec<(f64, f64)> {
        vec![(-10.0, 2.0), (-2.0, 2.0)]
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        vec![vec![0.0, 0.0]]
    }
    fn start(&self) -> Vec<f64> {
        vec![-9.0, 1.0]
    }
}
