//! Newton-CG: random SPD quadratics, the n-D Rosenbrocks up to n = 10⁶ through
//! Hessian-vector products, and its negative-curvature exits.

use landscapes::{Landscape, Quadratic, Rosenbrock};
use optim_core::{
    Event, FnObjective, Hessian, HessianProduct, Objective, Record, Stop, StopReason, minimize,
};
#[cfg(feature = "dense")]
use second_order::hessian_spectrum;
use second_order::{Forcing, NewtonCg};

fn max_abs_diff(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).fold(0.0, |m, (x, y)| m.max((x - y).abs()))
}

#[test]
fn newton_cg_solves_random_spd_quadratics() {
    for (n, cond, seed) in [
        (2, 10.0, 0),
        (5, 1e2, 1),
        (10, 1e3, 2),
        (20, 1e4, 3),
        (50, 1e2, 4),
        (50, 1e4, 5),
    ] {
        let q = Quadratic::random_spd(n, cond, seed);
        // 1e-8: at cond 1e4 the computed gradient Ax − b itself carries rounding
        // errors near 1e-9, so tighter tolerances measure noise.
        let run = minimize(
            &NewtonCg::default(),
            &q,
            &q.start(),
            &Stop::after(200).grad_tol(1e-8),
        )
        .unwrap();
        assert_eq!(run.stop, StopReason::GradientTolerance, "n {n} cond {cond}");
        let err = max_abs_diff(&run.x, &q.solution());
        assert!(err < 1e-8, "n {n} cond {cond}: error {err}");
        // The Hessian is constant and PD: never a negative-curvature exit, and the
        // forcing sequence makes the convergence superlinear (few outer iterations).
        assert!(run.trace.events().is_empty());
        assert!(
            run.iterations <= 20,
            "n {n} cond {cond}: {}",
            run.iterations
        );
    }
}

fn alternating_start(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
        .collect()
}

/// Iterations of scipy 1.17.1's Newton-CG from (−1.2, 1, −1.2, …) until ‖∇f‖₂ ≤ 1e-6
/// first holds at an iterate: `minimize(f, x0, method='Newton-CG', jac=..., hess=...,
/// options=dict(xtol=1e-30), callback=...)`, the callback recording ‖∇f‖₂ (scipy
/// stops on its own xtol rule, so its trajectory is read up to our tolerance). The
/// extended Rosenbrock was written out in numpy; the chained one is scipy's `rosen`.
const SCIPY_NEWTON_CG: [(&str, usize, usize); 4] = [
    ("extended", 10, 84),
    ("extended", 100, 84),
    ("chained", 10, 129),
    ("chained", 100, 222),
];

#[test]
fn newton_cg_on_the_rosenbrocks_takes_scipys_iterations() {
    let stop = Stop::after(2000).grad_tol(1e-6).record(Record::Off);
    for (form, n, scipy) in SCIPY_NEWTON_CG {
        let f = match form {
            "extended" => Rosenbrock::extended(n),
            _ => Rosenbrock::chained(n),
        };
        let run = minimize(&NewtonCg::default(), &f, &alternating_start(n), &stop).unwrap();
        assert_eq!(run.stop, StopReason::GradientTolerance, "{form} n = {n}");
        let mut g = vec![0.0; n];
        f.gradient(&run.x, &mut g);
        assert_eq!(run.gradient, Some(g), "{form} n = {n}: ∇f at the final x");
        // The same rules as scipy; over a hundred iterations the rounding of dot
        // products in another order moves the count by a few (2%).
        assert!(
            run.iterations.abs_diff(scipy) * 50 <= scipy,
            "{form} n = {n}: {} iterations, scipy {scipy}",
            run.iterations
        );
        assert!(max_abs_diff(&run.x, &vec![1.0; n]) < 1e-6);
    }
}

#[cfg(feature = "dense")]
#[test]
fn from_minus_1_2_1_negative_curvature_is_met_only_where_h_is_indefinite() {
    // Above the valley floor (y > x² + 1/200) the Hessian is indefinite, and CG may
    // meet a direction of negative curvature there; where H is positive definite it
    // never can (dᵀHd > 0 for every d). scipy 1.17.1 takes 84 iterations from here
    // to ‖∇f‖₂ ≤ 1e-6 (read off as in SCIPY_NEWTON_CG).
    let f = Rosenbrock::new();
    let run = minimize(
        &NewtonCg::default(),
        &f,
        &[-1.2, 1.0],
        &Stop::after(200).grad_tol(1e-6).record(Record::All),
    )
    .unwrap();
    assert_eq!(run.stop, StopReason::GradientTolerance);
    assert_eq!(run.iterations, 84);
    assert_eq!(run.trace.len(), 85);
    let events = run.trace.events();
    assert!(!events.is_empty());
    for &(k, e) in events {
        assert_eq!(e, Event::NegativeCurvature);
        // Row k − 1 of the trace (every iterate recorded) is the point step k left.
        let from = run.trace.x(k - 1).unwrap();
        let spectrum = hessian_spectrum(&f, from).unwrap();
        assert!(spectrum.is_indefinite(), "step {k} from {from:?}");
    }
}

/// f(x) = x₀⁴/4 − x₀²/2 + x₁²/2: a double well, concave in x₀ for |x₀| < 1/√3.
struct DoubleWell;
impl Objective for DoubleWell {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, x: &[f64]) -> f64 {
        x[0].powi(4) / 4.0 - x[0] * x[0] / 2.0 + x[1] * x[1] / 2.0
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        g[0] = x[0].powi(3) - x[0];
        g[1] = x[1];
    }
}
impl HessianProduct for DoubleWell {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        optim_core::dense_hessian_vector_product(self, x, v, hv)
    }
}

impl Hessian for DoubleWell {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        h.copy_from_slice(&[3.0 * x[0] * x[0] - 1.0, 0.0, 0.0, 1.0]);
    }
}

#[test]
fn negative_curvature_at_the_first_cg_iteration_gives_steepest_descent() {
    // At (0.5, 0): g = (−0.375, 0), gᵀHg = 0.375²·(−0.25) < 0, so the direction is
    // (gᵀg/|gᵀHg|)·(−g) = (1.5, 0); the first trial x₀ + 1·p = (2, 0) overshoots the
    // well at 1 and the search backs off.
    let mut state_x = [0.5, 0.0];
    let run = minimize(&NewtonCg::default(), &DoubleWell, &state_x, &Stop::after(1)).unwrap();
    assert_eq!(run.trace.events(), [(1, Event::NegativeCurvature)]);
    assert_eq!(run.x[1], 0.0);
    assert!(run.x[0] > 0.5 && run.x[0] < 2.0, "{:?}", run.x);
    assert!(run.value < DoubleWell.value(&state_x));
    // Then Newton converges to the minimum (1, 0).
    state_x = [0.5, 0.0];
    let run = minimize(
        &NewtonCg::default(),
        &DoubleWell,
        &state_x,
        &Stop::after(50).grad_tol(1e-12),
    )
    .unwrap();
    assert_eq!(run.stop, StopReason::GradientTolerance);
    assert!((run.x[0] - 1.0).abs() < 1e-12 && run.x[1] == 0.0);
}

#[test]
fn a_zero_newton_direction_falls_back_to_steepest_descent() {
    // f = x₀³/3 − x₀ + x₁²: H = diag(2x₀, 2). At (0, 0), g = (−1, 0) and gᵀHg = 0:
    // CG stops at z = 0, which is replaced by −g; the search then finds x₀ ≈ 1.
    let f = FnObjective::new(
        2,
        |x: &[f64]| x[0].powi(3) / 3.0 - x[0] + x[1] * x[1],
        |x: &[f64], g: &mut [f64]| {
            g[0] = x[0] * x[0] - 1.0;
            g[1] = 2.0 * x[1];
        },
    );
    struct WithHessian<F>(F);
    impl<F: Objective> Objective for WithHessian<F> {
        fn dim(&self) -> usize {
            self.0.dim()
        }
        fn value(&self, x: &[f64]) -> f64 {
            self.0.value(x)
        }
        fn gradient(&self, x: &[f64], g: &mut [f64]) {
            self.0.gradient(x, g)
        }
    }
    impl<F: Objective> HessianProduct for WithHessian<F> {
        fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
            optim_core::dense_hessian_vector_product(self, x, v, hv)
        }
    }

    impl<F: Objective> Hessian for WithHessian<F> {
        fn hessian(&self, x: &[f64], h: &mut [f64]) {
            h.copy_from_slice(&[2.0 * x[0], 0.0, 0.0, 2.0]);
        }
    }
    let run = minimize(
        &NewtonCg::default(),
        &WithHessian(f),
        &[0.0, 0.0],
        &Stop::after(1),
    )
    .unwrap();
    assert_eq!(run.trace.events(), [(1, Event::DirectionReset)]);
    assert!(
        run.x[0] > 0.5 && run.x[0] < 1.5 && run.x[1] == 0.0,
        "{:?}",
        run.x
    );
}

#[test]
fn a_million_variables_through_hessian_vector_products() {
    // The extended Rosenbrock is n/2 copies of the 2-D one and CG sees identical
    // blocks, so while η is capped at 0.5 the n = 10⁶ run repeats the n = 2 run pair
    // for pair, with the same counts of every evaluation (up to the rounding of
    // dot products over 10⁶ terms).
    let steps = 4;
    let small = Rosenbrock::extended(2);
    let big = Rosenbrock::extended(1_000_000);
    let stop = Stop::exactly(steps).record(Record::Off);
    let a = minimize(&NewtonCg::default(), &small, &alternating_start(2), &stop).unwrap();
    let b = minimize(
        &NewtonCg::default(),
        &big,
        &alternating_start(1_000_000),
        &stop,
    )
    .unwrap();
    assert_eq!(b.iterations, steps);
    assert_eq!(a.evals, b.evals);
    assert!(b.evals.hessian_vector >= steps);
    for pair in b.x.chunks_exact(2).step_by(99_991) {
        assert!(max_abs_diff(pair, &a.x) < 1e-10, "{pair:?} vs {:?}", a.x);
    }
    assert!((b.value / 500_000.0 - a.value).abs() < 1e-9 * a.value);
}

/// Near a minimiser where f is far from 0 the directions are short: d = −g with
/// ‖g‖ = 1e-8 has dᵀHd ≈ 1e-17 whatever the curvature. scipy's absolute test
/// `0 ≤ dᵀHd ≤ 3ε` calls such a direction flat and falls back to steepest descent,
/// which converges linearly (cond = 20 here: about 30 iterations per decade); the test
/// relative to dᵀd keeps the Newton step, whose rate is superlinear.
#[test]
fn short_directions_near_the_minimiser_are_not_flat() {
    // f(x) = 100 + ½ Σ aᵢxᵢ², aᵢ from 0.05 to 1, so H = diag(a), x* = 0.
    let n = 10;
    let a: Vec<f64> = (0..n)
        .map(|i| 0.05 + 0.95 * i as f64 / (n - 1) as f64)
        .collect();
    let f = FnObjective::new(
        n,
        |x: &[f64]| 100.0 + 0.5 * x.iter().zip(&a).map(|(x, a)| a * x * x).sum::<f64>(),
        |x: &[f64], g: &mut [f64]| {
            for ((g, x), a) in g.iter_mut().zip(x).zip(&a) {
                *g = a * x;
            }
        },
    )
    .with_hessian_product(|_: &[f64], v: &[f64], hv: &mut [f64]| {
        for ((h, v), a) in hv.iter_mut().zip(v).zip(&a) {
            *h = a * v;
        }
    });
    // ‖∇f(x₀)‖ ≈ 1e-8.
    let x0: Vec<f64> = (0..n)
        .map(|i| 1e-8 * ((i % 3) as f64 - 1.0 + 0.5))
        .collect();
    let stop = Stop::after(100).grad_tol(1e-14);
    let run = minimize(&NewtonCg::default(), &f, &x0, &stop).unwrap();
    assert_eq!(run.stop, StopReason::GradientTolerance);
    assert!(run.iterations <= 3, "{run}");
    assert!(
        !run.trace
            .events()
            .iter()
            .any(|(_, e)| *e == Event::DirectionReset),
        "{:?}",
        run.trace.events()
    );
}

#[test]
fn a_capped_forcing_solves_each_system_to_its_cap() {
    // The extended Rosenbrock from (−1.2, 1, …) has n/2 identical 2×2 blocks, so its
    // Hessian has two distinct eigenvalues and CG is exact in 2 steps: the only
    // question is whether the forcing lets it take the second. With ‖g‖ large (here
    // ‖g₀‖₂ ≈ 5e3 at n = 1000) min(0.5, √‖g‖) is 0.5 whatever the norm, so scipy's and
    // the 2-norm rules stop CG early and take the same (many) iterations; capped at
    // 0.01, CG runs to the exact Newton step and the run takes Newton's few.
    let f = Rosenbrock::extended(1000);
    let x0 = alternating_start(1000);
    let stop = Stop::after(500).grad_tol(1e-6);
    let run = |forcing| {
        let m = NewtonCg {
            forcing,
            ..NewtonCg::default()
        };
        let run = minimize(&m, &f, &x0, &stop).unwrap();
        assert_eq!(run.stop, StopReason::GradientTolerance, "{forcing:?}");
        run
    };
    let (scipy, euclidean, capped) = (
        run(Forcing::Scipy),
        run(Forcing::Euclidean),
        run(Forcing::Capped(1e-2)),
    );
    assert_eq!(scipy.iterations, euclidean.iterations);
    assert!(
        capped.iterations * 2 < scipy.iterations,
        "{} against {}",
        capped.iterations,
        scipy.iterations
    );
    // A cap outside (0, 1) is refused by name.
    let bad = NewtonCg {
        forcing: Forcing::Capped(1.5),
        ..NewtonCg::default()
    };
    assert!(minimize(&bad, &f, &x0, &stop).is_err());
}

/// f = ½(x₀² − x₁²) + x₁⁴/4: a saddle at 0 and minima at (0, ±1), f = −¼. From
/// (1, 0.1) the first CG direction −g has positive curvature and the second meets
/// H = diag(1, −1 + 3x₁²)'s negative eigenvalue. scipy's rule keeps the CG iterate;
/// following the negative curvature adds a move along e₂ with the sign that descends.
/// Both reach the minimum at (0, 1), here scipy's in fewer iterations (5 against 7):
/// the rule pays where H is indefinite over a region, as on MGH's Gulf problem
/// (`tests/mgh.rs`: 1589 iterations to ‖∇f‖ ≤ 1e-6 where scipy's rule is still at
/// f = 2.2 after 5000). A sign error in s would step uphill along e₂, which the line
/// search rejects, and the run would not descend monotonically to (0, 1).
#[test]
fn following_negative_curvature_descends_to_the_minimum() {
    use optim_core::FnObjective;
    use second_order::NegativeCurvature;
    let f = FnObjective::new(
        2,
        |x: &[f64]| 0.5 * (x[0] * x[0] - x[1] * x[1]) + 0.25 * x[1].powi(4),
        |x: &[f64], g: &mut [f64]| {
            g[0] = x[0];
            g[1] = -x[1] + x[1].powi(3);
        },
    )
    .with_hessian_product(|x: &[f64], v: &[f64], hv: &mut [f64]| {
        hv[0] = v[0];
        hv[1] = (-1.0 + 3.0 * x[1] * x[1]) * v[1];
    });
    let stop = Stop::after(200).grad_tol(1e-10);
    let follow = NewtonCg {
        negative_curvature: NegativeCurvature::Follow,
        ..NewtonCg::default()
    };
    let followed = minimize(&follow, &f, &[1.0, 0.1], &stop).unwrap();
    let scipy = minimize(&NewtonCg::default(), &f, &[1.0, 0.1], &stop).unwrap();
    for run in [&followed, &scipy] {
        assert_eq!(run.stop, StopReason::GradientTolerance);
        assert!(
            (run.x[1] - 1.0).abs() < 1e-8 && run.x[0].abs() < 1e-8,
            "{:?}",
            run.x
        );
        assert!(run.trace.values().windows(2).all(|w| w[1] <= w[0]));
    }
    assert!(
        followed
            .trace
            .events()
            .iter()
            .any(|&(_, e)| e == optim_core::Event::NegativeCurvature)
    );
}
