//! No allocation per iteration in the methods without a dense factorisation: L-BFGS,
//! Newton-CG, BFGS and curvature-scaled GD. Every heap allocation of the process is
//! counted (stats_alloc's instrumented system allocator) while they step.
//!
//! A `harness = false` test: `main` runs every check on the main thread, the only
//! thread there is, so nothing else allocates while the counter runs (libtest's
//! harness thread did, now and then). The workspace forbids `unsafe_code`, which a
//! counting allocator of our own would need. Prints what it measured; panics on a
//! failed check, so the binary exits non-zero.

use std::alloc::System;

use landscapes::Rosenbrock;
use optim_core::{Method, Objective, Problem};
use second_order::{Bfgs, CurvatureScaledGd, Lbfgs, NewtonCg};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Initialises (allocating), then counts allocations and reallocations over `steps`
/// iterations; returns them with the final x.
fn allocations_while_stepping<M: Method<Rosenbrock>>(
    method: &M,
    f: &Rosenbrock,
    x0: &[f64],
    steps: usize,
) -> (usize, Vec<f64>) {
    let problem = Problem::new(f);
    let (mut state, _) = method.init(&problem, x0).unwrap();
    let mut x = x0.to_vec();
    let region = Region::new(GLOBAL);
    for _ in 0..steps {
        let step = method.iterate(&problem, &mut x, &mut state).unwrap();
        assert!(step.value.is_finite());
    }
    let change = region.change();
    (change.allocations + change.reallocations, x)
}

fn start(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
        .collect()
}

fn main() {
    // The counter does count: one vector, one allocation.
    let region = Region::new(GLOBAL);
    let v: Vec<f64> = std::hint::black_box(vec![0.0; 1000]);
    let seen = region.change().allocations;
    drop(v);
    println!("a vec![0.0; 1000]: {seen} allocation");
    assert_eq!(seen, 1, "the counter missed an allocation");

    let n = 1_000;
    let f = Rosenbrock::extended(n);
    let x0 = start(n);
    let value0 = f.value(&x0);
    let mut failed = Vec::new();
    let mut report = |name: &str, steps: usize, n: usize, allocs: usize| {
        println!("{name}, n = {n}: {allocs} allocations in {steps} iterations");
        if allocs != 0 {
            failed.push(name.to_string());
        }
    };

    // 30 iterations: the ring buffer of m = 10 pairs fills and wraps around twice.
    let (allocs, x) = allocations_while_stepping(&Lbfgs::default(), &f, &x0, 30);
    report("L-BFGS", 30, n, allocs);
    assert!(f.value(&x) < 1e-3 * value0, "L-BFGS did not move");

    // Newton-CG crawls along the valley here (negative curvature at the second CG
    // iteration, as scipy's would), but it moves.
    let (allocs, x) = allocations_while_stepping(&NewtonCg::default(), &f, &x0, 15);
    report("Newton-CG", 15, n, allocs);
    assert!(f.value(&x) < 0.2 * value0, "Newton-CG did not move");

    let small = Rosenbrock::extended(20);
    let (allocs, _) = allocations_while_stepping(&Bfgs::default(), &small, &start(20), 20);
    report("BFGS", 20, 20, allocs);

    let (allocs, _) = allocations_while_stepping(&CurvatureScaledGd::default(), &f, &x0, 20);
    report("curvature-scaled GD", 20, n, allocs);

    assert!(failed.is_empty(), "allocated while iterating: {failed:?}");
    println!("no_alloc_quasi_newton: 4 passed, 0 failed");
}
