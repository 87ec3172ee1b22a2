//! [`HeatMap`]: a filled colour map of a [`Grid`], continuous or banded.

use plotters::prelude::*;

use crate::colorbar::ColorBar;
use crate::figure::Area;
use crate::pixels::PixelMap;
use crate::{Colormap, Error, Grid, Levels};

/// A grid drawn as colours, one per pixel, bilinearly interpolated between grid
/// points, with a colour bar.
///
/// Without levels the colours are continuous from the smallest to the largest finite
/// value (or the [`range`](HeatMap::range) given); with levels, values are binned into
/// bands between consecutive levels (as matplotlib's `contourf`), and values outside
/// the first and last level are left blank.
///
/// ```
/// use report::{Colormap, Grid, HeatMap, Levels};
/// let g = Grid::sample((-1.0, 1.0), (-1.0, 1.0), 30, 30, |x, y| x * y)?;
/// let h = HeatMap::new(g).colormap(Colormap::Diverging).range(-1.0, 1.0).label("xy");
/// let banded = h.clone().levels(Levels::Auto(8));
/// # Ok::<(), report::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct HeatMap {
    pub(crate) grid: Grid,
    pub(crate) colormap: Colormap,
    pub(crate) levels: Option<Levels>,
    pub(crate) range: Option<(f64, f64)>,
    pub(crate) label: String,
}

/// How values become colours, once resolved against the data.
enum Scale {
    Continuous {
        lo: f64,
        hi: f64,
    },
    Bands {
        edges: Vec<f64>,
        colors: Vec<RGBColor>,
    },
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
        }
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

    /// The colour bar's title.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// The grid drawn.
    pub fn grid(&self) -> &Grid {
        &self.grid
    }

    fn scale(&self) -> Scale {
        let (lo, hi) = self
            .range
            .filter(|(a, b)| a.is_finite() && b.is_finite() && b > a)
            .or_else(|| self.grid.finite_range())
            .unwrap_or((0.0, 1.0));
        match &self.levels {
            None => Scale::Continuous { lo, hi },
            Some(levels) => {
                let edges = levels.resolve(lo, hi);
                let colors = self.colormap.sample(edges.len().saturating_sub(1));
                Scale::Bands { edges, colors }
            }
        }
    }

    /// The colour bar matching [`HeatMap::draw`].
    pub(crate) fn colorbar(&self) -> ColorBar {
        match self.scale() {
            Scale::Continuous { lo, hi } => ColorBar::Continuous {
                map: self.colormap,
                lo,
                hi,
            },
            Scale::Bands { edges, colors } => ColorBar::Bands { colors, edges },
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
                let v = self.grid.interpolate(x, y);
                if v.is_nan() {
                    continue;
                }
                let color = match &scale {
                    Scale::Continuous { lo, hi } => {
                        let s = ((v - lo) / (hi - lo)).clamp(0.0, 1.0);
                        lut[(s * 255.0).round() as usize]
                    }
                    Scale::Bands { edges, colors } => {
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
                };
                screen.draw_pixel((px, py), &color)?;
            }
        }
        Ok(())
    }
}
