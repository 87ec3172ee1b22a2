//! Steihaug–Toint truncated conjugate gradient for the trust-region subproblem
//! ([`Steihaug`]): Hessian-vector products only.
//!
//! CG on Bp = −g from p = 0 (Nocedal–Wright Algorithm 7.2; scipy's `trust-ncg`), with
//! r = g + Bz the model gradient at z and d the search direction:
//!
//! ```text
//! z₀ = 0, r₀ = g, d₀ = −g, ε = min(0.5, √‖g‖)·‖g‖
//! loop:
//!   if dⱼᵀBdⱼ ≤ 0: p = zⱼ + τdⱼ on the boundary, the τ of the two with the lower model
//!   αⱼ = rⱼᵀrⱼ / dⱼᵀBdⱼ;  zⱼ₊₁ = zⱼ + αⱼdⱼ
//!   if ‖zⱼ₊₁‖ ≥ Δ: p = zⱼ + τdⱼ with τ ≥ 0 and ‖p‖ = Δ
//!   rⱼ₊₁ = rⱼ + αⱼBdⱼ;  if ‖rⱼ₊₁‖ < ε: p = zⱼ₊₁
//!   βⱼ₊₁ = rⱼ₊₁ᵀrⱼ₊₁ / rⱼᵀrⱼ;  dⱼ₊₁ = −rⱼ₊₁ + βⱼ₊₁dⱼ
//! ```
//!
//! The forcing tolerance ε makes the outer iteration superlinear (Nocedal–Wright
//! (7.3)–(7.4)). The model value is tracked along the iteration
//! (m(z + τd) = m(z) + τ rᵀd + ½τ² dᵀBd), so the predicted decrease costs no extra
//! product. Leaving along negative curvature reports [`Event::NegativeCurvature`].
//! Written here rather than taken from faer, whose CG cannot stop at a boundary.
//! Reference: T. Steihaug, SIAM J. Numer. Anal. 20 (1983) 626–637; J. Nocedal and
//! S. J. Wright, *Numerical Optimization*, 2nd ed., Springer 2006, §7.1.
//!
//! ```
//! use second_order::trust_region::steihaug::{Steihaug, SteihaugWorkspace};
//! // B = diag(1, −1): negative curvature along e₂, so CG leaves on the boundary.
//! let hv = |v: &[f64], out: &mut [f64]| { out[0] = v[0]; out[1] = -v[1]; };
//! let mut ws = SteihaugWorkspace::new(2);
//! let mut p = [0.0; 2];
//! let step = Steihaug::default().solve(&mut ws, &[0.0, 1.0], hv, 2.0, &mut p);
//! assert_eq!(p, [0.0, -2.0]);
//! assert!(step.hits_boundary && (step.predicted - 4.0).abs() < 1e-15); // −(−2 − 2)
//! ```

use optim_core::error::check_param;
use optim_core::vector::{axpy, dot, norm};
use optim_core::{Error, Event, HessianProduct};

use super::trial::{Model, Subproblem, SubproblemSolver, TrialStep, boundary_intersections};

/// Configuration of the truncated CG solver. The default caps CG at 2n + 10
/// iterations per subproblem, where scipy's `trust-ncg` has no cap.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Steihaug {
    /// CG iterations before returning the current point (inside the region), ≥ 1.
    /// `None` (the default) allows 2n + 10: exact arithmetic needs at most n, rounding
    /// on ill-conditioned B a few more; scipy sets no limit.
    pub max_iters: Option<usize>,
}

/// Work vectors of [`Steihaug::solve`] for dimension n.
///
/// # Panics
/// The solve panics if g or p do not have the workspace's length n.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct SteihaugWorkspace {
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    z: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    r: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    d: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    bd: Vec<f64>,
    /// CG iterations (Hessian-vector products) of the last solve.
    pub iterations: usize,
}

impl SteihaugWorkspace {
    /// Work vectors for dimension n (allocated once).
    pub fn new(n: usize) -> Self {
        Self {
            z: vec![0.0; n],
            r: vec![0.0; n],
            d: vec![0.0; n],
            bd: vec![0.0; n],
            iterations: 0,
        }
    }
}

impl Steihaug {
    /// Checks every parameter; `Err` names the first invalid one.
    pub fn validate(&self) -> Result<(), Error> {
        match self.max_iters {
            Some(k) => check_param("max_iters", k as f64, ">= 1", |v| v >= 1.0),
            None => Ok(()),
        }
    }

    /// Writes the truncated-CG step for gradient `g`, Hessian-vector product `hv`
    /// (`hv(v, out)` sets out = Bv) and radius `delta` into `p`.
    pub fn solve(
        &self,
        ws: &mut SteihaugWorkspace,
        g: &[f64],
        mut hv: impl FnMut(&[f64], &mut [f64]),
        delta: f64,
        p: &mut [f64],
    ) -> TrialStep {
        let n = g.len();
        let g_norm = norm(g);
        let tolerance = g_norm.sqrt().min(0.5) * g_norm;
        ws.iterations = 0;
        if g_norm == 0.0 {
            p.fill(0.0);
            return TrialStep::new(0.0, false);
        }
        let SteihaugWorkspace { z, r, d, bd, .. } = ws;
        z.fill(0.0);
        r.copy_from_slice(g);
        for (di, gi) in d.iter_mut().zip(g) {
            *di = -gi;
        }
        // m(z) − m(0) along the iteration.
        let mut model = 0.0;
        let max_iters = self.max_iters.unwrap_or(2 * n + 10);
        loop {
            hv(d, bd);
            ws.iterations += 1;
            let dbd = dot(d, bd);
            let rd = dot(r, d);
            let at = |t: f64| model + t * rd + 0.5 * t * t * dbd;
            if dbd.is_nan() || dbd <= 0.0 {
                let (ta, tb) = boundary_intersections(z, d, delta);
                let t = if at(ta) < at(tb) { ta } else { tb };
                for ((pi, zi), di) in p.iter_mut().zip(z.iter()).zip(d.iter()) {
                    *pi = zi + t * di;
                }
                return TrialStep {
                    event: Some(Event::NegativeCurvature),
                    ..TrialStep::new(-at(t), true)
                };
            }
            let rr = dot(r, r);
            let alpha = rr / dbd;
            let next_norm_sq: f64 = z
                .iter()
                .zip(d.iter())
                .map(|(zi, di)| (zi + alpha * di).powi(2))
                .sum();
            if next_norm_sq.sqrt() >= delta {
                let (_, tb) = boundary_intersections(z, d, delta);
                for ((pi, zi), di) in p.iter_mut().zip(z.iter()).zip(d.iter()) {
                    *pi = zi + tb * di;
                }
                return TrialStep::new(-at(tb), true);
            }
            model = at(alpha);
            axpy(alpha, d, z);
            axpy(alpha, bd, r);
            let rr_next = dot(r, r);
            if rr_next.sqrt() < tolerance || ws.iterations >= max_iters {
                p.copy_from_slice(z);
                return TrialStep::new(-model, false);
            }
            let beta = rr_next / rr;
            for (di, ri) in d.iter_mut().zip(r.iter()) {
                *di = -ri + beta * *di;
            }
        }
    }
}

impl SubproblemSolver for Steihaug {
    type Workspace = SteihaugWorkspace;
    const METHOD_NAME: &'static str = "trust-region (Steihaug CG)";

    fn validate(&self) -> Result<(), Error> {
        Steihaug::validate(self)
    }

    fn workspace(&self, n: usize) -> SteihaugWorkspace {
        SteihaugWorkspace::new(n)
    }
}

/// Truncated CG reads B through products only: no dense Hessian needed.
impl<O: HessianProduct + ?Sized> Subproblem<O> for Steihaug {
    fn trial_step(
        &self,
        ws: &mut SteihaugWorkspace,
        model: &Model<'_, O>,
        delta: f64,
        p: &mut [f64],
    ) -> TrialStep {
        // CG restarts from z = 0 at every radius: nothing to keep across solves.
        let hv = |v: &[f64], out: &mut [f64]| model.hessian_vector_product(v, out);
        self.solve(ws, model.g, hv, delta, p)
    }
}
