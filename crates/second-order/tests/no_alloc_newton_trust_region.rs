//! No allocation per iteration in the Newton family, Levenberg and the trust regions,
//! faer's factorisations included: every heap allocation of the process is counted
//! (stats_alloc's instrumented system allocator) while the methods step.
//!
//! A `harness = false` test: `main` runs every check on the main thread, the only
//! thread there is, so nothing else allocates while the counter runs (libtest's
//! harness thread did, now and then). The workspace forbids `unsafe_code`, which a
//! counting allocator of our own would need. Prints what it measured; panics on a
//! failed check, so the binary exits non-zero.

use std::alloc::System;

use landscapes::Rosenbrock;
use optim_core::{Method, Problem};
use second_order::{Levenberg, ModifiedNewton, Newton, Subproblem, TrustRegion};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocations and reallocations during 20 iterations that follow one warm-up
/// iteration, on the chained Rosenbrock function from (−1.2, 1, −1.2, …).
fn allocations_while_stepping<M: Method<Rosenbrock>>(method: &M, n: usize) -> usize {
    let f = Rosenbrock::chained(n);
    let problem = Problem::new(&f);
    let mut x: Vec<f64> = (0..n)
        .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
        .collect();
    let (mut state, _) = method.init(&problem, &x).unwrap();
    method.iterate(&problem, &mut x, &mut state).unwrap();
    let region = Region::new(GLOBAL);
    for _ in 0..20 {
        method.iterate(&problem, &mut x, &mut state).unwrap();
    }
    let change = region.change();
    change.allocations + change.reallocations
}

/// Runs the check for `method` at `n` and records a failure by name.
fn check<M: Method<Rosenbrock>>(method: &M, n: usize, failed: &mut Vec<String>) {
    let allocs = allocations_while_stepping(method, n);
    let name = method.name();
    println!("{name}, n = {n}: {allocs} allocations in 20 iterations");
    if allocs != 0 {
        failed.push(format!("{name}, n = {n}"));
    }
}

fn trust_region<S: Subproblem>(method: TrustRegion<S>, n: usize, failed: &mut Vec<String>) {
    check(&method, n, failed);
}

fn main() {
    // The counter does count: one vector, one allocation.
    let region = Region::new(GLOBAL);
    let v = std::hint::black_box(vec![1.0f64; 8]);
    let seen = region.change().allocations;
    drop(v);
    println!("a vec![1.0; 8]: {seen} allocation");
    assert_eq!(seen, 1, "the counter missed an allocation");

    let mut failed = Vec::new();
    // n = 300 takes faer's blocked Cholesky and LBLᵀ paths.
    for n in [10, 300] {
        check(&Newton::pure(), n, &mut failed);
        check(&Newton::line_search(), n, &mut failed);
        check(&ModifiedNewton::default(), n, &mut failed);
        check(&Levenberg::default(), n, &mut failed);
        trust_region(TrustRegion::exact(), n, &mut failed);
        trust_region(TrustRegion::dogleg(), n, &mut failed);
        trust_region(TrustRegion::ncg(), n, &mut failed);
        trust_region(TrustRegion::cauchy(), n, &mut failed);
    }
    assert!(failed.is_empty(), "allocated while iterating: {failed:?}");
    println!("no_alloc_newton_trust_region: 16 passed, 0 failed");
}
