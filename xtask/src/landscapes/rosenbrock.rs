//! Rosenbrock (seed 000): contours on [−5, 5]², the zoom on [0, 2]², the condition
//! number at the minimum and a gradient-check table.

use ::landscapes::{Landscape, Rosenbrock};
use optim_core::{Hessian, Objective, Rng, check_gradient, vector::norm};
use report::plotters::style::RED;
use report::{Colormap, Contours, Figure, Grid, Levels, Map, Marker, MarkerShape, linspace};

use crate::markdown::{sci, table};
use crate::{Context, Error};
use second_order::hessian_spectrum;

/// Seed 000's `np.linalg.cond(H)` at (1, 1).
const EXPECTED_COND: f64 = 2508.009601277298;

pub(super) fn section(ctx: &mut Context) -> Result<String, Error> {
    let r = Rosenbrock::new();
    let f = |x: f64, y: f64| r.value(&[x, y]);
    let minimum = (1.0, 1.0);
    let marker = || {
        Marker::new(MarkerShape::Cross, minimum)
            .color(RED)
            .size(14)
            .label("minimum (1, 1)")
    };

    let wide = ctx.figure("rosenbrock-contours", "Rosenbrock contours", || {
        let grid = Grid::sample((-5.0, 5.0), (-5.0, 5.0), 400, 400, f)?;
        let levels: Vec<f64> = (0..10).map(|k| f64::from(k).powi(5)).collect();
        let map = Map::new((-5.0, 5.0), (-5.0, 5.0))?
            .title("Rosenbrock, levels k⁵")
            .contours(Contours::new(&grid, Levels::Explicit(levels))?.colormap(Colormap::Jet))
            .colorbar_title("f")
            .marker(marker());
        Ok(Figure::new(620, 540)?.panel(map))
    })?;
    let zoom_levels: Vec<f64> = linspace(1.0, 1.5, 10).iter().map(|&k| f(k, k)).collect();
    let zoom = ctx.figure("rosenbrock-zoom", "Rosenbrock near its minimum", || {
        let grid = Grid::sample((0.0, 2.0), (0.0, 2.0), 100, 100, f)?;
        let map = Map::new((0.0, 2.0), (0.0, 2.0))?
            .title("Rosenbrock near (1, 1), levels f(k, k)")
            .contours(
                Contours::new(&grid, Levels::Explicit(zoom_levels.clone()))?
                    .colormap(Colormap::Jet),
            )
            .colorbar_title("f")
            .marker(marker());
        Ok(Figure::new(620, 540)?.panel(map))
    })?;

    let mut h = [0.0; 4];
    r.hessian(&[1.0, 1.0], &mut h);
    let spectrum = hessian_spectrum(&r, &[1.0, 1.0])?;
    let (lo, hi) = (spectrum.min(), spectrum.max());
    let cond = spectrum.condition_number;
    if (cond - EXPECTED_COND).abs() > 1e-6 {
        return Err(format!("cond(H(1, 1)) = {cond}, seed 000 says {EXPECTED_COND}").into());
    }

    // Seed 000 checks at np.random.uniform(-2, 2, (10, 2)), unseeded; here seed 0.
    let mut rng = Rng::new(0);
    let mut rows = Vec::new();
    let mut worst: f64 = 0.0;
    for _ in 0..10 {
        let x = [4.0 * rng.uniform() - 2.0, 4.0 * rng.uniform() - 2.0];
        let check = check_gradient(&r, &x)?;
        let mut g = [0.0; 2];
        r.gradient(&x, &mut g);
        worst = worst.max(check.max_rel_error);
        rows.push(vec![
            format!("({:.4}, {:.4})", x[0], x[1]),
            format!("{:.1}", norm(&g)),
            sci(check.max_abs_error),
            sci(check.max_rel_error),
        ]);
    }
    let checks = table(&["x", "‖∇f(x)‖", "max abs error", "max rel error"], &rows);

    Ok(format!(
        "## {name}\n\n\
         f(x, y) = 100(y − x²)² + (1 − x)² (Rosenbrock 1960; `Rosenbrock::new()`, \
         a = 1, b = 100): a long, curved, flat-bottomed valley with one minimum, \
         f(1, 1) = 0. The documents start from ({s0}, {s1}).\n\n\
         {wide}\n\n\
         Contours on [−5, 5]² (400 × 400 grid: the level-1 curve is a thin loop in the valley that a 100 × 100 grid breaks into dashes) at the levels k⁵, k = 0, …, 9, in the \
         documents' jet colormap; line colours are spread by level rank, so the ten \
         levels use the whole map although they grow as k⁵. The level 0 is the single \
         point (1, 1) and draws no line. The minimum sits on a tiny island of the \
         valley floor.\n\n\
         {zoom}\n\n\
         Zoom on [0, 2]² at the levels f(k, k) for ten k evenly spaced in [1, 1.5] \
         ({zl}).\n\n\
         ### Conditioning\n\n\
         The Hessian at the minimum, from `Hessian::hessian` at (1, 1):\n\n\
         | | |\n|---|---|\n| {h0} | {h2} |\n| {h1} | {h3} |\n\n\
         Its eigenvalues (`second_order::hessian_spectrum`) are {lo:.6} and \
         {hi:.6}: condition number **{cond:.4}** (seed 000's `np.linalg.cond(H)`: \
         2508.0096). Along the valley the curvature is 2 500 times smaller than across \
         it: a step size stable across the valley crawls along it.\n\n\
         ### Gradient check\n\n\
         `optim_core::check_gradient` compares the analytic gradient with central \
         differences (step ε^⅓ ≈ 6e-6) at ten points drawn uniformly from [−2, 2]² \
         (`Rng::new(0)`, NumPy's legacy stream):\n\n\
         {checks}\n\
         Worst relative error: {worst}. (Seed 000's `scipy.optimize.check_grad` reports \
         the 2-norm of the difference with forward differences, 1e-6 to 3e-5.)\n\n",
        name = r.name(),
        s0 = r.start()[0],
        s1 = r.start()[1],
        zl = zoom_levels
            .iter()
            .map(|l| format!("{l:.3}"))
            .collect::<Vec<_>>()
            .join(", "),
        h0 = h[0],
        h1 = h[1],
        h2 = h[2],
        h3 = h[3],
        worst = sci(worst),
    ))
}
