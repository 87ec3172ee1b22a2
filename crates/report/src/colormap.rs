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
    /// A diverging blue–white–red map (ColorBrewer's RdBu, reversed) for signed
    /// quantities centred on 0: negative blue, zero white, positive red.
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

/// ColorBrewer RdBu (11 classes, reversed), every other class.
const DIVERGING: [[u8; 3]; 6] = [
    [5, 48, 97],
    [67, 147, 195],
    [209, 229, 240],
    [253, 219, 199],
    [214, 96, 77],
    [103, 0, 31],
];

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
    // White sits exactly at t = 0.5, between the two middle anchors.
    let anchors: [(f64, [u8; 3]); 7] = [
        (0.0, DIVERGING[0]),
        (0.2, DIVERGING[1]),
        (0.4, DIVERGING[2]),
        (0.5, [247, 247, 247]),
        (0.6, DIVERGING[3]),
        (0.8, DIVERGING[4]),
        (1.0, DIVERGING[5]),
    ];
    let k = anchors[1..].iter().position(|a| t <= a.0).unwrap_or(5);
    let ((t0, c0), (t1, c1)) = (anchors[k], anchors[k + 1]);
    lerp(c0, c1, (t - t0) / (t1 - t0))
}

fn lerp(a: [u8; 3], b: [u8; 3], s: f64) -> RGBColor {
    let ch = |i: usize| (f64::from(a[i]) + s * (f64::from(b[i]) - f64::from(a[i]))).round() as u8;
    RGBColor(ch(0), ch(1), ch(2))
}

fn to_u8(v: f64) -> u8 {
    (v * 255.0).round() as u8
}
