//! The embedded font: DejaVu Sans, registered with plotters at first use.
//!
//! plotters is built without its `ttf` feature, so it never asks the system for a
//! font (no fontconfig, no freetype); its `ab_glyph` backend only knows the fonts
//! registered through [`plotters::style::register_font`]. Every figure calls
//! [`ensure_font`] before it draws text.

use std::sync::OnceLock;

use plotters::style::{FontStyle, register_font};

/// The family name figures ask for; plotters' `FontFamily::SansSerif` maps to it.
pub const FAMILY: &str = "sans-serif";

/// Registers DejaVu Sans (regular, bold, oblique) as [`FAMILY`], once per process.
///
/// Idempotent and cheap after the first call. Returns whether registration
/// succeeded, which it always does for the fonts bundled by the `dejavu` crate.
///
/// ```
/// assert!(report::ensure_font());
/// assert!(report::ensure_font());
/// ```
pub fn ensure_font() -> bool {
    static REGISTERED: OnceLock<bool> = OnceLock::new();
    *REGISTERED.get_or_init(|| {
        [
            (FontStyle::Normal, dejavu::sans::regular()),
            (FontStyle::Bold, dejavu::sans::bold()),
            (FontStyle::Oblique, dejavu::sans::oblique()),
            (FontStyle::Italic, dejavu::sans::oblique()),
        ]
        .into_iter()
        .all(|(style, bytes)| register_font(FAMILY, style, bytes).is_ok())
    })
}
