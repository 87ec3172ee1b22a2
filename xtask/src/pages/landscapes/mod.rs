//! The page `docs/landscapes.md`: the functions the toolkit studies — x² + 100y²,
//! Rosenbrock and the Gaussian wells — with their contour plots, conditioning,
//! gradient checks and the wells' Hessian erratum, measured in the run.

pub mod quadratic;
pub mod rosenbrock;
pub mod wells;

use crate::catalogue::{Lv, MapView, Spec, View};
use crate::study::StudyDef;

/// The studies of the page.
pub const STUDIES: &[StudyDef] = &[
    StudyDef {
        id: "quadratic",
        run: quadratic::study,
    },
    StudyDef {
        id: "rosenbrock",
        run: rosenbrock::study,
    },
    StudyDef {
        id: "wells",
        run: wells::study,
    },
];

/// The figures of the page.
pub const FIGURES: &[Spec] = &[
    Spec::new(
        "quadratic-contours",
        "quadratic",
        View::Map(MapView::contours(Lv::Explicit(&quadratic::LEVELS))),
        "contours of x² + 100y²",
        "Contours on [−1.2, 1.2]², 100 × 100 grid, at the notebook's levels \
         {{value quadratic.levels}}.",
    )
    .no_table(),
    Spec::new(
        "rosenbrock-contours",
        "rosenbrock",
        View::Map(rosenbrock::WIDE),
        "Rosenbrock contours",
        "Contours on [−5, 5]² (400 × 400 grid: the level-1 curve is a thin loop in the \
         valley that a 100 × 100 grid breaks into dashes) at the levels k⁵, k = 0, …, 9, \
         in the documents' jet colormap; line colours are spread by level rank, so the \
         ten levels use the whole map although they grow as k⁵. The level 0 is the \
         single point (1, 1) and draws no line. The minimum sits on a tiny island of \
         the valley floor.",
    )
    .no_table(),
    Spec::new(
        "rosenbrock-zoom",
        "rosenbrock",
        View::Custom(rosenbrock::zoom),
        "Rosenbrock near its minimum",
        "Zoom on [0, 2]² at the levels f(k, k) for ten k evenly spaced in [1, 1.5] \
         ({{value rosenbrock.zoom_levels}}).",
    )
    .no_table(),
    Spec::new(
        "wells-landscape",
        "wells",
        View::Custom(wells::landscape),
        "Gaussian wells landscape",
        "f on the notebook's 100 × 100 grid over [−3, 3]². The grid minimum (red star) \
         is {{value wells.grid_min}}; the deepest true minimum (Newton from each \
         centre, ‖∇f‖ ≤ 1e-10) is {{value wells.deepest}}, within a grid cell \
         ({{value wells.cell}}) of it. The narrowest well, at {{value wells.needle}} \
         with w = {{value wells.needle_width}}, is narrower than a grid cell: the grid \
         does not resolve it, and the map shows at most a speck there.",
    )
    .no_table(),
    Spec::new(
        "wells-gradient-field",
        "wells",
        View::Custom(wells::field),
        "gradient field of the wells",
        "∇f at 15 × 15 points, arrows scaled together (the longest spans 90 % of the \
         spacing) and coloured by f, over light contours of f. Arrows point uphill: \
         descent moves against them, into the wells; far from the wells the landscape \
         is flat and the arrows vanish.",
    )
    .no_table(),
    Spec::new(
        "wells-hessian-eigen",
        "wells",
        View::Custom(wells::eigen),
        "largest Hessian eigenvalue",
        "The largest eigenvalue λmax of the Hessian at each grid point, on the \
         notebook's signed-log scale, from the corrected Hessian \
         (`second_order::hessian_spectrum`). Red: λmax > 0 (some direction curves up); \
         blue: λmax < 0, both directions curve down (locally concave: a single well \
         always curves up around itself, so this happens only between wells, where \
         the outer shoulders of several overlap); the black line is λmax = 0. The two \
         signs have a scale each (the colour bar's two halves), saturating at the 99th \
         percentile of their magnitudes, +{{value wells.reach}} and \
         −{{value wells.reach_neg}}; the \
         narrowest well reaches {{value wells.peak}}. Right, the three classes: on this grid the \
         Hessian is positive definite at {{value wells.convex}} % of the points, indefinite at \
         {{value wells.saddle}} % and negative definite at {{value wells.concave}} %.",
    )
    .no_table(),
];
