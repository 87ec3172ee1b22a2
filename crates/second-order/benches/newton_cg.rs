//! Newton-CG on the separable extended Rosenbrock at n = 10⁵, from
//! (−1.2, 1, −1.2, 1, …) to ‖∇f‖₂ ≤ 1e-6, through O(n) Hessian-vector products,
//! nothing recorded.
//!
//! Before timing, one run prints its iterations, evaluations and Hessian-vector
//! products.
//!
//! `cargo bench -p second-order --bench newton_cg -- --warm-up-time 1 --measurement-time 3`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use landscapes::Rosenbrock;
use optim_core::{Record, Stop, StopReason, minimize};
use second_order::NewtonCg;

fn bench(c: &mut Criterion) {
    let n = 100_000;
    let f = Rosenbrock::extended(n);
    let x0: Vec<f64> = (0..n)
        .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
        .collect();
    let stop = Stop::after(1000).grad_tol(1e-6).record(Record::Off);
    let method = NewtonCg::default();
    let run = minimize(&method, &f, &x0, &stop).expect("valid input");
    assert_eq!(run.stop, StopReason::GradientTolerance);
    println!(
        "Newton-CG, extended Rosenbrock n = {n}: {} iterations, {} f, {} ∇f, {} H·v, {} negative-curvature exits, {:.3?} (untimed run)",
        run.iterations,
        run.evals.value,
        run.evals.gradient,
        run.evals.hessian_vector,
        run.trace.events().len(),
        run.elapsed
    );
    let mut group = c.benchmark_group("newton_cg_extended_rosenbrock");
    group.sample_size(10);
    group.bench_function("100000", |b| {
        b.iter(|| minimize(&method, black_box(&f), black_box(&x0), &stop))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
