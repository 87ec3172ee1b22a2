//! [`HeatMap`]: a filled colour map of a [`Grid`], continuous, banded or categorical.

use plotters::prelude::*;

use crate::area::Area;
use crate::colorbar::ColorBar;
use crate::colormap::category_colors;
use crate::format::NumberFormat;
use crate::norm::Norm;
use crate::pixels::PixelMap;
use crate::{Colormap, Error, Grid, Levels};

/// A grid drawn as colours, one per pixel, with a colour bar (or, for categories, a
/// legend).
///
/// - Continuous (the default): values are bilinearly interpolated between grid
///   points and coloured from the smallest to the largest finite value, or over the
///   [`range`](HeatMap::range) given. For signed data, [`symmetric`](HeatMap::symmetric)
///   makes the range symmetric about 0 (so 0 is the middle of a diverging map and
///   equal magnitudes get equally strong colours), and [`center`](HeatMap::center)
///   maps each side separately onto its half of the map (so both signs reach full
///   colour even when one side is much smaller).
/// - Banded: with [`levels`](HeatMap::levels), values are binned into bands between
///   consecutive levels (as matplotlib's `contourf`); values outside the first and
///   last level are left blank.
/// - Cells: with [`cells`](HeatMap::cells), each pixel takes the value of its nearest
///   grid point instead of an interpolation (matplotlib's `imshow` with nearest
///   interpolation): a matrix drawn entry by entry.
/// - Categorical: [`HeatMap::categories`] colours class k (grid values 0, 1, 2, …)
///   with its own colour, nearest grid point, and lists the classes in the legend.
///
/// ```
/// use report::{Colormap, Grid, HeatMap, Levels, NumberFormat};
/// let g = Grid::sample((-1.0, 1.0), (-1.0, 1.0), 30, 30, |x, y| x * y)?;
/// let h = HeatMap::new(g.clone()).colormap(Colormap::Diverging).symmetric(true).label("xy");
/// let banded = h.clone().levels(Levels::Auto(8)).format(NumberFormat::Decimals(2));
/// let signs = Grid::sample((-1.0, 1.0), (-1.0, 1.0), 30, 30, |x, y| if x * y > 0.0 { 0.0 } else { 1.0 })?;
/// let classes = HeatMap::categories(signs, ["same sign", "opposite signs"]);
/// # Ok::<(), report::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMap {
    pub(crate) grid: Grid,
    pub(crate) colormap: Colormap,
    pub(crate) levels: Option<Levels>,
    pub(crate) range: Option<(f64, f64)>,
    pub(crate) label: String,
    symmetric: bool,
    center: Option<f64>,
    format: NumberFormat,
    /// Nearest grid point rather than bilinear interpolation.
    cells: bool,
    /// Class names and colours of a categorical map.
    classes: Option<Vec<(String, RGBColor)>>,
}

/// How values become colours, once resolved against the data.
enum Scale {
    Continuous(Norm),
    Bands {
        edges: Vec<f64>,
        colors: Vec<RGBColor>,
    },
    Classes(Vec<RGBColor>),
}

impl HeatMap {
    /// A continuous viridis map of `grid`.
    pub fn new(grid: Grid) -> Self {
        Self {
            grid,
            colormap: Colormap::Viridis,
            levels: None,
            range: None,
            label: String::new(),
            symmetric: false,
            center: None,
            format: NumberFormat::Auto,
            cells: false,
            classes: None,
        }
    }

    /// A categorical map: grid value k (0, 1, 2, …) is class `names[k]`, drawn in
    /// [`category_colors`]`(k)` (or the colours given with
    /// [`category_colors`](HeatMap::category_colors)). Each pixel takes the class of
    /// its nearest grid point (interpolating class numbers would invent classes along
    /// the borders); other values (NaN, fractions, numbers beyond the names) are left
    /// blank. The classes that occur are listed in the panel's legend.
    pub fn categories<S: Into<String>>(grid: Grid, names: impl IntoIterator<Item = S>) -> Self {
        let names: Vec<String> = names.into_iter().map(Into::into).collect();
        let colors = category_colors(names.len());
        let mut h = Self::new(grid);
        h.classes = Some(names.into_iter().zip(colors).collect());
        h
    }

    /// The colours of the classes of a categorical map, in order (repeated if there
    /// are fewer colours than classes; ignored by other maps or when empty).
    pub fn category_colors(mut self, colors: Vec<RGBColor>) -> Self {
        if let (Some(classes), false) = (&mut self.classes, colors.is_empty()) {
            for (k, c) in classes.iter_mut().enumerate() {
                c.1 = colors[k % colors.len()];
            }
        }
        self
    }

    /// The colormap (default viridis).
    pub fn colormap(mut self, map: Colormap) -> Self {
        self.colormap = map;
        self
    }

    /// Bands between levels instead of continuous colours.
    pub fn levels(mut self, levels: Levels) -> Self {
        self.levels = Some(levels);
        self
    }

    /// The values mapped to the two ends of a continuous colormap (default: the data's
    /// finite range). Values outside are clamped to the end colours.
    pub fn range(mut self, lo: f64, hi: f64) -> Self {
        self.range = Some((lo, hi));
        self
    }

    /// Makes the range symmetric about the centre (0, or the value given to
    /// [`center`](HeatMap::center)): [c − m, c + m] with m the larger distance from c
    /// to either end. Equal magnitudes of either sign then get equally strong colours.
    pub fn symmetric(mut self, on: bool) -> Self {
        self.symmetric = on;
        self
    }

    /// Maps `value` to the middle of the colormap and each side of it linearly onto
    /// its half (a two-slope scale, matplotlib's `TwoSlopeNorm`), so that the smaller
    /// side of lopsided signed data still reaches the end colour; the colour bar's
    /// labels show the two scales. With [`symmetric`](HeatMap::symmetric), the scale
    /// is one slope again, symmetric about `value`. Ignored unless `value` lies
    /// inside the range.
    pub fn center(mut self, value: f64) -> Self {
        self.center = Some(value);
        self
    }

    /// How the colour bar's labels are written (default [`NumberFormat::Auto`]: one
    /// format for all labels, chosen from their values).
    pub fn format(mut self, format: NumberFormat) -> Self {
        self.format = format;
        self
    }

    /// Colours each pixel by its nearest grid point, so that every grid value fills the
    /// cell around it (default off: bilinear interpolation). For matrices: sample row
    /// i, column j at integer coordinates over a domain from −½ to n − ½.
    pub fn cells(mut self, on: bool) -> Self {
        self.cells = on;
        self
    }

    /// The colour bar's title.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// The grid drawn.
    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    /// The legend entries of a categorical map: the classes that occur, in order.
    pub(crate) fn class_entries(&self) -> Vec<(RGBColor, String)> {
        let Some(classes) = &self.classes else {
            return Vec::new();
        };
        let mut seen = vec![false; classes.len()];
        for &v in self.grid.values() {
            if let Some(k) = class_of(v, classes.len()) {
                seen[k] = true;
            }
        }
        classes
            .iter()
            .zip(seen)
            .filter(|(_, s)| *s)
            .map(|((name, c), _)| (*c, name.clone()))
            .collect()
    }

    fn norm(&self) -> Norm {
        let (mut lo, mut hi) = self
            .range
            .filter(|(a, b)| a.is_finite() && b.is_finite() && b > a)
            .or_else(|| self.grid.finite_range())
            .unwrap_or((0.0, 1.0));
        if hi <= lo {
            // A constant grid: centre its one value.
            (lo, hi) = (lo - 0.5, hi + 0.5);
        }
        let center = self.center.filter(|c| c.is_finite());
        if self.symmetric {
            let c = center.unwrap_or(0.0);
            let m = (c - lo).max(hi - c);
            if m > 0.0 {
                return Norm::Linear {
                    lo: c - m,
                    hi: c + m,
                };
            }
        }
        match center {
            Some(center) if center > lo && center < hi => Norm::TwoSlope { lo, center, hi },
            _ => Norm::Linear { lo, hi },
        }
    }

    fn scale(&self) -> Scale {
        if let Some(classes) = &self.classes {
            return Scale::Classes(classes.iter().map(|c| c.1).collect());
        }
        let norm = self.norm();
        match &self.levels {
            None => Scale::Continuous(norm),
            Some(levels) => {
                let (lo, hi) = norm.range();
                let edges = levels.resolve(lo, hi);
                let colors = self.colormap.sample(edges.len().saturating_sub(1));
                Scale::Bands { edges, colors }
            }
        }
    }

    /// The colour bar matching [`HeatMap::draw`]; none for a categorical map.
    pub(crate) fn colorbar(&self) -> Option<ColorBar> {
        match self.scale() {
            Scale::Continuous(norm) => Some(ColorBar::Continuous {
                map: self.colormap,
                norm,
                format: self.format,
            }),
            Scale::Bands { edges, colors } => Some(ColorBar::Bands {
                colors,
                edges,
                format: self.format,
            }),
            Scale::Classes(_) => None,
        }
    }

    /// The value drawn at (x, y): interpolated, or the nearest grid point's.
    fn value_at(&self, x: f64, y: f64) -> f64 {
        if self.cells {
            // The edge points' cells reach half a spacing beyond the grid.
            let x = into_half_cell(x, self.grid.xs());
            let y = into_half_cell(y, self.grid.ys());
            self.grid.nearest(x, y)
        } else {
            self.grid.interpolate(x, y)
        }
    }

    /// Fills the plot area of `map` pixel by pixel.
    pub(crate) fn draw(&self, screen: &Area<'_>, map: &PixelMap) -> Result<(), Error> {
        let scale = self.scale();
        // A lookup table keeps the colormap out of the per-pixel loop.
        let lut: Vec<RGBColor> = (0..256)
            .map(|k| self.colormap.at(k as f64 / 255.0))
            .collect();
        let (l, t, r, b) = map.rect();
        for py in t as i32..=b as i32 {
            for px in l as i32..=r as i32 {
                let (x, y) = map.to_data((f64::from(px), f64::from(py)));
                let color = match &scale {
                    Scale::Continuous(norm) => {
                        let s = norm.t(self.value_at(x, y));
                        if s.is_nan() {
                            continue;
                        }
                        lut[(s * 255.0).round() as usize]
                    }
                    Scale::Bands { edges, colors } => {
                        let v = self.value_at(x, y);
                        if v.is_nan() {
                            continue;
                        }
                        // The top edge belongs to the last band, as in contourf.
                        let k = if edges.last() == Some(&v) {
                            colors.len()
                        } else {
                            edges.partition_point(|e| *e <= v)
                        };
                        if k == 0 || k > colors.len() {
                            continue;
                        }
                        colors[k - 1]
                    }
                    Scale::Classes(colors) => {
                        match class_of(self.grid.nearest(x, y), colors.len()) {
                            Some(k) => colors[k],
                            None => continue,
                        }
                    }
                };
                screen.draw_pixel((px, py), &color)?;
            }
        }
        Ok(())
    }
}

/// `v` moved onto the first or last point of `axis` when it lies within half a grid
/// spacing outside it; otherwise unchanged.
fn into_half_cell(v: f64, axis: &[f64]) -> f64 {
    let (Some(&lo), Some(&hi)) = (axis.first(), axis.last()) else {
        return v;
    };
    let half = if axis.len() > 1 {
        0.5 * (hi - lo) / (axis.len() - 1) as f64
    } else {
        0.5
    };
    if v < lo && v >= lo - half {
        lo
    } else if v > hi && v <= hi + half {
        hi
    } else {
        v
    }
}

/// The class numbered `v`, if `v` is one of 0, 1, …, n − 1.
fn class_of(v: f64, n: usize) -> Option<usize> {
    let k = v.round();
    ((v - k).abs() < 1e-9 && k >= 0.0 && k < n as f64).then_some(k as usize)
}
