//! The generic views of the catalogue: how a [`View`] draws a study's [`Data`].

use report::plotters::style::{Color, RGBColor};
use report::{
    Animation, Contours, Figure, Grid, HeatMap, Levels, LinePlot, Map, Marker, MarkerShape, Path,
    Series, YScale,
};

use crate::Error;
use crate::catalogue::{Lv, MapView, Moment, Output, View};
use crate::study::{Data, Rect, Surface, points};

/// matplotlib's tab10: distinct colours for up to ten runs on one figure.
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(214, 39, 40),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// Paths with at most this many iterates get a dot at each.
const MAX_DOTS: usize = 120;
/// Paths with at most this many iterates get their numbers, when the view asks;
/// more would be an illegible pile.
const MAX_NUMBERS: usize = 25;

/// The distinct labels of a study's runs, in order of first appearance.
pub fn labels(data: &Data) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for l in &data.runs {
        if !out.contains(&l.label.as_str()) {
            out.push(&l.label);
        }
    }
    out
}

/// The colour of the runs labelled `labels[k]` in a many-starts view: the documents'
/// red when there is one label, tab10 otherwise.
fn group_color(k: usize, groups: usize) -> RGBColor {
    run_color(k, groups)
}

/// The colour of run `i` of a figure: red alone (the documents' traces), else tab10
/// (and black for an eleventh).
pub fn run_color(i: usize, runs: usize) -> RGBColor {
    if runs == 1 {
        RGBColor(214, 39, 40)
    } else if i == PALETTE.len() {
        // An eleventh run (ten optimisers and K-FAC) in black, not tab10's blue again.
        RGBColor(0, 0, 0)
    } else {
        PALETTE[i % PALETTE.len()]
    }
}

/// Draws `data` as `view` says.
pub fn draw(view: &View, data: &Data) -> Result<Output, Error> {
    Ok(match *view {
        View::Curve { range } => Output::Png(curve(data, range)?),
        View::Map(mv) => {
            Output::Png(Figure::new(mv.size.0, mv.size.1)?.panel(map(data, mv, true)?))
        }
        View::MapAndLoss(mv) => {
            let (w, h) = mv.size;
            Output::Png(
                Figure::new(2 * w, h)?
                    .panel(map(data, mv, false)?)
                    .panel(losses(data, true, None)),
            )
        }
        View::Points(moment, mv) => Output::Png(Figure::new(mv.size.0, mv.size.1)?.panel(scatter(
            base(data, mv)?,
            data,
            moment,
        )?)),
        View::Trajectories(mv) => {
            Output::Png(Figure::new(mv.size.0, mv.size.1)?.panel(trajectories(data, mv)?))
        }
        View::Losses => Output::Png(Figure::new(640, 460)?.panel(bundle(data))),
        View::Animation(mv, frames) => Output::Gif(animation(data, mv, frames)?),
        View::Custom(f) => Output::Png(f(data)?),
        View::CustomAnimation(f) => Output::Gif(f(data)?),
        View::ToCome(_) => return Err("a figure still to come cannot be drawn".into()),
    })
}

/// The box of a map: the view's, or the surface's.
fn rect(surface: &Surface, mv: MapView) -> Result<Rect, Error> {
    match mv.domain {
        Some(d) => Ok(d),
        None => surface.rect(),
    }
}

/// The surface sampled on the view's grid over its box.
pub fn sample(surface: &Surface, mv: MapView) -> Result<Grid, Error> {
    let (x, y) = rect(surface, mv)?;
    Ok(Grid::sample(x, y, mv.grid, mv.grid, |a, b| {
        surface.at(a, b)
    })?)
}

/// The map of the surface without runs: heat map and/or contours, the known minima.
pub fn base(data: &Data, mv: MapView) -> Result<Map, Error> {
    let surface = data.surface()?;
    base_of(surface, &sample(surface, mv)?, mv)
}

fn base_of(surface: &Surface, grid: &Grid, mv: MapView) -> Result<Map, Error> {
    let (x, y) = rect(surface, mv)?;
    // A square box is drawn square: one unit spans as many pixels along x as along y.
    let square = ((x.1 - x.0) - (y.1 - y.0)).abs() <= 1e-9 * (x.1 - x.0).abs();
    let mut map = Map::new(x, y)?
        .title(surface.name.clone())
        .labels(surface.axes.0.clone(), surface.axes.1.clone())
        .equal_axes(square);
    if mv.heat {
        map = map.heatmap(HeatMap::new(grid.clone()).colormap(mv.colormap).label("f"));
    }
    let levels = match mv.levels {
        Lv::Auto(n) => Some(Levels::Auto(n)),
        Lv::Explicit(l) => Some(Levels::Explicit(l.to_vec())),
        Lv::Geometric(n) => Some(Levels::Explicit(geometric(grid, n))),
        Lv::None => None,
    };
    if let Some(levels) = levels {
        let lines = Contours::new(grid, levels)?;
        map = map.contours(if mv.heat {
            lines.color(RGBColor(235, 235, 235)).width(1)
        } else {
            lines.colormap(mv.colormap)
        });
        if !mv.heat {
            map = map.colorbar_title("f");
        }
    }
    for m in &surface.minima {
        if let [a, b] = m[..] {
            let inside = (x.0..=x.1).contains(&a) && (y.0..=y.1).contains(&b);
            if inside {
                // Hollow over contour lines, so that a line through the minimum shows.
                map = map.marker(Marker::star((a, b)).hollow(!mv.heat));
            }
        }
    }
    Ok(map)
}

/// `n` levels fmin + (fmax − fmin)·10^(−3 + 3k/(n − 1)), k = 0, …, n − 1, over the
/// grid's finite values.
fn geometric(grid: &Grid, n: usize) -> Vec<f64> {
    let finite = || grid.values().iter().copied().filter(|v| v.is_finite());
    let lo = finite().fold(f64::INFINITY, f64::min);
    let hi = finite().fold(f64::NEG_INFINITY, f64::max);
    let n = n.max(2);
    (0..n)
        .map(|k| lo + (hi - lo) * 10f64.powf(-3.0 + 3.0 * k as f64 / (n - 1) as f64))
        .collect()
}

/// The surface with every run's path, one colour per run, labelled.
pub fn map(data: &Data, mv: MapView, legend: bool) -> Result<Map, Error> {
    let mut map = base(data, mv)?;
    let n = data.runs.len();
    for (i, l) in data.runs.iter().enumerate() {
        let pts = points(&l.run.trace);
        // Dots at the iterates while they can be told apart (the documents' '-ro').
        // Dots only while few runs share the map: on a race of ten they are clutter.
        let dots = pts.len() <= MAX_DOTS && n <= 4;
        let numbers = mv.numbered && pts.len() <= MAX_NUMBERS;
        let mut path = Path::new(pts)
            .color(run_color(i, n))
            .numbered(numbers)
            .markers(dots);
        if legend {
            path = path.label(l.label.clone());
        }
        map = map.path(path);
    }
    Ok(map)
}

/// Every run's f per iteration, on a log axis when all values are positive, with the
/// legend of the runs; `upto` keeps the rows before it only (an animation's frame),
/// on the axes of the whole runs.
pub fn losses(data: &Data, log: bool, upto: Option<usize>) -> LinePlot {
    let all = || {
        data.runs
            .iter()
            .flat_map(|l| l.run.trace.values().iter().copied())
    };
    let positive = all().all(|v| v > 0.0);
    let mut plot = LinePlot::new()
        .title("f per iteration")
        .labels("iteration", "f");
    let log = log && positive;
    if log {
        plot = plot.y_scale(YScale::Log);
    }
    if upto.is_some() {
        let finite = || all().filter(|v| v.is_finite());
        let lo = finite().fold(f64::INFINITY, f64::min);
        let hi = finite().fold(f64::NEG_INFINITY, f64::max);
        let last = data
            .runs
            .iter()
            .filter_map(|l| l.run.trace.iterations().last().copied())
            .max()
            .unwrap_or(1);
        if lo < hi {
            let pad = if log { 0.0 } else { 0.03 * (hi - lo) };
            plot = plot.y_range(lo - pad, hi + pad);
        }
        plot = plot.x_range(0.0, last.max(1) as f64);
    }
    let n = data.runs.len();
    for (i, l) in data.runs.iter().enumerate() {
        let t = &l.run.trace;
        let rows = upto.map_or(t.len(), |k| (k + 1).min(t.len()));
        let xs: Vec<f64> = t.iterations()[..rows].iter().map(|&k| k as f64).collect();
        if let Ok(series) = Series::xy(xs, t.values()[..rows].to_vec()) {
            plot = plot.series(series.color(run_color(i, n)).label(l.label.clone()));
        }
    }
    plot
}

/// The 1-D surface with every run's iterates as numbered points. Without a range,
/// the surface's box widened to hold every finite iterate.
fn curve(data: &Data, range: Option<(f64, f64)>) -> Result<Figure, Error> {
    let s = data.surface()?;
    let (lo, hi) = range.unwrap_or_else(|| {
        let (mut lo, mut hi) = s.domain[0];
        for l in &data.runs {
            for x in l.run.trace.xs().map(|x| x[0]).filter(|x| x.is_finite()) {
                lo = lo.min(x);
                hi = hi.max(x);
            }
        }
        let margin = 0.04 * (hi - lo);
        (lo - margin, hi + margin)
    });
    let xs = report::linspace(lo, hi, 400);
    let ys: Vec<f64> = xs.iter().map(|&x| (s.f)(&[x])).collect();
    let title = match &data.runs[..] {
        [one] => format!("{}: {}", s.name, one.label),
        _ => s.name.clone(),
    };
    let mut plot = LinePlot::new()
        .title(title)
        .labels("x", "f(x)")
        .series(Series::xy(xs, ys)?.color(RGBColor(31, 119, 180)).label("f"));
    let n = data.runs.len();
    for (i, l) in data.runs.iter().enumerate() {
        let px: Vec<f64> = l.run.trace.xs().map(|x| x[0]).collect();
        let py: Vec<f64> = px.iter().map(|&x| (s.f)(&[x])).collect();
        plot = plot.series(
            Series::xy(px, py)?
                .color(run_color(i, n))
                .markers(true)
                .numbered(true)
                .label(l.label.clone()),
        );
    }
    Ok(Figure::new(640, 460)?.panel(plot))
}

/// The start or end point of every run on the map.
fn scatter(mut map: Map, data: &Data, moment: Moment) -> Result<Map, Error> {
    let groups = labels(data);
    for (k, label) in groups.iter().enumerate() {
        let shape = [
            MarkerShape::Circle,
            MarkerShape::Triangle,
            MarkerShape::Square,
        ][k % 3];
        for (i, l) in data.runs.iter().filter(|l| l.label == *label).enumerate() {
            let p = match moment {
                Moment::Initial => l.run.trace.x(0).ok_or("the runs recorded no iterates")?,
                Moment::Final => &l.run.x[..],
            };
            let mut marker = Marker::new(shape, (p[0], p[1]))
                .color(group_color(k, groups.len()))
                .size(6);
            if i == 0 && groups.len() > 1 {
                marker = marker.label(label.to_string());
            }
            map = map.marker(marker);
        }
    }
    Ok(map)
}

/// Every run's path, faint, on the map.
fn trajectories(data: &Data, mv: MapView) -> Result<Map, Error> {
    let mut map = base(data, mv)?;
    let groups = labels(data);
    for (k, label) in groups.iter().enumerate() {
        for (i, l) in data.runs.iter().filter(|l| l.label == *label).enumerate() {
            let mut path = Path::new(points(&l.run.trace))
                .color(group_color(k, groups.len()).mix(0.45))
                .width(1)
                .endpoints(false);
            if i == 0 && groups.len() > 1 {
                path = path.label(label.to_string());
            }
            map = map.path(path);
        }
    }
    Ok(map)
}

/// Every run's f per iteration, faint, and their mean, bold.
fn bundle(data: &Data) -> LinePlot {
    let groups = labels(data);
    let mut plot = LinePlot::new()
        .title("f per iteration, every start, and the mean")
        .labels("iteration", "f");
    for (k, label) in groups.iter().enumerate() {
        let mut curves: Vec<Vec<f64>> = data
            .runs
            .iter()
            .filter(|l| l.label == *label)
            .map(|l| l.run.trace.values().to_vec())
            .collect();
        // A run that stopped stays where it stopped: its last value carries on, so the
        // mean is over every start at every iteration, not over the runs still going.
        let longest = curves.iter().map(Vec::len).max().unwrap_or(0);
        for c in &mut curves {
            if let Some(&last) = c.last() {
                c.resize(longest, last);
            }
        }
        let mut series = report::bundle(&curves);
        if groups.len() > 1 {
            // One colour per group; the mean keeps its weight and takes the label.
            let c = group_color(k, groups.len());
            let alpha = (8.0 / curves.len().max(1) as f64).clamp(0.08, 0.6);
            let mean = series
                .pop()
                .map(|m| m.color(c).width(3).label(format!("{label}, mean")));
            series = series.into_iter().map(|s| s.color(c.mix(alpha))).collect();
            series.extend(mean);
        }
        plot = plot.extend(series);
    }
    plot
}

/// Row indices 0 = k₀ < k₁ < … of about `frames` frames, log-spaced over `rows` rows
/// (long runs move fast at first and slowly later).
pub fn frame_rows(rows: usize, frames: usize) -> Vec<usize> {
    if rows == 0 {
        return Vec::new();
    }
    let last = (rows - 1) as f64;
    let mut out: Vec<usize> = (0..frames.max(2))
        .map(|i| {
            let t = i as f64 / (frames.max(2) - 1) as f64;
            ((1.0 + last).powf(t) - 1.0).round() as usize
        })
        .collect();
    out.dedup();
    out
}

/// The points of every run moving over the heat map, at log-spaced iterations.
fn animation(data: &Data, mv: MapView, frames: usize) -> Result<Animation, Error> {
    let surface = data.surface()?;
    let grid = sample(surface, mv)?;
    let rows = data
        .runs
        .iter()
        .map(|l| l.run.trace.len())
        .max()
        .unwrap_or(0);
    let groups = labels(data);
    let racing = groups.len() == data.runs.len() && data.runs.len() <= PALETTE.len();
    let width = if racing { 2 * mv.size.0 } else { mv.size.0 };
    let mut gif = Animation::new(width, mv.size.1, 12)?;
    for k in frame_rows(rows, frames) {
        let mut map = base_of(surface, &grid, mv)?;
        let mut iteration = 0;
        for (i, l) in data.runs.iter().enumerate() {
            let t = &l.run.trace;
            let row = k.min(t.len().saturating_sub(1));
            let Some(x) = t.x(row) else { continue };
            iteration = iteration.max(t.iteration(row));
            if racing {
                // A few named runs: each one's path so far, and its head.
                let c = run_color(i, data.runs.len());
                let so_far: Vec<(f64, f64)> = t.xs().take(row + 1).map(|p| (p[0], p[1])).collect();
                map = map
                    .path(Path::new(so_far).color(c).endpoints(false))
                    .marker(
                        Marker::new(MarkerShape::Circle, (x[0], x[1]))
                            .color(c)
                            .size(7),
                    );
            } else {
                let k = groups.iter().position(|g| *g == l.label).unwrap_or(0);
                let mut marker = Marker::new(MarkerShape::Circle, (x[0], x[1]))
                    .color(group_color(k, groups.len()))
                    .size(6);
                // Several groups: the first point of each names it in the legend.
                if groups.len() > 1 && data.runs.iter().position(|r| r.label == l.label) == Some(i)
                {
                    marker = marker.label(l.label.clone());
                }
                map = map.marker(marker);
            }
        }
        let map = map.title(format!("{}, iteration {iteration}", surface.name));
        let (w, h) = mv.size;
        if racing {
            // The legend lives on the loss panel, which grows with the paths.
            let figure = Figure::new(2 * w, h)?
                .panel(map)
                .panel(losses(data, true, Some(k)));
            gif.push_figure(&figure)?;
        } else {
            gif.push_figure(&Figure::new(w, h)?.panel(map))?;
        }
    }
    Ok(gif)
}
