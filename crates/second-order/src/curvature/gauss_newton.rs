//! Hessian-free Gauss–Newton ([`GaussNewtonCg`], Martens 2010): the damped Gauss–Newton
//! system (G + λI) s = v solved by conjugate gradients on Gauss–Newton-vector products,
//! never forming G.
//!
//! G(x) = (1/N) Σᵢ Jᵢᵀ Hᵢ Jᵢ is positive semi-definite for a loss convex in the model's
//! outputs ([`GaussNewtonProduct`]), so A = G + λI is positive definite for λ > 0 and
//! CG applies; with the Levenberg–Marquardt damping of
//! [`PreconditionedDescent`](crate::PreconditionedDescent) this is Martens' Hessian-free
//! method. Each solve, from s₀ = 0, with r the residual v − As and
//! φ(s) = ½sᵀAs − vᵀs = −½sᵀ(v + r) the quadratic CG minimises:
//!
//! ```text
//! s = 0, r = v, d = r
//! for i = 1 … cg_max_iter:
//!     Ad = G d + λd                              one Gauss–Newton product
//!     κ = dᵀAd;  κ ≤ 0 or NaN: stop (at i = 1: SingularSystem)
//!     α = rᵀr/κ,  s ← s + αd,  r ← r − αAd
//!     stop if ‖r‖ ≤ cg_tol·‖v‖                                 (relative residual)
//!     stop if i > k, φᵢ < 0 and (φᵢ − φᵢ₋ₖ)/φᵢ < k·ε,  k = max(10, ⌊i/10⌋)
//!                                                   (Martens' progress test, ε = cg_progress_tol)
//!     d ← r + (rᵀr / previous rᵀr)·d
//! apply: Âv = G v                                  one Gauss–Newton product
//! refresh: nothing (G is never stored: every product is taken at the current x)
//! ```
//!
//! Defaults: `cg_max_iter` = 250 (the cap of the `hessianfree` package's Martens 2010
//! implementation, D. Rasmussen), `cg_tol` = 1e-5 (`scipy.sparse.linalg.cg`'s `rtol`),
//! `cg_progress_tol` = 5·10⁻⁴ (Martens 2010 §4.4, with his k = max(10, 0.1·i)). The
//! progress test ends CG once the model stops improving, long before the residual is
//! small, which is Martens' point: the step is only as good as the model.
//!
//! Where Martens differs: his CG starts from the previous step scaled by ζ = 0.95
//! (§4.5) and he backtracks over the CG iterates (§4.6); here every solve starts from 0,
//! so that `solve` is a function of (x, λ, v), and the step is the last iterate.
//! A truncated CG iterate still satisfies φ(s) < 0, hence vᵀs > ½sᵀ(G + λI)s > 0: a
//! descent direction with a positive predicted reduction. κ ≤ 0 cannot happen for a
//! positive semi-definite G and λ > 0; it is met only with λ = 0 on a singular G along
//! d (then [`Event::NegativeCurvature`] is not reported, κ = 0) or when the objective's
//! "G" is not positive semi-definite (κ < 0, reported as [`Event::NegativeCurvature`]).
//!
//! Where f is a linear least-squares fit, G is its Hessian and one CG solve with λ = 0
//! to a tight tolerance is Newton's step: the fit in one iteration. The state holds
//! three vectors of n and, with the progress test, the `cg_max_iter + 1` values of φ,
//! allocated by `init`.
//!
//! ```
//! use optim_core::{minimize, FnObjective, GaussNewtonProduct, Objective, Stop, StopReason};
//! use second_order::curvature::gauss_newton::GaussNewtonCg;
//! use second_order::PreconditionedDescent;
//!
//! /// f(x) = ½‖r(x)‖², r = (x₀ − 1, 10(x₁ − x₀²)): Rosenbrock as least squares, with
//! /// J = [[1, 0], [−20x₀, 10]] and G = JᵀJ.
//! struct Rosenbrock;
//! impl Objective for Rosenbrock {
//!     fn dim(&self) -> usize { 2 }
//!     fn value(&self, x: &[f64]) -> f64 { 0.5 * ((x[0] - 1.0).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2)) }
//!     fn gradient(&self, x: &[f64], g: &mut [f64]) {
//!         let r1 = 10.0 * (x[1] - x[0] * x[0]);
//!         g[0] = (x[0] - 1.0) - 20.0 * x[0] * r1;
//!         g[1] = 10.0 * r1;
//!     }
//! }
//! impl GaussNewtonProduct for Rosenbrock {
//!     fn gauss_newton_vector_product(&self, x: &[f64], v: &[f64], gv: &mut [f64]) {
//!         let jv = [v[0], -20.0 * x[0] * v[0] + 10.0 * v[1]]; // J v, then Jᵀ(J v)
//!         gv[0] = jv[0] - 20.0 * x[0] * jv[1];
//!         gv[1] = 10.0 * jv[1];
//!     }
//! }
//! let run = minimize(&PreconditionedDescent::new(GaussNewtonCg::default()), &Rosenbrock,
//!                    &[-1.2, 1.0], &Stop::after(100).grad_tol(1e-12))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! assert!((run.x[0] - 1.0).abs() < 1e-10 && (run.x[1] - 1.0).abs() < 1e-10);
//! assert!(run.iterations < 30, "{}", run.iterations);
//! assert!(run.evals.hessian == 0 && run.evals.hessian_vector > 0); // products only
//! # Ok::<(), optim_core::Error>(())
//! ```
//!
//! Reference: J. Martens, "Deep learning via Hessian-free optimization", ICML 2010,
//! §4.1 (damping), §4.2 (the Gauss–Newton matrix), §4.4 (CG termination).

use optim_core::error::check_param;
use optim_core::vector::{dot, norm};
use optim_core::{Error, Event, Events, GaussNewtonProduct, Named, Objective, Problem};

use super::{Curvature, SingularSystem};

/// (G + λI)⁻¹v by conjugate gradients on Gauss–Newton products (see the module
/// documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GaussNewtonCg {
    /// CG iterations (Gauss–Newton products) per solve at most, ≥ 1. Default 250.
    pub cg_max_iter: usize,
    /// CG stops when ‖v − (G + λI)s‖ ≤ `cg_tol`·‖v‖, in [0, 1). Default 1e-5
    /// (`scipy.sparse.linalg.cg`).
    pub cg_tol: f64,
    /// ε of Martens' relative-progress test, > 0 and finite, or `None` to run CG to
    /// `cg_tol` or `cg_max_iter`. Default `Some(5e-4)` (Martens 2010 §4.4).
    pub cg_progress_tol: Option<f64>,
}

impl Default for GaussNewtonCg {
    /// At most 250 CG iterations, residual tolerance 1e-5, Martens' progress test with
    /// ε = 5·10⁻⁴.
    fn default() -> Self {
        Self {
            cg_max_iter: 250,
            cg_tol: 1e-5,
            cg_progress_tol: Some(5e-4),
        }
    }
}

impl GaussNewtonCg {
    /// CG to a relative residual `cg_tol` (or 250 iterations), without the progress
    /// test: the damped Gauss–Newton step to that accuracy.
    pub fn to_tolerance(cg_tol: f64) -> Self {
        Self {
            cg_tol,
            cg_progress_tol: None,
            ..Self::default()
        }
    }
}

/// The state of [`GaussNewtonCg`]: CG's work vectors and the history of φ.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct GaussNewtonCgState {
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    r: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    d: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    ad: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    phi: Vec<f64>,
    cg_iterations: usize,
    last_cg_iterations: usize,
}

impl GaussNewtonCgState {
    /// CG iterations made so far, over all solves.
    pub fn cg_iterations(&self) -> usize {
        self.cg_iterations
    }
    /// CG iterations of the last solve.
    pub fn last_cg_iterations(&self) -> usize {
        self.last_cg_iterations
    }
}

impl Named for GaussNewtonCg {
    fn name(&self) -> &'static str {
        "Hessian-free Gauss–Newton"
    }
}

impl<O: GaussNewtonProduct + ?Sized> Curvature<O> for GaussNewtonCg {
    type State = GaussNewtonCgState;

    fn init(&self, problem: &Problem<'_, O>, _: &[f64]) -> Result<GaussNewtonCgState, Error> {
        check_param("cg_max_iter", self.cg_max_iter as f64, ">= 1", |v| v >= 1.0)?;
        check_param("cg_tol", self.cg_tol, "in [0, 1)", |v| {
            (0.0..1.0).contains(&v)
        })?;
        if let Some(eps) = self.cg_progress_tol {
            check_param("cg_progress_tol", eps, "> 0 and finite", |v| {
                v > 0.0 && v.is_finite()
            })?;
        }
        let n = problem.dim();
        // φ's history, for the progress test only; a cap too large to allocate is
        // refused rather than left to panic.
        let mut phi = Vec::new();
        if self.cg_progress_tol.is_some() {
            let fits = self
                .cg_max_iter
                .checked_add(1)
                .is_some_and(|len| phi.try_reserve_exact(len).is_ok());
            if !fits {
                return Err(Error::InvalidParameter {
                    name: "cg_max_iter",
                    value: self.cg_max_iter as f64,
                    allowed: "small enough for the progress test's history to be allocated",
                });
            }
            phi.resize(self.cg_max_iter + 1, 0.0);
        }
        Ok(GaussNewtonCgState {
            r: vec![0.0; n],
            d: vec![0.0; n],
            ad: vec![0.0; n],
            phi,
            cg_iterations: 0,
            last_cg_iterations: 0,
        })
    }

    fn refresh(
        &self,
        _: &Problem<'_, O>,
        _: &[f64],
        _: &mut GaussNewtonCgState,
    ) -> Result<Events, Error> {
        Ok(Events::NONE)
    }

    fn solve(
        &self,
        problem: &Problem<'_, O>,
        x: &[f64],
        st: &mut GaussNewtonCgState,
        lambda: f64,
        v: &[f64],
        s: &mut [f64],
    ) -> Result<Events, SingularSystem> {
        s.fill(0.0);
        st.r.copy_from_slice(v);
        st.d.copy_from_slice(v);
        if let Some(phi0) = st.phi.first_mut() {
            *phi0 = 0.0;
        }
        st.last_cg_iterations = 0;
        let target = self.cg_tol * norm(v);
        let mut rr = dot(&st.r, &st.r);
        if rr.sqrt() <= target {
            return Ok(Events::NONE); // v = 0 (or within tolerance of it): s = 0
        }
        let mut events = Events::NONE;
        for i in 1..=self.cg_max_iter {
            problem.gauss_newton_vector_product(x, &st.d, &mut st.ad);
            for (adj, dj) in st.ad.iter_mut().zip(&st.d) {
                *adj += lambda * dj;
            }
            st.cg_iterations += 1;
            st.last_cg_iterations = i;
            let kappa = dot(&st.d, &st.ad);
            if !(kappa > 0.0 && kappa.is_finite()) {
                if kappa < 0.0 {
                    events.insert(Event::NegativeCurvature);
                }
                if i == 1 {
                    return Err(SingularSystem);
                }
                break;
            }
            let alpha = rr / kappa;
            for ((sj, rj), (dj, adj)) in s.iter_mut().zip(&mut st.r).zip(st.d.iter().zip(&st.ad)) {
                *sj += alpha * dj;
                *rj -= alpha * adj;
            }
            let rr_new = dot(&st.r, &st.r);
            if rr_new.sqrt() <= target {
                break;
            }
            if let Some(eps) = self.cg_progress_tol {
                // φ(s) = −½ sᵀ(v + r).
                let phi = -0.5 * (dot(s, v) + dot(s, &st.r));
                st.phi[i] = phi;
                let k = 10.max(i / 10);
                if i > k && phi < 0.0 && (phi - st.phi[i - k]) / phi < k as f64 * eps {
                    break;
                }
            }
            let beta = rr_new / rr;
            for (dj, rj) in st.d.iter_mut().zip(&st.r) {
                *dj = rj + beta * *dj;
            }
            rr = rr_new;
        }
        Ok(events)
    }

    fn apply(
        &self,
        problem: &Problem<'_, O>,
        x: &[f64],
        _: &mut GaussNewtonCgState,
        v: &[f64],
        out: &mut [f64],
    ) {
        problem.gauss_newton_vector_product(x, v, out)
    }
}
