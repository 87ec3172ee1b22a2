//! [`Ink`]: where a panel's content is drawn, to find a place for its legend.
//!
//! The content is drawn a first time into a scratch bitmap the size of the figure
//! (so that its absolute coordinates are the real ones), and every pixel of the plot
//! area that is not white counts as data. Drawing twice is exact whatever the layers
//! are (lines, markers, numbers, arrows), and costs a few milliseconds only for
//! panels that have a legend to place.

use plotters::prelude::*;

use crate::Error;
use crate::area::Area;

/// Which pixels of a plot rectangle hold data, as a summed-area table.
pub(crate) struct Ink {
    left: i32,
    top: i32,
    w: usize,
    h: usize,
    /// `sums[(y + 1) * (w + 1) + x + 1]`: inked pixels in columns ..=x of rows ..=y.
    sums: Vec<u32>,
}

impl Ink {
    /// Draws `content` into a white scratch bitmap of `extent` pixels and records the
    /// non-white pixels inside `rect` (left, top, right, bottom; inclusive).
    pub(crate) fn of(
        extent: (u32, u32),
        rect: (i32, i32, i32, i32),
        content: impl FnOnce(&Area<'_>) -> Result<(), Error>,
    ) -> Result<Self, Error> {
        let (ew, eh) = (extent.0.max(1) as usize, extent.1.max(1) as usize);
        let mut buffer = vec![255u8; ew * eh * 3];
        {
            let area =
                BitMapBackend::with_buffer(&mut buffer, (ew as u32, eh as u32)).into_drawing_area();
            content(&area)?;
            area.present()?;
        }
        let (l, t, r, b) = rect;
        let (w, h) = ((r - l + 1).max(0) as usize, (b - t + 1).max(0) as usize);
        Ok(Self::build(l, t, w, h, |x, y| {
            let (ax, ay) = (l + x as i32, t + y as i32);
            if ax < 0 || ay < 0 || ax as usize >= ew || ay as usize >= eh {
                return false;
            }
            let i = 3 * (ay as usize * ew + ax as usize);
            buffer[i..i + 3] != [255, 255, 255]
        }))
    }

    /// Every pixel of `rect` inked (a heat map covers the whole plot).
    pub(crate) fn full(rect: (i32, i32, i32, i32)) -> Self {
        let (l, t, r, b) = rect;
        let (w, h) = ((r - l + 1).max(0) as usize, (b - t + 1).max(0) as usize);
        Self::build(l, t, w, h, |_, _| true)
    }

    fn build(
        left: i32,
        top: i32,
        w: usize,
        h: usize,
        inked: impl Fn(usize, usize) -> bool,
    ) -> Self {
        let mut sums = vec![0u32; (w + 1) * (h + 1)];
        for y in 0..h {
            let mut row = 0u32;
            for x in 0..w {
                row += u32::from(inked(x, y));
                sums[(y + 1) * (w + 1) + x + 1] = sums[y * (w + 1) + x + 1] + row;
            }
        }
        Self {
            left,
            top,
            w,
            h,
            sums,
        }
    }

    /// Inked pixels in the rectangle `(left, top, right, bottom)` (inclusive,
    /// absolute; the part outside the plot counts as empty).
    pub(crate) fn count(&self, (l, t, r, b): (i32, i32, i32, i32)) -> u32 {
        let clamp_x = |x: i32| (x - self.left).clamp(0, self.w as i32) as usize;
        let clamp_y = |y: i32| (y - self.top).clamp(0, self.h as i32) as usize;
        let (x0, x1) = (clamp_x(l), clamp_x(r + 1));
        let (y0, y1) = (clamp_y(t), clamp_y(b + 1));
        if x0 >= x1 || y0 >= y1 {
            return 0;
        }
        let at = |x: usize, y: usize| self.sums[y * (self.w + 1) + x];
        at(x1, y1) + at(x0, y0) - at(x0, y1) - at(x1, y0)
    }
}

#[cfg(test)]
mod tests {
    use super::Ink;

    #[test]
    fn counts_rectangles_of_the_mask() {
        let ink = Ink::build(10, 20, 8, 6, |x, y| x == 3 || y == 5);
        assert_eq!(ink.count((10, 20, 17, 25)), 6 + 8 - 1);
        assert_eq!(ink.count((14, 20, 17, 24)), 0);
        assert_eq!(ink.count((13, 20, 13, 20)), 1);
        assert_eq!(ink.count((0, 0, 5, 5)), 0);
        assert_eq!(Ink::full((0, 0, 9, 9)).count((-5, -5, 4, 4)), 25);
    }
}
