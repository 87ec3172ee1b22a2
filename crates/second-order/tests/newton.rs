//! The Newton family (pure, damped, Armijo, modified) and Levenberg damping: the seeds'
//! 1-D runs, Rosenbrock with counted evaluations, random SPD quadratics and the wells.

use landscapes::{Cosh, Landscape, Quadratic, Rosenbrock, Wells, XCos};
use optim_core::vector::{distance, norm};
use optim_core::{Counted, Evals, Event, Method, Run, Stop, StopReason, minimize};
use second_order::{Levenberg, ModifiedNewton, Newton, TrustRegion, hessian_spectrum};

fn evals(value: usize, gradient: usize, hessian: usize) -> Evals {
    Evals {
        value,
        gradient,
        hessian,
        hessian_vector: 0,
    }
}

fn rel_close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol * (1.0 + b.abs())
}

#[test]
fn pure_newton_on_cosh_matches_the_closed_form_iteration() {
    // Seed 001: f = cosh(x/2) from 10; the Newton map is x ← x − tanh(cx)/c.
    let f = Cosh::seed001();
    let run = minimize(&Newton::pure(), &f, &[10.0], &Stop::after(10)).unwrap();
    let expected = [
        10.0,
        8.00018159147481,
        6.0015227485135565,
        4.011398229022884,
        2.082542183407481,
        0.5257631592168079,
        0.011785578458138435,
        1.3641603793801416e-07,
        2.117582368135751e-22,
        0.0,
    ];
    for (k, want) in expected.iter().enumerate() {
        let got = run.trace.x(k)[0];
        assert!(rel_close(got, *want, 1e-13), "iterate {k}: {got} vs {want}");
    }
    assert_eq!(run.evals, evals(11, 11, 10));
}

#[test]
fn pure_newton_climbs_to_a_maximum_of_x_cos() {
    // Seed 001: x·cos(0.15πx) from 10. The model's stationary point is followed
    // wherever it is: after 5 (where f″ is barely positive) the iteration jumps to
    // 24.99 and converges to the local MAXIMUM at 26.834, f rising from 0 to 26.75.
    let f = XCos::seed001();
    let run = minimize(
        &Newton::pure(),
        &f,
        &[10.0],
        &Stop::after(20).grad_tol(1e-12),
    )
    .unwrap();
    let expected = [
        10.0,
        5.000000000000003,
        24.994879494194016,
        27.783105997122323,
        26.800099279328098,
        26.834178613689314,
        26.83413291324767,
    ];
    for (k, want) in expected.iter().take(6).enumerate() {
        assert!(rel_close(run.trace.x(k)[0], *want, 1e-12), "iterate {k}");
    }
    assert_eq!(run.stop, StopReason::GradientTolerance);
    assert!(rel_close(run.x[0], expected[6], 1e-12));
    assert!((run.value - 26.750617044486017).abs() < 1e-12);
    assert!(hessian_spectrum(&f, &run.x).unwrap().is_negative_definite());
}

#[test]
fn damped_newton_with_eta_half_descends_to_the_minimum_of_x_cos() {
    // Seed 001's fix: η = 0.5. After its 10 epochs x = 7.269860; the minimum is
    // 7.2693882 (f = −6.978141).
    let f = XCos::seed001();
    let run = minimize(&Newton::damped(0.5), &f, &[10.0], &Stop::after(10)).unwrap();
    assert!(rel_close(run.trace.x(1)[0], 7.500000000000002, 1e-14));
    assert!(
        rel_close(run.x[0], 7.269860168684531, 1e-12),
        "{}",
        run.x[0]
    );
    let run = minimize(
        &Newton::damped(0.5),
        &f,
        &[10.0],
        &Stop::after(100).grad_tol(1e-10),
    )
    .unwrap();
    assert_eq!(run.stop, StopReason::GradientTolerance);
    assert!((run.x[0] - 7.269388).abs() < 1e-6);
    // A damped step contracts the error by (1 − η) per step near the minimum.
    assert_eq!(run.iterations, 34);
}

#[test]
fn safeguarded_variants_descend_to_minima_of_x_cos() {
    let f = XCos::seed001();
    let stop = Stop::after(100).grad_tol(1e-10);
    for (run, minimum) in [
        (
            minimize(&Newton::line_search(), &f, &[10.0], &stop).unwrap(),
            7.269388,
        ),
        (
            minimize(&ModifiedNewton::default(), &f, &[10.0], &stop).unwrap(),
            7.269388,
        ),
        // Levenberg's first steps are short and uphill-free too, but its larger
        // accepted steps carry it past 15 to the deeper minimum at 20.22 (f = −20.2).
        (
            minimize(&Levenberg::default(), &f, &[10.0], &stop).unwrap(),
            20.221876,
        ),
    ] {
        assert_eq!(run.stop, StopReason::GradientTolerance, "{}", run.method);
        assert!(
            (run.x[0] - minimum).abs() < 1e-6,
            "{}: {:?}",
            run.method,
            run.x
        );
        assert!(hessian_spectrum(&f, &run.x).unwrap().is_positive_definite());
        assert!(
            run.trace.values().windows(2).all(|w| w[1] <= w[0]),
            "{}",
            run.method
        );
    }
}

fn rosenbrock(method: &(impl for<'a> Method<Counted<&'a Rosenbrock>> + ?Sized), x0: &[f64]) -> Run {
    let f = Rosenbrock::new();
    minimize(method, &f, x0, &Stop::after(1000).grad_tol(1e-6)).unwrap()
}

#[test]
fn rosenbrock_from_the_seed_start_with_counted_evaluations() {
    let start = [4.0, -4.1];
    // Pure Newton happens to converge in 5 steps from here (H stays positive definite).
    let run = rosenbrock(&Newton::pure(), &start);
    assert_eq!((run.iterations, run.evals), (5, evals(6, 6, 5)));
    assert_eq!(run.value, 0.0);
    // Armijo Newton: 25 iterations, 36 values (11 backtracking trials).
    let run = rosenbrock(&Newton::line_search(), &start);
    assert_eq!((run.iterations, run.evals), (25, evals(36, 26, 25)));
    assert!(run.value < 1e-20);
    // H is positive definite along the whole path: the modification never triggers
    // and the modified method makes exactly the same steps.
    let modified = rosenbrock(&ModifiedNewton::default(), &start);
    assert_eq!(
        (modified.iterations, modified.evals),
        (25, evals(36, 26, 25))
    );
    assert!(modified.trace.events().is_empty());
    assert_eq!(modified.x, run.x);
    // Levenberg: 36 iterations, 11 of them rejected.
    let run = rosenbrock(&Levenberg::default(), &start);
    assert_eq!((run.iterations, run.evals), (36, evals(37, 26, 25)));
    let rejected = run
        .trace
        .events()
        .iter()
        .filter(|(_, e)| *e == Event::Rejected)
        .count();
    assert_eq!(rejected, 11);
    for run in [
        rosenbrock(&Newton::pure(), &start),
        rosenbrock(&Levenberg::default(), &start),
    ] {
        assert_eq!(run.stop, StopReason::GradientTolerance);
        assert!(distance(&run.x, &[1.0, 1.0]) < 1e-8, "{}", run.method);
    }
}

#[test]
fn an_indefinite_hessian_is_modified_and_every_step_descends() {
    // At (0.5, 1) ∂²f/∂x² = 1200x² − 400y + 2 = −98: H is indefinite.
    let start = [0.5, 1.0];
    let f = Rosenbrock::new();
    let mut h = [0.0; 4];
    optim_core::Hessian::hessian(&f, &start, &mut h);
    assert!(hessian_spectrum(&f, &start).unwrap().is_indefinite());
    let run = rosenbrock(&ModifiedNewton::default(), &start);
    assert_eq!(run.stop, StopReason::GradientTolerance);
    assert_eq!(run.trace.events()[0], (1, Event::HessianModified));
    assert!(run.trace.values().windows(2).all(|w| w[1] < w[0]));
    assert!(distance(&run.x, &[1.0, 1.0]) < 1e-8);
    for run in [
        rosenbrock(&Newton::line_search(), &start),
        rosenbrock(&Levenberg::default(), &start),
    ] {
        assert_eq!(run.stop, StopReason::GradientTolerance, "{}", run.method);
        assert!(
            run.trace.values().windows(2).all(|w| w[1] <= w[0]),
            "{}",
            run.method
        );
        assert!(distance(&run.x, &[1.0, 1.0]) < 1e-5, "{}", run.method);
    }
}

/// Runs `method` on random SPD quadratics and checks the distance to A⁻¹b.
fn converges_on_quadratics<M>(method: &M, cases: &[(usize, f64)], tol: f64) -> usize
where
    M: for<'a> Method<Counted<&'a Quadratic>>,
{
    let mut iterations = 0;
    for &(n, cond) in cases {
        for seed in 0..3 {
            let q = Quadratic::random_spd(n, cond, seed);
            let stop = Stop::after(100_000).grad_tol(1e-6);
            let run = minimize(method, &q, &vec![0.0; n], &stop).unwrap();
            let err = distance(&run.x, &q.solution());
            assert!(
                err <= tol,
                "{} n = {n} cond = {cond} seed {seed}: {:?} err {err:e}",
                run.method,
                run.stop
            );
            iterations += run.iterations;
        }
    }
    iterations
}

const SIZES: [(usize, f64); 5] = [(2, 10.0), (10, 100.0), (10, 1e4), (50, 100.0), (50, 1e4)];

#[test]
fn newton_variants_solve_random_spd_quadratics_in_one_step() {
    // ‖∇f‖ ≤ 1e-6 and λ_min = 1 bound the error by 1e-6; Newton's one step does better.
    assert_eq!(converges_on_quadratics(&Newton::pure(), &SIZES, 1e-11), 15);
    assert_eq!(
        converges_on_quadratics(&Newton::line_search(), &SIZES, 1e-11),
        15
    );
    assert_eq!(
        converges_on_quadratics(&ModifiedNewton::default(), &SIZES, 1e-11),
        15
    );
}

#[test]
fn damped_and_trust_region_methods_solve_random_spd_quadratics() {
    let lev = converges_on_quadratics(&Levenberg::default(), &SIZES, 1e-6);
    let exact = converges_on_quadratics(&TrustRegion::exact(), &SIZES, 1e-11);
    let dogleg = converges_on_quadratics(&TrustRegion::dogleg(), &SIZES, 1e-11);
    let ncg = converges_on_quadratics(&TrustRegion::ncg(), &SIZES, 1e-6);
    // Total iterations over the 15 problems (Δ₀ = 1 must first grow to ‖x*‖).
    assert_eq!((lev, exact, dogleg, ncg), (72, 25, 25, 112));
}

#[test]
fn cauchy_steps_are_steepest_descent_and_stall_in_rounding_at_high_condition() {
    let small = converges_on_quadratics(
        &TrustRegion::cauchy(),
        &[(2, 10.0), (10, 100.0), (50, 100.0)],
        1e-6,
    );
    assert_eq!(small, 3823);
    // At κ = 1e4, f is known to ~1e-11 (|f| ≈ 25, entries of A up to 1e4) while a
    // Cauchy step near x* gains ~4/κ of f − f*: ρ becomes noise once f − f* ≈ 1e-9
    // and the radius collapses at ‖x − x*‖ ≈ 3e-5, after ~44 000 iterations.
    let q = Quadratic::random_spd(50, 1e4, 0);
    let run = minimize(
        &TrustRegion::cauchy(),
        &q,
        &[0.0; 50],
        &Stop::after(100_000).grad_tol(1e-6),
    )
    .unwrap();
    assert_eq!(run.stop, StopReason::TrustRegionCollapsed);
    assert_eq!(run.iterations, 44148);
    assert!(distance(&run.x, &q.solution()) < 4e-5);
}

/// A method bound to an objective and a stopping rule, run from a start.
type RunFrom<'a> = dyn Fn(&[f64]) -> Run + 'a;

/// Seed 002's starts whose gradient is not already below `tol`.
fn wells_starts(f: &Wells, tol: f64) -> Vec<Vec<f64>> {
    let mut g = [0.0; 2];
    Wells::seed002_starts()
        .into_iter()
        .filter(|x| {
            optim_core::Objective::gradient(f, x, &mut g);
            norm(&g) > tol
        })
        .collect()
}

fn at_a_known_minimum(f: &Wells, x: &[f64]) -> bool {
    f.minima().iter().any(|m| distance(m, x) < 1e-6)
}

#[test]
fn safeguarded_methods_reach_minima_of_the_wells_from_every_start() {
    let f = Wells::seed002();
    let starts = wells_starts(&f, 1e-8);
    assert_eq!(starts.len(), 99);
    let stop = Stop::after(2000).grad_tol(1e-8);
    let mut total = Vec::new();
    let methods: [&RunFrom; 3] = [
        &|x0| minimize(&ModifiedNewton::default(), &f, x0, &stop).unwrap(),
        &|x0| minimize(&Levenberg::default(), &f, x0, &stop).unwrap(),
        &|x0| minimize(&Newton::line_search(), &f, x0, &stop).unwrap(),
    ];
    for (i, method) in methods.iter().enumerate() {
        let (mut at_minimum, mut iterations) = (0, 0);
        for x0 in &starts {
            let run = method(x0);
            assert!(
                run.trace.values().windows(2).all(|w| w[1] <= w[0]),
                "{}",
                run.method
            );
            // Never a maximum: a run that stops on the gradient is at a minimum or
            // (measure-zero luck) a saddle.
            if run.converged() {
                let spectrum = hessian_spectrum(&f, &run.x).unwrap();
                assert!(!spectrum.is_negative_definite(), "{}: {x0:?}", run.method);
            }
            if run.stop == StopReason::GradientTolerance && at_a_known_minimum(&f, &run.x) {
                at_minimum += 1;
            }
            iterations += run.iterations;
        }
        total.push((i, at_minimum, iterations));
    }
    // Starts that reach one of the five known minima, and total iterations (±2%: the
    // wells' flat regions make long runs sensitive to the last bit). The Armijo
    // Newton falls back to −g with α = 1 where H is negative definite, which on the
    // flat plateaus (‖∇f‖ ~ 1e-5) is a crawl: 11 runs use their 2000 iterations.
    let expected = [(99, 1810), (99, 1021), (88, 34281)];
    for ((i, at_minimum, iterations), (want_at, want_iterations)) in total.into_iter().zip(expected)
    {
        assert_eq!(at_minimum, want_at, "method {i}");
        let rel = (iterations as f64 - want_iterations as f64).abs() / want_iterations as f64;
        assert!(rel <= 0.02, "method {i}: {iterations} iterations");
    }
}

#[test]
fn pure_newton_on_the_wells_mostly_ends_at_saddles_and_maxima() {
    let f = Wells::seed002();
    let starts = wells_starts(&f, 1e-8);
    let stop = Stop::after(100).grad_tol(1e-8);
    let mut not_minimum = 0;
    for x0 in &starts {
        let run = minimize(&Newton::pure(), &f, x0, &stop).unwrap();
        if run.converged() && !hessian_spectrum(&f, &run.x).unwrap().is_positive_definite() {
            not_minimum += 1;
        }
    }
    assert!(not_minimum >= 90, "{not_minimum} of {}", starts.len());
}

#[test]
fn seed002_newton_step_contracts_the_gradient_by_one_minus_eta() {
    // x ← x − 0.01 (H + 1e-12 I)⁻¹ g: near a non-degenerate minimum g shrinks by
    // (1 − η) per step, so by 0.99¹⁰⁰ = 0.366 in 100 steps.
    let f = Wells::seed002();
    let m = &f.minima()[0];
    let x0 = [m[0] + 1e-3, m[1] - 2e-3];
    let run = minimize(
        &Newton::damped(0.01).with_shift(1e-12),
        &f,
        &x0,
        &Stop::after(100),
    )
    .unwrap();
    let ratio = run.grad_norm / run.trace.grad_norms()[0];
    assert!((ratio - 0.99f64.powi(100)).abs() < 0.01 * 0.366, "{ratio}");
}

#[test]
fn every_method_solves_rosenbrock_from_several_starts() {
    let starts = [
        [-1.2, 1.0],
        [4.0, -4.1],
        [0.5, 1.0],
        [-2.0, 2.0],
        [2.0, -1.0],
        [0.0, 0.0],
    ];
    let methods: [&RunFrom; 8] = [
        &|x0| rosenbrock(&Newton::pure(), x0),
        &|x0| rosenbrock(&Newton::line_search(), x0),
        &|x0| rosenbrock(&ModifiedNewton::default(), x0),
        &|x0| rosenbrock(&Levenberg::default(), x0),
        &|x0| rosenbrock(&TrustRegion::exact(), x0),
        &|x0| rosenbrock(&TrustRegion::dogleg(), x0),
        &|x0| rosenbrock(&TrustRegion::ncg(), x0),
        &|x0| {
            let f = Rosenbrock::new();
            minimize(
                &TrustRegion::cauchy(),
                &f,
                x0,
                &Stop::after(20_000).grad_tol(1e-6),
            )
            .unwrap()
        },
    ];
    let mut iterations = Vec::new();
    for method in methods {
        let mut total = 0;
        for x0 in &starts {
            let run = method(x0);
            assert_eq!(
                run.stop,
                StopReason::GradientTolerance,
                "{} from {x0:?}",
                run.method
            );
            // ‖∇f‖ ≤ 1e-6 and λ_min(H(1, 1)) = 0.4 bound the error by ~2.5e-6.
            assert!(
                distance(&run.x, &[1.0, 1.0]) < 3e-6,
                "{} from {x0:?}",
                run.method
            );
            total += run.iterations;
        }
        iterations.push(total);
    }
    assert_eq!(iterations, vec![28, 110, 105, 157, 112, 108, 173, 61154]);
}
