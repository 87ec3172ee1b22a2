//! Legends: a box of keys and labels in a free spot of the plot area, in a corner
//! asked for, or in a row below the plot.

use plotters::prelude::*;

use crate::Error;
use crate::area::Area;
use crate::ink::Ink;
use crate::marker::{Symbol, draw_symbol};
use crate::style::{LABEL_SIZE, font};
use crate::text::{Anchor, draw_text, text_size};

/// Where the legend goes.
///
/// The default, `Auto`, keeps the legend off the data: it takes the first of the
/// four corners and then the four edge middles of the plot area where the legend box
/// (with a 3 px margin) covers no drawn pixel of lines, markers, arrows or labels,
/// and otherwise goes outside the plot, where it covers nothing: to its right when
/// equal axes left room there (the plot keeps its size), else below it. A heat map
/// covers the whole plot, so over one the legend goes outside. The corners remain
/// available for figures that want a fixed place.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LegendPosition {
    /// Top right.
    UpperRight,
    /// Top left.
    UpperLeft,
    /// Bottom left.
    LowerLeft,
    /// Bottom right.
    LowerRight,
    /// No legend.
    None,
    /// A free spot inside the plot, else below it (the default).
    #[default]
    Auto,
    /// In rows below the plot and its x-axis label, outside the plot area.
    Below,
    /// In a box to the right of the plot and its colour bars, outside the plot area.
    Right,
}

/// What a legend entry shows before its label.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Key {
    Line {
        color: RGBAColor,
        width: u32,
    },
    Marker(Symbol),
    /// A filled square: a class of a categorical heat map.
    Swatch(RGBColor),
}

/// Where a legend was put.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Placement {
    Hidden,
    /// The top-left corner of the box, in absolute pixels.
    Inside(i32, i32),
    Below,
    Right,
}

/// Gap between the plot (or its colour bars) and a legend at its right.
pub(crate) const RIGHT_GAP: i32 = 12;

/// Width of a key and the gap after it; padding inside the box.
const KEY: i32 = 28;
const KEY_GAP: i32 = 6;
const PAD: i32 = 7;
/// Space between the box and the plot's frame, and the clear margin kept around the
/// box when looking for a free spot.
const INSET: i32 = 8;
const MARGIN: i32 = 3;

fn row_height() -> i32 {
    (font(LABEL_SIZE).line_height() + 5.0).ceil() as i32
}

/// The size of the legend box of `entries`, one entry per row.
pub(crate) fn box_size(entries: &[(Key, String)]) -> (i32, i32) {
    let label_font = font(LABEL_SIZE);
    let text_w = entries
        .iter()
        .map(|(_, l)| text_size(l, &label_font).0)
        .fold(0.0, f64::max)
        .ceil() as i32;
    (
        PAD + KEY + KEY_GAP + text_w + PAD,
        row_height() * entries.len() as i32 + PAD,
    )
}

/// Chooses where the legend of `size` goes in the plot rectangle `rect`; `ink` says
/// where data are drawn (needed for `Auto` only; `None` counts as all free).
pub(crate) fn place(
    position: LegendPosition,
    rect: (i32, i32, i32, i32),
    size: (i32, i32),
    ink: Option<&Ink>,
) -> Placement {
    let (l, t, r, b) = rect;
    let (w, h) = size;
    let fits = w + 2 * INSET <= r - l && h + 2 * INSET <= b - t;
    let corner = |p: LegendPosition| match p {
        LegendPosition::UpperLeft => (l + INSET, t + INSET),
        LegendPosition::LowerLeft => (l + INSET, b - INSET - h),
        LegendPosition::LowerRight => (r - INSET - w, b - INSET - h),
        _ => (r - INSET - w, t + INSET),
    };
    match position {
        LegendPosition::None => Placement::Hidden,
        LegendPosition::Below => Placement::Below,
        LegendPosition::Right => Placement::Right,
        LegendPosition::Auto => {
            if !fits {
                return Placement::Below;
            }
            let (mx, my) = ((l + r - w) / 2, (t + b - h) / 2);
            let candidates = [
                corner(LegendPosition::UpperRight),
                corner(LegendPosition::UpperLeft),
                corner(LegendPosition::LowerRight),
                corner(LegendPosition::LowerLeft),
                (mx, t + INSET),
                (mx, b - INSET - h),
                (r - INSET - w, my),
                (l + INSET, my),
            ];
            let free = |&(x, y): &(i32, i32)| {
                ink.is_none_or(|ink| {
                    ink.count((x - MARGIN, y - MARGIN, x + w + MARGIN, y + h + MARGIN)) == 0
                })
            };
            match candidates.iter().find(|c| free(c)) {
                Some(&(x, y)) => Placement::Inside(x, y),
                None => Placement::Below,
            }
        }
        corner_position => {
            let (x, y) = corner(corner_position);
            Placement::Inside(x, y)
        }
    }
}

/// Draws the box of `entries` with its top-left corner at `at`.
pub(crate) fn draw_box(
    screen: &Area<'_>,
    at: (i32, i32),
    entries: &[(Key, String)],
) -> Result<(), Error> {
    let (w, h) = box_size(entries);
    let (x0, y0) = at;
    screen.draw(&Rectangle::new(
        [(x0, y0), (x0 + w, y0 + h)],
        WHITE.mix(0.85).filled(),
    ))?;
    screen.draw(&Rectangle::new(
        [(x0, y0), (x0 + w, y0 + h)],
        RGBColor(160, 160, 160).stroke_width(1),
    ))?;
    let row = row_height();
    for (k, (key, label)) in entries.iter().enumerate() {
        let cy = y0 + PAD / 2 + 2 + row * k as i32 + row / 2;
        draw_entry(screen, (x0 + PAD, cy), key, label)?;
    }
    Ok(())
}

/// The height of `entries` laid out in rows below the plot, `width` pixels wide.
pub(crate) fn below_height(entries: &[(Key, String)], width: f64) -> f64 {
    f64::from(rows(entries, width).len() as i32 * row_height() + 4)
}

/// Entries in rows no wider than `width`: (index of first, index past last, width).
fn rows(entries: &[(Key, String)], width: f64) -> Vec<(usize, usize, f64)> {
    let label_font = font(LABEL_SIZE);
    let item = |k: usize| f64::from(KEY + KEY_GAP) + text_size(&entries[k].1, &label_font).0;
    let spacing = 18.0;
    let mut out: Vec<(usize, usize, f64)> = Vec::new();
    for k in 0..entries.len() {
        match out.last_mut() {
            Some((_, end, w)) if *w + spacing + item(k) <= width => {
                *end = k + 1;
                *w += spacing + item(k);
            }
            _ => out.push((k, k + 1, item(k))),
        }
    }
    out
}

/// Draws `entries` in centred rows between columns `left` and `right`, from `top`.
pub(crate) fn draw_below(
    screen: &Area<'_>,
    (left, right): (f64, f64),
    top: f64,
    entries: &[(Key, String)],
) -> Result<(), Error> {
    let label_font = font(LABEL_SIZE);
    let row = row_height();
    for (n, (start, end, width)) in rows(entries, right - left).into_iter().enumerate() {
        let mut x = ((left + right - width) / 2.0).round() as i32;
        let cy = top.round() as i32 + row * n as i32 + row / 2;
        for (key, label) in &entries[start..end] {
            draw_entry(screen, (x, cy), key, label)?;
            x += KEY + KEY_GAP + text_size(label, &label_font).0.ceil() as i32 + 18;
        }
    }
    Ok(())
}

/// One key and its label, starting at column `x`, centred on row `cy`.
fn draw_entry(screen: &Area<'_>, (x, cy): (i32, i32), key: &Key, label: &str) -> Result<(), Error> {
    match key {
        Key::Line { color, width } => {
            let run = [(x + 2, cy), (x + KEY - 3, cy)];
            crate::stroke::stroke(screen, &run, *color, *width)?;
        }
        Key::Marker(symbol) => {
            let mut s = *symbol;
            s.size = s.size.min(14);
            draw_symbol(screen, (x + KEY / 2, cy), &s)?;
        }
        Key::Swatch(color) => {
            let (a, b) = ((x + KEY / 2 - 7, cy - 6), (x + KEY / 2 + 6, cy + 6));
            screen.draw(&Rectangle::new([a, b], color.filled()))?;
            screen.draw(&Rectangle::new(
                [a, b],
                RGBColor(90, 90, 90).stroke_width(1),
            ))?;
        }
    }
    draw_text(
        screen,
        label,
        (f64::from(x + KEY + KEY_GAP), f64::from(cy) + 0.5),
        Anchor::Left,
        &font(LABEL_SIZE),
    )?;
    Ok(())
}
