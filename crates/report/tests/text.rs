//! Text is laid out with ab_glyph's kerned, sub-pixel advances and drawn with
//! anti-aliased coverage: each glyph lands where the font puts it, to a fraction of
//! a pixel, measured on the pixels drawn.

use ab_glyph::{Font as _, FontRef, PxScale, ScaleFont, point};
use report::plotters::prelude::*;
use report::{Anchor, Font, draw_text};

const W: usize = 420;
const H: usize = 40;

/// `text` drawn by `draw_text` with its left end at x0 and its box top at 8:
/// darkness (0 white … 1 black) per pixel.
fn drawn(text: &str, x0: f64, size: f64) -> Vec<f64> {
    let mut rgb = vec![255u8; W * H * 3];
    {
        let area = BitMapBackend::with_buffer(&mut rgb, (W as u32, H as u32)).into_drawing_area();
        draw_text(&area, text, (x0, 8.0), Anchor::TopLeft, &Font::new(size)).unwrap();
        area.present().unwrap();
    }
    rgb.chunks_exact(3)
        .map(|p| 1.0 - f64::from(p[0]) / 255.0)
        .collect()
}

/// The same text rasterised here straight from ab_glyph: glyph k at x0 plus the sum
/// of the advances and kerning pairs before it (or those positions `snap`ped as
/// plotters does: truncated, with the glyph's ink box at the pen), on the same
/// whole-pixel baseline; coverages add, as in `text.rs`.
fn reference(text: &str, x0: f64, size: f64, kern: bool, snap: bool) -> Vec<f64> {
    let face = FontRef::try_from_slice(dejavu::sans::regular()).unwrap();
    let em = face.units_per_em().unwrap();
    let scale = PxScale::from(size as f32 * face.height_unscaled() / em);
    let s = face.as_scaled(scale);
    let baseline = (8.0 + f64::from(s.ascent())).round() as f32;
    let mut cover = vec![0f32; W * H];
    let mut pen = x0 as f32;
    let mut prev = None;
    for c in text.chars() {
        let id = s.glyph_id(c);
        if let (Some(p), true) = (prev, kern) {
            pen += s.kern(p, id);
        }
        prev = Some(id);
        let x = if snap { pen.trunc() } else { pen };
        if let Some(o) = face.outline_glyph(id.with_scale_and_position(scale, point(x, baseline))) {
            let b = o.px_bounds();
            let left = if snap { x as i32 } else { b.min.x as i32 };
            o.draw(|gx, gy, v| {
                let (px, py) = (left + gx as i32, b.min.y as i32 + gy as i32);
                if px >= 0 && py >= 0 && (px as usize) < W && (py as usize) < H {
                    let i = py as usize * W + px as usize;
                    cover[i] = (cover[i] + v).min(1.0);
                }
            });
        }
        pen += s.h_advance(id);
    }
    // The same mild gamma `text.rs` applies to coverage.
    cover.iter().map(|&c| f64::from(c.powf(0.85))).collect()
}

fn worst_difference(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(p, q)| (p - q).abs())
        .fold(0.0, f64::max)
}

const SAMPLES: [&str; 4] = [
    "minimum (1, 1)",
    "λmax(∇²f) = −0.5",
    "AV To Wa yo, 10⁻³",
    "iteration 1234567890",
];

#[test]
fn every_glyph_sits_at_its_kerned_subpixel_advance() {
    for (k, text) in SAMPLES.iter().enumerate() {
        for size in [11.0, 14.0, 17.0] {
            let x0 = 5.0 + 0.37 * k as f64;
            let ours = drawn(text, x0, size);
            let exact = reference(text, x0, size, true, false);
            // Pixel by pixel, to the blending's quantisation (1/256) and rounding.
            let err = worst_difference(&ours, &exact);
            assert!(err < 0.02, "{text:?} at {size}px: worst pixel off by {err}");
            // The test can tell: plotters' placement (pen truncated, glyph box at the
            // pen) differs by whole glyph strokes.
            let snapped = reference(text, x0, size, true, true);
            assert!(
                worst_difference(&ours, &snapped) > 0.3,
                "{text:?}: snapping should show"
            );
        }
    }
}

#[test]
fn kerning_pairs_are_applied() {
    // DejaVu kerns A–V, T–o, W–a, y–o: without the pairs the glyphs land elsewhere.
    let text = "AV To Wa yo";
    let ours = drawn(text, 6.0, 20.0);
    let kerned = reference(text, 6.0, 20.0, true, false);
    let unkerned = reference(text, 6.0, 20.0, false, false);
    assert!(worst_difference(&ours, &kerned) < 0.02);
    assert!(worst_difference(&ours, &unkerned) > 0.3);
}

#[test]
fn half_a_pixel_moves_the_ink_by_half_a_pixel() {
    let centroid = |d: &[f64]| {
        let (mut m, mut s) = (0.0, 0.0);
        for (i, v) in d.iter().enumerate() {
            m += v * (i % W) as f64;
            s += v;
        }
        m / s
    };
    let base = centroid(&drawn("minimum", 20.0, 14.0));
    for shift in [0.25, 0.5, 0.75] {
        let moved = centroid(&drawn("minimum", 20.0 + shift, 14.0));
        // Within 0.06 px: the gamma on coverage bends the centroid a little.
        assert!(
            (moved - base - shift).abs() < 0.06,
            "shift {shift}: ink moved {}",
            moved - base
        );
    }
}

#[test]
fn anchors_place_the_box() {
    let mut rgb = vec![255u8; W * H * 3];
    let area = BitMapBackend::with_buffer(&mut rgb, (W as u32, H as u32)).into_drawing_area();
    let f = Font::new(14.0);
    let w = report::text_width("centred", &f);
    let b = draw_text(&area, "centred", (200.0, 20.0), Anchor::Center, &f).unwrap();
    assert!(
        (b.left - (200.0 - w / 2.0)).abs() < 1e-9 && (b.right - (200.0 + w / 2.0)).abs() < 1e-9
    );
    assert!(((b.top + b.bottom) / 2.0 - 20.0).abs() < 1e-9);
    let r = draw_text(&area, "right", (300.0, 20.0), Anchor::BottomRight, &f).unwrap();
    assert_eq!((r.right, r.bottom), (300.0, 20.0));
}
