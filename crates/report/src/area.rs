//! [`Area`]: the region of a bitmap that a panel draws on.
//!
//! A file of its own because both the figure (which hands areas to panels) and the text
//! rasteriser (which draws into them, also for the figure's title) name it: defined in
//! either of them, the two files would import each other.

use plotters::coord::Shift;
use plotters::prelude::{BitMapBackend, DrawingArea};

/// The drawing area a [`Panel`](crate::Panel) draws on: a region of an RGB bitmap.
pub type Area<'a> = DrawingArea<BitMapBackend<'a>, Shift>;
