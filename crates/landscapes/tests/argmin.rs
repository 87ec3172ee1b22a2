//! Values and gradients agree with the `argmin_testfunctions` crate (0.3) wherever both
//! define the same function.

use argmin_testfunctions as atf;
use landscapes::{Beale, Himmelblau, Rastrigin, Rosenbrock};
use optim_core::{Hessian, Objective, Rng};

fn assert_close(ours: &[f64], theirs: &[f64], what: &str) {
    for (a, b) in ours.iter().zip(theirs) {
        assert!(
            (a - b).abs() <= 1e-12 * a.abs().max(b.abs()).max(1.0),
            "{what}: {ours:?} vs {theirs:?}"
        );
    }
}

fn points(n: usize, count: usize, half_width: f64, seed: u32) -> Vec<Vec<f64>> {
    let mut rng = Rng::new(seed);
    (0..count)
        .map(|_| {
            (0..n)
                .map(|_| half_width * (2.0 * rng.uniform() - 1.0))
                .collect()
        })
        .collect()
}

#[test]
fn rosenbrock_chained_with_parameters() {
    for (n, a, b) in [
        (2, 1.0, 100.0),
        (5, 1.0, 100.0),
        (7, 2.0, 30.0),
        (4, -0.5, 1.0),
    ] {
        let f = Rosenbrock::chained(n).with_params(a, b);
        for x in points(n, 30, 2.0, n as u32) {
            let mut g = vec![0.0; n];
            f.gradient(&x, &mut g);
            assert_close(&[f.value(&x)], &[atf::rosenbrock_ab(&x, a, b)], "value");
            assert_close(&g, &atf::rosenbrock_ab_derivative(&x, a, b), "gradient");
            // argmin's Hessian has 2a where ∂²(a − xᵢ)²/∂xᵢ² = 2, so compare at a = 1.
            if a == 1.0 {
                let mut h = vec![0.0; n * n];
                f.hessian(&x, &mut h);
                let theirs: Vec<f64> = atf::rosenbrock_ab_hessian(&x, a, b)
                    .into_iter()
                    .flatten()
                    .collect();
                assert_close(&h, &theirs, "Hessian (symmetric, so order does not matter)");
            }
        }
    }
    // The 2-D function is the chained one with n = 2.
    let x = [0.3, -1.7];
    assert_close(
        &[Rosenbrock::new().value(&x)],
        &[atf::rosenbrock(&x)],
        "2-D",
    );
}

#[test]
fn beale_himmelblau_rastrigin() {
    for x in points(2, 50, 4.5, 1) {
        let p = [x[0], x[1]];
        let mut g = [0.0; 2];
        let mut h = [0.0; 4];
        Beale.gradient(&x, &mut g);
        Beale.hessian(&x, &mut h);
        assert_close(&[Beale.value(&x)], &[atf::beale(&p)], "Beale value");
        assert_close(&g, &atf::beale_derivative(&p), "Beale gradient");
        let bh = atf::beale_hessian(&p);
        assert_close(
            &h,
            &[bh[0][0], bh[1][0], bh[0][1], bh[1][1]],
            "Beale Hessian",
        );

        Himmelblau.gradient(&x, &mut g);
        Himmelblau.hessian(&x, &mut h);
        assert_close(
            &[Himmelblau.value(&x)],
            &[atf::himmelblau(&p)],
            "Himmelblau value",
        );
        assert_close(&g, &atf::himmelblau_derivative(&p), "Himmelblau gradient");
        let hh = atf::himmelblau_hessian(&p);
        assert_close(
            &h,
            &[hh[0][0], hh[1][0], hh[0][1], hh[1][1]],
            "Himmelblau Hessian",
        );
    }
    for n in [1, 2, 5] {
        let f = Rastrigin::new(n);
        for x in points(n, 30, 5.12, 10 + n as u32) {
            let mut g = vec![0.0; n];
            f.gradient(&x, &mut g);
            assert_close(&[f.value(&x)], &[atf::rastrigin(&x)], "Rastrigin value");
            assert_close(&g, &atf::rastrigin_derivative(&x), "Rastrigin gradient");
            let f7 = f.with_a(7.0);
            f7.gradient(&x, &mut g);
            assert_close(
                &[f7.value(&x)],
                &[atf::rastrigin_a(&x, 7.0)],
                "Rastrigin A = 7",
            );
            assert_close(&g, &atf::rastrigin_a_derivative(&x, 7.0), "Rastrigin A = 7");
        }
    }
}
