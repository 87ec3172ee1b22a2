//! The page `docs/rosenbrock.md`: the comparison of *Gradient Descent Optimizations*
//! on Rosenbrock from (4, −4.1) — gradient descent with α = 0.0002 for up to 100 000
//! steps, BFGS and Newton-CG — each as a trajectory beside its semilog loss.

use ::landscapes::{Landscape, Rosenbrock};
use argmin_adapters::{ArgminProblem, minimize_argmin, solvers};
use first_order::Sgd;
use optim_core::{GradNorm, Record, Stop};
use second_order::{Bfgs, NewtonCg};

use crate::Error;
use crate::catalogue::{Spec, View};
use crate::markdown::sci;
use crate::pages::gradient_descent::one;
use crate::pages::landscapes::rosenbrock::WIDE;
use crate::study::{Data, StudyDef, Surface};

/// The notebook's gradient descent: α = 0.0002, at most 100 000 steps, stopping when
/// a step is shorter than 1e-10 (its `custmin`).
pub fn gd_stop() -> Stop {
    Stop::exactly(100_000).step_tol(1e-10).record(Record::All)
}

/// scipy's BFGS defaults: ‖∇f‖∞ ≤ 1e-5, at most 200·n iterations.
pub fn bfgs_stop() -> Stop {
    Stop::after(400)
        .grad_tol(1e-5)
        .grad_norm(GradNorm::Inf)
        .record(Record::All)
}

/// Newton-CG to ‖∇f‖₂ ≤ 1e-6, where it takes scipy's iterations.
pub fn newton_cg_stop() -> Stop {
    Stop::after(1000).grad_tol(1e-6).record(Record::All)
}

fn gd() -> Result<Data, Error> {
    let r = Rosenbrock::new();
    let data = one(
        &r,
        &Sgd::new(0.0002),
        &r.start(),
        &gd_stop(),
        "GD, α = 0.0002",
    )?;
    let run = &data.runs[0].run;
    let (x, f) = (run.x.clone(), run.value);
    Ok(data
        .value("x", format!("({:.7}, {:.8})", x[0], x[1]))
        .value("f", sci(f)))
}

fn bfgs() -> Result<Data, Error> {
    let r = Rosenbrock::new();
    one(&r, &Bfgs::default(), &r.start(), &bfgs_stop(), "BFGS")
}

fn newton_cg() -> Result<Data, Error> {
    let r = Rosenbrock::new();
    one(
        &r,
        &NewtonCg::default(),
        &r.start(),
        &newton_cg_stop(),
        "Newton-CG",
    )
}

/// argmin's Nelder–Mead through the adapter, from scipy's initial simplex around
/// (4, −4.1), with argmin's example tolerance (the spread of f over the simplex below
/// 1e-4) and scipy's budget of 200·n iterations; no gradient test (`grad_tol` 0).
fn nelder_mead() -> Result<Data, Error> {
    let r = Rosenbrock::new();
    let x0 = r.start();
    let stop = Stop::after(400).grad_tol(0.0).record(Record::All);
    let simplex = solvers::nelder_mead(solvers::scipy_simplex(&x0));
    let run = minimize_argmin(ArgminProblem(&r), simplex, "Nelder–Mead", x0, |s| s, &stop)?;
    let x = &run.run.x;
    Ok(Data::with_surface(Surface::of(&r))
        .value("x", format!("({:.8}, {:.8})", x[0], x[1]))
        .value("f", sci(run.run.value))
        .value("iterations", run.run.iterations)
        .value("evaluations", run.run.evals.value)
        .value("reason", run.reason.clone())
        .run("Nelder–Mead (argmin)", run.run))
}

/// The studies of the page.
pub const STUDIES: &[StudyDef] = &[
    StudyDef {
        id: "rosenbrock-gd",
        run: gd,
    },
    StudyDef {
        id: "rosenbrock-nelder-mead",
        run: nelder_mead,
    },
    StudyDef {
        id: "rosenbrock-bfgs",
        run: bfgs,
    },
    StudyDef {
        id: "rosenbrock-newton-cg",
        run: newton_cg,
    },
];

/// The figures of the page.
pub const FIGURES: &[Spec] = &[
    Spec::new(
        "rosenbrock-gd",
        "rosenbrock-gd",
        View::MapAndLoss(WIDE),
        "gradient descent on Rosenbrock, trajectory and loss",
        "Gradient descent, α = 0.0002, from (4, −4.1): the first steps fall down the \
         steep wall into the valley, the rest crawl along its floor. Ends at \
         {{value rosenbrock-gd.x}} with f = {{value rosenbrock-gd.f}}.",
    ),
    Spec::new(
        "rosenbrock-nelder-mead",
        "rosenbrock-nelder-mead",
        View::MapAndLoss(WIDE),
        "Nelder–Mead on Rosenbrock, trajectory and loss",
        "argmin 0.11's Nelder–Mead through `argmin_adapters::minimize_argmin`, from \
         scipy's initial simplex around (4, −4.1) (each coordinate in turn scaled by \
         1.05): the best vertex of each iteration. Ends at \
         {{value rosenbrock-nelder-mead.x}}, f = {{value rosenbrock-nelder-mead.f}}, \
         after {{value rosenbrock-nelder-mead.iterations}} iterations and \
         {{value rosenbrock-nelder-mead.evaluations}} evaluations of f (argmin: \
         \"{{value rosenbrock-nelder-mead.reason}}\").",
    ),
    Spec::new(
        "rosenbrock-bfgs",
        "rosenbrock-bfgs",
        View::MapAndLoss(WIDE),
        "BFGS on Rosenbrock, trajectory and loss",
        "BFGS at scipy's defaults (‖∇f‖∞ ≤ 1e-5, H₀ = I, strong-Wolfe line search).",
    ),
    Spec::new(
        "rosenbrock-newton-cg",
        "rosenbrock-newton-cg",
        View::MapAndLoss(WIDE),
        "Newton-CG on Rosenbrock, trajectory and loss",
        "Newton-CG to ‖∇f‖₂ ≤ 1e-6, from Hessian-vector products only.",
    ),
];
