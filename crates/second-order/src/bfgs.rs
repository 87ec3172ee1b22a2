//! BFGS with a dense inverse-Hessian approximation and a strong-Wolfe line search.
//!
//! With Hₖ ≈ ∇²f(xₖ)⁻¹ (symmetric positive definite):
//!
//! ```text
//! pₖ   = −Hₖ gₖ
//! xₖ₊₁ = xₖ + αₖ pₖ                 αₖ: strong Wolfe (c₁ = 1e-4, c₂ = 0.9)
//! sₖ   = xₖ₊₁ − xₖ,   yₖ = gₖ₊₁ − gₖ,   ρₖ = 1/(yₖᵀsₖ)
//! Hₖ₊₁ = (I − ρₖ sₖ yₖᵀ) Hₖ (I − ρₖ yₖ sₖᵀ) + ρₖ sₖ sₖᵀ          (NW eq. 6.17)
//! ```
//!
//! expanded as Hₖ₊₁ = Hₖ − ρ(s(Hy)ᵀ + (Hy)sᵀ) + (ρ²·yᵀHy + ρ)ssᵀ: one product H·y and
//! a rank-two update, O(n²) per iteration, no allocation, no linear solve.
//!
//! H₀ = I. With [`Bfgs::scale_h0`] set, H₀ is rescaled to (sᵀy / yᵀy)·I before the
//! first update (NW eq. 6.20). scipy's `_minimize_bfgs` does not rescale, and neither
//! does the default: this method then follows scipy's iteration step for step (same
//! line search, same first trial step α₀ = min(1, 1.01·2(fₖ − fₖ₋₁)/gₖᵀpₖ), same
//! f₋₁ = f₀ + ‖g₀‖/2): on Rosenbrock from (4, −4.1) to ‖∇f‖₂ ≤ 1e-6, scipy 1.17's 55
//! iterations and 72 evaluations of f and ∇f (`tests/scipy_counts.rs`; 45 and 57 with
//! the rescaling).
//!
//! # Why the default does not rescale H₀
//!
//! Both settings to ‖∇f‖₂ ≤ 1e-6 on 164 problems, from
//! `cargo run --release -p second-order --example bfgs_h0_scaling` (which lists every
//! problem): random SPD quadratics `Quadratic::random_spd(n, cond, seed)` from 0 (n ∈
//! {10, 50, 100}, cond ∈ {10, 1e2, 1e3, 2.5e3, 1e4}, 5 seeds; eigenvalues 1 … cond),
//! the same divided by cond (eigenvalues 1/cond … 1), the chained and extended
//! Rosenbrocks (n ≤ 100) from (−1.2, 1, …) and the 2-D one from (4, −4.1), and six
//! logistic regressions (500 × 10, well and badly scaled features). Totals are over
//! problems both settings solved (all of them: no failure either way); wins are
//! the rescaled method's, by iterations, then by evaluations.
//!
//! | problems | count | iterations, rescaled / I | f and ∇f evaluations | wins / losses / ties (iterations) | (evaluations) | median iteration ratio |
//! |---|---|---|---|---|---|---|
//! | quadratics, λ ∈ [1, cond] | 75 | 12203 / 3513 | 12368 / 4393 | 1 / 69 / 5 | 16 / 58 / 1 | 3.31 |
//! | — cond 10 | 15 | 352 / 323 | 370 / 597 | 1 / 9 / 5 | 14 / 1 / 0 | 1.04 |
//! | — cond 1e4 | 15 | 4696 / 847 | 4735 / 999 | 0 / 15 / 0 | 0 / 15 / 0 | 5.45 |
//! | quadratics ÷ cond, λ ∈ [1/cond, 1] | 75 | 8444 / 10798 | 8537 / 10885 | 74 / 0 / 1 | 75 / 0 / 0 | 0.78 |
//! | Rosenbrocks | 8 | 1287 / 1943 | 1387 / 2207 | 5 / 3 / 0 | 5 / 3 / 0 | 0.89 |
//! | logistic regressions | 6 | 363 / 309 | 372 / 317 | 3 / 3 / 0 | 3 / 3 / 0 | 0.99 |
//! | all | 164 | 22297 / 16563 | 22664 / 17802 | 83 / 75 / 6 | 99 / 64 / 1 | 0.96 |
//!
//! Worst cases: for the rescaling, the extended Rosenbrock at n = 100 (36 iterations
//! against 487) and n = 50 (40 against 298); against it, the quadratics of condition
//! 1e4 (n = 50: 360 against 55). The 50-D quadratic of condition 2500 a user reported
//! (131 iterations against scipy's 55) is of this kind: 255–290 against 55–57 here.
//!
//! Neither setting dominates; what decides is where the identity sits in the spectrum.
//! The BFGS update quickly corrects an H that is too large (curvature underestimated)
//! but only slowly one that is too small (curvature overestimated), a known asymmetry
//! (M. J. D. Powell, Math. Programming 34 (1986); J. Nocedal, Acta Numerica 1 (1992)).
//! After a first step, sᵀy/yᵀy is the inverse of a curvature weighted towards the
//! largest eigenvalues (y = ∇²f·s on a quadratic), so the rescaled H₀ is too small in
//! most directions. H₀ = I is too small only where the curvatures are below 1: there
//! the rescaling wins every time, by 20–40% (the quadratics ÷ cond; the well-scaled
//! regressions, whose curvatures are below ¼). Where they are above 1, or spread on
//! both sides of it, the identity is the better start, by up to 6.5× (the quadratics,
//! whose smallest curvature is 1; the badly scaled regressions). The extended Rosenbrock, n/2 copies of one 2-D
//! problem, is the exception: rescaled, it takes the same 36–40 iterations at any n,
//! unscaled 103 to 487 as n grows from 10 to 100. The default follows scipy, which
//! users compare against: fewer iterations and evaluations in total, on the problems
//! of the study and on all of them, and scipy's counts exactly. Set `scale_h0: true`
//! when the curvatures are known to be well below 1.
//!
//! An update is skipped, and [`Event::CurvatureSkip`] recorded, when
//! sᵀy ≤ ε_mach·(−gₖᵀs) (never after a strong-Wolfe step, whose sᵀy ≥ (1 − c₂)|gₖᵀs|).
//! If rounding makes pₖ an ascent direction, H is reset to I and
//! [`Event::DirectionReset`] recorded. A failed line search ends the run with
//! [`StopReason::LineSearchFailed`](optim_core::StopReason::LineSearchFailed) at the
//! last good iterate (scipy's "precision loss"). Where f falls without bound along pₖ
//! (the search reaches its largest step, or spends its trials extrapolating, still
//! descending steeply), x moves to the last trial and the run ends with
//! [`StopReason::Unbounded`](optim_core::StopReason::Unbounded); see
//! [`line_search`](crate::line_search). The step is [`descend`]'s, shared with the
//! other line-search methods.
//!
//! Reference: Nocedal & Wright, *Numerical Optimization* (2nd ed.), Algorithm 6.1.
//!
//! ```
//! use optim_core::{minimize, FnObjective, Stop, StopReason};
//! use second_order::Bfgs;
//! // f(x) = (x₀ − 1)² + 10·(x₁ + 2)²
//! let f = FnObjective::new(
//!     2,
//!     |x: &[f64]| (x[0] - 1.0).powi(2) + 10.0 * (x[1] + 2.0).powi(2),
//!     |x: &[f64], g: &mut [f64]| {
//!         g[0] = 2.0 * (x[0] - 1.0);
//!         g[1] = 20.0 * (x[1] + 2.0);
//!     },
//! );
//! let run = minimize(&Bfgs::default(), &f, &[0.0, 0.0], &Stop::after(100).grad_tol(1e-10))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! assert!((run.x[0] - 1.0).abs() < 1e-10 && (run.x[1] + 2.0).abs() < 1e-10);
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::vector::{self, dot, norm};
use optim_core::{Error, Event, Method, Named, Objective, Problem, Start, Step};

use crate::line_search::descend::descend;
use crate::line_search::{LineSearch, StrongWolfe, curvature_too_small, initial_step};

/// BFGS configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bfgs {
    /// The line search. Default: [`StrongWolfe::default`] (scipy's BFGS: c₁ = 1e-4,
    /// c₂ = 0.9, steps in [1e-100, 1e100], 100 trials).
    pub line_search: StrongWolfe,
    /// Rescale H₀ to (sᵀy/yᵀy)·I before the first update (NW eq. 6.20). Default
    /// `false`, scipy's behaviour: measured on 164 problems, neither setting
    /// dominates and H₀ = I needs fewer iterations in total (the study is in the
    /// [module documentation](crate::bfgs)).
    pub scale_h0: bool,
}

impl Default for Bfgs {
    /// scipy's BFGS: its strong-Wolfe search and H₀ = I throughout.
    fn default() -> Self {
        Self {
            line_search: StrongWolfe::default(),
            scale_h0: false,
        }
    }
}

/// What BFGS carries from one iteration to the next.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct BfgsState {
    /// Hₖ, n×n (symmetric, so row- and column-major alike).
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    h: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    g: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    f: f64,
    /// fₖ₋₁, for the first trial step.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    f_prev: f64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    p: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    s: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    y: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    hy: Vec<f64>,
    /// The line search's trials; after a step, xₖ and gₖ.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    x_other: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    g_other: Vec<f64>,
    updates: usize,
}

impl BfgsState {
    /// Hₖ, the current approximation of ∇²f(xₖ)⁻¹ (n×n, symmetric).
    pub fn h(&self) -> &[f64] {
        &self.h
    }
    /// How many updates were applied (skipped ones excluded).
    pub fn updates(&self) -> usize {
        self.updates
    }
}

fn set_identity(h: &mut [f64], n: usize, scale: f64) {
    h.fill(0.0);
    for i in 0..n {
        h[i * n + i] = scale;
    }
}

impl Named for Bfgs {
    fn name(&self) -> &'static str {
        "BFGS"
    }
}

impl<O: Objective + ?Sized> Method<O> for Bfgs {
    type State = BfgsState;

    fn init(&self, obj: &Problem<'_, O>, x0: &[f64]) -> Result<(BfgsState, Start), Error> {
        self.line_search.validate()?;
        let n = obj.dim();
        optim_core::error::check_len("x0", x0, n)?;
        let mut h = vec![0.0; n * n];
        set_identity(&mut h, n, 1.0);
        let mut g = vec![0.0; n];
        let f = obj.value_and_gradient(x0, &mut g);
        let gnorm = norm(&g);
        let state = BfgsState {
            h,
            g,
            f,
            f_prev: f + gnorm / 2.0,
            p: vec![0.0; n],
            s: vec![0.0; n],
            y: vec![0.0; n],
            hy: vec![0.0; n],
            x_other: vec![0.0; n],
            g_other: vec![0.0; n],
            updates: 0,
        };
        Ok((state, Start::new(f, gnorm)))
    }

    fn iterate(
        &self,
        obj: &Problem<'_, O>,
        x: &mut [f64],
        st: &mut BfgsState,
    ) -> Result<Step, Error> {
        let n = x.len();

        // pₖ = −Hₖgₖ
        for (i, pi) in st.p.iter_mut().enumerate() {
            *pi = -dot(&st.h[i * n..(i + 1) * n], &st.g);
        }
        let f = st.f;
        let f_prev = st.f_prev;
        let descent = descend(
            &self.line_search,
            obj,
            x,
            &mut st.f,
            &mut st.g,
            &mut st.p,
            &mut st.x_other,
            &mut st.g_other,
            |slope| initial_step(f, f_prev, slope),
        )?;
        if descent.reset {
            set_identity(&mut st.h, n, 1.0);
        }
        if !descent.step.accepted {
            return Ok(descent.step);
        }
        st.f_prev = f;

        // x and g are xₖ₊₁ and gₖ₊₁ now; x_other and g_other hold xₖ and gₖ.
        let (sy, g_dot_s) =
            vector::pair_difference(&mut st.s, &mut st.y, [&*x, &st.x_other, &st.g, &st.g_other]);
        if curvature_too_small(sy, g_dot_s) {
            return Ok(descent.step.with(Event::CurvatureSkip));
        }
        if st.updates == 0 && self.scale_h0 {
            set_identity(&mut st.h, n, sy / dot(&st.y, &st.y));
        }
        let rho = 1.0 / sy;
        for (i, hyi) in st.hy.iter_mut().enumerate() {
            *hyi = dot(&st.h[i * n..(i + 1) * n], &st.y);
        }
        let yhy = dot(&st.y, &st.hy);
        let c = rho * rho * yhy + rho;
        for i in 0..n {
            let (si, hyi) = (st.s[i], st.hy[i]);
            let row = &mut st.h[i * n..(i + 1) * n];
            for (j, hij) in row.iter_mut().enumerate() {
                *hij += c * si * st.s[j] - rho * (si * st.hy[j] + hyi * st.s[j]);
            }
        }
        st.updates += 1;
        Ok(descent.step)
    }

    fn gradient<'s>(&self, st: &'s BfgsState) -> Option<&'s [f64]> {
        Some(&st.g)
    }
}
