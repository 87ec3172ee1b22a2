//! Thick lines drawn as parallel one-pixel lines.
//!
//! plotters fills a thick polyline as one polygon whose vertices it truncates to whole
//! pixels, so a curve made of short segments comes out as a ragged staircase. Drawing
//! `width` one-pixel Bresenham lines side by side (shifted across the segment's main
//! direction) gives clean edges instead.

use plotters::prelude::*;

use crate::Error;
use crate::figure::Area;

/// Draws the polyline `run` (absolute pixels) `width` pixels wide in `color`.
///
/// Translucent thick lines keep plotters' single polygon, so that no pixel is
/// painted twice and the line keeps an even shade.
pub(crate) fn stroke(
    screen: &Area<'_>,
    run: &[(i32, i32)],
    color: RGBAColor,
    width: u32,
) -> Result<(), Error> {
    if width <= 1 || color.3 < 0.99 {
        screen.draw(&PathElement::new(run.to_vec(), color.stroke_width(width)))?;
        return Ok(());
    }
    let w = width as i32;
    let offsets = -(w - 1) / 2..=w / 2;
    let mut previous_flat: Option<bool> = None;
    for pair in run.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let flat = (b.0 - a.0).abs() >= (b.1 - a.1).abs();
        for o in offsets.clone() {
            let (da, db) = if flat {
                ((a.0, a.1 + o), (b.0, b.1 + o))
            } else {
                ((a.0 + o, a.1), (b.0 + o, b.1))
            };
            screen.draw(&PathElement::new(vec![da, db], color))?;
        }
        // Where the shift direction turns, the two strokes leave a notch: plug it.
        if previous_flat.is_some_and(|p| p != flat) {
            let lo = -(w - 1) / 2;
            screen.draw(&Rectangle::new(
                [(a.0 + lo, a.1 + lo), (a.0 + lo + w - 1, a.1 + lo + w - 1)],
                color.filled(),
            ))?;
        }
        previous_flat = Some(flat);
    }
    Ok(())
}
