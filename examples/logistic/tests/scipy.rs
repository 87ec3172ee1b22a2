//! The example's L-BFGS run against scipy 1.17's L-BFGS-B on the same data, start and
//! stopping test (`scipy_reference.py` wrote `tests/scipy_lbfgs.json`): the same number
//! of iterations, the same minimiser to 1e-8, and a gradient that meets scipy's test.

use logistic_example::Data;
use second_order::prelude::*;
use serde_json::Value;

fn reference() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/scipy_lbfgs.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn lbfgs_reproduces_scipys_lbfgsb() {
    let r = reference();
    let p = &r["problem"];
    let data = Data::generate(
        p["seed"].as_u64().unwrap() as u32,
        p["n"].as_u64().unwrap() as usize,
        p["d"].as_u64().unwrap() as usize,
        p["noise"].as_f64().unwrap(),
        p["lambda"].as_f64().unwrap(),
    );
    // The same data as NumPy's: the count of positive labels is scipy's.
    let positive = data.y.iter().filter(|&&v| v > 0.0).count();
    assert_eq!(positive as u64, r["labels_positive"].as_u64().unwrap());

    let f = FnObjective::new(
        data.d,
        |w: &[f64]| data.loss(w),
        |w: &[f64], g: &mut [f64]| data.gradient(w, g),
    );
    let stop = Stop::after(1000).grad_tol(1e-6).grad_norm(GradNorm::Inf);
    let run = minimize(&Lbfgs::default(), &f, &vec![0.0; data.d], &stop).unwrap();
    assert_eq!(run.stop, StopReason::GradientTolerance);
    assert_eq!(run.iterations as u64, r["nit"].as_u64().unwrap(), "{run}");
    let x: Vec<f64> = r["x"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_f64().unwrap())
        .collect();
    for (ours, scipy) in run.x.iter().zip(&x) {
        assert!((ours - scipy).abs() < 1e-8, "{:?} vs {x:?}", run.x);
    }
    assert!((run.value - r["fun"].as_f64().unwrap()).abs() < 1e-14);
    let g = run.gradient.as_ref().unwrap();
    let inf = g.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    assert!(inf <= 1e-6);
    // Not only below the tolerance: near scipy's own final gradient.
    let scipy_inf = r["jac_inf_norm"].as_f64().unwrap();
    assert!(
        (inf / scipy_inf).ln().abs() < 2.0f64.ln(),
        "{inf:e} vs scipy {scipy_inf:e}"
    );
}

/// The three closures agree with central differences of each other.
#[test]
fn the_closures_are_derivatives_of_each_other() {
    let data = Data::generate(3, 100, 4, 0.5, 1e-2);
    let f = FnObjective::new(
        data.d,
        |w: &[f64]| data.loss(w),
        |w: &[f64], g: &mut [f64]| data.gradient(w, g),
    )
    .with_hessian_product(|w: &[f64], v: &[f64], hv: &mut [f64]| data.hessian_product(w, v, hv));
    let w = [0.3, -0.7, 1.1, 0.2];
    assert!(check_gradient(&f, &w).unwrap().max_rel_error < 1e-6);
    assert!(
        check_hessian_vector_product(&f, &w, &[1.0, 0.5, -0.25, 2.0])
            .unwrap()
            .max_rel_error
            < 1e-6
    );
}
