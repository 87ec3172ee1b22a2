//! The block-diagonal approximations: partitions from layers, the dense-Hessian blocks
//! (exact on a block-diagonal quadratic, |eigenvalues| on an indefinite block) and the
//! per-neuron Fisher (exact where the Hessian is Ā ⊗ I).

use optim_core::{Error, Event, Layer, Stop, minimize};
use second_order::curvature::block_diagonal::BlockDiagonal;
use second_order::curvature::hessian_diagonal::HessianDiagonal;
use second_order::curvature::neuron_fisher::NeuronFisher;
use second_order::curvature::partition::Partition;
use second_order::curvature::quality::{approximation_at, relative_frobenius_error};
use second_order::curvature::sampling::Fisher;
use second_order::{Hessian, PreconditionedDescent};

use super::models::{LinearRegression, Quadratic};

/// Layer { inputs: 2, outputs: 3, offset: 4 }: W[j, c] at 4 + 3c + j, b[j] at 4 + 6 + j.
/// Neuron 1 is (W[1, 0], W[1, 1], b[1]) = (5, 8, 11). Catches a row-major reading of
/// W̄, a bias not last, offsets not applied.
#[test]
fn partitions_from_layers() {
    let layers = [
        Layer {
            inputs: 3,
            outputs: 1,
            offset: 0,
        },
        Layer {
            inputs: 2,
            outputs: 3,
            offset: 4,
        },
    ];
    let neurons = Partition::per_neuron(&layers);
    assert_eq!(
        neurons.blocks(),
        [
            vec![0, 1, 2, 3],
            vec![4, 7, 10],
            vec![5, 8, 11],
            vec![6, 9, 12]
        ]
    );
    assert_eq!(
        Partition::per_layer(&layers).blocks(),
        [(0..4).collect::<Vec<_>>(), (4..13).collect()]
    );
    assert!(neurons.validate(13).is_ok());
    let refused = |p: Partition, n| match p.validate(n) {
        Err(Error::InvalidParameter {
            name: "partition",
            value,
            allowed,
        }) => (value, allowed),
        other => panic!("{other:?}"),
    };
    assert_eq!(refused(Partition::from_ranges([0..2, 1..3]), 3).0, 1.0); // 1 twice
    assert_eq!(refused(Partition::from_ranges([0..2, 2..4]), 3).0, 3.0); // 3 ≥ n
    assert_eq!(refused(Partition::from_ranges([0..1, 2..3]), 3).0, 1.0); // 1 missing
    assert_eq!(
        refused(Partition::new(vec![vec![0, 1, 2], vec![]]), 3).0,
        1.0
    ); // block 1 empty
    // An invalid partition is refused when the run starts.
    let f = Quadratic::with_minimiser(vec![1.0, 0.0, 0.0, 1.0], &[0.0, 0.0]);
    let method = PreconditionedDescent::new(BlockDiagonal::new(Partition::singletons(3)));
    assert!(matches!(
        minimize(&method, &f, &[1.0, 1.0], &Stop::after(3)),
        Err(Error::InvalidParameter {
            name: "partition",
            ..
        })
    ));
}

/// H = block_diag([[2, 1], [1, 3]], [[4, 1, 0], [1, 5, 2], [0, 2, 6]]), positive
/// definite, with the partition {0, 1}, {2, 3, 4}: Â = H (relative error 0) and the step
/// with λ = 0 is Newton's, onto x* from anywhere. The partition {0, 1, 2}, {3, 4}
/// cuts the second block: Â then misses H[2, 3] = H[3, 2] = 1, error
/// √(2/‖H‖_F²) with ‖H‖_F² = 4 + 2 + 9 + 16 + 2 + 25 + 8 + 36 = 102.
#[test]
fn block_diagonal_is_newton_where_the_hessian_has_the_blocks() {
    let mut h = vec![0.0; 25];
    let entries = [
        (0, 0, 2.0),
        (0, 1, 1.0),
        (1, 1, 3.0),
        (2, 2, 4.0),
        (2, 3, 1.0),
        (3, 3, 5.0),
        (3, 4, 2.0),
        (4, 4, 6.0),
    ];
    for (i, j, v) in entries {
        h[j * 5 + i] = v;
        h[i * 5 + j] = v;
    }
    let x_star = [1.0, -1.0, 2.0, 0.5, -3.0];
    let f = Quadratic::with_minimiser(h.clone(), &x_star);
    let exact = BlockDiagonal::new(Partition::from_ranges([0..2, 2..5]));
    let a = approximation_at(&exact, &f, &[0.0; 5]).unwrap();
    assert_eq!(relative_frobenius_error(&a, &h).unwrap(), 0.0);
    let run = minimize(
        &PreconditionedDescent::fixed(exact, 0.0),
        &f,
        &[7.0; 5],
        &Stop::exactly(1),
    )
    .unwrap();
    for (x, w) in run.x.iter().zip(x_star) {
        assert!((x - w).abs() < 1e-13, "{:?}", run.x);
    }
    let cut = BlockDiagonal::new(Partition::from_ranges([0..3, 3..5]));
    let a = approximation_at(&cut, &f, &[0.0; 5]).unwrap();
    let e = relative_frobenius_error(&a, &h).unwrap();
    assert!((e - (2.0f64 / 102.0).sqrt()).abs() < 1e-15, "{e}");
}

/// B = [[1, 2], [2, 1]] has eigenvalues 3 (along (1, 1)/√2) and −1 (along (1, −1)/√2):
/// |B| = 3·½[[1, 1], [1, 1]] + 1·½[[1, −1], [−1, 1]] = [[2, 1], [1, 2]]. A positive
/// definite block beside it ([[5]]) is kept as it is. Catches a shift (B + τI keeps the
/// off-diagonal 2 and a diagonal 1 + τ), clipping (max(μ, 0) gives [[1.5, 1.5], [1.5,
/// 1.5]]), a repair applied to the wrong block.
#[test]
fn an_indefinite_block_takes_its_eigenvalues_magnitudes() {
    let h = vec![1.0, 2.0, 0.0, 2.0, 1.0, 0.0, 0.0, 0.0, 5.0];
    let f = Quadratic::with_minimiser(h, &[0.0; 3]);
    let blocks = BlockDiagonal::new(Partition::from_ranges([0..2, 2..3]));
    let a = approximation_at(&blocks, &f, &[0.0; 3]).unwrap();
    let want = [2.0, 1.0, 0.0, 1.0, 2.0, 0.0, 0.0, 0.0, 5.0];
    for (g, w) in a.iter().zip(want) {
        assert!((g - w).abs() < 1e-14, "{a:?}");
    }
    let run = minimize(
        &PreconditionedDescent::fixed(blocks, 0.5),
        &f,
        &[1.0, 0.0, 1.0],
        &Stop::exactly(1),
    )
    .unwrap();
    assert!(run.trace.events().contains(&(1, Event::HessianModified)));
    // f decreased: at x = (1, 0, 1), f = ½(1 + 5) = 3.
    assert!(run.value < 3.0);
}

/// With one block per coordinate the block-diagonal Hessian is the Hessian diagonal,
/// |·| included: on H = [[−2, 1], [1, 3]] both give diag(2, 3).
#[test]
fn singleton_blocks_are_the_diagonal() {
    let f = Quadratic::with_minimiser(vec![-2.0, 1.0, 1.0, 3.0], &[0.0, 0.0]);
    let blocks = approximation_at(
        &BlockDiagonal::new(Partition::singletons(2)),
        &f,
        &[0.0, 0.0],
    )
    .unwrap();
    let diagonal = approximation_at(&HessianDiagonal, &f, &[0.0, 0.0]).unwrap();
    assert_eq!(blocks, [2.0, 0.0, 0.0, 3.0]);
    assert_eq!(blocks, diagonal);
}

/// A linear layer with squared error has H = Ā ⊗ I (Ā = (1/N)Σāāᵀ), block-diagonal per
/// neuron with every block Ā. Its sampled residuals have |gⱼ| = 1 (models.rs), so the
/// per-neuron Fisher (1/B)Σ gⱼ² āāᵀ is Ā exactly: Â = H to rounding, and the step with
/// λ = 0 fits W̄* in one iteration. The dense-Hessian blocks over the same per-neuron
/// partition agree. The empirical Fisher weighs āāᵀ by the squared residuals instead
/// (at W̄ = 0, rᵢⱼ = −yᵢⱼ): checked entry by entry. Catches a Fisher without gⱼ², blocks
/// assigned to the wrong neuron, a missing 1/B.
#[test]
fn the_per_neuron_fisher_is_the_hessian_of_a_linear_layer() {
    let f = LinearRegression::teacher(3, 2, 12, 9);
    let n = 8;
    let mut h = vec![0.0; n * n];
    f.hessian(&[0.0; 8], &mut h);
    let fisher = approximation_at(&NeuronFisher::default(), &f, &[0.0; 8]).unwrap();
    assert!(relative_frobenius_error(&fisher, &h).unwrap() < 1e-15);
    let blocks = BlockDiagonal::new(Partition::per_neuron(&[Layer {
        inputs: 3,
        outputs: 2,
        offset: 0,
    }]));
    assert!(
        relative_frobenius_error(&approximation_at(&blocks, &f, &[0.0; 8]).unwrap(), &h).unwrap()
            < 1e-15
    );
    let run = minimize(
        &PreconditionedDescent::fixed(NeuronFisher::default(), 0.0),
        &f,
        &[0.0; 8],
        &Stop::exactly(1),
    )
    .unwrap();
    for (x, w) in run.x.iter().zip(&f.w_star) {
        assert!((x - w).abs() < 1e-12, "{:?} vs {:?}", run.x, f.w_star);
    }
    // Empirical: block of neuron j, entry (p, q) = (1/N) Σᵢ yᵢⱼ² āᵢ[p] āᵢ[q].
    let empirical = NeuronFisher {
        fisher: Fisher::Empirical,
        ..NeuronFisher::default()
    };
    let a = approximation_at(&empirical, &f, &[0.0; 8]).unwrap();
    let samples = 12;
    for j in 0..2 {
        for p in 0..4 {
            for q in 0..4 {
                let want: f64 = (0..samples)
                    .map(|i| f.y[i * 2 + j].powi(2) * f.abar(i, p) * f.abar(i, q))
                    .sum::<f64>()
                    / samples as f64;
                let got = a[(q * 2 + j) * n + p * 2 + j];
                assert!(
                    (got - want).abs() < 1e-13,
                    "neuron {j} ({p}, {q}): {got} vs {want}"
                );
            }
        }
    }
    // Nothing couples two neurons: W[0, c] and W[1, c'] (vec indices 2c and 2c' + 1).
    for (c, c2) in [(0, 0), (1, 3), (3, 2)] {
        assert_eq!(a[(2 * c2 + 1) * n + 2 * c], 0.0);
    }
}
