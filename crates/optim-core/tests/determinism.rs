//! Bit-identical vector kernels across thread counts and instruction sets.
//!
//! The vector kernels round the same way on any number of threads and with any
//! instruction set: their sums follow the order the module documents, which depends
//! on the length alone. The reference below writes that order out in scalar code.

use optim_core::vector::{LEAF, all_finite, axpy, distance, dot, norm};

/// The documented order: a running sum below 16 terms; eight accumulators (term i to
/// accumulator i mod 8) added pairwise within a leaf; halves split at
/// ⌊leaves/2⌋·LEAF and added.
fn reference_sum(t: &[f64]) -> f64 {
    if t.len() <= LEAF {
        if t.len() < 16 {
            return t.iter().fold(0.0, |s, v| s + v);
        }
        let mut a = [0.0; 8];
        for (i, v) in t.iter().enumerate() {
            a[i % 8] += v;
        }
        return ((a[0] + a[1]) + (a[2] + a[3])) + ((a[4] + a[5]) + (a[6] + a[7]));
    }
    let mid = (t.len().div_ceil(LEAF) / 2) * LEAF;
    reference_sum(&t[..mid]) + reference_sum(&t[mid..])
}

/// Deterministic values of mixed sign and scale, so that the order of a sum matters.
fn values(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    (0..n)
        .map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            let u = (s >> 11) as f64 / (1u64 << 53) as f64;
            (u - 0.5) * 10f64.powi(((s % 7) as i32) - 3)
        })
        .collect()
}

/// Up to a length from which even a norm (one f64 read per element) splits between
/// threads (from 2²⁰), and not near a power of two.
const LENGTHS: [usize; 17] = [
    0, 1, 15, 16, 17, 63, 64, 65, 2047, 2048, 2049, 65_535, 65_536, 65_537, 200_003, 1_000_001,
    1_300_001,
];

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap()
}

#[test]
fn sums_follow_the_documented_order() {
    for n in LENGTHS {
        let (x, y) = (values(n, 1), values(n, 2));
        let products: Vec<f64> = x.iter().zip(&y).map(|(a, b)| a * b).collect();
        assert_eq!(
            dot(&x, &y).to_bits(),
            reference_sum(&products).to_bits(),
            "n = {n}"
        );
        let squares: Vec<f64> = x.iter().zip(&y).map(|(a, b)| (a - b) * (a - b)).collect();
        assert_eq!(
            distance(&x, &y).to_bits(),
            reference_sum(&squares).sqrt().to_bits(),
            "n = {n}"
        );
    }
}

#[test]
fn one_two_and_four_threads_give_the_same_bits() {
    let pools: Vec<rayon::ThreadPool> = [1, 2, 4].into_iter().map(pool).collect();
    for n in LENGTHS {
        let (x, y) = (values(n, 3), values(n, 4));
        let results: Vec<[u64; 4]> = pools
            .iter()
            .map(|p| {
                p.install(|| {
                    let mut z = y.clone();
                    axpy(0.3, &x, &mut z);
                    let mut w = y.clone();
                    axpy(-0.7, &x, &mut w);
                    let ww = dot(&w, &w);
                    let hash = z
                        .iter()
                        .chain(&w)
                        .fold(0u64, |h, v| h.rotate_left(5) ^ v.to_bits());
                    [
                        dot(&x, &y).to_bits(),
                        norm(&x).to_bits(),
                        ww.to_bits(),
                        hash,
                    ]
                })
            })
            .collect();
        assert!(results.windows(2).all(|w| w[0] == w[1]), "n = {n}");
    }
}

#[test]
fn the_sum_is_accurate() {
    // |computed − exact| ≤ γ_h Σ|xᵢyᵢ| with h the depth of the order (at most 15 terms
    // in a running sum, then log₂ of the leaves and accumulators): a wrong order that
    // dropped or repeated terms would be far outside it.
    for n in LENGTHS {
        let (x, y) = (values(n, 5), values(n, 6));
        // Neumaier's compensated sum as the exact value.
        let (mut s, mut c) = (0.0f64, 0.0f64);
        for (a, b) in x.iter().zip(&y) {
            let t = s + a * b;
            c += if s.abs() >= (a * b).abs() {
                (s - t) + a * b
            } else {
                (a * b - t) + s
            };
            s = t;
        }
        let exact = s + c;
        let abs: f64 = x.iter().zip(&y).map(|(a, b)| (a * b).abs()).sum();
        let depth = 16.0 + (n.max(1) as f64).log2();
        assert!(
            (dot(&x, &y) - exact).abs() <= depth * f64::EPSILON * abs,
            "n = {n}"
        );
    }
}

#[test]
fn gram_products_are_dot_products_and_combine_adds_in_order() {
    use optim_core::vector::{combine, gram, gram_scratch_len};
    let pools: Vec<rayon::ThreadPool> = [1, 2].into_iter().map(pool).collect();
    for n in LENGTHS {
        let a: Vec<f64> = values(4 * n, 7);
        let (v, w) = (values(n, 8), values(n, 9));
        let rows = [2, 0, 3];
        for p in &pools {
            p.install(|| {
                let mut out = [0.0; 6];
                let mut scratch = vec![0.0; gram_scratch_len(n, 6)];
                gram(&a, &rows, [&v, &w], &mut out, &mut scratch);
                for (k, &r) in rows.iter().enumerate() {
                    let row = &a[r * n..(r + 1) * n];
                    assert_eq!(out[2 * k].to_bits(), dot(row, &v).to_bits(), "n = {n}");
                    assert_eq!(out[2 * k + 1].to_bits(), dot(row, &w).to_bits(), "n = {n}");
                }
                // Three vectors take their own loop.
                let u = values(n, 14);
                let mut out3 = [0.0; 9];
                let mut scratch = vec![0.0; gram_scratch_len(n, 9)];
                gram(&a, &rows, [&v, &w, &u], &mut out3, &mut scratch);
                for (k, &r) in rows.iter().enumerate() {
                    let row = &a[r * n..(r + 1) * n];
                    for (j, vj) in [&v, &w, &u].into_iter().enumerate() {
                        assert_eq!(out3[3 * k + j].to_bits(), dot(row, vj).to_bits(), "n = {n}");
                    }
                }
                let ca = [0.5, -1.5, 2.0];
                let mut p = vec![0.0; n];
                combine(&mut p, -0.3, &v, &a, &rows, &ca);
                for i in 0..n {
                    let mut e = -0.3 * v[i];
                    for (k, &r) in rows.iter().enumerate() {
                        e += ca[k] * a[r * n + i];
                    }
                    assert_eq!(p[i].to_bits(), e.to_bits(), "n = {n}, i = {i}");
                }
            })
        }
    }
}

#[test]
fn the_fused_pair_equals_its_differences_and_dot_products() {
    use optim_core::vector::pair_difference;
    let difference = |d: &mut [f64], a: &[f64], b: &[f64]| {
        for ((di, ai), bi) in d.iter_mut().zip(a).zip(b) {
            *di = ai - bi;
        }
    };
    let pools: Vec<rayon::ThreadPool> = [1, 2].into_iter().map(pool).collect();
    for n in LENGTHS {
        let [x_new, x, g_new, g] = [20, 21, 22, 23].map(|seed| values(n, seed));
        let (mut s0, mut y0) = (vec![0.0; n], vec![0.0; n]);
        difference(&mut s0, &x_new, &x);
        difference(&mut y0, &g_new, &g);
        let (sy, gs) = (dot(&s0, &y0), dot(&g, &s0));
        for p in &pools {
            let (mut s, mut y) = (vec![1.0; n], vec![1.0; n]);
            let got = p.install(|| pair_difference(&mut s, &mut y, [&x_new, &x, &g_new, &g]));
            assert_eq!((s.clone(), y.clone()), (s0.clone(), y0.clone()), "n = {n}");
            assert_eq!(
                (got.0.to_bits(), got.1.to_bits()),
                (sy.to_bits(), gs.to_bits()),
                "n = {n}"
            );
        }
    }
}

#[test]
fn the_fused_conjugate_gradient_passes_equal_their_parts() {
    use optim_core::vector::{cg_update, dot_and_norm2, norm1};
    for n in LENGTHS {
        let (d, hd) = (values(n, 10), values(n, 11));
        let (mut z, mut r) = (values(n, 12), values(n, 13));
        let (dhd, dd) = dot_and_norm2(&d, &hd);
        assert_eq!(
            (dhd.to_bits(), dd.to_bits()),
            (dot(&d, &hd).to_bits(), dot(&d, &d).to_bits())
        );
        let abs: Vec<f64> = r.iter().map(|v| v.abs()).collect();
        assert_eq!(
            norm1(&r).to_bits(),
            reference_sum(&abs).to_bits(),
            "n = {n}"
        );
        let (mut z2, mut r2) = (z.clone(), r.clone());
        let (rr, r1) = cg_update(0.37, &d, &hd, &mut z, &mut r);
        axpy(0.37, &d, &mut z2);
        axpy(0.37, &hd, &mut r2);
        assert_eq!((z, r.clone()), (z2, r2));
        assert_eq!(
            (rr.to_bits(), r1.to_bits()),
            (dot(&r, &r).to_bits(), norm1(&r).to_bits())
        );
    }
}

/// ‖x‖₂ where xᵀx over- or underflows but ‖x‖ does not: (3, 4)·s has norm 5s for any
/// s, computed rescaled by the largest entry (exact here: 3, 4 and 5 scale by powers of
/// ten with one rounding each). NaN and ∞ stay what they are, and a vector whose
/// squares do not over- or underflow keeps the bits of √(xᵀx).
#[test]
fn norms_do_not_overflow_or_underflow_before_the_norm_does() {
    use optim_core::vector::{dot, norm};
    for s in [1e200, 1e-200, 1e300, 1e-300] {
        let n = norm(&[3.0 * s, 4.0 * s]);
        assert!((n / (5.0 * s) - 1.0).abs() < 1e-15, "s = {s:e}: {n:e}");
    }
    assert!(norm(&[f64::NAN, 1e300]).is_nan());
    assert_eq!(norm(&[f64::INFINITY, 1.0]), f64::INFINITY);
    assert_eq!(norm(&[0.0; 40]), 0.0);
    let x: Vec<f64> = (0..1000).map(|i| (i as f64).sin()).collect();
    assert_eq!(norm(&x).to_bits(), dot(&x, &x).sqrt().to_bits());
}

/// `all_finite` against `is_finite` element by element: one NaN, +∞ or −∞ anywhere
/// (first element, inside a leaf's eight lanes, in a leaf's last few elements past
/// the lanes, in the last leaf, in short vectors) is found, and the largest finite
/// values, subnormals and −0 are not mistaken for one (v·0 of a huge v is still 0).
#[test]
fn all_finite_finds_every_non_finite_entry() {
    let lengths = [1, 7, 16, 63, 64, 65, 1000, LEAF, LEAF + 3, 3 * LEAF + 5];
    let finite = [f64::MAX, -f64::MAX, f64::MIN_POSITIVE / 4.0, -0.0, 1e-300];
    for n in lengths {
        let mut x = values(n, n as u64);
        assert!(all_finite(&x), "n = {n}");
        for (k, v) in finite.iter().enumerate() {
            x[(k * 7919) % n] = *v;
        }
        assert!(all_finite(&x), "n = {n} with extreme finite values");
        let positions = [
            0,
            n / 2,
            n.saturating_sub(3),
            n - 1,
            LEAF.min(n - 1),
            (LEAF + 1).min(n - 1),
        ];
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
            for &i in &positions {
                let keep = x[i];
                x[i] = bad;
                assert!(!all_finite(&x), "n = {n}, {bad} at {i}");
                x[i] = keep;
            }
        }
    }
}
