//! A run paused between two iterations, to be resumed later: [`Checkpoint`], made by
//! [`minimize_until`](crate::minimize_until) and taken up by
//! [`resume`](crate::resume).
//!
//! A checkpoint holds everything the run loop carries from one iteration to the next:
//! the iterate and its value, the method's state, the evaluation counts, the trace so
//! far and the wall time spent. Resuming therefore gives the run that would have been
//! made without the pause, bit for bit (the wall time aside): the same iterates, trace,
//! counts and stop reason. With the `serde` feature a checkpoint whose state is
//! serialisable (every method's of the toolkit is) is saved and read back as JSON
//! (`Checkpoint::to_json`, `Checkpoint::from_json`, format [`CHECKPOINT_FORMAT`]).
//!
//! What resuming checks: the format version, the method's name, x's length against the
//! objective's dimension and its finiteness, the trace's dimension, and that the state
//! fits the method's configuration ([`Method::check_state`](crate::Method::check_state):
//! L-BFGS refuses a state of another memory m, or one whose vectors do not have the
//! lengths its m and n give). What it cannot check: that the configuration and the
//! objective are the ones the run was started with. A checkpoint resumed under another
//! configuration of the same sizes continues under the new one (a new learning rate,
//! say).

use std::time::Duration;

use crate::{Error, Evals, Trace};

/// The version of a checkpoint's saved form (`Checkpoint::to_json`, feature `serde`): a JSON object
/// with the fields `format`, `method`, `iteration`, `x`, `value`, `grad_norm`, `state`
/// (the method's state, its fields by name), `evals`, `trace`, `last_recorded` and
/// `elapsed` (`{"secs", "nanos"}`). Floats are numbers or, when not finite, `"NaN"`,
/// `"Infinity"`, `"-Infinity"`. A change an older reader would misread gets a new number,
/// and `Checkpoint::from_json` refuses any number but its own.
pub const CHECKPOINT_FORMAT: u32 = 1;

/// A run paused after [`iteration`](Checkpoint::iteration) iterations: resume it with
/// [`resume`](crate::resume) (or [`resume_until`](crate::resume_until)).
///
/// ```
/// use optim_core::{minimize, minimize_until, resume, FnObjective, Outcome, Stop};
/// # use optim_core::{Error, FirstOrder, Named};
/// # struct Gd; impl Named for Gd { fn name(&self) -> &'static str { "GD" } }
/// # impl FirstOrder for Gd { type State = (); fn lr(&self) -> f64 { 0.1 }
/// #   fn validate(&self) -> Result<(), Error> { Ok(()) }
/// #   fn init_state(&self, _: usize) -> Result<(), Error> { Ok(()) }
/// #   fn step_with_lr(&self, _: &mut (), x: &mut [f64], g: &[f64], lr: f64) -> Result<(), Error> {
/// #       x.iter_mut().zip(g).for_each(|(x, g)| *x -= lr * g); Ok(()) } }
/// let f = FnObjective::new(1, |x: &[f64]| x[0].powi(4), |x: &[f64], g: &mut [f64]| g[0] = 4.0 * x[0].powi(3));
/// let stop = Stop::exactly(50);
/// let Outcome::Paused(checkpoint) = minimize_until(&Gd, &f, &[1.0], &stop, 20)? else { unreachable!() };
/// assert_eq!(checkpoint.iteration(), 20);
/// let resumed = resume(&Gd, &f, checkpoint, &stop)?;
/// let straight = minimize(&Gd, &f, &[1.0], &stop)?;
/// assert_eq!((resumed.x, resumed.trace, resumed.evals), (straight.x, straight.trace, straight.evals));
/// # Ok::<(), Error>(())
/// ```
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub struct Checkpoint<S> {
    pub(crate) format: u32,
    pub(crate) method: String,
    pub(crate) iteration: usize,
    // Finite when written; read with the same rule so that a hand-edited NaN is refused
    // by `check`, by name and index, rather than as a parse error.
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::vec"))]
    pub(crate) x: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::scalar"))]
    pub(crate) value: f64,
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::scalar"))]
    pub(crate) grad_norm: f64,
    pub(crate) state: S,
    pub(crate) evals: Evals,
    pub(crate) trace: Trace,
    pub(crate) last_recorded: usize,
    pub(crate) elapsed: Duration,
}

impl<S> Checkpoint<S> {
    /// The name of the method that made it.
    pub fn method(&self) -> &str {
        &self.method
    }
    /// Iterations made before the pause.
    pub fn iteration(&self) -> usize {
        self.iteration
    }
    /// The current iterate.
    pub fn x(&self) -> &[f64] {
        &self.x
    }
    /// f at [`x`](Checkpoint::x).
    pub fn value(&self) -> f64 {
        self.value
    }
    /// The stationarity measure at x (‖∇f‖₂ for unconstrained methods).
    pub fn grad_norm(&self) -> f64 {
        self.grad_norm
    }
    /// The method's state.
    pub fn state(&self) -> &S {
        &self.state
    }
    /// Evaluations made so far.
    pub fn evals(&self) -> Evals {
        self.evals
    }
    /// The trace recorded so far.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }
    /// Wall time spent before the pause.
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// Refuses a checkpoint that cannot belong to `method` on an objective of dimension n.
    pub(crate) fn check(&self, method: &str, n: usize) -> Result<(), Error> {
        let refuse = |why: String| Err(Error::InvalidCheckpoint(why));
        if self.format != CHECKPOINT_FORMAT {
            return refuse(format!(
                "format {}; this version reads format {CHECKPOINT_FORMAT}",
                self.format
            ));
        }
        if self.method != method {
            return refuse(format!(
                "made by {:?}, resumed with {method:?}",
                self.method
            ));
        }
        if self.x.len() != n || self.trace.dim() != n {
            return refuse(format!(
                "x has length {} and the trace dimension {}, the objective dimension {n}",
                self.x.len(),
                self.trace.dim()
            ));
        }
        if let Some(i) = self.x.iter().position(|v| !v.is_finite()) {
            return refuse(format!("x is not finite at index {i}"));
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
impl<S: serde::Serialize> Checkpoint<S> {
    /// The checkpoint as JSON, in format [`CHECKPOINT_FORMAT`]; every f64 reads back to
    /// the same bits.
    pub fn to_json(&self) -> String {
        // Writing to a String cannot fail, and every float is representable.
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(feature = "serde")]
impl<S: serde::de::DeserializeOwned> Checkpoint<S> {
    /// Reads a checkpoint written by [`Checkpoint::to_json`] for a method whose state is
    /// `S`; [`Error::InvalidCheckpoint`] when the text is not one, or has another format
    /// version. [`resume`](crate::resume) checks the rest.
    pub fn from_json(json: &str) -> Result<Self, Error> {
        let format = format_of(json)?;
        if format != CHECKPOINT_FORMAT {
            return Err(Error::InvalidCheckpoint(format!(
                "format {format}; this version reads format {CHECKPOINT_FORMAT}"
            )));
        }
        serde_json::from_str(json)
            .map_err(|e| Error::InvalidCheckpoint(format!("not a checkpoint of this method: {e}")))
    }
}

/// The `format` field of a saved checkpoint or run, read before the rest so that a file
/// of another version is refused by its version, not by the first field it misreads.
#[cfg(feature = "serde")]
pub(crate) fn format_of(json: &str) -> Result<u32, Error> {
    #[derive(serde::Deserialize)]
    struct Format {
        format: u32,
    }
    serde_json::from_str::<Format>(json)
        .map(|f| f.format)
        .map_err(|e| Error::InvalidCheckpoint(format!("no format version: {e}")))
}
