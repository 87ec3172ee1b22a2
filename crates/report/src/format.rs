//! [`NumberFormat`]: one way of writing all the numbers of an axis or a colour bar.
//!
//! Labels written one by one with "as few digits as this value needs" come out as
//! 0.347 / 1.5365 / 41.4108 / 56.5 on a single bar. Here a format is chosen once for
//! all the values of a scale, from their range and spacing: enough decimals to tell
//! neighbours apart to within 5 % of their distance, and no more. Negative numbers
//! use the typographic minus (−), which is as wide as a plus sign.

/// How the labels of one axis or colour bar are written; every label of a scale uses
/// the same format.
///
/// ```
/// use report::NumberFormat;
/// let levels = [0.347, 1.5365, 41.4108, 56.5];
/// assert_eq!(NumberFormat::Auto.format_all(&levels), ["0.3", "1.5", "41.4", "56.5"]);
/// assert_eq!(NumberFormat::Auto.format_all(&[-1.0, -0.5, 0.0, 0.5]), ["−1.0", "−0.5", "0.0", "0.5"]);
/// assert_eq!(NumberFormat::Auto.format_all(&[0.0, 1.0, 32.0, 59049.0]), ["0", "1", "32", "59049"]);
/// assert_eq!(NumberFormat::Auto.format_all(&[1e-8, 1e-6, 1e-4]), ["1e−8", "1e−6", "1e−4"]);
/// assert_eq!(NumberFormat::Decimals(2).format(0.5), "0.50");
/// assert_eq!(NumberFormat::Power.format(1e-3), "10⁻³");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NumberFormat {
    /// Chosen from the values (the default): fixed decimals, the fewest that write
    /// every value within 5 % of its distance to its nearest neighbour (or within
    /// 0.1 % of itself); scientific notation instead when the values reach 10⁵, stay
    /// below 10⁻³, or span more than three decades.
    #[default]
    Auto,
    /// Fixed point with this many decimals: `Decimals(2)` writes 0.50, 1.25, 10.00.
    Decimals(u8),
    /// This many significant digits, trailing zeros dropped (as C's `%g`): 0.5, 1, 2,
    /// 5, 10 with `Significant(1)`; scientific notation from 10⁵ and below 10⁻³.
    Significant(u8),
    /// Scientific notation with this many decimals in the mantissa: 1.5e6, 2.0e−3.
    Scientific(u8),
    /// Powers of ten with a superscript exponent (10⁻³, 10⁰, 10²), other values as
    /// m×10ⁿ: the labels of a logarithmic axis.
    Power,
}

/// The most decimals [`NumberFormat::Auto`] will use.
const MAX_DECIMALS: u8 = 10;

impl NumberFormat {
    /// The concrete format that writes `values` (for `Auto`, the one it picks; any
    /// other format is returned unchanged).
    pub fn resolve(self, values: &[f64]) -> NumberFormat {
        if self != NumberFormat::Auto {
            return self;
        }
        let mut v: Vec<f64> = values.iter().copied().filter(|v| v.is_finite()).collect();
        v.sort_by(f64::total_cmp);
        v.dedup();
        if v.is_empty() {
            return NumberFormat::Decimals(0);
        }
        let amax = v.iter().fold(0.0_f64, |m, x| m.max(x.abs()));
        let amin = v
            .iter()
            .filter(|x| **x != 0.0)
            .fold(f64::INFINITY, |m, x| m.min(x.abs()));
        let integers = v
            .iter()
            .all(|x| (x - x.round()).abs() <= 1e-9 * x.abs().max(1.0));
        if integers && amax < 1e5 {
            return NumberFormat::Decimals(0);
        }
        let scientific = !(1e-3..1e5).contains(&amax) || (amin.is_finite() && amax / amin > 1e3);
        let candidate = |p: u8| {
            if scientific {
                NumberFormat::Scientific(p)
            } else {
                NumberFormat::Decimals(p)
            }
        };
        let max = if scientific { 6 } else { MAX_DECIMALS };
        (0..=max)
            .map(candidate)
            .find(|f| faithful(*f, &v))
            .unwrap_or(candidate(max))
    }

    /// Writes `value` (`Auto` chooses for this value alone: to write several values
    /// alike, use [`NumberFormat::format_all`]). NaN is "NaN", infinities "∞" and "−∞".
    pub fn format(self, value: f64) -> String {
        let f = self.resolve(&[value]);
        if !value.is_finite() {
            return if value.is_nan() {
                "NaN".into()
            } else if value > 0.0 {
                "∞".into()
            } else {
                "−∞".into()
            };
        }
        match f {
            NumberFormat::Auto | NumberFormat::Decimals(_) => {
                let NumberFormat::Decimals(d) = f else {
                    return fixed(value, 0);
                };
                fixed(value, d)
            }
            NumberFormat::Significant(n) => significant(value, n.max(1)),
            NumberFormat::Scientific(m) => scientific(value, m),
            NumberFormat::Power => power(value),
        }
    }

    /// Writes every value in the one format [`NumberFormat::resolve`] picks for them.
    pub fn format_all(self, values: &[f64]) -> Vec<String> {
        let f = self.resolve(values);
        values.iter().map(|&v| f.format(v)).collect()
    }
}

/// Whether `f` writes each value within 5 % of its distance to its nearest neighbour
/// (or within 0.1 % of itself) and keeps distinct values distinct.
fn faithful(f: NumberFormat, sorted: &[f64]) -> bool {
    let written: Vec<String> = sorted.iter().map(|&v| f.format(v)).collect();
    if written.windows(2).any(|w| w[0] == w[1]) {
        return false;
    }
    sorted.iter().zip(&written).enumerate().all(|(k, (&v, s))| {
        let back: f64 = parse(s);
        let gap = [k.checked_sub(1), Some(k + 1)]
            .into_iter()
            .flatten()
            .filter_map(|j| sorted.get(j))
            .map(|w| (w - v).abs())
            .fold(f64::INFINITY, f64::min);
        let err = (back - v).abs();
        err <= 0.05 * gap || err <= 1e-3 * v.abs() || err == 0.0
    })
}

/// Reads back what `fixed` and `scientific` write.
fn parse(s: &str) -> f64 {
    s.replace('−', "-").parse().unwrap_or(f64::NAN)
}

fn minus(s: String) -> String {
    s.replace('-', "−")
}

fn fixed(v: f64, decimals: u8) -> String {
    let d = usize::from(decimals);
    let s = format!("{v:.d$}");
    // −0.0 and values that round to zero are written without a sign.
    if s.trim_start_matches('-')
        .chars()
        .all(|c| c == '0' || c == '.')
    {
        return s.trim_start_matches('-').to_string();
    }
    minus(s)
}

fn scientific(v: f64, mantissa_decimals: u8) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let d = usize::from(mantissa_decimals);
    // Rust writes 1.5e6 and 2.0e-3: no plus sign, no leading zeros.
    minus(format!("{v:.d$e}"))
}

fn significant(v: f64, digits: u8) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let e = v.abs().log10().floor() as i32;
    let n = i32::from(digits);
    if !(-3..5).contains(&e) {
        let s = format!("{v:.*e}", (n - 1).max(0) as usize);
        let (m, x) = s.split_once('e').unwrap_or((&s, "0"));
        let m = trim_zeros(m);
        return minus(format!("{m}e{x}"));
    }
    let d = (n - 1 - e).max(0) as usize;
    minus(trim_zeros(&format!("{v:.d$}")).to_string())
}

fn trim_zeros(s: &str) -> &str {
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.')
    } else {
        s
    }
}

const SUPERSCRIPTS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

fn superscript(n: i32) -> String {
    let mut out = String::new();
    if n < 0 {
        out.push('⁻');
    }
    for c in n.unsigned_abs().to_string().chars() {
        out.push(SUPERSCRIPTS[c as usize - '0' as usize]);
    }
    out
}

fn power(v: f64) -> String {
    if v == 0.0 {
        return "0".into();
    }
    let e = v.abs().log10().round() as i32;
    let sign = if v < 0.0 { "−" } else { "" };
    let m = v.abs() / 10f64.powi(e);
    if (m - 1.0).abs() < 1e-9 {
        return format!("{sign}10{}", superscript(e));
    }
    let e = v.abs().log10().floor() as i32;
    let m = v.abs() / 10f64.powi(e);
    format!(
        "{sign}{}×10{}",
        trim_zeros(&format!("{m:.2}")),
        superscript(e)
    )
}

#[cfg(test)]
mod tests {
    use super::NumberFormat::{self, *};

    #[test]
    fn auto_uses_one_format_per_scale() {
        assert_eq!(Auto.resolve(&[0.0, 0.2, 0.4, 0.6]), Decimals(1));
        assert_eq!(Auto.resolve(&[0.0, 0.25, 0.5]), Decimals(2));
        assert_eq!(Auto.resolve(&[-2.0, -1.5, -1.0]), Decimals(1));
        assert_eq!(Auto.resolve(&[0.0, 1.0, 32.0, 243.0, 59049.0]), Decimals(0));
        assert_eq!(Auto.resolve(&[1.5e6, 2.5e6]), Scientific(1));
        assert_eq!(Auto.resolve(&[0.30000000000000004, 0.6]), Decimals(1));
        assert_eq!(Auto.format_all(&[0.0001, 0.0002]), ["1e−4", "2e−4"]);
        assert_eq!(Auto.format_all(&[1e5, 2e5, 3e5]), ["1e5", "2e5", "3e5"]);
        // Values too close to tell apart at a few decimals get what they need.
        assert_eq!(Auto.format_all(&[1.0001, 1.0002]), ["1.0001", "1.0002"]);
    }

    #[test]
    fn explicit_formats() {
        assert_eq!(Decimals(1).format(-0.04), "0.0");
        assert_eq!(Decimals(0).format(-3.0), "−3");
        assert_eq!(Significant(1).format(0.5), "0.5");
        assert_eq!(Significant(1).format(20.0), "20");
        assert_eq!(Significant(2).format(2.5e6), "2.5e6");
        assert_eq!(Scientific(1).format(-0.002), "−2.0e−3");
        assert_eq!(Power.format(1.0), "10⁰");
        assert_eq!(Power.format(1e12), "10¹²");
        assert_eq!(Power.format(2e-3), "2×10⁻³");
        assert_eq!(NumberFormat::Auto.format(f64::NAN), "NaN");
    }
}
