//! Axes laid out and drawn here: the plot rectangle, ticks, tick labels, axis labels
//! and the panel title, with the [`PixelMap`] of the plot area for the content.
//!
//! plotters' chart builder reserves fixed label areas and draws its text through its
//! own glyph placement (see `text.rs`); laying the axes out here lets the margins
//! follow the measured labels, keeps one number format per axis, fits titles to the
//! panel, and gives a map equal axes when asked.

use plotters::prelude::*;

use crate::Error;
use crate::area::Area;
use crate::format::NumberFormat;
use crate::levels::nice_levels;
use crate::pixels::PixelMap;
use crate::style::{AXIS_LABEL_SIZE, MIN_TITLE_SIZE, TICK_SIZE, TITLE_SIZE, font};
use crate::text::{Anchor, Font, draw_text, draw_text_vertical, fit, text_size};

/// What the axes of one panel show.
pub(crate) struct Axes<'a> {
    pub title: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub log_y: bool,
    /// y grows downwards (a matrix's row index).
    pub y_down: bool,
    /// Light grid lines (off under heat maps).
    pub grid: bool,
    /// One data unit spans as many pixels along x as along y.
    pub equal: bool,
    pub x_format: NumberFormat,
    pub y_format: NumberFormat,
    /// The largest plot rectangle allowed (width, height), for figures whose panels
    /// share one plot size.
    pub max_plot: Option<(u32, u32)>,
}

/// Room kept free in the panel, in pixels: a strip at the right (colour bars) and a
/// band at the bottom (a legend below the plot).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Reserve {
    pub right: f64,
    pub below: f64,
}

/// Length of a major tick outside the frame, and the gap to its label.
const TICK: i32 = 5;
const TICK_GAP: f64 = 3.0;
/// Space between the panel's edge and its outermost text.
const PAD: f64 = 6.0;

/// The laid-out axes of a panel, in absolute pixels.
pub(crate) struct Frame {
    pub map: PixelMap,
    /// The panel: (left, top, width, height).
    panel: (f64, f64, f64, f64),
    x_ticks: Vec<(f64, String)>,
    y_ticks: Vec<(f64, String)>,
    y_minor: Vec<f64>,
    title: Option<(Font, String)>,
    /// The top of the band below the plot that the x labels leave free.
    below_top: f64,
    grid: bool,
    /// How far equal axes moved the axes right to centre them with their strip.
    shift: f64,
    /// The width of the strip kept at the right of the plot.
    strip_width: f64,
}

impl Frame {
    /// The plot rectangle: (left, top, right, bottom) pixel indices, inclusive.
    pub(crate) fn rect(&self) -> (i32, i32, i32, i32) {
        let (l, t, r, b) = self.map.rect();
        (l as i32, t as i32, r as i32, b as i32)
    }

    /// The strip at the right of the plot kept by [`Reserve::right`]: (left, right)
    /// pixel edges.
    pub(crate) fn strip(&self) -> (f64, f64) {
        let (_, _, r, _) = self.rect();
        let left = f64::from(r) + 1.0;
        (left, left + self.strip_width)
    }

    /// The width left free at the sides of a plot that equal axes narrowed.
    pub(crate) fn spare_width(&self) -> f64 {
        2.0 * self.shift
    }

    /// The band below the x labels kept by [`Reserve::below`]: (top, bottom) edges.
    pub(crate) fn band_below(&self) -> (f64, f64) {
        (self.below_top, self.panel.1 + self.panel.3 - PAD)
    }

    /// Grid lines, under the content.
    pub(crate) fn draw_under(&self, screen: &Area<'_>) -> Result<(), Error> {
        if !self.grid {
            return Ok(());
        }
        let (l, t, r, b) = self.rect();
        let color = RGBColor(225, 225, 225);
        for &(v, _) in &self.x_ticks {
            let px = self.map.to_px((v, self.y_any())).0.round() as i32;
            if px > l && px < r {
                screen.draw(&PathElement::new(vec![(px, t + 1), (px, b - 1)], color))?;
            }
        }
        for &(v, _) in &self.y_ticks {
            let py = self.map.to_px((self.x_any(), v)).1.round() as i32;
            if py > t && py < b {
                screen.draw(&PathElement::new(vec![(l + 1, py), (r - 1, py)], color))?;
            }
        }
        Ok(())
    }

    /// The frame, ticks, tick labels, axis labels and title, over the content.
    pub(crate) fn draw_over(&self, screen: &Area<'_>, axes: &Axes<'_>) -> Result<(), Error> {
        let (l, t, r, b) = self.rect();
        screen.draw(&Rectangle::new([(l, t), (r, b)], BLACK.stroke_width(1)))?;
        let tick_font = font(TICK_SIZE);
        let (pl, pt, pw, _) = self.panel;
        for (v, label) in &self.x_ticks {
            let px = self.map.to_px((*v, self.y_any())).0.round() as i32;
            screen.draw(&PathElement::new(vec![(px, b + 1), (px, b + TICK)], BLACK))?;
            let (w, _) = text_size(label, &tick_font);
            // Centred on the tick, but kept inside the panel.
            let centre = (f64::from(px) + 0.5)
                .min(pl + pw - 2.0 - w / 2.0)
                .max(pl + 2.0 + w / 2.0);
            let y = f64::from(b + TICK + 1) + TICK_GAP;
            draw_text(screen, label, (centre, y), Anchor::Top, &tick_font)?;
        }
        for &minor in &self.y_minor {
            let py = self.map.to_px((self.x_any(), minor)).1.round() as i32;
            if py >= t && py <= b {
                screen.draw(&PathElement::new(vec![(l - 3, py), (l - 1, py)], BLACK))?;
            }
        }
        for (v, label) in &self.y_ticks {
            let py = self.map.to_px((self.x_any(), *v)).1.round() as i32;
            screen.draw(&PathElement::new(vec![(l - TICK, py), (l - 1, py)], BLACK))?;
            let x = f64::from(l - TICK) - TICK_GAP;
            draw_text(
                screen,
                label,
                (x, f64::from(py) + 0.5),
                Anchor::Right,
                &tick_font,
            )?;
        }
        let label_font = font(AXIS_LABEL_SIZE);
        let (cx, cy) = (f64::from(l + r + 1) / 2.0, f64::from(t + b + 1) / 2.0);
        if !axes.x_label.is_empty() {
            let y = f64::from(b + TICK + 1) + TICK_GAP + tick_font.line_height() + 3.0;
            draw_text(screen, axes.x_label, (cx, y), Anchor::Top, &label_font)?;
        }
        if !axes.y_label.is_empty() {
            let x = pl + PAD + self.shift;
            draw_text_vertical(screen, axes.y_label, (x, cy), Anchor::Left, &label_font)?;
        }
        if let Some((title_font, text)) = &self.title {
            let (w, _) = text_size(text, title_font);
            let centre = cx.min(pl + pw - PAD - w / 2.0).max(pl + PAD + w / 2.0);
            draw_text(screen, text, (centre, pt + PAD), Anchor::Top, title_font)?;
        }
        Ok(())
    }

    /// Some data coordinate inside the range, for mapping one axis only.
    fn x_any(&self) -> f64 {
        self.map.to_data(self.map_corner()).0
    }

    fn y_any(&self) -> f64 {
        self.map.to_data(self.map_corner()).1
    }

    fn map_corner(&self) -> (f64, f64) {
        let (l, t, _, _) = self.map.rect();
        (l, t)
    }
}

/// Lays out the axes of `axes` in `area`, keeping `reserve` free.
pub(crate) fn plan(area: &Area<'_>, axes: &Axes<'_>, reserve: Reserve) -> Result<Frame, Error> {
    let (ax, ay) = area.get_base_pixel();
    let (w, h) = area.dim_in_pixel();
    let panel = (f64::from(ax), f64::from(ay), f64::from(w), f64::from(h));
    let tick_font = font(TICK_SIZE);
    let tick_h = tick_font.line_height();
    let label_h = font(AXIS_LABEL_SIZE).line_height();

    let title = (!axes.title.is_empty()).then(|| {
        fit(
            axes.title,
            font(TITLE_SIZE),
            panel.2 - 2.0 * PAD,
            MIN_TITLE_SIZE,
        )
    });
    let title_h = title.as_ref().map_or(0.0, |(f, t)| text_size(t, f).1 + 4.0);
    // Half a tick label sticks out above the top tick.
    let top = panel.1 + PAD + title_h + (tick_h / 2.0).max(if title.is_some() { 2.0 } else { 0.0 });
    let x_labels_h = f64::from(TICK) + 1.0 + TICK_GAP + tick_h;
    let x_desc_h = if axes.x_label.is_empty() {
        0.0
    } else {
        3.0 + label_h
    };
    let bottom = panel.1 + panel.3 - PAD - reserve.below - x_labels_h - x_desc_h;
    let y_desc_w = if axes.y_label.is_empty() {
        0.0
    } else {
        label_h + 4.0
    };
    let left_of_ticks = panel.0 + PAD + y_desc_w;
    // Half the last x label may stick out on the right.
    let right = panel.0 + panel.2 - reserve.right - 14.0;

    // The y ticks depend on the plot's height, the left margin on their labels.
    let (mut t, mut b) = (top.ceil() as i32, bottom.floor() as i32);
    let mut y_ticks = ticks(axes.y, axes.log_y, b - t, axes.y_format, &tick_font, false);
    let label_w = |ticks: &[(f64, String)]| {
        ticks
            .iter()
            .map(|(_, s)| text_size(s, &tick_font).0)
            .fold(0.0, f64::max)
    };
    let mut l = (left_of_ticks + label_w(&y_ticks.0) + TICK_GAP + f64::from(TICK)).ceil() as i32;
    let mut r = right.floor() as i32;
    if r - l < 10 || b - t < 10 {
        return Err(crate::error::invalid(
            "panel size",
            f64::from(w.min(h)),
            "large enough for its axes and labels",
        ));
    }
    let mut shift = 0.0;
    if let Some((mw, mh)) = axes.max_plot {
        // Pixel indices l..=r span r − l + 1 pixels.
        let (mw, mh) = (mw.max(11) as i32 - 1, mh.max(11) as i32 - 1);
        if r - l > mw {
            let spare = (r - l) - mw;
            l += spare / 2;
            r = l + mw;
            shift = f64::from(spare / 2);
        }
        if b - t > mh {
            b = t + mh;
        }
    }
    if axes.equal {
        let aspect = (axes.x.1 - axes.x.0) / (axes.y.1 - axes.y.0);
        // Taller than needed: shorten (keeping the top under the title); wider than
        // needed: narrow, centred. The y labels' width depends on the height, so the
        // layout is repeated until it settles.
        for _ in 0..3 {
            let (pw, ph) = (f64::from(r - l), f64::from(b - t));
            if pw > ph * aspect {
                let width = (ph * aspect).round() as i32;
                // Centre the axes and their strip together in the panel.
                let spare = (r - l) - width;
                l += spare / 2;
                r = l + width;
                shift = f64::from(spare / 2);
            } else {
                b = t + (pw / aspect).round() as i32;
            }
            let again = ticks(axes.y, axes.log_y, b - t, axes.y_format, &tick_font, false);
            let need =
                (left_of_ticks + label_w(&again.0) + TICK_GAP + f64::from(TICK)).ceil() as i32;
            y_ticks = again;
            if need <= l {
                break;
            }
            // The labels grew past the left edge: move right and shrink again.
            l = need;
            shift = 0.0;
            r = r.min(right.floor() as i32);
            t = top.ceil() as i32;
            b = bottom.floor() as i32;
        }
    }
    // A domain far from square in a panel of the other shape: keep 10 px at least.
    b = b.max(t + 10);
    r = r.max(l + 10);
    let map = PixelMap::new(
        axes.x,
        axes.y,
        axes.log_y,
        (f64::from(l), f64::from(r)),
        if axes.y_down {
            (f64::from(t), f64::from(b))
        } else {
            (f64::from(b), f64::from(t))
        },
    );
    let (x_ticks, _) = ticks(axes.x, false, r - l, axes.x_format, &tick_font, true);
    let below_top = f64::from(b) + x_labels_h + x_desc_h + 4.0;
    Ok(Frame {
        map,
        panel,
        x_ticks,
        y_ticks: y_ticks.0,
        y_minor: y_ticks.1,
        title,
        below_top,
        grid: axes.grid,
        shift,
        strip_width: reserve.right,
    })
}

/// Labelled ticks over `range` spanning `pixels`, and unlabelled minor ticks (log axes).
/// Labels along x (`horizontal`) must not overlap side by side; along y, one above
/// the other.
fn ticks(
    range: (f64, f64),
    log: bool,
    pixels: i32,
    format: NumberFormat,
    tick_font: &Font,
    horizontal: bool,
) -> (Vec<(f64, String)>, Vec<f64>) {
    let pixels = f64::from(pixels.max(1));
    if log {
        return log_ticks(range, pixels, format, tick_font);
    }
    let spacing = if horizontal { 60.0 } else { 50.0 };
    let mut n = ((pixels / spacing).round() as usize).clamp(2, 10);
    loop {
        let eps = 1e-9 * (range.1 - range.0);
        let values: Vec<f64> = nice_levels(range.0, range.1, n)
            .into_iter()
            .filter(|v| *v >= range.0 - eps && *v <= range.1 + eps)
            .collect();
        let labels = format.format_all(&values);
        let gap = pixels * step(&values) / (range.1 - range.0);
        let need = if horizontal {
            labels
                .iter()
                .map(|s| text_size(s, tick_font).0)
                .fold(0.0, f64::max)
                + 12.0
        } else {
            tick_font.line_height() + 4.0
        };
        if gap >= need || n <= 1 || values.len() <= 2 {
            return (values.into_iter().zip(labels).collect(), Vec::new());
        }
        n -= 1;
    }
}

fn step(values: &[f64]) -> f64 {
    if values.len() < 2 {
        f64::INFINITY
    } else {
        values[1] - values[0]
    }
}

/// Decades (every k-th when they are crowded) with minor ticks at 2…9 × 10ᵏ, or
/// 1, 2, 5 × 10ᵏ when the axis spans less than two decades.
fn log_ticks(
    range: (f64, f64),
    pixels: f64,
    format: NumberFormat,
    tick_font: &Font,
) -> (Vec<(f64, String)>, Vec<f64>) {
    let (a, b) = (range.0.log10(), range.1.log10());
    let eps = 1e-9 * (b - a).abs().max(1e-300);
    let (first, last) = ((a - eps).ceil() as i32, (b + eps).floor() as i32);
    let decades = f64::from(last - first + 1).max(0.0);
    let row = tick_font.line_height() + 4.0;
    let inside = |v: f64| v.log10() >= a - eps && v.log10() <= b + eps;
    if b - a < 2.0 {
        let mut values: Vec<f64> = (first - 1..=last)
            .flat_map(|k| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(k)))
            .filter(|v| inside(*v))
            .collect();
        // Too crowded for three per decade (a short axis): keep the decades.
        let per_px = pixels / (b - a).max(1e-300);
        if values.len() > 1 && per_px * (2f64.log10()) < row {
            values.retain(|v| (v.log10() - v.log10().round()).abs() < 1e-9);
        }
        let format = if format == NumberFormat::Auto {
            NumberFormat::Significant(1)
        } else {
            format
        };
        let labels = format.format_all(&values);
        return (values.into_iter().zip(labels).collect(), Vec::new());
    }
    let per_decade = pixels / (b - a);
    let stride = ((row / per_decade).ceil() as i32).max(1);
    let values: Vec<f64> = (first..=last)
        .filter(|k| (k - first) % stride == 0)
        .map(|k| 10f64.powi(k))
        .collect();
    let format = if format == NumberFormat::Auto {
        NumberFormat::Power
    } else {
        format
    };
    let labels = format.format_all(&values);
    let minor = if stride == 1 && per_decade >= 40.0 && decades > 0.0 {
        (first - 1..=last)
            .flat_map(|k| (2..10).map(move |m| f64::from(m) * 10f64.powi(k)))
            .filter(|v| inside(*v))
            .collect()
    } else {
        Vec::new()
    };
    (values.into_iter().zip(labels).collect(), minor)
}
