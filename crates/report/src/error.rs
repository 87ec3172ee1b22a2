//! [`Error`]: why a figure could not be made.

use std::fmt;

/// Why a figure could not be drawn or written.
///
/// Invalid input (an empty grid, a reversed range, a zero-sized image) is an
/// [`optim_core::Error`] wrapped in [`Error::Invalid`], naming the parameter and its
/// allowed range; the other variants are failures of the drawing backend or of the
/// file system.
#[non_exhaustive]
#[derive(Debug)]
pub enum Error {
    /// An argument is outside its allowed range.
    Invalid(optim_core::Error),
    /// plotters failed to draw (its message).
    Draw(String),
    /// The GIF encoder failed (its message).
    Gif(String),
    /// Reading or writing a file failed.
    Io(std::io::Error),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Invalid(e) => write!(f, "{e}"),
            Error::Draw(msg) => write!(f, "drawing failed: {msg}"),
            Error::Gif(msg) => write!(f, "GIF encoding failed: {msg}"),
            Error::Io(e) => write!(f, "I/O error: {e}"),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Invalid(e) => Some(e),
            Error::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl From<optim_core::Error> for Error {
    fn from(e: optim_core::Error) -> Self {
        Error::Invalid(e)
    }
}

impl From<std::io::Error> for Error {
    fn from(e: std::io::Error) -> Self {
        Error::Io(e)
    }
}

impl<E: std::error::Error + Send + Sync> From<plotters::drawing::DrawingAreaErrorKind<E>>
    for Error
{
    fn from(e: plotters::drawing::DrawingAreaErrorKind<E>) -> Self {
        Error::Draw(e.to_string())
    }
}

impl From<gif::EncodingError> for Error {
    fn from(e: gif::EncodingError) -> Self {
        Error::Gif(e.to_string())
    }
}

/// [`Error::Invalid`] for parameter `name` with value `value` outside `allowed`.
pub(crate) fn invalid(name: &'static str, value: f64, allowed: &'static str) -> Error {
    Error::Invalid(optim_core::Error::InvalidParameter {
        name,
        value,
        allowed,
    })
}

/// Checks that `range` is finite and increasing.
pub(crate) fn check_range(name: &'static str, range: (f64, f64)) -> Result<(), Error> {
    if !(range.0.is_finite() && range.1.is_finite()) {
        let bad = if range.0.is_finite() {
            range.1
        } else {
            range.0
        };
        return Err(invalid(name, bad, "finite"));
    }
    if range.1 <= range.0 {
        return Err(invalid(name, range.1, "greater than the range's start"));
    }
    Ok(())
}
