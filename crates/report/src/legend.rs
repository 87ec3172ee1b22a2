//! Legends: a box of keys and labels in a corner of the plot area.

use plotters::prelude::*;

use crate::Error;
use crate::figure::Area;
use crate::marker::{MarkerShape, draw_shape};
use crate::pixels::PixelMap;
use crate::style::{LABEL_SIZE, RIGHT, text};

/// Which corner of the plot area holds the legend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LegendPosition {
    /// Top right (the default).
    #[default]
    UpperRight,
    /// Top left.
    UpperLeft,
    /// Bottom left.
    LowerLeft,
    /// Bottom right.
    LowerRight,
    /// No legend.
    None,
}

/// What a legend entry shows before its label.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Key {
    Line {
        color: RGBAColor,
        width: u32,
    },
    Marker {
        shape: MarkerShape,
        color: RGBAColor,
    },
}

/// Draws the entries, if any, in the corner `position` of the plot area of `map`.
pub(crate) fn draw_legend(
    screen: &Area<'_>,
    map: &PixelMap,
    position: LegendPosition,
    entries: &[(Key, String)],
) -> Result<(), Error> {
    if entries.is_empty() || position == LegendPosition::None {
        return Ok(());
    }
    let style = text(LABEL_SIZE, BLACK);
    let row = LABEL_SIZE as i32 + 8;
    let key_w = 30;
    let mut text_w = 0;
    for (_, label) in entries {
        let (w, _) = screen.estimate_text_size(label, &style)?;
        text_w = text_w.max(w as i32);
    }
    let (w, h) = (key_w + text_w + 20, row * entries.len() as i32 + 8);
    let (l, t, r, b) = map.rect();
    let (l, t, r, b) = (l as i32, t as i32, r as i32, b as i32);
    let pad = 8;
    let (x0, y0) = match position {
        LegendPosition::UpperLeft => (l + pad, t + pad),
        LegendPosition::LowerLeft => (l + pad, b - pad - h),
        LegendPosition::LowerRight => (r - pad - w, b - pad - h),
        _ => (r - pad - w, t + pad),
    };
    screen.draw(&Rectangle::new(
        [(x0, y0), (x0 + w, y0 + h)],
        WHITE.mix(0.85).filled(),
    ))?;
    screen.draw(&Rectangle::new(
        [(x0, y0), (x0 + w, y0 + h)],
        RGBColor(160, 160, 160).stroke_width(1),
    ))?;
    for (k, (key, label)) in entries.iter().enumerate() {
        let cy = y0 + 4 + row * k as i32 + row / 2;
        let kx = x0 + 8;
        match key {
            Key::Line { color, width } => {
                screen.draw(&PathElement::new(
                    vec![(kx, cy), (kx + key_w - 6, cy)],
                    color.stroke_width(*width),
                ))?;
            }
            Key::Marker { shape, color } => {
                draw_shape(screen, (kx + (key_w - 6) / 2, cy), *shape, *color, 10)?;
            }
        }
        screen.draw(&Text::new(
            label.clone(),
            (kx + key_w, cy),
            style.pos(RIGHT),
        ))?;
    }
    Ok(())
}
