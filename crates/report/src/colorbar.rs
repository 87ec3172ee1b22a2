//! Colour bars beside a plot: continuous, banded (filled levels) or one swatch per
//! contour line, each labelled in one number format.

use plotters::prelude::*;

use crate::area::Area;
use crate::format::NumberFormat;
use crate::norm::Norm;
use crate::style::{LABEL_SIZE, MIN_TITLE_SIZE, TICK_SIZE, font};
use crate::text::{Anchor, Font, draw_text, fit, text_size};
use crate::{Colormap, Error};

/// What a colour bar shows.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ColorBar {
    /// A continuous map, positioned by `norm`, from the bottom to the top.
    Continuous {
        map: Colormap,
        norm: Norm,
        format: NumberFormat,
    },
    /// Bands of equal height; band k has `colors[k]` and spans `edges[k]..edges[k+1]`.
    Bands {
        colors: Vec<RGBColor>,
        edges: Vec<f64>,
        format: NumberFormat,
    },
    /// One swatch per drawn contour level, labelled with the level.
    Lines {
        colors: Vec<RGBColor>,
        levels: Vec<f64>,
        format: NumberFormat,
    },
}

/// Gap between the plot and the bar, the bar's width, the tick's length and the gap
/// to its label.
const GAP: f64 = 14.0;
const BAR: i32 = 18;
const TICK: i32 = 4;
const LABEL_GAP: f64 = 3.0;
/// Widest a bar's title may be before it is shrunk or wrapped.
const MAX_TITLE: f64 = 160.0;

impl ColorBar {
    /// Every label with its position s ∈ [0, 1] from the bottom, in one format.
    fn labels(&self) -> Vec<(f64, String)> {
        let (positions, values, format): (Vec<f64>, Vec<f64>, NumberFormat) = match self {
            ColorBar::Continuous { norm, format, .. } => {
                let v = norm.ticks();
                (v.iter().map(|x| norm.t(*x)).collect(), v, *format)
            }
            ColorBar::Bands {
                edges,
                colors,
                format,
            } => {
                let n = colors.len().max(1) as f64;
                let s = (0..edges.len()).map(|k| k as f64 / n).collect();
                (s, edges.clone(), *format)
            }
            ColorBar::Lines { levels, format, .. } => {
                let n = levels.len().max(1) as f64;
                let s = (0..levels.len()).map(|k| (k as f64 + 0.5) / n).collect();
                (s, levels.clone(), *format)
            }
        };
        positions
            .into_iter()
            .zip(format.format_all(&values))
            .collect()
    }

    /// The width of the strip this bar needs with `title` above it.
    pub(crate) fn width(&self, title: &str) -> f64 {
        let tick_font = font(TICK_SIZE);
        let labels = self
            .labels()
            .iter()
            .map(|(_, s)| text_size(s, &tick_font).0)
            .fold(0.0, f64::max);
        let body = GAP + f64::from(BAR + TICK) + LABEL_GAP + labels + 6.0;
        if title.is_empty() {
            return body;
        }
        let (f, t) = title_fit(title);
        // The title is centred on the bar but may use the whole strip.
        body.max(GAP + text_size(&t, &f).0 + 4.0)
            .min(GAP + MAX_TITLE + 4.0)
    }
}

fn title_fit(title: &str) -> (Font, String) {
    fit(
        title,
        font(LABEL_SIZE + 0.5),
        MAX_TITLE,
        MIN_TITLE_SIZE - 1.0,
    )
}

/// Draws `bar` in the strip `[x0, x0 + width)` beside plot rows `top..=bottom`.
pub(crate) fn draw_colorbar(
    screen: &Area<'_>,
    x0: f64,
    width: f64,
    (top, bottom): (i32, i32),
    bar: &ColorBar,
    title: &str,
) -> Result<(), Error> {
    let left = (x0 + GAP).round() as i32;
    let right = left + BAR - 1;
    let title_fit = (!title.is_empty()).then(|| title_fit(title));
    let title_h = title_fit
        .as_ref()
        .map_or(0.0, |(f, t)| text_size(t, f).1 + 4.0);
    // The top label is centred on the bar's top edge: keep half a line above it.
    let tick_font = font(TICK_SIZE);
    let title_top = top;
    let top = top + (title_h + tick_font.line_height() / 2.0).ceil() as i32;
    let height = (bottom - top).max(1);
    // Row of the bar at fraction s ∈ [0, 1] from the bottom.
    let row = |s: f64| bottom - (s * f64::from(height)).round() as i32;
    match bar {
        ColorBar::Continuous { map, .. } => {
            for py in top..=bottom {
                let s = f64::from(bottom - py) / f64::from(height);
                screen.draw(&PathElement::new(vec![(left, py), (right, py)], map.at(s)))?;
            }
        }
        ColorBar::Bands { colors, .. } | ColorBar::Lines { colors, .. } => {
            let n = colors.len().max(1);
            for (k, c) in colors.iter().enumerate() {
                let (a, b) = (row(k as f64 / n as f64), row((k + 1) as f64 / n as f64));
                screen.draw(&Rectangle::new([(left, b), (right, a)], c.filled()))?;
            }
        }
    }
    screen.draw(&Rectangle::new(
        [(left, top), (right, bottom)],
        BLACK.stroke_width(1),
    ))?;
    let labels = bar.labels();
    // Labels at least a line apart: every k-th of evenly spaced ones.
    let every = match bar {
        ColorBar::Continuous { .. } => 1,
        _ => {
            let n = labels.len().max(1);
            let fit = (f64::from(height) / (tick_font.line_height() + 2.0)).max(1.0) as usize;
            n.div_ceil(fit).max(1)
        }
    };
    for (s, label) in labels.iter().step_by(every) {
        let py = row(*s);
        screen.draw(&PathElement::new(
            vec![(right + 1, py), (right + TICK, py)],
            BLACK,
        ))?;
        let at = (f64::from(right + TICK + 1) + LABEL_GAP, f64::from(py) + 0.5);
        draw_text(screen, label, at, Anchor::Left, &tick_font)?;
    }
    if let Some((f, t)) = title_fit {
        let (w, _) = text_size(&t, &f);
        let centre = (f64::from(left + right + 1) / 2.0)
            .min(x0 + width - 2.0 - w / 2.0)
            .max(x0 + 4.0 + w / 2.0);
        let at = (centre, f64::from(title_top));
        draw_text(screen, &t, at, Anchor::Top, &f)?;
    }
    Ok(())
}
