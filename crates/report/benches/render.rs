//! Rendering speed: a heat-map figure, a contour figure (and one with a labelled path
//! and an automatic legend), a 100 000-point semilog curve, and GIF encoding of an
//! animation over a heat map.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use report::plotters::style::WHITE;
use report::{
    Animation, Colormap, Contours, Figure, Grid, HeatMap, Levels, LinePlot, Map, Marker,
    MarkerShape, Path, Series, YScale,
};

fn wells(x: f64, y: f64) -> f64 {
    -(-((x - 1.0).powi(2) + y * y)).exp()
        - 0.5 * (-((x + 1.0).powi(2) + (y - 1.0).powi(2)) / 0.5).exp()
}

fn heat_figure(grid: &Grid, marker: (f64, f64)) -> Figure {
    let map = Map::new((-3.0, 3.0), (-3.0, 3.0))
        .unwrap()
        .heatmap(HeatMap::new(grid.clone()))
        .marker(Marker::new(MarkerShape::Circle, marker).color(WHITE));
    Figure::new(640, 560).unwrap().panel(map)
}

fn bench(c: &mut Criterion) {
    let grid = Grid::sample((-3.0, 3.0), (-3.0, 3.0), 100, 100, wells).unwrap();
    c.bench_function("heatmap 640x560 (100x100 grid)", |b| {
        b.iter(|| black_box(heat_figure(&grid, (0.0, 0.0)).render().unwrap()))
    });

    let rosen = |x: f64, y: f64| (1.0 - x).powi(2) + 100.0 * (y - x * x).powi(2);
    let levels = Levels::Explicit((0..10).map(|k| f64::from(k).powi(5)).collect());
    c.bench_function("rosenbrock contours 620x540 (sample + march + draw)", |b| {
        b.iter(|| {
            let g = Grid::sample((-5.0, 5.0), (-5.0, 5.0), 100, 100, rosen).unwrap();
            let map = Map::new((-5.0, 5.0), (-5.0, 5.0)).unwrap().contours(
                Contours::new(&g, levels.clone())
                    .unwrap()
                    .colormap(Colormap::Jet),
            );
            black_box(Figure::new(620, 540).unwrap().panel(map).render().unwrap())
        })
    });

    // The automatic legend draws the content a second time, into a scratch bitmap,
    // to find where the data are.
    let path: Vec<(f64, f64)> = (0..200)
        .map(|k| {
            let t = f64::from(k) / 199.0;
            (-4.0 + 5.0 * t, 4.0 - 3.0 * t)
        })
        .collect();
    let g = Grid::sample((-5.0, 5.0), (-5.0, 5.0), 100, 100, rosen).unwrap();
    c.bench_function(
        "rosenbrock contours + labelled path, auto legend 620x540",
        |b| {
            b.iter(|| {
                let map = Map::new((-5.0, 5.0), (-5.0, 5.0))
                    .unwrap()
                    .equal_axes(true)
                    .contours(
                        Contours::new(&g, levels.clone())
                            .unwrap()
                            .colormap(Colormap::Jet),
                    )
                    .path(Path::new(path.clone()).label("descent"))
                    .marker(
                        Marker::new(MarkerShape::Cross, (1.0, 1.0))
                            .hollow(true)
                            .label("minimum"),
                    );
                black_box(Figure::new(620, 540).unwrap().panel(map).render().unwrap())
            })
        },
    );

    let loss: Vec<f64> = (0..100_000)
        .map(|k| 1e3 * (-1e-4 * f64::from(k)).exp() * (1.0 + 0.1 * (f64::from(k) * 0.01).sin()))
        .collect();
    c.bench_function("semilog 100k points 600x400", |b| {
        b.iter(|| {
            let plot = LinePlot::new()
                .y_scale(YScale::Log)
                .series(Series::new(loss.clone()));
            black_box(Figure::new(600, 400).unwrap().panel(plot).render().unwrap())
        })
    });

    let frames: Vec<Vec<u8>> = (0..20)
        .map(|k| {
            let t = f64::from(k) / 19.0;
            heat_figure(&grid, (-2.5 + 4.0 * t, 2.0 - 3.0 * t))
                .render()
                .unwrap()
        })
        .collect();
    c.bench_function("gif encode 20 frames 640x560", |b| {
        b.iter(|| {
            let mut anim = Animation::new(640, 560, 10).unwrap();
            for f in &frames {
                anim.push_rgb(f).unwrap();
            }
            let mut out = Vec::new();
            anim.write_to(&mut out).unwrap();
            black_box(out.len())
        })
    });
    let mut anim = Animation::new(640, 560, 10).unwrap();
    for f in &frames {
        anim.push_rgb(f).unwrap();
    }
    let mut out = Vec::new();
    anim.write_to(&mut out).unwrap();
    println!(
        "20-frame GIF: {} bytes ({} bytes of raw RGB)",
        out.len(),
        20 * 640 * 560 * 3
    );
}

criterion_group!(benches, bench);
criterion_main!(benches);
