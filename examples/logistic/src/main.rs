//! Fits the logistic regression of the crate's docs three ways and prints each run:
//!
//! ```sh
//! cargo run --release -p logistic-example
//! ```

use first_order::{Adam, Compose, OneCycleLr, ProgressBar};
use logistic_example::Data;
use second_order::prelude::*;

fn main() -> Result<(), Error> {
    let data = Data::generate(7, 2000, 10, 0.5, 1e-3);
    let w0 = vec![0.0; data.d];

    // The objective, as closures over the data: value, gradient, and (for Newton-CG)
    // Hessian-vector products, no d × d Hessian anywhere.
    let f = FnObjective::new(
        data.d,
        |w: &[f64]| data.loss(w),
        |w: &[f64], g: &mut [f64]| data.gradient(w, g),
    )
    .with_hessian_product(|w: &[f64], v: &[f64], hv: &mut [f64]| data.hessian_product(w, v, hv));

    // L-BFGS, stopped as scipy's L-BFGS-B with gtol = 1e-6: on the ∞-norm of ∇f.
    let scipy_like = Stop::after(1000).grad_tol(1e-6).grad_norm(GradNorm::Inf);
    let lbfgs = minimize(&Lbfgs::default(), &f, &w0, &scipy_like)?;
    println!("{lbfgs}\n  accuracy    {:.4}\n", data.accuracy(&lbfgs.x));

    // Newton-CG from the same start: a handful of iterations, each a few H·v products.
    let ncg = minimize(
        &NewtonCg::default(),
        &f,
        &w0,
        &Stop::after(100).grad_tol(1e-10),
    )?;
    println!("{ncg}\n  accuracy    {:.4}\n", data.accuracy(&ncg.x));

    // Adam under a one-cycle schedule (peak rate 0.05 over 3000 steps), with a
    // progress bar on the terminal.
    let adam = Adam::new(0.05).scheduled(OneCycleLr::new(3000));
    let mut bar = ProgressBar::new();
    let run = minimize_with(&adam, &f, &w0, &Stop::exactly(3000), &mut bar)?;
    println!("{run}\n  accuracy    {:.4}", data.accuracy(&run.x));
    let gap = run.value - ncg.value;
    println!("  f − f(Newton-CG) = {gap:.2e}");
    Ok(())
}
