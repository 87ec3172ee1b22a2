//! The outcome of a run: [`Run`].

use std::fmt;
use std::time::Duration;

use crate::{Evals, StopReason, Trace};

/// The result of [`minimize`](crate::minimize): where it ended, why, and how it got there.
///
/// With the `serde` feature a run is `Serialize + Deserialize`, and `Run::to_json` /
/// `Run::from_json` save it and read it back (format `RUN_FORMAT`), for instance to
/// plot it later with the `report` crate.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// The method's name.
    #[cfg_attr(feature = "serde", serde(with = "method_name"))]
    pub method: &'static str,
    /// The final iterate: the last finite one if the run diverged.
    pub x: Vec<f64>,
    /// f(x).
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::scalar"))]
    pub value: f64,
    /// The stationarity measure at x: ‖∇f(x)‖₂ for unconstrained methods.
    #[cfg_attr(feature = "serde", serde(with = "crate::serde_float::scalar"))]
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

/// The version of the JSON form of a saved [`Run`] ([`Run::to_json`]): `{"format": 1,
/// "run": {…}}`, the run's fields by name, floats as numbers or, when not finite, as
/// `"NaN"`, `"Infinity"`, `"-Infinity"` ([`serde_float`](crate::serde_float)), the wall
/// time as `{"secs", "nanos"}`. A change that an older reader would misread gets a new
/// number; [`Run::from_json`] refuses any other.
#[cfg(feature = "serde")]
pub const RUN_FORMAT: u32 = 1;

#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
struct SavedRun<R> {
    format: u32,
    run: R,
}

#[cfg(feature = "serde")]
impl Run {
    /// The run as JSON, in format [`RUN_FORMAT`]; every f64 reads back to the same bits.
    ///
    /// ```
    /// use optim_core::{minimize, FnObjective, Run, Stop};
    /// # use optim_core::{Error, FirstOrder, Named};
    /// # struct Gd; impl Named for Gd { fn name(&self) -> &'static str { "GD" } }
    /// # impl FirstOrder for Gd { type State = (); fn lr(&self) -> f64 { 0.25 }
    /// #   fn validate(&self) -> Result<(), Error> { Ok(()) }
    /// #   fn init_state(&self, _: usize) -> Result<(), Error> { Ok(()) }
    /// #   fn step_with_lr(&self, _: &mut (), x: &mut [f64], g: &[f64], lr: f64) -> Result<(), Error> {
    /// #       x.iter_mut().zip(g).for_each(|(x, g)| *x -= lr * g); Ok(()) } }
    /// let f = FnObjective::new(1, |x: &[f64]| x[0] * x[0], |x: &[f64], g: &mut [f64]| g[0] = 2.0 * x[0]);
    /// let run = minimize(&Gd, &f, &[0.3], &Stop::exactly(5))?;
    /// let back = Run::from_json(&run.to_json())?;
    /// assert_eq!(back, run);
    /// # Ok::<(), Error>(())
    /// ```
    pub fn to_json(&self) -> String {
        let saved = SavedRun {
            format: RUN_FORMAT,
            run: self,
        };
        // Writing to a String cannot fail, and every float is representable.
        serde_json::to_string(&saved).unwrap_or_default()
    }

    /// Reads a run written by [`Run::to_json`]; [`Error::InvalidCheckpoint`](crate::Error::InvalidCheckpoint)
    /// when the text is not such a run or has another format version.
    pub fn from_json(json: &str) -> Result<Run, crate::Error> {
        let format = crate::checkpoint::format_of(json)?;
        if format != RUN_FORMAT {
            return Err(crate::Error::InvalidCheckpoint(format!(
                "a saved run in format {format}; this version reads format {RUN_FORMAT}"
            )));
        }
        let invalid =
            |e: serde_json::Error| crate::Error::InvalidCheckpoint(format!("not a saved run: {e}"));
        // Through a `Value`, which lends for `'static`: a run's `&'static str` name makes
        // its `Deserialize` need that (the name itself is interned, not borrowed).
        let value: serde_json::Value = serde_json::from_str(json).map_err(invalid)?;
        use serde::Deserialize;
        let saved = SavedRun::<Run>::deserialize(value).map_err(invalid)?;
        Ok(saved.run)
    }
}

/// A method's name read back from a saved run: a `&'static str` like every name the
/// methods give. Each distinct name is leaked once and shared after, so reading many
/// runs does not grow memory.
#[cfg(feature = "serde")]
mod method_name {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};

    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(name: &&'static str, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(name)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<&'static str, D::Error> {
        static NAMES: OnceLock<Mutex<HashSet<&'static str>>> = OnceLock::new();
        let name = String::deserialize(d)?;
        let mut names = NAMES
            .get_or_init(Default::default)
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(&known) = names.get(name.as_str()) {
            return Ok(known);
        }
        let leaked: &'static str = Box::leak(name.into_boxed_str());
        names.insert(leaked);
        Ok(leaked)
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
