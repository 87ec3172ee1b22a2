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
//! The halves of a kernel that moves at least [`PARALLEL_WORK`] f64 are summed on
//! rayon's threads when the pool has more than one ([`parallel`]): the tree is the
//! same, so a run on one thread and a run on two give the same bits
//! (`tests/determinism.rs`). Element-wise kernels split at the same leaves.
//!
//! ```
//! use optim_core::vector::{axpy, dot, norm};
//! let x = vec![1.0; 1000];
//! let mut y: Vec<f64> = (0..1000).map(|i| i as f64).collect();
//! assert_eq!(dot(&x, &y), 499_500.0);
//! axpy(-1.0, &y.clone(), &mut y);
//! assert_eq!(norm(&y), 0.0);
//! ```

use pulp::{Arch, Simd, WithSimd};
use rayon::prelude::*;

/// Elements in a leaf of the reduction tree: 2048 f64 are 16 KB, so the operands of
/// a leaf sit in L1 while it is summed.
pub const LEAF: usize = 2048;

/// The shortest piece a kernel hands to another thread: below 2¹⁶ elements (512 KiB)
/// the hand-over costs more than the piece, even when the other thread is awake
/// (measured back to back on 2 cores, `cargo bench -p optim-core --bench kernels --
/// dot`).
pub const PARALLEL_MIN: usize = 1 << 16;

/// The memory traffic, in f64 elements read or written (an element read and written
/// counts twice), from which a kernel splits its work between rayon's threads.
///
/// In a run the kernels are separated by serial work (the objective, the line search's
/// scalar steps), long enough for rayon's idle threads to go to sleep; waking one on
/// this 2-core VM and handing the result back to a caller outside the pool took
/// 50–70 µs, twice a dot product of 10⁵ elements. Measured with 80 µs of serial work
/// before each call (`cargo bench -p optim-core --bench kernels --
/// after_serial_work`), a dot product split in two took 78–96 µs at n = 10⁵ against
/// 26–29 µs on one thread, 145 against 104–114 µs at 4·10⁵, and 305 against
/// 386–410 µs at 10⁶: a split pays from about 2²⁰ elements of traffic (a dot product
/// of 5·10⁵ elements, L-BFGS's Gram pass of 2m + 3 vectors from 4.6·10⁴). Splitting
/// every kernel from 2¹⁶ elements made Newton-CG at n = 10⁵, whose CG loop is light
/// kernels between Hessian-vector products, 1.3–1.7× slower on two threads than on
/// one.
pub const PARALLEL_WORK: usize = 1 << 20;

/// Below this length a sum is a plain running sum (module docs).
const SHORT: usize = 16;

/// Below this length a kernel runs without looking up the CPU's instruction set; it
/// is the same code, so the bits are the same.
const SMALL: usize = 64;

const LANES: usize = 8;

/// Runs `f` compiled for the widest instruction set the CPU offers (AVX2 where
/// present, SSE2 otherwise), chosen at run time by pulp.
///
/// `f` must be an `#[inline(always)]` closure: pulp calls it from a function compiled
/// for the instruction set, and a closure that is not inlined there keeps a body
/// compiled for the baseline (the binary then holds no AVX2 instruction at all).
#[inline(always)]
pub fn with_simd<R>(f: impl FnMut() -> R) -> R {
    simd(Arch::new(), f)
}

/// Runs `f` compiled for the widest instruction set `arch` offers.
///
/// `f` must be an `#[inline(always)]` closure, and is called through a reference:
/// without the attribute, or handed to pulp by value (through a `FnOnce` shim that
/// is not inlined), its body stays a separate function compiled for the baseline
/// (SSE2), and the binary has no AVX2 instruction at all (`objdump -d` shows it).
#[inline(always)]
fn simd<R>(arch: Arch, mut f: impl FnMut() -> R) -> R {
    struct Leaf<'a, F>(&'a mut F);
    impl<R, F: FnMut() -> R> WithSimd for Leaf<'_, F> {
        type Output = R;
        #[inline(always)]
        fn with_simd<S: Simd>(self, _: S) -> R {
            (self.0)()
        }
    }
    arch.dispatch(Leaf(&mut f))
}

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
/// rayon's threads for long vectors (`streams`: the f64 read or written per element,
/// as [`parallel`] counts them).
#[inline]
fn tree<P, R, F>(p: P, streams: usize, leaf: &F) -> R
where
    P: Operands,
    R: Send + std::ops::Add<Output = R>,
    F: Fn(P) -> R + Sync,
{
    fn go<P, R, F>(p: P, streams: usize, leaf: &F) -> R
    where
        P: Operands,
        R: Send + std::ops::Add<Output = R>,
        F: Fn(P) -> R + Sync,
    {
        let len = p.len();
        if len <= LEAF {
            return leaf(p);
        }
        let (a, b) = p.split_at((len.div_ceil(LEAF) / 2) * LEAF);
        // Halves are handed over while the piece is worth splitting.
        if parallel(len, streams) {
            let (a, b) = rayon::join(|| go(a, streams, leaf), || go(b, streams, leaf));
            a + b
        } else {
            go(a, streams, leaf) + go(b, streams, leaf)
        }
    }
    go(p, streams, leaf)
}

/// Two sums carried through one tree (each added in the tree's order).
#[derive(Debug, Clone, Copy)]
struct Two(f64, f64);

impl std::ops::Add for Two {
    type Output = Two;
    fn add(self, o: Two) -> Two {
        Two(self.0 + o.0, self.1 + o.1)
    }
}

impl Operands for (&mut [f64], &mut [f64], &[f64], &[f64]) {
    fn len(&self) -> usize {
        self.0.len()
    }
    fn split_at(self, mid: usize) -> (Self, Self) {
        let (a0, a1) = self.0.split_at_mut(mid);
        let (b0, b1) = self.1.split_at_mut(mid);
        let (c0, c1) = self.2.split_at(mid);
        let (d0, d1) = self.3.split_at(mid);
        ((a0, b0, c0, d0), (a1, b1, c1, d1))
    }
}

/// Whether a kernel over n elements that reads or writes `streams` f64 per element
/// (an element read and written counts twice: 3 for axpy, 2 for a dot product) should
/// split between threads: from [`PARALLEL_MIN`] elements and [`PARALLEL_WORK`]
/// elements of traffic, when the pool has more than one thread. Which kernels split
/// changes no bit: the reduction tree is the same.
#[inline]
pub fn parallel(n: usize, streams: usize) -> bool {
    n >= PARALLEL_MIN
        && n.saturating_mul(streams) >= PARALLEL_WORK
        && rayon::current_num_threads() > 1
}

/// xᵀy, over the first min(len x, len y) elements.
#[inline]
pub fn dot(x: &[f64], y: &[f64]) -> f64 {
    let n = x.len().min(y.len());
    let (x, y) = (&x[..n], &y[..n]);
    if n <= SMALL {
        return leaf_sum(x, y, |a, b| a * b);
    }
    // x·x (a norm) reads one vector.
    let streams = if std::ptr::eq(x, y) { 1 } else { 2 };
    let arch = Arch::new();
    tree((x, y), streams, &|(x, y): (&[f64], &[f64])| {
        simd(
            arch,
            #[inline(always)]
            || leaf_sum(x, y, |a, b| a * b),
        )
    })
}

/// ‖x‖₂ = √(xᵀx).
#[inline]
pub fn norm(x: &[f64]) -> f64 {
    let squares = dot(x, x);
    if squares.is_nan() || (squares.is_finite() && squares >= f64::MIN_POSITIVE) {
        return squares.sqrt();
    }
    // xᵀx overflowed (an |xᵢ| above 1.3e154) or underflowed (all below 1.5e-154) where
    // ‖x‖ itself need not: rescale by the largest entry, as BLAS's dnrm2 does. Only
    // these vectors take this path, so every other norm keeps the bits of √(xᵀx).
    let largest = norm_inf(x);
    if largest == 0.0 || largest.is_infinite() {
        return largest;
    }
    let scaled: f64 = x.iter().map(|v| (v / largest) * (v / largest)).sum();
    largest * scaled.sqrt()
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
    tree((x, y), 2, &|(x, y): (&[f64], &[f64])| {
        simd(
            arch,
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
        simd(
            arch,
            #[inline(always)]
            || op(y, x),
        )
    };
    if parallel(n, 3) {
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

/// The sum of per-leaf partial sums `leaf(k)`, k = 0..leaves, in the tree [`dot`]
/// uses: the result is `dot`'s to the bit when the partials are its leaves' sums.
fn tree_of_leaves(leaves: usize, leaf: &impl Fn(usize) -> f64) -> f64 {
    fn go(lo: usize, hi: usize, leaf: &impl Fn(usize) -> f64) -> f64 {
        if hi - lo == 1 {
            return leaf(lo);
        }
        let mid = lo + (hi - lo) / 2;
        go(lo, mid, leaf) + go(mid, hi, leaf)
    }
    if leaves == 0 {
        0.0
    } else {
        go(0, leaves, leaf)
    }
}

/// How many f64 the scratch of [`gram`] needs for vectors of n elements and `outputs`
/// products.
pub fn gram_scratch_len(n: usize, outputs: usize) -> usize {
    n.div_ceil(LEAF).max(1) * outputs
}

/// The products of some rows of a matrix with a few vectors, in one pass over the
/// rows: `out[k·V + j]` = rₖᵀvⱼ with rₖ = `a[rows[k]·n..][..n]`, n = `vs[0].len()`.
///
/// Each product equals [`dot`]`(rₖ, vⱼ)` to the bit. The pass goes leaf by leaf, so the
/// V vectors' pieces stay in cache while every row streams past them once: the rows
/// are read once instead of V times. `scratch` holds the leaves' partial sums, at
/// least [`gram_scratch_len`]`(n, rows.len()·V)` numbers (allocated once by the
/// caller; nothing is allocated here). This is the one pass over memory per
/// iteration that the vector-free L-BFGS needs.
pub fn gram<const V: usize>(
    a: &[f64],
    rows: &[usize],
    vs: [&[f64]; V],
    out: &mut [f64],
    scratch: &mut [f64],
) {
    let n = vs.first().map_or(0, |v| v.len());
    let k = rows.len() * V;
    let leaves = n.div_ceil(LEAF).max(1);
    let scratch = &mut scratch[..leaves * k];
    let per_job = block(leaves);
    let arch = Arch::new();
    // A job takes BLOCK leaves, so that each row streams a long contiguous piece
    // (short pieces of many rows leave the hardware prefetchers behind).
    let job = |(b, part): (usize, &mut [f64])| {
        simd(
            arch,
            #[inline(always)]
            || {
                for (i, part) in part.chunks_mut(k).enumerate() {
                    let lo = (b * per_job + i) * LEAF;
                    let hi = (lo + LEAF).min(n);
                    if V == 3 && hi - lo >= SHORT && rows.len() <= TILED_ROWS {
                        // V is 3 here; the `min` only lets this compile for every V.
                        let uvw = [0, 1, 2].map(|j| &vs[j.min(V - 1)][lo..hi]);
                        arch.dispatch(TiledThree {
                            rows: rows.len(),
                            leaf_of: |r: usize| &a[rows[r] * n + lo..rows[r] * n + hi],
                            uvw,
                            out: part,
                        });
                        continue;
                    }
                    for (r, &row) in rows.iter().enumerate() {
                        let sums = leaf_sums(&a[row * n + lo..row * n + hi], vs, lo, hi);
                        part[r * V..(r + 1) * V].copy_from_slice(&sums);
                    }
                }
            },
        )
    };
    if parallel(n, rows.len() + V) {
        scratch
            .par_chunks_mut(per_job * k)
            .enumerate()
            .for_each(job);
    } else {
        scratch.chunks_mut(per_job * k).enumerate().for_each(job);
    }
    for (i, o) in out[..k].iter_mut().enumerate() {
        *o = tree_of_leaves(leaves, &|l| scratch[l * k + i]);
    }
}

/// Leaves per job of the multi-row kernels, at most.
const BLOCK: usize = 16;

/// Leaves per job for a vector of `leaves` leaves: up to [`BLOCK`], fewer for
/// shorter vectors so that there are at least eight jobs to share between threads
/// (four jobs of 16 leaves at n = 10⁵ left one thread idle a third of the time).
/// Which job an element falls in changes no bit: the sums are per leaf.
#[inline]
fn block(leaves: usize) -> usize {
    (leaves / 8).clamp(1, BLOCK)
}

/// Rows that [`TiledThree`] takes (its accumulators are on the stack: 12 KiB).
const TILED_ROWS: usize = 64;

/// Elements of a tile: three vectors' tiles (6 KiB) stay in the L1 cache while every
/// row's tile streams past them.
const TILE: usize = 256;

/// [`three_sums`] of `rows` leaves (`leaf_of(r)`, at least SHORT elements, as many as
/// the vectors' leaves) against the same three vector leaves, written to `out[3r..3r + 3]`, tile by tile: each row's
/// 24 accumulators are kept on the stack between tiles, so the vectors' tiles are read
/// from L1 for every row instead of from L2 (a 2 048-element leaf of three vectors is
/// 48 KiB). The loop is written on pulp's SIMD registers: left to LLVM, the 24
/// accumulators of the scalar form were shuffled through 2-lane registers and the
/// stack, at a third of this speed. Register j of an accumulator holds lanes
/// j·L … (j+1)·L − 1 of the eight (L lanes to a register), so every lane adds the same
/// terms in the same order as [`three_sums`]: the sums are the same to the bit.
struct TiledThree<'a, F> {
    rows: usize,
    leaf_of: F,
    uvw: [&'a [f64]; 3],
    out: &'a mut [f64],
}

impl<'a, F: Fn(usize) -> &'a [f64]> WithSimd for TiledThree<'a, F> {
    type Output = ();

    #[inline(always)]
    fn with_simd<S: Simd>(self, simd: S) {
        let lanes = S::F64_LANES;
        let regs = LANES / lanes;
        let mut acc = [[[0.0; LANES]; 3]; TILED_ROWS];
        let zero = simd.splat_f64s(0.0);
        let len = self.uvw[0].len();
        let full = len - len % LANES;
        for t in (0..full).step_by(TILE) {
            let end = (t + TILE).min(full);
            let [u, v, w] = self.uvw.map(|z| S::as_simd_f64s(&z[t..end]).0);
            for (r, mem) in acc[..self.rows].iter_mut().enumerate() {
                let x = S::as_simd_f64s(&(self.leaf_of)(r)[t..end]).0;
                let mut a = [[zero; LANES]; 3];
                for (reg, m) in a.iter_mut().zip(mem.iter()) {
                    for (j, reg) in reg[..regs].iter_mut().enumerate() {
                        *reg = bytemuck_read::<S>(&m[j * lanes..(j + 1) * lanes]);
                    }
                }
                for (((xc, uc), vc), wc) in x
                    .chunks_exact(regs)
                    .zip(u.chunks_exact(regs))
                    .zip(v.chunks_exact(regs))
                    .zip(w.chunks_exact(regs))
                {
                    for j in 0..regs {
                        a[0][j] = simd.add_f64s(a[0][j], simd.mul_f64s(xc[j], uc[j]));
                        a[1][j] = simd.add_f64s(a[1][j], simd.mul_f64s(xc[j], vc[j]));
                        a[2][j] = simd.add_f64s(a[2][j], simd.mul_f64s(xc[j], wc[j]));
                    }
                }
                for (reg, m) in a.iter().zip(mem.iter_mut()) {
                    for (j, reg) in reg[..regs].iter().enumerate() {
                        m[j * lanes..(j + 1) * lanes]
                            .copy_from_slice(pulp::bytemuck::cast_slice(std::slice::from_ref(reg)));
                    }
                }
            }
        }
        // The last len mod 8 terms go to the first lanes, as in `three_sums`.
        let [u, v, w] = self.uvw;
        for (r, mem) in acc[..self.rows].iter_mut().enumerate() {
            let x = (self.leaf_of)(r);
            for (l, i) in (full..len).enumerate() {
                mem[0][l] += x[i] * u[i];
                mem[1][l] += x[i] * v[i];
                mem[2][l] += x[i] * w[i];
            }
        }
        for (o, mem) in self.out.chunks_exact_mut(3).zip(&acc[..self.rows]) {
            o.copy_from_slice(&mem.map(pairwise));
        }
    }
}

/// One register of S's f64 lanes from as many f64 (any alignment).
#[inline(always)]
fn bytemuck_read<S: Simd>(lanes: &[f64]) -> S::f64s {
    pulp::bytemuck::pod_read_unaligned(pulp::bytemuck::cast_slice(lanes))
}

/// [`leaf_sums`] for three vectors with the accumulators as separate locals: the
/// generic array of arrays is spilled to the stack by LLVM (half the speed).
#[inline(always)]
fn three_sums(x: &[f64], [u, v, w]: [&[f64]; 3]) -> [f64; 3] {
    let (mut a, mut b, mut c) = ([0.0; LANES], [0.0; LANES], [0.0; LANES]);
    let (xc, uc, vc, wc) = (
        x.chunks_exact(LANES),
        u.chunks_exact(LANES),
        v.chunks_exact(LANES),
        w.chunks_exact(LANES),
    );
    let rem = xc.remainder().len();
    for (((xl, ul), vl), wl) in xc.zip(uc).zip(vc).zip(wc) {
        for l in 0..LANES {
            a[l] += xl[l] * ul[l];
            b[l] += xl[l] * vl[l];
            c[l] += xl[l] * wl[l];
        }
    }
    let full = x.len() - rem;
    for l in 0..rem {
        a[l] += x[full + l] * u[full + l];
        b[l] += x[full + l] * v[full + l];
        c[l] += x[full + l] * w[full + l];
    }
    [pairwise(a), pairwise(b), pairwise(c)]
}

/// [`leaf_sum`] of x·vⱼ[lo..hi] for each j, in one pass over x: each sum has its
/// own eight accumulators, so each is `leaf_sum`'s to the bit.
#[inline(always)]
fn leaf_sums<const V: usize>(x: &[f64], vs: [&[f64]; V], lo: usize, hi: usize) -> [f64; V] {
    let vs = vs.map(|v| &v[lo..hi]);
    if x.len() < SHORT {
        return vs.map(|v| leaf_sum(x, v, |a, b| a * b));
    }
    if V == 3 {
        return three_sums(x, [vs[0], vs[1], vs[2]])
            .as_slice()
            .try_into()
            .unwrap_or([0.0; V]);
    }
    let mut acc = [[0.0; LANES]; V];
    let full = x.len() - x.len() % LANES;
    for i in (0..full).step_by(LANES) {
        let xc = &x[i..i + LANES];
        for (acc, v) in acc.iter_mut().zip(&vs) {
            let vc = &v[i..i + LANES];
            for l in 0..LANES {
                acc[l] += xc[l] * vc[l];
            }
        }
    }
    for (acc, v) in acc.iter_mut().zip(&vs) {
        for (l, i) in (full..x.len()).enumerate() {
            acc[l] += x[i] * v[i];
        }
    }
    acc.map(pairwise)
}

/// out = c·v + Σₖ aₖ·rₖ in one pass, with rₖ the row `rows[k]` of the matrix `r` (n
/// columns, n = `out.len()`), added in the order of `rows` at every element.
///
/// The direction of the vector-free L-BFGS: a linear combination of the stored pairs
/// and the gradient, written block by block (the block of `out` stays in cache while
/// the rows stream past it), on both cores for long vectors.
pub fn combine(out: &mut [f64], c: f64, v: &[f64], r: &[f64], rows: &[usize], a: &[f64]) {
    let n = out.len();
    let piece = block(n.div_ceil(LEAF)) * LEAF;
    let arch = Arch::new();
    let job = |(l, o): (usize, &mut [f64])| {
        let lo = l * piece;
        let hi = lo + o.len();
        simd(
            arch,
            #[inline(always)]
            || {
                for (oi, vi) in o.iter_mut().zip(&v[lo..hi]) {
                    *oi = c * vi;
                }
                for (&row, &ak) in rows.iter().zip(a) {
                    for (oi, ri) in o.iter_mut().zip(&r[row * n + lo..row * n + hi]) {
                        *oi += ak * ri;
                    }
                }
            },
        )
    };
    if parallel(n, rows.len() + 2) {
        out.par_chunks_mut(piece).enumerate().for_each(job);
    } else {
        out.chunks_mut(piece).enumerate().for_each(job);
    }
}

/// Exchanges the contents of x and y (both cores for long vectors).
pub fn swap(x: &mut [f64], y: &mut [f64]) {
    if parallel(x.len(), 4) {
        let piece = block(x.len().div_ceil(LEAF)) * LEAF;
        x.par_chunks_mut(piece)
            .zip(y.par_chunks_mut(piece))
            .for_each(|(a, b)| a.swap_with_slice(b));
    } else {
        x.swap_with_slice(y);
    }
}

/// The operands of [`pair_difference`]: s and y, and the four vectors they are the
/// differences of.
struct PairOperands<'a> {
    s: &'a mut [f64],
    y: &'a mut [f64],
    from: [&'a [f64]; 4],
}

impl Operands for PairOperands<'_> {
    fn len(&self) -> usize {
        self.s.len()
    }
    fn split_at(self, mid: usize) -> (Self, Self) {
        let (s0, s1) = self.s.split_at_mut(mid);
        let (y0, y1) = self.y.split_at_mut(mid);
        let halves = self.from.map(|v| v.split_at(mid));
        (
            PairOperands {
                s: s0,
                y: y0,
                from: halves.map(|h| h.0),
            },
            PairOperands {
                s: s1,
                y: y1,
                from: halves.map(|h| h.1),
            },
        )
    }
}

/// A quasi-Newton pair in one pass: s ← x₊ − x, y ← g₊ − g, returning (sᵀy, gᵀs),
/// each in the order of [`dot`] (so equal to `dot(s, y)` and `dot(g, s)` after the
/// differences, to the bit). Reads four vectors and writes two where the separate
/// kernels read eight and write two.
#[inline]
pub fn pair_difference(
    s: &mut [f64],
    y: &mut [f64],
    [x_new, x, g_new, g]: [&[f64]; 4],
) -> (f64, f64) {
    let n = s.len();
    #[inline(always)]
    fn leaf(p: PairOperands<'_>) -> Two {
        let PairOperands { s, y, from } = p;
        let [x_new, x, g_new, g] = from;
        for (si, (a, b)) in s.iter_mut().zip(x_new.iter().zip(x)) {
            *si = a - b;
        }
        for (yi, (a, b)) in y.iter_mut().zip(g_new.iter().zip(g)) {
            *yi = a - b;
        }
        Two(leaf_sum(s, y, |a, b| a * b), leaf_sum(g, s, |a, b| a * b))
    }
    let ops = PairOperands {
        s,
        y: &mut y[..n],
        from: [&x_new[..n], &x[..n], &g_new[..n], &g[..n]],
    };
    if n <= SMALL {
        let t = leaf(ops);
        return (t.0, t.1);
    }
    let arch = Arch::new();
    let t = tree(ops, 6, &|ops: PairOperands<'_>| {
        let PairOperands { s, y, from } = ops;
        simd(
            arch,
            #[inline(always)]
            || {
                leaf(PairOperands {
                    s: &mut *s,
                    y: &mut *y,
                    from,
                })
            },
        )
    });
    (t.0, t.1)
}

/// Whether every xᵢ is finite (no NaN, no ±∞). Within a leaf the test is
/// arithmetic without branches (the sum of v·0 in eight lanes), so it compiles to SIMD
/// multiplications and additions, and it stops at the first leaf that holds a
/// non-finite entry. `iter().all(is_finite)`, which the run loop used on every new
/// iterate, branches on every element and stays scalar: 2.6× slower at n = 10⁵.
#[inline]
pub fn all_finite(x: &[f64]) -> bool {
    if x.len() <= SMALL {
        return x.iter().all(|v| v.is_finite());
    }
    simd(
        Arch::new(),
        #[inline(always)]
        || {
            x.chunks(LEAF).all(|leaf| {
                // v·0 is 0 for a finite v and NaN for NaN and ±∞, and a NaN stays
                // in a sum: a lane is NaN iff one of its terms was not finite.
                let mut acc = [0.0; LANES];
                let chunks = leaf.chunks_exact(LANES);
                let rest = chunks.remainder();
                for c in chunks {
                    for j in 0..LANES {
                        acc[j] += c[j] * 0.0;
                    }
                }
                acc.iter().all(|a| *a == 0.0) && rest.iter().all(|v| v.is_finite())
            })
        },
    )
}

/// ‖x‖₁ = Σ|xᵢ|, in the order of [`dot`].
#[inline]
pub fn norm1(x: &[f64]) -> f64 {
    if x.len() <= SMALL {
        return leaf_sum(x, x, |a, _| a.abs());
    }
    let arch = Arch::new();
    tree((x, x), 1, &|(x, y): (&[f64], &[f64])| {
        simd(
            arch,
            #[inline(always)]
            || leaf_sum(x, y, |a, _| a.abs()),
        )
    })
}

/// (xᵀy, xᵀx) in one pass, each in the order of [`dot`]: conjugate gradients'
/// curvature dᵀHd and the size dᵀd it is judged against.
#[inline]
pub fn dot_and_norm2(x: &[f64], y: &[f64]) -> (f64, f64) {
    let n = x.len().min(y.len());
    let (x, y) = (&x[..n], &y[..n]);
    #[inline(always)]
    fn pair(x: &[f64], y: &[f64]) -> Two {
        Two(leaf_sum(x, y, |a, b| a * b), leaf_sum(x, x, |a, b| a * b))
    }
    if n <= SMALL {
        let t = pair(x, y);
        return (t.0, t.1);
    }
    let arch = Arch::new();
    let t = tree((x, y), 2, &|(x, y): (&[f64], &[f64])| {
        simd(
            arch,
            #[inline(always)]
            || pair(x, y),
        )
    });
    (t.0, t.1)
}

/// One conjugate-gradient update in one pass: z ← z + a·d, r ← r + a·hd, returning
/// (rᵀr, ‖r‖₁) of the new r, each in the order of [`dot`] (so equal to
/// `dot(r, r)` and [`norm1`]`(r)` after the updates, to the bit).
#[inline]
pub fn cg_update(a: f64, d: &[f64], hd: &[f64], z: &mut [f64], r: &mut [f64]) -> (f64, f64) {
    let n = z.len();
    #[inline(always)]
    fn leaf(a: f64, z: &mut [f64], r: &mut [f64], d: &[f64], hd: &[f64]) -> Two {
        for ((zi, ri), (di, hi)) in z.iter_mut().zip(r.iter_mut()).zip(d.iter().zip(hd)) {
            *zi += a * di;
            *ri += a * hi;
        }
        Two(leaf_sum(r, r, |a, b| a * b), leaf_sum(r, r, |a, _| a.abs()))
    }
    if n <= SMALL {
        let t = leaf(a, z, r, &d[..n], &hd[..n]);
        return (t.0, t.1);
    }
    let arch = Arch::new();
    let t = tree((z, r, &d[..n], &hd[..n]), 6, &|ops: (
        &mut [f64],
        &mut [f64],
        &[f64],
        &[f64],
    )| {
        simd(
            arch,
            #[inline(always)]
            || leaf(a, &mut *ops.0, &mut *ops.1, ops.2, ops.3),
        )
    });
    (t.0, t.1)
}
