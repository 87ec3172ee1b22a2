//! The vector kernels every method needs, written once: dot products and norms,
//! `axpy`, and the fused passes of the large-scale methods (the Gram rows of L-BFGS,
//! the linear combination that forms its direction).
//!
//! **One rounding, whatever the machine and the thread count.** A sum is taken in a
//! fixed order that depends on the length alone:
//!
//! - below 16 elements, a running sum from the first term to the last, as BLAS's
//!   `ddot` (numpy's `dot`) sums such short vectors and its tails: small problems
//!   round as in scipy, and the course's 2-D runs keep their iterates;
//! - within a leaf of at most [`LEAF`] elements, element i goes to accumulator
//!   i mod 8, and the eight accumulators are added pairwise,
//!   ((a₀+a₁)+(a₂+a₃))+((a₄+a₅)+(a₆+a₇));
//! - longer vectors are halved at a multiple of [`LEAF`] (half the leaves, rounded
//!   down, to the left) until the pieces are leaves, and the halves' sums added.
//!
//! The eight accumulators are what lets the CPU keep eight additions in flight
//! instead of waiting for each (a single running sum is bound by the adder's latency,
//! four cycles a term); they are also what SIMD registers hold. The leaf runs with the
//! widest instruction set [`pulp`] finds on the CPU at run time (AVX2 where present,
//! SSE2 otherwise), from a portable binary. No fused multiply–add is used and Rust
//! never contracts `a * b + c`, so AVX2, SSE2 and scalar code give the same bits.
//!
//! The halves of a vector of at least [`PARALLEL_MIN`] elements are summed on
//! rayon's threads when the pool has more than one: the tree is the same, so a run
//! on one thread and a run on two give the same bits (`tests/determinism.rs`).
//! Element-wise kernels split at the same leaves.
//!
//! ```
//! use optim_core::vector::{axpy, dot, norm};
//! let x = vec![1.0; 1000];
//! let mut y: Vec<f64> = (0..1000).map(|i| i as f64).collect();
//! assert_eq!(dot(&x, &y), 499_500.0);
//! axpy(-1.0, &y.clone(), &mut y);
//! assert_eq!(norm(&y), 0.0);
//! ```

use pulp::Arch;
use rayon::prelude::*;

/// Elements in a leaf of the reduction tree: 2048 f64 are 16 KB, so the operands of
/// a leaf sit in L1 while it is summed.
pub const LEAF: usize = 2048;

/// The length from which kernels share their work between rayon's threads (when the
/// pool has more than one). Measured on 2 cores (`cargo bench -p optim-core --bench
/// kernels`): below 2¹⁶ elements waking the second thread costs more than it saves.
pub const PARALLEL_MIN: usize = 1 << 16;

/// Below this length a sum is a plain running sum (module docs).
const SHORT: usize = 16;

/// Below this length a kernel runs without looking up the CPU's instruction set; it
/// is the same code, so the bits are the same.
const SMALL: usize = 64;

const LANES: usize = 8;

#[inline(always)]
fn pairwise(a: [f64; LANES]) -> f64 {
    ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]))
}

/// Σ term(xᵢ, yᵢ) over a leaf, the terms dealt to eight accumulators.
#[inline(always)]
fn leaf_sum<T: Fn(f64, f64) -> f64>(x: &[f64], y: &[f64], term: T) -> f64 {
    if x.len() < SHORT {
        return x.iter().zip(y).fold(0.0, |s, (a, b)| s + term(*a, *b));
    }
    let mut acc = [0.0; LANES];
    let (xc, yc) = (x.chunks_exact(LANES), y.chunks_exact(LANES));
    let (xr, yr) = (xc.remainder(), yc.remainder());
    for (a, b) in xc.zip(yc) {
        for j in 0..LANES {
            acc[j] += term(a[j], b[j]);
        }
    }
    for ((a, xi), yi) in acc.iter_mut().zip(xr).zip(yr) {
        *a += term(*xi, *yi);
    }
    pairwise(acc)
}

/// Operands a reduction tree can halve: the slices of one kernel, split at the same
/// index.
trait Operands: Send + Sized {
    fn len(&self) -> usize;
    fn split_at(self, mid: usize) -> (Self, Self);
}

impl Operands for (&[f64], &[f64]) {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn split_at(self, mid: usize) -> (Self, Self) {
        let ((x0, x1), (y0, y1)) = (self.0.split_at(mid), self.1.split_at(mid));
        ((x0, y0), (x1, y1))
    }
}

impl Operands for (&mut [f64], &[f64]) {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn split_at(self, mid: usize) -> (Self, Self) {
        let ((y0, y1), (x0, x1)) = (self.0.split_at_mut(mid), self.1.split_at(mid));
        ((y0, x0), (y1, x1))
    }
}

/// The sum of `leaf` over the leaves of `p`, in the fixed tree of the module docs, on
/// rayon's threads for long vectors.
#[inline]
fn tree<P: Operands, F: Fn(P) -> f64 + Sync>(p: P, leaf: &F) -> f64 {
    fn go<P: Operands, F: Fn(P) -> f64 + Sync>(p: P, par: bool, leaf: &F) -> f64 {
        let len = p.len();
        if len <= LEAF {
            return leaf(p);
        }
        let (a, b) = p.split_at((len.div_ceil(LEAF) / 2) * LEAF);
        if par && len >= PARALLEL_MIN {
            let (a, b) = rayon::join(|| go(a, par, leaf), || go(b, par, leaf));
            a + b
        } else {
            go(a, par, leaf) + go(b, par, leaf)
        }
    }
    let par = parallel(p.len());
    go(p, par, leaf)
}

/// Whether an element-wise kernel over n elements should split between threads.
#[inline]
pub fn parallel(n: usize) -> bool {
    n >= PARALLEL_MIN && rayon::current_num_threads() > 1
}

/// xᵀy, over the first min(len x, len y) elements.
#[inline]
pub fn dot(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    let (x, y) = (&x[..n], &y[..n]);
    if n <= SMALL {
        return leaf_sum(x, y, |a, b| a * b);
    }
    let arch = Arch::new();
    tree((x, y), &|(x, y): (&[f64], &[f64])| {
        arch.dispatch(
            #[inline(always)]
            || leaf_sum(x, y, |a, b| a * b),
        )
    })
}

/// ‖x‖₂ = √(xᵀx).
#[inline]
pub fn norm(x: &[f64]) -> f64 {
    dot(x, x).sqrt()
}

/// ‖x‖∞.
#[inline]
pub fn norm_inf(x: &[f64]) -> f64 {
    // A maximum does not depend on the order it is taken in.
    x.iter().fold(0.0, |m, v| m.max(v.abs()))
}

/// ‖x − y‖₂.
#[inline]
pub fn distance(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    let (x, y) = (&x[..n], &y[..n]);
    if n <= SMALL {
        return leaf_sum(x, y, |a, b| (a - b) * (a - b)).sqrt();
    }
    let arch = Arch::new();
    tree((x, y), &|(x, y): (&[f64], &[f64])| {
        arch.dispatch(
            #[inline(always)]
            || leaf_sum(x, y, |a, b| (a - b) * (a - b)),
        )
    })
    .sqrt()
}

/// Applies `op` to matching leaves of `y` and `x` (`y` mutable), on rayon's threads
/// for long vectors and with the CPU's widest instruction set.
#[inline]
pub fn zip_leaves<F>(y: &mut [f64], x: &[f64], op: F)
where
    F: Fn(&mut [f64], &[f64]) + Sync,
{
    let n = y.len().min(x.len());
    let (y, x) = (&mut y[..n], &x[..n]);
    if n <= SMALL {
        return op(y, x);
    }
    let arch = Arch::new();
    let leaf = |(y, x): (&mut [f64], &[f64])| {
        arch.dispatch(
            #[inline(always)]
            || op(y, x),
        )
    };
    if parallel(n) {
        y.par_chunks_mut(LEAF)
            .zip(x.par_chunks(LEAF))
            .for_each(leaf);
    } else {
        y.chunks_mut(LEAF).zip(x.chunks(LEAF)).for_each(leaf);
    }
}

/// y ← y + a·x.
#[inline]
pub fn axpy(a: f64, x: &[f64], y: &mut [f64]) {
    zip_leaves(
        y,
        x,
        #[inline(always)]
        |y, x| {
            for (yi, xi) in y.iter_mut().zip(x) {
                *yi += a * xi;
            }
        },
    );
}

/// y ← y + a·x, returning the new yᵀy (one pass instead of two: conjugate gradients'
/// residual update and its norm).
#[inline]
pub fn axpy_norm2(a: f64, x: &[f64], y: &mut [f64]) -> f64 {
    let n = y.len().min(x.len());
    if n <= SMALL {
        axpy(a, x, y);
        return dot(y, y);
    }
    // The update is element-wise and the sum is the tree's over the updated y, so the
    // result is dot(y, y) after axpy to the bit.
    let arch = Arch::new();
    tree((&mut y[..n], &x[..n]), &|(y, x): (&mut [f64], &[f64])| {
        arch.dispatch(
            #[inline(always)]
            || {
                for (yi, xi) in y.iter_mut().zip(x) {
                    *yi += a * xi;
                }
                leaf_sum(y, y, |a, b| a * b)
            },
        )
    })
}
