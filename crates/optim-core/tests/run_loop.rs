//! The run loop: stopping rules, traces, divergence, evaluation counts and bad input.

use std::ops::ControlFlow;

use optim_core::{
    Error, Event, Events, FnObjective, Method, Named, Objective, Problem, Record, Start, Step,
    Stop, StopReason, minimize, minimize_many, minimize_with, vector,
};

/// Fixed-step gradient descent, the smallest honest method.
struct Gd(f64);

impl Named for Gd {
    fn name(&self) -> &'static str {
        "GD"
    }
}

impl<O: Objective + ?Sized> Method<O> for Gd {
    type State = Vec<f64>;
    fn init(&self, f: &Problem<'_, O>, x0: &[f64]) -> Result<(Vec<f64>, Start), Error> {
        let mut g = vec![0.0; x0.len()];
        let v = f.value_and_gradient(x0, &mut g);
        let n = vector::norm(&g);
        Ok((g, Start::new(v, n)))
    }
    fn iterate(&self, f: &Problem<'_, O>, x: &mut [f64], g: &mut Vec<f64>) -> Result<Step, Error> {
        vector::axpy(-self.0, g, x);
        let v = f.value_and_gradient(x, g);
        Ok(Step::accept(v, vector::norm(g)))
    }
}

fn square() -> impl Objective + Sync {
    FnObjective::new(
        1,
        |x: &[f64]| x[0] * x[0],
        |x: &[f64], g: &mut [f64]| g[0] = 2.0 * x[0],
    )
}

#[test]
fn gd_on_square_follows_the_closed_form_and_counts_evaluations() {
    let run = minimize(&Gd(0.2), &square(), &[10.0], &Stop::after(10)).unwrap();
    assert_eq!(run.stop, StopReason::MaxIterations);
    assert_eq!(run.iterations, 10);
    // x_k = 10·(1 − 2η)^k
    for (k, x) in run.trace.xs().enumerate() {
        assert!((x[0] - 10.0 * 0.6f64.powi(k as i32)).abs() < 1e-12);
    }
    assert_eq!(run.trace.len(), 11);
    // init + 10 steps, one value_and_gradient each
    assert_eq!(run.evals.value, 11);
    assert_eq!(run.evals.gradient, 11);
    assert_eq!(run.trace.evals()[3].gradient, 4);
    assert_eq!(run.value, run.x[0] * run.x[0]);
}

#[test]
fn gradient_tolerance_stops_at_the_first_small_gradient() {
    let run = minimize(
        &Gd(0.2),
        &square(),
        &[10.0],
        &Stop::after(1000).grad_tol(1e-3),
    )
    .unwrap();
    assert_eq!(run.stop, StopReason::GradientTolerance);
    // ‖g_k‖ = 20·0.6^k ≤ 1e-3 first at k = ceil(ln(5e-5)/ln 0.6) = 20
    assert_eq!(run.iterations, 20);
    assert!(run.converged());
    // already converged at x0: no step at all
    let run = minimize(&Gd(0.2), &square(), &[0.0], &Stop::after(5).grad_tol(0.0)).unwrap();
    assert_eq!(
        (run.iterations, run.stop),
        (0, StopReason::GradientTolerance)
    );
}

#[test]
fn value_and_step_tolerances() {
    let run = minimize(
        &Gd(0.05),
        &square(),
        &[1.0],
        &Stop::after(1000).value_tol(1e-6),
    )
    .unwrap();
    assert_eq!(run.stop, StopReason::ValueTolerance);
    let k = run.trace.len() - 1;
    assert!((run.trace.values()[k - 1] - run.trace.values()[k]).abs() <= 1e-6);
    assert!((run.trace.values()[k - 2] - run.trace.values()[k - 1]).abs() > 1e-6);

    let run = minimize(
        &Gd(0.05),
        &square(),
        &[1.0],
        &Stop::after(1000).step_tol(1e-4),
    )
    .unwrap();
    assert_eq!(run.stop, StopReason::StepTolerance);
    // |Δx| = 0.1·|x_{k−1}|
    let xs: Vec<f64> = run.trace.xs().map(|x| x[0]).collect();
    let n = xs.len();
    assert!((xs[n - 1] - xs[n - 2]).abs() <= 1e-4 && (xs[n - 2] - xs[n - 3]).abs() > 1e-4);
}

#[test]
fn divergence_to_infinity_keeps_the_last_finite_iterate() {
    // η = 1.1 on x²: x_k = 10·(−1.2)^k, f overflows after ~1900 steps.
    let run = minimize(&Gd(1.1), &square(), &[10.0], &Stop::after(100_000)).unwrap();
    assert_eq!(run.stop, StopReason::Diverged);
    assert!(run.x[0].is_finite() && run.value.is_finite());
    assert!(run.value > 1e300);
    assert_eq!(run.trace.len(), run.iterations); // the non-finite step is not recorded
    assert!(run.trace.values().iter().all(|v| v.is_finite()));
    let last = run.trace.x(run.trace.len() - 1)[0];
    assert_eq!(last, run.x[0]);
}

#[test]
fn diverge_above_stops_early_and_keeps_the_point() {
    let stop = Stop::after(1000).diverge_above(1e6);
    let run = minimize(&Gd(1.1), &square(), &[10.0], &stop).unwrap();
    assert_eq!(run.stop, StopReason::Diverged);
    assert!(run.value > 1e6);
    // 100·1.44^k > 1e6 first at k = 26
    assert_eq!(run.iterations, 26);
}

#[test]
fn nan_from_the_objective_ends_the_run() {
    // f is NaN for |x| > 3: GD with η = 1.1 from 1 leaves the domain after a few steps.
    let f = FnObjective::new(
        1,
        |x: &[f64]| {
            if x[0].abs() > 3.0 {
                f64::NAN
            } else {
                x[0] * x[0]
            }
        },
        |x: &[f64], g: &mut [f64]| {
            g[0] = if x[0].abs() > 3.0 {
                f64::NAN
            } else {
                2.0 * x[0]
            }
        },
    );
    let run = minimize(&Gd(1.1), &f, &[1.0], &Stop::after(100)).unwrap();
    assert_eq!(run.stop, StopReason::Diverged);
    assert!(run.x[0].abs() <= 3.0 && run.value.is_finite());
    // 1, −1.2, 1.44, −1.728, 2.0736, −2.48832, 2.985984, then −3.58 → NaN at step 7
    assert_eq!(run.iterations, 7);
    assert!((run.x[0] - 1.2f64.powi(6)).abs() < 1e-12);
    // a NaN at x0 ends the run before any step
    let run = minimize(&Gd(1.1), &f, &[4.0], &Stop::after(100)).unwrap();
    assert_eq!((run.stop, run.iterations), (StopReason::Diverged, 0));
}

#[test]
fn recording_every_kth_and_off() {
    let stop = Stop::after(10).record(Record::Every(4));
    let run = minimize(&Gd(0.1), &square(), &[1.0], &stop).unwrap();
    assert_eq!(run.trace.iterations(), &[0, 4, 8, 10]);
    assert_eq!(run.trace.x(3), run.x.as_slice());
    let run = minimize(
        &Gd(0.1),
        &square(),
        &[1.0],
        &Stop::after(10).record(Record::Off),
    )
    .unwrap();
    assert!(run.trace.is_empty());
    assert_eq!(run.iterations, 10);
}

#[test]
fn callback_can_stop_the_run() {
    let mut seen = Vec::new();
    let run = minimize_with(&Gd(0.1), &square(), &[1.0], &Stop::after(100), |p| {
        seen.push(p.iteration);
        if p.value < 0.1 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    })
    .unwrap();
    assert_eq!(run.stop, StopReason::Callback);
    // 0.64^k < 0.1 first at k = 6
    assert_eq!(run.iterations, 6);
    assert_eq!(seen, vec![1, 2, 3, 4, 5, 6]);
}

#[test]
fn bad_input_is_an_error_that_names_the_problem() {
    let f = square();
    let err = minimize(&Gd(0.1), &f, &[1.0, 2.0], &Stop::after(5)).unwrap_err();
    assert_eq!(
        err,
        Error::DimensionMismatch {
            what: "x0",
            expected: 1,
            found: 2
        }
    );
    assert_eq!(err.to_string(), "x0 has length 2, expected 1");
    let err = minimize(&Gd(0.1), &f, &[f64::NAN], &Stop::after(5)).unwrap_err();
    assert_eq!(
        err,
        Error::NonFinite {
            what: "x0",
            index: 0
        }
    );
    let err = minimize(&Gd(0.1), &f, &[1.0], &Stop::unbounded().grad_tol(1e-6)).unwrap_err();
    assert!(matches!(err, Error::InvalidStop(_)), "{err}");
    assert!(err.to_string().contains("might never stop"));
    let err = minimize(&Gd(0.1), &f, &[1.0], &Stop::after(5).grad_tol(-1.0)).unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidParameter {
            name: "grad_tol",
            ..
        }
    ));
    let err = minimize(
        &Gd(0.1),
        &f,
        &[1.0],
        &Stop::after(5).record(Record::Every(0)),
    )
    .unwrap_err();
    assert!(matches!(err, Error::InvalidStop(_)));
    let none: [Vec<f64>; 0] = [];
    assert_eq!(
        minimize_many(&Gd(0.1), &f, &none, &Stop::after(5)).unwrap_err(),
        Error::NoStarts
    );
    let starts = vec![vec![1.0], vec![f64::INFINITY]];
    assert_eq!(
        minimize_many(&Gd(0.1), &f, &starts, &Stop::after(5)).unwrap_err(),
        Error::NonFinite {
            what: "x0",
            index: 0
        }
    );
    // a time budget alone is a valid bound
    let stop = Stop::unbounded()
        .max_time(std::time::Duration::from_millis(1))
        .grad_tol(1e-300);
    let run = minimize(&Gd(0.1), &f, &[1.0], &stop).unwrap();
    assert!(matches!(
        run.stop,
        StopReason::MaxTime | StopReason::GradientTolerance
    ));
}

#[test]
fn minimize_many_matches_sequential_runs_in_order() {
    let starts: Vec<Vec<f64>> = (0..37).map(|i| vec![i as f64 - 18.0]).collect();
    let stop = Stop::after(25).grad_tol(1e-9);
    let runs = minimize_many(&Gd(0.3), &square(), &starts, &stop).unwrap();
    assert_eq!(runs.len(), 37);
    for (s, r) in starts.iter().zip(&runs) {
        let alone = minimize(&Gd(0.3), &square(), s, &stop).unwrap();
        assert_eq!(r.x, alone.x);
        assert_eq!(r.trace.values(), alone.trace.values());
        assert_eq!(r.evals, alone.evals);
    }
}

/// A method that never moves and asks to stop at its third step with
/// `TrustRegionCollapsed`, reporting two events per step.
struct Rejecting;
impl Named for Rejecting {
    fn name(&self) -> &'static str {
        "rejecting"
    }
}
impl<O: Objective + ?Sized> Method<O> for Rejecting {
    type State = usize;
    fn init(&self, f: &Problem<'_, O>, x0: &[f64]) -> Result<(usize, Start), Error> {
        Ok((0, Start::new(f.value(x0), 1.0)))
    }
    fn iterate(&self, f: &Problem<'_, O>, x: &mut [f64], k: &mut usize) -> Result<Step, Error> {
        *k += 1;
        let step = Step::reject(f.value(x), 1.0)
            .with(Event::DirectionReset)
            .with(Event::CurvatureSkip);
        Ok(if *k == 3 {
            step.stopping(StopReason::TrustRegionCollapsed)
        } else {
            step
        })
    }
}

#[test]
fn rejected_steps_do_not_trigger_step_or_value_tolerance_and_keep_every_event() {
    let stop = Stop::after(10).step_tol(1e-3).value_tol(1e-3);
    let run = minimize(&Rejecting, &square(), &[1.0], &stop).unwrap();
    assert_eq!(run.stop, StopReason::TrustRegionCollapsed);
    assert_eq!(run.iterations, 3);
    assert_eq!(run.trace.rejected(), &[1, 2, 3]);
    let expected: Vec<(usize, Event)> = (1..=3)
        .flat_map(|k| [(k, Event::CurvatureSkip), (k, Event::DirectionReset)])
        .collect();
    assert_eq!(run.trace.events(), &expected[..]);
}

/// A method that moves x by a tiny amount (within every tolerance) and declares a
/// failure: what a line search that gives up on a wrong gradient looks like when it
/// still wrote a trial point. Accepted or not, the failure must win.
struct FailsAfterMoving {
    accepted: bool,
}
impl Named for FailsAfterMoving {
    fn name(&self) -> &'static str {
        "fails"
    }
}
impl<O: Objective + ?Sized> Method<O> for FailsAfterMoving {
    type State = ();
    fn init(&self, f: &Problem<'_, O>, x0: &[f64]) -> Result<((), Start), Error> {
        Ok(((), Start::new(f.value(x0), 1.0)))
    }
    fn iterate(&self, f: &Problem<'_, O>, x: &mut [f64], _: &mut ()) -> Result<Step, Error> {
        if self.accepted {
            x[0] += 1e-12;
        }
        let value = f.value(x);
        let step = if self.accepted {
            Step::accept(value, 1.0)
        } else {
            Step::reject(value, 1.0)
        };
        Ok(step.stopping(StopReason::LineSearchFailed))
    }
}

#[test]
fn a_methods_stop_request_comes_before_every_tolerance() {
    // ‖x₁ − x₀‖ = 1e-12 ≤ step_tol and |Δf| ≈ 2e-12 ≤ value_tol: tolerances that a
    // loop testing them first would report as convergence.
    let stop = Stop::after(10).value_tol(1e-6).step_tol(1e-6);
    for accepted in [true, false] {
        let run = minimize(&FailsAfterMoving { accepted }, &square(), &[1.0], &stop).unwrap();
        assert_eq!(
            run.stop,
            StopReason::LineSearchFailed,
            "accepted = {accepted}"
        );
        assert!(!run.converged());
        assert_eq!(run.iterations, 1);
    }
}

#[test]
fn events_form_a_set() {
    let mut e = Events::NONE;
    assert!(e.is_empty());
    e.insert(Event::HessianModified);
    e.insert(Event::HessianModified);
    assert_eq!(e.len(), 1);
    let all: Events = Event::ALL.into_iter().collect();
    assert_eq!(all.len(), Event::ALL.len());
    assert_eq!(all.iter().collect::<Vec<_>>(), Event::ALL);
    assert_eq!(Events::from(None), Events::NONE);
    assert_eq!(
        Step::accept(0.0, 0.0)
            .with(Some(Event::CurvatureSkip))
            .with(None)
            .events,
        Events::from(Event::CurvatureSkip)
    );
}

#[test]
fn a_zero_dimensional_objective_is_refused() {
    let f = FnObjective::new(0, |_: &[f64]| 0.0, |_: &[f64], _: &mut [f64]| {});
    assert_eq!(
        minimize(&Gd(0.1), &f, &[], &Stop::after(5)).unwrap_err(),
        Error::ZeroDimensional
    );
    let starts: Vec<Vec<f64>> = vec![vec![]];
    assert_eq!(
        minimize_many(&Gd(0.1), &f, &starts, &Stop::after(5)).unwrap_err(),
        Error::ZeroDimensional
    );
}
