//! Shared text styles, tick formatting and labels drawn with a halo.

use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use crate::Error;
use crate::font::FAMILY;

/// Point sizes of the figure texts.
pub(crate) const TITLE_SIZE: u32 = 20;
pub(crate) const AXIS_DESC_SIZE: u32 = 16;
pub(crate) const TICK_SIZE: u32 = 14;
pub(crate) const LABEL_SIZE: u32 = 13;

/// The text style of `size` points in `color`.
pub(crate) fn text(size: u32, color: RGBColor) -> TextStyle<'static> {
    (FAMILY, size).into_font().color(&color)
}

/// A tick label: integers without decimals, at most four significant digits,
/// scientific notation for very large or very small magnitudes.
pub(crate) fn fmt_tick(v: f64) -> String {
    if v == 0.0 {
        return "0".to_string();
    }
    let a = v.abs();
    if !(1e-3..1e5).contains(&a) {
        let s = format!("{v:.1e}");
        // "1.0e-5" → "1e-5"
        return s.replace(".0e", "e");
    }
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    // Four decimals may still carry noise for large numbers: keep 4 significant digits.
    let digits = a.log10().floor() as i32 + 1;
    if digits > 4 {
        format!("{v:.0}")
    } else {
        s.to_string()
    }
}

/// Draws `label` at pixel `at` (absolute) with a white halo so that it stays readable
/// over contour lines and colour maps.
pub(crate) fn halo_text(
    // The figure's `Area`, spelt out: figure.rs uses these styles.
    screen: &DrawingArea<BitMapBackend<'_>, Shift>,
    label: &str,
    at: (i32, i32),
    size: u32,
    color: RGBColor,
    pos: Pos,
) -> Result<(), Error> {
    let halo = text(size, WHITE).pos(pos);
    for (dx, dy) in [
        (-1, 0),
        (1, 0),
        (0, -1),
        (0, 1),
        (-1, -1),
        (1, 1),
        (-1, 1),
        (1, -1),
    ] {
        screen.draw(&Text::new(
            label.to_string(),
            (at.0 + dx, at.1 + dy),
            halo.clone(),
        ))?;
    }
    screen.draw(&Text::new(
        label.to_string(),
        at,
        text(size, color).pos(pos),
    ))?;
    Ok(())
}

/// Anchor: text to the right of and above the point.
pub(crate) const UPPER_RIGHT: Pos = Pos {
    h_pos: HPos::Left,
    v_pos: VPos::Bottom,
};

/// Anchor: text to the right of the point, vertically centred.
pub(crate) const RIGHT: Pos = Pos {
    h_pos: HPos::Left,
    v_pos: VPos::Center,
};

#[cfg(test)]
mod tests {
    use super::fmt_tick;

    #[test]
    fn tick_labels_are_short() {
        assert_eq!(fmt_tick(0.30000000000000004), "0.3");
        assert_eq!(fmt_tick(2.0), "2");
        assert_eq!(fmt_tick(-1.25), "-1.25");
        assert_eq!(fmt_tick(59049.0), "59049");
        assert_eq!(fmt_tick(1e-5), "1e-5");
        assert_eq!(fmt_tick(2.5e6), "2.5e6");
        assert_eq!(fmt_tick(0.0), "0");
        assert_eq!(fmt_tick(12345.678), "12346");
    }
}
