//! [`Projection`]: the Euclidean projection onto a constraint set, used by
//! [`Projected`](crate::Projected) descent.
//!
//! Proj_S(x) = argmin_{y ∈ S} ‖y − x‖₂, computed in place. Three sets are provided:
//! the unit sphere ([`UnitSphere`], the *Optimization in many dimensions* notebook's constraint ‖x‖ = 1), a box
//! ([`Bounds`], lo ≤ x ≤ hi), and any closure `Fn(&mut [f64])` of your own.
//!
//! ```
//! use first_order::{Bounds, Projection, UnitSphere};
//! let mut x = [3.0, -4.0];
//! UnitSphere.project(&mut x);
//! assert_eq!(x, [0.6, -0.8]);
//!
//! let unit_box = Bounds::uniform(2, 0.0, 1.0)?;
//! let mut y = [1.5, -0.25];
//! unit_box.project(&mut y);
//! assert_eq!(y, [1.0, 0.0]);
//!
//! // Your own set: the non-negative orthant.
//! let orthant = |x: &mut [f64]| x.iter_mut().for_each(|v| *v = v.max(0.0));
//! let mut z = [-1.0, 2.0];
//! orthant.project(&mut z);
//! assert_eq!(z, [0.0, 2.0]);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::Error;
use optim_core::error::check_len;
use optim_core::vector::norm;

/// A closed set onto which points can be projected in place.
pub trait Projection {
    /// Replaces `x` by its projection onto the set. Allocates nothing.
    ///
    /// A non-finite `x` may project to non-finite values; the run loop then reports
    /// divergence rather than the projection hiding it.
    fn project(&self, x: &mut [f64]);

    /// Checks that the set makes sense in dimension `n` (a box of the right length).
    fn validate(&self, n: usize) -> Result<(), Error> {
        let _ = n;
        Ok(())
    }
}

/// Any closure `Fn(&mut [f64])` is a projection (you vouch that it is one).
impl<F: Fn(&mut [f64])> Projection for F {
    fn project(&self, x: &mut [f64]) {
        self(x)
    }
}

/// The unit sphere {x : ‖x‖₂ = 1}; Proj(x) = x / ‖x‖₂.
///
/// At x = 0 every point of the sphere is equally near, so the projection is not
/// unique; this one returns e₁ = (1, 0, …, 0), deterministically, rather than the NaN
/// that 0/0 would give. (The notebook's NumPy code divides by zero there.)
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct UnitSphere;

impl Projection for UnitSphere {
    fn project(&self, x: &mut [f64]) {
        let r = norm(x);
        if r == 0.0 {
            if let Some((first, rest)) = x.split_first_mut() {
                *first = 1.0;
                rest.fill(0.0);
            }
        } else {
            x.iter_mut().for_each(|v| *v /= r);
        }
    }
}

/// The box {x : loᵢ ≤ xᵢ ≤ hiᵢ}; Proj(x)ᵢ = min(max(xᵢ, loᵢ), hiᵢ).
///
/// Infinite bounds are allowed (−∞ or +∞ leaves that side open).
#[derive(Debug, Clone, PartialEq)]
pub struct Bounds {
    lo: Vec<f64>,
    hi: Vec<f64>,
}

impl Bounds {
    /// The box [lo, hi], one pair of bounds per coordinate.
    ///
    /// `Err` if the lengths differ, a bound is NaN, or loᵢ > hiᵢ for some i.
    pub fn new(lo: Vec<f64>, hi: Vec<f64>) -> Result<Self, Error> {
        check_len("hi", &hi, lo.len())?;
        for (l, h) in lo.iter().zip(&hi) {
            if l.is_nan() {
                return Err(Error::InvalidParameter {
                    name: "lo",
                    value: *l,
                    allowed: "not NaN",
                });
            }
            // NaN is refused too: it compares as neither greater nor equal.
            if h.partial_cmp(l).is_none_or(|o| o.is_lt()) {
                return Err(Error::InvalidParameter {
                    name: "hi",
                    value: *h,
                    allowed: ">= lo (coordinate by coordinate)",
                });
            }
        }
        Ok(Self { lo, hi })
    }

    /// The cube [lo, hi]ⁿ.
    pub fn uniform(n: usize, lo: f64, hi: f64) -> Result<Self, Error> {
        Self::new(vec![lo; n], vec![hi; n])
    }

    /// The lower bounds.
    pub fn lo(&self) -> &[f64] {
        &self.lo
    }

    /// The upper bounds.
    pub fn hi(&self) -> &[f64] {
        &self.hi
    }
}

impl Projection for Bounds {
    fn project(&self, x: &mut [f64]) {
        for ((v, l), h) in x.iter_mut().zip(&self.lo).zip(&self.hi) {
            // Comparisons, not `f64::max`/`min`, which would replace a NaN by a bound
            // and hide a diverged step from the run loop.
            if *v < *l {
                *v = *l;
            } else if *v > *h {
                *v = *h;
            }
        }
    }

    fn validate(&self, n: usize) -> Result<(), Error> {
        check_len("lo", &self.lo, n)
    }
}
