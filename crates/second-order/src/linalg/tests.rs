//! Unit tests of [`super`]: factorisations against products, eigenvalues against
//! matrices built with known spectra.

use super::*;

/// A symmetric matrix with prescribed eigenvalues: Q diag(λ) Qᵀ with Q a product
/// of Givens rotations.
fn with_eigenvalues(lambda: &[f64]) -> Vec<f64> {
    let n = lambda.len();
    let mut a = vec![0.0; n * n];
    for i in 0..n {
        a[i * n + i] = lambda[i];
    }
    for (p, q, t) in [(0, 1, 0.3), (1, 2, -0.7), (0, 3, 1.1), (2, 3, 0.4)] {
        if q >= n {
            continue;
        }
        let (s, c) = f64::sin_cos(t);
        // A ← G A Gᵀ with G the rotation in the (p, q) plane.
        for j in 0..n {
            let (ap, aq) = (a[j * n + p], a[j * n + q]);
            a[j * n + p] = c * ap - s * aq;
            a[j * n + q] = s * ap + c * aq;
        }
        for i in 0..n {
            let (ap, aq) = (a[p * n + i], a[q * n + i]);
            a[p * n + i] = c * ap - s * aq;
            a[q * n + i] = s * ap + c * aq;
        }
    }
    a
}

#[test]
fn cholesky_solves_and_refuses_indefinite() {
    let a = with_eigenvalues(&[1.0, 2.0, 5.0, 10.0]);
    let b = [1.0, -2.0, 3.0, 0.5];
    let x = cholesky_solve(&a, &b).unwrap().unwrap();
    let mut ax = [0.0; 4];
    mat_vec(&a, &x, &mut ax);
    for (l, r) in ax.iter().zip(&b) {
        assert!((l - r).abs() < 1e-13, "{ax:?}");
    }
    let indefinite = with_eigenvalues(&[-1.0, 2.0, 5.0, 10.0]);
    assert_eq!(cholesky_solve(&indefinite, &b).unwrap(), None);
    let mut nan = a.clone();
    nan[1] = f64::NAN;
    assert!(matches!(
        cholesky_solve(&nan, &b),
        Err(Error::NonFinite {
            what: "a",
            index: 1
        })
    ));
    // NaN reaching the factorisation itself is refused, not propagated.
    let mut chol = Cholesky::new(4);
    assert!(chol.factor(&nan, 0.0).is_err());
    assert!(matches!(
        cholesky_solve(&a, &b[..3]),
        Err(Error::DimensionMismatch {
            what: "a",
            expected: 9,
            found: 16
        })
    ));
}

#[test]
fn failed_cholesky_keeps_the_leading_factor() {
    // Leading 3×3 block positive definite, the 4×4 matrix not.
    let mut a = with_eigenvalues(&[1.0, 2.0, 5.0]);
    let n = 4;
    let mut big = vec![0.0; n * n];
    for j in 0..3 {
        for i in 0..3 {
            big[j * n + i] = a[j * 3 + i];
        }
    }
    big[3] = 1.0; // A[3, 0]
    big[3 * n] = 1.0; // A[0, 3]
    big[15] = -0.5;
    a = big;
    let mut chol = Cholesky::new(n);
    assert_eq!(chol.factor(&a, 0.0), Err(NotPositiveDefinite { pivot: 3 }));
    let l = chol.factor_lower();
    for i in 0..3 {
        for j in 0..=i {
            let llt: f64 = (0..=j).map(|k| l[k * n + i] * l[k * n + j]).sum();
            assert!((llt - a[j * n + i]).abs() < 1e-13, "({i}, {j})");
        }
    }
    // A shift makes it positive definite, and the triangular solves compose.
    chol.factor(&a, 3.0).unwrap();
    let b = [1.0, 2.0, 3.0, 4.0];
    let mut x = b;
    chol.solve_lower_in_place(&mut x);
    chol.solve_upper_in_place(&mut x);
    let mut y = b;
    chol.solve_in_place(&mut y);
    for (p, q) in x.iter().zip(&y) {
        assert!((p - q).abs() < 1e-14);
    }
}

#[test]
fn lblt_solves_indefinite_systems() {
    let a = with_eigenvalues(&[-3.0, -0.5, 2.0, 7.0]);
    let b = [0.3, -1.0, 2.0, 1.5];
    let mut f = Lblt::new(4);
    f.factor(&a);
    let mut x = b;
    f.solve_in_place(&mut x);
    let mut ax = [0.0; 4];
    mat_vec(&a, &x, &mut ax);
    for (l, r) in ax.iter().zip(&b) {
        assert!((l - r).abs() < 1e-13, "{ax:?}");
    }
}

#[test]
fn eigenvalues_condition_and_vectors() {
    let lambda = [-4.0, 0.25, 1.0, 3.0];
    let a = with_eigenvalues(&lambda);
    let got = symmetric_eigenvalues(&a, 4).unwrap();
    for (g, l) in got.iter().zip(&lambda) {
        assert!((g - l).abs() < 1e-13, "{got:?}");
    }
    assert!((condition_number(&a, 4).unwrap() - 16.0).abs() < 1e-11);
    let e = symmetric_eigen(&a, 4).unwrap();
    for i in 0..4 {
        let v = e.vector(i);
        let mut av = [0.0; 4];
        mat_vec(&a, v, &mut av);
        for k in 0..4 {
            assert!((av[k] - e.values[i] * v[k]).abs() < 1e-13);
        }
    }
    let singular = with_eigenvalues(&[0.0, 1.0]);
    assert!(condition_number(&singular, 2).unwrap() > 1e15);
    assert_eq!(condition_of(&[0.0, 2.0]), f64::INFINITY);
    // Rosenbrock at (1, 1): *Gradient Descent Optimizations* prints cond = 2508.0096.
    let h = [802.0, -400.0, -400.0, 200.0];
    let c = condition_number(&h, 2).unwrap();
    assert!((c - 2508.0096012773).abs() < 1e-6, "{c}");
    assert!((quadratic_form(&h, &[1.0, 1.0]) - 202.0).abs() < 1e-12);
}

#[test]
fn cholesky_solves_from_the_left_and_from_the_right() {
    // A = [[4, 2], [2, 3]] (det 8), A⁻¹ = [[3, −2], [−2, 4]]/8.
    let a = [4.0, 2.0, 2.0, 3.0];
    let mut chol = Cholesky::new(2);
    chol.factor(&a, 0.0).unwrap();
    // B = [[1, 0, 2], [0, 1, −1]] (2×3, column-major): A⁻¹B column by column.
    let mut b = [1.0, 0.0, 0.0, 1.0, 2.0, -1.0];
    chol.solve_columns_in_place(&mut b);
    let want = [3.0, -2.0, -2.0, 4.0, 8.0, -8.0].map(|v| v / 8.0);
    for (g, w) in b.iter().zip(&want) {
        assert!((g - w).abs() < 1e-15, "{b:?}");
    }
    // C = [[1, 0], [0, 1], [2, −1]] (3×2, column-major): C A⁻¹ = (A⁻¹ Cᵀ)ᵀ.
    let mut c = [1.0, 0.0, 2.0, 0.0, 1.0, -1.0];
    chol.solve_rows_in_place(&mut c);
    let want = [3.0, -2.0, 8.0, -2.0, 4.0, -8.0].map(|v| v / 8.0);
    for (g, w) in c.iter().zip(&want) {
        assert!((g - w).abs() < 1e-15, "{c:?}");
    }
}

#[test]
fn eigenvectors_into_reused_memory_reconstruct_the_matrix() {
    let lambda = [-4.0, 0.25, 1.0, 3.0];
    let a = with_eigenvalues(&lambda);
    let mut eig = SymmetricEigenvectors::new(4);
    for _ in 0..2 {
        let (values, q) = eig.compute(&a);
        for (g, l) in values.iter().zip(&lambda) {
            assert!((g - l).abs() < 1e-13, "{values:?}");
        }
        // Q diag(λ) Qᵀ = A.
        for i in 0..4 {
            for j in 0..4 {
                let qlq: f64 = (0..4)
                    .map(|k| q[k * 4 + i] * values[k] * q[k * 4 + j])
                    .sum();
                assert!((qlq - a[j * 4 + i]).abs() < 1e-13);
            }
        }
    }
}
