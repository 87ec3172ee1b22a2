//! The two diagonal approximations: exact where ∇²f is diagonal (hence Newton's step),
//! the |d| rule at a saddle, and Hutchinson's error law off the diagonal.

use optim_core::{Event, FnObjective, Method, Problem, Stop, StopReason, minimize};
use second_order::PreconditionedDescent;
use second_order::curvature::Curvature;
use second_order::curvature::hessian_diagonal::HessianDiagonal;
use second_order::curvature::hutchinson::Hutchinson;
use second_order::curvature::quality::approximation_at;

use super::models::Quadratic;

/// diag(a) for a = (1, 4, 100), minimiser c = (1, −2, 0.5).
fn separable() -> Quadratic {
    let mut h = vec![0.0; 9];
    for (i, a) in [1.0, 4.0, 100.0].into_iter().enumerate() {
        h[i * 3 + i] = a;
    }
    Quadratic::with_minimiser(h, &[1.0, -2.0, 0.5])
}

/// On f = Σ aᵢ(xᵢ − cᵢ)²/2, ∇f = a ⊙ (x − c) and the diagonal is a: with λ = 0 the
/// step x − (x − c) lands on c from anywhere. Catches a wrong diagonal index
/// (h[i] instead of h[i·n + i]: (1, 0, 0) here), a sign error, a step g·d instead of
/// g/d.
#[test]
fn both_diagonals_are_newton_on_a_separable_quadratic() {
    let f = separable();
    let x0 = [3.0, 3.0, 3.0];
    for run in [
        minimize(
            &PreconditionedDescent::fixed(HessianDiagonal, 0.0),
            &f,
            &x0,
            &Stop::exactly(1),
        ),
        minimize(
            &PreconditionedDescent::fixed(Hutchinson::default(), 0.0),
            &f,
            &x0,
            &Stop::exactly(1),
        ),
    ] {
        let run = run.unwrap();
        for (xi, ci) in run.x.iter().zip([1.0, -2.0, 0.5]) {
            assert!((xi - ci).abs() < 1e-14, "{}: {:?}", run.method, run.x);
        }
    }
}

/// f = ½(x₀² − 3x₁²): a saddle at 0, ∇²f = diag(1, −3). From (1, 1), ∇f = (1, −3) and
/// with |d| = (1, 3), λ = 0: s = (1/1, −3/3) = (1, −1), x₁ = (0, 2), where
/// f = ½(0 − 12) = −6 < f(1, 1) = −1. The raw diagonal steps to the saddle (0, 0)
/// (s = (1, 1)); max(d, 0) divides by zero. Both diagonals report the modification.
#[test]
fn a_negative_diagonal_entry_is_replaced_by_its_magnitude() {
    let f = Quadratic::with_minimiser(vec![1.0, 0.0, 0.0, -3.0], &[0.0, 0.0]);
    let exact = minimize(
        &PreconditionedDescent::fixed(HessianDiagonal, 0.0),
        &f,
        &[1.0, 1.0],
        &Stop::exactly(1),
    )
    .unwrap();
    let estimated = minimize(
        &PreconditionedDescent::fixed(Hutchinson::default(), 0.0),
        &f,
        &[1.0, 1.0],
        &Stop::exactly(1),
    )
    .unwrap();
    for run in [exact, estimated] {
        assert_eq!(run.x, [0.0, 2.0], "{}", run.method);
        assert_eq!(run.value, -6.0);
        assert!(
            run.trace.events().contains(&(1, Event::HessianModified)),
            "{:?}",
            run.trace.events()
        );
    }
    // The diagonal itself is (1, 3).
    assert_eq!(
        approximation_at(&HessianDiagonal, &f, &[1.0, 1.0]).unwrap(),
        [1.0, 0.0, 0.0, 3.0]
    );
}

/// z ⊙ Hz = d exactly when H = diag(d), for every sign pattern: any seed and any m
/// give the diagonal. Catches an estimator that forgets the z ⊙ (Hz itself is
/// d ⊙ z, the diagonal with random signs) or divides by the wrong m.
#[test]
fn hutchinson_is_exact_on_a_diagonal_hessian() {
    let f = separable();
    for (probes, seed) in [(1, 0), (1, 7), (3, 1), (10, 12345)] {
        let a = approximation_at(&Hutchinson { probes, seed }, &f, &[0.3, -0.2, 0.1]).unwrap();
        assert_eq!(a, f.h, "m = {probes}, seed {seed}");
    }
}

/// H = [[3, 1], [1, 5]]: entry i of z ⊙ Hz is hᵢᵢ + zᵢ·Σ_{j≠i} hᵢⱼzⱼ, here 3 + z₀z₁ and
/// 5 + z₀z₁, so the estimate is (3 + s̄, 5 + s̄) with s̄ the mean of m products z₀z₁ = ±1:
/// both entries off by the same s̄, m·s̄ an integer of m's parity, and s̄ of standard
/// deviation 1/√m. m = 1: s̄ = ±1. m = 10⁴: |s̄| < 4/√m = 0.04 (a 4σ bound, which the
/// fixed seed passes or fails for good). Catches probes reused within a refresh (then
/// s̄ = ±1 for every m), a missing 1/m, an estimate of Hz alone.
#[test]
fn hutchinson_errs_by_the_off_diagonal_entries_over_root_m() {
    let h = vec![3.0, 1.0, 1.0, 5.0];
    let f = Quadratic::with_minimiser(h, &[0.0, 0.0]);
    for probes in [1, 2, 5, 10_000] {
        let a = approximation_at(&Hutchinson { probes, seed: 3 }, &f, &[0.0, 0.0]).unwrap();
        let (s0, s1) = (a[0] - 3.0, a[3] - 5.0);
        assert_eq!((a[1], a[2]), (0.0, 0.0));
        // Σ(3 + z₀z₁) is an exact integer; dividing by m and subtracting 3 or 5 rounds.
        assert!((s0 - s1).abs() < 1e-14, "m = {probes}: {a:?}");
        let k = s0 * probes as f64;
        assert!(
            (k - k.round()).abs() < 1e-9 && (k.round() as i64 - probes as i64) % 2 == 0,
            "m = {probes}: m·s̄ = {k}"
        );
        if probes == 1 {
            assert_eq!(s0.abs(), 1.0);
        }
        if probes == 10_000 {
            assert!(s0.abs() < 0.04, "s̄ = {s0}");
        }
    }
}

/// A refresh draws new probes from the state's stream: over 20 refreshes with m = 1
/// the sign of z₀z₁ (hence the estimate 3 ± 1) must change; a fresh state with the same
/// seed repeats the sequence. Catches a generator re-seeded at each refresh.
#[test]
fn hutchinson_draws_fresh_probes_from_one_seeded_stream() {
    let f = Quadratic::with_minimiser(vec![3.0, 1.0, 1.0, 5.0], &[0.0, 0.0]);
    let problem = Problem::new(&f);
    let estimator = Hutchinson {
        probes: 1,
        seed: 11,
    };
    let sequence = || {
        let mut state = estimator.init(&problem, &[0.0, 0.0]).unwrap();
        (0..20)
            .map(|_| {
                estimator
                    .refresh(&problem, &[0.0, 0.0], &mut state)
                    .unwrap();
                state.diagonal()[0]
            })
            .collect::<Vec<f64>>()
    };
    let first = sequence();
    assert!(first.contains(&2.0) && first.contains(&4.0), "{first:?}");
    assert!(first.iter().all(|d| *d == 2.0 || *d == 4.0));
    assert_eq!(first, sequence());
    // Each refresh is one product, counted by the Problem.
    assert_eq!(problem.evals().hessian_vector, 40);
}

/// With λ = 0 a zero diagonal entry makes diag(d) + λI singular: a fixed-λ run stops
/// with NoProgress at x₀ (not an Err, not a NaN step). f = ½x₀² + x₁ has ∇²f = diag(1, 0).
#[test]
fn a_singular_diagonal_stops_a_fixed_damping_run() {
    let f = FnObjective::new(
        2,
        |x: &[f64]| 0.5 * x[0] * x[0] + x[1],
        |x: &[f64], g: &mut [f64]| {
            g[0] = x[0];
            g[1] = 1.0;
        },
    )
    .with_hessian(|_: &[f64], h: &mut [f64]| h.copy_from_slice(&[1.0, 0.0, 0.0, 0.0]));
    let run = minimize(
        &PreconditionedDescent::fixed(HessianDiagonal, 0.0),
        &f,
        &[1.0, 1.0],
        &Stop::after(10),
    )
    .unwrap();
    assert_eq!(
        (run.stop, run.x.as_slice()),
        (StopReason::NoProgress, &[1.0, 1.0][..])
    );
    // With λ = 1 the step is (1/2, 1): x₁ = (1/2, 0).
    let method = PreconditionedDescent::fixed(HessianDiagonal, 1.0);
    let problem = Problem::new(&f);
    let mut x = [1.0, 1.0];
    let (mut state, _) = method.init(&problem, &x).unwrap();
    method.iterate(&problem, &mut x, &mut state).unwrap();
    assert_eq!(x, [0.5, 0.0]);
}
