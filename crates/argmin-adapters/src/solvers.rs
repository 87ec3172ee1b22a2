//! argmin's solvers as argmin's own examples configure them, in one place: what the
//! comparison with argmin runs, so that every table, test and bench uses the same
//! settings.
//!
//! | solver | configuration (argmin 0.11's example of that solver) |
//! |---|---|
//! | [`steepest_descent`] | Moré–Thuente line search (`examples/steepestdescent`) |
//! | [`nonlinear_cg`] | Polak–Ribière, Moré–Thuente, restart every 10 iterations or at orthogonality 0.1 (`examples/nonlinear_cg`) |
//! | [`bfgs`] | Moré–Thuente with c₁ = 1e-4, c₂ = 0.9; H₀ = I, which the caller sets (`examples/bfgs`) |
//! | [`lbfgs`] | Moré–Thuente with c₁ = 1e-4, c₂ = 0.9 and the memory given (the example's 7; 10 in the comparison, as ours and scipy's) |
//! | [`newton`] | pure Newton, γ = 1, on nalgebra (`examples/newton`) |
//! | [`newton_cg`] | Moré–Thuente (`examples/newton_cg`) |
//! | [`trust_region_cauchy`], [`trust_region_dogleg`], [`trust_region_steihaug`] | the trust region with each subproblem solver; Steihaug at most 2 CG iterations as in `examples/trustregion` would cripple it on a curved valley, so the comparison caps it at n (exact in exact arithmetic) |
//! | [`nelder_mead`] | the simplex given, `sd_tolerance` 1e-4 as in `examples/neldermead` |
//!
//! Every solver keeps argmin's own stopping criteria; [`CommonStop`](crate::CommonStop)
//! adds the comparison's.

use argmin::solver::conjugategradient::NonlinearConjugateGradient;
use argmin::solver::conjugategradient::beta::PolakRibiere;
use argmin::solver::gradientdescent::SteepestDescent;
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::neldermead::NelderMead;
use argmin::solver::newton::{Newton, NewtonCG};
use argmin::solver::quasinewton::{BFGS, LBFGS};
use argmin::solver::trustregion::{CauchyPoint, Dogleg, Steihaug, TrustRegion};

/// argmin's Moré–Thuente line search on `Vec<f64>`.
pub type MoreThuente = MoreThuenteLineSearch<Vec<f64>, Vec<f64>, f64>;

/// Moré–Thuente with the Wolfe constants of argmin's quasi-Newton examples.
fn wolfe() -> MoreThuente {
    MoreThuenteLineSearch::new()
        .with_c(1e-4, 0.9)
        .expect("0 < 1e-4 < 0.9 < 1")
}

/// Steepest descent with Moré–Thuente.
pub fn steepest_descent() -> SteepestDescent<MoreThuente> {
    SteepestDescent::new(MoreThuenteLineSearch::new())
}

/// Polak–Ribière nonlinear CG with restarts.
pub fn nonlinear_cg() -> NonlinearConjugateGradient<Vec<f64>, MoreThuente, PolakRibiere, f64> {
    NonlinearConjugateGradient::new(MoreThuenteLineSearch::new(), PolakRibiere::new())
        .restart_iters(10)
        .restart_orthogonality(0.1)
}

/// BFGS; give H₀ with `state.inv_hessian(..)` (argmin requires it).
pub fn bfgs() -> BFGS<MoreThuente, f64> {
    BFGS::new(wolfe())
}

/// L-BFGS with memory `m`.
pub fn lbfgs(m: usize) -> LBFGS<MoreThuente, Vec<f64>, Vec<f64>, f64> {
    LBFGS::new(wolfe(), m)
}

/// Pure Newton (step 1); needs the nalgebra problem.
pub fn newton() -> Newton<f64> {
    Newton::new()
}

/// Newton-CG with Moré–Thuente.
pub fn newton_cg() -> NewtonCG<MoreThuente, f64> {
    NewtonCG::new(MoreThuenteLineSearch::new())
}

/// The trust region with the Cauchy point.
pub fn trust_region_cauchy() -> TrustRegion<CauchyPoint<f64>, f64> {
    TrustRegion::new(CauchyPoint::new())
}

/// The trust region with the dogleg; needs the nalgebra problem.
pub fn trust_region_dogleg() -> TrustRegion<Dogleg<f64>, f64> {
    TrustRegion::new(Dogleg::new())
}

/// The trust region with Steihaug's CG, at most `cg_iters` CG iterations.
pub fn trust_region_steihaug(cg_iters: u64) -> TrustRegion<Steihaug<Vec<f64>, f64>, f64> {
    TrustRegion::new(Steihaug::new().with_max_iters(cg_iters))
}

/// Nelder–Mead from the simplex `vertices` (n + 1 points).
pub fn nelder_mead(vertices: Vec<Vec<f64>>) -> NelderMead<Vec<f64>, f64> {
    NelderMead::new(vertices)
        .with_sd_tolerance(1e-4)
        .expect("1e-4 is a valid tolerance")
}

/// scipy's initial simplex for Nelder–Mead from `x0`: x0 and, for each i, x0 with
/// entry i scaled by 1.05 (or set to 0.00025 where it is 0), as
/// `scipy.optimize.minimize(method="Nelder-Mead")` builds it.
pub fn scipy_simplex(x0: &[f64]) -> Vec<Vec<f64>> {
    let mut vertices = vec![x0.to_vec()];
    for i in 0..x0.len() {
        let mut v = x0.to_vec();
        v[i] = if v[i] == 0.0 { 0.00025 } else { 1.05 * v[i] };
        vertices.push(v);
    }
    vertices
}
