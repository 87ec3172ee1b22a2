//! The page `docs/curvature.md`: curvature approximations on real networks — the
//! teacher–student comparison of K-FAC with Adam, SGD with momentum, diagonal and
//! block-diagonal preconditioning and Hessian-free Gauss–Newton; the noisy two-moons
//! classifier of *A journey into optimization algorithms*; a small network's Hessian
//! beside its approximations; and the second-order methods side by side.

use std::ops::ControlFlow;

use ::landscapes::{Activation, Landscape, Mlp, Supervision};
use first_order::{AdaBelief, Adadelta, Adagrad, Adam, Adamax, NAdam, RmsProp, Sgd};
use optim_core::{
    Hessian, Layered, Method, Objective, Progress, Record, Run, Stop, minimize, minimize_with,
};
use rayon::prelude::*;
use report::plotters::style::RGBColor;
use report::{
    Colormap, Figure, Grid, HeatMap, LinePlot, Map, MarkerShape, Path, Scatter, Series, YScale,
};
use second_order::{
    Bfgs, BlockDiagonal, GaussNewtonCg, HessianDiagonal, Hutchinson, Kfac, Lbfgs, NeuronFisher,
    Newton, NewtonCg, Partition, PreconditionedDescent, TrustRegion, approximation_at,
    relative_frobenius_error,
};

use crate::Error;
use crate::catalogue::{Spec, View};
use crate::markdown::{sci, table};
use crate::study::{Data, StudyDef, evaluations};
use crate::views::run_color;

/// Iterations of the teacher–student comparison.
const STEPS: usize = 300;
/// Training samples of the teacher–student problem (one full batch).
const SAMPLES: usize = 256;

/// The teacher–student student: 8-64-64-4 tanh, squared error, N = 256, seed 0.
fn student() -> Result<Mlp, Error> {
    Ok(Mlp::teacher_student(SAMPLES, 0)?)
}

/// One configuration of the comparison: a method's label, the learning rate tried,
/// and its run.
struct Trial {
    method: &'static str,
    lr: f64,
    run: Run,
}

fn trial<M: for<'a> Method<Mlp> + ?Sized>(
    method: &'static str,
    lr: f64,
    m: &M,
) -> Result<Trial, Error> {
    let f = student()?;
    let stop = Stop::exactly(STEPS);
    let run = minimize(m, &f, &f.start(), &stop)?;
    Ok(Trial { method, lr, run })
}

/// The learning rates tried, per method.
const ADAM: [f64; 5] = [1e-3, 3e-3, 1e-2, 3e-2, 1e-1];
const MOMENTUM: [f64; 5] = [1e-2, 3e-2, 1e-1, 3e-1, 1.0];
const PRECONDITIONED: [f64; 5] = [0.01, 0.03, 0.1, 0.3, 1.0];
/// Hessian-free Gauss–Newton's: each of its runs costs several thousand products.
const GAUSS_NEWTON: [f64; 2] = [0.5, 1.0];
/// The diagonal and block-diagonal approximations are refreshed every this many
/// steps: at every step they would cost 5 and 20 times K-FAC's time.
const REFRESH: usize = 5;
/// Hessian-free Gauss–Newton's CG iterations per step, at most.
const CG: usize = 20;

/// Every (method, learning rate) of the grid, run in parallel.
fn grid() -> Result<Vec<Trial>, Error> {
    let mut jobs: Vec<(&'static str, f64)> = Vec::new();
    for lr in ADAM {
        jobs.push(("Adam", lr));
    }
    for lr in MOMENTUM {
        jobs.push(("SGD, momentum 0.9", lr));
    }
    for lr in PRECONDITIONED {
        jobs.push(("K-FAC", lr));
        jobs.push(("diagonal (Hutchinson, 10 probes)", lr));
        jobs.push(("block-diagonal (per-neuron Fisher)", lr));
    }
    for lr in GAUSS_NEWTON {
        jobs.push(("Hessian-free Gauss–Newton", lr));
    }
    jobs.par_iter()
        .map(|&(method, lr)| match method {
            "Adam" => trial(method, lr, &Adam::new(lr)),
            "SGD, momentum 0.9" => trial(
                method,
                lr,
                &Sgd {
                    momentum: 0.9,
                    ..Sgd::new(lr)
                },
            ),
            "K-FAC" => trial(
                method,
                lr,
                &PreconditionedDescent {
                    lr,
                    ..PreconditionedDescent::new(Kfac::default())
                },
            ),
            "diagonal (Hutchinson, 10 probes)" => trial(
                method,
                lr,
                &PreconditionedDescent {
                    lr,
                    refresh_every: REFRESH,
                    ..PreconditionedDescent::new(Hutchinson::new(10))
                },
            ),
            "block-diagonal (per-neuron Fisher)" => trial(
                method,
                lr,
                &PreconditionedDescent {
                    lr,
                    refresh_every: REFRESH,
                    ..PreconditionedDescent::new(NeuronFisher::default())
                },
            ),
            _ => trial(
                method,
                lr,
                &PreconditionedDescent {
                    lr,
                    ..PreconditionedDescent::new(GaussNewtonCg {
                        cg_max_iter: CG,
                        ..GaussNewtonCg::default()
                    })
                },
            ),
        })
        .collect()
}

fn teacher_student() -> Result<Data, Error> {
    let trials = grid()?;
    let mut methods: Vec<&'static str> = Vec::new();
    for t in &trials {
        if !methods.contains(&t.method) {
            methods.push(t.method);
        }
    }
    // The best learning rate of each method by its final training loss.
    let best: Vec<&Trial> = methods
        .iter()
        .filter_map(|m| {
            trials
                .iter()
                .filter(|t| t.method == *m && t.run.value.is_finite())
                .min_by(|a, b| a.run.value.total_cmp(&b.run.value))
        })
        .collect();
    let kfac = best
        .iter()
        .find(|t| t.method == "K-FAC")
        .ok_or("K-FAC ran")?
        .run
        .value;
    let adam = best
        .iter()
        .find(|t| t.method == "Adam")
        .ok_or("Adam ran")?
        .run
        .value;
    let rows: Vec<Vec<String>> = best
        .iter()
        .map(|t| {
            let tried: Vec<String> = trials
                .iter()
                .filter(|u| u.method == t.method)
                .map(|u| format!("{} → {}", u.lr, sci(u.run.value)))
                .collect();
            vec![
                t.method.to_string(),
                tried.join(", "),
                t.lr.to_string(),
                format!("{:.3e}", t.run.value),
                sci(t.run.value / kfac),
                // Hutchinson's are Hessian-vector products, Gauss–Newton's its own.
                evaluations(&t.run, "products"),
            ]
        })
        .collect();
    let f = student()?;
    let mut data = Data::default()
        .value("n", f.dim())
        .value("samples", SAMPLES)
        .value("steps", STEPS)
        .value("kfac", format!("{kfac:.2e}"))
        .value("adam", format!("{adam:.2e}"))
        .value("ratio", format!("{:.0}", adam / kfac))
        .value("f0", format!("{:.3}", f.value(&f.start())))
        .value("refresh", REFRESH)
        .value("cg", CG)
        .value("grid_adam", list(&ADAM))
        .value("grid_momentum", list(&MOMENTUM))
        .value("grid_preconditioned", list(&PRECONDITIONED))
        .value("grid_gauss_newton", list(&GAUSS_NEWTON))
        .table(
            "grid",
            table(
                &[
                    "method",
                    "learning rate → final loss",
                    "best",
                    "final training loss",
                    "÷ K-FAC's",
                    "evaluations",
                ],
                &rows,
            ),
        );
    for t in best {
        data = data.run(format!("{}, η = {}", t.method, t.lr), t.run.clone());
    }
    Ok(data)
}

/// "0.25, 0.5, 1".
fn list(values: &[f64]) -> String {
    let v: Vec<String> = values.iter().map(|v| v.to_string()).collect();
    v.join(", ")
}

/// The loss curves of a study's runs, on a log axis.
fn loss_curves(data: &Data) -> Result<Figure, Error> {
    Ok(Figure::new(760, 520)?.panel(crate::views::losses(data, true, None)))
}

/// The two-moons classifier: 2-16-16-2 tanh, softmax cross-entropy, 200 points,
/// noise 0.2, seed 0.
fn moons() -> Result<Mlp, Error> {
    Ok(Mlp::two_moons(&[16, 16], Activation::Tanh, 200, 0.2, 0)?)
}

/// Full-batch training runs of the document's optimisers and K-FAC on the moons.
fn noisy_moons() -> Result<Data, Error> {
    let f = moons()?;
    let x0 = f.start();
    let stop = Stop::exactly(STEPS).record(Record::Values);
    let momentum = Sgd {
        momentum: 0.9,
        ..Sgd::new(0.1)
    };
    let nag = Sgd {
        nesterov: true,
        ..momentum
    };
    let kfac = PreconditionedDescent::new(Kfac::default());
    let runs: Vec<(String, Run)> = vec![
        (
            "SGD, η = 0.5".into(),
            minimize(&Sgd::new(0.5), &f, &x0, &stop)?,
        ),
        (
            "momentum, η = 0.1, μ = 0.9".into(),
            minimize(&momentum, &f, &x0, &stop)?,
        ),
        (
            "NAG, η = 0.1, μ = 0.9".into(),
            minimize(&nag, &f, &x0, &stop)?,
        ),
        (
            "Adagrad, η = 0.1".into(),
            minimize(&Adagrad::new(0.1), &f, &x0, &stop)?,
        ),
        (
            "Adadelta, η = 1".into(),
            minimize(&Adadelta::new(1.0), &f, &x0, &stop)?,
        ),
        (
            "RMSprop, η = 0.01".into(),
            minimize(&RmsProp::new(0.01), &f, &x0, &stop)?,
        ),
        (
            "Adam, η = 0.01".into(),
            minimize(&Adam::new(0.01), &f, &x0, &stop)?,
        ),
        (
            "AdaMax, η = 0.02".into(),
            minimize(&Adamax::new(0.02), &f, &x0, &stop)?,
        ),
        (
            "NAdam, η = 0.01".into(),
            minimize(&NAdam::new(0.01), &f, &x0, &stop)?,
        ),
        (
            "AdaBelief, η = 0.01".into(),
            minimize(&AdaBelief::new(0.01), &f, &x0, &stop)?,
        ),
        ("K-FAC".into(), minimize(&kfac, &f, &x0, &stop)?),
    ];
    let boundary = runs.last().map(|(_, r)| r.x.clone()).ok_or("K-FAC ran")?;
    let accuracy = accuracy(&f, &boundary)?;
    let mut data = Data::default()
        .value("params", f.dim())
        .value("accuracy", format!("{:.1}", 100.0 * accuracy))
        .series("boundary", boundary);
    for (label, run) in runs {
        data = data.run(label, run);
    }
    Ok(data)
}

/// The fraction of the moons a model classifies right.
fn accuracy(f: &Mlp, x: &[f64]) -> Result<f64, Error> {
    let data = f.data();
    let Supervision::Labels { labels, .. } = &data.targets else {
        return Err("the moons are labelled".into());
    };
    let logits = f.predict(x, &data.inputs)?;
    let right = labels
        .iter()
        .enumerate()
        .filter(|(i, y)| {
            let (z0, z1) = (logits[2 * i], logits[2 * i + 1]);
            usize::from(z1 > z0) == **y
        })
        .count();
    Ok(right as f64 / labels.len() as f64)
}

/// Loss curves beside the K-FAC model's decision boundary over the data.
fn noisy_moons_figure(data: &Data) -> Result<Figure, Error> {
    let f = moons()?;
    let x = data.get("boundary")?;
    let (xr, yr) = ((-1.5, 2.5), (-1.0, 1.5));
    let (nx, ny) = (160, 100);
    let mut inputs = Vec::with_capacity(2 * nx * ny);
    let xs = report::linspace(xr.0, xr.1, nx);
    let ys = report::linspace(yr.0, yr.1, ny);
    for &b in &ys {
        for &a in &xs {
            inputs.extend([a, b]);
        }
    }
    let logits = f.predict(x, &inputs)?;
    let p: Vec<f64> = logits
        .chunks(2)
        .map(|z| 1.0 / (1.0 + (z[0] - z[1]).exp()))
        .collect();
    let grid = Grid::from_values(xr, yr, nx, ny, p)?;
    let moons = f.data();
    let Supervision::Labels { labels, .. } = &moons.targets else {
        return Err("the moons are labelled".into());
    };
    let points = |class: usize| -> Vec<(f64, f64)> {
        labels
            .iter()
            .enumerate()
            .filter(|(_, y)| **y == class)
            .map(|(i, _)| (moons.inputs[2 * i], moons.inputs[2 * i + 1]))
            .collect()
    };
    let map = Map::new(xr, yr)?
        .title("K-FAC's classifier: P(class 1)")
        .heatmap(
            HeatMap::new(grid)
                .colormap(Colormap::Diverging)
                .range(0.0, 1.0)
                .label("P(class 1)"),
        )
        // White and black points: visible on either side of the boundary, so that a
        // misclassified point shows.
        .scatter(
            Scatter::new(points(0))
                .shape(MarkerShape::Circle)
                .color(RGBColor(255, 255, 255))
                .size(7)
                .label("class 0"),
        )
        .scatter(
            Scatter::new(points(1))
                .shape(MarkerShape::Triangle)
                .color(RGBColor(0, 0, 0))
                .size(7)
                .label("class 1"),
        );
    Ok(Figure::new(1400, 560)?
        .panel(crate::views::losses(data, true, None).title("training loss per step"))
        .panel(map))
}

/// The small two-moons network whose Hessian is drawn: 2-4-4-2 tanh (42 parameters).
fn small() -> Result<Mlp, Error> {
    Ok(Mlp::two_moons(&[4, 4], Activation::Tanh, 200, 0.2, 0)?)
}

/// The exact Hessian, the Gauss–Newton matrix and four approximations of the small
/// network, at three points of a K-FAC training run; their relative Frobenius errors.
fn hessian_approximations() -> Result<Data, Error> {
    let f = small()?;
    let n = f.dim();
    let run = minimize(
        &PreconditionedDescent::new(Kfac::default()),
        &f,
        &f.start(),
        &Stop::exactly(STEPS).record(Record::All),
    )?;
    let at = [0usize, 30, STEPS];
    let mut rows = Vec::new();
    // Between the last parameter of one layer and the first of the next.
    let boundaries: Vec<f64> = f.layers()[1..]
        .iter()
        .map(|l| l.offset as f64 - 0.5)
        .collect();
    let mut data = Data::default()
        .value("n", n)
        .series("boundaries", boundaries);
    for &k in &at {
        let x = run.trace.x(k).ok_or("the run kept its iterates")?.to_vec();
        let mut h = vec![0.0; n * n];
        f.hessian(&x, &mut h);
        let g = approximation_at(&GaussNewtonCg::default(), &f, &x)?;
        let approximations: [(&str, Vec<f64>); 4] = [
            ("diagonal", approximation_at(&HessianDiagonal, &f, &x)?),
            (
                "block-diagonal (per layer)",
                approximation_at(
                    &BlockDiagonal::new(Partition::per_layer(f.layers())),
                    &f,
                    &x,
                )?,
            ),
            (
                "per-neuron Fisher",
                approximation_at(&NeuronFisher::default(), &f, &x)?,
            ),
            ("K-FAC", approximation_at(&Kfac::default(), &f, &x)?),
        ];
        let mut row = vec![
            k.to_string(),
            format!("{:.4}", f.value(&x)),
            format!("{:.3}", relative_frobenius_error(&g, &h)?),
        ];
        for (_, a) in &approximations {
            row.push(format!(
                "{:.3} / {:.3}",
                relative_frobenius_error(a, &h)?,
                relative_frobenius_error(a, &g)?
            ));
        }
        rows.push(row);
        if k == STEPS {
            data = data.series("H", h).series("G", g);
            for (name, a) in approximations {
                data = data.series(name, a);
            }
        }
    }
    Ok(data.table(
        "errors",
        table(
            &[
                "K-FAC iteration",
                "f",
                "Gauss–Newton vs H",
                "diagonal vs H / vs G",
                "block-diagonal (per layer)",
                "per-neuron Fisher",
                "K-FAC",
            ],
            &rows,
        ),
    ))
}

/// An n×n column-major matrix as a heat map, entry (i, j) a square at column j, row i
/// (row 0 at the top, as printed), with thin lines between the layers' blocks.
fn matrix_map(
    m: &[f64],
    n: usize,
    title: String,
    reach: f64,
    boundaries: &[f64],
) -> Result<Map, Error> {
    // Grid point (x = j, y = i) holds m[i, j]; grid rows are y.
    let mut values = vec![0.0; n * n];
    for i in 0..n {
        for j in 0..n {
            values[i * n + j] = m[j * n + i];
        }
    }
    let last = (n - 1) as f64;
    let grid = Grid::from_values((0.0, last), (0.0, last), n, n, values)?;
    let side = (-0.5, last + 0.5);
    let mut map = Map::new(side, side)?
        .title(title)
        .labels("column j", "row i")
        .heatmap(
            HeatMap::new(grid)
                .colormap(Colormap::Diverging)
                .range(-reach, reach)
                .cells(true)
                .label("entry"),
        )
        .y_downwards(true)
        .equal_axes(true);
    for &b in boundaries {
        let grey = RGBColor(90, 90, 90);
        for line in [
            vec![(b, side.0), (b, side.1)],
            vec![(side.0, b), (side.1, b)],
        ] {
            map = map.path(Path::new(line).color(grey).width(1).endpoints(false));
        }
    }
    Ok(map)
}

fn hessian_figure(data: &Data) -> Result<Figure, Error> {
    let n: usize = data.values["n"].parse()?;
    let h = data.get("H")?;
    let boundaries = data.get("boundaries")?;
    // One colour scale for all panels: saturate at the 99th percentile of |H|.
    let mut mags: Vec<f64> = h.iter().map(|v| v.abs()).collect();
    mags.sort_by(f64::total_cmp);
    let reach = mags[mags.len() * 99 / 100].max(f64::MIN_POSITIVE);
    let mut figure = Figure::new(1500, 920)?.columns(3);
    figure = figure.panel(matrix_map(h, n, "Hessian H".into(), reach, boundaries)?);
    for (key, name) in [
        ("G", "Gauss–Newton G"),
        ("diagonal", "diagonal"),
        ("block-diagonal (per layer)", "block-diagonal (per layer)"),
        ("per-neuron Fisher", "per-neuron Fisher"),
        ("K-FAC", "K-FAC"),
    ] {
        let m = data.get(key)?;
        let err = relative_frobenius_error(m, h)?;
        figure = figure.panel(matrix_map(
            m,
            n,
            format!("{name}: ‖·−H‖/‖H‖ = {err:.2}"),
            reach,
            boundaries,
        )?);
    }
    Ok(figure.same_plot_size(true))
}

/// The second-order methods of the toolkit on the small network, with the wall time
/// of every iteration (observed, so that the figure can draw loss against time).
fn comparison() -> Result<Data, Error> {
    let f = small()?;
    let x0 = f.start();
    let stop = Stop::exactly(100);
    fn timed<M: for<'a> Method<Mlp> + ?Sized>(
        m: &M,
        f: &Mlp,
        x0: &[f64],
        stop: &Stop,
    ) -> Result<(Run, Vec<f64>), Error> {
        let mut times = vec![0.0];
        let mut observe = |p: &Progress<'_>| {
            times.push(p.elapsed().as_secs_f64());
            ControlFlow::Continue(())
        };
        let run = minimize_with(m, f, x0, stop, &mut observe)?;
        Ok((run, times))
    }
    let runs = vec![
        ("Newton", timed(&Newton::pure(), &f, &x0, &stop)?),
        (
            "damped Newton, η = 0.5",
            timed(&Newton::damped(0.5), &f, &x0, &stop)?,
        ),
        (
            "Newton, Armijo line search",
            timed(&Newton::default(), &f, &x0, &stop)?,
        ),
        (
            "trust-region Newton (Moré–Sorensen)",
            timed(&TrustRegion::exact(), &f, &x0, &stop)?,
        ),
        ("BFGS", timed(&Bfgs::default(), &f, &x0, &stop)?),
        ("L-BFGS", timed(&Lbfgs::default(), &f, &x0, &stop)?),
        ("Newton-CG", timed(&NewtonCg::default(), &f, &x0, &stop)?),
        (
            "diagonal preconditioning",
            timed(&PreconditionedDescent::new(HessianDiagonal), &f, &x0, &stop)?,
        ),
        (
            "block-diagonal (per layer)",
            timed(
                &PreconditionedDescent::new(BlockDiagonal::new(Partition::per_layer(f.layers()))),
                &f,
                &x0,
                &stop,
            )?,
        ),
        (
            "K-FAC",
            timed(&PreconditionedDescent::new(Kfac::default()), &f, &x0, &stop)?,
        ),
    ];
    let mut data = Data::default();
    for (label, (run, times)) in runs {
        data = data.series(label, times).run(label, run);
    }
    Ok(data)
}

/// Loss against iterations, and against wall time.
fn comparison_figure(data: &Data) -> Result<Figure, Error> {
    let mut by_time = LinePlot::new()
        .title("f against wall time")
        .labels("seconds", "f")
        .y_scale(YScale::Log);
    let n = data.runs.len();
    for (i, l) in data.runs.iter().enumerate() {
        let t = data.get(&l.label)?;
        let values = l.run.trace.values();
        let k = t.len().min(values.len());
        let points: Vec<(f64, f64)> = t[..k]
            .iter()
            .zip(&values[..k])
            .filter(|(_, v)| **v > 0.0 && v.is_finite())
            .map(|(a, b)| (*a, *b))
            .collect();
        let (xs, ys): (Vec<f64>, Vec<f64>) = points.into_iter().unzip();
        if let Ok(s) = Series::xy(xs, ys) {
            by_time = by_time.series(s.color(run_color(i, n)));
        }
    }
    Ok(Figure::new(1400, 560)?
        .panel(crate::views::losses(data, true, None))
        .panel(by_time)
        .same_plot_size(true))
}

/// The studies of the page.
pub const STUDIES: &[StudyDef] = &[
    StudyDef {
        id: "teacher-student",
        run: teacher_student,
    },
    StudyDef {
        id: "noisy-moons",
        run: noisy_moons,
    },
    StudyDef {
        id: "hessian-approximations",
        run: hessian_approximations,
    },
    StudyDef {
        id: "second-order-comparison",
        run: comparison,
    },
];

/// The figures of the page.
pub const FIGURES: &[Spec] = &[
    Spec::new(
        "teacher-student",
        "teacher-student",
        View::Custom(loss_curves),
        "training loss of six methods on the teacher–student network",
        "The training loss per iteration of each method at its best learning rate.",
    )
    .no_table(),
    Spec::new(
        "noisy-moons",
        "noisy-moons",
        View::Custom(noisy_moons_figure),
        "training loss on noisy two moons, and the learnt decision boundary",
        "Left: the training loss of the 2-16-16-2 classifier ({{value noisy-moons.params}} \
         parameters) per full-batch step. Right: K-FAC's classifier after 300 steps, \
         P(class 1) over the plane, with the 200 points; it classifies \
         {{value noisy-moons.accuracy}} % of them right.",
    ),
    Spec::new(
        "hessian-approximations",
        "hessian-approximations",
        View::Custom(hessian_figure),
        "a network's Hessian beside its approximations",
        "The {{value hessian-approximations.n}} × {{value hessian-approximations.n}} \
         Hessian of the 2-4-4-2 classifier after 300 K-FAC steps, its Gauss–Newton \
         matrix and four approximations, on one colour scale (saturating at the 99th \
         percentile of |H|).",
    )
    .no_table(),
    Spec::new(
        "second-order-comparison",
        "second-order-comparison",
        View::Custom(comparison_figure),
        "loss against iterations and wall time for the second-order methods",
        "The 2-4-4-2 classifier, 100 iterations of each method from the same start. The \
         wall times are this run's (they change from run to run; the page prints none).",
    ),
];
