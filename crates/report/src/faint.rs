//! Translucent lines of one colour composited together, so that many faint lines
//! stay faint where they overlap.
//!
//! Drawn one after the other, k lines of opacity α reach 1 − (1 − α)ᵏ where they
//! overlap: 100 loss curves at α = 0.08 that converge to the same value turn into a
//! solid black band, hiding the bold mean drawn over them. Here every pixel counts
//! the lines that cross it and is painted once, with the opacity of at most
//! [`OVERLAP_CAP`] overlapping lines: overlaps still read as a little darker (where
//! the runs go), but never as a block.

use plotters::prelude::*;

use crate::Error;
use crate::area::Area;
use crate::stroke::rasterize;

/// Overlaps darken like this many lines at most.
pub(crate) const OVERLAP_CAP: i32 = 3;

/// The opacity of a pixel crossed by `k` lines of opacity `alpha`.
pub(crate) fn overlap_alpha(alpha: f64, k: u32) -> f64 {
    1.0 - (1.0 - alpha).powi((k as i32).min(OVERLAP_CAP))
}

/// Draws `lines` (each a set of pixel runs, already clipped to `rect`) in the
/// translucent `color`, `width` pixels wide, as one layer.
pub(crate) fn draw_faint(
    screen: &Area<'_>,
    rect: (i32, i32, i32, i32),
    lines: &[Vec<Vec<(i32, i32)>>],
    color: RGBAColor,
    width: u32,
) -> Result<(), Error> {
    // Thick lines spill a few pixels past the plot rectangle: count those too.
    let m = width as i32;
    let (l, t) = (rect.0 - m, rect.1 - m);
    let (w, h) = (
        (rect.2 - rect.0 + 1 + 2 * m).max(0) as usize,
        (rect.3 - rect.1 + 1 + 2 * m).max(0) as usize,
    );
    let mut counts = vec![0u32; w * h];
    let mut pixels = Vec::new();
    for runs in lines {
        pixels.clear();
        for run in runs {
            rasterize(run, width, &mut pixels);
        }
        pixels.sort_unstable();
        pixels.dedup();
        for &(x, y) in &pixels {
            let (i, j) = (x - l, y - t);
            if i >= 0 && j >= 0 && (i as usize) < w && (j as usize) < h {
                counts[j as usize * w + i as usize] += 1;
            }
        }
    }
    let rgb = RGBColor(color.0, color.1, color.2);
    for (k, &n) in counts.iter().enumerate() {
        if n > 0 {
            let p = (l + (k % w) as i32, t + (k / w) as i32);
            screen.draw_pixel(p, &rgb.mix(overlap_alpha(color.3, n)))?;
        }
    }
    Ok(())
}

/// Groups the items by their translucent colour and width (in order of first
/// appearance); opaque items get `None` and are drawn one by one.
pub(crate) fn group_key(color: RGBAColor, width: u32) -> Option<(u8, u8, u8, u64, u32)> {
    (color.3 < 1.0).then_some((color.0, color.1, color.2, color.3.to_bits(), width))
}
