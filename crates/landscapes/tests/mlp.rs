//! The multilayer perceptron: its value against an independent forward pass, its
//! gradient, Hessian-vector and Gauss–Newton-vector products against central
//! differences (and explicit Jacobians), Gauss–Newton = Hessian at zero residuals, the
//! dense Hessian, the K-FAC statistics (the gradient, and Fisher = Gauss–Newton), the
//! data sets, thread safety and the refusals of invalid input.
//!
//! Every check counts what it compared, so that none can pass by comparing nothing.

use landscapes::{
    Activation, Dataset, Landscape, Loss, Mlp, Supervision, TEACHER_SIZES, teacher_student,
    two_moons,
};
use optim_core::{
    Error, FiniteSum, GaussNewtonProduct, Hessian, HessianProduct, LayerStatistics, Layered,
    MiniBatch, Objective, Rng, Targets, check_gradient, check_hessian,
    check_hessian_vector_product,
};

const REL_TOL: f64 = 1e-6;

fn normals(rng: &mut Rng, n: usize, scale: f64) -> Vec<f64> {
    (0..n).map(|_| scale * rng.normal()).collect()
}

/// A regression on standard normal inputs and targets.
fn regression(sizes: &[usize], activation: Activation, n: usize, seed: u32) -> Mlp {
    let mut rng = Rng::new(seed);
    let (d_in, d_out) = (sizes[0], sizes[sizes.len() - 1]);
    let data = Dataset {
        inputs: normals(&mut rng, n * d_in, 1.0),
        input_dim: d_in,
        targets: Supervision::Values {
            values: normals(&mut rng, n * d_out, 1.0),
            dim: d_out,
        },
    };
    Mlp::new(sizes, activation, data).unwrap()
}

/// A classifier on standard normal inputs with uniform random labels.
fn classifier(sizes: &[usize], activation: Activation, n: usize, seed: u32) -> Mlp {
    let mut rng = Rng::new(seed);
    let (d_in, classes) = (sizes[0], sizes[sizes.len() - 1]);
    let data = Dataset {
        inputs: normals(&mut rng, n * d_in, 1.0),
        input_dim: d_in,
        targets: Supervision::Labels {
            labels: (0..n).map(|_| rng.below(classes)).collect(),
            classes,
        },
    };
    Mlp::new(sizes, activation, data).unwrap()
}

/// Both activations × both losses, with two hidden layers (so that the R-terms cross
/// a hidden layer between two others), plus the networks without a hidden layer.
fn networks() -> Vec<Mlp> {
    let mut nets = Vec::new();
    for (k, activation) in [Activation::Tanh, Activation::Relu].into_iter().enumerate() {
        let seed = 10 * k as u32;
        nets.push(regression(&[3, 5, 4, 2], activation, 6, seed + 1));
        nets.push(classifier(&[3, 5, 4, 3], activation, 6, seed + 2));
    }
    nets.push(regression(&[3, 2], Activation::Tanh, 5, 3));
    nets.push(classifier(&[3, 3], Activation::Tanh, 5, 4));
    nets
}

/// An independent forward pass from `optim_core::Layer`'s documented layout (libm's
/// tanh): the outputs z and every hidden pre-activation s.
fn reference(net: &Mlp, x: &[f64], d: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let sizes = net.sizes();
    let relu = net.activation() == Activation::Relu;
    let (mut a, mut pre, mut offset) = (d.to_vec(), Vec::new(), 0);
    for l in 0..sizes.len() - 1 {
        let (ins, outs) = (sizes[l], sizes[l + 1]);
        let s: Vec<f64> = (0..outs)
            .map(|r| {
                x[offset + ins * outs + r]
                    + (0..ins)
                        .map(|c| x[offset + c * outs + r] * a[c])
                        .sum::<f64>()
            })
            .collect();
        offset += outs * (ins + 1);
        if l + 2 == sizes.len() {
            return (s, pre);
        }
        pre.extend(&s);
        a = s
            .iter()
            .map(|&v| if relu { v.max(0.0) } else { v.tanh() })
            .collect();
    }
    unreachable!("a network has at least one layer")
}

/// The smallest |s| over the hidden pre-activations of every sample at x.
fn closest_kink(net: &Mlp, x: &[f64]) -> f64 {
    let data = net.data();
    (0..data.len())
        .flat_map(|i| reference(net, x, data.input(i)).1)
        .fold(f64::INFINITY, |m, s| m.min(s.abs()))
}

/// A point x ~ N(0, 0.6²)ⁿ; for ReLU, redrawn until every hidden pre-activation is at
/// least 10⁻³ from the kink. The finite differences move a pre-activation by about
/// 10⁻⁵ at most, so they then never cross a kink, where they would compare the
/// derivative of one piece with a secant across two.
fn point(net: &Mlp, rng: &mut Rng) -> Vec<f64> {
    loop {
        let x = normals(rng, net.dim(), 0.6);
        if net.activation() == Activation::Tanh || closest_kink(net, &x) > 1e-3 {
            return x;
        }
    }
}

/// max |a − b| / max(|a|, |b|) over the components above 10⁻⁴ of the largest (and of
/// 1), as `optim_core::DerivativeCheck` does, with how many were compared.
fn max_rel(a: &[f64], b: &[f64]) -> (f64, usize) {
    assert_eq!(a.len(), b.len());
    let scale = a.iter().chain(b).fold(1.0_f64, |m, v| m.max(v.abs()));
    let mut worst = 0.0_f64;
    let mut compared = 0;
    for (x, y) in a.iter().zip(b) {
        let size = x.abs().max(y.abs());
        if size >= 1e-4 * scale || x.is_nan() || y.is_nan() {
            compared += 1;
            let rel = (x - y).abs() / size;
            worst = if rel.is_nan() {
                f64::NAN
            } else {
                worst.max(rel)
            };
        }
    }
    (worst, compared)
}

fn norm(v: &[f64]) -> f64 {
    v.iter().map(|x| x * x).sum::<f64>().sqrt()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

fn sub(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x - y).collect()
}

fn softmax(z: &[f64]) -> Vec<f64> {
    let m = z.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
    let e: Vec<f64> = z.iter().map(|v| (v - m).exp()).collect();
    let s: f64 = e.iter().sum();
    e.iter().map(|v| v / s).collect()
}

#[test]
fn the_value_is_the_mean_loss_of_an_independent_forward_pass() {
    let mut rng = Rng::new(100);
    for net in networks() {
        let x = point(&net, &mut rng);
        let data = net.data();
        let n = data.len();
        let mut total = 0.0;
        for i in 0..n {
            let (z, _) = reference(&net, &x, data.input(i));
            total += match &data.targets {
                Supervision::Values { values, dim } => {
                    let y = &values[i * dim..(i + 1) * dim];
                    0.5 * z.iter().zip(y).map(|(a, b)| (a - b).powi(2)).sum::<f64>()
                }
                Supervision::Labels { labels, .. } => -softmax(&z)[labels[i]].ln(),
            };
        }
        let want = total / n as f64;
        let got = net.value(&x);
        assert!(
            (got - want).abs() <= 1e-13 * want.abs(),
            "{}: f = {got}, reference {want}",
            net.name()
        );
        // The three ways of evaluating f give the same number, to the bit.
        let mut g = vec![0.0; net.dim()];
        assert_eq!(net.value_and_gradient(&x, &mut g).to_bits(), got.to_bits());
        assert_eq!(FiniteSum::mean_value(&net, &x).to_bits(), got.to_bits());
    }
}

#[test]
fn predict_agrees_with_the_reference_and_chunks_invisibly() {
    let mut rng = Rng::new(101);
    for net in networks() {
        let x = point(&net, &mut rng);
        let d_in = net.sizes()[0];
        let d_out = *net.sizes().last().unwrap();
        // 600 inputs: more than one chunk of 256.
        let inputs = normals(&mut rng, 600 * d_in, 1.0);
        let z = net.predict(&x, &inputs).unwrap();
        assert_eq!(z.len(), 600 * d_out);
        for (i, d) in inputs.chunks_exact(d_in).enumerate() {
            let (want, _) = reference(&net, &x, d);
            let got = &z[i * d_out..(i + 1) * d_out];
            // Absolute: an output that is a sum cancelling to 10⁻³ keeps the
            // rounding of its O(1) terms.
            let error = got
                .iter()
                .zip(&want)
                .fold(0.0_f64, |m, (a, b)| m.max((a - b).abs()));
            let size = want.iter().fold(1.0_f64, |m, v| m.max(v.abs()));
            assert!(
                error <= 1e-14 * size,
                "{}: input {i}: {got:?} vs {want:?}",
                net.name()
            );
        }
        assert!(net.predict(&x, &[]).unwrap().is_empty());
    }
}

#[test]
fn gradients_match_central_differences() {
    let mut rng = Rng::new(1);
    for net in networks() {
        let n = net.dim();
        let mut compared = 0;
        for _ in 0..5 {
            let x = point(&net, &mut rng);
            let c = check_gradient(&net, &x).unwrap();
            assert!(
                c.max_rel_error <= REL_TOL,
                "{}: gradient error {:e} at component {}",
                net.name(),
                c.max_rel_error,
                c.worst_index
            );
            compared += c.compared;
            let (mut g1, mut g2) = (vec![0.0; n], vec![0.0; n]);
            net.gradient(&x, &mut g1);
            net.value_and_gradient(&x, &mut g2);
            assert_eq!(g1, g2);
        }
        assert!(
            compared * 2 >= 5 * n,
            "{}: only {compared} of {} gradient components compared",
            net.name(),
            5 * n
        );
    }
}

#[test]
fn hessian_vector_products_match_central_differences() {
    let mut rng = Rng::new(2);
    for net in networks() {
        let n = net.dim();
        let mut compared = 0;
        for _ in 0..4 {
            let x = point(&net, &mut rng);
            for _ in 0..2 {
                let v = normals(&mut rng, n, 1.0);
                let c = check_hessian_vector_product(&net, &x, &v).unwrap();
                assert!(
                    c.max_rel_error <= REL_TOL,
                    "{}: H·v error {:e} at component {}",
                    net.name(),
                    c.max_rel_error,
                    c.worst_index
                );
                compared += c.compared;
            }
        }
        assert!(
            compared * 2 >= 8 * n,
            "{}: only {compared} of {} H·v components compared",
            net.name(),
            8 * n
        );
    }
}

/// (1/N) Σᵢ Jᵢᵀ Hℓᵢ Jᵢ v with Jᵢ by central differences of `predict`, column by column.
fn explicit_gauss_newton(net: &Mlp, x: &[f64], v: &[f64]) -> Vec<f64> {
    let n = net.dim();
    let data = net.data();
    let samples = data.len();
    let d_out = *net.sizes().last().unwrap();
    let h = 1e-5;
    // jac[j] = ∂z/∂xⱼ for every sample, samples × d_out row-major.
    let mut jac = Vec::with_capacity(n);
    let mut xp = x.to_vec();
    for j in 0..n {
        xp[j] = x[j] + h;
        let plus = net.predict(&xp, &data.inputs).unwrap();
        xp[j] = x[j] - h;
        let minus = net.predict(&xp, &data.inputs).unwrap();
        xp[j] = x[j];
        jac.push(
            plus.iter()
                .zip(&minus)
                .map(|(p, m)| (p - m) / (2.0 * h))
                .collect::<Vec<f64>>(),
        );
    }
    let z = net.predict(x, &data.inputs).unwrap();
    let mut gv = vec![0.0; n];
    for i in 0..samples {
        let rows = i * d_out..(i + 1) * d_out;
        let jv: Vec<f64> = (0..d_out)
            .map(|r| (0..n).map(|j| jac[j][rows.start + r] * v[j]).sum())
            .collect();
        let u: Vec<f64> = match net.loss() {
            Loss::SquaredError => jv,
            Loss::SoftmaxCrossEntropy => {
                let p = softmax(&z[rows.clone()]);
                let pjv = dot(&p, &jv);
                p.iter().zip(&jv).map(|(p, r)| p * (r - pjv)).collect()
            }
        };
        for (j, gvj) in gv.iter_mut().enumerate() {
            *gvj += dot(&jac[j][rows.clone()], &u) / samples as f64;
        }
    }
    gv
}

#[test]
fn gauss_newton_products_match_explicit_jacobians() {
    let mut rng = Rng::new(3);
    for net in networks() {
        let n = net.dim();
        let mut compared = 0;
        for _ in 0..3 {
            let x = point(&net, &mut rng);
            for _ in 0..2 {
                let v = normals(&mut rng, n, 1.0);
                let mut gv = vec![0.0; n];
                net.gauss_newton_vector_product(&x, &v, &mut gv);
                let want = explicit_gauss_newton(&net, &x, &v);
                let (rel, c) = max_rel(&gv, &want);
                assert!(rel <= REL_TOL, "{}: G·v error {rel:e}", net.name());
                compared += c;
                // G is positive semi-definite for both (convex) losses.
                assert!(dot(&v, &gv) >= -1e-12 * norm(&v) * norm(&gv));
            }
        }
        assert!(
            compared * 2 >= 6 * n,
            "{}: only {compared} of {} G·v components compared",
            net.name(),
            6 * n
        );
    }
}

#[test]
fn gauss_newton_equals_the_hessian_at_zero_residuals_only() {
    let clean = teacher_student(40, 0.0, 5).unwrap();
    let student = Mlp::new(&TEACHER_SIZES, Activation::Tanh, clean.data.clone()).unwrap();
    let teacher = &clean.teacher;
    assert!(student.value(teacher) < 1e-28, "{}", student.value(teacher));
    let noisy = Mlp::new(
        &TEACHER_SIZES,
        Activation::Tanh,
        teacher_student(40, 0.3, 5).unwrap().data,
    )
    .unwrap();
    let n = student.dim();
    let mut rng = Rng::new(6);
    let gap = |net: &Mlp, x: &[f64], v: &[f64]| {
        let (mut hv, mut gv) = (vec![0.0; n], vec![0.0; n]);
        net.hessian_vector_product(x, v, &mut hv);
        net.gauss_newton_vector_product(x, v, &mut gv);
        norm(&sub(&gv, &hv)) / norm(&hv)
    };
    let elsewhere = student.init(0);
    for _ in 0..3 {
        let v = normals(&mut rng, n, 1.0);
        let at_teacher = gap(&student, teacher, &v);
        assert!(at_teacher <= 1e-10, "‖Gv − Hv‖/‖Hv‖ = {at_teacher:e}");
        // Not vacuous: with residuals, the second-derivative terms are there.
        let away = gap(&student, &elsewhere, &v);
        assert!(away >= 1e-2, "at init: {away:e}");
        let with_noise = gap(&noisy, teacher, &v);
        assert!(with_noise >= 1e-3, "with noisy targets: {with_noise:e}");
    }
}

#[test]
fn the_dense_hessian_is_symmetric_and_agrees_with_the_products() {
    let mut rng = Rng::new(7);
    for net in networks() {
        let n = net.dim();
        let x = point(&net, &mut rng);
        let c = check_hessian(&net, &x).unwrap();
        assert!(
            c.max_rel_error <= REL_TOL && c.compared * 4 >= n * n,
            "{}: {c:?}",
            net.name()
        );
        let mut h = vec![0.0; n * n];
        net.hessian(&x, &mut h);
        let largest = h.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        let asymmetry = (0..n)
            .flat_map(|i| (0..n).map(move |j| (i, j)))
            .map(|(i, j)| (h[i * n + j] - h[j * n + i]).abs())
            .fold(0.0_f64, f64::max);
        assert!(
            asymmetry <= 1e-12 * largest,
            "{}: asymmetry {asymmetry:e} of {largest:e}",
            net.name()
        );
        for _ in 0..3 {
            let v = normals(&mut rng, n, 1.0);
            let dense: Vec<f64> = (0..n)
                .map(|i| (0..n).map(|j| h[j * n + i] * v[j]).sum())
                .collect();
            let mut hv = vec![0.0; n];
            net.hessian_vector_product(&x, &v, &mut hv);
            let (rel, compared) = max_rel(&hv, &dense);
            assert!(rel <= 1e-10 && compared > 0, "{}: {rel:e}", net.name());
        }
    }
}

/// (1/B) Σₖ gₖ āₖᵀ of one layer, column-major like its block of x.
fn mean_outer(stats: &LayerStatistics) -> Vec<f64> {
    let (ins, outs, b) = (stats.inputs, stats.outputs, stats.samples);
    let mut out = vec![0.0; outs * (ins + 1)];
    for k in 0..b {
        let a = &stats.a[k * (ins + 1)..(k + 1) * (ins + 1)];
        let g = &stats.g[k * outs..(k + 1) * outs];
        for (c, av) in a.iter().enumerate() {
            for (r, gv) in g.iter().enumerate() {
                out[c * outs + r] += gv * av / b as f64;
            }
        }
    }
    out
}

#[test]
fn empirical_layer_statistics_reproduce_the_gradient() {
    let mut rng = Rng::new(8);
    for net in networks() {
        let n = net.dim();
        let samples = net.samples();
        let data = net.data();
        let x = point(&net, &mut rng);
        let mut grad = vec![0.0; n];
        net.gradient(&x, &mut grad);
        let scale = grad.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
        let all: Vec<usize> = (0..samples).collect();
        let mut out = Vec::new();
        net.layer_statistics(&x, &all, Targets::Empirical, &mut out);
        assert_eq!(out.len(), net.layers().len());
        for (l, (stats, layer)) in out.iter().zip(net.layers()).enumerate() {
            assert_eq!(
                (stats.inputs, stats.outputs, stats.samples),
                (layer.inputs, layer.outputs, samples)
            );
            assert_eq!(stats.a.len(), (layer.inputs + 1) * samples);
            assert_eq!(stats.g.len(), layer.outputs * samples);
            for column in stats.a.chunks_exact(layer.inputs + 1) {
                assert_eq!(column[layer.inputs], 1.0, "ā ends with 1");
            }
            if l == 0 {
                for (k, column) in stats.a.chunks_exact(layer.inputs + 1).enumerate() {
                    assert_eq!(&column[..layer.inputs], data.input(k));
                }
            }
            let block = mean_outer(stats);
            let error = block
                .iter()
                .zip(&grad[layer.range()])
                .fold(0.0_f64, |m, (a, b)| m.max((a - b).abs()));
            assert!(
                error <= 1e-12 * scale && scale > 0.0,
                "{}: layer {l}: {error:e}",
                net.name()
            );
        }
        // A batch in any order: the statistics are those of its samples.
        let batch = [samples - 1, 0, 2];
        net.layer_statistics(&x, &batch, Targets::Empirical, &mut out);
        let mut want = vec![0.0; n];
        for &i in &batch {
            net.add_sample_gradient(i, &x, &mut want);
        }
        want.iter_mut().for_each(|w| *w /= batch.len() as f64);
        for (stats, layer) in out.iter().zip(net.layers()) {
            assert_eq!(stats.samples, 3);
            let (rel, _) = max_rel(&mean_outer(stats), &want[layer.range()]);
            assert!(rel <= 1e-12, "{}: batch statistics {rel:e}", net.name());
        }
        // The same batch size again: the buffers are reused, not reallocated.
        let pointers: Vec<_> = out.iter().map(|s| (s.a.as_ptr(), s.g.as_ptr())).collect();
        net.layer_statistics(&x, &[1, 2, 3], Targets::Sampled { seed: 4 }, &mut out);
        let again: Vec<_> = out.iter().map(|s| (s.a.as_ptr(), s.g.as_ptr())).collect();
        assert_eq!(pointers, again);
    }
}

#[test]
fn sampled_targets_are_seeded_and_change_only_g() {
    let mut rng = Rng::new(9);
    for net in networks() {
        let x = point(&net, &mut rng);
        let batch: Vec<usize> = (0..net.samples()).collect();
        let stats = |targets| {
            let mut out = Vec::new();
            net.layer_statistics(&x, &batch, targets, &mut out);
            out
        };
        let empirical = stats(Targets::Empirical);
        let s1 = stats(Targets::Sampled { seed: 1 });
        assert_eq!(s1, stats(Targets::Sampled { seed: 1 }), "{}", net.name());
        let s2 = stats(Targets::Sampled { seed: 2 });
        let last = empirical.len() - 1;
        assert_ne!(s1[last].g, s2[last].g, "{}", net.name());
        assert_ne!(s1[last].g, empirical[last].g, "{}", net.name());
        for (a, b) in empirical.iter().zip(&s1) {
            assert_eq!(a.a, b.a, "the inputs ā do not depend on the targets");
        }
    }
}

/// The dense matrix with columns `product(e_j)`.
fn dense(n: usize, product: impl Fn(&[f64], &mut [f64])) -> Vec<f64> {
    let mut m = vec![0.0; n * n];
    let mut e = vec![0.0; n];
    for j in 0..n {
        e[j] = 1.0;
        product(&e, &mut m[j * n..(j + 1) * n]);
        e[j] = 0.0;
    }
    m
}

/// (1/S)(1/B) Σ over `seeds` and samples of ∇ℓₖ ∇ℓₖᵀ, each ∇ℓₖ assembled from the
/// layers' vec(gₖ āₖᵀ).
fn fisher(net: &Mlp, x: &[f64], targets: impl Fn(u32) -> Targets, seeds: u32) -> Vec<f64> {
    let n = net.dim();
    let batch: Vec<usize> = (0..net.samples()).collect();
    let mut f = vec![0.0; n * n];
    let mut out = Vec::new();
    let mut grad = vec![0.0; n];
    let weight = 1.0 / (seeds as f64 * batch.len() as f64);
    for seed in 0..seeds {
        net.layer_statistics(x, &batch, targets(seed), &mut out);
        for k in 0..batch.len() {
            for (stats, layer) in out.iter().zip(net.layers()) {
                let (ins, outs) = (stats.inputs, stats.outputs);
                let a = &stats.a[k * (ins + 1)..(k + 1) * (ins + 1)];
                let g = &stats.g[k * outs..(k + 1) * outs];
                for (c, av) in a.iter().enumerate() {
                    for (r, gv) in g.iter().enumerate() {
                        grad[layer.offset + c * outs + r] = gv * av;
                    }
                }
            }
            for j in 0..n {
                for i in 0..n {
                    f[j * n + i] += weight * grad[i] * grad[j];
                }
            }
        }
    }
    f
}

#[test]
fn sampled_statistics_average_to_the_gauss_newton_matrix() {
    // The Fisher of the model's predictive distribution is the Gauss–Newton matrix;
    // with the data's targets (the empirical Fisher) it is not.
    let mut rng = Rng::new(10);
    for net in [
        regression(&[2, 3, 2], Activation::Tanh, 10, 11),
        classifier(&[2, 3, 3], Activation::Tanh, 10, 12),
        classifier(&[2, 4, 2], Activation::Relu, 10, 13),
    ] {
        let n = net.dim();
        let x = point(&net, &mut rng);
        let g = dense(n, |e, out| net.gauss_newton_vector_product(&x, e, out));
        let size = norm(&g);
        let sampled = fisher(&net, &x, |seed| Targets::Sampled { seed }, 4000);
        let error = norm(&sub(&sampled, &g)) / size;
        // Monte Carlo over 4000 × 10 draws: measured 0.4–1.2 %.
        assert!(error <= 0.03, "{}: ‖F̂ − G‖/‖G‖ = {error}", net.name());
        let empirical = fisher(&net, &x, |_| Targets::Empirical, 1);
        let empirical_error = norm(&sub(&empirical, &g)) / size;
        assert!(
            empirical_error >= 0.1,
            "{}: the empirical Fisher is {empirical_error} from G",
            net.name()
        );
    }
}

#[test]
fn two_moons_is_scikit_learns_construction() {
    // sklearn.datasets.make_moons(7, shuffle=False, noise=0.1, random_state=3), NumPy
    // 2.4 (its construction, re-run with NumPy's own RandomState).
    let numpy = [
        [1.1788628473430318, 0.043650985051198944],
        [0.009649746807200923, 0.8136507296635509],
        [-1.02773882025144, -0.03547589792689855],
        [-0.008274148148245978, 0.43729993231761527],
        [0.4956181831024071, -0.41374720682038885],
        [1.3686135246637317, -0.27756316573448025],
        [2.088131804220753, 0.6709573063652947],
    ];
    let moons = two_moons(7, 0.1, 3).unwrap();
    for (i, want) in numpy.iter().enumerate() {
        let got = moons.input(i);
        for c in 0..2 {
            assert!(
                (got[c] - want[c]).abs() <= 1e-15,
                "row {i}: {got:?} vs {want:?}"
            );
        }
    }
    let Supervision::Labels { labels, classes } = &moons.targets else {
        panic!("moons have labels")
    };
    assert_eq!(
        (labels.as_slice(), *classes),
        (&[0, 0, 0, 1, 1, 1, 1][..], 2)
    );

    // Without noise, the points lie on the two half circles; the labels balance.
    let clean = two_moons(200, 0.0, 0).unwrap();
    assert_eq!(
        (clean.len(), clean.input_dim, clean.inputs.len()),
        (200, 2, 400)
    );
    let Supervision::Labels { labels, .. } = &clean.targets else {
        panic!("moons have labels")
    };
    assert_eq!(labels.iter().filter(|&&c| c == 0).count(), 100);
    for (i, &label) in labels.iter().enumerate() {
        let [u, v] = [clean.input(i)[0], clean.input(i)[1]];
        let (radius, upper) = if label == 0 {
            ((u * u + v * v).sqrt(), v >= 0.0)
        } else {
            (((u - 1.0).powi(2) + (v - 0.5).powi(2)).sqrt(), v <= 0.5)
        };
        assert!((radius - 1.0).abs() <= 1e-15 && upper, "sample {i}");
    }
    // Deterministic for a seed, different across seeds.
    assert_eq!(
        two_moons(50, 0.2, 4).unwrap(),
        two_moons(50, 0.2, 4).unwrap()
    );
    assert_ne!(
        two_moons(50, 0.2, 4).unwrap(),
        two_moons(50, 0.2, 5).unwrap()
    );
    assert_eq!(two_moons(1, 0.0, 0).unwrap().len(), 1);
}

#[test]
fn the_teacher_labels_the_student_data() {
    let ts = teacher_student(50, 0.01, 4).unwrap();
    assert_eq!(ts, teacher_student(50, 0.01, 4).unwrap());
    assert_ne!(ts.teacher, teacher_student(50, 0.01, 5).unwrap().teacher);
    let data = &ts.data;
    assert_eq!((data.len(), data.input_dim, ts.teacher.len()), (50, 8, 212));
    let Supervision::Values { values, dim } = &data.targets else {
        panic!("regression targets")
    };
    assert_eq!((values.len(), *dim), (200, 4));
    // The teacher does not depend on n, nor the first inputs on the later ones.
    let fewer = teacher_student(10, 0.0, 4).unwrap();
    assert_eq!(fewer.teacher, ts.teacher);
    assert_eq!(fewer.data.inputs[..], data.inputs[..80]);
    // Without noise the targets are the teacher's outputs, which an Mlp of its sizes
    // reproduces from the same parameters (two independent forward passes).
    let clean = teacher_student(50, 0.0, 4).unwrap();
    assert_eq!(clean.data.inputs, data.inputs);
    let net = Mlp::new(&TEACHER_SIZES, Activation::Tanh, clean.data.clone()).unwrap();
    let z = net.predict(&clean.teacher, &clean.data.inputs).unwrap();
    let Supervision::Values { values: exact, .. } = &clean.data.targets else {
        panic!("regression targets")
    };
    let (rel, compared) = max_rel(&z, exact);
    assert!(rel <= 1e-13 && compared > 150, "{rel:e}");
    // The outputs are O(1) and the noise has the asked standard deviation.
    let std = |v: &[f64]| (v.iter().map(|x| x * x).sum::<f64>() / v.len() as f64).sqrt();
    let big = teacher_student(1000, 0.01, 4).unwrap();
    let big_clean = teacher_student(1000, 0.0, 4).unwrap();
    let (Supervision::Values { values: y, .. }, Supervision::Values { values: y0, .. }) =
        (&big.data.targets, &big_clean.data.targets)
    else {
        panic!("regression targets")
    };
    let output_std = std(y0);
    assert!((0.3..=1.5).contains(&output_std), "outputs: {output_std}");
    let noise_std = std(&sub(y, y0));
    assert!((noise_std - 0.01).abs() <= 0.001, "noise: {noise_std}");
}

#[test]
fn the_student_has_the_documented_shape() {
    let student = Mlp::teacher_student(256, 0).unwrap();
    assert_eq!(student.dim(), 8 * 64 + 64 + 64 * 64 + 64 + 64 * 4 + 4);
    assert_eq!(student.dim(), 4996);
    assert_eq!(student.samples(), 256);
    assert_eq!(student.n_samples(), 256);
    assert_eq!(student.sizes(), &[8, 64, 64, 4]);
    assert_eq!(
        (student.activation(), student.loss()),
        (Activation::Tanh, Loss::SquaredError)
    );
    assert_eq!(student.name(), "MLP 8-64-64-4 tanh, squared error, N = 256");
    let mut offset = 0;
    for layer in student.layers() {
        assert_eq!(layer.offset, offset);
        offset += layer.len();
    }
    assert_eq!(offset, student.dim());
    let moons = Mlp::two_moons(&[16, 16], Activation::Relu, 200, 0.1, 0).unwrap();
    assert_eq!(
        moons.name(),
        "MLP 2-16-16-2 ReLU, softmax cross-entropy, N = 200"
    );
    assert_eq!(moons.loss(), Loss::SoftmaxCrossEntropy);
}

#[test]
fn initialisation_and_landscape_metadata() {
    for net in networks().into_iter().chain([
        Mlp::teacher_student(32, 1).unwrap(),
        Mlp::two_moons(&[], Activation::Tanh, 10, 0.1, 0).unwrap(),
    ]) {
        let x = net.init(3);
        assert_eq!(x, net.init(3));
        assert_ne!(x, net.init(4));
        assert_eq!(net.start(), net.init(0));
        assert!(net.minima().is_empty());
        let domain = net.domain();
        assert_eq!(domain.len(), net.dim());
        for (s, (lo, hi)) in net.start().iter().zip(&domain) {
            assert!(lo <= s && s <= hi);
        }
        for layer in net.layers() {
            let rho = (6.0 / (layer.inputs + layer.outputs) as f64).sqrt();
            let block = &x[layer.range()];
            let (weights, biases) = block.split_at(layer.inputs * layer.outputs);
            assert!(biases.iter().all(|&b| b == 0.0));
            assert!(weights.iter().all(|w| w.abs() < rho));
            if weights.len() >= 20 {
                let largest = weights.iter().fold(0.0_f64, |m, w| m.max(w.abs()));
                assert!(
                    largest > 0.8 * rho,
                    "{}: U(−ρ, ρ) fills its range",
                    net.name()
                );
            }
        }
    }
}

#[test]
fn finite_sum_and_mini_batches_agree_with_the_full_objective() {
    let mut rng = Rng::new(12);
    for net in networks() {
        let n = net.dim();
        let samples = net.samples();
        let x = point(&net, &mut rng);
        let mut full = vec![0.0; n];
        let f = net.value_and_gradient(&x, &mut full);
        let mean = (0..samples).map(|i| net.sample_value(i, &x)).sum::<f64>() / samples as f64;
        assert!((mean - f).abs() <= 1e-14 * f.abs(), "{}", net.name());
        let mut summed = vec![0.0; n];
        for i in 0..samples {
            net.add_sample_gradient(i, &x, &mut summed);
        }
        summed.iter_mut().for_each(|g| *g /= samples as f64);
        let (rel, compared) = max_rel(&summed, &full);
        assert!(rel <= 1e-12 && compared > 0, "{}: {rel:e}", net.name());
        // A batch of N is the full gradient.
        let batches = MiniBatch::new(&net, samples, 0).unwrap();
        let mut g = vec![0.0; n];
        let fb = batches.value_and_gradient(&x, &mut g);
        assert!((fb - f).abs() <= 1e-14 * f.abs());
        assert!(max_rel(&g, &full).0 <= 1e-12);
        assert_eq!(batches.full_value(&x), f);
    }
}

#[test]
fn parallel_evaluations_agree_with_sequential_ones() {
    fn shareable<T: Send + Sync + Clone>(_: &T) {}
    let net = Mlp::teacher_student(64, 2).unwrap();
    shareable(&net);
    let n = net.dim();
    let points: Vec<Vec<f64>> = (0..6).map(|s| net.init(s)).collect();
    let evaluate = |net: &Mlp, x: &[f64]| {
        let (mut g, mut hv, mut gv) = (vec![0.0; n], vec![0.0; n], vec![0.0; n]);
        let f = net.value_and_gradient(x, &mut g);
        net.hessian_vector_product(x, &g, &mut hv);
        net.gauss_newton_vector_product(x, &g, &mut gv);
        (f, g, hv, gv)
    };
    let sequential: Vec<_> = points.iter().map(|x| evaluate(&net, x)).collect();
    let parallel: Vec<_> = std::thread::scope(|scope| {
        let handles: Vec<_> = points
            .iter()
            .map(|x| scope.spawn(|| evaluate(&net, x)))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert_eq!(sequential, parallel);
    // A clone is the same function, with its own pool.
    assert_eq!(evaluate(&net.clone(), &points[0]), sequential[0]);
}

#[test]
fn invalid_input_is_an_error_naming_the_problem() {
    let data = |inputs: Vec<f64>, input_dim, targets| Dataset {
        inputs,
        input_dim,
        targets,
    };
    let values = |values: Vec<f64>, dim| Supervision::Values { values, dim };
    let labels = |labels: Vec<usize>, classes| Supervision::Labels { labels, classes };
    let tanh = Activation::Tanh;
    let ok = || data(vec![0.0; 6], 2, values(vec![0.0; 3], 1));
    assert!(Mlp::new(&[2, 3, 1], tanh, ok()).is_ok());
    let parameter = |result: Result<Mlp, Error>| match result {
        Err(Error::InvalidParameter { name, .. }) => name,
        other => panic!("expected InvalidParameter, got {other:?}"),
    };
    let mismatch = |result: Result<Mlp, Error>| match result {
        Err(Error::DimensionMismatch {
            what,
            expected,
            found,
        }) => (what, expected, found),
        other => panic!("expected DimensionMismatch, got {other:?}"),
    };
    assert_eq!(parameter(Mlp::new(&[], tanh, ok())), "sizes.len()");
    assert_eq!(parameter(Mlp::new(&[2], tanh, ok())), "sizes.len()");
    assert_eq!(parameter(Mlp::new(&[2, 0, 1], tanh, ok())), "sizes");
    assert_eq!(parameter(Mlp::new(&[2, 3, 0], tanh, ok())), "sizes");
    assert_eq!(
        parameter(Mlp::new(&[2, usize::MAX / 2, 1], tanh, ok())),
        "sizes"
    );
    assert_eq!(
        mismatch(Mlp::new(&[3, 1], tanh, ok())),
        ("data.input_dim", 3, 2)
    );
    let odd = data(vec![0.0; 5], 2, values(vec![0.0; 3], 1));
    assert_eq!(parameter(Mlp::new(&[2, 1], tanh, odd)), "data.inputs.len()");
    let empty = data(vec![], 2, values(vec![], 1));
    assert_eq!(
        parameter(Mlp::new(&[2, 1], tanh, empty)),
        "data.inputs.len()"
    );
    let nan_input = data(vec![0.0, 1.0, f64::NAN, 0.0], 2, values(vec![0.0; 2], 1));
    assert_eq!(
        Mlp::new(&[2, 1], tanh, nan_input).unwrap_err(),
        Error::NonFinite {
            what: "data.inputs",
            index: 2
        }
    );
    let short = data(vec![0.0; 6], 2, values(vec![0.0; 2], 1));
    assert_eq!(mismatch(Mlp::new(&[2, 1], tanh, short)), ("targets", 3, 2));
    let wide = data(vec![0.0; 6], 2, values(vec![0.0; 6], 2));
    assert_eq!(
        mismatch(Mlp::new(&[2, 1], tanh, wide)),
        ("targets dim", 1, 2)
    );
    let inf_target = data(vec![0.0; 6], 2, values(vec![0.0, f64::INFINITY, 0.0], 1));
    assert_eq!(
        Mlp::new(&[2, 1], tanh, inf_target).unwrap_err(),
        Error::NonFinite {
            what: "targets",
            index: 1
        }
    );
    let few = data(vec![0.0; 6], 2, labels(vec![0, 1], 2));
    assert_eq!(mismatch(Mlp::new(&[2, 2], tanh, few)), ("labels", 3, 2));
    let classes = data(vec![0.0; 6], 2, labels(vec![0, 1, 0], 3));
    assert_eq!(
        mismatch(Mlp::new(&[2, 2], tanh, classes)),
        ("classes", 2, 3)
    );
    let label = data(vec![0.0; 6], 2, labels(vec![0, 2, 1], 2));
    let err = Mlp::new(&[2, 2], tanh, label).unwrap_err();
    assert!(matches!(err, Error::InvalidParameter { name: "labels", value, .. } if value == 2.0));
    assert!(err.to_string().contains("labels"), "{err}");

    let name = |result: Result<Dataset, Error>| match result {
        Err(Error::InvalidParameter { name, .. }) => name,
        other => panic!("expected InvalidParameter, got {other:?}"),
    };
    assert_eq!(name(two_moons(0, 0.1, 0)), "n");
    assert_eq!(name(two_moons(10, -0.1, 0)), "noise");
    assert_eq!(name(two_moons(10, f64::NAN, 0)), "noise");
    assert_eq!(name(teacher_student(0, 0.1, 0).map(|t| t.data)), "n");
    assert_eq!(
        name(teacher_student(5, f64::INFINITY, 0).map(|t| t.data)),
        "noise"
    );
    assert_eq!(parameter(Mlp::teacher_student(0, 0)), "n");
    assert_eq!(parameter(Mlp::two_moons(&[0], tanh, 10, 0.1, 0)), "sizes");
    assert_eq!(parameter(Mlp::two_moons(&[4], tanh, 10, -1.0, 0)), "noise");

    let net = Mlp::new(&[2, 3, 1], tanh, ok()).unwrap();
    assert_eq!(
        net.predict(&[0.0; 3], &[0.0; 2]).unwrap_err(),
        Error::DimensionMismatch {
            what: "x",
            expected: net.dim(),
            found: 3
        }
    );
    let err = net.predict(&net.init(0), &[0.0; 3]).unwrap_err();
    assert!(matches!(
        err,
        Error::InvalidParameter {
            name: "inputs.len()",
            ..
        }
    ));
}
