//! The page `docs/landscapes.md`: the functions the toolkit studies — x² + 100y²,
//! Rosenbrock and seed 002's Gaussian wells — with their contour plots, conditioning,
//! gradient checks and the seed 002 Hessian erratum, measured in the run.

mod quadratic;
mod rosenbrock;
mod wells;

use crate::{Context, Error, Page};

/// Builds the page, rendering its figures through `ctx`.
pub fn page(ctx: &mut Context) -> Result<Page, Error> {
    let mut body = String::from(
        "The objectives of the `landscapes` crate that the course documents plot. Every \
         landscape implements `optim_core::Hessian` (value, gradient, column-major \
         Hessian, Hessian-vector product) and `landscapes::Landscape` (name, plotting \
         domain, known minima, standard start). The figures sample the function on the \
         documents' grids; contour lines are placed on the grid points themselves (the \
         `contour` crate alone would put them half a cell off).\n\n",
    );
    body.push_str(&quadratic::section(ctx)?);
    body.push_str(&rosenbrock::section(ctx)?);
    body.push_str(&wells::section(ctx)?);
    Ok(Page {
        file: "landscapes.md",
        title: "Landscapes",
        summary: "x² + 100y², Rosenbrock and seed 002's Gaussian wells: contours, heat maps, \
                  gradient field, Hessian eigenvalues, conditioning, gradient checks and the \
                  seed 002 Hessian erratum.",
        body,
    })
}

/// The eigenvalues (smaller, larger) of the symmetric 2×2 matrix `h` (column-major),
/// in closed form: (a + c)/2 ∓ √(((a − c)/2)² + b²).
pub(crate) fn eigen2(h: &[f64]) -> (f64, f64) {
    let (a, b, c) = (h[0], h[1], h[3]);
    let mean = 0.5 * (a + c);
    let radius = (0.5 * (a - c)).hypot(b);
    (mean - radius, mean + radius)
}

#[cfg(test)]
mod tests {
    use super::eigen2;

    #[test]
    fn eigen2_matches_known_spectra() {
        assert_eq!(eigen2(&[2.0, 0.0, 0.0, 200.0]), (2.0, 200.0));
        // [[2, 1], [1, 2]] has eigenvalues 1 and 3.
        let (lo, hi) = eigen2(&[2.0, 1.0, 1.0, 2.0]);
        assert!((lo - 1.0).abs() < 1e-15 && (hi - 3.0).abs() < 1e-15);
        // Rosenbrock at (1, 1): cond = 2508.0096 (seed 000).
        let (lo, hi) = eigen2(&[802.0, -400.0, -400.0, 200.0]);
        assert!((hi / lo - 2508.009601277298).abs() < 1e-9);
    }
}
