//! Lines rasterised here, not by plotters.
//!
//! plotters' bitmap backend drops the end pixels of a segment drawn right to left
//! (a dashed look on contours traversed that way), fills a thick polyline as one
//! polygon whose vertices it truncates (a ragged staircase on curves made of short
//! segments), and paints shared vertices twice (dark dots on faint lines). Here a
//! polyline becomes a set of pixels — Bresenham segments, `width` of them side by side
//! across each segment's main direction — and each pixel is painted once, so faint
//! lines keep an even shade.

use plotters::prelude::*;

use crate::Error;
use crate::area::Area;

/// Draws the polyline `run` (absolute pixels) `width` pixels wide in `color`.
pub(crate) fn stroke(
    screen: &Area<'_>,
    run: &[(i32, i32)],
    color: RGBAColor,
    width: u32,
) -> Result<(), Error> {
    let mut pixels = Vec::new();
    rasterize(run, width, &mut pixels);
    pixels.sort_unstable();
    pixels.dedup();
    for p in pixels {
        screen.draw_pixel(p, &color)?;
    }
    Ok(())
}

/// Draws several polylines as one set of pixels, so that where they meet (the arms
/// of a cross) a translucent colour is not painted twice.
pub(crate) fn stroke_all(
    screen: &Area<'_>,
    runs: &[Vec<(i32, i32)>],
    color: RGBAColor,
    width: u32,
) -> Result<(), Error> {
    let mut pixels = Vec::new();
    for run in runs {
        rasterize(run, width, &mut pixels);
    }
    pixels.sort_unstable();
    pixels.dedup();
    for p in pixels {
        screen.draw_pixel(p, &color)?;
    }
    Ok(())
}

/// Appends the pixels of the polyline `run`, `width` pixels wide, to `out`
/// (possibly with repeats).
pub(crate) fn rasterize(run: &[(i32, i32)], width: u32, out: &mut Vec<(i32, i32)>) {
    let w = width.max(1) as i32;
    let lo = -(w - 1) / 2;
    if run.len() == 1 {
        square(run[0], lo, w, out);
    }
    let mut previous_flat: Option<bool> = None;
    for pair in run.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        let flat = (b.0 - a.0).abs() >= (b.1 - a.1).abs();
        for o in lo..lo + w {
            let (da, db) = if flat {
                ((a.0, a.1 + o), (b.0, b.1 + o))
            } else {
                ((a.0 + o, a.1), (b.0 + o, b.1))
            };
            bresenham(da, db, out);
        }
        // Where the offset direction turns, the two strokes leave a notch: fill it.
        if w > 1 && previous_flat.is_some_and(|p| p != flat) {
            square(a, lo, w, out);
        }
        previous_flat = Some(flat);
    }
}

fn square(c: (i32, i32), lo: i32, w: i32, out: &mut Vec<(i32, i32)>) {
    for dy in lo..lo + w {
        for dx in lo..lo + w {
            out.push((c.0 + dx, c.1 + dy));
        }
    }
}

/// Every pixel of the segment a–b, both ends included.
fn bresenham(a: (i32, i32), b: (i32, i32), out: &mut Vec<(i32, i32)>) {
    let (dx, dy) = ((b.0 - a.0).abs(), -(b.1 - a.1).abs());
    let (sx, sy) = (
        if a.0 < b.0 { 1 } else { -1 },
        if a.1 < b.1 { 1 } else { -1 },
    );
    let (mut x, mut y, mut err) = (a.0, a.1, dx + dy);
    loop {
        out.push((x, y));
        if (x, y) == b {
            return;
        }
        let e2 = 2 * err;
        if e2 >= dy {
            err += dy;
            x += sx;
        }
        if e2 <= dx {
            err += dx;
            y += sy;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::rasterize;

    fn pixels(run: &[(i32, i32)], width: u32) -> Vec<(i32, i32)> {
        let mut out = Vec::new();
        rasterize(run, width, &mut out);
        out.sort_unstable();
        out.dedup();
        out
    }

    #[test]
    fn segments_keep_both_ends_whatever_their_direction() {
        let forward = pixels(&[(0, 0), (4, 0)], 1);
        let backward = pixels(&[(4, 0), (0, 0)], 1);
        assert_eq!(forward, (0..=4).map(|x| (x, 0)).collect::<Vec<_>>());
        assert_eq!(forward, backward);
        // A steep segment: one pixel per row, ends included, either way round.
        for run in [[(3, 7), (0, 0)], [(0, 0), (3, 7)]] {
            assert_eq!(pixels(&run, 1).len(), 8);
        }
        assert!(pixels(&[(3, 7), (0, 0)], 1).contains(&(0, 0)));
        assert!(pixels(&[(3, 7), (0, 0)], 1).contains(&(3, 7)));
    }

    #[test]
    fn thick_lines_are_width_pixels_across_without_gaps() {
        // A horizontal 3-px line spans rows −1, 0, 1 on every column.
        let p = pixels(&[(10, 0), (0, 0)], 3);
        assert_eq!(p.len(), 11 * 3);
        // An L-turn has its corner filled.
        let l = pixels(&[(0, 0), (10, 0), (10, 10)], 2);
        for corner in [(10, 0), (11, 0), (10, 1), (11, 1)] {
            assert!(l.contains(&corner), "{corner:?}");
        }
    }

    #[test]
    fn a_polyline_paints_each_pixel_once() {
        let mut raw = Vec::new();
        rasterize(&[(0, 0), (5, 1), (10, 0), (15, 3)], 1, &mut raw);
        let unique = pixels(&[(0, 0), (5, 1), (10, 0), (15, 3)], 1);
        // Shared vertices appear twice in the raw list and once after dedup.
        assert_eq!(raw.len(), unique.len() + 2);
    }
}
