//! [`Marker`]: a symbol at a point (minimum, start, end, annotation), and the
//! anti-aliased symbols that markers, scatter points and legend keys share.

use plotters::prelude::*;

use crate::Error;
use crate::area::Area;
use crate::labels::Placer;
use crate::pixels::PixelMap;
use crate::stroke::{stroke, stroke_all};
use crate::style::LABEL_SIZE;

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
/// A filled symbol hides what lies under it; a [`hollow`](Marker::hollow) one shows
/// it: circles, squares, triangles and stars become outlines, and crosses lose their
/// centre, so a minimum can be marked without covering the small contour loop it
/// sits in.
///
/// ```
/// use report::{Marker, MarkerShape};
/// use plotters::style::RED;
/// let m = Marker::new(MarkerShape::Star, (1.0, 1.0)).color(RED).size(14).text("minimum");
/// assert_eq!(m.at(), (1.0, 1.0));
/// let open = Marker::new(MarkerShape::Cross, (1.0, 1.0)).hollow(true).line_width(1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub(crate) at: (f64, f64),
    pub(crate) shape: MarkerShape,
    pub(crate) color: RGBAColor,
    pub(crate) size: u32,
    pub(crate) text: Option<String>,
    pub(crate) label: Option<String>,
    pub(crate) hollow: bool,
    pub(crate) line_width: Option<u32>,
}

/// How a symbol is drawn: shape, colour, size across, hollow or filled, and the
/// width of its lines.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Symbol {
    pub shape: MarkerShape,
    pub color: RGBAColor,
    pub size: u32,
    pub hollow: bool,
    pub line_width: Option<u32>,
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
            hollow: false,
            line_width: None,
        }
    }

    /// A red star 16 px across: the minimum of a landscape.
    pub fn star(at: (f64, f64)) -> Self {
        Self::new(MarkerShape::Star, at).color(RED).size(16)
    }

    /// The fill colour (the line colour of hollow and line symbols).
    pub fn color(mut self, color: impl Color) -> Self {
        self.color = color.to_rgba();
        self
    }

    /// The size across in pixels (default 10).
    pub fn size(mut self, px: u32) -> Self {
        self.size = px.clamp(2, 400);
        self
    }

    /// Outline only (circle, square, triangle, star) or an open centre (cross, plus),
    /// so that what the marker marks stays visible (default off).
    pub fn hollow(mut self, on: bool) -> Self {
        self.hollow = on;
        self
    }

    /// The width of the lines of crosses, pluses and hollow symbols, in pixels
    /// (default: 2, or about a sixth of the size for crosses and pluses).
    pub fn line_width(mut self, px: u32) -> Self {
        self.line_width = Some(px.clamp(1, 40));
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

    pub(crate) fn symbol(&self) -> Symbol {
        Symbol {
            shape: self.shape,
            color: self.color,
            size: self.size,
            hollow: self.hollow,
            line_width: self.line_width,
        }
    }

    /// The pixel centre of the marker, if it lies in the plot area.
    pub(crate) fn centre(&self, map: &PixelMap) -> Option<(i32, i32)> {
        let p = map.to_px(self.at);
        map.contains_px(p)
            .then(|| (p.0.round() as i32, p.1.round() as i32))
    }

    /// Draws the marker if it lies in the plot area.
    pub(crate) fn draw(&self, screen: &Area<'_>, map: &PixelMap) -> Result<(), Error> {
        if let Some(c) = self.centre(map) {
            draw_symbol(screen, c, &self.symbol())?;
        }
        Ok(())
    }

    /// Writes the annotation beside the marker, in a free place.
    pub(crate) fn annotate(
        &self,
        screen: &Area<'_>,
        map: &PixelMap,
        placer: &mut Placer,
    ) -> Result<(), Error> {
        if let (Some(text), Some(c)) = (&self.text, self.centre(map)) {
            let centre = (f64::from(c.0) + 0.5, f64::from(c.1) + 0.5);
            let clearance = f64::from(self.size) / 2.0 + 2.0;
            placer.place(screen, text, centre, clearance, LABEL_SIZE, BLACK)?;
        }
        Ok(())
    }
}

/// Draws `shape` centred on the absolute pixel `c`, `size` px across, filled with a
/// thin dark outline so that it shows on any background.
pub(crate) fn draw_shape(
    screen: &Area<'_>,
    c: (i32, i32),
    shape: MarkerShape,
    color: RGBAColor,
    size: u32,
) -> Result<(), Error> {
    let symbol = Symbol {
        shape,
        color,
        size,
        hollow: false,
        line_width: None,
    };
    draw_symbol(screen, c, &symbol)
}

/// Draws `symbol` centred on the absolute pixel `c`.
pub(crate) fn draw_symbol(screen: &Area<'_>, c: (i32, i32), symbol: &Symbol) -> Result<(), Error> {
    let Symbol {
        shape,
        color,
        size,
        hollow,
        line_width,
    } = *symbol;
    let r = (f64::from(size) / 2.0).max(1.0);
    let dark = RGBColor(30, 30, 30).to_rgba();
    let lw = line_width.unwrap_or(2);
    let at = |dx: f64, dy: f64| (c.0 + dx.round() as i32, c.1 + dy.round() as i32);
    let centre = (f64::from(c.0) + 0.5, f64::from(c.1) + 0.5);
    match shape {
        MarkerShape::Circle if hollow => {
            ring(
                screen,
                centre,
                r - f64::from(lw) / 2.0,
                f64::from(lw),
                color,
            )?;
        }
        MarkerShape::Circle => {
            disc(screen, centre, r, color)?;
            ring(screen, centre, r - 0.5, 1.0, dark)?;
        }
        MarkerShape::Square => {
            let (a, b) = (at(-r, -r), at(r - 1.0, r - 1.0));
            if hollow {
                let inset = (lw as i32 - 1) / 2;
                let (a, b) = ((a.0 + inset, a.1 + inset), (b.0 - inset, b.1 - inset));
                stroke(screen, &[a, (b.0, a.1), b, (a.0, b.1), a], color, lw)?;
            } else {
                screen.draw(&Rectangle::new([a, b], color.filled()))?;
                screen.draw(&Rectangle::new([a, b], dark.stroke_width(1)))?;
            }
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
            let mut closed = points.clone();
            closed.push(closed[0]);
            if hollow {
                stroke(screen, &closed, color, lw)?;
            } else {
                screen.draw(&Polygon::new(points, color.filled()))?;
                stroke(screen, &closed, dark, 1)?;
            }
        }
        MarkerShape::Cross | MarkerShape::Plus => {
            let width = line_width.unwrap_or(((size + 4) / 6).max(2));
            // A cross's arms reach the corners of the square of side `size`, a plus's
            // the middles of its edges.
            let ends: [(f64, f64); 4] = if shape == MarkerShape::Cross {
                [(r, r), (-r, -r), (r, -r), (-r, r)]
            } else {
                [(r, 0.0), (-r, 0.0), (0.0, r), (0.0, -r)]
            };
            // Hollow: the arms start away from the centre, which stays visible.
            let inner = if hollow { 0.45 } else { 0.0 };
            let arms: Vec<Vec<(i32, i32)>> = ends
                .iter()
                .map(|&(ex, ey)| vec![at(inner * ex, inner * ey), at(ex, ey)])
                .collect();
            stroke_all(screen, &arms, color, width)?;
        }
    }
    Ok(())
}

/// A disc of radius `r` about `centre` (pixel coordinates, pixel (i, j) centred at
/// (i + ½, j + ½)), with anti-aliased edges.
pub(crate) fn disc(
    screen: &Area<'_>,
    centre: (f64, f64),
    r: f64,
    color: RGBAColor,
) -> Result<(), Error> {
    cover(screen, centre, r + 1.0, color, |d| {
        (r + 0.5 - d).clamp(0.0, 1.0)
    })
}

/// A ring of radius `r` (to the middle of its line) and line width `w`, anti-aliased.
pub(crate) fn ring(
    screen: &Area<'_>,
    centre: (f64, f64),
    r: f64,
    w: f64,
    color: RGBAColor,
) -> Result<(), Error> {
    cover(screen, centre, r + w / 2.0 + 1.0, color, |d| {
        (w / 2.0 + 0.5 - (d - r).abs()).clamp(0.0, 1.0)
    })
}

fn cover(
    screen: &Area<'_>,
    centre: (f64, f64),
    reach: f64,
    color: RGBAColor,
    coverage: impl Fn(f64) -> f64,
) -> Result<(), Error> {
    let (x0, x1) = (
        (centre.0 - reach).floor() as i32,
        (centre.0 + reach).ceil() as i32,
    );
    let (y0, y1) = (
        (centre.1 - reach).floor() as i32,
        (centre.1 + reach).ceil() as i32,
    );
    for y in y0..=y1 {
        for x in x0..=x1 {
            let d = (f64::from(x) + 0.5 - centre.0).hypot(f64::from(y) + 0.5 - centre.1);
            let a = coverage(d) * color.3;
            if a > 1.0 / 256.0 {
                screen.draw_pixel((x, y), &RGBColor(color.0, color.1, color.2).mix(a))?;
            }
        }
    }
    Ok(())
}
