//! [`Map`]: a 2-D panel over a rectangle of the plane — heat map, contour lines,
//! gradient field, trajectories, points and markers, with colour bars and a legend.

use plotters::prelude::*;

use crate::area::Area;
use crate::axes::{Axes, Frame, Reserve, plan};
use crate::colorbar::{ColorBar, draw_colorbar};
use crate::error::check_range;
use crate::faint::{draw_faint, group_key};
use crate::figure::Panel;
use crate::format::NumberFormat;
use crate::ink::Ink;
use crate::labels::Placer;
use crate::legend::{
    Key, LegendPosition, Placement, RIGHT_GAP, below_height, box_size, draw_below, draw_box, place,
};
use crate::stroke::stroke;
use crate::{Contours, Error, HeatMap, Marker, Path, Quiver, Scatter};

/// A panel showing the plane over `x × y`, drawn in layers from the bottom up: heat
/// map, contour lines, quiver, paths, points, markers, legend.
///
/// Every colour encoding gets a colour bar at the right: the heat map, each contour
/// layer coloured by a colormap (listing only the levels that draw a line), and a
/// quiver coloured by a function. A categorical heat map lists its classes in the
/// legend instead. The legend goes where it covers no data
/// ([`LegendPosition::Auto`]). With [`equal_axes`](Map::equal_axes), a unit spans as
/// many pixels along x as along y, so a square domain gets a square plot, and two
/// maps of one domain in panels of one size get plots of one size.
///
/// ```
/// use report::{Colormap, Contours, Figure, Grid, Levels, Map, Marker, Path};
/// let f = |x: f64, y: f64| x * x + 10.0 * y * y;
/// let grid = Grid::sample((-2.0, 2.0), (-2.0, 2.0), 60, 60, f)?;
/// let map = Map::new((-2.0, 2.0), (-2.0, 2.0))?
///     .title("x² + 10y²")
///     .equal_axes(true)
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
    scatters: Vec<Scatter>,
    markers: Vec<Marker>,
    colorbar: bool,
    colorbar_title: String,
    legend: LegendPosition,
    equal: bool,
    y_down: bool,
    formats: (NumberFormat, NumberFormat),
}

/// Narrowest plot a colour-bar strip may leave.
const MIN_PLOT: f64 = 160.0;

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
            scatters: Vec::new(),
            markers: Vec::new(),
            colorbar: true,
            colorbar_title: String::new(),
            legend: LegendPosition::Auto,
            equal: false,
            y_down: false,
            formats: (NumberFormat::Auto, NumberFormat::Auto),
        })
    }

    /// The title above the panel (shrunk, then wrapped, to fit its width).
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

    /// Points without a line (several sets may be added), drawn over the paths.
    pub fn scatter(mut self, points: Scatter) -> Self {
        self.scatters.push(points);
        self
    }

    /// A marker (several may be added).
    pub fn marker(mut self, marker: Marker) -> Self {
        self.markers.push(marker);
        self
    }

    /// Whether to draw the colour bars (default on, for every colour encoding; they
    /// are left out when the panel is too narrow to keep a 160 px plot beside them).
    pub fn colorbar(mut self, on: bool) -> Self {
        self.colorbar = on;
        self
    }

    /// The title of the first colour bar (default: the heat map's label, else the
    /// contour layer's or the quiver's).
    pub fn colorbar_title(mut self, title: impl Into<String>) -> Self {
        self.colorbar_title = title.into();
        self
    }

    /// Where the legend goes (default [`LegendPosition::Auto`]: where it covers no
    /// data); it lists labelled paths, points and markers, and the classes of a
    /// categorical heat map.
    pub fn legend(mut self, position: LegendPosition) -> Self {
        self.legend = position;
        self
    }

    /// Puts the y range's start at the top, so that y grows downwards as a matrix's
    /// row index does (default off: upwards). Everything drawn follows, ticks and
    /// heat map included.
    pub fn y_downwards(mut self, on: bool) -> Self {
        self.y_down = on;
        self
    }

    /// One unit spans as many pixels along x as along y (default off): the plot is
    /// shortened or narrowed, and centred, to the domain's aspect ratio.
    pub fn equal_axes(mut self, on: bool) -> Self {
        self.equal = on;
        self
    }

    /// How the tick labels of the x and y axes are written (default
    /// [`NumberFormat::Auto`] for both: one format per axis, from its ticks).
    pub fn tick_formats(mut self, x: NumberFormat, y: NumberFormat) -> Self {
        self.formats = (x, y);
        self
    }

    /// The colour bars, with titles; with `drawn`, a contour bar lists only the
    /// levels that drew a line.
    fn bars(&self, drawn: Option<&[Vec<bool>]>) -> Vec<(ColorBar, String)> {
        if !self.colorbar {
            return Vec::new();
        }
        let mut bars = Vec::new();
        if let Some(bar) = self.heat.as_ref().and_then(HeatMap::colorbar) {
            bars.push((
                bar,
                self.heat
                    .as_ref()
                    .map_or(String::new(), |h| h.label.clone()),
            ));
        }
        let over_heat = self.heat.is_some();
        for (i, c) in self.contours.iter().enumerate() {
            if c.colormap.is_none() {
                continue;
            }
            let colors = c.drawn_colors(over_heat);
            let keep = |k: usize| drawn.is_none_or(|d| d[i].get(k).copied().unwrap_or(false));
            let (colors, levels): (Vec<RGBColor>, Vec<f64>) = colors
                .iter()
                .zip(&c.levels)
                .enumerate()
                .filter(|(k, _)| keep(*k))
                .map(|(_, (c, l))| (*c, *l))
                .unzip();
            if levels.is_empty() {
                continue;
            }
            let bar = ColorBar::Lines {
                colors,
                levels,
                format: c.format,
            };
            bars.push((bar, c.label.clone()));
        }
        if let Some(bar) = self.quiver.as_ref().and_then(Quiver::colorbar) {
            bars.push(bar);
        }
        if let (Some(first), false) = (bars.first_mut(), self.colorbar_title.is_empty()) {
            first.1 = self.colorbar_title.clone();
        }
        bars
    }

    fn entries(&self) -> Vec<(Key, String)> {
        let mut entries: Vec<(Key, String)> = Vec::new();
        if let Some(h) = &self.heat {
            for (color, name) in h.class_entries() {
                entries.push((Key::Swatch(color), name));
            }
        }
        for p in &self.paths {
            if let Some((color, width, label)) = p.legend_label() {
                entries.push((Key::Line { color, width }, label.to_string()));
            }
        }
        for s in &self.scatters {
            if let Some((symbol, label)) = s.legend_entry() {
                entries.push((Key::Marker(symbol), label.to_string()));
            }
        }
        for m in &self.markers {
            if let Some(label) = &m.label {
                entries.push((Key::Marker(m.symbol()), label.clone()));
            }
        }
        entries
    }

    /// Draws every layer; returns, per contour layer, which levels drew a line.
    fn draw_content(
        &self,
        screen: &Area<'_>,
        frame: &Frame,
        with_heat: bool,
    ) -> Result<Vec<Vec<bool>>, Error> {
        let map = &frame.map;
        if let (Some(h), true) = (&self.heat, with_heat) {
            h.draw(screen, map)?;
        }
        let over_heat = self.heat.is_some();
        let mut drawn = Vec::with_capacity(self.contours.len());
        for c in &self.contours {
            let colors = c.drawn_colors(over_heat);
            let mut layer = Vec::with_capacity(c.lines.len());
            for (k, (line, color)) in c.lines.iter().zip(&colors).enumerate() {
                let runs: Vec<Vec<(i32, i32)>> = line
                    .polylines
                    .iter()
                    .flat_map(|poly| map.polylines(poly.iter().copied()))
                    .collect();
                if c.outlined(k) {
                    for run in &runs {
                        stroke(screen, run, RGBColor(70, 70, 70).to_rgba(), c.width + 2)?;
                    }
                }
                for run in &runs {
                    stroke(screen, run, color.to_rgba(), c.width)?;
                }
                layer.push(!runs.is_empty());
            }
            drawn.push(layer);
        }
        if let Some(q) = &self.quiver {
            q.draw(screen, map)?;
        }
        // Translucent paths of one colour and width are one layer (see `faint.rs`),
        // drawn where the first of them comes.
        let mut done = vec![false; self.paths.len()];
        for i in 0..self.paths.len() {
            if done[i] {
                continue;
            }
            let (color, width) = self.paths[i].line_style();
            match group_key(color, width) {
                None => self.paths[i].draw_line(screen, map)?,
                Some(key) => {
                    let mut lines = Vec::new();
                    for j in i..self.paths.len() {
                        let (c, w) = self.paths[j].line_style();
                        if group_key(c, w) == Some(key) {
                            lines.push(self.paths[j].runs(map));
                            done[j] = true;
                        }
                    }
                    draw_faint(screen, frame.rect(), &lines, color, width)?;
                }
            }
        }
        let mut placer = Placer::new(map.rect());
        for m in &self.markers {
            if let Some(c) = m.centre(map) {
                let r = f64::from(m.size) / 2.0;
                placer.obstacle((f64::from(c.0) + 0.5, f64::from(c.1) + 0.5), r);
            }
        }
        for p in &self.paths {
            p.draw_marks(screen, map, &mut placer)?;
        }
        for s in &self.scatters {
            s.draw(screen, map, &mut placer)?;
        }
        for m in &self.markers {
            m.draw(screen, map)?;
        }
        for m in &self.markers {
            m.annotate(screen, map, &mut placer)?;
        }
        Ok(drawn)
    }
}

/// Where everything of a map goes, before anything is drawn.
struct Layout {
    frame: Frame,
    placement: Placement,
    entries: Vec<(Key, String)>,
    show_bars: bool,
    /// The columns a legend below may span.
    band: (f64, f64),
    legend_w: f64,
}

impl Map {
    fn axes(&self, max_plot: Option<(u32, u32)>) -> Axes<'_> {
        Axes {
            title: &self.title,
            x_label: &self.x_label,
            y_label: &self.y_label,
            x: self.x,
            y: self.y,
            log_y: false,
            y_down: self.y_down,
            grid: self.heat.is_none(),
            equal: self.equal,
            x_format: self.formats.0,
            y_format: self.formats.1,
            max_plot,
        }
    }

    fn layout(&self, area: &Area<'_>, max_plot: Option<(u32, u32)>) -> Result<Layout, Error> {
        let (width, _) = area.dim_in_pixel();
        let provisional = self.bars(None);
        let strip: f64 = provisional.iter().map(|(b, t)| b.width(t)).sum();
        let show_bars = !provisional.is_empty() && f64::from(width) >= strip + MIN_PLOT + 80.0;
        let axes = self.axes(max_plot);
        let mut reserve = Reserve {
            right: if show_bars { strip } else { 0.0 },
            below: 0.0,
        };
        let mut frame = plan(area, &axes, reserve)?;
        let entries = self.entries();
        let placement = if entries.is_empty() {
            Placement::Hidden
        } else {
            let size = box_size(&entries);
            let ink = match (self.legend, &self.heat) {
                (LegendPosition::Auto, Some(_)) => Some(Ink::full(frame.rect())),
                (LegendPosition::Auto, None) => {
                    let (ax, ay) = area.get_base_pixel();
                    let (w, h) = area.dim_in_pixel();
                    let extent = ((ax + w as i32).max(1) as u32, (ay + h as i32).max(1) as u32);
                    Some(Ink::of(extent, frame.rect(), |scratch| {
                        self.draw_content(scratch, &frame, false).map(|_| ())
                    })?)
                }
                _ => None,
            };
            place(self.legend, frame.rect(), size, ink.as_ref())
        };
        let (ax, _) = area.get_base_pixel();
        let band = (f64::from(ax) + 6.0, f64::from(ax) + f64::from(width) - 6.0);
        let legend_w = f64::from(box_size(&entries).0 + RIGHT_GAP);
        // Outside, the legend goes right when equal axes left room (the plot keeps its
        // size), else below.
        let placement = match placement {
            Placement::Below
                if self.legend == LegendPosition::Auto && frame.spare_width() >= legend_w =>
            {
                Placement::Right
            }
            p => p,
        };
        match placement {
            Placement::Below => {
                reserve.below = below_height(&entries, band.1 - band.0);
                frame = plan(area, &axes, reserve)?;
            }
            Placement::Right => {
                reserve.right += legend_w;
                frame = plan(area, &axes, reserve)?;
            }
            _ => {}
        }
        Ok(Layout {
            frame,
            placement,
            entries,
            show_bars,
            band,
            legend_w,
        })
    }

    fn paint(&self, area: &Area<'_>, layout: &Layout, axes: &Axes<'_>) -> Result<(), Error> {
        let Layout {
            frame,
            placement,
            entries,
            show_bars,
            band,
            legend_w,
        } = layout;
        let screen = area.use_screen_coord();
        frame.draw_under(&screen)?;
        let drawn = self.draw_content(&screen, frame, true)?;
        frame.draw_over(&screen, axes)?;
        match *placement {
            Placement::Inside(x, y) => draw_box(&screen, (x, y), entries)?,
            Placement::Below => draw_below(&screen, *band, frame.band_below().0, entries)?,
            Placement::Right => {
                let (_, right) = frame.strip();
                let x = (right - legend_w).round() as i32 + RIGHT_GAP;
                draw_box(&screen, (x, frame.rect().1), entries)?;
            }
            Placement::Hidden => {}
        }
        if *show_bars {
            let (_, t, _, b) = frame.rect();
            let mut x0 = frame.strip().0;
            // Bars may have lost levels that drew nothing: they can only be narrower.
            for (bar, title) in &self.bars(Some(&drawn)) {
                let w = bar.width(title);
                draw_colorbar(&screen, x0, w, (t, b), bar, title)?;
                x0 += w;
            }
        }
        Ok(())
    }
}

impl Panel for Map {
    fn draw(&self, area: &Area<'_>) -> Result<(), Error> {
        let layout = self.layout(area, None)?;
        self.paint(area, &layout, &self.axes(None))
    }

    fn plot_size(&self, area: &Area<'_>) -> Result<Option<(u32, u32)>, Error> {
        let (l, t, r, b) = self.layout(area, None)?.frame.rect();
        Ok(Some(((r - l + 1) as u32, (b - t + 1) as u32)))
    }

    fn draw_fitted(&self, area: &Area<'_>, max_plot: (u32, u32)) -> Result<(), Error> {
        let layout = self.layout(area, Some(max_plot))?;
        self.paint(area, &layout, &self.axes(Some(max_plot)))
    }
}
