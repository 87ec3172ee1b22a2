//! The steps allocate nothing: 100 `step` calls of every method (in each of its
//! configurations that runs a different loop), counted by an instrumented global
//! allocator.
//!
//! The workspace forbids `unsafe_code`, and `forbid` cannot be lifted by an `allow` in
//! one file, so the counting allocator is `stats_alloc`'s rather than our own
//! `unsafe impl GlobalAlloc`. It counts every thread, and libtest's own threads
//! allocate while tests run (3 to 20 spurious failures in 30 runs when this was a
//! `#[test]`), so the file runs without the test harness (`harness = false`): `main`
//! does the counting on the only thread there is.

use std::alloc::System;

use first_order::prelude::*;
use optim_core::Problem;
use stats_alloc::{INSTRUMENTED_SYSTEM, Region, StatsAlloc};

#[global_allocator]
static GLOBAL: &StatsAlloc<System> = &INSTRUMENTED_SYSTEM;

const N: usize = 1000;

/// Allocations and reallocations made by 100 steps of `opt` (after one warm-up step).
fn allocations<O: FirstOrder>(opt: &O) -> usize {
    let mut state = opt.init_state(N).unwrap();
    let mut x: Vec<f64> = (0..N).map(|i| (i as f64 * 0.37).sin()).collect();
    let mut g = vec![0.0; N];
    opt.step(&mut state, &mut x, &g).unwrap();
    let region = Region::new(GLOBAL);
    for k in 0..100 {
        for (gi, xi) in g.iter_mut().zip(&x) {
            *gi = xi + 1e-3 * k as f64;
        }
        opt.step(&mut state, &mut x, &g).unwrap();
        opt.step_with_lr(&mut state, &mut x, &g, 0.5 * opt.lr())
            .unwrap();
    }
    let change = region.change();
    assert!(x.iter().all(|v| v.is_finite()), "{}", opt.name());
    change.allocations + change.reallocations
}

fn main() {
    // A sanity check that the counter counts: this must not be zero.
    let region = Region::new(GLOBAL);
    let v = std::hint::black_box(vec![1.0_f64; 16]);
    assert!(region.change().allocations >= 1);
    drop(v);

    let mut counts = vec![
        ("SGD", allocations(&Sgd::new(0.01))),
        (
            "SGD momentum L2 maximize",
            allocations(&Sgd {
                momentum: 0.9,
                weight_decay: 0.1,
                maximize: true,
                ..Sgd::new(0.01)
            }),
        ),
        (
            "SGD nesterov",
            allocations(&Sgd {
                momentum: 0.9,
                nesterov: true,
                ..Sgd::new(0.01)
            }),
        ),
        ("SGD EWA", allocations(&Sgd::ewa_momentum(0.01, 0.9))),
        ("SGD velocity", allocations(&Sgd::velocity(0.01, 0.9))),
        (
            "Adagrad",
            allocations(&Adagrad {
                lr_decay: 0.01,
                ..Adagrad::new(0.01)
            }),
        ),
        ("Adadelta", allocations(&Adadelta::default())),
        ("RMSprop", allocations(&RmsProp::new(0.01))),
        (
            "RMSprop momentum",
            allocations(&RmsProp {
                momentum: 0.9,
                ..RmsProp::new(0.01)
            }),
        ),
        (
            "RMSprop centered",
            allocations(&RmsProp {
                centered: true,
                ..RmsProp::new(0.01)
            }),
        ),
        (
            "RMSprop centered momentum",
            allocations(&RmsProp {
                centered: true,
                momentum: 0.9,
                ..RmsProp::new(0.01)
            }),
        ),
        ("Adam", allocations(&Adam::new(0.01))),
        (
            "AMSGrad",
            allocations(&Adam {
                amsgrad: true,
                ..Adam::new(0.01)
            }),
        ),
        ("AdamW", allocations(&AdamW::new(0.01))),
        (
            "Adam, coupled L2 and maximize (the blockwise transform)",
            allocations(&Adam {
                weight_decay: 0.1,
                maximize: true,
                ..Adam::new(0.01)
            }),
        ),
        (
            "AdaBelief, fixed decay",
            allocations(&AdaBelief {
                weight_decay: 0.1,
                fixed_decay: true,
                ..AdaBelief::new(0.01)
            }),
        ),
        ("Adamax", allocations(&Adamax::new(0.01))),
        ("NAdam", allocations(&NAdam::new(0.01))),
        (
            "NAdamW",
            allocations(&NAdam {
                weight_decay: 0.1,
                decoupled_weight_decay: true,
                ..NAdam::new(0.01)
            }),
        ),
        ("RAdam", allocations(&RAdam::new(0.01))),
        ("AdaBelief", allocations(&AdaBelief::new(0.01))),
        (
            "AdaBelief un-rectified AMSGrad",
            allocations(&AdaBelief {
                rectify: false,
                amsgrad: true,
                ..AdaBelief::new(0.01)
            }),
        ),
        (
            "AdaBelief rectified AMSGrad, no SGD phase",
            allocations(&AdaBelief {
                amsgrad: true,
                degenerated_to_sgd: false,
                ..AdaBelief::new(0.01)
            }),
        ),
        (
            "Lion",
            allocations(&Lion {
                weight_decay: 0.1,
                ..Lion::new(1e-4)
            }),
        ),
        (
            "Projected Adam onto the sphere",
            allocations(&Projected::new(Adam::new(0.01), UnitSphere)),
        ),
        (
            "Scheduled SGD, cosine",
            allocations(&Scheduled::new(
                Sgd {
                    momentum: 0.9,
                    ..Sgd::new(0.01)
                },
                CosineAnnealingLr {
                    t_max: 50,
                    eta_min: 0.0,
                },
            )),
        ),
        (
            "Clipped Adam, by norm",
            allocations(&Clipped::new(Adam::new(0.01), Clip::norm(1.0))),
        ),
        (
            "Clipped SGD, by value",
            allocations(&Clipped::new(Sgd::new(0.01), Clip::Value(0.5))),
        ),
        (
            "AdamW, scheduled and clipped",
            allocations(
                &AdamW::new(0.01)
                    .scheduled(warmup_cosine(0.1, 10, 90, 0.0))
                    .clipped(Clip::norm(1.0)),
            ),
        ),
    ];

    // Through the optim_core::Method bridge too: the state caches the gradient.
    let f = FnObjective::new(
        N,
        |x: &[f64]| x.iter().map(|v| v * v).sum::<f64>(),
        |x: &[f64], g: &mut [f64]| {
            for (gi, xi) in g.iter_mut().zip(x) {
                *gi = 2.0 * xi;
            }
        },
    );
    let adam = Adam::new(0.01);
    let x0 = vec![1.0; N];
    let problem = Problem::new(&f);
    let (mut state, _) = adam.init(&problem, &x0).unwrap();
    let mut x = x0.clone();
    let region = Region::new(GLOBAL);
    for _ in 0..100 {
        adam.iterate(&problem, &mut x, &mut state).unwrap();
    }
    let change = region.change();
    counts.push((
        "Adam via Method::iterate",
        change.allocations + change.reallocations,
    ));

    let offenders: Vec<_> = counts.iter().filter(|(_, c)| *c != 0).collect();
    assert!(offenders.is_empty(), "allocating steps: {offenders:?}");
    assert_eq!(counts.len(), 30);
    println!(
        "no_alloc: {} configurations, 0 allocations per step",
        counts.len()
    );
}
