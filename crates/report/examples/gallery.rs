//! Renders one figure of each kind into a directory, for looking at them:
//! `cargo run -p report --example gallery -- /tmp/gallery`.

use report::plotters::style::RGBColor;
use report::{
    Animation, Colormap, Contours, Figure, Grid, HeatMap, Levels, LinePlot, Map, Marker, Path,
    Quiver, Series, YScale, bundle,
};

fn wells(x: f64, y: f64) -> f64 {
    -(-((x - 1.0).powi(2) + y * y)).exp()
        - 0.5 * (-((x + 1.0).powi(2) + (y - 1.0).powi(2)) / 0.5).exp()
}

fn main() -> Result<(), report::Error> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "gallery".into()));
    std::fs::create_dir_all(&dir)?;

    let grid = Grid::sample((-3.0, 3.0), (-3.0, 3.0), 100, 100, wells)?;
    let (mx, my, _) = grid.argmin().expect("finite values");
    let map = Map::new((-3.0, 3.0), (-3.0, 3.0))?
        .title("two wells")
        .heatmap(HeatMap::new(grid.clone()).label("f(x, y)"))
        .contours(
            Contours::new(&grid, Levels::Auto(8))?
                .color(RGBColor(255, 255, 255))
                .width(1),
        )
        .path(
            Path::new(vec![(-2.5, 2.5), (-1.0, 1.5), (0.8, 0.1)])
                .numbered(true)
                .label("descent"),
        )
        .marker(Marker::star((mx, my)).label("grid minimum"));
    Figure::new(640, 560)?
        .panel(map)
        .save_png(dir.join("heatmap.png"))?;

    let banded = Map::new((-3.0, 3.0), (-3.0, 3.0))?
        .title("banded, diverging")
        .heatmap(
            HeatMap::new(grid.clone())
                .colormap(Colormap::Diverging)
                .levels(Levels::Auto(10)),
        );
    let quiver = Map::new((-3.0, 3.0), (-3.0, 3.0))?
        .title("gradient field")
        .quiver(
            Quiver::sample((-3.0, 3.0), (-3.0, 3.0), 15, 15, |x, y| {
                let h = 1e-6;
                [
                    (wells(x + h, y) - wells(x - h, y)) / (2.0 * h),
                    (wells(x, y + h) - wells(x, y - h)) / (2.0 * h),
                ]
            })?
            .color_by_fn(wells, Colormap::Viridis),
        );
    Figure::new(1100, 500)?
        .panel(banded)
        .panel(quiver)
        .save_png(dir.join("banded-quiver.png"))?;

    let f = |x: f64, y: f64| x * x + 10.0 * y * y;
    let mut p = (-1.0_f64, 1.0_f64);
    let mut points = vec![p];
    for _ in 0..60 {
        p = (p.0 - 0.09 * 2.0 * p.0, p.1 - 0.09 * 20.0 * p.1);
        points.push(p);
    }
    let losses: Vec<f64> = points.iter().map(|&(x, y)| f(x, y)).collect();
    let g = Grid::sample((-1.2, 1.2), (-1.2, 1.2), 100, 100, f)?;
    Figure::new(1100, 440)?
        .panel(
            Map::new((-1.2, 1.2), (-1.2, 1.2))?
                .title("trajectory")
                .contours(Contours::new(&g, Levels::Auto(10))?.colormap(Colormap::Jet))
                .path(Path::new(points).markers(true).label("GD")),
        )
        .panel(
            LinePlot::new()
                .title("loss")
                .labels("iteration", "f")
                .y_scale(YScale::Log)
                .series(Series::new(losses).label("GD")),
        )
        .save_png(dir.join("side-by-side.png"))?;

    let curves: Vec<Vec<f64>> = (1..=100)
        .map(|s| {
            (0..2000)
                .map(|k| f64::from(s) * 0.995f64.powi(k) + 1e-3 * f64::from(s))
                .collect()
        })
        .collect();
    let h = |x: f64| x * x;
    let xs: Vec<f64> = (0..10).map(|k| 0.8f64.powi(k)).collect();
    Figure::new(1100, 440)?
        .panel(
            LinePlot::new()
                .title("100 losses")
                .labels("iteration", "f")
                .y_scale(YScale::Log)
                .extend(bundle(&curves)),
        )
        .panel(
            LinePlot::new()
                .title("GD on x²")
                .labels("x", "f(x)")
                .series(Series::function(h, (-1.2, 1.2)))
                .series(Series::iterates(&xs, h)),
        )
        .save_png(dir.join("lines.png"))?;

    let mut anim = Animation::new(400, 360, 8)?;
    for k in 0..20 {
        let t = f64::from(k) / 19.0;
        let m = Map::new((-3.0, 3.0), (-3.0, 3.0))?
            .title(format!("frame {k}"))
            .heatmap(HeatMap::new(grid.clone()))
            .marker(
                Marker::new(report::MarkerShape::Circle, (-2.5 + 3.3 * t, 2.5 - 2.4 * t))
                    .color(RGBColor(255, 255, 255)),
            );
        anim.push_figure(&Figure::new(400, 360)?.panel(m))?;
    }
    anim.save(dir.join("anim.gif"))?;
    Ok(())
}
