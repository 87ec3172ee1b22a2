//! The network's evaluations allocate nothing after set-up: value, gradient, both
//! curvature products and the K-FAC layer statistics of `Mlp`, 20 calls each after one
//! warm-up call, counted by an instrumented global allocator.
//!
//! As in first-order's and second-order's `no_alloc.rs`: the workspace forbids
//! `unsafe_code`, so the counting allocator is `stats_alloc`'s, and it counts every
//! thread, so the file runs without the test harness (`harness = false`) and `main`
//! counts on the only thread there is.

use std::alloc::System;
use std::hint::black_box;

use landscapes::{Activation, Landscape, Mlp};
use optim_core::{GaussNewtonProduct, HessianProduct, Layered, Objective, Targets};
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

/// Allocations and reallocations of 20 calls of `f` (after one warm-up call).
fn allocations(mut f: impl FnMut(usize)) -> usize {
    f(0);
    let region = Region::new(GLOBAL);
    for k in 1..=20 {
        f(k);
    }
    let change = region.change();
    change.allocations + change.reallocations
}

fn check(name: &str, net: &Mlp) -> Vec<(String, usize)> {
    let n = net.dim();
    let x = net.start();
    let v: Vec<f64> = (0..n).map(|i| (i as f64 * 0.37).sin()).collect();
    let (mut g, mut out) = (vec![0.0; n], vec![0.0; n]);
    let batch: Vec<usize> = (0..net.samples()).step_by(3).collect();
    let mut stats = Vec::new();
    let mut counts = vec![
        (
            "value",
            allocations(|_| {
                black_box(net.value(black_box(&x)));
            }),
        ),
        ("gradient", allocations(|_| net.gradient(&x, &mut g))),
        (
            "value_and_gradient",
            allocations(|_| {
                black_box(net.value_and_gradient(&x, &mut g));
            }),
        ),
        (
            "hessian_vector_product",
            allocations(|_| net.hessian_vector_product(&x, &v, &mut out)),
        ),
        (
            "gauss_newton_vector_product",
            allocations(|_| net.gauss_newton_vector_product(&x, &v, &mut out)),
        ),
        (
            "layer_statistics (empirical)",
            allocations(|_| net.layer_statistics(&x, &batch, Targets::Empirical, &mut stats)),
        ),
    ];
    counts.push((
        "layer_statistics (sampled)",
        allocations(|k| {
            net.layer_statistics(&x, &batch, Targets::Sampled { seed: k as u32 }, &mut stats)
        }),
    ));
    assert!(g.iter().chain(&out).all(|v| v.is_finite()), "{name}");
    counts
        .into_iter()
        .map(|(what, c)| (format!("{name}: {what}"), c))
        .collect()
}

fn main() {
    // A sanity check that the counter counts: this must not be zero.
    let region = Region::new(GLOBAL);
    let v = black_box(vec![1.0_f64; 16]);
    assert!(region.change().allocations >= 1);
    drop(v);

    let regression = Mlp::teacher_student(64, 0).unwrap();
    let classifier = Mlp::two_moons(&[8, 8], Activation::Relu, 50, 0.2, 0).unwrap();
    let mut counts = check("teacher–student (tanh, squared error)", &regression);
    counts.extend(check("two moons (ReLU, cross-entropy)", &classifier));
    let failures: Vec<&(String, usize)> = counts.iter().filter(|(_, c)| *c > 0).collect();
    for (what, c) in &counts {
        println!("{what}: {c} allocations");
    }
    assert!(failures.is_empty(), "allocating: {failures:?}");
    println!(
        "no_alloc: {} evaluation kinds allocate nothing",
        counts.len()
    );
}
