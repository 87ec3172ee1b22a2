//! Every landscape's gradient, Hessian and Hessian-vector product against central
//! differences at 50 random points of its plotting box, and its gradient at its known
//! minima.

use landscapes::*;
use optim_core::{
    Hessian, HessianProduct, Objective, Rng, check_gradient, check_hessian,
    check_hessian_vector_product,
};

/// f scaled by `s`: the checks leave out components below 1e-4·max(1, |largest|), so
/// landscapes whose derivatives are all below 1 (the wells) are scaled up to be
/// compared at all.
struct Scaled<'a>(&'a dyn Landscape, f64);

impl Objective for Scaled<'_> {
    fn dim(&self) -> usize {
        self.0.dim()
    }
    fn value(&self, x: &[f64]) -> f64 {
        self.1 * self.0.value(x)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        self.0.gradient(x, g);
        g.iter_mut().for_each(|gi| *gi *= self.1);
    }
}

impl HessianProduct for Scaled<'_> {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        self.0.hessian_vector_product(x, v, hv);
        hv.iter_mut().for_each(|hi| *hi *= self.1);
    }
}

impl Hessian for Scaled<'_> {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        self.0.hessian(x, h);
        h.iter_mut().for_each(|hi| *hi *= self.1);
    }
}

const POINTS: usize = 50;
const REL_TOL: f64 = 1e-6;

/// Checks `l` (scaled by `scale`) at 50 points drawn uniformly in its domain, with a
/// Gaussian direction for H·v; returns how many components entered the relative
/// errors, so that a check that compared nothing cannot pass silently.
fn check(l: &dyn Landscape, scale: f64, seed: u32) -> usize {
    let obj = Scaled(l, scale);
    let n = l.dim();
    let domain = l.domain();
    assert_eq!(
        domain.len(),
        n,
        "{}: domain has the wrong dimension",
        l.name()
    );
    let mut rng = Rng::new(seed);
    let mut compared = 0;
    for _ in 0..POINTS {
        let x: Vec<f64> = domain
            .iter()
            .map(|&(lo, hi)| lo + (hi - lo) * rng.uniform())
            .collect();
        let v: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let g = check_gradient(&obj, &x).unwrap();
        let h = check_hessian(&obj, &x).unwrap();
        let hv = check_hessian_vector_product(&obj, &x, &v).unwrap();
        for (what, c) in [("gradient", g), ("Hessian", h), ("H·v", hv)] {
            assert!(
                c.max_rel_error <= REL_TOL,
                "{}: {what} at {x:?}: relative error {:e} (component {})",
                l.name(),
                c.max_rel_error,
                c.worst_index
            );
            compared += c.compared;
        }
        // The O(n) product must agree with the dense Hessian to rounding.
        let mut dense = vec![0.0; n * n];
        l.hessian(&x, &mut dense);
        let mut fast = vec![0.0; n];
        l.hessian_vector_product(&x, &v, &mut fast);
        for i in 0..n {
            let want: f64 = (0..n).map(|j| dense[j * n + i] * v[j]).sum();
            let scale = (0..n)
                .map(|j| (dense[j * n + i] * v[j]).abs())
                .sum::<f64>()
                .max(1e-300);
            assert!(
                (fast[i] - want).abs() <= 1e-12 * scale,
                "{}: H·v[{i}] = {} but dense gives {want}",
                l.name(),
                fast[i]
            );
        }
        // value_and_gradient must agree with value and gradient.
        let (mut g1, mut g2) = (vec![0.0; n], vec![0.0; n]);
        let f = l.value_and_gradient(&x, &mut g1);
        l.gradient(&x, &mut g2);
        let fv = l.value(&x);
        assert!(
            (f - fv).abs() <= 1e-12 * fv.abs().max(1e-300),
            "{}",
            l.name()
        );
        assert_eq!(g1, g2, "{}", l.name());
    }
    for m in l.minima() {
        let mut g = vec![0.0; n];
        l.gradient(&m, &mut g);
        let norm = optim_core::vector::norm(&g);
        assert!(
            norm <= 1e-9,
            "{}: ‖∇f‖ = {norm:e} at minimum {m:?}",
            l.name()
        );
        assert!(l.value(&m).is_finite());
    }
    let start = l.start();
    assert_eq!(start.len(), n, "{}", l.name());
    for (i, (&s, &(lo, hi))) in start.iter().zip(&domain).enumerate() {
        assert!(
            lo <= s && s <= hi,
            "{}: start[{i}] = {s} outside the box",
            l.name()
        );
    }
    compared
}

/// A check must compare most components: 50 points × (n + n² + n) of them.
fn check_all(l: &dyn Landscape, scale: f64, seed: u32, min_fraction: f64) {
    let n = l.dim();
    let total = POINTS * (2 * n + n * n);
    let compared = check(l, scale, seed);
    assert!(
        compared as f64 >= min_fraction * total as f64,
        "{}: only {compared} of {total} components compared",
        l.name()
    );
}

#[test]
fn quadratics() {
    check_all(&Quadratic::x_squared(), 1.0, 1, 0.9);
    check_all(&Quadratic::anisotropic(), 1.0, 2, 0.5);
    check_all(&Quadratic::ill_conditioned(), 1.0, 3, 0.5);
    check_all(&Quadratic::random_spd(6, 1e3, 7), 1.0, 4, 0.9);
    let indefinite = Quadratic::new(vec![2.0, -1.0, -1.0, -0.5], vec![1.0, 3.0]).unwrap();
    assert!(indefinite.minima().is_empty());
    check_all(&indefinite, 1.0, 5, 0.9);
    let general = Quadratic::new(vec![2.0, -1.0, -1.0, 0.6], vec![1.0, 3.0]).unwrap();
    assert_eq!(general.minima().len(), 1);
    check_all(&general, 1.0, 23, 0.9);
}

#[test]
fn one_dimensional() {
    check_all(&Cosh::seed001(), 1.0, 6, 0.9);
    check_all(&Cosh { c: 2.0 }, 1.0, 7, 0.9);
    check_all(&XCos::seed001(), 1.0, 8, 0.9);
}

#[test]
fn rosenbrocks() {
    check_all(&Rosenbrock::new(), 1.0, 9, 0.9);
    check_all(&Rosenbrock::chained(6), 1.0, 10, 0.3);
    check_all(&Rosenbrock::chained(5).with_params(2.0, 50.0), 1.0, 11, 0.3);
    check_all(&Rosenbrock::extended(6), 1.0, 12, 0.2);
    check_all(
        &Rosenbrock::extended(4).with_params(0.5, 10.0),
        1.0,
        13,
        0.2,
    );
}

#[test]
fn wells() {
    check_all(&Wells::seed002(), 1e4, 14, 0.2);
    check_all(&Wells::from_seed(3, 5, 1), 1e4, 15, 0.2);
    let w = Wells::new(2, vec![0.0, 0.0, 1.0, -1.0], vec![1.0, 0.7], vec![0.3, 0.7]).unwrap();
    check_all(&w, 1e2, 16, 0.5);
}

/// The wells' 2-D fast path against the generic d-dimensional code: the course's
/// landscape embedded in ℝ³ with every μₚ₃ = 0, evaluated at x₃ = 0, adds 0² to each
/// squared distance and s·0 to nothing else, so the generic code must give the same
/// f, ∂₁f and ∂₂f to the bit (a fast path with another order of operations, or
/// 1/wₚ² multiplied instead of divided, fails here).
///
/// Eight wells fill two SIMD registers of four; seven leave three to the scalar tail.
#[test]
fn wells_in_two_dimensions_are_the_generic_code_to_the_bit() {
    for flat in [Wells::seed002(), Wells::from_seed(2, 7, 1)] {
        let centres = flat
            .centres()
            .chunks(2)
            .flat_map(|m| [m[0], m[1], 0.0])
            .collect();
        let lifted =
            Wells::new(3, centres, flat.widths().to_vec(), flat.weights().to_vec()).unwrap();
        let mut checked = 0;
        for x0 in Wells::starts(2, 200, 7)
            .into_iter()
            .chain(Wells::seed002_starts())
        {
            let (mut g2, mut g3) = ([0.0; 2], [0.0; 3]);
            let f2 = flat.value_and_gradient(&x0, &mut g2);
            let f3 = lifted.value_and_gradient(&[x0[0], x0[1], 0.0], &mut g3);
            assert_eq!(f2.to_bits(), f3.to_bits(), "f at {x0:?}");
            assert_eq!(
                [g2[0].to_bits(), g2[1].to_bits()],
                [g3[0].to_bits(), g3[1].to_bits()]
            );
            assert_eq!(flat.value(&x0).to_bits(), f2.to_bits());
            checked += usize::from(f2 != 0.0 && g2 != [0.0; 2]);
        }
        assert!(checked > 100, "only {checked} points where a well is felt");
    }
}

#[test]
fn visualisation_surfaces() {
    check_all(&Beale, 1.0, 17, 0.9);
    check_all(&Saddle, 1.0, 18, 0.5);
    check_all(&LongValley, 1.0, 19, 0.9);
    check_all(&Rastrigin::new(3), 1.0, 20, 0.3);
    check_all(&Himmelblau, 1.0, 21, 0.9);
}

#[test]
fn linear_regression() {
    check_all(
        &LinearRegression::generate(50, 2.0, 1.0, 0.1, 3),
        1.0,
        22,
        0.9,
    );
}

#[test]
fn the_catalogue_checks_too() {
    let all = catalogue();
    assert_eq!(all.len(), 13);
    for (k, l) in all.iter().enumerate() {
        // Few points each: the individual tests above are the thorough ones.
        let n = l.dim();
        let x: Vec<f64> = l
            .domain()
            .iter()
            .map(|&(lo, hi)| 0.3 * lo + 0.7 * hi)
            .collect();
        let s = if l.name().starts_with("Gaussian") {
            1e4
        } else {
            1.0
        };
        let c = check_gradient(&Scaled(l.as_ref(), s), &x).unwrap();
        assert!(
            c.max_rel_error <= REL_TOL,
            "catalogue entry {k}: {}",
            l.name()
        );
        assert_eq!(x.len(), n);
    }
}

/// `value` and `value_and_gradient` must give the same f to the bit: methods compare a
/// value from one with a value from the other (a trust-region ratio, a line search's
/// sufficient decrease), and near an optimum a rounding difference reads as progress or
/// regress.
#[test]
fn value_and_value_and_gradient_agree_to_the_bit() {
    let mut rng = optim_core::Rng::new(17);
    let mut landscapes = landscapes::catalogue();
    landscapes.push(Box::new(landscapes::Quadratic::random_spd(10, 1e4, 0)));
    for f in &landscapes {
        let n = f.dim();
        let mut g = vec![0.0; n];
        for _ in 0..50 {
            let x: Vec<f64> = f
                .domain()
                .iter()
                .map(|&(lo, hi)| lo + (hi - lo) * rng.uniform())
                .collect();
            let x: Vec<f64> = x.into_iter().cycle().take(n).collect();
            assert_eq!(
                f.value(&x).to_bits(),
                f.value_and_gradient(&x, &mut g).to_bits(),
                "{} at {x:?}",
                f.name()
            );
        }
    }
}
