//! Every refusal of the torch.optim methods: invalid hyper-parameters name themselves
//! and their range, incompatible switches say why, wrong lengths say which slice, and a
//! state made for another configuration is refused rather than indexed out of bounds.

use first_order::MomentumForm;
use first_order::prelude::*;

/// `opt` is refused by `validate`, `init_state` and `minimize`, naming `name` with the
/// range `allowed`.
fn refused<O: FirstOrder>(opt: O, name: &str, allowed: &str) {
    let method = opt.name();
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
    check(minimize(&opt, &f, &[1.0, 1.0], &Stop::exactly(3)).unwrap_err());
}

/// `opt` is refused as a whole: two valid settings that do not go together.
fn incompatible<O: FirstOrder>(opt: O) {
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
    ($ty:ident, $make:expr) => {{
        for lr in BAD_LR {
            refused($ty { lr, ..$make }, "lr", POSITIVE);
        }
        for weight_decay in BAD_NONNEG {
            refused(
                $ty {
                    weight_decay,
                    ..$make
                },
                "weight_decay",
                NONNEG,
            );
        }
    }};
}

#[test]
fn sgd_refusals() {
    common!(Sgd, Sgd::new(0.1));
    for v in [-0.5, f64::NAN, f64::INFINITY] {
        refused(
            Sgd {
                momentum: v,
                ..Sgd::new(0.1)
            },
            "momentum",
            NONNEG,
        );
    }
    for v in [-0.1, 1.5, f64::NAN] {
        refused(
            Sgd {
                momentum: 0.9,
                dampening: v,
                ..Sgd::new(0.1)
            },
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
    incompatible(Sgd {
        nesterov: true,
        ..Sgd::new(0.1)
    });
    incompatible(Sgd {
        momentum: 0.9,
        dampening: 0.1,
        nesterov: true,
        ..Sgd::new(0.1)
    });
    incompatible(Sgd {
        dampening: 0.5,
        ..Sgd::ewa_momentum(0.1, 0.9)
    });
    incompatible(Sgd {
        dampening: 0.5,
        ..Sgd::velocity(0.1, 0.9)
    });
    // The edges that torch accepts are accepted.
    assert!(
        Sgd {
            momentum: 0.9,
            dampening: 1.0,
            ..Sgd::new(0.1)
        }
        .validate()
        .is_ok()
    );
    assert!(
        Sgd {
            momentum: 0.9,
            nesterov: true,
            ..Sgd::new(0.1)
        }
        .validate()
        .is_ok()
    );
    assert!(
        Sgd {
            form: MomentumForm::Velocity,
            momentum: 0.0,
            ..Sgd::default()
        }
        .validate()
        .is_ok()
    );
}

#[test]
fn adagrad_refusals() {
    common!(Adagrad, Adagrad::new(0.1));
    for v in BAD_NONNEG {
        refused(
            Adagrad {
                lr_decay: v,
                ..Adagrad::new(0.1)
            },
            "lr_decay",
            NONNEG,
        );
        refused(
            Adagrad {
                initial_accumulator_value: v,
                ..Adagrad::new(0.1)
            },
            "initial_accumulator_value",
            NONNEG,
        );
        refused(
            Adagrad {
                eps: v,
                ..Adagrad::new(0.1)
            },
            "eps",
            NONNEG,
        );
    }
}

#[test]
fn adadelta_refusals() {
    common!(Adadelta, Adadelta::new(1.0));
    for v in [-0.1, 1.1, f64::NAN] {
        refused(
            Adadelta {
                rho: v,
                ..Adadelta::new(1.0)
            },
            "rho",
            "[0, 1]",
        );
    }
    for v in BAD_NONNEG {
        refused(
            Adadelta {
                eps: v,
                ..Adadelta::new(1.0)
            },
            "eps",
            NONNEG,
        );
    }
    assert!(
        Adadelta {
            rho: 1.0,
            ..Adadelta::new(1.0)
        }
        .validate()
        .is_ok()
    );
}

#[test]
fn rmsprop_refusals() {
    common!(RmsProp, RmsProp::new(0.01));
    for v in [-0.1, 1.1, f64::NAN] {
        refused(
            RmsProp {
                alpha: v,
                ..RmsProp::new(0.01)
            },
            "alpha",
            "[0, 1]",
        );
    }
    for v in BAD_NONNEG {
        refused(
            RmsProp {
                eps: v,
                ..RmsProp::new(0.01)
            },
            "eps",
            NONNEG,
        );
        refused(
            RmsProp {
                momentum: v,
                ..RmsProp::new(0.01)
            },
            "momentum",
            NONNEG,
        );
    }
}

#[test]
fn adam_family_refusals() {
    common!(Adam, Adam::new(0.01));
    common!(AdamW, AdamW::new(0.01));
    common!(Adamax, Adamax::new(0.01));
    common!(NAdam, NAdam::new(0.01));
    common!(RAdam, RAdam::new(0.01));
    common!(AdaBelief, AdaBelief::new(0.01));
    for b in BAD_BETA {
        refused(
            Adam {
                betas: (b, 0.999),
                ..Adam::new(0.01)
            },
            "betas.0",
            "[0, 1)",
        );
        refused(
            Adam {
                betas: (0.9, b),
                ..Adam::new(0.01)
            },
            "betas.1",
            "[0, 1)",
        );
        refused(
            AdamW {
                betas: (b, 0.999),
                ..AdamW::new(0.01)
            },
            "betas.0",
            "[0, 1)",
        );
        refused(
            AdamW {
                betas: (0.9, b),
                ..AdamW::new(0.01)
            },
            "betas.1",
            "[0, 1)",
        );
        refused(
            Adamax {
                betas: (b, 0.999),
                ..Adamax::new(0.01)
            },
            "betas.0",
            "[0, 1)",
        );
        refused(
            Adamax {
                betas: (0.9, b),
                ..Adamax::new(0.01)
            },
            "betas.1",
            "[0, 1)",
        );
        refused(
            NAdam {
                betas: (b, 0.999),
                ..NAdam::new(0.01)
            },
            "betas.0",
            "[0, 1)",
        );
        refused(
            NAdam {
                betas: (0.9, b),
                ..NAdam::new(0.01)
            },
            "betas.1",
            "[0, 1)",
        );
        refused(
            RAdam {
                betas: (b, 0.999),
                ..RAdam::new(0.01)
            },
            "betas.0",
            "[0, 1)",
        );
        refused(
            RAdam {
                betas: (0.9, b),
                ..RAdam::new(0.01)
            },
            "betas.1",
            "[0, 1)",
        );
        refused(
            AdaBelief {
                betas: (b, 0.999),
                ..AdaBelief::new(0.01)
            },
            "betas.0",
            "[0, 1)",
        );
        refused(
            AdaBelief {
                betas: (0.9, b),
                ..AdaBelief::new(0.01)
            },
            "betas.1",
            "[0, 1)",
        );
    }
    for v in BAD_NONNEG {
        refused(
            Adam {
                eps: v,
                ..Adam::new(0.01)
            },
            "eps",
            NONNEG,
        );
        refused(
            AdamW {
                eps: v,
                ..AdamW::new(0.01)
            },
            "eps",
            NONNEG,
        );
        refused(
            Adamax {
                eps: v,
                ..Adamax::new(0.01)
            },
            "eps",
            NONNEG,
        );
        refused(
            NAdam {
                eps: v,
                ..NAdam::new(0.01)
            },
            "eps",
            NONNEG,
        );
        refused(
            RAdam {
                eps: v,
                ..RAdam::new(0.01)
            },
            "eps",
            NONNEG,
        );
        refused(
            AdaBelief {
                eps: v,
                ..AdaBelief::new(0.01)
            },
            "eps",
            NONNEG,
        );
        refused(
            NAdam {
                momentum_decay: v,
                ..NAdam::new(0.01)
            },
            "momentum_decay",
            NONNEG,
        );
    }
    assert!(
        Adam {
            betas: (0.0, 0.0),
            eps: 0.0,
            ..Adam::new(0.01)
        }
        .validate()
        .is_ok()
    );
}

#[test]
fn lion_refusals() {
    common!(Lion, Lion::new(1e-4));
    // lion-pytorch asserts 0 ≤ β ≤ 1: both ends are allowed.
    for b in [-0.1, 1.01, f64::NAN] {
        refused(
            Lion {
                betas: (b, 0.99),
                ..Lion::new(1e-4)
            },
            "betas.0",
            "[0, 1]",
        );
        refused(
            Lion {
                betas: (0.9, b),
                ..Lion::new(1e-4)
            },
            "betas.1",
            "[0, 1]",
        );
    }
    assert!(
        Lion {
            betas: (1.0, 0.0),
            ..Lion::new(1e-4)
        }
        .validate()
        .is_ok()
    );
}

/// Wrong slice lengths and a bad scheduled learning rate, for one optimizer.
fn step_refusals<O: FirstOrder>(opt: O) {
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
    step_refusals(Sgd {
        momentum: 0.9,
        nesterov: true,
        ..Sgd::new(0.1)
    });
    step_refusals(Sgd::ewa_momentum(0.1, 0.9));
    step_refusals(Sgd::velocity(0.1, 0.9));
    step_refusals(Adagrad::new(0.1));
    step_refusals(Adadelta::new(1.0));
    step_refusals(RmsProp {
        centered: true,
        momentum: 0.9,
        ..RmsProp::new(0.01)
    });
    step_refusals(Adam {
        amsgrad: true,
        ..Adam::new(0.01)
    });
    step_refusals(AdamW::new(0.01));
    step_refusals(Adamax::new(0.01));
    step_refusals(NAdam::new(0.01));
    step_refusals(RAdam::new(0.01));
    step_refusals(AdaBelief {
        amsgrad: true,
        ..AdaBelief::new(0.01)
    });
    step_refusals(Lion::new(1e-4));
}

#[test]
fn a_state_made_for_another_configuration_is_refused() {
    let mut x = [1.0, 2.0];
    let g = [0.5, -0.5];
    let mut s = Sgd::new(0.1).init_state(2).unwrap();
    assert!(matches!(
        Sgd {
            momentum: 0.9,
            ..Sgd::new(0.1)
        }
        .step(&mut s, &mut x, &g),
        Err(Error::IncompatibleParameters(_))
    ));
    let mut s = Adam::new(0.1).init_state(2).unwrap();
    assert!(matches!(
        Adam {
            amsgrad: true,
            ..Adam::new(0.1)
        }
        .step(&mut s, &mut x, &g),
        Err(Error::IncompatibleParameters(_))
    ));
    let mut s = AdaBelief::new(0.1).init_state(2).unwrap();
    assert!(matches!(
        AdaBelief {
            amsgrad: true,
            ..AdaBelief::new(0.1)
        }
        .step(&mut s, &mut x, &g),
        Err(Error::IncompatibleParameters(_))
    ));
    for other in [
        RmsProp {
            centered: true,
            ..RmsProp::new(0.1)
        },
        RmsProp {
            momentum: 0.5,
            ..RmsProp::new(0.1)
        },
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
    let e = Adam {
        betas: (1.0, 0.999),
        ..Adam::new(0.01)
    }
    .validate()
    .unwrap_err();
    assert_eq!(e.to_string(), "invalid betas.0 = 1: must be [0, 1)");
    let e = Sgd::new(-1.0).validate().unwrap_err();
    assert_eq!(e.to_string(), "invalid lr = -1: must be > 0 and finite");
    let e = Sgd {
        nesterov: true,
        ..Sgd::new(0.1)
    }
    .validate()
    .unwrap_err();
    assert!(e.to_string().contains("nesterov"), "{e}");
}
