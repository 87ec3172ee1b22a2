//! One global GIF palette for a whole animation: the exact colours when there are
//! few enough, otherwise a weighted median cut of the colour histogram.

use std::collections::HashMap;

/// Packs an RGB colour into a `u32` key.
pub(crate) fn key(r: u8, g: u8, b: u8) -> u32 {
    (u32::from(r) << 16) | (u32::from(g) << 8) | u32::from(b)
}

fn unpack(k: u32) -> [u8; 3] {
    [(k >> 16) as u8, (k >> 8) as u8, k as u8]
}

/// Up to `max` colours representing the histogram (colour key → pixel count).
pub(crate) fn build(histogram: &HashMap<u32, u64>, max: usize) -> Vec<[u8; 3]> {
    let mut entries: Vec<(u32, u64)> = histogram.iter().map(|(&k, &n)| (k, n)).collect();
    // A fixed order makes the palette, and so the file, reproducible.
    entries.sort_unstable();
    if entries.len() <= max {
        return entries.iter().map(|&(k, _)| unpack(k)).collect();
    }
    let mut boxes: Vec<Vec<(u32, u64)>> = vec![entries];
    while boxes.len() < max {
        // Split the box with the widest channel range, weighted by its pixel count
        // so that large smooth areas get more colours than a few stray pixels.
        let Some((pick, channel)) = boxes
            .iter()
            .enumerate()
            .filter(|(_, b)| b.len() > 1)
            .map(|(i, b)| {
                let (channel, range) = widest_channel(b);
                let weight: u64 = b.iter().map(|e| e.1).sum();
                (i, channel, f64::from(range) * (weight as f64).sqrt())
            })
            .max_by(|a, b| a.2.total_cmp(&b.2))
            .map(|(i, c, _)| (i, c))
        else {
            break;
        };
        let mut b = boxes.swap_remove(pick);
        b.sort_unstable_by_key(|e| (unpack(e.0)[channel], e.0));
        let total: u64 = b.iter().map(|e| e.1).sum();
        let mut acc = 0;
        let mut cut = 1;
        for (i, e) in b.iter().enumerate() {
            acc += e.1;
            if acc * 2 >= total {
                cut = (i + 1).clamp(1, b.len() - 1);
                break;
            }
        }
        let rest = b.split_off(cut);
        boxes.push(b);
        boxes.push(rest);
    }
    boxes.iter().map(|b| mean(b)).collect()
}

fn widest_channel(b: &[(u32, u64)]) -> (usize, u8) {
    let mut lo = [255u8; 3];
    let mut hi = [0u8; 3];
    for &(k, _) in b {
        let c = unpack(k);
        for ch in 0..3 {
            lo[ch] = lo[ch].min(c[ch]);
            hi[ch] = hi[ch].max(c[ch]);
        }
    }
    (0..3)
        .map(|ch| (ch, hi[ch] - lo[ch]))
        .max_by_key(|&(ch, r)| (r, std::cmp::Reverse(ch)))
        .expect("three channels")
}

fn mean(b: &[(u32, u64)]) -> [u8; 3] {
    let mut sum = [0f64; 3];
    let mut n = 0f64;
    for &(k, w) in b {
        let c = unpack(k);
        for ch in 0..3 {
            sum[ch] += f64::from(c[ch]) * w as f64;
        }
        n += w as f64;
    }
    sum.map(|s| (s / n.max(1.0)).round() as u8)
}

/// Nearest palette entry of each colour, memoised (frames repeat most colours).
pub(crate) struct Nearest<'a> {
    palette: &'a [[u8; 3]],
    cache: HashMap<u32, u8>,
}

impl<'a> Nearest<'a> {
    pub(crate) fn new(palette: &'a [[u8; 3]]) -> Self {
        Self {
            palette,
            cache: HashMap::new(),
        }
    }

    pub(crate) fn index(&mut self, r: u8, g: u8, b: u8) -> u8 {
        let palette = self.palette;
        *self.cache.entry(key(r, g, b)).or_insert_with(|| {
            let d = |p: &[u8; 3]| {
                let dr = i32::from(p[0]) - i32::from(r);
                let dg = i32::from(p[1]) - i32::from(g);
                let db = i32::from(p[2]) - i32::from(b);
                // Green weighs most, as the eye sees it.
                2 * dr * dr + 4 * dg * dg + 3 * db * db
            };
            (0..palette.len())
                .min_by_key(|&i| d(&palette[i]))
                .unwrap_or(0) as u8
        })
    }
}
