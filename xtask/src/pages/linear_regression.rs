//! The page `docs/linear-regression.md`: the running example of *Gradient Descent
//! Based Optimizers* — y = ax + b fitted by least squares — its data and loss, and the
//! paths of ten optimisers under one shared budget of per-sample gradients.

use ::landscapes::LinearRegression;
use first_order::{Adadelta, Adagrad, Adam, Adamax, RmsProp, Sgd};
use optim_core::{Method, MiniBatch, Objective, Record, Run, Stop, minimize, vector::distance};
use report::plotters::style::RGBColor;
use report::{Figure, LinePlot, Series};

use crate::Error;
use crate::catalogue::{Lv, MapView, Spec, View};
use crate::markdown::{sci, table};
use crate::study::{Data, StudyDef, Surface};

/// Samples.
const N: usize = 100;
/// The budget: per-sample gradients each method may use (100 passes over the data).
const BUDGET: usize = 100 * N;
/// The mini-batch size of the stochastic methods other than SGD.
const BATCH: usize = 10;

/// The data: y = 3x + 2 + 0.5ε, x uniform on [0, 1), seed 0.
pub fn data() -> LinearRegression {
    LinearRegression::generate(N, 3.0, 2.0, 0.5, 0)
}

fn base() -> Data {
    let lr = data();
    let [a, b] = lr.closed_form();
    Data::with_surface(Surface::of(&lr).axes("a (slope)", "b (intercept)"))
        .value("a", format!("{a:.4}"))
        .value("b", format!("{b:.4}"))
        .value("j", sci(lr.value(&[a, b])))
        .value("n", N)
        .value("budget", BUDGET)
        .value("batch", BATCH)
}

fn data_study() -> Result<Data, Error> {
    let lr = data();
    let (xs, ys) = lr.data();
    Ok(base().series("x", xs.to_vec()).series("y", ys.to_vec()))
}

fn data_figure(data: &Data) -> Result<Figure, Error> {
    let a: f64 = data.values["a"].parse()?;
    let b: f64 = data.values["b"].parse()?;
    let plot = LinePlot::new()
        .title("y = 3x + 2 + 0.5ε, N = 100, and the least-squares line")
        .labels("x", "y")
        .series(
            Series::xy(data.get("x")?.to_vec(), data.get("y")?.to_vec())?
                .color(RGBColor(31, 119, 180))
                .points_only()
                .label("data"),
        )
        .series(
            Series::xy(vec![0.0, 1.0], vec![b, a + b])?
                .color(RGBColor(214, 39, 40))
                .width(3)
                .label(format!("y = {a:.3}x + {b:.3}")),
        );
    Ok(Figure::new(640, 460)?.panel(plot))
}

/// `steps` steps of `method` on batches of `batch` samples (all N: the exact
/// gradient), from (0, 0).
fn path<M: for<'a> Method<MiniBatch<LinearRegression>> + ?Sized>(
    method: &M,
    batch: usize,
) -> Result<Run, Error> {
    let objective = MiniBatch::new(data(), batch, 0)?;
    // The first gradient, at the start, is part of the budget.
    let stop = Stop::exactly(BUDGET / batch - 1).record(Record::All);
    Ok(minimize(method, &objective, &[0.0, 0.0], &stop)?)
}

fn paths() -> Result<Data, Error> {
    let momentum = Sgd {
        momentum: 0.9,
        ..Sgd::new(0.1)
    };
    let nag = Sgd {
        nesterov: true,
        ..momentum
    };
    let runs = [
        ("batch GD, η = 1", path(&Sgd::new(1.0), N)?, N),
        ("SGD, η = 0.05", path(&Sgd::new(0.05), 1)?, 1),
        (
            "mini-batch GD, η = 0.5",
            path(&Sgd::new(0.5), BATCH)?,
            BATCH,
        ),
        ("momentum, η = 0.1, μ = 0.9", path(&momentum, BATCH)?, BATCH),
        ("NAG, η = 0.1, μ = 0.9", path(&nag, BATCH)?, BATCH),
        ("Adagrad, η = 1", path(&Adagrad::new(1.0), BATCH)?, BATCH),
        ("Adadelta, η = 1", path(&Adadelta::new(1.0), BATCH)?, BATCH),
        (
            "RMSprop, η = 0.05",
            path(&RmsProp::new(0.05), BATCH)?,
            BATCH,
        ),
        ("Adam, η = 0.1", path(&Adam::new(0.1), BATCH)?, BATCH),
        ("AdaMax, η = 0.1", path(&Adamax::new(0.1), BATCH)?, BATCH),
    ];
    let lr = data();
    let theta = lr.closed_form();
    let rows: Vec<Vec<String>> = runs
        .iter()
        .map(|(label, run, batch)| {
            vec![
                label.to_string(),
                batch.to_string(),
                run.iterations.to_string(),
                (run.evals.gradient * batch).to_string(),
                format!("({:.4}, {:.4})", run.x[0], run.x[1]),
                format!("{:.6}", lr.value(&run.x)),
                sci(distance(&run.x, &theta)),
            ]
        })
        .collect();
    let mut data = base().table(
        "paths",
        table(
            &[
                "method",
                "batch",
                "steps",
                "per-sample gradients",
                "final (a, b)",
                "J(a, b)",
                "to the least-squares (a, b)",
            ],
            &rows,
        ),
    );
    for (label, run, _) in runs {
        data = data.run(label, run);
    }
    Ok(data)
}

/// The studies of the page.
pub const STUDIES: &[StudyDef] = &[
    StudyDef {
        id: "linreg",
        run: data_study,
    },
    StudyDef {
        id: "linreg-paths",
        run: paths,
    },
];

/// The figures of the page.
pub const FIGURES: &[Spec] = &[
    Spec::new(
        "linreg-data",
        "linreg",
        View::Custom(data_figure),
        "the data and the least-squares line",
        "The 100 samples and the least-squares line from the normal equations, \
         (a, b) = ({{value linreg.a}}, {{value linreg.b}}).",
    )
    .no_table(),
    Spec::new(
        "linreg-loss",
        "linreg",
        View::Map(MapView::contours(Lv::Geometric(12))),
        "contours of the loss J(a, b)",
        "J(a, b) = (1/2N)·Σ(axᵢ + b − yᵢ)², a convex quadratic: elliptic contours \
         around the closed-form minimum (star), J = {{value linreg.j}}.",
    )
    .no_table(),
    Spec::new(
        "linreg-paths",
        "linreg-paths",
        View::Map(MapView::contours(Lv::Geometric(12)).size(760, 640)),
        "paths of ten optimisers on J(a, b)",
        "The ten paths from (0, 0), each within {{value linreg.budget}} per-sample \
         gradients.",
    )
    .no_table(),
];
