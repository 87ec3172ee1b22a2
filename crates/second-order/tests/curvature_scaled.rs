//! Power iteration on Hessian-vector products, and gradient descent scaled by the
//! largest curvature (the *Optimization in many dimensions* notebook's `GradientDescentAdaptive`).

use landscapes::{Landscape, Quadratic, Wells};
use optim_core::{Hessian, HessianProduct, Objective, Record, Stop, StopReason, minimize};
use second_order::{CurvatureScaledGd, power_iteration};

/// Eigenvalues of a symmetric 2×2 (column-major), ascending.
fn eig2(h: &[f64]) -> (f64, f64) {
    let (a, b, d) = (h[0], h[1], h[3]);
    let m = (a + d) / 2.0;
    let r = (((a - d) / 2.0).powi(2) + b * b).sqrt();
    (m - r, m + r)
}

#[test]
fn power_iteration_finds_lambda_max_of_random_spd_matrices() {
    // random_spd's eigenvalues are log-spaced from 1 to cond: λmax = cond exactly.
    for (n, cond, seed) in [(10, 100.0, 0), (30, 1e3, 1), (50, 1e4, 2)] {
        let q = Quadratic::random_spd(n, cond, seed);
        let x = vec![0.0; n];
        let (mut v, mut w) = (vec![0.0; n], vec![0.0; n]);
        let hvp = |v: &[f64], hv: &mut [f64]| q.hessian_vector_product(&x, v, hv);
        let dom = power_iteration(hvp, &mut v, &mut w, 2000, 1e-10).unwrap();
        assert!(dom.converged, "n {n}: residual {}", dom.residual);
        assert!(
            (dom.value - cond).abs() < 1e-8 * cond,
            "{} vs {cond}",
            dom.value
        );
        assert!((dom.magnitude - cond).abs() < 1e-8 * cond);
        // Warm start: the converged vector needs a single product.
        let dom = power_iteration(hvp, &mut v, &mut w, 2000, 1e-10).unwrap();
        assert_eq!((dom.products, dom.converged), (1, true));
    }
}

#[test]
fn power_iteration_with_opposite_extreme_eigenvalues() {
    // H = diag(3, −3, 1): ρ = vᵀHv does not settle (v alternates between the two
    // eigenvectors' mixtures), but ‖Hv‖ = 3 = |λ|max from the first product on
    // that kills the third component.
    let d = [3.0, -3.0, 1.0];
    let hvp = |v: &[f64], hv: &mut [f64]| {
        for i in 0..3 {
            hv[i] = d[i] * v[i];
        }
    };
    let (mut v, mut w) = ([1.0, 0.5, 1.0], [0.0; 3]);
    let dom = power_iteration(hvp, &mut v, &mut w, 60, 1e-12).unwrap();
    assert!(!dom.converged);
    assert_eq!(dom.products, 60);
    assert!((dom.magnitude - 3.0).abs() < 1e-12, "{}", dom.magnitude);
    assert!(dom.value.abs() < 3.0);
}

#[test]
fn power_iteration_on_the_wells_matches_the_2x2_eigenvalues() {
    // Where the wells' Hessian is indefinite, the dominant eigenvalue may be the
    // negative one: the seed's abs(eigh(H)[-1]) would then take the other one.
    let f = Wells::seed002();
    let mut negative_dominant = 0;
    for x in Wells::starts(2, 200, 3) {
        let mut h = [0.0; 4];
        f.hessian(&x, &mut h);
        let (lo, hi) = eig2(&h);
        let big = lo.abs().max(hi.abs());
        if big < 1e-6 || (lo.abs() - hi.abs()).abs() < 1e-3 * big {
            continue; // flat, or too close a gap for a few hundred products
        }
        let (mut v, mut w) = ([0.0; 2], [0.0; 2]);
        let hvp = |v: &[f64], hv: &mut [f64]| f.hessian_vector_product(&x, v, hv);
        let dom = power_iteration(hvp, &mut v, &mut w, 20_000, 1e-12).unwrap();
        assert!(dom.converged, "at {x:?}");
        let signed = if lo.abs() > hi.abs() { lo } else { hi };
        assert!(
            (dom.value - signed).abs() < 1e-9 * big,
            "{} vs {signed}",
            dom.value
        );
        assert!((dom.magnitude - big).abs() < 1e-9 * big);
        if signed < 0.0 {
            negative_dominant += 1;
        }
    }
    // Much of [−3, 3]² is the concave skirt of some well: the sample has such points.
    assert!(negative_dominant > 0);
}

#[test]
fn curvature_scaled_gd_solves_random_spd_quadratics() {
    // lr = 1 is the 1/L step: the error contracts by (1 − 1/cond) per iteration at
    // worst, so cond·ln(1/tol) iterations bound the run.
    for (n, cond, seed) in [
        (2, 10.0, 0),
        (10, 1e2, 1),
        (20, 1e3, 2),
        (20, 1e4, 3),
        (50, 1e3, 4),
    ] {
        let q = Quadratic::random_spd(n, cond, seed);
        let gd = CurvatureScaledGd {
            lr: 1.0,
            ..CurvatureScaledGd::default()
        };
        let bound = (cond * (1e10f64).ln()) as usize;
        let stop = Stop::after(bound).grad_tol(1e-8).record(Record::Off);
        let run = minimize(&gd, &q, &q.start(), &stop).unwrap();
        assert_eq!(run.stop, StopReason::GradientTolerance, "n {n} cond {cond}");
        let err = run
            .x
            .iter()
            .zip(q.solution())
            .fold(0.0f64, |m, (a, b)| m.max((a - b).abs()));
        assert!(err < 1e-8, "n {n} cond {cond}: {err}");
        // The warm-started power iteration costs a few products per step at most.
        let per_step = run.evals.hessian_vector as f64 / run.iterations as f64;
        assert!(
            per_step < 3.0,
            "n {n} cond {cond}: {per_step} products per step"
        );
        assert_eq!(run.evals.gradient, run.iterations + 1);
        let mut g = vec![0.0; n];
        q.gradient(&run.x, &mut g);
        assert_eq!(
            run.gradient,
            Some(g),
            "n {n} cond {cond}: ∇f at the final x"
        );
    }
}

#[test]
fn on_a_diagonal_quadratic_the_step_is_exactly_lr_over_lambda_max() {
    // f = ½(x₀² + 100x₁²), lr = 1: the x₁ component is killed in one step and x₀
    // shrinks by 1 − 1/100 per step.
    let q = Quadratic::diagonal(&[1.0, 100.0]);
    let gd = CurvatureScaledGd {
        lr: 1.0,
        power_tol: 1e-12,
        power_iters: 200,
        ..CurvatureScaledGd::default()
    };
    let stop = Stop::exactly(3).record(Record::All);
    let run = minimize(&gd, &q, &[1.0, 1.0], &stop).unwrap();
    let x1 = run.trace.x(1).unwrap();
    assert!(
        (x1[0] - 0.99).abs() < 1e-10 && x1[1].abs() < 1e-10,
        "{x1:?}"
    );
    let x3 = run.trace.x(3).unwrap();
    assert!((x3[0] - 0.99f64.powi(3)).abs() < 1e-10, "{x3:?}");
}

#[test]
fn seed_002_wells_descend_from_every_start() {
    // The seed's setting: lr = 0.1 (BaseOptimizer's default), 100 starts, 2000 steps.
    let f = Wells::seed002();
    let gd = CurvatureScaledGd::default();
    let starts = Wells::seed002_starts();
    let stop = Stop::after(2000).grad_tol(1e-6).record(Record::Off);
    let runs = optim_core::minimize_many(&gd, &f, &starts, &stop).unwrap();
    let minima = f.minima();
    let mut at_minimum = 0;
    for (run, x0) in runs.iter().zip(&starts) {
        assert!(run.value <= f.value(x0) + 1e-15, "from {x0:?}");
        let near_minimum = minima
            .iter()
            .any(|m| m.iter().zip(&run.x).all(|(a, b)| (a - b).abs() < 1e-4));
        // A run that moved and met the tolerance is at a minimum: descent with steps
        // of at most lr/|λ|max along −g does not stop at a saddle or maximum from a
        // generic start. Starts on the plateaus between wells (‖∇f‖ < 1e-6 already)
        // stop at once, and others crawl there, where ‖∇f‖ ~ 1e-5 and lr = 0.1.
        if run.stop == StopReason::GradientTolerance && run.iterations > 0 {
            assert!(near_minimum, "from {x0:?} to {:?}", run.x);
        }
        at_minimum += usize::from(near_minimum);
    }
    assert!(
        2 * at_minimum > starts.len(),
        "{at_minimum} of 100 at a minimum"
    );
}
