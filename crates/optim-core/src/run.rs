//! The outcome of a run: [`Run`].

use std::fmt;
use std::time::Duration;

use crate::{Evals, StopReason, Trace};

/// The result of [`minimize`](crate::minimize): where it ended, why, and how it got there.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The method's name.
    pub method: &'static str,
    /// The final iterate: the last finite one if the run diverged.
    pub x: Vec<f64>,
    /// f(x).
    pub value: f64,
    /// The stationarity measure at x: ‖∇f(x)‖₂ for unconstrained methods.
    pub grad_norm: f64,
    /// ∇f(x) (scipy's `jac`), when the method keeps it
    /// ([`Method::gradient`](crate::Method::gradient)); every method of the toolkit does.
    pub gradient: Option<Vec<f64>>,
    /// Iterations made (steps that were taken, accepted or not).
    pub iterations: usize,
    /// Evaluations made, including those of the initialisation.
    pub evals: Evals,
    /// Why the run ended.
    pub stop: StopReason,
    /// Wall time of the run.
    pub elapsed: Duration,
    /// The recorded iterates.
    pub trace: Trace,
}

impl Run {
    /// Whether the run ended by meeting a tolerance (gradient, value or step).
    pub fn converged(&self) -> bool {
        self.stop.is_convergence()
    }
}

impl fmt::Display for Run {
    /// A one-screen summary, as scipy's `OptimizeResult` prints:
    ///
    /// ```text
    /// L-BFGS: converged: the gradient norm is within grad_tol
    ///   iterations  32
    ///   evaluations 39 f, 39 ∇f
    ///   f           1.2345678e-14
    ///   ‖∇f‖        4.49e-7
    ///   x           [1.0000000, 1.0000000]    (tiny or huge entries as 2.2737368e-13)
    ///   time        0.21 ms
    /// ```
    ///
    /// Long iterates show their first and last three entries.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}: {}", self.method, self.stop)?;
        writeln!(f, "  iterations  {}", self.iterations)?;
        let e = &self.evals;
        let mut counts = vec![format!("{} f", e.value), format!("{} ∇f", e.gradient)];
        if e.hessian > 0 {
            counts.push(format!("{} ∇²f", e.hessian));
        }
        if e.hessian_vector > 0 {
            counts.push(format!("{} ∇²f·v", e.hessian_vector));
        }
        writeln!(f, "  evaluations {}", counts.join(", "))?;
        writeln!(f, "  f           {:.8e}", self.value)?;
        writeln!(f, "  ‖∇f‖        {:.3e}", self.grad_norm)?;
        let show = |v: &[f64]| v.iter().map(|&x| short(x)).collect::<Vec<_>>();
        let x = if self.x.len() <= 6 {
            show(&self.x).join(", ")
        } else {
            let n = self.x.len();
            format!(
                "{}, … ({n} entries) …, {}",
                show(&self.x[..3]).join(", "),
                show(&self.x[n - 3..]).join(", ")
            )
        };
        writeln!(f, "  x           [{x}]")?;
        write!(f, "  time        {:.3?}", self.elapsed)
    }
}

/// A number in 8 significant digits, fixed-point where that is readable.
fn short(v: f64) -> String {
    if v == 0.0 || (1e-4..1e7).contains(&v.abs()) {
        format!("{v:.7}")
    } else {
        format!("{v:.7e}")
    }
}
