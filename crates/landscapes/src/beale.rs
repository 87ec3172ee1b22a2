//! Beale's function: a flat, curved valley with steep walls (Beale 1958).

use optim_core::{Hessian, HessianProduct, Objective};

use crate::Landscape;

/// f(x, y) = Σ_{k=1}^{3} tₖ², tₖ = cₖ − x + x yᵏ, (c₁, c₂, c₃) = (1.5, 2.25, 2.625).
///
/// - ∇tₖ = (yᵏ − 1, k x yᵏ⁻¹); ∇f = 2 Σ tₖ ∇tₖ.
/// - ∇²f = 2 Σ (∇tₖ∇tₖᵀ + tₖ ∇²tₖ), ∇²tₖ = [[0, k yᵏ⁻¹], [k yᵏ⁻¹, k(k−1) x yᵏ⁻²]].
/// - One global minimum f(3, ½) = 0; the saddle-riddled plateau around x = 0 makes
///   plain gradient descent crawl. Usual box [−4.5, 4.5]².
///
/// It is one of the visualisation surfaces of *A journey into optimization algorithms* (Radford's animations); the
/// standard start here is (1, 1.5), on the flat plateau left of the minimum.
///
/// ```
/// use landscapes::{Beale, Landscape};
/// use optim_core::Objective;
/// assert_eq!(Beale.value(&[3.0, 0.5]), 0.0);
/// assert!((Beale.value(&[1.0, 1.5]) - 41.25).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Beale;

const C: [f64; 3] = [1.5, 2.25, 2.625];

/// (tₖ, yᵏ⁻², yᵏ⁻¹, yᵏ) for k = 1, 2, 3 (y⁻¹ is stored as 0: only k − 1 = 0 multiplies it).
fn terms(x: f64, y: f64) -> [(f64, f64, f64, f64); 3] {
    let mut out = [(0.0, 0.0, 0.0, 0.0); 3];
    let (mut ykm2, mut ykm1) = (0.0, 1.0);
    for (k, o) in out.iter_mut().enumerate() {
        let yk = ykm1 * y;
        *o = (C[k] - x + x * yk, ykm2, ykm1, yk);
        ykm2 = ykm1;
        ykm1 = yk;
    }
    out
}

impl Objective for Beale {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, p: &[f64]) -> f64 {
        terms(p[0], p[1]).iter().map(|t| t.0 * t.0).sum()
    }
    fn gradient(&self, p: &[f64], g: &mut [f64]) {
        let x = p[0];
        g[0] = 0.0;
        g[1] = 0.0;
        for (k, &(t, _, ykm1, yk)) in terms(p[0], p[1]).iter().enumerate() {
            let k = (k + 1) as f64;
            g[0] += 2.0 * t * (yk - 1.0);
            g[1] += 2.0 * t * k * x * ykm1;
        }
    }
}

impl HessianProduct for Beale {
    fn hessian_vector_product(&self, p: &[f64], v: &[f64], hv: &mut [f64]) {
        let mut h = [0.0; 4];
        self.hessian(p, &mut h);
        hv[0] = h[0] * v[0] + h[2] * v[1];
        hv[1] = h[1] * v[0] + h[3] * v[1];
    }
}

impl Hessian for Beale {
    fn hessian(&self, p: &[f64], h: &mut [f64]) {
        let x = p[0];
        let (mut hxx, mut hxy, mut hyy) = (0.0, 0.0, 0.0);
        for (k, &(t, ykm2, ykm1, yk)) in terms(p[0], p[1]).iter().enumerate() {
            let k = (k + 1) as f64;
            let (tx, ty) = (yk - 1.0, k * x * ykm1);
            hxx += 2.0 * tx * tx;
            hxy += 2.0 * (tx * ty + t * k * ykm1);
            hyy += 2.0 * (ty * ty + t * k * (k - 1.0) * x * ykm2);
        }
        h.copy_from_slice(&[hxx, hxy, hxy, hyy]);
    }
}

impl Landscape for Beale {
    fn name(&self) -> String {
        "Beale".to_owned()
    }
    fn domain(&self) -> Vec<(f64, f64)> {
        vec![(-4.5, 4.5); 2]
    }
    fn minima(&self) -> Vec<Vec<f64>> {
        vec![vec![3.0, 0.5]]
    }
    fn start(&self) -> Vec<f64> {
        vec![1.0, 1.5]
    }
}
