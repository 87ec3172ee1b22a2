//! The pairs of the comparison with argmin that matter for speed, ours beside argmin
//! 0.11's in the same run, each to ‖∇f‖₂ ≤ 1e-6. argmin's runs go through
//! `minimize_argmin`, whose common test evaluates f and ∇f outside argmin's counts;
//! they are timed by `iter_custom` with the run's own wall time, which leaves that
//! test out, as the comparison page does:
//!
//! - L-BFGS, m = 10, on the separable extended Rosenbrock at n = 10⁵ and 10⁶ from
//!   (−1.2, 1, …);
//! - Newton-CG at n = 10⁵ (argmin's with the Hessian as an operator of Hessian-vector
//!   products, `ArgminHessianFree`);
//! - one dense Newton iteration at n = 500 on a random SPD quadratic (argmin's on
//!   nalgebra, which inverts; ours factors by Cholesky);
//! - BFGS at n = 100 on a random SPD quadratic of condition 10⁴.
//!
//! Before timing, one run of each prints its iterations and evaluations.
//!
//! `cargo bench -p argmin-adapters --bench versus_argmin -- --warm-up-time 1 --measurement-time 5`

use std::hint::black_box;

use argmin::core::{Executor, State};
use argmin_adapters::nalgebra::{DVector, NalgebraProblem};
use argmin_adapters::{ArgminHessianFree, ArgminProblem, minimize_argmin, solvers};
use criterion::{Criterion, criterion_group, criterion_main};
use landscapes::{Landscape, Quadratic, Rosenbrock};
use optim_core::{Record, Stop, minimize};
use second_order::{Bfgs, Lbfgs, Newton, NewtonCg};

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
    let mut group = c.benchmark_group("lbfgs_extended_rosenbrock");
    group.sample_size(10);
    for n in [100_000, 1_000_000] {
        let f = Rosenbrock::extended(n);
        let x0 = f.start();
        let s = stop(1000);
        let ours = minimize(&Lbfgs::default(), &f, &x0, &s).unwrap();
        let theirs = minimize_argmin(
            ArgminProblem(&f),
            solvers::lbfgs(10),
            "LBFGS",
            x0.clone(),
            |s| s,
            &s,
        )
        .unwrap();
        print(&format!("L-BFGS n = {n}"), &ours, &theirs.run);
        group.bench_function(format!("ours/{n}"), |b| {
            b.iter(|| minimize(&Lbfgs::default(), black_box(&f), &x0, &s))
        });
        group.bench_function(format!("argmin/{n}"), |b| {
            b.iter_custom(|iters| {
                run_times(iters, || {
                    minimize_argmin(
                        ArgminProblem(black_box(&f)),
                        solvers::lbfgs(10),
                        "LBFGS",
                        x0.clone(),
                        |s| s,
                        &s,
                    )
                })
            })
        });
    }
    group.finish();
}

fn newton_cg(c: &mut Criterion) {
    let mut group = c.benchmark_group("newton_cg_extended_rosenbrock");
    group.sample_size(10);
    let n = 100_000;
    let f = Rosenbrock::extended(n);
    let x0 = f.start();
    let s = stop(1000);
    let ours = minimize(&NewtonCg::default(), &f, &x0, &s).unwrap();
    let theirs = minimize_argmin(
        ArgminHessianFree::new(&f),
        solvers::newton_cg(),
        "NewtonCG",
        x0.clone(),
        |s| s,
        &s,
    )
    .unwrap();
    print(&format!("Newton-CG n = {n}"), &ours, &theirs.run);
    group.bench_function(format!("ours/{n}"), |b| {
        b.iter(|| minimize(&NewtonCg::default(), black_box(&f), &x0, &s))
    });
    group.bench_function(format!("argmin/{n}"), |b| {
        b.iter_custom(|iters| {
            run_times(iters, || {
                minimize_argmin(
                    ArgminHessianFree::new(black_box(&f)),
                    solvers::newton_cg(),
                    "NewtonCG",
                    x0.clone(),
                    |s| s,
                    &s,
                )
            })
        })
    });
    group.finish();
}

fn dense_newton(c: &mut Criterion) {
    let mut group = c.benchmark_group("newton_iteration_quadratic");
    group.sample_size(10);
    let n = 500;
    let f = Quadratic::random_spd(n, 1e4, 0);
    let x0 = f.start();
    // One iteration each: the Hessian, its factorisation (ours) or inverse (argmin's),
    // the step.
    let one = Stop::exactly(1).record(Record::Off);
    group.bench_function("ours/500", |b| {
        b.iter(|| minimize(&Newton::pure(), black_box(&f), &x0, &one))
    });
    let start = DVector::from_column_slice(&x0);
    group.bench_function("argmin/500", |b| {
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
    let mut group = c.benchmark_group("bfgs_quadratic");
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
    group.bench_function("ours/100", |b| {
        b.iter(|| minimize(&Bfgs::default(), black_box(&f), &x0, &s))
    });
    group.bench_function("argmin/100", |b| {
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

criterion_group!(benches, lbfgs, newton_cg, dense_newton, bfgs);
criterion_main!(benches);
