//! How good an approximation is, for the docs and figures: the dense matrix of Â
//! ([`dense_matrix`], [`approximation_at`]), its relative Frobenius error against the
//! Hessian ([`relative_frobenius_error`]), and the dense assembly of blocks
//! ([`block_diag`], scipy's `scipy.linalg.block_diag`).
//!
//! ```text
//! Â = [Â e₁ | … | Â eₙ]                n products with the unit vectors (Curvature::apply)
//! error = ‖Â − H‖_F / ‖H‖_F,           ‖M‖_F = (Σᵢⱼ mᵢⱼ²)^½
//! ```
//!
//! These allocate and cost n products: small problems only, never inside a run.
//!
//! ```
//! use optim_core::FnObjective;
//! use second_order::curvature::hessian_diagonal::HessianDiagonal;
//! use second_order::curvature::quality::{approximation_at, relative_frobenius_error};
//!
//! // H = [[2, 1], [1, 2]]: the diagonal misses the two 1s, ‖Â − H‖_F/‖H‖_F = √2/√10.
//! let h = [2.0, 1.0, 1.0, 2.0];
//! let f = FnObjective::new(2, |x: &[f64]| x[0] * x[0] + x[0] * x[1] + x[1] * x[1],
//!                          |x: &[f64], g: &mut [f64]| { g[0] = 2.0 * x[0] + x[1]; g[1] = x[0] + 2.0 * x[1]; })
//!     .with_hessian(move |_: &[f64], out: &mut [f64]| out.copy_from_slice(&h));
//! let a = approximation_at(&HessianDiagonal, &f, &[0.0, 0.0])?;
//! assert_eq!(a, [2.0, 0.0, 0.0, 2.0]);
//! let e = relative_frobenius_error(&a, &h)?;
//! assert!((e - (2.0f64 / 10.0).sqrt()).abs() < 1e-15);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::{check_finite, check_len};
use optim_core::{Error, Objective, Problem};

use super::Curvature;

/// The dense matrix of Â in `state`, n×n column-major (n = `x.len()`), from n calls of
/// [`Curvature::apply`] with the unit vectors (counted by `problem` when `apply`
/// evaluates products).
pub fn dense_matrix<O, C>(
    curvature: &C,
    problem: &Problem<'_, O>,
    x: &[f64],
    state: &mut C::State,
) -> Vec<f64>
where
    O: ?Sized,
    C: Curvature<O> + ?Sized,
{
    let n = x.len();
    let mut a = vec![0.0; n * n];
    let mut e = vec![0.0; n];
    for (j, column) in a.chunks_exact_mut(n.max(1)).enumerate().take(n) {
        e[j] = 1.0;
        curvature.apply(problem, x, state, &e, column);
        e[j] = 0.0;
    }
    a
}

/// The dense matrix of Â at `x`, n×n column-major: a fresh state, one refresh at
/// `x`, then [`dense_matrix`]. `Err` when the configuration is invalid for the
/// objective or x has the wrong length or is not finite.
pub fn approximation_at<O, C>(curvature: &C, objective: &O, x: &[f64]) -> Result<Vec<f64>, Error>
where
    O: Objective + ?Sized,
    C: Curvature<O> + ?Sized,
{
    check_len("x", x, objective.dim())?;
    check_finite("x", x)?;
    let problem = Problem::new(objective);
    let mut state = curvature.init(&problem, x)?;
    curvature.refresh(&problem, x, &mut state)?;
    Ok(dense_matrix(curvature, &problem, x, &mut state))
}

/// ‖Â − H‖_F / ‖H‖_F for two matrices of the same length (any layout, the same for
/// both): 0 when they agree, +∞ when H = 0 and Â ≠ 0 (0 when both are 0). `Err` for
/// lengths that differ.
pub fn relative_frobenius_error(approximation: &[f64], exact: &[f64]) -> Result<f64, Error> {
    check_len("approximation", approximation, exact.len())?;
    let difference: f64 = approximation
        .iter()
        .zip(exact)
        .map(|(a, h)| (a - h) * (a - h))
        .sum();
    let scale: f64 = exact.iter().map(|h| h * h).sum();
    Ok(if scale > 0.0 {
        (difference / scale).sqrt()
    } else if difference == 0.0 {
        0.0
    } else {
        f64::INFINITY
    })
}

/// A dense matrix, `rows × cols` in column-major order (as
/// [`Hessian::hessian`](optim_core::Hessian::hessian) writes them).
#[derive(Debug, Clone, PartialEq)]
pub struct DenseMatrix {
    /// The number of rows.
    pub rows: usize,
    /// The number of columns.
    pub cols: usize,
    /// The entries, column-major: entry (i, j) at `j * rows + i`.
    pub data: Vec<f64>,
}

impl DenseMatrix {
    /// Entry (i, j).
    pub fn get(&self, i: usize, j: usize) -> f64 {
        self.data[j * self.rows + i]
    }

    /// The rows, each a `Vec` of `cols` entries (as NumPy prints a matrix).
    pub fn to_rows(&self) -> Vec<Vec<f64>> {
        (0..self.rows)
            .map(|i| (0..self.cols).map(|j| self.get(i, j)).collect())
            .collect()
    }
}

/// The block-diagonal matrix of `blocks`, each a list of rows (rectangular blocks
/// allowed), as `scipy.linalg.block_diag`: block k occupies rows and columns after
/// those of blocks 0..k, zeros elsewhere. scipy's 1-D argument `[7, 7]` is a block of
/// one row here, `&[&[7.0, 7.0]]`. `Err` for a block whose rows differ in length.
///
/// ```
/// use second_order::curvature::quality::block_diag;
/// let m = block_diag(&[&[&[1.0, 2.0]], &[&[3.0], &[4.0]]])?;
/// assert_eq!(m.to_rows(), [[1.0, 2.0, 0.0], [0.0, 0.0, 3.0], [0.0, 0.0, 4.0]]);
/// # Ok::<(), optim_core::Error>(())
/// ```
pub fn block_diag(blocks: &[&[&[f64]]]) -> Result<DenseMatrix, Error> {
    let width = |block: &[&[f64]]| block.first().map_or(0, |row| row.len());
    for block in blocks {
        let w = width(block);
        for row in block.iter() {
            check_len("block row", row, w)?;
        }
    }
    let rows: usize = blocks.iter().map(|b| b.len()).sum();
    let cols: usize = blocks.iter().map(|b| width(b)).sum();
    let mut data = vec![0.0; rows * cols];
    let (mut r0, mut c0) = (0, 0);
    for block in blocks {
        for (i, row) in block.iter().enumerate() {
            for (j, &v) in row.iter().enumerate() {
                data[(c0 + j) * rows + r0 + i] = v;
            }
        }
        r0 += block.len();
        c0 += width(block);
    }
    Ok(DenseMatrix { rows, cols, data })
}
