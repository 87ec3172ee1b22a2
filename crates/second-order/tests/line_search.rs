//! The Moré–Thuente line search against the paper's own tables, and its failures.
//!
//! Moré & Thuente, "Line search algorithms with guaranteed sufficient decrease", ACM
//! TOMS 20(3), 1994, Tables 1–6: for six functions and initial steps 10⁻³, 10⁻¹, 10,
//! 10³, the number of evaluations and the final step. A faithful `dcsrch` reproduces
//! every count.

use optim_core::FnObjective;
use second_order::line_search::LineSearch;
use second_order::line_search::{Failure, Outcome, StrongWolfe};

type Phi = Box<dyn Fn(f64) -> (f64, f64)>;

/// φ(α) = −α/(α² + β), β = 2 (Table 1).
fn phi1() -> Phi {
    let b = 2.0;
    Box::new(move |a: f64| (-a / (a * a + b), (a * a - b) / (a * a + b).powi(2)))
}

/// φ(α) = (α + β)⁵ − 2(α + β)⁴, β = 0.004 (Table 2).
fn phi2() -> Phi {
    let b = 0.004;
    Box::new(move |a: f64| {
        let t = a + b;
        (
            t.powi(5) - 2.0 * t.powi(4),
            5.0 * t.powi(4) - 8.0 * t.powi(3),
        )
    })
}

/// φ(α) = φ₀(α) + 2(1 − β)/(lπ)·sin(lπα/2), β = 0.01, l = 39 (Table 3).
fn phi3() -> Phi {
    let (beta, l) = (0.01f64, 39.0f64);
    let lp = l * std::f64::consts::PI;
    Box::new(move |a: f64| {
        let (p0, d0) = if a <= 1.0 - beta {
            (1.0 - a, -1.0)
        } else if a >= 1.0 + beta {
            (a - 1.0, 1.0)
        } else {
            (
                (a - 1.0).powi(2) / (2.0 * beta) + beta / 2.0,
                (a - 1.0) / beta,
            )
        };
        (
            p0 + 2.0 * (1.0 - beta) / lp * (lp * a / 2.0).sin(),
            d0 + (1.0 - beta) * (lp * a / 2.0).cos(),
        )
    })
}

/// φ(α) = γ(β₁)√((1 − α)² + β₂²) + γ(β₂)√(α² + β₁²), γ(β) = √(1 + β²) − β
/// (Tables 4–6).
fn phi456(b1: f64, b2: f64) -> Phi {
    let gam = |b: f64| (1.0 + b * b).sqrt() - b;
    let (g1, g2) = (gam(b1), gam(b2));
    Box::new(move |a: f64| {
        let t1 = ((1.0 - a).powi(2) + b2 * b2).sqrt();
        let t2 = (a * a + b1 * b1).sqrt();
        (g1 * t1 + g2 * t2, g1 * (a - 1.0) / t1 + g2 * a / t2)
    })
}

/// The paper's μ = c₁ and η = c₂; where the paper uses μ = η we take c₂ a hair above
/// (c₁ < c₂ is required), which changes no count.
fn search(phi: &Phi, mu: f64, eta: f64, alpha0: f64) -> (usize, f64, f64) {
    let ls = StrongWolfe {
        c1: mu,
        c2: if eta > mu { eta } else { eta * (1.0 + 1e-9) },
        xtol: 1e-10,
        alpha_min: 0.0,
        alpha_max: 1e10,
        max_trials: 100,
        derivative_only_below: None,
    };
    let (f0, d0) = phi(0.0);
    match ls.search_scalar(phi, f0, d0, alpha0).unwrap() {
        Outcome::Accepted(a) => {
            // Both strong-Wolfe conditions hold at the returned step.
            let (f, d) = phi(a.alpha);
            assert_eq!((f, d), (a.value, a.slope));
            assert!(f <= f0 + mu * a.alpha * d0);
            assert!(d.abs() <= ls.c2 * d0.abs());
            (a.trials, a.alpha, a.slope)
        }
        Outcome::Failed { reason, trials } => panic!("failed: {reason:?} after {trials}"),
        Outcome::Unbounded(a) => panic!("unbounded: {a:?}"),
    }
}

const STARTS: [f64; 4] = [1e-3, 1e-1, 1e1, 1e3];

fn table(phi: Phi, mu: f64, eta: f64, expected: [(usize, f64); 4], digits: f64) {
    for (alpha0, (trials, alpha)) in STARTS.into_iter().zip(expected) {
        let (t, a, _) = search(&phi, mu, eta, alpha0);
        assert_eq!(t, trials, "α₀ = {alpha0}: evaluations");
        assert!(
            (a - alpha).abs() <= digits,
            "α₀ = {alpha0}: α = {a}, paper {alpha}"
        );
    }
}

#[test]
fn table_1() {
    table(
        phi1(),
        1e-3,
        0.1,
        [(6, 1.36), (3, 1.44), (1, 10.0), (4, 36.89)],
        0.01,
    );
    // The derivatives at the final steps, as printed: −9.2e-3, 4.7e-3, 9.4e-3, 7.3e-4.
    let d: Vec<f64> = STARTS
        .iter()
        .map(|&a| search(&phi1(), 1e-3, 0.1, a).2)
        .collect();
    for (got, want) in d.iter().zip([-9.2e-3, 4.7e-3, 9.4e-3, 7.3e-4]) {
        assert!((got - want).abs() < 0.06 * want.abs(), "{got} vs {want}");
    }
}

#[test]
fn table_2() {
    table(
        phi2(),
        0.1,
        0.1,
        [(12, 1.6), (8, 1.6), (8, 1.6), (11, 1.6)],
        0.01,
    );
}

#[test]
fn table_3() {
    table(
        phi3(),
        0.1,
        0.1,
        [(12, 1.0), (12, 1.0), (10, 1.0), (13, 1.0)],
        0.01,
    );
}

#[test]
fn table_4() {
    table(
        phi456(0.001, 0.001),
        0.001,
        0.001,
        [(4, 0.085), (1, 0.10), (3, 0.35), (4, 0.83)],
        0.005,
    );
}

#[test]
fn table_5() {
    table(
        phi456(0.01, 0.001),
        0.001,
        0.001,
        [(6, 0.075), (3, 0.078), (7, 0.073), (8, 0.076)],
        0.0005,
    );
}

#[test]
fn table_6() {
    table(
        phi456(0.001, 0.01),
        0.001,
        0.001,
        [(13, 0.93), (11, 0.93), (8, 0.92), (11, 0.92)],
        0.005,
    );
}

#[test]
fn an_ascent_direction_fails_without_evaluating() {
    let ls = StrongWolfe::default();
    let out = ls
        .search_scalar(|_| panic!("evaluated"), 1.0, 0.5, 1.0)
        .unwrap();
    assert_eq!(
        out,
        Outcome::Failed {
            reason: Failure::NotDescent,
            trials: 0
        }
    );
    let out = ls
        .search_scalar(|_| panic!("evaluated"), f64::NAN, -1.0, 1.0)
        .unwrap();
    assert!(matches!(
        out,
        Outcome::Failed {
            reason: Failure::NonFinite,
            ..
        }
    ));
}

#[test]
fn the_trial_budget_is_respected() {
    // Table 2 from α₀ = 10⁻³ needs 12 evaluations; allow 5.
    let phi = phi2();
    let ls = StrongWolfe {
        c1: 0.1,
        c2: 0.2,
        max_trials: 5,
        ..StrongWolfe::default()
    };
    let (f0, d0) = phi(0.0);
    let mut calls = 0;
    let out = ls
        .search_scalar(
            |a| {
                calls += 1;
                phi(a)
            },
            f0,
            d0,
            1e-3,
        )
        .unwrap();
    // Five trials, all extrapolating (φ is concave up to α = 1.2, so φ′ only grows
    // steeper): nothing bracketed yet and φ still falling faster than c₁φ′(0), which
    // is what an unbounded φ looks like; the last trial is returned.
    let Outcome::Unbounded(last) = out else {
        panic!("{out:?}")
    };
    assert_eq!(last.trials, 5);
    assert_eq!(calls, 5);
    // From α₀ = 10 the first trial overshoots (φ(10) > φ(0)) and brackets the
    // minimiser: out of trials after that is a failure.
    let ls = StrongWolfe {
        max_trials: 3,
        ..ls
    };
    let out = ls.search_scalar(&phi, f0, d0, 10.0).unwrap();
    assert_eq!(
        out,
        Outcome::Failed {
            reason: Failure::TooManyTrials,
            trials: 3
        }
    );
}

#[test]
fn a_wrong_derivative_fails_within_the_budget() {
    // φ(α) = (α − 1)² but φ′ reported as −2(1 + α): |φ′| ≥ 2 > c₂|φ′(0)| = 1.8
    // everywhere, so no step is ever accepted.
    let ls = StrongWolfe::default();
    let mut calls = 0;
    let out = ls
        .search_scalar(
            |a: f64| {
                calls += 1;
                ((a - 1.0).powi(2), -2.0 * (1.0 + a))
            },
            1.0,
            -2.0,
            1.0,
        )
        .unwrap();
    match out {
        Outcome::Failed { trials, reason } => {
            // The bracket around the minimiser of φ shrinks to xtol = 1e-14.
            assert_eq!((reason, trials), (Failure::IntervalCollapsed, 24));
            assert_eq!(trials, calls);
        }
        Outcome::Accepted(a) | Outcome::Unbounded(a) => panic!("accepted {a:?}"),
    }
}

#[test]
fn a_nan_region_is_backed_out_of() {
    // φ(α) = (α − 3)², undefined beyond α = 2: the first trial 10 is NaN, the search
    // halves towards 0 and ends inside the region where φ is defined.
    let ls = StrongWolfe::default();
    let mut trials_seen = Vec::new();
    let out = ls
        .search_scalar(
            |a: f64| {
                trials_seen.push(a);
                if a > 2.0 {
                    (f64::NAN, f64::NAN)
                } else {
                    ((a - 3.0).powi(2), 2.0 * (a - 3.0))
                }
            },
            9.0,
            -6.0,
            10.0,
        )
        .unwrap();
    assert_eq!(trials_seen[..3], [10.0, 5.0, 2.5]);
    // The cap drops to 90% of every NaN step: the search never exceeds 2.25 after 2.5.
    assert!(trials_seen[3..].iter().all(|&a| a <= 2.25));
    match out {
        // Still decreasing at the largest finite step allowed: reported, not hung.
        Outcome::Failed { reason, trials } => {
            assert_eq!(reason, Failure::AtMaxStep);
            assert!(trials < 20);
        }
        Outcome::Accepted(a) => assert!(a.alpha <= 2.0 && a.value.is_finite()),
        // The largest step left is a NaN barrier, not evidence of an unbounded f.
        Outcome::Unbounded(a) => panic!("unbounded: {a:?}"),
    }
}

#[test]
fn the_vector_search_is_the_scalar_search_along_p() {
    // f(x) = x₀² + 10x₁², from (1, 1) along p = −∇f.
    let f = FnObjective::new(
        2,
        |x: &[f64]| x[0] * x[0] + 10.0 * x[1] * x[1],
        |x: &[f64], g: &mut [f64]| {
            g[0] = 2.0 * x[0];
            g[1] = 20.0 * x[1];
        },
    );
    let (x, p) = ([1.0, 1.0], [-2.0, -20.0]);
    let slope0 = -(4.0 + 400.0);
    let ls = StrongWolfe::default();
    let (mut xn, mut gn) = ([0.0; 2], [0.0; 2]);
    let out = ls
        .search(&f, &x, &p, 11.0, slope0, 1.0, &mut xn, &mut gn)
        .unwrap();
    let scalar = ls
        .search_scalar(
            |a| {
                let (u, v) = (1.0 - 2.0 * a, 1.0 - 20.0 * a);
                (u * u + 10.0 * v * v, 2.0 * u * -2.0 + 20.0 * v * -20.0)
            },
            11.0,
            slope0,
            1.0,
        )
        .unwrap();
    assert_eq!(out, scalar);
    let Outcome::Accepted(a) = out else {
        panic!("{out:?}")
    };
    assert_eq!(xn, [1.0 - 2.0 * a.alpha, 1.0 - 20.0 * a.alpha]);
    assert_eq!(gn, [2.0 * xn[0], 20.0 * xn[1]]);
    // The exact minimiser along p is α* = 404/8008 ≈ 0.0504.
    assert!((a.alpha - 404.0 / 8008.0).abs() < 0.02, "{}", a.alpha);
}
