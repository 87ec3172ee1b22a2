//! Finite-difference checks catch wrong derivatives and pass right ones; the RNG
//! matches NumPy; the stochastic adapters are seeded and unbiased where they should be.

use optim_core::{
    FiniteSum, FnObjective, GradientNoise, Hessian, HessianProduct, MiniBatch, Objective, Rng,
    check_gradient, check_hessian, check_hessian_vector_product,
};

/// f(x) = Σ sin(xᵢ)·xᵢ₊₁ + x₀⁴, with a switch to plant an error in the derivatives.
struct Wavy {
    n: usize,
    wrong_gradient: bool,
    wrong_hessian: bool,
}

fn wavy(n: usize) -> Wavy {
    Wavy {
        n,
        wrong_gradient: false,
        wrong_hessian: false,
    }
}

impl Objective for Wavy {
    fn dim(&self) -> usize {
        self.n
    }
    fn value(&self, x: &[f64]) -> f64 {
        x.windows(2).map(|w| w[0].sin() * w[1]).sum::<f64>() + x[0].powi(4)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        g.fill(0.0);
        for i in 0..self.n - 1 {
            g[i] += x[i].cos() * x[i + 1];
            g[i + 1] += x[i].sin();
        }
        g[0] += 4.0 * x[0].powi(3);
        if self.wrong_gradient {
            g[1] *= 1.001;
        }
    }
}

impl HessianProduct for Wavy {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        optim_core::dense_hessian_vector_product(self, x, v, hv)
    }
}

impl Hessian for Wavy {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        let n = self.n;
        h.fill(0.0);
        for i in 0..n - 1 {
            h[i * n + i] -= x[i].sin() * x[i + 1];
            h[i * n + i + 1] += x[i].cos();
            h[(i + 1) * n + i] += x[i].cos();
        }
        h[0] += 12.0 * x[0] * x[0];
        if self.wrong_hessian {
            h[n + 1] += 1e-3;
        }
    }
}

#[test]
fn right_derivatives_pass_and_wrong_ones_fail() {
    let mut rng = Rng::new(3);
    for _ in 0..20 {
        let x: Vec<f64> = (0..5).map(|_| 4.0 * rng.uniform() - 2.0).collect();
        let v: Vec<f64> = (0..5).map(|_| rng.normal()).collect();
        let good = wavy(5);
        assert!(check_gradient(&good, &x).unwrap().max_rel_error < 1e-8);
        assert!(check_hessian(&good, &x).unwrap().max_rel_error < 1e-7);
        assert!(
            check_hessian_vector_product(&good, &x, &v)
                .unwrap()
                .max_rel_error
                < 1e-7
        );
        let bad = Wavy {
            wrong_gradient: true,
            ..wavy(5)
        };
        let g = check_gradient(&bad, &x).unwrap();
        // a 0.1 % error in one component is seen as such
        if x[0].sin().abs() > 0.1 {
            assert!(g.max_rel_error > 5e-4 && g.worst_index == 1, "{g:?}");
        }
        let bad = Wavy {
            wrong_hessian: true,
            ..wavy(5)
        };
        let h = check_hessian(&bad, &x).unwrap();
        assert!(h.max_abs_error > 9e-4 && h.max_abs_error < 1.1e-3, "{h:?}");
    }
}

#[test]
fn hessian_vector_check_is_scale_free() {
    // DESIGN.md: without normalising v, a tiny v gives a 5e-3 relative error.
    let f = wavy(4);
    let x = [0.3, -1.0, 0.7, 2.0];
    for scale in [1e-8, 1.0, 1e6] {
        let v: Vec<f64> = [1.0, -2.0, 0.5, 3.0].iter().map(|a| a * scale).collect();
        let r = check_hessian_vector_product(&f, &x, &v).unwrap();
        assert!(r.max_rel_error < 1e-7, "scale {scale}: {r:?}");
    }
}

#[test]
fn checks_refuse_bad_points_and_flag_nan() {
    let f = wavy(3);
    assert!(check_gradient(&f, &[1.0, 2.0]).is_err());
    assert!(check_gradient(&f, &[1.0, f64::NAN, 0.0]).is_err());
    let nan = FnObjective::new(
        1,
        |_: &[f64]| 0.0,
        |_: &[f64], g: &mut [f64]| g[0] = f64::NAN,
    );
    let r = check_gradient(&nan, &[1.0]).unwrap();
    assert!(!r.passes(1e-6));
}

#[test]
fn rng_matches_numpy_legacy_streams() {
    // np.random.seed(0); np.random.random(3)
    let mut rng = Rng::new(0);
    let u: Vec<f64> = (0..3).map(|_| rng.uniform()).collect();
    assert_eq!(
        u,
        [0.5488135039273248, 0.7151893663724195, 0.6027633760716439]
    );
    // np.random.seed(0); np.random.randn(3)
    let mut rng = Rng::new(0);
    let z: Vec<f64> = (0..3).map(|_| rng.normal()).collect();
    assert_eq!(
        z,
        [1.764052345967664, 0.4001572083672233, 0.9787379841057392]
    );
}

#[test]
fn rng_below_and_shuffle_are_uniform_permutations() {
    let mut rng = Rng::new(11);
    let mut counts = [0usize; 7];
    for _ in 0..70_000 {
        counts[rng.below(7)] += 1;
    }
    // each bin expects 10 000 ± 95 (σ); 5σ bounds
    assert!(
        counts.iter().all(|&c| (9_500..10_500).contains(&c)),
        "{counts:?}"
    );
    let mut v: Vec<usize> = (0..50).collect();
    rng.shuffle(&mut v);
    let mut sorted = v.clone();
    sorted.sort();
    assert_eq!(sorted, (0..50).collect::<Vec<_>>());
    assert_ne!(v, sorted);
}

fn square() -> impl Objective {
    FnObjective::new(
        2,
        |x: &[f64]| x[0] * x[0] + x[1] * x[1],
        |x: &[f64], g: &mut [f64]| {
            g[0] = 2.0 * x[0];
            g[1] = 2.0 * x[1];
        },
    )
}

#[test]
fn gradient_noise_has_the_requested_spread_and_is_seeded() {
    let noisy = GradientNoise::new(square(), 0.2, 5);
    let mut g = [0.0; 2];
    let (mut sum, mut sum2) = (0.0, 0.0);
    let n = 20_000;
    for _ in 0..n {
        noisy.gradient(&[1.0, 0.0], &mut g);
        sum += g[0] - 2.0;
        sum2 += (g[0] - 2.0).powi(2);
    }
    let mean = sum / n as f64;
    let sd = (sum2 / n as f64 - mean * mean).sqrt();
    assert!(
        mean.abs() < 0.01 && (sd - 0.2).abs() < 0.005,
        "mean {mean}, sd {sd}"
    );
    assert_eq!(noisy.value(&[1.0, 0.0]), 1.0);
    let (a, b) = (
        GradientNoise::new(square(), 0.2, 9),
        GradientNoise::new(square(), 0.2, 9),
    );
    let (mut ga, mut gb) = ([0.0; 2], [0.0; 2]);
    a.gradient(&[0.5, 0.5], &mut ga);
    b.gradient(&[0.5, 0.5], &mut gb);
    assert_eq!(ga, gb);
}

/// fᵢ(x) = (x − dᵢ)², a one-dimensional mean estimation.
#[derive(Clone)]
struct Mean(Vec<f64>);
impl Objective for Mean {
    fn dim(&self) -> usize {
        1
    }
    fn value(&self, x: &[f64]) -> f64 {
        self.mean_value(x)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        self.mean_gradient(x, g)
    }
}
impl FiniteSum for Mean {
    fn n_samples(&self) -> usize {
        self.0.len()
    }
    fn sample_value(&self, i: usize, x: &[f64]) -> f64 {
        (x[0] - self.0[i]).powi(2)
    }
    fn add_sample_gradient(&self, i: usize, x: &[f64], g: &mut [f64]) {
        g[0] += 2.0 * (x[0] - self.0[i]);
    }
}

#[test]
fn mini_batches_cover_each_epoch_once() {
    let data: Vec<f64> = (0..12).map(|i| i as f64).collect();
    let full_mean = 5.5;
    let mb = MiniBatch::new(Mean(data.clone()), 4, 1).unwrap();
    let mut g = [0.0];
    // Over one epoch (3 batches) the batch gradients average to the full gradient, and
    // the batches are disjoint: every sample's loss is counted once.
    let (mut acc, mut losses) = (0.0, 0.0);
    for _ in 0..3 {
        losses += mb.value_and_gradient(&[0.0], &mut g);
        acc += g[0];
    }
    assert!((acc / 3.0 - 2.0 * (0.0 - full_mean)).abs() < 1e-12);
    let full_loss_at_0 = data.iter().map(|d| d * d).sum::<f64>() / 12.0;
    assert!((losses / 3.0 - full_loss_at_0).abs() < 1e-12);
    // value alone re-reads the last batch; the exact objective is full_value.
    let last = mb.value(&[0.0]);
    assert_eq!(mb.value(&[0.0]), last);
    assert_eq!(
        mb.full_value(&[full_mean]),
        (0..12).map(|i| (i as f64 - 5.5).powi(2)).sum::<f64>() / 12.0
    );
    // batch = N is the exact gradient every time
    let full = MiniBatch::new(Mean(data.clone()), 12, 1).unwrap();
    full.gradient(&[1.0], &mut g);
    assert!((g[0] - 2.0 * (1.0 - full_mean)).abs() < 1e-12);
    // A batch of 0 or of more than N samples is refused, naming the parameter.
    for bad in [0, 13] {
        match MiniBatch::new(Mean(data.clone()), bad, 1) {
            Err(optim_core::Error::InvalidParameter { name, .. }) => assert_eq!(name, "batch_size"),
            other => panic!("batch_size {bad}: {:?}", other.map(|m| m.batch_size())),
        }
    }
    // A reseeded copy starts its own stream: the same as a fresh one of that seed.
    let (a, b) = (mb.reseeded(7), MiniBatch::new(Mean(data), 4, 7).unwrap());
    let (mut ga, mut gb) = ([0.0], [0.0]);
    for _ in 0..5 {
        a.gradient(&[0.3], &mut ga);
        b.gradient(&[0.3], &mut gb);
        assert_eq!(ga, gb);
    }
}

/// The stochastic adapters are `Sync`, so `minimize_many` takes them.
#[test]
fn stochastic_adapters_are_sync() {
    fn sync<T: Sync>(_: &T) {}
    sync(&MiniBatch::new(Mean(vec![1.0, 2.0]), 1, 0).unwrap());
    sync(&GradientNoise::new(square(), 0.1, 0));
}
