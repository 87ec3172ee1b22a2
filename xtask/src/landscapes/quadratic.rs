//! x² + 100y² (seed 000): contour plot and conditioning.

use ::landscapes::{Landscape, Quadratic};
use optim_core::Objective;
use report::plotters::style::RED;
use report::{Contours, Figure, Grid, Levels, Map, Marker, MarkerShape};

use crate::{Context, Error};
use second_order::hessian_spectrum;

/// Seed 000's levels for the contours of x² + 100y².
const LEVELS: [f64; 12] = [
    0.1, 1.0, 2.0, 4.0, 9.0, 16.0, 25.0, 36.0, 49.0, 64.0, 81.0, 100.0,
];

pub(super) fn section(ctx: &mut Context) -> Result<String, Error> {
    let q = Quadratic::ill_conditioned();
    let [(x0, x1), (y0, y1)] = q.domain()[..] else {
        return Err("x² + 100y² should be 2-D".into());
    };
    let f = |x: f64, y: f64| q.value(&[x, y]);
    let spectrum = hessian_spectrum(&q, &[0.0, 0.0])?;
    let (lo, hi) = (spectrum.min(), spectrum.max());
    let grid = Grid::sample((x0, x1), (y0, y1), 100, 100, f)?;
    let image = ctx.figure("quadratic-contours", "contours of x² + 100y²", || {
        let map = Map::new((x0, x1), (y0, y1))?
            .title(q.name())
            .contours(Contours::new(&grid, Levels::Explicit(LEVELS.to_vec()))?)
            .colorbar_title("f")
            .marker(
                Marker::new(MarkerShape::Cross, (0.0, 0.0))
                    .color(RED)
                    .size(12)
                    .label("minimum (0, 0)"),
            );
        Ok(Figure::new(620, 540)?.panel(map))
    })?;
    Ok(format!(
        "## {name}\n\n\
         f(x, y) = x² + 100y² = ½ xᵀAx with A = diag(2, 200) (seed 000's 2-D example; \
         `Quadratic::ill_conditioned()`, start (−1, −1)). The Hessian is A everywhere: \
         eigenvalues {lo} and {hi}, condition number **{cond}**, so the level sets are \
         ellipses ten times longer in x than in y and gradient descent zig-zags across \
         the valley.\n\n\
         {image}\n\n\
         Contours on [{x0}, {x1}]², 100 × 100 grid, at seed 000's levels \
         {levels}.\n\n",
        name = q.name(),
        cond = hi / lo,
        levels = LEVELS.map(|l| l.to_string()).join(", "),
    ))
}
