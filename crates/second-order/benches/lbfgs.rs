//! L-BFGS (m = 10) on the separable extended Rosenbrock (Moré–Garbow–Hillstrom) at
//! n = 10⁴, 10⁵, 10⁶, from (−1.2, 1, −1.2, 1, …) to ‖∇f‖₂ ≤ 1e-6, nothing recorded.
//!
//! The extended form is n/2 independent 2-D problems, so the iteration count stays
//! near 37 at every n and the time grows linearly with n: what is measured is the
//! cost per iteration (two-loop recursion, 4mn flops, plus the line search's
//! evaluations). The chained form (scipy's `rosen`) needs O(n) iterations instead
//! (about 5 000 at n = 1 000) and is not benchmarked here.
//!
//! Before timing, one run per size prints its iterations and evaluations.
//!
//! `cargo bench -p second-order --bench lbfgs -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use landscapes::Rosenbrock;
use optim_core::{Record, Stop, StopReason, minimize};
use second_order::Lbfgs;

fn start(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
        .collect()
}

fn bench(c: &mut Criterion) {
    let stop = Stop::after(1000).grad_tol(1e-6).record(Record::Off);
    let method = Lbfgs::default();
    let mut group = c.benchmark_group("lbfgs_extended_rosenbrock");
    group.sample_size(10);
    for n in [10_000, 100_000, 1_000_000] {
        let f = Rosenbrock::extended(n);
        let x0 = start(n);
        let run = minimize(&method, &f, &x0, &stop).expect("valid input");
        assert_eq!(run.stop, StopReason::GradientTolerance);
        println!(
            "L-BFGS m = 10, extended Rosenbrock n = {n}: {} iterations, {} f, {} ∇f, ‖∇f‖ = {:.1e}, {:.3?} (untimed run)",
            run.iterations, run.evals.value, run.evals.gradient, run.grad_norm, run.elapsed
        );
        group.bench_with_input(BenchmarkId::from_parameter(n), &n, |b, _| {
            b.iter(|| minimize(&method, black_box(&f), black_box(&x0), &stop))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
