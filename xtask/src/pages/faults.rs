//! The page `docs/faults.md`: every bad input and fault the toolkit handles, what the
//! user gets for it (an `Error` or a `StopReason`, and its message), measured by
//! making the call in this run, and the test that asserts it.
//!
//! Each row is a [`Case`]: the call is made when the page is generated, so the
//! outcome printed is the one the library gives today (the figures test regenerates
//! the page and fails when the committed one differs), and the named test must exist
//! (`xtask/tests/faults.rs` reads the test files).

use std::time::Duration;

use ::landscapes::{Quadratic, Rosenbrock};
use first_order::{Adam, Sgd};
use optim_core::{
    Error, FnObjective, Objective, Outcome, Run, Stop, check_gradient, minimize, minimize_many,
    minimize_until, resume,
};
use second_order::trust_region::{Dogleg, MoreSorensen, Steihaug};
use second_order::{Bfgs, Lbfgs, ModifiedNewton, Newton, NewtonCg, TrustRegion};

use crate::Error as XtaskError;
use crate::catalogue::Spec;
use crate::markdown::table;
use crate::study::{Data, StudyDef};

/// One bad input or fault: what it is, the call, and the test that shows it.
pub struct Case {
    /// The fault, in words.
    pub fault: &'static str,
    /// The call made (in words or code).
    pub call: &'static str,
    /// `crate/tests/file.rs::test_name`, the test that asserts the outcome.
    pub test: &'static str,
    /// Makes the call; returns what the user gets.
    pub outcome: fn() -> Result<Run, Error>,
}

fn rosenbrock_run<M: optim_core::Method<Rosenbrock>>(m: &M, x0: &[f64]) -> Result<Run, Error> {
    minimize(m, &Rosenbrock::new(), x0, &Stop::after(200))
}

/// f = ½‖x‖² where ‖x‖ ≤ 10, NaN outside; its gradient is the identity's.
fn nan_beyond(radius: f64) -> impl optim_core::Hessian {
    FnObjective::new(
        2,
        move |x: &[f64]| {
            let r2 = x[0] * x[0] + x[1] * x[1];
            if r2 > radius * radius {
                f64::NAN
            } else {
                0.5 * r2
            }
        },
        |x: &[f64], g: &mut [f64]| g.copy_from_slice(x),
    )
    .with_hessian(|_: &[f64], h: &mut [f64]| h.copy_from_slice(&[1.0, 0.0, 0.0, 1.0]))
}

/// f = Σ log cosh(xᵢ − 1) where ‖x‖ ≤ 10, NaN outside: its Newton step from 3,
/// −½ sinh(2(x − 1)), lands at −24.3, where f is undefined.
fn log_cosh() -> impl optim_core::Hessian {
    let outside = |x: &[f64]| x[0] * x[0] + x[1] * x[1] > 100.0;
    FnObjective::new(
        2,
        move |x: &[f64]| {
            if outside(x) {
                f64::NAN
            } else {
                x.iter().map(|v| (v - 1.0).cosh().ln()).sum()
            }
        },
        move |x: &[f64], g: &mut [f64]| {
            for (g, v) in g.iter_mut().zip(x) {
                *g = if outside(x) {
                    f64::NAN
                } else {
                    (v - 1.0).tanh()
                };
            }
        },
    )
    .with_hessian(move |x: &[f64], h: &mut [f64]| {
        let d = |v: f64| 1.0 / (v - 1.0).cosh().powi(2);
        h.copy_from_slice(&[d(x[0]), 0.0, 0.0, d(x[1])]);
        if outside(x) {
            h.fill(f64::NAN);
        }
    })
}

/// f = ½(x₀² − x₁²), a saddle: the Hessian diag(1, −1) is indefinite.
fn saddle() -> impl optim_core::Hessian {
    FnObjective::new(
        2,
        |x: &[f64]| 0.5 * (x[0] * x[0] - x[1] * x[1]),
        |x: &[f64], g: &mut [f64]| {
            g[0] = x[0];
            g[1] = -x[1];
        },
    )
    .with_hessian(|_: &[f64], h: &mut [f64]| h.copy_from_slice(&[1.0, 0.0, 0.0, -1.0]))
}

/// f = x₀⁴ + x₁²: its Hessian diag(12x₀², 2) is singular on x₀ = 0.
fn singular() -> impl optim_core::Hessian {
    FnObjective::new(
        2,
        |x: &[f64]| x[0].powi(4) + x[1] * x[1],
        |x: &[f64], g: &mut [f64]| {
            g[0] = 4.0 * x[0].powi(3);
            g[1] = 2.0 * x[1];
        },
    )
    .with_hessian(|x: &[f64], h: &mut [f64]| {
        h.copy_from_slice(&[12.0 * x[0] * x[0], 0.0, 0.0, 2.0])
    })
}

/// f = x₀ + x₁, a plane: unbounded below.
fn plane() -> impl Objective {
    FnObjective::new(
        2,
        |x: &[f64]| x[0] + x[1],
        |_: &[f64], g: &mut [f64]| g.fill(1.0),
    )
}

/// Rosenbrock with the gradient's sign flipped.
fn wrong_sign() -> impl Objective {
    FnObjective::new(
        2,
        |x: &[f64]| Rosenbrock::new().value(x),
        |x: &[f64], g: &mut [f64]| {
            Rosenbrock::new().gradient(x, g);
            g.iter_mut().for_each(|v| *v = -*v);
        },
    )
}

/// Every case of the page, in its order.
pub const CASES: &[Case] = &[
    Case {
        fault: "x₀ of the wrong length",
        call: "`minimize(&Bfgs::default(), &Rosenbrock::new(), &[1.0, 2.0, 3.0], …)`",
        test: "second-order/tests/refusals.rs::a_wrong_start_length_is_refused",
        outcome: || rosenbrock_run(&Bfgs::default(), &[1.0, 2.0, 3.0]),
    },
    Case {
        fault: "x₀ empty",
        call: "`minimize(&Lbfgs::default(), &Rosenbrock::new(), &[], …)`",
        test: "second-order/tests/refusals.rs::a_wrong_start_length_is_refused",
        outcome: || rosenbrock_run(&Lbfgs::default(), &[]),
    },
    Case {
        fault: "an objective of dimension 0",
        call: "`minimize(&Adam::new(0.1), &FnObjective::new(0, …), &[], …)`",
        test: "second-order/tests/refusals.rs::a_zero_dimensional_objective_is_refused_by_every_method",
        outcome: || {
            let f = FnObjective::new(0, |_: &[f64]| 0.0, |_: &[f64], _: &mut [f64]| {});
            minimize(&Adam::new(0.1), &f, &[], &Stop::after(10))
        },
    },
    Case {
        fault: "x₀ holds a NaN",
        call: "`minimize(&Newton::default(), &Rosenbrock::new(), &[1.0, f64::NAN], …)`",
        test: "optim-core/tests/run_loop.rs::bad_input_is_an_error_that_names_the_problem",
        outcome: || rosenbrock_run(&Newton::default(), &[1.0, f64::NAN]),
    },
    Case {
        fault: "x₀ holds an infinity",
        call: "`minimize_many(&Sgd::new(0.1), …, &[vec![1.0, 1.0], vec![f64::INFINITY, 0.0]], …)`",
        test: "optim-core/tests/run_loop.rs::bad_input_is_an_error_that_names_the_problem",
        outcome: || {
            let starts = [vec![1.0, 1.0], vec![f64::INFINITY, 0.0]];
            minimize_many(
                &Sgd::new(0.1),
                &Rosenbrock::new(),
                &starts,
                &Stop::after(10),
            )
            .map(|mut runs| runs.remove(0))
        },
    },
    Case {
        fault: "no starting point",
        call: "`minimize_many(&Sgd::new(0.1), …, &[], …)`",
        test: "optim-core/tests/run_loop.rs::bad_input_is_an_error_that_names_the_problem",
        outcome: || {
            let none: [Vec<f64>; 0] = [];
            minimize_many(&Sgd::new(0.1), &Rosenbrock::new(), &none, &Stop::after(10))
                .map(|mut runs| runs.remove(0))
        },
    },
    Case {
        fault: "a hyper-parameter out of range (first-order: every one of every rule)",
        call: "`Adam { betas: (0.9, 1.0), ..Adam::new(1e-3) }`",
        test: "first-order/tests/invalid.rs::adam_family_refusals",
        outcome: || {
            let adam = Adam {
                betas: (0.9, 1.0),
                ..Adam::new(1e-3)
            };
            rosenbrock_run(&adam, &[0.0, 0.0])
        },
    },
    Case {
        fault: "a hyper-parameter that is NaN",
        call: "`Sgd::new(f64::NAN)`",
        test: "first-order/tests/invalid.rs::sgd_refusals",
        outcome: || rosenbrock_run(&Sgd::new(f64::NAN), &[0.0, 0.0]),
    },
    Case {
        fault: "parameters valid alone but not together",
        call: "`Sgd { nesterov: true, ..Sgd::new(0.1) }` (no momentum)",
        test: "first-order/tests/invalid.rs::sgd_refusals",
        outcome: || {
            let sgd = Sgd {
                nesterov: true,
                ..Sgd::new(0.1)
            };
            rosenbrock_run(&sgd, &[0.0, 0.0])
        },
    },
    Case {
        fault: "a hyper-parameter out of range (second-order: every one of every method)",
        call: "`Lbfgs::new(0)` (no memory)",
        test: "second-order/tests/refusals.rs::invalid_configurations_are_errors_naming_the_parameter",
        outcome: || rosenbrock_run(&Lbfgs::new(0), &[0.0, 0.0]),
    },
    Case {
        fault: "a line-search setting out of range",
        call: "`Bfgs` with Wolfe constants c₁ = 0.9 ≥ c₂ = 0.5",
        test: "second-order/tests/refusals.rs::invalid_line_search_settings_are_refused_by_every_method",
        outcome: || {
            let mut bfgs = Bfgs::default();
            bfgs.line_search.c1 = 0.9;
            bfgs.line_search.c2 = 0.5;
            rosenbrock_run(&bfgs, &[0.0, 0.0])
        },
    },
    Case {
        fault: "a trust-region setting out of range",
        call: "`TrustRegion::new(Steihaug { max_iters: Some(0), .. })`",
        test: "second-order/tests/refusals.rs::invalid_configurations_are_errors_naming_the_parameter",
        outcome: || {
            let tr = TrustRegion::new(Steihaug {
                max_iters: Some(0),
                ..Steihaug::default()
            });
            rosenbrock_run(&tr, &[0.0, 0.0])
        },
    },
    Case {
        fault: "a stopping rule that can never end",
        call: "`Stop::unbounded().grad_tol(1e-6)` (no iteration or time budget)",
        test: "optim-core/tests/run_loop.rs::bad_input_is_an_error_that_names_the_problem",
        outcome: || {
            minimize(
                &Bfgs::default(),
                &Rosenbrock::new(),
                &[0.0, 0.0],
                &Stop::unbounded().grad_tol(1e-6),
            )
        },
    },
    Case {
        fault: "a negative tolerance",
        call: "`Stop::after(100).grad_tol(-1.0)`",
        test: "optim-core/tests/run_loop.rs::bad_input_is_an_error_that_names_the_problem",
        outcome: || {
            minimize(
                &Bfgs::default(),
                &Rosenbrock::new(),
                &[0.0, 0.0],
                &Stop::after(100).grad_tol(-1.0),
            )
        },
    },
    Case {
        fault: "f(x₀) is NaN",
        call: "BFGS from outside the domain of f = ½‖x‖² (NaN beyond ‖x‖ = 10), x₀ = (20, 0)",
        test: "optim-core/tests/run_loop.rs::nan_from_the_objective_ends_the_run",
        outcome: || {
            minimize(
                &Bfgs::default(),
                &nan_beyond(10.0),
                &[20.0, 0.0],
                &Stop::after(100),
            )
        },
    },
    Case {
        fault: "f(x₀) is +∞ or −∞",
        call: "GD on f = +∞",
        test: "optim-core/tests/run_loop.rs::a_zero_gradient_or_an_infinite_value_at_the_start_ends_the_run_at_once",
        outcome: || {
            let f = FnObjective::new(
                1,
                |_: &[f64]| f64::INFINITY,
                |_: &[f64], g: &mut [f64]| g[0] = 1.0,
            );
            minimize(&Sgd::new(0.1), &f, &[2.0], &Stop::after(100))
        },
    },
    Case {
        fault: "f is NaN at a trial point of a line search",
        call: "Newton with Armijo backtracking on Σ log cosh(xᵢ − 1), NaN beyond ‖x‖ = 10, from (3, 3): the full Newton step lands at (−24.3, −24.3)",
        test: "second-order/tests/faults.rs::safeguarded_methods_back_off_from_nan_and_converge",
        outcome: || {
            minimize(
                &Newton::default(),
                &log_cosh(),
                &[3.0, 3.0],
                &Stop::after(100),
            )
        },
    },
    Case {
        fault: "f becomes NaN after some steps (an unguarded method leaves the domain)",
        call: "GD with lr = 2.5 on f = ½‖x‖², NaN beyond ‖x‖ = 10, from (1, 0)",
        test: "optim-core/tests/run_loop.rs::nan_from_the_objective_ends_the_run",
        outcome: || {
            minimize(
                &Sgd::new(2.5),
                &nan_beyond(10.0),
                &[1.0, 0.0],
                &Stop::after(100),
            )
        },
    },
    Case {
        fault: "f is NaN from some point on, for a trust region",
        call: "`TrustRegion::dogleg()` with initial radius 100 on the same log cosh from (3, 3): trial steps into the NaN region are rejected and the radius shrinks",
        test: "second-order/tests/faults.rs::nan_beyond_a_radius_stops_at_the_last_finite_iterate",
        outcome: || {
            let tr = TrustRegion {
                initial_trust_radius: 100.0,
                ..TrustRegion::dogleg()
            };
            minimize(&tr, &log_cosh(), &[3.0, 3.0], &Stop::after(100))
        },
    },
    Case {
        fault: "a wrong-signed gradient (found by `check_gradient`)",
        call: "`check_gradient(&f, &[-1.2, 1.0])` with ∇f negated",
        test: "optim-core/tests/checks.rs::right_derivatives_pass_and_wrong_ones_fail",
        outcome: || {
            let check = check_gradient(&wrong_sign(), &[-1.2, 1.0])?;
            // Reported as a run-like outcome: the check is data, not an error.
            Err(Error::External {
                library: "check_gradient",
                message: format!(
                    "passes(1e-6) = {}, largest relative error {:.2}",
                    check.passes(1e-6),
                    check.max_rel_error
                ),
            })
        },
    },
    Case {
        fault: "a wrong-signed gradient (in a run)",
        call: "BFGS on Rosenbrock with ∇f negated, from (−1.2, 1)",
        test: "second-order/tests/faults.rs::a_wrong_gradient_ends_every_line_search_method_with_line_search_failed",
        outcome: || {
            minimize(
                &Bfgs::default(),
                &wrong_sign(),
                &[-1.2, 1.0],
                &Stop::after(100),
            )
        },
    },
    Case {
        fault: "a value that jumps (a wall in f the gradient does not show)",
        call: "`TrustRegion::ncg()` on (x − 1)² + 10⁴·[x > 0] from −3, stop also on a value change below 1e-12",
        test: "second-order/tests/adversarial.rs::a_trust_region_does_not_climb_a_wall",
        outcome: || {
            let wall = FnObjective::new(
                1,
                |x: &[f64]| (x[0] - 1.0).powi(2) + if x[0] > 0.0 { 1e4 } else { 0.0 },
                |x: &[f64], g: &mut [f64]| g[0] = 2.0 * (x[0] - 1.0),
            )
            .with_hessian_product(|_: &[f64], v: &[f64], hv: &mut [f64]| hv[0] = 2.0 * v[0]);
            minimize(
                &TrustRegion::ncg(),
                &wall,
                &[-3.0],
                &Stop::after(200).value_tol(1e-12),
            )
        },
    },
    Case {
        fault: "a gradient beyond 10¹⁵⁴ (its squares overflow, its norm does not)",
        call: "`Newton::default()` on 10³⁰⁰·(x₀² + x₁²) from (1, 1)",
        test: "second-order/tests/adversarial.rs::gradient_norm_overflow_is_not_divergence",
        outcome: || {
            let f = FnObjective::new(
                2,
                |x: &[f64]| 1e300 * (x[0] * x[0] + x[1] * x[1]),
                |x: &[f64], g: &mut [f64]| {
                    g[0] = 2e300 * x[0];
                    g[1] = 2e300 * x[1];
                },
            )
            .with_hessian(|_: &[f64], h: &mut [f64]| h.copy_from_slice(&[2e300, 0.0, 0.0, 2e300]));
            minimize(&Newton::default(), &f, &[1.0, 1.0], &Stop::after(20))
        },
    },
    Case {
        fault: "a gradient below 10⁻¹⁶² (its squares underflow, its norm does not)",
        call: "`Newton::default()` on 10⁻³⁰⁰·(x₀² + x₁²) from (1, 1), `grad_tol(1e-305)`",
        test: "second-order/tests/adversarial.rs::gradient_norm_underflow_is_not_convergence",
        outcome: || {
            let f = FnObjective::new(
                2,
                |x: &[f64]| 1e-300 * (x[0] * x[0] + x[1] * x[1]),
                |x: &[f64], g: &mut [f64]| {
                    g[0] = 2e-300 * x[0];
                    g[1] = 2e-300 * x[1];
                },
            )
            .with_hessian(|_: &[f64], h: &mut [f64]| {
                h.copy_from_slice(&[2e-300, 0.0, 0.0, 2e-300])
            });
            minimize(
                &Newton::default(),
                &f,
                &[1.0, 1.0],
                &Stop::after(20).grad_tol(1e-305),
            )
        },
    },
    Case {
        fault: "a NaN Hessian, with an unbounded solver budget",
        call: "`TrustRegion::new(MoreSorensen { max_iters: usize::MAX, .. })` on ‖x‖² with ∂²f/∂x₀² = NaN",
        test: "second-order/tests/fuzz.rs::more_sorensen_with_a_huge_budget_on_a_nan_hessian",
        outcome: || {
            let f = FnObjective::new(
                2,
                |x: &[f64]| x[0] * x[0] + x[1] * x[1],
                |x: &[f64], g: &mut [f64]| {
                    g[0] = 2.0 * x[0];
                    g[1] = 2.0 * x[1];
                },
            )
            .with_hessian(|_: &[f64], h: &mut [f64]| h.copy_from_slice(&[f64::NAN, 0.0, 0.0, 1.0]));
            let m = TrustRegion::new(MoreSorensen {
                max_iters: usize::MAX,
                ..MoreSorensen::default()
            });
            minimize(&m, &f, &[1.0, 1.0], &Stop::after(5))
        },
    },
    Case {
        fault: "a memory too large to hold",
        call: "`Lbfgs::new(usize::MAX)`",
        test: "second-order/tests/fuzz.rs::lbfgs_m_usize_max_is_refused",
        outcome: || rosenbrock_run(&Lbfgs::new(usize::MAX), &[0.0, 0.0]),
    },
    Case {
        fault: "zero gradient at x₀",
        call: "Newton-CG on x² + 100y² from its minimiser (0, 0)",
        test: "optim-core/tests/run_loop.rs::a_zero_gradient_or_an_infinite_value_at_the_start_ends_the_run_at_once",
        outcome: || {
            minimize(
                &NewtonCg::default(),
                &Quadratic::ill_conditioned(),
                &[0.0, 0.0],
                &Stop::after(100),
            )
        },
    },
    Case {
        fault: "a singular Hessian (pure Newton)",
        call: "`Newton::pure()` on x₀⁴ + x₁² from (0, 1), where ∇²f = diag(0, 2)",
        test: "second-order/tests/faults.rs::a_singular_hessian_stops_pure_newton_and_is_handled_by_the_safeguards",
        outcome: || minimize(&Newton::pure(), &singular(), &[0.0, 1.0], &Stop::after(100)),
    },
    Case {
        fault: "an indefinite Hessian (pure Newton)",
        call: "`Newton::pure()` on the saddle ½(x₀² − x₁²) from (1, 1)",
        test: "second-order/tests/faults.rs::an_indefinite_hessian_sends_pure_newton_to_the_saddle_and_no_safeguarded_method_uphill",
        outcome: || minimize(&Newton::pure(), &saddle(), &[1.0, 1.0], &Stop::after(100)),
    },
    Case {
        fault: "an indefinite Hessian (modified Newton)",
        call: "`ModifiedNewton::default()` on the saddle from (1, 1): H + τI gives descent directions, f falls without bound along x₁, and Armijo backtracking cannot tell",
        test: "second-order/tests/faults.rs::an_indefinite_hessian_sends_pure_newton_to_the_saddle_and_no_safeguarded_method_uphill",
        outcome: || {
            minimize(
                &ModifiedNewton::default(),
                &saddle(),
                &[1.0, 1.0],
                &Stop::after(100),
            )
        },
    },
    Case {
        fault: "an indefinite Hessian (dogleg)",
        call: "`TrustRegion::dogleg()` on Rosenbrock from (0.5, 1), where ∂²f/∂x² = −98",
        test: "second-order/tests/trust_region.rs::indefinite_hessians_in_the_driver_are_recorded_and_never_go_uphill",
        outcome: || {
            minimize(
                &TrustRegion::new(Dogleg::default()),
                &Rosenbrock::new(),
                &[0.5, 1.0],
                &Stop::after(200),
            )
        },
    },
    Case {
        fault: "an objective unbounded below",
        call: "L-BFGS on the plane x₀ + x₁",
        test: "second-order/tests/faults.rs::bfgs_lbfgs_and_newton_cg_report_an_unbounded_plane",
        outcome: || minimize(&Lbfgs::default(), &plane(), &[1.0, 2.0], &Stop::after(100)),
    },
    Case {
        fault: "a time budget",
        call: "`Stop::unbounded().max_time(1 ms)` on GD with a tiny rate",
        test: "optim-core/tests/run_loop.rs::bad_input_is_an_error_that_names_the_problem",
        outcome: || {
            let stop = Stop::unbounded()
                .max_time(Duration::from_millis(1))
                .grad_tol(1e-300);
            minimize(&Sgd::new(1e-15), &Rosenbrock::new(), &[-1.2, 1.0], &stop)
        },
    },
    Case {
        fault: "a checkpoint resumed with another method",
        call: "`resume` of an L-BFGS checkpoint with a method of the same state type under another name",
        test: "optim-core/tests/checkpoint.rs::checkpoints_that_cannot_belong_to_the_run_are_refused",
        outcome: || {
            let (f, stop) = (Rosenbrock::new(), Stop::after(100));
            resume(
                &Renamed(Lbfgs::new(5)),
                &f,
                paused_lbfgs(&f, &stop, 3)?,
                &stop,
            )
        },
    },
    Case {
        fault: "an L-BFGS checkpoint resumed with another memory m",
        call: "`resume` of a checkpoint of `Lbfgs::new(5)` with `Lbfgs::new(3)`",
        test: "second-order/tests/resume.rs::an_lbfgs_checkpoint_that_does_not_fit_the_memory_is_refused",
        outcome: || {
            let (f, stop) = (Rosenbrock::new(), Stop::after(100));
            resume(&Lbfgs::new(3), &f, paused_lbfgs(&f, &stop, 8)?, &stop)
        },
    },
];

/// L-BFGS with m = 5 on Rosenbrock from (−1.2, 1), paused after `k` iterations.
fn paused_lbfgs(
    f: &Rosenbrock,
    stop: &Stop,
    k: usize,
) -> Result<optim_core::Checkpoint<second_order::LbfgsState>, Error> {
    match minimize_until(&Lbfgs::new(5), f, &[-1.2, 1.0], stop, k)? {
        Outcome::Paused(checkpoint) => Ok(checkpoint),
        Outcome::Finished(_) => Err(Error::InvalidStop("the run did not pause")),
    }
}

/// L-BFGS under another name: a checkpoint's method is checked by name.
struct Renamed(Lbfgs);
impl optim_core::Named for Renamed {
    fn name(&self) -> &'static str {
        "renamed L-BFGS"
    }
}
impl<O: Objective + ?Sized> optim_core::Method<O> for Renamed {
    type State = <Lbfgs as optim_core::Method<O>>::State;
    fn init(
        &self,
        problem: &optim_core::Problem<'_, O>,
        x0: &[f64],
    ) -> Result<(Self::State, optim_core::Start), Error> {
        self.0.init(problem, x0)
    }
    fn iterate(
        &self,
        problem: &optim_core::Problem<'_, O>,
        x: &mut [f64],
        state: &mut Self::State,
    ) -> Result<optim_core::Step, Error> {
        self.0.iterate(problem, x, state)
    }
}

/// The variant's name of an `Error` (`DimensionMismatch`), from its `Debug` form.
fn variant(debug: &str) -> &str {
    let end = debug
        .find(|c: char| !c.is_alphanumeric())
        .unwrap_or(debug.len());
    &debug[..end]
}

/// What the user gets, as two cells: the kind and the message.
pub fn outcome(result: &Result<Run, Error>) -> (String, String) {
    match result {
        Err(Error::External { library, message }) if *library == "check_gradient" => {
            ("a `DerivativeCheck`".into(), message.clone())
        }
        Err(e) => (
            format!("`Err(Error::{})`", variant(&format!("{e:?}"))),
            e.to_string(),
        ),
        Ok(run) => {
            let finite = run.x.iter().all(|v| v.is_finite());
            // A time budget ends after however many iterations the machine made: the
            // page prints no number that varies from run to run.
            let when = match (run.stop, run.iterations) {
                (optim_core::StopReason::MaxTime, _) => "when the budget ran out".to_owned(),
                (_, 1) => "after 1 iteration".to_owned(),
                (_, k) => format!("after {k} iterations"),
            };
            (
                format!("`StopReason::{:?}`", run.stop),
                format!(
                    "{} ({when}; x {}, f = {})",
                    run.stop,
                    if finite { "finite" } else { "NOT FINITE" },
                    if run.value.is_finite() {
                        format!("{:.4e}", run.value)
                    } else {
                        format!("{}", run.value)
                    }
                ),
            )
        }
    }
}

fn catalogue() -> Result<Data, XtaskError> {
    let rows: Vec<Vec<String>> = CASES
        .iter()
        .map(|case| {
            let (kind, message) = outcome(&(case.outcome)());
            let (file, test) = case.test.split_once("::").unwrap_or((case.test, ""));
            vec![
                case.fault.to_owned(),
                case.call.to_owned(),
                kind,
                message.replace('|', "\\|"),
                format!("`{test}` (`crates/{file}`)"),
            ]
        })
        .collect();
    Ok(Data::default().value("count", CASES.len()).table(
        "catalogue",
        table(&["fault", "call", "what you get", "message", "test"], &rows),
    ))
}

/// The page's one study.
pub const STUDIES: &[StudyDef] = &[StudyDef {
    id: "faults",
    run: catalogue,
}];

/// The page has no figure.
pub const FIGURES: &[Spec] = &[];
