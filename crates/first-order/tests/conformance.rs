//! The options every torch rule shares, checked for every rule by the identities that
//! define them — no reference numbers needed, and each to the bit:
//!
//! - `maximize` on f is minimising −f (torch negates the gradient first);
//! - coupled weight decay λ is minimising f + λ/2·‖x‖², whose gradient is g + λx
//!   (torch's `grad.add(param, alpha=weight_decay)`);
//! - decoupled weight decay, with g = 0, multiplies x by (1 − ηₜλ) at step t whatever
//!   the rule (torch's `param.mul_(1 - lr * weight_decay)`), or by (1 − λ) with
//!   AdaBelief's `fixed_decay`.
//!
//! The problems have n = 2·512 + 37 parameters, so that the blockwise transform of
//! `first_order::regularization` (blocks of 512) meets its block boundaries and a
//! partial last block. Each identity compares a rule whose step applies the option
//! with the same rule without it, fed the transformed problem: a rule that dropped,
//! doubled or mis-signed an option (or mis-indexed its state between blocks) would
//! differ within a step.

use first_order::MomentumForm;
use first_order::prelude::*;
use first_order::regularization::BLOCK;

const N: usize = 2 * BLOCK + 37;
const STEPS: usize = 25;

/// A smooth non-separable-looking test function with gradient components of both
/// signs and varied sizes: f(x) = Σ cᵢ(xᵢ − aᵢ)² + 0.3·sin(3xᵢ).
fn coefficients(i: usize) -> (f64, f64) {
    let c = 0.5 + (i % 7) as f64 * 0.4;
    let a = ((i * 37 % 11) as f64 - 5.0) * 0.2;
    (c, a)
}

fn value(x: &[f64]) -> f64 {
    x.iter()
        .enumerate()
        .map(|(i, xi)| {
            let (c, a) = coefficients(i);
            c * (xi - a) * (xi - a) + 0.3 * (3.0 * xi).sin()
        })
        .sum()
}

fn gradient(x: &[f64], g: &mut [f64]) {
    for (i, (gi, xi)) in g.iter_mut().zip(x).enumerate() {
        let (c, a) = coefficients(i);
        *gi = 2.0 * c * (xi - a) + 0.9 * (3.0 * xi).cos();
    }
}

fn start() -> Vec<f64> {
    (0..N).map(|i| ((i as f64) * 0.61).sin() * 1.5).collect()
}

/// The iterates of `rule` fed `grad(x)` at every step.
fn iterates<R: FirstOrder>(rule: &R, grad: impl Fn(&[f64], &mut [f64])) -> Vec<Vec<f64>> {
    let mut state = rule.init_state(N).expect("valid rule");
    let mut x = start();
    let mut g = vec![0.0; N];
    let mut xs = Vec::with_capacity(STEPS);
    for _ in 0..STEPS {
        grad(&x, &mut g);
        rule.step(&mut state, &mut x, &g).expect("step");
        xs.push(x.clone());
    }
    xs
}

fn assert_bitwise(name: &str, what: &str, a: &[Vec<f64>], b: &[Vec<f64>]) {
    for (k, (xa, xb)) in a.iter().zip(b).enumerate() {
        for (i, (p, q)) in xa.iter().zip(xb).enumerate() {
            assert!(
                p.to_bits() == q.to_bits(),
                "{name}, {what}: step {} component {i}: {p:e} vs {q:e}",
                k + 1
            );
        }
    }
    let moved = a.last().unwrap().iter().zip(start()).any(|(p, q)| *p != q);
    assert!(moved, "{name}, {what}: the rule did not move");
}

/// maximize on f (fed ∇f) against minimising −f (fed −∇f).
fn maximize_is_minimising_minus_f<R: FirstOrder>(maximizing: R, minimizing: R) {
    let name = maximizing.name();
    let a = iterates(&maximizing, gradient);
    let b = iterates(&minimizing, |x, g| {
        gradient(x, g);
        g.iter_mut().for_each(|v| *v = -*v);
    });
    assert_bitwise(name, "maximize", &a, &b);
}

/// Coupled decay λ on f against no decay on f + λ/2‖x‖² (fed g + λx).
fn coupled_decay_is_an_l2_term<R: FirstOrder>(decayed: R, plain: R, lambda: f64) {
    let name = decayed.name();
    let a = iterates(&decayed, gradient);
    let b = iterates(&plain, |x, g| {
        gradient(x, g);
        for (gi, xi) in g.iter_mut().zip(x) {
            *gi += lambda * xi;
        }
    });
    assert_bitwise(name, "coupled weight decay", &a, &b);
}

/// With g = 0, decoupled decay alone: xₜ = xₜ₋₁·(1 − ηₜλ), ηₜ halving every step
/// (the rate comes from `step_with_lr`, as a schedule would give it), or
/// xₜ₋₁·(1 − λ) when `fixed`.
fn decoupled_decay_with_zero_gradient<R: FirstOrder>(rule: R, lambda: f64, fixed: bool) {
    let name = rule.name();
    let mut state = rule.init_state(N).unwrap();
    let mut x = start();
    let mut expected = start();
    let zero = vec![0.0; N];
    let mut lr = rule.lr();
    for t in 1..=STEPS {
        rule.step_with_lr(&mut state, &mut x, &zero, lr).unwrap();
        let factor = if fixed {
            1.0 - lambda
        } else {
            1.0 - lr * lambda
        };
        expected.iter_mut().for_each(|v| *v *= factor);
        for (i, (p, q)) in x.iter().zip(&expected).enumerate() {
            assert!(
                p.to_bits() == q.to_bits(),
                "{name}: step {t} component {i}: {p:e} vs {q:e}"
            );
        }
        lr *= 0.5;
    }
    assert_ne!(x, start(), "{name}: nothing decayed");
}

#[test]
fn maximize_on_f_is_minimising_minus_f_for_every_rule() {
    let sgd = Sgd::new(0.01);
    let forms = [
        sgd,
        Sgd {
            momentum: 0.9,
            dampening: 0.1,
            ..sgd
        },
        Sgd {
            momentum: 0.9,
            nesterov: true,
            ..sgd
        },
        Sgd {
            form: MomentumForm::Ewa,
            ..Sgd::ewa_momentum(0.05, 0.8)
        },
        Sgd::velocity(0.01, 0.9),
    ];
    for rule in forms {
        maximize_is_minimising_minus_f(
            Sgd {
                maximize: true,
                ..rule
            },
            rule,
        );
    }
    let adagrad = Adagrad {
        lr_decay: 0.01,
        ..Adagrad::new(0.1)
    };
    maximize_is_minimising_minus_f(
        Adagrad {
            maximize: true,
            ..adagrad
        },
        adagrad,
    );
    let adadelta = Adadelta::new(1.0);
    maximize_is_minimising_minus_f(
        Adadelta {
            maximize: true,
            ..adadelta
        },
        adadelta,
    );
    for (centered, momentum) in [(false, 0.0), (false, 0.9), (true, 0.0), (true, 0.9)] {
        let rms = RmsProp {
            centered,
            momentum,
            ..RmsProp::new(0.01)
        };
        maximize_is_minimising_minus_f(
            RmsProp {
                maximize: true,
                ..rms
            },
            rms,
        );
    }
    for amsgrad in [false, true] {
        let adam = Adam {
            amsgrad,
            ..Adam::new(0.01)
        };
        maximize_is_minimising_minus_f(
            Adam {
                maximize: true,
                ..adam
            },
            adam,
        );
    }
    let adamw = AdamW::new(0.01);
    maximize_is_minimising_minus_f(
        AdamW {
            maximize: true,
            ..adamw
        },
        adamw,
    );
    let adamax = Adamax::new(0.01);
    maximize_is_minimising_minus_f(
        Adamax {
            maximize: true,
            ..adamax
        },
        adamax,
    );
    let nadam = NAdam::new(0.01);
    maximize_is_minimising_minus_f(
        NAdam {
            maximize: true,
            ..nadam
        },
        nadam,
    );
    let radam = RAdam::new(0.01);
    maximize_is_minimising_minus_f(
        RAdam {
            maximize: true,
            ..radam
        },
        radam,
    );
}

#[test]
fn coupled_weight_decay_is_an_l2_term_for_every_rule() {
    let lambda = 0.3;
    let sgd = Sgd {
        momentum: 0.9,
        ..Sgd::new(0.01)
    };
    coupled_decay_is_an_l2_term(
        Sgd {
            weight_decay: lambda,
            ..sgd
        },
        sgd,
        lambda,
    );
    let velocity = Sgd::velocity(0.01, 0.5);
    coupled_decay_is_an_l2_term(
        Sgd {
            weight_decay: lambda,
            ..velocity
        },
        velocity,
        lambda,
    );
    let adagrad = Adagrad::new(0.1);
    coupled_decay_is_an_l2_term(
        Adagrad {
            weight_decay: lambda,
            ..adagrad
        },
        adagrad,
        lambda,
    );
    let adadelta = Adadelta::new(1.0);
    coupled_decay_is_an_l2_term(
        Adadelta {
            weight_decay: lambda,
            ..adadelta
        },
        adadelta,
        lambda,
    );
    let rms = RmsProp {
        centered: true,
        momentum: 0.5,
        ..RmsProp::new(0.01)
    };
    coupled_decay_is_an_l2_term(
        RmsProp {
            weight_decay: lambda,
            ..rms
        },
        rms,
        lambda,
    );
    let adam = Adam {
        amsgrad: true,
        ..Adam::new(0.01)
    };
    coupled_decay_is_an_l2_term(
        Adam {
            weight_decay: lambda,
            ..adam
        },
        adam,
        lambda,
    );
    let adamax = Adamax::new(0.01);
    coupled_decay_is_an_l2_term(
        Adamax {
            weight_decay: lambda,
            ..adamax
        },
        adamax,
        lambda,
    );
    let nadam = NAdam::new(0.01);
    coupled_decay_is_an_l2_term(
        NAdam {
            weight_decay: lambda,
            ..nadam
        },
        nadam,
        lambda,
    );
    let radam = RAdam::new(0.01);
    coupled_decay_is_an_l2_term(
        RAdam {
            weight_decay: lambda,
            ..radam
        },
        radam,
        lambda,
    );
    let belief = AdaBelief {
        weight_decouple: false,
        ..AdaBelief::new(0.01)
    };
    coupled_decay_is_an_l2_term(
        AdaBelief {
            weight_decay: lambda,
            ..belief
        },
        belief,
        lambda,
    );
    // Both options at once, in torch's order: d = −g + λx.
    let maximizing = Adam {
        maximize: true,
        weight_decay: lambda,
        ..Adam::new(0.01)
    };
    let a = iterates(&maximizing, gradient);
    let b = iterates(&Adam::new(0.01), |x, g| {
        gradient(x, g);
        for (gi, xi) in g.iter_mut().zip(x) {
            *gi = -*gi + lambda * xi;
        }
    });
    assert_bitwise("Adam", "maximize with coupled weight decay", &a, &b);
}

#[test]
fn decoupled_weight_decay_alone_multiplies_by_one_minus_lr_lambda() {
    let lambda = 0.4;
    decoupled_decay_with_zero_gradient(
        Adam {
            weight_decay: lambda,
            decoupled_weight_decay: true,
            ..Adam::new(0.1)
        },
        lambda,
        false,
    );
    decoupled_decay_with_zero_gradient(
        AdamW {
            weight_decay: lambda,
            amsgrad: true,
            ..AdamW::new(0.1)
        },
        lambda,
        false,
    );
    decoupled_decay_with_zero_gradient(
        NAdam {
            weight_decay: lambda,
            decoupled_weight_decay: true,
            ..NAdam::new(0.1)
        },
        lambda,
        false,
    );
    decoupled_decay_with_zero_gradient(
        RAdam {
            weight_decay: lambda,
            decoupled_weight_decay: true,
            ..RAdam::new(0.1)
        },
        lambda,
        false,
    );
    decoupled_decay_with_zero_gradient(
        Lion {
            weight_decay: lambda,
            ..Lion::new(0.1)
        },
        lambda,
        false,
    );
    decoupled_decay_with_zero_gradient(
        AdaBelief {
            weight_decay: lambda,
            ..AdaBelief::new(0.1)
        },
        lambda,
        false,
    );
    decoupled_decay_with_zero_gradient(
        AdaBelief {
            weight_decay: lambda,
            fixed_decay: true,
            ..AdaBelief::new(0.1)
        },
        lambda,
        true,
    );
}

/// The same identities hold through `minimize`, on whole runs: maximising f with Adam
/// retraces minimising −f, value for value.
#[test]
fn maximize_through_minimize_retraces_minus_f() {
    let f = FnObjective::new(N, value, gradient);
    let minus_f = FnObjective::new(
        N,
        |x: &[f64]| -value(x),
        |x: &[f64], g: &mut [f64]| {
            gradient(x, g);
            g.iter_mut().for_each(|v| *v = -*v);
        },
    );
    let stop = Stop::exactly(STEPS);
    let up = minimize(
        &Adam {
            maximize: true,
            ..Adam::new(0.01)
        },
        &f,
        &start(),
        &stop,
    )
    .unwrap();
    let down = minimize(&Adam::new(0.01), &minus_f, &start(), &stop).unwrap();
    assert_eq!(up.x, down.x);
    for (a, b) in up.trace.values().iter().zip(down.trace.values()) {
        assert_eq!(*a, -*b);
    }
    assert!(up.value > f.value(&start()), "maximising raised f");
}
