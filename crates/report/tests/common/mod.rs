//! Pixel helpers shared by the integration tests: images are RGB rows as
//! `Figure::render` returns them.

#![allow(dead_code)]

use report::{Figure, Panel};

/// An RGB image.
pub struct Image {
    pub w: usize,
    pub h: usize,
    pub rgb: Vec<u8>,
}

impl Image {
    pub fn of(figure: &Figure) -> Image {
        let (w, h) = figure.size();
        Image {
            w: w as usize,
            h: h as usize,
            rgb: figure.render().unwrap(),
        }
    }

    pub fn panel(w: u32, h: u32, panel: impl Panel + 'static) -> Image {
        Image::of(&Figure::new(w, h).unwrap().panel(panel))
    }

    pub fn at(&self, x: usize, y: usize) -> [u8; 3] {
        let i = 3 * (y * self.w + x);
        [self.rgb[i], self.rgb[i + 1], self.rgb[i + 2]]
    }

    /// Darkness in [0, 1] of a grey-on-white pixel (0 white, 1 black).
    pub fn darkness(&self, x: usize, y: usize) -> f64 {
        1.0 - f64::from(self.at(x, y)[0]) / 255.0
    }

    /// The plot frame: the 1-px black rectangle with the longest sides, as
    /// (left, top, right, bottom) inclusive.
    pub fn frame(&self) -> (usize, usize, usize, usize) {
        self.frames()[0]
    }

    /// Every plot frame, left to right (one per panel of a row).
    pub fn frames(&self) -> Vec<(usize, usize, usize, usize)> {
        let black = |x: usize, y: usize| self.at(x, y) == [0, 0, 0];
        // Horizontal black runs of at least 60 px: (row, start, end).
        let mut runs = Vec::new();
        for y in 0..self.h {
            let mut x = 0;
            while x < self.w {
                if black(x, y) {
                    let s = x;
                    while x < self.w && black(x, y) {
                        x += 1;
                    }
                    if x - s >= 60 {
                        runs.push((y, s, x - 1));
                    }
                } else {
                    x += 1;
                }
            }
        }
        // A frame: two runs over about the same columns (ticks at the corners may
        // lengthen them by a few pixels) joined by black columns.
        let mut frames = Vec::new();
        for (i, &(t, l1, r1)) in runs.iter().enumerate() {
            for &(b, l2, r2) in &runs[i + 1..] {
                if b < t + 20 || l1.abs_diff(l2) > 6 || r1.abs_diff(r2) > 6 {
                    continue;
                }
                let side = |x: usize| (t..=b).all(|y| black(x, y));
                let l = (l1.max(l2)..l1.max(l2) + 7).find(|&x| side(x));
                let r = (r1.min(r2).saturating_sub(6)..=r1.min(r2))
                    .rev()
                    .find(|&x| side(x));
                if let (Some(l), Some(r)) = (l, r) {
                    frames.push((l, t, r, b));
                }
            }
        }
        // Keep the outermost of nested candidates (grid-free frames only yield one).
        frames.sort_by_key(|f| (f.0, std::cmp::Reverse(f.3 - f.1)));
        frames.dedup_by_key(|f| f.0);
        frames
    }
}

/// CIELAB (D65) of an sRGB colour.
pub fn lab(c: [u8; 3]) -> [f64; 3] {
    let lin = |v: u8| {
        let c = f64::from(v) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    let (r, g, b) = (lin(c[0]), lin(c[1]), lin(c[2]));
    let x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047;
    let y = 0.2126 * r + 0.7152 * g + 0.0722 * b;
    let z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883;
    let f = |t: f64| {
        if t > 0.008856 {
            t.cbrt()
        } else {
            7.787 * t + 16.0 / 116.0
        }
    };
    let (fx, fy, fz) = (f(x), f(y), f(z));
    [116.0 * fy - 16.0, 500.0 * (fx - fy), 200.0 * (fy - fz)]
}

pub fn delta_e(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (p, q) = (lab(a), lab(b));
    ((p[0] - q[0]).powi(2) + (p[1] - q[1]).powi(2) + (p[2] - q[2]).powi(2)).sqrt()
}

/// WCAG relative luminance.
pub fn luminance(c: [u8; 3]) -> f64 {
    let lin = |v: u8| {
        let c = f64::from(v) / 255.0;
        if c <= 0.04045 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(c[0]) + 0.7152 * lin(c[1]) + 0.0722 * lin(c[2])
}

pub fn contrast_with_white(c: [u8; 3]) -> f64 {
    1.05 / (luminance(c) + 0.05)
}
