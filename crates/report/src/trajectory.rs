//! [`Path`]: a trajectory of iterates drawn over a 2-D panel.

use optim_core::{Run, Trace};
use plotters::prelude::*;

use crate::Error;
use crate::area::Area;
use crate::error::invalid;
use crate::labels::Placer;
use crate::marker::{MarkerShape, disc, draw_shape};
use crate::pixels::PixelMap;
use crate::stroke::stroke;
use crate::style::LABEL_SIZE;

/// The iterates of a run as a line, optionally with a dot and its iteration number at
/// each iterate and with start (disc) and end (square) markers.
///
/// The line is clipped to the plot area and decimated to about one point per pixel,
/// so a 100 000-step run costs no more to draw than the pixels it crosses. Numbers
/// that would cover other numbers or dots (where a run converges) are left out.
/// Paths of one translucent colour and width are composited together on a map, so
/// that a hundred faint trajectories stay faint where they overlap.
///
/// ```
/// use report::Path;
/// use plotters::style::RED;
/// let p = Path::new(vec![(-1.0, -1.0), (-0.5, 0.2), (0.0, 0.0)])
///     .color(RED)
///     .numbered(true)
///     .label("gradient descent");
/// assert_eq!(p.len(), 3);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    points: Vec<(f64, f64)>,
    numbers: Vec<usize>,
    color: RGBAColor,
    width: u32,
    markers: bool,
    numbered: bool,
    endpoints: bool,
    label: Option<String>,
}

impl Path {
    /// A path through `points`, numbered 0, 1, 2, …
    pub fn new(points: Vec<(f64, f64)>) -> Self {
        Self {
            numbers: (0..points.len()).collect(),
            points,
            color: RGBColor(214, 39, 40).to_rgba(),
            width: 2,
            markers: false,
            numbered: false,
            endpoints: true,
            label: None,
        }
    }

    /// The first two coordinates of every recorded iterate, numbered by iteration.
    ///
    /// Errors if the trace's iterates have fewer than two coordinates, or if it kept
    /// none (a run records them with `Record::All` or `Record::Every`).
    pub fn from_trace(trace: &Trace) -> Result<Self, Error> {
        if trace.dim() < 2 {
            return Err(invalid("trace dimension", trace.dim() as f64, ">= 2"));
        }
        if !trace.has_iterates() && !trace.is_empty() {
            return Err(Error::Invalid(optim_core::Error::IncompatibleParameters(
                "the trace kept no iterates: record them with Record::All or Record::Every",
            )));
        }
        let mut path = Self::new(trace.xs().map(|x| (x[0], x[1])).collect());
        path.numbers = trace.iterations().to_vec();
        Ok(path)
    }

    /// [`Path::from_trace`] of the run's trace, labelled with the method's name.
    pub fn from_run(run: &Run) -> Result<Self, Error> {
        Ok(Self::from_trace(&run.trace)?.label(run.method))
    }

    /// The line colour (default a matplotlib red); any alpha is kept.
    pub fn color(mut self, color: impl Color) -> Self {
        self.color = color.to_rgba();
        self
    }

    /// Line width in pixels (default 2).
    pub fn width(mut self, px: u32) -> Self {
        self.width = px.max(1);
        self
    }

    /// A dot at every iterate (default off).
    pub fn markers(mut self, on: bool) -> Self {
        self.markers = on;
        self
    }

    /// A dot and the iteration number at every iterate (default off); meant for
    /// short runs such as the documents' ten-step examples.
    pub fn numbered(mut self, on: bool) -> Self {
        self.numbered = on;
        self.markers |= on;
        self
    }

    /// Start and end markers (default on).
    pub fn endpoints(mut self, on: bool) -> Self {
        self.endpoints = on;
        self
    }

    /// A legend entry.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether the path has no points.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    /// The legend entry, if labelled.
    pub(crate) fn legend_label(&self) -> Option<(RGBAColor, u32, &str)> {
        self.label.as_deref().map(|l| (self.color, self.width, l))
    }

    /// The line colour and width.
    pub(crate) fn line_style(&self) -> (RGBAColor, u32) {
        (self.color, self.width)
    }

    /// The line as pixel runs, clipped and decimated.
    pub(crate) fn runs(&self, map: &PixelMap) -> Vec<Vec<(i32, i32)>> {
        map.polylines(self.points.iter().copied())
    }

    /// The line alone.
    pub(crate) fn draw_line(&self, screen: &Area<'_>, map: &PixelMap) -> Result<(), Error> {
        for run in self.runs(map) {
            stroke(screen, &run, self.color, self.width)?;
        }
        Ok(())
    }

    /// Dots, endpoints and iteration numbers (numbers in free places only).
    pub(crate) fn draw_marks(
        &self,
        screen: &Area<'_>,
        map: &PixelMap,
        placer: &mut Placer,
    ) -> Result<(), Error> {
        let mut dots: Vec<(usize, (i32, i32))> = Vec::new();
        if self.markers {
            let mut last_px = None;
            for (k, &p) in self.points.iter().enumerate() {
                let q = map.to_px(p);
                if !map.contains_px(q) {
                    continue;
                }
                let c = (q.0.round() as i32, q.1.round() as i32);
                if last_px == Some(c) {
                    continue;
                }
                last_px = Some(c);
                dots.push((k, c));
            }
        }
        let centre = |c: (i32, i32)| (f64::from(c.0) + 0.5, f64::from(c.1) + 0.5);
        for &(_, c) in &dots {
            disc(screen, centre(c), DOT_RADIUS, self.color)?;
            placer.obstacle(centre(c), DOT_RADIUS);
        }
        let mut ends = Vec::new();
        if self.endpoints && !self.points.is_empty() {
            let last = self.points.len() - 1;
            for (p, shape, size) in [
                (self.points[0], MarkerShape::Circle, 10),
                (self.points[last], MarkerShape::Square, 9),
            ] {
                let q = map.to_px(p);
                if map.contains_px(q) {
                    let c = (q.0.round() as i32, q.1.round() as i32);
                    draw_shape(screen, c, shape, self.color, size)?;
                    placer.obstacle(centre(c), f64::from(size) / 2.0);
                    ends.push(c);
                }
            }
        }
        if self.numbered {
            for &(k, c) in &dots {
                let label = self.numbers[k].to_string();
                let clearance = if ends.contains(&c) {
                    6.0
                } else {
                    DOT_RADIUS + 1.5
                };
                placer.place(screen, &label, centre(c), clearance, LABEL_SIZE, BLACK)?;
            }
        }
        Ok(())
    }
}

/// Radius of the dot at each iterate.
const DOT_RADIUS: f64 = 3.0;
