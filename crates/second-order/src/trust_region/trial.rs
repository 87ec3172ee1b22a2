//! What the trust-region driver and its subproblem solvers share: the solver traits
//! [`SubproblemSolver`] and [`Subproblem`], the [`Model`] a solver is given, the
//! [`TrialStep`] it returns, and the two formulas both sides use,
//! [`boundary_intersections`] and [`reduction_ratio`].
//!
//! At xₖ with g = ∇f(xₖ), B = ∇²f(xₖ) and radius Δ, a solver writes into p an
//! approximate solution of
//!
//! ```text
//! min  mₖ(p) = f(xₖ) + gᵀp + ½pᵀBp   subject to ‖p‖ ≤ Δ
//! ```
//!
//! and reports the predicted decrease mₖ(0) − mₖ(p) and whether p is on the boundary.
//!
//! **A solver states what it reads of B through its bound on the objective.** A solver
//! is a [`SubproblemSolver`] (its name, parameters and workspace, whatever the
//! objective) and a [`Subproblem<O>`](Subproblem) for the objectives it can work on:
//! `impl<O: HessianProduct + ?Sized> Subproblem<O>` for one that needs products B·v
//! only ([`Model::hessian_vector_product`]: Cauchy, Steihaug), `impl<O: Hessian +
//! ?Sized> Subproblem<O>` for one that reads the dense B ([`Model::hessian`]: dogleg,
//! Moré–Sorensen). The driver is a [`Method<O>`](optim_core::Method) exactly where its
//! solver is a `Subproblem<O>`, so a dense solver on an objective without a dense
//! Hessian is a compile error rather than a run-time one, and the driver evaluates
//! nothing of B itself: each solver evaluates what it reads, through the run's
//! counting [`Problem`], when [`Model::new_iterate`] says that xₖ is a new point
//! (cached factorisations are stale), and reuses it when the point is the same with a
//! smaller Δ after a rejected step.
//!
//! A solver of one's own plugs into [`TrustRegion`](super::TrustRegion) like the
//! built-in ones, and runs Hessian-free if it asks for products only:
//!
//! ```
//! use optim_core::vector::dot;
//! use optim_core::{minimize, Error, FnObjective, HessianProduct, Stop, StopReason};
//! use second_order::trust_region::{Model, Subproblem, SubproblemSolver, TrialStep, TrustRegion};
//!
//! /// The minimiser of the model along −g inside the region, from one product B·g per
//! /// iterate, kept in the workspace.
//! #[derive(Debug, Clone, Copy)]
//! struct SteepestDescentModel;
//! impl SubproblemSolver for SteepestDescentModel {
//!     type Workspace = Vec<f64>; // B·g
//!     const METHOD_NAME: &'static str = "trust-region (steepest descent on the model)";
//!     fn validate(&self) -> Result<(), Error> { Ok(()) }
//!     fn workspace(&self, n: usize) -> Vec<f64> { vec![0.0; n] }
//! }
//! // Products are all it reads: any objective with Hessian-vector products will do.
//! impl<O: HessianProduct + ?Sized> Subproblem<O> for SteepestDescentModel {
//!     fn trial_step(&self, bg: &mut Vec<f64>, m: &Model<'_, O>, delta: f64, p: &mut [f64]) -> TrialStep {
//!         if m.new_iterate {
//!             m.hessian_vector_product(m.g, bg);
//!         }
//!         let (gg, gbg) = (dot(m.g, m.g), dot(m.g, bg));
//!         let to_boundary = delta / gg.sqrt();
//!         // p = −τg; m(0) − m(p) = τgᵀg − ½τ²gᵀBg.
//!         let tau = if gbg > 0.0 { (gg / gbg).min(to_boundary) } else { to_boundary };
//!         p.iter_mut().zip(m.g).for_each(|(pi, gi)| *pi = -tau * gi);
//!         TrialStep::new(tau * gg - 0.5 * tau * tau * gbg, tau == to_boundary)
//!     }
//! }
//!
//! // f(x) = x₀² + x₁², with its Hessian-vector product B·v = 2v and no dense Hessian.
//! let bowl = FnObjective::new(2, |x: &[f64]| x[0] * x[0] + x[1] * x[1],
//!                             |x: &[f64], g: &mut [f64]| { g[0] = 2.0 * x[0]; g[1] = 2.0 * x[1]; })
//!     .with_hessian_product(|_: &[f64], v: &[f64], hv: &mut [f64]| {
//!         hv[0] = 2.0 * v[0];
//!         hv[1] = 2.0 * v[1];
//!     });
//! // From ‖x‖ = 5: steps of Δ = 1 and 2 to the boundary (ρ = 1 doubles Δ), then the
//! // model's minimiser along −g, which is x* = 0 on this bowl.
//! let tr = TrustRegion::new(SteepestDescentModel);
//! let run = minimize(&tr, &bowl, &[3.0, 4.0], &Stop::after(100).grad_tol(1e-12))?;
//! assert_eq!(run.method, "trust-region (steepest descent on the model)");
//! assert_eq!((run.stop, run.iterations), (StopReason::GradientTolerance, 3));
//! assert!(run.value < 1e-24);
//! assert_eq!((run.evals.hessian, run.evals.hessian_vector), (0, 3)); // products only
//! # Ok::<(), Error>(())
//! ```
//!
//! Reference: J. Nocedal and S. J. Wright, *Numerical Optimization*, 2nd ed., Springer
//! 2006, Chapter 4.

use optim_core::vector::dot;
use optim_core::{Error, Event, Hessian, HessianProduct, Objective, Problem};

/// The quadratic model at xₖ as a solver sees it: the point, the gradient there, and
/// the run's counting [`Problem`] to evaluate what the solver reads of B.
#[derive(Debug)]
pub struct Model<'a, O: ?Sized> {
    /// The objective, as the run's counting [`Problem`]: every product or Hessian a
    /// solver evaluates through [`Model::hessian_vector_product`] or [`Model::hessian`]
    /// is counted in [`Run::evals`](optim_core::Run::evals).
    pub problem: &'a Problem<'a, O>,
    /// The iterate xₖ.
    pub x: &'a [f64],
    /// g = ∇f(xₖ).
    pub g: &'a [f64],
    /// Whether xₖ is new since the previous solve (always at the first): false after a
    /// rejected step, when only the radius has shrunk and whatever the solver cached
    /// about g and B (a dense Hessian, a factorisation, B·g) still holds.
    pub new_iterate: bool,
}

impl<O: HessianProduct + ?Sized> Model<'_, O> {
    /// out = B·v at xₖ (one counted Hessian-vector product).
    pub fn hessian_vector_product(&self, v: &[f64], out: &mut [f64]) {
        self.problem.hessian_vector_product(self.x, v, out)
    }
}

impl<O: Hessian + ?Sized> Model<'_, O> {
    /// h = B, the dense Hessian at xₖ, column-major n×n (one counted Hessian).
    pub fn hessian(&self, h: &mut [f64]) {
        self.problem.hessian(self.x, h)
    }
}

/// What a trust-region subproblem solver is whatever the objective: an immutable
/// configuration with a name, its checks, and the memory it needs for an
/// n-dimensional problem in its own [`SubproblemSolver::Workspace`].
///
/// Its step is [`Subproblem::trial_step`], implemented for the objectives the solver
/// can read.
pub trait SubproblemSolver {
    /// What the solver keeps between solves (work vectors, the dense Hessian and its
    /// factorisations).
    type Workspace;
    /// The name of the trust-region method using this solver, as
    /// [`Named`](optim_core::Named) reports it.
    const METHOD_NAME: &'static str;
    /// Checks every parameter; `Err` names the first invalid one.
    fn validate(&self) -> Result<(), Error>;
    /// The workspace for dimension n (allocated once, at the start of a run).
    fn workspace(&self, n: usize) -> Self::Workspace;
}

/// The step of a [`SubproblemSolver`] on objectives of type `O`: implemented for
/// `O: HessianProduct` by solvers that read B through products, for `O: Hessian` by
/// those that read it densely (see the module documentation).
pub trait Subproblem<O: ?Sized>: SubproblemSolver {
    /// Writes the trial step for `model` and radius `delta` into `p`, evaluating what
    /// it reads of B through `model` when [`Model::new_iterate`] is set.
    fn trial_step(
        &self,
        workspace: &mut Self::Workspace,
        model: &Model<'_, O>,
        delta: f64,
        p: &mut [f64],
    ) -> TrialStep;
}

/// The workspace of a solver that reads the dense Hessian: B at the current iterate,
/// which the solver evaluates into [`DenseWorkspace::hessian`] when the iterate is new,
/// beside the solver's own memory (factorisations, cached steps).
///
/// Two fields rather than one struct so that a solve can read B while it updates the
/// rest.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct DenseWorkspace<W> {
    /// B = ∇²f(xₖ), column-major n×n.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    pub hessian: Vec<f64>,
    /// The solver's own workspace.
    pub solver: W,
}

impl<W> DenseWorkspace<W> {
    /// Room for an n×n Hessian beside `solver` (allocated once).
    pub fn new(n: usize, solver: W) -> Self {
        Self {
            hessian: vec![0.0; n * n],
            solver,
        }
    }
}

/// What a subproblem solver proposes, besides the step itself.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrialStep {
    /// The model decrease mₖ(0) − mₖ(p) = −(gᵀp + ½pᵀBp).
    pub predicted: f64,
    /// Whether the step is on the boundary (the radius may grow only then).
    pub hits_boundary: bool,
    /// Something the trace should keep (negative curvature, a Cauchy fallback).
    pub event: Option<Event>,
}

impl TrialStep {
    /// A step with this predicted decrease and boundary flag, and no event.
    pub fn new(predicted: f64, hits_boundary: bool) -> Self {
        Self {
            predicted,
            hits_boundary,
            event: None,
        }
    }
}

/// The two t with ‖z + t d‖ = Δ, ascending (a line–sphere intersection, computed
/// without cancellation as scipy's `get_boundaries_intersections`).
pub fn boundary_intersections(z: &[f64], d: &[f64], delta: f64) -> (f64, f64) {
    let a = dot(d, d);
    let b = 2.0 * dot(z, d);
    let c = dot(z, z) - delta * delta;
    let sqrt_discriminant = (b * b - 4.0 * a * c).max(0.0).sqrt();
    let aux = b + sqrt_discriminant.copysign(b);
    let (ta, tb) = (-aux / (2.0 * a), -2.0 * c / aux);
    if ta <= tb { (ta, tb) } else { (tb, ta) }
}

/// The ratio ρ = (f − f_trial) / predicted of actual to predicted decrease, guarded
/// against rounding: when f did not increase, both decreases get δ = 10 ε |f| added
/// (Conn, Gould and Toint, *Trust-Region Methods*, SIAM 2000, §17.4.2, who use
/// 10 ε max(1, |f|)).
///
/// Near a minimiser where f is far from 0 the actual decrease drowns in rounding
/// (f is known to ε|f| at best) while the model still predicts a decrease: unguarded,
/// ρ is noise, good steps are rejected and the radius collapses early. With δ the
/// ratio tends to 1 there. Two deviations from Conn–Gould–Toint keep the method
/// strictly monotone and scipy-exact: an increase of f is never softened (ρ < 0, the
/// step is rejected), and δ is relative to |f| alone, so on functions whose minimum
/// is 0 (Rosenbrock) the ratio is scipy's to the last bit.
///
/// ```
/// use second_order::trust_region::reduction_ratio;
/// assert!((reduction_ratio(1.0, 0.5, 1.0) - 0.5).abs() < 1e-14);
/// // f = 100 cannot show a predicted decrease of 1e-15 (its spacing is 1.4e-14):
/// // the unchanged value is accepted as agreement rather than as failure.
/// assert!(reduction_ratio(100.0, 100.0, 1e-15) > 0.99);
/// // A predicted decrease well above rounding is judged as usual.
/// assert!(reduction_ratio(100.0, 100.0, 1e-9) < 1e-3);
/// // Any increase, however small, is a failure.
/// assert!(reduction_ratio(1.0, 1.0 + 1e-15, 1e-12) < 0.0);
/// assert!(reduction_ratio(1.0, f64::NAN, 1.0).is_nan());
/// ```
pub fn reduction_ratio(f: f64, f_trial: f64, predicted: f64) -> f64 {
    let actual = f - f_trial;
    if actual < 0.0 {
        return actual / predicted;
    }
    let delta = 10.0 * f64::EPSILON * f.abs();
    (actual + delta) / (predicted + delta)
}

/// The square root of f64's epsilon, 1.49e-8: a predicted decrease below √ε·|f| is
/// measured on the gradients ([`evaluate_trial`]).
const SQRT_EPS: f64 = 1.4901161193847656e-8;

/// What [`evaluate_trial`] found at the trial point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TrialValue {
    /// f(x + p).
    pub value: f64,
    /// ρ, the actual decrease over the predicted one (NaN where f is undefined).
    pub ratio: f64,
    /// Whether ∇f(x + p) was evaluated (into the caller's buffer): a step accepted
    /// then needs no further gradient evaluation.
    pub has_gradient: bool,
}

/// Evaluates f at `x_trial` = x + t·p and judges the step by ρ = actual / predicted
/// (f and g are f(x) and ∇f(x)).
///
/// **Where the values cannot tell, the gradients do.** f is known to ε times the size
/// of the terms that make it up, which may be far above ε|f| (on a quadratic
/// ½xᵀAx − bᵀx with κ(A) = 10⁴ the products in Ax are 10²–10⁴ times f). Once the
/// model predicts a decrease below √ε·|f|, the difference f(x) − f(x + p) holds
/// little but that rounding: a step the model gets right can show an increase and be
/// rejected, the radius then collapses (on `Quadratic::random_spd(10, 1e4, 1)` trust-ncg
/// stopped at iteration 34 with `TrustRegionCollapsed`, ‖∇f‖ still 1e-7). There the
/// actual decrease is taken instead by the trapezoidal rule on the gradients,
///
/// ```text
/// f(x) − f(x + tp) ≈ −½ t (∇f(x) + ∇f(x + tp))ᵀ p,
/// ```
///
/// exact on quadratics, with an error of O(‖p‖³) on smooth functions, and free of
/// cancellation: each product is rounded relative to itself. The gradients are
/// trusted only when ‖∇f(x + p)‖ ≤ ‖∇f(x)‖, as it is near a minimiser the model
/// describes, and when the two values agree to √ε of their size (a value that jumps
/// by more, a wall in f, is a real change the gradients do not see); otherwise the
/// values decide as above (a gradient of the wrong sign
/// agrees with its own model, and would walk uphill by steps below rounding size if
/// it were believed). This costs the gradient
/// at the trial point, which an accepted step needs anyway (`has_gradient` says it is
/// in `g_trial`). Above √ε·|f| the ratio is [`reduction_ratio`]'s, so the runs that
/// reproduce scipy do so as before. A step so accepted can raise the computed f by
/// rounding: the method is monotone in f to rounding, not to the bit.
///
/// ```
/// use optim_core::{FnObjective, Problem};
/// use second_order::trust_region::evaluate_trial;
/// // f = 1e8 + x²/2: at x = 1e-5 a step to x = 0 lowers f by 5e-11, below the value's
/// // spacing (1.5e-8), so the difference of values says nothing; the gradients give it.
/// let f = FnObjective::new(1, |x: &[f64]| 1e8 + 0.5 * x[0] * x[0], |x: &[f64], g: &mut [f64]| g[0] = x[0]);
/// let problem = Problem::new(&f);
/// let mut g_trial = [0.0];
/// let t = evaluate_trial(&problem, 1e8 + 0.5e-10, &[1e-5], &[0.0], &[-1e-5], 1.0, 0.5e-10, &mut g_trial);
/// assert!(t.has_gradient && (t.ratio - 1.0).abs() < 1e-12);
/// ```
pub fn evaluate_trial<O: Objective + ?Sized>(
    problem: &Problem<'_, O>,
    f: f64,
    g: &[f64],
    x_trial: &[f64],
    p: &[f64],
    t: f64,
    predicted: f64,
    g_trial: &mut [f64],
) -> TrialValue {
    if predicted > SQRT_EPS * f.abs() {
        let value = problem.value(x_trial);
        return TrialValue {
            value,
            ratio: reduction_ratio(f, value, predicted),
            has_gradient: false,
        };
    }
    let value = problem.value_and_gradient(x_trial, g_trial);
    let ratio = if !value.is_finite() {
        f64::NAN
    } else if dot(g_trial, g_trial) <= dot(g, g)
        && (value - f).abs() <= SQRT_EPS * f.abs().max(value.abs())
    {
        // The values agree to rounding: their difference says nothing, the gradients
        // do. Where they differ by more (f jumped, or fell far more than predicted),
        // the difference is real and decides.
        -0.5 * t * (dot(g, p) + dot(g_trial, p)) / predicted
    } else {
        reduction_ratio(f, value, predicted)
    };
    TrialValue {
        value,
        ratio,
        has_gradient: true,
    }
}
