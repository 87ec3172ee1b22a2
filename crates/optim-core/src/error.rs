//! The one error type of the toolkit: invalid input, never non-convergence.

use std::fmt;

/// Why a call was refused.
///
/// An `Error` always means the *input* was invalid (a wrong length, a non-finite start,
/// a hyper-parameter outside its range). A run that fails to converge, diverges or
/// meets a NaN is not an error: it ends with a [`StopReason`](crate::StopReason) in its
/// [`Run`](crate::Run), keeping the last finite iterate.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq)]
pub enum Error {
    /// A slice or matrix has the wrong length.
    DimensionMismatch {
        /// What had the wrong length (`"x0"`, `"grad"`, ...).
        what: &'static str,
        /// The length the call needed.
        expected: usize,
        /// The length it was given.
        found: usize,
    },
    /// An input that must be finite holds a NaN or an infinity.
    NonFinite {
        /// Which input (`"x0"`, ...).
        what: &'static str,
        /// The first offending index.
        index: usize,
    },
    /// A hyper-parameter lies outside its allowed range.
    InvalidParameter {
        /// The parameter's name, as in the configuration (`"lr"`, `"betas.0"`, ...).
        name: &'static str,
        /// The value that was given.
        value: f64,
        /// The allowed range, in words (`"> 0 and finite"`, `"[0, 1)"`).
        allowed: &'static str,
    },
    /// Parameters that are each valid but not together (`nesterov` without momentum).
    IncompatibleParameters(&'static str),
    /// A stopping rule that can never end the run.
    InvalidStop(&'static str),
    /// [`minimize_many`](crate::minimize_many) was given no starting points.
    NoStarts,
    /// The objective has dimension 0: there is nothing to minimise.
    ZeroDimensional,
    /// A saved checkpoint or run could not be read, or does not belong to the method,
    /// objective or format version it was given to (feature `serde`, and
    /// [`resume`](crate::resume)).
    InvalidCheckpoint(String),
    /// An external library the adapters call (argmin) reported an error.
    External {
        /// Which library.
        library: &'static str,
        /// Its message.
        message: String,
    },
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::DimensionMismatch {
                what,
                expected,
                found,
            } => write!(f, "{what} has length {found}, expected {expected}"),
            Error::NonFinite { what, index } => {
                write!(f, "{what} is not finite at index {index}")
            }
            Error::InvalidParameter {
                name,
                value,
                allowed,
            } => write!(f, "invalid {name} = {value}: must be {allowed}"),
            Error::IncompatibleParameters(why) => write!(f, "incompatible parameters: {why}"),
            Error::InvalidStop(why) => write!(f, "invalid stopping rule: {why}"),
            Error::NoStarts => write!(f, "no starting points were given"),
            Error::ZeroDimensional => {
                write!(
                    f,
                    "the objective has dimension 0: there is nothing to minimise"
                )
            }
            Error::InvalidCheckpoint(why) => write!(f, "invalid checkpoint: {why}"),
            Error::External { library, message } => write!(f, "{library}: {message}"),
        }
    }
}

impl std::error::Error for Error {}

/// Checks that `slice` has length `expected`.
pub fn check_len(what: &'static str, slice: &[f64], expected: usize) -> Result<(), Error> {
    if slice.len() == expected {
        Ok(())
    } else {
        Err(Error::DimensionMismatch {
            what,
            expected,
            found: slice.len(),
        })
    }
}

/// Checks that every entry of `slice` is finite.
pub fn check_finite(what: &'static str, slice: &[f64]) -> Result<(), Error> {
    match slice.iter().position(|v| !v.is_finite()) {
        None => Ok(()),
        Some(index) => Err(Error::NonFinite { what, index }),
    }
}

/// A hyper-parameter check: `Ok` when `ok(value)`, else [`Error::InvalidParameter`].
///
/// NaN fails every range, because `ok` is evaluated on it and comparisons with NaN
/// are false.
pub fn check_param(
    name: &'static str,
    value: f64,
    allowed: &'static str,
    ok: impl Fn(f64) -> bool,
) -> Result<(), Error> {
    if ok(value) {
        Ok(())
    } else {
        Err(Error::InvalidParameter {
            name,
            value,
            allowed,
        })
    }
}
