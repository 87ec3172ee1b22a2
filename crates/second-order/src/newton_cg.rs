//! Newton-CG (truncated Newton): CG on Hessian-vector products, then a line search.
//!
//! At xₖ with gₖ = ∇f(xₖ) and Hₖ = ∇²f(xₖ), conjugate gradients on Hₖ z = −gₖ from
//! z₀ = 0, touching Hₖ only through products Hₖd:
//!
//! ```text
//! r₀ = gₖ,  d₀ = −r₀
//! loop i = 0, 1, …
//!     stop if ‖rᵢ‖₁ ≤ ηₖ‖gₖ‖₁,      ηₖ = min(0.5, √‖gₖ‖₁)      (forcing sequence)
//!     κ = dᵢᵀHₖdᵢ
//!     0 ≤ κ ≤ 3ε_mach·dᵢᵀdᵢ:  stop                              (flat direction)
//!     κ < 0:  stop; at i = 0 take z = (gₖᵀgₖ/|κ|)·(−gₖ)          (negative curvature)
//!     aᵢ = rᵢᵀrᵢ/κ,  zᵢ₊₁ = zᵢ + aᵢdᵢ,  rᵢ₊₁ = rᵢ + aᵢHₖdᵢ
//!     dᵢ₊₁ = −rᵢ₊₁ + (rᵢ₊₁ᵀrᵢ₊₁/rᵢᵀrᵢ)·dᵢ
//! pₖ = z,   xₖ₊₁ = xₖ + αₖpₖ        αₖ: strong Wolfe (c₁ = 1e-4, c₂ = 0.9)
//! ```
//!
//! This is scipy's `_minimize_newtoncg` rule for rule: the 1-norms in the forcing
//! test, the 3ε curvature threshold, the steepest-descent exit on first-iteration
//! negative curvature (later ones keep the last CG iterate), at most 20n CG
//! iterations, the line search (`dcsrch` with steps in [1e-8, 50]) and its first trial
//! step (1 on the first iteration, then min(1, 1.01·2(fₖ − fₖ₋₁)/gₖᵀpₖ)). Where scipy
//! differs: its own stopping rule (the 1-norm of the update below n·1e-5) is replaced
//! by the run's [`Stop`](optim_core::Stop); the flat-direction threshold is relative,
//! 3ε·dᵀd where scipy compares dᵀHd with 3ε itself — scipy's test is not invariant
//! under scaling d, and as ‖∇f‖ → 0 it takes a direction of norm 1e-7 with curvature
//! 0.05 for a flat one, so every later step is steepest descent: on the logistic
//! regression of `examples/logistic` that took 44 iterations from ‖∇f‖ = 8e-8 to 1e-10
//! instead of 2 (scipy's own stopping rule ends its runs before then); when the CG budget runs out we take the
//! last iterate instead of ending the run (it is a descent direction, all curvatures
//! having been positive); and a zero direction (the flat exit at i = 0) becomes −gₖ with
//! [`Event::DirectionReset`] instead of a failed line search. On Rosenbrock from
//! (4, −4.1) to ‖∇f‖₂ ≤ 1e-6 this gives scipy 1.17's 26 iterations, 38 f and 38 ∇f,
//! with 39 Hessian-vector products where scipy forms 26 full Hessians, and scipy's
//! final x = (0.99999963, 0.99999926) to 8 digits (`tests/scipy_counts.rs`).
//!
//! Where f falls without bound along pₖ (the search reaches α = 50 still descending
//! steeply) x moves there and the run ends with
//! [`StopReason::Unbounded`](optim_core::StopReason::Unbounded) (see
//! [`line_search`](crate::line_search)); a search that fails otherwise ends it with
//! [`StopReason::LineSearchFailed`](optim_core::StopReason::LineSearchFailed) at the
//! last good iterate.
//!
//! Negative curvature is recorded as [`Event::NegativeCurvature`]. Six vectors of n
//! are allocated by `init`; an iteration allocates nothing, so with an O(n)
//! [`HessianProduct::hessian_vector_product`] the method runs at n = 10⁶.
//!
//! The method needs Hessian-vector products only ([`HessianProduct`]), never a dense
//! Hessian, so it runs on an objective built from closures with
//! [`FnObjective::with_hessian_product`](optim_core::FnObjective::with_hessian_product):
//!
//! ```
//! use optim_core::{minimize, FnObjective, Stop, StopReason};
//! use second_order::NewtonCg;
//!
//! // f(x) = Σ (xᵢ⁴/4 + xᵢ²/2 − xᵢ) on ℝ¹⁰⁰⁰: ∇²f = diag(3xᵢ² + 1), applied, never formed.
//! let n = 1000;
//! let f = FnObjective::new(
//!     n,
//!     |x: &[f64]| x.iter().map(|v| v.powi(4) / 4.0 + v * v / 2.0 - v).sum(),
//!     |x: &[f64], g: &mut [f64]| {
//!         for (gi, v) in g.iter_mut().zip(x) { *gi = v.powi(3) + v - 1.0; }
//!     },
//! )
//! .with_hessian_product(|x: &[f64], v: &[f64], hv: &mut [f64]| {
//!     for ((out, xi), vi) in hv.iter_mut().zip(x).zip(v) { *out = (3.0 * xi * xi + 1.0) * vi; }
//! });
//! let run = minimize(&NewtonCg::default(), &f, &vec![2.0; n], &Stop::after(50).grad_tol(1e-10))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! // Each coordinate solves x³ + x = 1.
//! assert!(run.x.iter().all(|v| (v.powi(3) + v - 1.0).abs() < 1e-10));
//! assert!(run.evals.hessian == 0 && run.evals.hessian_vector > 0);
//! # Ok::<(), optim_core::Error>(())
//! ```
//!
//! The dense methods (Newton, modified Newton, Levenberg, dogleg, Moré–Sorensen) need
//! a [`Hessian`](optim_core::Hessian), and refuse the same objective at compile time:
//!
//! ```compile_fail
//! use optim_core::{minimize, FnObjective, Stop};
//! use second_order::Newton;
//! let f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| g[0] = 2.0 * x[0])
//!     .with_hessian_product(|_: &[f64], v: &[f64], hv: &mut [f64]| hv[0] = 2.0 * v[0]);
//! // error: `Hessian` is not implemented for the objective: Newton factors ∇²f.
//! let run = minimize(&Newton::default(), &f, &[1.0], &Stop::after(10));
//! ```
//!
//! Reference: Nocedal & Wright, *Numerical Optimization* (2nd ed.), Algorithm 7.1
//! (line-search Newton-CG).
//!
//! An objective type of one's own implements [`HessianProduct`]:
//!
//! ```
//! use optim_core::{minimize, HessianProduct, Objective, Stop, StopReason};
//! use second_order::NewtonCg;
//!
//! /// f(x) = Σ (xᵢ⁴/4 + xᵢ²/2 − xᵢ): each coordinate solves x³ + x = 1.
//! struct Quartic;
//! impl Objective for Quartic {
//!     fn dim(&self) -> usize { 3 }
//!     fn value(&self, x: &[f64]) -> f64 { x.iter().map(|v| v.powi(4) / 4.0 + v * v / 2.0 - v).sum() }
//!     fn gradient(&self, x: &[f64], g: &mut [f64]) {
//!         for (gi, v) in g.iter_mut().zip(x) { *gi = v.powi(3) + v - 1.0; }
//!     }
//! }
//! impl HessianProduct for Quartic {
//!     fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
//!         for i in 0..3 { hv[i] = (3.0 * x[i] * x[i] + 1.0) * v[i]; }
//!     }
//! }
//! let run = minimize(&NewtonCg::default(), &Quartic, &[2.0, -1.0, 0.0], &Stop::after(50).grad_tol(1e-12))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! assert!(run.x.iter().all(|v| (v.powi(3) + v - 1.0).abs() < 1e-12));
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::vector::{self, axpy, dot, norm, norm1};
use optim_core::{Error, Event, HessianProduct, Method, Named, Objective, Problem, Start, Step};

use crate::line_search::descend::descend;
use crate::line_search::{LineSearch, StrongWolfe, initial_step};

/// Newton-CG configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NewtonCg {
    /// The line search. Default: scipy's for Newton-CG, c₁ = 1e-4, c₂ = 0.9, steps in
    /// [1e-8, 50], xtol 1e-14, 100 trials.
    pub line_search: StrongWolfe,
    /// CG iterations allowed per outer iteration; `None` (default) is scipy's 20·n.
    pub cg_max_iter: Option<usize>,
    /// How accurately CG solves each Newton system. Default [`Forcing::Scipy`].
    pub forcing: Forcing,
    /// What CG does when it meets a direction of negative curvature. Default
    /// [`NegativeCurvature::Scipy`].
    pub negative_curvature: NegativeCurvature,
}

/// What the step is when CG meets a direction d of negative curvature, κ = dᵀHd < 0.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NegativeCurvature {
    /// scipy's rule: keep the CG iterate reached so far, or at the first CG iteration
    /// take −g scaled by gᵀg/|κ|. The direction of negative curvature itself is dropped,
    /// so where H is indefinite over a region the iteration is steepest descent there.
    #[default]
    Scipy,
    /// Also move along d: p = z + s·(|κ|/dᵀd)·d/‖d‖, with s = ±1 making it a descent
    /// direction (s·gᵀd ≤ 0) — the negative-curvature step of Royer, O'Neill & Wright,
    /// *Math. Programming* 180 (2020), length |c| for the curvature c = κ/‖d‖² along
    /// the unit direction. The line search then finds the length.
    Follow,
}

/// The forcing sequence: CG stops once its residual r satisfies ‖r‖ ≤ ηₖ‖gₖ‖.
///
/// [`Scipy`](Forcing::Scipy) and [`Euclidean`](Forcing::Euclidean) use
/// ηₖ = min(0.5, √‖gₖ‖), superlinear in the limit (Nocedal & Wright Theorem 7.2);
/// they differ in the norm. On a large problem ‖g‖ is large for most of the run, so
/// both sit at η = 0.5 and solve each Newton system loosely. Measured on the separable
/// extended Rosenbrock at n = 10⁵ from (−1.2, 1, …) to ‖∇f‖₂ ≤ 1e-6 (`cargo bench -p
/// argmin-adapters --bench versus_argmin -- newton_cg`):
///
/// | forcing | iterations | f and ∇f | Hessian-vector products |
/// |---|---|---|---|
/// | `Scipy` (default) | 85 | 107 | 145 |
/// | `Euclidean` | 85 | 107 | 145 |
/// | `Capped(0.1)` | 62 | 69 | 116 |
/// | `Capped(0.01)` | 24 | 29 | 45 |
/// | `Capped(1e-4)` | 22 | 27 | 44 |
/// | argmin 0.11's `NewtonCG` | 26 | 33 f, 58 ∇f | 118 |
///
/// argmin's test compares rᵀr, a squared norm, with min(0.5, √‖g‖₂)·‖g‖₂, which for
/// ‖g‖ ≫ 1 asks for a far more accurate solve than the 2-norm rule it follows; a
/// capped η does the same on purpose, and at equal accuracy needs fewer products
/// than argmin's solver here (it restarts CG from z = 0 as scipy does).
///
/// On time, in the same bench on a 2-core machine, `Capped(0.01)` wins: 19 ms
/// against 56 ms for `Scipy` and 72 ms for argmin's (argmin/ours 3.75 and 1.20 in
/// alternating rounds). The default stays scipy's, so that runs take scipy's counts;
/// of the 56 ms, the objective's 107 gradients and 145 products take 23.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum Forcing {
    /// scipy's `_minimize_newtoncg`: 1-norms, ‖r‖₁ ≤ min(0.5, √‖g‖₁)·‖g‖₁. The 1-norm
    /// of an n-vector is up to √n times its 2-norm, so at large n η stays at 0.5 long
    /// after the 2-norm rule has tightened: many cheap, loosely solved iterations.
    #[default]
    Scipy,
    /// Nocedal & Wright's Algorithm 7.1: 2-norms, ‖r‖₂ ≤ min(0.5, √‖g‖₂)·‖g‖₂
    /// (superlinear convergence).
    Euclidean,
    /// A constant relative accuracy: ‖r‖₂ ≤ min(η, √‖g‖₂)·‖g‖₂ with the given η
    /// (Nocedal & Wright's rule with its cap 0.5 replaced by η): each Newton system
    /// is solved to η from the start, not only near the solution.
    Capped(f64),
}

impl Default for NewtonCg {
    /// scipy's Newton-CG: at most 20n CG iterations, and its line search, whose steps
    /// lie in [1e-8, 50] where [`StrongWolfe::default`]'s lie in [1e-100, 1e100].
    /// Replacing the search keeps that range only if the replacement starts from this
    /// one: `StrongWolfe { c2: 0.5, ..NewtonCg::default().line_search }`.
    fn default() -> Self {
        Self {
            line_search: StrongWolfe {
                alpha_min: 1e-8,
                alpha_max: 50.0,
                ..StrongWolfe::default()
            },
            cg_max_iter: None,
            forcing: Forcing::Scipy,
            negative_curvature: NegativeCurvature::Scipy,
        }
    }
}

/// What Newton-CG carries from one iteration to the next, and its CG work vectors.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct NewtonCgState {
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    g: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    f: f64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::option"))]
    f_prev: Option<f64>,
    /// CG iterate z, residual r, direction d and product H·d.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    z: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    r: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    d: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    hd: Vec<f64>,
    /// The line search's trials; after a step, xₖ and gₖ.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    x_other: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    g_other: Vec<f64>,
    cg_iterations: usize,
}

impl NewtonCgState {
    /// CG iterations made so far, over all outer iterations.
    pub fn cg_iterations(&self) -> usize {
        self.cg_iterations
    }
}

impl Named for NewtonCg {
    fn name(&self) -> &'static str {
        "Newton-CG"
    }
}

impl<O: HessianProduct + ?Sized> Method<O> for NewtonCg {
    type State = NewtonCgState;

    fn init(&self, obj: &Problem<'_, O>, x0: &[f64]) -> Result<(NewtonCgState, Start), Error> {
        self.line_search.validate()?;
        if let Forcing::Capped(eta) = self.forcing {
            optim_core::error::check_param("forcing", eta, "in (0, 1)", |v| v > 0.0 && v < 1.0)?;
        }
        if let Some(k) = self.cg_max_iter {
            optim_core::error::check_param("cg_max_iter", k as f64, ">= 1", |v| v >= 1.0)?;
        }
        let n = obj.dim();
        optim_core::error::check_len("x0", x0, n)?;
        let mut g = vec![0.0; n];
        let f = obj.value_and_gradient(x0, &mut g);
        let gnorm = norm(&g);
        let state = NewtonCgState {
            g,
            f,
            f_prev: None,
            z: vec![0.0; n],
            r: vec![0.0; n],
            d: vec![0.0; n],
            hd: vec![0.0; n],
            x_other: vec![0.0; n],
            g_other: vec![0.0; n],
            cg_iterations: 0,
        };
        Ok((state, Start::new(f, gnorm)))
    }

    fn iterate(
        &self,
        obj: &Problem<'_, O>,
        x: &mut [f64],
        st: &mut NewtonCgState,
    ) -> Result<Step, Error> {
        let curvature = self.truncated_cg(obj, x, st);
        let (f, f_prev) = (st.f, st.f_prev);
        let descent = descend(
            &self.line_search,
            obj,
            x,
            &mut st.f,
            &mut st.g,
            &mut st.z,
            &mut st.x_other,
            &mut st.g_other,
            |slope| f_prev.map_or(1.0, |fp| initial_step(f, fp, slope)),
        )?;
        if descent.step.accepted {
            st.f_prev = Some(f);
        }
        Ok(descent.step.with(curvature))
    }

    fn gradient<'s>(&self, st: &'s NewtonCgState) -> Option<&'s [f64]> {
        Some(&st.g)
    }
}

impl NewtonCg {
    /// Truncated CG for Hz = −g into `st.z`; reports a negative-curvature exit.
    fn truncated_cg<O: HessianProduct + ?Sized>(
        &self,
        obj: &O,
        x: &[f64],
        st: &mut NewtonCgState,
    ) -> Option<Event> {
        let n = x.len();
        let max_iter = self.cg_max_iter.unwrap_or(20 * n);
        // ‖·‖ of the forcing test: the 1-norm (scipy) or the 2-norm (NW, argmin),
        // from r's updated (rᵀr, ‖r‖₁).
        let size = |rr: f64, r1: f64| match self.forcing {
            Forcing::Scipy => r1,
            Forcing::Euclidean | Forcing::Capped(_) => rr.sqrt(),
        };
        let mut rr = dot(&st.g, &st.g);
        let maggrad = size(rr, norm1(&st.g));
        let eta = match self.forcing {
            Forcing::Capped(cap) => cap.min(maggrad.sqrt()),
            Forcing::Scipy | Forcing::Euclidean => 0.5f64.min(maggrad.sqrt()),
        };
        let termcond = eta * maggrad;

        st.z.fill(0.0);
        st.r.copy_from_slice(&st.g);
        for (di, ri) in st.d.iter_mut().zip(&st.r) {
            *di = -ri;
        }
        let mut r_size = maggrad;
        for i in 0..max_iter {
            if r_size <= termcond {
                break;
            }
            obj.hessian_vector_product(x, &st.d, &mut st.hd);
            st.cg_iterations += 1;
            let (curv, dd) = vector::dot_and_norm2(&st.d, &st.hd);
            // Relative to dᵀd, unlike scipy's absolute 3ε (see the module docs).
            if (0.0..=3.0 * f64::EPSILON * dd).contains(&curv) {
                break;
            }
            if curv < 0.0 && self.negative_curvature == NegativeCurvature::Follow {
                // s·gᵀd ≤ 0 for the moved part; its length is |c| = |κ|/dᵀd.
                let s = if dot(&st.g, &st.d) > 0.0 { -1.0 } else { 1.0 };
                let t = s * (-curv / dd) / dd.sqrt();
                axpy(t, &st.d, &mut st.z);
                return Some(Event::NegativeCurvature);
            }
            if curv < 0.0 {
                if i == 0 {
                    // Steepest descent, scaled by the magnitude of the curvature met.
                    let scale = rr / -curv;
                    for (zi, gi) in st.z.iter_mut().zip(&st.g) {
                        *zi = -scale * gi;
                    }
                }
                return Some(Event::NegativeCurvature);
            }
            if !curv.is_finite() {
                // A NaN product: keep the iterate reached so far.
                break;
            }
            let a = rr / curv;
            let (rr_new, r1) = vector::cg_update(a, &st.d, &st.hd, &mut st.z, &mut st.r);
            r_size = size(rr_new, r1);
            let beta = rr_new / rr;
            vector::zip_leaves(
                &mut st.d,
                &st.r,
                #[inline(always)]
                |d, r| {
                    for (dj, rj) in d.iter_mut().zip(r) {
                        *dj = -rj + beta * *dj;
                    }
                },
            );
            rr = rr_new;
        }
        None
    }
}
