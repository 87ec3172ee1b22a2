//! Hutchinson's estimate of the Hessian diagonal ([`Hutchinson`]) from Hessian-vector
//! products with random sign vectors: the diagonal preconditioner without a dense
//! Hessian.
//!
//! ```text
//! refresh(x):  d = (1/m) Σₖ zₖ ⊙ H zₖ,  k = 1..m,  H = ∇²f(x)      (m = probes)
//!              zₖ Rademacher: each entry ±1 with probability ½, from Rng::new(seed)
//!              dᵢ ← |dᵢ|
//! solve:       sᵢ = vᵢ / (dᵢ + λ)
//! apply:       (Âv)ᵢ = dᵢ vᵢ
//! ```
//!
//! Entry i of z ⊙ Hz is Σⱼ hᵢⱼ zᵢzⱼ = hᵢᵢ + Σ_{j≠i} hᵢⱼ zᵢzⱼ (zᵢ² = 1): the estimate is
//! unbiased, **exact whatever m where H is diagonal**, and elsewhere off by
//! Σ_{j≠i} hᵢⱼ (1/m)Σₖ zₖᵢzₖⱼ, of standard deviation (Σ_{j≠i} hᵢⱼ²/m)^½ (the zᵢzⱼ are
//! pairwise uncorrelated). A negative estimate is replaced by its magnitude
//! ([`diagonal`](super::diagonal) gives the rule and why), reported as
//! [`Event::HessianModified`](optim_core::Event::HessianModified).
//!
//! Each refresh draws m fresh probes from the state's stream, which starts at
//! `Rng::new(seed)` (NumPy's MT19937), so a run is reproducible and two refreshes see
//! different probes. Entry i of a probe is +1 when bit i mod 32 (0 the least
//! significant) of the probe's draw number ⌊i/32⌋ (0-based) of `Rng::next_u32` is set,
//! −1 otherwise: 32 signs per draw.
//!
//! Cost per refresh: m Hessian-vector products (each counted), no dense Hessian; the
//! state is three vectors of n and the generator, allocated by `init`.
//!
//! References: M. F. Hutchinson, "A stochastic estimator of the trace of the influence
//! matrix for Laplacian smoothing splines", Comm. Statist. Simul. Comput. 18, 1989;
//! C. Bekas, E. Kokiopoulou and Y. Saad, "An estimator for the diagonal of a matrix",
//! Appl. Numer. Math. 57, 2007 (the z ⊙ Hz form); Z. Yao et al., "AdaHessian", AAAI
//! 2021 (one probe per step, the default here).
//!
//! ```
//! use optim_core::{minimize, FnObjective, Stop, StopReason};
//! use second_order::curvature::hutchinson::Hutchinson;
//! use second_order::PreconditionedDescent;
//!
//! // f = Σ aᵢxᵢ²/2 with a = (1, 10, 100): H = diag(a) is diagonal, so one probe gives
//! // the diagonal exactly, and the first step (λ = 0) lands on the minimum 0.
//! let a = [1.0, 10.0, 100.0];
//! let f = FnObjective::new(
//!     3,
//!     move |x: &[f64]| (0..3).map(|i| 0.5 * a[i] * x[i] * x[i]).sum(),
//!     move |x: &[f64], g: &mut [f64]| (0..3).for_each(|i| g[i] = a[i] * x[i]),
//! )
//! .with_hessian_product(move |_: &[f64], v: &[f64], hv: &mut [f64]| (0..3).for_each(|i| hv[i] = a[i] * v[i]));
//! let method = PreconditionedDescent::fixed(Hutchinson::default(), 0.0);
//! let run = minimize(&method, &f, &[1.0, 2.0, 3.0], &Stop::after(10))?;
//! assert_eq!((run.iterations, run.stop), (1, StopReason::GradientTolerance));
//! assert_eq!(run.x, [0.0, 0.0, 0.0]);
//! assert_eq!((run.evals.hessian, run.evals.hessian_vector), (0, 1));
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::error::check_param;
use optim_core::{Error, Events, HessianProduct, Named, Objective, Problem, Rng};

use super::diagonal::Diagonal;
use super::{Curvature, SingularSystem};

/// Â = diag(|(1/m) Σ z ⊙ Hz|) from m Rademacher probes (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hutchinson {
    /// m ≥ 1, the probes (Hessian-vector products) per refresh. Default 1, AdaHessian's
    /// one probe per step; the error of each entry shrinks as 1/√m.
    pub probes: usize,
    /// The seed of the probes' stream (`Rng::new(seed)`). Default 0.
    pub seed: u32,
}

impl Default for Hutchinson {
    /// One probe per refresh (AdaHessian's), seed 0.
    fn default() -> Self {
        Self { probes: 1, seed: 0 }
    }
}

impl Hutchinson {
    /// m probes per refresh, seed 0.
    pub fn new(probes: usize) -> Self {
        Self {
            probes,
            ..Self::default()
        }
    }
}

/// The state of [`Hutchinson`]: the probes' stream, the work vectors and the estimate.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct HutchinsonState {
    rng: Rng,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    z: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    hz: Vec<f64>,
    diagonal: Diagonal,
}

impl HutchinsonState {
    /// d, the estimate at the last refresh (after |·|).
    pub fn diagonal(&self) -> &[f64] {
        self.diagonal.values()
    }
}

/// z ← a Rademacher vector: 32 signs from each 32-bit draw.
fn rademacher(rng: &mut Rng, z: &mut [f64]) {
    for chunk in z.chunks_mut(32) {
        let bits = rng.next_u32();
        for (i, zi) in chunk.iter_mut().enumerate() {
            *zi = if (bits >> i) & 1 == 1 { 1.0 } else { -1.0 };
        }
    }
}

impl Named for Hutchinson {
    fn name(&self) -> &'static str {
        "preconditioned descent (Hutchinson diagonal)"
    }
}

impl<O: HessianProduct + ?Sized> Curvature<O> for Hutchinson {
    type State = HutchinsonState;

    fn init(&self, problem: &Problem<'_, O>, _: &[f64]) -> Result<HutchinsonState, Error> {
        check_param("probes", self.probes as f64, ">= 1", |v| v >= 1.0)?;
        let n = problem.dim();
        Ok(HutchinsonState {
            rng: Rng::new(self.seed),
            z: vec![0.0; n],
            hz: vec![0.0; n],
            diagonal: Diagonal::new(n),
        })
    }

    fn refresh(
        &self,
        problem: &Problem<'_, O>,
        x: &[f64],
        st: &mut HutchinsonState,
    ) -> Result<Events, Error> {
        let d = st.diagonal.values_mut();
        d.fill(0.0);
        for _ in 0..self.probes {
            rademacher(&mut st.rng, &mut st.z);
            problem.hessian_vector_product(x, &st.z, &mut st.hz);
            for ((di, zi), hzi) in d.iter_mut().zip(&st.z).zip(&st.hz) {
                *di += zi * hzi;
            }
        }
        let m = self.probes as f64;
        d.iter_mut().for_each(|di| *di /= m);
        Ok(st.diagonal.take_magnitudes_event())
    }

    fn solve(
        &self,
        _: &Problem<'_, O>,
        _: &[f64],
        st: &mut HutchinsonState,
        lambda: f64,
        v: &[f64],
        out: &mut [f64],
    ) -> Result<Events, SingularSystem> {
        st.diagonal.solve(lambda, v, out).map(|()| Events::NONE)
    }

    fn apply(
        &self,
        _: &Problem<'_, O>,
        _: &[f64],
        st: &mut HutchinsonState,
        v: &[f64],
        out: &mut [f64],
    ) {
        st.diagonal.apply(v, out)
    }
}
