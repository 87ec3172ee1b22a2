//! Adversarial objectives against every first-order rule (Sgd, Sgd with momentum, Adam,
//! AdamW, Adagrad, RmsProp, Adadelta, Adamax, NAdam, RAdam, Lion, AdaBelief): NaN at
//! random evaluations (seeded), a value that jumps (a wall and a staircase), a gradient
//! inconsistent with the value, values at the scales 1e±150 and 1e±300, and iterates of
//! magnitude 1e150 (finite, and where f overflows). For every rule and case:
//!
//! - no panic and no hang: runs are bounded by `max_iters` and `max_time`, and the
//!   objective panics (failing the test) after a million evaluations;
//! - the last finite iterate is kept: x finite, and f(run.x) = run.value to the bit
//!   when the value is finite (f evaluated here without the injected faults);
//! - the stop reason names what happened: the rules take fixed-rule steps and never
//!   look at f, so their runs end by the run loop's tests only. Each case lists the
//!   reasons it allows per rule, with why, and a convergence reason also requires the
//!   gradient at run.x to be within the tolerance.
//!
//! The table of outcomes is printed (`--nocapture`).
//!
//! What would fail: a rule that stepped with a NaN gradient and left x NaN without the
//! run loop restoring it (random NaN: x non-finite), a run loop that kept f of the
//! undone step (f(run.x) ≠ run.value), or one that read a NaN gradient norm as small
//! (a convergence reason with a NaN gradient). Removing `Diverged` from the random-NaN
//! expectations fails that test at its first seed (every run there is `Diverged`), so
//! the sets are not vacuous.

use std::cell::{Cell, RefCell};
use std::time::Duration;

use StopReason::*;
use first_order::Rng;
use first_order::prelude::*;

const N: usize = 3;
const W: [f64; N] = [1.0, 10.0, 100.0];
const C: [f64; N] = [1.0, -2.0, 0.5];
const X0: [f64; N] = [-3.0, 3.0, 4.0];
const WATCHDOG: usize = 1_000_000;
const MAX_ITERS: usize = 300;
const MAX_TIME: Duration = Duration::from_secs(10);

#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    /// Each value or gradient evaluation is NaN with probability `percent`/100.
    RandomNan { seed: u32, percent: u32 },
    /// f = q + 1e4·[x₀ > 0], ∇f reported as ∇q.
    Wall,
    /// f = ⌈q⌉, ∇f reported as ∇q.
    Staircase,
    /// f = q, ∇f reported as ∇q(x − 3).
    WrongGradient,
    /// f = s·q.
    Scaled(f64),
    /// q itself.
    Plain,
    /// Σxᵢ⁴.
    Quartic,
}

struct Hostile {
    fault: Fault,
    rng: RefCell<Rng>,
    evals: Cell<usize>,
}

impl Hostile {
    fn new(fault: Fault) -> Self {
        Self {
            fault,
            rng: RefCell::new(Rng::new(0)),
            evals: Cell::new(0),
        }
    }
    fn reset(&self) {
        self.evals.set(0);
        let seed = match self.fault {
            Fault::RandomNan { seed, .. } => seed,
            _ => 0,
        };
        *self.rng.borrow_mut() = Rng::new(seed);
    }
    fn tick(&self) -> bool {
        let k = self.evals.get() + 1;
        self.evals.set(k);
        assert!(k <= WATCHDOG, "watchdog: {k} evaluations, the run hangs");
        match self.fault {
            Fault::RandomNan { percent, .. } => {
                self.rng.borrow_mut().uniform() < f64::from(percent) / 100.0
            }
            _ => false,
        }
    }
}

// No `powi`: LLVM may fold it on constant arguments differently from the run-time call.
fn q(x: &[f64]) -> f64 {
    (0..N).map(|i| W[i] * ((x[i] - C[i]) * (x[i] - C[i]))).sum()
}

fn clean_value(fault: Fault, x: &[f64]) -> f64 {
    match fault {
        Fault::RandomNan { .. } | Fault::WrongGradient | Fault::Plain => q(x),
        Fault::Wall => q(x) + if x[0] > 0.0 { 1e4 } else { 0.0 },
        Fault::Staircase => q(x).ceil(),
        Fault::Scaled(s) => s * q(x),
        Fault::Quartic => x.iter().map(|v| (v * v) * (v * v)).sum(),
    }
}

fn clean_gradient(fault: Fault, x: &[f64], g: &mut [f64]) {
    match fault {
        Fault::Quartic => (0..N).for_each(|i| g[i] = 4.0 * x[i] * x[i] * x[i]),
        Fault::WrongGradient => (0..N).for_each(|i| g[i] = 2.0 * W[i] * (x[i] - 3.0 - C[i])),
        Fault::Scaled(s) => (0..N).for_each(|i| g[i] = s * 2.0 * W[i] * (x[i] - C[i])),
        _ => (0..N).for_each(|i| g[i] = 2.0 * W[i] * (x[i] - C[i])),
    }
}

impl Objective for Hostile {
    fn dim(&self) -> usize {
        N
    }
    fn value(&self, x: &[f64]) -> f64 {
        if self.tick() {
            return f64::NAN;
        }
        clean_value(self.fault, x)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        let nan = self.tick();
        clean_gradient(self.fault, x, g);
        if nan {
            g[2] = f64::NAN;
        }
    }
}

fn safe_norm(v: &[f64]) -> f64 {
    let m = v.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
    if m == 0.0 || !m.is_finite() {
        return m;
    }
    m * v.iter().map(|x| (x / m) * (x / m)).sum::<f64>().sqrt()
}

/// Every rule, at a rate that is stable on q (L = 2·max wᵢ = 200): plain GD at 1e-3
/// (< 2/L), momentum 0.9 at 1e-3 (< 2(1 + μ)/L), the adaptive rules at their usual
/// rates (steps of about lr whatever the gradient's scale).
fn run_all(f: &Hostile, x0: &[f64], stop: &Stop) -> Vec<Run> {
    fn go<M: Method<Hostile>>(m: M, f: &Hostile, x0: &[f64], stop: &Stop) -> Run {
        f.reset();
        minimize(&m, f, x0, stop).unwrap_or_else(|e| panic!("{}: refused: {e}", m.name()))
    }
    vec![
        go(Sgd::new(1e-3), f, x0, stop),
        go(
            Sgd {
                momentum: 0.9,
                ..Sgd::new(1e-3)
            },
            f,
            x0,
            stop,
        ),
        go(Adam::new(1e-2), f, x0, stop),
        go(AdamW::new(1e-2), f, x0, stop),
        go(Adagrad::new(1e-1), f, x0, stop),
        go(RmsProp::new(1e-2), f, x0, stop),
        go(Adadelta::new(1.0), f, x0, stop),
        go(Adamax::new(1e-2), f, x0, stop),
        go(NAdam::new(1e-2), f, x0, stop),
        go(RAdam::new(1e-2), f, x0, stop),
        go(Lion::new(1e-3), f, x0, stop),
        go(AdaBelief::new(1e-2), f, x0, stop),
    ]
}

fn stop() -> Stop {
    Stop::after(MAX_ITERS).max_time(MAX_TIME)
}

/// The rules whose (first) steps scale with ∇f: plain gradient descent (with or without
/// momentum), and RAdam and AdaBelief (rectified by default), whose first steps, while
/// the variance estimate is not trusted (ρₜ ≤ 4, resp. < 5), are momentum-SGD steps
/// lr·m̂ with m̂ ≈ ∇f.
fn sgd(name: &str) -> bool {
    ["SGD", "RAdam", "AdaBelief"].contains(&name)
}

/// The rules whose every step has length about lr whatever ∇f (and no weight decay by
/// default): an x of size 1e150 does not move at all.
fn scale_free(name: &str) -> bool {
    ["Adam", "Adamax", "NAdam", "RMSprop", "Lion", "Adadelta"].contains(&name)
}

/// The invariants (panicking at once) and the stop reason (returned when unexpected).
fn check(case: &str, fault: Fault, run: &Run, tol: f64, expected: &[StopReason]) -> Option<String> {
    let name = run.method;
    eprintln!(
        "{case:<26} {name:<10} {:<18} {:>4} it  f = {:.3e}",
        format!("{:?}", run.stop),
        run.iterations,
        run.value
    );
    assert!(
        run.x.iter().all(|v| v.is_finite()),
        "{case} / {name}: x = {:?}",
        run.x
    );
    if run.value.is_finite() {
        let here = clean_value(fault, &run.x);
        assert_eq!(
            here.to_bits(),
            run.value.to_bits(),
            "{case} / {name}: f(run.x) = {here:e} but run.value = {:e}",
            run.value
        );
    } else {
        assert_eq!((run.stop, run.iterations), (Diverged, 0), "{case} / {name}");
    }
    if run.stop == GradientTolerance {
        let mut g = [0.0; N];
        clean_gradient(fault, &run.x, &mut g);
        let gn = safe_norm(&g);
        if gn > tol {
            return Some(format!(
                "{case} / {name}: GradientTolerance with ‖∇f‖ = {gn:e} > {tol:e}"
            ));
        }
    }
    (!expected.contains(&run.stop)).then(|| {
        format!(
            "{case} / {name}: {:?} after {} iterations, expected one of {expected:?}",
            run.stop, run.iterations
        )
    })
}

fn report(wrong: Vec<String>) {
    assert!(
        wrong.is_empty(),
        "{} unexpected outcomes:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// A NaN value or gradient at the point a rule stepped to ends the run as `Diverged`
/// and restores the previous iterate. A run may also converge before the first fault,
/// or spend its budget without meeting one (2% of 600 evaluations: rarely).
#[test]
fn nan_at_random_evaluations() {
    let mut wrong = Vec::new();
    let mut reasons = std::collections::BTreeMap::<(&str, String), usize>::new();
    for seed in 0..25 {
        for percent in [2, 10, 30] {
            let fault = Fault::RandomNan { seed, percent };
            let f = Hostile::new(fault);
            let case = format!("NaN {percent}% seed {seed}");
            for run in run_all(&f, &X0, &stop()) {
                let expected = [Diverged, GradientTolerance, MaxIterations];
                wrong.extend(check(&case, fault, &run, 1e-6, &expected));
                *reasons
                    .entry((run.method, format!("{:?}", run.stop)))
                    .or_default() += 1;
            }
        }
    }
    eprintln!("random NaN, 75 objectives (25 seeds × 2, 10, 30 %): stop reasons per rule");
    for ((m, r), k) in reasons {
        eprintln!("  {m:<10} {r} {k}");
    }
    report(wrong);
}

/// The rules follow ∇q and never test f: they walk through the wall (f jumps by 1e4)
/// and through the stairs as if f were q, converging to c (`GradientTolerance`) or
/// still on their way (`MaxIterations`; Lion's sign steps never settle, Adagrad's
/// shrinking rate is slow). Nothing else: no NaN appears, no tolerance but the
/// gradient's is set.
#[test]
fn a_wall_and_a_staircase() {
    let mut wrong = Vec::new();
    for (case, fault) in [
        ("wall 1e4 at x₀ = 0", Fault::Wall),
        ("staircase ⌈q⌉", Fault::Staircase),
    ] {
        let f = Hostile::new(fault);
        for run in run_all(&f, &X0, &stop()) {
            wrong.extend(check(
                case,
                fault,
                &run,
                1e-6,
                &[GradientTolerance, MaxIterations],
            ));
        }
    }
    report(wrong);
}

/// The reported gradient is ∇q(x − 3): the rules converge to its zero c + 3, where
/// f = 999 (`GradientTolerance`, by the gradient the objective reports), or are on
/// their way (`MaxIterations`).
#[test]
fn a_gradient_inconsistent_with_the_value() {
    let mut wrong = Vec::new();
    let f = Hostile::new(Fault::WrongGradient);
    for run in run_all(&f, &X0, &stop()) {
        wrong.extend(check(
            "gradient of q(x − 3)",
            Fault::WrongGradient,
            &run,
            1e-6,
            &[GradientTolerance, MaxIterations],
        ));
    }
    report(wrong);
}

/// f = s·q, tolerance 1e-11 of ‖∇f(x₀)‖ ≈ 7.07e2·s. Plain GD steps η·∇f (so do RAdam's
/// and AdaBelief's first, rectified steps): at s = 1e150
/// the first step has length ~7e149 and f overflows there (`Diverged`, x₀ kept); at
/// s = 1e-150 the steps are ~1e-150 long (`MaxIterations`). The adaptive rules
/// normalise ∇f: steps of about lr whatever s, so they head for c at their usual speed
/// and do not reach the tolerance in 300 steps (`MaxIterations`); at s = 1e-150 the
/// gradient (~1e-148) is far below their ε (1e-8, 1e-16 for AdaBelief, 1e-10 for
/// Adagrad; Adadelta's 1e-6 in both places), which then sets the step: still
/// `MaxIterations`. Lion's sign steps are exactly scale-free.
#[test]
fn values_at_the_scales_1e150_and_1e_minus_150() {
    let mut wrong = Vec::new();
    for s in [1e150, 1e-150] {
        let fault = Fault::Scaled(s);
        let f = Hostile::new(fault);
        let tol = 1e-11 * 7.07e2 * s;
        for run in run_all(&f, &X0, &stop().grad_tol(tol)) {
            let expected: &[StopReason] = if sgd(run.method) && s > 1.0 {
                &[Diverged]
            } else {
                &[MaxIterations, GradientTolerance]
            };
            wrong.extend(check(&format!("scale {s:e}"), fault, &run, tol, expected));
        }
    }
    report(wrong);
}

/// At s = 1e300 the entries of ∇f(x₀) are finite (≤ 7e302) but ‖∇f‖₂ overflows: every
/// run ends at once as `Diverged` with finite f and ∇f (the norm bug second-order's
/// `gradient_norm_overflow_is_not_divergence` reproduces); the right outcome is the
/// 1e150 case's. At s = 1e-300 ‖∇f‖² underflows: `GradientTolerance` at x₀ with
/// ‖∇f‖ = 7e-298 above a tolerance of 1e-308 (the underflow bug). Invariants only, and
/// the outcomes are listed.
#[test]
fn values_at_the_scales_1e300_and_1e_minus_300() {
    let mut wrong = Vec::new();
    let fault = Fault::Scaled(1e300);
    let f = Hostile::new(fault);
    for run in run_all(&f, &X0, &stop().grad_tol(7.07e291)) {
        wrong.extend(check(
            "scale 1e300",
            fault,
            &run,
            7.07e291,
            &[Diverged, MaxIterations, GradientTolerance],
        ));
    }
    let fault = Fault::Scaled(1e-300);
    let f = Hostile::new(fault);
    for run in run_all(&f, &X0, &stop().grad_tol(1e-308)) {
        // ‖∇f‖ ≈ 7e-298 is computed rescaled, above the tolerance: no run stops at x₀.
        let _ = check("scale 1e-300, tol 1e-308", fault, &run, f64::INFINITY, &[]);
        assert_ne!(
            (run.stop, run.iterations),
            (GradientTolerance, 0),
            "{}",
            run.method
        );
    }
    report(wrong);
}

/// q from |x₀| = 1e150 (f ≈ 2e301, finite). Plain GD contracts the error by
/// |1 − 2ηwᵢ| ≥ 0.8 per step: from 1e150 it cannot reach the tolerance in 300 steps
/// (`MaxIterations`); the adaptive rules move x by about lr per step, which does not
/// change an x of size 1e150 at all (`MaxIterations`, x = x₀; AdamW's decoupled decay
/// and Adagrad's, RAdam's, AdaBelief's ∇f-sized early steps do move it).
#[test]
fn iterates_of_magnitude_1e150() {
    let mut wrong = Vec::new();
    let x0 = [1e150, -1e150, 3e149];
    let f = Hostile::new(Fault::Plain);
    for run in run_all(&f, &x0, &stop()) {
        wrong.extend(check(
            "q from |x₀| = 1e150",
            Fault::Plain,
            &run,
            1e-6,
            &[MaxIterations],
        ));
        if scale_free(run.method) {
            assert_eq!(run.x, x0, "{}", run.method);
        }
    }
    report(wrong);
}

/// Σxᵢ⁴ from |x₀| = 1e150: f(x₀) = ∞, `Diverged` at once with x = x₀. From 1e50
/// (f = 1e200, ∇f ≈ 4e150): plain GD's first step (η·4e150, and RAdam's and
/// AdaBelief's) overflows f: `Diverged`, x₀ kept; the other adaptive rules take steps
/// of about lr, which do not move x of size 1e50 (`MaxIterations`).
#[test]
fn a_quartic_far_out() {
    let mut wrong = Vec::new();
    let f = Hostile::new(Fault::Quartic);
    let x0 = [1e150, -1e150, 3e149];
    for run in run_all(&f, &x0, &stop()) {
        wrong.extend(check(
            "quartic from 1e150",
            Fault::Quartic,
            &run,
            1e-6,
            &[Diverged],
        ));
        assert_eq!((run.iterations, &run.x[..]), (0, &x0[..]));
    }
    let x0 = [1e50, -1e50, 3e49];
    for run in run_all(&f, &x0, &stop()) {
        let expected: &[StopReason] = if sgd(run.method) {
            &[Diverged]
        } else {
            &[MaxIterations]
        };
        wrong.extend(check(
            "quartic from 1e50",
            Fault::Quartic,
            &run,
            1e-6,
            expected,
        ));
        if sgd(run.method) {
            assert_eq!((run.iterations, &run.x[..]), (1, &x0[..]), "{}", run.method);
        }
    }
    report(wrong);
}

/// The gradient-norm overflow through a first-order rule: f = 1e300·x² from x₀ = 1e-3
/// has f = 1e294 and ∇f = 2e297, both finite, and Adam's first step (about lr = 1e-3)
/// is harmless; but ‖∇f‖₂ = √(g²) overflows and the run ends `Diverged` at x₀.
#[test]
fn gradient_norm_overflow_is_not_divergence() {
    let f = FnObjective::new(
        1,
        |x: &[f64]| 1e300 * x[0] * x[0],
        |x: &[f64], g: &mut [f64]| g[0] = 2e300 * x[0],
    );
    let run = minimize(&Adam::new(1e-4), &f, &[1e-3], &Stop::after(5)).unwrap();
    assert_ne!(run.stop, Diverged, "{run}");
}

/// The underflow: f = 1e-300·x² from x₀ = 1, grad_tol = 1e-305: ∇f = 2e-300 > tol, but
/// ‖∇f‖² underflows to 0 and the run reports convergence at x₀.
#[test]
fn gradient_norm_underflow_is_not_convergence() {
    let f = FnObjective::new(
        1,
        |x: &[f64]| 1e-300 * x[0] * x[0],
        |x: &[f64], g: &mut [f64]| g[0] = 2e-300 * x[0],
    );
    let run = minimize(
        &Adam::new(1e-2),
        &f,
        &[1.0],
        &Stop::after(5).grad_tol(1e-305),
    )
    .unwrap();
    assert_ne!((run.stop, run.iterations), (GradientTolerance, 0), "{run}");
}
