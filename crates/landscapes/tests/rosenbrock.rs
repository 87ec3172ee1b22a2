//! Rosenbrock: the *Gradient Descent Optimizations* notebook's numbers, the n = 10⁶ products, trait objects through
//! `Problem` (the counting handle of a run), and the refused dimensions.

use landscapes::{Landscape, Rosenbrock, RosenbrockForm};
use optim_core::{Error, Hessian, HessianProduct, Objective, Problem, Rng};

#[test]
fn hessian_at_the_minimum_and_its_condition_number_match_seed_000() {
    let f = Rosenbrock::new();
    let mut h = [0.0; 4];
    f.hessian(&[1.0, 1.0], &mut h);
    assert_eq!(h, [802.0, -400.0, -400.0, 200.0]);
    // Closed-form eigenvalues of [[p, q], [q, r]]: λmax = (p + r + √((p − r)² + 4q²))/2,
    // λmin = det/λmax (no cancellation).
    let (p, q, r) = (h[0], h[1], h[3]);
    let lmax = 0.5 * (p + r + ((p - r).powi(2) + 4.0 * q * q).sqrt());
    let lmin = (p * r - q * q) / lmax;
    let cond = lmax / lmin;
    assert_eq!(format!("{cond:.4}"), "2508.0096");
    // np.linalg.cond(H) in *Gradient Descent Optimizations* prints 2508.009601277298.
    assert!((cond - 2508.009601277298).abs() < 1e-9, "{cond}");
}

#[test]
fn the_three_forms_and_their_metadata() {
    let f = Rosenbrock::new();
    assert_eq!(f.name(), "Rosenbrock (a = 1, b = 100)");
    assert_eq!(f.start(), vec![4.0, -4.1]);
    assert_eq!(f.domain(), vec![(-5.0, 5.0); 2]);
    assert_eq!(f.minima(), vec![vec![1.0, 1.0]]);
    // f(4, −4.1) = 100(−4.1 − 16)² + (1 − 4)² = 40401 + 9.
    assert!((f.value(&[4.0, -4.1]) - 40410.0).abs() < 1e-9);

    let c = Rosenbrock::chained(5);
    assert_eq!(c.form(), RosenbrockForm::Chained);
    assert_eq!(c.name(), "chained Rosenbrock (n = 5, a = 1, b = 100)");
    assert_eq!(c.start(), vec![-1.2, 1.0, -1.2, 1.0, -1.2]);
    assert_eq!(c.minima(), vec![vec![1.0; 5]]);
    // scipy.optimize.rosen([-1.2, 1, -1.2, 1, -1.2]): pairs (−1.2, 1) give 24.2 and
    // pairs (1, −1.2) give 484.
    assert!((c.value(&c.start()) - 1016.4).abs() < 1e-10);

    let e = Rosenbrock::extended(4).with_params(2.0, 10.0);
    assert_eq!(e.minima(), vec![vec![2.0, 4.0, 2.0, 4.0]]);
    assert_eq!(e.value(&e.minima()[0]), 0.0);
    // Separable: two copies of the 2-D value.
    let two = Rosenbrock::new().with_params(2.0, 10.0);
    let x = [0.3, -0.7, 1.1, 2.5];
    let want = two.value(&x[..2]) + two.value(&x[2..]);
    assert!((e.value(&x) - want).abs() < 1e-12);

    // The chained form with a² ≠ a has no closed-form minimum.
    assert!(
        Rosenbrock::chained(4)
            .with_params(2.0, 100.0)
            .minima()
            .is_empty()
    );
    assert_eq!(
        Rosenbrock::chained(2).with_params(2.0, 100.0).minima(),
        vec![vec![2.0, 4.0]]
    );
}

#[test]
fn invalid_dimensions_are_errors() {
    assert!(matches!(
        Rosenbrock::try_chained(1),
        Err(Error::InvalidParameter { name: "n", .. })
    ));
    assert!(matches!(
        Rosenbrock::try_extended(5),
        Err(Error::InvalidParameter { name: "n", .. })
    ));
    assert!(Rosenbrock::try_extended(0).is_err());
    assert_eq!(Rosenbrock::try_extended(8).unwrap().dim(), 8);
}

/// The chained gradient and Hessian row i from the textbook formulas, independently
/// of the implementation's single pass.
fn chained_entries(x: &[f64], v: &[f64], i: usize) -> (f64, f64) {
    let n = x.len();
    let (a, b) = (1.0, 100.0);
    let mut g = 0.0;
    let mut hv = 0.0;
    if i + 1 < n {
        g += -4.0 * b * x[i] * (x[i + 1] - x[i] * x[i]) - 2.0 * (a - x[i]);
        hv += (12.0 * b * x[i] * x[i] - 4.0 * b * x[i + 1] + 2.0) * v[i];
        hv += -4.0 * b * x[i] * v[i + 1];
    }
    if i > 0 {
        g += 2.0 * b * (x[i] - x[i - 1] * x[i - 1]);
        hv += 2.0 * b * v[i] - 4.0 * b * x[i - 1] * v[i - 1];
    }
    (g, hv)
}

/// (∂f/∂xᵢ, (Hv)ᵢ) from the formulas.
type Entries = fn(&[f64], &[f64], usize) -> (f64, f64);

fn extended_entries(x: &[f64], v: &[f64], i: usize) -> (f64, f64) {
    let (a, b) = (1.0, 100.0);
    let (p, q) = (i - i % 2, i - i % 2 + 1);
    if i % 2 == 0 {
        (
            -4.0 * b * x[p] * (x[q] - x[p] * x[p]) - 2.0 * (a - x[p]),
            (12.0 * b * x[p] * x[p] - 4.0 * b * x[q] + 2.0) * v[p] - 4.0 * b * x[p] * v[q],
        )
    } else {
        (
            2.0 * b * (x[q] - x[p] * x[p]),
            -4.0 * b * x[p] * v[p] + 2.0 * b * v[q],
        )
    }
}

#[test]
fn products_at_a_million_dimensions_match_the_formulas_through_counting_trait_objects() {
    const N: usize = 1_000_000;
    let mut rng = Rng::new(5);
    let x: Vec<f64> = (0..N).map(|_| 2.0 * rng.uniform() - 1.0).collect();
    let v: Vec<f64> = (0..N).map(|_| rng.normal()).collect();
    let (mut g, mut hv) = (vec![0.0; N], vec![0.0; N]);
    let forms: [(Box<dyn Landscape>, Entries); 2] = [
        (Box::new(Rosenbrock::chained(N)), chained_entries),
        (Box::new(Rosenbrock::extended(N)), extended_entries),
    ];
    for (f, entries) in &forms {
        let counted = Problem::new(f.as_ref());
        let value = counted.value_and_gradient(&x, &mut g);
        counted.hessian_vector_product(&x, &v, &mut hv);
        let evals = counted.evals();
        assert_eq!(
            (
                evals.value,
                evals.gradient,
                evals.hessian,
                evals.hessian_vector
            ),
            (1, 1, 0, 1)
        );
        assert!(value.is_finite() && value > 0.0);
        for i in [0, 1, 2, 499_999, 500_000, 500_001, N - 2, N - 1] {
            let (gi, hvi) = entries(&x, &v, i);
            assert!(
                (g[i] - gi).abs() <= 1e-12 * gi.abs().max(1.0),
                "{} g[{i}]",
                f.name()
            );
            assert!(
                (hv[i] - hvi).abs() <= 1e-12 * hvi.abs().max(1.0),
                "{} hv[{i}]",
                f.name()
            );
        }
        // All million entries at once: along a line, f is a quartic polynomial, for
        // which the five-point difference is exact, so it must equal ∇f·v to rounding.
        let h = 0.25;
        let at = |s: f64| -> f64 {
            let y: Vec<f64> = x.iter().zip(&v).map(|(xi, vi)| xi + s * h * vi).collect();
            f.value(&y)
        };
        let fd = (at(-2.0) - 8.0 * at(-1.0) + 8.0 * at(1.0) - at(2.0)) / (12.0 * h);
        let gv = optim_core::vector::dot(&g, &v);
        assert!(
            (fd - gv).abs() <= 1e-9 * gv.abs(),
            "{}: {fd} vs {gv}",
            f.name()
        );
    }
}

#[test]
fn dense_hessian_of_small_chained_form_is_tridiagonal_and_extended_is_block_diagonal() {
    let x = [0.5, -1.0, 2.0, 0.25];
    let mut h = [0.0; 16];
    Rosenbrock::chained(4).hessian(&x, &mut h);
    // H[0][0] = 12·100·0.25 − 4·100·(−1) + 2 = 702; H[1][1] = 200 + 1200 − 800 + 2 = 602.
    assert_eq!(h[0], 702.0);
    assert_eq!(h[5], 602.0);
    assert_eq!(h[1], -200.0); // −4·100·0.5
    assert_eq!(h[2], 0.0); // (2, 0): beyond the tridiagonal band
    Rosenbrock::extended(4).hessian(&x, &mut h);
    assert_eq!(h[5], 200.0); // x₁ is the second of a pair: 2b only
    assert_eq!(h[6], 0.0); // (2, 1): between two blocks
    assert_eq!(h[9], 0.0);
}
