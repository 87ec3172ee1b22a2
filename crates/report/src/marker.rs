//! [`Marker`]: a symbol at a point (minimum, start, end, annotation).

use plotters::prelude::*;

use crate::Error;
use crate::figure::Area;
use crate::pixels::PixelMap;
use crate::stroke::stroke;
use crate::style::{LABEL_SIZE, UPPER_RIGHT, halo_text};

/// The shape of a [`Marker`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkerShape {
    /// A filled disc.
    Circle,
    /// A filled square.
    Square,
    /// A filled upward triangle.
    Triangle,
    /// A filled five-pointed star (minima, as matplotlib's `'*r'`).
    Star,
    /// An ×.
    Cross,
    /// A +.
    Plus,
}

/// A symbol drawn at a data point, with an optional annotation beside it and an
/// optional legend entry.
///
/// ```
/// use report::{Marker, MarkerShape};
/// use plotters::style::RED;
/// let m = Marker::new(MarkerShape::Star, (1.0, 1.0)).color(RED).size(14).text("minimum");
/// assert_eq!(m.at(), (1.0, 1.0));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub(crate) at: (f64, f64),
    pub(crate) shape: MarkerShape,
    pub(crate) color: RGBAColor,
    pub(crate) size: u32,
    pub(crate) text: Option<String>,
    pub(crate) label: Option<String>,
}

impl Marker {
    /// A black marker of `shape`, 10 px across, at `at`.
    pub fn new(shape: MarkerShape, at: (f64, f64)) -> Self {
        Self {
            at,
            shape,
            color: BLACK.to_rgba(),
            size: 10,
            text: None,
            label: None,
        }
    }

    /// A red star 16 px across: the minimum of a landscape.
    pub fn star(at: (f64, f64)) -> Self {
        Self::new(MarkerShape::Star, at).color(RED).size(16)
    }

    /// The fill colour.
    pub fn color(mut self, color: impl Color) -> Self {
        self.color = color.to_rgba();
        self
    }

    /// The size across in pixels (default 10).
    pub fn size(mut self, px: u32) -> Self {
        self.size = px.max(2);
        self
    }

    /// An annotation written beside the marker.
    pub fn text(mut self, text: impl Into<String>) -> Self {
        self.text = Some(text.into());
        self
    }

    /// A legend entry for the marker.
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = Some(label.into());
        self
    }

    /// Where the marker is, in data coordinates.
    pub fn at(&self) -> (f64, f64) {
        self.at
    }

    /// Draws the marker (and its annotation) if it lies in the plot area.
    pub(crate) fn draw(&self, screen: &Area<'_>, map: &PixelMap) -> Result<(), Error> {
        let p = map.to_px(self.at);
        if !map.contains_px(p) {
            return Ok(());
        }
        let centre = (p.0.round() as i32, p.1.round() as i32);
        draw_shape(screen, centre, self.shape, self.color, self.size)?;
        if let Some(text) = &self.text {
            let r = self.size as i32 / 2 + 2;
            halo_text(
                screen,
                text,
                (centre.0 + r, centre.1 - r),
                LABEL_SIZE,
                BLACK,
                UPPER_RIGHT,
            )?;
        }
        Ok(())
    }
}

/// Draws `shape` centred on the absolute pixel `c`, `size` px across, with a thin
/// dark outline so that it shows on any background.
pub(crate) fn draw_shape(
    screen: &Area<'_>,
    c: (i32, i32),
    shape: MarkerShape,
    color: RGBAColor,
    size: u32,
) -> Result<(), Error> {
    let r = (size as f64 / 2.0).max(1.0);
    let outline = RGBColor(30, 30, 30).stroke_width(1);
    let at = |dx: f64, dy: f64| (c.0 + dx.round() as i32, c.1 + dy.round() as i32);
    match shape {
        MarkerShape::Circle => {
            screen.draw(&Circle::new(c, r.round() as i32, color.filled()))?;
            screen.draw(&Circle::new(c, r.round() as i32, outline))?;
        }
        MarkerShape::Square => {
            let (a, b) = (at(-r, -r), at(r, r));
            screen.draw(&Rectangle::new([a, b], color.filled()))?;
            screen.draw(&Rectangle::new([a, b], outline))?;
        }
        MarkerShape::Triangle | MarkerShape::Star => {
            let points: Vec<(i32, i32)> = if shape == MarkerShape::Triangle {
                (0..3)
                    .map(|k| {
                        let a = std::f64::consts::FRAC_PI_2
                            + k as f64 * 2.0 * std::f64::consts::PI / 3.0;
                        at(r * a.cos(), -r * a.sin())
                    })
                    .collect()
            } else {
                (0..10)
                    .map(|k| {
                        let a = std::f64::consts::FRAC_PI_2 + k as f64 * std::f64::consts::PI / 5.0;
                        let rad = if k % 2 == 0 { r } else { 0.42 * r };
                        at(rad * a.cos(), -rad * a.sin())
                    })
                    .collect()
            };
            screen.draw(&Polygon::new(points.clone(), color.filled()))?;
            let mut closed = points;
            closed.push(closed[0]);
            stroke(screen, &closed, RGBColor(30, 30, 30).to_rgba(), 1)?;
        }
        MarkerShape::Cross | MarkerShape::Plus => {
            let style = color.stroke_width(((size + 4) / 6).max(2));
            let (a1, b1, a2, b2) = if shape == MarkerShape::Cross {
                (at(-r, -r), at(r, r), at(-r, r), at(r, -r))
            } else {
                (at(-r, 0.0), at(r, 0.0), at(0.0, -r), at(0.0, r))
            };
            screen.draw(&PathElement::new(vec![a1, b1], style))?;
            screen.draw(&PathElement::new(vec![a2, b2], style))?;
        }
    }
    Ok(())
}
