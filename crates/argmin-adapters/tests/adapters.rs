//! Both directions of the adapters against outside facts: argmin's solvers find the
//! minimiser (1, 1) of Rosenbrock that our methods find; our methods inside argmin's
//! Executor make bit for bit the run that `minimize` makes, with argmin counting the
//! same evaluations; argmin's own observers see our iterates; errors stay errors.

use argmin::core::observers::ObserverMode;
use argmin::core::{CostFunction, Error as ArgminError, Executor, Gradient, State};
use argmin::solver::linesearch::MoreThuenteLineSearch;
use argmin::solver::quasinewton::LBFGS;
use argmin_adapters::nalgebra::{DVector, NalgebraProblem};
use argmin_adapters::{
    ArgminHessianFree, ArgminProblem, ArgminRun, InArgmin, minimize_argmin, solvers,
};
use argmin_observer_paramwriter::{ParamWriter, ParamWriterFormat};
use landscapes::Rosenbrock;
use optim_core::{Method, Objective, Record, Stop, StopReason, minimize, vector::distance};
use second_order::{Bfgs, Lbfgs, TrustRegion as OurTrustRegion};

const X0: [f64; 2] = [-1.2, 1.0];

fn stop() -> Stop {
    Stop::after(5000).grad_tol(1e-6).record(Record::All)
}

fn identity() -> Vec<Vec<f64>> {
    vec![vec![1.0, 0.0], vec![0.0, 1.0]]
}

/// Every argmin solver the comparison uses, on Rosenbrock from (−1.2, 1) with the
/// common test ‖∇f‖ ≤ 1e-6: all that converge end within 1e-5 of where our L-BFGS
/// ends, (1, 1); the reported f and trace values are f at the reported iterates.
#[test]
fn argmin_solvers_on_our_rosenbrock_find_its_minimiser() {
    let f = Rosenbrock::new();
    let s = stop();
    let x0 = || X0.to_vec();
    let p = || ArgminProblem(&f);
    let dense = || NalgebraProblem(&f);
    let runs: Vec<ArgminRun> = vec![
        minimize_argmin(
            p(),
            solvers::steepest_descent(),
            "SteepestDescent",
            x0(),
            |s| s,
            &s,
        ),
        minimize_argmin(
            p(),
            solvers::nonlinear_cg(),
            "NonlinearConjugateGradient",
            x0(),
            |s| s,
            &s,
        ),
        minimize_argmin(
            p(),
            solvers::bfgs(),
            "BFGS",
            x0(),
            |s| s.inv_hessian(identity()),
            &s,
        ),
        minimize_argmin(p(), solvers::lbfgs(10), "LBFGS", x0(), |s| s, &s),
        minimize_argmin(p(), solvers::newton_cg(), "NewtonCG", x0(), |s| s, &s),
        minimize_argmin(
            p(),
            solvers::trust_region_cauchy(),
            "TrustRegion (Cauchy)",
            x0(),
            |s| s,
            &s,
        ),
        minimize_argmin(
            p(),
            solvers::trust_region_steihaug(2),
            "TrustRegion (Steihaug)",
            x0(),
            |s| s,
            &s,
        ),
        minimize_argmin(
            dense(),
            solvers::newton(),
            "Newton",
            DVector::from_vec(x0()),
            |s| s,
            &s,
        ),
        minimize_argmin(
            dense(),
            solvers::trust_region_dogleg(),
            "TrustRegion (Dogleg)",
            DVector::from_vec(x0()),
            |s| s,
            &s,
        ),
        minimize_argmin(
            p(),
            solvers::nelder_mead(solvers::scipy_simplex(&X0)),
            "NelderMead",
            x0(),
            |s| s,
            &s,
        ),
    ]
    .into_iter()
    .collect::<Result<_, _>>()
    .unwrap();
    let ours = minimize(&Lbfgs::default(), &f, &X0, &s).unwrap();
    assert!(distance(&ours.x, &[1.0, 1.0]) < 1e-6);
    let mut converged = 0;
    for r in &runs {
        let run = &r.run;
        println!(
            "{:28} {:?} ({}) {} it, {} f {} ∇f {} H, f = {:.3e}, ‖∇f‖ = {:.1e}",
            run.method,
            run.stop,
            r.reason,
            run.iterations,
            run.evals.value,
            run.evals.gradient,
            run.evals.hessian,
            run.value,
            run.grad_norm
        );
        // The run's numbers are its own: f and ‖∇f‖ at the x it returns.
        assert_eq!(run.value, f.value(&run.x), "{}", run.method);
        if run.stop == StopReason::GradientTolerance {
            converged += 1;
            assert!(run.grad_norm <= 1e-6, "{}", run.method);
            assert!(
                distance(&run.x, &ours.x) < 1e-5,
                "{}: {:?}",
                run.method,
                run.x
            );
        }
        // Every row of the trace is the true f at the recorded iterate.
        for (k, x) in run.trace.xs().enumerate() {
            assert_eq!(run.trace.values()[k], f.value(x), "{} row {k}", run.method);
        }
        assert_eq!(run.trace.len(), run.iterations + 1, "{}", run.method);
    }
    // Steepest descent and the Cauchy-point trust region are first-order methods in a
    // curved valley, and argmin's Newton-CG stalls near ‖∇f‖ ≈ 1e-4: those three spend
    // the 5000 iterations. Nelder–Mead stops by its own test on the spread of f over
    // the simplex (1e-4), before ‖∇f‖ is small. Every other solver must meet the
    // common test.
    let budget_spent = ["SteepestDescent", "TrustRegion (Cauchy)", "NewtonCG"];
    for r in &runs {
        let expected = match r.run.method {
            m if budget_spent.contains(&m) => StopReason::MaxIterations,
            "NelderMead" => StopReason::SolverConverged,
            _ => StopReason::GradientTolerance,
        };
        assert_eq!(r.run.stop, expected, "{}", r.run.method);
    }
    assert_eq!(converged, runs.len() - budget_spent.len() - 1);
}

/// The evaluations `minimize_argmin` reports are argmin's own counts of the same run
/// made directly with an `Executor`.
#[test]
fn the_counts_are_argmins_counts() {
    let f = Rosenbrock::new();
    let s = Stop::after(30).grad_tol(0.0);
    let ours = minimize_argmin(
        ArgminProblem(&f),
        LBFGS::new(MoreThuenteLineSearch::new(), 10),
        "LBFGS",
        X0.to_vec(),
        |s| s,
        &s,
    )
    .unwrap();
    let direct = Executor::new(
        ArgminProblem(&f),
        LBFGS::new(MoreThuenteLineSearch::new(), 10),
    )
    .configure(|st| st.param(X0.to_vec()).max_iters(30).counting(true))
    .run()
    .unwrap();
    let counts = direct.state().get_func_counts();
    assert_eq!(ours.run.evals.value as u64, counts["cost_count"]);
    assert_eq!(ours.run.evals.gradient as u64, counts["gradient_count"]);
    assert_eq!(ours.run.iterations as u64, direct.state().get_iter());
    assert_eq!(ours.run.x, *direct.state().get_param().unwrap());
}

/// Our `method` inside argmin's Executor against the same method under `minimize`: the
/// same iterates bit for bit, the same number of iterations, and argmin's counts equal
/// to ours (every evaluation of ours is one argmin call).
fn same_run<M>(method: M)
where
    M: Method<argmin_adapters::ArgminObjective<ArgminProblem<&'static Rosenbrock>>>
        + Method<Rosenbrock>
        + Clone,
{
    static F: std::sync::OnceLock<Rosenbrock> = std::sync::OnceLock::new();
    let f = F.get_or_init(Rosenbrock::new);
    let reference = minimize(&method, f, &X0, &stop()).unwrap();
    assert_eq!(reference.stop, StopReason::GradientTolerance);
    let result = Executor::new(ArgminProblem(f), InArgmin::new(method.clone()))
        .configure(|s| s.param(X0.to_vec()).max_iters(5000).counting(true))
        .run()
        .unwrap();
    let name = reference.method;
    assert_eq!(
        result.solver().stop(),
        Some(StopReason::GradientTolerance),
        "{name}"
    );
    assert_eq!(
        result.state().get_iter() as usize,
        reference.iterations,
        "{name}"
    );
    assert_eq!(*result.state().get_param().unwrap(), reference.x, "{name}");
    let counts = result.state().get_func_counts();
    let count = |k: &str| counts.get(k).copied().unwrap_or(0) as usize;
    assert_eq!(count("cost_count"), reference.evals.value, "{name}");
    assert_eq!(count("gradient_count"), reference.evals.gradient, "{name}");
    assert_eq!(count("hessian_count"), reference.evals.hessian, "{name}");
}

#[test]
fn our_methods_in_argmins_executor_make_the_same_run() {
    same_run(Lbfgs::default());
    same_run(Bfgs::default());
    same_run(OurTrustRegion::exact());
    same_run(first_order::Adam::new(0.02));
}

/// argmin's own parameter-writer observer, on our L-BFGS: one file per iteration,
/// each holding that iteration's iterate of the reference run.
#[test]
fn argmins_observers_see_our_iterates() {
    let f = Rosenbrock::new();
    let dir = std::env::temp_dir().join(format!("argmin-adapters-{}", std::process::id()));
    std::fs::remove_dir_all(&dir).ok();
    let writer = ParamWriter::new(dir.to_str().unwrap(), "x", ParamWriterFormat::JSON);
    let result = Executor::new(ArgminProblem(&f), InArgmin::new(Lbfgs::default()))
        .configure(|s| s.param(X0.to_vec()).max_iters(100))
        .add_observer(writer, ObserverMode::Always)
        .run()
        .unwrap();
    let reference = minimize(&Lbfgs::default(), &f, &X0, &stop()).unwrap();
    let files = std::fs::read_dir(&dir).unwrap().count();
    assert_eq!(files as u64, result.state().get_iter());
    for k in 0..reference.iterations {
        // argmin numbers an iteration's file before it increments the counter.
        let text = std::fs::read_to_string(dir.join(format!("x_{k}.json"))).unwrap();
        let x: Vec<f64> = text
            .trim_matches(|c: char| c == '[' || c == ']' || c.is_whitespace())
            .split(',')
            .map(|v| v.trim().parse().unwrap())
            .collect();
        let expected = reference.trace.x(k + 1).unwrap();
        assert!(
            distance(&x, expected) <= 1e-15 * (1.0 + distance(expected, &[0.0, 0.0])),
            "{k}"
        );
    }
    std::fs::remove_dir_all(&dir).ok();
}

/// An argmin problem whose cost fails at some points.
struct Failing;
impl CostFunction for Failing {
    type Param = Vec<f64>;
    type Output = f64;
    fn cost(&self, x: &Vec<f64>) -> Result<f64, ArgminError> {
        if x[0] > 0.5 {
            Err(ArgminError::msg("cost undefined beyond x₀ = 0.5"))
        } else {
            Ok((x[0] - 1.0).powi(2))
        }
    }
}
impl Gradient for Failing {
    type Param = Vec<f64>;
    type Gradient = Vec<f64>;
    fn gradient(&self, x: &Vec<f64>) -> Result<Vec<f64>, ArgminError> {
        Ok(vec![2.0 * (x[0] - 1.0)])
    }
}

#[test]
fn errors_stay_errors() {
    // A failing evaluation inside our method ends the argmin run with argmin's error.
    let err = Executor::new(Failing, InArgmin::new(first_order::Sgd::new(0.4)))
        .configure(|s| s.param(vec![0.0]).max_iters(10))
        .run()
        .err()
        .unwrap();
    assert!(err.to_string().contains("beyond x₀ = 0.5"), "{err}");
    // A parameter of the wrong length is argmin's error naming both lengths.
    let f = Rosenbrock::new();
    let err = Executor::new(
        ArgminProblem(&f),
        LBFGS::new(MoreThuenteLineSearch::new(), 5),
    )
    .configure(|s| s.param(vec![1.0; 3]).max_iters(10))
    .run()
    .err()
    .unwrap();
    assert!(
        err.to_string().contains("3 entries") && err.to_string().contains("takes 2"),
        "{err}"
    );
    // Without an iteration budget, argmin is not run at all.
    let unbounded = Stop {
        max_iters: None,
        ..Stop::after(10)
    };
    let err = minimize_argmin(
        ArgminProblem(&f),
        LBFGS::new(MoreThuenteLineSearch::new(), 5),
        "LBFGS",
        X0.to_vec(),
        |s| s,
        &unbounded,
    )
    .unwrap_err();
    assert!(err.to_string().contains("max_iters"), "{err}");
}

/// argmin's Newton-CG with the Hessian as an operator (one Hessian-vector product per
/// `dot`) makes the run it makes with the dense matrix: the same iterations, iterates
/// equal to rounding, no Hessian formed.
#[test]
fn hessian_free_newton_cg_is_the_dense_run() {
    let f = Rosenbrock::new();
    let s = Stop::after(200).grad_tol(1e-6);
    let dense = minimize_argmin(
        ArgminProblem(&f),
        solvers::newton_cg(),
        "NewtonCG",
        X0.to_vec(),
        |s| s,
        &s,
    )
    .unwrap();
    let free = minimize_argmin(
        ArgminHessianFree::new(&f),
        solvers::newton_cg(),
        "NewtonCG",
        X0.to_vec(),
        |s| s,
        &s,
    )
    .unwrap();
    assert_eq!(free.run.iterations, dense.run.iterations);
    assert!(
        distance(&free.run.x, &dense.run.x) < 1e-12,
        "{:?} {:?}",
        free.run.x,
        dense.run.x
    );
    assert_eq!(free.run.evals.hessian, 0);
    assert_eq!(dense.run.evals.hessian, dense.run.iterations);
    assert!(free.run.evals.hessian_vector >= 2 * free.run.iterations);
}

impl argmin_adapters::Counted for Failing {}

/// An argmin solver that fails mid-run (here its line search meets a cost that cannot
/// be evaluated; argmin's L-BFGS ends with `SolverExit` and drops its parameter) ends
/// at its last iterate, with argmin's message as the reason.
#[test]
fn an_argmin_failure_is_a_stop_reason() {
    let r = minimize_argmin(
        Failing,
        solvers::lbfgs(5),
        "LBFGS",
        vec![0.0],
        |s| s,
        &Stop::after(50),
    )
    .unwrap();
    assert_eq!(r.run.stop, StopReason::NoProgress);
    assert!(r.reason.contains("beyond x₀ = 0.5"), "{}", r.reason);
    assert!(r.run.x[0] <= 0.5 && r.run.value == (r.run.x[0] - 1.0).powi(2));
}

/// argmin's checkpointing with our method: a run that fails at iteration 12 (an
/// observer's error, as a crash would) and is run again with the same checkpoint
/// resumes from iteration 10 and ends exactly where the uninterrupted run ends.
#[test]
fn a_checkpointed_run_resumes_where_it_was_saved() {
    use argmin::core::KV;
    use argmin::core::checkpointing::CheckpointingFrequency;
    use argmin::core::observers::Observe;
    use argmin_adapters::{MemoryCheckpoint, VecState};

    struct FailAt(u64);
    impl Observe<VecState> for FailAt {
        fn observe_iter(&mut self, state: &VecState, _: &KV) -> Result<(), ArgminError> {
            if state.get_iter() == self.0 {
                Err(ArgminError::msg("interrupted"))
            } else {
                Ok(())
            }
        }
    }

    let f = Rosenbrock::new();
    let executor = || {
        Executor::new(ArgminProblem(&f), InArgmin::new(Lbfgs::default()))
            .configure(|s| s.param(X0.to_vec()).max_iters(100))
    };
    let whole = executor().run().unwrap();
    let checkpoint = MemoryCheckpoint::new(CheckpointingFrequency::Every(5));
    let failed = executor()
        .checkpointing(checkpoint.clone())
        .add_observer(FailAt(12), ObserverMode::Always)
        .run();
    assert!(failed.is_err());
    assert_eq!(checkpoint.saved_iteration(), Some(10));
    let resumed = executor().checkpointing(checkpoint.clone()).run().unwrap();
    assert_eq!(resumed.state().get_iter(), whole.state().get_iter());
    assert_eq!(resumed.state().get_param(), whole.state().get_param());
    assert_eq!(resumed.solver().stop(), Some(StopReason::GradientTolerance));
    // It resumed rather than started over: it evaluated only iterations 11 onwards.
    let gradients =
        |r: &argmin::core::OptimizationResult<_, _, VecState>| r.problem().counts["gradient_count"];
    assert!(gradients(&resumed) < gradients(&whole));
}
