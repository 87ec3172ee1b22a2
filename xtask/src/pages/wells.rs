//! The page `docs/wells.md`: the 100 random starts of *Optimization in many
//! dimensions* on its Gaussian wells — gradient descent, momentum, noisy SGD,
//! projected GD on the unit circle, Lagrange-multiplier GD, Newton with a 0.01 step
//! beside the modified Newton, and GD scaled by 1/λmax(∇²f) — each drawn by the same
//! grid of views (initial and final points, trajectories, losses, animation).

use ::landscapes::{Landscape, Wells};
use first_order::{LagrangianGd, Projected, Sgd, UnitSphere};
use optim_core::{GradientNoise, Method, Record, Run, Stop, minimize_many, minimize_many_each};
use second_order::{CurvatureScaledGd, ModifiedNewton, Newton};

use crate::Error;
use crate::catalogue::{Lv, MapView, Moment, Spec, View};
use crate::study::{Data, StudyDef, Surface, median};

/// The notebook's loop: at most `n` steps, stopping when ‖∇f‖ < 1e-6, every iterate
/// kept.
fn stop(n: usize) -> Stop {
    Stop::after(n).grad_tol(1e-6).record(Record::All)
}

/// The landscape on the notebook's box [−3, 3]².
fn surface() -> Surface {
    Surface::of(&Wells::seed002()).on(vec![(-3.0, 3.0), (-3.0, 3.0)])
}

/// `runs` labelled `label`, with the numbers the captions quote under keys starting
/// with `prefix` (`deepest`, `known`, `outside`, `converged`, `median_f`, `label`).
fn labelled(mut data: Data, prefix: &str, label: &str, runs: Vec<Run>) -> Data {
    let minima = Wells::seed002().minima();
    let near_to = |m: &[f64]| {
        runs.iter()
            .filter(|r| optim_core::vector::distance(&r.x, m) < 1e-3)
            .count()
    };
    let near = near_to(&minima[0]);
    let known: usize = minima.iter().map(|m| near_to(m)).sum();
    let converged = runs.iter().filter(|r| r.converged()).count();
    let outside = runs
        .iter()
        .filter(|r| r.x.iter().any(|v| v.abs() > 3.0))
        .count();
    let med = median(runs.iter().map(|r| r.value));
    data = data
        .value(&format!("{prefix}deepest"), near)
        .value(&format!("{prefix}known"), known)
        .value(&format!("{prefix}outside"), outside)
        .value(&format!("{prefix}converged"), converged)
        .value(&format!("{prefix}median_f"), format!("{med:.4}"))
        .value(&format!("{prefix}label"), label);
    for run in runs {
        data = data.run(label, run);
    }
    data
}

fn many<M: for<'a> Method<Wells> + Sync>(method: &M, n: usize, label: &str) -> Result<Data, Error> {
    let runs = minimize_many(
        method,
        &Wells::seed002(),
        &Wells::seed002_starts(),
        &stop(n),
    )?;
    Ok(labelled(Data::with_surface(surface()), "", label, runs))
}

fn gd() -> Result<Data, Error> {
    many(&Sgd::new(4.3), 2000, "GD, lr = 4.3")
}

fn momentum() -> Result<Data, Error> {
    many(
        &Sgd::velocity(0.1, 0.9),
        2000,
        "momentum, lr = 0.1, μ = 0.9",
    )
}

/// Noisy gradients: each start draws its own N(0, 0.2²) stream (seed = its index), so
/// the runs are independent and the result does not depend on the thread count.
fn sgd() -> Result<Data, Error> {
    let w = Wells::seed002();
    let runs = minimize_many_each(
        &Sgd::new(0.1),
        |i| GradientNoise::new(w.clone(), 0.2, i as u32),
        &Wells::seed002_starts(),
        &stop(2000),
    )?;
    Ok(labelled(
        Data::with_surface(surface()),
        "",
        "noisy SGD, lr = 0.1, σ = 0.2",
        runs,
    ))
}

fn projected() -> Result<Data, Error> {
    let data = many(
        &Projected::new(Sgd::new(0.1), UnitSphere),
        2000,
        "projected GD onto ‖x‖ = 1, lr = 0.1",
    )?;
    let off = data
        .runs
        .iter()
        .map(|l| (optim_core::vector::norm(&l.run.x) - 1.0).abs())
        .fold(0.0, f64::max);
    Ok(data.value("off", format!("{off:.1e}")))
}

fn lagrange() -> Result<Data, Error> {
    let data = many(
        &LagrangianGd::unit_circle(0.1, 0.5),
        2000,
        "Lagrange-multiplier GD, lr = 0.1, λ₀ = 0.5",
    )?;
    let off: Vec<f64> = data
        .runs
        .iter()
        .map(|l| (optim_core::vector::norm(&l.run.x) - 1.0).abs())
        .collect();
    let worst = off.iter().copied().fold(0.0, f64::max);
    Ok(data
        .value("off_median", format!("{:.1e}", median(off.into_iter())))
        .value("off", format!("{worst:.1e}")))
}

fn newton() -> Result<Data, Error> {
    let w = Wells::seed002();
    let starts = Wells::seed002_starts();
    let step = Newton {
        shift: 1e-12,
        ..Newton::damped(0.01)
    };
    let fixed = minimize_many(&step, &w, &starts, &stop(1000))?;
    let modified = minimize_many(&ModifiedNewton::default(), &w, &starts, &stop(1000))?;
    // Where the fixed-step runs end: out on the flat far field (f > −1e-3, where the
    // wells have all but vanished), or else by the Hessian's class there.
    let mut classes = [0usize; 4];
    for r in &fixed {
        let s = second_order::hessian_spectrum(&w, &r.x)?;
        classes[match (r.value > -1e-3, s.min() > 0.0, s.max() > 0.0) {
            (true, _, _) => 3,
            (_, true, _) => 0,
            (_, false, true) => 1,
            _ => 2,
        }] += 1;
    }
    let data = labelled(
        Data::with_surface(surface()),
        "",
        "Newton, step 0.01",
        fixed,
    );
    Ok(
        labelled(data, "modified_", "modified Newton (Armijo)", modified)
            .value("at_min", classes[0])
            .value("at_saddle", classes[1])
            .value("at_max", classes[2])
            .value("far", classes[3]),
    )
}

fn curvature_scaled() -> Result<Data, Error> {
    many(
        &CurvatureScaledGd::default(),
        2000,
        "GD with step 0.1/λmax(∇²f)",
    )
}

/// The studies of the page.
pub const STUDIES: &[StudyDef] = &[
    StudyDef {
        id: "wells-gd",
        run: gd,
    },
    StudyDef {
        id: "wells-momentum",
        run: momentum,
    },
    StudyDef {
        id: "wells-sgd",
        run: sgd,
    },
    StudyDef {
        id: "wells-projected",
        run: projected,
    },
    StudyDef {
        id: "wells-lagrange",
        run: lagrange,
    },
    StudyDef {
        id: "wells-newton",
        run: newton,
    },
    StudyDef {
        id: "wells-curvature-scaled",
        run: curvature_scaled,
    },
];

/// The heat map of f on [−3, 3]², with light contours.
const HEAT: MapView = MapView::heat(Lv::Auto(10)).on((-3.0, 3.0), (-3.0, 3.0));

/// Frames per animation, at log-spaced iterations.
const FRAMES: usize = 60;

/// One view of a many-starts study: `grid!` rows expand to these.
macro_rules! part {
    ($s:literal, initial) => {
        Spec::new(
            concat!($s, "-initial"),
            $s,
            View::Points(Moment::Initial, HEAT),
            "the 100 starting points on the wells",
            "The 100 starting points, uniform on [−3, 3]² (`Wells::seed002_starts()`, \
             NumPy's stream of seed 0), on the heat map of f.",
        )
        .no_table()
    };
    ($s:literal, final) => {
        Spec::new(
            concat!($s, "-final"),
            $s,
            View::Points(Moment::Final, HEAT),
            concat!("final points of ", $s),
            concat!(
                "Where the runs end ({{value ",
                $s,
                ".label}}): {{value ",
                $s,
                ".deepest}} of 100 within 1e-3 of the deepest minimum, {{value ",
                $s,
                ".outside}} outside the box drawn; median final f {{value ",
                $s,
                ".median_f}}."
            ),
        )
        .no_table()
    };
    ($s:literal, trajectories) => {
        Spec::new(
            concat!($s, "-trajectories"),
            $s,
            View::Trajectories(HEAT),
            concat!("trajectories of ", $s),
            concat!("Every trajectory ({{value ", $s, ".label}})."),
        )
        .no_table()
    };
    ($s:literal, losses) => {
        Spec::new(
            concat!($s, "-losses"),
            $s,
            View::Losses,
            concat!("loss curves of ", $s),
            concat!(
                "f per iteration of every start (faint) and their mean (bold), a run \
                 that stopped keeping its last value; {{value ",
                $s,
                ".converged}} of \
                 100 runs reached ‖∇f‖ < 1e-6."
            ),
        )
        .no_table()
    };
    ($s:literal, animation) => {
        Spec::new(
            concat!($s, "-animation"),
            $s,
            View::Animation(HEAT, FRAMES),
            concat!("animation of ", $s),
            "The points moving, at log-spaced iterations (fast at first, then slower): \
             the notebook's per-iteration slider as a GIF.",
        )
        .no_table()
    };
}

/// Rows of `study: parts…`, expanded to one figure per part.
macro_rules! grid {
    ($($s:literal: $($p:tt),+;)+) => {
        &[$($(part!($s, $p)),+),+]
    };
}

/// The figures of the page: seven studies × their views.
pub const FIGURES: &[Spec] = grid![
    "wells-gd": initial, final, trajectories, losses, animation;
    "wells-momentum": initial, final, trajectories, losses, animation;
    "wells-sgd": initial, final, trajectories, losses, animation;
    "wells-projected": trajectories, final, animation;
    "wells-lagrange": trajectories, final, animation;
    "wells-newton": final, losses, animation;
    "wells-curvature-scaled": trajectories, final, animation;
];
