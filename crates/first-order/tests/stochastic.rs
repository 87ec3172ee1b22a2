//! Stochastic runs through optim-core's adapters: mini-batch SGD on the *Gradient Descent Based Optimizers* slides' linear
//! regression ([`MiniBatch`]) and the *Optimization in many dimensions* notebook's noisy SGD on the wells
//! ([`GradientNoise`]), seeded and reproducible.

use first_order::{CosineAnnealingLr, Scheduled, Sgd};
use landscapes::{Landscape, LinearRegression, Wells};
use optim_core::{
    GradientNoise, Method, MiniBatch, Objective, Record, Rng, Run, Stop, minimize, minimize_many,
    minimize_many_each,
};

/// y = 2x + 1 + 0.5ε, 200 samples, seed 3: least squares (a, b) = (2.0807, 0.9885).
fn regression() -> LinearRegression {
    LinearRegression::generate(200, 2.0, 1.0, 0.5, 3)
}

fn distance(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .zip(y)
        .map(|(a, b)| (a - b) * (a - b))
        .sum::<f64>()
        .sqrt()
}

/// 2000 steps from (0, 0), batches of `batch_size` drawn with seed 7.
fn fit<M>(opt: &M, batch_size: usize) -> Run
where
    M: Method<MiniBatch<LinearRegression>>,
{
    let batches = MiniBatch::new(regression(), batch_size, 7).expect("a valid batch size");
    let stop = Stop::exactly(2000).record(Record::Every(100));
    minimize(opt, &batches, &[0.0, 0.0], &stop).expect("valid run")
}

/// Mini-batch SGD (batches of 10, lr 0.5) reaches the closed-form fit up to its noise
/// floor (1.4e-2 after 2000 steps); annealing the rate to 0 with a cosine schedule
/// shrinks the distance 40-fold, and the full batch (plain GD) converges to rounding.
#[test]
fn mini_batch_sgd_fits_the_closed_form() {
    let exact = regression().closed_form();
    assert!((exact[0] - 2.080670058298801).abs() < 1e-12);
    assert!((exact[1] - 0.9884517286293246).abs() < 1e-12);

    let constant = fit(&Sgd::new(0.5), 10);
    let d_constant = distance(&constant.x, &exact);
    assert!((5e-3..3e-2).contains(&d_constant), "{d_constant}");
    // One gradient call per step, each averaging 10 samples (20 010 sample gradients,
    // 100 epochs).
    assert_eq!(constant.evals.gradient, 2001);

    let cosine = Scheduled::new(
        Sgd::new(0.5),
        CosineAnnealingLr {
            t_max: 2000,
            eta_min: 0.0,
        },
    );
    let d_cosine = distance(&fit(&cosine, 10).x, &exact);
    assert!(
        d_cosine < 1e-3 && d_cosine < d_constant / 10.0,
        "{d_cosine}"
    );

    let d_full = distance(&fit(&Sgd::new(0.5), 200).x, &exact);
    assert!(d_full < 1e-12, "{d_full}");

    // Classic SGD, one sample per step, is noisier still at the same rate.
    let d_single = distance(&fit(&Sgd::new(0.5), 1).x, &exact);
    assert!(d_single > d_constant, "{d_single}");

    // Same seed, same run.
    assert_eq!(fit(&Sgd::new(0.5), 10).x, constant.x);
}

/// The *Optimization in many dimensions* notebook's noisy SGD: lr 0.1, gradient noise N(0, 0.2²) per component, 2000 steps
/// from its 100 starts, start i with its own noise seed 1000 + i.
fn noisy_runs(f: &Wells, starts: &[Vec<f64>]) -> Vec<Run> {
    let stop = Stop::exactly(2000).record(Record::Every(50));
    minimize_many_each(
        &Sgd::new(0.1),
        |i| GradientNoise::new(f, 0.2, 1000 + i as u32),
        starts,
        &stop,
    )
    .expect("valid runs")
}

/// Parallel noisy runs are reproducible run to run and do not depend on which thread
/// ran which start: each equals the same start run alone, and the run equals the
/// update x ← x − 0.1(∇f(x) + 0.2ε) written out with the same numpy-compatible stream.
#[test]
fn noisy_sgd_on_the_wells_is_reproducible() {
    let f = Wells::seed002();
    let starts = Wells::seed002_starts();
    let first = noisy_runs(&f, &starts);
    let second = noisy_runs(&f, &starts);
    for (a, b) in first.iter().zip(&second) {
        assert_eq!(a.x, b.x);
        assert_eq!(a.trace, b.trace);
    }

    let i = 17;
    let stop = Stop::exactly(2000).record(Record::Every(50));
    let alone = minimize(
        &Sgd::new(0.1),
        &GradientNoise::new(&f, 0.2, 1000 + i as u32),
        &starts[i],
        &stop,
    )
    .unwrap();
    assert_eq!(alone.trace, first[i].trace);

    let mut rng = Rng::new(1000 + i as u32);
    let mut x = starts[i].clone();
    let mut g = vec![0.0; 2];
    for _ in 0..2000 {
        f.gradient(&x, &mut g);
        for (xj, gj) in x.iter_mut().zip(&g) {
            *xj -= 0.1 * (gj + 0.2 * rng.normal());
        }
    }
    assert_eq!(x, first[i].x);

    // Other seeds, other paths.
    let shifted = minimize_many_each(
        &Sgd::new(0.1),
        |i| GradientNoise::new(&f, 0.2, 5000 + i as u32),
        &starts[..4],
        &stop,
    )
    .unwrap();
    assert!(shifted.iter().zip(&first).all(|(a, b)| a.x != b.x));
}

/// At the seed's lr 0.1, noise helps: plain GD leaves 26 of the 100 starts stranded
/// on the plateaus between the narrow wells after 2000 steps, noisy SGD only 17, and
/// its mean final value is lower (−0.161 against −0.143).
#[test]
fn noise_helps_gd_off_the_plateaus() {
    let f = Wells::seed002();
    let starts = Wells::seed002_starts();
    let minima = f.minima();
    assert_eq!(minima.len(), 5);
    let stranded = |runs: &[Run]| {
        runs.iter()
            .filter(|r| minima.iter().all(|m| distance(&r.x, m) > 0.3))
            .count()
    };
    let mean = |runs: &[Run]| runs.iter().map(|r| r.value).sum::<f64>() / runs.len() as f64;

    let noisy = noisy_runs(&f, &starts);
    let plain = minimize_many(&Sgd::new(0.1), &f, &starts, &Stop::exactly(2000)).unwrap();
    assert_eq!(stranded(&plain), 26);
    assert_eq!(stranded(&noisy), 17);
    assert!((mean(&plain) + 0.1434).abs() < 1e-3, "{}", mean(&plain));
    assert!((mean(&noisy) + 0.1613).abs() < 1e-3, "{}", mean(&noisy));
}
