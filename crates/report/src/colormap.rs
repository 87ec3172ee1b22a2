//! [`Colormap`]: numbers in [0, 1] to colours.

use plotters::style::RGBColor;

/// A map from t ∈ [0, 1] to a colour; t outside [0, 1] is clamped, NaN gives grey.
///
/// ```
/// use report::Colormap;
/// use plotters::style::RGBColor;
/// assert_eq!(Colormap::Viridis.at(0.0), RGBColor(68, 1, 84));
/// assert_eq!(Colormap::Jet.at(1.0), RGBColor(128, 0, 0));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Colormap {
    /// matplotlib's `jet`: dark blue, blue, cyan, yellow, red, dark red. Not
    /// perceptually uniform; kept because the course documents use it for Rosenbrock.
    Jet,
    /// matplotlib's `viridis`: dark purple to yellow, perceptually uniform and
    /// readable in grey scale. The default.
    #[default]
    Viridis,
    /// A diverging blue–white–red map for signed quantities centred on 0: negative
    /// blue, zero white, positive red. Built in CIELAB so that t and 1 − t have the
    /// same lightness and chroma: both signs are equally saturated and equally far
    /// from white (ColorBrewer's RdBu, used before, is 35 % more saturated on its red
    /// side). Pair it with [`HeatMap::symmetric`](crate::HeatMap::symmetric) or
    /// [`HeatMap::center`](crate::HeatMap::center) so that 0 is white.
    Diverging,
    /// Light grey to black, for faint backgrounds.
    Greys,
}

/// 33 samples of matplotlib's viridis table (entries 0, 8, …, 248, 255 of 256).
const VIRIDIS: [[u8; 3]; 33] = [
    [68, 1, 84],
    [71, 13, 96],
    [72, 24, 106],
    [72, 35, 116],
    [71, 45, 123],
    [69, 55, 129],
    [66, 64, 134],
    [62, 73, 137],
    [59, 82, 139],
    [55, 91, 141],
    [51, 99, 141],
    [47, 107, 142],
    [44, 114, 142],
    [41, 122, 142],
    [38, 130, 142],
    [35, 137, 142],
    [33, 145, 140],
    [31, 152, 139],
    [31, 160, 136],
    [34, 167, 133],
    [40, 174, 128],
    [50, 182, 122],
    [63, 188, 115],
    [78, 195, 107],
    [94, 201, 98],
    [112, 207, 87],
    [132, 212, 75],
    [152, 216, 62],
    [173, 220, 48],
    [194, 223, 35],
    [216, 226, 25],
    [236, 229, 27],
    [253, 231, 37],
];

/// The diverging map at t = k/16: lightness falls linearly from 97.2 (centre) to 25
/// (ends), chroma rises to 70 and back within the sRGB gamut, at hues −75° (blue) and
/// 35° (red) in CIELAB; the two halves mirror each other in lightness and chroma.
const DIVERGING: [[u8; 3]; 17] = [
    [7, 58, 120],
    [13, 78, 158],
    [19, 99, 198],
    [34, 121, 237],
    [94, 144, 251],
    [141, 168, 253],
    [180, 194, 253],
    [214, 220, 252],
    [247, 247, 247],
    [254, 212, 204],
    [254, 177, 163],
    [248, 143, 125],
    [238, 106, 89],
    [218, 74, 61],
    [182, 59, 48],
    [145, 45, 36],
    [110, 32, 25],
];

/// Okabe and Ito's colour-blind-safe palette (2008), black left out, reordered so
/// that the first colours differ most.
const CATEGORIES: [[u8; 3]; 7] = [
    [0, 114, 178],
    [230, 159, 0],
    [0, 158, 115],
    [204, 121, 167],
    [86, 180, 233],
    [213, 94, 0],
    [240, 228, 66],
];

/// `n` distinct colours for categories (classes of a categorical heat map, runs of
/// a figure): Okabe and Ito's colour-blind-safe palette, repeated beyond seven.
///
/// ```
/// let c = report::category_colors(3);
/// assert_eq!(c.len(), 3);
/// assert!(c[0] != c[1] && c[1] != c[2]);
/// ```
pub fn category_colors(n: usize) -> Vec<RGBColor> {
    (0..n)
        .map(|k| {
            let [r, g, b] = CATEGORIES[k % CATEGORIES.len()];
            RGBColor(r, g, b)
        })
        .collect()
}

impl Colormap {
    /// The colour at `t` (clamped to [0, 1]).
    pub fn at(self, t: f64) -> RGBColor {
        if t.is_nan() {
            return RGBColor(128, 128, 128);
        }
        let t = t.clamp(0.0, 1.0);
        match self {
            Colormap::Jet => {
                // matplotlib's jet segments, reduced to three tents.
                let ch = |centre: f64| to_u8((1.5 - (4.0 * t - centre).abs()).clamp(0.0, 1.0));
                RGBColor(ch(3.0), ch(2.0), ch(1.0))
            }
            Colormap::Viridis => viridis(t),
            Colormap::Diverging => diverging(t),
            Colormap::Greys => {
                let v = to_u8(0.92 * (1.0 - t));
                RGBColor(v, v, v)
            }
        }
    }

    /// `n` colours evenly spaced along the map (`n = 1` gives the middle one).
    pub fn sample(self, n: usize) -> Vec<RGBColor> {
        match n {
            0 => Vec::new(),
            1 => vec![self.at(0.5)],
            _ => (0..n).map(|k| self.at(k as f64 / (n - 1) as f64)).collect(),
        }
    }
}

fn viridis(t: f64) -> RGBColor {
    // Anchors sit at table index / 255; the last step spans 7 entries, not 8.
    let pos = t * 255.0;
    let k = ((pos / 8.0).floor() as usize).min(VIRIDIS.len() - 2);
    let (p0, p1) = ((k * 8) as f64, ((k + 1) * 8).min(255) as f64);
    lerp(
        VIRIDIS[k],
        VIRIDIS[k + 1],
        ((pos - p0) / (p1 - p0)).clamp(0.0, 1.0),
    )
}

fn diverging(t: f64) -> RGBColor {
    // White sits exactly at t = 0.5, entry 8 of 16.
    let pos = t * 16.0;
    let k = (pos.floor() as usize).min(15);
    lerp(DIVERGING[k], DIVERGING[k + 1], pos - k as f64)
}

/// Relative luminance (WCAG 2) of an sRGB colour.
pub(crate) fn luminance(c: RGBColor) -> f64 {
    0.2126 * linear(c.0) + 0.7152 * linear(c.1) + 0.0722 * linear(c.2)
}

/// WCAG 2 contrast ratio of two colours, from 1 (none) to 21 (black on white).
pub(crate) fn contrast_ratio(a: RGBColor, b: RGBColor) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `c` darkened, if it must be, until its contrast with white reaches `ratio`: all
/// three channels are scaled alike in linear light, which keeps the hue and the
/// saturation and changes only the lightness.
pub(crate) fn darken_for_white(c: RGBColor, ratio: f64) -> RGBColor {
    let l = luminance(c);
    let target = 1.05 / ratio - 0.05;
    if l <= target || l <= 0.0 {
        return c;
    }
    let k = target / l;
    let ch = |v: u8| encode(linear(v) * k);
    RGBColor(ch(c.0), ch(c.1), ch(c.2))
}

fn linear(v: u8) -> f64 {
    let c = f64::from(v) / 255.0;
    if c <= 0.04045 {
        c / 12.92
    } else {
        ((c + 0.055) / 1.055).powf(2.4)
    }
}

fn encode(c: f64) -> u8 {
    let c = c.clamp(0.0, 1.0);
    let v = if c <= 0.0031308 {
        12.92 * c
    } else {
        1.055 * c.powf(1.0 / 2.4) - 0.055
    };
    // Rounding down keeps the contrast at or above the target.
    (v * 255.0).floor() as u8
}

fn lerp(a: [u8; 3], b: [u8; 3], s: f64) -> RGBColor {
    let ch = |i: usize| (f64::from(a[i]) + s * (f64::from(b[i]) - f64::from(a[i]))).round() as u8;
    RGBColor(ch(0), ch(1), ch(2))
}

fn to_u8(v: f64) -> u8 {
    (v * 255.0).round() as u8
}
