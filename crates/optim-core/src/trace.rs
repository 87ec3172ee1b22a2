//! The per-iteration record of a run.

mod shelf;

use crate::{Evals, Event};

/// Iterates kept by a run, as chosen by [`Record`](crate::Record).
///
/// Row `i` holds iteration number [`Trace::iteration`], f, ‖∇f‖₂, the cumulative
/// evaluation counts at that point and, when the run recorded iterates
/// ([`Record::iterates`](crate::Record::iterates)), the iterate (flattened, `dim` values
/// per row). Row 0 is x₀. Events reported by steps (curvature skips, direction resets) and the
/// iterations whose step was rejected are kept whatever the recording mode.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Trace {
    dim: usize,
    iterations: Vec<usize>,
    xs: Vec<f64>,
    // The start's value is kept even when it is NaN (a run that diverged at once).
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::vec"))]
    values: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::vec"))]
    grad_norms: Vec<f64>,
    evals: Vec<Evals>,
    events: Vec<(usize, Event)>,
    rejected: Vec<usize>,
}

impl Trace {
    /// An empty trace for iterates of dimension `dim`.
    pub fn new(dim: usize) -> Self {
        Self {
            dim,
            iterations: Vec::new(),
            xs: Vec::new(),
            values: Vec::new(),
            grad_norms: Vec::new(),
            evals: Vec::new(),
            events: Vec::new(),
            rejected: Vec::new(),
        }
    }

    /// Pre-allocates room for `rows` rows, with their iterates if `iterates`. The
    /// buffers of dropped traces are reused where they fit (see [`Drop`](#impl-Drop-for-Trace)).
    pub fn reserve(&mut self, rows: usize, iterates: bool) {
        let xs = if iterates { rows * self.dim } else { 0 };
        shelf::take(self.buffers(), [xs, rows, rows, rows, rows]);
        self.iterations.reserve(rows);
        if iterates {
            self.xs.reserve(rows * self.dim);
        }
        self.values.reserve(rows);
        self.grad_norms.reserve(rows);
        self.evals.reserve(rows);
    }

    fn buffers(&mut self) -> shelf::Buffers<'_> {
        shelf::Buffers {
            f64s: [&mut self.xs, &mut self.values, &mut self.grad_norms],
            usizes: &mut self.iterations,
            evals: &mut self.evals,
        }
    }

    /// Appends one row; `x` is `None` for a row without its iterate. Either every row
    /// has its iterate or none has.
    pub fn push(
        &mut self,
        iteration: usize,
        x: Option<&[f64]>,
        value: f64,
        grad_norm: f64,
        evals: Evals,
    ) {
        self.iterations.push(iteration);
        if let Some(x) = x {
            self.xs.extend_from_slice(x);
        }
        self.values.push(value);
        self.grad_norms.push(grad_norm);
        self.evals.push(evals);
    }

    /// Records an event at `iteration`.
    pub fn push_event(&mut self, iteration: usize, event: Event) {
        self.events.push((iteration, event));
    }

    /// Records that the step of `iteration` was rejected (x did not move).
    pub fn push_rejected(&mut self, iteration: usize) {
        self.rejected.push(iteration);
    }

    /// Number of rows.
    pub fn len(&self) -> usize {
        self.values.len()
    }
    /// Whether no row was recorded.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
    /// Dimension of each iterate.
    pub fn dim(&self) -> usize {
        self.dim
    }
    /// Whether the rows carry their iterates.
    pub fn has_iterates(&self) -> bool {
        !self.xs.is_empty()
    }
    /// The iterate of row `i`; `None` past the last row or when iterates were not
    /// recorded ([`Record::Values`](crate::Record::Values)).
    pub fn x(&self, i: usize) -> Option<&[f64]> {
        self.xs.get(i * self.dim..(i + 1) * self.dim)
    }
    /// Every recorded iterate, one slice per row (none without iterates).
    pub fn xs(&self) -> impl ExactSizeIterator<Item = &[f64]> + '_ {
        // `chunks_exact(0)` panics; a zero-dimensional trace has no rows anyway.
        self.xs.chunks_exact(self.dim.max(1))
    }
    /// The iteration number of each row.
    pub fn iterations(&self) -> &[usize] {
        &self.iterations
    }
    /// f at each row.
    pub fn values(&self) -> &[f64] {
        &self.values
    }
    /// ‖∇f‖₂ at each row.
    pub fn grad_norms(&self) -> &[f64] {
        &self.grad_norms
    }
    /// Cumulative evaluation counts at each row.
    pub fn evals(&self) -> &[Evals] {
        &self.evals
    }
    /// Events, with the iteration at which they happened.
    pub fn events(&self) -> &[(usize, Event)] {
        &self.events
    }
    /// The iterations whose step was rejected (x stayed where it was), ascending.
    pub fn rejected(&self) -> &[usize] {
        &self.rejected
    }
    /// The iteration number of row `i`.
    pub fn iteration(&self, i: usize) -> usize {
        self.iterations[i]
    }
}

/// A dropped trace keeps its larger buffers, emptied, for the next runs' traces (at
/// most 32 MiB in all, for the whole process): glibc would otherwise often return
/// them to the system, and the next run would fault every page in again. The
/// shelf is described in `trace/shelf.rs`.
impl Drop for Trace {
    fn drop(&mut self) {
        shelf::give(self.buffers());
    }
}
