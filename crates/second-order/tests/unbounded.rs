//! Objectives unbounded below: the strong-Wolfe methods move as far as their search
//! went and end with `StopReason::Unbounded`, which is not convergence.

use optim_core::{Hessian, Method, Objective, Run, Stop, StopReason, minimize};
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
