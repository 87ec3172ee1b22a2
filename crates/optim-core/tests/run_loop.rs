//! The run loop: stopping rules, traces, divergence, evaluation counts and bad input.

use std::ops::ControlFlow;

use optim_core::{
    Error, Event, Events, FnObjective, GradNorm, Method, Named, Objective, Problem, Progress,
    Record, Start, Step, Stop, StopReason, minimize, minimize_many, minimize_with, vector,
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
    let run = minimize(
        &Gd(0.2),
        &square(),
        &[10.0],
        &Stop::exactly(10).record(Record::All),
    )
    .unwrap();
    assert_eq!(run.stop, StopReason::MaxIterations);
    assert_eq!(run.iterations, 10);
    // x_k = 10·(1 − 2η)^k
    assert_eq!(run.trace.xs().len(), 11);
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
        &Stop::after(1000).step_tol(1e-4).record(Record::All),
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
    let stop = Stop::after(100_000).record(Record::All);
    let run = minimize(&Gd(1.1), &square(), &[10.0], &stop).unwrap();
    assert_eq!(run.stop, StopReason::Diverged);
    assert!(run.x[0].is_finite() && run.value.is_finite());
    assert!(run.value > 1e300);
    assert_eq!(run.trace.len(), run.iterations); // the non-finite step is not recorded
    assert!(run.trace.values().iter().all(|v| v.is_finite()));
    let last = run.trace.x(run.trace.len() - 1).unwrap()[0];
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
    assert_eq!(run.trace.x(3), Some(run.x.as_slice()));
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
    let mut observer = |p: &Progress<'_>| {
        seen.push(p.iteration);
        if p.value < 0.1 {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    };
    let run = minimize_with(
        &Gd(0.1),
        &square(),
        &[1.0],
        &Stop::after(100),
        &mut observer,
    )
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

/// Gradient descent as a `FirstOrder` rule, which keeps its gradient (so `Run::gradient`
/// and the ∞-norm test have it).
struct Rule(f64);
impl Named for Rule {
    fn name(&self) -> &'static str {
        "GD rule"
    }
}
impl optim_core::FirstOrder for Rule {
    type State = ();
    fn lr(&self) -> f64 {
        self.0
    }
    fn validate(&self) -> Result<(), Error> {
        Ok(())
    }
    fn init_state(&self, _: usize) -> Result<(), Error> {
        Ok(())
    }
    fn step_with_lr(&self, _: &mut (), x: &mut [f64], g: &[f64], lr: f64) -> Result<(), Error> {
        vector::axpy(-lr, g, x);
        Ok(())
    }
}

/// f(x) = ½‖x‖² on ℝⁿ, ∇f = x.
fn half_square(n: usize) -> impl Objective + Sync {
    FnObjective::new(
        n,
        |x: &[f64]| 0.5 * vector::dot(x, x),
        |x: &[f64], g: &mut [f64]| g.copy_from_slice(x),
    )
}

#[test]
fn the_infinity_norm_test_is_scipys() {
    // GD with η = ½ on ½‖x‖² from (1, …, 1) ∈ ℝ¹⁰⁰ halves x: ∇f = 2⁻ᵏ·(1, …, 1), so
    // ‖∇f‖∞ = 2⁻ᵏ ≤ 1e-3 first at k = 10, and ‖∇f‖₂ = 10·2⁻ᵏ ≤ 1e-3 first at k = 14.
    let f = half_square(100);
    let x0 = vec![1.0; 100];
    let inf = Stop::after(100).grad_tol(1e-3).grad_norm(GradNorm::Inf);
    let run = minimize(&Rule(0.5), &f, &x0, &inf).unwrap();
    assert_eq!(
        (run.stop, run.iterations),
        (StopReason::GradientTolerance, 10)
    );
    let two = Stop::after(100).grad_tol(1e-3);
    assert_eq!(minimize(&Rule(0.5), &f, &x0, &two).unwrap().iterations, 14);
    // A method without a gradient is tested on its own (2-norm) measure.
    assert_eq!(minimize(&Gd(0.5), &f, &x0, &inf).unwrap().iterations, 14);
}

#[test]
fn the_relative_value_test_is_scipys_ftol() {
    // GD with η = 0.1 on x² from 1: fₖ = 0.64ᵏ, so fₖ₋₁ − fₖ = 0.36·0.64ᵏ⁻¹ with the
    // scale max(|fₖ₋₁|, |fₖ|, 1) = 1: ≤ 1e-3 first when 0.64ᵏ⁻¹ ≤ 1/360, k − 1 = 14.
    let stop = Stop::exactly(100).f_rel_tol(1e-3);
    let run = minimize(&Gd(0.1), &square(), &[1.0], &stop).unwrap();
    assert_eq!(
        (run.stop, run.iterations),
        (StopReason::RelativeValueTolerance, 15)
    );
    assert!(run.converged());
    // As in L-BFGS-B, an increase of f satisfies the test too (fₖ₋₁ − fₖ < 0).
    let run = minimize(&Gd(1.1), &square(), &[1.0], &stop).unwrap();
    assert_eq!(
        (run.stop, run.iterations),
        (StopReason::RelativeValueTolerance, 1)
    );
}

#[test]
fn after_has_the_default_gradient_tolerance_and_exactly_has_none() {
    // GD 0.2 on x² from 10: ‖∇f‖ = 20·0.6ᵏ ≤ 1e-6 first at k = 33.
    let run = minimize(&Gd(0.2), &square(), &[10.0], &Stop::after(1000)).unwrap();
    assert_eq!(
        (run.stop, run.iterations),
        (StopReason::GradientTolerance, 33)
    );
    let run = minimize(&Gd(0.2), &square(), &[10.0], &Stop::exactly(40)).unwrap();
    assert_eq!((run.stop, run.iterations), (StopReason::MaxIterations, 40));
    assert_eq!(Stop::default(), Stop::after(1000));
    assert_eq!(Stop::after(5).without_tolerances(), Stop::exactly(5));
}

#[test]
fn by_default_the_trace_keeps_values_not_iterates() {
    let run = minimize(&Gd(0.2), &square(), &[10.0], &Stop::exactly(10)).unwrap();
    assert_eq!(run.trace.len(), 11);
    assert!(!run.trace.has_iterates());
    assert_eq!(run.trace.xs().len(), 0);
    assert_eq!(run.trace.x(0), None);
    // f = 100·0.36ᵏ at every row.
    for (k, v) in run.trace.values().iter().enumerate() {
        assert!((v - 100.0 * 0.36f64.powi(k as i32)).abs() < 1e-9, "row {k}");
    }
}

#[test]
fn the_run_reports_its_gradient_and_the_state_on_request() {
    let f = half_square(3);
    let (run, state) =
        optim_core::minimize_state(&Rule(0.5), &f, &[1.0, -2.0, 4.0], &Stop::exactly(2)).unwrap();
    // x₂ = x₀/4 and ∇f = x, in the state and in the run.
    assert_eq!(run.x, [0.25, -0.5, 1.0]);
    assert_eq!(state.grad, run.x);
    assert_eq!(run.gradient.as_deref(), Some(&[0.25, -0.5, 1.0][..]));
    // A method that keeps no gradient reports none, and a diverged run none either.
    assert_eq!(
        minimize(&Gd(0.1), &f, &[1.0; 3], &Stop::exactly(2))
            .unwrap()
            .gradient,
        None
    );
    let diverging = Stop::after(10_000);
    let run = minimize(&Rule(3.0), &f, &[1.0; 3], &diverging).unwrap();
    assert_eq!((run.stop, run.gradient), (StopReason::Diverged, None));
}

#[test]
fn display_is_a_one_screen_summary() {
    let run = minimize(&Rule(0.5), &half_square(8), &[1.0; 8], &Stop::after(100)).unwrap();
    let text = run.to_string();
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(
        lines[0],
        "GD rule: converged: the gradient norm is within grad_tol"
    );
    assert_eq!(lines[1], format!("  iterations  {}", run.iterations));
    assert_eq!(
        lines[2],
        format!(
            "  evaluations {} f, {} ∇f",
            run.evals.value, run.evals.gradient
        )
    );
    assert!(lines[5].contains("(8 entries)"), "{}", lines[5]);
    assert_eq!(lines.len(), 7);
    assert!(lines[6].starts_with("  time"));
    // Every stop reason reads as a sentence with its verdict first.
    for reason in [
        StopReason::MaxIterations,
        StopReason::LineSearchFailed,
        StopReason::Unbounded,
        StopReason::Diverged,
    ] {
        let s = reason.to_string();
        assert!(s.starts_with(if reason.is_convergence() {
            "converged"
        } else {
            ""
        }));
        assert!(s.contains(": ") && !s.ends_with('.'), "{s}");
    }
}

#[test]
fn observers_compose_thin_out_and_log() {
    use optim_core::{CsvLog, Every, JsonLines};
    let mut seen = Vec::new();
    let mut pair = (
        Every::new(3, |p: &Progress<'_>| {
            seen.push(p.iteration);
            ControlFlow::Continue(())
        }),
        (CsvLog::new(Vec::new()), JsonLines::new(Vec::new())),
    );
    let run = minimize_with(&Gd(0.1), &square(), &[1.0], &Stop::exactly(10), &mut pair).unwrap();
    assert_eq!(run.iterations, 10);
    let (_, (csv, json)) = pair;
    let csv = String::from_utf8(csv.into_inner().unwrap()).unwrap();
    let json = String::from_utf8(json.into_inner().unwrap()).unwrap();
    assert_eq!(seen, [3, 6, 9]);
    assert_eq!(csv.lines().count(), 11); // header + 10 iterations
    // Row k holds xₖ's value 0.64ᵏ in shortest round-trip form.
    let row3: Vec<&str> = csv.lines().nth(3).unwrap().split(',').collect();
    assert_eq!(row3[0], "3");
    assert_eq!(row3[1].parse::<f64>().unwrap(), run.trace.values()[3]);
    assert_eq!(json.lines().count(), 11); // 10 iterations + the end line
    assert!(
        json.lines()
            .next()
            .unwrap()
            .starts_with("{\"iteration\":1,\"value\":0.64")
    );
    assert_eq!(
        json.lines().last().unwrap(),
        "{\"end\":\"MaxIterations\",\"iterations\":10}"
    );
    // A pair ends the run when either asks.
    let mut stop_at_2 = (
        |_: &Progress<'_>| ControlFlow::Continue(()),
        |p: &Progress<'_>| {
            if p.iteration == 2 {
                ControlFlow::Break(())
            } else {
                ControlFlow::Continue(())
            }
        },
    );
    let run = minimize_with(
        &Gd(0.1),
        &square(),
        &[1.0],
        &Stop::exactly(10),
        &mut stop_at_2,
    )
    .unwrap();
    assert_eq!((run.stop, run.iterations), (StopReason::Callback, 2));
}

#[test]
fn many_runs_each_have_their_own_observer() {
    use std::sync::Mutex;
    let starts: Vec<Vec<f64>> = (1..=8).map(|i| vec![i as f64]).collect();
    let last_seen = Mutex::new(vec![0; starts.len()]);
    let runs =
        optim_core::minimize_many_with(&Gd(0.1), &square(), &starts, &Stop::exactly(5), |i| {
            let last_seen = &last_seen;
            move |p: &Progress<'_>| {
                last_seen.lock().unwrap()[i] = p.iteration;
                // Start i ends itself after i + 1 iterations when i < 3.
                if i < 3 && p.iteration == i + 1 {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            }
        })
        .unwrap();
    assert_eq!(*last_seen.lock().unwrap(), [1, 2, 3, 5, 5, 5, 5, 5]);
    for (i, run) in runs.iter().enumerate() {
        let alone = minimize(
            &Gd(0.1),
            &square(),
            &starts[i],
            &Stop::exactly(run.iterations),
        )
        .unwrap();
        assert_eq!(run.x, alone.x, "start {i}");
    }
}

#[test]
fn a_zero_gradient_or_an_infinite_value_at_the_start_ends_the_run_at_once() {
    // ∇f(0) = 0 for f = x²: converged before any step, with one evaluation.
    let f = square();
    let run = minimize(&Gd(0.1), &f, &[0.0], &Stop::after(100)).unwrap();
    assert_eq!(
        (run.stop, run.iterations, run.x),
        (StopReason::GradientTolerance, 0, vec![0.0])
    );
    // f(x0) = +∞ or −∞: diverged before any step, x0 kept.
    for v in [f64::INFINITY, f64::NEG_INFINITY] {
        let f = FnObjective::new(1, move |_: &[f64]| v, |_: &[f64], g: &mut [f64]| g[0] = 1.0);
        let run = minimize(&Gd(0.1), &f, &[2.0], &Stop::after(100)).unwrap();
        assert_eq!(
            (run.stop, run.iterations, run.x),
            (StopReason::Diverged, 0, vec![2.0])
        );
    }
}
