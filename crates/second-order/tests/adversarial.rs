//! Adversarial objectives against every second-order method: NaN at random evaluations
//! (seeded), a value that jumps (a wall and a staircase), a gradient inconsistent with
//! the value, values at the scale 1e300 and 1e-300, and iterates of magnitude 1e150
//! (finite, and where f overflows). For every method and case:
//!
//! - no panic and no hang: each run is bounded by `max_iters` and `max_time`, and each
//!   objective panics (failing the test) after a million evaluations, which a run of
//!   200 iterations never needs;
//! - the last finite iterate is kept: x is finite and, when the value is finite,
//!   f(run.x) is run.value to the bit (f evaluated here without the injected faults);
//! - the stop reason names what happened: `expected` below lists, per case and method,
//!   the reasons that describe it (with why), and the test asserts the run's is one of
//!   them; a convergence reason additionally requires the true gradient at run.x to be
//!   within the tolerance.
//!
//! The table of outcomes is printed (`--nocapture`).
//!
//! What would fail: a method that wrote a NaN trial into x, or reported the value of a
//! trial it did not take (x non-finite, f(run.x) ≠ run.value); a run that claimed
//! convergence on a gradient norm that rounded to 0 (the true gradient is checked, with
//! a norm that cannot underflow: that check is what flagged the 1e-300 case); a
//! guarded method that climbed the wall or rose above its start (checked per case).
//! Non-vacuity: the expected sets were narrowed to the observed reasons where theory
//! says so; removing `LineSearchFailed` from the wall's line-search set, or `Diverged`
//! from the random-NaN set, fails the test.

use std::cell::{Cell, RefCell};
use std::time::Duration;

use StopReason::*;
use optim_core::{
    Hessian, HessianProduct, Method, Objective, Rng, Run, Stop, StopReason, minimize,
};
use second_order::curvature::hessian_diagonal::HessianDiagonal;
use second_order::{
    Bfgs, CurvatureScaledGd, Lbfgs, NewtonCg, PreconditionedDescent, SteepestDescent, TrustRegion,
};

const N: usize = 3;
/// f's base: q(x) = Σ wᵢ(xᵢ − cᵢ)², minimised at c.
const W: [f64; N] = [1.0, 10.0, 100.0];
const C: [f64; N] = [1.0, -2.0, 0.5];
const X0: [f64; N] = [-3.0, 3.0, 4.0];
/// An objective evaluated this many times has hung.
const WATCHDOG: usize = 1_000_000;
const MAX_ITERS: usize = 200;
const MAX_TIME: Duration = Duration::from_secs(10);

/// What is done to the base bowl q.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Fault {
    /// Each evaluation (value, gradient, Hessian, product) is NaN with probability
    /// `percent`/100, from `Rng::new(seed)` in call order.
    RandomNan { seed: u32, percent: u32 },
    /// f = q + 1e4·[x₀ > 0]: a wall between x₀ = −3 and the minimiser at x₀ = 1, higher
    /// than f(x₀) ≈ 1491; below it, f's infimum is at the wall, where ∇q ≠ 0.
    Wall,
    /// f = h·⌈q/h⌉ with h = 1: piecewise constant, ∇f reported as ∇q.
    Staircase,
    /// f = q but ∇f reported as ∇q(x − 3): the gradient of a bowl centred at c + 3.
    WrongGradient,
    /// f = s·q (s = 1e300 or 1e-300), every derivative scaled alike.
    Scaled(f64),
    /// q itself (run from a start of magnitude 1e150).
    Plain,
    /// f = Σ xᵢ⁴: 1e600 (∞) at a start of magnitude 1e150, finite (1e300) at 1e75.
    Quartic,
}

struct Hostile {
    fault: Fault,
    rng: RefCell<Rng>,
    evals: Cell<usize>,
}

impl Hostile {
    fn new(fault: Fault) -> Self {
        let seed = match fault {
            Fault::RandomNan { seed, .. } => seed,
            _ => 0,
        };
        Self {
            fault,
            rng: RefCell::new(Rng::new(seed)),
            evals: Cell::new(0),
        }
    }

    /// Counts an evaluation (the watchdog) and says whether it is to be NaN.
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

    fn scale(&self) -> f64 {
        match self.fault {
            Fault::Scaled(s) => s,
            _ => 1.0,
        }
    }
}

// No `powi` anywhere in these objectives: LLVM may fold `powi` on a constant argument
// differently from the run-time call, so f(x₀) computed here from the literal x₀ and
// inside the run would differ in the last bit (it did, for x₀ = 1e50).
fn q(x: &[f64]) -> f64 {
    (0..N).map(|i| W[i] * ((x[i] - C[i]) * (x[i] - C[i]))).sum()
}

/// f without the injected faults (what f(run.x) is compared with).
fn clean_value(fault: Fault, x: &[f64]) -> f64 {
    match fault {
        Fault::RandomNan { .. } | Fault::WrongGradient | Fault::Plain => q(x),
        Fault::Wall => q(x) + if x[0] > 0.0 { 1e4 } else { 0.0 },
        Fault::Staircase => q(x).ceil(),
        Fault::Scaled(s) => s * q(x),
        Fault::Quartic => x.iter().map(|v| (v * v) * (v * v)).sum(),
    }
}

/// The gradient the objective reports, without the injected NaN.
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
            g[1] = f64::NAN;
        }
    }
}

impl HessianProduct for Hostile {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        let mut h = [0.0; N * N];
        self.hessian(x, &mut h);
        for i in 0..N {
            hv[i] = (0..N).map(|j| h[j * N + i] * v[j]).sum();
        }
    }
}

impl Hessian for Hostile {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        let nan = self.tick();
        h.fill(0.0);
        for i in 0..N {
            h[i * N + i] = match self.fault {
                Fault::Quartic => 12.0 * x[i] * x[i],
                _ => 2.0 * W[i] * self.scale(),
            };
        }
        if nan {
            h[0] = f64::NAN;
        }
    }
}

/// Every method on `f` from `x0` under `stop`; `Err` is not expected anywhere here.
fn run_all(f: &Hostile, x0: &[f64], stop: &Stop) -> Vec<Run> {
    fn go<M: Method<Hostile>>(m: M, f: &Hostile, x0: &[f64], stop: &Stop) -> Run {
        f.evals.set(0);
        *f.rng.borrow_mut() = Rng::new(match f.fault {
            Fault::RandomNan { seed, .. } => seed,
            _ => 0,
        });
        minimize(&m, f, x0, stop).unwrap_or_else(|e| panic!("{}: refused: {e}", m.name()))
    }
    let runs = vec![
        go(Bfgs::default(), f, x0, stop),
        go(Lbfgs::default(), f, x0, stop),
        go(NewtonCg::default(), f, x0, stop),
        go(SteepestDescent::default(), f, x0, stop),
        go(TrustRegion::cauchy(), f, x0, stop),
        go(TrustRegion::ncg(), f, x0, stop),
        go(CurvatureScaledGd::default(), f, x0, stop),
        go(PreconditionedDescent::new(HessianDiagonal), f, x0, stop),
    ];
    #[cfg(feature = "dense")]
    let runs = {
        use second_order::{Levenberg, ModifiedNewton, Newton};
        let mut runs = runs;
        runs.extend([
            go(Newton::default(), f, x0, stop),
            go(Newton::pure(), f, x0, stop),
            go(ModifiedNewton::default(), f, x0, stop),
            go(Levenberg::default(), f, x0, stop),
            go(TrustRegion::dogleg(), f, x0, stop),
            go(TrustRegion::exact(), f, x0, stop),
        ]);
        runs
    };
    runs
}

fn stop() -> Stop {
    Stop::after(MAX_ITERS).max_time(MAX_TIME)
}

/// ‖v‖₂ without overflow or underflow (scaled by max |vᵢ|).
fn safe_norm(v: &[f64]) -> f64 {
    let m = v.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
    if m == 0.0 || !m.is_finite() {
        return m;
    }
    m * v.iter().map(|x| (x / m).powi(2)).sum::<f64>().sqrt()
}

/// The checks every run must pass, and the table row. The invariants (finite x,
/// f(run.x) = run.value, a convergence reason only where the tolerance holds) panic at
/// once; an unexpected stop reason is returned, so that a test reports all of them.
fn check(case: &str, fault: Fault, run: &Run, tol: f64, expected: &[StopReason]) -> Option<String> {
    let name = run.method;
    eprintln!(
        "{case:<26} {name:<44} {:<22} {:>4} it  f = {:.3e}",
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
    let mut wrong = None;
    if run.stop == GradientTolerance {
        let mut g = [0.0; N];
        clean_gradient(fault, &run.x, &mut g);
        let gn = safe_norm(&g);
        if gn > tol {
            wrong = Some(format!(
                "{case} / {name}: GradientTolerance but ‖∇f(run.x)‖ = {gn:e} > {tol:e}"
            ));
        }
    }
    if !expected.contains(&run.stop) {
        wrong = Some(format!(
            "{case} / {name}: stopped with {:?} after {} iterations, expected one of {expected:?}",
            run.stop, run.iterations
        ));
    }
    wrong
}

/// Fails with every unexpected outcome of a test.
fn report(wrong: Vec<String>) {
    assert!(
        wrong.is_empty(),
        "{} unexpected outcomes:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The line-search methods (strong Wolfe or Armijo on a descent direction).
fn line_search(name: &str) -> bool {
    [
        "BFGS",
        "L-BFGS",
        "Newton-CG",
        "steepest descent",
        "Newton (Armijo)",
        "modified Newton",
    ]
    .contains(&name)
}

fn trust_region(name: &str) -> bool {
    name.starts_with("trust-region")
}

/// Methods that accept a trial on the gradients' word when the predicted decrease is
/// below √ε·|f| (the trust regions, Levenberg and preconditioned descent share
/// `evaluate_trial`), whatever the value did: known bug, see
/// `a_trust_region_does_not_climb_a_wall` below.
fn ratio_methods(name: &str) -> bool {
    trust_region(name) || name == "Levenberg" || name.starts_with("preconditioned descent")
}

/// Random NaN: a NaN at an accepted point ends the run as `Diverged` (the previous
/// iterate kept); a NaN trial is backed off from by the line searches and rejected by
/// the trust regions and Levenberg; a NaN Hessian makes the dense solves fail
/// (`NoProgress`, or a −g fallback). A run may also converge before the first fault
/// (`GradientTolerance`, checked against the true gradient), or spend its budget.
/// Never `Unbounded` (q is bounded below), never another tolerance (none is set).
/// Pure Newton has no safeguard: any NaN it meets is `Diverged`, a NaN Hessian
/// `NoProgress`.
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
                let expected: &[StopReason] = if run.method == "Newton" {
                    &[Diverged, NoProgress, GradientTolerance]
                } else {
                    &[
                        Diverged,
                        LineSearchFailed,
                        NoProgress,
                        TrustRegionCollapsed,
                        GradientTolerance,
                        MaxIterations,
                    ]
                };
                wrong.extend(check(&case, fault, &run, 1e-6, expected));
                *reasons
                    .entry((run.method, format!("{:?}", run.stop)))
                    .or_default() += 1;
            }
        }
    }
    eprintln!("random NaN, 75 objectives (25 seeds × 2, 10, 30 %): stop reasons per method");
    for ((m, r), k) in reasons {
        eprintln!("  {m:<44} {r} {k}");
    }
    report(wrong);
}

/// The wall f = q + 1e4·[x₀ > 0] stands between x₀ and the minimiser c. Below it f's
/// infimum is on the wall, where ∇f ≠ 0: no tolerance can be met. A line search presses
/// against it until no step decreases f: `LineSearchFailed` (the value tolerance is
/// set and f stands still there: a run loop that tested it before the method's verdict
/// would say `ValueTolerance`). Pure Newton jumps to c in one step (the model is
/// exact), over the wall, where ∇f = 0: `GradientTolerance` at a local minimiser of
/// the discontinuous f. Curvature-scaled GD (fixed steps) crosses too, and converges
/// or is on its way (`MaxIterations`).
///
/// The trust regions, Levenberg and preconditioned descent stay below the wall: their
/// accepted steps shrink against it until f changes by less than the value tolerance
/// (`ValueTolerance`), or Δ collapses or λ grows (`TrustRegionCollapsed`,
/// `NoProgress`). They climbed it once (`a_trust_region_does_not_climb_a_wall`, fixed: the gradients
/// decide the ratio only when the two values agree to √ε); they now stop below it.
#[test]
fn a_wall_in_the_value() {
    let mut wrong = Vec::new();
    let f = Hostile::new(Fault::Wall);
    let stop = stop().value_tol(1e-12);
    for run in run_all(&f, &X0, &stop) {
        let expected: &[StopReason] = match run.method {
            "Newton" => &[GradientTolerance],
            "curvature-scaled GD" => &[GradientTolerance, MaxIterations],
            m if line_search(m) => &[LineSearchFailed],
            // The ratio on f refuses every trial across the wall: the steps shrink
            // against it until f stops changing (or the region or model gives out).
            m if ratio_methods(m) => &[TrustRegionCollapsed, NoProgress, ValueTolerance],
            _ => &[NoProgress],
        };
        wrong.extend(check(
            "wall 1e4 at x₀ = 0",
            Fault::Wall,
            &run,
            1e-6,
            expected,
        ));
        let unguarded = run.method == "Newton" || run.method == "curvature-scaled GD";
        let below = run.x[0] <= 0.0 && run.value < q(&X0);
        if !(unguarded || below) {
            wrong.push(format!(
                "wall / {}: climbed the wall to f = {:e}",
                run.method, run.value
            ));
        }
    }
    report(wrong);
}

/// f = ⌈q⌉: flat steps, with ∇q as the gradient. A line search sees no decrease on a
/// flat step (`LineSearchFailed`), except that the strong-Wolfe search's
/// derivative-only test (predicted decrease below 1e-10·|f|) and the ratio's
/// derivative form (below √ε·|f|) accept steps on ∇q alone, so many methods reach c
/// (`GradientTolerance`, by the gradient the objective reports). Cauchy steps,
/// steepest descent on κ = 100 accepted on the gradients' word, are on their way
/// (`MaxIterations`); so is curvature-scaled GD. No guarded method ends above f(x₀).
#[test]
fn a_staircase_value() {
    let mut wrong = Vec::new();
    let f = Hostile::new(Fault::Staircase);
    for run in run_all(&f, &X0, &stop()) {
        let expected: &[StopReason] = match run.method {
            "Newton" => &[GradientTolerance],
            "curvature-scaled GD" | "trust-region (Cauchy point)" => {
                &[GradientTolerance, MaxIterations]
            }
            m if line_search(m) => &[LineSearchFailed, GradientTolerance],
            m if trust_region(m) => &[TrustRegionCollapsed, NoProgress, GradientTolerance],
            _ => &[NoProgress, GradientTolerance],
        };
        wrong.extend(check(
            "staircase ⌈q⌉",
            Fault::Staircase,
            &run,
            1e-6,
            expected,
        ));
        if run.method != "Newton"
            && run.method != "curvature-scaled GD"
            && run.value > clean_value(Fault::Staircase, &X0)
        {
            wrong.push(format!(
                "staircase / {}: f rose to {:e}",
                run.method, run.value
            ));
        }
    }
    report(wrong);
}

/// f = q, ∇f reported as ∇q(x − 3). From x₀ both agree on the direction for a while;
/// then the reported slope says "down" where f rises. The strong-Wolfe methods stop
/// there (`LineSearchFailed`). The Newton direction −H⁻¹g lands on c + 3, the zero of
/// the reported gradient, where f = 999 < f(x₀) = 1491: Armijo accepts the full step and
/// the Newton methods end with `GradientTolerance` by the objective's own gradient.
/// The trust regions, Levenberg and preconditioned descent reach the rounding regime
/// (predicted decrease below √ε·|f|), where the ratio is taken from the gradients, which
/// lie: they accept steps that change f by at most ~1e-5 (1e-8 relative) back and
/// forth and spend their budget (`MaxIterations`), or collapse.
#[test]
fn a_gradient_inconsistent_with_the_value() {
    let mut wrong = Vec::new();
    let f = Hostile::new(Fault::WrongGradient);
    for run in run_all(&f, &X0, &stop()) {
        let expected: &[StopReason] = match run.method {
            "Newton" | "Newton (Armijo)" | "modified Newton" => &[GradientTolerance],
            "curvature-scaled GD" => &[GradientTolerance, MaxIterations],
            m if line_search(m) => &[LineSearchFailed],
            _ => &[TrustRegionCollapsed, NoProgress, MaxIterations],
        };
        wrong.extend(check(
            "gradient of q(x − 3)",
            Fault::WrongGradient,
            &run,
            1e-6,
            expected,
        ));
        // Whatever happened, no method ends far above where it started.
        if run.value > q(&X0) {
            wrong.push(format!(
                "wrong gradient / {}: f rose to {:e}",
                run.method, run.value
            ));
        }
    }
    report(wrong);
}

/// f = s·q with a tolerance relative to ‖∇f(x₀)‖ ≈ 7.07e2·s (1e-11 of it). A
/// scale-invariant method converges as on q (`GradientTolerance`); the first-order
/// methods (steepest descent, Cauchy steps, curvature-scaled GD) need ~2·10³
/// iterations of κ = 100 contraction for that tolerance even at s = 1 and are on their
/// way (`MaxIterations`). What else each method may report here, at s = 1e150 or
/// 1e-150, is a finding (measured scan over s = 10^±50 … 10^±200 in the report), each
/// with an ignored reproduction below:
///
/// - the line searches take α in the absolute range [1e-100, 1e100] (Newton-CG
///   [1e-8, 50]), and the step that reaches c scales like 1/s along −∇f: past it, the
///   search fails (`LineSearchFailed`, large s) or reaches α_max still falling steeply
///   (`Unbounded`, on a bounded quadratic, small s) — BFGS (H₀ = I) already fails from
///   s = 1e30 (`bfgs_is_scale_invariant`);
/// - Newton-CG's flat-direction test dᵀHd ≤ 3ε·dᵀd compares a curvature with a pure
///   number: below s ≈ 1e-15 every direction is "flat", the step is −∇f with α ≤ 50,
///   and the run reports `Unbounded` (`newton_cg_is_not_unbounded_on_a_flat_quadratic`);
/// - the Cauchy point forms ‖g‖³ and gᵀBg, which overflow from s ≈ 1e120: predicted
///   decrease −∞, `NoProgress` (Cauchy and Steihaug's first step,
///   `cauchy_point_does_not_overflow`); gᵀBg underflows at s ≤ 1e-120 for the dogleg
///   (`NoProgress`); Steihaug, Cauchy and preconditioned descent crawl at s ≤ 1e-50
///   (`MaxIterations`).
fn at_scale(s: f64, wrong: &mut Vec<String>) {
    let fault = Fault::Scaled(s);
    let f = Hostile::new(fault);
    let tol = 1e-11 * 7.07e2 * s;
    let case = format!("scale {s:e}");
    for run in run_all(&f, &X0, &stop().grad_tol(tol)) {
        let expected: &[StopReason] = match run.method {
            "curvature-scaled GD" => &[GradientTolerance, MaxIterations],
            "steepest descent" => &[
                GradientTolerance,
                MaxIterations,
                LineSearchFailed,
                Unbounded,
            ],
            "trust-region (Cauchy point)" => &[GradientTolerance, MaxIterations, NoProgress],
            "BFGS" | "L-BFGS" | "Newton-CG" => &[GradientTolerance, LineSearchFailed, Unbounded],
            "trust-region (Steihaug CG)" => &[GradientTolerance, NoProgress, MaxIterations],
            "trust-region (dogleg)" => &[GradientTolerance, NoProgress],
            m if m.starts_with("preconditioned descent") => &[GradientTolerance, MaxIterations],
            _ => &[GradientTolerance],
        };
        wrong.extend(check(&case, fault, &run, tol, expected));
    }
}

#[test]
fn values_at_the_scales_1e150_and_1e_minus_150() {
    let mut wrong = Vec::new();
    at_scale(1e150, &mut wrong);
    at_scale(1e-150, &mut wrong);
    report(wrong);
}

/// At s = 1e300 every entry of ∇f(x₀) is finite (≤ 7e302), but ‖∇f‖₂ computed as
/// √(Σgᵢ²) overflows: every run ends at once as `Diverged`, with finite f and ∇f
/// (known bug, `gradient_norm_overflow_is_not_divergence`). At s = 1e-300 the squares
/// underflow, ‖∇f‖ reads 0, and every run reports `GradientTolerance` at x₀ with
/// ‖∇f‖ = 7e-298 above the tolerance 1e-308 (known bug,
/// `gradient_norm_underflow_is_not_convergence`): the check of the true gradient
/// flags it, so this test asserts only the invariants here and lists the outcomes.
/// With the default tolerance 1e-6 the 1e-300 runs end at x₀ with a gradient truly
/// below it: `GradientTolerance` after 0 iterations, correct.
#[test]
fn values_at_the_scales_1e300_and_1e_minus_300() {
    let mut wrong = Vec::new();
    let fault = Fault::Scaled(1e300);
    let f = Hostile::new(fault);
    for run in run_all(&f, &X0, &stop().grad_tol(1e-11 * 7.07e302)) {
        // ‖∇f‖ no longer overflows: the runs step (and end as at 1e150, or where
        // the methods that are not scale-invariant give out).
        wrong.extend(check(
            "scale 1e300",
            fault,
            &run,
            7.07e291,
            // The searches' step range and the models' products (gᵀBg ≈ 1e600) give
            // out at this scale: the weaknesses of the ignored tests below.
            &[
                GradientTolerance,
                MaxIterations,
                LineSearchFailed,
                NoProgress,
            ],
        ));
    }
    let fault = Fault::Scaled(1e-300);
    let f = Hostile::new(fault);
    for run in run_all(&f, &X0, &stop()) {
        wrong.extend(check(
            "scale 1e-300, tol 1e-6",
            fault,
            &run,
            1e-6,
            &[GradientTolerance],
        ));
        assert_eq!(run.iterations, 0);
    }
    for run in run_all(&f, &X0, &stop().grad_tol(1e-308)) {
        // ‖∇f‖ ≈ 7e-298 is computed rescaled, above the tolerance: no run stops at x₀.
        let _ = check(
            "scale 1e-300, tol 1e-308",
            fault,
            &run,
            f64::INFINITY,
            &[GradientTolerance],
        );
        assert_ne!(
            (run.stop, run.iterations),
            (GradientTolerance, 0),
            "{}",
            run.method
        );
    }
    report(wrong);
}

/// q from x₀ = (1e150, −1e150, 3e149): f(x₀) ≈ 2e301 and ∇f are finite (and ‖∇f‖² is
/// 4e304, no overflow). Newton-type steps remove the error in a few steps (x₀ − c rounds
/// to x₀, so the first lands on 0 rather than c); so does Newton-CG, and
/// preconditioned descent, whose λ adapts. The trust regions start at Δ₀ = 1, which
/// cannot change an x of size 1e150: `TrustRegionCollapsed` (Δ < ε(1 + ‖x‖)) at once,
/// as documented. Steepest descent needs ~2·10⁴ iterations of κ = 100 contraction
/// (`MaxIterations`), curvature-scaled GD ~3·10⁵. BFGS should converge (it does from
/// 1e80, in 31 iterations) but its update underflows (ρ² with sᵀy ~ 1e302):
/// `MaxIterations` (known weakness, `bfgs_converges_from_1e100`). L-BFGS's first step
/// has unit length, and 20 trials of ×5 cannot reach 1e150: it reports `Unbounded` on
/// a bounded quadratic (known bug, `lbfgs_is_not_unbounded_on_a_bounded_quadratic`).
#[test]
fn iterates_of_magnitude_1e150() {
    let mut wrong = Vec::new();
    let x0 = [1e150, -1e150, 3e149];
    let f = Hostile::new(Fault::Plain);
    for run in run_all(&f, &x0, &stop()) {
        let expected: &[StopReason] = match run.method {
            "curvature-scaled GD" | "steepest descent" => &[MaxIterations],
            m if trust_region(m) => &[TrustRegionCollapsed],
            // Known weakness / bug (see above): GradientTolerance is the right outcome.
            "BFGS" => &[GradientTolerance, MaxIterations],
            "L-BFGS" => &[GradientTolerance, Unbounded],
            _ => &[GradientTolerance],
        };
        wrong.extend(check(
            "q from |x₀| = 1e150",
            Fault::Plain,
            &run,
            1e-6,
            expected,
        ));
    }
    report(wrong);
}

/// Σxᵢ⁴ from |x₀| = 1e150: f(x₀) = ∞, so every run ends at once as `Diverged` with
/// x = x₀ (0 iterations, value ∞). From |x₀| = 1e50, f(x₀) = 1e200 is finite and
/// ‖∇f‖ = 4e150: a step along −∇f of any length that moves x overflows f, so the
/// searches back off from ∞ many times; Newton's steps (x ← 2x/3) are safe. The runs
/// converge slowly towards 0 (the Hessian vanishes there) and end on the budget or
/// the tolerance, or when a search or region cannot make progress. From 1e75 (f = 1e300,
/// ∇f ≈ 4e225, ‖∇f‖² overflows but ‖∇f‖ is computed rescaled) the same: any step along
/// −∇f overflows f, and the runs end on the budget or because no progress is possible.
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
        assert_eq!((run.iterations, &run.x[..]), (0, &x0[..]), "{}", run.method);
    }
    let any_end: &[StopReason] = &[
        MaxIterations,
        GradientTolerance,
        LineSearchFailed,
        NoProgress,
        TrustRegionCollapsed,
    ];
    let x0 = [1e50, -1e50, 3e49];
    for run in run_all(&f, &x0, &stop()) {
        wrong.extend(check(
            "quartic from 1e50",
            Fault::Quartic,
            &run,
            1e-6,
            any_end,
        ));
        if run.value > clean_value(Fault::Quartic, &x0) {
            wrong.push(format!(
                "quartic 1e50 / {}: f rose to {:e}",
                run.method, run.value
            ));
        }
    }
    let x0 = [1e75, -1e75, 3e74];
    for run in run_all(&f, &x0, &stop()) {
        wrong.extend(check(
            "quartic from 1e75",
            Fault::Quartic,
            &run,
            1e-6,
            any_end,
        ));
    }
    report(wrong);
}

// ---------------------------------------------------------------------------------------
// Minimal reproductions of what the cases above found. Ignored so that the suite stays
// green; each states the behaviour a fix should give.

/// f = 1e300·x² from x₀ = 1: f = 1e300 and ∇f = 2e300 are finite. ‖∇f‖₂ as √(g²)
/// overflowed to ∞ (any |gᵢ| above ~1.3e154 does), and the run loop read that as a
/// non-finite gradient: `Diverged` at iteration 0. `vector::norm` now rescales.
#[test]
fn gradient_norm_overflow_is_not_divergence() {
    let f = optim_core::FnObjective::new(
        1,
        |x: &[f64]| 1e300 * x[0] * x[0],
        |x: &[f64], g: &mut [f64]| g[0] = 2e300 * x[0],
    );
    let run = minimize(
        &Bfgs::default(),
        &f,
        &[1.0],
        &Stop::after(50).grad_tol(1e290),
    )
    .unwrap();
    // The norm is computed rescaled: the run steps (BFGS's H₀ = I step −∇f then
    // overflows f, and its search ends LineSearchFailed: the scale weakness of
    // `bfgs_is_scale_invariant`, not a divergence at x₀).
    assert_ne!(run.stop, Diverged, "{run}");
    assert!(run.iterations > 0 && run.grad_norm == 2e300, "{run}");
}

/// f = 1e-300·x² from x₀ = 1 with grad_tol = 1e-305 (a normal number): ∇f = 2e-300 is
/// above the tolerance, but ‖∇f‖₂ = √(g²) underflows to 0, and the run reports
/// convergence at x₀ without a step.
#[test]
fn gradient_norm_underflow_is_not_convergence() {
    let f = optim_core::FnObjective::new(
        1,
        |x: &[f64]| 1e-300 * x[0] * x[0],
        |x: &[f64], g: &mut [f64]| g[0] = 2e-300 * x[0],
    );
    let run = minimize(
        &Bfgs::default(),
        &f,
        &[1.0],
        &Stop::after(50).grad_tol(1e-305),
    )
    .unwrap();
    assert!(
        run.stop != GradientTolerance || run.x[0].abs() * 2e-300 <= 1e-305,
        "GradientTolerance at x = {:?}, ‖∇f‖ = {:e}",
        run.x,
        2e-300 * run.x[0].abs()
    );
}

/// f = (x − 1)² + 1e4·[x > 0] from x = −3: below the wall the infimum is at x = 0,
/// where f' = −2. Near it Δ shrinks until the predicted decrease is below √ε·|f|;
/// `evaluate_trial` then takes ρ from the gradients alone, −½(gᵀp + g_trialᵀp)/pred,
/// whenever ‖g_trial‖ ≤ ‖g‖, and a trial across the wall (f = 1e4 + …, ∇f continuous)
/// has ρ ≈ 1: accepted, f rises by 1e4, 10⁴ times |f| and far beyond rounding.
/// Every method on `evaluate_trial` does it: the four trust regions, Levenberg and
/// preconditioned descent (whose documentation promises it "never goes uphill").
#[test]
fn a_trust_region_does_not_climb_a_wall() {
    let wall = optim_core::FnObjective::new(
        1,
        |x: &[f64]| (x[0] - 1.0).powi(2) + if x[0] > 0.0 { 1e4 } else { 0.0 },
        |x: &[f64], g: &mut [f64]| g[0] = 2.0 * (x[0] - 1.0),
    )
    .with_hessian_product(|_: &[f64], v: &[f64], hv: &mut [f64]| hv[0] = 2.0 * v[0]);
    let run = minimize(&TrustRegion::ncg(), &wall, &[-3.0], &Stop::after(200)).unwrap();
    assert!(
        run.x[0] <= 0.0 && run.value < 16.0,
        "climbed to x = {:?}, f = {:e} ({:?})",
        run.x,
        run.value,
        run.stop
    );
}

/// q from |x₀| = 1e150: bounded below by 0, yet L-BFGS's first search (α₀ = 1/‖g‖, a
/// unit step, 20 trials of at most ×5) cannot reach the 1e150 needed and reports
/// `Unbounded` after one iteration with f unchanged at 2e301.
#[test]
#[ignore = "bug: L-BFGS reports Unbounded on a bounded quadratic from |x₀| = 1e150 (its 20 trials cannot extrapolate that far)"]
fn lbfgs_is_not_unbounded_on_a_bounded_quadratic() {
    let f = Hostile::new(Fault::Plain);
    let run = minimize(&Lbfgs::default(), &f, &[1e150, -1e150, 3e149], &stop()).unwrap();
    assert_ne!(run.stop, Unbounded, "{run}");
}

/// q from (1e100, −1e100, 3e99): BFGS converges from 1e80 in 31 iterations, but from
/// 1e100 it ends on the budget with f ≈ 2.5e187: in its update
/// H += c·ssᵀ − ρ(s(Hy)ᵀ + (Hy)sᵀ) with c = ρ²·yᵀHy + ρ, ρ = 1/sᵀy ≈ 1e-202 and ρ²
/// underflows to 0, so c loses its dominant term and H is no longer the BFGS update
/// (c = ρ(1 + ρ·yᵀHy) would not underflow).
#[test]
#[ignore = "weakness: BFGS's update underflows (ρ² with sᵀy ~ 1e200) and the run ends MaxIterations from |x₀| = 1e100"]
fn bfgs_converges_from_1e100() {
    let f = Hostile::new(Fault::Plain);
    let run = minimize(&Bfgs::default(), &f, &[1e100, -1e100, 3e99], &stop()).unwrap();
    assert_eq!(run.stop, GradientTolerance, "{run}");
}

/// f = 1e-20·x² from x₀ = 1 with grad_tol = 1e-30: bounded below, curvature 2e-20.
/// Newton-CG's first CG iteration finds dᵀHd = 2e-20·dᵀd ≤ 3ε·dᵀd, calls the direction
/// flat, steps along −∇f (length ≤ 50·2e-20) and reports `Unbounded` since f still
/// falls as steeply at the end of the search.
#[test]
#[ignore = "bug: Newton-CG's flat-direction test 3ε·dᵀd is not invariant under the scale of f: Unbounded on f = 1e-20·x²"]
fn newton_cg_is_not_unbounded_on_a_flat_quadratic() {
    let f = optim_core::FnObjective::new(
        1,
        |x: &[f64]| 1e-20 * x[0] * x[0],
        |x: &[f64], g: &mut [f64]| g[0] = 2e-20 * x[0],
    )
    .with_hessian_product(|_: &[f64], v: &[f64], hv: &mut [f64]| hv[0] = 2e-20 * v[0]);
    let run = minimize(
        &NewtonCg::default(),
        &f,
        &[1.0],
        &Stop::after(50).grad_tol(1e-30),
    )
    .unwrap();
    assert_eq!(run.stop, GradientTolerance, "{run}");
}

/// f = s·q for s = 1e30: BFGS with H₀ = I (the default) ends with `LineSearchFailed`
/// after 70 iterations (10 at s = 1, 66 at s = 1e20); every Newton-type method
/// converges in a few.
#[test]
#[ignore = "weakness: BFGS (H₀ = I) is not scale-invariant: LineSearchFailed on f = 1e30·q, a quadratic"]
fn bfgs_is_scale_invariant() {
    let f = Hostile::new(Fault::Scaled(1e30));
    let run = minimize(&Bfgs::default(), &f, &X0, &stop().grad_tol(7.07e21)).unwrap();
    assert_eq!(run.stop, GradientTolerance, "{run}");
}

/// f = 1e150·q: ‖g‖³ ≈ 3e458 and gᵀBg ≈ 1e458 overflow, so the Cauchy point's predicted
/// decrease is −∞ and the run stops at x₀ with `NoProgress` on a quadratic.
#[test]
#[ignore = "bug: the Cauchy point overflows (‖g‖³, gᵀBg) on f = 1e150·q and the run ends NoProgress at x₀"]
fn cauchy_point_does_not_overflow() {
    let f = Hostile::new(Fault::Scaled(1e150));
    let run = minimize(&TrustRegion::cauchy(), &f, &X0, &stop().grad_tol(7.07e141)).unwrap();
    assert_ne!(run.stop, NoProgress, "{run}");
}

/// f = 1e-150·q: steepest descent's first step along −∇f (≈ 7e-148 long at α = 1)
/// must be ~1e148 times longer; its search reaches α_max = 1e100 with f still falling
/// and reports `Unbounded` on a quadratic.
#[test]
#[ignore = "limitation: the line searches' absolute step range [1e-100, 1e100] reports Unbounded on f = 1e-150·q"]
fn steepest_descent_is_not_unbounded_on_a_tiny_quadratic() {
    let f = Hostile::new(Fault::Scaled(1e-150));
    let run = minimize(
        &SteepestDescent::default(),
        &f,
        &X0,
        &stop().grad_tol(7.07e-159),
    )
    .unwrap();
    assert_ne!(run.stop, Unbounded, "{run}");
}
