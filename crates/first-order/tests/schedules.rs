//! Learning-rate schedules against torch.optim.lr_scheduler's closed forms
//! (`_get_closed_form_lr`), and [`Scheduled`] driving a real optimizer.
//!
//! The expected numbers were computed in Python (float64) with torch's formulas in
//! torch's order of operations; where torch steps a chainable (recursive) form instead,
//! that is checked too.

use first_order::{
    Constant, CosineAnnealingLr, ExponentialLr, LinearLr, Schedule, Scheduled, Sgd, StepLr,
    warmup_cosine,
};
use optim_core::{Error, FirstOrder, FnObjective, Stop, minimize};

/// Agreement to a couple of ulps (torch's `**` and Rust's `powf` may round differently).
fn assert_rate(schedule: &impl Schedule, expected: &[(usize, f64)]) {
    for &(t, lr) in expected {
        let got = schedule.lr(0.1, t);
        assert!(
            (got - lr).abs() <= 4e-16 * lr.abs().max(1e-3),
            "t = {t}: {got} vs {lr}"
        );
    }
}

#[test]
fn step_lr_matches_torch() {
    let s = StepLr {
        step_size: 3,
        gamma: 0.5,
    };
    assert_rate(
        &s,
        &[
            (0, 0.1),
            (2, 0.1),
            (3, 0.05),
            (5, 0.05),
            (6, 0.025),
            (10, 0.0125),
        ],
    );
}

#[test]
fn exponential_lr_matches_torch() {
    let s = ExponentialLr { gamma: 0.9 };
    assert_rate(
        &s,
        &[
            (0, 0.1),
            (1, 0.09000000000000001),
            (5, 0.05904900000000001),
            (10, 0.03486784401000001),
        ],
    );
}

/// T_max = 10, η_min = 0.001. torch's chainable form (what `get_last_lr` shows after
/// `step()`) drifts from the closed form by 4.5e-16 at t = 20; the closed form is exact.
#[test]
fn cosine_annealing_matches_torch() {
    let s = CosineAnnealingLr {
        t_max: 10,
        eta_min: 0.001,
    };
    let closed = [
        (0, 0.1),
        (3, 0.07959536998847742),
        (5, 0.0505),
        (10, 0.001),
        (15, 0.05049999999999999),
        (20, 0.1),
    ];
    assert_rate(&s, &closed);
    let chainable = [(15, 0.05050000000000022), (20, 0.10000000000000045)];
    for (t, lr) in chainable {
        assert!((s.lr(0.1, t) - lr).abs() < 1e-15);
    }
    // Past T_max the rate climbs back, as in torch (not clamped as in optax).
    assert!(s.lr(0.1, 12) > s.lr(0.1, 11));
}

/// torch's defaults: start 1/3, end 1, 5 steps.
#[test]
fn linear_lr_matches_torch() {
    let s = LinearLr::default();
    assert_eq!(
        s,
        LinearLr {
            start_factor: 1.0 / 3.0,
            end_factor: 1.0,
            total_iters: 5
        }
    );
    assert_rate(
        &s,
        &[
            (0, 0.03333333333333333),
            (1, 0.04666666666666667),
            (2, 0.06000000000000001),
            (4, 0.08666666666666667),
            (5, 0.1),
            (7, 0.1),
        ],
    );
}

/// SequentialLR([LinearLR(0.1, 1, 5), CosineAnnealingLR(20, 0)], milestones = [5]).
#[test]
fn warmup_then_cosine_matches_torch() {
    let s = warmup_cosine(0.1, 5, 20, 0.0);
    assert_rate(
        &s,
        &[
            (0, 0.010000000000000002),
            (4, 0.082),
            (5, 0.1),
            (10, 0.08535533905932738),
            (15, 0.05),
        ],
    );
    assert!(s.lr(0.1, 25).abs() < 1e-18);
    assert_eq!(Constant.lr(0.1, 1000), 0.1);
}

#[test]
fn invalid_schedules_are_refused_by_name() {
    let name = |r: Result<(), Error>| match r {
        Err(Error::InvalidParameter { name, .. }) => name,
        other => panic!("expected InvalidParameter, got {other:?}"),
    };
    let step = StepLr {
        step_size: 0,
        gamma: 0.1,
    };
    assert_eq!(name(step.validate()), "step_size");
    assert_eq!(name(ExponentialLr { gamma: -1.0 }.validate()), "gamma");
    assert_eq!(name(ExponentialLr { gamma: f64::NAN }.validate()), "gamma");
    let cosine = CosineAnnealingLr {
        t_max: 0,
        eta_min: 0.0,
    };
    assert_eq!(name(cosine.validate()), "t_max");
    let linear = LinearLr {
        start_factor: 0.0,
        ..LinearLr::default()
    };
    assert_eq!(name(linear.validate()), "start_factor");
    assert_eq!(
        name(warmup_cosine(0.1, 0, 10, 0.0).validate()),
        "total_iters"
    );
    // The wrapper refuses at initialisation, before any step.
    let opt = Scheduled::new(Sgd::new(0.1), step);
    assert!(opt.init_state(3).is_err());
}

/// With a constant gradient 1, plain GD moves by exactly −ηₜ at step t, so the iterate
/// after n steps is −Σₜ ηₜ: the wrapper feeds the scheduled rate, step after step.
#[test]
fn scheduled_sgd_takes_the_scheduled_steps() {
    let schedule = warmup_cosine(0.1, 5, 20, 0.0);
    let opt = Scheduled::new(Sgd::new(0.1), schedule);
    let mut state = opt.init_state(1).unwrap();
    let mut x = [0.0];
    let mut expected = 0.0;
    for t in 0..30 {
        assert_eq!(state.t, t);
        let before = x[0];
        opt.step(&mut state, &mut x, &[1.0]).unwrap();
        assert!((before - x[0] - schedule.lr(0.1, t)).abs() < 1e-15);
        expected -= schedule.lr(0.1, t);
    }
    assert!((x[0] - expected).abs() < 1e-15);
    assert_eq!(state.t, 30);
}

/// Schedules nest multiplicatively, as torch's `ChainedScheduler` does:
/// ηₜ = η₀ · 0.5^⌊t/2⌋ · 0.9ᵗ.
#[test]
fn nested_schedules_multiply() {
    let inner = Scheduled::new(Sgd::new(1.0), ExponentialLr { gamma: 0.9 });
    let opt = Scheduled::new(
        inner,
        StepLr {
            step_size: 2,
            gamma: 0.5,
        },
    );
    let mut state = opt.init_state(1).unwrap();
    let mut x = [0.0];
    for t in 0..8 {
        let before = x[0];
        opt.step(&mut state, &mut x, &[1.0]).unwrap();
        let eta = 0.5f64.powi(t / 2) * 0.9f64.powi(t);
        assert!((before - x[0] - eta).abs() < 1e-15, "t = {t}");
    }
}

/// Through `minimize`: GD with exponential decay on f(x) = x²/2 multiplies x by
/// (1 − 0.5·0.8ᵗ) at step t.
#[test]
fn scheduled_runs_through_minimize() {
    let f = FnObjective::new(
        1,
        |x: &[f64]| 0.5 * x[0] * x[0],
        |x: &[f64], g: &mut [f64]| g[0] = x[0],
    );
    let opt = Scheduled::new(Sgd::new(0.5), ExponentialLr { gamma: 0.8 });
    let run = minimize(&opt, &f, &[1.0], &Stop::after(10)).unwrap();
    let mut x = 1.0;
    for (t, row) in run.trace.xs().enumerate() {
        assert!((row[0] - x).abs() < 1e-15, "row {t}");
        x *= 1.0 - 0.5 * 0.8f64.powi(t as i32);
    }
    assert_eq!(run.method, "SGD");
    assert_eq!(run.evals.gradient, 11);
}
