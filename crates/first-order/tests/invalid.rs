//! Every refusal of the torch.optim methods: invalid hyper-parameters name themselves
//! and their range, incompatible switches say why, wrong lengths say which slice, and a
//! state made for another configuration is refused rather than indexed out of bounds.

use first_order::{
    AdaBelief, Adadelta, Adagrad, Adam, AdamW, Adamax, Lion, MomentumForm, NAdam, Optimizer, RAdam,
    RmsProp, Sgd,
};
use optim_core::{Error, FnObjective, Stop, minimize};

/// `opt` is refused by `validate`, `init_state` and `minimize`, naming `name` with the
/// range `allowed`.
fn refused<O>(opt: O, name: &str, allowed: &str)
where
    O: Optimizer + for<'a> optim_core::Method<optim_core::Counted<&'a Quadratic>>,
{
    let method = Optimizer::name(&opt);
    let check = |e: Error| match e {
        Error::InvalidParameter {
            name: n,
            allowed: a,
            ..
        } => {
            assert_eq!(n, name, "{method}");
            assert_eq!(a, allowed, "{method} {name}");
        }
        other => panic!("{method} {name}: expected InvalidParameter, got {other:?}"),
    };
    check(opt.validate().unwrap_err());
    check(opt.init_state(2).unwrap_err());
    let f = quadratic();
    check(minimize(&opt, &f, &[1.0, 1.0], &Stop::after(3)).unwrap_err());
}

/// `opt` is refused as a whole: two valid settings that do not go together.
fn incompatible<O: Optimizer>(opt: O) {
    assert!(
        matches!(opt.validate(), Err(Error::IncompatibleParameters(_))),
        "{}: {:?}",
        opt.name(),
        opt.validate()
    );
    assert!(matches!(
        opt.init_state(2),
        Err(Error::IncompatibleParameters(_))
    ));
}

type Quadratic = FnObjective<fn(&[f64]) -> f64, fn(&[f64], &mut [f64])>;

fn quadratic() -> Quadratic {
    FnObjective::new(
        2,
        (|x: &[f64]| x[0] * x[0] + x[1] * x[1]) as fn(&[f64]) -> f64,
        (|x: &[f64], g: &mut [f64]| {
            g[0] = 2.0 * x[0];
            g[1] = 2.0 * x[1];
        }) as fn(&[f64], &mut [f64]),
    )
}

const POSITIVE: &str = "> 0 and finite";
const NONNEG: &str = ">= 0 and finite";
const BAD_LR: [f64; 5] = [0.0, -1e-3, f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
const BAD_NONNEG: [f64; 3] = [-1e-12, f64::NAN, f64::INFINITY];
const BAD_BETA: [f64; 4] = [1.0, -0.1, 1.5, f64::NAN];

/// The learning-rate, ε and weight-decay rules every method shares.
macro_rules! common {
    ($make:expr) => {{
        for lr in BAD_LR {
            refused($make.lr(lr), "lr", POSITIVE);
        }
        for v in BAD_NONNEG {
            refused($make.weight_decay(v), "weight_decay", NONNEG);
        }
    }};
}

#[test]
fn sgd_refusals() {
    common!(Sgd::new(0.1));
    for v in [-0.5, f64::NAN, f64::INFINITY] {
        refused(Sgd::new(0.1).momentum(v), "momentum", NONNEG);
    }
    for v in [-0.1, 1.5, f64::NAN] {
        refused(
            Sgd::new(0.1).momentum(0.9).dampening(v),
            "dampening",
            "[0, 1]",
        );
    }
    refused(
        Sgd::ewa_momentum(0.1, 1.5),
        "momentum",
        "[0, 1] (the EWA weight β)",
    );
    // torch: "Nesterov momentum requires a momentum and zero dampening".
    incompatible(Sgd::new(0.1).nesterov(true));
    incompatible(Sgd::new(0.1).momentum(0.9).dampening(0.1).nesterov(true));
    incompatible(Sgd::ewa_momentum(0.1, 0.9).dampening(0.5));
    incompatible(Sgd::velocity(0.1, 0.9).dampening(0.5));
    // The edges that torch accepts are accepted.
    assert!(
        Sgd::new(0.1)
            .momentum(0.9)
            .dampening(1.0)
            .validate()
            .is_ok()
    );
    assert!(
        Sgd::new(0.1)
            .momentum(0.9)
            .nesterov(true)
            .validate()
            .is_ok()
    );
    assert!(
        Sgd::default()
            .form(MomentumForm::Velocity)
            .momentum(0.0)
            .validate()
            .is_ok()
    );
}

#[test]
fn adagrad_refusals() {
    common!(Adagrad::new(0.1));
    for v in BAD_NONNEG {
        refused(Adagrad::new(0.1).lr_decay(v), "lr_decay", NONNEG);
        refused(
            Adagrad::new(0.1).initial_accumulator_value(v),
            "initial_accumulator_value",
            NONNEG,
        );
        refused(Adagrad::new(0.1).eps(v), "eps", NONNEG);
    }
}

#[test]
fn adadelta_refusals() {
    common!(Adadelta::new(1.0));
    for v in [-0.1, 1.1, f64::NAN] {
        refused(Adadelta::new(1.0).rho(v), "rho", "[0, 1]");
    }
    for v in BAD_NONNEG {
        refused(Adadelta::new(1.0).eps(v), "eps", NONNEG);
    }
    assert!(Adadelta::new(1.0).rho(1.0).validate().is_ok());
}

#[test]
fn rmsprop_refusals() {
    common!(RmsProp::new(0.01));
    for v in [-0.1, 1.1, f64::NAN] {
        refused(RmsProp::new(0.01).alpha(v), "alpha", "[0, 1]");
    }
    for v in BAD_NONNEG {
        refused(RmsProp::new(0.01).eps(v), "eps", NONNEG);
        refused(RmsProp::new(0.01).momentum(v), "momentum", NONNEG);
    }
}

#[test]
fn adam_family_refusals() {
    common!(Adam::new(0.01));
    common!(AdamW::new(0.01));
    common!(Adamax::new(0.01));
    common!(NAdam::new(0.01));
    common!(RAdam::new(0.01));
    common!(AdaBelief::new(0.01));
    for b in BAD_BETA {
        refused(Adam::new(0.01).betas(b, 0.999), "betas.0", "[0, 1)");
        refused(Adam::new(0.01).betas(0.9, b), "betas.1", "[0, 1)");
        refused(AdamW::new(0.01).betas(b, 0.999), "betas.0", "[0, 1)");
        refused(AdamW::new(0.01).betas(0.9, b), "betas.1", "[0, 1)");
        refused(Adamax::new(0.01).betas(b, 0.999), "betas.0", "[0, 1)");
        refused(Adamax::new(0.01).betas(0.9, b), "betas.1", "[0, 1)");
        refused(NAdam::new(0.01).betas(b, 0.999), "betas.0", "[0, 1)");
        refused(NAdam::new(0.01).betas(0.9, b), "betas.1", "[0, 1)");
        refused(RAdam::new(0.01).betas(b, 0.999), "betas.0", "[0, 1)");
        refused(RAdam::new(0.01).betas(0.9, b), "betas.1", "[0, 1)");
        refused(AdaBelief::new(0.01).betas(b, 0.999), "betas.0", "[0, 1)");
        refused(AdaBelief::new(0.01).betas(0.9, b), "betas.1", "[0, 1)");
    }
    for v in BAD_NONNEG {
        refused(Adam::new(0.01).eps(v), "eps", NONNEG);
        refused(AdamW::new(0.01).eps(v), "eps", NONNEG);
        refused(Adamax::new(0.01).eps(v), "eps", NONNEG);
        refused(NAdam::new(0.01).eps(v), "eps", NONNEG);
        refused(RAdam::new(0.01).eps(v), "eps", NONNEG);
        refused(AdaBelief::new(0.01).eps(v), "eps", NONNEG);
        refused(NAdam::new(0.01).momentum_decay(v), "momentum_decay", NONNEG);
    }
    assert!(Adam::new(0.01).betas(0.0, 0.0).eps(0.0).validate().is_ok());
}

#[test]
fn lion_refusals() {
    common!(Lion::new(1e-4));
    // lion-pytorch asserts 0 ≤ β ≤ 1: both ends are allowed.
    for b in [-0.1, 1.01, f64::NAN] {
        refused(Lion::new(1e-4).betas(b, 0.99), "betas.0", "[0, 1]");
        refused(Lion::new(1e-4).betas(0.9, b), "betas.1", "[0, 1]");
    }
    assert!(Lion::new(1e-4).betas(1.0, 0.0).validate().is_ok());
}

/// Wrong slice lengths and a bad scheduled learning rate, for one optimizer.
fn step_refusals<O: Optimizer>(opt: O) {
    let name = opt.name();
    let mut s = opt.init_state(3).unwrap();
    let mut x = [1.0, 2.0, 3.0];
    let err = opt.step(&mut s, &mut x[..2], &[0.1, 0.2, 0.3]).unwrap_err();
    assert_eq!(
        err,
        Error::DimensionMismatch {
            what: "params",
            expected: 3,
            found: 2
        },
        "{name}"
    );
    let err = opt.step(&mut s, &mut x, &[0.1, 0.2, 0.3, 0.4]).unwrap_err();
    assert_eq!(
        err,
        Error::DimensionMismatch {
            what: "grad",
            expected: 3,
            found: 4
        },
        "{name}"
    );
    for lr in [-1e-3, f64::NAN, f64::INFINITY] {
        match opt.step_with_lr(&mut s, &mut x, &[0.1, 0.2, 0.3], lr) {
            Err(Error::InvalidParameter { name: "lr", .. }) => {}
            other => panic!("{name}: step_with_lr({lr}) gave {other:?}"),
        }
    }
    // Nothing moved while refusing.
    assert_eq!(x, [1.0, 2.0, 3.0], "{name}");
    // A schedule may anneal to 0: accepted, and then nothing moves but the state.
    opt.step_with_lr(&mut s, &mut x, &[0.1, 0.2, 0.3], 0.0)
        .unwrap_or_else(|e| panic!("{name}: lr = 0 refused: {e}"));
    assert_eq!(x, [1.0, 2.0, 3.0], "{name}");
}

#[test]
fn steps_refuse_wrong_lengths_and_bad_learning_rates() {
    step_refusals(Sgd::new(0.1));
    step_refusals(Sgd::new(0.1).momentum(0.9).nesterov(true));
    step_refusals(Sgd::ewa_momentum(0.1, 0.9));
    step_refusals(Sgd::velocity(0.1, 0.9));
    step_refusals(Adagrad::new(0.1));
    step_refusals(Adadelta::new(1.0));
    step_refusals(RmsProp::new(0.01).centered(true).momentum(0.9));
    step_refusals(Adam::new(0.01).amsgrad(true));
    step_refusals(AdamW::new(0.01));
    step_refusals(Adamax::new(0.01));
    step_refusals(NAdam::new(0.01));
    step_refusals(RAdam::new(0.01));
    step_refusals(AdaBelief::new(0.01).amsgrad(true));
    step_refusals(Lion::new(1e-4));
}

#[test]
fn a_state_made_for_another_configuration_is_refused() {
    let mut x = [1.0, 2.0];
    let g = [0.5, -0.5];
    let mut s = Sgd::new(0.1).init_state(2).unwrap();
    assert!(matches!(
        Sgd::new(0.1).momentum(0.9).step(&mut s, &mut x, &g),
        Err(Error::IncompatibleParameters(_))
    ));
    let mut s = Adam::new(0.1).init_state(2).unwrap();
    assert!(matches!(
        Adam::new(0.1).amsgrad(true).step(&mut s, &mut x, &g),
        Err(Error::IncompatibleParameters(_))
    ));
    let mut s = AdaBelief::new(0.1).init_state(2).unwrap();
    assert!(matches!(
        AdaBelief::new(0.1).amsgrad(true).step(&mut s, &mut x, &g),
        Err(Error::IncompatibleParameters(_))
    ));
    for other in [
        RmsProp::new(0.1).centered(true),
        RmsProp::new(0.1).momentum(0.5),
    ] {
        let mut s = RmsProp::new(0.1).init_state(2).unwrap();
        assert!(matches!(
            other.step(&mut s, &mut x, &g),
            Err(Error::IncompatibleParameters(_))
        ));
    }
    assert_eq!(x, [1.0, 2.0]);
}

#[test]
fn messages_name_the_parameter_and_its_range() {
    let e = Adam::new(0.01).betas(1.0, 0.999).validate().unwrap_err();
    assert_eq!(e.to_string(), "invalid betas.0 = 1: must be [0, 1)");
    let e = Sgd::new(-1.0).validate().unwrap_err();
    assert_eq!(e.to_string(), "invalid lr = -1: must be > 0 and finite");
    let e = Sgd::new(0.1).nesterov(true).validate().unwrap_err();
    assert!(e.to_string().contains("nesterov"), "{e}");
}
