//! [`LinePlot`]: curves y(x) on linear or logarithmic y axes — loss curves, 1-D
//! functions with their iterates, bundles of faint lines with their mean.

use plotters::prelude::*;

use crate::Error;
use crate::area::Area;
use crate::axes::{Axes, Frame, Reserve, plan};
use crate::error::invalid;
use crate::faint::{draw_faint, group_key};
use crate::figure::Panel;
use crate::format::NumberFormat;
use crate::ink::Ink;
use crate::labels::Placer;
use crate::legend::{
    Key, LegendPosition, Placement, RIGHT_GAP, below_height, box_size, draw_below, draw_box, place,
};
use crate::marker::{MarkerShape, Symbol, draw_symbol};
use crate::stroke::stroke;
use crate::style::LABEL_SIZE;

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

    /// The dot drawn at each point.
    pub(crate) fn symbol(&self) -> Symbol {
        Symbol {
            shape: MarkerShape::Circle,
            color: self.color,
            size: 8,
            hollow: false,
            line_width: None,
        }
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
    formats: (NumberFormat, NumberFormat),
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

    /// Where the legend goes (default [`LegendPosition::Auto`]: where it covers no
    /// data).
    pub fn legend(mut self, position: LegendPosition) -> Self {
        self.legend = position;
        self
    }

    /// How the tick labels of the x and y axes are written (default
    /// [`NumberFormat::Auto`] for both: one format per axis, from its ticks; decades
    /// as 10ⁿ on a log axis).
    pub fn tick_formats(mut self, x: NumberFormat, y: NumberFormat) -> Self {
        self.formats = (x, y);
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

impl LinePlot {
    fn entries(&self) -> Vec<(Key, String)> {
        self.series
            .iter()
            .filter_map(|s| {
                let label = s.label.clone()?;
                let key = if s.line {
                    Key::Line {
                        color: s.color,
                        width: s.width,
                    }
                } else {
                    Key::Marker(s.symbol())
                };
                Some((key, label))
            })
            .collect()
    }

    /// Draws the series: translucent lines of one colour and width as one layer
    /// (see `faint.rs`), then markers and numbers in free places.
    fn draw_content(&self, screen: &Area<'_>, frame: &Frame) -> Result<(), Error> {
        let map = &frame.map;
        let runs = |s: &Series| map.polylines(s.xs.iter().copied().zip(s.ys.iter().copied()));
        let mut done = vec![false; self.series.len()];
        for i in 0..self.series.len() {
            let s = &self.series[i];
            if done[i] || !s.line {
                continue;
            }
            match group_key(s.color, s.width) {
                None => {
                    for run in runs(s) {
                        stroke(screen, &run, s.color, s.width)?;
                    }
                }
                Some(key) => {
                    let mut lines = Vec::new();
                    for j in i..self.series.len() {
                        let t = &self.series[j];
                        if t.line && group_key(t.color, t.width) == Some(key) {
                            lines.push(runs(t));
                            done[j] = true;
                        }
                    }
                    draw_faint(screen, frame.rect(), &lines, s.color, s.width)?;
                }
            }
        }
        let mut placer = Placer::new(map.rect());
        let centre = |c: (i32, i32)| (f64::from(c.0) + 0.5, f64::from(c.1) + 0.5);
        let mut numbered = Vec::new();
        for s in self.series.iter().filter(|s| s.markers) {
            for (k, p) in s.xs.iter().copied().zip(s.ys.iter().copied()).enumerate() {
                let q = map.to_px(p);
                if !map.contains_px(q) {
                    continue;
                }
                let c = (q.0.round() as i32, q.1.round() as i32);
                draw_symbol(screen, c, &s.symbol())?;
                placer.obstacle(centre(c), f64::from(s.symbol().size) / 2.0);
                if s.numbered {
                    numbered.push((k, c, f64::from(s.symbol().size) / 2.0));
                }
            }
        }
        for (k, c, r) in numbered {
            placer.place(
                screen,
                &k.to_string(),
                centre(c),
                r + 1.5,
                LABEL_SIZE,
                BLACK,
            )?;
        }
        Ok(())
    }
}

impl LinePlot {
    fn axes(&self, x: (f64, f64), y: (f64, f64), max_plot: Option<(u32, u32)>) -> Axes<'_> {
        Axes {
            title: &self.title,
            x_label: &self.x_label,
            y_label: &self.y_label,
            x,
            y,
            log_y: self.y_scale == YScale::Log,
            y_down: false,
            grid: true,
            equal: false,
            x_format: self.formats.0,
            y_format: self.formats.1,
            max_plot,
        }
    }

    /// The frame and the legend's place.
    fn layout(&self, area: &Area<'_>, axes: &Axes<'_>) -> Result<(Frame, Placement), Error> {
        let mut frame = plan(area, axes, Reserve::default())?;
        let entries = self.entries();
        let placement = if entries.is_empty() {
            Placement::Hidden
        } else {
            let ink = if self.legend == LegendPosition::Auto {
                let (ax, ay) = area.get_base_pixel();
                let (w, h) = area.dim_in_pixel();
                let extent = ((ax + w as i32).max(1) as u32, (ay + h as i32).max(1) as u32);
                Some(Ink::of(extent, frame.rect(), |scratch| {
                    self.draw_content(scratch, &frame)
                })?)
            } else {
                None
            };
            place(self.legend, frame.rect(), box_size(&entries), ink.as_ref())
        };
        let reserve = match placement {
            Placement::Below => Reserve {
                right: 0.0,
                below: below_height(&entries, self.band(area).1 - self.band(area).0),
            },
            Placement::Right => Reserve {
                right: f64::from(box_size(&entries).0 + RIGHT_GAP),
                below: 0.0,
            },
            _ => Reserve::default(),
        };
        if reserve != Reserve::default() {
            frame = plan(area, axes, reserve)?;
        }
        Ok((frame, placement))
    }

    /// The columns a legend below may span.
    fn band(&self, area: &Area<'_>) -> (f64, f64) {
        let (ax, _) = area.get_base_pixel();
        let (width, _) = area.dim_in_pixel();
        (f64::from(ax) + 6.0, f64::from(ax) + f64::from(width) - 6.0)
    }

    fn paint(&self, area: &Area<'_>, max_plot: Option<(u32, u32)>) -> Result<(), Error> {
        let [x, y] = self.ranges()?;
        let axes = self.axes(x, y, max_plot);
        let (frame, placement) = self.layout(area, &axes)?;
        let entries = self.entries();
        let screen = area.use_screen_coord();
        frame.draw_under(&screen)?;
        self.draw_content(&screen, &frame)?;
        frame.draw_over(&screen, &axes)?;
        match placement {
            Placement::Inside(x, y) => draw_box(&screen, (x, y), &entries)?,
            Placement::Below => {
                draw_below(&screen, self.band(area), frame.band_below().0, &entries)?;
            }
            Placement::Right => {
                let x = frame.strip().0.round() as i32 + RIGHT_GAP;
                draw_box(&screen, (x, frame.rect().1), &entries)?;
            }
            Placement::Hidden => {}
        }
        Ok(())
    }
}

impl Panel for LinePlot {
    fn draw(&self, area: &Area<'_>) -> Result<(), Error> {
        self.paint(area, None)
    }

    fn plot_size(&self, area: &Area<'_>) -> Result<Option<(u32, u32)>, Error> {
        let [x, y] = self.ranges()?;
        let (frame, _) = self.layout(area, &self.axes(x, y, None))?;
        let (l, t, r, b) = frame.rect();
        Ok(Some(((r - l + 1) as u32, (b - t + 1) as u32)))
    }

    fn draw_fitted(&self, area: &Area<'_>, max_plot: (u32, u32)) -> Result<(), Error> {
        self.paint(area, Some(max_plot))
    }
}
