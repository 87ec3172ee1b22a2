//! Rosenbrock (the *Gradient Descent Optimizations* notebook): contours on [−5, 5]²,
//! the zoom on [0, 2]², the condition number at the minimum and a gradient-check
//! table.

use ::landscapes::{Landscape, Rosenbrock};
use optim_core::{Hessian, Objective, Rng, check_gradient, vector::norm};
use report::{Colormap, Contours, Figure, Levels, NumberFormat, linspace};
use second_order::hessian_spectrum;

use crate::Error;
use crate::catalogue::{Lv, MapView};
use crate::markdown::{sci, table};
use crate::study::{Data, Surface};
use crate::views;

/// The notebook's `np.linalg.cond(H)` at (1, 1).
const EXPECTED_COND: f64 = 2508.009601277298;

/// The levels k⁵, k = 0, …, 9.
pub const POWERS: [f64; 10] = [
    0.0, 1.0, 32.0, 243.0, 1024.0, 3125.0, 7776.0, 16807.0, 32768.0, 59049.0,
];

/// The wide contour map: a 400 × 400 grid, because the level-1 curve is a thin loop
/// in the valley that 100 × 100 samples break into dashes.
pub const WIDE: MapView = MapView::contours(Lv::Explicit(&POWERS))
    .on((-5.0, 5.0), (-5.0, 5.0))
    .grid(400);

/// f(k, k) for ten k evenly spaced in [1, 1.5]: the zoom's levels.
fn zoom_levels() -> Vec<f64> {
    let r = Rosenbrock::new();
    linspace(1.0, 1.5, 10)
        .iter()
        .map(|&k| r.value(&[k, k]))
        .collect()
}

/// The surface, the Hessian at the minimum and its spectrum, and the gradient checks.
pub fn study() -> Result<Data, Error> {
    let r = Rosenbrock::new();
    let mut h = [0.0; 4];
    r.hessian(&[1.0, 1.0], &mut h);
    let spectrum = hessian_spectrum(&r, &[1.0, 1.0])?;
    let cond = spectrum.condition_number;
    if (cond - EXPECTED_COND).abs() > 1e-6 {
        return Err(format!("cond(H(1, 1)) = {cond}, the notebook says {EXPECTED_COND}").into());
    }
    // The notebook checks at np.random.uniform(-2, 2, (10, 2)), unseeded; here seed 0.
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
    let hessian = table(
        &["", ""],
        &[
            vec![h[0].to_string(), h[2].to_string()],
            vec![h[1].to_string(), h[3].to_string()],
        ],
    );
    let zoom: Vec<String> = zoom_levels().iter().map(|l| format!("{l:.3}")).collect();
    let start = r.start();
    Ok(Data::with_surface(Surface::of(&r))
        .value("start", format!("({}, {})", start[0], start[1]))
        .value("lo", format!("{:.6}", spectrum.min()))
        .value("hi", format!("{:.6}", spectrum.max()))
        .value("cond", format!("{cond:.4}"))
        .value("zoom_levels", zoom.join(", "))
        .value("worst", sci(worst))
        .table("hessian", hessian)
        .table(
            "checks",
            table(&["x", "‖∇f(x)‖", "max abs error", "max rel error"], &rows),
        ))
}

/// Contours on [0, 2]² at the levels f(k, k), in the page's rounding.
pub fn zoom(data: &Data) -> Result<Figure, Error> {
    let view = MapView::contours(Lv::None).on((0.0, 2.0), (0.0, 2.0));
    let grid = views::sample(data.surface()?, view)?;
    let map = views::base(data, view)?
        .title("Rosenbrock near (1, 1), levels f(k, k)")
        .contours(
            Contours::new(&grid, Levels::Explicit(zoom_levels()))?
                .colormap(Colormap::Jet)
                // The page prints the levels to 3 decimals; so does the colour bar.
                .format(NumberFormat::Decimals(3)),
        )
        .colorbar_title("f");
    Ok(Figure::new(640, 560)?.panel(map))
}
