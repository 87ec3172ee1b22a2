//! Contour lines by marching squares (the `contour` crate), placed on the grid's own
//! coordinates.
//!
//! The `contour` crate (a port of d3-contour) puts sample `i` at coordinate `i + 0.5`
//! (the centre of pixel `i`) and treats everything outside the grid as below every
//! threshold, so its rings run half a cell outside the grid along the border. Taken at
//! face value, every line would sit half a cell off. Here the raw coordinates are
//! mapped with `x = x₀ + (raw − ½)·Δx`, which puts sample `i` exactly at `xᵢ`, and the
//! border points (raw coordinate 0 or n) are cut out, so a line that leaves the grid
//! ends on its edge instead of running along it.

use contour::ContourBuilder;
use plotters::style::RGBColor;

use crate::colormap::{contrast_ratio, darken_for_white};
use crate::format::NumberFormat;
use crate::{Colormap, Error, Grid, Levels};

/// The contour of one level: zero or more polylines in data coordinates.
#[derive(Debug, Clone, PartialEq)]
pub struct ContourLine {
    /// The level f = `level`.
    pub level: f64,
    /// The pieces of the line, each a polyline of (x, y) points; a closed ring
    /// repeats its first point at the end.
    pub polylines: Vec<Vec<(f64, f64)>>,
}

/// The contour lines of `grid` at each of `levels`, with linear interpolation along
/// the cell edges.
///
/// ```
/// use report::{Grid, contour_lines};
/// let g = Grid::sample((-2.0, 2.0), (-2.0, 2.0), 81, 81, |x, y| x * x + y * y)?;
/// let lines = contour_lines(&g, &[1.0])?;
/// let r_max = lines[0].polylines.iter().flatten()
///     .map(|(x, y)| (x.hypot(*y) - 1.0).abs())
///     .fold(0.0, f64::max);
/// assert!(r_max < 0.01); // a cell is 0.05 wide
/// # Ok::<(), report::Error>(())
/// ```
pub fn contour_lines(grid: &Grid, levels: &[f64]) -> Result<Vec<ContourLine>, Error> {
    let (nx, ny) = (grid.nx(), grid.ny());
    let (x0, x1) = grid.x_range();
    let (y0, y1) = grid.y_range();
    let dx = (x1 - x0) / (nx - 1) as f64;
    let dy = (y1 - y0) / (ny - 1) as f64;
    let builder = ContourBuilder::new(nx, ny, true);
    let lines = builder
        .lines(grid.values(), levels)
        .map_err(|e| Error::Draw(format!("contour: {e:?}")))?;
    let on_border =
        |p: &contour::Pt| p.x <= 0.0 || p.y <= 0.0 || p.x >= nx as f64 || p.y >= ny as f64;
    let to_data = |p: &contour::Pt| (x0 + (p.x - 0.5) * dx, y0 + (p.y - 0.5) * dy);
    Ok(lines
        .into_iter()
        .map(|line| {
            let (geometry, level) = line.into_inner();
            let mut polylines = Vec::new();
            for ring in geometry.0 {
                split_at_border(&ring.0, &on_border, &to_data, &mut polylines);
            }
            ContourLine { level, polylines }
        })
        .collect())
}

/// Splits a ring at its border points; a ring that touched the border is rotated so
/// that the piece wrapping around its start is not cut in two.
fn split_at_border(
    ring: &[contour::Pt],
    on_border: &impl Fn(&contour::Pt) -> bool,
    to_data: &impl Fn(&contour::Pt) -> (f64, f64),
    out: &mut Vec<Vec<(f64, f64)>>,
) {
    let Some(first_border) = ring.iter().position(on_border) else {
        out.push(ring.iter().map(to_data).collect());
        return;
    };
    // A closed ring repeats its first point; drop it and walk once around.
    let closed = ring.len() > 1 && ring[0] == ring[ring.len() - 1];
    let body = if closed {
        &ring[..ring.len() - 1]
    } else {
        ring
    };
    let n = body.len();
    let mut piece: Vec<(f64, f64)> = Vec::new();
    for k in 0..=n {
        let p = &body[(first_border + k) % n];
        if on_border(p) {
            if piece.len() > 1 {
                out.push(std::mem::take(&mut piece));
            }
            piece.clear();
        } else {
            piece.push(to_data(p));
        }
    }
    if piece.len() > 1 {
        out.push(piece);
    }
}

/// How a layer of contour lines stays visible on the white background of a map.
///
/// Light colours of a colormap (jet's yellow and cyan, viridis's yellow) have almost
/// no contrast with white. WCAG asks 3:1 of graphics; the colours below it can be
/// darkened or outlined. Either way the colormap's order and hues are kept, and the
/// colour bar shows the colours as drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Contrast {
    /// [`Darken`](Contrast::Darken) for colormapped lines on a map without a heat
    /// map; [`None`](Contrast::None) over one (whose colours are the background) and
    /// for lines of one colour chosen by hand. The default.
    #[default]
    Auto,
    /// The colours as given.
    None,
    /// Colours with less than 3:1 contrast against white are darkened until they
    /// reach it: the three channels are scaled alike in linear light, so hue and
    /// saturation stay and only lightness changes (jet's yellow becomes olive).
    Darken,
    /// Lines whose colour has less than 3:1 contrast against white get a dark
    /// outline one pixel wide on each side; the colours are kept.
    Outline,
}

/// The contrast ratio light colours are brought to.
pub(crate) const MIN_CONTRAST: f64 = 3.0;

/// Contour lines as a layer of a [`Map`](crate::Map).
///
/// Line colours are spread evenly over the colormap by level *rank*, not value, so
/// geometric level sets such as k⁵ still use the whole map. Light colours of the
/// colormap are darkened on white (see [`Contrast`]). The map's colour bar lists only the levels
/// that draw a line in the plot (Rosenbrock's level 0 is a single point and draws
/// none), labelled in one [`NumberFormat`].
///
/// ```
/// use report::{Colormap, Contours, Grid, Levels};
/// let g = Grid::sample((-1.0, 1.0), (-1.0, 1.0), 50, 50, |x, y| x * x + 4.0 * y * y)?;
/// let c = Contours::new(&g, Levels::Explicit(vec![0.1, 0.5, 1.0]))?.colormap(Colormap::Jet);
/// assert_eq!(c.levels(), &[0.1, 0.5, 1.0]);
/// # Ok::<(), report::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Contours {
    pub(crate) lines: Vec<ContourLine>,
    pub(crate) levels: Vec<f64>,
    pub(crate) colors: Vec<RGBColor>,
    pub(crate) colormap: Option<Colormap>,
    pub(crate) width: u32,
    pub(crate) contrast: Contrast,
    pub(crate) format: NumberFormat,
    pub(crate) label: String,
}

impl Contours {
    /// The contours of `grid` at `levels`, coloured with viridis, 2 px wide.
    pub fn new(grid: &Grid, levels: Levels) -> Result<Self, Error> {
        let (lo, hi) = grid.finite_range().unwrap_or((0.0, 1.0));
        let levels = levels.resolve(lo, hi);
        let lines = contour_lines(grid, &levels)?;
        Ok(Self {
            lines,
            colors: Colormap::Viridis.sample(levels.len()),
            levels,
            colormap: Some(Colormap::Viridis),
            width: 2,
            contrast: Contrast::Auto,
            format: NumberFormat::Auto,
            label: String::new(),
        })
    }

    /// Colours the lines along `map` (and shows it in the colour bar).
    pub fn colormap(mut self, map: Colormap) -> Self {
        self.colors = map.sample(self.levels.len());
        self.colormap = Some(map);
        self
    }

    /// Draws every line in one colour (no colour bar).
    pub fn color(mut self, color: RGBColor) -> Self {
        self.colors = vec![color; self.levels.len()];
        self.colormap = None;
        self
    }

    /// Line width in pixels (default 2).
    pub fn width(mut self, px: u32) -> Self {
        self.width = px.max(1);
        self
    }

    /// How light colours are kept visible on white (default [`Contrast::Auto`]).
    pub fn contrast(mut self, contrast: Contrast) -> Self {
        self.contrast = contrast;
        self
    }

    /// How the colour bar's labels are written (default [`NumberFormat::Auto`]: one
    /// format for all levels, chosen from their values).
    pub fn format(mut self, format: NumberFormat) -> Self {
        self.format = format;
        self
    }

    /// The title of this layer's colour bar (default none; the map's
    /// [`colorbar_title`](crate::Map::colorbar_title) names the first bar).
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// The colours the lines are drawn in, after [`Contrast::Darken`] (which `Auto`
    /// is unless the lines lie over a heat map).
    pub(crate) fn drawn_colors(&self, over_heat_map: bool) -> Vec<RGBColor> {
        let darken = match self.contrast {
            Contrast::Darken => true,
            // A colour chosen by hand (faint grey background lines) is kept.
            Contrast::Auto => !over_heat_map && self.colormap.is_some(),
            Contrast::None | Contrast::Outline => false,
        };
        if !darken {
            return self.colors.clone();
        }
        self.colors
            .iter()
            .map(|&c| darken_for_white(c, MIN_CONTRAST))
            .collect()
    }

    /// Whether line `k` gets a dark outline.
    pub(crate) fn outlined(&self, k: usize) -> bool {
        self.contrast == Contrast::Outline
            && self
                .colors
                .get(k)
                .is_some_and(|&c| contrast_ratio(c, RGBColor(255, 255, 255)) < MIN_CONTRAST)
    }

    /// The levels, increasing.
    pub fn levels(&self) -> &[f64] {
        &self.levels
    }

    /// The lines, one per level.
    pub fn lines(&self) -> &[ContourLine] {
        &self.lines
    }
}
