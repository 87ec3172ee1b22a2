//! Shared text sizes and labels drawn with a halo.
//!
//! Sizes are pixels per em (see [`Font`]). They were raised from plotters' defaults
//! (about 12 px per em for tick labels) after a reader found the 620–640 px figures'
//! text small: tick labels now have 10 px digits.

use plotters::style::{BLACK, RGBColor, WHITE};

use crate::Error;
use crate::area::Area;
use crate::text::{Anchor, Font, TextBox, draw_text};

/// Panel titles.
pub(crate) const TITLE_SIZE: f64 = 17.0;
/// The figure-wide title.
pub(crate) const FIGURE_TITLE_SIZE: f64 = 19.0;
/// Axis labels ("x", "iteration").
pub(crate) const AXIS_LABEL_SIZE: f64 = 15.0;
/// Tick labels of axes and colour bars.
pub(crate) const TICK_SIZE: f64 = 14.0;
/// Legend entries, annotations and iteration numbers.
pub(crate) const LABEL_SIZE: f64 = 13.5;
/// Smallest size a title is shrunk to before it is wrapped.
pub(crate) const MIN_TITLE_SIZE: f64 = 12.0;

/// The font of `size` in black.
pub(crate) fn font(size: f64) -> Font {
    Font::new(size).color(BLACK)
}

/// Draws `label` with a white halo, so that it stays readable over contour lines and
/// colour maps, and returns its box.
pub(crate) fn halo_text(
    screen: &Area<'_>,
    label: &str,
    at: (f64, f64),
    size: f64,
    color: RGBColor,
    anchor: Anchor,
) -> Result<TextBox, Error> {
    draw_text(
        screen,
        label,
        at,
        anchor,
        &Font::new(size).color(color).halo(WHITE),
    )
}
