//! [`LinePlot`]: curves y(x) on linear or logarithmic y axes — loss curves, 1-D
//! functions with their iterates, bundles of faint lines with their mean.

use plotters::prelude::*;

use crate::Error;
use crate::axes::{Axes, draw_axes};
use crate::error::invalid;
use crate::figure::{Area, Panel};
use crate::legend::{Key, LegendPosition, draw_legend};
use crate::stroke::stroke;
use crate::style::{LABEL_SIZE, UPPER_RIGHT, halo_text};

/// Linear or logarithmic y axis.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum YScale {
    /// Linear (the default).
    #[default]
    Linear,
    /// Base-10 logarithmic (matplotlib's `semilogy`); non-positive values are not drawn.
    Log,
}

/// One curve of a [`LinePlot`].
///
/// ```
/// use report::Series;
/// use plotters::style::BLUE;
/// let s = Series::new(vec![1.0, 0.5, 0.25]).color(BLUE).width(3).label("loss");
/// assert_eq!(s.len(), 3);
/// let t = Series::xy(vec![0.0, 2.0], vec![1.0, 4.0])?.markers(true);
/// # Ok::<(), report::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub(crate) xs: Vec<f64>,
    pub(crate) ys: Vec<f64>,
    pub(crate) color: RGBAColor,
    pub(crate) width: u32,
    pub(crate) line: bool,
    pub(crate) markers: bool,
    pub(crate) numbered: bool,
    pub(crate) label: Option<String>,
}

impl Series {
    /// `ys` against 0, 1, 2, … (iteration numbers).
    pub fn new(ys: Vec<f64>) -> Self {
        let xs = (0..ys.len()).map(|k| k as f64).collect();
        Self::unchecked(xs, ys)
    }

    /// `ys` against `xs`. Errors if the lengths differ.
    pub fn xy(xs: Vec<f64>, ys: Vec<f64>) -> Result<Self, Error> {
        optim_core::error::check_len("ys", &ys, xs.len())?;
        Ok(Self::unchecked(xs, ys))
    }

    pub(crate) fn unchecked(xs: Vec<f64>, ys: Vec<f64>) -> Self {
        Self {
            xs,
            ys,
            color: RGBColor(31, 119, 180).to_rgba(),
            width: 2,
            line: true,
            markers: false,
            numbered: false,
            label: None,
        }
    }

    /// Colour (default matplotlib blue); any alpha is kept, for faint lines.
    pub fn color(mut self, color: impl Color) -> Self {
        self.color = color.to_rgba();
        self
    }

    /// Line width in pixels (default 2).
    pub fn width(mut self, px: u32) -> Self {
        self.width = px.max(1);
        self
    }

    /// A dot at every point (default off).
    pub fn markers(mut self, on: bool) -> Self {
        self.markers = on;
        self
    }

    /// A dot and its index at every point (default off).
    pub fn numbered(mut self, on: bool) -> Self {
        self.numbered = on;
        self.markers |= on;
        self
    }

    /// Points only, no connecting line.
    pub fn points_only(mut self) -> Self {
        self.line = false;
        self.markers = true;
        self
    }

    /// A legend entry.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.ys.len()
    }

    /// Whether the series has no points.
    pub fn is_empty(&self) -> bool {
        self.ys.is_empty()
    }
}

/// Many curves as faint grey lines with their pointwise mean as a thick black line
/// labelled "mean" (the documents' loss figures of 100 random starts).
///
/// Curves may have different lengths; the mean at step k averages the curves that
/// reach step k.
///
/// ```
/// let curves = vec![vec![4.0, 2.0, 1.0], vec![2.0, 1.0]];
/// let series = report::bundle(&curves);
/// assert_eq!(series.len(), 3);
/// assert_eq!(series[2].len(), 3); // the mean: [3.0, 1.5, 1.0]
/// ```
pub fn bundle(curves: &[Vec<f64>]) -> Vec<Series> {
    let alpha = (8.0 / curves.len().max(1) as f64).clamp(0.08, 0.6);
    let mut out: Vec<Series> = curves
        .iter()
        .map(|c| {
            Series::new(c.clone())
                .color(RGBColor(90, 90, 90).mix(alpha))
                .width(1)
        })
        .collect();
    let longest = curves.iter().map(Vec::len).max().unwrap_or(0);
    let mean: Vec<f64> = (0..longest)
        .map(|k| {
            let (sum, n) = curves
                .iter()
                .filter_map(|c| c.get(k))
                .fold((0.0, 0usize), |(s, n), v| (s + v, n + 1));
            sum / n as f64
        })
        .collect();
    out.push(Series::new(mean).color(BLACK).width(3).label("mean"));
    out
}

/// A panel of [`Series`] with axes chosen from the data unless given.
///
/// ```
/// use report::{Figure, LinePlot, Series, YScale};
/// let loss: Vec<f64> = (0..200).map(|k| 10.0 * 0.95f64.powi(k)).collect();
/// let plot = LinePlot::new()
///     .title("semilog loss")
///     .labels("iteration", "f")
///     .y_scale(YScale::Log)
///     .series(Series::new(loss));
/// let rgb = Figure::new(400, 300)?.panel(plot).render()?;
/// assert!(rgb.iter().any(|&c| c != 255));
/// # Ok::<(), report::Error>(())
/// ```
#[derive(Debug, Clone, Default)]
pub struct LinePlot {
    title: String,
    x_label: String,
    y_label: String,
    y_scale: YScale,
    series: Vec<Series>,
    x_range: Option<(f64, f64)>,
    y_range: Option<(f64, f64)>,
    legend: LegendPosition,
}

impl LinePlot {
    /// An empty plot with a linear y axis.
    pub fn new() -> Self {
        Self::default()
    }

    /// The title above the panel.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// The axis labels.
    pub fn labels(mut self, x: impl Into<String>, y: impl Into<String>) -> Self {
        self.x_label = x.into();
        self.y_label = y.into();
        self
    }

    /// Linear or log y axis.
    pub fn y_scale(mut self, scale: YScale) -> Self {
        self.y_scale = scale;
        self
    }

    /// Adds a curve; later ones are drawn on top.
    pub fn series(mut self, s: Series) -> Self {
        self.series.push(s);
        self
    }

    /// Adds several curves.
    pub fn extend(mut self, s: impl IntoIterator<Item = Series>) -> Self {
        self.series.extend(s);
        self
    }

    /// Fixes the x range (default: the data's).
    pub fn x_range(mut self, lo: f64, hi: f64) -> Self {
        self.x_range = Some((lo, hi));
        self
    }

    /// Fixes the y range (default: the data's, padded; whole decades on a log axis).
    pub fn y_range(mut self, lo: f64, hi: f64) -> Self {
        self.y_range = Some((lo, hi));
        self
    }

    /// Where the legend goes (default upper right).
    pub fn legend(mut self, position: LegendPosition) -> Self {
        self.legend = position;
        self
    }

    fn ranges(&self) -> Result<[(f64, f64); 2], Error> {
        let log = self.y_scale == YScale::Log;
        let xs = self.series.iter().flat_map(|s| s.xs.iter().copied());
        let x = self.x_range.or_else(|| span(xs)).unwrap_or((0.0, 1.0));
        let ys = self
            .series
            .iter()
            .flat_map(|s| s.xs.iter().zip(&s.ys))
            .filter(|(xv, _)| **xv >= x.0 && **xv <= x.1)
            .map(|(_, y)| *y)
            .filter(|y| !log || *y > 0.0);
        let y = match self.y_range {
            Some(r) => r,
            None => match (span(ys), log) {
                (None, false) => (0.0, 1.0),
                (None, true) => (0.1, 10.0),
                (Some((lo, hi)), false) => {
                    let pad = if hi > lo { 0.05 * (hi - lo) } else { 0.5 };
                    (lo - pad, hi + pad)
                }
                (Some((lo, hi)), true) => {
                    let (a, b) = (lo.log10().floor(), hi.log10().ceil());
                    (10f64.powf(a), 10f64.powf(if b > a { b } else { a + 1.0 }))
                }
            },
        };
        let x = if x.1 > x.0 { x } else { (x.0 - 0.5, x.0 + 0.5) };
        crate::error::check_range("x_range", x)?;
        crate::error::check_range("y_range", y)?;
        if log && y.0 <= 0.0 {
            return Err(invalid("y_range", y.0, "> 0 on a log axis"));
        }
        Ok([x, y])
    }
}

/// Smallest and largest finite value.
fn span(values: impl Iterator<Item = f64>) -> Option<(f64, f64)> {
    values
        .filter(|v| v.is_finite())
        .fold(None, |acc, v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

impl Panel for LinePlot {
    fn draw(&self, area: &Area<'_>) -> Result<(), Error> {
        let [x, y] = self.ranges()?;
        let axes = Axes {
            title: &self.title,
            x_label: &self.x_label,
            y_label: &self.y_label,
            x,
            y,
            log_y: self.y_scale == YScale::Log,
            grid: true,
        };
        let map = draw_axes(area, &axes)?;
        let screen = area.use_screen_coord();
        let mut entries = Vec::new();
        for s in &self.series {
            let points = s.xs.iter().copied().zip(s.ys.iter().copied());
            if s.line {
                for run in map.polylines(points.clone()) {
                    stroke(&screen, &run, s.color, s.width)?;
                }
            }
            if s.markers {
                for (k, p) in points.enumerate() {
                    let q = map.to_px(p);
                    if !map.contains_px(q) {
                        continue;
                    }
                    let c = (q.0.round() as i32, q.1.round() as i32);
                    screen.draw(&Circle::new(c, 4, s.color.filled()))?;
                    if s.numbered {
                        halo_text(
                            &screen,
                            &k.to_string(),
                            (c.0 + 5, c.1 - 4),
                            LABEL_SIZE,
                            BLACK,
                            UPPER_RIGHT,
                        )?;
                    }
                }
            }
            if let Some(label) = &s.label {
                let key = Key::Line {
                    color: s.color,
                    width: s.width,
                };
                entries.push((key, label.clone()));
            }
        }
        let (l, t, r, b) = map.rect();
        screen.draw(&Rectangle::new(
            [(l as i32, t as i32), (r as i32, b as i32)],
            BLACK.stroke_width(1),
        ))?;
        draw_legend(&screen, &map, self.legend, &entries)?;
        Ok(())
    }
}
