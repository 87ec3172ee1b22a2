//! One dense Newton step with the Hessian already formed: Cholesky factorisation of
//! the n×n Hessian and the two triangular solves for p = −H⁻¹g, at n = 1000 (and 200
//! for scale), sequential faer. Counted as n³/3 + 2n² flops; criterion reports them as
//! elements per second, and the mean GFLOP/s is printed.
//!
//! `cargo bench -p second-order --bench dense_newton -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use optim_core::Rng;
use second_order::linalg::{Cholesky, Lblt};

/// A symmetric positive definite n×n matrix, column-major: random symmetric entries
/// in [−1, 1) plus n on the diagonal (diagonally dominant).
fn spd(n: usize, seed: u32) -> Vec<f64> {
    let mut rng = Rng::new(seed);
    let mut h = vec![0.0; n * n];
    for j in 0..n {
        for i in j..n {
            let v = 2.0 * rng.uniform() - 1.0;
            h[j * n + i] = v;
            h[i * n + j] = v;
        }
        h[j * n + j] += n as f64;
    }
    h
}

fn flops(n: usize) -> f64 {
    let n = n as f64;
    n * n * n / 3.0 + 2.0 * n * n
}

/// Benchmarks `routine` and prints the mean GFLOP/s over every timed call.
fn bench(
    group: &mut criterion::BenchmarkGroup<'_, criterion::measurement::WallTime>,
    name: &str,
    n: usize,
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
    // A group left out by a filter on the command line timed nothing.
    if count == 0 {
        return;
    }
    let seconds = total.as_secs_f64() / count as f64;
    println!(
        "{name}: {:.3} ms per step, {:.2} GFLOP/s (n³/3 + 2n² flops, mean over {count} steps)",
        seconds * 1e3,
        flops(n) / seconds / 1e9
    );
}

fn dense_newton(c: &mut Criterion) {
    for n in [200, 400, 600, 1000] {
        let h = spd(n, 0);
        let mut rng = Rng::new(1);
        let g: Vec<f64> = (0..n).map(|_| rng.normal()).collect();
        let mut p = vec![0.0; n];
        let mut chol = Cholesky::new(n);
        let mut group = c.benchmark_group(format!("dense_newton_n{n}"));
        group.throughput(Throughput::Elements(flops(n) as u64));
        group.sample_size(10);
        bench(&mut group, "cholesky_step", n, || {
            chol.factor(black_box(&h), 0.0).expect("positive definite");
            for (pi, gi) in p.iter_mut().zip(&g) {
                *pi = -gi;
            }
            chol.solve_in_place(&mut p);
            black_box(&p);
        });
        // The pure Newton step's factorisation (any symmetric H), for comparison.
        let mut lblt = Lblt::new(n);
        bench(&mut group, "lblt_step", n, || {
            lblt.factor(black_box(&h));
            for (pi, gi) in p.iter_mut().zip(&g) {
                *pi = -gi;
            }
            lblt.solve_in_place(&mut p);
            black_box(&p);
        });
        group.finish();
    }
}

criterion_group!(benches, dense_newton);
criterion_main!(benches);
