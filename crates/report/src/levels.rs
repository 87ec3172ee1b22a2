//! [`Levels`]: which values contour lines and colour bands are drawn at.

/// The values at which contour lines are drawn, or the edges of colour bands.
///
/// ```
/// use report::Levels;
/// assert_eq!(Levels::Auto(5).resolve(0.0, 1.0), vec![0.0, 0.2, 0.4, 0.6, 0.8, 1.0]);
/// assert_eq!(Levels::Explicit(vec![4.0, 1.0]).resolve(0.0, 9.0), vec![1.0, 4.0]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum Levels {
    /// About this many levels at "nice" round values (1, 2 or 5 × 10ᵏ apart) covering
    /// the data's range, as matplotlib's `MaxNLocator` chooses them.
    Auto(usize),
    /// Exactly these levels (sorted, non-finite ones and duplicates dropped).
    Explicit(Vec<f64>),
}

impl Default for Levels {
    /// `Auto(10)`.
    fn default() -> Self {
        Levels::Auto(10)
    }
}

impl Levels {
    /// The levels for data spanning `[lo, hi]`, increasing.
    pub fn resolve(&self, lo: f64, hi: f64) -> Vec<f64> {
        match self {
            Levels::Explicit(v) => {
                let mut v: Vec<f64> = v.iter().copied().filter(|l| l.is_finite()).collect();
                v.sort_by(f64::total_cmp);
                v.dedup();
                v
            }
            Levels::Auto(n) => nice_levels(lo, hi, (*n).max(1)),
        }
    }
}

/// Round values 1, 2, 2.5 or 5 × 10ᵏ apart, from at or below `lo` to at or above
/// `hi`, at most about `n + 1` of them.
pub(crate) fn nice_levels(lo: f64, hi: f64, n: usize) -> Vec<f64> {
    if !(lo.is_finite() && hi.is_finite()) {
        return Vec::new();
    }
    if hi <= lo {
        return vec![lo];
    }
    let raw = (hi - lo) / n as f64;
    let magnitude = 10f64.powf(raw.log10().floor());
    let step = [1.0, 2.0, 2.5, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|s| *s >= raw * (1.0 - 1e-9))
        .unwrap_or(10.0 * magnitude);
    let first = (lo / step).floor();
    let last = (hi / step).ceil();
    // Multiplying integers by the step (rather than accumulating) keeps 0.6 from
    // becoming 0.6000000000000001.
    (first as i64..=last as i64)
        .map(|k| clean(k as f64 * step))
        .collect()
}

/// Rounds away the last-bit noise of `k × step`.
fn clean(v: f64) -> f64 {
    if v == 0.0 {
        return 0.0;
    }
    let digits = 12 - v.abs().log10().ceil() as i32;
    let scale = 10f64.powi(digits.clamp(-300, 300));
    (v * scale).round() / scale
}
