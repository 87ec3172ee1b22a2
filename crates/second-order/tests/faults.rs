//! Faults in the objective: NaN beyond a radius, singular, indefinite and NaN
//! Hessians, gradients of the wrong sign, f = −∞, and f unbounded below. A run ends with a `StopReason`
//! at the last good iterate (never `Err`, never NaN in x), and a failure is never
//! reported as convergence.
#![cfg(feature = "dense")]

use optim_core::vector::distance;
use optim_core::{
    Event, Hessian, HessianProduct, Method, Objective, Record, Run, Stop, StopReason, minimize,
};
use second_order::line_search::{Armijo, LineSearch, Outcome};
use second_order::{
    Bfgs, CurvatureScaledGd, Lbfgs, Levenberg, ModifiedNewton, Newton, NewtonCg, TrustRegion,
    hessian_spectrum,
};

/// f = ½(x₀² + x₁²): any valid method converges from anywhere.
struct Bowl;
impl Objective for Bowl {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, x: &[f64]) -> f64 {
        0.5 * (x[0] * x[0] + x[1] * x[1])
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        g.copy_from_slice(x);
    }
}
impl HessianProduct for Bowl {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        optim_core::dense_hessian_vector_product(self, x, v, hv)
    }
}

impl Hessian for Bowl {
    fn hessian(&self, _: &[f64], h: &mut [f64]) {
        h.copy_from_slice(&[1.0, 0.0, 0.0, 1.0]);
    }
}

/// Σ log cosh(xᵢ − 1), undefined (NaN) outside ‖x‖ ≤ 10. Its Newton step
/// −½ sinh(2(x − 1)) is huge far from 1: from 3 it lands at −24.3.
struct NanBeyond;
impl NanBeyond {
    fn outside(x: &[f64]) -> bool {
        x.iter().map(|v| v * v).sum::<f64>() > 100.0
    }
}
impl Objective for NanBeyond {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, x: &[f64]) -> f64 {
        if Self::outside(x) {
            return f64::NAN;
        }
        x.iter().map(|v| (v - 1.0).cosh().ln()).sum()
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        let nan = Self::outside(x);
        for (gi, xi) in g.iter_mut().zip(x) {
            *gi = if nan { f64::NAN } else { (xi - 1.0).tanh() };
        }
    }
}
impl HessianProduct for NanBeyond {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        optim_core::dense_hessian_vector_product(self, x, v, hv)
    }
}

impl Hessian for NanBeyond {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        let nan = Self::outside(x);
        h.fill(0.0);
        for i in 0..2 {
            h[i * 3] = if nan {
                f64::NAN
            } else {
                1.0 / (x[i] - 1.0).cosh().powi(2)
            };
        }
    }
}

fn go<O, M>(method: &M, obj: &O, x0: &[f64], iters: usize) -> Run
where
    O: Hessian,
    M: Method<O>,
{
    minimize(method, obj, x0, &Stop::after(iters).grad_tol(1e-10)).unwrap()
}

/// NanBeyond's f is exactly 0 once |xᵢ − 1| < 1e-8 (cosh rounds to 1): ‖∇f‖ ≤ 1e-7
/// is the tightest tolerance its values can support.
fn go_nan<M>(method: &M) -> Run
where
    M: Method<NanBeyond>,
{
    minimize(
        method,
        &NanBeyond,
        &[3.0, 0.5],
        &Stop::after(100).grad_tol(1e-7).record(Record::All),
    )
    .unwrap()
}

#[test]
fn a_nan_objective_ends_the_unguarded_run_with_the_last_finite_iterate() {
    let run = go(&Newton::pure(), &NanBeyond, &[3.0, 0.5], 50);
    assert_eq!(run.stop, StopReason::Diverged);
    assert_eq!(run.iterations, 1);
    assert_eq!(run.x, [3.0, 0.5]);
    assert!(run.value.is_finite());
}

#[test]
fn safeguarded_methods_back_off_from_nan_and_converge() {
    // Δ₀ = 50 puts the first trust-region trials far outside ‖x‖ ≤ 10, as the first
    // Newton step from (3, 0.5) lands at x₀ = −24.3.
    let (radius, max) = (50.0, 100.0);
    let methods: [&dyn Fn() -> Run; 6] = [
        &|| go_nan(&Newton::line_search()),
        &|| go_nan(&ModifiedNewton::default()),
        &|| go_nan(&Levenberg::default()),
        &|| {
            go_nan(&TrustRegion {
                initial_trust_radius: radius,
                max_trust_radius: max,
                ..TrustRegion::exact()
            })
        },
        &|| {
            go_nan(&TrustRegion {
                initial_trust_radius: radius,
                max_trust_radius: max,
                ..TrustRegion::dogleg()
            })
        },
        &|| {
            go_nan(&TrustRegion {
                initial_trust_radius: radius,
                max_trust_radius: max,
                ..TrustRegion::ncg()
            })
        },
    ];
    for (i, method) in methods.iter().enumerate() {
        let run = method();
        assert_eq!(run.stop, StopReason::GradientTolerance, "{}", run.method);
        assert!(distance(&run.x, &[1.0, 1.0]) < 1e-7, "{}", run.method);
        assert!(
            run.trace.values().windows(2).all(|w| w[1] <= w[0]),
            "{}",
            run.method
        );
        // The line searches back off inside an iteration and never reject a step;
        // the others reject the NaN trials (at least the first), keeping x.
        let rejected = run.trace.rejected();
        assert_eq!(rejected.is_empty(), i < 2, "{}: {rejected:?}", run.method);
        assert!(rejected.contains(&1) || i < 2, "{}", run.method);
        assert!(run.trace.has_iterates());
        for &k in rejected {
            assert_eq!(run.trace.x(k), run.trace.x(k - 1), "{}", run.method);
        }
    }
    // Asked for more than f can resolve, Levenberg stops instead of raising λ forever.
    let stop = Stop::after(1000).grad_tol(1e-12);
    let run = minimize(&Levenberg::default(), &NanBeyond, &[3.0, 0.5], &stop).unwrap();
    assert_eq!(run.stop, StopReason::NoProgress);
    assert_eq!(run.value, 0.0);
    assert!(run.iterations < 100, "{}", run.iterations);
}

/// f = x₀⁴ + (x₁ − 1)²: H = diag(12x₀², 2) is singular on the line x₀ = 0.
struct Quartic;
impl Objective for Quartic {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, x: &[f64]) -> f64 {
        x[0].powi(4) + (x[1] - 1.0).powi(2)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        g[0] = 4.0 * x[0].powi(3);
        g[1] = 2.0 * (x[1] - 1.0);
    }
}
impl HessianProduct for Quartic {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        optim_core::dense_hessian_vector_product(self, x, v, hv)
    }
}

impl Hessian for Quartic {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        h.copy_from_slice(&[12.0 * x[0] * x[0], 0.0, 0.0, 2.0]);
    }
}

#[test]
fn a_singular_hessian_stops_pure_newton_and_is_handled_by_the_safeguards() {
    let run = go(&Newton::pure(), &Quartic, &[0.0, 3.0], 10);
    assert_eq!(run.stop, StopReason::NoProgress);
    assert_eq!(run.x, [0.0, 3.0]);
    assert_eq!(run.trace.rejected(), [1]);
    assert!(run.trace.events().is_empty());
    let armijo = go(&Newton::line_search(), &Quartic, &[0.0, 3.0], 10);
    assert_eq!(armijo.trace.events()[0], (1, Event::DirectionReset));
    let modified = go(&ModifiedNewton::default(), &Quartic, &[0.0, 3.0], 10);
    assert_eq!(modified.trace.events()[0], (1, Event::HessianModified));
    for run in [
        armijo,
        modified,
        go(&Levenberg::default(), &Quartic, &[0.0, 3.0], 10),
        go(&TrustRegion::dogleg(), &Quartic, &[0.0, 3.0], 10),
        go(&TrustRegion::ncg(), &Quartic, &[0.0, 3.0], 10),
        // The exact step's hard case moves x₀ off the singular line along the null
        // eigenvector; the quartic's degenerate minimum then costs linear convergence
        // (|x₀| ≈ (‖∇f‖/4)^⅓ ≈ 3e-4 at ‖∇f‖ = 1e-10).
        go(&TrustRegion::exact(), &Quartic, &[0.0, 3.0], 100),
    ] {
        assert_eq!(run.stop, StopReason::GradientTolerance, "{}", run.method);
        assert!(distance(&run.x, &[0.0, 1.0]) < 1e-3, "{}", run.method);
        assert!((run.x[1] - 1.0).abs() < 1e-10, "{}", run.method);
    }
}

/// f = x² − y² + y⁴/4: a saddle at the origin, minima (0, ±√2) with f = −1.
struct SaddleWithMinima;
impl Objective for SaddleWithMinima {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, x: &[f64]) -> f64 {
        x[0] * x[0] - x[1] * x[1] + 0.25 * x[1].powi(4)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        g[0] = 2.0 * x[0];
        g[1] = -2.0 * x[1] + x[1].powi(3);
    }
}
impl HessianProduct for SaddleWithMinima {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        optim_core::dense_hessian_vector_product(self, x, v, hv)
    }
}

impl Hessian for SaddleWithMinima {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        h.copy_from_slice(&[2.0, 0.0, 0.0, -2.0 + 3.0 * x[1] * x[1]]);
    }
}

#[test]
fn an_indefinite_hessian_sends_pure_newton_to_the_saddle_and_no_safeguarded_method_uphill() {
    let start = [1.0, 0.1];
    let pure = go(&Newton::pure(), &SaddleWithMinima, &start, 20);
    assert_eq!(pure.stop, StopReason::GradientTolerance);
    assert!(
        pure.x[0].abs() < 1e-12 && pure.x[1].abs() < 1e-10,
        "{:?}",
        pure.x
    );
    assert!(
        hessian_spectrum(&SaddleWithMinima, &pure.x)
            .unwrap()
            .is_indefinite()
    );
    // It stops at f = 0; every safeguarded method goes on down to f = −1.
    assert!(pure.value.abs() < 1e-20);
    for run in [
        go(&Newton::line_search(), &SaddleWithMinima, &start, 100),
        go(&ModifiedNewton::default(), &SaddleWithMinima, &start, 100),
        go(&Levenberg::default(), &SaddleWithMinima, &start, 100),
        go(&TrustRegion::exact(), &SaddleWithMinima, &start, 100),
        go(&TrustRegion::dogleg(), &SaddleWithMinima, &start, 100),
        go(&TrustRegion::ncg(), &SaddleWithMinima, &start, 100),
        go(&TrustRegion::cauchy(), &SaddleWithMinima, &start, 1000),
    ] {
        assert_eq!(run.stop, StopReason::GradientTolerance, "{}", run.method);
        assert!(
            run.trace.values().windows(2).all(|w| w[1] <= w[0]),
            "{}",
            run.method
        );
        assert!(
            (run.value + 1.0).abs() < 1e-12,
            "{}: {:?}",
            run.method,
            run.x
        );
        assert!(
            (run.x[1].abs() - 2f64.sqrt()).abs() < 1e-6,
            "{}: {:?}",
            run.method,
            run.x
        );
    }
}

/// Finite f and ∇f but a NaN Hessian everywhere.
struct NanHessian;
impl Objective for NanHessian {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, x: &[f64]) -> f64 {
        Bowl.value(x)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        Bowl.gradient(x, g)
    }
}
impl HessianProduct for NanHessian {
    fn hessian_vector_product(&self, _: &[f64], _: &[f64], hv: &mut [f64]) {
        hv.fill(f64::NAN);
    }
}

impl Hessian for NanHessian {
    fn hessian(&self, _: &[f64], h: &mut [f64]) {
        h.fill(f64::NAN);
    }
}

#[test]
fn a_nan_hessian_never_moves_x_to_nan() {
    let outcomes: Vec<(StopReason, Vec<f64>)> = [
        go(&Newton::pure(), &NanHessian, &[1.0, 1.0], 5),
        go(&Newton::line_search(), &NanHessian, &[1.0, 1.0], 5),
        go(&ModifiedNewton::default(), &NanHessian, &[1.0, 1.0], 5),
        go(&Levenberg::default(), &NanHessian, &[1.0, 1.0], 5),
        go(&TrustRegion::exact(), &NanHessian, &[1.0, 1.0], 5),
        go(&TrustRegion::dogleg(), &NanHessian, &[1.0, 1.0], 5),
        go(&TrustRegion::ncg(), &NanHessian, &[1.0, 1.0], 5),
        go(&TrustRegion::cauchy(), &NanHessian, &[1.0, 1.0], 5),
        go(&CurvatureScaledGd::default(), &NanHessian, &[1.0, 1.0], 5),
    ]
    .into_iter()
    .map(|r| (r.stop, r.x))
    .collect();
    // Where the Hessian is needed to step, the run stops where it is; the Armijo and
    // modified Newton fall back to −g, which on this bowl is the exact step.
    let stay = (StopReason::NoProgress, vec![1.0, 1.0]);
    let solved = (StopReason::GradientTolerance, vec![0.0, 0.0]);
    let mut expected = vec![stay.clone(), solved.clone(), solved];
    expected.extend(std::iter::repeat_n(stay, 6));
    assert_eq!(outcomes, expected);
}

/// f = ½‖x‖² with a gradient of the wrong sign: every "descent" direction is uphill.
struct LyingGradient;
impl Objective for LyingGradient {
    fn dim(&self) -> usize {
        2
    }
    fn value(&self, x: &[f64]) -> f64 {
        Bowl.value(x)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        g.iter_mut().zip(x).for_each(|(gi, xi)| *gi = -xi);
    }
}
impl HessianProduct for LyingGradient {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        optim_core::dense_hessian_vector_product(self, x, v, hv)
    }
}

impl Hessian for LyingGradient {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        Bowl.hessian(x, h)
    }
}

#[test]
fn an_armijo_search_that_cannot_succeed_stops_after_its_trials() {
    for (max_trials, method) in [
        (40, Newton::line_search()),
        (
            5,
            Newton {
                line_search: Some(Armijo {
                    max_trials: 5,
                    ..Default::default()
                }),
                ..Newton::pure()
            },
        ),
    ] {
        let run = go(&method, &LyingGradient, &[1.0, 2.0], 10);
        assert_eq!(run.stop, StopReason::LineSearchFailed);
        assert_eq!(run.iterations, 1);
        assert_eq!(run.x, [1.0, 2.0]);
        assert_eq!(run.evals.value, 1 + max_trials);
        assert_eq!(run.trace.rejected(), [1]);
        assert!(run.trace.events().is_empty());
    }
    let run = go(&ModifiedNewton::default(), &LyingGradient, &[1.0, 2.0], 10);
    assert_eq!(
        (run.stop, run.evals.value),
        (StopReason::LineSearchFailed, 41)
    );
}

/// f(x) = ‖x − 1‖² with its gradient scaled by −1 beyond the first coordinate: the
/// value and the "gradient" disagree, so no step along −g is acceptable.
#[derive(Clone, Copy)]
struct WrongGradient;
impl Objective for WrongGradient {
    fn dim(&self) -> usize {
        3
    }
    fn value(&self, x: &[f64]) -> f64 {
        x.iter().map(|v| (v - 1.0).powi(2)).sum()
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        for (gi, v) in g.iter_mut().zip(x) {
            *gi = -2.0 * (v - 1.0); // the sign is wrong
        }
    }
}
impl HessianProduct for WrongGradient {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        optim_core::dense_hessian_vector_product(self, x, v, hv)
    }
}

impl Hessian for WrongGradient {
    fn hessian(&self, _x: &[f64], h: &mut [f64]) {
        h.fill(0.0);
        for i in 0..3 {
            h[i * 3 + i] = 2.0;
        }
    }
}

fn fails_at_the_start<M: Method<WrongGradient>>(m: &M, max_trials: usize) {
    let x0 = [3.0, -2.0, 0.5];
    // Every tolerance set: a failed search leaves x and f as they were, which a value
    // or step tolerance tested after it would read as convergence.
    let stop = Stop::after(100)
        .grad_tol(1e-8)
        .value_tol(1e-8)
        .step_tol(1e-8);
    let run = minimize(m, &WrongGradient, &x0, &stop).unwrap();
    assert_eq!(run.stop, StopReason::LineSearchFailed, "{}", run.method);
    assert!(!run.converged());
    assert_eq!(run.iterations, 1);
    assert_eq!(run.trace.rejected(), [1]);
    // The last good iterate is the start, with its own value.
    assert_eq!(run.x, x0);
    assert_eq!(run.value, WrongGradient.value(&x0));
    // Bounded: the start's evaluation plus at most max_trials.
    assert!(run.evals.value <= 1 + max_trials, "{:?}", run.evals);
    assert!(run.evals.value >= 2);
}

#[test]
fn a_wrong_gradient_ends_every_line_search_method_with_line_search_failed() {
    fails_at_the_start(&Bfgs::default(), 100);
    fails_at_the_start(&Lbfgs::default(), 20);
    fails_at_the_start(&NewtonCg::default(), 100);
    // The Armijo methods: the Newton direction −H⁻¹g = x − 1 climbs f; 40 trials.
    fails_at_the_start(&Newton::line_search(), 40);
    fails_at_the_start(&ModifiedNewton::default(), 40);
    // A tiny budget is respected exactly.
    let mut l = Lbfgs::default();
    l.line_search.max_trials = 3;
    let run = minimize(&l, &WrongGradient, &[3.0, -2.0, 0.5], &Stop::after(100)).unwrap();
    assert_eq!(run.stop, StopReason::LineSearchFailed);
    assert_eq!(run.evals.value, 1 + 3);
}

/// ‖x − (3, 3)‖², undefined (NaN) outside the disc ‖x‖ ≤ 2: its minimiser is outside.
fn nan_beyond_radius() -> impl Hessian {
    struct F;
    impl Objective for F {
        fn dim(&self) -> usize {
            2
        }
        fn value(&self, x: &[f64]) -> f64 {
            if x[0].hypot(x[1]) > 2.0 {
                f64::NAN
            } else {
                (x[0] - 3.0).powi(2) + (x[1] - 3.0).powi(2)
            }
        }
        fn gradient(&self, x: &[f64], g: &mut [f64]) {
            let nan = x[0].hypot(x[1]) > 2.0;
            for (gi, v) in g.iter_mut().zip(x) {
                *gi = if nan { f64::NAN } else { 2.0 * (v - 3.0) };
            }
        }
    }
    impl HessianProduct for F {
        fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
            optim_core::dense_hessian_vector_product(self, x, v, hv)
        }
    }

    impl Hessian for F {
        fn hessian(&self, _x: &[f64], h: &mut [f64]) {
            h.copy_from_slice(&[2.0, 0.0, 0.0, 2.0]);
        }
    }
    F
}

fn keeps_a_finite_iterate<M: Method<dyn Hessian>>(m: &M) -> Run {
    let f = nan_beyond_radius();
    let f: &dyn Hessian = &f;
    let run = minimize(m, f, &[0.0, -1.0], &Stop::after(200).grad_tol(1e-10)).unwrap();
    assert!(
        matches!(
            run.stop,
            StopReason::LineSearchFailed | StopReason::Diverged
        ),
        "{:?}",
        run.stop
    );
    assert!(run.x.iter().all(|v| v.is_finite()));
    assert!(run.x[0].hypot(run.x[1]) <= 2.0);
    assert_eq!(run.value, f.value(&run.x));
    run
}

#[test]
fn nan_beyond_a_radius_stops_at_the_last_finite_iterate() {
    // The line-search methods back out of the NaN region; each ends when a search
    // finds no acceptable finite step (f still decreasing at the capped step).
    for run in [
        keeps_a_finite_iterate(&Bfgs::default()),
        keeps_a_finite_iterate(&Lbfgs::default()),
        keeps_a_finite_iterate(&NewtonCg::default()),
    ] {
        assert_eq!(run.stop, StopReason::LineSearchFailed);
        assert!(run.value < 10.0, "{}: f = {}", run.method, run.value); // f(x₀) = 25
        assert!(run.evals.value <= 40, "{}: {:?}", run.method, run.evals);
    }
    // Fixed-step descent jumps out: the run diverges, keeping the previous point.
    let gd = CurvatureScaledGd {
        lr: 1.0,
        ..CurvatureScaledGd::default()
    };
    let run = keeps_a_finite_iterate(&gd);
    assert_eq!(run.stop, StopReason::Diverged);
    assert_eq!((run.iterations, &run.x[..]), (1, &[0.0, -1.0][..]));
}

/// (x − 3)², but −∞ beyond x = 2: a model that is "better than anything" where it is
/// not defined, as a log-likelihood may be.
struct MinusInfinityBeyond2;
impl Objective for MinusInfinityBeyond2 {
    fn dim(&self) -> usize {
        1
    }
    fn value(&self, x: &[f64]) -> f64 {
        if x[0] > 2.0 {
            f64::NEG_INFINITY
        } else {
            (x[0] - 3.0).powi(2)
        }
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        g[0] = 2.0 * (x[0] - 3.0);
    }
}
impl HessianProduct for MinusInfinityBeyond2 {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        optim_core::dense_hessian_vector_product(self, x, v, hv)
    }
}

impl Hessian for MinusInfinityBeyond2 {
    fn hessian(&self, _: &[f64], h: &mut [f64]) {
        h[0] = 2.0;
    }
}

#[test]
fn armijo_backs_off_from_minus_infinity() {
    // From 0 the Newton step is 3, where f = −∞: the comparison −∞ ≤ f + c₁αgᵀp holds,
    // but the trial is no decrease of a defined f. Backed off to α = ½: x = 1.5,
    // f = 2.25 ≤ 9 − 1e-4·½·18.
    let f = MinusInfinityBeyond2;
    let (mut x_new, mut g_new) = ([0.0], [0.0]);
    let out = LineSearch::search(
        &Armijo::default(),
        &f,
        &[0.0],
        &[3.0],
        9.0,
        -18.0,
        1.0,
        &mut x_new,
        &mut g_new,
    )
    .unwrap();
    let Outcome::Accepted(a) = out else {
        panic!("{out:?}")
    };
    assert_eq!((a.alpha, a.value, a.trials), (0.5, 2.25, 2));
    assert_eq!((x_new, g_new), ([1.5], [-3.0]));
    // The methods on it: one step each, to 1.5 (up to the rounding of the solve
    // H p = −g), finite, where without the back-off the run would stop as Diverged at
    // x₀ after a step to f = −∞.
    for run in [
        go(&Newton::line_search(), &f, &[0.0], 1),
        go(&ModifiedNewton::default(), &f, &[0.0], 1),
    ] {
        assert_eq!(run.stop, StopReason::MaxIterations, "{}", run.method);
        assert!(
            (run.x[0] - 1.5).abs() < 1e-15,
            "{}: {:?}",
            run.method,
            run.x
        );
        assert!(
            (run.value - 2.25).abs() < 1e-14,
            "{}: {}",
            run.method,
            run.value
        );
    }
}

/// Objectives unbounded below: the strong-Wolfe methods move as far as their search
/// went and end with `StopReason::Unbounded`, which is not convergence.
mod unbounded {
    use optim_core::{Hessian, HessianProduct, Method, Objective, Run, Stop, StopReason, minimize};
    use second_order::line_search::{Outcome, StrongWolfe};
    use second_order::{Bfgs, Lbfgs, NewtonCg};

    /// f(x) = x₀ + x₁, ∇f = (1, 1), H = 0.
    struct Plane;
    impl Objective for Plane {
        fn dim(&self) -> usize {
            2
        }
        fn value(&self, x: &[f64]) -> f64 {
            x[0] + x[1]
        }
        fn gradient(&self, _: &[f64], g: &mut [f64]) {
            g.fill(1.0);
        }
    }
    impl HessianProduct for Plane {
        fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
            optim_core::dense_hessian_vector_product(self, x, v, hv)
        }
    }

    impl Hessian for Plane {
        fn hessian(&self, _: &[f64], h: &mut [f64]) {
            h.fill(0.0);
        }
    }

    fn on_the_plane<M: Method<Plane>>(method: &M) -> Run {
        let x0 = [1.0, 2.0];
        let stop = Stop::after(100)
            .grad_tol(1e-8)
            .value_tol(1e-8)
            .step_tol(1e-8);
        let run = minimize(method, &Plane, &x0, &stop).unwrap();
        assert_eq!(run.stop, StopReason::Unbounded, "{}", run.method);
        assert!(!run.converged());
        // One iteration, accepted: x moved downhill along −∇f = (−1, −1), and f there is
        // the value reported.
        assert_eq!(run.iterations, 1);
        assert!(run.trace.rejected().is_empty());
        assert!(run.x[0] < x0[0] && run.x[0] - x0[0] == run.x[1] - x0[1]);
        assert!(run.value < Plane.value(&x0));
        assert_eq!(run.value, Plane.value(&run.x));
        run
    }

    #[test]
    fn bfgs_lbfgs_and_newton_cg_report_an_unbounded_plane() {
        // BFGS: 100 trials extrapolating ×4 or so from α₀ ≈ 0.7 stay far below α_max = 1e100
        // (≈ 170 trials away): the budget runs out on a slope as steep as at the start.
        let run = on_the_plane(&Bfgs::default());
        assert!(run.value < -1e50, "{}", run.value);
        // L-BFGS: 20 trials from α₀ = 1/‖g‖.
        let run = on_the_plane(&Lbfgs::default());
        assert!(run.value < -1e10, "{}", run.value);
        // Newton-CG: H = 0, so CG stops at z = 0, replaced by −g; its search reaches
        // α_max = 50 on the way: x = x₀ − 50·(1, 1).
        let run = on_the_plane(&NewtonCg::default());
        assert_eq!(run.x, [1.0 - 50.0, 2.0 - 50.0]);
    }

    #[test]
    fn the_search_reports_unbounded_at_alpha_max_and_after_its_budget() {
        let falling = |a: f64| (-a, -1.0);
        // At α_max, φ′ = −1 ≤ c₁φ′(0): dcsrch's "STP = STPMAX" warning.
        let ls = StrongWolfe {
            alpha_max: 50.0,
            ..StrongWolfe::default()
        };
        let Outcome::Unbounded(last) = ls.search_scalar(falling, 0.0, -1.0, 1.0).unwrap() else {
            panic!()
        };
        assert_eq!((last.alpha, last.value, last.slope), (50.0, -50.0, -1.0));
        // Out of trials, never bracketed, still falling: the last trial is returned.
        let ls = StrongWolfe {
            max_trials: 3,
            ..StrongWolfe::default()
        };
        let Outcome::Unbounded(last) = ls.search_scalar(falling, 0.0, -1.0, 1.0).unwrap() else {
            panic!()
        };
        assert_eq!(last.trials, 3);
        assert_eq!(last.value, -last.alpha);
        assert!(last.alpha > 1.0);
        // Out of trials once a minimiser is bracketed is still a failure
        // (tests/line_search.rs, the_trial_budget_is_respected).
    }
}
