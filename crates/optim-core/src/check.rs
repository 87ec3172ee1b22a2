//! Finite-difference checks of user derivatives: [`check_gradient`], [`check_hessian`],
//! [`check_hessian_vector_product`].
//!
//! They compare the analytic derivative with `finitediff`'s central differences (step
//! ε^(1/3) ≈ 6.1e-6, truncation error O(h²)) and report the worst absolute and relative
//! error. Central differences only: forward differences are an order less accurate.

use crate::error::{check_finite, check_len};
use crate::{Error, Hessian, HessianProduct, Objective};

/// Components smaller than this fraction of the largest (and of 1) are left out of the
/// relative error: central differences carry an absolute error of about 1e-10 for O(1)
/// functions, which is a large relative error on a component that is itself tiny.
pub const RELATIVE_FLOOR: f64 = 1e-4;

/// The outcome of a derivative check.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DerivativeCheck {
    /// max |analytic − numeric| over all components.
    pub max_abs_error: f64,
    /// max |analytic − numeric| / max(|analytic|, |numeric|) over the components that
    /// are not tiny (see [`RELATIVE_FLOOR`]); 0 when every component is tiny.
    pub max_rel_error: f64,
    /// The index (flattened, column-major for Hessians) of the worst relative error.
    pub worst_index: usize,
    /// How many components entered the relative error.
    pub compared: usize,
}

impl DerivativeCheck {
    /// Whether the relative error is at most `rel_tol`, or the absolute error is at most
    /// `rel_tol` (for derivatives that are zero or tiny everywhere).
    /// A NaN anywhere fails.
    pub fn passes(&self, rel_tol: f64) -> bool {
        !self.max_abs_error.is_nan()
            && !self.max_rel_error.is_nan()
            && (self.max_rel_error <= rel_tol || self.max_abs_error <= rel_tol)
    }

    fn compare(analytic: &[f64], numeric: &[f64]) -> Self {
        let scale = numeric
            .iter()
            .chain(analytic)
            .fold(1.0_f64, |m, v| m.max(v.abs()));
        let floor = RELATIVE_FLOOR * scale;
        let mut out = DerivativeCheck {
            max_abs_error: 0.0,
            max_rel_error: 0.0,
            worst_index: 0,
            compared: 0,
        };
        for (i, (a, n)) in analytic.iter().zip(numeric).enumerate() {
            let abs = (a - n).abs();
            // A NaN must win the maximum, so that the check fails.
            if abs.is_nan() || abs > out.max_abs_error {
                out.max_abs_error = abs;
            }
            let size = a.abs().max(n.abs());
            // `f64::max` drops NaN, so test for it explicitly: a NaN must be compared.
            if size >= floor || a.is_nan() || n.is_nan() {
                out.compared += 1;
                let rel = if abs.is_nan() { f64::NAN } else { abs / size };
                if rel.is_nan() || rel > out.max_rel_error {
                    out.max_rel_error = rel;
                    out.worst_index = i;
                }
            }
        }
        out
    }
}

fn prepare<O: Objective + ?Sized>(obj: &O, x: &[f64]) -> Result<(), Error> {
    check_len("x", x, obj.dim())?;
    check_finite("x", x)
}

/// Compares `obj.gradient` at `x` with central differences of `obj.value`.
///
/// ```
/// use optim_core::{check_gradient, FnObjective};
/// let f = FnObjective::new(2, |x: &[f64]| x[0].sin() * x[1], |x: &[f64], g: &mut [f64]| {
///     g[0] = x[0].cos() * x[1];
///     g[1] = x[0].sin();
/// });
/// let report = check_gradient(&f, &[0.3, 2.0])?;
/// assert!(report.max_rel_error < 1e-8);
/// # Ok::<(), optim_core::Error>(())
/// ```
pub fn check_gradient<O: Objective + ?Sized>(obj: &O, x: &[f64]) -> Result<DerivativeCheck, Error> {
    prepare(obj, x)?;
    let mut analytic = vec![0.0; x.len()];
    obj.gradient(x, &mut analytic);
    let f = |p: &Vec<f64>| -> Result<f64, anyhow::Error> { Ok(obj.value(p)) };
    let numeric = finitediff::vec::central_diff(&f)(&x.to_vec()).expect("closure is infallible");
    Ok(DerivativeCheck::compare(&analytic, &numeric))
}

fn gradient_fn<O: Objective + ?Sized>(
    obj: &O,
) -> impl Fn(&Vec<f64>) -> Result<Vec<f64>, anyhow::Error> + '_ {
    move |p: &Vec<f64>| {
        let mut g = vec![0.0; p.len()];
        obj.gradient(p, &mut g);
        Ok(g)
    }
}

/// Compares `obj.hessian` at `x` with central differences of `obj.gradient`.
pub fn check_hessian<O: Hessian + ?Sized>(obj: &O, x: &[f64]) -> Result<DerivativeCheck, Error> {
    prepare(obj, x)?;
    let n = x.len();
    let mut analytic = vec![0.0; n * n];
    obj.hessian(x, &mut analytic);
    let g = gradient_fn(obj);
    let columns = finitediff::vec::central_hessian(&g)(&x.to_vec()).expect("closure is infallible");
    let numeric: Vec<f64> = columns.into_iter().flatten().collect();
    Ok(DerivativeCheck::compare(&analytic, &numeric))
}

/// Compares `obj.hessian_vector_product(x, v)` with central differences of the
/// gradient along v.
///
/// The difference is taken along v/‖v‖ and rescaled by ‖v‖, because finitediff steps
/// by ε^(1/3)·v: for a tiny v the step would vanish into rounding error.
pub fn check_hessian_vector_product<O: HessianProduct + ?Sized>(
    obj: &O,
    x: &[f64],
    v: &[f64],
) -> Result<DerivativeCheck, Error> {
    prepare(obj, x)?;
    check_len("v", v, x.len())?;
    check_finite("v", v)?;
    let mut analytic = vec![0.0; x.len()];
    obj.hessian_vector_product(x, v, &mut analytic);
    let norm = crate::vector::norm(v);
    if norm == 0.0 {
        return Ok(DerivativeCheck::compare(&analytic, &vec![0.0; x.len()]));
    }
    let unit: Vec<f64> = v.iter().map(|vi| vi / norm).collect();
    let g = gradient_fn(obj);
    let numeric: Vec<f64> = finitediff::vec::central_hessian_vec_prod(&g)(&x.to_vec(), &unit)
        .expect("closure is infallible")
        .into_iter()
        .map(|hv| hv * norm)
        .collect();
    Ok(DerivativeCheck::compare(&analytic, &numeric))
}
