//! Every method against the reference trajectories of torch.optim 2.x (single-tensor
//! path) and adabelief-pytorch 0.2.1 in `shared/reference/first_order_p1.json`: 24
//! configurations, 50 steps each on f(x) = ½(x₁² + 10·x₂²) from (−1, −1), every iterate
//! to 1e-12.
//!
//! Each configuration is read from the case's `param_group` (and, for AdaBelief, whose
//! switches are not in the group, from its `explicit_kwargs`); any key this file does
//! not know fails the test, so a new hyper-parameter cannot be silently ignored.

use first_order::{AdaBelief, Adadelta, Adagrad, Adam, AdamW, Adamax, NAdam, RAdam, RmsProp, Sgd};
use optim_core::{FirstOrder, FnObjective, Record, Stop, minimize};
use serde_json::{Map, Value};

const REFERENCE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../../shared/reference/first_order_p1.json"
);
const TOLERANCE: f64 = 1e-12;

/// Keys of a `param_group` that do not change the arithmetic of the single-tensor path.
const INERT: &[&str] = &["foreach", "differentiable", "fused", "capturable"];

fn load() -> Value {
    let text = std::fs::read_to_string(REFERENCE)
        .unwrap_or_else(|e| panic!("cannot read {REFERENCE}: {e}"));
    serde_json::from_str(&text).expect("reference JSON")
}

/// Reads the hyper-parameters of one case, remembering which keys were used.
struct Group<'a> {
    map: &'a Map<String, Value>,
    used: Vec<&'static str>,
}

impl<'a> Group<'a> {
    fn new(map: &'a Map<String, Value>) -> Self {
        Self {
            map,
            used: INERT.to_vec(),
        }
    }
    fn num(&mut self, key: &'static str) -> f64 {
        self.used.push(key);
        self.map[key]
            .as_f64()
            .unwrap_or_else(|| panic!("{key} is not a number"))
    }
    fn flag(&mut self, key: &'static str) -> bool {
        self.used.push(key);
        self.map[key]
            .as_bool()
            .unwrap_or_else(|| panic!("{key} is not a bool"))
    }
    fn betas(&mut self) -> (f64, f64) {
        self.used.push("betas");
        let b = self.map["betas"].as_array().expect("betas");
        (b[0].as_f64().unwrap(), b[1].as_f64().unwrap())
    }
    /// Panics on any key that was not read.
    fn finish(self, id: &str) {
        for key in self.map.keys() {
            assert!(
                self.used.contains(&key.as_str()),
                "{id}: hyper-parameter {key} is not mapped"
            );
        }
    }
}

/// Optional switch from `explicit_kwargs`, else `default`.
fn kwarg(case: &Value, key: &str, default: bool) -> bool {
    case["explicit_kwargs"]
        .get(key)
        .map_or(default, |v| v.as_bool().expect("bool kwarg"))
}

/// The iterates x[1..=k] of `opt` fed with sign·∇f, ∇f(x) = (x₁, 10·x₂).
fn trajectory<O: FirstOrder>(opt: &O, x0: &[f64], sign: f64, k: usize) -> Vec<Vec<f64>> {
    let mut state = opt.init_state(x0.len()).expect("valid configuration");
    let mut x = x0.to_vec();
    let mut g = vec![0.0; 2];
    let mut xs = Vec::with_capacity(k);
    for _ in 0..k {
        g[0] = sign * x[0];
        g[1] = sign * 10.0 * x[1];
        opt.step(&mut state, &mut x, &g).expect("step");
        xs.push(x.clone());
    }
    xs
}

/// Runs one case with the configuration its JSON describes.
fn run_case(case: &Value, x0: &[f64], k: usize) -> Vec<Vec<f64>> {
    let id = case["id"].as_str().unwrap();
    let sign = case["grad_fed_sign"].as_f64().unwrap();
    let mut p = Group::new(case["param_group"].as_object().unwrap());
    let xs = match case["optimizer"].as_str().unwrap() {
        "SGD" => {
            let opt = Sgd {
                lr: p.num("lr"),
                momentum: p.num("momentum"),
                dampening: p.num("dampening"),
                weight_decay: p.num("weight_decay"),
                nesterov: p.flag("nesterov"),
                maximize: p.flag("maximize"),
                ..Sgd::default()
            };
            trajectory(&opt, x0, sign, k)
        }
        "Adagrad" => {
            let opt = Adagrad {
                lr: p.num("lr"),
                lr_decay: p.num("lr_decay"),
                weight_decay: p.num("weight_decay"),
                initial_accumulator_value: p.num("initial_accumulator_value"),
                eps: p.num("eps"),
                maximize: p.flag("maximize"),
            };
            trajectory(&opt, x0, sign, k)
        }
        "Adadelta" => {
            let opt = Adadelta {
                lr: p.num("lr"),
                rho: p.num("rho"),
                eps: p.num("eps"),
                weight_decay: p.num("weight_decay"),
                maximize: p.flag("maximize"),
            };
            trajectory(&opt, x0, sign, k)
        }
        "RMSprop" => {
            let opt = RmsProp {
                lr: p.num("lr"),
                alpha: p.num("alpha"),
                eps: p.num("eps"),
                weight_decay: p.num("weight_decay"),
                momentum: p.num("momentum"),
                centered: p.flag("centered"),
                maximize: p.flag("maximize"),
            };
            trajectory(&opt, x0, sign, k)
        }
        "Adam" => {
            let opt = Adam {
                lr: p.num("lr"),
                betas: p.betas(),
                eps: p.num("eps"),
                weight_decay: p.num("weight_decay"),
                amsgrad: p.flag("amsgrad"),
                maximize: p.flag("maximize"),
                decoupled_weight_decay: p.flag("decoupled_weight_decay"),
            };
            trajectory(&opt, x0, sign, k)
        }
        "AdamW" => {
            // torch's AdamW group carries decoupled_weight_decay = True; ours is built in.
            assert!(
                p.flag("decoupled_weight_decay"),
                "{id}: AdamW must decouple"
            );
            let opt = AdamW {
                lr: p.num("lr"),
                betas: p.betas(),
                eps: p.num("eps"),
                weight_decay: p.num("weight_decay"),
                amsgrad: p.flag("amsgrad"),
                maximize: p.flag("maximize"),
            };
            trajectory(&opt, x0, sign, k)
        }
        "Adamax" => {
            let opt = Adamax {
                lr: p.num("lr"),
                betas: p.betas(),
                eps: p.num("eps"),
                weight_decay: p.num("weight_decay"),
                maximize: p.flag("maximize"),
            };
            trajectory(&opt, x0, sign, k)
        }
        "NAdam" => {
            let opt = NAdam {
                lr: p.num("lr"),
                betas: p.betas(),
                eps: p.num("eps"),
                weight_decay: p.num("weight_decay"),
                momentum_decay: p.num("momentum_decay"),
                decoupled_weight_decay: p.flag("decoupled_weight_decay"),
                maximize: p.flag("maximize"),
            };
            trajectory(&opt, x0, sign, k)
        }
        "RAdam" => {
            let opt = RAdam {
                lr: p.num("lr"),
                betas: p.betas(),
                eps: p.num("eps"),
                weight_decay: p.num("weight_decay"),
                decoupled_weight_decay: p.flag("decoupled_weight_decay"),
                maximize: p.flag("maximize"),
            };
            trajectory(&opt, x0, sign, k)
        }
        "AdaBelief" => {
            let d = AdaBelief::default();
            let opt = AdaBelief {
                lr: p.num("lr"),
                betas: p.betas(),
                eps: p.num("eps"),
                weight_decay: p.num("weight_decay"),
                amsgrad: p.flag("amsgrad"),
                weight_decouple: kwarg(case, "weight_decouple", d.weight_decouple),
                fixed_decay: kwarg(case, "fixed_decay", d.fixed_decay),
                rectify: kwarg(case, "rectify", d.rectify),
                degenerated_to_sgd: kwarg(case, "degenerated_to_sgd", d.degenerated_to_sgd),
            };
            trajectory(&opt, x0, sign, k)
        }
        other => panic!("{id}: no mapping for optimizer {other}"),
    };
    p.finish(id);
    xs
}

fn iterates(case: &Value) -> Vec<Vec<f64>> {
    case["x"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            row.as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect()
        })
        .collect()
}

fn x0(reference: &Value) -> Vec<f64> {
    reference["problem"]["x0"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect()
}

#[test]
fn every_reference_trajectory_is_reproduced_to_1e_12() {
    let reference = load();
    assert_eq!(reference["problem"]["grad"], "[x1, 10.0*x2]");
    let x0 = x0(&reference);
    let cases = reference["cases"].as_array().unwrap();
    let mut checked = 0;
    let mut failures = Vec::new();
    for case in cases {
        let id = case["id"].as_str().unwrap();
        let expected = iterates(case);
        assert_eq!(expected[0], x0, "{id}: x[0] is x0");
        let k = expected.len() - 1;
        assert_eq!(k, 50, "{id}: 50 steps");
        let got = run_case(case, &x0, k);
        let mut worst = (0.0_f64, 0);
        for (step, (a, b)) in got.iter().zip(&expected[1..]).enumerate() {
            for (p, q) in a.iter().zip(b) {
                let dev = (p - q).abs();
                // NaN must fail, hence the negated comparison.
                if dev.is_nan() || dev > worst.0 {
                    worst = (dev, step + 1);
                }
            }
        }
        println!("{id:45} worst |Δx| = {:.3e} (at k = {})", worst.0, worst.1);
        if worst.0.is_nan() || worst.0 > TOLERANCE {
            failures.push(format!("{id}: {:.3e} at k = {}", worst.0, worst.1));
        }
        checked += 1;
    }
    assert_eq!(checked, 24, "every case of the reference file");
    assert!(failures.is_empty(), "beyond {TOLERANCE:e}: {failures:#?}");
}

#[test]
fn minimize_through_the_method_bridge_gives_the_same_iterates() {
    let reference = load();
    let x0 = x0(&reference);
    let case = reference["cases"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "torch.Adam")
        .expect("the torch.Adam case");
    let expected = iterates(case);
    let lr = case["param_group"]["lr"].as_f64().unwrap();
    let f = FnObjective::new(
        2,
        |x: &[f64]| 0.5 * (x[0] * x[0] + 10.0 * x[1] * x[1]),
        |x: &[f64], g: &mut [f64]| {
            g[0] = x[0];
            g[1] = 10.0 * x[1];
        },
    );
    let run = minimize(
        &Adam::new(lr),
        &f,
        &x0,
        &Stop::exactly(50).record(Record::All),
    )
    .unwrap();
    assert_eq!(run.iterations, 50);
    // One value-and-gradient evaluation per iteration, plus the one at x0.
    assert_eq!(run.evals.gradient, 51);
    assert_eq!(run.trace.len(), 51);
    for (i, (got, want)) in run.trace.xs().zip(&expected).enumerate() {
        for (p, q) in got.iter().zip(want) {
            assert!((p - q).abs() <= TOLERANCE, "row {i}: {got:?} vs {want:?}");
        }
    }
    // The bridge runs the very same arithmetic as the bare step: equal to the bit.
    let bare = trajectory(&Adam::new(lr), &x0, 1.0, 50);
    for (i, x) in bare.iter().enumerate() {
        assert_eq!(run.trace.x(i + 1).unwrap(), &x[..], "row {}", i + 1);
    }
    assert_eq!(run.x, bare[49]);
}
