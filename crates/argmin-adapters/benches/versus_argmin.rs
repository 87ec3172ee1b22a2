//! The pairs of the comparison with argmin that matter for speed, ours beside argmin
//! 0.11's in the same run, each to ‖∇f‖₂ ≤ 1e-6, and a closing table of the ratios
//! (argmin/ours, and scipy/ours from `scipy_reference.json`, which
//! `scipy_reference.py` beside this file measured on the same problems). argmin's
//! runs go through `minimize_argmin`, whose common test evaluates f and ∇f outside
//! argmin's counts; they are timed by `iter_custom` with the run's own wall time,
//! which leaves that test out, as the comparison page does:
//!
//! - L-BFGS, m = 10, on the separable extended Rosenbrock at n = 10⁵ and 10⁶ from
//!   (−1.2, 1, …), and on the chained Rosenbrock (scipy's `rosen`) at n = 1000;
//! - Newton-CG at n = 10⁵ (argmin's with the Hessian as an operator of Hessian-vector
//!   products, `ArgminHessianFree`), ours with scipy's forcing sequence and with η
//!   capped at 0.01 (`Forcing::Capped`), which solves as accurately as argmin's;
//! - one dense Newton iteration at n = 500 on a random SPD quadratic (argmin's on
//!   nalgebra, which inverts; ours factors by Cholesky);
//! - BFGS at n = 100 on a random SPD quadratic of condition 10⁴;
//! - one dense Newton step with the Hessian formed at n = 1000: our Cholesky
//!   factorisation and two triangular solves (faer, two tasks from n = 800) beside
//!   scipy's `cho_factor` + `cho_solve` (its faster BLAS thread count, 1 or 2, from
//!   the JSON); argmin has no factorisation to set beside them.
//!
//! Before timing, one run of each prints its iterations and evaluations. The table
//! reads the medians criterion stored for this run (`target/criterion/versus_*`),
//! and, for the L-BFGS and Newton-CG rows, the ratio from alternating rounds (one
//! run of each side per round), which a machine whose speed drifts over the minutes
//! between criterion's two groups does not bias.
//!
//! `cargo bench -p argmin-adapters --bench versus_argmin -- --warm-up-time 1 --measurement-time 5`

use std::hint::black_box;

use argmin::core::{Executor, State};
use argmin_adapters::nalgebra::{DVector, NalgebraProblem};
use argmin_adapters::{ArgminHessianFree, ArgminProblem, minimize_argmin, solvers};
use criterion::Criterion;
use landscapes::{Landscape, Quadratic, Rosenbrock};
use optim_core::{Hessian, Objective, Record, Stop, minimize};
use second_order::linalg::Cholesky;
use second_order::{Bfgs, Forcing, Lbfgs, Newton, NewtonCg};

fn stop(max: usize) -> Stop {
    Stop::after(max).grad_tol(1e-6).record(Record::Off)
}

/// The summed wall times of `iters` argmin runs, each as `minimize_argmin` measured it
/// (without the common test's own evaluations).
fn run_times(
    iters: u64,
    run: impl Fn() -> Result<argmin_adapters::ArgminRun, optim_core::Error>,
) -> std::time::Duration {
    (0..iters).map(|_| run().unwrap().run.elapsed).sum()
}

/// Rounds of [`alternate`].
const ROUNDS: usize = 7;

/// argmin/ours from [`ROUNDS`] alternating rounds (one run of each per round, the
/// ratio taken within the round), per table row: criterion measures all of one
/// side's samples before the other's, so a machine whose speed drifts over minutes
/// (this VM's did by up to 2×) biases its ratio; a round's two runs are seconds apart.
static ALTERNATING: std::sync::Mutex<Vec<(String, [f64; 3])>> = std::sync::Mutex::new(Vec::new());

/// Times `ours` and `theirs` (each returning one run's wall time) alternately and
/// keeps the (lowest, median, highest) per-round ratio theirs/ours under `key`.
fn alternate(
    key: &str,
    ours: impl Fn() -> std::time::Duration,
    theirs: impl Fn() -> std::time::Duration,
) {
    let mut ratios: Vec<f64> = (0..ROUNDS)
        .map(|_| {
            let a = ours().as_secs_f64();
            theirs().as_secs_f64() / a
        })
        .collect();
    ratios.sort_by(f64::total_cmp);
    let r = [ratios[0], ratios[ROUNDS / 2], ratios[ROUNDS - 1]];
    println!(
        "{key}: argmin/ours in {ROUNDS} alternating rounds {:.2} (range {:.2}–{:.2})",
        r[1], r[0], r[2]
    );
    if let Ok(mut all) = ALTERNATING.lock() {
        all.push((key.to_owned(), r));
    }
}

/// The wall time of one of our runs.
fn timed<T>(run: impl FnOnce() -> T) -> std::time::Duration {
    let t = std::time::Instant::now();
    black_box(run());
    t.elapsed()
}

fn print(label: &str, ours: &optim_core::Run, theirs: &optim_core::Run) {
    println!(
        "{label}: ours {} it, {} f, {} ∇f, {} Hv, {:.3?}; argmin {} it, {} f, {} ∇f, {} Hv, {:.3?} (untimed runs)",
        ours.iterations,
        ours.evals.value,
        ours.evals.gradient,
        ours.evals.hessian_vector,
        ours.elapsed,
        theirs.iterations,
        theirs.evals.value,
        theirs.evals.gradient,
        theirs.evals.hessian_vector,
        theirs.elapsed
    );
}

fn lbfgs(c: &mut Criterion) {
    for (id, f) in [
        ("lbfgs_extended_1e5", Rosenbrock::extended(100_000)),
        ("lbfgs_extended_1e6", Rosenbrock::extended(1_000_000)),
        ("lbfgs_chained_1e3", Rosenbrock::chained(1000)),
    ] {
        let mut group = c.benchmark_group(format!("versus_{id}"));
        group.sample_size(10);
        let x0: Vec<f64> = (0..f.dim())
            .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
            .collect();
        let s = stop(20_000);
        let theirs_run = || {
            minimize_argmin(
                ArgminProblem(black_box(&f)),
                solvers::lbfgs(10),
                "LBFGS",
                x0.clone(),
                |s| s,
                &s,
            )
        };
        let ours = minimize(&Lbfgs::default(), &f, &x0, &s).unwrap();
        let theirs = theirs_run().unwrap();
        print(id, &ours, &theirs.run);
        group.bench_function("ours", |b| {
            b.iter(|| minimize(&Lbfgs::default(), black_box(&f), &x0, &s))
        });
        group.bench_function("argmin", |b| {
            b.iter_custom(|iters| run_times(iters, theirs_run))
        });
        group.finish();
        alternate(
            &format!("versus_{id}/ours"),
            || timed(|| minimize(&Lbfgs::default(), &f, &x0, &s)),
            || run_times(1, theirs_run),
        );
    }
}

fn newton_cg(c: &mut Criterion) {
    let mut group = c.benchmark_group("versus_newton_cg_extended_1e5");
    group.sample_size(10);
    let n = 100_000;
    let f = Rosenbrock::extended(n);
    let x0 = f.start();
    let s = stop(1000);
    let capped = NewtonCg {
        forcing: Forcing::Capped(1e-2),
        ..NewtonCg::default()
    };
    let ours = minimize(&NewtonCg::default(), &f, &x0, &s).unwrap();
    let ours_2 = minimize(&capped, &f, &x0, &s).unwrap();
    let theirs_run = || {
        minimize_argmin(
            ArgminHessianFree::new(black_box(&f)),
            solvers::newton_cg(),
            "NewtonCG",
            x0.clone(),
            |s| s,
            &s,
        )
    };
    let theirs = theirs_run().unwrap();
    print(
        "newton_cg_extended_1e5 (scipy's forcing)",
        &ours,
        &theirs.run,
    );
    print(
        "newton_cg_extended_1e5 (forcing capped at 0.01)",
        &ours_2,
        &theirs.run,
    );
    group.bench_function("ours", |b| {
        b.iter(|| minimize(&NewtonCg::default(), black_box(&f), &x0, &s))
    });
    group.bench_function("ours_capped", |b| {
        b.iter(|| minimize(&capped, black_box(&f), &x0, &s))
    });
    group.bench_function("argmin", |b| {
        b.iter_custom(|iters| run_times(iters, theirs_run))
    });
    group.finish();
    let theirs_once = || run_times(1, theirs_run);
    alternate(
        "versus_newton_cg_extended_1e5/ours",
        || timed(|| minimize(&NewtonCg::default(), &f, &x0, &s)),
        theirs_once,
    );
    alternate(
        "versus_newton_cg_extended_1e5/ours_capped",
        || timed(|| minimize(&capped, &f, &x0, &s)),
        theirs_once,
    );
}

fn dense_newton(c: &mut Criterion) {
    let mut group = c.benchmark_group("versus_newton_iteration_500");
    group.sample_size(10);
    let n = 500;
    let f = Quadratic::random_spd(n, 1e4, 0);
    let x0 = f.start();
    // One iteration each: the Hessian, its factorisation (ours) or inverse (argmin's),
    // the step.
    let one = Stop::exactly(1).record(Record::Off);
    group.bench_function("ours", |b| {
        b.iter(|| minimize(&Newton::pure(), black_box(&f), &x0, &one))
    });
    let start = DVector::from_column_slice(&x0);
    group.bench_function("argmin", |b| {
        b.iter(|| {
            Executor::new(NalgebraProblem(black_box(&f)), solvers::newton())
                .configure(|s| s.param(start.clone()).max_iters(1))
                .run()
                .map(|r| r.state().get_iter())
        })
    });
    group.finish();
}

fn bfgs(c: &mut Criterion) {
    let mut group = c.benchmark_group("versus_bfgs_quadratic_100");
    group.sample_size(10);
    let n = 100;
    let f = Quadratic::random_spd(n, 1e4, 0);
    let x0 = f.start();
    let s = stop(5000);
    let identity: Vec<Vec<f64>> = (0..n)
        .map(|i| (0..n).map(|j| f64::from(u8::from(i == j))).collect())
        .collect();
    let ours = minimize(&Bfgs::default(), &f, &x0, &s).unwrap();
    let theirs = minimize_argmin(
        ArgminProblem(&f),
        solvers::bfgs(),
        "BFGS",
        x0.clone(),
        |st| st.inv_hessian(identity.clone()),
        &s,
    )
    .unwrap();
    print("BFGS n = 100", &ours, &theirs.run);
    group.bench_function("ours", |b| {
        b.iter(|| minimize(&Bfgs::default(), black_box(&f), &x0, &s))
    });
    group.bench_function("argmin", |b| {
        b.iter_custom(|iters| {
            run_times(iters, || {
                minimize_argmin(
                    ArgminProblem(black_box(&f)),
                    solvers::bfgs(),
                    "BFGS",
                    x0.clone(),
                    |st| st.inv_hessian(identity.clone()),
                    &s,
                )
            })
        })
    });
    group.finish();
}

fn cholesky_step(c: &mut Criterion) {
    let mut group = c.benchmark_group("versus_cholesky_step_1e3");
    group.sample_size(20);
    let n = 1000;
    let f = Quadratic::random_spd(n, 1e4, 0);
    let x = f.start();
    let mut h = vec![0.0; n * n];
    f.hessian(&x, &mut h);
    let mut g = vec![0.0; n];
    f.gradient(&x, &mut g);
    let mut chol = Cholesky::new(n);
    let mut p = vec![0.0; n];
    // As scipy's `cho_factor` (which copies H) then `cho_solve`: the factor is formed
    // from H in the workspace's own memory, then p = −H⁻¹g by two triangular solves.
    group.bench_function("ours", |b| {
        b.iter(|| {
            chol.factor(black_box(&h), 0.0).expect("positive definite");
            for (pi, gi) in p.iter_mut().zip(&g) {
                *pi = -gi;
            }
            chol.solve_in_place(&mut p);
            black_box(&p);
        })
    });
    group.finish();
}

/// The median criterion measured for `group/function` in this run, in seconds.
fn median(group: &str, function: &str) -> Option<f64> {
    let path = criterion_home()
        .join(group)
        .join(function)
        .join("new/estimates.json");
    let text = std::fs::read_to_string(path).ok()?;
    let json: serde_json::Value = serde_json::from_str(&text).ok()?;
    Some(json["median"]["point_estimate"].as_f64()? * 1e-9)
}

fn criterion_home() -> std::path::PathBuf {
    std::env::var_os("CRITERION_HOME")
        .map(Into::into)
        .unwrap_or_else(|| {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../target/criterion")
        })
}

/// scipy's median seconds for a row of `scipy_reference.json`, with its counts (or,
/// for the Cholesky row, the BLAS threads of its faster setting).
fn scipy(id: &str) -> Option<(f64, String)> {
    let text = include_str!("scipy_reference.json");
    let json: serde_json::Value = serde_json::from_str(text).ok()?;
    let row = json["rows"].as_array()?.iter().find(|r| r["id"] == id)?;
    let seconds = row["median_seconds"].as_f64()?;
    let counts = match row["best_blas_threads"].as_u64() {
        Some(threads) => format!("{threads} BLAS threads"),
        None => format!("{} it, {} f", row["iterations"], row["nfev"]),
    };
    Some((seconds, counts))
}

fn summary() {
    println!();
    println!(
        "| work | ours | argmin 0.11 | scipy | argmin/ours | argmin/ours, {ROUNDS} alternating rounds (median, range) | scipy/ours |"
    );
    println!("|---|---|---|---|---|---|---|");
    let alternating = ALTERNATING.lock().map(|a| a.clone()).unwrap_or_default();
    let rows = [
        (
            "lbfgs_extended_1e5",
            "ours",
            "L-BFGS, extended Rosenbrock n = 10⁵",
        ),
        (
            "lbfgs_extended_1e6",
            "ours",
            "L-BFGS, extended Rosenbrock n = 10⁶",
        ),
        (
            "lbfgs_chained_1e3",
            "ours",
            "L-BFGS, chained Rosenbrock n = 1000",
        ),
        (
            "newton_cg_extended_1e5",
            "ours",
            "Newton-CG n = 10⁵, scipy's forcing",
        ),
        (
            "newton_cg_extended_1e5",
            "ours_capped",
            "Newton-CG n = 10⁵, forcing capped at 0.01",
        ),
        (
            "newton_iteration_500",
            "ours",
            "one dense Newton iteration n = 500",
        ),
        ("bfgs_quadratic_100", "ours", "BFGS, quadratic n = 100"),
        (
            "cholesky_step_1e3",
            "ours",
            "dense Newton step n = 1000 (Cholesky and solves)",
        ),
    ];
    let fmt = |t: Option<f64>| t.map_or("—".into(), |t| format!("{:.2} ms", t * 1e3));
    for (id, ours_fn, label) in rows {
        let group = format!("versus_{id}");
        let ours = median(&group, ours_fn);
        let argmin = median(&group, "argmin");
        let sp = scipy(id);
        let ratio = |a: Option<f64>, b: Option<f64>| match (a, b) {
            (Some(a), Some(b)) => format!("{:.2}", a / b),
            _ => "—".into(),
        };
        let rounds = alternating
            .iter()
            .find(|(key, _)| *key == format!("{group}/{ours_fn}"))
            .map_or("—".into(), |(_, r)| {
                format!("{:.2} ({:.2}–{:.2})", r[1], r[0], r[2])
            });
        println!(
            "| {label} | {} | {} | {} | {} | {rounds} | {} |",
            fmt(ours),
            fmt(argmin),
            sp.as_ref()
                .map_or("—".into(), |(t, c)| format!("{:.1} ms ({c})", t * 1e3)),
            ratio(argmin, ours),
            ratio(sp.map(|s| s.0), ours)
        );
    }
}

fn main() {
    let mut c = Criterion::default()
        .output_directory(&criterion_home())
        .configure_from_args();
    lbfgs(&mut c);
    newton_cg(&mut c);
    dense_newton(&mut c);
    bfgs(&mut c);
    cholesky_step(&mut c);
    c.final_summary();
    summary();
}
