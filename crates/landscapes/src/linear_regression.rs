//! The *Gradient Descent Based Optimizers* slides' running example: fitting y = a x + b by least squares, as a finite sum
//! of per-sample losses (for batch, stochastic and mini-batch gradient descent).

use optim_core::error::{check_finite, check_len};
use optim_core::{Error, FiniteSum, Hessian, HessianProduct, Objective, Rng};

use crate::Landscape;
use crate::landscape::cover;

/// J(a, b) = (1/2N) Σᵢ (a xᵢ + b − yᵢ)², the parameters θ = (a, b) being the slope
/// and the intercept.
///
/// With rᵢ = a xᵢ + b − yᵢ:
/// - ∇J = (1/N) Σᵢ rᵢ (xᵢ, 1);
/// - ∇²J = (1/N) [[Σxᵢ², Σxᵢ], [Σxᵢ, N]], constant (J is a convex quadratic).
///
/// As a [`FiniteSum`], J is the mean of Jᵢ = ½ rᵢ², so
/// [`optim_core::MiniBatch`] serves its stochastic and mini-batch gradients.
///
/// Convention: *Gradient Descent Based Optimizers* writes J = ½ Σᵢ rᵢ², N times this one. The minimiser is the
/// same; the mean keeps the gradient's scale (and so a good step size) independent
/// of N, which is what a mini-batch estimates.
///
/// ```
/// use landscapes::{Landscape, LinearRegression};
/// use optim_core::Objective;
/// let lr = LinearRegression::generate(100, 2.0, 1.0, 0.1, 0);
/// let [a, b] = lr.closed_form();
/// assert!((a - 2.0).abs() < 0.1 && (b - 1.0).abs() < 0.1);
/// let mut g = [0.0; 2];
/// lr.gradient(&[a, b], &mut g);
/// assert!(g.iter().all(|gi| gi.abs() < 1e-14));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct LinearRegression {
    xs: Vec<f64>,
    ys: Vec<f64>,
    /// Σxᵢ and Σxᵢ², for the constant Hessian.
    sx: f64,
    sxx: f64,
    label: String,
}

impl LinearRegression {
    /// The regression on given data (equal lengths, finite values). With fewer than two
    /// distinct xᵢ the minimiser is not unique and [`closed_form`](Self::closed_form)
    /// is NaN.
    pub fn new(xs: Vec<f64>, ys: Vec<f64>) -> Result<Self, Error> {
        check_len("ys", &ys, xs.len())?;
        check_finite("xs", &xs)?;
        check_finite("ys", &ys)?;
        let label = format!("linear regression y = a x + b (N = {})", xs.len());
        Ok(Self::from_parts(xs, ys, label))
    }

    fn from_parts(xs: Vec<f64>, ys: Vec<f64>, label: String) -> Self {
        let sx = xs.iter().sum();
        let sxx = xs.iter().map(|x| x * x).sum();
        Self {
            xs,
            ys,
            sx,
            sxx,
            label,
        }
    }

    /// `n_samples` points yᵢ = a xᵢ + b + noise·εᵢ with xᵢ uniform on [0, 1) and
    /// εᵢ standard normal, drawn from `Rng::new(seed)`: first the n xᵢ, then the n εᵢ
    /// (NumPy: `np.random.seed(seed); x = np.random.random(n); e = np.random.randn(n)`).
    /// Non-finite arguments give NaN data (and a NaN objective).
    pub fn generate(n_samples: usize, a: f64, b: f64, noise: f64, seed: u32) -> Self {
        let mut rng = Rng::new(seed);
        let xs: Vec<f64> = (0..n_samples).map(|_| rng.uniform()).collect();
        let ys = xs
            .iter()
            .map(|x| a * x + b + noise * rng.normal())
            .collect();
        let label =
            format!("linear regression y = {a} x + {b} + {noise}·ε (N = {n_samples}, seed {seed})");
        Self::from_parts(xs, ys, label)
    }

    /// The least-squares (a, b): the solution of the normal equations
    /// [[Σx², Σx], [Σx, N]] (a, b) = (Σxy, Σy), computed in centred form
    /// a = Σ(xᵢ − x̄)(yᵢ − ȳ) / Σ(xᵢ − x̄)², b = ȳ − a x̄, which is the same solution
    /// without the cancellation of the raw sums. NaN when all xᵢ are equal.
    pub fn closed_form(&self) -> [f64; 2] {
        let n = self.xs.len() as f64;
        let xm = self.sx / n;
        let ym = self.ys.iter().sum::<f64>() / n;
        let (mut sxy, mut sxx) = (0.0, 0.0);
        for (x, y) in self.xs.iter().zip(&self.ys) {
            sxy += (x - xm) * (y - ym);
            sxx += (x - xm) * (x - xm);
        }
        if sxx.is_nan() || sxx <= 0.0 {
            return [f64::NAN; 2];
        }
        let a = sxy / sxx;
        [a, ym - a * xm]
    }

    /// The data (xs, ys).
    pub fn data(&self) -> (&[f64], &[f64]) {
        (&self.xs, &self.ys)
    }

    fn residuals<'a>(&'a self, theta: &[f64]) -> impl Iterator<Item = (f64, f64)> + 'a {
        let (a, b) = (theta[0], theta[1]);
        self.xs
            .iter()
            .zip(&self.ys)
            .map(move |(&x, &y)| (x, a * x + b - y))
    }
}

impl Objective for LinearRegression {
    fn dim(&self) -> usize {
        2
    }

    fn value(&self, theta: &[f64]) -> f64 {
        let n = self.xs.len() as f64;
        self.residuals(theta).map(|(_, r)| r * r).sum::<f64>() / (2.0 * n)
    }

    fn gradient(&self, theta: &[f64], g: &mut [f64]) {
        self.value_and_gradient(theta, g);
    }

    fn value_and_gradient(&self, theta: &[f64], g: &mut [f64]) -> f64 {
        let n = self.xs.len() as f64;
        let (mut f, mut ga, mut gb) = (0.0, 0.0, 0.0);
        for (x, r) in self.residuals(theta) {
            f += r * r;
            ga += r * x;
            gb += r;
        }
        g[0] = ga / n;
        g[1] = gb / n;
        f / (2.0 * n)
    }
}

impl HessianProduct for LinearRegression {
    fn hessian_vector_product(&self, _theta: &[f64], v: &[f64], hv: &mut [f64]) {
        let n = self.xs.len() as f64;
        hv[0] = (self.sxx * v[0] + self.sx * v[1]) / n;
        hv[1] = self.sx / n * v[0] + v[1];
    }
}

impl Hessian for LinearRegression {
    fn hessian(&self, _theta: &[f64], h: &mut [f64]) {
        let n = self.xs.len() as f64;
        h.copy_from_slice(&[self.sxx / n, self.sx / n, self.sx / n, 1.0]);
    }
}

impl FiniteSum for LinearRegression {
    fn n_samples(&self) -> usize {
        self.xs.len()
    }

    /// Jᵢ = ½ (a xᵢ + b − yᵢ)².
    fn sample_value(&self, i: usize, theta: &[f64]) -> f64 {
        let r = theta[0] * self.xs[i] + theta[1] - self.ys[i];
        0.5 * r * r
    }

    /// g ← g + rᵢ (xᵢ, 1).
    fn add_sample_gradient(&self, i: usize, theta: &[f64], g: &mut [f64]) {
        let r = theta[0] * self.xs[i] + theta[1] - self.ys[i];
        g[0] += r * self.xs[i];
        g[1] += r;
    }
}

impl Landscape for LinearRegression {
    fn name(&self) -> String {
        self.label.clone()
    }

    /// A box of half-width 2 around the least-squares (a, b), widened to show the
    /// start.
    fn domain(&self) -> Vec<(f64, f64)> {
        let [a, b] = self.closed_form();
        let base = if a.is_finite() && b.is_finite() {
            vec![(a - 2.0, a + 2.0), (b - 2.0, b + 2.0)]
        } else {
            vec![(-2.0, 2.0); 2]
        };
        cover(base, &[&[0.0, 0.0]], 0.5)
    }

    fn minima(&self) -> Vec<Vec<f64>> {
        let theta = self.closed_form();
        if theta.iter().all(|t| t.is_finite()) {
            vec![theta.to_vec()]
        } else {
            Vec::new()
        }
    }

    /// (0, 0): the parameters before training.
    fn start(&self) -> Vec<f64> {
        vec![0.0, 0.0]
    }
}
