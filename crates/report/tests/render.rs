//! Smoke tests: figures render to non-blank PNGs of the right size, and nothing is
//! drawn outside the plot area.

mod common;

use common::Image;
use report::plotters::style::RGBColor;
use report::{
    Colormap, Contours, Figure, Grid, HeatMap, Levels, LinePlot, Map, Marker, Path, Quiver, Series,
    YScale, bundle,
};

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("report-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// Width and height from a PNG's IHDR chunk.
fn png_size(bytes: &[u8]) -> (u32, u32) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
    assert_eq!(&bytes[12..16], b"IHDR");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    (be(&bytes[16..20]), be(&bytes[20..24]))
}

fn distinct_colors(rgb: &[u8]) -> usize {
    let mut set: Vec<[u8; 3]> = rgb.chunks_exact(3).map(|c| [c[0], c[1], c[2]]).collect();
    set.sort_unstable();
    set.dedup();
    set.len()
}

fn wells(x: f64, y: f64) -> f64 {
    -(-((x - 1.0).powi(2) + y * y)).exp()
        - 0.5 * (-((x + 1.0).powi(2) + (y - 1.0).powi(2)) / 0.5).exp()
}

fn landscape_map() -> Map {
    let grid = Grid::sample((-3.0, 3.0), (-3.0, 3.0), 60, 60, wells).unwrap();
    let (mx, my, _) = grid.argmin().unwrap();
    Map::new((-3.0, 3.0), (-3.0, 3.0))
        .unwrap()
        .title("two wells")
        .heatmap(HeatMap::new(grid.clone()).label("f"))
        .contours(
            Contours::new(&grid, Levels::Auto(8))
                .unwrap()
                .color(RGBColor(255, 255, 255))
                .width(1),
        )
        .quiver(Quiver::sample((-3.0, 3.0), (-3.0, 3.0), 9, 9, |x, y| [x, y]).unwrap())
        .path(
            Path::new(vec![(-2.5, 2.5), (-1.0, 1.5), (0.8, 0.1)])
                .numbered(true)
                .label("descent"),
        )
        .marker(Marker::star((mx, my)).label("grid minimum"))
}

#[test]
fn map_renders_a_non_blank_png_of_the_right_size() {
    let dir = temp_dir("map");
    let file = dir.join("map.png");
    Figure::new(420, 360)
        .unwrap()
        .panel(landscape_map())
        .save_png(&file)
        .unwrap();
    let bytes = std::fs::read(&file).unwrap();
    assert_eq!(png_size(&bytes), (420, 360));
    assert!(bytes.len() > 10_000, "{} bytes", bytes.len());

    let rgb = Figure::new(420, 360)
        .unwrap()
        .panel(landscape_map())
        .render()
        .unwrap();
    assert_eq!(rgb.len(), 420 * 360 * 3);
    // A heat map has many colours; a blank or nearly blank image has a handful.
    assert!(distinct_colors(&rgb) > 500, "{}", distinct_colors(&rgb));
    let white = rgb
        .chunks_exact(3)
        .filter(|c| c == &[255, 255, 255])
        .count();
    // The plot area (about 200 × 260 px here) is covered by the heat map.
    assert!(420 * 360 - white > 50_000, "{white} white pixels");
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn side_by_side_trajectory_and_semilog_loss() {
    let f = |x: f64, y: f64| x * x + 10.0 * y * y;
    let mut p = (-1.0_f64, 1.0_f64);
    let mut points = vec![p];
    for _ in 0..60 {
        p = (p.0 - 0.09 * 2.0 * p.0, p.1 - 0.09 * 20.0 * p.1);
        points.push(p);
    }
    let losses: Vec<f64> = points.iter().map(|&(x, y)| f(x, y)).collect();
    let grid = Grid::sample((-1.2, 1.2), (-1.2, 1.2), 50, 50, f).unwrap();
    let fig = Figure::new(800, 340)
        .unwrap()
        .panel(
            Map::new((-1.2, 1.2), (-1.2, 1.2))
                .unwrap()
                .contours(
                    Contours::new(&grid, Levels::Auto(10))
                        .unwrap()
                        .colormap(Colormap::Jet),
                )
                .path(Path::new(points)),
        )
        .panel(
            LinePlot::new()
                .y_scale(YScale::Log)
                .series(Series::new(losses)),
        );
    let rgb = fig.render().unwrap();
    // The loss panel (right half) has ink.
    let right_ink = rgb
        .chunks_exact(3)
        .enumerate()
        .filter(|(k, c)| k % 800 >= 400 && c != &[255, 255, 255])
        .count();
    assert!(right_ink > 2_000, "{right_ink}");
}

#[test]
fn lines_are_clipped_to_the_plot_area() {
    let red = RGBColor(255, 0, 0);
    // A path shooting far off to the right and below, and a loss curve far above its
    // fixed y range: neither may paint outside the plot rectangle.
    let map = Map::new((0.0, 1.0), (0.0, 1.0)).unwrap().path(
        Path::new(vec![(0.5, 0.5), (50.0, 0.5), (50.0, -40.0), (0.5, -40.0)])
            .color(red)
            .endpoints(false),
    );
    let plot = LinePlot::new()
        .y_range(0.0, 1.0)
        .series(Series::new(vec![0.5, 30.0, 0.5, -30.0]).color(red));
    for img in [Image::panel(300, 300, map), Image::panel(300, 300, plot)] {
        let is_red = |x: usize, y: usize| {
            let p = img.at(x, y);
            p[0] > 200 && p[1] < 80 && p[2] < 80
        };
        let red_pixels: Vec<(usize, usize)> = (0..300)
            .flat_map(|y| (0..300).map(move |x| (x, y)))
            .filter(|&(x, y)| is_red(x, y))
            .collect();
        assert!(!red_pixels.is_empty(), "the line must show inside");
        // Every red pixel lies inside the plot frame (on it at most).
        let (l, t, r, b) = img.frame();
        for &(x, y) in &red_pixels {
            assert!(
                (l..=r).contains(&x) && (t..=b).contains(&y),
                "red at ({x}, {y}) outside the frame {:?}",
                (l, t, r, b)
            );
        }
    }
}

#[test]
fn loss_bundle_with_log_axis_and_iterates_curve() {
    let curves: Vec<Vec<f64>> = (1..=30)
        .map(|s| {
            (0..500)
                .map(|k| f64::from(s) * 0.99f64.powi(k) + 1e-3)
                .collect()
        })
        .collect();
    let dir = temp_dir("lines");
    let f = |x: f64| x * x;
    let xs: Vec<f64> = (0..10).map(|k| 0.8f64.powi(k)).collect();
    let fig = Figure::new(900, 360)
        .unwrap()
        .panel(LinePlot::new().y_scale(YScale::Log).extend(bundle(&curves)))
        .panel(
            LinePlot::new()
                .series(Series::function(f, (-1.2, 1.2)))
                .series(Series::iterates(&xs, f)),
        );
    let file = dir.join("lines.png");
    fig.save_png(&file).unwrap();
    assert_eq!(png_size(&std::fs::read(&file).unwrap()), (900, 360));
    std::fs::remove_dir_all(dir).ok();
}

#[test]
fn invalid_input_is_an_error_naming_the_parameter() {
    let err = Figure::new(0, 10).err().unwrap().to_string();
    assert!(err.contains("width"), "{err}");
    let err = Map::new((1.0, 0.0), (0.0, 1.0)).err().unwrap().to_string();
    assert!(err.contains('x'), "{err}");
    let err = Grid::sample((0.0, 1.0), (0.0, f64::NAN), 5, 5, |_, _| 0.0)
        .err()
        .unwrap()
        .to_string();
    assert!(err.contains("y"), "{err}");
    assert!(Grid::sample((0.0, 1.0), (0.0, 1.0), 1, 5, |_, _| 0.0).is_err());
    assert!(Series::xy(vec![1.0], vec![]).is_err());
    let log_below_zero = LinePlot::new().y_scale(YScale::Log).y_range(-1.0, 1.0);
    let err = Figure::new(200, 200)
        .unwrap()
        .panel(log_below_zero)
        .render()
        .err()
        .unwrap();
    assert!(err.to_string().contains("y_range"), "{err}");
}

#[test]
fn paths_come_from_traces_with_their_iteration_numbers() {
    use optim_core::{Evals, Trace};
    let mut trace = Trace::new(3);
    for (k, x) in [[1.0, 2.0, 9.0], [0.5, 1.0, 9.0], [0.25, 0.5, 9.0]]
        .iter()
        .enumerate()
    {
        trace.push(10 * k, Some(x), 0.0, 0.0, Evals::default());
    }
    let path = Path::from_trace(&trace).unwrap();
    assert_eq!(path.len(), 3);
    let map = Map::new((0.0, 1.5), (0.0, 2.5))
        .unwrap()
        .path(path.numbered(true));
    let rgb = Figure::new(300, 300).unwrap().panel(map).render().unwrap();
    assert!(
        rgb.chunks_exact(3)
            .any(|c| c[0] > 180 && c[1] < 80 && c[2] < 80)
    );
    let flat = Trace::new(1);
    let err = Path::from_trace(&flat).unwrap_err().to_string();
    assert!(err.contains("trace dimension"), "{err}");
    // A trace of values only (a run's default) has no path to draw.
    let mut values = Trace::new(2);
    values.push(0, None, 1.0, 1.0, Evals::default());
    let err = Path::from_trace(&values).unwrap_err().to_string();
    assert!(err.contains("Record::All"), "{err}");
}
