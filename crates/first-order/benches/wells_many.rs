//! The *Optimization in many dimensions* notebook's batched run: 100 starts × 2000 gradient-descent steps (lr 4.3) on its
//! 2-D, 8-well landscape, every iterate recorded, no tolerance stop.
//!
//! - `minimize_many`: the toolkit's parallel run loop (rayon), one `Run` per start.
//! - `minimize_sequential`: the same `minimize` calls one after another (isolates the
//!   run loop's per-step cost from the parallel speed-up).
//! - `hand_loop`: a single-threaded loop doing the same work (one
//!   `Wells::value_and_gradient` per step, ‖∇f‖, the update, the iterate, f and ‖∇f‖
//!   stored in pre-reserved vectors): the run loop's overhead is `minimize_sequential`
//!   minus this.
//! - `hand_inline_libm`: the same arithmetic written out for d = 2, one well at a time
//!   with libm's `exp`, as `Wells` computed it before its own exponential (four
//!   wells to a SIMD register, `landscapes/src/exp.rs`): `hand_inline_libm` over
//!   `hand_loop` is what that exponential bought. Its iterates differ from the
//!   others' in the last bits (the exponentials differ by up to 1 ulp).
//!
//! The seed's NumPy code does the same work batched over the 100 starts.
//!
//! `cargo bench -p first-order --bench wells_many -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use first_order::Sgd;
use landscapes::Wells;
use optim_core::{Objective, Record, Stop, minimize, minimize_many, vector::norm};

const STEPS: usize = 2000;
const LR: f64 = 4.3;

/// What the hand loop keeps per start: iterates, values and gradient norms.
struct Traj {
    xs: Vec<f64>,
    values: Vec<f64>,
    grad_norms: Vec<f64>,
}

fn hand_loop(f: &Wells, starts: &[Vec<f64>]) -> Vec<Traj> {
    starts
        .iter()
        .map(|x0| {
            let n = x0.len();
            let mut x = x0.clone();
            let mut g = vec![0.0; n];
            let mut t = Traj {
                xs: Vec::with_capacity((STEPS + 1) * n),
                values: Vec::with_capacity(STEPS + 1),
                grad_norms: Vec::with_capacity(STEPS + 1),
            };
            let mut value = f.value_and_gradient(&x, &mut g);
            t.xs.extend_from_slice(&x);
            t.values.push(value);
            t.grad_norms.push(norm(&g));
            for _ in 0..STEPS {
                for (xi, gi) in x.iter_mut().zip(&g) {
                    *xi -= LR * gi;
                }
                value = f.value_and_gradient(&x, &mut g);
                t.xs.extend_from_slice(&x);
                t.values.push(value);
                t.grad_norms.push(norm(&g));
            }
            t
        })
        .collect()
}

/// The wells' value and gradient for d = 2, written out, in `Wells`' order of
/// operations, with libm's `exp`.
fn hand_inline_libm(f: &Wells, starts: &[Vec<f64>]) -> Vec<Traj> {
    let (c, w, mu) = (f.weights(), f.widths(), f.centres());
    starts
        .iter()
        .map(|x0| {
            let mut x = [x0[0], x0[1]];
            let mut t = Traj {
                xs: Vec::with_capacity((STEPS + 1) * 2),
                values: Vec::with_capacity(STEPS + 1),
                grad_norms: Vec::with_capacity(STEPS + 1),
            };
            for k in 0..=STEPS {
                let (mut value, mut g) = (0.0, [0.0f64; 2]);
                for p in 0..c.len() {
                    let w2 = w[p] * w[p];
                    let (d0, d1) = (x[0] - mu[2 * p], x[1] - mu[2 * p + 1]);
                    let cg = -c[p] * (-(d0 * d0 + d1 * d1) / w2).exp();
                    value += cg;
                    let s = -2.0 * cg / w2;
                    g[0] += s * d0;
                    g[1] += s * d1;
                }
                t.xs.extend_from_slice(&x);
                t.values.push(value);
                t.grad_norms.push((g[0] * g[0] + g[1] * g[1]).sqrt());
                if k < STEPS {
                    x[0] -= LR * g[0];
                    x[1] -= LR * g[1];
                }
            }
            t
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let f = Wells::seed002();
    let starts = Wells::seed002_starts();
    let stop = Stop::exactly(STEPS).record(Record::All);
    let gd = Sgd::new(LR);

    // The first three compute the same iterates, bit for bit; libm's exponential
    // moves the fourth's last bits.
    let runs = minimize_many(&gd, &f, &starts, &stop).unwrap();
    let hand = hand_loop(&f, &starts);
    let inline = hand_inline_libm(&f, &starts);
    for ((run, t), u) in runs.iter().zip(&hand).zip(&inline) {
        assert_eq!(run.trace.len(), STEPS + 1);
        assert_eq!(run.trace.values(), &t.values[..]);
        assert_eq!(run.trace.grad_norms(), &t.grad_norms[..]);
        assert_eq!(run.x, t.xs[t.xs.len() - 2..]);
        // GD at lr 4.3 is chaotic on two thirds of the starts: a last-bit difference
        // grows to the size of the landscape within 20 to 500 steps (the narrowest
        // well's curvature times lr is 2·10⁴). The first step agrees.
        for (a, b) in t.xs.iter().zip(&u.xs).take(4) {
            assert!((a - b).abs() <= 1e-12, "{a} vs {b}");
        }
    }

    let mut group = c.benchmark_group("wells_100x2000");
    group.sample_size(20);
    group.bench_function("minimize_many", |b| {
        b.iter(|| minimize_many(&gd, black_box(&f), black_box(&starts), &stop).unwrap())
    });
    group.bench_function("minimize_sequential", |b| {
        b.iter(|| {
            black_box(&starts)
                .iter()
                .map(|x0| minimize(&gd, black_box(&f), x0, &stop).unwrap())
                .collect::<Vec<_>>()
        })
    });
    group.bench_function("hand_loop", |b| {
        b.iter(|| hand_loop(black_box(&f), black_box(&starts)))
    });
    group.bench_function("hand_inline_libm", |b| {
        b.iter(|| hand_inline_libm(black_box(&f), black_box(&starts)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
