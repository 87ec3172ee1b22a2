//! The comparison with argmin: its numbers are the runs' numbers, both libraries agree
//! where both converge, and ours converges wherever argmin's does.

use argmin_adapters::{ArgminProblem, minimize_argmin, solvers};
use landscapes::Rosenbrock;
use optim_core::vector::distance;
use optim_core::{Record, Stop, minimize};
use second_order::Lbfgs;
use xtask::compare::{GRAD_TOL, Options, Pair, pairs, tables};

fn small() -> &'static [Pair] {
    static PAIRS: std::sync::OnceLock<Vec<Pair>> = std::sync::OnceLock::new();
    PAIRS.get_or_init(|| {
        pairs(Options {
            timing: false,
            small_only: true,
        })
        .unwrap()
    })
}

/// The L-BFGS pair on Rosenbrock from (−1.2, 1), against the same two runs made here
/// directly: the iterations and evaluations the page prints are theirs.
#[test]
fn the_tables_print_the_counts_of_the_runs() {
    let pair = small()
        .iter()
        .find(|p| p.family == "L-BFGS (m = 10)" && p.problem == "Rosenbrock from (-1.2, 1)")
        .expect("the pair is in the comparison");
    let f = Rosenbrock::new();
    let stop = Stop::after(10_000).grad_tol(GRAD_TOL).record(Record::Off);
    let ours = minimize(&Lbfgs::default(), &f, &[-1.2, 1.0], &stop).unwrap();
    let theirs = minimize_argmin(
        ArgminProblem(&f),
        solvers::lbfgs(10),
        "LBFGS",
        vec![-1.2, 1.0],
        |s| s,
        &stop,
    )
    .unwrap();
    let (o, a) = (pair.ours.as_ref().unwrap(), pair.argmin.as_ref().unwrap());
    assert_eq!((o.iterations, o.evals), (ours.iterations, ours.evals));
    assert_eq!(
        (a.iterations, a.evals),
        (theirs.run.iterations, theirs.run.evals)
    );
    let text = tables(small());
    let row = |solver: &str| {
        text.lines()
            .skip_while(|l| !l.contains("Rosenbrock from (-1.2, 1)"))
            .find(|l| l.contains(&format!("| {solver} |")))
            .unwrap()
            .to_string()
    };
    let ours_row = row("L-BFGS");
    assert!(
        ours_row.contains(&format!("| {} |", ours.iterations)),
        "{ours_row}"
    );
    assert!(
        ours_row.contains(&format!(
            "{} f, {} ∇f",
            ours.evals.value, ours.evals.gradient
        )),
        "{ours_row}"
    );
    let argmin_row = row("LBFGS");
    assert!(
        argmin_row.contains(&format!("| {} |", theirs.run.iterations)),
        "{argmin_row}"
    );
}

/// Pairs whose two runs both meet ‖∇f‖ ≤ 1e-6 at different stationary points, with f
/// at the one argmin's run ends at. The chained Rosenbrock has, besides (1, …, 1), a
/// local minimiser near (−1, 1, …, 1) with f ≈ 3.99 (Kok & Sandrock, Evol. Comput.
/// 17, 2009): argmin's Steihaug trust region ends there. Beale's function has a saddle
/// at (0, 1) with f = 14.203125 (∇f = 0: every factor of ∇f vanishes at y = 1, x = 0):
/// argmin's dogleg, which takes the Newton step whatever the Hessian's signs, ends
/// there, as both libraries' pure Newton does.
const ELSEWHERE: &[(&str, &str, f64)] = &[
    (
        "chained Rosenbrock, n = 100",
        "trust region, Steihaug CG",
        3.99,
    ),
    ("Beale from (1, 1.5)", "trust region, dogleg", 14.203125),
];

/// Where both sides of a pair meet the test from one start on a problem with a known
/// minimiser, they end at the same point, within 1e-5 (pure Newton may end at a
/// saddle: both libraries at the same one). The pairs of `ELSEWHERE` end at different
/// stationary points.
#[test]
fn both_libraries_reach_the_same_minimiser_where_both_converge() {
    let mut checked = 0;
    for p in small() {
        let (Some(o), Some(a)) = (&p.ours, &p.argmin) else {
            continue;
        };
        let (Some(xo), Some(xa)) = (&o.x, &a.x) else {
            continue;
        };
        // A problem without a minimiser on record (the classifier, whose f has none)
        // has no point to agree on.
        if !(o.converged == 1 && a.converged == 1) || o.distance.is_none() {
            continue;
        }
        let apart = distance(xo, xa);
        if let Some((.., f)) = ELSEWHERE
            .iter()
            .find(|(problem, family, _)| *problem == p.problem && *family == p.family)
        {
            assert!(apart > 1.0, "{}: now the same point", p.family);
            assert!((a.value - f).abs() < 0.01, "{}: f = {}", p.family, a.value);
            continue;
        }
        assert!(apart < 1e-5, "{} {}: {apart:e} apart", p.problem, p.family);
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} pairs where both converge");
}

/// The pairs where argmin's solver converges from more starts than ours, each with
/// the reason it is so. The two-moons classifier separates its data: f has no
/// minimiser and ‖∇f‖ → 0 only as the weights grow without bound, so reaching 1e-6
/// depends on the trajectory. Our L-BFGS with m = 10 is still near ‖∇f‖ ≈ 3e-3 after
/// the 2 000 iterations (with m = 20 it converges in 428); argmin's gets there in
/// about 450.
const KNOWN: &[(&str, &str)] = &[(
    "2-4-4-2 classifier on two moons (42 parameters)",
    "L-BFGS (m = 10)",
)];

/// The comparison's goal: no problem where argmin's solver of a family converges from
/// more starts than ours, but for the pairs of `KNOWN`.
#[test]
fn ours_converges_wherever_argmins_does() {
    for p in small() {
        let (Some(o), Some(a)) = (&p.ours, &p.argmin) else {
            continue;
        };
        if KNOWN.contains(&(p.problem.as_str(), p.family)) {
            continue;
        }
        assert!(
            o.converged >= a.converged,
            "{} {}: ours {} of {}, argmin {}",
            p.problem,
            p.family,
            o.converged,
            o.starts,
            a.converged
        );
    }
}
