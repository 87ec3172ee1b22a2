//! Bad input and faults for the Newton family, Levenberg and the trust regions:
//! invalid configurations are `Err`s naming the parameter, NaN objectives end runs
//! with the last finite iterate, singular and indefinite Hessians never send a
//! safeguarded method uphill.

use optim_core::vector::distance;
use optim_core::{
    Counted, Error, Event, Hessian, Method, Objective, Run, Stop, StopReason, minimize,
};
use second_order::more_sorensen::MoreSorensen;
use second_order::steihaug::Steihaug;
use second_order::{
    Armijo, Levenberg, ModifiedNewton, Newton, Subproblem, TrustRegion, hessian_spectrum,
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
impl Hessian for Bowl {
    fn hessian(&self, _: &[f64], h: &mut [f64]) {
        h.copy_from_slice(&[1.0, 0.0, 0.0, 1.0]);
    }
}

fn refused<M>(method: &M) -> &'static str
where
    M: for<'a> Method<Counted<&'a Bowl>>,
{
    match minimize(method, &Bowl, &[1.0, 1.0], &Stop::after(10)) {
        Err(Error::InvalidParameter { name, .. }) => name,
        other => panic!("expected InvalidParameter, got {other:?}"),
    }
}

#[test]
fn invalid_configurations_are_errors_naming_the_parameter() {
    let armijo = |c1: f64, rho: f64, max_trials: usize| Newton {
        line_search: Some(Armijo {
            c1,
            rho,
            max_trials,
        }),
        ..Newton::pure()
    };
    for (method, name) in [
        (Newton::damped(0.0), "eta"),
        (Newton::damped(-1.0), "eta"),
        (Newton::damped(f64::NAN), "eta"),
        (Newton::damped(f64::INFINITY), "eta"),
        (Newton::pure().with_shift(-1e-12), "shift"),
        (armijo(0.0, 0.5, 10), "c1"),
        (armijo(1.0, 0.5, 10), "c1"),
        (armijo(f64::NAN, 0.5, 10), "c1"),
        (armijo(1e-4, 0.0, 10), "rho"),
        (armijo(1e-4, 1.0, 10), "rho"),
        (armijo(1e-4, 0.5, 0), "max_trials"),
    ] {
        assert_eq!(refused(&method), name);
    }
    for (method, name) in [
        (
            ModifiedNewton {
                beta: 0.0,
                ..Default::default()
            },
            "beta",
        ),
        (
            ModifiedNewton {
                beta: f64::INFINITY,
                ..Default::default()
            },
            "beta",
        ),
        (
            ModifiedNewton {
                max_shifts: 0,
                ..Default::default()
            },
            "max_shifts",
        ),
        (
            ModifiedNewton {
                line_search: Armijo {
                    c1: 1.5,
                    ..Default::default()
                },
                ..Default::default()
            },
            "c1",
        ),
    ] {
        assert_eq!(refused(&method), name);
    }
    for (method, name) in [
        (
            Levenberg::default().with_initial_damping(0.0),
            "initial_damping",
        ),
        (
            Levenberg::default().with_initial_damping(-1.0),
            "initial_damping",
        ),
        (
            Levenberg::default().with_initial_damping(f64::INFINITY),
            "initial_damping",
        ),
        (
            Levenberg {
                increase: 1.0,
                ..Default::default()
            },
            "increase",
        ),
        (
            Levenberg {
                decrease: 0.5,
                ..Default::default()
            },
            "decrease",
        ),
        (
            Levenberg {
                max_increases: 0,
                ..Default::default()
            },
            "max_increases",
        ),
    ] {
        assert_eq!(refused(&method), name);
    }
    let exact = |ms: MoreSorensen| TrustRegion::new(Subproblem::MoreSorensen(ms));
    for (method, name) in [
        (
            TrustRegion::exact().with_initial_trust_radius(0.0),
            "initial_trust_radius",
        ),
        (
            TrustRegion::exact().with_initial_trust_radius(-1.0),
            "initial_trust_radius",
        ),
        (
            TrustRegion::dogleg().with_initial_trust_radius(f64::NAN),
            "initial_trust_radius",
        ),
        (
            TrustRegion::ncg().with_initial_trust_radius(f64::INFINITY),
            "initial_trust_radius",
        ),
        (
            TrustRegion::cauchy().with_max_trust_radius(0.5),
            "max_trust_radius",
        ),
        (
            TrustRegion::exact().with_max_trust_radius(f64::INFINITY),
            "max_trust_radius",
        ),
        (TrustRegion::exact().with_eta(-0.01), "eta"),
        (TrustRegion::exact().with_eta(0.25), "eta"),
        (TrustRegion::exact().with_eta(f64::NAN), "eta"),
        (
            exact(MoreSorensen {
                k_easy: 0.0,
                ..Default::default()
            }),
            "k_easy",
        ),
        (
            exact(MoreSorensen {
                k_hard: 1.0,
                ..Default::default()
            }),
            "k_hard",
        ),
        (
            exact(MoreSorensen {
                max_iters: 0,
                ..Default::default()
            }),
            "max_iters",
        ),
        (
            TrustRegion::new(Subproblem::Steihaug(Steihaug { max_iters: Some(0) })),
            "max_iters",
        ),
    ] {
        assert_eq!(refused(&method), name);
    }
    // Δ_max = Δ₀ is allowed (scipy insists on <, which forbids a fixed radius).
    let fixed = TrustRegion::exact()
        .with_initial_trust_radius(2.0)
        .with_max_trust_radius(2.0);
    assert!(minimize(&fixed, &Bowl, &[1.0, 1.0], &Stop::after(10)).is_ok());
    // The message names the parameter and its range.
    let err = minimize(
        &TrustRegion::exact().with_eta(0.3),
        &Bowl,
        &[1.0, 1.0],
        &Stop::after(1),
    );
    assert_eq!(
        err.unwrap_err().to_string(),
        "invalid eta = 0.3: must be in [0, 0.25)"
    );
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
    M: for<'a> Method<Counted<&'a O>>,
{
    minimize(method, obj, x0, &Stop::after(iters).grad_tol(1e-10)).unwrap()
}

/// NanBeyond's f is exactly 0 once |xᵢ − 1| < 1e-8 (cosh rounds to 1): ‖∇f‖ ≤ 1e-7
/// is the tightest tolerance its values can support.
fn go_nan<M>(method: &M) -> Run
where
    M: for<'a> Method<Counted<&'a NanBeyond>>,
{
    minimize(
        method,
        &NanBeyond,
        &[3.0, 0.5],
        &Stop::after(100).grad_tol(1e-7),
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
    let big = |tr: TrustRegion| {
        tr.with_initial_trust_radius(50.0)
            .with_max_trust_radius(100.0)
    };
    let methods: [&dyn Fn() -> Run; 6] = [
        &|| go_nan(&Newton::line_search()),
        &|| go_nan(&ModifiedNewton::default()),
        &|| go_nan(&Levenberg::default()),
        &|| go_nan(&big(TrustRegion::exact())),
        &|| go_nan(&big(TrustRegion::dogleg())),
        &|| go_nan(&big(TrustRegion::ncg())),
    ];
    let mut rejected = Vec::new();
    for method in methods {
        let run = method();
        assert_eq!(run.stop, StopReason::GradientTolerance, "{}", run.method);
        assert!(distance(&run.x, &[1.0, 1.0]) < 1e-7, "{}", run.method);
        assert!(
            run.trace.values().windows(2).all(|w| w[1] <= w[0]),
            "{}",
            run.method
        );
        rejected.push(
            run.trace
                .events()
                .iter()
                .filter(|(_, e)| *e == Event::Rejected)
                .count(),
        );
    }
    // The line searches backtrack inside one iteration; the others reject NaN trials.
    assert_eq!(rejected, vec![0, 0, 8, 3, 2, 2]);
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
    assert_eq!(run.trace.events(), [(1, Event::Rejected)]);
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
impl Hessian for NanHessian {
    fn hessian(&self, _: &[f64], h: &mut [f64]) {
        h.fill(f64::NAN);
    }
    fn hessian_vector_product(&self, _: &[f64], _: &[f64], hv: &mut [f64]) {
        hv.fill(f64::NAN);
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
    ]
    .into_iter()
    .map(|r| (r.stop, r.x))
    .collect();
    // Where the Hessian is needed to step, the run stops where it is; the Armijo and
    // modified Newton fall back to −g, which on this bowl is the exact step.
    let stay = (StopReason::NoProgress, vec![1.0, 1.0]);
    let solved = (StopReason::GradientTolerance, vec![0.0, 0.0]);
    let mut expected = vec![stay.clone(), solved.clone(), solved];
    expected.extend(std::iter::repeat_n(stay, 5));
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
        assert_eq!(run.trace.events(), [(1, Event::Rejected)]);
    }
    let run = go(&ModifiedNewton::default(), &LyingGradient, &[1.0, 2.0], 10);
    assert_eq!(
        (run.stop, run.evals.value),
        (StopReason::LineSearchFailed, 41)
    );
}
