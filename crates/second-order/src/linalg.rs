//! Dense symmetric linear algebra on faer: the only module of the workspace that names
//! faer, so that its API (which changes with every minor release) is met in one place.
//!
//! Matrices are plain column-major `&[f64]` slices of length n², as
//! [`Hessian::hessian`](optim_core::Hessian::hessian) writes them; faer sees them
//! through zero-copy views. Every factorisation is sequential (`Par::Seq`) except
//! Cholesky from n = 800, which runs as two rayon tasks (0.75 of the sequential time
//! at n = 1000 on 2 cores; slower below, see `CHOLESKY_PAR_MIN`), and each owns its
//! scratch memory, so that a method that factors once per iteration allocates nothing
//! after its first step.
//!
//! - [`Cholesky`]: LLᵀ of A + σI, refusing (not repairing) a matrix that is not
//!   positive definite; triangular solves with L and Lᵀ.
//! - [`Lblt`]: the Bunch–Kaufman LBLᵀ factorisation, which never fails (the pure Newton
//!   step on an indefinite Hessian).
//! - [`cholesky_solve`], [`symmetric_eigenvalues`], [`symmetric_eigen`],
//!   [`condition_number`]: one-shot helpers for analysis and tests.
//! - [`SymmetricEigenvalues`]: eigenvalues into reused memory, for a method that needs
//!   the spectrum at every iteration; [`SymmetricEigenvectors`] the same with the
//!   eigenvectors (the |eigenvalue| fallback of the block-diagonal curvatures).
//! - [`Cholesky::solve_columns_in_place`] and [`Cholesky::solve_rows_in_place`]:
//!   (A + σI)⁻¹B and B(A + σI)⁻¹ for a matrix B, the two solves of a K-FAC step.
//!
//! The workspaces are building blocks for code that owns both the matrix and the
//! workspace: a slice whose length disagrees with the workspace's n is a programming
//! error and panics (as does a solve without a factorisation). The one-shot helpers
//! check their input and return [`Error`] instead.
//!
//! faer 0.24 facts this module relies on (checked against its source): its LLᵀ returns
//! `NonPositivePivot` for indefinite and NaN input with the leading columns before the
//! failing pivot already factored; `LltRegularization` is left at its default (off)
//! because it silently returns a wrong L; there is no condition-number routine, so the
//! condition number comes from the eigenvalues.
//!
//! ```
//! use second_order::linalg::{cholesky_solve, condition_number};
//! // Hessian of Rosenbrock at its minimum (1, 1), column-major.
//! let h = [802.0, -400.0, -400.0, 200.0];
//! assert!((condition_number(&h, 2)? - 2508.0096).abs() < 1e-4);
//! let x = cholesky_solve(&h, &[402.0, -200.0])?.expect("positive definite");
//! assert!((x[0] - 1.0).abs() < 1e-12 && (x[1] - 1.0).abs() < 1e-12);
//! # Ok::<(), optim_core::Error>(())
//! ```

use faer::dyn_stack::{MemBuffer, MemStack, StackReq};
use faer::linalg::cholesky::{lblt, llt};
use faer::linalg::evd::{self, ComputeEigenvectors};
use faer::linalg::triangular_solve;
use faer::perm::PermRef;
use faer::prelude::*;
use optim_core::Error;
use optim_core::error::{check_finite, check_len};

const PAR: Par = Par::Seq;

/// From this n the Cholesky factorisation runs as two rayon tasks: measured on 2
/// cores (`cargo bench -p second-order --bench dense_newton`), the step took 0.112,
/// 0.667, 1.98 and 9.37 ms sequentially at n = 200, 400, 600, 1000 against 0.291,
/// 0.987, 2.13 and 6.98 ms as two tasks. LBLᵀ gained nothing at n = 1000 (13.3 ms
/// either way) and stays sequential, as do the O(n²) solves.
const CHOLESKY_PAR_MIN: usize = 800;

/// The parallelism of an n×n Cholesky factorisation: two tasks from
/// [`CHOLESKY_PAR_MIN`], whatever the pool's size, so that the factor's bits depend
/// on n alone (a pool of one thread runs the two tasks one after the other).
fn cholesky_par(n: usize) -> Par {
    if n >= CHOLESKY_PAR_MIN {
        Par::rayon(2)
    } else {
        Par::Seq
    }
}

/// A Cholesky factorisation failed: the matrix is not (numerically) positive definite,
/// or holds a NaN.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotPositiveDefinite {
    /// The (0-based) index of the first pivot that was not positive: the leading
    /// `pivot × pivot` block was factored, the leading `(pivot + 1)`-square one is not
    /// positive definite.
    pub pivot: usize,
}

fn check_square(what: &'static str, a: &[f64], n: usize) -> Result<(), Error> {
    match n.checked_mul(n) {
        Some(nn) => check_len(what, a, nn),
        None => Err(Error::DimensionMismatch {
            what,
            expected: usize::MAX,
            found: a.len(),
        }),
    }
}

/// The Cholesky factorisation A + σI = LLᵀ of a symmetric n×n matrix, in reusable
/// memory.
///
/// Only the lower triangle of A is read. After a successful [`Cholesky::factor`], the
/// lower triangle of [`Cholesky::factor_lower`] holds L; after a failed one, its leading
/// `pivot` columns hold the factor of the leading block.
pub struct Cholesky {
    n: usize,
    l: Vec<f64>,
    mem: MemBuffer,
    ok: bool,
}

impl std::fmt::Debug for Cholesky {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Cholesky")
            .field("n", &self.n)
            .field("factored", &self.ok)
            .finish_non_exhaustive()
    }
}

impl Cholesky {
    /// Workspace for n×n matrices (allocates n² values and faer's scratch, once).
    pub fn new(n: usize) -> Self {
        let req =
            llt::factor::cholesky_in_place_scratch::<f64>(n, cholesky_par(n), Default::default());
        Self {
            n,
            l: vec![0.0; n * n],
            mem: MemBuffer::new(req),
            ok: false,
        }
    }

    /// The dimension n.
    pub fn dim(&self) -> usize {
        self.n
    }

    /// Factors A + `shift`·I. `a` is column-major with length n² (checked by the caller:
    /// a wrong length panics, since this is a building block of the methods, which own
    /// both the matrix and the workspace).
    pub fn factor(&mut self, a: &[f64], shift: f64) -> Result<(), NotPositiveDefinite> {
        let n = self.n;
        assert_eq!(a.len(), n * n, "Cholesky::factor: matrix of the wrong size");
        self.l.copy_from_slice(a);
        if shift != 0.0 {
            for i in 0..n {
                self.l[i * n + i] += shift;
            }
        }
        let l = MatMut::from_column_major_slice_mut(&mut self.l, n, n);
        let stack = MemStack::new(&mut self.mem);
        let result = llt::factor::cholesky_in_place(
            l,
            Default::default(),
            cholesky_par(n),
            stack,
            Default::default(),
        );
        self.ok = result.is_ok();
        result
            .map(|_| ())
            .map_err(
                |llt::factor::LltError::NonPositivePivot { index }| NotPositiveDefinite {
                    pivot: index,
                },
            )
    }

    /// Whether the last [`Cholesky::factor`] succeeded.
    pub fn is_factored(&self) -> bool {
        self.ok
    }

    /// The factor, column-major n×n: L in the lower triangle (the strict upper triangle
    /// holds leftovers of A and means nothing).
    pub fn factor_lower(&self) -> &[f64] {
        &self.l
    }

    /// b ← (A + σI)⁻¹ b, by two triangular solves. Needs a successful factorisation.
    pub fn solve_in_place(&self, b: &mut [f64]) {
        assert!(self.ok, "Cholesky::solve_in_place without a factorisation");
        let n = self.n;
        let l = MatRef::from_column_major_slice(&self.l, n, n);
        let rhs = ColMut::from_slice_mut(b).as_mat_mut();
        llt::solve::solve_in_place(l, rhs, PAR, MemStack::new(&mut []));
    }

    /// B ← (A + σI)⁻¹ B for an n×k column-major B (k = `b.len()` / n): k solves at once,
    /// column by column. Needs a successful factorisation; a length that is not a
    /// multiple of n panics.
    pub fn solve_columns_in_place(&self, b: &mut [f64]) {
        assert!(
            self.ok,
            "Cholesky::solve_columns_in_place without a factorisation"
        );
        let n = self.n;
        assert!(
            n > 0 && b.len() % n == 0,
            "Cholesky::solve_columns_in_place: not n rows"
        );
        let l = MatRef::from_column_major_slice(&self.l, n, n);
        let rhs = MatMut::from_column_major_slice_mut(b, n, b.len() / n);
        llt::solve::solve_in_place(l, rhs, PAR, MemStack::new(&mut []));
    }

    /// B ← B (A + σI)⁻¹ for a k×n column-major B (k = `b.len()` / n): the solve from the
    /// right, as (A + σI)⁻¹ Bᵀ on a transposed view of the same memory (A is
    /// symmetric), so nothing is copied. Needs a successful factorisation; a length
    /// that is not a multiple of n panics.
    pub fn solve_rows_in_place(&self, b: &mut [f64]) {
        assert!(
            self.ok,
            "Cholesky::solve_rows_in_place without a factorisation"
        );
        let n = self.n;
        assert!(
            n > 0 && b.len() % n == 0,
            "Cholesky::solve_rows_in_place: not n columns"
        );
        let l = MatRef::from_column_major_slice(&self.l, n, n);
        let rhs = MatMut::from_column_major_slice_mut(b, b.len() / n, n).transpose_mut();
        llt::solve::solve_in_place(l, rhs, PAR, MemStack::new(&mut []));
    }

    /// b ← L⁻¹ b with the leading k×k block of L, k = `b.len()` ≤ n (all of L when
    /// k = n). Valid on the leading `pivot` columns after a failed factorisation too.
    pub fn solve_lower_in_place(&self, b: &mut [f64]) {
        let k = b.len();
        let l = MatRef::from_column_major_slice(&self.l, self.n, self.n).get(..k, ..k);
        let rhs = ColMut::from_slice_mut(b).as_mat_mut();
        triangular_solve::solve_lower_triangular_in_place(l, rhs, PAR);
    }

    /// b ← L⁻ᵀ b with the leading k×k block of L, k = `b.len()` ≤ n.
    pub fn solve_upper_in_place(&self, b: &mut [f64]) {
        let k = b.len();
        let l = MatRef::from_column_major_slice(&self.l, self.n, self.n).get(..k, ..k);
        let rhs = ColMut::from_slice_mut(b).as_mat_mut();
        triangular_solve::solve_upper_triangular_in_place(l.transpose(), rhs, PAR);
    }
}

/// The Bunch–Kaufman factorisation PAPᵀ = LBLᵀ of a symmetric n×n matrix (B block
/// diagonal with 1×1 and 2×2 blocks), in reusable memory.
///
/// It exists for any symmetric matrix, so it solves the pure Newton system H p = −g
/// whatever the signs of H's eigenvalues. A singular H gives non-finite solutions, which
/// the caller must check.
pub struct Lblt {
    n: usize,
    lb: Vec<f64>,
    subdiag: Vec<f64>,
    perm: Vec<usize>,
    perm_inv: Vec<usize>,
    mem: MemBuffer,
    ok: bool,
}

impl std::fmt::Debug for Lblt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lblt")
            .field("n", &self.n)
            .field("factored", &self.ok)
            .finish_non_exhaustive()
    }
}

impl Lblt {
    /// Workspace for n×n matrices (allocated once).
    pub fn new(n: usize) -> Self {
        let req = StackReq::any_of(&[
            lblt::factor::cholesky_in_place_scratch::<usize, f64>(n, PAR, Default::default()),
            lblt::solve::solve_in_place_scratch::<usize, f64>(n, 1, PAR),
        ]);
        Self {
            n,
            lb: vec![0.0; n * n],
            subdiag: vec![0.0; n],
            perm: vec![0; n],
            perm_inv: vec![0; n],
            mem: MemBuffer::new(req),
            ok: false,
        }
    }

    /// Factors A (lower triangle read; length n², else panics).
    pub fn factor(&mut self, a: &[f64]) {
        let n = self.n;
        assert_eq!(a.len(), n * n, "Lblt::factor: matrix of the wrong size");
        self.lb.copy_from_slice(a);
        let m = MatMut::from_column_major_slice_mut(&mut self.lb, n, n);
        let subdiag = ColMut::from_slice_mut(&mut self.subdiag).as_diagonal_mut();
        lblt::factor::cholesky_in_place(
            m,
            subdiag,
            &mut self.perm,
            &mut self.perm_inv,
            PAR,
            MemStack::new(&mut self.mem),
            Default::default(),
        );
        self.ok = true;
    }

    /// b ← A⁻¹ b. Needs a factorisation; non-finite entries mean A was singular.
    pub fn solve_in_place(&mut self, b: &mut [f64]) {
        assert!(self.ok, "Lblt::solve_in_place without a factorisation");
        let n = self.n;
        let m = MatRef::from_column_major_slice(&self.lb, n, n);
        let subdiag = ColRef::from_slice(&self.subdiag).as_diagonal();
        let perm = PermRef::new_checked(&self.perm, &self.perm_inv, n);
        let rhs = ColMut::from_slice_mut(b).as_mat_mut();
        lblt::solve::solve_in_place(
            m,
            m.diagonal(),
            subdiag,
            perm,
            rhs,
            PAR,
            MemStack::new(&mut self.mem),
        );
    }
}

/// Solves A x = b for a symmetric positive definite A (column-major, n = `b.len()`).
///
/// `Ok(None)` when A is not positive definite (Cholesky met a non-positive pivot);
/// `Err` for a wrong length or a non-finite entry.
pub fn cholesky_solve(a: &[f64], b: &[f64]) -> Result<Option<Vec<f64>>, Error> {
    let n = b.len();
    check_square("a", a, n)?;
    check_finite("a", a)?;
    check_finite("b", b)?;
    let mut chol = Cholesky::new(n);
    if chol.factor(a, 0.0).is_err() {
        return Ok(None);
    }
    let mut x = b.to_vec();
    chol.solve_in_place(&mut x);
    Ok(Some(x))
}

/// Eigenvalues of symmetric n×n matrices, into reused memory.
///
/// ```
/// use second_order::linalg::SymmetricEigenvalues;
/// let mut eig = SymmetricEigenvalues::new(2);
/// let lambda = eig.compute(&[2.0, 1.0, 1.0, 2.0]);
/// assert!((lambda[0] - 1.0).abs() < 1e-14 && (lambda[1] - 3.0).abs() < 1e-14);
/// ```
pub struct SymmetricEigenvalues {
    n: usize,
    values: Vec<f64>,
    mem: MemBuffer,
}

impl std::fmt::Debug for SymmetricEigenvalues {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SymmetricEigenvalues")
            .field("n", &self.n)
            .finish_non_exhaustive()
    }
}

impl SymmetricEigenvalues {
    /// Workspace for n×n matrices (allocated once).
    pub fn new(n: usize) -> Self {
        let req = evd::self_adjoint_evd_scratch::<f64>(
            n,
            ComputeEigenvectors::No,
            PAR,
            Default::default(),
        );
        Self {
            n,
            values: vec![0.0; n],
            mem: MemBuffer::new(req),
        }
    }

    /// The eigenvalues of A (lower triangle read; length n², else panics), ascending.
    ///
    /// faer reports non-convergence of its QR iteration only after ~32·n² sweeps
    /// (never seen on finite input); the values are then all NaN.
    pub fn compute(&mut self, a: &[f64]) -> &[f64] {
        let n = self.n;
        assert_eq!(
            a.len(),
            n * n,
            "SymmetricEigenvalues: matrix of the wrong size"
        );
        let m = MatRef::from_column_major_slice(a, n, n);
        let s = ColMut::from_slice_mut(&mut self.values).as_diagonal_mut();
        let ok = evd::self_adjoint_evd(
            m,
            s,
            None,
            PAR,
            MemStack::new(&mut self.mem),
            Default::default(),
        );
        if ok.is_err() {
            self.values.fill(f64::NAN);
        }
        self.values.sort_by(f64::total_cmp);
        &self.values
    }
}

/// Eigenvalues and orthonormal eigenvectors of symmetric n×n matrices, into reused
/// memory: [`symmetric_eigen`] for a method that decomposes at every iteration.
///
/// ```
/// use second_order::linalg::SymmetricEigenvectors;
/// let mut eig = SymmetricEigenvectors::new(2);
/// let (lambda, q) = eig.compute(&[2.0, 1.0, 1.0, 2.0]);
/// assert!((lambda[0] - 1.0).abs() < 1e-14 && (lambda[1] - 3.0).abs() < 1e-14);
/// // q's column 1 belongs to λ = 3: ±(1, 1)/√2.
/// assert!((q[2].abs() - 0.5f64.sqrt()).abs() < 1e-14 && (q[2] - q[3]).abs() < 1e-14);
/// ```
pub struct SymmetricEigenvectors {
    n: usize,
    values: Vec<f64>,
    vectors: Vec<f64>,
    mem: MemBuffer,
}

impl std::fmt::Debug for SymmetricEigenvectors {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SymmetricEigenvectors")
            .field("n", &self.n)
            .finish_non_exhaustive()
    }
}

impl SymmetricEigenvectors {
    /// Workspace for n×n matrices (allocated once).
    pub fn new(n: usize) -> Self {
        let req = evd::self_adjoint_evd_scratch::<f64>(
            n,
            ComputeEigenvectors::Yes,
            PAR,
            Default::default(),
        );
        Self {
            n,
            values: vec![0.0; n],
            vectors: vec![0.0; n * n],
            mem: MemBuffer::new(req),
        }
    }

    /// The eigenvalues of A (lower triangle read; length n², else panics), in faer's
    /// order (ascending), and the orthonormal eigenvectors, column-major: column i
    /// belongs to value i. Both are NaN if faer's QR iteration did not converge (never
    /// seen on finite input).
    pub fn compute(&mut self, a: &[f64]) -> (&[f64], &[f64]) {
        let n = self.n;
        assert_eq!(
            a.len(),
            n * n,
            "SymmetricEigenvectors: matrix of the wrong size"
        );
        let ok = evd::self_adjoint_evd(
            MatRef::from_column_major_slice(a, n, n),
            ColMut::from_slice_mut(&mut self.values).as_diagonal_mut(),
            Some(MatMut::from_column_major_slice_mut(&mut self.vectors, n, n)),
            PAR,
            MemStack::new(&mut self.mem),
            Default::default(),
        );
        if ok.is_err() {
            self.values.fill(f64::NAN);
            self.vectors.fill(f64::NAN);
        }
        (&self.values, &self.vectors)
    }
}

/// The eigenvalues of a symmetric n×n matrix (column-major), ascending.
///
/// `Err` for a wrong length or a non-finite entry.
pub fn symmetric_eigenvalues(a: &[f64], n: usize) -> Result<Vec<f64>, Error> {
    check_square("a", a, n)?;
    check_finite("a", a)?;
    Ok(SymmetricEigenvalues::new(n).compute(a).to_vec())
}

/// Eigenvalues and eigenvectors of a symmetric matrix.
#[derive(Debug, Clone, PartialEq)]
pub struct SymmetricEigen {
    /// The eigenvalues λ₁ ≤ … ≤ λₙ.
    pub values: Vec<f64>,
    /// The orthonormal eigenvectors, column-major: column i belongs to `values[i]`.
    pub vectors: Vec<f64>,
}

impl SymmetricEigen {
    /// The eigenvector of `values[i]`.
    pub fn vector(&self, i: usize) -> &[f64] {
        let n = self.values.len();
        &self.vectors[i * n..(i + 1) * n]
    }
}

/// Eigenvalues (ascending) and orthonormal eigenvectors of a symmetric n×n matrix.
///
/// `Err` for a wrong length or a non-finite entry.
pub fn symmetric_eigen(a: &[f64], n: usize) -> Result<SymmetricEigen, Error> {
    check_square("a", a, n)?;
    check_finite("a", a)?;
    let req =
        evd::self_adjoint_evd_scratch::<f64>(n, ComputeEigenvectors::Yes, PAR, Default::default());
    let mut mem = MemBuffer::new(req);
    let mut values = vec![0.0; n];
    let mut vectors = vec![0.0; n * n];
    let ok = evd::self_adjoint_evd(
        MatRef::from_column_major_slice(a, n, n),
        ColMut::from_slice_mut(&mut values).as_diagonal_mut(),
        Some(MatMut::from_column_major_slice_mut(&mut vectors, n, n)),
        PAR,
        MemStack::new(&mut mem),
        Default::default(),
    );
    if ok.is_err() {
        values.fill(f64::NAN);
        vectors.fill(f64::NAN);
    }
    Ok(SymmetricEigen { values, vectors })
}

/// The 2-norm condition number max|λ| / min|λ| of a symmetric n×n matrix (what
/// `numpy.linalg.cond` computes from singular values); +∞ for a singular matrix.
///
/// `Err` for a wrong length or a non-finite entry.
pub fn condition_number(a: &[f64], n: usize) -> Result<f64, Error> {
    let lambda = symmetric_eigenvalues(a, n)?;
    Ok(condition_of(&lambda))
}

/// max|λ| / min|λ| of a list of eigenvalues (+∞ when one is 0, NaN when empty).
pub fn condition_of(lambda: &[f64]) -> f64 {
    let (lo, hi) = lambda.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), l| {
        (lo.min(l.abs()), hi.max(l.abs()))
    });
    if lambda.is_empty() {
        f64::NAN
    } else if lo == 0.0 {
        f64::INFINITY
    } else {
        hi / lo
    }
}

/// y ← A x for an n×n column-major A (n = `x.len()`); all of A is read.
pub fn mat_vec(a: &[f64], x: &[f64], y: &mut [f64]) {
    let n = x.len();
    debug_assert_eq!(a.len(), n * n);
    y.fill(0.0);
    for (col, &xj) in a.chunks_exact(n.max(1)).zip(x) {
        for (yi, aij) in y.iter_mut().zip(col) {
            *yi += aij * xj;
        }
    }
}

/// xᵀ A x for an n×n column-major A.
pub fn quadratic_form(a: &[f64], x: &[f64]) -> f64 {
    let n = x.len();
    a.chunks_exact(n.max(1))
        .zip(x)
        .map(|(col, &xj)| xj * optim_core::vector::dot(col, x))
        .sum()
}

#[cfg(test)]
mod tests;

/// The saved form of the factorisations (feature `serde`): their factors and flags,
/// without faer's scratch memory, which is allocated anew on reading. A resumed run
/// that reuses a factor (a trust-region solve after a rejected step) then reads the
/// same bits it would have read without the pause.
#[cfg(feature = "serde")]
mod saved {
    use serde::de::Error as _;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    use super::{Cholesky, Lblt, SymmetricEigenvectors};

    fn square<E: serde::de::Error>(what: &str, n: usize, len: usize) -> Result<(), E> {
        if n.checked_mul(n) == Some(len) {
            Ok(())
        } else {
            Err(E::custom(format!(
                "{what}: {len} entries for an {n}×{n} matrix"
            )))
        }
    }

    #[derive(Serialize, Deserialize)]
    struct SavedCholesky {
        n: usize,
        #[serde(with = "optim_core::serde_float::vec")]
        l: Vec<f64>,
        ok: bool,
    }

    impl Serialize for Cholesky {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            SavedCholesky {
                n: self.n,
                l: self.l.clone(),
                ok: self.ok,
            }
            .serialize(s)
        }
    }

    impl<'de> Deserialize<'de> for Cholesky {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let saved = SavedCholesky::deserialize(d)?;
            square::<D::Error>("Cholesky factor", saved.n, saved.l.len())?;
            let mut chol = Cholesky::new(saved.n);
            chol.l = saved.l;
            chol.ok = saved.ok;
            Ok(chol)
        }
    }

    #[derive(Serialize, Deserialize)]
    struct SavedLblt {
        n: usize,
        #[serde(with = "optim_core::serde_float::vec")]
        lb: Vec<f64>,
        #[serde(with = "optim_core::serde_float::vec")]
        subdiag: Vec<f64>,
        perm: Vec<usize>,
        perm_inv: Vec<usize>,
        ok: bool,
    }

    impl Serialize for Lblt {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            SavedLblt {
                n: self.n,
                lb: self.lb.clone(),
                subdiag: self.subdiag.clone(),
                perm: self.perm.clone(),
                perm_inv: self.perm_inv.clone(),
                ok: self.ok,
            }
            .serialize(s)
        }
    }

    impl<'de> Deserialize<'de> for Lblt {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let saved = SavedLblt::deserialize(d)?;
            let n = saved.n;
            square::<D::Error>("LBLᵀ factor", n, saved.lb.len())?;
            let permutation = |p: &[usize]| p.len() == n && p.iter().all(|&i| i < n);
            if saved.subdiag.len() != n
                || !permutation(&saved.perm)
                || !permutation(&saved.perm_inv)
            {
                return Err(D::Error::custom(
                    "LBLᵀ factor: sub-diagonal or permutation of the wrong size",
                ));
            }
            let mut lblt = Lblt::new(n);
            lblt.lb = saved.lb;
            lblt.subdiag = saved.subdiag;
            lblt.perm = saved.perm;
            lblt.perm_inv = saved.perm_inv;
            lblt.ok = saved.ok;
            Ok(lblt)
        }
    }

    #[derive(Serialize, Deserialize)]
    struct SavedEigenvectors {
        n: usize,
        #[serde(with = "optim_core::serde_float::vec")]
        values: Vec<f64>,
        #[serde(with = "optim_core::serde_float::vec")]
        vectors: Vec<f64>,
    }

    impl Serialize for SymmetricEigenvectors {
        fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
            SavedEigenvectors {
                n: self.n,
                values: self.values.clone(),
                vectors: self.vectors.clone(),
            }
            .serialize(s)
        }
    }

    impl<'de> Deserialize<'de> for SymmetricEigenvectors {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let saved = SavedEigenvectors::deserialize(d)?;
            let n = saved.n;
            square::<D::Error>("eigenvectors", n, saved.vectors.len())?;
            if saved.values.len() != n {
                return Err(D::Error::custom("eigenvalues of the wrong length"));
            }
            let mut eigen = SymmetricEigenvectors::new(n);
            eigen.values = saved.values;
            eigen.vectors = saved.vectors;
            Ok(eigen)
        }
    }
}
