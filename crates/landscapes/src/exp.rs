//! eˣ in plain IEEE arithmetic (no table, no call, no fused multiply-add), so that a
//! loop over several exponentials compiles to SIMD and every lane, every CPU and the
//! scalar call give the same bits.
//!
//! Range reduction (Cody & Waite 1980): with k = round(x / ln 2),
//!
//! ```text
//! r = (x − k·ln2ₕᵢ) − k·ln2ₗₒ,    |r| ≤ ½ ln 2 (+ rounding)
//! eˣ = 2ᵏ · eʳ
//! eʳ = 1 + (r + r²·q(r)),         q(r) = Σⱼ₌₀¹¹ rʲ / (j + 2)!
//! ```
//!
//! ln2ₕᵢ has 32 significant bits, so k·ln2ₕᵢ is exact for |k| < 2²⁰ and r carries no
//! cancellation error. Taylor's series cut after r¹³ leaves r¹⁴/14! ≤ 4·10⁻¹⁸ at
//! |r| = ½ ln 2, 0.03 units in the last place (ulp) of eʳ ≥ 0.7. q is evaluated by
//! Estrin's scheme (pairs, then powers r², r⁴, r⁸): a dependency chain three levels
//! deep instead of Horner's eleven. q's rounding errors reach eʳ multiplied by
//! r² ≤ 0.12, and the last two additions add half an ulp each of numbers no larger
//! than the result. Measured against the platform's libm on 10⁶ arguments
//! (`tests::within_one_ulp_of_libm`): never more than 1 ulp apart, equal on 92 %.
//!
//! 2ᵏ is applied as two exact powers of two 2^⌊k/2⌋·2^⌈k/2⌉, so that a subnormal result
//! is rounded once, by the last multiplication, and k up to ±1075 needs no branch.
//! Below x = −745.2 the result rounds to 0, above 709.8 it overflows: those lanes are
//! selected as 0 and ∞ at the end, and scale by 2⁰ meanwhile. NaN passes both
//! comparisons and comes out NaN.
//!
//! Why not libm's `exp`: it is a call, which LLVM cannot vectorise. On the
//! *Optimization in many dimensions* notebook's eight wells, 100 starts × 2000
//! gradient steps took 18.4 ms with this exponential four wells to a register against
//! 26.2 ms with libm's one well at a time, in the same run (`hand_loop` and
//! `hand_inline_libm` in `first-order/benches/wells_many.rs`). glibc also picks
//! another implementation on CPUs with FMA, so its last bits can depend on the CPU;
//! these do not.

use pulp::Simd;

/// ln 2's leading 32 bits (fdlibm's `ln2HI`): k·LN2_HI is exact for |k| < 2²⁰.
const LN2_HI: f64 = f64::from_bits(0x3fe6_2e42_fee0_0000);
/// ln 2 − LN2_HI.
const LN2_LO: f64 = f64::from_bits(0x3dea_39ef_3579_3c76);
/// e^x < 2⁻¹⁰⁷⁵ (which rounds to 0) for x < −745.1332.
const UNDERFLOW: f64 = -745.2;
/// e^x > f64::MAX for x > 709.7828.
const OVERFLOW: f64 = 709.8;
/// 1.5·2⁵²: x/ln2 + SHIFT rounds x/ln 2 to the nearest integer k and holds it in the
/// low bits of its significand, for |k| < 2⁵¹.
const SHIFT: f64 = 6_755_399_441_055_744.0;

/// 1/n!, rounded once (the divisions run at compile time).
const fn inv_factorial(n: u32) -> f64 {
    let mut f = 1.0;
    let mut i = 2;
    while i <= n {
        f *= i as f64;
        i += 1;
    }
    1.0 / f
}

/// eˣ to within 1 ulp, the bits of [`exp_lanes`] on one lane (module docs).
#[inline(always)]
pub(crate) fn exp(x: f64) -> f64 {
    exp_lanes(pulp::Scalar, x)
}

/// eˣ on every lane of `x`: the operations of the module docs, each an IEEE
/// operation on all lanes at once (no fused multiply-add), so every lane, and every
/// instruction set pulp picks, gives [`exp`]'s bits.
#[inline(always)]
pub(crate) fn exp_lanes<S: Simd>(s: S, x: S::f64s) -> S::f64s {
    let c = |v: f64| s.splat_f64s(v);
    // Out-of-range lanes are replaced at the end, not clamped first: a clamp on the
    // way in lengthens the dependency chain (an evaluation of the eight wells took
    // 68 ns instead of 63), and a lane clamped to the lower bound would underflow in
    // the last multiplication, which costs a microcode assist (99 ns instead of 70:
    // the notebook's narrowest well sends almost every call there). Selects on
    // comparisons, not `min`/`max`, which could turn NaN into a bound.
    let tiny = s.less_than_f64s(x, c(UNDERFLOW));
    let huge = s.greater_than_f64s(x, c(OVERFLOW));
    let t = s.add_f64s(s.mul_f64s(x, c(std::f64::consts::LOG2_E)), c(SHIFT));
    let kd = s.sub_f64s(t, c(SHIFT));
    let r = s.sub_f64s(
        s.sub_f64s(x, s.mul_f64s(kd, c(LN2_HI))),
        s.mul_f64s(kd, c(LN2_LO)),
    );

    let r2 = s.mul_f64s(r, r);
    let r4 = s.mul_f64s(r2, r2);
    let r8 = s.mul_f64s(r4, r4);
    // a + b·y, rounded twice (no fused multiply-add: every CPU gives the same bits)
    let add_mul = |a, b, y| s.add_f64s(a, s.mul_f64s(b, y));
    let pair = |n| add_mul(c(inv_factorial(n)), c(inv_factorial(n + 1)), r);
    let q03 = add_mul(pair(2), pair(4), r2);
    let q47 = add_mul(pair(6), pair(8), r2);
    let q8b = add_mul(pair(10), pair(12), r2);
    let q = add_mul(add_mul(q03, q47, r4), q8b, r8);
    let er = s.add_f64s(c(1.0), add_mul(r, q, r2));

    // k = t − SHIFT and ⌊k/2⌋ = round(k/2 − ¼) (never a tie) as integers, read
    // from the low bits of significands that SHIFT has aligned; both halves lie in
    // [−538, 512], so 2^j = bits((j + 1023)·2⁵²) is a normal number.
    let t_half = s.add_f64s(s.sub_f64s(s.mul_f64s(kd, c(0.5)), c(0.25)), c(SHIFT));
    let shift = s.splat_u64s(SHIFT.to_bits());
    let k = s.sub_u64s(s.transmute_u64s_f64s(t), shift);
    let k1 = s.sub_u64s(s.transmute_u64s_f64s(t_half), shift);
    let k2 = s.sub_u64s(k, k1);
    // Lanes out of range scale by 2⁰ (whatever k came out as) and are replaced below.
    let out = s.or_m64s(tiny, huge);
    let keep = |j| s.select_u64s(out, s.splat_u64s(0), j);
    let (k1, k2) = (keep(k1), keep(k2));
    let pow2 = |j| {
        let biased = s.add_u64s(j, s.splat_u64s(1023));
        s.transmute_f64s_u64s(s.mul_u64s(biased, s.splat_u64s(1 << 52)))
    };
    let e = s.mul_f64s(s.mul_f64s(er, pow2(k1)), pow2(k2));
    s.select_f64s(tiny, c(0.0), s.select_f64s(huge, c(f64::INFINITY), e))
}

#[cfg(test)]
mod tests {
    use super::{exp, exp_lanes};
    use pulp::Simd;

    /// Distance in units in the last place, counted along the ordered f64 lattice.
    fn ulps(a: f64, b: f64) -> u64 {
        let key = |v: f64| {
            let bits = v.to_bits() as i64;
            if bits < 0 { i64::MIN - bits } else { bits }
        };
        key(a).abs_diff(key(b))
    }

    /// Every argument of the wells' range and beyond, dense near 0 and where the
    /// result turns subnormal: at most 1 ulp from libm, and equal to it on most.
    #[test]
    fn within_one_ulp_of_libm() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut uniform = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let (mut worst, mut equal, mut count) = (0, 0, 0);
        for range in [(-1.0, 1.0), (-40.0, 0.0), (-745.5, 700.0), (-745.5, -700.0)] {
            for _ in 0..250_000 {
                let x = range.0 + (range.1 - range.0) * uniform();
                let (got, want) = (exp(x), x.exp());
                let d = ulps(got, want);
                assert!(d <= 1, "exp({x:e}) = {got:e}, libm {want:e}");
                worst = worst.max(d);
                equal += usize::from(d == 0);
                count += 1;
            }
        }
        // A correctly rounded exp would agree everywhere; half an ulp of slack leaves
        // most of them equal.
        assert!(equal * 10 > count * 9, "{equal} of {count} equal");
        eprintln!("{equal} of {count} equal to libm, worst {worst} ulp");
    }

    #[test]
    fn edges() {
        assert_eq!(exp(0.0), 1.0);
        assert_eq!(exp(-0.0), 1.0);
        assert!(ulps(exp(1.0), std::f64::consts::E) <= 1);
        assert_eq!(exp(-746.0), 0.0);
        assert_eq!(exp(-1e300), 0.0);
        assert_eq!(exp(f64::NEG_INFINITY), 0.0);
        assert_eq!(exp(710.0), f64::INFINITY);
        assert_eq!(exp(f64::INFINITY), f64::INFINITY);
        assert!(exp(f64::NAN).is_nan());
        // The least subnormal, 2⁻¹⁰⁷⁴ = e^−744.44: rounded once, not twice.
        assert_eq!(exp(-744.44), f64::from_bits(1));
        assert_eq!(exp(-709.0), (-709.0f64).exp());
    }

    /// The widest SIMD registers the CPU has give the scalar call's bits, lane by
    /// lane (with NaN and the clamps among the lanes).
    #[test]
    fn simd_lanes_give_the_scalar_bits() {
        struct Lanes<'a>(&'a [f64], &'a mut Vec<f64>);
        impl pulp::WithSimd for Lanes<'_> {
            type Output = usize;
            #[inline(always)]
            fn with_simd<S: Simd>(self, s: S) -> usize {
                let (head, _) = S::as_simd_f64s(self.0);
                for v in head {
                    let e: S::f64s = exp_lanes(s, *v);
                    self.1.extend_from_slice(pulp::bytemuck::cast_slice(&[e]));
                }
                S::F64_LANES
            }
        }
        let mut xs: Vec<f64> = (0..4096).map(|i| -750.0 + 0.3637 * i as f64).collect();
        xs[5] = f64::NAN;
        xs[6] = f64::NEG_INFINITY;
        let mut out = Vec::new();
        let lanes = pulp::Arch::new().dispatch(Lanes(&xs, &mut out));
        eprintln!("{lanes} lanes");
        assert!(out.len() >= 4000);
        for (o, &x) in out.iter().zip(&xs) {
            assert_eq!(o.to_bits(), std::hint::black_box(exp)(x).to_bits(), "{x}");
        }
    }
}
