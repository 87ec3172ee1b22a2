//! The shared vocabulary of the optimisation toolkit.
//!
//! - [`Objective`] and [`Hessian`]: what can be minimised (slices in, numbers out).
//! - [`Method`]: an immutable configuration with an explicit state, advanced one step
//!   at a time on a [`Problem`] (the objective, counting its evaluations); each step
//!   reports a [`Step`]. [`minimize`] drives a method under a [`Stop`] rule and returns
//!   a [`Run`] with its [`Trace`], its [`Evals`] and the [`StopReason`].
//! - [`FirstOrder`]: the bare in-place update `step(state, params, grad)` of a
//!   first-order rule, which is also a [`Method`] on every objective.
//! - [`minimize_many`]: many starts in parallel.
//! - [`check_gradient`], [`check_hessian`], [`check_hessian_vector_product`]: verify
//!   your own derivatives against central differences.
//! - [`GradientNoise`] and [`MiniBatch`]: stochastic gradients from exact objectives.
//! - [`GaussNewtonProduct`] and [`Layered`]: what curvature approximations (Gauss–Newton,
//!   K-FAC) ask of a model beyond its Hessian.
//! - [`Error`]: the one error type, for invalid input only.
//!
//! ```
//! use optim_core::{FnObjective, Objective, check_gradient};
//! let f = FnObjective::new(2, |x: &[f64]| x[0] * x[0] + 3.0 * x[1] * x[1],
//!                          |x: &[f64], g: &mut [f64]| { g[0] = 2.0 * x[0]; g[1] = 6.0 * x[1]; });
//! assert!(check_gradient(&f, &[1.0, -2.0])?.max_rel_error < 1e-8);
//! # Ok::<(), optim_core::Error>(())
//! ```
//!
//! # Coming from scipy.optimize, argmin, torch.optim or optax
//!
//! What each library's users expect, and where it is here (through either method
//! crate's `prelude`, which re-exports all of this):
//!
//! | expectation | scipy.optimize | argmin 0.11 | torch.optim / optax | here |
//! |---|---|---|---|---|
//! | minimise a function | `minimize(fun, x0, jac, method=…)` | `Executor::new(problem, solver).configure(…).run()` | a loop of `loss.backward(); opt.step()` / `opt.update(g, state)` | [`minimize`]`(&method, &f, &x0, &Stop::after(n))`, or the bare [`FirstOrder::step`] in your own loop |
//! | the objective | callables `fun`, `jac`, `hess`, `hessp` | `CostFunction`, `Gradient`, `Hessian` traits | autograd / JAX | [`Objective`], [`HessianProduct`], [`Hessian`] traits, or closures: [`FnObjective::new`]`(n, f, g)`, `.with_hessian_product(hv)`, `.with_hessian(h)` |
//! | Hessian-free Newton | `hessp=` | — | — | [`HessianProduct`] alone: no dense Hessian is ever formed unless asked ([`dense_hessian_vector_product`]) |
//! | the result | `OptimizeResult`: `x`, `fun`, `jac`, `hess_inv`, `nit`, `nfev`/`njev`/`nhev`, `success`, `message` | `OptimizationResult` with the solver state; counts with `.counting(true)` | the parameters | [`Run`]: `x`, `value`, `gradient`, `grad_norm`, `iterations`, `evals`, `stop` (a [`StopReason`] whose `Display` is the message), `converged()`, `elapsed`, `trace`; `Display` prints a summary; [`minimize_state`] also returns the state (BFGS's H: `hess_inv`) |
//! | stopping | `gtol` (∞-norm), `ftol`, `maxiter` per method | per-solver tolerances, `max_iters` | yours | [`Stop`]: `grad_tol` in the 2- or ∞-norm ([`GradNorm`]), `value_tol`, `f_rel_tol` (L-BFGS-B's `ftol`), `step_tol`, `max_iters`, `max_time`, `diverge_above`; `Stop::after(n)` has ‖∇f‖₂ ≤ 1e-6, `Stop::exactly(n)` nothing (see [`Stop`](Stop#conventions-and-scipys)) |
//! | watching a run | `callback(intermediate_result)`, `StopIteration` to end | observers (slog, file) with a frequency | yours | an [`Observer`] (any closure; [`Every`], [`CsvLog`], [`JsonLines`], `ProgressBar` with the `progress` feature; pairs) in [`minimize_with`], one per start in [`minimize_many_with`] |
//! | the trace | `return_all` (some methods) | observers | — | [`Trace`]: f, ‖∇f‖ and counts per iteration by default ([`Record::Values`]), iterates with [`Record::All`] |
//! | bad input / failure | exceptions; `success = False` | `Err`; a termination reason | exceptions | `Err(`[`Error`]`)` for invalid input only; every failure to converge is a [`StopReason`], with the last finite iterate kept |
//! | many starts | a loop | a loop | `vmap` (optax) | [`minimize_many`] in parallel, each run as [`minimize`] alone would give it |
//! | hyper-parameters | `options={…}` | builder methods | `Adam(params, lr=…, betas=…)` / `adam(learning_rate, b1, b2)` | plain structs with torch's (first-order) and scipy's (second-order) names and defaults: `Adam { betas: (0.9, 0.99), ..Adam::new(1e-3) }` |
//! | schedules, clipping | — | — | `lr_scheduler.*`, `clip_grad_norm_` / `optax.chain(clip, adam(schedule))` | first-order's `.scheduled(s)`, `.clipped(c)`, `.reduced_on_plateau(p)` wrappers, torch's schedules to the bit |
//! | randomness | NumPy | `rand` | `torch.manual_seed` / `PRNGKey` | [`Rng`], NumPy's legacy MT19937, bit for bit |
//! | derivative checks | `check_grad` | the `finitediff` crate | `gradcheck` | [`check_gradient`], [`check_hessian`], [`check_hessian_vector_product`] |
//! | the other library | — | its solvers on your problem, yours in its `Executor` | — | the `argmin-adapters` crate, both ways: `ArgminProblem(&f)` in argmin's solvers, `InArgmin::new(method)` in its `Executor`, `minimize_argmin` for argmin's run as a [`Run`] |
#![deny(missing_docs)]

mod check;
mod checkpoint;
pub mod curvature;
pub mod error;
mod evals;
mod event;
mod first_order;
mod method;
mod minimize;
mod objective;
mod observe;
mod problem;
mod rng;
mod run;
#[cfg(feature = "serde")]
pub mod serde_float;
mod stochastic;
mod stop;
mod trace;
pub mod vector;

pub use check::{
    DerivativeCheck, RELATIVE_FLOOR, check_gradient, check_hessian, check_hessian_vector_product,
};
pub use checkpoint::{CHECKPOINT_FORMAT, Checkpoint};
pub use curvature::{GaussNewtonProduct, Layer, LayerStatistics, Layered, Targets};
pub use error::Error;
pub use evals::Evals;
pub use event::{Event, Events};
pub use first_order::{FirstOrder, FirstOrderState};
pub use method::{Method, Named, Start, Step};
pub use minimize::{
    Outcome, minimize, minimize_many, minimize_many_each, minimize_many_with, minimize_state,
    minimize_until, minimize_with, resume, resume_until,
};
pub use objective::{
    FnObjective, Hessian, HessianProduct, Objective, WithHessian, WithHessianProduct,
    dense_hessian_vector_product,
};
#[cfg(feature = "progress")]
pub use observe::ProgressBar;
pub use observe::{Begin, CsvLog, Every, JsonLines, Observer, Progress, Silent};
pub use problem::Problem;
pub use rng::Rng;
#[cfg(feature = "serde")]
pub use run::RUN_FORMAT;
pub use run::Run;
pub use stochastic::{FiniteSum, GradientNoise, MiniBatch};
pub use stop::{DEFAULT_GRAD_TOL, GradNorm, Record, Stop, StopReason};
pub use trace::Trace;
