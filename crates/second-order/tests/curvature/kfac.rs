//! K-FAC against the dense Kronecker solve, on a Kronecker quadratic (where it is the
//! Hessian), its π-split damping and running averages by hand, its batches and
//! targets, and the method on a teacher network.

use optim_core::{Layered, Problem, Stop, StopReason, Targets, minimize};
use second_order::PreconditionedDescent;
use second_order::curvature::Curvature;
use second_order::curvature::kfac::{Kfac, KfacState, pi};
use second_order::curvature::quality::{approximation_at, relative_frobenius_error};
use second_order::curvature::sampling::Fisher;
use second_order::linalg::cholesky_solve;

use super::models::{KroneckerQuadratic, LinearRegression, TwoLayer, kron, mat_vec};

/// (1/B) Σ uuᵀ over the columns u (length d) of `v`.
fn second_moment(v: &[f64], d: usize) -> Vec<f64> {
    let b = v.len() / d;
    let mut m = vec![0.0; d * d];
    for u in v.chunks_exact(d) {
        for q in 0..d {
            for p in 0..d {
                m[q * d + p] += u[p] * u[q] / b as f64;
            }
        }
    }
    m
}

fn plus_identity(m: &[f64], d: usize, t: f64) -> Vec<f64> {
    let mut out = m.to_vec();
    for i in 0..d {
        out[i * d + i] += t;
    }
    out
}

fn refreshed<'a, O: Layered>(
    kfac: &Kfac,
    f: &'a O,
    x: &[f64],
    times: usize,
) -> (Problem<'a, O>, KfacState) {
    let problem = Problem::new(f);
    let mut state = kfac.init(&problem, x).unwrap();
    for _ in 0..times {
        kfac.refresh(&problem, x, &mut state).unwrap();
    }
    (problem, state)
}

/// The required check. A 2-3-2 tanh network, 7 samples, targets sampled from N(z, I):
/// the test recomputes each layer's statistics from the model (for the targets K-FAC
/// used), forms Ā = (1/B)Σāāᵀ, Γ = (1/B)Σggᵀ, π = √((tr Ā/dim Ā)/(tr Γ/dim Γ)), the
/// damped factors, the Kronecker product (Ā + π√λI) ⊗ (Γ + (√λ/π)I) explicitly, and
/// solves it densely for the layer's block of v. K-FAC's step must agree to 1e-10
/// (relative), and its product Âv with (Ā ⊗ Γ)v. Catches the transposed vec convention
/// (Ā⁻¹ X Γ⁻¹), π inverted or absent, a missing 1/B, layers' offsets mixed up.
#[test]
fn the_kfac_step_is_the_dense_kronecker_solve() {
    let mut f = TwoLayer::teacher(2, 3, 2, 7, 1);
    f.record = true;
    let x: Vec<f64> = f.theta_star.iter().map(|t| 0.8 * t + 0.1).collect();
    let n = x.len();
    let v: Vec<f64> = (0..n).map(|i| (i as f64 * 0.37).sin() + 0.2).collect();
    let lambda = 0.3;
    let kfac = Kfac::default();
    let (problem, mut state) = refreshed(&kfac, &f, &x, 1);
    let mut step = vec![0.0; n];
    kfac.solve(&problem, &x, &mut state, lambda, &v, &mut step)
        .unwrap();
    let mut product = vec![0.0; n];
    kfac.apply(&problem, &x, &mut state, &v, &mut product);

    let targets = f.last_targets.get().unwrap();
    assert!(matches!(targets, Targets::Sampled { .. }));
    let all: Vec<usize> = (0..7).collect();
    let mut stats = Vec::new();
    f.layer_statistics(&x, &all, targets, &mut stats);
    for (layer, s) in f.layers().iter().zip(&stats) {
        let (da, dg) = (layer.inputs + 1, layer.outputs);
        let (a, g) = (second_moment(&s.a, da), second_moment(&s.g, dg));
        let trace = |m: &[f64], d: usize| (0..d).map(|i| m[i * d + i]).sum::<f64>() / d as f64;
        let p = (trace(&a, da) / trace(&g, dg)).sqrt();
        assert!((p - pi(&a, &g)).abs() < 1e-14 * p);
        let damped = kron(
            &plus_identity(&a, da, p * lambda.sqrt()),
            da,
            &plus_identity(&g, dg, lambda.sqrt() / p),
            dg,
        );
        let block = &v[layer.range()];
        let want = cholesky_solve(&damped, block).unwrap().unwrap();
        let got = &step[layer.range()];
        let scale = want.iter().fold(0.0f64, |m, w| m.max(w.abs()));
        for (g, w) in got.iter().zip(&want) {
            assert!(
                (g - w).abs() <= 1e-10 * scale,
                "layer at {}: {got:?} vs {want:?}",
                layer.offset
            );
        }
        let mut kv = vec![0.0; da * dg];
        mat_vec(&kron(&a, da, &g, dg), da * dg, block, &mut kv);
        for (g, w) in product[layer.range()].iter().zip(&kv) {
            assert!((g - w).abs() <= 1e-12 * (1.0 + w.abs()), "{g} vs {w}");
        }
    }
}

/// A quadratic whose Hessian is A ⊗ G by construction (A, G the second moments of the
/// samples it reports): K-FAC's Â is the Hessian, and with λ = 0 the first step is
/// Newton's, onto x*. 2 inputs, 2 outputs, 4 samples.
fn kronecker_quadratic(x_star: &[f64]) -> KroneckerQuadratic {
    let abar = vec![1.0, 0.5, 1.0, -1.0, 2.0, 1.0, 0.3, -0.7, 1.0, 0.0, 1.5, 1.0];
    let g = vec![1.0, 0.2, -0.5, 1.0, 0.7, 0.7, -1.2, 0.1];
    KroneckerQuadratic::new(2, 2, abar, g, x_star)
}

#[test]
fn kfac_is_newton_on_a_kronecker_quadratic() {
    let x_star = [1.0, -2.0, 0.5, 3.0, -1.0, 0.25];
    let f = kronecker_quadratic(&x_star);
    let a = approximation_at(&Kfac::default(), &f, &[0.0; 6]).unwrap();
    assert!(relative_frobenius_error(&a, &f.h).unwrap() < 1e-14);
    let run = minimize(
        &PreconditionedDescent::fixed(Kfac::default(), 0.0),
        &f,
        &[0.0; 6],
        &Stop::exactly(1),
    )
    .unwrap();
    for (x, w) in run.x.iter().zip(x_star) {
        assert!((x - w).abs() < 1e-11, "{:?}", run.x);
    }
}

/// Ā = 4I (2 inputs: ā = (±2, ±2, 2)… made from four samples), Γ = I: π = √(4/1) = 2,
/// and with λ = 1 the damped factors are 4 + 2·1 = 6 and 1 + 1/2 = 3/2, so the solve
/// divides by 9. Without π it would divide by (4 + 1)(1 + 1) = 10, with π inverted by
/// (4 + ½)(1 + 2) = 13.5.
#[test]
fn pi_splits_the_damping_between_the_factors() {
    // āₖ = 2·(s₁, s₂, 1) over the four sign pairs: Σ āāᵀ/4 = 4I (the cross terms
    // cancel), ā's last entry 2 (the layer's bias column; K-FAC does not care).
    let abar = vec![
        2.0, 2.0, 2.0, 2.0, -2.0, 2.0, -2.0, 2.0, 2.0, -2.0, -2.0, 2.0,
    ];
    // gₖ = ±√1: Γ = 1 (one output).
    let g = vec![1.0, -1.0, 1.0, -1.0];
    let f = KroneckerQuadratic::new(2, 1, abar, g, &[0.0; 3]);
    let kfac = Kfac::default();
    let (problem, mut state) = refreshed(&kfac, &f, &[0.0; 3], 1);
    let (a, gamma) = state.factors(0);
    assert_eq!(
        (a.to_vec(), gamma.to_vec()),
        (vec![4.0, 0.0, 0.0, 0.0, 4.0, 0.0, 0.0, 0.0, 4.0], vec![1.0])
    );
    let mut s = [0.0; 3];
    kfac.solve(
        &problem,
        &[0.0; 3],
        &mut state,
        1.0,
        &[9.0, 18.0, -27.0],
        &mut s,
    )
    .unwrap();
    for (g, w) in s.iter().zip([1.0, 2.0, -3.0]) {
        assert!((g - w).abs() < 1e-14, "{s:?}");
    }
}

/// gₖ grows with the call number k (1, 2, 3) while āₖ stays, so the batch Γ of call k
/// is k²Γ₁. With decay 0.5: ε₁ = 0, Γ = Γ₁; ε₂ = min(½, ½), Γ = (1 + 4)/2 = 2.5Γ₁;
/// ε₃ = min(⅔, ½) = ½, Γ = (2.5 + 9)/2 = 5.75Γ₁. With the default 0.95 the first
/// twenty refreshes are a plain mean: (1 + 4 + 9)/3 = 14/3. Ā is the same at every
/// call. Catches an average started from zero (Γ₁ would be 0.05Γ₁ with 0.95), the
/// weights swapped (ε on the new batch).
#[test]
fn running_averages_follow_min_one_minus_one_over_k() {
    let gamma1 = {
        let f = kronecker_quadratic(&[0.0; 6]);
        let (_, state) = refreshed(&Kfac::default(), &f, &[0.0; 6], 1);
        state.factors(0).1.to_vec()
    };
    for (decay, factor) in [(0.5, 5.75), (0.95, 14.0 / 3.0)] {
        let mut f = kronecker_quadratic(&[0.0; 6]);
        f.g_grows = true;
        let kfac = Kfac {
            decay,
            ..Kfac::default()
        };
        let (_, state) = refreshed(&kfac, &f, &[0.0; 6], 3);
        assert_eq!(state.refreshes(), 3);
        for (g, g1) in state.factors(0).1.iter().zip(&gamma1) {
            assert!(
                (g - factor * g1).abs() < 1e-14 * (1.0 + g1.abs()),
                "decay {decay}: {g} vs {}",
                factor * g1
            );
        }
    }
}

/// Batches: by default all samples in order, targets sampled with a new seed per
/// refresh; `batch_size: Some(3)` of 7 gives 3 distinct indices below 7 that change from
/// one refresh to the next; `Fisher::Empirical` passes the data's targets. Invalid
/// settings are errors naming the parameter.
#[test]
fn batches_and_targets_come_from_the_configuration() {
    let mut f = TwoLayer::teacher(2, 3, 1, 7, 2);
    f.record = true;
    let x = f.theta_star.clone();
    let (_, _) = refreshed(&Kfac::default(), &f, &x, 2);
    let mut seeds = Vec::new();
    {
        let batches = f.batches.borrow();
        assert_eq!(
            batches.as_slice(),
            [(0..7).collect::<Vec<_>>(), (0..7).collect()]
        );
    }
    for _ in 0..2 {
        let (_, _) = refreshed(
            &Kfac {
                seed: 5,
                ..Kfac::default()
            },
            &f,
            &x,
            1,
        );
        match f.last_targets.get() {
            Some(Targets::Sampled { seed }) => seeds.push(seed),
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(seeds[0], seeds[1]); // the same stream for the same seed…
    let (_, _) = refreshed(
        &Kfac {
            seed: 5,
            ..Kfac::default()
        },
        &f,
        &x,
        2,
    );
    match f.last_targets.get() {
        Some(Targets::Sampled { seed }) => assert_ne!(seed, seeds[0]), // …and a new draw at its next refresh
        other => panic!("{other:?}"),
    }
    f.batches.borrow_mut().clear();
    let (_, _) = refreshed(
        &Kfac {
            batch_size: Some(3),
            fisher: Fisher::Empirical,
            ..Kfac::default()
        },
        &f,
        &x,
        5,
    );
    assert_eq!(f.last_targets.get(), Some(Targets::Empirical));
    let batches = f.batches.borrow();
    for b in batches.iter() {
        let mut sorted = b.clone();
        sorted.sort();
        sorted.dedup();
        assert!(sorted.len() == 3 && sorted.iter().all(|&i| i < 7), "{b:?}");
    }
    assert!(batches.windows(2).any(|w| w[0] != w[1]), "{batches:?}");

    let f = TwoLayer::teacher(2, 3, 1, 7, 2);
    let refused = |kfac: Kfac| match kfac.init(&Problem::new(&f), &x) {
        Err(optim_core::Error::InvalidParameter { name, .. }) => name,
        other => panic!("{other:?}"),
    };
    assert_eq!(
        refused(Kfac {
            decay: 1.0,
            ..Kfac::default()
        }),
        "decay"
    );
    assert_eq!(
        refused(Kfac {
            decay: -0.1,
            ..Kfac::default()
        }),
        "decay"
    );
    assert_eq!(
        refused(Kfac {
            batch_size: Some(0),
            ..Kfac::default()
        }),
        "batch_size"
    );
    assert_eq!(
        refused(Kfac {
            batch_size: Some(8),
            ..Kfac::default()
        }),
        "batch_size"
    );
}

/// K-FAC with Martens' damping rule on a linear least-squares layer (3 inputs, 2
/// outputs, 30 samples) whose targets come from a known W̄*: Ā is exact and Γ is
/// (1/B)Σεεᵀ for the model's unit-size draws ε (I on the diagonal, off it within
/// sampling noise), so Â is close to the Hessian Ā ⊗ I and the run reaches the minimum
/// f = 0 to rounding.
#[test]
fn kfac_fits_a_linear_layer() {
    let f = LinearRegression::teacher(3, 2, 30, 2);
    let run = minimize(
        &PreconditionedDescent::new(Kfac::default()),
        &f,
        &[0.0; 8],
        &Stop::after(100).grad_tol(1e-12),
    )
    .unwrap();
    assert_eq!(
        (run.method, run.stop),
        ("K-FAC", StopReason::GradientTolerance),
        "{run}"
    );
    assert!(run.value < 1e-20, "{run}");
    for (x, w) in run.x.iter().zip(&f.w_star) {
        assert!((x - w).abs() < 1e-9);
    }
}

/// On a 3-2-2 tanh network fitted to its teacher (minimum f = 0), K-FAC's sampled
/// Kronecker factors are a rough model of the curvature (it ignores the coupling of
/// the two layers): the adapted method still never goes uphill (every recorded value
/// at most the previous one, since only steps with ρ > 0 are taken) and gains four
/// orders of magnitude in 300 iterations.
#[test]
fn kfac_descends_on_a_teacher_network() {
    let f = TwoLayer::teacher(3, 2, 2, 40, 4);
    let x0: Vec<f64> = f
        .theta_star
        .iter()
        .enumerate()
        .map(|(i, t)| t + 0.3 * if i % 2 == 0 { 1.0 } else { -1.0 })
        .collect();
    let f0 = optim_core::Objective::value(&f, &x0);
    let run = minimize(
        &PreconditionedDescent::new(Kfac::default()),
        &f,
        &x0,
        &Stop::exactly(300),
    )
    .unwrap();
    assert!(run.trace.values().windows(2).all(|w| w[1] <= w[0]));
    assert!(run.value < 1e-4 * f0, "{run}");
}
