//! [`Norm`]: how values become positions t ∈ [0, 1] along a colormap, shared by the
//! heat maps (to colour pixels) and the colour bars (to place their labels).

use crate::levels::nice_levels;

/// Values to colormap positions.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Norm {
    /// `lo → 0`, `hi → 1`, linearly.
    Linear { lo: f64, hi: f64 },
    /// `lo → 0`, `center → ½`, `hi → 1`, linearly on each side (matplotlib's
    /// `TwoSlopeNorm`): both sides of a diverging map reach its ends even when the
    /// data are lopsided.
    TwoSlope { lo: f64, center: f64, hi: f64 },
}

impl Norm {
    /// The colormap position of `v`, clamped to [0, 1] (NaN stays NaN).
    pub(crate) fn t(&self, v: f64) -> f64 {
        let t = match *self {
            Norm::Linear { lo, hi } => (v - lo) / (hi - lo),
            Norm::TwoSlope { lo, center, hi } => {
                if v < center {
                    0.5 * (v - lo) / (center - lo)
                } else {
                    0.5 + 0.5 * (v - center) / (hi - center)
                }
            }
        };
        if t.is_nan() { t } else { t.clamp(0.0, 1.0) }
    }

    /// The ends of the range.
    pub(crate) fn range(&self) -> (f64, f64) {
        match *self {
            Norm::Linear { lo, hi } | Norm::TwoSlope { lo, hi, .. } => (lo, hi),
        }
    }

    /// Round values inside the range to label a colour bar with: about six, or for a
    /// two-slope norm about three on each side and the centre.
    pub(crate) fn ticks(&self) -> Vec<f64> {
        let inside = |lo: f64, hi: f64, n: usize| -> Vec<f64> {
            let eps = 1e-9 * (hi - lo);
            nice_levels(lo, hi, n)
                .into_iter()
                .filter(|v| *v >= lo - eps && *v <= hi + eps)
                .collect()
        };
        match *self {
            Norm::Linear { lo, hi } => inside(lo, hi, 6),
            Norm::TwoSlope { lo, center, hi } => {
                let mut v = inside(lo, center, 3);
                v.push(center);
                v.extend(inside(center, hi, 3));
                v.sort_by(f64::total_cmp);
                let tol = 1e-9 * (hi - lo);
                v.dedup_by(|a, b| (*a - *b).abs() <= tol);
                // Labels closer than 6 % of the bar would collide: drop the inner one.
                let mut kept: Vec<f64> = Vec::new();
                for x in v {
                    let close = kept
                        .last()
                        .is_some_and(|&p| (self.t(x) - self.t(p)).abs() < 0.06);
                    if close && x != center {
                        continue;
                    }
                    if close {
                        kept.pop();
                    }
                    kept.push(x);
                }
                kept
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Norm;

    #[test]
    fn two_slope_puts_the_centre_in_the_middle() {
        let n = Norm::TwoSlope {
            lo: -0.1,
            center: 0.0,
            hi: 0.6,
        };
        assert_eq!(n.t(-0.1), 0.0);
        assert_eq!(n.t(0.0), 0.5);
        assert_eq!(n.t(0.6), 1.0);
        assert!((n.t(-0.05) - 0.25).abs() < 1e-12);
        let ticks = n.ticks();
        assert!(
            ticks.contains(&0.0) && ticks.iter().any(|v| *v < 0.0),
            "{ticks:?}"
        );
    }
}
