//! Checkpoint and resume, one test per method: a run paused after k iterations, saved
//! as JSON, read back and resumed equals the uninterrupted run bit for bit — x, f, the
//! trace (values, norms, iterates, evaluation counts, events, rejections), the counts
//! and the stop reason — for *every* k from 0 to the run's end, so that every state a
//! method passes through (after a rejected trust-region step, a skipped quasi-Newton
//! update, a curvature refresh, a line search that bracketed) is saved once.
//!
//! A field left out of a state's saved form, or read back to other bits, changes the
//! iterates after the pause: the test catches it at the first k where that field
//! matters (leaving out L-BFGS's `first` flag, or rounding a float through `{:.15e}`,
//! fails it).
#![cfg(feature = "serde")]

use landscapes::{Activation, Landscape, Mlp, Rosenbrock};
use optim_core::{Record, Stop};
use second_order::curvature::gauss_newton::GaussNewtonCg;
use second_order::curvature::hessian_diagonal::HessianDiagonal;
use second_order::curvature::hutchinson::Hutchinson;
use second_order::{
    Bfgs, CurvatureScaledGd, Lbfgs, NewtonCg, PreconditionedDescent, SteepestDescent, TrustRegion,
};

#[path = "../../optim-core/tests/support/resume.rs"]
mod support;
use support::resumes_bit_for_bit;

fn rosenbrock() -> (Rosenbrock, Vec<f64>) {
    let f = Rosenbrock::new();
    let x0 = vec![-1.2, 1.0];
    (f, x0)
}

fn stop(iters: usize) -> Stop {
    Stop::after(iters).grad_tol(1e-10).record(Record::All)
}

#[test]
fn bfgs() {
    let (f, x0) = rosenbrock();
    resumes_bit_for_bit(&Bfgs::default(), &f, &x0, &stop(60));
}

#[test]
fn lbfgs() {
    // m = 3 on a 2-D problem: the memory fills and wraps around within the run.
    let (f, x0) = rosenbrock();
    let run = resumes_bit_for_bit(&Lbfgs::new(3), &f, &x0, &stop(60));
    assert!(run.iterations > 6);
}

#[test]
fn an_lbfgs_checkpoint_that_does_not_fit_the_memory_is_refused() {
    // A state of m = 5 resumed by an L-BFGS of m = 3 would index past its 4 slots, and
    // an edited file whose gradient lost an element past that: both are refused
    // before the first iteration, and the unedited state resumes.
    use optim_core::{Checkpoint, Error, Outcome, minimize_until, resume};
    use second_order::LbfgsState;
    let (f, x0) = rosenbrock();
    let s = stop(60);
    let Ok(Outcome::Paused(checkpoint)) = minimize_until(&Lbfgs::new(5), &f, &x0, &s, 8) else {
        panic!("the run should pause at 8 iterations");
    };
    let other = resume(&Lbfgs::new(3), &f, checkpoint.clone(), &s);
    assert!(
        matches!(&other, Err(Error::InvalidCheckpoint(why)) if why.contains("keeps 5 pairs") && why.contains("m = 3")),
        "{other:?}"
    );
    // The checkpoint's JSON with its state edited by `edit`, resumed by m = 5.
    let edited = |edit: &dyn Fn(&mut serde_json::Value)| {
        let mut json: serde_json::Value = serde_json::from_str(&checkpoint.to_json()).unwrap();
        edit(&mut json["state"]);
        let edited = Checkpoint::<LbfgsState>::from_json(&json.to_string()).unwrap();
        resume(&Lbfgs::new(5), &f, edited, &s)
    };
    let edited_g = edited(&|state| {
        state["g"].as_array_mut().unwrap().pop();
    });
    assert!(
        matches!(&edited_g, Err(Error::InvalidCheckpoint(why)) if why.contains("g has length 1")),
        "{edited_g:?}"
    );
    let edited_spare = edited(&|state| state["spare"] = state["order"][0].clone());
    assert!(
        matches!(&edited_spare, Err(Error::InvalidCheckpoint(why)) if why.contains("slots")),
        "{edited_spare:?}"
    );
    assert!(resume(&Lbfgs::new(5), &f, checkpoint, &s).is_ok());
}

#[test]
fn newton_cg() {
    let (f, x0) = rosenbrock();
    resumes_bit_for_bit(&NewtonCg::default(), &f, &x0, &stop(60));
}

#[test]
fn steepest_descent() {
    let (f, x0) = rosenbrock();
    resumes_bit_for_bit(&SteepestDescent::default(), &f, &x0, &stop(40));
}

#[test]
fn curvature_scaled_gd() {
    let (f, x0) = rosenbrock();
    resumes_bit_for_bit(&CurvatureScaledGd::default(), &f, &x0, &stop(40));
}

#[test]
fn trust_region_cauchy() {
    let (f, x0) = rosenbrock();
    resumes_bit_for_bit(&TrustRegion::cauchy(), &f, &x0, &stop(40));
}

#[test]
fn trust_region_steihaug() {
    let (f, x0) = rosenbrock();
    let run = resumes_bit_for_bit(&TrustRegion::ncg(), &f, &x0, &stop(60));
    assert!(
        !run.trace.rejected().is_empty(),
        "no rejected step to pause after"
    );
}

#[test]
fn trust_region_steihaug_scaled() {
    // The elliptical region's diagonal D is state: it only grows along the run.
    use second_order::trust_region::{Scaling, Steihaug};
    let (f, x0) = rosenbrock();
    let method = TrustRegion::new(Steihaug {
        scaling: Scaling::HessianDiagonal,
        ..Steihaug::default()
    });
    resumes_bit_for_bit(&method, &f, &x0, &stop(60));
}

#[test]
fn preconditioned_hessian_diagonal() {
    let (f, x0) = rosenbrock();
    resumes_bit_for_bit(
        &PreconditionedDescent::new(HessianDiagonal),
        &f,
        &x0,
        &stop(40),
    );
}

#[test]
fn preconditioned_hutchinson() {
    // Its probes come from an MT19937 stream: the generator's state is saved too; a
    // refresh every third step saves the count since the last one.
    let (f, x0) = rosenbrock();
    let method = PreconditionedDescent {
        refresh_every: 3,
        ..PreconditionedDescent::new(Hutchinson::new(2))
    };
    resumes_bit_for_bit(&method, &f, &x0, &stop(40));
}

fn network() -> Mlp {
    Mlp::two_moons(&[4], Activation::Tanh, 40, 0.1, 0).unwrap()
}

#[test]
fn preconditioned_gauss_newton() {
    let net = network();
    let x0 = net.start();
    resumes_bit_for_bit(
        &PreconditionedDescent::new(GaussNewtonCg::default()),
        &net,
        &x0,
        &Stop::exactly(12).record(Record::All),
    );
}

#[cfg(feature = "dense")]
mod dense {
    use super::*;
    use second_order::curvature::block_diagonal::BlockDiagonal;
    use second_order::curvature::kfac::Kfac;
    use second_order::curvature::neuron_fisher::NeuronFisher;
    use second_order::curvature::partition::Partition;
    use second_order::{Levenberg, ModifiedNewton, Newton};

    #[test]
    fn newton() {
        let (f, x0) = rosenbrock();
        resumes_bit_for_bit(&Newton::default(), &f, &x0, &stop(40));
    }

    #[test]
    fn modified_newton() {
        // From (−1.2, 1) the Hessian is indefinite at some iterates: τ > 0 is saved.
        let (f, _) = rosenbrock();
        resumes_bit_for_bit(&ModifiedNewton::default(), &f, &[0.0, 3.0], &stop(40));
    }

    #[test]
    fn levenberg() {
        let (f, x0) = rosenbrock();
        resumes_bit_for_bit(&Levenberg::default(), &f, &x0, &stop(60));
    }

    #[test]
    fn trust_region_dogleg() {
        let (f, x0) = rosenbrock();
        let run = resumes_bit_for_bit(&TrustRegion::dogleg(), &f, &x0, &stop(60));
        assert!(
            !run.trace.rejected().is_empty(),
            "no rejected step to pause after"
        );
    }

    #[test]
    fn trust_region_more_sorensen() {
        let (f, x0) = rosenbrock();
        let run = resumes_bit_for_bit(&TrustRegion::exact(), &f, &x0, &stop(60));
        assert!(
            !run.trace.rejected().is_empty(),
            "no rejected step to pause after"
        );
    }

    #[test]
    fn preconditioned_block_diagonal() {
        let net = network();
        let x0 = net.start();
        let blocks = BlockDiagonal::new(Partition::per_layer(optim_core::Layered::layers(&net)));
        resumes_bit_for_bit(
            &PreconditionedDescent::new(blocks),
            &net,
            &x0,
            &Stop::exactly(12).record(Record::All),
        );
    }

    #[test]
    fn preconditioned_neuron_fisher() {
        let net = network();
        let x0 = net.start();
        resumes_bit_for_bit(
            &PreconditionedDescent::new(NeuronFisher::default()),
            &net,
            &x0,
            &Stop::exactly(12).record(Record::All),
        );
    }

    #[test]
    fn preconditioned_kfac() {
        let net = network();
        let x0 = net.start();
        resumes_bit_for_bit(
            &PreconditionedDescent::new(Kfac::default()),
            &net,
            &x0,
            &Stop::exactly(12).record(Record::All),
        );
    }
}
