//! Data → pixel mapping, clipping to the plot area and decimation.
//!
//! plotters draws whatever it is given, also outside the plot area, so every line
//! drawn by this crate passes through [`PixelMap::polylines`]: segments are clipped to
//! the plot rectangle (Liang–Barsky) and points closer than a pixel to the previous
//! kept point are dropped, so that a faint line is not darkened where thousands of
//! tiny segments overlap.

/// The affine (or, for a log y axis, log-affine) map from data to absolute pixels of
/// one plot area, with the plot rectangle to clip against.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct PixelMap {
    x: (f64, f64),
    y: (f64, f64),
    log_y: bool,
    /// Pixel columns of x.0 and x.1.
    px: (f64, f64),
    /// Pixel rows of y.0 and y.1 (py.0 > py.1: rows grow downwards).
    py: (f64, f64),
}

impl PixelMap {
    /// The map sending `x.0 → px.0`, `x.1 → px.1` and likewise for y. For `log_y`,
    /// `y` must be positive and log10 y is mapped linearly.
    pub(crate) fn new(
        x: (f64, f64),
        y: (f64, f64),
        log_y: bool,
        px: (f64, f64),
        py: (f64, f64),
    ) -> Self {
        let y = if log_y { (y.0.log10(), y.1.log10()) } else { y };
        Self {
            x,
            y,
            log_y,
            px,
            py,
        }
    }

    /// Pixel coordinates of a data point (NaN for a non-positive y on a log axis).
    pub(crate) fn to_px(self, (x, y): (f64, f64)) -> (f64, f64) {
        let y = if self.log_y {
            if y > 0.0 { y.log10() } else { f64::NAN }
        } else {
            y
        };
        let tx = (x - self.x.0) / (self.x.1 - self.x.0);
        let ty = (y - self.y.0) / (self.y.1 - self.y.0);
        (
            self.px.0 + tx * (self.px.1 - self.px.0),
            self.py.0 + ty * (self.py.1 - self.py.0),
        )
    }

    /// Data coordinates of a pixel position (the inverse of [`PixelMap::to_px`]).
    pub(crate) fn to_data(self, (px, py): (f64, f64)) -> (f64, f64) {
        let tx = (px - self.px.0) / (self.px.1 - self.px.0);
        let ty = (py - self.py.0) / (self.py.1 - self.py.0);
        let y = self.y.0 + ty * (self.y.1 - self.y.0);
        (
            self.x.0 + tx * (self.x.1 - self.x.0),
            if self.log_y { 10f64.powf(y) } else { y },
        )
    }

    /// The plot rectangle in pixels: (left, top, right, bottom), inclusive.
    pub(crate) fn rect(&self) -> (f64, f64, f64, f64) {
        (
            self.px.0.min(self.px.1),
            self.py.0.min(self.py.1),
            self.px.0.max(self.px.1),
            self.py.0.max(self.py.1),
        )
    }

    /// Whether a pixel position lies in the plot rectangle.
    pub(crate) fn contains_px(&self, (px, py): (f64, f64)) -> bool {
        let (l, t, r, b) = self.rect();
        px >= l && px <= r && py >= t && py <= b
    }

    /// The polyline through `points`, clipped to the plot rectangle and decimated
    /// to about one point per pixel, as runs of integer pixel positions. A
    /// non-finite point (or a non-positive y on a log axis) breaks the line.
    pub(crate) fn polylines(
        &self,
        points: impl IntoIterator<Item = (f64, f64)>,
    ) -> Vec<Vec<(i32, i32)>> {
        let mut runs = Vec::new();
        let mut run: Vec<(f64, f64)> = Vec::new();
        let mut prev: Option<(f64, f64)> = None;
        for p in points {
            let q = self.to_px(p);
            if !(q.0.is_finite() && q.1.is_finite()) {
                flush(&mut run, &mut runs);
                prev = None;
                continue;
            }
            let Some(a) = prev.replace(q) else {
                if self.contains_px(q) {
                    run.push(q);
                }
                continue;
            };
            match clip_segment(a, q, self.rect()) {
                None => flush(&mut run, &mut runs),
                Some((ca, cb)) => {
                    if run.is_empty() || ca != a {
                        flush(&mut run, &mut runs);
                        run.push(ca);
                    }
                    push_decimated(&mut run, cb);
                    if cb != q {
                        flush(&mut run, &mut runs);
                    }
                }
            }
        }
        flush(&mut run, &mut runs);
        runs
    }
}

/// Appends `p`, first dropping the previous point if it lies within a pixel of the
/// one before it: kept points are a pixel apart, and a run still ends exactly where
/// the data does.
fn push_decimated(run: &mut Vec<(f64, f64)>, p: (f64, f64)) {
    if let [.., before, last] = run.as_mut_slice() {
        if (last.0 - before.0).abs() < 1.0 && (last.1 - before.1).abs() < 1.0 {
            *last = p;
            return;
        }
    }
    run.push(p);
}

fn flush(run: &mut Vec<(f64, f64)>, runs: &mut Vec<Vec<(i32, i32)>>) {
    if !run.is_empty() {
        let mut px: Vec<(i32, i32)> = run.iter().map(|&(x, y)| (round(x), round(y))).collect();
        px.dedup();
        if px.len() > 1 {
            runs.push(px);
        }
        run.clear();
    }
}

/// Rounds to the nearest pixel; the caller has clipped, so the value fits an i32.
pub(crate) fn round(v: f64) -> i32 {
    v.round() as i32
}

/// Liang–Barsky clipping of the segment a→b to `(left, top, right, bottom)`.
pub(crate) fn clip_segment(
    a: (f64, f64),
    b: (f64, f64),
    (l, t, r, bt): (f64, f64, f64, f64),
) -> Option<((f64, f64), (f64, f64))> {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let (mut t0, mut t1) = (0.0_f64, 1.0_f64);
    for (p, q) in [
        (-dx, a.0 - l),
        (dx, r - a.0),
        (-dy, a.1 - t),
        (dy, bt - a.1),
    ] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let s = q / p;
            if p < 0.0 {
                t0 = t0.max(s);
            } else {
                t1 = t1.min(s);
            }
        }
    }
    if t0 > t1 {
        return None;
    }
    let at = |s: f64| {
        if s == 0.0 {
            a
        } else if s == 1.0 {
            b
        } else {
            (a.0 + s * dx, a.1 + s * dy)
        }
    };
    Some((at(t0), at(t1)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit() -> PixelMap {
        // Data [0, 10]² onto pixels x 100..200, y 200..100.
        PixelMap::new(
            (0.0, 10.0),
            (0.0, 10.0),
            false,
            (100.0, 200.0),
            (200.0, 100.0),
        )
    }

    #[test]
    fn maps_corners_and_inverts() {
        let m = unit();
        assert_eq!(m.to_px((0.0, 0.0)), (100.0, 200.0));
        assert_eq!(m.to_px((10.0, 10.0)), (200.0, 100.0));
        assert_eq!(m.to_data((150.0, 130.0)), (5.0, 7.0));
    }

    #[test]
    fn log_axis_maps_decades_evenly() {
        let m = PixelMap::new((0.0, 1.0), (1e-4, 1.0), true, (0.0, 100.0), (400.0, 0.0));
        assert!((m.to_px((0.0, 1e-2)).1 - 200.0).abs() < 1e-9);
        assert!(m.to_px((0.0, 0.0)).1.is_nan());
        assert!((m.to_data((0.0, 100.0)).1 - 0.1).abs() < 1e-15);
    }

    #[test]
    fn clips_segments_that_leave_and_reenter() {
        let m = unit();
        // (5,5) → (15,5) leaves at x = 10; → (15,15) stays out; → (5,5) re-enters.
        let runs = m.polylines([(5.0, 5.0), (15.0, 5.0), (15.0, 15.0), (5.0, 5.0)]);
        assert_eq!(
            runs,
            vec![vec![(150, 150), (200, 150)], vec![(200, 100), (150, 150)]]
        );
        for (x, y) in runs.iter().flatten() {
            assert!((100..=200).contains(x) && (100..=200).contains(y));
        }
    }

    #[test]
    fn drops_segments_entirely_outside_and_breaks_at_nan() {
        let m = unit();
        let runs = m.polylines([(-5.0, -5.0), (-1.0, 20.0), (-1.0, 1.0), (1.0, 1.0)]);
        assert_eq!(runs, vec![vec![(100, 190), (110, 190)]]);
        let runs = m.polylines([
            (1.0, 1.0),
            (2.0, 1.0),
            (f64::NAN, 0.0),
            (3.0, 1.0),
            (4.0, 1.0),
        ]);
        assert_eq!(
            runs,
            vec![vec![(110, 190), (120, 190)], vec![(130, 190), (140, 190)]]
        );
    }

    #[test]
    fn decimates_to_about_one_point_per_pixel() {
        let m = unit();
        let pts: Vec<(f64, f64)> = (0..=10_000).map(|k| (k as f64 * 1e-3, 5.0)).collect();
        let runs = m.polylines(pts);
        assert_eq!(runs.len(), 1);
        // 10 data units are 100 pixels: ~100 points, ending exactly at the last one.
        assert!(
            runs[0].len() <= 102 && runs[0].len() >= 50,
            "{}",
            runs[0].len()
        );
        assert_eq!(*runs[0].last().unwrap(), (200, 150));
        assert_eq!(runs[0][0], (100, 150));
    }
}
