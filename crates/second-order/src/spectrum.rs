//! The spectrum of a Hessian at a point ([`hessian_spectrum`]): its eigenvalues, its
//! condition number, and what they say about the point.
//!
//! ```text
//! ∇²f(x) = Q diag(λ₁ ≤ … ≤ λₙ) Qᵀ,     κ = max|λᵢ| / min|λᵢ|
//! ```
//!
//! κ measures how elongated the level sets are near x, hence how much slower gradient
//! descent is than Newton there; the signs of the λᵢ classify a stationary point
//! (minimum, maximum, saddle). *Gradient Descent Optimizations* prints κ = 2508.0096 for Rosenbrock at its
//! minimum (1, 1), *Optimization in many dimensions* the spectrum of the wells' Hessian.
//!
//! ```
//! use landscapes::Rosenbrock;
//! use second_order::spectrum::hessian_spectrum;
//!
//! let s = hessian_spectrum(&Rosenbrock::new(), &[1.0, 1.0])?;
//! assert!((s.condition_number - 2508.0096).abs() < 1e-4);
//! assert!(s.is_positive_definite());
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::{check_finite, check_len};
use optim_core::{Error, Hessian};

use crate::linalg::{condition_of, symmetric_eigenvalues};

/// Eigenvalues and condition number of a Hessian at a point.
#[derive(Debug, Clone, PartialEq)]
pub struct Spectrum {
    /// The eigenvalues, ascending.
    pub eigenvalues: Vec<f64>,
    /// max|λᵢ| / min|λᵢ| (+∞ when the Hessian is singular), as `numpy.linalg.cond`.
    pub condition_number: f64,
}

impl Spectrum {
    /// The smallest eigenvalue.
    pub fn min(&self) -> f64 {
        self.eigenvalues.first().copied().unwrap_or(f64::NAN)
    }
    /// The largest eigenvalue.
    pub fn max(&self) -> f64 {
        self.eigenvalues.last().copied().unwrap_or(f64::NAN)
    }
    /// Whether every eigenvalue is positive (a strict local minimum, if ∇f = 0).
    pub fn is_positive_definite(&self) -> bool {
        self.min() > 0.0
    }
    /// Whether every eigenvalue is negative (a strict local maximum, if ∇f = 0).
    pub fn is_negative_definite(&self) -> bool {
        self.max() < 0.0
    }
    /// Whether eigenvalues of both signs occur (a saddle, if ∇f = 0).
    pub fn is_indefinite(&self) -> bool {
        self.min() < 0.0 && self.max() > 0.0
    }
}

/// The spectrum of ∇²f(x).
///
/// `Err` when x has the wrong length or is not finite, or when the Hessian there has
/// a NaN or infinite entry.
pub fn hessian_spectrum<O: Hessian + ?Sized>(obj: &O, x: &[f64]) -> Result<Spectrum, Error> {
    let n = obj.dim();
    check_len("x", x, n)?;
    check_finite("x", x)?;
    let mut h = vec![0.0; n * n];
    obj.hessian(x, &mut h);
    check_finite("hessian", &h)?;
    let eigenvalues = symmetric_eigenvalues(&h, n)?;
    let condition_number = condition_of(&eigenvalues);
    Ok(Spectrum {
        eigenvalues,
        condition_number,
    })
}
