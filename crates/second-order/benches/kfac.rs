//! One K-FAC iteration on the teacher–student network of the docs' "Curvature
//! approximations" page (8-64-64-4 tanh, squared error, 4 996 parameters, one full
//! batch of N = 256), beside one Adam iteration on the same problem, and the page's
//! whole 300-iteration K-FAC run.
//!
//! A K-FAC iteration is one forward and backward pass for f and ∇f, the per-layer
//! statistics (layer inputs and back-propagated output gradients, a second pass),
//! the factor averages Ā and Γ, two Cholesky factorisations per layer (65², 65²
//! and 64², 5² sized), the two triangular solves per layer, and the
//! Levenberg–Marquardt model's Gauss–Newton product; Adam's is the pass for f and ∇f
//! plus its update. The ratio of the two is what K-FAC's curvature costs per step.
//! Both iterate along their own trajectories (the state is not reset per sample),
//! which changes the work per iteration only through rejected steps.
//!
//! Before timing, one untimed 300-iteration run of each prints its final loss.
//!
//! `cargo bench -p second-order --bench kfac -- --warm-up-time 1 --measurement-time 5`

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use first_order::Adam;
use landscapes::{Landscape, Mlp};
use optim_core::{Method, Problem, Record, Stop, minimize};
use second_order::{Kfac, PreconditionedDescent};

/// The page's learning rates: the best of its grid for each method.
const KFAC_LR: f64 = 0.1;
const ADAM_LR: f64 = 0.03;

/// One iteration of `method` per call, continuing from the last.
fn iterations<M: Method<Mlp>>(c: &mut Criterion, name: &str, method: &M, f: &Mlp) {
    let problem = Problem::new(f);
    let mut x = f.start();
    let (mut state, _) = method.init(&problem, &x).expect("valid start");
    c.bench_function(name, |b| {
        b.iter(|| {
            method
                .iterate(black_box(&problem), black_box(&mut x), &mut state)
                .expect("finite iteration")
        })
    });
}

fn bench(c: &mut Criterion) {
    let f = Mlp::teacher_student(256, 0).expect("valid sizes");
    let kfac = PreconditionedDescent {
        lr: KFAC_LR,
        ..PreconditionedDescent::new(Kfac::default())
    };
    let adam = Adam::new(ADAM_LR);
    let stop = Stop::exactly(300).record(Record::Off);
    for (name, run) in [
        ("K-FAC", minimize(&kfac, &f, &f.start(), &stop)),
        ("Adam", minimize(&adam, &f, &f.start(), &stop)),
    ] {
        let run = run.expect("valid input");
        println!(
            "{name}, teacher–student 8-64-64-4: 300 iterations, f = {:.3e}, {:.3?} (untimed run)",
            run.value, run.elapsed
        );
    }
    iterations(c, "teacher_student_iteration/kfac", &kfac, &f);
    iterations(c, "teacher_student_iteration/adam", &adam, &f);
    let mut group = c.benchmark_group("teacher_student_300_iterations");
    group.sample_size(10);
    group.bench_function("kfac", |b| {
        b.iter(|| minimize(&kfac, black_box(&f), &f.start(), &stop))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
