//! [`Scatter`]: points without a line (the initial or final points of many runs),
//! optionally numbered.

use plotters::prelude::*;

use crate::Error;
use crate::area::Area;
use crate::labels::Placer;
use crate::marker::{MarkerShape, Symbol, draw_symbol};
use crate::pixels::PixelMap;
use crate::style::LABEL_SIZE;

/// Points drawn as symbols on a [`Map`](crate::Map), with one legend entry for all.
///
/// [`numbered`](Scatter::numbered) writes each point's index (or the labels given
/// with [`labels`](Scatter::labels)) beside it, in the first of eight places around
/// it that covers no other label or point; labels that find no free place are left
/// out rather than drawn over each other.
///
/// ```
/// use report::{Map, MarkerShape, Scatter};
/// use report::plotters::style::RGBColor;
/// let starts: Vec<(f64, f64)> = (0..100).map(|k| {
///     let a = f64::from(k) * 0.7;
///     (2.0 * a.cos(), 2.0 * a.sin())
/// }).collect();
/// let s = Scatter::new(starts).color(RGBColor(214, 39, 40)).size(6).label("initial points");
/// assert_eq!(s.len(), 100);
/// let map = Map::new((-3.0, 3.0), (-3.0, 3.0))?.scatter(s);
/// # Ok::<(), report::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Scatter {
    points: Vec<(f64, f64)>,
    symbol: Symbol,
    numbered: bool,
    labels: Option<Vec<String>>,
    label: Option<String>,
}

impl Scatter {
    /// Red discs 6 px across at `points`.
    pub fn new(points: Vec<(f64, f64)>) -> Self {
        Self {
            points,
            symbol: Symbol {
                shape: MarkerShape::Circle,
                color: RGBColor(214, 39, 40).to_rgba(),
                size: 6,
                hollow: false,
                line_width: None,
            },
            numbered: false,
            labels: None,
            label: None,
        }
    }

    /// The symbol (default a disc).
    pub fn shape(mut self, shape: MarkerShape) -> Self {
        self.symbol.shape = shape;
        self
    }

    /// The colour (default matplotlib red); any alpha is kept.
    pub fn color(mut self, color: impl Color) -> Self {
        self.symbol.color = color.to_rgba();
        self
    }

    /// Size across in pixels (default 6).
    pub fn size(mut self, px: u32) -> Self {
        self.symbol.size = px.clamp(2, 400);
        self
    }

    /// Outlines (or open crosses) instead of filled symbols (default off).
    pub fn hollow(mut self, on: bool) -> Self {
        self.symbol.hollow = on;
        self
    }

    /// Writes each point's index beside it (default off).
    pub fn numbered(mut self, on: bool) -> Self {
        self.numbered = on;
        self
    }

    /// Writes these labels beside the points instead of their indices (the k-th
    /// label beside the k-th point; missing labels write nothing).
    pub fn labels<S: Into<String>>(mut self, labels: impl IntoIterator<Item = S>) -> Self {
        self.labels = Some(labels.into_iter().map(Into::into).collect());
        self.numbered = true;
        self
    }

    /// One legend entry for all the points.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Number of points.
    pub fn len(&self) -> usize {
        self.points.len()
    }

    /// Whether there are no points.
    pub fn is_empty(&self) -> bool {
        self.points.is_empty()
    }

    pub(crate) fn legend_entry(&self) -> Option<(Symbol, &str)> {
        self.label.as_deref().map(|l| (self.symbol, l))
    }

    /// Draws the points; their labels go through `placer`, after every point is
    /// registered as an obstacle so that no label covers one.
    pub(crate) fn draw(
        &self,
        screen: &Area<'_>,
        map: &PixelMap,
        placer: &mut Placer,
    ) -> Result<(), Error> {
        let mut shown = Vec::new();
        for (k, &p) in self.points.iter().enumerate() {
            let q = map.to_px(p);
            if map.contains_px(q) {
                let c = (q.0.round() as i32, q.1.round() as i32);
                draw_symbol(screen, c, &self.symbol)?;
                shown.push((k, c));
            }
        }
        if !self.numbered {
            return Ok(());
        }
        let r = f64::from(self.symbol.size) / 2.0;
        let centre = |c: (i32, i32)| (f64::from(c.0) + 0.5, f64::from(c.1) + 0.5);
        for &(_, c) in &shown {
            placer.obstacle(centre(c), r);
        }
        for (k, c) in shown {
            let text = match &self.labels {
                Some(labels) => match labels.get(k) {
                    Some(t) => t.clone(),
                    None => continue,
                },
                None => k.to_string(),
            };
            placer.place(screen, &text, centre(c), r + 2.0, LABEL_SIZE, BLACK)?;
        }
        Ok(())
    }
}
