//! The *Gradient Descent Based Optimizers* slides' linear regression: NumPy-seeded data, the closed form, and the finite
//! sum behind mini-batch gradients.

use landscapes::{Landscape, LinearRegression};
use optim_core::{Error, FiniteSum, Hessian, MiniBatch, Objective};

#[test]
fn generated_data_is_numpys() {
    // np.random.seed(3); x = np.random.random(5); y = 2x + 1 + 0.1·np.random.randn(5)
    let lr = LinearRegression::generate(5, 2.0, 1.0, 0.1, 3);
    let (xs, ys) = lr.data();
    let want_x = [
        0.5507979025745755,
        0.7081478226181048,
        0.2909047389129443,
        0.510827605197663,
        0.8929469543476547,
    ];
    let want_y = [
        2.0555915930828825,
        2.4105035611767742,
        1.7895668915371716,
        1.9615239627764132,
        2.8798175476277406,
    ];
    assert_eq!(xs, want_x);
    for (y, w) in ys.iter().zip(want_y) {
        assert!((y - w).abs() <= 4e-16 * w, "{y} vs {w}");
    }
}

#[test]
fn closed_form_is_numpys_lstsq_and_zeroes_the_gradient() {
    let lr = LinearRegression::generate(100, 2.0, 1.0, 0.1, 0);
    let theta = lr.closed_form();
    // np.linalg.lstsq on the same data.
    let lstsq = [1.9936935021402036, 1.0222151077447228];
    for (t, w) in theta.iter().zip(lstsq) {
        assert!((t - w).abs() < 1e-14, "{t} vs {w}");
    }
    let mut g = [0.0; 2];
    lr.gradient(&theta, &mut g);
    assert!(g.iter().all(|gi| gi.abs() < 1e-15), "{g:?}");
    assert_eq!(lr.minima(), vec![theta.to_vec()]);
    // Normal equations from the raw sums (Cramer's rule) agree.
    let (xs, ys) = lr.data();
    let n = xs.len() as f64;
    let (sx, sy) = (xs.iter().sum::<f64>(), ys.iter().sum::<f64>());
    let sxx: f64 = xs.iter().map(|x| x * x).sum();
    let sxy: f64 = xs.iter().zip(ys).map(|(x, y)| x * y).sum();
    let det = sxx * n - sx * sx;
    assert!((theta[0] - (sxy * n - sx * sy) / det).abs() < 1e-12);
    assert!((theta[1] - (sxx * sy - sx * sxy) / det).abs() < 1e-12);
    // J at the start (0, 0) is the mean of ½ yᵢ².
    let half_mean_sq = ys.iter().map(|y| 0.5 * y * y).sum::<f64>() / n;
    assert!((lr.value(&[0.0, 0.0]) - half_mean_sq).abs() < 1e-14);
    // The Hessian is (1/N)[[Σx², Σx], [Σx, N]].
    let mut h = [0.0; 4];
    lr.hessian(&[5.0, -5.0], &mut h);
    assert!((h[0] - sxx / n).abs() < 1e-15 && (h[1] - sx / n).abs() < 1e-15 && h[3] == 1.0);
}

#[test]
fn full_batches_give_the_full_gradient_and_an_epoch_of_single_samples_averages_to_it() {
    let lr = LinearRegression::generate(64, -1.5, 0.5, 0.3, 11);
    let theta = [0.7, -0.2];
    let mut full = [0.0; 2];
    let value = lr.value_and_gradient(&theta, &mut full);

    let batch = MiniBatch::new(lr.clone(), 64, 5).unwrap();
    let mut g = [0.0; 2];
    for _ in 0..3 {
        batch.gradient(&theta, &mut g);
        for (a, b) in g.iter().zip(&full) {
            assert!(
                (a - b).abs() <= 1e-14 * b.abs().max(1.0),
                "{g:?} vs {full:?}"
            );
        }
    }
    assert!((batch.value(&theta) - value).abs() < 1e-14);

    // Sampling without replacement: one epoch of batch-1 gradients visits every sample
    // once, so their mean is the full gradient, while single ones differ from it.
    let sgd = MiniBatch::new(lr.clone(), 1, 5).unwrap();
    let mut mean = [0.0; 2];
    let mut spread = 0.0_f64;
    for _ in 0..64 {
        sgd.gradient(&theta, &mut g);
        mean[0] += g[0] / 64.0;
        mean[1] += g[1] / 64.0;
        spread = spread.max((g[0] - full[0]).abs());
    }
    assert!((mean[0] - full[0]).abs() < 1e-13 && (mean[1] - full[1]).abs() < 1e-13);
    assert!(spread > 0.1);

    // The finite sum's per-sample values average to J.
    let n = lr.n_samples();
    let mean_value = (0..n).map(|i| lr.sample_value(i, &theta)).sum::<f64>() / n as f64;
    assert!((mean_value - value).abs() < 1e-14);
}

#[test]
fn new_validates_and_degenerate_data_has_no_minimum() {
    assert!(matches!(
        LinearRegression::new(vec![1.0, 2.0], vec![1.0]),
        Err(Error::DimensionMismatch { what: "ys", .. })
    ));
    assert!(matches!(
        LinearRegression::new(vec![1.0, f64::INFINITY], vec![1.0, 2.0]),
        Err(Error::NonFinite {
            what: "xs",
            index: 1
        })
    ));
    let flat = LinearRegression::new(vec![2.0, 2.0, 2.0], vec![1.0, 2.0, 3.0]).unwrap();
    assert!(flat.closed_form().iter().all(|t| t.is_nan()));
    assert!(flat.minima().is_empty());
    // Exact line: y = 3x − 1.
    let exact = LinearRegression::new(vec![0.0, 1.0, 2.0], vec![-1.0, 2.0, 5.0]).unwrap();
    let [a, b] = exact.closed_form();
    assert!((a - 3.0).abs() < 1e-15 && (b + 1.0).abs() < 1e-15);
    assert_eq!(exact.value(&[a, b]), 0.0);
}
