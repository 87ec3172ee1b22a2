//! argmin's checkpointing for our methods ([`MemoryCheckpoint`]): a checkpoint that
//! keeps a clone of the solver and its state instead of a serialised file.
//!
//! argmin's `Executor` saves a checkpoint after the iterations its frequency names and,
//! on `run`, resumes from a saved one instead of starting over. Its file checkpoint
//! (`argmin-checkpointing-file`) serialises the solver with serde, which our methods'
//! states do not implement yet; this one needs only `Clone`, which every
//! [`InArgmin`](crate::InArgmin) whose method and state are `Clone` is. It lives as
//! long as the process: it survives a failed or interrupted run, not a crash.

use std::sync::{Arc, Mutex};

use argmin::core::Error;
use argmin::core::checkpointing::{Checkpoint, CheckpointingFrequency};

/// An in-memory argmin checkpoint. Clones share one slot, so keep a clone to resume
/// with (or to look at what was saved, [`saved_iteration`](MemoryCheckpoint::saved_iteration)).
///
/// ```
/// use argmin::core::checkpointing::CheckpointingFrequency;
/// use argmin::core::{Executor, State};
/// use argmin_adapters::{ArgminProblem, InArgmin, MemoryCheckpoint};
/// use landscapes::{Landscape, Rosenbrock};
/// use second_order::Lbfgs;
///
/// let f = Rosenbrock::new();
/// let checkpoint = MemoryCheckpoint::new(CheckpointingFrequency::Every(5));
/// // A run cut short after 12 iterations: the checkpoint holds iteration 10 ...
/// Executor::new(ArgminProblem(&f), InArgmin::new(Lbfgs::default()))
///     .configure(|s| s.param(f.start()).max_iters(12))
///     .checkpointing(checkpoint.clone())
///     .run()?;
/// assert_eq!(checkpoint.saved_iteration(), Some(10));
/// # Ok::<(), argmin::core::Error>(())
/// ```
#[derive(Debug)]
pub struct MemoryCheckpoint<S, I> {
    slot: Arc<Mutex<Option<(S, I)>>>,
    frequency: CheckpointingFrequency,
    /// The iteration of the saved state, kept beside it for inspection.
    iteration: Arc<Mutex<Option<u64>>>,
}

impl<S, I> Clone for MemoryCheckpoint<S, I> {
    fn clone(&self) -> Self {
        Self {
            slot: Arc::clone(&self.slot),
            frequency: self.frequency,
            iteration: Arc::clone(&self.iteration),
        }
    }
}

impl<S, I> MemoryCheckpoint<S, I> {
    /// An empty checkpoint saved at `frequency`.
    pub fn new(frequency: CheckpointingFrequency) -> Self {
        Self {
            slot: Arc::new(Mutex::new(None)),
            frequency,
            iteration: Arc::new(Mutex::new(None)),
        }
    }

    /// The iteration count of the saved state, if one was saved.
    pub fn saved_iteration(&self) -> Option<u64> {
        *self.iteration.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Forgets the saved state, so that the next run starts over.
    pub fn clear(&self) {
        *self.slot.lock().unwrap_or_else(|e| e.into_inner()) = None;
        *self.iteration.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl<S: Clone, I: Clone + argmin::core::State> Checkpoint<S, I> for MemoryCheckpoint<S, I> {
    fn save(&self, solver: &S, state: &I) -> Result<(), Error> {
        *self.slot.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((solver.clone(), state.clone()));
        *self.iteration.lock().unwrap_or_else(|e| e.into_inner()) = Some(state.get_iter());
        Ok(())
    }

    fn load(&self) -> Result<Option<(S, I)>, Error> {
        Ok(self.slot.lock().unwrap_or_else(|e| e.into_inner()).clone())
    }

    fn frequency(&self) -> CheckpointingFrequency {
        self.frequency
    }
}
