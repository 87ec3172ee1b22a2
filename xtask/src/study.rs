//! A study: what is computed once (a landscape, runs of methods on it, numbers) and
//! then drawn by the views of every figure that names it ([`Data`], [`StudyDef`]).

use std::collections::BTreeMap;
use std::sync::Arc;

use ::landscapes::Landscape;
use optim_core::{Run, Trace, vector::distance};

use crate::Error;
use crate::markdown::{sci, table};

/// A study of the catalogue: an id and the function that computes it.
#[derive(Clone, Copy)]
pub struct StudyDef {
    /// The id figures and templates name it by (`gd-2d`).
    pub id: &'static str,
    /// Computes the study; deterministic, and cheap enough to run on every
    /// `cargo xtask figures`.
    pub run: fn() -> Result<Data, Error>,
}

/// A plotting box: (x range, y range).
pub type Rect = ((f64, f64), (f64, f64));

/// f(x) of a surface, shareable between threads.
pub type SurfaceFn = Arc<dyn Fn(&[f64]) -> f64 + Send + Sync>;

/// A function the views draw under the runs: a 1-D curve or a 2-D surface.
#[derive(Clone)]
pub struct Surface {
    /// Its name, for titles.
    pub name: String,
    /// f(x), with x of length 1 or 2.
    pub f: SurfaceFn,
    /// The plotting box, one `(low, high)` per coordinate.
    pub domain: Vec<(f64, f64)>,
    /// Known minima, drawn as markers.
    pub minima: Vec<Vec<f64>>,
    /// The names of the axes of a 2-D map.
    pub axes: (String, String),
}

impl Surface {
    /// The surface of a landscape, with its name, box and minima.
    pub fn of<L: Landscape + Clone + Send + Sync + 'static>(l: &L) -> Self {
        let owned = l.clone();
        Self {
            name: l.name(),
            domain: l.domain(),
            minima: l.minima(),
            axes: ("x".into(), "y".into()),
            f: Arc::new(move |x: &[f64]| owned.value(x)),
        }
    }
    /// The same surface with other names for its axes.
    pub fn axes(mut self, x: &str, y: &str) -> Self {
        self.axes = (x.into(), y.into());
        self
    }
    /// The same surface over another box.
    pub fn on(mut self, domain: Vec<(f64, f64)>) -> Self {
        self.domain = domain;
        self
    }
    /// f(x, y) of a 2-D surface.
    pub fn at(&self, x: f64, y: f64) -> f64 {
        (self.f)(&[x, y])
    }
    /// The box of a 2-D surface as (x range, y range).
    pub fn rect(&self) -> Result<Rect, Error> {
        match self.domain[..] {
            [x, y] => Ok((x, y)),
            _ => Err(format!("{} is not 2-D", self.name).into()),
        }
    }
}

/// One run of a study, with the label figures and tables show.
#[derive(Clone)]
pub struct Labelled {
    /// "GD, η = 0.1", "Adam".
    pub label: String,
    /// The run, with its trace.
    pub run: Run,
}

/// Everything a study computed.
#[derive(Clone, Default)]
pub struct Data {
    /// The function under the runs, if the figures draw one.
    pub surface: Option<Surface>,
    /// The runs, in the order figures draw and tables list them.
    pub runs: Vec<Labelled>,
    /// Numbers and words for the page, `{{value study.key}}`.
    pub values: BTreeMap<String, String>,
    /// Markdown tables for the page, `{{table study.key}}`.
    pub tables: BTreeMap<String, String>,
    /// Anything else a custom view needs (a sampled series, a data set).
    pub series: BTreeMap<String, Vec<f64>>,
}

impl Data {
    /// Data with this surface.
    pub fn with_surface(surface: Surface) -> Self {
        Self {
            surface: Some(surface),
            ..Self::default()
        }
    }
    /// Adds a run.
    pub fn run(mut self, label: impl Into<String>, run: Run) -> Self {
        self.runs.push(Labelled {
            label: label.into(),
            run,
        });
        self
    }
    /// Adds a value for the page.
    pub fn value(mut self, key: &str, value: impl ToString) -> Self {
        self.values.insert(key.to_string(), value.to_string());
        self
    }
    /// Adds a table for the page.
    pub fn table(mut self, key: &str, markdown: String) -> Self {
        self.tables.insert(key.to_string(), markdown);
        self
    }
    /// Adds a series for a custom view.
    pub fn series(mut self, key: &str, values: Vec<f64>) -> Self {
        self.series.insert(key.to_string(), values);
        self
    }
    /// The surface, or an error naming what needed it.
    pub fn surface(&self) -> Result<&Surface, Error> {
        self.surface
            .as_ref()
            .ok_or_else(|| "this view needs a surface and the study has none".into())
    }
    /// A series by key.
    pub fn get(&self, key: &str) -> Result<&[f64], Error> {
        self.series
            .get(key)
            .map(Vec::as_slice)
            .ok_or_else(|| format!("the study has no series `{key}`").into())
    }

    /// The table of the study's runs that the page shows beside its figures:
    /// iterations, evaluations, final f, ‖∇f‖, stop reason and the distance to the
    /// nearest known minimum. With more than 12 runs (many starts), one summary row
    /// per label instead: how many runs, converged, median iterations and final f.
    pub fn runs_table(&self) -> String {
        let minima = self
            .surface
            .as_ref()
            .map(|s| s.minima.clone())
            .unwrap_or_default();
        let nearest = |x: &[f64]| {
            minima
                .iter()
                .filter(|m| m.len() == x.len())
                .map(|m| distance(m, x))
                .fold(f64::INFINITY, f64::min)
        };
        if self.runs.len() <= 12 {
            let rows: Vec<Vec<String>> = self
                .runs
                .iter()
                .map(|l| {
                    let r = &l.run;
                    let d = nearest(&r.x);
                    vec![
                        l.label.clone(),
                        r.iterations.to_string(),
                        evals(r),
                        format!("{:.6e}", r.value),
                        sci(r.grad_norm),
                        stop(r),
                        if d.is_finite() { sci(d) } else { "—".into() },
                    ]
                })
                .collect();
            return table(
                &[
                    "run",
                    "iterations",
                    "evaluations",
                    "final f",
                    "final ‖∇f‖",
                    "stopped",
                    "to the nearest minimum",
                ],
                &rows,
            );
        }
        let mut labels: Vec<&str> = Vec::new();
        for l in &self.runs {
            if !labels.contains(&l.label.as_str()) {
                labels.push(&l.label);
            }
        }
        let rows: Vec<Vec<String>> = labels
            .iter()
            .map(|label| {
                let runs: Vec<&Run> = self
                    .runs
                    .iter()
                    .filter(|l| l.label == *label)
                    .map(|l| &l.run)
                    .collect();
                let converged = runs.iter().filter(|r| r.converged()).count();
                let near = runs.iter().filter(|r| nearest(&r.x) < 1e-3).count();
                vec![
                    label.to_string(),
                    runs.len().to_string(),
                    converged.to_string(),
                    near.to_string(),
                    median(runs.iter().map(|r| r.iterations as f64)).to_string(),
                    format!("{:.6}", median(runs.iter().map(|r| r.value))),
                ]
            })
            .collect();
        table(
            &[
                "method",
                "starts",
                "converged",
                "within 1e-3 of a known minimum",
                "median iterations",
                "median final f",
            ],
            &rows,
        )
    }
}

/// "12 f, 12 ∇f, 3 ∇²f".
fn evals(r: &Run) -> String {
    evaluations(r, "∇²f·v")
}

/// A run's evaluation counts, "12 f, 12 ∇f, 3 ∇²f, 40 {products}", zero counts left
/// out; `products` names what the product count counts (Hessian- or Gauss–Newton-vector
/// products: a `Problem` counts both there).
pub(crate) fn evaluations(r: &Run, products: &str) -> String {
    let e = r.evals;
    let mut parts = vec![format!("{} f", e.value), format!("{} ∇f", e.gradient)];
    if e.hessian > 0 {
        parts.push(format!("{} ∇²f", e.hessian));
    }
    if e.hessian_vector > 0 {
        parts.push(format!("{} {products}", e.hessian_vector));
    }
    parts.join(", ")
}

/// The stop reason in a few words.
fn stop(r: &Run) -> String {
    format!("{:?}", r.stop)
}

/// The median of some numbers (the lower middle one for an even count).
pub fn median(values: impl Iterator<Item = f64>) -> f64 {
    let mut v: Vec<f64> = values.collect();
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    v[(v.len() - 1) / 2]
}

/// The first two coordinates of every recorded iterate of a trace.
pub fn points(trace: &Trace) -> Vec<(f64, f64)> {
    trace.xs().map(|x| (x[0], x[1])).collect()
}
