//! Himmelblau's function: four global minima of equal depth (Himmelblau 1972).

use optim_core::{Hessian, HessianProduct, Objective};

use crate::Landscape;

/// f(x, y) = (x² + y − 11)² + (x + y² − 7)².
///
/// With u = x² + y − 11 and v = x + y² − 7:
/// - ∇f = (4xu + 2v, 2u + 4yv);
/// - ∇²f = [[12x² + 4y − 42, 4(x + y)], [4(x + y), 12y² + 4x − 26]].
///
/// Four global minima with f = 0: (3, 2) exactly, and three irrational ones listed
/// to full double precision (Newton-polished roots of ∇f = 0); a local maximum at
/// (−0.270845, −0.923039) and four saddles. Box [−5, 5]², start (0, 0), near the
/// local maximum, from where runs can fall into any of the basins.
///
/// ```
/// use landscapes::{Himmelblau, Landscape};
/// use optim_core::Objective;
/// for m in Himmelblau.minima() {
///     assert!(Himmelblau.value(&m) < 1e-25);
/// }
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Himmelblau;

impl Objective for Himmelblau {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, p: &[f64]) -> f64 {
        let (x, y) = (p[0], p[1]);
        let (u, v) = (x * x + y - 11.0, x + y * y - 7.0);
        u * u + v * v
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        let (x, y) = (p[0], p[1]);
        let (u, v) = (x * x + y - 11.0, x + y * y - 7.0);
        g[0] = 4.0 * x * u + 2.0 * v;
        g[1] = 2.0 * u + 4.0 * y * v;
    }
}

impl HessianProduct for Himmelblau {
    fn hessian_vector_product(&self, p: &[f64], v: &[f64], hv: &mut [f64]) {
        let mut h = [0.0; 4];
        self.hessian(p, &mut h);
        hv[0] = h[0] * v[0] + h[2] * v[1];
        hv[1] = h[1] * v[0] + h[3] * v[1];
    }
}

impl Hessian for Himmelblau {
    fn hessian(&self, p: &[f64], h: &mut [f64]) {
        let (x, y) = (p[0], p[1]);
        let off = 4.0 * (x + y);
        h.copy_from_slice(&[
            12.0 * x * x + 4.0 * y - 42.0,
            off,
            off,
            12.0 * y * y + 4.0 * x - 26.0,
        ]);
    }
}

impl Landscape for Himmelblau {
    fn name(&self) -> String {
        "Himmelblau".to_owned()
    }
    fn domain(&self) -> Vec<(f64, f64)> {
        vec![(-5.0, 5.0); 2]
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        MINIMA.iter().map(|m| m.to_vec()).collect()
    }
    fn start(&self) -> Vec<f64> {
        vec![0.0, 0.0]
    }
}

const MINIMA: [[f64; 2]; 4] = [
    [3.0, 2.0],
    [-2.805118086952745, 3.131312518250573],
    [-3.779310253377747, -3.283185991286169],
    [3.5844283403304917, -1.8481265269644034],
];
