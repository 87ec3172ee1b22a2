//! [`Quiver`]: arrows of a vector field (a gradient field) on a 2-D panel.

use plotters::prelude::*;

use crate::area::Area;
use crate::colorbar::ColorBar;
use crate::error::invalid;
use crate::format::NumberFormat;
use crate::grid::linspace;
use crate::norm::Norm;
use crate::pixels::{PixelMap, clip_segment, round};
use crate::stroke::stroke;
use crate::{Colormap, Error};

/// Arrows `(x, y) → (x + u, y + v)`, scaled together so that the longest spans 90 % of
/// the spacing between arrows; lengths stay proportional to ‖(u, v)‖.
///
/// ```
/// use report::{Colormap, Quiver};
/// // The gradient of x² + y², coloured by the function value.
/// let q = Quiver::sample((-1.0, 1.0), (-1.0, 1.0), 15, 15, |x, y| [2.0 * x, 2.0 * y])?
///     .color_by_fn(|x, y| x * x + y * y, Colormap::Viridis);
/// assert_eq!(q.len(), 225);
/// # Ok::<(), report::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Quiver {
    arrows: Vec<[f64; 4]>,
    colors: Option<Vec<RGBColor>>,
    color: RGBColor,
    /// Spacing between arrows in data units, when they sit on a grid.
    spacing: Option<(f64, f64)>,
    /// The colour encoding of `color_by_fn`: map and value range, for the colour bar.
    encoding: Option<(Colormap, f64, f64)>,
    label: String,
}

impl Quiver {
    /// Arrows given as `[x, y, u, v]`.
    pub fn new(arrows: Vec<[f64; 4]>) -> Self {
        Self {
            arrows,
            colors: None,
            color: BLACK,
            spacing: None,
            encoding: None,
            label: String::new(),
        }
    }

    /// The field `f(x, y) = [u, v]` at `nx × ny` evenly spaced points of `x` × `y`.
    ///
    /// Errors if a range is not finite and increasing or a count is below 2.
    pub fn sample(
        x: (f64, f64),
        y: (f64, f64),
        nx: usize,
        ny: usize,
        f: impl Fn(f64, f64) -> [f64; 2],
    ) -> Result<Self, Error> {
        crate::error::check_range("x", x)?;
        crate::error::check_range("y", y)?;
        if nx < 2 {
            return Err(invalid("nx", nx as f64, ">= 2"));
        }
        if ny < 2 {
            return Err(invalid("ny", ny as f64, ">= 2"));
        }
        let xs = linspace(x.0, x.1, nx);
        let mut arrows = Vec::with_capacity(nx * ny);
        for yj in linspace(y.0, y.1, ny) {
            for &xi in &xs {
                let [u, v] = f(xi, yj);
                arrows.push([xi, yj, u, v]);
            }
        }
        let mut q = Self::new(arrows);
        q.spacing = Some(((x.1 - x.0) / (nx - 1) as f64, (y.1 - y.0) / (ny - 1) as f64));
        Ok(q)
    }

    /// Colours each arrow by `g` at its tail, along `map` (smallest value → 0); the
    /// map gets a colour bar, titled with [`label`](Quiver::label).
    pub fn color_by_fn(mut self, g: impl Fn(f64, f64) -> f64, map: Colormap) -> Self {
        let values: Vec<f64> = self.arrows.iter().map(|a| g(a[0], a[1])).collect();
        let finite = values.iter().filter(|v| v.is_finite());
        let lo = finite.clone().copied().fold(f64::INFINITY, f64::min);
        let hi = finite.copied().fold(f64::NEG_INFINITY, f64::max);
        let span = if hi > lo { hi - lo } else { 1.0 };
        self.colors = Some(values.iter().map(|v| map.at((v - lo) / span)).collect());
        self.encoding = (hi > lo).then_some((map, lo, hi));
        self
    }

    /// The title of the colour bar of [`color_by_fn`](Quiver::color_by_fn).
    pub fn label(mut self, label: impl Into<String>) -> Self {
        self.label = label.into();
        self
    }

    /// The colour bar of the arrows' colours, if they encode values.
    pub(crate) fn colorbar(&self) -> Option<(ColorBar, String)> {
        let (map, lo, hi) = self.encoding?;
        self.colors.as_ref()?;
        let bar = ColorBar::Continuous {
            map,
            norm: Norm::Linear { lo, hi },
            format: NumberFormat::Auto,
        };
        Some((bar, self.label.clone()))
    }

    /// One colour for every arrow (default black).
    pub fn color(mut self, color: RGBColor) -> Self {
        self.color = color;
        self.colors = None;
        self.encoding = None;
        self
    }

    /// Number of arrows.
    pub fn len(&self) -> usize {
        self.arrows.len()
    }

    /// Whether there are no arrows.
    pub fn is_empty(&self) -> bool {
        self.arrows.is_empty()
    }

    /// Draws the arrows, clipped to the plot area.
    pub(crate) fn draw(&self, screen: &Area<'_>, map: &PixelMap) -> Result<(), Error> {
        let (l, t, r, b) = map.rect();
        let spacing_px = match self.spacing {
            Some((dx, dy)) => {
                let o = map.to_px((0.0, 0.0));
                let d = map.to_px((dx, dy));
                (d.0 - o.0).abs().min((d.1 - o.1).abs())
            }
            None => ((r - l) * (b - t) / self.arrows.len().max(1) as f64).sqrt(),
        };
        // Pixels per unit of (u, v), from the longest arrow.
        let longest = self
            .arrows
            .iter()
            .map(|a| a[2].hypot(a[3]))
            .filter(|n| n.is_finite())
            .fold(0.0, f64::max);
        if longest == 0.0 {
            return Ok(());
        }
        let scale = 0.9 * spacing_px / longest;
        for (k, a) in self.arrows.iter().enumerate() {
            let color = self.colors.as_ref().map_or(self.color, |c| c[k]);
            let tail = map.to_px((a[0], a[1]));
            // Screen y grows downwards.
            let (ux, uy) = (a[2] * scale, -a[3] * scale);
            let len = ux.hypot(uy);
            if !len.is_finite() || !map.contains_px(tail) {
                continue;
            }
            if len < 1.5 {
                screen.draw_pixel((round(tail.0), round(tail.1)), &color)?;
                continue;
            }
            let tip = (tail.0 + ux, tail.1 + uy);
            let head = (0.35 * len).min(9.0);
            let (dx, dy) = (ux / len, uy / len);
            let base = (tip.0 - head * dx, tip.1 - head * dy);
            let half = 0.45 * head;
            let wing1 = (base.0 - half * dy, base.1 + half * dx);
            let wing2 = (base.0 + half * dy, base.1 - half * dx);
            if let Some((p, q)) = clip_segment(tail, base, map.rect()) {
                let width = if len > 12.0 { 2 } else { 1 };
                stroke(screen, &[px(p), px(q)], color.to_rgba(), width)?;
            }
            if [tip, wing1, wing2].iter().all(|p| map.contains_px(*p)) {
                screen.draw(&Polygon::new(
                    vec![px(tip), px(wing1), px(wing2)],
                    color.filled(),
                ))?;
            }
        }
        Ok(())
    }
}

fn px(p: (f64, f64)) -> (i32, i32) {
    (round(p.0), round(p.1))
}
