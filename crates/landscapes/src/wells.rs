//! The *Optimization in many dimensions* notebook's random landscape: a weighted sum of Gaussian wells, rebuilt bit for bit
//! from NumPy's seeded stream, with the correct Hessian (and the notebook's wrong one).

use optim_core::error::{check_finite, check_len, check_param};
use optim_core::{Error, Hessian, HessianProduct, Objective, Rng};

use pulp::{Arch, Simd, WithSimd};

use crate::Landscape;
use crate::exp::exp_lanes;
use crate::landscape::cover;
use crate::linalg::{cholesky, cholesky_solve};

/// f(x) = Σₚ cₚ gₚ(x) with gₚ(x) = −exp(−‖x − μₚ‖²/wₚ²), x ∈ ℝᵈ.
///
/// With dₚ = x − μₚ:
/// - ∇f = Σₚ cₚ (−2/wₚ²) gₚ dₚ;
/// - ∇²f = Σₚ cₚ gₚ (2/wₚ²)(−I + 2 dₚdₚᵀ/wₚ²);
/// - ∇²f·v = Σₚ cₚ gₚ (2/wₚ²)(−v + 2 dₚ (dₚᵀv)/wₚ²), O(P·d) with no allocation.
///
/// This is the *code* of the *Optimization in many dimensions* notebook's `RandomLossLandscape` (its markdown writes
/// exp(−‖x − μ‖²/(2σ²)), which the code does not compute). Erratum: the notebook's
/// `_hessian_gaussian_well` computes gₚ(−I + dₚdₚᵀ/wₚ²)/wₚ², dropping two factors
/// of 2; it is kept as [`seed_hessian`](Self::seed_hessian) to show the difference.
///
/// Minima have no closed form: [`minima`](Landscape::minima) runs a safeguarded
/// Newton iteration from every centre and keeps the distinct points where the gradient
/// vanishes (‖∇f‖ ≤ 1e-10) and the Hessian is positive definite, deepest first.
///
/// ```
/// use landscapes::{Landscape, Wells};
/// use optim_core::Objective;
/// let f = Wells::seed002();
/// // np.random.seed(0); c = np.random.random(8); c /= c.sum()
/// assert!((f.weights()[0] - 0.11408519359808582).abs() < 1e-15);
/// let deepest = &f.minima()[0];
/// let mut g = [0.0; 2];
/// f.gradient(deepest, &mut g);
/// assert!(g.iter().all(|gi| gi.abs() < 1e-10));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Wells {
    d: usize,
    centres: Vec<f64>,
    widths: Vec<f64>,
    weights: Vec<f64>,
    start: Vec<f64>,
    seed: Option<u32>,
    /// The centres axis by axis (d×P, the transpose of `centres`), so that the 2-D
    /// path loads consecutive wells' coordinates into a SIMD register.
    axes: Vec<f64>,
}

impl Wells {
    /// Wells in ℝᵈ with centres μₚ (P×d, row-major), widths wₚ > 0 and weights cₚ
    /// (any finite values; the *Optimization in many dimensions* notebook's sum to 1). The start is the origin.
    pub fn new(
        d: usize,
        centres: Vec<f64>,
        widths: Vec<f64>,
        weights: Vec<f64>,
    ) -> Result<Self, Error> {
        check_param("d", d as f64, "at least 1", |v| v >= 1.0)?;
        let p = widths.len();
        check_param("widths.len()", p as f64, "at least 1 well", |v| v >= 1.0)?;
        check_len("centres", &centres, p * d)?;
        check_len("weights", &weights, p)?;
        check_finite("centres", &centres)?;
        check_finite("weights", &weights)?;
        for &w in &widths {
            check_param("widths", w, "> 0 and finite", |w| w > 0.0 && w.is_finite())?;
        }
        Ok(Self {
            d,
            axes: by_axis(&centres, d),
            centres,
            widths,
            weights,
            start: vec![0.0; d],
            seed: None,
        })
    }

    /// The landscape of the *Optimization in many dimensions* notebook's `RandomLossLandscape(d, n_wells, random_state=seed)`,
    /// drawn exactly as NumPy does:
    ///
    /// ```text
    /// np.random.seed(seed)
    /// coeffs = np.random.random(P); coeffs /= coeffs.sum()
    /// locs = np.random.randn(P, d)     # row-major draw order
    /// widths = np.random.rand(P)
    /// ```
    ///
    /// The start is the first of [`starts(d, 1, seed)`](Self::starts).
    pub fn from_seed(d: usize, n_wells: usize, seed: u32) -> Self {
        let mut rng = Rng::new(seed);
        let mut weights: Vec<f64> = (0..n_wells).map(|_| rng.uniform()).collect();
        let total: f64 = weights.iter().sum();
        weights.iter_mut().for_each(|c| *c /= total);
        let centres: Vec<f64> = (0..n_wells * d).map(|_| rng.normal()).collect();
        let widths = (0..n_wells).map(|_| rng.uniform()).collect();
        let start = Self::starts(d, 1, seed).pop().unwrap_or_default();
        Self {
            d,
            axes: by_axis(&centres, d),
            centres,
            widths,
            weights,
            start,
            seed: Some(seed),
        }
    }

    /// d = 2, 8 wells, seed 0: the landscape of the *Optimization in many dimensions* notebook's figures.
    pub fn seed002() -> Self {
        Self::from_seed(2, 8, 0)
    }

    /// `count` starting points uniform in [−3, 3)ᵈ as *Optimization in many dimensions* draws them
    /// (`np.random.seed(seed); X0 = 6 * np.random.random(size=(count, d)) - 3`; its
    /// optimisers reseed with 0 just before).
    pub fn starts(d: usize, count: usize, seed: u32) -> Vec<Vec<f64>> {
        let mut rng = Rng::new(seed);
        (0..count)
            .map(|_| (0..d).map(|_| 6.0 * rng.uniform() - 3.0).collect())
            .collect()
    }

    /// The *Optimization in many dimensions* notebook's 100 starting points: [`starts(2, 100, 0)`](Self::starts).
    pub fn seed002_starts() -> Vec<Vec<f64>> {
        Self::starts(2, 100, 0)
    }

    /// The number of wells P.
    pub fn n_wells(&self) -> usize {
        self.widths.len()
    }

    /// The centres μₚ, P×d row-major.
    pub fn centres(&self) -> &[f64] {
        &self.centres
    }

    /// The widths wₚ.
    pub fn widths(&self) -> &[f64] {
        &self.widths
    }

    /// The weights cₚ.
    pub fn weights(&self) -> &[f64] {
        &self.weights
    }

    /// The *Optimization in many dimensions* notebook's *wrong* Hessian, Σₚ cₚ gₚ (−I + dₚdₚᵀ/wₚ²)/wₚ² (column-major into
    /// `h`), kept to document the erratum: the correct one,
    /// [`hessian`](Hessian::hessian), has (2/wₚ²)(−I + 2dₚdₚᵀ/wₚ²).
    pub fn seed_hessian(&self, x: &[f64], h: &mut [f64]) {
        self.accumulate_hessian(x, h, 1.0);
    }

    /// Σₚ cₚ gₚ (k/wₚ²)(−I + k dₚdₚᵀ/wₚ²): k = 2 is the true Hessian, k = 1 the notebook's.
    fn accumulate_hessian(&self, x: &[f64], h: &mut [f64], k: f64) {
        let d = self.d;
        h.fill(0.0);
        for (mu, (&w, &c)) in self.wells() {
            let w2 = w * w;
            let g = -gaussian(dist2(x, mu) / w2);
            let s = c * g * k / w2;
            for j in 0..d {
                let dj = x[j] - mu[j];
                for i in 0..d {
                    h[j * d + i] += s * k * (x[i] - mu[i]) * dj / w2;
                }
                h[j * d + j] -= s;
            }
        }
    }

    /// [`value_and_gradient`](Objective::value_and_gradient) for d = 2, the course's
    /// landscape: the same operations in the same order (so the same bits, which
    /// `tests/derivatives.rs` checks against the generic code), with the
    /// coordinates in registers instead of iterators over slices of unknown length.
    /// The notebook's 100 starts × 2000 steps spend most of their time here.
    ///
    /// Each well's terms cₚgₚ and sₚ = −2cₚgₚ/wₚ² are computed a SIMD register of
    /// wells at a time (four with AVX2; the exponential is
    /// [`exp_lanes`](crate::exp::exp_lanes), whose lanes give the scalar call's
    /// bits), then summed well by well in the generic code's order.
    fn value_and_gradient_2d(&self, x: &[f64; 2], g: &mut [f64; 2]) -> f64 {
        struct Lanes<'a>(&'a Wells, [f64; 2]);
        impl WithSimd for Lanes<'_> {
            type Output = (f64, [f64; 2]);
            #[inline(always)]
            fn with_simd<S: Simd>(self, s: S) -> Self::Output {
                self.0.value_and_gradient_2d_lanes(s, self.1)
            }
        }
        let (f, grad) = Arch::new().dispatch(Lanes(self, *x));
        *g = grad;
        f
    }

    #[inline(always)]
    fn value_and_gradient_2d_lanes<S: Simd>(&self, s: S, [x0, x1]: [f64; 2]) -> (f64, [f64; 2]) {
        let lanes = S::F64_LANES;
        let (mut f, mut g0, mut g1) = (0.0, 0.0, 0.0);
        let mut add = |cg: f64, sp: f64, d0: f64, d1: f64| {
            f += cg;
            g0 += sp * d0;
            g1 += sp * d1;
        };
        let load = |a: &[f64]| -> S::f64s {
            pulp::bytemuck::pod_read_unaligned(pulp::bytemuck::cast_slice(a))
        };
        let p = self.n_wells();
        let full = p / lanes * lanes;
        let (mu0, mu1) = self.axes.split_at(p);
        let negate = |v| s.xor_f64s(v, s.splat_f64s(-0.0));
        for first in (0..full).step_by(lanes) {
            let wells = first..first + lanes;
            let d0 = s.sub_f64s(s.splat_f64s(x0), load(&mu0[wells.clone()]));
            let d1 = s.sub_f64s(s.splat_f64s(x1), load(&mu1[wells.clone()]));
            let w = load(&self.widths[wells.clone()]);
            let w2 = s.mul_f64s(w, w);
            // `dist2`'s sum starts from −0.0, which leaves d0² unchanged.
            let a = s.div_f64s(s.add_f64s(s.mul_f64s(d0, d0), s.mul_f64s(d1, d1)), w2);
            let cg = s.mul_f64s(negate(load(&self.weights[wells])), exp_lanes(s, negate(a)));
            let sv = s.div_f64s(s.mul_f64s(s.splat_f64s(-2.0), cg), w2);
            let lane = |v: &S::f64s, j: usize| {
                pulp::bytemuck::cast_slice::<S::f64s, f64>(std::slice::from_ref(v))[j]
            };
            for j in 0..lanes {
                add(lane(&cg, j), lane(&sv, j), lane(&d0, j), lane(&d1, j));
            }
        }
        for i in full..p {
            let (d0, d1) = (x0 - mu0[i], x1 - mu1[i]);
            let w2 = self.widths[i] * self.widths[i];
            let cg = -self.weights[i] * gaussian((d0 * d0 + d1 * d1) / w2);
            add(cg, -2.0 * cg / w2, d0, d1);
        }
        (f, [g0, g1])
    }

    fn wells(&self) -> impl Iterator<Item = (&[f64], (&f64, &f64))> {
        self.centres
            .chunks_exact(self.d)
            .zip(self.widths.iter().zip(&self.weights))
    }

    /// A safeguarded Newton iteration (Newton step when the Hessian is positive
    /// definite, steepest descent otherwise, Armijo backtracking) from `x`.
    fn descend(&self, mut x: Vec<f64>) -> Option<Vec<f64>> {
        let d = self.d;
        let (mut g, mut h, mut p, mut trial) =
            (vec![0.0; d], vec![0.0; d * d], vec![0.0; d], vec![0.0; d]);
        let mut f = self.value_and_gradient(&x, &mut g);
        for _ in 0..200 {
            if optim_core::vector::norm(&g) <= 1e-15 {
                break;
            }
            self.hessian(&x, &mut h);
            p.iter_mut().zip(&g).for_each(|(pi, gi)| *pi = -gi);
            if let Some(l) = cholesky(&h, d) {
                cholesky_solve(&l, d, &mut p);
            }
            let slope = optim_core::vector::dot(&g, &p);
            let mut t = 1.0;
            let moved = loop {
                trial
                    .iter_mut()
                    .enumerate()
                    .for_each(|(i, y)| *y = x[i] + t * p[i]);
                let ft = self.value(&trial);
                if ft <= f + 1e-4 * t * slope {
                    break true;
                }
                t *= 0.5;
                if t < 1e-20 {
                    break false;
                }
            };
            if !moved || trial == x {
                break;
            }
            std::mem::swap(&mut x, &mut trial);
            f = self.value_and_gradient(&x, &mut g);
        }
        self.hessian(&x, &mut h);
        let ok = optim_core::vector::norm(&g) <= 1e-10 && cholesky(&h, d).is_some();
        ok.then_some(x)
    }
}

/// P×d row-major → d×P row-major.
fn by_axis(centres: &[f64], d: usize) -> Vec<f64> {
    (0..d)
        .flat_map(|i| centres.iter().skip(i).step_by(d).copied())
        .collect()
}

fn dist2(x: &[f64], mu: &[f64]) -> f64 {
    x.iter().zip(mu).map(|(a, b)| (a - b) * (a - b)).sum()
}

impl Objective for Wells {
    fn dim(&self) -> usize {
        self.d
    }

    fn value(&self, x: &[f64]) -> f64 {
        self.wells()
            .map(|(mu, (&w, &c))| -c * gaussian(dist2(x, mu) / (w * w)))
            .sum()
    }

    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        self.value_and_gradient(x, g);
    }

    fn value_and_gradient(&self, x: &[f64], g: &mut [f64]) -> f64 {
        if let (Ok(x), Ok(g)) = (<&[f64; 2]>::try_from(x), <&mut [f64; 2]>::try_from(&mut *g)) {
            return self.value_and_gradient_2d(x, g);
        }
        g.fill(0.0);
        let mut f = 0.0;
        for (mu, (&w, &c)) in self.wells() {
            let w2 = w * w;
            let cg = -c * gaussian(dist2(x, mu) / w2);
            f += cg;
            let s = -2.0 * cg / w2;
            for ((gi, xi), mi) in g.iter_mut().zip(x).zip(mu) {
                *gi += s * (xi - mi);
            }
        }
        f
    }
}

impl HessianProduct for Wells {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        hv.fill(0.0);
        for (mu, (&w, &c)) in self.wells() {
            let w2 = w * w;
            let (mut r2, mut dv) = (0.0, 0.0);
            for ((xi, mi), vi) in x.iter().zip(mu).zip(v) {
                r2 += (xi - mi) * (xi - mi);
                dv += (xi - mi) * vi;
            }
            let s = -c * gaussian(r2 / w2) * 2.0 / w2;
            let t = 2.0 * dv / w2;
            for ((hvi, vi), (xi, mi)) in hv.iter_mut().zip(v).zip(x.iter().zip(mu)) {
                *hvi += s * (t * (xi - mi) - vi);
            }
        }
    }
}

impl Hessian for Wells {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        self.accumulate_hessian(x, h, 2.0);
    }
}

impl Landscape for Wells {
    fn name(&self) -> String {
        let (d, p) = (self.d, self.n_wells());
        match self.seed {
            Some(seed) => format!("Gaussian wells (d = {d}, {p} wells, seed {seed})"),
            None => format!("Gaussian wells (d = {d}, {p} wells)"),
        }
    }

    /// [−3, 3]ᵈ (the *Optimization in many dimensions* notebook's plots), widened to contain every centre and the start.
    /// With positive weights that contains every minimum too: ∇f = 0 makes x a
    /// positively weighted mean of the centres, so no Newton solve is needed here.
    fn domain(&self) -> Vec<(f64, f64)> {
        let mut points: Vec<&[f64]> = self.centres.chunks_exact(self.d).collect();
        points.push(&self.start);
        cover(vec![(-3.0, 3.0); self.d], &points, 0.25)
    }

    fn minima(&self) -> Vec<Vec<f64>> {
        let mut found: Vec<(f64, Vec<f64>)> = Vec::new();
        for mu in self.centres.chunks_exact(self.d) {
            if let Some(x) = self.descend(mu.to_vec()) {
                if found.iter().all(|(_, y)| dist2(&x, y).sqrt() > 1e-6) {
                    found.push((self.value(&x), x));
                }
            }
        }
        found.sort_by(|a, b| a.0.total_cmp(&b.0));
        found.into_iter().map(|(_, x)| x).collect()
    }

    /// For [`from_seed`](Self::from_seed), the *Optimization in many dimensions* notebook's first random start; for
    /// [`new`](Self::new), the origin.
    fn start(&self) -> Vec<f64> {
        self.start.clone()
    }
}

/// e^(−a), by [`exp`](crate::exp::exp): within 1 ulp of libm's, the same bits in a
/// SIMD lane as in a scalar call, and without glibc's slow underflow path, which the
/// *Optimization in many dimensions* notebook's narrowest well (w = 0.0188) sends most
/// of its calls to.
#[inline(always)]
fn gaussian(a: f64) -> f64 {
    crate::exp::exp(-a)
}
