//! Gradient and Hessian-vector product of the chained and extended Rosenbrock at
//! n = 10⁶, reported by criterion as throughput and printed as ns per element.
//!
//! `cargo bench -p landscapes --bench rosenbrock -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use landscapes::Rosenbrock;
use optim_core::{HessianProduct, Objective, Rng};

const N: usize = 1_000_000;

/// Benchmarks `routine` under `name` and prints the mean ns per element over every
/// timed iteration (criterion's own report gives elements per second).
fn bench(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    mut routine: impl FnMut(),
) {
    let (mut total, mut count) = (Duration::ZERO, 0u64);
    group.bench_function(name, |b| {
        b.iter_custom(|iters| {
            let start = Instant::now();
            for _ in 0..iters {
                routine();
            }
            let elapsed = start.elapsed();
            total += elapsed;
            count += iters;
            elapsed
        })
    });
    let ns = total.as_nanos() as f64 / count.max(1) as f64 / N as f64;
    println!("{name}: {ns:.3} ns/element (mean over {count} calls at n = {N})");
}

fn rosenbrock(c: &mut Criterion) {
    let mut rng = Rng::new(0);
    let x: Vec<f64> = (0..N).map(|_| 2.0 * rng.uniform() - 1.0).collect();
    let v: Vec<f64> = (0..N).map(|_| rng.normal()).collect();
    let mut out = vec![0.0; N];
    let mut group = c.benchmark_group("rosenbrock_1e6");
    group.throughput(Throughput::Elements(N as u64));
    group.sample_size(20);
    for (label, f) in [
        ("chained", Rosenbrock::chained(N)),
        ("extended", Rosenbrock::extended(N)),
    ] {
        bench(&mut group, &format!("{label}/gradient"), || {
            f.gradient(black_box(&x), black_box(&mut out));
        });
        bench(&mut group, &format!("{label}/value_and_gradient"), || {
            black_box(f.value_and_gradient(black_box(&x), black_box(&mut out)));
        });
        bench(
            &mut group,
            &format!("{label}/hessian_vector_product"),
            || {
                f.hessian_vector_product(black_box(&x), black_box(&v), black_box(&mut out));
            },
        );
    }
    group.finish();
}

criterion_group!(benches, rosenbrock);
criterion_main!(benches);
