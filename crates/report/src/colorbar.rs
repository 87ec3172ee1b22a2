//! Colour bars beside a plot: continuous, banded (filled levels) or one swatch per
//! contour line.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::figure::Area;
use crate::levels::nice_levels;
use crate::pixels::PixelMap;
use crate::style::{LABEL_SIZE, RIGHT, TICK_SIZE, fmt_tick, text};
use crate::{Colormap, Error};

/// Width in pixels kept for a colour bar and its labels.
pub(crate) const STRIP_WIDTH: u32 = 100;

/// What a colour bar shows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ColorBar {
    /// A continuous map from `lo` (bottom) to `hi` (top).
    Continuous { map: Colormap, lo: f64, hi: f64 },
    /// Bands of equal height; band k has `colors[k]` and spans `edges[k]..edges[k+1]`.
    Bands {
        colors: Vec<RGBColor>,
        edges: Vec<f64>,
    },
    /// One swatch per contour level, labelled with the level.
    Lines {
        colors: Vec<RGBColor>,
        levels: Vec<f64>,
    },
}

/// Draws `bar` in `strip` (absolute coordinates), aligned with the plot area of `map`.
pub(crate) fn draw_colorbar(
    screen: &Area<'_>,
    strip: &Area<'_>,
    map: &PixelMap,
    bar: &ColorBar,
    title: &str,
) -> Result<(), Error> {
    let (sx, _) = strip.get_pixel_range();
    let (_, top, _, bottom) = map.rect();
    let (top, bottom) = (top as i32 + 8, bottom as i32);
    let (x0, x1) = (sx.start + 10, sx.start + 30);
    let height = (bottom - top).max(1);
    // Row `py` of the bar at fraction s ∈ [0, 1] from the bottom.
    let row = |s: f64| bottom - (s * f64::from(height)).round() as i32;
    let mut ticks: Vec<(f64, String)> = Vec::new();
    match bar {
        ColorBar::Continuous { map: cmap, lo, hi } => {
            for py in top..=bottom {
                let s = f64::from(bottom - py) / f64::from(height);
                screen.draw(&PathElement::new(vec![(x0, py), (x1, py)], cmap.at(s)))?;
            }
            for v in nice_levels(*lo, *hi, 6) {
                if v >= *lo && v <= *hi && hi > lo {
                    ticks.push(((v - lo) / (hi - lo), fmt_tick(v)));
                }
            }
        }
        ColorBar::Bands { colors, edges } => {
            let n = colors.len().max(1);
            for (k, c) in colors.iter().enumerate() {
                let (a, b) = (row(k as f64 / n as f64), row((k + 1) as f64 / n as f64));
                screen.draw(&Rectangle::new([(x0, b), (x1, a)], c.filled()))?;
            }
            let every = label_stride(edges.len(), height);
            for (k, v) in edges.iter().enumerate().filter(|(k, _)| k % every == 0) {
                ticks.push((k as f64 / n as f64, fmt_tick(*v)));
            }
        }
        ColorBar::Lines { colors, levels } => {
            let n = colors.len().max(1);
            for (k, c) in colors.iter().enumerate() {
                let (a, b) = (row(k as f64 / n as f64), row((k + 1) as f64 / n as f64));
                screen.draw(&Rectangle::new([(x0, b), (x1, a)], c.filled()))?;
            }
            let every = label_stride(levels.len(), height);
            for (k, v) in levels.iter().enumerate().filter(|(k, _)| k % every == 0) {
                ticks.push(((k as f64 + 0.5) / n as f64, fmt_tick(*v)));
            }
        }
    }
    screen.draw(&Rectangle::new(
        [(x0, top), (x1, bottom)],
        BLACK.stroke_width(1),
    ))?;
    for (s, label) in ticks {
        let py = row(s);
        screen.draw(&PathElement::new(vec![(x1, py), (x1 + 4, py)], BLACK))?;
        screen.draw(&Text::new(
            label,
            (x1 + 7, py),
            text(TICK_SIZE, BLACK).pos(RIGHT),
        ))?;
    }
    if !title.is_empty() {
        // Centred on the bar, but kept inside the strip when the title is wide.
        let style = text(LABEL_SIZE, BLACK);
        let (w, _) = screen.estimate_text_size(title, &style)?;
        let half = w as i32 / 2;
        let centre = ((x0 + x1) / 2)
            .min(sx.end - half - 2)
            .max(sx.start + half + 2);
        let pos = Pos::new(HPos::Center, VPos::Bottom);
        screen.draw(&Text::new(
            title.to_string(),
            (centre, top - 4),
            style.pos(pos),
        ))?;
    }
    Ok(())
}

/// Labels every `stride`-th of `n` ticks so that labels are at least 16 px apart.
fn label_stride(n: usize, height: i32) -> usize {
    let fit = (height / 16).max(1) as usize;
    n.div_ceil(fit).max(1)
}
