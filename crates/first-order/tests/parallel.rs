//! A step on a long parameter vector is split between rayon's threads
//! (`Regularization::apply_split`); every element gets the same arithmetic whatever
//! piece it falls in, so one thread and two give the same bits, for every rule and
//! every option that changes its loop.

use first_order::{
    AdaBelief, Adadelta, Adagrad, Adam, Adamax, FirstOrder, Lion, NAdam, RAdam, RmsProp, Sgd,
};

/// The parameters' length.
const N: usize = 350_003;

/// x after three steps from fixed x₀ and g (g changing between steps), on `threads`.
fn three_steps<R: FirstOrder + Sync>(rule: &R, threads: usize) -> Vec<u64> {
    // Above the threshold of the lightest rule (SGD, three f64 per element), and not a
    // multiple of any piece size.
    let n = N;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .unwrap();
    pool.install(|| {
        let mut state = rule.init_state(n).unwrap();
        let mut x: Vec<f64> = (0..n).map(|i| (i as f64 * 1e-3).sin()).collect();
        for k in 0..3 {
            let g: Vec<f64> = (0..n).map(|i| ((i + 7 * k) as f64 * 7e-4).cos()).collect();
            rule.step(&mut state, &mut x, &g).unwrap();
        }
        x.iter().map(|v| v.to_bits()).collect()
    })
}

fn same_on_one_and_two<R: FirstOrder + Sync>(label: &str, rule: R) {
    let (one, two) = (three_steps(&rule, 1), three_steps(&rule, 2));
    assert!(one == two, "{label}: one and two threads differ");
}

#[test]
fn every_rule_steps_to_the_same_bits_on_one_thread_and_two() {
    const { assert!(N > optim_core::vector::PARALLEL_MIN && 3 * N >= optim_core::vector::PARALLEL_WORK) };
    same_on_one_and_two("SGD", Sgd::new(0.1));
    same_on_one_and_two(
        "SGD momentum, Nesterov, L2",
        Sgd {
            momentum: 0.9,
            nesterov: true,
            weight_decay: 1e-2,
            ..Sgd::new(0.1)
        },
    );
    same_on_one_and_two("Adam", Adam::new(1e-3));
    same_on_one_and_two(
        "Adam amsgrad, maximize",
        Adam {
            amsgrad: true,
            maximize: true,
            ..Adam::new(1e-3)
        },
    );
    same_on_one_and_two(
        "AdamW",
        Adam {
            weight_decay: 1e-2,
            decoupled_weight_decay: true,
            ..Adam::new(1e-3)
        },
    );
    same_on_one_and_two("RMSprop", RmsProp::new(1e-2));
    same_on_one_and_two(
        "RMSprop centred, momentum",
        RmsProp {
            centered: true,
            momentum: 0.9,
            ..RmsProp::new(1e-2)
        },
    );
    same_on_one_and_two(
        "Adagrad, L2",
        Adagrad {
            weight_decay: 1e-2,
            ..Adagrad::new(1e-2)
        },
    );
    same_on_one_and_two("Adadelta", Adadelta::new(1.0));
    same_on_one_and_two("Adamax", Adamax::new(2e-3));
    same_on_one_and_two("NAdam", NAdam::new(2e-3));
    same_on_one_and_two("RAdam", RAdam::new(1e-3));
    same_on_one_and_two("Lion", Lion::new(1e-4));
    same_on_one_and_two("AdaBelief", AdaBelief::new(1e-3));
    same_on_one_and_two(
        "AdaBelief amsgrad",
        AdaBelief {
            amsgrad: true,
            ..AdaBelief::new(1e-3)
        },
    );
}
