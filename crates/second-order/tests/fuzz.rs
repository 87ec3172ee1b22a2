//! A proptest-driven fuzz harness for every second-order method: random finite and
//! non-finite floats (NaN, ±∞, ±0, subnormals, ±f64::MAX, 1e±300, …) and counts (0, 1,
//! huge, `usize::MAX`) for every hyper-parameter, dimensions 0 to 20 with starts of the
//! right or a wrong length, non-finite starts, random stopping rules, and objectives
//! with non-finite coefficients, NaN evaluations and lying gradients, fed to the
//! configuration and `optim_core::minimize`.
//!
//! Each case runs under `catch_unwind` and is classified; the harness asserts that no
//! case panicked, hung, or returned a non-finite x: every outcome is `Err(Error::…)` or
//! a `Run` with a finite x. A hang is caught two ways: every objective panics with
//! "watchdog" after 200 000 evaluations, and a monitor thread fails the test when one
//! case has run for 20 s (a loop that evaluates nothing).
//!
//! Budgets: `CI_CASES` = 256 cases per method in `cargo test`; `LONG_CASES` = 20 000
//! per method behind `#[ignore]`:
//!
//! ```text
//! cargo test -p second-order --release --test fuzz -- --ignored fuzz
//! ```
//!
//! Each test prints (eprintln) the number of cases it ran and how they ended.
//!
//! What would fail: a method indexing a slice of the wrong length (a panic), a
//! configuration check that let NaN through to an overflow or an `assert!`, a `Step`
//! that moved x to NaN without the run loop restoring it, a loop without an upper
//! bound. It did: `Lbfgs { m: usize::MAX }` panics, several `usize::MAX` budgets hang
//! (see `KNOWN`); those values are excluded from the generator until fixed, each with
//! an ignored reproduction here, and putting any of them back fails the harness.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use optim_core::{Error, Hessian, HessianProduct, Method, Objective, Stop, minimize};
use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, RngSeed, TestRunner};
use second_order::curvature::hessian_diagonal::HessianDiagonal;
use second_order::curvature::hutchinson::Hutchinson;
#[cfg(feature = "dense")]
use second_order::line_search::Armijo;
use second_order::line_search::StrongWolfe;
#[cfg(feature = "dense")]
use second_order::trust_region::more_sorensen::MoreSorensen;
use second_order::trust_region::steihaug::{Scaling, Steihaug};
use second_order::{
    Bfgs, CurvatureScaledGd, Forcing, Lbfgs, LevenbergMarquardt, NewtonCg, PreconditionedDescent,
    SteepestDescent, TrustRegion,
};

/// Cases per method in CI.
const CI_CASES: u32 = 256;
/// Cases per method in the long run (`--ignored`).
const LONG_CASES: u32 = 20_000;
/// Evaluations after which an objective declares the run hung.
const WATCHDOG: usize = 200_000;
/// Wall time after which one case counts as hung.
const HANG: Duration = Duration::from_secs(20);

// ---------------------------------------------------------------------------------------
// Hostile numbers.

/// Any f64 a user could pass: mostly ordinary, often special.
fn nasty() -> BoxedStrategy<f64> {
    prop_oneof![
        4 => -10.0..10.0f64,
        1 => 0.0..1.0f64,
        1 => Just(f64::NAN),
        1 => Just(f64::INFINITY),
        1 => Just(f64::NEG_INFINITY),
        1 => Just(0.0),
        1 => Just(-0.0),
        1 => Just(1.0),
        1 => Just(-1.0),
        1 => Just(f64::MIN_POSITIVE),
        1 => Just(5e-324),
        1 => Just(f64::MAX),
        1 => Just(-f64::MAX),
        1 => Just(1e300),
        1 => Just(1e-300),
        1 => Just(1e150),
        1 => Just(-1e150),
        2 => any::<f64>(),
    ]
    .boxed()
}

/// The default three times in four (so that runs get past the checks), else anything.
fn or_nasty(default: f64) -> BoxedStrategy<f64> {
    prop_oneof![3 => Just(default), 1 => nasty()].boxed()
}

/// A count: the default two times in three, else 0, 1, small, large or `usize::MAX`.
fn or_count(default: usize) -> BoxedStrategy<usize> {
    prop_oneof![
        10 => Just(default),
        1 => Just(0usize),
        1 => Just(1usize),
        1 => 2..40usize,
        1 => Just(1000usize),
        1 => Just(usize::MAX),
    ]
    .boxed()
}

// ---------------------------------------------------------------------------------------
// Hostile objectives.

/// f(x) = Σ aᵢ(xᵢ − cᵢ)² + b Σ xᵢ⁴ + k(Σxᵢ)², with its gradient (sign flipped when
/// `lie`), dense Hessian and products; every `nan_every`-th evaluation is NaN.
#[derive(Debug, Clone)]
struct FuzzObjective {
    n: usize,
    a: Vec<f64>,
    c: Vec<f64>,
    b: f64,
    k: f64,
    nan_every: Option<usize>,
    lie: bool,
}

/// An objective and a start (whose length may differ from n).
#[derive(Debug, Clone)]
struct Problem {
    f: FuzzObjective,
    x0: Vec<f64>,
    stop: StopCase,
}

/// A stopping rule, valid or not.
#[derive(Debug, Clone)]
struct StopCase {
    max_iters: Option<usize>,
    grad_tol: Option<f64>,
    value_tol: Option<f64>,
    step_tol: Option<f64>,
    max_time: bool,
}

impl StopCase {
    fn stop(&self) -> Stop {
        let mut s = match self.max_iters {
            Some(k) => Stop::exactly(k),
            None => Stop::unbounded(),
        };
        s.grad_tol = self.grad_tol;
        s.value_tol = self.value_tol;
        s.step_tol = self.step_tol;
        if self.max_time {
            // A run without an iteration budget runs for all of its time: keep it short.
            s.max_time = Some(if self.max_iters.is_some() {
                Duration::from_secs(2)
            } else {
                Duration::from_millis(10)
            });
        }
        s
    }
}

fn problem() -> impl Strategy<Value = Problem> {
    let dims =
        prop_oneof![1 => Just(0usize), 4 => Just(1usize), 4 => Just(2usize), 6 => 3..=20usize];
    dims.prop_flat_map(|n| {
        let len = prop_oneof![16 => Just(n), 1 => Just(n + 1), 1 => Just(n.saturating_sub(1))];
        let coef = prop_oneof![6 => 0.1..10.0f64, 1 => nasty()];
        (
            prop::collection::vec(coef.clone(), n),
            prop::collection::vec(prop_oneof![6 => -5.0..5.0f64, 1 => nasty()], n),
            prop_oneof![2 => Just(0.0), 1 => 0.0..1.0f64, 1 => nasty()],
            prop_oneof![2 => Just(0.0), 1 => -1.0..1.0f64, 1 => nasty()],
            prop_oneof![4 => Just(None), 1 => (1usize..6).prop_map(Some)],
            prop::bool::weighted(0.1),
            len.prop_flat_map(|len| {
                prop::collection::vec(prop_oneof![8 => -10.0..10.0f64, 1 => nasty()], len)
            }),
            stop_case(),
        )
            .prop_map(move |(a, c, b, k, nan_every, lie, x0, stop)| Problem {
                f: FuzzObjective {
                    n,
                    a,
                    c,
                    b,
                    k,
                    nan_every,
                    lie,
                },
                x0,
                stop,
            })
    })
}

fn stop_case() -> impl Strategy<Value = StopCase> {
    (
        prop_oneof![8 => (0usize..40).prop_map(Some), 1 => Just(None)],
        prop_oneof![3 => Just(Some(1e-8)), 1 => Just(None), 1 => nasty().prop_map(Some)],
        prop_oneof![4 => Just(None), 1 => nasty().prop_map(Some)],
        prop_oneof![4 => Just(None), 1 => nasty().prop_map(Some)],
        prop::bool::weighted(0.8),
    )
        .prop_map(
            |(max_iters, grad_tol, value_tol, step_tol, max_time)| StopCase {
                max_iters,
                grad_tol,
                value_tol,
                step_tol,
                max_time,
            },
        )
}

/// The objective of one run, counting its evaluations.
struct Counted<'a> {
    f: &'a FuzzObjective,
    evals: Cell<usize>,
    /// The watchdog's limit: `WATCHDOG` for a run with an iteration budget (at most 39
    /// iterations), none for a run bounded by its time alone (the monitor thread
    /// watches those).
    limit: Option<usize>,
}

impl Counted<'_> {
    /// Counts an evaluation; true when it is to be NaN.
    fn tick(&self) -> bool {
        let k = self.evals.get() + 1;
        self.evals.set(k);
        if let Some(limit) = self.limit {
            assert!(k <= limit, "watchdog: {k} evaluations");
        }
        self.f.nan_every.is_some_and(|e| k % e == 0)
    }
}

impl Objective for Counted<'_> {
    fn dim(&self) -> usize {
        self.f.n
    }
    fn value(&self, x: &[f64]) -> f64 {
        if self.tick() {
            return f64::NAN;
        }
        let f = self.f;
        let sum: f64 = x.iter().sum();
        (0..f.n)
            .map(|i| {
                f.a[i] * (x[i] - f.c[i]) * (x[i] - f.c[i]) + f.b * (x[i] * x[i]) * (x[i] * x[i])
            })
            .sum::<f64>()
            + f.k * sum * sum
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        let nan = self.tick();
        let f = self.f;
        let sum: f64 = x.iter().sum();
        let sign = if f.lie { -1.0 } else { 1.0 };
        for i in 0..f.n {
            g[i] = sign
                * (2.0 * f.a[i] * (x[i] - f.c[i])
                    + 4.0 * f.b * x[i] * x[i] * x[i]
                    + 2.0 * f.k * sum);
        }
        if nan && f.n > 0 {
            g[0] = f64::NAN;
        }
    }
}

impl HessianProduct for Counted<'_> {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        let nan = self.tick();
        let f = self.f;
        let sv: f64 = v.iter().sum();
        for i in 0..f.n {
            hv[i] = (2.0 * f.a[i] + 12.0 * f.b * x[i] * x[i]) * v[i] + 2.0 * f.k * sv;
        }
        if nan && f.n > 0 {
            hv[0] = f64::NAN;
        }
    }
}

impl Hessian for Counted<'_> {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        let nan = self.tick();
        let f = self.f;
        let n = f.n;
        for j in 0..n {
            for i in 0..n {
                h[j * n + i] = 2.0 * f.k;
            }
            h[j * n + j] += 2.0 * f.a[j] + 12.0 * f.b * x[j] * x[j];
        }
        if nan && n > 0 {
            h[0] = f64::NAN;
        }
    }
}

// ---------------------------------------------------------------------------------------
// The harness.

/// How one case ended.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Outcome {
    /// `Err`, by the error's variant.
    Refused(String),
    /// A run with a finite x, by its stop reason.
    Ran(String),
    /// A run whose x is not finite: a failure.
    NonFiniteX,
    /// A panic: a failure.
    Panic(String),
    /// The watchdog fired: a failure.
    Hang,
}

impl Outcome {
    fn is_failure(&self) -> bool {
        matches!(
            self,
            Outcome::NonFiniteX | Outcome::Panic(_) | Outcome::Hang
        )
    }
}

fn error_kind(e: &Error) -> String {
    let s = format!("{e:?}");
    let end = s.find([' ', '(', '{']).unwrap_or(s.len());
    s[..end].to_owned()
}

/// Runs `method` on `p` and classifies the result (not catching panics).
fn outcome<M: for<'a> Method<Counted<'a>>>(method: &M, p: &Problem) -> Outcome {
    let f = Counted {
        f: &p.f,
        evals: Cell::new(0),
        limit: p.stop.max_iters.map(|_| WATCHDOG),
    };
    match minimize(method, &f, &p.x0, &p.stop.stop()) {
        Err(e) => Outcome::Refused(error_kind(&e)),
        Ok(run) if run.x.iter().all(|v| v.is_finite()) => Outcome::Ran(format!("{:?}", run.stop)),
        Ok(_) => Outcome::NonFiniteX,
    }
}

thread_local! {
    /// Set while a fuzz case runs: its panics are expected and counted, not printed.
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs (once) a panic hook that stays silent inside fuzz cases.
fn quiet_hook() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                default(info);
            }
        }));
    });
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic".to_owned()
    }
}

/// What a fuzz run found.
#[derive(Default)]
struct Summary {
    cases: usize,
    outcomes: BTreeMap<Outcome, usize>,
    /// The first few failing cases, with their inputs.
    failures: Vec<String>,
}

/// Fuzzes one method: `cases` cases of `strategy` (a configuration and a problem) from
/// `seed`, each run by `run` under `catch_unwind`, in a worker thread watched for hangs.
fn fuzz<C, S>(
    name: &'static str,
    cases: u32,
    seed: u64,
    strategy: fn() -> S,
    run: fn(&C, &Problem) -> Outcome,
) where
    C: Debug + 'static,
    S: Strategy<Value = (C, Problem)> + 'static,
{
    quiet_hook();
    let config = ProptestConfig {
        cases,
        failure_persistence: None,
        rng_algorithm: RngAlgorithm::ChaCha,
        rng_seed: RngSeed::Fixed(seed),
        max_shrink_iters: 0,
        ..ProptestConfig::default()
    };
    // The case being run, and when it started (ms since `t0`), for the monitor.
    let current = Arc::new(Mutex::new(String::new()));
    let beat = Arc::new(AtomicU64::new(0));
    let t0 = Instant::now();
    let (tx, rx) = mpsc::channel();
    {
        let (current, beat) = (current.clone(), beat.clone());
        std::thread::spawn(move || {
            let summary = Mutex::new(Summary::default());
            // Strategies are not Send: built here, on the worker's thread.
            let strategy = strategy();
            let mut runner = TestRunner::new(config);
            let result = runner.run(&strategy, |(c, p)| {
                *current.lock().unwrap() = format!("{c:?} on {p:?}");
                beat.store(t0.elapsed().as_millis() as u64, Ordering::SeqCst);
                QUIET.with(|q| q.set(true));
                let o = catch_unwind(AssertUnwindSafe(|| run(&c, &p)));
                QUIET.with(|q| q.set(false));
                let o = match o {
                    Ok(o) => o,
                    Err(payload) => {
                        let msg = panic_message(&*payload);
                        if msg.starts_with("watchdog") {
                            Outcome::Hang
                        } else {
                            Outcome::Panic(msg)
                        }
                    }
                };
                let mut s = summary.lock().unwrap();
                s.cases += 1;
                if o.is_failure() && s.failures.len() < 5 {
                    s.failures.push(format!("{o:?}: {c:?} on {p:?}"));
                }
                *s.outcomes.entry(o).or_default() += 1;
                Ok(())
            });
            if let Err(e) = result {
                panic!("{name}: the runner failed: {e}");
            }
            let _ = tx.send(summary.into_inner().unwrap());
        });
    }
    let summary = loop {
        match rx.recv_timeout(Duration::from_millis(200)) {
            Ok(s) => break s,
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{name}: the worker died"),
            Err(mpsc::RecvTimeoutError::Timeout) => {
                let since = t0.elapsed().as_millis() as u64 - beat.load(Ordering::SeqCst);
                if Duration::from_millis(since) > HANG {
                    panic!(
                        "{name}: a case has run for {since} ms (hang): {}",
                        current.lock().unwrap()
                    );
                }
            }
        }
    };
    let table: Vec<String> = summary
        .outcomes
        .iter()
        .map(|(o, k)| format!("{o:?} {k}"))
        .collect();
    eprintln!("fuzz {name}: {} cases: {}", summary.cases, table.join(", "));
    assert_eq!(summary.cases, cases as usize, "{name}");
    assert!(
        summary.failures.is_empty(),
        "{name}: {} failing cases, first ones:\n{}",
        summary
            .outcomes
            .iter()
            .filter(|(o, _)| o.is_failure())
            .map(|(_, k)| k)
            .sum::<usize>(),
        summary.failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// Configurations.

fn strong_wolfe(d: StrongWolfe) -> impl Strategy<Value = StrongWolfe> {
    (
        or_nasty(d.c1),
        or_nasty(d.c2),
        or_nasty(d.xtol),
        or_nasty(d.alpha_min),
        or_nasty(d.alpha_max),
        or_count_known(d.max_trials),
        prop_oneof![2 => Just(d.derivative_only_below), 1 => Just(None), 1 => nasty().prop_map(Some)],
    )
        .prop_map(|(c1, c2, xtol, alpha_min, alpha_max, max_trials, derivative_only_below)| {
            StrongWolfe {
                c1,
                c2,
                xtol,
                alpha_min,
                alpha_max,
                max_trials,
                derivative_only_below,
            }
        })
}

#[cfg(feature = "dense")]
fn armijo() -> impl Strategy<Value = Armijo> {
    let d = Armijo::default();
    (or_nasty(d.c1), or_nasty(d.rho), or_count(d.max_trials)).prop_map(|(c1, rho, max_trials)| {
        Armijo {
            c1,
            rho,
            max_trials,
        }
    })
}

/// Known findings excluded from the generator until they are fixed, each with its
/// ignored reproduction in this file:
///
/// - `Lbfgs { m: usize::MAX }` panics on an overflow (`lbfgs_m_usize_max_is_refused`);
/// - `ModifiedNewton { max_shifts: usize::MAX }` hangs on a NaN Hessian
///   (`modified_newton_with_a_huge_shift_budget_on_a_nan_hessian`), and so does
///   `MoreSorensen { max_iters: usize::MAX }`
///   (`more_sorensen_with_a_huge_budget_on_a_nan_hessian`);
/// - `StrongWolfe { max_trials: usize::MAX }` searches forever on an f that is NaN at
///   every 4th evaluation (`strong_wolfe_with_an_unbounded_budget_on_periodic_nan`);
/// - `Hutchinson { probes: usize::MAX }` and `CurvatureScaledGd { power_iters:
///   usize::MAX }` (with `power_tol` 0) do 1.8e19 products inside one iteration, which
///   `max_time` (tested between iterations) cannot interrupt
///   (`hutchinson_probes_are_bounded_by_max_time`).
const KNOWN: &str = "usize::MAX for StrongWolfe::max_trials, Hutchinson::probes, \
                     CurvatureScaledGd::power_iters";

/// `or_count` without `usize::MAX` (the `KNOWN` findings).
fn or_count_known(default: usize) -> impl Strategy<Value = usize> {
    or_count(default).prop_filter(KNOWN, |k| *k != usize::MAX)
}

fn lbfgs() -> impl Strategy<Value = Lbfgs> {
    let d = Lbfgs::default();
    (or_count(d.m), strong_wolfe(d.line_search))
        .prop_map(|(m, line_search)| Lbfgs { m, line_search })
}

fn bfgs() -> impl Strategy<Value = Bfgs> {
    (strong_wolfe(Bfgs::default().line_search), any::<bool>()).prop_map(
        |(line_search, scale_h0)| Bfgs {
            line_search,
            scale_h0,
        },
    )
}

fn newton_cg() -> impl Strategy<Value = NewtonCg> {
    let d = NewtonCg::default();
    (
        strong_wolfe(d.line_search),
        prop_oneof![2 => Just(None), 1 => or_count(5).prop_map(Some)],
        prop_oneof![
            1 => Just(Forcing::Scipy),
            1 => Just(Forcing::Euclidean),
            1 => or_nasty(0.1).prop_map(Forcing::Capped)
        ],
    )
        .prop_map(|(line_search, cg_max_iter, forcing)| NewtonCg {
            line_search,
            cg_max_iter,
            forcing,
            ..NewtonCg::default()
        })
}

fn steepest() -> impl Strategy<Value = SteepestDescent> {
    strong_wolfe(SteepestDescent::default().line_search)
        .prop_map(|line_search| SteepestDescent { line_search })
}

fn region<S: Clone + Debug + 'static>(
    solver: impl Strategy<Value = S>,
) -> impl Strategy<Value = TrustRegion<S>> {
    (solver, or_nasty(1.0), or_nasty(1000.0), or_nasty(0.15)).prop_map(
        |(subproblem, initial_trust_radius, max_trust_radius, eta)| TrustRegion {
            subproblem,
            initial_trust_radius,
            max_trust_radius,
            eta,
        },
    )
}

fn curvature_scaled() -> impl Strategy<Value = CurvatureScaledGd> {
    let d = CurvatureScaledGd::default();
    (
        or_nasty(d.lr),
        or_nasty(d.eps),
        or_count_known(d.power_iters),
        or_nasty(d.power_tol),
    )
        .prop_map(|(lr, eps, power_iters, power_tol)| CurvatureScaledGd {
            lr,
            eps,
            power_iters,
            power_tol,
        })
}

fn preconditioned<C: Clone + Debug + 'static>(
    curvature: impl Strategy<Value = C>,
) -> impl Strategy<Value = PreconditionedDescent<C>> {
    (
        curvature,
        or_nasty(1.0),
        prop_oneof![
            1 => Just(None),
            2 => (or_nasty(1.5), or_nasty(0.0))
                .prop_map(|(boost, min_damping)| Some(LevenbergMarquardt { boost, min_damping }))
        ],
        or_nasty(1.0),
        or_count(1),
    )
        .prop_map(
            |(curvature, damping, adapt, lr, refresh_every)| PreconditionedDescent {
                curvature,
                damping,
                adapt,
                lr,
                refresh_every,
            },
        )
}

fn hutchinson() -> impl Strategy<Value = Hutchinson> {
    (or_count_known(Hutchinson::default().probes), any::<u32>())
        .prop_map(|(probes, seed)| Hutchinson { probes, seed })
}

/// The fuzz of one method in both budgets.
macro_rules! fuzz_method {
    ($ci:ident, $long:ident, $name:literal, $seed:literal, $config:expr) => {
        #[test]
        fn $ci() {
            fuzz($name, CI_CASES, $seed, || ($config, problem()), |m, p| outcome(m, p));
        }

        #[test]
        #[ignore = "long fuzz budget: cargo test -p second-order --release --test fuzz -- --ignored fuzz"]
        fn $long() {
            fuzz($name, LONG_CASES, $seed, || ($config, problem()), |m, p| outcome(m, p));
        }
    };
}

fuzz_method!(fuzz_bfgs, fuzz_long_bfgs, "BFGS", 1, bfgs());
fuzz_method!(fuzz_lbfgs, fuzz_long_lbfgs, "L-BFGS", 2, lbfgs());
fuzz_method!(
    fuzz_newton_cg,
    fuzz_long_newton_cg,
    "Newton-CG",
    3,
    newton_cg()
);
fuzz_method!(
    fuzz_steepest,
    fuzz_long_steepest,
    "steepest descent",
    4,
    steepest()
);
fuzz_method!(
    fuzz_cauchy,
    fuzz_long_cauchy,
    "trust-region (Cauchy)",
    5,
    region(Just(second_order::Cauchy))
);
fuzz_method!(
    fuzz_steihaug,
    fuzz_long_steihaug,
    "trust-region (Steihaug)",
    6,
    region(
        (
            prop_oneof![Just(None), or_count(10).prop_map(Some)],
            prop_oneof![Just(Scaling::None), Just(Scaling::HessianDiagonal)]
        )
            .prop_map(|(max_iters, scaling)| Steihaug { max_iters, scaling })
    )
);
fuzz_method!(
    fuzz_curvature_scaled,
    fuzz_long_curvature_scaled,
    "curvature-scaled GD",
    7,
    curvature_scaled()
);
fuzz_method!(
    fuzz_preconditioned_diagonal,
    fuzz_long_preconditioned_diagonal,
    "preconditioned descent (Hessian diagonal)",
    8,
    preconditioned(Just(HessianDiagonal))
);
fuzz_method!(
    fuzz_preconditioned_hutchinson,
    fuzz_long_preconditioned_hutchinson,
    "preconditioned descent (Hutchinson)",
    9,
    preconditioned(hutchinson())
);

#[cfg(feature = "dense")]
mod dense {
    use super::*;
    use second_order::{Levenberg, ModifiedNewton, Newton};

    fn newton() -> impl Strategy<Value = Newton> {
        (
            or_nasty(1.0),
            or_nasty(0.0),
            prop_oneof![1 => Just(None), 2 => armijo().prop_map(Some)],
        )
            .prop_map(|(eta, shift, line_search)| Newton {
                eta,
                shift,
                line_search,
            })
    }

    fn modified_newton() -> impl Strategy<Value = ModifiedNewton> {
        let d = ModifiedNewton::default();
        (or_nasty(d.beta), or_count(d.max_shifts), armijo()).prop_map(
            |(beta, max_shifts, line_search)| ModifiedNewton {
                beta,
                max_shifts,
                line_search,
            },
        )
    }

    fn levenberg() -> impl Strategy<Value = Levenberg> {
        let d = Levenberg::default();
        (
            or_nasty(d.initial_damping),
            or_nasty(d.increase),
            or_nasty(d.decrease),
            or_count(d.max_increases),
        )
            .prop_map(
                |(initial_damping, increase, decrease, max_increases)| Levenberg {
                    initial_damping,
                    increase,
                    decrease,
                    max_increases,
                },
            )
    }

    fn more_sorensen() -> impl Strategy<Value = MoreSorensen> {
        let d = MoreSorensen::default();
        (
            or_nasty(d.k_easy),
            or_nasty(d.k_hard),
            or_count(d.max_iters),
        )
            .prop_map(|(k_easy, k_hard, max_iters)| MoreSorensen {
                k_easy,
                k_hard,
                max_iters,
            })
    }

    fuzz_method!(fuzz_newton, fuzz_long_newton, "Newton", 10, newton());
    fuzz_method!(
        fuzz_modified_newton,
        fuzz_long_modified_newton,
        "modified Newton",
        11,
        modified_newton()
    );
    fuzz_method!(
        fuzz_levenberg,
        fuzz_long_levenberg,
        "Levenberg",
        12,
        levenberg()
    );
    fuzz_method!(
        fuzz_dogleg,
        fuzz_long_dogleg,
        "trust-region (dogleg)",
        13,
        region(
            prop_oneof![1 => Just(None), 2 => or_nasty(1e-3).prop_map(Some)]
                .prop_map(|modify| second_order::Dogleg { modify })
        )
    );
    fuzz_method!(
        fuzz_more_sorensen,
        fuzz_long_more_sorensen,
        "trust-region (Moré–Sorensen)",
        14,
        region(more_sorensen())
    );
}

/// `Lbfgs { m: usize::MAX }`: found by this harness. `init` computes m + 1 slots,
/// which overflows (a panic in builds with overflow checks; a wrapped, wrong size
/// without).
#[test]
fn lbfgs_m_usize_max_is_refused() {
    let f = FuzzObjective {
        n: 2,
        a: vec![1.0, 1.0],
        c: vec![0.0, 0.0],
        b: 0.0,
        k: 0.0,
        nan_every: None,
        lie: false,
    };
    let counted = Counted {
        f: &f,
        evals: Cell::new(0),
        limit: None,
    };
    let r = minimize(
        &Lbfgs::new(usize::MAX),
        &counted,
        &[1.0, 1.0],
        &Stop::after(10),
    );
    assert!(
        matches!(r, Err(Error::InvalidParameter { name: "m", .. })),
        "{r:?}"
    );
}

/// Runs `f` on a thread and says whether it finished within `limit`.
fn finishes_within(limit: Duration, f: impl FnOnce() + Send + 'static) -> bool {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        f();
        let _ = tx.send(());
    });
    rx.recv_timeout(limit).is_ok()
}

/// A NaN Hessian never factors, whatever the shift: modified Newton doubles τ until it
/// is ∞ (about 1 030 doublings) and then keeps trying, `max_shifts` times in all.
#[cfg(feature = "dense")]
#[test]
fn modified_newton_with_a_huge_shift_budget_on_a_nan_hessian() {
    use second_order::ModifiedNewton;
    let done = finishes_within(Duration::from_secs(10), || {
        let f = optim_core::FnObjective::new(
            1,
            |x: &[f64]| x[0] * x[0],
            |x: &[f64], g: &mut [f64]| g[0] = 2.0 * x[0],
        )
        .with_hessian(|_: &[f64], h: &mut [f64]| h[0] = f64::NAN);
        let m = ModifiedNewton {
            max_shifts: usize::MAX,
            ..ModifiedNewton::default()
        };
        let run = minimize(&m, &f, &[1.0], &Stop::after(5)).unwrap();
        assert!(run.x.iter().all(|v| v.is_finite()));
    });
    assert!(done, "modified Newton hangs");
}

/// Moré–Sorensen's iteration budget, on a NaN Hessian (no evaluation inside the loop,
/// so only this probe can see a hang).
#[cfg(feature = "dense")]
#[test]
fn more_sorensen_with_a_huge_budget_on_a_nan_hessian() {
    let done = finishes_within(Duration::from_secs(10), || {
        let f = optim_core::FnObjective::new(
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
        let run = minimize(&m, &f, &[1.0, 1.0], &Stop::after(5)).unwrap();
        assert!(run.x.iter().all(|v| v.is_finite()));
    });
    assert!(done, "Moré–Sorensen hangs");
}

/// The same for the loops bounded by a count the user sets and that evaluate nothing
/// per pass: Levenberg's `max_increases` (λ doubles to ∞ on a NaN Hessian).
#[cfg(feature = "dense")]
#[test]
fn levenberg_with_a_huge_budget_on_a_nan_hessian() {
    use second_order::Levenberg;
    let done = finishes_within(Duration::from_secs(10), || {
        let f = optim_core::FnObjective::new(
            1,
            |x: &[f64]| x[0] * x[0],
            |x: &[f64], g: &mut [f64]| g[0] = 2.0 * x[0],
        )
        .with_hessian(|_: &[f64], h: &mut [f64]| h[0] = f64::NAN);
        let m = Levenberg {
            max_increases: usize::MAX,
            ..Levenberg::default()
        };
        let run = minimize(&m, &f, &[1.0], &Stop::after(5)).unwrap();
        assert!(run.x.iter().all(|v| v.is_finite()));
    });
    assert!(done, "Levenberg hangs");
}

/// `Hutchinson { probes: usize::MAX }` refreshes with 1.8e19 Hessian-vector products:
/// the run is bounded by `max_time` only between iterations, so a 1 s budget does not
/// end it.
#[test]
#[ignore = "hang by configuration: Hutchinson { probes: usize::MAX } (no upper bound) runs 1.8e19 products in one refresh, beyond max_time's reach"]
fn hutchinson_probes_are_bounded_by_max_time() {
    let done = finishes_within(Duration::from_secs(10), || {
        let f = optim_core::FnObjective::new(
            1,
            |x: &[f64]| x[0] * x[0],
            |x: &[f64], g: &mut [f64]| g[0] = 2.0 * x[0],
        )
        .with_hessian_product(|_: &[f64], v: &[f64], hv: &mut [f64]| hv[0] = 2.0 * v[0]);
        let m = PreconditionedDescent::new(Hutchinson {
            probes: usize::MAX,
            ..Hutchinson::default()
        });
        let stop = Stop::after(5).max_time(Duration::from_secs(1));
        let _ = minimize(&m, &f, &[1.0], &stop);
    });
    assert!(done, "the run outlived its max_time by 9 s");
}

/// The case the long fuzz found: steepest descent whose strong-Wolfe search may make
/// `usize::MAX` trials, on f = 7.5(x + 6.9)² that is NaN at every 4th evaluation. The
/// search backs off from each NaN trial and never settles: more than 200 000
/// evaluations (the watchdog) in a run of 22 iterations. With the default budget (100
/// trials) it ends; the search's own tests (the interval's width `xtol`, `alpha_min`)
/// never do.
#[test]
#[ignore = "hang: StrongWolfe { max_trials: usize::MAX } searches forever on an f that is NaN at every 4th evaluation"]
fn strong_wolfe_with_an_unbounded_budget_on_periodic_nan() {
    let f = FuzzObjective {
        n: 1,
        a: vec![7.5166478172355164],
        c: vec![-6.881672877130704],
        b: 0.0,
        k: 0.0,
        nan_every: Some(4),
        lie: false,
    };
    let counted = Counted {
        f: &f,
        evals: Cell::new(0),
        limit: Some(WATCHDOG),
    };
    let method = SteepestDescent {
        line_search: StrongWolfe {
            c1: 1e-300,
            max_trials: usize::MAX,
            ..SteepestDescent::default().line_search
        },
    };
    let stop = Stop::after(22).max_time(Duration::from_secs(2));
    let r = catch_unwind(AssertUnwindSafe(|| {
        minimize(&method, &counted, &[-1.3607832299267943], &stop)
    }));
    assert!(
        r.is_ok(),
        "{} evaluations: the search does not end",
        counted.evals.get()
    );
}

/// The same class as `Hutchinson::probes`: `CurvatureScaledGd { power_iters:
/// usize::MAX, power_tol: 0 }` iterates the power method until a residual of 0, which
/// rounding never reaches, inside one iteration (found by the long fuzz).
#[test]
#[ignore = "hang by configuration: CurvatureScaledGd { power_iters: usize::MAX, power_tol: 0 } never ends its first iteration, beyond max_time's reach"]
fn curvature_scaled_power_iterations_are_bounded_by_max_time() {
    let done = finishes_within(Duration::from_secs(10), || {
        let f = optim_core::FnObjective::new(
            2,
            |x: &[f64]| x[0] * x[0] + 3.0 * x[1] * x[1] + x[0] * x[1],
            |x: &[f64], g: &mut [f64]| {
                g[0] = 2.0 * x[0] + x[1];
                g[1] = 6.0 * x[1] + x[0];
            },
        )
        .with_hessian_product(|_: &[f64], v: &[f64], hv: &mut [f64]| {
            hv[0] = 2.0 * v[0] + v[1];
            hv[1] = v[0] + 6.0 * v[1];
        });
        let m = CurvatureScaledGd {
            power_iters: usize::MAX,
            power_tol: 0.0,
            ..CurvatureScaledGd::default()
        };
        let stop = Stop::after(2).max_time(Duration::from_secs(1));
        let _ = minimize(&m, &f, &[-9.7, -5.5], &stop);
    });
    assert!(done, "the run outlived its max_time by 9 s");
}
