//! Axes, ticks and titles (drawn by plotters), returning the [`PixelMap`] of the plot
//! area so that content can be clipped and drawn by this crate.

use plotters::coord::Shift;
use plotters::prelude::*;

use crate::Error;
use crate::figure::Area;
use crate::pixels::PixelMap;
use crate::style::{AXIS_DESC_SIZE, TICK_SIZE, TITLE_SIZE, fmt_tick, text};

/// What the axes of one panel show.
pub(crate) struct Axes<'a> {
    pub title: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub x: (f64, f64),
    pub y: (f64, f64),
    pub log_y: bool,
    /// Light grid lines (off under heat maps).
    pub grid: bool,
}

/// Draws the caption, axes, ticks and (optionally) grid lines of `axes` on `area`.
pub(crate) fn draw_axes(area: &Area<'_>, axes: &Axes<'_>) -> Result<PixelMap, Error> {
    let mut builder = ChartBuilder::on(area);
    builder
        .margin(12)
        .margin_right(18)
        .x_label_area_size(if axes.x_label.is_empty() { 30 } else { 48 })
        .y_label_area_size(if axes.y_label.is_empty() { 52 } else { 70 });
    if !axes.title.is_empty() {
        builder.caption(axes.title, text(TITLE_SIZE, BLACK));
    }
    let (x, y) = (axes.x, axes.y);
    let fmt = |v: &f64| fmt_tick(*v);
    if axes.log_y {
        let mut chart = builder.build_cartesian_2d(x.0..x.1, (y.0..y.1).log_scale())?;
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, axes, &fmt);
        mesh.draw()?;
        pixel_map(&chart.plotting_area().strip_coord_spec(), axes)
    } else {
        let mut chart = builder.build_cartesian_2d(x.0..x.1, y.0..y.1)?;
        let mut mesh = chart.configure_mesh();
        style_mesh(&mut mesh, axes, &fmt);
        mesh.draw()?;
        pixel_map(&chart.plotting_area().strip_coord_spec(), axes)
    }
}

fn style_mesh<'a, 'b, X, Y, DB>(
    mesh: &mut plotters::chart::MeshStyle<'a, 'b, X, Y, DB>,
    axes: &Axes<'_>,
    fmt: &'b dyn Fn(&f64) -> String,
) where
    X: plotters::coord::ranged1d::Ranged<ValueType = f64>
        + plotters::coord::ranged1d::ValueFormatter<f64>,
    Y: plotters::coord::ranged1d::Ranged<ValueType = f64>
        + plotters::coord::ranged1d::ValueFormatter<f64>,
    DB: DrawingBackend,
{
    mesh.x_desc(axes.x_label)
        .y_desc(axes.y_label)
        .x_label_formatter(fmt)
        .y_label_formatter(fmt)
        .x_labels(8)
        .y_labels(8)
        .label_style(text(TICK_SIZE, BLACK))
        .axis_desc_style(text(AXIS_DESC_SIZE, BLACK))
        .bold_line_style(RGBColor(225, 225, 225))
        .light_line_style(TRANSPARENT);
    if !axes.grid {
        mesh.disable_mesh();
    }
}

/// The plot area spans its pixel range; data corners sit on its outermost pixels.
fn pixel_map(
    plot: &DrawingArea<BitMapBackend<'_>, Shift>,
    axes: &Axes<'_>,
) -> Result<PixelMap, Error> {
    let (xr, yr) = plot.get_pixel_range();
    Ok(PixelMap::new(
        axes.x,
        axes.y,
        axes.log_y,
        (f64::from(xr.start), f64::from(xr.end - 1)),
        (f64::from(yr.end - 1), f64::from(yr.start)),
    ))
}
