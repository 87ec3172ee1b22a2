//! No allocation per iteration: every heap allocation of the process is counted
//! (stats_alloc's instrumented system allocator) while methods step.
//!
//! The workspace forbids `unsafe_code`, and `forbid` cannot be lifted by an
//! `#![allow]` in a test file; stats_alloc's allocator is installed without any
//! `unsafe` of ours. One test only, so no other test thread allocates meanwhile.

use std::alloc::System;

use landscapes::Rosenbrock;
use optim_core::Method;
use second_order::{Bfgs, CurvatureScaledGd, Lbfgs, NewtonCg};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Initialises (allocating), then counts allocations over `steps` steps.
fn allocations_while_stepping<M: Method<Rosenbrock>>(
    method: &M,
    f: &Rosenbrock,
    x0: &[f64],
    steps: usize,
) -> (usize, Vec<f64>) {
    let (mut state, _) = method.init(f, x0).unwrap();
    let mut x = x0.to_vec();
    let region = Region::new(GLOBAL);
    for _ in 0..steps {
        let info = method.step(f, &mut x, &mut state).unwrap();
        assert!(info.value.is_finite());
    }
    let change = region.change();
    (change.allocations + change.reallocations, x)
}

fn start(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
        .collect()
}

#[test]
fn iterations_allocate_nothing() {
    let n = 1_000;
    let f = Rosenbrock::extended(n);
    let x0 = start(n);
    let value0 = optim_core::Objective::value(&f, &x0);

    // 30 steps: the ring buffer of m = 10 pairs fills and wraps around twice.
    let (allocs, x) = allocations_while_stepping(&Lbfgs::default(), &f, &x0, 30);
    assert_eq!(allocs, 0, "L-BFGS allocated");
    assert!(optim_core::Objective::value(&f, &x) < 1e-3 * value0);

    // Newton-CG crawls along the valley here (negative curvature at the second CG
    // iteration, as scipy's would), but it moves.
    let (allocs, x) = allocations_while_stepping(&NewtonCg::default(), &f, &x0, 15);
    assert_eq!(allocs, 0, "Newton-CG allocated");
    assert!(optim_core::Objective::value(&f, &x) < 0.2 * value0);

    let small = Rosenbrock::extended(20);
    let (allocs, _) = allocations_while_stepping(&Bfgs::default(), &small, &start(20), 20);
    assert_eq!(allocs, 0, "BFGS allocated");

    let (allocs, _) = allocations_while_stepping(&CurvatureScaledGd::default(), &f, &x0, 20);
    assert_eq!(allocs, 0, "curvature-scaled GD allocated");

    // The counter does count: a step of a method that allocates shows up.
    let region = Region::new(GLOBAL);
    let v: Vec<f64> = std::hint::black_box(vec![0.0; n]);
    assert!(region.change().allocations >= 1);
    drop(v);
}
