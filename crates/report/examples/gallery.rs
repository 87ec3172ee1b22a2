//! Renders one figure of each kind into a directory, for looking at them:
//! `cargo run -p report --example gallery -- /tmp/gallery`.

use report::plotters::style::{BLACK, Color, RGBColor, WHITE};
use report::{
    Animation, Colormap, Contours, Figure, Grid, HeatMap, Levels, LinePlot, Map, Marker,
    MarkerShape, Path, Quiver, Scatter, Series, YScale, bundle,
};

fn wells(x: f64, y: f64) -> f64 {
    -(-((x - 1.0).powi(2) + y * y)).exp()
        - 0.5 * (-((x + 1.0).powi(2) + (y - 1.0).powi(2)) / 0.5).exp()
}

fn rosenbrock(x: f64, y: f64) -> f64 {
    (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2)
}

/// The largest eigenvalue of the Hessian of `wells` at (x, y), by differences.
fn lambda_max(x: f64, y: f64) -> f64 {
    let h = 1e-4;
    let fxx = (wells(x + h, y) - 2.0 * wells(x, y) + wells(x - h, y)) / (h * h);
    let fyy = (wells(x, y + h) - 2.0 * wells(x, y) + wells(x, y - h)) / (h * h);
    let fxy = (wells(x + h, y + h) - wells(x + h, y - h) - wells(x - h, y + h)
        + wells(x - h, y - h))
        / (4.0 * h * h);
    let (m, d) = ((fxx + fyy) / 2.0, ((fxx - fyy) / 2.0).hypot(fxy));
    m + d
}

/// Gradient descent on `wells` from `start`.
fn descend(start: (f64, f64), steps: usize) -> Vec<(f64, f64)> {
    let mut p = start;
    let mut out = vec![p];
    let h = 1e-6;
    for _ in 0..steps {
        let gx = (wells(p.0 + h, p.1) - wells(p.0 - h, p.1)) / (2.0 * h);
        let gy = (wells(p.0, p.1 + h) - wells(p.0, p.1 - h)) / (2.0 * h);
        p = (p.0 - 0.4 * gx, p.1 - 0.4 * gy);
        out.push(p);
    }
    out
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
            .color_by_fn(wells, Colormap::Viridis)
            .label("f"),
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
                .path(Path::new(points.clone()).numbered(true).label("GD")),
        )
        .panel(
            LinePlot::new()
                .title("loss")
                .labels("iteration", "f")
                .y_scale(YScale::Log)
                .series(Series::new(losses).label("GD")),
        )
        .save_png(dir.join("side-by-side.png"))?;

    // Rosenbrock with the documents' levels k⁵, and its zoom: equal axes, one title.
    let wide = Grid::sample((-5.0, 5.0), (-5.0, 5.0), 400, 400, rosenbrock)?;
    let powers: Vec<f64> = (0..10).map(|k| f64::from(k).powi(5)).collect();
    let zoom = Grid::sample((0.0, 2.0), (0.0, 2.0), 200, 200, rosenbrock)?;
    let zoom_levels: Vec<f64> = (0..10)
        .map(|k| {
            let t = 1.0 + 0.5 * f64::from(k) / 9.0;
            rosenbrock(t, t)
        })
        .collect();
    let minimum = || {
        Marker::new(MarkerShape::Cross, (1.0, 1.0))
            .color(RGBColor(200, 0, 0))
            .hollow(true)
            .size(14)
            .label("minimum (1, 1)")
    };
    Figure::new(1240, 560)?
        .title("Rosenbrock’s function (1 − x)² + 100(y − x²)²")
        .same_plot_size(true)
        .panel(
            Map::new((-5.0, 5.0), (-5.0, 5.0))?
                .title("levels k⁵, k = 0, …, 9")
                .equal_axes(true)
                .contours(Contours::new(&wide, Levels::Explicit(powers))?.colormap(Colormap::Jet))
                .colorbar_title("f")
                .marker(minimum()),
        )
        .panel(
            Map::new((0.0, 2.0), (0.0, 2.0))?
                .title("zoom on [0, 2]², levels f(k, k) for k in [1, 1.5]")
                .equal_axes(true)
                .contours(
                    Contours::new(&zoom, Levels::Explicit(zoom_levels))?.colormap(Colormap::Jet),
                )
                .colorbar_title("f")
                .marker(minimum()),
        )
        .save_png(dir.join("rosenbrock.png"))?;

    // Signs of the curvature: a two-slope diverging scale and a categorical map.
    let eig = Grid::sample((-3.0, 3.0), (-3.0, 3.0), 100, 100, |x, y| {
        let l = lambda_max(x, y);
        l.signum() * l.abs().ln_1p()
    })?;
    let classes = Grid::sample((-3.0, 3.0), (-3.0, 3.0), 100, 100, |x, y| {
        let h = 1e-4;
        let fxx = (wells(x + h, y) - 2.0 * wells(x, y) + wells(x - h, y)) / (h * h);
        let fyy = (wells(x, y + h) - 2.0 * wells(x, y) + wells(x, y - h)) / (h * h);
        let fxy = (wells(x + h, y + h) - wells(x + h, y - h) - wells(x - h, y + h)
            + wells(x - h, y - h))
            / (4.0 * h * h);
        let (m, d) = ((fxx + fyy) / 2.0, ((fxx - fyy) / 2.0).hypot(fxy));
        match (m - d > 0.0, m + d > 0.0) {
            (true, _) => 0.0,
            (false, true) => 1.0,
            (false, false) => 2.0,
        }
    })?;
    Figure::new(1240, 540)?
        .same_plot_size(true)
        .panel(
            Map::new((-3.0, 3.0), (-3.0, 3.0))?
                .title("sign(λ)·log(1 + |λ|) of λmax(∇²f)")
                .equal_axes(true)
                .heatmap(
                    HeatMap::new(eig.clone())
                        .colormap(Colormap::Diverging)
                        .center(0.0)
                        .label("λmax scale"),
                )
                .contours(
                    Contours::new(&eig, Levels::Explicit(vec![0.0]))?
                        .color(BLACK)
                        .width(1),
                )
                .marker(Marker::star((mx, my)).label("grid minimum")),
        )
        .panel(
            Map::new((-3.0, 3.0), (-3.0, 3.0))?
                .title("the Hessian at each grid point")
                .equal_axes(true)
                .heatmap(
                    HeatMap::categories(
                        classes,
                        ["positive definite", "indefinite", "negative definite"],
                    )
                    .category_colors(vec![
                        RGBColor(253, 219, 199),
                        RGBColor(230, 230, 230),
                        RGBColor(146, 197, 222),
                    ]),
                )
                .marker(Marker::star((mx, my))),
        )
        .save_png(dir.join("curvature.png"))?;

    // A hundred runs: starts and ends as points, faint trajectories, losses.
    let starts: Vec<(f64, f64)> = (0..100)
        .map(|k| {
            let a = f64::from(k) * 2.399_963;
            let r = 2.8 * (f64::from(k) + 0.5).sqrt() / 10.0;
            (r * a.cos(), r * a.sin())
        })
        .collect();
    let runs: Vec<Vec<(f64, f64)>> = starts.iter().map(|&s| descend(s, 300)).collect();
    let ends: Vec<(f64, f64)> = runs.iter().map(|r| r[r.len() - 1]).collect();
    let mut trajectories = Map::new((-3.0, 3.0), (-3.0, 3.0))?
        .title("100 runs of gradient descent")
        .equal_axes(true)
        .contours(
            Contours::new(&grid, Levels::Auto(8))?
                .color(RGBColor(190, 190, 190))
                .width(1),
        );
    for r in &runs {
        trajectories = trajectories.path(
            Path::new(r.clone())
                .color(RGBColor(214, 39, 40).mix(0.45))
                .width(1)
                .endpoints(false),
        );
    }
    let points = Map::new((-3.0, 3.0), (-3.0, 3.0))?
        .title("initial and final points")
        .equal_axes(true)
        .contours(
            Contours::new(&grid, Levels::Auto(8))?
                .color(RGBColor(190, 190, 190))
                .width(1),
        )
        .scatter(
            Scatter::new(starts.clone())
                .color(RGBColor(31, 119, 180))
                .label("initial"),
        )
        .scatter(
            Scatter::new(ends)
                .shape(MarkerShape::Circle)
                .hollow(true)
                .size(9)
                .color(RGBColor(214, 39, 40))
                .label("final"),
        );
    // The gap to each run's final value, which a log axis shows as a falling line.
    let curves: Vec<Vec<f64>> = runs
        .iter()
        .map(|r| {
            let end = r[r.len() - 1];
            let f_end = wells(end.0, end.1);
            r.iter().map(|&(x, y)| wells(x, y) - f_end + 1e-4).collect()
        })
        .collect();
    Figure::new(1500, 500)?
        .panel(trajectories)
        .panel(points)
        .panel(
            LinePlot::new()
                .title("f − f(final) per iteration, and the mean")
                .labels("iteration", "f − f(final) + 10⁻⁴")
                .y_scale(YScale::Log)
                .extend(bundle(&curves)),
        )
        .save_png(dir.join("runs.png"))?;

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

    let mut anim = Animation::new(640, 560, 8)?;
    let path = &runs[7];
    for k in 0..100 {
        let m = Map::new((-3.0, 3.0), (-3.0, 3.0))?
            .title(format!("iteration {}", 3 * k))
            .heatmap(HeatMap::new(grid.clone()).label("f"))
            .marker(
                Marker::new(MarkerShape::Circle, path[(3 * k).min(path.len() - 1)]).color(WHITE),
            );
        anim.push_figure(&Figure::new(640, 560)?.panel(m))?;
    }
    anim.save(dir.join("anim.gif"))?;
    let size = std::fs::metadata(dir.join("anim.gif"))?.len();
    println!("anim.gif: 100 frames of 640 × 560, {size} bytes");
    Ok(())
}
