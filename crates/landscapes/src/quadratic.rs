//! Quadratic bowls ½ xᵀAx − bᵀx: the course documents' x², x₁² + 2x₂² and x² + 100y², diagonal
//! ones, and random SPD matrices of prescribed condition number.

use optim_core::error::{check_finite, check_len, check_param};
use optim_core::{Error, Hessian, HessianProduct, Objective, Rng};

use crate::Landscape;
use crate::landscape::cover;
use crate::linalg::{cholesky, cholesky_solve};

/// f(x) = ½ xᵀAx − bᵀx with A symmetric n×n (column-major).
///
/// - ∇f(x) = Ax − b, ∇²f = A, ∇²f·v = Av (O(n²), no allocation).
/// - When A is positive definite the unique minimiser is x* = A⁻¹b
///   ([`solution`](Self::solution), a Cholesky solve), with f(x*) = −½ bᵀx*.
///   Otherwise there is no (unique) minimum and [`minima`](Landscape::minima) is empty.
///
/// The named constructors are the course documents' bowls: [`x_squared`](Self::x_squared)
/// (*Gradient Descent Optimizations* and the *Gradient Descent* chapter), [`anisotropic`](Self::anisotropic) (the *Gradient Descent* chapter) and
/// [`ill_conditioned`](Self::ill_conditioned) (*Gradient Descent Optimizations*); each carries the start
/// and plotting box of its document.
///
/// ```
/// use landscapes::{Landscape, Quadratic};
/// use optim_core::Objective;
/// // A = [[2, 1], [1, 3]], b = (1, 2)
/// let q = Quadratic::new(vec![2.0, 1.0, 1.0, 3.0], vec![1.0, 2.0])?;
/// let x = q.solution(); // (0.2, 0.6)
/// let mut g = [0.0; 2];
/// q.gradient(&x, &mut g);
/// assert!(g.iter().all(|gi| gi.abs() < 1e-15));
/// assert_eq!(q.minima(), vec![x]);
/// # Ok::<(), optim_core::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Quadratic {
    n: usize,
    a: Vec<f64>,
    b: Vec<f64>,
    name: Option<String>,
    start: Vec<f64>,
    domain: Option<Vec<(f64, f64)>>,
}

/// Largest |aᵢⱼ − aⱼᵢ| accepted, relative to max |aᵢⱼ|: rounding in a product like
/// Q Λ Qᵀ leaves asymmetries of a few ulps, which must not be refused.
const SYMMETRY_TOL: f64 = 1e-12;

impl Quadratic {
    /// ½ xᵀAx − bᵀx for A (n×n, column-major) and b (length n).
    ///
    /// A must be square with side `b.len()` ≥ 1, finite and symmetric to within
    /// 1e-12·max|aᵢⱼ| (it is then symmetrised exactly). It need not be positive
    /// definite. The start is (1, …, 1).
    pub fn new(a: Vec<f64>, b: Vec<f64>) -> Result<Self, Error> {
        let n = b.len();
        check_param("b.len()", n as f64, "at least 1", |v| v >= 1.0)?;
        check_len("a", &a, n * n)?;
        check_finite("a", &a)?;
        check_finite("b", &b)?;
        let scale = a.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        let mut asym = 0.0_f64;
        for j in 0..n {
            for i in j + 1..n {
                asym = asym.max((a[j * n + i] - a[i * n + j]).abs());
            }
        }
        check_param(
            "a",
            asym,
            "symmetric: max |aᵢⱼ − aⱼᵢ| ≤ 1e-12·max |aᵢⱼ|",
            |v| v <= SYMMETRY_TOL * scale,
        )?;
        let mut a = a;
        for j in 0..n {
            for i in j + 1..n {
                let m = 0.5 * (a[j * n + i] + a[i * n + j]);
                a[j * n + i] = m;
                a[i * n + j] = m;
            }
        }
        Ok(Self {
            n,
            a,
            b,
            name: None,
            start: vec![1.0; n],
            domain: None,
        })
    }

    /// ½ Σ dᵢ xᵢ² (A = diag(d), b = 0). Non-finite entries of `d` make a function
    /// that evaluates to NaN, which a run reports as divergence.
    pub fn diagonal(d: &[f64]) -> Self {
        let n = d.len();
        let mut a = vec![0.0; n * n];
        for (i, &di) in d.iter().enumerate() {
            a[i * n + i] = di;
        }
        Self {
            n,
            a,
            b: vec![0.0; n],
            name: None,
            start: vec![1.0; n],
            domain: None,
        }
    }

    fn named(mut self, name: &str, start: Vec<f64>, domain: Vec<(f64, f64)>) -> Self {
        self.name = Some(name.to_owned());
        self.start = start;
        self.domain = Some(domain);
        self
    }

    /// f(x) = x² (A = 2, b = 0), start 10 and box [−10.5, 10.5]: the *Gradient Descent* chapter's 1-D
    /// gradient descent (η = 0.2 converges, 0.05 is slow, 1.1 diverges); *Gradient Descent Optimizations*
    /// runs the same function from 1.
    pub fn x_squared() -> Self {
        Self::diagonal(&[2.0]).named("x²", vec![10.0], vec![(-10.5, 10.5)])
    }

    /// f(x) = x₁² + 2x₂² (A = diag(2, 4)), start (−5, −2) and the *Gradient Descent* chapter's plotting box
    /// [−5.5, 1] × [−3, 1].
    pub fn anisotropic() -> Self {
        Self::diagonal(&[2.0, 4.0]).named(
            "x₁² + 2x₂²",
            vec![-5.0, -2.0],
            vec![(-5.5, 1.0), (-3.0, 1.0)],
        )
    }

    /// f(x, y) = x² + 100y² (A = diag(2, 200), condition number 100), start (−1, −1)
    /// and the *Gradient Descent Optimizations* notebook's plotting box [−1.2, 1.2]².
    pub fn ill_conditioned() -> Self {
        Self::diagonal(&[2.0, 200.0]).named(
            "x² + 100y²",
            vec![-1.0, -1.0],
            vec![(-1.2, 1.2), (-1.2, 1.2)],
        )
    }

    /// A random SPD quadratic with condition number `cond`: A = Q·diag(λ)·Qᵀ with
    /// λᵢ = cond^(i/(n−1)) log-spaced from 1 to `cond` (λ = 1 when n = 1), and
    /// Q = Hₙ⋯H₁ a product of n Householder reflections Hₖ = I − 2uₖuₖᵀ/‖uₖ‖².
    ///
    /// Draws, from `Rng::new(seed)`: u₁, …, uₙ (n standard normals each), then b
    /// (n standard normals). The start is 0.
    ///
    /// # Panics
    /// If `n` is 0 or `cond` is not finite and ≥ 1; [`try_random_spd`](Self::try_random_spd)
    /// returns these as an [`Error`] instead.
    pub fn random_spd(n: usize, cond: f64, seed: u32) -> Self {
        match Self::try_random_spd(n, cond, seed) {
            Ok(q) => q,
            Err(e) => panic!("Quadratic::random_spd: {e}"),
        }
    }

    /// [`random_spd`](Self::random_spd), refusing `n = 0` and a `cond` that is not
    /// finite and ≥ 1 with an [`Error::InvalidParameter`].
    pub fn try_random_spd(n: usize, cond: f64, seed: u32) -> Result<Self, Error> {
        check_param("n", n as f64, "at least 1", |v| v >= 1.0)?;
        check_param("cond", cond, "finite and ≥ 1", |c| {
            c >= 1.0 && c.is_finite()
        })?;
        let mut a = vec![0.0; n * n];
        for i in 0..n {
            let t = if n == 1 {
                0.0
            } else {
                i as f64 / (n - 1) as f64
            };
            a[i * n + i] = cond.powf(t);
        }
        let mut rng = Rng::new(seed);
        let mut u = vec![0.0; n];
        let mut w = vec![0.0; n];
        for _ in 0..n {
            u.iter_mut().for_each(|ui| *ui = rng.normal());
            reflect(&mut a, n, &u, &mut w);
        }
        let b: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let mut q = Self::new(a, b)?;
        q.start = vec![0.0; n];
        q.name = Some(format!(
            "random SPD quadratic (n = {n}, cond = {cond}, seed = {seed})"
        ));
        Ok(q)
    }

    /// Replaces the standard start (checked for length and finiteness).
    pub fn with_start(mut self, start: Vec<f64>) -> Result<Self, Error> {
        check_len("start", &start, self.n)?;
        check_finite("start", &start)?;
        self.start = start;
        Ok(self)
    }

    /// The minimiser A⁻¹b, by a Cholesky solve. All NaN when A is not positive
    /// definite (then f has no unique minimiser).
    pub fn solution(&self) -> Vec<f64> {
        match cholesky(&self.a, self.n) {
            Some(l) => {
                let mut x = self.b.clone();
                cholesky_solve(&l, self.n, &mut x);
                x
            }
            None => vec![f64::NAN; self.n],
        }
    }

    /// Whether A is positive definite (its Cholesky factorisation succeeds).
    pub fn is_positive_definite(&self) -> bool {
        cholesky(&self.a, self.n).is_some()
    }

    /// A, n×n column-major.
    pub fn a(&self) -> &[f64] {
        &self.a
    }

    /// b.
    pub fn b(&self) -> &[f64] {
        &self.b
    }
}

/// A ← H A H with H = I − βuuᵀ, β = 2/uᵀu, in O(n²): with w = Au (A symmetric),
/// HAH = A − β(uwᵀ + wuᵀ) + β²(uᵀw)uuᵀ.
fn reflect(a: &mut [f64], n: usize, u: &[f64], w: &mut [f64]) {
    let uu: f64 = u.iter().map(|v| v * v).sum();
    if uu == 0.0 {
        return;
    }
    let beta = 2.0 / uu;
    w.fill(0.0);
    for j in 0..n {
        for i in 0..n {
            w[i] += a[j * n + i] * u[j];
        }
    }
    let uw: f64 = u.iter().zip(w.iter()).map(|(x, y)| x * y).sum();
    let c = beta * beta * uw;
    for j in 0..n {
        for i in 0..n {
            a[j * n + i] += -beta * (u[i] * w[j] + w[i] * u[j]) + c * u[i] * u[j];
        }
    }
}

impl Objective for Quadratic {
    fn dim(&self) -> usize {
        self.n
    }

    fn value(&self, x: &[f64]) -> f64 {
        // The same operations as `value_and_gradient`, gradient entries formed on the
        // fly: the two must agree to the bit, or a method comparing a trial value with
        // the current one (a trust-region ratio near the optimum) sees rounding noise
        // as progress or regress. A is symmetric, so (Ax)ⱼ is column j dotted with x.
        0.5 * self
            .a
            .chunks_exact(self.n)
            .zip(x.iter().zip(&self.b))
            .map(|(col, (xj, bj))| xj * ((optim_core::vector::dot(col, x) - bj) - bj))
            .sum::<f64>()
    }

    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        for ((gj, col), bj) in g.iter_mut().zip(self.a.chunks_exact(self.n)).zip(&self.b) {
            *gj = optim_core::vector::dot(col, x) - bj;
        }
    }

    fn value_and_gradient(&self, x: &[f64], g: &mut [f64]) -> f64 {
        self.gradient(x, g);
        // ½xᵀAx − bᵀx = ½xᵀ(g + b) − bᵀx = ½xᵀ(g − b).
        0.5 * x
            .iter()
            .zip(g.iter().zip(&self.b))
            .map(|(xj, (gj, bj))| xj * (gj - bj))
            .sum::<f64>()
    }
}

impl HessianProduct for Quadratic {
    fn hessian_vector_product(&self, _x: &[f64], v: &[f64], hv: &mut [f64]) {
        for (hvj, col) in hv.iter_mut().zip(self.a.chunks_exact(self.n)) {
            *hvj = optim_core::vector::dot(col, v);
        }
    }
}

impl Hessian for Quadratic {
    fn hessian(&self, _x: &[f64], h: &mut [f64]) {
        h.copy_from_slice(&self.a);
    }
}

impl Landscape for Quadratic {
    fn name(&self) -> String {
        match &self.name {
            Some(name) => name.clone(),
            None => format!("quadratic ½xᵀAx − bᵀx (n = {})", self.n),
        }
    }

    fn domain(&self) -> Vec<(f64, f64)> {
        if let Some(d) = &self.domain {
            return d.clone();
        }
        let x = self.solution();
        let base = vec![(-1.0, 1.0); self.n];
        cover(base, &[&self.start, &x], 0.5)
    }

    fn minima(&self) -> Vec<Vec<f64>> {
        let x = self.solution();
        if x.iter().all(|v| v.is_finite()) {
            vec![x]
        } else {
            Vec::new()
        }
    }

    fn start(&self) -> Vec<f64> {
        self.start.clone()
    }
}
