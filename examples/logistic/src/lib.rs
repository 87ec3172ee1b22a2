//! A user's crate, as one would write it against the toolkit: an L2-regularised logistic
//! regression on generated data, with its loss, gradient and Hessian-vector product in
//! closed form, fitted three ways by `src/main.rs`:
//!
//! - L-BFGS (second-order), stopped as scipy's L-BFGS-B stops, which `tests/scipy.rs`
//!   checks against scipy's own run (`scipy_reference.py`, `tests/scipy_lbfgs.json`);
//! - Newton-CG, Hessian-free: the objective is three closures, the last one H·v;
//! - Adam (first-order) under a one-cycle schedule, watched by a progress bar.
//!
//! The model, with labels yᵢ ∈ {−1, +1} and rows xᵢ of X (n × d):
//!
//! ```text
//! f(w)   = (1/n) Σᵢ log(1 + exp(−mᵢ)) + (λ/2)‖w‖²,      mᵢ = yᵢ xᵢᵀw
//! ∇f(w)  = −(1/n) Σᵢ yᵢ σ(−mᵢ) xᵢ + λw,                   σ(t) = 1/(1 + e⁻ᵗ)
//! ∇²f·v  = (1/n) Σᵢ σ(mᵢ) σ(−mᵢ) (xᵢᵀv) xᵢ + λv
//! ```
//!
//! ```
//! let data = logistic_example::Data::generate(7, 200, 3, 0.5, 1e-3);
//! let w = vec![0.0; 3];
//! assert!((data.loss(&w) - 2f64.ln()).abs() < 1e-12); // log 2 at w = 0
//! ```
#![deny(missing_docs)]

use second_order::Rng;

/// The generated data set and the regularisation weight.
#[derive(Debug, Clone)]
pub struct Data {
    /// X, n × d, row-major.
    pub x: Vec<f64>,
    /// The labels, ±1.
    pub y: Vec<f64>,
    /// n, the number of samples.
    pub n: usize,
    /// d, the number of features.
    pub d: usize,
    /// λ, the weight of ½‖w‖².
    pub lambda: f64,
}

/// log(1 + eᵃ), as NumPy's `logaddexp(0, a)`: exact for large |a| too.
fn log1p_exp(a: f64) -> f64 {
    if a == 0.0 {
        std::f64::consts::LN_2
    } else if a > 0.0 {
        a + (-a).exp().ln_1p()
    } else {
        a.exp().ln_1p()
    }
}

/// σ(−m) = (1 − tanh(m/2))/2, which neither overflows nor loses the small values.
fn sigma_minus(m: f64) -> f64 {
    0.5 * (1.0 - (0.5 * m).tanh())
}

impl Data {
    /// n samples of d standard normal features, true weights w* ~ N(0, I), and labels
    /// sign(xᵢᵀw* + noise·εᵢ), drawn in that order from NumPy's legacy stream of `seed`
    /// (`np.random.seed(seed)`, then `randn(n, d)`, `randn(d)`, `randn(n)`).
    pub fn generate(seed: u32, n: usize, d: usize, noise: f64, lambda: f64) -> Self {
        let mut rng = Rng::new(seed);
        let x: Vec<f64> = (0..n * d).map(|_| rng.normal()).collect();
        let w_true: Vec<f64> = (0..d).map(|_| rng.normal()).collect();
        let y = (0..n)
            .map(|i| {
                let score: f64 = x[i * d..(i + 1) * d]
                    .iter()
                    .zip(&w_true)
                    .map(|(a, b)| a * b)
                    .sum();
                if score + noise * rng.normal() > 0.0 {
                    1.0
                } else {
                    -1.0
                }
            })
            .collect();
        Self { x, y, n, d, lambda }
    }

    fn row(&self, i: usize) -> &[f64] {
        &self.x[i * self.d..(i + 1) * self.d]
    }

    fn margin(&self, i: usize, w: &[f64]) -> f64 {
        self.y[i] * self.row(i).iter().zip(w).map(|(a, b)| a * b).sum::<f64>()
    }

    /// f(w).
    pub fn loss(&self, w: &[f64]) -> f64 {
        let data: f64 = (0..self.n).map(|i| log1p_exp(-self.margin(i, w))).sum();
        data / self.n as f64 + 0.5 * self.lambda * w.iter().map(|v| v * v).sum::<f64>()
    }

    /// ∇f(w) into `g`.
    pub fn gradient(&self, w: &[f64], g: &mut [f64]) {
        g.fill(0.0);
        for i in 0..self.n {
            let s = -self.y[i] * sigma_minus(self.margin(i, w));
            for (gj, xij) in g.iter_mut().zip(self.row(i)) {
                *gj += s * xij;
            }
        }
        let scale = 1.0 / self.n as f64;
        for (gj, wj) in g.iter_mut().zip(w) {
            *gj = *gj * scale + self.lambda * wj;
        }
    }

    /// ∇²f(w)·v into `hv`, without forming the d × d Hessian.
    pub fn hessian_product(&self, w: &[f64], v: &[f64], hv: &mut [f64]) {
        hv.fill(0.0);
        for i in 0..self.n {
            let m = self.margin(i, w);
            let curvature = sigma_minus(m) * sigma_minus(-m);
            let xv: f64 = self.row(i).iter().zip(v).map(|(a, b)| a * b).sum();
            for (hj, xij) in hv.iter_mut().zip(self.row(i)) {
                *hj += curvature * xv * xij;
            }
        }
        let scale = 1.0 / self.n as f64;
        for (hj, vj) in hv.iter_mut().zip(v) {
            *hj = *hj * scale + self.lambda * vj;
        }
    }

    /// The fraction of samples whose label sign(xᵢᵀw) gets right.
    pub fn accuracy(&self, w: &[f64]) -> f64 {
        (0..self.n).filter(|&i| self.margin(i, w) > 0.0).count() as f64 / self.n as f64
    }
}
