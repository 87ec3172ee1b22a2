//! Watching a run: the [`Observer`] trait, which any `FnMut(&Progress) -> ControlFlow<()>`
//! closure implements, and a small set that composes: [`Every`] (thin out), [`CsvLog`]
//! and [`JsonLines`] (write each iteration), [`ProgressBar`] (a terminal bar, with the
//! `progress` feature), and pairs `(a, b)` (both).
//!
//! ```
//! use std::ops::ControlFlow;
//! use optim_core::{minimize_with, CsvLog, Every, FnObjective, Stop};
//! # use optim_core::{Error, Method, Named, Objective, Problem, Start, Step};
//! # struct Gd(f64);
//! # impl Named for Gd { fn name(&self) -> &'static str { "GD" } }
//! # impl<O: Objective> Method<O> for Gd {
//! #     type State = Vec<f64>;
//! #     fn init(&self, f: &Problem<'_, O>, x0: &[f64]) -> Result<(Vec<f64>, Start), Error> {
//! #         let mut g = vec![0.0; x0.len()]; let v = f.value_and_gradient(x0, &mut g);
//! #         let n = optim_core::vector::norm(&g); Ok((g, Start::new(v, n))) }
//! #     fn iterate(&self, f: &Problem<'_, O>, x: &mut [f64], g: &mut Vec<f64>) -> Result<Step, Error> {
//! #         optim_core::vector::axpy(-self.0, g, x); let v = f.value_and_gradient(x, g);
//! #         Ok(Step::accept(v, optim_core::vector::norm(g))) } }
//! let f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| g[0] = 2.0 * x[0]);
//! // Every 10th iteration as CSV, and a closure that stops the run below f = 1e-6.
//! let log = Every::new(10, CsvLog::new(Vec::new()));
//! let stop_early = |p: &optim_core::Progress<'_>| {
//!     if p.value < 1e-6 { ControlFlow::Break(()) } else { ControlFlow::Continue(()) }
//! };
//! let mut observers = (log, stop_early);
//! let run = minimize_with(&Gd(0.1), &f, &[1.0], &Stop::exactly(100), &mut observers)?;
//! assert_eq!(run.stop, optim_core::StopReason::Callback);
//! let csv = String::from_utf8(observers.0.into_inner().into_inner()?).unwrap();
//! assert!(csv.starts_with("iteration,value,grad_norm,value_evals,gradient_evals,seconds\n10,"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::io::{self, Write};
use std::ops::ControlFlow;
use std::time::{Duration, Instant};

use crate::{Evals, Run, Stop};

/// What an observer sees after each iteration.
#[non_exhaustive]
#[derive(Debug, Clone, Copy)]
pub struct Progress<'a> {
    /// The iteration just completed (1 for the first step).
    pub iteration: usize,
    /// The iterate after it.
    pub x: &'a [f64],
    /// f(x).
    pub value: f64,
    /// The stationarity measure at x (‖∇f(x)‖₂ for unconstrained methods).
    pub grad_norm: f64,
    /// Whether the step moved x.
    pub accepted: bool,
    /// Evaluations so far.
    pub evals: Evals,
    /// When the run began ([`Progress::elapsed`] reads the clock only when asked: at
    /// about 20 ns a reading it was an eighth of a gradient-descent step on the wells).
    pub(crate) started: Instant,
}

impl Progress<'_> {
    /// Wall time since the run began.
    pub fn elapsed(&self) -> Duration {
        self.started.elapsed()
    }
}

/// What an observer learns when a run begins.
#[non_exhaustive]
#[derive(Debug, Clone, Copy)]
pub struct Begin<'a> {
    /// The method's name.
    pub method: &'static str,
    /// x₀.
    pub x0: &'a [f64],
    /// f(x₀).
    pub value: f64,
    /// The stationarity measure at x₀.
    pub grad_norm: f64,
    /// The run's stopping rule.
    pub stop: &'a Stop,
}

/// Something that watches a run: told when it begins, after every iteration (and may
/// end the run then), and when it ends.
///
/// Closures `FnMut(&Progress) -> ControlFlow<()>` are observers. Observers compose:
/// `(a, b)` runs both (and ends the run if either asks), [`Every`] thins one out.
pub trait Observer {
    /// Before the first iteration.
    fn begin(&mut self, begin: &Begin<'_>) {
        let _ = begin;
    }
    /// After each iteration; `ControlFlow::Break` ends the run with
    /// [`StopReason::Callback`](crate::StopReason::Callback).
    fn observe(&mut self, progress: &Progress<'_>) -> ControlFlow<()>;
    /// After the run, with its result.
    fn end(&mut self, run: &Run) {
        let _ = run;
    }
}

impl<F: FnMut(&Progress<'_>) -> ControlFlow<()>> Observer for F {
    fn observe(&mut self, progress: &Progress<'_>) -> ControlFlow<()> {
        self(progress)
    }
}

impl<A: Observer, B: Observer> Observer for (A, B) {
    fn begin(&mut self, begin: &Begin<'_>) {
        self.0.begin(begin);
        self.1.begin(begin);
    }
    /// Both observe every iteration; the run ends if either asks.
    fn observe(&mut self, progress: &Progress<'_>) -> ControlFlow<()> {
        let a = self.0.observe(progress);
        let b = self.1.observe(progress);
        if a.is_break() || b.is_break() {
            ControlFlow::Break(())
        } else {
            ControlFlow::Continue(())
        }
    }
    fn end(&mut self, run: &Run) {
        self.0.end(run);
        self.1.end(run);
    }
}

/// An observer that does nothing: what [`minimize`](crate::minimize) runs with.
#[derive(Debug, Clone, Copy, Default)]
pub struct Silent;

impl Observer for Silent {
    fn observe(&mut self, _: &Progress<'_>) -> ControlFlow<()> {
        ControlFlow::Continue(())
    }
}

/// Passes every `k`-th iteration (k, 2k, …) to `inner`, and always `begin` and `end`.
#[derive(Debug, Clone)]
pub struct Every<O> {
    k: usize,
    inner: O,
}

impl<O: Observer> Every<O> {
    /// `inner`, shown iterations k, 2k, 3k, … (k = 0 is taken as 1).
    pub fn new(k: usize, inner: O) -> Self {
        Self { k: k.max(1), inner }
    }
    /// The wrapped observer.
    pub fn into_inner(self) -> O {
        self.inner
    }
}

impl<O: Observer> Observer for Every<O> {
    fn begin(&mut self, begin: &Begin<'_>) {
        self.inner.begin(begin)
    }
    fn observe(&mut self, progress: &Progress<'_>) -> ControlFlow<()> {
        if progress.iteration % self.k == 0 {
            self.inner.observe(progress)
        } else {
            ControlFlow::Continue(())
        }
    }
    fn end(&mut self, run: &Run) {
        self.inner.end(run)
    }
}

/// Writes one CSV line per observed iteration to `W`:
/// `iteration,value,grad_norm,value_evals,gradient_evals,seconds`, numbers in Rust's
/// shortest round-trip form.
///
/// A failed write does not end the run: the first error is kept and returned by
/// [`CsvLog::into_inner`], and nothing more is written.
#[derive(Debug)]
pub struct CsvLog<W: Write> {
    out: W,
    header: bool,
    error: Option<io::Error>,
}

impl<W: Write> CsvLog<W> {
    /// A log to `out` (a file, stdout, a `Vec<u8>`); the header is written with the
    /// first line.
    pub fn new(out: W) -> Self {
        Self {
            out,
            header: false,
            error: None,
        }
    }
    /// The writer, or the first write error.
    pub fn into_inner(mut self) -> io::Result<W> {
        match self.error.take() {
            Some(e) => Err(e),
            None => self.out.flush().map(|()| self.out),
        }
    }
    fn write(&mut self, p: &Progress<'_>) -> io::Result<()> {
        if !self.header {
            writeln!(
                self.out,
                "iteration,value,grad_norm,value_evals,gradient_evals,seconds"
            )?;
            self.header = true;
        }
        writeln!(
            self.out,
            "{},{},{},{},{},{}",
            p.iteration,
            p.value,
            p.grad_norm,
            p.evals.value,
            p.evals.gradient,
            p.elapsed().as_secs_f64()
        )
    }
}

impl<W: Write> Observer for CsvLog<W> {
    fn observe(&mut self, progress: &Progress<'_>) -> ControlFlow<()> {
        if self.error.is_none() {
            if let Err(e) = self.write(progress) {
                self.error = Some(e);
            }
        }
        ControlFlow::Continue(())
    }
}

/// Writes one JSON object per observed iteration and line to `W` (JSON Lines):
/// `{"iteration":1,"value":…,"grad_norm":…,"evals":{"value":…,"gradient":…,"hessian":…,"hessian_vector":…},"seconds":…}`,
/// and a last line `{"end":"<stop reason>","iterations":…}`. NaN and ±∞ are written
/// as `null`, which JSON has instead.
///
/// A failed write does not end the run: the first error is kept and returned by
/// [`JsonLines::into_inner`].
#[derive(Debug)]
pub struct JsonLines<W: Write> {
    out: W,
    error: Option<io::Error>,
}

fn json_number(v: f64) -> String {
    if v.is_finite() {
        format!("{v:?}")
    } else {
        "null".to_string()
    }
}

impl<W: Write> JsonLines<W> {
    /// A log to `out`.
    pub fn new(out: W) -> Self {
        Self { out, error: None }
    }
    /// The writer, or the first write error.
    pub fn into_inner(mut self) -> io::Result<W> {
        match self.error.take() {
            Some(e) => Err(e),
            None => self.out.flush().map(|()| self.out),
        }
    }
    fn line(&mut self, text: String) {
        if self.error.is_none() {
            if let Err(e) = writeln!(self.out, "{text}") {
                self.error = Some(e);
            }
        }
    }
}

impl<W: Write> Observer for JsonLines<W> {
    fn observe(&mut self, p: &Progress<'_>) -> ControlFlow<()> {
        let e = p.evals;
        self.line(format!(
            "{{\"iteration\":{},\"value\":{},\"grad_norm\":{},\"evals\":{{\"value\":{},\"gradient\":{},\"hessian\":{},\"hessian_vector\":{}}},\"seconds\":{}}}",
            p.iteration,
            json_number(p.value),
            json_number(p.grad_norm),
            e.value,
            e.gradient,
            e.hessian,
            e.hessian_vector,
            json_number(p.elapsed().as_secs_f64())
        ));
        ControlFlow::Continue(())
    }
    fn end(&mut self, run: &Run) {
        self.line(format!(
            "{{\"end\":\"{:?}\",\"iterations\":{}}}",
            run.stop, run.iterations
        ));
    }
}

/// A terminal progress bar (indicatif) over the iteration budget, showing f and
/// ‖∇f‖; drawn only when stderr is a terminal, so logs and CI output stay clean.
/// Needs the `progress` feature of optim-core.
#[cfg(feature = "progress")]
#[derive(Debug, Clone)]
pub struct ProgressBar {
    bar: indicatif::ProgressBar,
}

#[cfg(feature = "progress")]
impl ProgressBar {
    /// A bar for one run (its length is the run's `max_iters`, set when it begins).
    pub fn new() -> Self {
        let bar = indicatif::ProgressBar::new(0);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{prefix} {bar:30} {pos}/{len} [{elapsed_precise}] {msg}",
            )
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        Self { bar }
    }
}

#[cfg(feature = "progress")]
impl Default for ProgressBar {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(feature = "progress")]
impl Observer for ProgressBar {
    fn begin(&mut self, begin: &Begin<'_>) {
        self.bar.set_prefix(begin.method);
        self.bar
            .set_length(begin.stop.max_iters.unwrap_or(0) as u64);
    }
    fn observe(&mut self, p: &Progress<'_>) -> ControlFlow<()> {
        self.bar.set_position(p.iteration as u64);
        if p.iteration % 16 == 1 {
            self.bar
                .set_message(format!("f = {:.6e}  ‖∇f‖ = {:.2e}", p.value, p.grad_norm));
        }
        ControlFlow::Continue(())
    }
    fn end(&mut self, run: &Run) {
        self.bar
            .finish_with_message(format!("{} after {} iterations", run.stop, run.iterations));
    }
}
