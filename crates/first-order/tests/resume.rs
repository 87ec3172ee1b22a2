//! Checkpoint and resume, one test per rule and wrapper: a run paused after k steps,
//! saved as JSON, read back and resumed equals the uninterrupted run bit for bit — x,
//! f, the trace and the counts — for every k from 0 to the end, so every state a rule
//! passes through is saved once (Adam's bias corrections at each t, AMSGrad's running
//! maximum, a plateau scheduler's best value, its counters and reduced rate, a
//! schedule's step count, a clipping's last norm, the Lagrangian's multiplier).
//!
//! A field left out of a saved state, or read back to other bits, changes the iterates
//! after the pause (skipping Adam's step counter `t` fails the Adam test at k = 1).

use first_order::prelude::*;
use first_order::{ExponentialLr, LagrangianGd, OnPlateau, ReduceLrOnPlateau, StepLr};
use landscapes::Rosenbrock;
use optim_core::{Record, Stop, minimize_state};

#[path = "../../optim-core/tests/support/resume.rs"]
mod support;
use support::resumes_bit_for_bit;

const X0: [f64; 2] = [-1.2, 1.0];

fn stop() -> Stop {
    Stop::exactly(30).record(Record::All)
}

macro_rules! resume_tests {
    ($($name:ident: $method:expr;)*) => {$(
        #[test]
        fn $name() {
            resumes_bit_for_bit(&$method, &Rosenbrock::new(), &X0, &stop());
        }
    )*};
}

resume_tests! {
    sgd: Sgd::new(1e-3);
    sgd_nesterov: Sgd { momentum: 0.9, nesterov: true, ..Sgd::new(1e-4) };
    adagrad: Adagrad::new(0.1);
    rmsprop_centered: RmsProp { centered: true, momentum: 0.5, ..RmsProp::new(0.01) };
    adadelta: Adadelta::new(1.0);
    adam: Adam::new(0.05);
    amsgrad: Adam { amsgrad: true, ..Adam::new(0.05) };
    adamw: AdamW::new(0.05);
    adamax: Adamax::new(0.05);
    nadam: NAdam::new(0.05);
    radam: RAdam::new(0.05);
    lion: Lion::new(0.01);
    adabelief: AdaBelief::new(0.05);
    clipped: Adam::new(0.05).clipped(Clip::Norm { max_norm: 5.0, norm_type: 2.0 });
    scheduled: Adam::new(0.05).scheduled(StepLr { step_size: 7, gamma: 0.5 });
    scheduled_exponential: Sgd::new(1e-3).scheduled(ExponentialLr { gamma: 0.95 });
    projected: Adam::new(0.05).projected(Bounds::uniform(2, -1.0, 0.5).unwrap());
}

#[test]
fn reduced_on_plateau() {
    // Adam at a large rate oscillates across the valley: the plateau rule reduces the
    // rate within the run, so its counters and reduced rate are saved mid-way.
    let method: OnPlateau<Adam> = Adam::new(0.5).reduced_on_plateau(ReduceLrOnPlateau {
        patience: 2,
        factor: 0.5,
        ..ReduceLrOnPlateau::default()
    });
    let f = Rosenbrock::new();
    resumes_bit_for_bit(&method, &f, &X0, &stop());
    let (_, state) = minimize_state(&method, &f, &X0, &stop()).unwrap();
    assert!(state.rule.reductions() > 0, "no reduction to save");
}

#[test]
fn lagrangian() {
    // min x₀ + x₁ on the unit circle, from the notebook's configuration.
    let f = optim_core::FnObjective::new(
        2,
        |x: &[f64]| x[0] + x[1],
        |_: &[f64], g: &mut [f64]| g.fill(1.0),
    );
    resumes_bit_for_bit(
        &LagrangianGd::unit_circle(0.1, 0.5),
        &f,
        &[0.6, -0.8],
        &stop(),
    );
}
