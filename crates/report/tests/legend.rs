//! The automatic legend covers no drawn data pixel, and leaves the plot when every
//! spot inside would cover some.

mod common;

use common::Image;
use report::plotters::style::{Color, RGBColor};
use report::{
    Colormap, Contours, Grid, LegendPosition, Levels, LinePlot, Map, Marker, Path, Quiver, bundle,
};

/// Pixels that differ between two renders of one layout.
fn changed(a: &Image, b: &Image) -> Vec<(usize, usize)> {
    (0..a.h)
        .flat_map(|y| (0..a.w).map(move |x| (x, y)))
        .filter(|&(x, y)| a.at(x, y) != b.at(x, y))
        .collect()
}

/// Data pixels: inside the plot frame, neither white nor the light grey of grid lines.
fn is_data(img: &Image, (x, y): (usize, usize)) -> bool {
    let (l, t, r, b) = img.frame();
    let p = img.at(x, y);
    x > l && x < r && y > t && y < b && p != [255, 255, 255] && p != [225, 225, 225]
}

/// Contours of a bowl centred at the upper right, so that the upper corners hold
/// lines and the lower left is empty, with a labelled path and marker.
fn crowded_map(legend: LegendPosition) -> Map {
    let f = |x: f64, y: f64| (x - 0.8).powi(2) + (y - 0.8).powi(2);
    let grid = Grid::sample((-1.0, 1.0), (-1.0, 1.0), 80, 80, f).unwrap();
    Map::new((-1.0, 1.0), (-1.0, 1.0))
        .unwrap()
        .contours(
            Contours::new(&grid, Levels::Explicit(vec![0.05, 0.2, 0.5, 0.9, 1.4]))
                .unwrap()
                .colormap(Colormap::Viridis),
        )
        .path(Path::new(vec![(0.9, -0.2), (0.85, 0.3), (0.8, 0.8)]).label("a descent"))
        .marker(Marker::star((0.8, 0.8)).label("minimum"))
        .legend(legend)
}

#[test]
fn the_automatic_legend_covers_no_data_pixel_of_a_map() {
    let bare = Image::panel(460, 420, crowded_map(LegendPosition::None));
    let auto = Image::panel(460, 420, crowded_map(LegendPosition::Auto));
    let legend = changed(&bare, &auto);
    assert!(
        legend.len() > 500,
        "a legend was drawn: {} pixels",
        legend.len()
    );
    let covered: Vec<_> = legend.iter().filter(|&&p| is_data(&bare, p)).collect();
    assert!(
        covered.is_empty(),
        "{} data pixels covered, e.g. {:?}",
        covered.len(),
        covered[0]
    );
    // The fixed upper-right corner does cover data here: the test can tell.
    let fixed = Image::panel(460, 420, crowded_map(LegendPosition::UpperRight));
    let covered = changed(&bare, &fixed)
        .into_iter()
        .filter(|&p| is_data(&bare, p))
        .count();
    assert!(covered > 20, "{covered}");
}

#[test]
fn the_automatic_legend_covers_no_data_pixel_of_a_line_plot() {
    // 30 falling curves fill the upper left and lower right.
    let curves: Vec<Vec<f64>> = (1..=30)
        .map(|s| (0..200).map(|k| f64::from(s) * 0.98f64.powi(k)).collect())
        .collect();
    let plot = |legend| LinePlot::new().extend(bundle(&curves)).legend(legend);
    let bare = Image::panel(480, 360, plot(LegendPosition::None));
    let auto = Image::panel(480, 360, plot(LegendPosition::Auto));
    let legend = changed(&bare, &auto);
    assert!(legend.len() > 300);
    assert!(legend.iter().all(|&p| !is_data(&bare, p)));
}

#[test]
fn with_no_free_spot_inside_the_legend_goes_below_the_plot() {
    // Arrows everywhere: every spot inside holds data.
    let map = |legend| {
        Map::new((-1.0, 1.0), (-1.0, 1.0))
            .unwrap()
            .quiver(Quiver::sample((-1.0, 1.0), (-1.0, 1.0), 30, 30, |x, y| [y, -x]).unwrap())
            .path(
                Path::new(vec![(-0.5, -0.5), (0.5, 0.5)])
                    .color(RGBColor(214, 39, 40).mix(0.9))
                    .label("path"),
            )
            .legend(legend)
    };
    let auto = Image::panel(420, 420, map(LegendPosition::Auto));
    let below = Image::panel(420, 420, map(LegendPosition::Below));
    assert!(auto.rgb == below.rgb);
    // Below the frame: the legend's key and text sit under the x-axis labels.
    let (_, _, _, b) = auto.frame();
    let ink_below = (b + 40..auto.h)
        .flat_map(|y| (0..auto.w).map(move |x| (x, y)))
        .filter(|&(x, y)| auto.at(x, y) != [255, 255, 255])
        .count();
    assert!(ink_below > 100, "{ink_below}");
    let inside_none = Image::panel(420, 420, map(LegendPosition::None));
    assert!(
        inside_none.frame().3 > b,
        "the plot made room for the legend"
    );
}
