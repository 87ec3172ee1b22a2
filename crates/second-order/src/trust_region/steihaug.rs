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
    /// The shape of the region. Default [`Scaling::None`], the ball ‖p‖ ≤ Δ (scipy).
    pub scaling: Scaling,
}

/// The norm of the trust region: the ball ‖p‖ ≤ Δ, or an ellipse ‖Dp‖ ≤ Δ scaled by
/// the curvature of each coordinate.
///
/// On a badly scaled problem (coordinates of sizes 10⁶ and 10⁻⁶, curvatures 12 orders
/// apart) one radius cannot suit every coordinate: the ball is too large along the
/// stiff ones (steps rejected, Δ shrinking) and too small along the flat ones (CG cut
/// at the boundary every time). With `HessianDiagonal` the region is
/// ‖Dp‖ ≤ Δ, D = diag(dᵢ), dᵢ = max over the iterates so far of √|∂²f/∂xᵢ²| (1 where
/// that is 0) — MINPACK's `hybrj`/`lmder` rule of a non-decreasing diagonal, on the
/// Hessian's diagonal where MINPACK takes the Jacobian's column norms (Moré 1978;
/// Conn, Gould & Toint, *Trust-Region Methods*, 2000, §6.7). CG then runs on the
/// scaled model, g̃ = D⁻¹g, B̃ = D⁻¹BD⁻¹, whose curvatures are of order 1, and the step
/// is p = D⁻¹p̃; the predicted decrease is the same number in either variables. The
/// diagonal costs n Hessian-vector products (with the unit vectors) per iterate,
/// counted in the run's evaluations: for small and medium n.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scaling {
    /// The ball ‖p‖ ≤ Δ (scipy's `trust-ncg`).
    #[default]
    None,
    /// The ellipse ‖Dp‖ ≤ Δ, D from the Hessian's diagonal (see [`Scaling`]).
    HessianDiagonal,
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
    /// The vectors of [`Scaling::HessianDiagonal`] (empty until the first scaled solve).
    scaled: ScaledVectors,
    /// CG iterations (Hessian-vector products) of the last solve.
    pub iterations: usize,
}

/// D, g̃ = D⁻¹g, p̃, and the two vectors of a scaled product B̃v = D⁻¹B(D⁻¹v).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, Default)]
struct ScaledVectors {
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    scale: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    g: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    p: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    product_in: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    product_out: Vec<f64>,
}

impl SteihaugWorkspace {
    /// Work vectors for dimension n (allocated once).
    pub fn new(n: usize) -> Self {
        Self {
            z: vec![0.0; n],
            r: vec![0.0; n],
            d: vec![0.0; n],
            bd: vec![0.0; n],
            scaled: ScaledVectors::default(),
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
        if self.scaling == Scaling::None {
            let hv = |v: &[f64], out: &mut [f64]| model.hessian_vector_product(v, out);
            return self.solve(ws, model.g, hv, delta, p);
        }
        // The scaled vectors leave the workspace for the solve, which needs the rest of
        // it; taking them moves five pointers and allocates nothing.
        let mut sc = std::mem::take(&mut ws.scaled);
        let n = model.g.len();
        if sc.scale.len() != n {
            for v in [
                &mut sc.scale,
                &mut sc.g,
                &mut sc.p,
                &mut sc.product_in,
                &mut sc.product_out,
            ] {
                v.resize(n, 0.0);
            }
        }
        if model.new_iterate {
            // dᵢ = max(dᵢ, √|hᵢᵢ|), hᵢᵢ = eᵢᵀBeᵢ; a zero or non-finite diagonal keeps 1.
            for i in 0..n {
                sc.product_in.fill(0.0);
                sc.product_in[i] = 1.0;
                model.hessian_vector_product(&sc.product_in, &mut sc.product_out);
                let d = sc.product_out[i].abs().sqrt();
                let d = if d.is_finite() && d > 0.0 { d } else { 1.0 };
                sc.scale[i] = if sc.scale[i] > 0.0 {
                    sc.scale[i].max(d)
                } else {
                    d
                };
            }
        }
        for ((gs, g), d) in sc.g.iter_mut().zip(model.g).zip(&sc.scale) {
            *gs = g / d;
        }
        let ScaledVectors {
            scale,
            g,
            p: scaled_p,
            product_in,
            product_out,
        } = &mut sc;
        // B̃v = D⁻¹B(D⁻¹v).
        let hv = |v: &[f64], out: &mut [f64]| {
            for ((t, vi), d) in product_in.iter_mut().zip(v).zip(scale.iter()) {
                *t = vi / d;
            }
            model.hessian_vector_product(product_in, product_out);
            for ((o, bi), d) in out.iter_mut().zip(product_out.iter()).zip(scale.iter()) {
                *o = bi / d;
            }
        };
        let step = self.solve(ws, g, hv, delta, scaled_p);
        for ((pi, ps), d) in p.iter_mut().zip(sc.p.iter()).zip(&sc.scale) {
            *pi = ps / d;
        }
        ws.scaled = sc;
        step
    }
}
