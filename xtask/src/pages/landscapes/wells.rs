//! The Gaussian wells of the *Optimization in many dimensions* notebook: heat map with
//! its grid minimum, gradient field, the sign and size of the largest Hessian
//! eigenvalue, and the notebook's Hessian erratum, measured.

use ::landscapes::{Landscape, Wells};
use optim_core::{Hessian, HessianProduct, Objective, check_hessian};
use report::plotters::style::{BLACK, RGBColor};
use report::{Colormap, Contours, Figure, Grid, HeatMap, Levels, Map, Marker, Quiver};
use second_order::hessian_spectrum;

use crate::Error;
use crate::markdown::{sci, table};
use crate::study::{Data, Surface};

/// The seed's wells with the seed's (wrong) Hessian, to measure the erratum with the
/// same finite-difference check as the real one.
struct SeedHessian<'a>(&'a Wells);

impl Objective for SeedHessian<'_> {
    fn dim(&self) -> usize {
        self.0.dim()
    }
    fn value(&self, x: &[f64]) -> f64 {
        self.0.value(x)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        self.0.gradient(x, g)
    }
}

impl HessianProduct for SeedHessian<'_> {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        optim_core::dense_hessian_vector_product(self, x, v, hv)
    }
}

impl Hessian for SeedHessian<'_> {
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        self.0.seed_hessian(x, h)
    }
}

/// x ↦ sign(x)·log(1 + |x|), the *Optimization in many dimensions* notebook's colour scale for eigenvalues.
fn signed_log(v: f64) -> f64 {
    v.signum() * v.abs().ln_1p()
}

const LO: f64 = -3.0;
const HI: f64 = 3.0;

/// f on the notebook's 100 × 100 grid over [−3, 3]².
fn grid() -> Result<Grid, Error> {
    let w = Wells::seed002();
    Ok(Grid::sample((LO, HI), (LO, HI), 100, 100, |x, y| {
        w.value(&[x, y])
    })?)
}

/// The wells, their parameters, the grid minimum against the deepest true minimum, the
/// Hessian's classes over the grid and the erratum.
pub fn study() -> Result<Data, Error> {
    let w = Wells::seed002();
    let grid = grid()?;
    let (gx, gy, gf) = grid.argmin().ok_or("the wells grid has no finite value")?;
    let deepest = w
        .minima()
        .first()
        .cloned()
        .ok_or("the wells have no minimum")?;

    // Largest eigenvalue of the (correct) Hessian at each grid point.
    let (mut convex, mut concave, mut saddle) = (0, 0, 0);
    let mut lambda_max = Vec::with_capacity(grid.values().len());
    // 0: positive definite, 1: indefinite, 2: negative definite.
    let mut classes = Vec::with_capacity(grid.values().len());
    for &y in grid.ys() {
        for &x in grid.xs() {
            let spectrum = hessian_spectrum(&w, &[x, y])?;
            let (l0, l1) = (spectrum.min(), spectrum.max());
            let class = match (l0 > 0.0, l1 > 0.0) {
                (true, _) => {
                    convex += 1;
                    0.0
                }
                (false, true) => {
                    saddle += 1;
                    1.0
                }
                (false, false) => {
                    concave += 1;
                    2.0
                }
            };
            classes.push(class);
            lambda_max.push(signed_log(l1));
        }
    }
    // The needle well (w ≈ 0.02) reaches signed-log 4 on a few points, and the
    // negative values are far smaller than the positive ones: each sign gets its own
    // half of the colours (a two-slope scale), saturating at the 99th percentile of
    // its magnitudes, so that the rest of the grid shows on both sides.
    let percentile = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v.get(v.len() * 99 / 100).copied().unwrap_or(0.0)
    };
    let reach = percentile(lambda_max.iter().filter(|v| **v > 0.0).copied().collect());
    let reach_neg = percentile(
        lambda_max
            .iter()
            .filter(|v| **v < 0.0)
            .map(|v| -v)
            .collect(),
    );
    let mut magnitudes: Vec<f64> = lambda_max.iter().map(|v| v.abs()).collect();
    magnitudes.sort_by(f64::total_cmp);
    let peak = magnitudes[magnitudes.len() - 1];

    // The erratum, measured: both Hessians against central differences of the gradient.
    let (mut seed_abs, mut seed_rel, mut ours_abs, mut ours_rel, mut h_max) =
        (0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64, 0.0_f64);
    let mut worst_at = (0.0, 0.0);
    for &y in grid.ys() {
        for &x in grid.xs() {
            let p = [x, y];
            let seed = check_hessian(&SeedHessian(&w), &p)?;
            let ours = check_hessian(&w, &p)?;
            if seed.max_abs_error > seed_abs {
                seed_abs = seed.max_abs_error;
                worst_at = (x, y);
            }
            seed_rel = seed_rel.max(seed.max_rel_error);
            ours_abs = ours_abs.max(ours.max_abs_error);
            ours_rel = ours_rel.max(ours.max_rel_error);
            let mut h = [0.0; 4];
            w.hessian(&p, &mut h);
            h_max = h.iter().fold(h_max, |m, v| m.max(v.abs()));
        }
    }
    if !(ours_rel < 1e-5 && seed_rel > 0.1) {
        return Err(format!("Hessian relative errors: ours {ours_rel}, seed {seed_rel}").into());
    }
    let needle = (0..w.n_wells())
        .min_by(|&a, &b| w.widths()[a].total_cmp(&w.widths()[b]))
        .ok_or("the wells have no well")?;
    let params: Vec<Vec<String>> = (0..w.n_wells())
        .map(|p| {
            vec![
                (p + 1).to_string(),
                format!("({:.4}, {:.4})", w.centres()[2 * p], w.centres()[2 * p + 1]),
                format!("{:.4}", w.widths()[p]),
                format!("{:.4}", w.weights()[p]),
            ]
        })
        .collect();
    let total = f64::from(convex + concave + saddle);
    let pct = |k: i32| format!("{:.1}", 100.0 * f64::from(k) / total);
    let erratum = table(
        &["Hessian", "max abs error", "max rel error"],
        &[
            vec![
                "the notebook's formula".into(),
                sci(seed_abs),
                sci(seed_rel),
            ],
            vec![
                "`Wells::hessian` (corrected)".into(),
                sci(ours_abs),
                sci(ours_rel),
            ],
        ],
    );
    Ok(
        Data::with_surface(Surface::of(&w).on(vec![(LO, HI), (LO, HI)]))
            .value("name", w.name())
            .value("grid_min", format!("f({gx:.4}, {gy:.4}) = {gf:.6}"))
            .value("grid_x", gx)
            .value("grid_y", gy)
            .value(
                "deepest",
                format!(
                    "f({:.6}, {:.6}) = {:.6}",
                    deepest[0],
                    deepest[1],
                    w.value(&deepest)
                ),
            )
            .value("cell", format!("{:.4}", (HI - LO) / 99.0))
            .value("reach", format!("{reach:.3}"))
            .value("reach_neg", format!("{reach_neg:.3}"))
            .value("peak", format!("{peak:.2}"))
            .value(
                "needle",
                format!(
                    "({:.3}, {:.3})",
                    w.centres()[2 * needle],
                    w.centres()[2 * needle + 1]
                ),
            )
            .value("needle_width", format!("{:.4}", w.widths()[needle]))
            .value("convex", pct(convex))
            .value("saddle", pct(saddle))
            .value("concave", pct(concave))
            .value("h_max", format!("{h_max:.4e}"))
            .value(
                "worst_at",
                format!("({:.3}, {:.3})", worst_at.0, worst_at.1),
            )
            .value("seed_rel_pct", format!("{:.0}", 100.0 * seed_rel))
            .table(
                "params",
                table(&["well", "centre μ", "width w", "weight c"], &params),
            )
            .table("erratum", erratum)
            .series("lambda_max", lambda_max)
            .series("classes", classes)
            .series("reach", vec![reach, reach_neg]),
    )
}

/// The grid minimum, as the notebook marks it: a red star.
fn star(data: &Data) -> Result<Marker, Error> {
    let at = |key: &str| -> Result<f64, Error> {
        Ok(data.values.get(key).ok_or("no grid minimum")?.parse()?)
    };
    Ok(Marker::star((at("grid_x")?, at("grid_y")?)).label("grid minimum"))
}

/// f as a filled colour map with the grid minimum.
pub fn landscape(data: &Data) -> Result<Figure, Error> {
    let map = Map::new((LO, HI), (LO, HI))?
        .title(data.surface()?.name.clone())
        .heatmap(HeatMap::new(grid()?).label("f(x, y)"))
        .marker(star(data)?);
    // The three classes the page counts, which λmax alone cannot show: where λmax > 0
    // the Hessian may be positive definite or indefinite.
    let class_grid =
        Grid::from_values((LO, HI), (LO, HI), 100, 100, data.get("classes")?.to_vec())?;
    let classes = Map::new((LO, HI), (LO, HI))?
        .title("the Hessian's definiteness")
        .heatmap(HeatMap::categories(
            class_grid,
            ["positive definite", "indefinite", "negative definite"],
        ))
        .marker(star(data)?)
        .equal_axes(true);
    Ok(Figure::new(1280, 600)?
        .panel(map.equal_axes(true))
        .panel(classes)
        .same_plot_size(true))
}

/// ∇f on a 15 × 15 grid over light contours of f.
pub fn field(data: &Data) -> Result<Figure, Error> {
    let w = Wells::seed002();
    let grid = grid()?;
    let quiver = Quiver::sample((LO, HI), (LO, HI), 15, 15, |x, y| {
        let mut g = [0.0; 2];
        w.gradient(&[x, y], &mut g);
        g
    })?
    .color_by_fn(|x, y| w.value(&[x, y]), Colormap::Viridis);
    let map = Map::new((LO, HI), (LO, HI))?
        .title("∇f on a 15 × 15 grid, coloured by f")
        .contours(
            Contours::new(&grid, Levels::Auto(10))?
                .color(RGBColor(200, 200, 200))
                .width(1),
        )
        .quiver(quiver)
        .marker(star(data)?);
    // The three classes the page counts, which λmax alone cannot show: where λmax > 0
    // the Hessian may be positive definite or indefinite.
    let class_grid =
        Grid::from_values((LO, HI), (LO, HI), 100, 100, data.get("classes")?.to_vec())?;
    let classes = Map::new((LO, HI), (LO, HI))?
        .title("the Hessian's definiteness")
        .heatmap(HeatMap::categories(
            class_grid,
            ["positive definite", "indefinite", "negative definite"],
        ))
        .marker(star(data)?)
        .equal_axes(true);
    Ok(Figure::new(1280, 600)?
        .panel(map.equal_axes(true))
        .panel(classes)
        .same_plot_size(true))
}

/// The signed log of the largest Hessian eigenvalue over the grid.
pub fn eigen(data: &Data) -> Result<Figure, Error> {
    let eig_grid = Grid::from_values(
        (LO, HI),
        (LO, HI),
        100,
        100,
        data.get("lambda_max")?.to_vec(),
    )?;
    let [reach, reach_neg] = data.get("reach")?[..] else {
        return Err("the wells study keeps both reaches".into());
    };
    let map = Map::new((LO, HI), (LO, HI))?
        .title("sign(λ)·log(1 + |λ|) of λmax(∇²f)")
        .heatmap(
            HeatMap::new(eig_grid.clone())
                .colormap(Colormap::Diverging)
                .range(-reach_neg, reach)
                .center(0.0)
                .label("λmax scale"),
        )
        .contours(
            Contours::new(&eig_grid, Levels::Explicit(vec![0.0]))?
                .color(BLACK)
                .width(1),
        )
        .marker(star(data)?);
    // The three classes the page counts, which λmax alone cannot show: where λmax > 0
    // the Hessian may be positive definite or indefinite.
    let class_grid =
        Grid::from_values((LO, HI), (LO, HI), 100, 100, data.get("classes")?.to_vec())?;
    let classes = Map::new((LO, HI), (LO, HI))?
        .title("the Hessian's definiteness")
        .heatmap(HeatMap::categories(
            class_grid,
            ["positive definite", "indefinite", "negative definite"],
        ))
        .marker(star(data)?)
        .equal_axes(true);
    Ok(Figure::new(1280, 600)?
        .panel(map.equal_axes(true))
        .panel(classes)
        .same_plot_size(true))
}
