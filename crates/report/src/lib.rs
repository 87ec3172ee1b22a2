//! Figures of landscapes and runs: contour lines, heat maps, gradient fields,
//! trajectories, points, loss curves and GIF animations, drawn with plotters into PNG
//! files with an embedded font — no system library (fontconfig, freetype) is needed.
//!
//! A figure is a [`Figure`] of one or more [`Panel`]s side by side, with an optional
//! title; [`Figure::same_plot_size`] gives all panels plots of one size:
//! - [`Map`]: the plane over a rectangle, in layers: a [`HeatMap`] (filled colours:
//!   continuous, banded, symmetric or two-slope for signed data, or categorical),
//!   [`Contours`] (lines by marching squares, placed exactly on the grid), a
//!   [`Quiver`] (arrows of a gradient field), [`Path`]s (trajectories, from a
//!   [`Trace`](optim_core::Trace) or a [`Run`](optim_core::Run)), [`Scatter`]s
//!   (points, optionally numbered) and [`Marker`]s (filled or hollow).
//!   [`Map::equal_axes`] gives a square domain a square plot.
//! - [`LinePlot`]: [`Series`] on linear or log y axes (semilog loss curves, 1-D
//!   functions with numbered iterates, [`bundle`]s of faint lines with their mean).
//!
//! What every figure gets, without asking:
//! - Text laid out here ([`draw_text`]): DejaVu Sans with its kerning pairs and
//!   sub-pixel advances, anti-aliased; 14 px tick labels. plotters' own text
//!   rounds every glyph to a whole pixel and drops its side bearing.
//! - A legend that covers no data ([`LegendPosition::Auto`]): a free corner or edge
//!   of the plot, else outside it.
//! - A colour bar for every colour encoding, listing only contour levels that draw a
//!   line, labelled in one [`NumberFormat`] per bar (and per axis).
//! - Contour colours with 3:1 contrast on white ([`Contrast`]), numbers that never
//!   cover each other or the points they label, and faint lines that stay faint
//!   where many overlap.
//!
//! Functions come in as closures or sampled [`Grid`]s, so the crate knows nothing of
//! any particular landscape. [`Animation`] encodes GIFs with one palette and only the
//! changed pixels per frame (100 frames of a 640 × 560 heat map: about 150 kB).
//!
//! ```
//! use report::{Colormap, Contours, Figure, Grid, Levels, LinePlot, Map, Marker, MarkerShape, Path, Series, YScale};
//! let f = |x: f64, y: f64| (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2);
//! let grid = Grid::sample((-2.0, 2.0), (-1.0, 3.0), 100, 100, f)?;
//! let levels = Levels::Explicit((0..10).map(|k| f64::from(k).powi(5)).collect());
//! let iterates = vec![(-1.5, 2.5), (-1.0, 1.0), (0.0, 0.0), (1.0, 1.0)];
//! let losses: Vec<f64> = iterates.iter().map(|&(x, y)| f(x, y)).collect();
//! let figure = Figure::new(800, 360)?
//!     .title("Rosenbrock")
//!     .panel(
//!         Map::new((-2.0, 2.0), (-1.0, 3.0))?
//!             .equal_axes(true)
//!             .contours(Contours::new(&grid, levels)?.colormap(Colormap::Jet))
//!             .path(Path::new(iterates).numbered(true).label("iterates"))
//!             .marker(Marker::new(MarkerShape::Cross, (1.0, 1.0)).hollow(true).label("minimum")),
//!     )
//!     .panel(LinePlot::new().y_scale(YScale::Log).series(Series::new(losses)));
//! let png = std::env::temp_dir().join("report-lib-doctest.png");
//! figure.save_png(&png)?;
//! # std::fs::remove_file(png).ok();
//! # Ok::<(), report::Error>(())
//! ```
#![deny(missing_docs)]

mod area;
mod axes;
mod colorbar;
mod colormap;
mod contour;
mod curve;
mod error;
mod faint;
mod figure;
mod font;
mod format;
mod gif;
mod grid;
mod heatmap;
mod ink;
mod labels;
mod legend;
mod levels;
mod lines;
mod map;
mod marker;
mod norm;
mod palette;
mod pixels;
mod quiver;
mod scatter;
mod stroke;
mod style;
mod text;
mod trajectory;

pub use area::Area;
pub use colormap::{Colormap, category_colors};
pub use contour::{ContourLine, Contours, Contrast, contour_lines};
pub use error::Error;
pub use figure::{Figure, MAX_SIDE, Panel};
pub use font::{FAMILY, ensure_font};
pub use format::NumberFormat;
pub use gif::Animation;
pub use grid::{Grid, linspace};
pub use heatmap::HeatMap;
pub use legend::LegendPosition;
pub use levels::Levels;
pub use lines::{LinePlot, Series, YScale, bundle};
pub use map::Map;
pub use marker::{Marker, MarkerShape};
pub use quiver::Quiver;
pub use scatter::Scatter;
pub use text::{Anchor, Font, TextBox, draw_text, glyph_positions, text_size, text_width};
pub use trajectory::Path;

/// Re-exported so that users can name colours and implement [`Panel`] without
/// depending on plotters themselves.
pub use plotters;
