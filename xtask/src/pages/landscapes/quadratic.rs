//! x² + 100y² (the *Gradient Descent Optimizations* notebook's 2-D example): contours
//! and conditioning.

use ::landscapes::Quadratic;
use second_order::hessian_spectrum;

use crate::Error;
use crate::study::{Data, Surface};

/// The notebook's levels for the contours of x² + 100y².
pub const LEVELS: [f64; 12] = [
    0.1, 1.0, 2.0, 4.0, 9.0, 16.0, 25.0, 36.0, 49.0, 64.0, 81.0, 100.0,
];

/// The surface, its Hessian's spectrum and the levels drawn.
pub fn study() -> Result<Data, Error> {
    let q = Quadratic::ill_conditioned();
    let spectrum = hessian_spectrum(&q, &[0.0, 0.0])?;
    let levels: Vec<String> = LEVELS.iter().map(|l| l.to_string()).collect();
    Ok(Data::with_surface(Surface::of(&q))
        .value("lo", spectrum.min())
        .value("hi", spectrum.max())
        .value("cond", spectrum.condition_number)
        .value("levels", levels.join(", ")))
}
