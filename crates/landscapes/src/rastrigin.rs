//! Rastrigin's function: a bowl covered in a regular egg-box of local minima.

use optim_core::error::check_param;
use optim_core::{Error, Hessian, HessianProduct, Objective};

use crate::Landscape;

/// f(x) = A n + Σᵢ (xᵢ² − A cos 2πxᵢ), A = 10 by default (Rastrigin 1974; the n-D
/// form of Mühlenbein, Schomisch & Born 1991).
///
/// - ∂f/∂xᵢ = 2xᵢ + 2πA sin 2πxᵢ; ∇²f = diag(2 + 4π²A cos 2πxᵢ) (separable).
/// - Global minimum f(0) = 0; a local minimum near every integer point of the box
///   [−5.12, 5.12]ⁿ (11ⁿ of them), which are not listed.
/// - Start (−2, 3.5, −2, 3.5, …), chosen here: one coordinate near a local minimum,
///   the other on a ridge, so a run must escape several basins.
///
/// ```
/// use landscapes::{Landscape, Rastrigin};
/// use optim_core::Objective;
/// let f = Rastrigin::new(3);
/// assert_eq!(f.value(&[0.0; 3]), 0.0);
/// assert!((f.value(&[1.0, 0.0, 0.0]) - 1.0).abs() < 1e-12);
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rastrigin {
    n: usize,
    a: f64,
}

impl Rastrigin {
    /// n-D Rastrigin with A = 10.
    ///
    /// # Panics
    /// If n = 0; [`try_new`](Self::try_new) returns an [`Error`] instead.
    pub fn new(n: usize) -> Self {
        Self::try_new(n).unwrap_or_else(|e| panic!("Rastrigin::new: {e}"))
    }

    /// [`new`](Self::new), refusing n = 0 with [`Error::InvalidParameter`].
    pub fn try_new(n: usize) -> Result<Self, Error> {
        check_param("n", n as f64, "at least 1", |v| v >= 1.0)?;
        Ok(Self { n, a: 10.0 })
    }

    /// The same function with amplitude `a` (A); any finite value.
    pub fn with_a(mut self, a: f64) -> Self {
        self.a = a;
        self
    }

    /// The amplitude A.
    pub fn a(&self) -> f64 {
        self.a
    }
}

const TAU: f64 = std::f64::consts::TAU;

impl Objective for Rastrigin {
    fn dim(&self) -> usize {
        self.n
    }
    fn value(&self, x: &[f64]) -> f64 {
        let a = self.a;
        x.iter()
            .map(|&xi| xi * xi + a * (1.0 - (TAU * xi).cos()))
            .sum()
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        for (gi, &xi) in g.iter_mut().zip(x) {
            *gi = 2.0 * xi + TAU * self.a * (TAU * xi).sin();
        }
    }
}

impl HessianProduct for Rastrigin {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        for ((hvi, &xi), vi) in hv.iter_mut().zip(x).zip(v) {
            *hvi = (2.0 + TAU * TAU * self.a * (TAU * xi).cos()) * vi;
        }
    }
}

impl Hessian for Rastrigin {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        let n = self.n;
        h.fill(0.0);
        for (i, &xi) in x.iter().enumerate() {
            h[i * n + i] = 2.0 + TAU * TAU * self.a * (TAU * xi).cos();
        }
    }
}

impl Landscape for Rastrigin {
    fn name(&self) -> String {
        format!("Rastrigin (n = {}, A = {})", self.n, self.a)
    }
    fn domain(&self) -> Vec<(f64, f64)> {
        vec![(-5.12, 5.12); self.n]
    }
    /// The global minimum 0 (for A ≥ 0; the egg-box minima are not listed).
    fn minima(&self) -> Vec<Vec<f64>> {
        if self.a >= 0.0 {
            vec![vec![0.0; self.n]]
        } else {
            Vec::new()
        }
    }
    fn start(&self) -> Vec<f64> {
        (0..self.n)
            .map(|i| if i % 2 == 0 { -2.0 } else { 3.5 })
            .collect()
    }
}
