//! Quadratics: the seeds' bowls, validation, the Cholesky solution and random SPD
//! matrices of prescribed condition number; the 1-D landscapes of the *Gradient Descent* chapter.

use landscapes::{Cosh, Landscape, Quadratic, XCos};
use optim_core::{Error, Hessian, HessianProduct, Objective};

/// Eigenvalues of a symmetric matrix (column-major) by cyclic Jacobi rotations: slow
/// but simple and accurate to rounding, enough for n ≤ 10 in a test.
fn eigenvalues(a: &[f64], n: usize) -> Vec<f64> {
    let mut m = a.to_vec();
    for _sweep in 0..100 {
        let off: f64 = (0..n)
            .flat_map(|j| (0..n).filter(move |&i| i != j).map(move |i| (i, j)))
            .map(|(i, j)| m[j * n + i] * m[j * n + i])
            .sum();
        if off < 1e-30 {
            break;
        }
        for p in 0..n {
            for q in p + 1..n {
                let apq = m[q * n + p];
                if apq == 0.0 {
                    continue;
                }
                let theta = (m[q * n + q] - m[p * n + p]) / (2.0 * apq);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                // M ← Jᵀ M J with the rotation J in the (p, q) plane.
                for k in 0..n {
                    let (mkp, mkq) = (m[p * n + k], m[q * n + k]);
                    m[p * n + k] = c * mkp - s * mkq;
                    m[q * n + k] = s * mkp + c * mkq;
                }
                for k in 0..n {
                    let (mpk, mqk) = (m[k * n + p], m[k * n + q]);
                    m[k * n + p] = c * mpk - s * mqk;
                    m[k * n + q] = s * mpk + c * mqk;
                }
            }
        }
    }
    let mut ev: Vec<f64> = (0..n).map(|i| m[i * n + i]).collect();
    ev.sort_by(f64::total_cmp);
    ev
}

#[test]
fn jacobi_helper_is_right_on_a_known_matrix() {
    // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
    let ev = eigenvalues(&[2.0, 1.0, 1.0, 2.0], 2);
    assert!((ev[0] - 1.0).abs() < 1e-14 && (ev[1] - 3.0).abs() < 1e-14);
}

#[test]
fn random_spd_has_the_requested_condition_number_and_is_symmetric() {
    for (n, cond, seed) in [(2, 10.0, 0), (5, 1e3, 1), (8, 1e6, 2), (10, 1.0, 3)] {
        let q = Quadratic::random_spd(n, cond, seed);
        let a = q.a();
        for i in 0..n {
            for j in 0..n {
                assert_eq!(a[j * n + i], a[i * n + j], "n = {n}: not symmetric");
            }
        }
        let ev = eigenvalues(a, n);
        let got = ev[n - 1] / ev[0];
        assert!(
            (got - cond).abs() <= 1e-8 * cond,
            "n = {n}: cond {got} ≠ {cond}"
        );
        // λ log-spaced from 1 to cond.
        assert!((ev[0] - 1.0).abs() < 1e-9 && (ev[n - 1] - cond).abs() < 1e-9 * cond);
        if n > 2 {
            let mid = cond.powf(1.0 / (n - 1) as f64);
            assert!((ev[1] - mid).abs() < 1e-9 * mid, "n = {n}: λ₁ = {}", ev[1]);
        }
        // Q is not the identity: A has off-diagonal mass.
        if cond > 1.0 {
            assert!(a[1].abs() > 1e-3, "n = {n}: A looks diagonal");
        }
        // The solution solves A x = b.
        let x = q.solution();
        let mut g = vec![0.0; n];
        q.gradient(&x, &mut g);
        let b = optim_core::vector::norm(q.b());
        assert!(optim_core::vector::norm(&g) <= 1e-9 * cond * b);
        assert_eq!(q.minima(), vec![x]);
    }
    // Reproducible, and different seeds differ.
    assert_eq!(
        Quadratic::random_spd(4, 50.0, 9),
        Quadratic::random_spd(4, 50.0, 9)
    );
    assert_ne!(
        Quadratic::random_spd(4, 50.0, 9),
        Quadratic::random_spd(4, 50.0, 10)
    );
}

#[test]
fn random_spd_refuses_bad_input() {
    assert!(matches!(
        Quadratic::try_random_spd(3, 0.5, 0),
        Err(Error::InvalidParameter { name: "cond", .. })
    ));
    assert!(Quadratic::try_random_spd(3, f64::NAN, 0).is_err());
    assert!(Quadratic::try_random_spd(3, f64::INFINITY, 0).is_err());
    assert!(matches!(
        Quadratic::try_random_spd(0, 10.0, 0),
        Err(Error::InvalidParameter { name: "n", .. })
    ));
}

#[test]
fn new_validates_and_solves() {
    assert!(matches!(
        Quadratic::new(vec![1.0, 2.0, 3.0], vec![1.0, 1.0]),
        Err(Error::DimensionMismatch {
            what: "a",
            expected: 4,
            found: 3
        })
    ));
    assert!(matches!(
        Quadratic::new(vec![1.0, 2.0, 2.5, 1.0], vec![1.0, 1.0]),
        Err(Error::InvalidParameter { name: "a", .. })
    ));
    assert!(matches!(
        Quadratic::new(vec![1.0, f64::NAN, f64::NAN, 1.0], vec![1.0, 1.0]),
        Err(Error::NonFinite {
            what: "a",
            index: 1
        })
    ));
    assert!(Quadratic::new(vec![], vec![]).is_err());
    // A = [[4, 2], [2, 3]], b = (2, 1): x* = (0.5, 0), f(x*) = −½ bᵀx* = −0.5.
    let q = Quadratic::new(vec![4.0, 2.0, 2.0, 3.0], vec![2.0, 1.0]).unwrap();
    let x = q.solution();
    assert!((x[0] - 0.5).abs() < 1e-15 && x[1].abs() < 1e-15);
    assert!((q.value(&x) + 0.5).abs() < 1e-15);
    let mut h = [0.0; 4];
    q.hessian(&[9.0, 9.0], &mut h);
    assert_eq!(h, [4.0, 2.0, 2.0, 3.0]);
    // Indefinite: no minimiser.
    let saddle = Quadratic::new(vec![1.0, 0.0, 0.0, -1.0], vec![0.0, 0.0]).unwrap();
    assert!(!saddle.is_positive_definite());
    assert!(saddle.solution().iter().all(|v| v.is_nan()));
    assert!(saddle.minima().is_empty());
    assert!(q.clone().with_start(vec![1.0]).is_err());
    assert_eq!(
        q.with_start(vec![3.0, 4.0]).unwrap().start(),
        vec![3.0, 4.0]
    );
}

#[test]
fn the_seeds_bowls() {
    let x2 = Quadratic::x_squared();
    assert_eq!((x2.name(), x2.start()), ("x²".to_owned(), vec![10.0]));
    assert_eq!(x2.value(&[3.0]), 9.0);
    let mut g = [0.0];
    x2.gradient(&[3.0], &mut g);
    assert_eq!(g, [6.0]);

    let an = Quadratic::anisotropic();
    assert_eq!(an.start(), vec![-5.0, -2.0]);
    assert_eq!(an.value(&[-5.0, -2.0]), 25.0 + 8.0);
    assert_eq!(an.domain(), vec![(-5.5, 1.0), (-3.0, 1.0)]);

    let ill = Quadratic::ill_conditioned();
    assert_eq!(ill.start(), vec![-1.0, -1.0]);
    assert_eq!(ill.value(&[-1.0, -1.0]), 101.0);
    assert_eq!(ill.minima(), vec![vec![0.0, 0.0]]);
    let mut hv = [0.0; 2];
    ill.hessian_vector_product(&[0.3, 0.3], &[1.0, 1.0], &mut hv);
    assert_eq!(hv, [2.0, 200.0]);

    let d = Quadratic::diagonal(&[1.0, 2.0, 3.0]);
    assert_eq!(d.value(&[1.0, 1.0, 1.0]), 3.0);
}

#[test]
fn seed_001_one_dimensional_functions() {
    // Newton on cosh(x/2) from 10 (the *Gradient Descent* chapter): x ← x − tanh(x/2)/(1/2).
    let f = Cosh::seed001();
    let mut x = 10.0;
    let (mut g, mut h) = ([0.0], [0.0]);
    for _ in 0..10 {
        f.gradient(&[x], &mut g);
        f.hessian(&[x], &mut h);
        x -= g[0] / h[0];
    }
    assert!(x.abs() < 1e-12, "{x}");

    // x cos(0.15π x): Newton from 10 goes 10 → 5 → 25.0 and settles on the local
    // maximum at 26.834; damped by η = 0.5 it reaches the minimum at 7.269388.
    let xc = XCos::seed001();
    let newton = |eta: f64, steps: usize| {
        let (mut x, mut g, mut h) = (10.0, [0.0], [0.0]);
        for _ in 0..steps {
            xc.gradient(&[x], &mut g);
            xc.hessian(&[x], &mut h);
            x -= eta * g[0] / h[0];
        }
        x
    };
    assert!((newton(1.0, 1) - 5.0).abs() < 1e-12);
    assert!((newton(1.0, 2) - 24.9949).abs() < 1e-4);
    let top = newton(1.0, 20);
    assert!((top - 26.8341).abs() < 1e-4, "{top}");
    xc.hessian(&[top], &mut h);
    assert!(h[0] < -6.0, "a maximum: f″ = {}", h[0]);
    assert!((newton(0.5, 60) - 7.269388146311474).abs() < 1e-9);
    // Minima found in [−15, 15]: one per period 2π/c = 13.3, near −13.66, −1.83, 7.27.
    let minima: Vec<f64> = xc.minima().into_iter().map(|m| m[0]).collect();
    assert_eq!(minima.len(), 3, "{minima:?}");
    for (m, want) in minima.iter().zip([-13.660371, -1.825685, 7.269388]) {
        assert!((m - want).abs() < 1e-6, "{m} vs {want}");
        xc.hessian(&[*m], &mut h);
        assert!(h[0] > 0.0);
    }
    let (lo, hi) = xc.domain()[0];
    assert!((lo + 15.0).abs() < 1e-12 && (hi - 15.0).abs() < 1e-12);
}
