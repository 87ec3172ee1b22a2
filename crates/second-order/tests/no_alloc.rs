//! No allocation per iteration, for every method: the quasi-Newton and Hessian-free
//! ones (L-BFGS, Newton-CG, BFGS, curvature-scaled GD) and the Newton family,
//! Levenberg and the trust regions, faer's factorisations included. Every heap
//! allocation of the process is counted (stats_alloc's instrumented system allocator)
//! while the methods step.
//!
//! A `harness = false` test: `main` runs every check on the main thread, the only
//! thread there is, so nothing else allocates while the counter runs (libtest's
//! harness thread did, now and then). The workspace forbids `unsafe_code`, which a
//! counting allocator of our own would need. Prints what it measured; panics on a
//! failed check, so the binary exits non-zero.

use std::alloc::System;

use landscapes::Rosenbrock;
use optim_core::{Method, Objective, Problem};
use second_order::{Bfgs, CurvatureScaledGd, Lbfgs, NewtonCg, TrustRegion};
#[cfg(feature = "dense")]
use second_order::{Levenberg, ModifiedNewton, Newton};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Initialises (allocating) and takes `warm_up` iterations, then counts allocations
/// and reallocations over `steps` more; returns them with the final x.
fn allocations_while_stepping<M: Method<Rosenbrock>>(
    method: &M,
    f: &Rosenbrock,
    warm_up: usize,
    steps: usize,
) -> (usize, Vec<f64>) {
    let problem = Problem::new(f);
    let mut x = start(f.dim());
    let (mut state, _) = method.init(&problem, &x).unwrap();
    for _ in 0..warm_up {
        method.iterate(&problem, &mut x, &mut state).unwrap();
    }
    let region = Region::new(GLOBAL);
    for _ in 0..steps {
        let step = method.iterate(&problem, &mut x, &mut state).unwrap();
        assert!(step.value.is_finite());
    }
    let change = region.change();
    (change.allocations + change.reallocations, x)
}

/// (−1.2, 1, −1.2, 1, …)
fn start(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
        .collect()
}

/// Records what was measured, and a failure by name.
struct Report {
    checked: usize,
    failed: Vec<String>,
}

impl Report {
    fn note(&mut self, name: &str, n: usize, steps: usize, allocs: usize) {
        println!("{name}, n = {n}: {allocs} allocations in {steps} iterations");
        self.checked += 1;
        if allocs != 0 {
            self.failed.push(format!("{name}, n = {n}"));
        }
    }

    /// 20 iterations after one, on the chained Rosenbrock function of dimension n.
    fn chained<M: Method<Rosenbrock>>(&mut self, method: &M, n: usize) {
        let (allocs, _) = allocations_while_stepping(method, &Rosenbrock::chained(n), 1, 20);
        self.note(method.name(), n, 20, allocs);
    }
}

fn main() {
    // The counter does count: one vector, one allocation.
    let region = Region::new(GLOBAL);
    let v: Vec<f64> = std::hint::black_box(vec![0.0; 1000]);
    let seen = region.change().allocations;
    drop(v);
    println!("a vec![0.0; 1000]: {seen} allocation");
    assert_eq!(seen, 1, "the counter missed an allocation");

    let mut report = Report {
        checked: 0,
        failed: Vec::new(),
    };

    // The methods without a dense factorisation, on the extended Rosenbrock, n = 1000.
    let n = 1_000;
    let f = Rosenbrock::extended(n);
    let value0 = f.value(&start(n));
    // 30 iterations: the ring buffer of m = 10 pairs fills and wraps around twice.
    let (allocs, x) = allocations_while_stepping(&Lbfgs::default(), &f, 0, 30);
    report.note("L-BFGS", n, 30, allocs);
    assert!(f.value(&x) < 1e-3 * value0, "L-BFGS did not move");
    // Newton-CG crawls along the valley here (negative curvature at the second CG
    // iteration, as scipy's would), but it moves.
    let (allocs, x) = allocations_while_stepping(&NewtonCg::default(), &f, 0, 15);
    report.note("Newton-CG", n, 15, allocs);
    assert!(f.value(&x) < 0.2 * value0, "Newton-CG did not move");
    let (allocs, _) = allocations_while_stepping(&CurvatureScaledGd::default(), &f, 0, 20);
    report.note("curvature-scaled GD", n, 20, allocs);
    let small = Rosenbrock::extended(20);
    let (allocs, _) = allocations_while_stepping(&Bfgs::default(), &small, 0, 20);
    report.note("BFGS", 20, 20, allocs);

    // The dense methods (n = 300 takes faer's blocked Cholesky and LBLᵀ paths) and
    // the trust region's Hessian-free solvers.
    for n in [10, 300] {
        #[cfg(feature = "dense")]
        {
            report.chained(&Newton::pure(), n);
            report.chained(&Newton::line_search(), n);
            report.chained(&ModifiedNewton::default(), n);
            report.chained(&Levenberg::default(), n);
            report.chained(&TrustRegion::exact(), n);
            report.chained(&TrustRegion::dogleg(), n);
        }
        report.chained(&TrustRegion::ncg(), n);
        report.chained(&TrustRegion::cauchy(), n);
    }

    assert!(
        report.failed.is_empty(),
        "allocated while iterating: {:?}",
        report.failed
    );
    println!("no_alloc: {} checks passed, 0 failed", report.checked);
}
