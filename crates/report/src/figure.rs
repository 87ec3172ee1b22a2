//! [`Figure`]: one or more [`Panel`]s side by side, rendered to PNG or to pixels.

use std::path::Path as FsPath;

use plotters::prelude::*;

use crate::Error;
use crate::area::Area;
use crate::error::invalid;
use crate::font::ensure_font;
use crate::style::{FIGURE_TITLE_SIZE, MIN_TITLE_SIZE};
use crate::text::{Anchor, Font, draw_text, fit};

/// Something that draws itself into a region of a figure: a [`Map`](crate::Map), a
/// [`LinePlot`](crate::LinePlot), or your own plotters code.
pub trait Panel {
    /// Draws into `area` (its own region, already white).
    fn draw(&self, area: &Area<'_>) -> Result<(), Error>;

    /// The size in pixels of the plot area (the rectangle inside the axes) this
    /// panel takes when drawn in `area`, or `None` (the default) for a panel without
    /// one. [`Figure::same_plot_size`] reads it.
    fn plot_size(&self, _area: &Area<'_>) -> Result<Option<(u32, u32)>, Error> {
        Ok(None)
    }

    /// Draws into `area` with a plot area of at most `max_plot` pixels (width,
    /// height), centred where the larger one would be. The default ignores the limit.
    fn draw_fitted(&self, area: &Area<'_>, _max_plot: (u32, u32)) -> Result<(), Error> {
        self.draw(area)
    }
}

/// Largest width or height accepted, in pixels.
pub const MAX_SIDE: u32 = 8192;

/// Panels laid out on a grid of `columns` columns, filled row by row, with an
/// optional title above them.
///
/// ```
/// use report::{Figure, LinePlot, Series};
/// let plot = LinePlot::new().title("loss").series(Series::new(vec![3.0, 2.0, 1.5]));
/// let rgb = Figure::new(320, 240)?.panel(plot).render()?;
/// assert_eq!(rgb.len(), 320 * 240 * 3);
/// # Ok::<(), report::Error>(())
/// ```
pub struct Figure {
    width: u32,
    height: u32,
    columns: usize,
    title: Option<String>,
    panels: Vec<Box<dyn Panel>>,
    same_plot_size: bool,
}

impl Figure {
    /// An empty figure of `width × height` pixels.
    ///
    /// Errors unless both sides are between 1 and [`MAX_SIDE`].
    pub fn new(width: u32, height: u32) -> Result<Self, Error> {
        for (name, v) in [("width", width), ("height", height)] {
            if v == 0 || v > MAX_SIDE {
                return Err(invalid(name, f64::from(v), "between 1 and 8192 pixels"));
            }
        }
        Ok(Self {
            width,
            height,
            columns: 0,
            title: None,
            panels: Vec::new(),
            same_plot_size: false,
        })
    }

    /// Adds a panel.
    pub fn panel(mut self, panel: impl Panel + 'static) -> Self {
        self.panels.push(Box::new(panel));
        self
    }

    /// Lays panels out in `n` columns (default: all in one row).
    pub fn columns(mut self, n: usize) -> Self {
        self.columns = n;
        self
    }

    /// A title above all panels, bold, shrunk and then wrapped to fit the width.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// Gives every panel's plot area the size of the smallest (default off): panels
    /// get areas of one size anyway, but their plots differ by what sits around them
    /// (tick labels, colour bars, a legend below). With this, side-by-side maps of
    /// one domain have plots of exactly one size.
    pub fn same_plot_size(mut self, on: bool) -> Self {
        self.same_plot_size = on;
        self
    }

    /// Width and height in pixels.
    pub fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }

    /// Renders to RGB bytes, row by row (`width × height × 3`).
    pub fn render(&self) -> Result<Vec<u8>, Error> {
        let mut buffer = vec![0u8; self.width as usize * self.height as usize * 3];
        self.render_into(&mut buffer)?;
        Ok(buffer)
    }

    /// Renders into `buffer` (RGB, `width × height × 3` bytes), so that animations
    /// can reuse one buffer for every frame.
    ///
    /// Errors if the buffer has the wrong length.
    pub fn render_into(&self, buffer: &mut [u8]) -> Result<(), Error> {
        let expected = self.width as usize * self.height as usize * 3;
        if buffer.len() != expected {
            return Err(Error::Invalid(optim_core::Error::DimensionMismatch {
                what: "buffer",
                expected,
                found: buffer.len(),
            }));
        }
        let root =
            BitMapBackend::with_buffer(buffer, (self.width, self.height)).into_drawing_area();
        self.draw_on(&root)?;
        root.present()?;
        Ok(())
    }

    /// Writes a PNG file.
    pub fn save_png(&self, path: impl AsRef<FsPath>) -> Result<(), Error> {
        let root = BitMapBackend::new(path.as_ref(), (self.width, self.height)).into_drawing_area();
        self.draw_on(&root)?;
        root.present()?;
        Ok(())
    }

    fn draw_on(&self, root: &Area<'_>) -> Result<(), Error> {
        ensure_font();
        root.fill(&WHITE)?;
        let body = match self.title.as_deref().filter(|t| !t.is_empty()) {
            Some(title) => {
                // Shrunk, then wrapped, to fit the figure's width.
                let width = f64::from(self.width);
                let (font, text) = fit(
                    title,
                    Font::new(FIGURE_TITLE_SIZE).bold(true),
                    width - 16.0,
                    MIN_TITLE_SIZE,
                );
                let b = draw_text(root, &text, (width / 2.0, 8.0), Anchor::Top, &font)?;
                let used = (b.bottom + 4.0).ceil() as u32;
                if used >= self.height {
                    return Ok(());
                }
                root.split_vertically(used).1
            }
            None => root.clone(),
        };
        if self.panels.is_empty() {
            return Ok(());
        }
        let cols = if self.columns == 0 {
            self.panels.len()
        } else {
            self.columns.min(self.panels.len())
        };
        let rows = self.panels.len().div_ceil(cols);
        // Panels of one figure get areas of one size (within a pixel).
        let areas = body.split_evenly((rows, cols));
        if self.same_plot_size {
            let mut limit: Option<(u32, u32)> = None;
            for (panel, area) in self.panels.iter().zip(&areas) {
                if let Some((w, h)) = panel.plot_size(area)? {
                    limit = Some(limit.map_or((w, h), |(a, b)| (a.min(w), b.min(h))));
                }
            }
            if let Some(limit) = limit {
                for (panel, area) in self.panels.iter().zip(&areas) {
                    panel.draw_fitted(area, limit)?;
                }
                return Ok(());
            }
        }
        for (panel, area) in self.panels.iter().zip(&areas) {
            panel.draw(area)?;
        }
        Ok(())
    }
}
