//! Layout: equal axes give square plots of square domains, panels can share one plot
//! size, titles fit, and tick labels are large enough to read.

mod common;

use common::Image;
use report::{
    Colormap, Contours, Figure, Grid, HeatMap, Levels, LinePlot, Map, Marker, MarkerShape, Series,
};

fn bowl(x: f64, y: f64) -> f64 {
    x * x + 3.0 * y * y
}

#[test]
fn equal_axes_make_a_square_domain_a_square_plot() {
    let grid = Grid::sample((-2.0, 2.0), (-2.0, 2.0), 60, 60, bowl).unwrap();
    // A wide panel (the plot is narrowed) and a tall one (it is shortened).
    for (w, h) in [(700, 420), (420, 640)] {
        let map = Map::new((-2.0, 2.0), (-2.0, 2.0))
            .unwrap()
            .equal_axes(true)
            .contours(
                Contours::new(&grid, Levels::Auto(8))
                    .unwrap()
                    .colormap(Colormap::Jet),
            );
        let (l, t, r, b) = Image::panel(w, h, map).frame();
        assert_eq!(r - l, b - t, "{w}×{h}: plot {}×{}", r - l + 1, b - t + 1);
    }
    // A 2:1 domain gets a 2:1 plot.
    let map = Map::new((0.0, 4.0), (0.0, 2.0)).unwrap().equal_axes(true);
    let (l, t, r, b) = Image::panel(600, 600, map).frame();
    let ratio = (r - l) as f64 / (b - t) as f64;
    assert!((ratio - 2.0).abs() < 0.01, "{ratio}");
}

#[test]
fn maps_of_one_domain_side_by_side_get_plots_of_one_size() {
    let grid = Grid::sample((-2.0, 2.0), (-2.0, 2.0), 60, 60, bowl).unwrap();
    // Different tick labels, one colour bar, one legend below: plots would differ.
    let left = Map::new((-2.0, 2.0), (-2.0, 2.0))
        .unwrap()
        .equal_axes(true)
        .title("with a colour bar")
        .heatmap(HeatMap::new(grid.clone()).label("f"))
        .marker(Marker::new(MarkerShape::Cross, (0.0, 0.0)).label("minimum"));
    let right = Map::new((-2.0, 2.0), (-2.0, 2.0))
        .unwrap()
        .equal_axes(true)
        .title("contours only")
        .labels("", "")
        .contours(
            Contours::new(&grid, Levels::Auto(6))
                .unwrap()
                .color(report::plotters::style::BLACK),
        );
    let figure = |same| {
        Figure::new(1100, 480)
            .unwrap()
            .same_plot_size(same)
            .panel(left.clone())
            .panel(right.clone())
    };
    let size = |f: (usize, usize, usize, usize)| (f.2 - f.0, f.3 - f.1);
    let frames = Image::of(&figure(false)).frames();
    assert_eq!(frames.len(), 2);
    assert_ne!(
        size(frames[0]),
        size(frames[1]),
        "the test needs plots that differ"
    );
    let frames = Image::of(&figure(true)).frames();
    assert_eq!(frames.len(), 2);
    assert_eq!(size(frames[0]), size(frames[1]));
    let (w, h) = size(frames[0]);
    assert_eq!(w, h);
}

#[test]
fn titles_fit_their_figure_and_panels() {
    let long =
        "a title far too long for its panel, which must be shrunk and then wrapped onto lines";
    let figure = Figure::new(700, 360)
        .unwrap()
        .title(format!("figure: {long}"))
        .panel(
            LinePlot::new()
                .title(long)
                .series(Series::new(vec![1.0, 2.0])),
        )
        .panel(
            LinePlot::new()
                .title("short")
                .series(Series::new(vec![2.0, 1.0])),
        );
    let img = Image::of(&figure);
    let frames = img.frames();
    assert_eq!(frames.len(), 2);
    let top = frames[0].1.min(frames[1].1);
    // Title ink spans most of the width but never reaches the image's edges, and
    // the left panel's title stays left of the right panel.
    let ink = |x: usize, y: usize| img.darkness(x, y) > 0.3;
    let cols: Vec<usize> = (0..img.w)
        .filter(|&x| (0..top).any(|y| ink(x, y)))
        .collect();
    assert!(
        cols[0] >= 2 && *cols.last().unwrap() <= img.w - 3,
        "{:?}",
        (cols[0], cols.last())
    );
    assert!(cols.len() > img.w / 2);
    // Both panels have plots of reasonable height under their titles.
    for f in frames {
        assert!(f.3 - f.1 > 150, "{f:?}");
    }
}

#[test]
fn tick_labels_have_digits_ten_pixels_tall() {
    let plot = LinePlot::new().series(Series::new(vec![0.0, 8.0, 4.0]));
    let img = Image::panel(400, 300, plot);
    let (l, _, r, b) = img.frame();
    // The x tick labels: the rows under the ticks that hold dark ink.
    let rows: Vec<usize> = (b + 6..img.h)
        .filter(|&y| (l..=r).any(|x| img.darkness(x, y) > 0.5))
        .collect();
    let height = rows.last().unwrap() - rows[0] + 1;
    assert!((10..=12).contains(&height), "digits {height} px tall");
}
