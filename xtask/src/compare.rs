//! `cargo xtask compare`: the toolkit's solvers beside argmin 0.11's on the same
//! problems, from the same starts, under one stopping test (‖∇f‖₂ ≤ 1e-6 or the
//! problem's iteration budget), written to `docs/comparison.md` and
//! `docs/figures/comparison.png`.
//!
//! Unlike `cargo xtask figures`, this page prints wall times, so it is a measurement
//! of one run on one machine, not a deterministic page: the staleness test leaves it
//! out, and [`pairs`] without timing is what the tests compare with direct runs.

use std::time::Duration;

use argmin_adapters::nalgebra::{DVector, NalgebraProblem};
use argmin_adapters::{ArgminHessianFree, ArgminProblem, ArgminRun, minimize_argmin, solvers};
use landscapes::{Activation, Beale, Landscape, Mlp, Quadratic, Rosenbrock, Wells};
use optim_core::vector::distance;
use optim_core::{Evals, Hessian, Method, Record, Run, Stop, StopReason, minimize};
use report::{Figure, LinePlot, Series, YScale};
use second_order::{Bfgs, Lbfgs, Newton, NewtonCg, SteepestDescent, TrustRegion};

use crate::Error;
use crate::markdown::table;

/// The comparison's gradient tolerance.
pub const GRAD_TOL: f64 = 1e-6;

/// One side of a pair: a solver's run (or, over many starts, its runs) on a problem.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The solver.
    pub solver: String,
    /// How many starts, and how many of them met ‖∇f‖ ≤ 1e-6.
    pub starts: usize,
    /// Runs that met the common test.
    pub converged: usize,
    /// Iterations (the median over the starts).
    pub iterations: usize,
    /// Evaluations (summed over the starts).
    pub evals: Evals,
    /// Final f and ‖∇f‖ (the medians over the starts).
    pub value: f64,
    /// See `value`.
    pub grad_norm: f64,
    /// Distance from the final x to the nearest known minimiser (median); `None` when
    /// the problem has none on record.
    pub distance: Option<f64>,
    /// Why the run ended (the most frequent reason over the starts), with argmin's own
    /// words for argmin's runs.
    pub stop: String,
    /// Wall time: the median of repeated runs for one start (zero without timing), the
    /// sum over the starts for many.
    pub time: Duration,
    /// The final x of a single-start run of at most 1 000 parameters.
    pub x: Option<Vec<f64>>,
}

/// A problem and one method family, ours beside argmin's.
#[derive(Debug, Clone)]
pub struct Pair {
    /// The problem's label.
    pub problem: String,
    /// The family (L-BFGS, Newton-CG, ...).
    pub family: &'static str,
    /// Ours, where the toolkit has a method of the family.
    pub ours: Option<Outcome>,
    /// argmin's.
    pub argmin: Option<Outcome>,
}

/// What to run.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Repeat short runs and keep the median time (otherwise one run, time as it came).
    pub timing: bool,
    /// Leave out the problems of n ≥ 10⁵ (for tests).
    pub small_only: bool,
}

/// Runs `run` from every start and summarises; with `timing`, a single start is run
/// again (up to 7 times in all, while the total stays under 2 s) and its median time
/// kept.
fn measure(
    starts: &[Vec<f64>],
    minimisers: &[Vec<f64>],
    timing: bool,
    run: impl Fn(&[f64]) -> Result<(Run, String), Error>,
) -> Result<Outcome, Error> {
    let mut runs = Vec::with_capacity(starts.len());
    for x0 in starts {
        runs.push(run(x0)?);
    }
    let mut time: Duration = runs.iter().map(|(r, _)| r.elapsed).sum();
    if timing && starts.len() == 1 {
        let mut times = vec![runs[0].0.elapsed];
        let mut spent = runs[0].0.elapsed;
        while times.len() < 7 && spent < Duration::from_secs(2) {
            let (r, _) = run(&starts[0])?;
            spent += r.elapsed;
            times.push(r.elapsed);
        }
        times.sort();
        time = times[times.len() / 2];
    }
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let mut reasons: Vec<(String, usize)> = Vec::new();
    for (_, why) in &runs {
        match reasons.iter_mut().find(|(w, _)| w == why) {
            Some((_, k)) => *k += 1,
            None => reasons.push((why.clone(), 1)),
        }
    }
    reasons.sort_by_key(|r| std::cmp::Reverse(r.1));
    let stop = if runs.len() == 1 {
        reasons[0].0.clone()
    } else {
        reasons
            .iter()
            .map(|(w, k)| format!("{k}× {w}"))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let distance = (!minimisers.is_empty()).then(|| {
        median(
            runs.iter()
                .map(|(r, _)| {
                    minimisers
                        .iter()
                        .map(|m| distance(&r.x, m))
                        .fold(f64::INFINITY, f64::min)
                })
                .collect(),
        )
    });
    let mut iterations: Vec<usize> = runs.iter().map(|(r, _)| r.iterations).collect();
    iterations.sort_unstable();
    Ok(Outcome {
        solver: runs[0].0.method.to_string(),
        starts: runs.len(),
        converged: runs
            .iter()
            .filter(|(r, _)| r.grad_norm <= GRAD_TOL && r.value.is_finite())
            .count(),
        iterations: iterations[iterations.len() / 2],
        evals: runs.iter().fold(Evals::default(), |e, (r, _)| e + r.evals),
        value: median(runs.iter().map(|(r, _)| r.value).collect()),
        grad_norm: median(runs.iter().map(|(r, _)| r.grad_norm).collect()),
        distance,
        stop,
        time,
        x: (runs.len() == 1 && runs[0].0.x.len() <= 1000).then(|| runs[0].0.x.clone()),
    })
}

/// Our stop reason in a few words.
fn ours_why(r: &Run) -> String {
    match r.stop {
        StopReason::GradientTolerance => "‖∇f‖ ≤ 1e-6".into(),
        StopReason::MaxIterations => "budget spent".into(),
        other => format!("{other:?}"),
    }
}

/// argmin's run with its own words.
fn argmin_why(r: &ArgminRun) -> String {
    match r.run.stop {
        StopReason::GradientTolerance => "‖∇f‖ ≤ 1e-6".into(),
        StopReason::MaxIterations => "budget spent".into(),
        _ => format!("argmin: {}", r.reason),
    }
}

/// One problem: its label, the objective, its starts and known minimisers, its budget.
struct Case<'a, O> {
    label: String,
    f: &'a O,
    starts: Vec<Vec<f64>>,
    minimisers: Vec<Vec<f64>>,
    budget: usize,
}

/// Every family on one problem. The dense methods run up to n = 100: argmin's BFGS
/// updates its inverse Hessian with n×n matrix–matrix products and its Newton and
/// dogleg invert the Hessian (nalgebra) at every iteration, O(n³) each, which at
/// n = 1 000 takes minutes per run. Nelder–Mead runs up to n = 10.
fn families<O>(case: &Case<'_, O>, timing: bool) -> Result<Vec<Pair>, Error>
where
    O: Hessian,
{
    let f = case.f;
    let n = f.dim();
    let dense = n <= 100;
    let stop = Stop::after(case.budget)
        .grad_tol(GRAD_TOL)
        .record(Record::Off);
    let ours = |m: &dyn Fn(&[f64]) -> Result<Run, optim_core::Error>| {
        measure(&case.starts, &case.minimisers, timing, |x0| {
            let r = m(x0)?;
            let why = ours_why(&r);
            Ok((r, why))
        })
    };
    let theirs = |m: &dyn Fn(&[f64]) -> Result<ArgminRun, optim_core::Error>| {
        measure(&case.starts, &case.minimisers, timing, |x0| {
            let r = m(x0)?;
            let why = argmin_why(&r);
            Ok((r.run, why))
        })
    };
    fn run<M: Method<O>, O: optim_core::Objective + ?Sized>(
        m: &M,
        f: &O,
        x0: &[f64],
        stop: &Stop,
    ) -> Result<Run, optim_core::Error> {
        minimize(m, f, x0, stop)
    }
    let identity = |n: usize| -> Vec<Vec<f64>> {
        (0..n)
            .map(|i| (0..n).map(|j| f64::from(u8::from(i == j))).collect())
            .collect()
    };
    let hf = ArgminHessianFree::new(f);
    let mut pairs = Vec::new();
    let mut pair = |family: &'static str, ours: Option<Outcome>, argmin: Option<Outcome>| {
        pairs.push(Pair {
            problem: case.label.clone(),
            family,
            ours,
            argmin,
        });
    };
    pair(
        "steepest descent",
        Some(ours(&|x0| run(&SteepestDescent::default(), f, x0, &stop))?),
        Some(theirs(&|x0| {
            minimize_argmin(
                ArgminProblem(f),
                solvers::steepest_descent(),
                "SteepestDescent",
                x0.to_vec(),
                |s| s,
                &stop,
            )
        })?),
    );
    pair(
        "nonlinear CG",
        None,
        Some(theirs(&|x0| {
            minimize_argmin(
                ArgminProblem(f),
                solvers::nonlinear_cg(),
                "NonlinearConjugateGradient",
                x0.to_vec(),
                |s| s,
                &stop,
            )
        })?),
    );
    if dense {
        pair(
            "BFGS",
            Some(ours(&|x0| run(&Bfgs::default(), f, x0, &stop))?),
            Some(theirs(&|x0| {
                minimize_argmin(
                    ArgminProblem(f),
                    solvers::bfgs(),
                    "BFGS",
                    x0.to_vec(),
                    |s| s.inv_hessian(identity(n)),
                    &stop,
                )
            })?),
        );
    }
    pair(
        "L-BFGS (m = 10)",
        Some(ours(&|x0| run(&Lbfgs::default(), f, x0, &stop))?),
        Some(theirs(&|x0| {
            minimize_argmin(
                ArgminProblem(f),
                solvers::lbfgs(10),
                "LBFGS",
                x0.to_vec(),
                |s| s,
                &stop,
            )
        })?),
    );
    if dense {
        pair(
            "Newton",
            Some(ours(&|x0| run(&Newton::pure(), f, x0, &stop))?),
            Some(theirs(&|x0| {
                minimize_argmin(
                    NalgebraProblem(f),
                    solvers::newton(),
                    "Newton",
                    DVector::from_column_slice(x0),
                    |s| s,
                    &stop,
                )
            })?),
        );
    }
    pair(
        "Newton-CG",
        Some(ours(&|x0| run(&NewtonCg::default(), f, x0, &stop))?),
        Some(theirs(&|x0| {
            minimize_argmin(
                hf.clone(),
                solvers::newton_cg(),
                "NewtonCG",
                x0.to_vec(),
                |s| s,
                &stop,
            )
        })?),
    );
    pair(
        "trust region, Cauchy point",
        Some(ours(&|x0| run(&TrustRegion::cauchy(), f, x0, &stop))?),
        Some(theirs(&|x0| {
            minimize_argmin(
                hf.clone(),
                solvers::trust_region_cauchy(),
                "TrustRegion (Cauchy)",
                x0.to_vec(),
                |s| s,
                &stop,
            )
        })?),
    );
    if dense {
        pair(
            "trust region, dogleg",
            Some(ours(&|x0| run(&TrustRegion::dogleg(), f, x0, &stop))?),
            Some(theirs(&|x0| {
                minimize_argmin(
                    NalgebraProblem(f),
                    solvers::trust_region_dogleg(),
                    "TrustRegion (Dogleg)",
                    DVector::from_column_slice(x0),
                    |s| s,
                    &stop,
                )
            })?),
        );
    }
    pair(
        "trust region, Steihaug CG",
        Some(ours(&|x0| run(&TrustRegion::ncg(), f, x0, &stop))?),
        Some(theirs(&|x0| {
            minimize_argmin(
                hf.clone(),
                solvers::trust_region_steihaug(n as u64),
                "TrustRegion (Steihaug)",
                x0.to_vec(),
                |s| s,
                &stop,
            )
        })?),
    );
    if n <= 10 {
        pair(
            "Nelder–Mead",
            None,
            Some(theirs(&|x0| {
                minimize_argmin(
                    ArgminProblem(f),
                    solvers::nelder_mead(solvers::scipy_simplex(x0)),
                    "NelderMead",
                    x0.to_vec(),
                    |s| s,
                    &stop,
                )
            })?),
        );
    }
    Ok(pairs)
}

/// Every problem of the comparison, every family.
pub fn pairs(options: Options) -> Result<Vec<Pair>, Error> {
    let mut out = Vec::new();
    let t = options.timing;
    let rosenbrock = Rosenbrock::new();
    for x0 in [vec![4.0, -4.1], vec![-1.2, 1.0]] {
        out.extend(families(
            &Case {
                label: format!("Rosenbrock from ({}, {})", x0[0], x0[1]),
                f: &rosenbrock,
                minimisers: rosenbrock.minima(),
                starts: vec![x0],
                budget: 10_000,
            },
            t,
        )?);
    }
    let sizes: &[usize] = if options.small_only {
        &[1_000]
    } else {
        &[1_000, 100_000, 1_000_000]
    };
    for &n in sizes {
        let f = Rosenbrock::extended(n);
        out.extend(families(
            &Case {
                label: format!("extended Rosenbrock, n = {n}"),
                minimisers: f.minima(),
                starts: vec![f.start()],
                f: &f,
                budget: if n > 1000 { 200 } else { 2000 },
            },
            t,
        )?);
    }
    let chained = Rosenbrock::chained(100);
    out.extend(families(
        &Case {
            label: "chained Rosenbrock, n = 100".into(),
            minimisers: chained.minima(),
            starts: vec![chained.start()],
            f: &chained,
            budget: 5_000,
        },
        t,
    )?);
    let wells = Wells::seed002();
    out.extend(families(
        &Case {
            label: "Gaussian wells, 100 starts".into(),
            minimisers: wells.minima(),
            starts: Wells::seed002_starts(),
            f: &wells,
            budget: 2_000,
        },
        t,
    )?);
    let beale = Beale;
    out.extend(families(
        &Case {
            label: "Beale from (1, 1.5)".into(),
            minimisers: beale.minima(),
            starts: vec![beale.start()],
            f: &beale,
            budget: 10_000,
        },
        t,
    )?);
    let quadratic = Quadratic::random_spd(100, 1e4, 0);
    out.extend(families(
        &Case {
            label: "quadratic, n = 100, cond 1e4".into(),
            minimisers: vec![quadratic.solution()],
            starts: vec![quadratic.start()],
            f: &quadratic,
            budget: 5_000,
        },
        t,
    )?);
    let mlp = Mlp::two_moons(&[4, 4], Activation::Tanh, 200, 0.2, 0)?;
    out.extend(families(
        &Case {
            label: "2-4-4-2 classifier on two moons (42 parameters)".into(),
            minimisers: Vec::new(),
            starts: vec![mlp.start()],
            f: &mlp,
            budget: 2_000,
        },
        t,
    )?);
    Ok(out)
}

/// "12 f, 12 ∇f, 3 H, 40 Hv".
fn evals(e: &Evals) -> String {
    let mut parts = vec![format!("{} f", e.value), format!("{} ∇f", e.gradient)];
    if e.hessian > 0 {
        parts.push(format!("{} H", e.hessian));
    }
    if e.hessian_vector > 0 {
        parts.push(format!("{} Hv", e.hessian_vector));
    }
    parts.join(", ")
}

/// A duration in the unit that suits it.
fn time(d: Duration) -> String {
    let s = d.as_secs_f64();
    if s >= 1.0 {
        format!("{s:.2} s")
    } else if s >= 1e-3 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{:.1} µs", s * 1e6)
    }
}

/// The cells of one side.
fn cells(k: usize, family: &str, o: &Outcome, ratio: String) -> Vec<String> {
    let runs = if o.starts > 1 {
        format!("{} of {}", o.converged, o.starts)
    } else if o.converged == 1 {
        "yes".into()
    } else {
        "no".into()
    };
    vec![
        k.to_string(),
        family.to_string(),
        o.solver.clone(),
        runs,
        o.iterations.to_string(),
        evals(&o.evals),
        format!("{:.3e}", o.value),
        format!("{:.1e}", o.grad_norm),
        o.distance.map_or("—".into(), |d| format!("{d:.1e}")),
        o.stop.clone(),
        time(o.time),
        ratio,
    ]
}

/// The tables of the page, one per problem; pairs are numbered as in the figure.
pub fn tables(pairs: &[Pair]) -> String {
    let header = [
        "#",
        "family",
        "solver",
        "met ‖∇f‖ ≤ 1e-6",
        "iterations",
        "evaluations",
        "final f",
        "‖∇f‖",
        "to the minimiser",
        "stopped",
        "time",
        "argmin ÷ ours (both converged)",
    ];
    let mut out = String::new();
    let mut problem = "";
    let mut rows: Vec<Vec<String>> = Vec::new();
    for (k, p) in pairs.iter().enumerate() {
        if p.problem != problem {
            if !rows.is_empty() {
                out.push_str(&table(&header, &rows));
                out.push('\n');
                rows.clear();
            }
            problem = &p.problem;
            out.push_str(&format!("### {problem}\n\n"));
        }
        if let Some(o) = &p.ours {
            rows.push(cells(k + 1, p.family, o, String::new()));
        }
        if let Some(a) = &p.argmin {
            // A time ratio only compares runs that both met the test.
            let ratio = match &p.ours {
                Some(o)
                    if o.time > Duration::ZERO
                        && o.converged == o.starts
                        && a.converged == a.starts =>
                {
                    format!("{:.2}", a.time.as_secs_f64() / o.time.as_secs_f64())
                }
                _ => "—".into(),
            };
            let mut c = cells(k + 1, p.family, a, ratio);
            if p.ours.is_some() {
                c[0] = String::new();
                c[1] = String::new();
            }
            rows.push(c);
        }
    }
    if !rows.is_empty() {
        out.push_str(&table(&header, &rows));
    }
    out
}

/// Wall time and evaluations of every pair, ours beside argmin's.
pub fn figure(pairs: &[Pair]) -> Result<Figure, Error> {
    let side = |get: &dyn Fn(&Outcome) -> f64, ours: bool| -> (Vec<f64>, Vec<f64>) {
        pairs
            .iter()
            .enumerate()
            .filter_map(|(k, p)| {
                let o = if ours {
                    p.ours.as_ref()
                } else {
                    p.argmin.as_ref()
                }?;
                let v = get(o);
                (v > 0.0 && v.is_finite()).then_some(((k + 1) as f64, v))
            })
            .unzip()
    };
    let panel = |title: &str, y: &str, get: &dyn Fn(&Outcome) -> f64| -> Result<LinePlot, Error> {
        let (xo, yo) = side(get, true);
        let (xa, ya) = side(get, false);
        Ok(LinePlot::new()
            .title(title)
            .labels("pair (the tables' #)", y)
            .x_range(0.0, pairs.len() as f64 + 1.0)
            .y_scale(YScale::Log)
            .series(
                Series::xy(xo, yo)?
                    .points_only()
                    .color(report::plotters::style::RGBColor(31, 119, 180))
                    .label("ours"),
            )
            .series(
                Series::xy(xa, ya)?
                    .points_only()
                    .color(report::plotters::style::RGBColor(214, 39, 40))
                    .label("argmin 0.11"),
            ))
    };
    Ok(Figure::new(1400, 520)?
        .panel(panel("wall time", "seconds", &|o| o.time.as_secs_f64())?)
        .panel(panel(
            "evaluations (f + ∇f + H + Hv)",
            "evaluations",
            &|o| {
                (o.evals.value + o.evals.gradient + o.evals.hessian + o.evals.hessian_vector) as f64
            },
        )?)
        .same_plot_size(true))
}

/// The page's file under `docs/`, and its figure's under `docs/figures/`.
pub const PAGE: &str = "comparison.md";
/// See [`PAGE`].
pub const FIGURE: &str = "comparison.png";

/// The headline pairs: the family and problem of each, as the tables name them.
const HEADLINES: &[(&str, &str)] = &[
    ("L-BFGS (m = 10)", "extended Rosenbrock, n = 100000"),
    ("L-BFGS (m = 10)", "extended Rosenbrock, n = 1000000"),
    ("Newton-CG", "extended Rosenbrock, n = 100000"),
    ("L-BFGS (m = 10)", "chained Rosenbrock, n = 100"),
    ("BFGS", "quadratic, n = 100, cond 1e4"),
    ("Newton", "quadratic, n = 100, cond 1e4"),
];

/// The headline table: time and evaluations of the pairs that matter for speed.
fn headlines(pairs: &[Pair]) -> String {
    let rows: Vec<Vec<String>> = HEADLINES
        .iter()
        .filter_map(|(family, problem)| {
            let p = pairs
                .iter()
                .find(|p| p.family == *family && p.problem == *problem)?;
            let (o, a) = (p.ours.as_ref()?, p.argmin.as_ref()?);
            let total = |e: &Evals| e.value + e.gradient + e.hessian + e.hessian_vector;
            Some(vec![
                family.to_string(),
                problem.to_string(),
                format!(
                    "{} ({} it, {})",
                    time(o.time),
                    o.iterations,
                    evals(&o.evals)
                ),
                format!(
                    "{} ({} it, {})",
                    time(a.time),
                    a.iterations,
                    evals(&a.evals)
                ),
                format!(
                    "{:.2}",
                    a.time.as_secs_f64() / o.time.as_secs_f64().max(1e-12)
                ),
                format!(
                    "{:.2}",
                    total(&a.evals) as f64 / total(&o.evals).max(1) as f64
                ),
            ])
        })
        .collect();
    table(
        &[
            "family",
            "problem",
            "ours",
            "argmin",
            "time ÷ ours",
            "evaluations ÷ ours",
        ],
        &rows,
    )
}

/// Where argmin converged and ours did not, and the other way round.
fn differences(pairs: &[Pair]) -> String {
    let mut lines = Vec::new();
    for p in pairs {
        let (Some(o), Some(a)) = (&p.ours, &p.argmin) else {
            continue;
        };
        if a.converged > o.converged {
            lines.push(format!(
                "- argmin's {} met the test on {} of {} starts, ours on {}: {} ({}).",
                a.solver, a.converged, a.starts, o.converged, p.problem, o.stop
            ));
        }
    }
    if lines.is_empty() {
        "None: on every problem and family, ours met the test on at least as many starts \
         as argmin's."
            .into()
    } else {
        lines.join("\n")
    }
}

/// The page: the template with the tables of `pairs` and the run's facts.
pub fn page(pairs: &[Pair], machine: &str, total: Duration) -> String {
    include_str!("../pages/comparison.md")
        .replace("{{headlines}}", &headlines(pairs))
        .replace("{{differences}}", &differences(pairs))
        .replace("{{tables}}", &tables(pairs))
        .replace("{{machine}}", machine)
        .replace("{{total}}", &time(total))
}

/// Runs the comparison with timing and writes the page and its figure under
/// `root/docs/`; returns the page.
pub fn write(root: &std::path::Path) -> Result<String, Error> {
    let started = std::time::Instant::now();
    let pairs = pairs(Options {
        timing: true,
        small_only: false,
    })?;
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let machine = format!(
        "{cores} cores, {} {}, a `cargo xtask compare` run (dev profile, numerical crates and dependencies at opt-level 3)",
        std::env::consts::OS,
        std::env::consts::ARCH
    );
    let text = format!(
        "{}\n\n# Comparison with argmin\n\n{}",
        crate::GENERATED_COMPARE,
        page(&pairs, &machine, started.elapsed())
    );
    let docs = root.join("docs");
    std::fs::create_dir_all(docs.join("figures"))?;
    std::fs::write(docs.join(PAGE), &text)?;
    figure(&pairs)?.save_png(docs.join("figures").join(FIGURE))?;
    Ok(text)
}
