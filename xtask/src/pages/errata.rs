//! The page `docs/errata.md`: each formula of the course documents that is wrong, the
//! right one, and a figure or table from this run that shows the difference.

use ::landscapes::{Landscape, Quadratic, Rosenbrock};
use first_order::{Adadelta, Adagrad, Adam, RmsProp, Scheduled, Sgd};
use optim_core::{Record, minimize};
use second_order::{Bfgs, NewtonCg};

use crate::Error;
use crate::catalogue::{Lv, MapView, Spec, View};
use crate::markdown::{sci, table};
use crate::pages::formulas::{AsWritten, BiasCorrection, NotebookAdam};
use crate::pages::gradient_descent::{ewa_momentum, steps};
use crate::pages::landscapes::quadratic::LEVELS;
use crate::pages::rosenbrock::{bfgs_stop, newton_cg_stop};
use crate::study::{Data, StudyDef, Surface};

/// Momentum on x² + 100y² with the notebook's 1 + βᵗ and with 1 − βᵗ, and Adam as the
/// notebook writes it beside the real one.
fn bias() -> Result<Data, Error> {
    let q = Quadratic::ill_conditioned();
    let x0 = [-1.0, -1.0];
    let beta = 0.9;
    let notebook_momentum = Scheduled::new(
        Sgd::ewa_momentum(0.01, beta),
        BiasCorrection { beta, minus: false },
    );
    let right = minimize(&ewa_momentum(0.01, beta), &q, &x0, &steps(75))?;
    let wrong = minimize(&notebook_momentum, &q, &x0, &steps(75))?;
    let adam = Adam {
        betas: (0.9, 0.9),
        ..Adam::new(0.1)
    };
    let notebook_adam = NotebookAdam {
        lr: 0.1,
        betas: (0.9, 0.9),
        eps: 1e-8,
    };
    let adam_right = minimize(&adam, &q, &x0, &steps(10))?;
    let adam_wrong = minimize(&notebook_adam, &q, &x0, &steps(10))?;
    // The first step of each: 1 + β makes the notebook's first momentum step
    // (1 − β)/(1 + β) = 0.053 of the gradient step where the correct one is 1.
    let first = |r: &optim_core::Run| {
        let x1 = r.trace.x(1).unwrap_or(&x0);
        optim_core::vector::distance(x1, &x0)
    };
    let rows = vec![
        vec![
            "momentum, 1 + βᵗ (the notebook)".into(),
            format!("{:.4}", first(&wrong)),
            format!("{:.4e}", wrong.value),
        ],
        vec![
            "momentum, 1 − βᵗ".into(),
            format!("{:.4}", first(&right)),
            format!("{:.4e}", right.value),
        ],
        vec![
            "Adam as the notebook writes it".into(),
            format!("{:.4}", first(&adam_wrong)),
            format!("{:.4e}", adam_wrong.value),
        ],
        vec![
            "Adam".into(),
            format!("{:.4}", first(&adam_right)),
            format!("{:.4e}", adam_right.value),
        ],
    ];
    Ok(Data::with_surface(Surface::of(&q))
        .table(
            "bias",
            table(&["run", "first step length", "final f"], &rows),
        )
        .run("momentum, 1 + βᵗ (the notebook)", wrong)
        .run("momentum, 1 − βᵗ", right)
        .run("Adam as the notebook writes it", adam_wrong)
        .run("Adam", adam_right))
}

/// The blog's Adagrad and RMSprop, with g² in the step, beside the real ones, on
/// x² + 100y².
fn squared() -> Result<Data, Error> {
    let q = Quadratic::ill_conditioned();
    let x0 = [-1.0, -1.0];
    // Stop a run once f exceeds 10⁴ (a hundred times f(x₀)): the written forms get
    // there within a few steps, and f would otherwise grow past 10¹⁰⁰.
    let stop = steps(50).diverge_above(1e4);
    let written_adagrad = AsWritten {
        lr: 0.1,
        rho: None,
        eps: 1e-8,
        squared: true,
    };
    let written_rmsprop = AsWritten {
        lr: 0.01,
        rho: Some(0.9),
        ..written_adagrad
    };
    let rms = RmsProp {
        alpha: 0.9,
        ..RmsProp::new(0.01)
    };
    Ok(
        Data::with_surface(Surface::of(&q).on(vec![(-3.0, 1.2), (-3.0, 1.2)]))
            .run(
                "Adagrad, η = 0.1",
                minimize(&Adagrad::new(0.1), &q, &x0, &stop)?,
            )
            .run(
                "Adagrad with g² (the blog)",
                minimize(&written_adagrad, &q, &x0, &stop)?,
            )
            .run("RMSprop, η = 0.01", minimize(&rms, &q, &x0, &stop)?)
            .run(
                "RMSprop with g² (the blog)",
                minimize(&written_rmsprop, &q, &x0, &stop)?,
            ),
    )
}

/// Adadelta with and without its numerator on the linear regression.
fn adadelta() -> Result<Data, Error> {
    let lr = crate::pages::linear_regression::data();
    let x0 = [0.0, 0.0];
    let stop = steps(500);
    let written = AsWritten {
        lr: 1.0,
        rho: Some(0.9),
        eps: 1e-6,
        squared: false,
    };
    let small = AsWritten {
        lr: 0.01,
        ..written
    };
    Ok(
        Data::with_surface(Surface::of(&lr).axes("a (slope)", "b (intercept)"))
            .run(
                "Adadelta, η = 1",
                minimize(&Adadelta::new(1.0), &lr, &x0, &stop)?,
            )
            .run(
                "the slides' Adadelta, η = 1",
                minimize(&written, &lr, &x0, &stop)?,
            )
            .run(
                "the slides' Adadelta, η = 0.01",
                minimize(&small, &lr, &x0, &stop)?,
            ),
    )
}

/// BFGS and Newton-CG on Rosenbrock from (4, −4.1), with the counts the notebook
/// prints under its cell headed "BFGS" (which runs Newton-CG).
fn bfgs_cell() -> Result<Data, Error> {
    let r = Rosenbrock::new();
    let x0 = r.start();
    let bfgs = minimize(
        &Bfgs::default(),
        &r,
        &x0,
        &bfgs_stop().record(Record::Values),
    )?;
    let ncg = minimize(
        &NewtonCg::default(),
        &r,
        &x0,
        &newton_cg_stop().record(Record::Values),
    )?;
    let row = |name: &str, run: &optim_core::Run| {
        vec![
            name.to_string(),
            run.iterations.to_string(),
            run.evals.value.to_string(),
            run.evals.gradient.to_string(),
            format!(
                "{} full, {} products",
                run.evals.hessian, run.evals.hessian_vector
            ),
            format!("({:.8}, {:.8})", run.x[0], run.x[1]),
            sci(run.value),
        ]
    };
    let rows = vec![
        vec![
            "the notebook's \"BFGS\" cell (printed)".into(),
            "26".into(),
            "38".into(),
            "63".into(),
            "26 full".into(),
            "(0.99999963, 0.99999926)".into(),
            "1.36e-13".into(),
        ],
        row("`NewtonCg::default()`", &ncg),
        row("`Bfgs::default()`", &bfgs),
    ];
    Ok(Data::default().table(
        "counts",
        table(
            &["run", "iterations", "f", "∇f", "∇²f", "final x", "final f"],
            &rows,
        ),
    ))
}

/// The studies of the page.
pub const STUDIES: &[StudyDef] = &[
    StudyDef {
        id: "errata-bias",
        run: bias,
    },
    StudyDef {
        id: "errata-squared",
        run: squared,
    },
    StudyDef {
        id: "errata-adadelta",
        run: adadelta,
    },
    StudyDef {
        id: "errata-bfgs",
        run: bfgs_cell,
    },
];

/// The figures of the page.
pub const FIGURES: &[Spec] = &[
    Spec::new(
        "errata-bias-correction",
        "errata-bias",
        View::Map(MapView::contours(Lv::Explicit(&LEVELS))),
        "momentum and Adam with the notebook's 1 + βᵗ and with 1 − βᵗ",
        "x² + 100y² from (−1, −1): momentum (α = 0.01, β = 0.9, 75 steps) and Adam \
         (α = 0.1, β₁ = β₂ = 0.9, 10 steps), each as the notebook writes it and as it \
         should be.",
    ),
    Spec::new(
        "errata-squared-gradient",
        "errata-squared",
        View::MapAndLoss(MapView::contours(Lv::Explicit(&LEVELS))),
        "Adagrad and RMSprop with g² in the step",
        "x² + 100y² from (−1, −1), 50 steps, a run stopping if f exceeds 10⁴. With g² \
         in the numerator every step is towards −∞ in each coordinate, whatever the sign \
         of the gradient: the written forms walk away from the minimum, ever faster, \
         and stop as diverged.",
    ),
    Spec::new(
        "errata-adadelta",
        "errata-adadelta",
        View::MapAndLoss(MapView::contours(Lv::Geometric(12))),
        "Adadelta with and without its numerator",
        "The linear regression's J(a, b) from (0, 0), 500 full-batch steps.",
    ),
];
