//! The course documents' runs, with their parameters, as tests: the *Gradient Descent* chapter (x² with
//! three step sizes, x·cos(cx), x₁² + 2x₂²) and *Gradient Descent Optimizations* (x² + 100y², plain and with
//! momentum; the smoothing of a series by an exponentially weighted average).

use first_order::{Schedule, Scheduled, Sgd, ewa};
use landscapes::{Quadratic, XCos};
use optim_core::{Error, Objective, Record, Run, Stop, StopReason, minimize};

fn gd(lr: f64, f: &impl Objective, x0: &[f64], steps: usize) -> Run {
    minimize(
        &Sgd::new(lr),
        f,
        x0,
        &Stop::exactly(steps).record(Record::All),
    )
    .expect("valid run")
}

/// The *Gradient Descent* chapter: η = 0.2 contracts by |1 − 2η| = 0.6 per step.
#[test]
fn x_squared_converges_with_lr_0_2() {
    let run = gd(0.2, &Quadratic::x_squared(), &[10.0], 10);
    assert_eq!(run.stop, StopReason::MaxIterations);
    assert_eq!(run.trace.len(), 11);
    for (k, x) in run.trace.xs().enumerate() {
        let expected = 10.0 * 0.6f64.powi(k as i32);
        assert!((x[0] - expected).abs() < 1e-12, "x_{k} = {}", x[0]);
    }
    assert!((run.x[0].abs() - 10.0 * 0.6f64.powi(10)).abs() < 1e-12);
    // One evaluation at the start and one per step.
    assert_eq!(run.evals.gradient, 11);
}

/// The *Gradient Descent* chapter: η = 0.05 contracts only by 0.9 per step: still at 3.49 after 10 steps.
#[test]
fn x_squared_is_slow_with_lr_0_05() {
    let run = gd(0.05, &Quadratic::x_squared(), &[10.0], 10);
    let expected = 10.0 * 0.9f64.powi(10);
    assert!((run.x[0] - expected).abs() < 1e-12);
    assert!(run.x[0] > 3.48);
}

/// The *Gradient Descent* chapter: η = 1.1 multiplies x by 1 − 2η = −1.2 per step. Run until x² overflows.
#[test]
fn x_squared_diverges_with_lr_1_1_and_keeps_its_trace() {
    let run = gd(1.1, &Quadratic::x_squared(), &[10.0], 100_000);
    assert_eq!(run.stop, StopReason::Diverged);
    // f = ½x(Ax) with A = 2 overflows when x·2x > 1.798e308, |x| > 9.48e153:
    // |xₖ| = 10·1.2ᵏ is 7.92e153 at k = 1931 (2x² = 1.25e308, finite) and 9.50e153 at
    // k = 1932. (‖∇f‖ is computed rescaled, so its square overflowing at k = 1931,
    // (2x)² = 2.5e308, no longer ends the run a step early.)
    assert_eq!(run.iterations, 1932);
    // Every finite iterate is in the trace (rows 0..k−1), the overflowing one is not.
    assert_eq!(run.trace.len(), run.iterations);
    assert!(run.trace.values().iter().all(|v| v.is_finite()));
    let last = run.trace.x(run.trace.len() - 1).unwrap();
    assert_eq!(last, &run.x[..]);
    assert!(run.value.is_finite() && run.value > 1e307);
    for (k, x) in run.trace.xs().enumerate().step_by(97) {
        let expected = 10.0 * (-1.2f64).powi(k as i32);
        assert!((x[0] / expected - 1.0).abs() < 1e-12, "row {k}");
    }
}

/// The same run stopped early by `Stop::diverge_above`: f > 10⁶ first at k = 26
/// (10·1.2²⁶ = 1145), and that iterate is kept.
#[test]
fn x_squared_lr_1_1_stops_at_the_divergence_threshold() {
    let stop = Stop::exactly(1000).record(Record::All).diverge_above(1e6);
    let run = minimize(&Sgd::new(1.1), &Quadratic::x_squared(), &[10.0], &stop).unwrap();
    assert_eq!(run.stop, StopReason::Diverged);
    assert_eq!(run.iterations, 26);
    assert_eq!(run.trace.len(), 27);
    assert!((run.x[0] - 10.0 * 1.2f64.powi(26)).abs() < 1e-9);
    assert!(run.value > 1e6 && run.trace.values()[25] <= 1e6);
}

/// f′ of x·cos(cx), for an independent bisection.
fn xcos_derivative(c: f64, x: f64) -> f64 {
    (c * x).cos() - c * x * (c * x).sin()
}

fn bisect(f: impl Fn(f64) -> f64, mut a: f64, mut b: f64) -> f64 {
    assert!(f(a) * f(b) < 0.0, "not a bracket");
    for _ in 0..200 {
        let m = 0.5 * (a + b);
        if f(a) * f(m) <= 0.0 {
            b = m;
        } else {
            a = m;
        }
    }
    0.5 * (a + b)
}

/// The *Gradient Descent* chapter: from 10 with η = 2 the first step jumps over the nearest minimum (7.27)
/// to 0.575, and the iterates then zig-zag into the local minimum at −1.82568.
#[test]
fn xcos_with_lr_2_ends_in_a_local_minimum() {
    let f = XCos::seed001();
    let c = f.c;
    let stop = Stop::after(2000).record(Record::All).grad_tol(1e-10);
    let run = minimize(&Sgd::new(2.0), &f, &[10.0], &stop).unwrap();
    assert_eq!(run.stop, StopReason::GradientTolerance);
    assert!((run.trace.x(1).unwrap()[0] - 0.5752220392306207).abs() < 1e-12);
    // f′ changes sign on [−2.2, −1.4]: f′(−2.2) < 0 < f′(−1.4).
    let x_star = bisect(|x| xcos_derivative(c, x), -2.2, -1.4);
    assert!((x_star + 1.8256845786723397).abs() < 1e-15);
    // A minimum: f″ = −2c sin(cx) − c²x cos(cx) > 0 there.
    let second = -2.0 * c * (c * x_star).sin() - c * c * x_star * (c * x_star).cos();
    assert!(second > 0.9);
    // |f′| ≤ 1e-10 and f″ ≈ 0.98 put x within ~1e-10 of x*.
    assert!((run.x[0] - x_star).abs() < 1e-9, "{} vs {x_star}", run.x[0]);
    // The contraction |1 − 2f″(x*)| ≈ 0.958 takes 510 steps to |f′| ≤ 1e-10 in Python
    // floats (a last-bit difference in f′ may shift that by a step or two).
    assert!((505..=515).contains(&run.iterations), "{}", run.iterations);
    // The zig-zag: consecutive iterates on opposite sides of x*, from step 2 on.
    let xs: Vec<f64> = run.trace.xs().map(|x| x[0] - x_star).collect();
    assert!(xs[2..50].windows(2).all(|w| w[0] * w[1] < 0.0));
}

/// The *Gradient Descent* chapter: x₁² + 2x₂² from (−5, −2), η = 0.1, 20 steps: each coordinate contracts
/// by 1 − 2η·(1, 2) = (0.8, 0.6).
#[test]
fn anisotropic_quadratic_matches_closed_form() {
    let run = gd(0.1, &Quadratic::anisotropic(), &[-5.0, -2.0], 20);
    let expected = [0.8f64.powi(20) * -5.0, 0.6f64.powi(20) * -2.0];
    assert!((run.x[0] - expected[0]).abs() < 1e-12);
    assert!((run.x[1] - expected[1]).abs() < 1e-15);
    assert!((run.x[0] + 0.057646075230342).abs() < 1e-12);
}

/// How often y changes sign along a trace.
fn sign_changes(run: &Run) -> usize {
    let ys: Vec<f64> = run.trace.xs().map(|x| x[1]).collect();
    ys.windows(2).filter(|w| w[0] * w[1] < 0.0).count()
}

/// *Gradient Descent Optimizations*: on x² + 100y² with α = 0.01, y ← y − α·200y = −y: plain GD flips y
/// every step and never shrinks it, while x creeps in by 0.98 per step.
#[test]
fn ill_conditioned_gd_oscillates_in_y() {
    let run = gd(0.01, &Quadratic::ill_conditioned(), &[-1.0, -1.0], 75);
    assert_eq!(sign_changes(&run), 75);
    assert!(run.trace.xs().all(|x| x[1].abs() == 1.0));
    assert!((run.x[0] + 0.98f64.powi(75)).abs() < 1e-12);
}

/// The *Gradient Descent Optimizations* notebook's bias correction, as a schedule: ηₜ = α / (1 − βᵗ⁺¹) (t counts from 0),
/// the *correct* 1 − βᵗ where the document divides by 1 + βᵗ.
struct BiasCorrection {
    beta: f64,
}

impl Schedule for BiasCorrection {
    fn lr(&self, base_lr: f64, t: usize) -> f64 {
        base_lr / (1.0 - self.beta.powf((t + 1) as f64))
    }
    fn validate(&self) -> Result<(), Error> {
        Ok(())
    }
}

/// The *Gradient Descent Optimizations* notebook's momentum in its EWA form, v ← βv + (1 − β)g, x ← x − α·v/(1 − βᵗ),
/// with the bias correction fixed. β = 0.9 makes the y-motion a slow damped wave:
/// 13 sign changes in 75 steps instead of 75, |y| down to 0.0085 instead of 1.
#[test]
fn ill_conditioned_momentum_damps_the_oscillation() {
    let beta = 0.9;
    let momentum = Scheduled::new(Sgd::ewa_momentum(0.01, beta), BiasCorrection { beta });
    let f = Quadratic::ill_conditioned();
    let run = minimize(
        &momentum,
        &f,
        &[-1.0, -1.0],
        &Stop::exactly(75).record(Record::All),
    )
    .unwrap();

    // The document's recursion written out, with (1 − βᵗ).
    let (mut x, mut v) = ([-1.0f64, -1.0], [0.0f64, 0.0]);
    for t in 1..=75 {
        let g = [2.0 * x[0], 200.0 * x[1]];
        for i in 0..2 {
            v[i] = beta * v[i] + (1.0 - beta) * g[i];
            x[i] -= 0.01 * v[i] / (1.0 - beta.powi(t));
        }
    }
    assert!((run.x[0] - x[0]).abs() < 1e-13 && (run.x[1] - x[1]).abs() < 1e-13);

    // Values of the same recursion in NumPy (float64).
    assert!((run.x[0] + 0.15771892467751894).abs() < 1e-12);
    assert!((run.x[1] - 0.008465360615226234).abs() < 1e-12);
    assert_eq!(sign_changes(&run), 13);
    let late_max = run
        .trace
        .xs()
        .skip(40)
        .map(|x| x[1].abs())
        .fold(0.0, f64::max);
    assert!(late_max < 0.1, "{late_max}");
    // Momentum also moves faster along the shallow x direction than GD (0.2198).
    assert!(run.x[0].abs() < 0.16);
    assert_eq!(run.trace.len(), 76);
}

/// The *Gradient Descent Optimizations* notebook's series y = cos(x)·e^(x/100) − 10·e^(−0.01x) at x = kπ, k < 50, smoothed
/// with β = 0.9. The bias-corrected average starts at the first sample (−9) exactly;
/// the raw one starts at 0.1·y₀ = −0.9, biased towards 0.
#[test]
fn ewa_smooths_seed_000_series() {
    let y: Vec<f64> = (0..50)
        .map(|k| {
            let x = k as f64 * std::f64::consts::PI;
            x.cos() * (x / 100.0).exp() - 10.0 * (-0.01 * x).exp()
        })
        .collect();
    let (raw, corrected) = ewa(&y, 0.9).unwrap();
    assert_eq!(y[0], -9.0);
    assert_eq!(corrected[0], y[0]);
    assert!((raw[0] - 0.1 * y[0]).abs() < 1e-15);
    // The document's `ewa` and `ewabc` cells, run in NumPy (float64).
    let numpy = [
        (1, -1.8822638878360314, -9.906652041242273),
        (9, -5.579254249917183, -8.566051845072945),
        (49, -3.1837081205405644, -3.200201238341162),
    ];
    for (i, r, c) in numpy {
        assert!((raw[i] - r).abs() < 1e-13, "raw[{i}] = {}", raw[i]);
        assert!(
            (corrected[i] - c).abs() < 1e-13,
            "corrected[{i}] = {}",
            corrected[i]
        );
    }
    // The bias has decayed by the end: β⁵⁰ = 0.005.
    assert!((corrected[49] / raw[49] - 1.0 / (1.0 - 0.9f64.powi(50))).abs() < 1e-12);
}
