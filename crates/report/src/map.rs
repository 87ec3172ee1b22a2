//! [`Map`]: a 2-D panel over a rectangle of the plane — heat map, contour lines,
//! gradient field, trajectories and markers, with a colour bar and a legend.

use plotters::prelude::*;

use crate::axes::{Axes, draw_axes};
use crate::colorbar::{ColorBar, STRIP_WIDTH, draw_colorbar};
use crate::error::check_range;
use crate::figure::{Area, Panel};
use crate::legend::{Key, LegendPosition, draw_legend};
use crate::stroke::stroke;
use crate::{Contours, Error, HeatMap, Marker, Path, Quiver};

/// A panel showing the plane over `x × y`, drawn in layers from the bottom up: heat
/// map, contour lines, quiver, paths, markers, legend; plus a colour bar for the heat
/// map (or, without one, for the first colormapped contour layer).
///
/// ```
/// use report::{Colormap, Contours, Figure, Grid, Levels, Map, Marker, Path};
/// let f = |x: f64, y: f64| x * x + 10.0 * y * y;
/// let grid = Grid::sample((-2.0, 2.0), (-2.0, 2.0), 60, 60, f)?;
/// let map = Map::new((-2.0, 2.0), (-2.0, 2.0))?
///     .title("x² + 10y²")
///     .contours(Contours::new(&grid, Levels::Auto(8))?.colormap(Colormap::Jet))
///     .path(Path::new(vec![(-1.5, 1.5), (-1.2, -1.0), (-0.9, 0.7)]).numbered(true))
///     .marker(Marker::star((0.0, 0.0)));
/// let png = std::env::temp_dir().join("report-map-doctest.png");
/// Figure::new(400, 360)?.panel(map).save_png(&png)?;
/// # std::fs::remove_file(png).ok();
/// # Ok::<(), report::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Map {
    x: (f64, f64),
    y: (f64, f64),
    title: String,
    x_label: String,
    y_label: String,
    heat: Option<HeatMap>,
    contours: Vec<Contours>,
    quiver: Option<Quiver>,
    paths: Vec<Path>,
    markers: Vec<Marker>,
    colorbar: bool,
    colorbar_title: String,
    legend: LegendPosition,
}

impl Map {
    /// An empty panel over `x × y`, axes labelled "x" and "y".
    ///
    /// Errors if a range is not finite and increasing.
    pub fn new(x: (f64, f64), y: (f64, f64)) -> Result<Self, Error> {
        check_range("x", x)?;
        check_range("y", y)?;
        Ok(Self {
            x,
            y,
            title: String::new(),
            x_label: "x".into(),
            y_label: "y".into(),
            heat: None,
            contours: Vec::new(),
            quiver: None,
            paths: Vec::new(),
            markers: Vec::new(),
            colorbar: true,
            colorbar_title: String::new(),
            legend: LegendPosition::UpperRight,
        })
    }

    /// The title above the panel.
    pub fn title(mut self, title: impl Into<String>) -> Self {
        self.title = title.into();
        self
    }

    /// The axis labels (default "x" and "y").
    pub fn labels(mut self, x: impl Into<String>, y: impl Into<String>) -> Self {
        self.x_label = x.into();
        self.y_label = y.into();
        self
    }

    /// A filled colour map underneath everything else.
    pub fn heatmap(mut self, heat: HeatMap) -> Self {
        self.heat = Some(heat);
        self
    }

    /// A layer of contour lines (several may be added).
    pub fn contours(mut self, contours: Contours) -> Self {
        self.contours.push(contours);
        self
    }

    /// A vector field.
    pub fn quiver(mut self, quiver: Quiver) -> Self {
        self.quiver = Some(quiver);
        self
    }

    /// A trajectory (several may be added).
    pub fn path(mut self, path: Path) -> Self {
        self.paths.push(path);
        self
    }

    /// A marker (several may be added).
    pub fn marker(mut self, marker: Marker) -> Self {
        self.markers.push(marker);
        self
    }

    /// Whether to draw the colour bar (default on, when there is one to draw).
    pub fn colorbar(mut self, on: bool) -> Self {
        self.colorbar = on;
        self
    }

    /// The colour bar's title (default: the heat map's label, else none).
    pub fn colorbar_title(mut self, title: impl Into<String>) -> Self {
        self.colorbar_title = title.into();
        self
    }

    /// Where the legend goes (default upper right); it lists labelled paths and markers.
    pub fn legend(mut self, position: LegendPosition) -> Self {
        self.legend = position;
        self
    }

    fn bar(&self) -> Option<(ColorBar, String)> {
        if !self.colorbar {
            return None;
        }
        if let Some(h) = &self.heat {
            let title = if self.colorbar_title.is_empty() {
                h.label.clone()
            } else {
                self.colorbar_title.clone()
            };
            return Some((h.colorbar(), title));
        }
        self.contours
            .iter()
            .find(|c| c.colormap.is_some())
            .map(|c| {
                let bar = ColorBar::Lines {
                    colors: c.colors.clone(),
                    levels: c.levels.clone(),
                };
                (bar, self.colorbar_title.clone())
            })
    }
}

impl Panel for Map {
    fn draw(&self, area: &Area<'_>) -> Result<(), Error> {
        let bar = self.bar();
        let (width, _) = area.dim_in_pixel();
        let (plot_area, strip) = if bar.is_some() && width > 2 * STRIP_WIDTH {
            let (a, b) = area.split_horizontally(width - STRIP_WIDTH);
            (a, Some(b))
        } else {
            (area.clone(), None)
        };
        let axes = Axes {
            title: &self.title,
            x_label: &self.x_label,
            y_label: &self.y_label,
            x: self.x,
            y: self.y,
            log_y: false,
            grid: self.heat.is_none(),
        };
        let map = draw_axes(&plot_area, &axes)?;
        let screen = area.use_screen_coord();
        if let Some(h) = &self.heat {
            h.draw(&screen, &map)?;
        }
        for c in &self.contours {
            for (line, color) in c.lines.iter().zip(&c.colors) {
                for poly in &line.polylines {
                    for run in map.polylines(poly.iter().copied()) {
                        stroke(&screen, &run, color.to_rgba(), c.width)?;
                    }
                }
            }
        }
        if let Some(q) = &self.quiver {
            q.draw(&screen, &map)?;
        }
        for p in &self.paths {
            p.draw(&screen, &map)?;
        }
        for m in &self.markers {
            m.draw(&screen, &map)?;
        }
        let (l, t, r, b) = map.rect();
        screen.draw(&Rectangle::new(
            [(l as i32, t as i32), (r as i32, b as i32)],
            BLACK.stroke_width(1),
        ))?;
        let mut entries: Vec<(Key, String)> = Vec::new();
        for p in &self.paths {
            if let Some((color, width, label)) = p.legend_label() {
                entries.push((Key::Line { color, width }, label.to_string()));
            }
        }
        for m in &self.markers {
            if let Some(label) = &m.label {
                let key = Key::Marker {
                    shape: m.shape,
                    color: m.color,
                };
                entries.push((key, label.clone()));
            }
        }
        draw_legend(&screen, &map, self.legend, &entries)?;
        if let (Some((bar, title)), Some(strip)) = (bar, strip) {
            draw_colorbar(&screen, &strip, &map, &bar, &title)?;
        }
        Ok(())
    }
}
