//! argmin's solvers on our problems, returning our [`Run`]: the [`CommonStop`]
//! decorator (one stopping test and one trace for every argmin solver) and
//! [`minimize_argmin`], the `minimize`-like sugar on top.

use std::time::{Duration, Instant};

use argmin::core::{
    Error as ArgminError, Executor, Gradient, IterState, KV, Problem, Solver, State,
    TerminationReason, TerminationStatus,
};
use optim_core::{Error, Evals, Record, Run, Stop, StopReason, Trace};

use crate::param::Param;
use crate::problem::{Counted, argmin_evals};

/// A gradient slot of argmin's `IterState`: a vector for the gradient-based solvers,
/// `()` for the derivative-free ones.
pub trait MaybeGradient {
    /// The entries, if this is a gradient.
    fn gradient_entries(&self) -> Option<&[f64]>;
}

impl<T: Param> MaybeGradient for T {
    fn gradient_entries(&self) -> Option<&[f64]> {
        Some(self.entries())
    }
}

impl MaybeGradient for () {
    fn gradient_entries(&self) -> Option<&[f64]> {
        None
    }
}

/// An argmin solver with the toolkit's stopping test added, and a trace of its run.
///
/// argmin's solvers each stop by their own criteria (some have none), so a comparison
/// needs one test for all: after every iteration, `CommonStop` evaluates f and ∇f at
/// the solver's current parameter and ends the run with `SolverConverged` once
/// ‖∇f‖₂ ≤ `grad_tol`. Those evaluations go straight to the user's problem, **not
/// through argmin's counts**, and their time is kept apart
/// ([`measuring`](CommonStop::measuring)) so that [`minimize_argmin`] can leave it out
/// of the run's wall time: the solver is charged only for what it evaluates itself.
/// The solver's own criteria still apply and are reported as they are. An argmin
/// solver that fails with an error (its Moré–Thuente line search refuses a direction
/// that is not a descent direction, for one) ends the run at its last iterate with
/// `SolverExit("error: …")`, as a stop reason rather than an error; the evaluations of
/// the failed iteration that argmin's nested line search made are lost with it.
#[derive(Debug, Clone)]
pub struct CommonStop<S> {
    inner: S,
    grad_tol: f64,
    record: Record,
    trace: Trace,
    measuring: Duration,
    met: bool,
    last: (f64, f64, Vec<f64>),
}

impl<S> CommonStop<S> {
    /// `inner`, stopped when ‖∇f‖₂ ≤ `grad_tol`, recording as `record` says.
    pub fn new(inner: S, grad_tol: f64, record: Record) -> Self {
        Self {
            inner,
            grad_tol,
            record,
            trace: Trace::new(0),
            measuring: Duration::ZERO,
            met: false,
            last: (f64::NAN, f64::NAN, Vec::new()),
        }
    }

    /// Whether the common test ended the run.
    pub fn met(&self) -> bool {
        self.met
    }

    /// The time spent in the common test's own evaluations and the trace.
    pub fn measuring(&self) -> Duration {
        self.measuring
    }

    /// The recorded run: iteration 0 (after the solver's `init`) and every iteration.
    pub fn trace(&self) -> &Trace {
        &self.trace
    }

    /// The wrapped solver.
    pub fn inner(&self) -> &S {
        &self.inner
    }

    /// f, ‖∇f‖₂ and ∇f at the last parameter measured.
    fn last(&self) -> (f64, f64, &[f64]) {
        (self.last.0, self.last.1, &self.last.2)
    }

    /// Evaluates f and ∇f at the state's parameter (uncounted), records the row, and
    /// applies the test.
    fn measure<Q, P, G, H>(
        &mut self,
        problem: &Problem<Q>,
        state: &IterState<P, G, (), H, (), f64>,
        iteration: usize,
    ) -> Result<(), ArgminError>
    where
        Q: argmin::core::CostFunction<Param = P, Output = f64> + Gradient<Param = P> + Counted,
        <Q as Gradient>::Gradient: Param,
        P: Param,
    {
        let start = Instant::now();
        let Some(param) = state.get_param() else {
            return Ok(());
        };
        // A solver whose nested line search failed has lost the problem (the search
        // took it): the run ends there, at the iterate measured last.
        let Some(user) = problem.problem.as_ref() else {
            return Ok(());
        };
        let x = param.entries();
        if self.trace.is_empty() && self.trace.dim() != x.len() {
            self.trace = Trace::new(x.len());
        }
        let value = user.cost(param)?;
        let g = user.gradient(param)?;
        let grad_norm = g.entries().iter().map(|v| v * v).sum::<f64>().sqrt();
        let keep = match self.record {
            Record::All => true,
            Record::Every(k) => k > 0 && iteration % k == 0,
            Record::Off | Record::Values => false,
        };
        if !matches!(self.record, Record::Off) {
            self.trace.push(
                iteration,
                keep.then_some(x),
                value,
                grad_norm,
                counts(problem),
            );
        }
        if grad_norm <= self.grad_tol {
            self.met = true;
        }
        self.last.0 = value;
        self.last.1 = grad_norm;
        self.last.2.clear();
        self.last.2.extend_from_slice(g.entries());
        self.measuring += start.elapsed();
        Ok(())
    }
}

/// argmin's counts as ours. After a failed nested line search argmin has lost the
/// user's problem (the search took it and never gave it back): its counts remain,
/// read the default way.
fn counts<Q: Counted>(problem: &Problem<Q>) -> Evals {
    match problem.problem.as_ref() {
        Some(p) => p.evals(&problem.counts),
        None => argmin_evals(&problem.counts),
    }
}

impl<S, Q, P, G, H> Solver<Q, IterState<P, G, (), H, (), f64>> for CommonStop<S>
where
    S: Solver<Q, IterState<P, G, (), H, (), f64>>,
    G: Clone,
    H: Clone,
    Q: argmin::core::CostFunction<Param = P, Output = f64> + Gradient<Param = P> + Counted,
    <Q as Gradient>::Gradient: Param,
    P: Param,
{
    fn name(&self) -> &str {
        self.inner.name()
    }

    fn init(
        &mut self,
        problem: &mut Problem<Q>,
        state: IterState<P, G, (), H, (), f64>,
    ) -> Result<(IterState<P, G, (), H, (), f64>, Option<KV>), ArgminError> {
        let (state, kv) = self.inner.init(problem, state)?;
        self.measure(problem, &state, 0)?;
        Ok((state, kv))
    }

    fn next_iter(
        &mut self,
        problem: &mut Problem<Q>,
        state: IterState<P, G, (), H, (), f64>,
    ) -> Result<(IterState<P, G, (), H, (), f64>, Option<KV>), ArgminError> {
        let iteration = state.get_iter() as usize + 1;
        // argmin's solvers end with an error where ours report a stop reason (a line
        // search on a non-descent direction, say): keep the state to end the run at
        // the last iterate with that error as its reason.
        let start = Instant::now();
        let backup = state.clone();
        self.measuring += start.elapsed();
        match self.inner.next_iter(problem, state) {
            Ok((mut state, kv)) => {
                // argmin's L-BFGS ends a failed line search with `SolverExit` and a
                // state whose parameter it has taken out: put the last iterate back.
                if state.get_param().is_none() {
                    if let Some(p) = backup.get_param() {
                        state = state.param(p.clone());
                    }
                }
                self.measure(problem, &state, iteration)?;
                Ok((state, kv))
            }
            Err(e) => Ok((
                backup.terminate_with(TerminationReason::SolverExit(format!("error: {e}"))),
                None,
            )),
        }
    }

    fn terminate(&mut self, state: &IterState<P, G, (), H, (), f64>) -> TerminationStatus {
        if self.met {
            TerminationStatus::Terminated(TerminationReason::SolverConverged)
        } else {
            self.inner.terminate(state)
        }
    }
}

/// An argmin run as ours: the [`Run`] (with argmin's counts, the common test's trace
/// and the wall time without the test's own evaluations) and argmin's own account.
#[derive(Debug, Clone)]
pub struct ArgminRun {
    /// The run in our terms. `stop` is [`StopReason::GradientTolerance`] when the common
    /// test ended it, [`StopReason::MaxIterations`] at the budget,
    /// [`StopReason::SolverConverged`] when the solver's own criterion did, and
    /// [`StopReason::NoProgress`] when the solver gave up (`SolverExit`, see
    /// [`reason`](ArgminRun::reason)).
    pub run: Run,
    /// argmin's termination reason, as argmin writes it.
    pub reason: String,
}

/// Runs the argmin `solver` on `problem` (an [`ArgminProblem`](crate::ArgminProblem)
/// or [`NalgebraProblem`](crate::nalgebra::NalgebraProblem) of our objective) from
/// `x0` under our [`Stop`]: its `max_iters` (always given to argmin: its line searches
/// can loop, argmin issue #497), its `grad_tol` as the [`CommonStop`] test (1e-6 when
/// unset) and its `record`; the other tolerances of `Stop` are not applied. `configure`
/// adds to argmin's initial state (BFGS's initial inverse Hessian, ...). The run is
/// labelled `method`.
///
/// Evaluations are argmin's counts (counting is switched on); the iterations are
/// argmin's; the wall time is the `Executor`'s run without the common test's
/// evaluations.
///
/// ```
/// use argmin::solver::linesearch::MoreThuenteLineSearch;
/// use argmin::solver::quasinewton::LBFGS;
/// use argmin_adapters::{minimize_argmin, ArgminProblem};
/// use landscapes::{Landscape, Rosenbrock};
/// use optim_core::{minimize, Stop, StopReason};
/// use second_order::Lbfgs;
///
/// let f = Rosenbrock::new();
/// let stop = Stop::after(200).grad_tol(1e-6);
/// let solver = LBFGS::new(MoreThuenteLineSearch::new(), 10);
/// let theirs = minimize_argmin(ArgminProblem(&f), solver, "argmin L-BFGS", f.start(), |s| s, &stop)?;
/// let ours = minimize(&Lbfgs::default(), &f, &f.start(), &stop)?;
/// assert_eq!((theirs.run.stop, ours.stop), (StopReason::GradientTolerance, StopReason::GradientTolerance));
/// assert!((theirs.run.x[0] - ours.x[0]).abs() < 1e-5);
/// println!("argmin: {} iterations, {} ∇f; ours: {}, {}", theirs.run.iterations,
///     theirs.run.evals.gradient, ours.iterations, ours.evals.gradient);
/// # Ok::<(), optim_core::Error>(())
/// ```
pub fn minimize_argmin<Q, S, P, G: Clone, H: Clone>(
    problem: Q,
    solver: S,
    method: &'static str,
    x0: P,
    configure: impl FnOnce(IterState<P, G, (), H, (), f64>) -> IterState<P, G, (), H, (), f64>,
    stop: &Stop,
) -> Result<ArgminRun, Error>
where
    S: Solver<Q, IterState<P, G, (), H, (), f64>>,
    Q: argmin::core::CostFunction<Param = P, Output = f64> + Gradient<Param = P> + Counted,
    <Q as Gradient>::Gradient: Param,
    P: Param,
{
    stop.validate()?;
    let max_iters = stop.max_iters.ok_or(Error::InvalidStop(
        "argmin runs need max_iters: its line searches can loop without a budget (argmin issue #497)",
    ))?;
    let grad_tol = stop.grad_tol.unwrap_or(optim_core::DEFAULT_GRAD_TOL);
    let solver = CommonStop::new(solver, grad_tol, stop.record);
    let started = Instant::now();
    let result = Executor::new(problem, solver)
        .configure(|state| configure(state.param(x0).max_iters(max_iters as u64).counting(true)))
        .run()
        .map_err(|e| Error::External {
            library: "argmin",
            message: e.to_string(),
        })?;
    let total = started.elapsed();
    let common = &result.solver;
    let elapsed = total.saturating_sub(common.measuring());
    let state = &result.state;
    let reason = state.get_termination_reason().cloned();
    let stop_reason = match &reason {
        _ if common.met() => StopReason::GradientTolerance,
        Some(TerminationReason::MaxItersReached) => StopReason::MaxIterations,
        Some(TerminationReason::SolverConverged) => StopReason::SolverConverged,
        Some(TerminationReason::Timeout) => StopReason::MaxTime,
        Some(TerminationReason::TargetCostReached) => StopReason::ValueTolerance,
        _ => StopReason::NoProgress,
    };
    let (value, grad_norm, gradient) = common.last();
    let x = state
        .get_param()
        .map(|p| p.entries().to_vec())
        .unwrap_or_default();
    let run = Run {
        method,
        x,
        value,
        grad_norm,
        gradient: Some(gradient.to_vec()),
        iterations: state.get_iter() as usize,
        evals: counts(&result.problem),
        stop: stop_reason,
        elapsed,
        trace: common.trace().clone(),
    };
    Ok(ArgminRun {
        run,
        reason: reason.map_or_else(|| "not terminated".into(), |r| r.text().to_string()),
    })
}
