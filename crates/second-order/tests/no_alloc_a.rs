//! No allocation per iteration in the Newton family, Levenberg and the trust regions:
//! every heap allocation of the process is counted (stats_alloc's instrumented system
//! allocator) while the methods step, faer's factorisations included.
//!
//! One test only, so that no other test thread allocates meanwhile (the counters are
//! process-wide); the workspace forbids `unsafe`, which a hand-written counting
//! allocator would need.

use std::alloc::System;

use landscapes::Rosenbrock;
use optim_core::Method;
use second_order::{Levenberg, ModifiedNewton, Newton, TrustRegion};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocations during 20 steps that follow one warm-up step, on the chained
/// Rosenbrock function from (−1.2, 1, −1.2, …).
fn allocations_while_stepping<M: Method<Rosenbrock>>(method: &M, n: usize) -> usize {
    let f = Rosenbrock::chained(n);
    let mut x: Vec<f64> = (0..n)
        .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
        .collect();
    let (mut state, _) = method.init(&f, &x).unwrap();
    method.step(&f, &mut x, &mut state).unwrap();
    let region = Region::new(GLOBAL);
    for _ in 0..20 {
        method.step(&f, &mut x, &mut state).unwrap();
    }
    let change = region.change();
    change.allocations + change.reallocations
}

#[test]
fn iterations_allocate_nothing() {
    // The counter works: one vector, one allocation.
    let region = Region::new(GLOBAL);
    let v = std::hint::black_box(vec![1.0f64; 8]);
    assert_eq!(region.change().allocations, 1, "{v:?}");
    // n = 300 takes faer's blocked Cholesky and LBLᵀ paths.
    for n in [10, 300] {
        assert_eq!(allocations_while_stepping(&Newton::pure(), n), 0, "n = {n}");
        assert_eq!(
            allocations_while_stepping(&Newton::line_search(), n),
            0,
            "n = {n}"
        );
        assert_eq!(
            allocations_while_stepping(&ModifiedNewton::default(), n),
            0,
            "n = {n}"
        );
        assert_eq!(
            allocations_while_stepping(&Levenberg::default(), n),
            0,
            "n = {n}"
        );
        for method in [
            TrustRegion::exact(),
            TrustRegion::dogleg(),
            TrustRegion::ncg(),
            TrustRegion::cauchy(),
        ] {
            let name = Method::<Rosenbrock>::name(&method);
            assert_eq!(allocations_while_stepping(&method, n), 0, "{name}, n = {n}");
        }
    }
}
