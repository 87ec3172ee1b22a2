//! Pausing and resuming through the run loop: what a resumed run counts (iterations,
//! evaluations, wall time) continues from the pause; a checkpoint that cannot belong to
//! the method or objective is refused with `Error::InvalidCheckpoint`; non-finite
//! values survive JSON.

use std::time::Duration;

use optim_core::{
    Checkpoint, Error, FirstOrder, FnObjective, Named, Outcome, Record, Run, Stop, StopReason,
    minimize, minimize_until, resume, resume_until,
};

/// Gradient descent with a step counter in its state, so that a state lost in the
/// pause shows in the iterates: its rate decays as η/(1 + t/10).
struct Decaying(f64);
impl Named for Decaying {
    fn name(&self) -> &'static str {
        "decaying GD"
    }
}
impl FirstOrder for Decaying {
    type State = u64;
    fn lr(&self) -> f64 {
        self.0
    }
    fn validate(&self) -> Result<(), Error> {
        Ok(())
    }
    fn init_state(&self, _: usize) -> Result<u64, Error> {
        Ok(0)
    }
    fn step_with_lr(&self, t: &mut u64, x: &mut [f64], g: &[f64], lr: f64) -> Result<(), Error> {
        let rate = lr / (1.0 + *t as f64 / 10.0);
        *t += 1;
        x.iter_mut().zip(g).for_each(|(x, g)| *x -= rate * g);
        Ok(())
    }
}

/// Another method of the same state type, to be refused.
struct Other;
impl Named for Other {
    fn name(&self) -> &'static str {
        "other"
    }
}
impl FirstOrder for Other {
    type State = u64;
    fn lr(&self) -> f64 {
        0.1
    }
    fn validate(&self) -> Result<(), Error> {
        Ok(())
    }
    fn init_state(&self, _: usize) -> Result<u64, Error> {
        Ok(0)
    }
    fn step_with_lr(&self, _: &mut u64, _: &mut [f64], _: &[f64], _: f64) -> Result<(), Error> {
        Ok(())
    }
}

fn bowl(n: usize) -> impl optim_core::Objective {
    FnObjective::new(
        n,
        |x: &[f64]| x.iter().map(|v| v * v).sum(),
        |x: &[f64], g: &mut [f64]| g.iter_mut().zip(x).for_each(|(g, x)| *g = 2.0 * x),
    )
}

fn paused(
    outcome: Outcome<optim_core::FirstOrderState<u64>>,
) -> Checkpoint<optim_core::FirstOrderState<u64>> {
    outcome.paused().expect("the run should have paused")
}

fn same_but_time(a: &Run, b: &Run) {
    assert_eq!(
        Run {
            elapsed: b.elapsed,
            ..a.clone()
        },
        *b
    );
}

#[test]
fn pausing_twice_and_resuming_gives_the_straight_run() {
    let f = bowl(3);
    let x0 = [1.0, -2.0, 0.5];
    let stop = Stop::exactly(30).record(Record::Every(4));
    let straight = minimize(&Decaying(0.2), &f, &x0, &stop).unwrap();
    let first = paused(minimize_until(&Decaying(0.2), &f, &x0, &stop, 7).unwrap());
    assert_eq!((first.iteration(), first.state().rule), (7, 7));
    assert_eq!(first.evals().gradient, 8);
    let second = paused(resume_until(&Decaying(0.2), &f, first, &stop, 19).unwrap());
    assert_eq!(second.iteration(), 19);
    let resumed = resume(&Decaying(0.2), &f, second, &stop).unwrap();
    same_but_time(&resumed, &straight);
    // max_iters counted every iteration, before and after the pauses.
    assert_eq!(resumed.iterations, 30);
}

#[test]
fn a_pause_after_the_end_is_the_finished_run() {
    let f = bowl(2);
    let stop = Stop::after(500).grad_tol(1e-4);
    let straight = minimize(&Decaying(0.2), &f, &[1.0, 1.0], &stop).unwrap();
    let outcome = minimize_until(&Decaying(0.2), &f, &[1.0, 1.0], &stop, 10_000).unwrap();
    same_but_time(&outcome.finished().unwrap(), &straight);
    assert_eq!(straight.stop, StopReason::GradientTolerance);
}

#[test]
fn the_time_budget_counts_the_time_before_the_pause() {
    // Each evaluation sleeps 5 ms: 10 iterations take at least 50 ms, so a resumed run
    // under a 40 ms budget stops at once, at the pause.
    let slow = FnObjective::new(
        1,
        |x: &[f64]| {
            std::thread::sleep(Duration::from_millis(5));
            x[0] * x[0]
        },
        |x: &[f64], g: &mut [f64]| g[0] = 2.0 * x[0],
    );
    let stop = Stop::exactly(100);
    let checkpoint = paused(minimize_until(&Decaying(0.1), &slow, &[1.0], &stop, 10).unwrap());
    assert!(checkpoint.elapsed() >= Duration::from_millis(50));
    let run = resume(
        &Decaying(0.1),
        &slow,
        checkpoint,
        &stop.max_time(Duration::from_millis(40)),
    )
    .unwrap();
    assert_eq!((run.stop, run.iterations), (StopReason::MaxTime, 10));
    assert!(run.elapsed >= Duration::from_millis(50));
}

#[test]
fn checkpoints_that_cannot_belong_to_the_run_are_refused() {
    let f = bowl(2);
    let stop = Stop::exactly(20);
    let checkpoint = paused(minimize_until(&Decaying(0.2), &f, &[1.0, 1.0], &stop, 5).unwrap());
    let refused = |r: Result<Run, Error>| match r {
        Err(Error::InvalidCheckpoint(why)) => why,
        other => panic!("expected InvalidCheckpoint, got {other:?}"),
    };
    let why = refused(resume(&Other, &f, checkpoint.clone(), &stop));
    assert!(
        why.contains("\"decaying GD\"") && why.contains("\"other\""),
        "{why}"
    );
    let why = refused(resume(&Decaying(0.2), &bowl(3), checkpoint.clone(), &stop));
    assert!(why.contains("dimension 3"), "{why}");

    let json = checkpoint.to_json();
    type State = optim_core::FirstOrderState<u64>;
    let future = json.replacen("\"format\":1", "\"format\":2", 1);
    assert!(
        matches!(Checkpoint::<State>::from_json(&future), Err(Error::InvalidCheckpoint(w)) if w.contains("format 2"))
    );
    assert!(matches!(
        Checkpoint::<State>::from_json("{}"),
        Err(Error::InvalidCheckpoint(_))
    ));
    assert!(matches!(
        Checkpoint::<State>::from_json("[1, 2"),
        Err(Error::InvalidCheckpoint(_))
    ));
    // A hand-edited x that is not finite.
    let x = format!("\"x\":{:?}", checkpoint.x()).replace(' ', "");
    let edited = json.replacen(&x, "\"x\":[\"NaN\",1.0]", 1);
    assert_ne!(edited, json);
    let back = Checkpoint::<State>::from_json(&edited).unwrap();
    let why = refused(resume(&Decaying(0.2), &f, back, &stop));
    assert!(why.contains("not finite at index 0"), "{why}");
}

#[test]
fn non_finite_values_survive_json() {
    // f(x0) = NaN: the run ends at once, Diverged, with NaN in its value and trace.
    let f = FnObjective::new(
        1,
        |_: &[f64]| f64::NAN,
        |_: &[f64], g: &mut [f64]| g[0] = f64::INFINITY,
    );
    let run = minimize(&Decaying(0.1), &f, &[1.0], &Stop::exactly(5)).unwrap();
    assert_eq!(run.stop, StopReason::Diverged);
    let json = run.to_json();
    assert!(
        json.contains("\"value\":\"NaN\"") && json.contains("\"grad_norm\":\"Infinity\""),
        "{json}"
    );
    let back = Run::from_json(&json).unwrap();
    assert!(back.value.is_nan() && back.grad_norm == f64::INFINITY);
    assert!(back.trace.values()[0].is_nan());
}
