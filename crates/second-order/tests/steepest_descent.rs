//! Steepest descent against the theory of Wolfe line searches: on f = ½xᵀAx − bᵀx
//! with A's eigenvalues in [1, L], every step satisfies the sufficient decrease that
//! the strong Wolfe conditions guarantee along −g.
//!
//! Derivation (Nocedal & Wright §3.1–3.2). Along p = −g, φ(α) = f(x + αp) has
//! φ′(α) = −gᵀ∇f(x − αg) = −‖g‖² + α gᵀAg ≤ −‖g‖² + αL‖g‖². The curvature condition
//! φ′(α) ≥ c₂φ′(0) = −c₂‖g‖² then forces α ≥ (1 − c₂)/L, and the sufficient-decrease
//! condition φ(α) ≤ φ(0) + c₁αφ′(0) gives
//!     f(xₖ₊₁) ≤ f(xₖ) − c₁(1 − c₂)‖gₖ‖²/L.
//! With c₁ = 1e-4, c₂ = 0.1 (the default) that is a decrease of at least
//! 9e-5·‖gₖ‖²/L per step, and since ‖g‖² ≥ 2(f − f*) (eigenvalues ≥ 1), f − f*
//! contracts by at least 1 − 1.8e-4/L per step: the run must converge.

use landscapes::Quadratic;
use optim_core::{Record, Stop, StopReason, minimize};
use second_order::SteepestDescent;

#[test]
fn every_step_makes_the_wolfe_decrease_and_the_run_converges() {
    let sd = SteepestDescent::default();
    let (c1, c2) = (sd.line_search.c1, sd.line_search.c2);
    assert_eq!((c1, c2), (1e-4, 0.1));
    let mut steps = 0;
    for (n, cond, seed) in [(10, 10.0, 0), (20, 100.0, 1), (50, 1e3, 2)] {
        let f = Quadratic::random_spd(n, cond, seed);
        let run = minimize(
            &sd,
            &f,
            &vec![1.0; n],
            &Stop::after(200_000).grad_tol(1e-8).record(Record::Values),
        )
        .unwrap();
        assert_eq!(
            run.stop,
            StopReason::GradientTolerance,
            "n = {n}, cond {cond}"
        );
        let (values, grads) = (run.trace.values(), run.trace.grad_norms());
        for k in 1..values.len() {
            let required = c1 * (1.0 - c2) * grads[k - 1].powi(2) / cond;
            // Rounding: f = ½xᵀAx − bᵀx is a sum of about n² terms of the size of
            // |f| + 1 here, evaluated with error ~ n·ε of that; near x* the required
            // decrease falls below it.
            let slack = 8.0 * n as f64 * f64::EPSILON * (values[k - 1].abs() + 1.0);
            assert!(
                values[k] <= values[k - 1] - required + slack,
                "n = {n}, step {k}: f fell by {:e}, the bound is {required:e}",
                values[k - 1] - values[k]
            );
            steps += 1;
        }
        let x_star = f.solution();
        let err = run
            .x
            .iter()
            .zip(&x_star)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0, f64::max);
        assert!(err < 1e-7, "n = {n}: |x − x*| = {err:e}");
    }
    assert!(steps > 100, "only {steps} steps checked");
}
