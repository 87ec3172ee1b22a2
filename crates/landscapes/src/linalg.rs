//! The one dense factorisation this crate needs: Cholesky, for SPD solves of small
//! systems (a quadratic's minimiser, Newton steps on a few wells, 2×2 normal equations).
//!
//! Written here rather than borrowed from faer because the landscapes must not depend
//! on faer (only `second-order` does; its API changes every minor release).

/// The lower Cholesky factor L (column-major, n×n, zeros above the diagonal) of the
/// symmetric matrix `a` (column-major; only its lower triangle is read), or `None` when
/// `a` is not numerically positive definite: a pivot is not finite or not above
/// n·ε·max|aᵢᵢ|, the size of the rounding error a singular matrix leaves in it.
pub(crate) fn cholesky(a: &[f64], n: usize) -> Option<Vec<f64>> {
    let diag = (0..n).fold(0.0_f64, |m, j| m.max(a[j * n + j].abs()));
    let tiny = n as f64 * f64::EPSILON * diag;
    let mut l = vec![0.0; n * n];
    for j in 0..n {
        let mut d = a[j * n + j];
        for k in 0..j {
            d -= l[k * n + j] * l[k * n + j];
        }
        // `!(d > tiny)` also rejects NaN.
        if !(d > tiny && d.is_finite()) {
            return None;
        }
        let d = d.sqrt();
        l[j * n + j] = d;
        for i in j + 1..n {
            let mut s = a[j * n + i];
            for k in 0..j {
                s -= l[k * n + i] * l[k * n + j];
            }
            l[j * n + i] = s / d;
        }
    }
    Some(l)
}

/// Solves L Lᵀ x = b in place (`x` holds b on entry), L from [`cholesky`].
pub(crate) fn cholesky_solve(l: &[f64], n: usize, x: &mut [f64]) {
    // Forward: L y = b.
    for j in 0..n {
        x[j] /= l[j * n + j];
        let yj = x[j];
        for i in j + 1..n {
            x[i] -= l[j * n + i] * yj;
        }
    }
    // Backward: Lᵀ x = y; row j of Lᵀ is column j of L.
    for j in (0..n).rev() {
        let mut s = x[j];
        for i in j + 1..n {
            s -= l[j * n + i] * x[i];
        }
        x[j] = s / l[j * n + j];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn solves_a_3x3_spd_system() {
        // A = [[4, 2, 0], [2, 5, 1], [0, 1, 3]], x = (1, −2, 3) → b = A x.
        let a = [4.0, 2.0, 0.0, 2.0, 5.0, 1.0, 0.0, 1.0, 3.0];
        let l = cholesky(&a, 3).unwrap();
        assert_eq!(l[0], 2.0);
        let mut x = [0.0, -5.0, 7.0];
        cholesky_solve(&l, 3, &mut x);
        for (xi, want) in x.iter().zip([1.0, -2.0, 3.0]) {
            assert!((xi - want).abs() < 1e-14, "{x:?}");
        }
    }

    #[test]
    fn rejects_indefinite_and_nan() {
        assert!(cholesky(&[1.0, 0.0, 0.0, -1.0], 2).is_none());
        assert!(cholesky(&[f64::NAN], 1).is_none());
        // Singular: rounding leaves a pivot of ~1e-17 instead of 0.
        assert!(cholesky(&[2.0, -1.0, -1.0, 0.5], 2).is_none());
    }
}
