//! A proptest-driven fuzz harness for every first-order rule (Sgd, Adam, AdamW,
//! Adagrad, RmsProp, Adadelta, Adamax, NAdam, RAdam, Lion, AdaBelief): random finite and
//! non-finite floats (NaN, ±∞, ±0, subnormals, ±f64::MAX, 1e±300, …) for every
//! hyper-parameter and random switches, dimensions 0 to 20 with starts of the right or a
//! wrong length, non-finite starts, random stopping rules, and objectives with
//! non-finite coefficients, NaN evaluations and lying gradients, fed to the
//! configuration and `optim_core::minimize`; and the bare `FirstOrder::step` /
//! `step_with_lr` with mismatched lengths, non-finite gradients and learning rates.
//!
//! Each case runs under `catch_unwind`; the harness asserts that no case panicked or
//! hung, and that every `minimize` outcome is `Err(Error::…)` or a `Run` with a finite
//! x (a bare step has no run loop to restore x, so there only "no panic" is asserted:
//! `Err` or `Ok`). A hang is caught by the objective's watchdog (200 000 evaluations)
//! and by a monitor thread (20 s for one case).
//!
//! Budgets: `CI_CASES` = 256 cases per rule in `cargo test`; `LONG_CASES` = 20 000 per
//! rule behind `#[ignore]`:
//!
//! ```text
//! cargo test -p first-order --release --test fuzz -- --ignored fuzz
//! ```
//!
//! Each test prints (eprintln) the number of cases it ran and how they ended.
//!
//! What would fail: a rule that indexed its state with the length of `params` instead
//! of its own (a panic on mismatched lengths), a validation that let NaN through to an
//! arithmetic that panics, a step that moved x to NaN without the run loop restoring
//! it. Replacing `check::step`'s length test by nothing (mutating the rule) would panic
//! in `step_fuzz` on the first mismatched case.

use std::cell::Cell;
use std::collections::BTreeMap;
use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};

use first_order::prelude::*;
use proptest::prelude::*;
use proptest::test_runner::{RngAlgorithm, RngSeed, TestRunner};

/// Cases per rule in CI.
const CI_CASES: u32 = 256;
/// Cases per rule in the long run (`--ignored`).
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

// ---------------------------------------------------------------------------------------
// Hostile objectives.

/// f(x) = Σ aᵢ(xᵢ − cᵢ)² + b Σ xᵢ⁴ + k(Σxᵢ)², with its gradient (sign flipped when
/// `lie`); every `nan_every`-th evaluation is NaN.
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

/// Fuzzes one rule through `minimize`: `cases` cases of `strategy` (a configuration
/// and a problem) from `seed`, each run by `run` under `catch_unwind`, in a worker
/// thread watched for hangs.
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
    fuzz_inputs(name, "minimize", cases, seed, strategy, run)
}

/// Fuzzes one rule's bare step.
fn step_fuzz<C, S>(
    name: &'static str,
    cases: u32,
    seed: u64,
    strategy: fn() -> S,
    run: fn(&C, &BareStep) -> Outcome,
) where
    C: Debug + 'static,
    S: Strategy<Value = (C, BareStep)> + 'static,
{
    fuzz_inputs(name, "step", cases, seed, strategy, run)
}

/// The harness behind both: `cases` cases of `strategy` from `seed`.
fn fuzz_inputs<C, I, S>(
    name: &'static str,
    entry: &'static str,
    cases: u32,
    seed: u64,
    strategy: fn() -> S,
    run: fn(&C, &I) -> Outcome,
) where
    C: Debug + 'static,
    I: Debug + 'static,
    S: Strategy<Value = (C, I)> + 'static,
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
    eprintln!(
        "fuzz {name} ({entry}): {} cases: {}",
        summary.cases,
        table.join(", ")
    );
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
// Configurations: every field from `or_nasty` / random switches.

fn sgd() -> impl Strategy<Value = Sgd> {
    let d = Sgd::default();
    (
        or_nasty(1e-2),
        or_nasty(d.momentum),
        or_nasty(d.dampening),
        or_nasty(d.weight_decay),
        any::<bool>(),
        any::<bool>(),
        prop_oneof![
            Just(MomentumForm::Torch),
            Just(MomentumForm::Ewa),
            Just(MomentumForm::Velocity)
        ],
    )
        .prop_map(
            |(lr, momentum, dampening, weight_decay, nesterov, maximize, form)| Sgd {
                lr,
                momentum,
                dampening,
                weight_decay,
                nesterov,
                maximize,
                form,
            },
        )
}

fn betas(d: (f64, f64)) -> impl Strategy<Value = (f64, f64)> {
    (or_nasty(d.0), or_nasty(d.1))
}

fn adam() -> impl Strategy<Value = Adam> {
    let d = Adam::default();
    (
        or_nasty(1e-2),
        betas(d.betas),
        or_nasty(d.eps),
        or_nasty(d.weight_decay),
        any::<[bool; 3]>(),
    )
        .prop_map(
            |(lr, betas, eps, weight_decay, [amsgrad, maximize, decoupled_weight_decay])| Adam {
                lr,
                betas,
                eps,
                weight_decay,
                amsgrad,
                maximize,
                decoupled_weight_decay,
            },
        )
}

fn adamw() -> impl Strategy<Value = AdamW> {
    let d = AdamW::default();
    (
        or_nasty(1e-2),
        betas(d.betas),
        or_nasty(d.eps),
        or_nasty(d.weight_decay),
        any::<[bool; 2]>(),
    )
        .prop_map(
            |(lr, betas, eps, weight_decay, [amsgrad, maximize])| AdamW {
                lr,
                betas,
                eps,
                weight_decay,
                amsgrad,
                maximize,
            },
        )
}

fn adagrad() -> impl Strategy<Value = Adagrad> {
    let d = Adagrad::default();
    (
        or_nasty(1e-1),
        or_nasty(d.lr_decay),
        or_nasty(d.weight_decay),
        or_nasty(d.initial_accumulator_value),
        or_nasty(d.eps),
        any::<bool>(),
    )
        .prop_map(
            |(lr, lr_decay, weight_decay, initial_accumulator_value, eps, maximize)| Adagrad {
                lr,
                lr_decay,
                weight_decay,
                initial_accumulator_value,
                eps,
                maximize,
            },
        )
}

fn rmsprop() -> impl Strategy<Value = RmsProp> {
    let d = RmsProp::default();
    (
        or_nasty(1e-2),
        or_nasty(d.alpha),
        or_nasty(d.eps),
        or_nasty(d.weight_decay),
        or_nasty(d.momentum),
        any::<[bool; 2]>(),
    )
        .prop_map(
            |(lr, alpha, eps, weight_decay, momentum, [centered, maximize])| RmsProp {
                lr,
                alpha,
                eps,
                weight_decay,
                momentum,
                centered,
                maximize,
            },
        )
}

fn adadelta() -> impl Strategy<Value = Adadelta> {
    let d = Adadelta::default();
    (
        or_nasty(1.0),
        or_nasty(d.rho),
        or_nasty(d.eps),
        or_nasty(d.weight_decay),
        any::<bool>(),
    )
        .prop_map(|(lr, rho, eps, weight_decay, maximize)| Adadelta {
            lr,
            rho,
            eps,
            weight_decay,
            maximize,
        })
}

fn adamax() -> impl Strategy<Value = Adamax> {
    let d = Adamax::default();
    (
        or_nasty(1e-2),
        betas(d.betas),
        or_nasty(d.eps),
        or_nasty(d.weight_decay),
        any::<bool>(),
    )
        .prop_map(|(lr, betas, eps, weight_decay, maximize)| Adamax {
            lr,
            betas,
            eps,
            weight_decay,
            maximize,
        })
}

fn nadam() -> impl Strategy<Value = NAdam> {
    let d = NAdam::default();
    (
        or_nasty(1e-2),
        betas(d.betas),
        or_nasty(d.eps),
        or_nasty(d.weight_decay),
        or_nasty(d.momentum_decay),
        any::<[bool; 2]>(),
    )
        .prop_map(
            |(lr, betas, eps, weight_decay, momentum_decay, [decoupled_weight_decay, maximize])| {
                NAdam {
                    lr,
                    betas,
                    eps,
                    weight_decay,
                    momentum_decay,
                    decoupled_weight_decay,
                    maximize,
                }
            },
        )
}

fn radam() -> impl Strategy<Value = RAdam> {
    let d = RAdam::default();
    (
        or_nasty(1e-2),
        betas(d.betas),
        or_nasty(d.eps),
        or_nasty(d.weight_decay),
        any::<[bool; 2]>(),
    )
        .prop_map(
            |(lr, betas, eps, weight_decay, [decoupled_weight_decay, maximize])| RAdam {
                lr,
                betas,
                eps,
                weight_decay,
                decoupled_weight_decay,
                maximize,
            },
        )
}

fn lion() -> impl Strategy<Value = Lion> {
    let d = Lion::default();
    (or_nasty(1e-3), betas(d.betas), or_nasty(d.weight_decay)).prop_map(
        |(lr, betas, weight_decay)| Lion {
            lr,
            betas,
            weight_decay,
        },
    )
}

fn adabelief() -> impl Strategy<Value = AdaBelief> {
    let d = AdaBelief::default();
    (
        or_nasty(1e-2),
        betas(d.betas),
        or_nasty(d.eps),
        or_nasty(d.weight_decay),
        any::<[bool; 5]>(),
    )
        .prop_map(
            |(
                lr,
                betas,
                eps,
                weight_decay,
                [
                    amsgrad,
                    weight_decouple,
                    fixed_decay,
                    rectify,
                    degenerated_to_sgd,
                ],
            )| {
                AdaBelief {
                    lr,
                    betas,
                    eps,
                    weight_decay,
                    amsgrad,
                    weight_decouple,
                    fixed_decay,
                    rectify,
                    degenerated_to_sgd,
                }
            },
        )
}

/// The bare update: a state for `n` parameters, then `steps` calls of `step` (or
/// `step_with_lr` with `lr`) on `params` and `grad` whose lengths may differ from n.
#[derive(Debug, Clone)]
struct BareStep {
    n: usize,
    params: Vec<f64>,
    grad: Vec<f64>,
    lr: Option<f64>,
    steps: usize,
}

fn bare_step() -> impl Strategy<Value = BareStep> {
    (0usize..=20).prop_flat_map(|n| {
        let len = prop_oneof![6 => Just(n), 1 => Just(n + 1), 1 => Just(n.saturating_sub(1))];
        (
            len.clone().prop_flat_map(|l| {
                prop::collection::vec(prop_oneof![6 => -10.0..10.0f64, 1 => nasty()], l)
            }),
            len.prop_flat_map(|l| {
                prop::collection::vec(prop_oneof![6 => -10.0..10.0f64, 1 => nasty()], l)
            }),
            prop_oneof![2 => Just(None), 1 => nasty().prop_map(Some)],
            1usize..5,
        )
            .prop_map(move |(params, grad, lr, steps)| BareStep {
                n,
                params,
                grad,
                lr,
                steps,
            })
    })
}

/// Runs the bare step; `Err` and `Ok` are both fine (x may become non-finite: there is
/// no run loop to restore it), a panic is not.
fn bare<R: FirstOrder>(rule: &R, b: &BareStep) -> Outcome {
    let mut state = match rule.init_state(b.n) {
        Ok(s) => s,
        Err(e) => return Outcome::Refused(error_kind(&e)),
    };
    let mut params = b.params.clone();
    for _ in 0..b.steps {
        let r = match b.lr {
            Some(lr) => rule.step_with_lr(&mut state, &mut params, &b.grad, lr),
            None => rule.step(&mut state, &mut params, &b.grad),
        };
        if let Err(e) = r {
            return Outcome::Refused(error_kind(&e));
        }
    }
    Outcome::Ran("stepped".to_owned())
}

/// The fuzz of one rule through `minimize` and through its bare step, in both budgets.
macro_rules! fuzz_rule {
    ($ci:ident, $long:ident, $name:literal, $seed:literal, $config:expr) => {
        #[test]
        fn $ci() {
            fuzz($name, CI_CASES, $seed, || ($config, problem()), |m, p| outcome(m, p));
            step_fuzz($name, CI_CASES, $seed, || ($config, bare_step()), |m, b| bare(m, b));
        }

        #[test]
        #[ignore = "long fuzz budget: cargo test -p first-order --release --test fuzz -- --ignored fuzz"]
        fn $long() {
            fuzz($name, LONG_CASES, $seed, || ($config, problem()), |m, p| outcome(m, p));
            step_fuzz($name, LONG_CASES, $seed, || ($config, bare_step()), |m, b| bare(m, b));
        }
    };
}

fuzz_rule!(fuzz_sgd, fuzz_long_sgd, "SGD", 101, sgd());
fuzz_rule!(fuzz_adam, fuzz_long_adam, "Adam", 102, adam());
fuzz_rule!(fuzz_adamw, fuzz_long_adamw, "AdamW", 103, adamw());
fuzz_rule!(fuzz_adagrad, fuzz_long_adagrad, "Adagrad", 104, adagrad());
fuzz_rule!(fuzz_rmsprop, fuzz_long_rmsprop, "RMSprop", 105, rmsprop());
fuzz_rule!(
    fuzz_adadelta,
    fuzz_long_adadelta,
    "Adadelta",
    106,
    adadelta()
);
fuzz_rule!(fuzz_adamax, fuzz_long_adamax, "Adamax", 107, adamax());
fuzz_rule!(fuzz_nadam, fuzz_long_nadam, "NAdam", 108, nadam());
fuzz_rule!(fuzz_radam, fuzz_long_radam, "RAdam", 109, radam());
fuzz_rule!(fuzz_lion, fuzz_long_lion, "Lion", 110, lion());
fuzz_rule!(
    fuzz_adabelief,
    fuzz_long_adabelief,
    "AdaBelief",
    111,
    adabelief()
);
