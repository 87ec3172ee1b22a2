//! The Newton family (pure, damped, Armijo, modified) and Levenberg damping: the seeds'
//! 1-D runs, Rosenbrock with counted evaluations, random SPD quadratics and the wells.
#![cfg(feature = "dense")]

use landscapes::{Cosh, Landscape, Quadratic, Rosenbrock, Wells, XCos};
use optim_core::vector::{distance, dot, norm};
use optim_core::{Evals, Event, Method, Record, Run, Stop, StopReason, minimize};
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
    // The *Gradient Descent* chapter: f = cosh(x/2) from 10; the Newton map is x ← x − tanh(cx)/c.
    let f = Cosh::seed001();
    let stop = Stop::exactly(10).record(Record::All);
    let run = minimize(&Newton::pure(), &f, &[10.0], &stop).unwrap();
    assert_eq!(run.trace.len(), 11);
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
        let got = run.trace.x(k).unwrap()[0];
        assert!(rel_close(got, *want, 1e-13), "iterate {k}: {got} vs {want}");
    }
    assert_eq!(run.evals, evals(11, 11, 10));
}

#[test]
fn pure_newton_climbs_to_a_maximum_of_x_cos() {
    // The *Gradient Descent* chapter: x·cos(0.15πx) from 10. The model's stationary point is followed
    // wherever it is: after 5 (where f″ is barely positive) the iteration jumps to
    // 24.99 and converges to the local MAXIMUM at 26.834, f rising from 0 to 26.75.
    let f = XCos::seed001();
    let run = minimize(
        &Newton::pure(),
        &f,
        &[10.0],
        &Stop::after(20).grad_tol(1e-12).record(Record::All),
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
        assert!(
            rel_close(run.trace.x(k).unwrap()[0], *want, 1e-12),
            "iterate {k}"
        );
    }
    assert_eq!(run.stop, StopReason::GradientTolerance);
    assert!(rel_close(run.x[0], expected[6], 1e-12));
    assert!((run.value - 26.750617044486017).abs() < 1e-12);
    assert!(hessian_spectrum(&f, &run.x).unwrap().is_negative_definite());
}

#[test]
fn damped_newton_with_eta_half_descends_to_the_minimum_of_x_cos() {
    // The *Gradient Descent* chapter's fix: η = 0.5. After its 10 epochs x = 7.269860; the minimum is
    // 7.2693882 (f = −6.978141).
    let f = XCos::seed001();
    let ten_epochs = Stop::exactly(10).record(Record::All);
    let run = minimize(&Newton::damped(0.5), &f, &[10.0], &ten_epochs).unwrap();
    assert!(rel_close(
        run.trace.x(1).unwrap()[0],
        7.500000000000002,
        1e-14
    ));
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
    // Near the minimum x* the damped step x − η f′/f″ maps the error e to
    // e − η(e + O(e²)) = (1 − η)e + O(e²), and f′ ≈ f″(x*)e: the gradient halves
    // per step. The last ten steps, from |f′| ≈ 1e-7 down, show the rate to 1%.
    let g = run.trace.grad_norms();
    for w in g[g.len() - 11..].windows(2) {
        assert!((w[1] / w[0] - 0.5).abs() < 0.01, "{} / {}", w[1], w[0]);
    }
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

fn rosenbrock(method: &(impl Method<Rosenbrock> + ?Sized), x0: &[f64]) -> Run {
    let f = Rosenbrock::new();
    let stop = Stop::after(1000).grad_tol(1e-6).record(Record::All);
    minimize(method, &f, x0, &stop).unwrap()
}

#[test]
fn rosenbrock_from_the_seed_start_with_counted_evaluations() {
    let start = [4.0, -4.1];
    // The iteration counts are numpy 2.4's (LAPACK solves), from this transcription
    // of the two textbook iterations with scipy's rosen, rosen_der, rosen_hess:
    //
    //     x = [4, -4.1]; k = 0
    //     while norm(g(x)) > 1e-6: x = x - solve(H(x), g(x)); k += 1      # k = 5
    //     # Armijo (NW Algorithm 3.1, c1 = 1e-4, rho = 0.5, alpha0 = 1, -g if gᵀp ≥ 0):
    //     # k = 25 iterations, 36 values of f counting f(x0)
    //
    // Pure Newton happens to converge from here (H stays positive definite).
    let run = rosenbrock(&Newton::pure(), &start);
    // One f, ∇f per iterate and one Hessian per step.
    assert_eq!((run.iterations, run.evals), (5, evals(6, 6, 5)));
    assert_eq!(run.value, 0.0);
    // Armijo: values at x₀ and at every trial, a gradient at x₀ and at every accepted
    // point, a Hessian per step.
    let run = rosenbrock(&Newton::line_search(), &start);
    assert_eq!((run.iterations, run.evals), (25, evals(36, 26, 25)));
    assert!(run.value < 1e-20);
    // H is positive definite along the whole path: the modification never triggers
    // and the modified method makes exactly the same steps.
    let modified = rosenbrock(&ModifiedNewton::default(), &start);
    assert_eq!(
        (modified.iterations, modified.evals),
        (run.iterations, run.evals)
    );
    assert!(modified.trace.events().is_empty());
    assert_eq!(modified.x, run.x);
    // Levenberg: one f per iteration (the trial point), ∇f per accepted step and a
    // Hessian per iterate a step was tried from (not the final one).
    let run = rosenbrock(&Levenberg::default(), &start);
    let accepted = run.iterations - run.trace.rejected().len();
    assert_eq!(run.evals, evals(run.iterations + 1, accepted + 1, accepted));
    // A rejected step leaves x where it was.
    assert!(run.trace.has_iterates() && !run.trace.rejected().is_empty());
    for &k in run.trace.rejected() {
        assert_eq!(run.trace.x(k), run.trace.x(k - 1));
    }
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

/// Runs `method` on random SPD quadratics (eigenvalues 1 … cond, start 0) and checks
/// the distance to x* = A⁻¹b; returns each problem's iterations with ‖x*‖.
fn converges_on_quadratics<M>(method: &M, cases: &[(usize, f64)], tol: f64) -> Vec<(usize, f64)>
where
    M: Method<Quadratic>,
{
    let mut out = Vec::new();
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
            out.push((run.iterations, norm(&q.solution())));
        }
    }
    out
}

const SIZES: [(usize, f64); 5] = [(2, 10.0), (10, 100.0), (10, 1e4), (50, 100.0), (50, 1e4)];

#[test]
fn newton_variants_solve_random_spd_quadratics_in_one_step() {
    // ‖∇f‖ ≤ 1e-6 and λ_min = 1 bound the error by 1e-6; Newton's one step does better.
    // The Newton step from any point of a quadratic is x* − x: one iteration per
    // problem (and the Armijo test accepts α = 1, since f falls by ½gᵀA⁻¹g > c₁gᵀA⁻¹g).
    for method in [Newton::pure(), Newton::line_search()] {
        let runs = converges_on_quadratics(&method, &SIZES, 1e-11);
        assert!(runs.iter().all(|&(k, _)| k == 1), "{runs:?}");
    }
    let runs = converges_on_quadratics(&ModifiedNewton::default(), &SIZES, 1e-11);
    assert!(runs.iter().all(|&(k, _)| k == 1), "{runs:?}");
}

/// The iterations a trust-region method with exact or dogleg steps can need on a
/// convex quadratic from 0 with Δ₀ = 1.
///
/// The model is f itself, so ρ = 1 and every boundary step doubles Δ. Both steps
/// are −(B + λI)⁻¹g for some λ ≥ 0 or a point of the dogleg path, and either keeps
/// the error e = x − x* from growing: λ(B + λI)⁻¹e is no longer than e, and along the
/// dogleg path the distance to the Newton point decreases (pᵤᵀp_B ≥ ‖pᵤ‖² by
/// Cauchy–Schwarz). Once Δ exceeds ‖e₀‖ = ‖x*‖ the Newton step −e is inside the
/// region and is taken: x* after at most ⌊log₂ ‖x*‖⌋ + 1 doublings and one more step.
fn doubling_bound(x_star_norm: f64) -> usize {
    if x_star_norm < 1.0 {
        1
    } else {
        x_star_norm.log2().floor() as usize + 2
    }
}

#[test]
fn damped_and_trust_region_methods_solve_random_spd_quadratics() {
    converges_on_quadratics(&Levenberg::default(), &SIZES, 1e-6);
    converges_on_quadratics(&TrustRegion::ncg(), &SIZES, 1e-6);
    for runs in [
        converges_on_quadratics(&TrustRegion::exact(), &SIZES, 1e-11),
        converges_on_quadratics(&TrustRegion::dogleg(), &SIZES, 1e-11),
    ] {
        for (iterations, x_star_norm) in runs {
            assert!(
                iterations <= doubling_bound(x_star_norm),
                "{iterations} iterations for ‖x*‖ = {x_star_norm}"
            );
        }
    }
}

/// The iterations the Cauchy-point method needs on `q` from 0 to ‖∇f‖ ≤ `tol`.
///
/// Inside the region the Cauchy point is steepest descent with the exact step on a
/// quadratic, which contracts f − f* by ((κ − 1)/(κ + 1))² per step (Kantorovich;
/// Nocedal–Wright Theorem 3.3), and ‖∇f‖² ≤ 2λmax(f − f*): k_c interior steps with
/// ((κ − 1)/(κ + 1))^(2k_c) · 2λmax(f₀ − f*) ≤ tol² suffice. A step is cut at the
/// boundary only while Δ is below the exact step length ‖g‖³/gᵀBg ≤ ‖g‖/λmin, at most
/// λmax√(2(f₀ − f*)/λmin) since f decreases; each such step doubles Δ from 1 (ρ = 1)
/// and decreases f, so at most log₂ of that bound of them come on top.
fn cauchy_bound(q: &Quadratic, cond: f64, tol: f64) -> usize {
    let (lambda_min, lambda_max) = (1.0, cond);
    let x_star = q.solution();
    let gap = 0.5 * dot(q.b(), &x_star); // f(0) − f* = ½bᵀx*
    let rate = (cond + 1.0) / (cond - 1.0);
    let interior = (2.0 * lambda_max * gap / (tol * tol)).ln() / (2.0 * rate.ln());
    let longest = lambda_max * (2.0 * gap / lambda_min).sqrt();
    (interior.ceil() + longest.log2().ceil().max(0.0)) as usize
}

#[test]
fn cauchy_steps_are_steepest_descent_within_the_kantorovich_bound() {
    for (n, cond) in [(2, 10.0), (10, 100.0), (50, 100.0)] {
        for seed in 0..3 {
            let q = Quadratic::random_spd(n, cond, seed);
            let bound = cauchy_bound(&q, cond, 1e-6);
            let stop = Stop::after(bound).grad_tol(1e-6);
            let run = minimize(&TrustRegion::cauchy(), &q, &vec![0.0; n], &stop).unwrap();
            assert_eq!(
                run.stop,
                StopReason::GradientTolerance,
                "n {n} cond {cond} seed {seed}: bound {bound}"
            );
            // ‖x − x*‖ ≤ ‖∇f‖/λmin.
            assert!(distance(&run.x, &q.solution()) <= 1e-6);
            assert!(run.trace.values().windows(2).all(|w| w[1] <= w[0]));
        }
    }
}

#[test]
fn cauchy_steps_converge_where_f_is_flat_to_rounding() {
    // At κ = 1e4, f is known to ~1e-11 (|f| ≈ 25, entries of A up to 1e4) while a
    // Cauchy step near x* gains about 4/κ of f − f*: the difference of values becomes
    // noise once f − f* ≈ 1e-9, i.e. ‖x − x*‖ ≈ 4.5e-5. Judged on values, the radius
    // collapsed there (`TrustRegionCollapsed` at ‖x − x*‖ ≈ 4e-5); judged on the
    // gradients below √ε·|f| (`evaluate_trial`), the run reaches ‖∇f‖ ≤ 1e-6 within
    // the Kantorovich bound.
    let q = Quadratic::random_spd(50, 1e4, 0);
    let bound = cauchy_bound(&q, 1e4, 1e-6);
    let run = minimize(
        &TrustRegion::cauchy(),
        &q,
        &[0.0; 50],
        &Stop::after(bound).grad_tol(1e-6),
    )
    .unwrap();
    assert_eq!(run.stop, StopReason::GradientTolerance);
    // ‖x − x*‖ ≤ ‖∇f‖/λmin, λmin = 1.
    assert!(distance(&run.x, &q.solution()) <= 1e-6);
}

/// A method bound to an objective and a stopping rule, run from a start.
type RunFrom<'a> = dyn Fn(&[f64]) -> Run + 'a;

/// The *Optimization in many dimensions* notebook's starts whose gradient is not already below `tol`.
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
    let methods: [&RunFrom; 3] = [
        &|x0| minimize(&ModifiedNewton::default(), &f, x0, &stop).unwrap(),
        &|x0| minimize(&Levenberg::default(), &f, x0, &stop).unwrap(),
        &|x0| minimize(&Newton::line_search(), &f, x0, &stop).unwrap(),
    ];
    for (i, method) in methods.iter().enumerate() {
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
            // H + τI and H + λI are positive definite, so the modified Newton and
            // Levenberg steps are descent steps of a convex model and reach one of
            // the five minima from every start. The Armijo Newton falls back to −g
            // with α = 1 where H is negative definite, which on the flat plateaus
            // (‖∇f‖ ~ 1e-5) may crawl through the whole budget.
            if i < 2 {
                assert_eq!(
                    run.stop,
                    StopReason::GradientTolerance,
                    "{}: {x0:?}",
                    run.method
                );
                assert!(at_a_known_minimum(&f, &run.x), "{}: {x0:?}", run.method);
            }
        }
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
    // Most: the quadratic model's stationary point is a saddle or a maximum wherever H
    // is indefinite or negative definite, which is most of the wells' domain.
    assert!(
        2 * not_minimum > starts.len(),
        "{not_minimum} of {}",
        starts.len()
    );
}

#[test]
fn seed002_newton_step_contracts_the_gradient_by_one_minus_eta() {
    // x ← x − 0.01 (H + 1e-12 I)⁻¹ g: near a non-degenerate minimum g shrinks by
    // (1 − η) per step, so by 0.99¹⁰⁰ = 0.366 in 100 steps.
    let f = Wells::seed002();
    let m = &f.minima()[0];
    let x0 = [m[0] + 1e-3, m[1] - 2e-3];
    let run = minimize(
        &Newton {
            shift: 1e-12,
            ..Newton::damped(0.01)
        },
        &f,
        &x0,
        &Stop::exactly(100),
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
    // scipy 1.17.1's `nit` from the same starts, `minimize(rosen, x0, method=m,
    // jac=rosen_der, hess=rosen_hess, options=dict(gtol=1e-6))`; its dogleg raises a
    // LinAlgError (non-positive-definite H) from (0.5, 1) and (0, 0), where ours
    // falls back to the Cauchy point. The other methods have no scipy counterpart.
    let scipy: [Option<[Option<usize>; 6]>; 8] = [
        None,
        None,
        None,
        None,
        Some([25, 16, 9, 30, 14, 18].map(Some)),
        Some([Some(24), Some(18), None, Some(27), Some(10), None]),
        Some([29, 35, 14, 48, 24, 23].map(Some)),
        None,
    ];
    let f = Rosenbrock::new();
    for (method, scipy) in methods.into_iter().zip(scipy) {
        for (i, x0) in starts.iter().enumerate() {
            let run = method(x0);
            // scipy's `jac`: ∇f at the final x, as the objective computes it there.
            let mut g = [0.0; 2];
            optim_core::Objective::gradient(&f, &run.x, &mut g);
            assert_eq!(run.gradient.as_deref(), Some(&g[..]), "{}", run.method);
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
            if let Some(Some(nit)) = scipy.map(|s| s[i]) {
                assert_eq!(run.iterations, nit, "{} from {x0:?}", run.method);
            }
        }
    }
}
