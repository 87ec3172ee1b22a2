//! Hessian-free Gauss–Newton: CG on (G + λI)s = v against hand-solved systems, the
//! Gauss–Newton matrix against JᵀJ written out, Martens' stopping rule against a CG
//! written here, and the method on least-squares fits whose minimum is known.

use optim_core::vector::dot;
use optim_core::{GaussNewtonProduct, Objective, Problem, Stop, StopReason, minimize};
use second_order::PreconditionedDescent;
use second_order::curvature::Curvature;
use second_order::curvature::gauss_newton::GaussNewtonCg;
use second_order::curvature::quality::approximation_at;

use super::models::{LinearRegression, TwoLayer};

/// G = diag(g) whatever x (f itself is irrelevant to the solve).
struct DiagonalGaussNewton(Vec<f64>);
impl Objective for DiagonalGaussNewton {
    fn dim(&self) -> usize {
        self.0.len()
    }
    fn value(&self, x: &[f64]) -> f64 {
        0.5 * x.iter().zip(&self.0).map(|(x, g)| g * x * x).sum::<f64>()
    }
    fn gradient(&self, x: &[f64], out: &mut [f64]) {
        for ((o, x), g) in out.iter_mut().zip(x).zip(&self.0) {
            *o = g * x;
        }
    }
}
impl GaussNewtonProduct for DiagonalGaussNewton {
    fn gauss_newton_vector_product(&self, _: &[f64], v: &[f64], gv: &mut [f64]) {
        for ((o, v), g) in gv.iter_mut().zip(v).zip(&self.0) {
            *o = g * v;
        }
    }
}

fn solve(cg: &GaussNewtonCg, f: &DiagonalGaussNewton, lambda: f64, v: &[f64]) -> (Vec<f64>, usize) {
    let problem = Problem::new(f);
    let x = vec![0.0; v.len()];
    let mut state = cg.init(&problem, &x).unwrap();
    let mut s = vec![0.0; v.len()];
    cg.solve(&problem, &x, &mut state, lambda, v, &mut s)
        .unwrap();
    (s, state.last_cg_iterations())
}

/// A = G + λI = diag(1, 2, 3) + λI, v = (1, 1, 1). One CG iteration from 0 is the
/// exact minimiser of φ along v: s = (vᵀv / vᵀAv)·v = 3/6·v = v/2 with λ = 0, and
/// 3/9·v = v/3 with λ = 1 (A = diag(2, 3, 4)). Three iterations solve exactly (three
/// distinct eigenvalues): s = (1, 1/2, 1/3) and, with λ = 1, (1/2, 1/3, 1/4).
/// Catches a missing λd in the products, a wrong α, an ignored cap.
#[test]
fn cg_on_the_damped_system_against_hand_solutions() {
    let f = DiagonalGaussNewton(vec![1.0, 2.0, 3.0]);
    let one = GaussNewtonCg {
        cg_max_iter: 1,
        cg_tol: 0.0,
        cg_progress_tol: None,
    };
    let ones = [1.0, 1.0, 1.0];
    let close = |a: &[f64], b: &[f64]| a.iter().zip(b).all(|(a, b)| (a - b).abs() < 1e-15);
    assert_eq!(solve(&one, &f, 0.0, &ones), (vec![0.5; 3], 1));
    let (s, _) = solve(&one, &f, 1.0, &ones);
    assert!(close(&s, &[1.0 / 3.0; 3]), "{s:?}");
    let full = GaussNewtonCg {
        cg_max_iter: 3,
        ..one
    };
    let (s, _) = solve(&full, &f, 0.0, &ones);
    assert!(close(&s, &[1.0, 0.5, 1.0 / 3.0]), "{s:?}");
    let (s, _) = solve(&full, &f, 1.0, &ones);
    assert!(close(&s, &[0.5, 1.0 / 3.0, 0.25]), "{s:?}");
    // v = 0: s = 0 without a product.
    assert_eq!(solve(&full, &f, 1.0, &[0.0; 3]), (vec![0.0; 3], 0));
}

/// f = ½[(x₀² − 1)² + (x₀x₁ − 2)²]: r = (x₀² − 1, x₀x₁ − 2), J = [[2x₀, 0], [x₁, x₀]].
/// At x = (2, 1): J = [[4, 0], [1, 2]], G = JᵀJ = [[17, 2], [2, 4]], while the Hessian
/// adds r₀∇²r₀ = 3·[[2, 0], [0, 0]] (r₁ = 0): [[23, 2], [2, 4]]. Catches Hessian
/// products passed off as Gauss–Newton ones.
#[test]
fn the_gauss_newton_matrix_is_j_transpose_j() {
    struct Residuals;
    impl Objective for Residuals {
        fn dim(&self) -> usize {
            2
        }
        fn value(&self, x: &[f64]) -> f64 {
            0.5 * ((x[0] * x[0] - 1.0).powi(2) + (x[0] * x[1] - 2.0).powi(2))
        }
        fn gradient(&self, x: &[f64], g: &mut [f64]) {
            let (r0, r1) = (x[0] * x[0] - 1.0, x[0] * x[1] - 2.0);
            g[0] = 2.0 * x[0] * r0 + x[1] * r1;
            g[1] = x[0] * r1;
        }
    }
    impl GaussNewtonProduct for Residuals {
        fn gauss_newton_vector_product(&self, x: &[f64], v: &[f64], gv: &mut [f64]) {
            let jv = [2.0 * x[0] * v[0], x[1] * v[0] + x[0] * v[1]];
            gv[0] = 2.0 * x[0] * jv[0] + x[1] * jv[1];
            gv[1] = x[0] * jv[1];
        }
    }
    let g = approximation_at(&GaussNewtonCg::default(), &Residuals, &[2.0, 1.0]).unwrap();
    assert_eq!(g, [17.0, 2.0, 2.0, 4.0]);
    // From (2, 1) the zero-residual minimum x* = (1, 2) is reached by the LM method.
    let run = minimize(
        &PreconditionedDescent::new(GaussNewtonCg::default()),
        &Residuals,
        &[2.0, 1.0],
        &Stop::after(100).grad_tol(1e-12),
    )
    .unwrap();
    assert_eq!(run.stop, StopReason::GradientTolerance);
    assert!(
        (run.x[0] - 1.0).abs() < 1e-10 && (run.x[1] - 2.0).abs() < 1e-10,
        "{:?}",
        run.x
    );
}

/// For a linear least-squares layer G is the Hessian Ā ⊗ I, so one undamped CG solve
/// to a tight tolerance is Newton's step: from 0 it lands on the W̄* that generated the
/// targets. Catches CG that stops early, a wrong product, a step of the wrong sign.
#[test]
fn one_undamped_step_fits_a_linear_layer() {
    let f = LinearRegression::teacher(3, 2, 10, 5);
    let method = PreconditionedDescent::fixed(GaussNewtonCg::to_tolerance(1e-14), 0.0);
    let run = minimize(&method, &f, &[0.0; 8], &Stop::exactly(1)).unwrap();
    for (x, w) in run.x.iter().zip(&f.w_star) {
        assert!((x - w).abs() < 1e-10, "{:?} vs {:?}", run.x, f.w_star);
    }
    assert_eq!(run.evals.hessian, 0);
}

/// Martens' rule (§4.4) written again here, over a plain CG on diag(1, …, 200) with
/// v = 1: stop at the first i with ‖r‖ ≤ tol‖v‖, or i > k, φᵢ < 0 and
/// (φᵢ − φᵢ₋ₖ)/φᵢ < kε, k = max(10, ⌊i/10⌋). The library's CG must stop at the same
/// iteration with the same s. Catches an off-by-one in k or in i > k, the ratio's
/// sign, φ computed from the wrong residual.
#[test]
fn martens_progress_test_stops_where_the_rule_says() {
    let n = 200;
    let g: Vec<f64> = (1..=n).map(|i| i as f64).collect();
    let v = vec![1.0; n];
    let (eps, tol, lambda) = (5e-4, 1e-5, 0.0);
    // The reference: CG with φ(s) = ½sᵀAs − vᵀs evaluated directly.
    let phi = |s: &[f64]| -> f64 {
        s.iter()
            .zip(&g)
            .map(|(s, g)| 0.5 * (g + lambda) * s * s)
            .sum::<f64>()
            - dot(&v, s)
    };
    let (mut s, mut r, mut d) = (vec![0.0; n], v.clone(), v.clone());
    let mut history = vec![0.0];
    let mut stopped = 0;
    for i in 1..=250 {
        let ad: Vec<f64> = d.iter().zip(&g).map(|(d, g)| (g + lambda) * d).collect();
        let alpha = dot(&r, &r) / dot(&d, &ad);
        let rr = dot(&r, &r);
        for j in 0..n {
            s[j] += alpha * d[j];
            r[j] -= alpha * ad[j];
        }
        let p = phi(&s);
        history.push(p);
        let k = 10.max(i / 10);
        if dot(&r, &r).sqrt() <= tol * (n as f64).sqrt()
            || (i > k && p < 0.0 && (p - history[i - k]) / p < k as f64 * eps)
        {
            stopped = i;
            break;
        }
        let beta = dot(&r, &r) / rr;
        for j in 0..n {
            d[j] = r[j] + beta * d[j];
        }
    }
    assert!(
        stopped > 10 && stopped < 250,
        "the reference stopped at {stopped}"
    );
    let (lib, iterations) = solve(
        &GaussNewtonCg::default(),
        &DiagonalGaussNewton(g.clone()),
        lambda,
        &v,
    );
    assert_eq!(iterations, stopped);
    for (a, b) in lib.iter().zip(&s) {
        assert!((a - b).abs() < 1e-12 * b.abs().max(1.0), "{a} vs {b}");
    }
    // Without the progress test CG runs on to the residual tolerance: more iterations.
    let (_, to_tolerance) = solve(
        &GaussNewtonCg::to_tolerance(tol),
        &DiagonalGaussNewton(g),
        lambda,
        &v,
    );
    assert!(to_tolerance > stopped, "{to_tolerance} vs {stopped}");
}

/// Martens' method (LM-damped Hessian-free Gauss–Newton) on a 3-2-2 tanh network fitted
/// to its own teacher's outputs (40 samples): the minimum f = 0 is known, and the
/// Gauss–Newton model is exact there (zero residuals), so the iteration reaches it to
/// rounding. (Its Gauss–Newton matrix at the minimum has eigenvalues from 5.6e-4 to
/// 1.7; on a 2-4-1 network with 20 samples they reach down to 4e-13 and the same run
/// crawls.)
#[test]
fn hessian_free_fits_a_teacher_network() {
    let f = TwoLayer::teacher(3, 2, 2, 40, 4);
    let x0: Vec<f64> = f
        .theta_star
        .iter()
        .enumerate()
        .map(|(i, t)| t + 0.3 * if i % 2 == 0 { 1.0 } else { -1.0 })
        .collect();
    let run = minimize(
        &PreconditionedDescent::new(GaussNewtonCg::default()),
        &f,
        &x0,
        &Stop::after(100).grad_tol(1e-12),
    )
    .unwrap();
    assert_eq!(run.stop, StopReason::GradientTolerance, "{run}");
    assert!(run.value < 1e-20, "{run}");
    assert_eq!(run.evals.hessian, 0);
}
