//! Bad input is an `Err` naming the parameter; faults (a wrong gradient, NaN beyond a
//! radius) end the run with a `StopReason` at the last good iterate.

use landscapes::Rosenbrock;
use optim_core::{Counted, Error, Hessian, Method, Objective, Run, Stop, StopReason, minimize};
use second_order::line_search::StrongWolfe;
use second_order::{Bfgs, CurvatureScaledGd, Lbfgs, NewtonCg, power_iteration};

fn invalid_name<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    match r {
        Err(Error::InvalidParameter { name, .. }) => name,
        other => panic!("expected InvalidParameter, got {other:?}"),
    }
}

fn run<M: for<'a> Method<Counted<&'a Rosenbrock>>>(m: &M) -> Result<Run, Error> {
    minimize(m, &Rosenbrock::new(), &[4.0, -4.1], &Stop::after(10))
}

/// An edit of the line-search settings.
type Change = Box<dyn Fn(&mut StrongWolfe)>;

fn with_ls(change: impl Fn(&mut StrongWolfe)) -> (Bfgs, Lbfgs, NewtonCg) {
    let (mut b, mut l, mut n) = (Bfgs::default(), Lbfgs::default(), NewtonCg::default());
    change(&mut b.line_search);
    change(&mut l.line_search);
    change(&mut n.line_search);
    (b, l, n)
}

#[test]
fn invalid_line_search_settings_are_refused_by_every_method() {
    let cases: [(&str, Change); 10] = [
        ("c1", Box::new(|ls| ls.c1 = 0.0)),
        ("c1", Box::new(|ls| ls.c1 = -1e-4)),
        ("c1", Box::new(|ls| ls.c1 = f64::NAN)),
        ("c2", Box::new(|ls| ls.c2 = 1e-4)), // c1 = c2
        ("c2", Box::new(|ls| ls.c2 = 1e-5)), // c1 > c2
        ("c2", Box::new(|ls| ls.c2 = 1.0)),
        ("max_trials", Box::new(|ls| ls.max_trials = 0)),
        ("xtol", Box::new(|ls| ls.xtol = -1.0)),
        ("alpha_max", Box::new(|ls| ls.alpha_max = ls.alpha_min)),
        (
            "derivative_only_below",
            Box::new(|ls| ls.derivative_only_below = Some(f64::INFINITY)),
        ),
    ];
    for (name, change) in cases {
        let (b, l, n) = with_ls(change);
        assert_eq!(invalid_name(run(&b)), name);
        assert_eq!(invalid_name(run(&l)), name);
        assert_eq!(invalid_name(run(&n)), name);
        assert_eq!(invalid_name(b.line_search.validate()), name);
    }
}

#[test]
fn invalid_method_settings_are_refused() {
    assert_eq!(
        invalid_name(run(&Lbfgs {
            m: 0,
            ..Lbfgs::default()
        })),
        "m"
    );
    let ncg = NewtonCg {
        cg_max_iter: Some(0),
        ..NewtonCg::default()
    };
    assert_eq!(invalid_name(run(&ncg)), "cg_max_iter");
    for (name, gd) in [
        (
            "lr",
            CurvatureScaledGd {
                lr: 0.0,
                ..Default::default()
            },
        ),
        (
            "lr",
            CurvatureScaledGd {
                lr: -0.1,
                ..Default::default()
            },
        ),
        (
            "lr",
            CurvatureScaledGd {
                lr: f64::INFINITY,
                ..Default::default()
            },
        ),
        (
            "eps",
            CurvatureScaledGd {
                eps: -1e-12,
                ..Default::default()
            },
        ),
        (
            "power_iters",
            CurvatureScaledGd {
                power_iters: 0,
                ..Default::default()
            },
        ),
        (
            "power_tol",
            CurvatureScaledGd {
                power_tol: f64::NAN,
                ..Default::default()
            },
        ),
    ] {
        assert_eq!(invalid_name(run(&gd)), name);
    }
}

#[test]
fn invalid_power_iteration_input_is_refused() {
    let id = |v: &[f64], hv: &mut [f64]| hv.copy_from_slice(v);
    let (mut v, mut w) = ([1.0, 0.0], [0.0; 2]);
    assert_eq!(
        invalid_name(power_iteration(id, &mut v, &mut w, 0, 1e-6)),
        "max_iters"
    );
    assert_eq!(
        invalid_name(power_iteration(id, &mut v, &mut w, 10, -1.0)),
        "tol"
    );
    let mut short = [0.0; 1];
    assert!(matches!(
        power_iteration(id, &mut v, &mut short, 10, 1e-6),
        Err(Error::DimensionMismatch {
            what: "work",
            expected: 2,
            found: 1
        })
    ));
    let mut bad = [f64::NAN, 1.0];
    assert!(matches!(
        power_iteration(id, &mut bad, &mut w, 10, 1e-6),
        Err(Error::NonFinite {
            what: "v",
            index: 0
        })
    ));
}

#[test]
fn a_wrong_start_length_is_refused() {
    let f = Rosenbrock::new();
    let r = minimize(&Bfgs::default(), &f, &[1.0, 2.0, 3.0], &Stop::after(10));
    assert!(matches!(r, Err(Error::DimensionMismatch { .. })));
    let (x, p) = ([0.0; 2], [1.0; 3]);
    let (mut xn, mut gn) = ([0.0; 2], [0.0; 2]);
    let r = StrongWolfe::default().search(&f, &x, &p, 1.0, -1.0, 1.0, &mut xn, &mut gn);
    assert!(matches!(r, Err(Error::DimensionMismatch { what: "p", .. })));
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
impl Hessian for WrongGradient {
    fn hessian(&self, _x: &[f64], h: &mut [f64]) {
        h.fill(0.0);
        for i in 0..3 {
            h[i * 3 + i] = 2.0;
        }
    }
}

fn fails_at_the_start<M: for<'a> Method<Counted<&'a WrongGradient>>>(m: &M, max_trials: usize) {
    let x0 = [3.0, -2.0, 0.5];
    let run = minimize(m, &WrongGradient, &x0, &Stop::after(100).grad_tol(1e-8)).unwrap();
    assert_eq!(run.stop, StopReason::LineSearchFailed);
    assert_eq!(run.iterations, 1);
    // The last good iterate is the start, with its own value.
    assert_eq!(run.x, x0);
    assert_eq!(run.value, WrongGradient.value(&x0));
    // Bounded: the start's evaluation plus at most max_trials.
    assert!(run.evals.value <= 1 + max_trials, "{:?}", run.evals);
    assert!(run.evals.value >= 2);
}

#[test]
fn a_wrong_gradient_ends_the_run_with_line_search_failed() {
    fails_at_the_start(&Bfgs::default(), 100);
    fails_at_the_start(&Lbfgs::default(), 20);
    fails_at_the_start(&NewtonCg::default(), 100);
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
    impl Hessian for F {
        fn hessian(&self, _x: &[f64], h: &mut [f64]) {
            h.copy_from_slice(&[2.0, 0.0, 0.0, 2.0]);
        }
    }
    F
}

fn keeps_a_finite_iterate<M: for<'a> Method<Counted<&'a dyn Hessian>>>(m: &M) -> Run {
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
