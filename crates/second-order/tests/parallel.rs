//! Runs long enough to split their vector kernels between threads end at the same bits
//! on one thread and on several: the kernels' sums follow an order fixed by the
//! length (`optim_core::vector`), not by the thread count.

use landscapes::Rosenbrock;
use optim_core::{Record, Run, Stop, minimize};
use second_order::{Lbfgs, NewtonCg};

fn alternating(n: usize) -> Vec<f64> {
    (0..n)
        .map(|i| if i % 2 == 0 { -1.2 } else { 1.0 })
        .collect()
}

fn on_threads(threads: usize, run: impl FnOnce() -> Run + Send) -> Run {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
        .install(run)
}

fn bits(run: &Run) -> (usize, usize, Vec<u64>, Vec<u64>) {
    (
        run.iterations,
        run.evals.value,
        run.x.iter().map(|v| v.to_bits()).collect(),
        run.trace.values().iter().map(|v| v.to_bits()).collect(),
    )
}

#[test]
fn one_thread_and_two_give_the_same_runs() {
    // 2¹⁹ + 4 unknowns (even, as the extended Rosenbrock needs): with two threads even
    // the lightest kernel (a dot product, two reads per element) has the traffic to
    // split, so every dot product, combination and update is split.
    let n = (1 << 19) + 4;
    assert!(n >= optim_core::vector::PARALLEL_MIN && 2 * n >= optim_core::vector::PARALLEL_WORK);
    let f = Rosenbrock::extended(n);
    let x0 = alternating(n);
    let stop = Stop::after(15).record(Record::Values);
    let lbfgs = |t| on_threads(t, || minimize(&Lbfgs::default(), &f, &x0, &stop).unwrap());
    assert_eq!(bits(&lbfgs(1)), bits(&lbfgs(2)));
    let ncg = |t| {
        on_threads(t, || {
            minimize(&NewtonCg::default(), &f, &x0, &stop).unwrap()
        })
    };
    assert_eq!(bits(&ncg(1)), bits(&ncg(2)));
}

#[cfg(feature = "dense")]
#[test]
fn the_two_task_cholesky_has_the_same_bits_on_any_pool() {
    // From n = 800 the factorisation runs as two rayon tasks whatever the pool's size.
    use second_order::linalg::Cholesky;
    let n = 900;
    let mut rng = optim_core::Rng::new(3);
    let mut a = vec![0.0; n * n];
    for j in 0..n {
        for i in j..n {
            let v = 2.0 * rng.uniform() - 1.0;
            a[j * n + i] = v;
            a[i * n + j] = v;
        }
        a[j * n + j] += n as f64;
    }
    let factor = |threads: usize| {
        rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap()
            .install(|| {
                let mut chol = Cholesky::new(n);
                chol.factor(&a, 0.0).unwrap();
                chol.factor_lower()
                    .iter()
                    .map(|v| v.to_bits())
                    .collect::<Vec<_>>()
            })
    };
    assert!(factor(1) == factor(2));
}
