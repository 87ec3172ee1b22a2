//! A dropped trace's buffers serve the next trace that reserves room (the shelf of
//! `src/trace/shelf.rs`): the memory is reused, and the new trace reads as empty.
//! One test in its own binary, so that no other test takes the buffers in between.

use optim_core::{Evals, Trace};

#[test]
fn a_new_trace_reuses_a_dropped_traces_buffers_and_starts_empty() {
    let rows = 5000;
    let mut old = Trace::new(2);
    old.reserve(rows, true);
    for k in 0..rows {
        old.push(k, Some(&[k as f64, 1.0]), k as f64, 0.5, Evals::default());
    }
    let kept = [old.values().as_ptr(), old.grad_norms().as_ptr()];
    let kept_x = old.x(0).unwrap().as_ptr();
    drop(old);
    // Allocations of the same sizes in between: given back to the allocator, the old
    // buffers would go to these (glibc returns a freed chunk to the next request of
    // its size), and the pointers below would differ.
    let between: Vec<Vec<f64>> = [2 * rows, rows, rows, rows, 4 * rows]
        .iter()
        .map(|&len| Vec::with_capacity(len))
        .collect();

    let mut new = Trace::new(2);
    new.reserve(rows, true);
    assert!(new.is_empty() && new.values().is_empty() && new.evals().is_empty());
    assert!(kept.contains(&new.values().as_ptr()), "values not reused");
    assert!(
        kept.contains(&new.grad_norms().as_ptr()),
        "gradient norms not reused"
    );
    new.push(0, Some(&[3.0, 4.0]), 7.0, 5.0, Evals::default());
    assert_eq!(new.x(0).unwrap().as_ptr(), kept_x, "iterates not reused");
    assert_eq!(
        (new.len(), new.values(), new.grad_norms()),
        (1, &[7.0][..], &[5.0][..])
    );
    assert_eq!(new.x(0), Some(&[3.0, 4.0][..]));
    assert_eq!(new.iterations(), [0]);
    drop(between);
}
