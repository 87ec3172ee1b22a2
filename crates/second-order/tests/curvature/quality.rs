//! The measuring tools: scipy's `block_diag` example, the relative Frobenius error on a
//! structured case worked out by hand, and the test-side Kronecker product checked
//! against numpy.

use second_order::curvature::hessian_diagonal::HessianDiagonal;
use second_order::curvature::quality::{approximation_at, block_diag, relative_frobenius_error};

use super::models::{Quadratic, kron};

/// The blog *A journey into optimization algorithms* shows
/// `scipy.linalg.block_diag([[1, 0], [0, 1]], [[2, 3, 4], [5, 6, 7]], [7, 7])`; scipy
/// prints this 5 × 7 matrix (the 1-D [7, 7] is one row). Catches blocks placed on the
/// square diagonal instead of after the previous block's rows *and* columns.
#[test]
fn block_diag_reproduces_scipy() {
    let m = block_diag(&[
        &[&[1.0, 0.0], &[0.0, 1.0]],
        &[&[2.0, 3.0, 4.0], &[5.0, 6.0, 7.0]],
        &[&[7.0, 7.0]],
    ])
    .unwrap();
    let scipy: [[f64; 7]; 5] = [
        [1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0],
        [0.0, 0.0, 2.0, 3.0, 4.0, 0.0, 0.0],
        [0.0, 0.0, 5.0, 6.0, 7.0, 0.0, 0.0],
        [0.0, 0.0, 0.0, 0.0, 0.0, 7.0, 7.0],
    ];
    assert_eq!((m.rows, m.cols), (5, 7));
    assert_eq!(m.to_rows(), scipy.map(|r| r.to_vec()).to_vec());
    // A ragged block is refused.
    assert!(block_diag(&[&[&[1.0, 2.0], &[3.0]]]).is_err());
}

/// H = [[4, 1, 0.5], [1, 3, 0.2], [0.5, 0.2, 2]]: ‖H‖_F² = 16 + 9 + 4 + 2(1 + 0.25 +
/// 0.04) = 31.58. The diagonal drops all off-diagonal entries, 2.58 of it:
/// error = √(2.58/31.58) = 0.28583… Catches a norm without the square root, an error
/// relative to Â instead of H.
#[test]
fn the_relative_frobenius_error_of_the_diagonal() {
    let h = vec![4.0, 1.0, 0.5, 1.0, 3.0, 0.2, 0.5, 0.2, 2.0];
    let f = Quadratic::with_minimiser(h.clone(), &[0.0; 3]);
    let a = approximation_at(&HessianDiagonal, &f, &[0.0; 3]).unwrap();
    assert_eq!(a, [4.0, 0.0, 0.0, 0.0, 3.0, 0.0, 0.0, 0.0, 2.0]);
    let e = relative_frobenius_error(&a, &h).unwrap();
    assert!((e - (2.58f64 / 31.58).sqrt()).abs() < 1e-15, "{e}");
    assert_eq!(relative_frobenius_error(&h, &h).unwrap(), 0.0);
    assert_eq!(relative_frobenius_error(&[0.0; 4], &[0.0; 4]).unwrap(), 0.0);
    assert_eq!(
        relative_frobenius_error(&[1.0; 4], &[0.0; 4]).unwrap(),
        f64::INFINITY
    );
    assert!(relative_frobenius_error(&[1.0; 3], &[0.0; 4]).is_err());
}

/// numpy.kron([[1, 2], [3, 4]], [[0, 5], [6, 7]]) =
/// [[0, 5, 0, 10], [6, 7, 12, 14], [0, 15, 0, 20], [18, 21, 24, 28]]: the test models'
/// Kronecker product has numpy's layout (stored column-major here).
#[test]
fn the_test_kronecker_product_is_numpys() {
    let a = [1.0, 3.0, 2.0, 4.0]; // [[1, 2], [3, 4]] column-major
    let b = [0.0, 6.0, 5.0, 7.0]; // [[0, 5], [6, 7]]
    let k = kron(&a, 2, &b, 2);
    let rows = [
        [0.0, 5.0, 0.0, 10.0],
        [6.0, 7.0, 12.0, 14.0],
        [0.0, 15.0, 0.0, 20.0],
        [18.0, 21.0, 24.0, 28.0],
    ];
    for (i, row) in rows.iter().enumerate() {
        for (j, v) in row.iter().enumerate() {
            assert_eq!(k[j * 4 + i], *v, "({i}, {j})");
        }
    }
}
