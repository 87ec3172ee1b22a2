//! Text laid out and rasterised here with `ab_glyph`, not by plotters.
//!
//! plotters' `ab_glyph` backend places every glyph at its pen position truncated to a
//! whole pixel and then draws the glyph's bitmap from the left edge of its ink box,
//! dropping the left side bearing. Each glyph is thus off by up to a pixel or more in
//! its own direction, which at tick-label sizes reads as uneven kerning ("minim um",
//! "(1 , 1)"). Here a string is laid out with the font's fractional advances and its
//! kerning pairs, each glyph is rasterised at its exact sub-pixel position with
//! anti-aliased coverage, and the coverage is blended into the bitmap. Baselines are
//! snapped to whole pixels so that horizontal strokes stay crisp.
//!
//! The font is DejaVu Sans from the `dejavu` crate, parsed once; no system font is
//! ever looked up. Its `kern` table (the pairs `ab_glyph` reads) is applied; GPOS-only
//! pairs are not.

use std::sync::OnceLock;

use ab_glyph::{Font as _, FontRef, GlyphId, OutlinedGlyph, PxScale, ScaleFont, point};
use plotters::style::{Color, RGBColor};

use crate::Error;
use crate::area::Area;

/// Size, weight and colour of text drawn by this crate, with an optional halo (a soft
/// outline in another colour that keeps text readable over lines and colour maps).
///
/// Sizes are pixels per em, as CSS's `font-size: 14px`: digits of DejaVu Sans are
/// 0.73 em tall, so a 14 px font has 10 px digits.
///
/// ```
/// use report::Font;
/// use report::plotters::style::{RGBColor, WHITE};
/// let f = Font::new(14.0).bold(true).color(RGBColor(200, 0, 0)).halo(WHITE);
/// assert_eq!(f.size(), 14.0);
/// assert!(report::text_width("minimum", &f) > report::text_width("min", &f));
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Font {
    size: f64,
    bold: bool,
    color: RGBColor,
    halo: Option<RGBColor>,
}

impl Font {
    /// A regular black font of `size` pixels per em (clamped to 1–400; NaN gives 14).
    pub fn new(size: f64) -> Self {
        let size = if size.is_nan() {
            14.0
        } else {
            size.clamp(1.0, 400.0)
        };
        Self {
            size,
            bold: false,
            color: RGBColor(0, 0, 0),
            halo: None,
        }
    }

    /// Bold (DejaVu Sans Bold) or regular.
    pub fn bold(mut self, on: bool) -> Self {
        self.bold = on;
        self
    }

    /// The colour of the letters (default black).
    pub fn color(mut self, color: RGBColor) -> Self {
        self.color = color;
        self
    }

    /// A halo of `color` about 1.5 px wide around the letters (default none).
    pub fn halo(mut self, color: RGBColor) -> Self {
        self.halo = Some(color);
        self
    }

    /// The size in pixels per em.
    pub fn size(&self) -> f64 {
        self.size
    }

    /// The same font at another size.
    pub(crate) fn sized(mut self, size: f64) -> Self {
        self.size = Font::new(size).size;
        self
    }

    /// Height of one line of text (ascent + descent), in pixels.
    pub(crate) fn line_height(&self) -> f64 {
        let Ok(face) = self.face() else {
            return 1.164 * self.size;
        };
        let s = face.as_scaled(self.scale(face));
        f64::from(s.ascent() - s.descent())
    }

    fn face(&self) -> Result<&'static FontRef<'static>, Error> {
        let faces = faces()?;
        Ok(if self.bold {
            &faces.bold
        } else {
            &faces.regular
        })
    }

    /// ab_glyph's scale is the height ascent − descent; ours is the em.
    fn scale(&self, face: &FontRef<'_>) -> PxScale {
        let em = face.units_per_em().unwrap_or(2048.0);
        PxScale::from(self.size as f32 * face.height_unscaled() / em)
    }
}

/// Where the point given to [`draw_text`] sits on the text's box.
///
/// The box spans the text's advance width and, vertically, its lines from the
/// ascent of the first to the descent of the last; `Center` is the middle of both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Anchor {
    /// Top-left corner.
    TopLeft,
    /// Middle of the top edge.
    Top,
    /// Top-right corner.
    TopRight,
    /// Middle of the left edge.
    #[default]
    Left,
    /// Centre.
    Center,
    /// Middle of the right edge.
    Right,
    /// Bottom-left corner.
    BottomLeft,
    /// Middle of the bottom edge.
    Bottom,
    /// Bottom-right corner.
    BottomRight,
}

impl Anchor {
    /// Fractions of the box's width and height from its top-left corner.
    pub(crate) fn fractions(self) -> (f64, f64) {
        match self {
            Anchor::TopLeft => (0.0, 0.0),
            Anchor::Top => (0.5, 0.0),
            Anchor::TopRight => (1.0, 0.0),
            Anchor::Left => (0.0, 0.5),
            Anchor::Center => (0.5, 0.5),
            Anchor::Right => (1.0, 0.5),
            Anchor::BottomLeft => (0.0, 1.0),
            Anchor::Bottom => (0.5, 1.0),
            Anchor::BottomRight => (1.0, 1.0),
        }
    }
}

/// The box a drawn text occupies, in pixels of the area it was drawn on:
/// `left ≤ x < right`, `top ≤ y < bottom`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextBox {
    /// Left edge.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Right edge.
    pub right: f64,
    /// Bottom edge.
    pub bottom: f64,
}

impl TextBox {
    /// Whether the two boxes overlap once each is grown by `pad` pixels.
    pub(crate) fn overlaps(&self, other: &TextBox, pad: f64) -> bool {
        self.left - pad < other.right
            && other.left - pad < self.right
            && self.top - pad < other.bottom
            && other.top - pad < self.bottom
    }
}

struct Faces {
    regular: FontRef<'static>,
    bold: FontRef<'static>,
}

fn faces() -> Result<&'static Faces, Error> {
    static FACES: OnceLock<Option<Faces>> = OnceLock::new();
    FACES
        .get_or_init(|| {
            Some(Faces {
                regular: FontRef::try_from_slice(dejavu::sans::regular()).ok()?,
                bold: FontRef::try_from_slice(dejavu::sans::bold()).ok()?,
            })
        })
        .as_ref()
        .ok_or_else(|| Error::Draw("the embedded DejaVu font does not parse".into()))
}

/// One line laid out: glyphs with their pen positions from the line's start.
struct Line {
    glyphs: Vec<(GlyphId, f32)>,
    width: f32,
}

fn layout_line(face: &FontRef<'static>, scale: PxScale, text: &str) -> Line {
    let s = face.as_scaled(scale);
    let mut glyphs = Vec::with_capacity(text.len());
    let mut pen = 0f32;
    let mut prev: Option<GlyphId> = None;
    for c in text.chars() {
        let id = s.glyph_id(c);
        if let Some(p) = prev {
            pen += s.kern(p, id);
        }
        glyphs.push((id, pen));
        pen += s.h_advance(id);
        prev = Some(id);
    }
    Line { glyphs, width: pen }
}

/// The pen position of every character of `text` (one line) from its start, in
/// pixels: the sum of the advances and kerning pairs before it, unrounded.
///
/// ```
/// use report::{Font, glyph_positions, text_width};
/// let f = Font::new(20.0);
/// let x = glyph_positions("AV", &f);
/// assert_eq!(x[0], 0.0);
/// // DejaVu kerns "AV": V starts before A's full advance.
/// assert!(x[1] < glyph_positions("AA", &f)[1]);
/// assert!(text_width("AV", &f) < text_width("AA", &f));
/// ```
pub fn glyph_positions(text: &str, font: &Font) -> Vec<f64> {
    let Ok(face) = font.face() else {
        return Vec::new();
    };
    layout_line(face, font.scale(face), text)
        .glyphs
        .iter()
        .map(|g| f64::from(g.1))
        .collect()
}

/// The advance width of the widest line of `text` (lines split at `\n`), in pixels.
pub fn text_width(text: &str, font: &Font) -> f64 {
    text_size(text, font).0
}

/// Width and height of the box of `text` in pixels (lines split at `\n`).
pub fn text_size(text: &str, font: &Font) -> (f64, f64) {
    let Ok(face) = font.face() else {
        return (0.0, 0.0);
    };
    let scale = font.scale(face);
    let width = text
        .split('\n')
        .map(|l| f64::from(layout_line(face, scale, l).width))
        .fold(0.0, f64::max);
    let lines = text.split('\n').count() as f64;
    let s = face.as_scaled(scale);
    let line = f64::from(s.ascent() - s.descent());
    (width, line + (lines - 1.0) * LINE_SPACING * font.size)
}

/// `text` fitted into `max_width` pixels: at `font`'s size if it fits on one line,
/// else shrunk (down to `min_size`), else wrapped at spaces into up to three lines,
/// else cut with an ellipsis. Returns the font used and the text with `\n` breaks.
pub(crate) fn fit(text: &str, font: Font, max_width: f64, min_size: f64) -> (Font, String) {
    let full = font.size;
    let min_size = min_size.min(full);
    let sizes: Vec<f64> = (0..)
        .map(|k| full - 0.5 * f64::from(k))
        .take_while(|s| *s >= min_size)
        .collect();
    for lines in 1..=3 {
        for &size in &sizes {
            let f = font.sized(size);
            if let Some(wrapped) = wrap(text, &f, max_width, lines) {
                return (f, wrapped);
            }
        }
    }
    let f = font.sized(min_size);
    let mut cut: String = text.to_string();
    while !cut.is_empty() && text_width(&format!("{cut}…"), &f) > max_width {
        cut.pop();
    }
    (f, format!("{}…", cut.trim_end()))
}

/// Greedy word wrap of `text` into at most `lines` lines no wider than `max_width`.
fn wrap(text: &str, font: &Font, max_width: f64, lines: usize) -> Option<String> {
    let mut out: Vec<String> = Vec::new();
    for word in text.split(' ') {
        match out.last_mut() {
            Some(last) if text_width(&format!("{last} {word}"), font) <= max_width => {
                last.push(' ');
                last.push_str(word);
            }
            _ => out.push(word.to_string()),
        }
    }
    let fits = out.len() <= lines && out.iter().all(|l| text_width(l, font) <= max_width);
    fits.then(|| out.join("\n"))
}

/// Baseline-to-baseline distance of multi-line text, in ems.
const LINE_SPACING: f64 = 1.2;

/// Draws `text` on `area` with the point `at` (pixels of `area`, where pixel (i, j)
/// spans [i, i + 1) × [j, j + 1)) at `anchor` of the text's box, and returns the box.
/// Lines split at `\n` are aligned as the anchor is (left, centred or right).
///
/// ```
/// use report::plotters::prelude::*;
/// use report::{Anchor, Font, draw_text};
/// let mut rgb = vec![255u8; 200 * 40 * 3];
/// {
///     let area = BitMapBackend::with_buffer(&mut rgb, (200, 40)).into_drawing_area();
///     let b = draw_text(&area, "minimum (1, 1)", (100.0, 20.0), Anchor::Center, &Font::new(16.0))?;
///     assert!((b.left + b.right - 200.0).abs() < 1e-9);
///     area.present()?;
/// }
/// assert!(rgb.iter().any(|&c| c < 100));
/// # Ok::<(), report::Error>(())
/// ```
pub fn draw_text(
    area: &Area<'_>,
    text: &str,
    at: (f64, f64),
    anchor: Anchor,
    font: &Font,
) -> Result<TextBox, Error> {
    draw_oriented(area, text, at, anchor, font, false)
}

/// Like [`draw_text`], turned a quarter turn counter-clockwise (read from bottom to
/// top, as a y-axis label); `anchor` refers to the turned box.
pub(crate) fn draw_text_vertical(
    area: &Area<'_>,
    text: &str,
    at: (f64, f64),
    anchor: Anchor,
    font: &Font,
) -> Result<TextBox, Error> {
    draw_oriented(area, text, at, anchor, font, true)
}

/// Coverage of a text in its own frame (u along the baseline, v downwards), on a
/// pixel grid whose cell (i, j) is u ∈ [u0 + i, u0 + i + 1), v ∈ [v0 + j, v0 + j + 1).
struct Coverage {
    u0: i32,
    v0: i32,
    w: usize,
    h: usize,
    data: Vec<f32>,
}

fn draw_oriented(
    area: &Area<'_>,
    text: &str,
    at: (f64, f64),
    anchor: Anchor,
    font: &Font,
    vertical: bool,
) -> Result<TextBox, Error> {
    let face = font.face()?;
    let scale = font.scale(face);
    let s = face.as_scaled(scale);
    let (ascent, descent) = (f64::from(s.ascent()), f64::from(-s.descent()));
    let lines: Vec<Line> = text
        .split('\n')
        .map(|l| layout_line(face, scale, l))
        .collect();
    let width = lines.iter().map(|l| f64::from(l.width)).fold(0.0, f64::max);
    let height = ascent + descent + (lines.len() as f64 - 1.0) * LINE_SPACING * font.size;
    let (fx, fy) = anchor.fractions();
    // The box on screen: turned, its width is the text's height.
    let (bw, bh) = if vertical {
        (height, width)
    } else {
        (width, height)
    };
    let bounds = TextBox {
        left: at.0 - fx * bw,
        top: at.1 - fy * bh,
        right: at.0 - fx * bw + bw,
        bottom: at.1 - fy * bh + bh,
    };
    // Coordinates far beyond any bitmap (or not finite) would only make the
    // rasteriser allocate for pixels the backend then drops.
    let outside = ![bounds.left, bounds.right, bounds.top, bounds.bottom]
        .iter()
        .all(|v| v.abs() < 1e6);
    if text.is_empty() || outside {
        return Ok(bounds);
    }
    // Text frame → screen. Horizontal: (u, v) ↦ (u, v). Turned: (u, v) ↦ (v, C − u),
    // with C a whole pixel so that the grid of the frame is the screen's grid.
    // The frame's origin is the box's top-left (horizontal) or bottom-left (turned),
    // shifted so that baselines fall on whole pixels and only u keeps its fraction.
    let (u_start, v_top) = if vertical {
        (bounds.bottom.round() - bounds.bottom, bounds.left)
    } else {
        (bounds.left, bounds.top)
    };
    let mut outlines: Vec<OutlinedGlyph> = Vec::new();
    for (k, line) in lines.iter().enumerate() {
        let baseline = (v_top + ascent + k as f64 * LINE_SPACING * font.size).round();
        let indent = fx * (width - f64::from(line.width));
        for &(id, pen) in &line.glyphs {
            let x = u_start + indent + f64::from(pen);
            let glyph = id.with_scale_and_position(scale, point(x as f32, baseline as f32));
            if let Some(o) = face.outline_glyph(glyph) {
                outlines.push(o);
            }
        }
    }
    let Some(mut cov) = rasterise(&outlines, if font.halo.is_some() { 2 } else { 0 }) else {
        return Ok(bounds);
    };
    let (u0, v0) = (cov.u0, cov.v0);
    let column = bounds.bottom.round() as i32;
    let place = move |i: usize, j: usize| -> (i32, i32) {
        let (u, v) = (u0 + i as i32, v0 + j as i32);
        if vertical {
            // u ∈ [u, u + 1) maps to the screen row C − u − 1.
            (v, column - u - 1)
        } else {
            (u, v)
        }
    };
    if let Some(halo) = font.halo {
        let spread = dilate(&cov);
        paint(area, &spread, cov.w, halo, &place)?;
    }
    // A mild gamma on coverage: unhinted text blended in sRGB otherwise looks thin.
    for c in &mut cov.data {
        *c = c.min(1.0).powf(0.85);
    }
    paint(area, &cov.data, cov.w, font.color, &place)?;
    Ok(bounds)
}

fn rasterise(outlines: &[OutlinedGlyph], pad: i32) -> Option<Coverage> {
    let mut lo = (i32::MAX, i32::MAX);
    let mut hi = (i32::MIN, i32::MIN);
    for o in outlines {
        let b = o.px_bounds();
        lo = (lo.0.min(b.min.x as i32), lo.1.min(b.min.y as i32));
        hi = (hi.0.max(b.max.x as i32), hi.1.max(b.max.y as i32));
    }
    if lo.0 >= hi.0 || lo.1 >= hi.1 {
        return None;
    }
    let (u0, v0) = (lo.0 - pad, lo.1 - pad);
    let w = (hi.0 - lo.0 + 2 * pad) as usize;
    let h = (hi.1 - lo.1 + 2 * pad) as usize;
    let mut data = vec![0f32; w * h];
    for o in outlines {
        let b = o.px_bounds();
        let (ox, oy) = (
            (b.min.x as i32 - u0) as usize,
            (b.min.y as i32 - v0) as usize,
        );
        o.draw(|x, y, c| {
            let i = (oy + y as usize) * w + ox + x as usize;
            // Neighbouring glyphs may share an edge pixel: their coverages add.
            data[i] = (data[i] + c).min(1.0);
        });
    }
    Some(Coverage { u0, v0, w, h, data })
}

/// The halo's coverage: the letters' coverage spread over a disc of radius about
/// 1.5 px with a soft edge.
fn dilate(cov: &Coverage) -> Vec<f32> {
    let (w, h) = (cov.w as i32, cov.h as i32);
    let mut out = vec![0f32; cov.data.len()];
    for y in 0..h {
        for x in 0..w {
            let mut m = 0f32;
            for dy in -2..=2i32 {
                for dx in -2..=2i32 {
                    let (sx, sy) = (x + dx, y + dy);
                    if sx < 0 || sy < 0 || sx >= w || sy >= h {
                        continue;
                    }
                    let reach = (2.2 - ((dx * dx + dy * dy) as f32).sqrt()).clamp(0.0, 1.0);
                    m = m.max(cov.data[(sy * w + sx) as usize].min(1.0) * reach);
                }
            }
            out[(y * w + x) as usize] = (1.6 * m).min(1.0);
        }
    }
    out
}

fn paint(
    area: &Area<'_>,
    data: &[f32],
    w: usize,
    color: RGBColor,
    place: &impl Fn(usize, usize) -> (i32, i32),
) -> Result<(), Error> {
    for (k, &c) in data.iter().enumerate() {
        if c <= 1.0 / 256.0 {
            continue;
        }
        let p = place(k % w, k / w);
        area.draw_pixel(p, &color.mix(f64::from(c.min(1.0))))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_font_parses_and_has_kerning_pairs() {
        let f = faces().unwrap();
        let s = f.regular.as_scaled(PxScale::from(100.0));
        let (a, v) = (s.glyph_id('A'), s.glyph_id('V'));
        assert!(s.kern(a, v) < -1.0, "{}", s.kern(a, v));
    }

    #[test]
    fn sizes_are_ems() {
        // DejaVu Sans digits are 1493/2048 em tall.
        let font = Font::new(20.0);
        let face = font.face().unwrap();
        let g = face.glyph_id('8').with_scale(font.scale(face));
        let o = face.outline_glyph(g).unwrap();
        let h = f64::from(o.px_bounds().height());
        assert!((h - 20.0 * 1493.0 / 2048.0).abs() < 2.0, "{h}");
    }
}
