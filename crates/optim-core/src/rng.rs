//! [`Rng`]: a seeded Mersenne Twister that draws the same numbers as NumPy's legacy
//! `np.random.seed(s)` / `np.random.random` / `np.random.randn`.
//!
//! NumPy compatibility lets the toolkit rebuild the course documents' random landscapes and starting
//! points bit for bit (*Optimization in many dimensions* builds its wells with `np.random.seed(0)`), and keeps
//! every seeded result stable across versions of this crate: no external generator whose
//! stream could change.

const N: usize = 624;
const M: usize = 397;

/// MT19937 with NumPy's legacy `RandomState` seeding, doubles and Gaussians.
///
/// ```
/// use optim_core::Rng;
/// let mut rng = Rng::new(0);
/// // np.random.seed(0); np.random.random()
/// assert_eq!(rng.uniform(), 0.5488135039273248);
/// ```
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Clone, Debug)]
pub struct Rng {
    #[cfg_attr(feature = "serde", serde(with = "key_words"))]
    key: [u32; N],
    pos: usize,
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::option"))]
    gauss: Option<f64>,
}

impl Rng {
    /// The generator of `np.random.seed(seed)`.
    pub fn new(seed: u32) -> Self {
        let mut key = [0u32; N];
        let mut s = seed;
        for (pos, k) in key.iter_mut().enumerate() {
            *k = s;
            s = 1_812_433_253u32
                .wrapping_mul(s ^ (s >> 30))
                .wrapping_add(pos as u32 + 1);
        }
        Self {
            key,
            pos: N,
            gauss: None,
        }
    }

    fn twist(&mut self) {
        const UPPER: u32 = 0x8000_0000;
        const LOWER: u32 = 0x7fff_ffff;
        const MATRIX_A: u32 = 0x9908_b0df;
        for i in 0..N {
            let y = (self.key[i] & UPPER) | (self.key[(i + 1) % N] & LOWER);
            let mag = if y & 1 == 1 { MATRIX_A } else { 0 };
            self.key[i] = self.key[(i + M) % N] ^ (y >> 1) ^ mag;
        }
        self.pos = 0;
    }

    /// The next 32 random bits.
    pub fn next_u32(&mut self) -> u32 {
        if self.pos == N {
            self.twist();
        }
        let mut y = self.key[self.pos];
        self.pos += 1;
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    /// A double uniform on [0, 1) with 53 random bits (`np.random.random()`).
    pub fn uniform(&mut self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67_108_864.0 + b) / 9_007_199_254_740_992.0
    }

    /// A standard normal draw (`np.random.randn()`: the polar method, caching the
    /// second value of each pair as NumPy does).
    pub fn normal(&mut self) -> f64 {
        if let Some(g) = self.gauss.take() {
            return g;
        }
        loop {
            let x1 = 2.0 * self.uniform() - 1.0;
            let x2 = 2.0 * self.uniform() - 1.0;
            let r2 = x1 * x1 + x2 * x2;
            if r2 < 1.0 && r2 != 0.0 {
                let f = (-2.0 * r2.ln() / r2).sqrt();
                self.gauss = Some(f * x1);
                return f * x2;
            }
        }
    }

    /// An integer uniform on 0..n, by rejection so that it is unbiased.
    /// (Not NumPy's `randint` stream.)
    ///
    /// # Panics
    /// If `n` is 0 or does not fit in 32 bits: there is no such integer to draw.
    pub fn below(&mut self, n: usize) -> usize {
        assert!(
            n > 0 && n <= u32::MAX as usize,
            "Rng::below needs 0 < n < 2³²"
        );
        let n = n as u32;
        let zone = u32::MAX - (u32::MAX % n);
        loop {
            let r = self.next_u32();
            if r < zone {
                return (r % n) as usize;
            }
        }
    }

    /// Shuffles `items` in place (Fisher–Yates).
    pub fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

/// The 624 words of the generator's key as a sequence (serde derives arrays up to 32).
#[cfg(feature = "serde")]
mod key_words {
    use serde::de::Error;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer, const N: usize>(
        key: &[u32; N],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(key.iter())
    }

    pub fn deserialize<'de, D: Deserializer<'de>, const N: usize>(
        d: D,
    ) -> Result<[u32; N], D::Error> {
        let words = Vec::<u32>::deserialize(d)?;
        let found = words.len();
        words
            .try_into()
            .map_err(|_| D::Error::invalid_length(found, &"the 624 words of an MT19937 key"))
    }
}
