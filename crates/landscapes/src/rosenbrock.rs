//! The Rosenbrock function in its three common forms: 2-D, chained n-D (scipy's
//! `rosen`) and extended (separable) n-D (Moré, Garbow & Hillstrom 1981).

use optim_core::error::check_param;
use optim_core::{Error, Hessian, HessianProduct, Objective};

use crate::Landscape;
use crate::landscape::cover;

/// Which n-D generalisation of Rosenbrock's function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RosenbrockForm {
    /// f(x) = Σ_{i=1}^{n−1} b(x_{i+1} − xᵢ²)² + (a − xᵢ)²: consecutive coordinates are
    /// coupled, so the Hessian is tridiagonal (scipy's `rosen`; the 2-D function is
    /// the case n = 2).
    Chained,
    /// f(x) = Σ_{i=1}^{n/2} b(x_{2i} − x_{2i−1}²)² + (a − x_{2i−1})²: n/2 independent
    /// 2-D Rosenbrocks, so the Hessian is block-diagonal with 2×2 blocks (Moré, Garbow
    /// & Hillstrom's "extended Rosenbrock", problem 21).
    Extended,
}

/// Rosenbrock's banana valley with parameters (a, b), default (1, 100).
///
/// 2-D: f(x, y) = b(y − x²)² + (a − x)² (Rosenbrock 1960), one global minimum at
/// (a, a²) with f = 0 for b > 0, inside a long, curved, flat-bottomed valley. Its
/// Hessian at (1, 1) is [[802, −400], [−400, 200]], condition number 2508.0096 (seed
/// 000). For n-D, see [`RosenbrockForm`]; per pair (xᵢ, xⱼ = the next coordinate):
///
/// - ∂/∂xᵢ = −4b xᵢ(xⱼ − xᵢ²) − 2(a − xᵢ), ∂/∂xⱼ = 2b(xⱼ − xᵢ²);
/// - Hessian block [[12b xᵢ² − 4b xⱼ + 2, −4b xᵢ], [−4b xᵢ, 2b]], summed over pairs.
///
/// Value, gradient and Hessian-vector product are one O(n) pass that allocates
/// nothing (0.5–3 ns per element at n = 10⁶ in the `rosenbrock` bench); [`hessian`](Hessian::hessian)
/// writes the dense n×n matrix, for small n only.
///
/// Known minima: (a, a²) in 2-D and for every pair of the extended form; the chained
/// form has the global minimum (a, …, a) only when a² = a (a ∈ {0, 1}) and, for
/// 4 ≤ n ≤ 7 with a = 1, also a local minimum near (−1, 1, …, 1) that has no closed
/// form and is not listed.
///
/// ```
/// use landscapes::{Landscape, Rosenbrock};
/// use optim_core::{HessianProduct, Objective};
/// let f = Rosenbrock::chained(1_000);
/// let x = f.start(); // (−1.2, 1, −1.2, 1, …)
/// let (mut g, mut hv) = (vec![0.0; 1_000], vec![0.0; 1_000]);
/// f.gradient(&x, &mut g);
/// f.hessian_vector_product(&x, &g, &mut hv);
/// assert_eq!(f.value(&vec![1.0; 1_000]), 0.0);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Rosenbrock {
    n: usize,
    a: f64,
    b: f64,
    form: RosenbrockForm,
    /// The 2-D function of *Gradient Descent Optimizations*, with its start (4, −4.1) and box [−5, 5]².
    classic: bool,
}

impl Default for Rosenbrock {
    fn default() -> Self {
        Self::new()
    }
}

impl Rosenbrock {
    /// The 2-D function with a = 1, b = 100, start (4, −4.1) and plotting box [−5, 5]²
    /// (the *Gradient Descent Optimizations* notebook's Nelder–Mead / BFGS / Newton-CG comparison).
    pub fn new() -> Self {
        Self {
            n: 2,
            a: 1.0,
            b: 100.0,
            form: RosenbrockForm::Chained,
            classic: true,
        }
    }

    /// The chained n-D form (scipy's `rosen`), a = 1, b = 100, start
    /// (−1.2, 1, −1.2, 1, …).
    ///
    /// # Panics
    /// If n < 2; [`try_chained`](Self::try_chained) returns an [`Error`] instead.
    pub fn chained(n: usize) -> Self {
        Self::try_chained(n).unwrap_or_else(|e| panic!("Rosenbrock::chained: {e}"))
    }

    /// [`chained`](Self::chained), refusing n < 2 with [`Error::InvalidParameter`].
    pub fn try_chained(n: usize) -> Result<Self, Error> {
        check_param("n", n as f64, "at least 2", |v| v >= 2.0)?;
        Ok(Self {
            n,
            a: 1.0,
            b: 100.0,
            form: RosenbrockForm::Chained,
            classic: false,
        })
    }

    /// The extended (separable) n-D form, a = 1, b = 100, start (−1.2, 1, −1.2, 1, …)
    /// as in Moré, Garbow & Hillstrom.
    ///
    /// # Panics
    /// If n is odd or 0; [`try_extended`](Self::try_extended) returns an [`Error`]
    /// instead.
    pub fn extended(n: usize) -> Self {
        Self::try_extended(n).unwrap_or_else(|e| panic!("Rosenbrock::extended: {e}"))
    }

    /// [`extended`](Self::extended), refusing an odd or zero n with
    /// [`Error::InvalidParameter`].
    pub fn try_extended(n: usize) -> Result<Self, Error> {
        check_param("n", n as f64, "even and at least 2", |v| {
            v >= 2.0 && n % 2 == 0
        })?;
        Ok(Self {
            n,
            a: 1.0,
            b: 100.0,
            form: RosenbrockForm::Extended,
            classic: false,
        })
    }

    /// The same form with parameters (a, b). Any finite values are accepted: b ≤ 0
    /// makes a function without the valley (and without listed minima), and
    /// non-finite values make it evaluate to NaN.
    pub fn with_params(mut self, a: f64, b: f64) -> Self {
        self.a = a;
        self.b = b;
        self
    }

    /// The dimension n.
    pub fn dim(&self) -> usize {
        self.n
    }

    /// a (the minimum's first coordinate).
    pub fn a(&self) -> f64 {
        self.a
    }

    /// b (the valley's steepness).
    pub fn b(&self) -> f64 {
        self.b
    }

    /// Chained or extended.
    pub fn form(&self) -> RosenbrockForm {
        self.form
    }
}

impl Objective for Rosenbrock {
    fn dim(&self) -> usize {
        self.n
    }

    fn value(&self, x: &[f64]) -> f64 {
        let (a, b) = (self.a, self.b);
        let term = |xi: f64, xj: f64| {
            let r = xj - xi * xi;
            let s = a - xi;
            b * r * r + s * s
        };
        match self.form {
            RosenbrockForm::Chained => x.windows(2).map(|w| term(w[0], w[1])).sum(),
            RosenbrockForm::Extended => x.chunks_exact(2).map(|p| term(p[0], p[1])).sum(),
        }
    }

    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        let (a, b) = (self.a, self.b);
        match self.form {
            RosenbrockForm::Chained => {
                // `carry` is 2b(xᵢ − xᵢ₋₁²), pair i−1's share of ∂f/∂xᵢ.
                let mut carry = 0.0;
                for (gi, w) in g.iter_mut().zip(x.windows(2)) {
                    let (xi, xj) = (w[0], w[1]);
                    let r = xj - xi * xi;
                    *gi = carry - 4.0 * b * xi * r - 2.0 * (a - xi);
                    carry = 2.0 * b * r;
                }
                if let Some(last) = g.last_mut() {
                    *last = carry;
                }
            }
            RosenbrockForm::Extended => {
                for (gp, p) in g.chunks_exact_mut(2).zip(x.chunks_exact(2)) {
                    let r = p[1] - p[0] * p[0];
                    gp[0] = -4.0 * b * p[0] * r - 2.0 * (a - p[0]);
                    gp[1] = 2.0 * b * r;
                }
            }
        }
    }

    fn value_and_gradient(&self, x: &[f64], g: &mut [f64]) -> f64 {
        let (a, b) = (self.a, self.b);
        let mut f = 0.0;
        match self.form {
            RosenbrockForm::Chained => {
                let mut carry = 0.0;
                for (gi, w) in g.iter_mut().zip(x.windows(2)) {
                    let (xi, xj) = (w[0], w[1]);
                    let r = xj - xi * xi;
                    let s = a - xi;
                    f += b * r * r + s * s;
                    *gi = carry - 4.0 * b * xi * r - 2.0 * s;
                    carry = 2.0 * b * r;
                }
                if let Some(last) = g.last_mut() {
                    *last = carry;
                }
            }
            RosenbrockForm::Extended => {
                for (gp, p) in g.chunks_exact_mut(2).zip(x.chunks_exact(2)) {
                    let r = p[1] - p[0] * p[0];
                    let s = a - p[0];
                    f += b * r * r + s * s;
                    gp[0] = -4.0 * b * p[0] * r - 2.0 * s;
                    gp[1] = 2.0 * b * r;
                }
            }
        }
        f
    }
}

impl HessianProduct for Rosenbrock {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        let b = self.b;
        match self.form {
            RosenbrockForm::Chained => {
                // `carry` is pair i−1's share of (Hv)ᵢ: −4b xᵢ₋₁ vᵢ₋₁ + 2b vᵢ.
                let mut carry = 0.0;
                for ((hvi, w), vw) in hv.iter_mut().zip(x.windows(2)).zip(v.windows(2)) {
                    let (xi, xj, vi, vj) = (w[0], w[1], vw[0], vw[1]);
                    let off = -4.0 * b * xi;
                    *hvi = carry + (12.0 * b * xi * xi - 4.0 * b * xj + 2.0) * vi + off * vj;
                    carry = off * vi + 2.0 * b * vj;
                }
                if let Some(last) = hv.last_mut() {
                    *last = carry;
                }
            }
            RosenbrockForm::Extended => {
                for ((hp, p), vp) in hv
                    .chunks_exact_mut(2)
                    .zip(x.chunks_exact(2))
                    .zip(v.chunks_exact(2))
                {
                    let off = -4.0 * b * p[0];
                    hp[0] = (12.0 * b * p[0] * p[0] - 4.0 * b * p[1] + 2.0) * vp[0] + off * vp[1];
                    hp[1] = off * vp[0] + 2.0 * b * vp[1];
                }
            }
        }
    }
}

impl Hessian for Rosenbrock {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        let (n, b) = (self.n, self.b);
        h.fill(0.0);
        let step = match self.form {
            RosenbrockForm::Chained => 1,
            RosenbrockForm::Extended => 2,
        };
        for i in (0..n - 1).step_by(step) {
            let j = i + 1;
            let (xi, xj) = (x[i], x[j]);
            h[i * n + i] += 12.0 * b * xi * xi - 4.0 * b * xj + 2.0;
            h[j * n + j] += 2.0 * b;
            h[j * n + i] += -4.0 * b * xi;
            h[i * n + j] += -4.0 * b * xi;
        }
    }
}

impl Landscape for Rosenbrock {
    fn name(&self) -> String {
        let (a, b, n) = (self.a, self.b, self.n);
        match (self.classic, self.form) {
            (true, _) => format!("Rosenbrock (a = {a}, b = {b})"),
            (false, RosenbrockForm::Chained) => {
                format!("chained Rosenbrock (n = {n}, a = {a}, b = {b})")
            }
            (false, RosenbrockForm::Extended) => {
                format!("extended Rosenbrock (n = {n}, a = {a}, b = {b})")
            }
        }
    }

    fn domain(&self) -> Vec<(f64, f64)> {
        let base = if self.classic {
            vec![(-5.0, 5.0); 2]
        } else {
            vec![(-2.0, 2.0); self.n]
        };
        let minima = self.minima();
        let points: Vec<&[f64]> = minima.iter().map(Vec::as_slice).collect();
        cover(base, &points, 0.5)
    }

    fn minima(&self) -> Vec<Vec<f64>> {
        let (a, b, n) = (self.a, self.b, self.n);
        if !(b > 0.0 && a.is_finite() && b.is_finite()) {
            return Vec::new();
        }
        match self.form {
            _ if n == 2 => vec![vec![a, a * a]],
            RosenbrockForm::Extended => {
                vec![(0..n).map(|i| if i % 2 == 0 { a } else { a * a }).collect()]
            }
            RosenbrockForm::Chained if a * a == a => vec![vec![a; n]],
            RosenbrockForm::Chained => Vec::new(),
        }
    }

    fn start(&self) -> Vec<f64> {
        if self.classic {
            vec![4.0, -4.1]
        } else {
            (0..self.n)
                .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
                .collect()
        }
    }
}
