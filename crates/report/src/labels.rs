//! [`Placer`]: small labels (iteration numbers, annotations) placed beside their
//! points without covering each other.
//!
//! A converging run puts its last iterates a pixel apart, and numbering every one
//! writes the numbers over each other into an unreadable blot. Each label here tries
//! eight places around its point (right-above first, as before) and takes the first
//! that stays inside the plot and clear of the labels and markers already placed;
//! a label with no free place is left out, since a number that cannot be read
//! informs no one.

use std::collections::HashMap;

use plotters::style::RGBColor;

use crate::Error;
use crate::area::Area;
use crate::style::halo_text;
use crate::text::{Anchor, Font, TextBox, text_size};

/// How far a label's white halo reaches beyond its letters' box, in pixels.
const HALO: f64 = 2.5;

/// Side of the square cells boxes are filed under, in pixels: a label is checked
/// against the boxes of the cells it touches only, so a long numbered run costs
/// time in proportion to its length.
const CELL: f64 = 32.0;

/// The boxes taken so far in one panel, and the rectangle labels must stay in.
pub(crate) struct Placer {
    /// Labels (kept 1 px apart) and markers (kept clear of halos), each with the
    /// margin it keeps, filed by cell.
    cells: HashMap<(i32, i32), Vec<(TextBox, f64)>>,
    bounds: TextBox,
}

impl Placer {
    /// A placer for the plot rectangle `(left, top, right, bottom)` (inclusive pixels).
    pub(crate) fn new((l, t, r, b): (f64, f64, f64, f64)) -> Self {
        Self {
            cells: HashMap::new(),
            bounds: TextBox {
                left: l,
                top: t,
                right: r + 1.0,
                bottom: b + 1.0,
            },
        }
    }

    /// Marks the square of side `2·radius` around the pixel centre `c` as taken by a
    /// marker.
    pub(crate) fn obstacle(&mut self, c: (f64, f64), radius: f64) {
        let b = TextBox {
            left: c.0 - radius,
            top: c.1 - radius,
            right: c.0 + radius,
            bottom: c.1 + radius,
        };
        // Boxes are the letters'; the halo reaches about 2 px beyond them.
        self.file(b, HALO);
    }

    fn file(&mut self, b: TextBox, pad: f64) {
        for cell in cells_of(&b, pad) {
            self.cells.entry(cell).or_default().push((b, pad));
        }
    }

    fn is_free(&self, b: &TextBox) -> bool {
        cells_of(b, 0.0).all(|cell| {
            self.cells
                .get(&cell)
                .is_none_or(|boxes| !boxes.iter().any(|(o, pad)| o.overlaps(b, *pad)))
        })
    }

    /// Draws `label` beside the pixel centre `c`, `clearance` pixels away, in the
    /// first free place; returns where, or `None` if no place was free.
    pub(crate) fn place(
        &mut self,
        screen: &Area<'_>,
        label: &str,
        c: (f64, f64),
        clearance: f64,
        size: f64,
        color: RGBColor,
    ) -> Result<Option<TextBox>, Error> {
        let (w, h) = text_size(label, &Font::new(size));
        let d = clearance;
        // On the diagonals the label's corner is `clearance` away along both axes;
        // the halo is kept off the point itself.
        let d = d + HALO - 1.0;
        let k = d;
        let candidates = [
            ((c.0 + k, c.1 - k), Anchor::BottomLeft),
            ((c.0 + d, c.1), Anchor::Left),
            ((c.0 + k, c.1 + k), Anchor::TopLeft),
            ((c.0 - k, c.1 - k), Anchor::BottomRight),
            ((c.0 - d, c.1), Anchor::Right),
            ((c.0 - k, c.1 + k), Anchor::TopRight),
            ((c.0, c.1 - d), Anchor::Bottom),
            ((c.0, c.1 + d), Anchor::Top),
        ];
        for (at, anchor) in candidates {
            let b = box_at(at, anchor, w, h);
            let inside = b.left >= self.bounds.left
                && b.top >= self.bounds.top
                && b.right <= self.bounds.right
                && b.bottom <= self.bounds.bottom;
            if inside && self.is_free(&b) {
                let drawn = halo_text(screen, label, at, size, color, anchor)?;
                self.file(drawn, 1.0);
                return Ok(Some(drawn));
            }
        }
        Ok(None)
    }
}

/// The cells a box grown by `pad` touches.
fn cells_of(b: &TextBox, pad: f64) -> impl Iterator<Item = (i32, i32)> {
    let cell = |v: f64| (v / CELL).floor() as i32;
    let (x0, x1) = (cell(b.left - pad), cell(b.right + pad));
    let (y0, y1) = (cell(b.top - pad), cell(b.bottom + pad));
    (y0..=y1).flat_map(move |y| (x0..=x1).map(move |x| (x, y)))
}

/// The box of a `w × h` text whose `anchor` is at `at` (as `draw_text` places it).
fn box_at(at: (f64, f64), anchor: Anchor, w: f64, h: f64) -> TextBox {
    let (fx, fy) = anchor.fractions();
    let (left, top) = (at.0 - fx * w, at.1 - fy * h);
    TextBox {
        left,
        top,
        right: left + w,
        bottom: top + h,
    }
}

#[cfg(test)]
mod tests {
    use super::Placer;
    use plotters::prelude::*;
    use plotters::style::BLACK;

    #[test]
    fn placed_labels_never_overlap_and_crowded_ones_are_left_out() {
        let mut rgb = vec![255u8; 300 * 200 * 3];
        let area = BitMapBackend::with_buffer(&mut rgb, (300, 200)).into_drawing_area();
        let mut placer = Placer::new((0.0, 0.0, 299.0, 199.0));
        // Forty points two pixels apart along a line: the labels cannot all fit.
        let mut placed = Vec::new();
        for k in 0..40 {
            let c = (100.0 + 2.0 * f64::from(k), 100.0);
            placer.obstacle(c, 3.0);
            if let Some(b) = placer
                .place(&area, &k.to_string(), c, 4.0, 13.5, BLACK)
                .unwrap()
            {
                placed.push(b);
            }
        }
        assert!(placed.len() >= 8 && placed.len() < 40, "{}", placed.len());
        for (i, a) in placed.iter().enumerate() {
            for b in &placed[i + 1..] {
                assert!(!a.overlaps(b, 0.0), "{a:?} overlaps {b:?}");
            }
        }
    }
}
