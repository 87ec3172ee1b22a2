//! [`Animation`]: GIF animations with one global palette and only the changed
//! pixels stored per frame.
//!
//! plotters' own GIF backend stores every frame whole with its own palette (12 MB for
//! 100 frames over a heat map); here each frame after the first is the bounding box of
//! what changed, with unchanged pixels transparent, which LZW compresses to almost
//! nothing (0.4 MB for the same animation).

use std::collections::HashMap;
use std::io::Write;
use std::path::Path as FsPath;

use crate::error::invalid;
use crate::palette::{Nearest, build, key};
use crate::{Error, Figure};

/// The palette index kept for "unchanged" pixels.
const TRANSPARENT: u8 = 255;

/// Frames collected in memory (as differences), encoded when written.
///
/// ```
/// use report::Animation;
/// let (w, h) = (8u32, 6u32);
/// let mut anim = Animation::new(w, h, 10)?;
/// for k in 0..3 {
///     let mut rgb = vec![255u8; (w * h * 3) as usize];
///     rgb[(k * 3) as usize] = 0; // one pixel changes colour
///     anim.push_rgb(&rgb)?;
/// }
/// let mut bytes = Vec::new();
/// anim.write_to(&mut bytes)?;
/// assert_eq!(&bytes[..6], b"GIF89a");
/// # Ok::<(), report::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Animation {
    width: u16,
    height: u16,
    delay: u16,
    canvas: Vec<u8>,
    patches: Vec<Patch>,
    histogram: HashMap<u32, u64>,
}

/// The changed rectangle of one frame, in RGB.
#[derive(Debug, Clone)]
struct Patch {
    left: u16,
    top: u16,
    width: u16,
    height: u16,
    rgb: Vec<u8>,
    delay: u16,
}

impl Animation {
    /// An empty animation of `width × height` pixels showing each frame for
    /// `delay_cs` hundredths of a second.
    ///
    /// Errors unless both sides are between 1 and 65 535.
    pub fn new(width: u32, height: u32, delay_cs: u16) -> Result<Self, Error> {
        let side = |name, v: u32| {
            u16::try_from(v)
                .ok()
                .filter(|&s| s > 0)
                .ok_or_else(|| invalid(name, f64::from(v), "between 1 and 65535 pixels"))
        };
        let (w, h) = (side("width", width)?, side("height", height)?);
        Ok(Self {
            width: w,
            height: h,
            delay: delay_cs,
            canvas: Vec::new(),
            patches: Vec::new(),
            histogram: HashMap::new(),
        })
    }

    /// Number of frames (a frame identical to the previous one only lengthens it).
    pub fn len(&self) -> usize {
        self.patches.len()
    }

    /// Whether no frame was pushed.
    pub fn is_empty(&self) -> bool {
        self.patches.is_empty()
    }

    /// Renders `figure` and appends it. Errors if its size differs from the animation's.
    pub fn push_figure(&mut self, figure: &Figure) -> Result<(), Error> {
        let (w, h) = figure.size();
        if (w, h) != (u32::from(self.width), u32::from(self.height)) {
            return Err(invalid(
                "figure width",
                f64::from(w),
                "equal to the animation's size",
            ));
        }
        self.push_rgb(&figure.render()?)
    }

    /// Appends a frame of RGB bytes, row by row (`width × height × 3`).
    pub fn push_rgb(&mut self, rgb: &[u8]) -> Result<(), Error> {
        let (w, h) = (usize::from(self.width), usize::from(self.height));
        if rgb.len() != w * h * 3 {
            return Err(Error::Invalid(optim_core::Error::DimensionMismatch {
                what: "rgb",
                expected: w * h * 3,
                found: rgb.len(),
            }));
        }
        if self.canvas.is_empty() {
            self.canvas = rgb.to_vec();
            for px in rgb.chunks_exact(3) {
                *self.histogram.entry(key(px[0], px[1], px[2])).or_insert(0) += 1;
            }
            self.patches.push(Patch {
                left: 0,
                top: 0,
                width: self.width,
                height: self.height,
                rgb: rgb.to_vec(),
                delay: self.delay,
            });
            return Ok(());
        }
        let (mut x0, mut y0, mut x1, mut y1) = (w, h, 0, 0);
        for y in 0..h {
            for x in 0..w {
                let i = 3 * (y * w + x);
                if rgb[i..i + 3] != self.canvas[i..i + 3] {
                    (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
                    *self
                        .histogram
                        .entry(key(rgb[i], rgb[i + 1], rgb[i + 2]))
                        .or_insert(0) += 1;
                }
            }
        }
        if x0 > x1 {
            let last = self.patches.last_mut().expect("a first frame exists");
            last.delay = last.delay.saturating_add(self.delay);
            return Ok(());
        }
        let mut patch = Vec::with_capacity((x1 - x0 + 1) * (y1 - y0 + 1) * 3);
        for y in y0..=y1 {
            patch.extend_from_slice(&rgb[3 * (y * w + x0)..3 * (y * w + x1 + 1)]);
        }
        self.canvas.copy_from_slice(rgb);
        // The casts are exact: coordinates are below width and height, both u16.
        self.patches.push(Patch {
            left: x0 as u16,
            top: y0 as u16,
            width: (x1 - x0 + 1) as u16,
            height: (y1 - y0 + 1) as u16,
            rgb: patch,
            delay: self.delay,
        });
        Ok(())
    }

    /// Encodes the animation (looping forever) into `out`.
    pub fn write_to<W: Write>(&self, out: W) -> Result<(), Error> {
        let palette = build(&self.histogram, 255);
        let mut table: Vec<u8> = palette.iter().flatten().copied().collect();
        table.resize(256 * 3, 0);
        let mut encoder = gif::Encoder::new(out, self.width, self.height, &table)?;
        encoder.set_repeat(gif::Repeat::Infinite)?;
        let mut nearest = Nearest::new(&palette);
        let w = usize::from(self.width);
        let mut shown = vec![TRANSPARENT; w * usize::from(self.height)];
        for (k, p) in self.patches.iter().enumerate() {
            let mut indices = Vec::with_capacity(p.rgb.len() / 3);
            for (j, px) in p.rgb.chunks_exact(3).enumerate() {
                let (x, y) = (
                    usize::from(p.left) + j % usize::from(p.width),
                    usize::from(p.top) + j / usize::from(p.width),
                );
                let idx = nearest.index(px[0], px[1], px[2]);
                let cell = &mut shown[y * w + x];
                // Compare in palette space: colours that quantise alike need no update.
                if k > 0 && *cell == idx {
                    indices.push(TRANSPARENT);
                } else {
                    *cell = idx;
                    indices.push(idx);
                }
            }
            let frame = gif::Frame {
                left: p.left,
                top: p.top,
                width: p.width,
                height: p.height,
                delay: p.delay,
                dispose: gif::DisposalMethod::Keep,
                transparent: (k > 0).then_some(TRANSPARENT),
                buffer: indices.into(),
                ..gif::Frame::default()
            };
            encoder.write_frame(&frame)?;
        }
        encoder.into_inner()?;
        Ok(())
    }

    /// Writes the animation to a `.gif` file.
    pub fn save(&self, path: impl AsRef<FsPath>) -> Result<(), Error> {
        let file = std::io::BufWriter::new(std::fs::File::create(path)?);
        self.write_to(file)
    }
}
