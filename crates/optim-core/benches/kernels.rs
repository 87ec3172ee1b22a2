//! The vector kernels beside the loops they replace, on one and two threads, and the
//! work from which a second thread pays ([`optim_core::vector::PARALLEL_MIN`],
//! [`optim_core::vector::PARALLEL_WORK`]).
//!
//! - `dot/naive`: `x.iter().zip(y).map(|(a, b)| a * b).sum()`, one running sum (what
//!   the kernels were before), bound by the adder's latency.
//! - `dot/1-thread`, `dot/2-threads`: [`optim_core::vector::dot`] inside a rayon pool
//!   of that many threads (with one, the tree is summed on the calling thread).
//! - `axpy/…`: the same for y ← y + a·x.
//! - `after_serial_work/…`: a dot product as a run meets it, after 80 µs of serial
//!   work on the calling thread (an objective's evaluation), by which time rayon's
//!   idle threads sleep; called from outside the pool, as `minimize` calls it.
//!   `sequential` is one thread (the loop runs inside a pool of one); `split` hands
//!   half to rayon's pool of the machine's cores (a `rayon::join` of the two halves,
//!   what the kernel did from 2¹⁶ elements before
//!   [`optim_core::vector::PARALLEL_WORK`]); `kernel` is `dot` as it decides.
//!   Only the kernel is timed. This is the measurement behind `PARALLEL_WORK`.
//!
//! `cargo bench -p optim-core --bench kernels -- --warm-up-time 1 --measurement-time 2`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput};
use optim_core::vector::{axpy, combine, dot, gram, gram_scratch_len};

fn naive_dot(x: &[f64], y: &[f64]) -> f64 {
    x.iter().zip(y).map(|(a, b)| a * b).sum()
}

fn bench(c: &mut Criterion) {
    let pools: Vec<(usize, rayon::ThreadPool)> = [1, 2]
        .into_iter()
        .map(|t| {
            (
                t,
                rayon::ThreadPoolBuilder::new()
                    .num_threads(t)
                    .build()
                    .unwrap(),
            )
        })
        .collect();
    let mut group = c.benchmark_group("dot");
    for &n in &[
        1_000usize, 10_000, 32_768, 65_536, 131_072, 1_000_000, 10_000_000,
    ] {
        let x: Vec<f64> = (0..n).map(|i| (i as f64 * 1e-3).sin()).collect();
        let y: Vec<f64> = (0..n).map(|i| (i as f64 * 7e-4).cos()).collect();
        group.throughput(Throughput::Bytes(16 * n as u64));
        group.bench_with_input(BenchmarkId::new("naive", n), &n, |b, _| {
            b.iter(|| naive_dot(black_box(&x), black_box(&y)))
        });
        for (t, pool) in &pools {
            group.bench_with_input(BenchmarkId::new(format!("{t}-thread"), n), &n, |b, _| {
                pool.install(|| b.iter(|| dot(black_box(&x), black_box(&y))))
            });
        }
    }
    group.finish();
    let mut group = c.benchmark_group("axpy");
    for &n in &[10_000usize, 65_536, 131_072, 1_000_000, 10_000_000] {
        let x: Vec<f64> = (0..n).map(|i| (i as f64 * 1e-3).sin()).collect();
        let mut y: Vec<f64> = (0..n).map(|i| (i as f64 * 7e-4).cos()).collect();
        group.throughput(Throughput::Bytes(24 * n as u64));
        for (t, pool) in &pools {
            group.bench_with_input(BenchmarkId::new(format!("{t}-thread"), n), &n, |b, _| {
                pool.install(|| b.iter(|| axpy(black_box(1e-9), black_box(&x), &mut y)))
            });
        }
    }
    group.finish();
    // L-BFGS's two passes at m = 10: the products of the 2·10 rows with 3 vectors, and
    // the combination of 2·10 rows and one vector.
    let mut group = c.benchmark_group("lbfgs_passes");
    group.sample_size(10);
    for &n in &[100_000usize, 1_000_000] {
        let rows: Vec<usize> = (0..20).collect();
        let a: Vec<f64> = (0..20 * n).map(|i| (i as f64 * 1e-3).sin()).collect();
        let v: Vec<f64> = (0..n).map(|i| (i as f64 * 7e-4).cos()).collect();
        let v2: Vec<f64> = (0..n).map(|i| (i as f64 * 3e-4).cos()).collect();
        let v3: Vec<f64> = (0..n).map(|i| (i as f64 * 5e-4).sin()).collect();
        let mut out = vec![0.0; 60];
        let mut scratch = vec![0.0; gram_scratch_len(n, 60)];
        let mut p = vec![0.0; n];
        let coef = [0.1; 20];
        let rows2: Vec<usize> = (0..20).collect();
        for (t, pool) in &pools {
            group.throughput(Throughput::Bytes(23 * 8 * n as u64));
            group.bench_with_input(
                BenchmarkId::new(format!("gram-{t}-thread"), n),
                &n,
                |b, _| {
                    pool.install(|| {
                        b.iter(|| gram(&a, &rows, [&v, &v2, &v3], &mut out, &mut scratch))
                    })
                },
            );
            group.throughput(Throughput::Bytes(22 * 8 * n as u64));
            group.bench_with_input(
                BenchmarkId::new(format!("combine-{t}-thread"), n),
                &n,
                |b, _| pool.install(|| b.iter(|| combine(&mut p, 0.5, &v, &a, &rows2, &coef))),
            );
        }
    }
    group.finish();
    after_serial_work(c, &pools[0].1);
}

/// Spins for `us` microseconds on the calling thread.
fn serial_work(us: u128) {
    let t = std::time::Instant::now();
    while t.elapsed().as_micros() < us {
        std::hint::spin_loop();
    }
}

fn after_serial_work(c: &mut Criterion, one: &rayon::ThreadPool) {
    let mut group = c.benchmark_group("after_serial_work");
    for &n in &[100_000usize, 400_000, 1_000_000, 2_000_000] {
        let x: Vec<f64> = (0..n).map(|i| (i as f64 * 1e-3).sin()).collect();
        let y: Vec<f64> = (0..n).map(|i| (i as f64 * 7e-4).cos()).collect();
        group.throughput(Throughput::Bytes(16 * n as u64));
        let timed = |iters: u64, kernel: &dyn Fn() -> f64| {
            (0..iters)
                .map(|_| {
                    serial_work(80);
                    let t = std::time::Instant::now();
                    black_box(kernel());
                    t.elapsed()
                })
                .sum()
        };
        let h = n / 2;
        group.bench_with_input(BenchmarkId::new("sequential", n), &n, |b, _| {
            b.iter_custom(|iters| one.install(|| timed(iters, &|| dot(&x, &y))))
        });
        group.bench_with_input(BenchmarkId::new("split", n), &n, |b, _| {
            b.iter_custom(|iters| {
                timed(iters, &|| {
                    let (a, b) = rayon::join(|| dot(&x[..h], &y[..h]), || dot(&x[h..], &y[h..]));
                    a + b
                })
            })
        });
        group.bench_with_input(BenchmarkId::new("kernel", n), &n, |b, _| {
            b.iter_custom(|iters| timed(iters, &|| dot(&x, &y)))
        });
    }
    group.finish();
}

fn main() {
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c);
    c.final_summary();
}
