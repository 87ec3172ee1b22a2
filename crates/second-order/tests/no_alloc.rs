//! No allocation per iteration, for every method: the quasi-Newton and Hessian-free
//! ones (L-BFGS, Newton-CG, BFGS, curvature-scaled GD), the Newton family, Levenberg,
//! the trust regions, and preconditioned descent on each curvature approximation
//! (diagonals, block-diagonal Hessian with its |eigenvalue| repair, Hessian-free
//! Gauss–Newton, K-FAC and the per-neuron Fisher on the layered models of
//! `tests/curvature/models.rs`), faer's factorisations included. Every heap
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
use second_order::{
    Bfgs, CurvatureScaledGd, GaussNewtonCg, HessianDiagonal, Hutchinson, Lbfgs, NewtonCg,
    PreconditionedDescent, TrustRegion,
};
#[cfg(feature = "dense")]
use second_order::{BlockDiagonal, Kfac, NeuronFisher, Partition};
#[cfg(feature = "dense")]
use second_order::{Levenberg, ModifiedNewton, Newton};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

/// The small layered models of the curvature tests (no landscapes).
#[path = "curvature/models.rs"]
mod models;

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
    allocations_from(method, f, start(f.dim()), warm_up, steps)
}

/// [`allocations_while_stepping`] on any objective, from `x`.
fn allocations_from<O: Objective, M: Method<O>>(
    method: &M,
    f: &O,
    mut x: Vec<f64>,
    warm_up: usize,
    steps: usize,
) -> (usize, Vec<f64>) {
    let problem = Problem::new(f);
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

    // Preconditioned descent on every curvature approximation, with λ adapted (so the
    // factorisations are redone as λ moves) and fixed. The first iteration allocates
    // what the objective's layer statistics need; the 20 after it nothing.
    let f = Rosenbrock::chained(300);
    let n = 300;
    let (allocs, _) = allocations_while_stepping(&adapted(HessianDiagonal), &f, 1, 20);
    report.note("preconditioned (Hessian diagonal)", n, 20, allocs);
    let (allocs, _) = allocations_while_stepping(&adapted(Hutchinson::new(3)), &f, 1, 20);
    report.note("preconditioned (Hutchinson)", n, 20, allocs);
    let regression = models::LinearRegression::teacher(5, 3, 40, 1);
    let x0 = vec![0.1; regression.dim()];
    let (allocs, _) = allocations_from(
        &adapted(GaussNewtonCg::default()),
        &regression,
        x0.clone(),
        1,
        20,
    );
    report.note("Hessian-free Gauss–Newton", regression.dim(), 20, allocs);
    #[cfg(feature = "dense")]
    {
        let pairs = Partition::from_ranges((0..n / 5).map(|b| 5 * b..5 * b + 5));
        let (allocs, _) =
            allocations_while_stepping(&adapted(BlockDiagonal::new(pairs)), &f, 1, 20);
        report.note("preconditioned (block-diagonal Hessian)", n, 20, allocs);
        // An indefinite block: its |eigenvalue| repair at every refresh.
        let saddle = models::Quadratic::with_minimiser(
            vec![1.0, 2.0, 0.0, 2.0, 1.0, 0.0, 0.0, 0.0, 3.0],
            &[0.0; 3],
        );
        let blocks = BlockDiagonal::new(Partition::from_ranges([0..2, 2..3]));
        let (allocs, _) = allocations_from(
            &PreconditionedDescent::fixed(blocks, 1.0),
            &saddle,
            vec![0.5, 0.1, 1.0],
            1,
            20,
        );
        report.note("preconditioned (indefinite blocks)", 3, 20, allocs);
        let network = models::TwoLayer::teacher(3, 4, 2, 30, 2);
        let x0: Vec<f64> = network.theta_star.iter().map(|t| 0.7 * t).collect();
        for batch_size in [None, Some(10)] {
            let kfac = Kfac {
                batch_size,
                ..Kfac::default()
            };
            let (allocs, _) = allocations_from(&adapted(kfac), &network, x0.clone(), 1, 20);
            report.note(
                &format!("K-FAC (batch {batch_size:?})"),
                network.dim(),
                20,
                allocs,
            );
            let (allocs, _) = allocations_from(
                &PreconditionedDescent {
                    refresh_every: 3,
                    ..adapted(kfac)
                },
                &network,
                x0.clone(),
                1,
                20,
            );
            report.note(
                &format!("K-FAC every 3 (batch {batch_size:?})"),
                network.dim(),
                20,
                allocs,
            );
            let fisher = NeuronFisher {
                batch_size,
                ..NeuronFisher::default()
            };
            let (allocs, _) = allocations_from(&adapted(fisher), &network, x0.clone(), 1, 20);
            report.note(
                &format!("per-neuron Fisher (batch {batch_size:?})"),
                network.dim(),
                20,
                allocs,
            );
        }
    }

    assert!(
        report.failed.is_empty(),
        "allocated while iterating: {:?}",
        report.failed
    );
    println!("no_alloc: {} checks passed, 0 failed", report.checked);
}

/// Preconditioned descent on `c` with λ adapted (Martens' rule).
fn adapted<C>(c: C) -> PreconditionedDescent<C> {
    PreconditionedDescent::new(c)
}
