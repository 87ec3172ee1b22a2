//! Refused configurations and inputs: every invalid hyper-parameter is an
//! `Err(Error::InvalidParameter)` naming it (and its range), every wrong-length or
//! non-finite input an `Err` naming the input, before any evaluation.
#![cfg(feature = "dense")]

use landscapes::Rosenbrock;
use optim_core::{Error, Hessian, HessianProduct, Method, Objective, Run, Stop, minimize};
use second_order::line_search::LineSearch;
use second_order::line_search::StrongWolfe;
use second_order::trust_region::more_sorensen::MoreSorensen;
use second_order::trust_region::steihaug::Steihaug;
use second_order::{
    Armijo, Bfgs, CurvatureScaledGd, Lbfgs, Levenberg, ModifiedNewton, Newton, NewtonCg,
    TrustRegion, power_iteration,
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

fn refused<M>(method: &M) -> &'static str
where
    M: Method<Bowl>,
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
        (
            Newton {
                shift: -1e-12,
                ..Newton::pure()
            },
            "shift",
        ),
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
            Levenberg {
                initial_damping: 0.0,
                ..Default::default()
            },
            "initial_damping",
        ),
        (
            Levenberg {
                initial_damping: -1.0,
                ..Default::default()
            },
            "initial_damping",
        ),
        (
            Levenberg {
                initial_damping: f64::INFINITY,
                ..Default::default()
            },
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
    for (method, name) in [
        (
            TrustRegion {
                initial_trust_radius: 0.0,
                ..TrustRegion::exact()
            },
            "initial_trust_radius",
        ),
        (
            TrustRegion {
                initial_trust_radius: -1.0,
                ..TrustRegion::exact()
            },
            "initial_trust_radius",
        ),
        (
            TrustRegion {
                max_trust_radius: f64::INFINITY,
                ..TrustRegion::exact()
            },
            "max_trust_radius",
        ),
        (
            TrustRegion {
                eta: -0.01,
                ..TrustRegion::exact()
            },
            "eta",
        ),
        (
            TrustRegion {
                eta: 0.25,
                ..TrustRegion::exact()
            },
            "eta",
        ),
        (
            TrustRegion {
                eta: f64::NAN,
                ..TrustRegion::exact()
            },
            "eta",
        ),
        (
            TrustRegion::new(MoreSorensen {
                k_easy: 0.0,
                ..Default::default()
            }),
            "k_easy",
        ),
        (
            TrustRegion::new(MoreSorensen {
                k_hard: 1.0,
                ..Default::default()
            }),
            "k_hard",
        ),
        (
            TrustRegion::new(MoreSorensen {
                max_iters: 0,
                ..Default::default()
            }),
            "max_iters",
        ),
    ] {
        assert_eq!(refused(&method), name);
    }
    // The driver's checks are the same whatever the solver.
    assert_eq!(
        refused(&TrustRegion {
            initial_trust_radius: f64::NAN,
            ..TrustRegion::dogleg()
        }),
        "initial_trust_radius"
    );
    assert_eq!(
        refused(&TrustRegion {
            initial_trust_radius: f64::INFINITY,
            ..TrustRegion::ncg()
        }),
        "initial_trust_radius"
    );
    assert_eq!(
        refused(&TrustRegion {
            max_trust_radius: 0.5,
            ..TrustRegion::cauchy()
        }),
        "max_trust_radius"
    );
    assert_eq!(
        refused(&TrustRegion::new(Steihaug {
            max_iters: Some(0),
            ..Steihaug::default()
        })),
        "max_iters"
    );
    // Δ_max = Δ₀ is allowed (scipy insists on <, which forbids a fixed radius).
    let fixed = TrustRegion {
        initial_trust_radius: 2.0,
        max_trust_radius: 2.0,
        ..TrustRegion::exact()
    };
    assert!(minimize(&fixed, &Bowl, &[1.0, 1.0], &Stop::after(10)).is_ok());
    // The message names the parameter and its range.
    let err = minimize(
        &TrustRegion {
            eta: 0.3,
            ..TrustRegion::exact()
        },
        &Bowl,
        &[1.0, 1.0],
        &Stop::after(1),
    );
    assert_eq!(
        err.unwrap_err().to_string(),
        "invalid eta = 0.3: must be in [0, 0.25)"
    );
}

fn invalid_name<T: std::fmt::Debug>(r: Result<T, Error>) -> &'static str {
    match r {
        Err(Error::InvalidParameter { name, .. }) => name,
        other => panic!("expected InvalidParameter, got {other:?}"),
    }
}

fn run<M: Method<Rosenbrock>>(m: &M) -> Result<Run, Error> {
    minimize(m, &Rosenbrock::new(), &[4.0, -4.1], &Stop::after(10))
}

/// An edit of the line-search settings.
type Change = Box<dyn Fn(&mut StrongWolfe)>;

fn edited_line_searches(change: impl Fn(&mut StrongWolfe)) -> (Bfgs, Lbfgs, NewtonCg) {
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
        let (b, l, n) = edited_line_searches(change);
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
    let r = Armijo::default().search(&f, &x, &p, 1.0, -1.0, 1.0, &mut xn, &mut gn);
    assert!(matches!(r, Err(Error::DimensionMismatch { what: "d", .. })));
    let bad = Armijo {
        rho: 1.0,
        ..Armijo::default()
    };
    let r = bad.search(&f, &x, &x, 1.0, -1.0, 1.0, &mut xn, &mut gn);
    assert!(matches!(
        r,
        Err(Error::InvalidParameter { name: "rho", .. })
    ));
}

/// f(x) = 0 on ℝ⁰.
struct Empty;
impl Objective for Empty {
    fn dim(&self) -> usize {
        0
    }
    fn value(&self, _: &[f64]) -> f64 {
        0.0
    }
    fn gradient(&self, _: &[f64], _: &mut [f64]) {}
}
impl HessianProduct for Empty {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        optim_core::dense_hessian_vector_product(self, x, v, hv)
    }
}

impl Hessian for Empty {
    fn hessian(&self, _: &[f64], _: &mut [f64]) {}
}

fn nothing_to_minimise<M: Method<Empty>>(m: &M) {
    let r = minimize(m, &Empty, &[], &Stop::after(10));
    assert_eq!(r.unwrap_err(), Error::ZeroDimensional);
}

#[test]
fn a_zero_dimensional_objective_is_refused_by_every_method() {
    nothing_to_minimise(&Newton::pure());
    nothing_to_minimise(&Newton::line_search());
    nothing_to_minimise(&ModifiedNewton::default());
    nothing_to_minimise(&Levenberg::default());
    nothing_to_minimise(&TrustRegion::exact());
    nothing_to_minimise(&TrustRegion::dogleg());
    nothing_to_minimise(&TrustRegion::ncg());
    nothing_to_minimise(&TrustRegion::cauchy());
    nothing_to_minimise(&Bfgs::default());
    nothing_to_minimise(&Lbfgs::default());
    nothing_to_minimise(&NewtonCg::default());
    nothing_to_minimise(&CurvatureScaledGd::default());
}
