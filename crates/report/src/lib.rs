//! Figures of landscapes and runs: contour lines, heat maps, gradient fields,
//! trajectories, loss curves and GIF animations, drawn with plotters into PNG files
//! with an embedded font — no system library (fontconfig, freetype) is needed.
//!
//! A figure is a [`Figure`] of one or more [`Panel`]s side by side:
//! - [`Map`]: the plane over a rectangle, in layers: a [`HeatMap`] (filled colours,
//!   with a colour bar), [`Contours`] (lines by marching squares, placed exactly on the
//!   grid), a [`Quiver`] (arrows of a gradient field), [`Path`]s (trajectories, from a
//!   [`Trace`](optim_core::Trace) or a [`Run`](optim_core::Run)) and [`Marker`]s.
//! - [`LinePlot`]: [`Series`] on linear or log y axes (semilog loss curves, 1-D
//!   functions with numbered iterates, [`bundle`]s of faint lines with their mean).
//!
//! Functions come in as closures or sampled [`Grid`]s, so the crate knows nothing of
//! any particular landscape. [`Animation`] encodes GIFs with one palette and only the
//! changed pixels per frame.
//!
//! ```
//! use report::{Colormap, Contours, Figure, Grid, Levels, LinePlot, Map, Marker, Path, Series, YScale};
//! let f = |x: f64, y: f64| (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2);
//! let grid = Grid::sample((-2.0, 2.0), (-1.0, 3.0), 100, 100, f)?;
//! let levels = Levels::Explicit((0..10).map(|k| f64::from(k).powi(5)).collect());
//! let iterates = vec![(-1.5, 2.5), (-1.0, 1.0), (0.0, 0.0), (1.0, 1.0)];
//! let losses: Vec<f64> = iterates.iter().map(|&(x, y)| f(x, y)).collect();
//! let figure = Figure::new(800, 360)?
//!     .panel(
//!         Map::new((-2.0, 2.0), (-1.0, 3.0))?
//!             .contours(Contours::new(&grid, levels)?.colormap(Colormap::Jet))
//!             .path(Path::new(iterates).numbered(true))
//!             .marker(Marker::star((1.0, 1.0))),
//!     )
//!     .panel(LinePlot::new().y_scale(YScale::Log).series(Series::new(losses)));
//! let png = std::env::temp_dir().join("report-lib-doctest.png");
//! figure.save_png(&png)?;
//! # std::fs::remove_file(png).ok();
//! # Ok::<(), report::Error>(())
//! ```
#![deny(missing_docs)]

mod axes;
mod colorbar;
mod colormap;
mod contour;
mod curve;
mod error;
mod figure;
mod font;
mod gif;
mod grid;
mod heatmap;
mod legend;
mod levels;
mod lines;
mod map;
mod marker;
mod palette;
mod pixels;
mod quiver;
mod stroke;
mod style;
mod trajectory;

pub use colormap::Colormap;
pub use contour::{ContourLine, Contours, contour_lines};
pub use error::Error;
pub use figure::{Area, Figure, MAX_SIDE, Panel};
pub use font::{FAMILY, ensure_font};
pub use gif::Animation;
pub use grid::{Grid, linspace};
pub use heatmap::HeatMap;
pub use legend::LegendPosition;
pub use levels::Levels;
pub use lines::{LinePlot, Series, YScale, bundle};
pub use map::Map;
pub use marker::{Marker, MarkerShape};
pub use quiver::Quiver;
pub use trajectory::Path;

/// Re-exported so that users can name colours and implement [`Panel`] without
/// depending on plotters themselves.
pub use plotters;
