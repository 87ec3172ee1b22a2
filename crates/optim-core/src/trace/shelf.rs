//! The buffers of dropped traces, kept for the next runs' traces.
//!
//! A run recording 2 000 rows fills about 140 KiB of trace (72 bytes a row for a 2-D
//! iterate). Given back to glibc's allocator, such buffers often go straight back to
//! the system (the top of the heap is trimmed past 128 KiB, a worker thread's arena
//! is shrunk), and the next run faults every page in again: on the *Optimization in
//! many dimensions* notebook's 100 starts × 2 000 steps that was 3 500 page faults and
//! about a third of [`minimize_many`](crate::minimize_many)'s time, depending on what
//! else the heap held. A dropped [`Trace`](super::Trace) puts its buffers on this
//! shelf instead, emptied, and the next trace to reserve room takes one of the right
//! size. The shelf holds at most [`SHELF_BYTES`]; what does not fit is freed as usual,
//! and buffers smaller than [`MIN_BYTES`] (short runs, which cost little to allocate)
//! are never kept.

use std::sync::Mutex;

use crate::Evals;

/// The most the shelf keeps, in bytes of capacity: 32 MiB (twice the notebook's
/// 100 traces of 2 001 rows).
pub const SHELF_BYTES: usize = 32 << 20;

/// Buffers below 4 KiB are freed, not kept.
pub const MIN_BYTES: usize = 4 << 10;

#[derive(Default)]
struct Shelf {
    f64s: Vec<Vec<f64>>,
    usizes: Vec<Vec<usize>>,
    evals: Vec<Vec<Evals>>,
    bytes: usize,
}

static SHELF: Mutex<Shelf> = Mutex::new(Shelf {
    f64s: Vec::new(),
    usizes: Vec::new(),
    evals: Vec::new(),
    bytes: 0,
});

/// The buffers of one trace.
pub(crate) struct Buffers<'a> {
    pub f64s: [&'a mut Vec<f64>; 3],
    pub usizes: &'a mut Vec<usize>,
    pub evals: &'a mut Vec<Evals>,
}

fn bytes<T>(v: &Vec<T>) -> usize {
    v.capacity() * size_of::<T>()
}

/// A kept buffer with room for `len` elements and at most twice that, so that a
/// short run does not hold a long run's buffer.
fn take_one<T>(kept: &mut Vec<Vec<T>>, total: &mut usize, len: usize) -> Option<Vec<T>> {
    let i = kept
        .iter()
        .position(|v| v.capacity() >= len && v.capacity() / 2 <= len)?;
    let v = kept.swap_remove(i);
    *total -= bytes(&v);
    Some(v)
}

fn give_one<T>(kept: &mut Vec<Vec<T>>, total: &mut usize, v: &mut Vec<T>) {
    let b = bytes(v);
    if b >= MIN_BYTES && *total + b <= SHELF_BYTES {
        let mut v = std::mem::take(v);
        v.clear();
        *total += b;
        kept.push(v);
    }
}

impl Shelf {
    /// Gives each empty buffer of `to` (capacity 0) a kept one with room for `lens`
    /// elements (in the order of `f64s`, then `usizes`, then `evals`) if there is one.
    fn take(&mut self, to: Buffers<'_>, lens: [usize; 5]) {
        for (v, &len) in to.f64s.into_iter().zip(&lens[..3]) {
            if v.capacity() == 0 && len > 0 {
                *v = take_one(&mut self.f64s, &mut self.bytes, len).unwrap_or_default();
            }
        }
        if to.usizes.capacity() == 0 && lens[3] > 0 {
            *to.usizes = take_one(&mut self.usizes, &mut self.bytes, lens[3]).unwrap_or_default();
        }
        if to.evals.capacity() == 0 && lens[4] > 0 {
            *to.evals = take_one(&mut self.evals, &mut self.bytes, lens[4]).unwrap_or_default();
        }
    }

    /// Keeps the buffers of `from`, emptied, as far as there is room; `from` is left
    /// with empty buffers of capacity 0 where one was kept.
    fn give(&mut self, from: Buffers<'_>) {
        for v in from.f64s {
            give_one(&mut self.f64s, &mut self.bytes, v);
        }
        give_one(&mut self.usizes, &mut self.bytes, from.usizes);
        give_one(&mut self.evals, &mut self.bytes, from.evals);
    }
}

/// [`Shelf::take`] on the process's shelf (a no-op for buffers too small to be kept).
pub(crate) fn take(to: Buffers<'_>, lens: [usize; 5]) {
    if lens.iter().all(|&l| l * size_of::<f64>() < MIN_BYTES) {
        return;
    }
    if let Ok(mut shelf) = SHELF.lock() {
        shelf.take(to, lens);
    }
}

/// [`Shelf::give`] on the process's shelf.
pub(crate) fn give(from: Buffers<'_>) {
    if let Ok(mut shelf) = SHELF.lock() {
        shelf.give(from);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn buffers<'a>(
        f: &'a mut [Vec<f64>; 3],
        u: &'a mut Vec<usize>,
        e: &'a mut Vec<Evals>,
    ) -> Buffers<'a> {
        let [a, b, c] = f;
        Buffers {
            f64s: [a, b, c],
            usizes: u,
            evals: e,
        }
    }

    #[test]
    fn a_kept_buffer_comes_back_empty_and_only_where_its_size_fits() {
        let mut shelf = Shelf::default();
        let mut f = [vec![1.0; 4096], vec![2.0; 1000], Vec::new()];
        let (mut u, mut e) = (vec![7usize; 4096], Vec::new());
        let kept = f[0].as_ptr();
        shelf.give(buffers(&mut f, &mut u, &mut e));
        // 4096 f64 and 4096 usize kept; 1000 f64 (8 000 bytes) too: ≥ 4 KiB.
        assert_eq!(shelf.bytes, 2 * 4096 * 8 + 1000 * 8);
        assert!(f.iter().all(|v| v.capacity() == 0) && u.capacity() == 0);

        // 1 000 elements: the 4096-buffer is more than twice too big, the 1000 one fits.
        let mut g = [Vec::new(), Vec::new(), Vec::new()];
        let (mut u2, mut e2) = (Vec::new(), Vec::new());
        shelf.take(buffers(&mut g, &mut u2, &mut e2), [2048, 1000, 0, 4096, 0]);
        assert_eq!(g[0].as_ptr(), kept, "2 048 ≤ 4 096 ≤ 2·2 048");
        assert_eq!(g[1].capacity(), 1000);
        assert!(g.iter().all(Vec::is_empty) && u2.is_empty() && u2.capacity() == 4096);
        assert_eq!((g[2].capacity(), e2.capacity()), (0, 0));
        assert_eq!(shelf.bytes, 0);
    }

    #[test]
    fn the_shelf_never_holds_more_than_its_bound_nor_small_buffers() {
        let mut shelf = Shelf::default();
        let rows = SHELF_BYTES / 8 / 5;
        for _ in 0..8 {
            let mut f = [vec![0.0; rows], vec![0.0; rows], vec![0.0; 10]];
            let (mut u, mut e) = (vec![0; rows], Vec::new());
            shelf.give(buffers(&mut f, &mut u, &mut e));
            assert!(shelf.bytes <= SHELF_BYTES);
        }
        assert_eq!(shelf.bytes, 5 * rows * 8, "five of the 24 buffers fit");
        assert!(shelf.f64s.iter().all(|v| v.capacity() * 8 >= MIN_BYTES));
    }
}
