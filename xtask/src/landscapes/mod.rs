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
