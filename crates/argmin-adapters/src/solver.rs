//! Our methods inside argmin's `Executor` ([`InArgmin`]): any [`Method`] as an argmin
//! [`Solver`], so that argmin's observers, `max_iters`, timer, target cost and
//! evaluation counts apply to our runs.

use argmin::core::{
    CostFunction, Error, Gradient, IterState, KV, KvValue, Problem, Solver, TerminationReason,
    TerminationStatus,
};
use optim_core::{DEFAULT_GRAD_TOL, Method, Problem as OurProblem, StopReason};

use crate::bridge::ArgminObjective;

/// One of our [`Method`]s as an argmin [`Solver`] on argmin-math's `vec` backend.
///
/// Each argmin iteration is one [`Method::iterate`]; every evaluation goes through
/// argmin's problem ([`ArgminObjective`]), so argmin's counts (`cost_count`,
/// `gradient_count`, `hessian_count`) are the run's. The state argmin sees after each
/// iteration holds x, f(x) and, for the methods that keep it, ∇f(x). The run ends as
/// under [`minimize`](optim_core::minimize), with the stop reason kept in
/// [`stop`](InArgmin::stop):
///
/// - when ‖∇f‖ ≤ `grad_tol` (default [`DEFAULT_GRAD_TOL`], 1e-6, as `Stop`'s) after an
///   accepted step: argmin's `SolverConverged`;
/// - when the method asks to stop (a failed line search, a collapsed trust region):
///   `SolverConverged` if the reason is a tolerance, else `SolverExit` with the reason;
/// - when f, ∇f or x turns non-finite: x goes back to the last finite iterate and the
///   run ends with `SolverExit` ("diverged");
/// - by argmin's own rules otherwise (`max_iters`, target cost, timeout).
///
/// An evaluation error of argmin's problem ends the run with that error.
///
/// ```
/// use argmin::core::{Executor, State};
/// use argmin_adapters::{ArgminProblem, InArgmin};
/// use landscapes::{Landscape, Rosenbrock};
/// use optim_core::StopReason;
/// use second_order::Lbfgs;
///
/// // Our L-BFGS inside argmin's Executor, on Rosenbrock as an argmin problem.
/// let f = Rosenbrock::new();
/// let result = Executor::new(ArgminProblem(&f), InArgmin::new(Lbfgs::default()))
///     .configure(|state| state.param(f.start()).max_iters(100).counting(true))
///     .run()?;
/// assert_eq!(result.solver().stop(), Some(StopReason::GradientTolerance));
/// let x = result.state().get_param().unwrap();
/// assert!((x[0] - 1.0).abs() < 1e-6 && (x[1] - 1.0).abs() < 1e-6);
/// // argmin counted every evaluation.
/// assert!(result.state().get_func_counts()["gradient_count"] > 20);
/// # Ok::<(), argmin::core::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct InArgmin<M, S> {
    method: M,
    grad_tol: f64,
    state: Option<S>,
    /// The current iterate, and the last finite one.
    x: Vec<f64>,
    previous: Vec<f64>,
    stop: Option<StopReason>,
}

impl<M, S> InArgmin<M, S> {
    /// `method` as an argmin solver, with ‖∇f‖₂ ≤ 1e-6 as its convergence test.
    pub fn new(method: M) -> Self {
        Self {
            method,
            grad_tol: DEFAULT_GRAD_TOL,
            state: None,
            x: Vec::new(),
            previous: Vec::new(),
            stop: None,
        }
    }

    /// The gradient tolerance (‖∇f‖₂, default 1e-6); 0 leaves the stopping to argmin's
    /// rules and the method's own requests.
    pub fn grad_tol(mut self, tol: f64) -> Self {
        self.grad_tol = tol;
        self
    }

    /// Why our method ended the run, in our terms; `None` if argmin's rules ended it
    /// (or it has not ended).
    pub fn stop(&self) -> Option<StopReason> {
        self.stop
    }

    /// The method's state after the last iteration (BFGS's inverse Hessian, ...).
    pub fn method_state(&self) -> Option<&S> {
        self.state.as_ref()
    }

    /// The method.
    pub fn method(&self) -> &M {
        &self.method
    }
}

/// argmin's iteration state on the `vec` backend, with a Hessian slot of rows (unused
/// by our methods; fixed so that `configure` closures need no annotation).
pub type VecState = IterState<Vec<f64>, Vec<f64>, (), Vec<Vec<f64>>, (), f64>;

/// argmin's error for one of ours.
fn argmin_error(e: optim_core::Error) -> Error {
    Error::new(e)
}

impl<M, S, P> Solver<P, VecState> for InArgmin<M, S>
where
    P: CostFunction<Param = Vec<f64>, Output = f64>
        + Gradient<Param = Vec<f64>, Gradient = Vec<f64>>,
    M: Method<ArgminObjective<P>, State = S>,
{
    fn name(&self) -> &str {
        self.method.name()
    }

    fn init(
        &mut self,
        problem: &mut Problem<P>,
        mut state: VecState,
    ) -> Result<(VecState, Option<KV>), Error> {
        let x0 = state.take_param().ok_or_else(|| {
            Error::msg("InArgmin needs an initial parameter: configure(|s| s.param(x0))")
        })?;
        let lent = ArgminObjective::lend(problem, x0.len());
        let result = self.method.init(&OurProblem::new(&lent), &x0);
        if let Some(e) = lent.give_back(problem) {
            return Err(e);
        }
        let (method_state, start) = result.map_err(argmin_error)?;
        self.x.clone_from(&x0);
        self.previous.clone_from(&x0);
        self.stop = None;
        let mut state = state.param(x0).cost(start.value);
        if let Some(g) = self.method.gradient(&method_state) {
            state = state.gradient(g.to_vec());
        }
        if start.grad_norm <= self.grad_tol {
            self.stop = Some(StopReason::GradientTolerance);
        }
        self.state = Some(method_state);
        Ok((state, None))
    }

    fn next_iter(
        &mut self,
        problem: &mut Problem<P>,
        state: VecState,
    ) -> Result<(VecState, Option<KV>), Error> {
        let method_state = self
            .state
            .as_mut()
            .ok_or_else(|| Error::msg("InArgmin::next_iter before init"))?;
        self.previous.copy_from_slice(&self.x);
        let lent = ArgminObjective::lend(problem, self.x.len());
        let result = self
            .method
            .iterate(&OurProblem::new(&lent), &mut self.x, method_state);
        if let Some(e) = lent.give_back(problem) {
            return Err(e);
        }
        let step = result.map_err(argmin_error)?;
        let finite = step.value.is_finite()
            && step.grad_norm.is_finite()
            && self.x.iter().all(|v| v.is_finite());
        if !finite {
            self.x.copy_from_slice(&self.previous);
            self.stop = Some(StopReason::Diverged);
            return Ok((state, None));
        }
        if let Some(reason) = step.stop {
            self.stop = Some(reason);
        } else if step.accepted && step.grad_norm <= self.grad_tol {
            self.stop = Some(StopReason::GradientTolerance);
        }
        let mut state = state.param(self.x.clone()).cost(step.value);
        if let Some(g) = self.method.gradient(method_state) {
            state = state.gradient(g.to_vec());
        }
        let mut kv = KV::new();
        kv.insert("grad_norm", KvValue::Float(step.grad_norm));
        kv.insert("accepted", KvValue::Bool(step.accepted));
        Ok((state, Some(kv)))
    }

    fn terminate(&mut self, _state: &VecState) -> TerminationStatus {
        match self.stop {
            None => TerminationStatus::NotTerminated,
            Some(reason) if reason.is_convergence() => {
                TerminationStatus::Terminated(TerminationReason::SolverConverged)
            }
            Some(reason) => {
                TerminationStatus::Terminated(TerminationReason::SolverExit(reason.to_string()))
            }
        }
    }
}
