//! What the two diagonal approximations share ([`Diagonal`]): Â = diag(|d|) from an
//! estimate d of the Hessian's diagonal, its damped solve and its product.
//!
//! ```text
//! dᵢ ← |dᵢ|                          (Event::HessianModified if some dᵢ < 0)
//! solve:  sᵢ = vᵢ / (dᵢ + λ)          (SingularSystem if some dᵢ + λ is not > 0)
//! apply:  (Âv)ᵢ = dᵢ vᵢ
//! ```
//!
//! **Negative entries.** A negative hᵢᵢ makes diag(d) + λI indefinite for λ < |hᵢᵢ|,
//! and its "Newton step" vᵢ/(hᵢᵢ + λ) then points uphill along eᵢ, towards a saddle
//! or a maximum. The two usual repairs are max(d, 0) and |d|. We take **|d|**: it keeps
//! the magnitude of the curvature, so the step along a negative-curvature coordinate
//! has the length the curvature asks for but goes downhill (the saddle-free Newton
//! rule of Dauphin et al., "Identifying and attacking the saddle point problem in
//! high-dimensional non-convex optimization", NeurIPS 2014, applied to the diagonal;
//! AdaHessian's diagonal is a magnitude too). max(d, 0) would leave a zero entry, and
//! a step vᵢ/λ along it, as long as λ is small: the largest step exactly where the
//! model knows least. At a saddle of f = ½(x₀² − 3x₁²) from (1, 1) with λ = 0, the raw
//! diagonal steps to the saddle (0, 0), max(d, 0) divides by zero, |d| steps to (0, 2),
//! where f has fallen from −1 to −6 (`tests/curvature.rs`).
//!
//! ```
//! use second_order::curvature::diagonal::Diagonal;
//! let mut d = Diagonal::new(2);
//! d.values_mut().copy_from_slice(&[1.0, -3.0]);
//! assert!(d.take_magnitudes()); // a negative entry was flipped
//! let mut s = [0.0; 2];
//! d.solve(1.0, &[2.0, 8.0], &mut s).unwrap();
//! assert_eq!(s, [1.0, 2.0]); // 2/(1 + 1), 8/(3 + 1)
//! ```

use optim_core::{Event, Events};

use super::SingularSystem;

/// Â = diag(d) with d ≥ 0 (see the module documentation).
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone, PartialEq)]
pub struct Diagonal {
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    d: Vec<f64>,
}

impl Diagonal {
    /// n zeros (allocated once).
    pub fn new(n: usize) -> Self {
        Self { d: vec![0.0; n] }
    }

    /// d, the diagonal of Â.
    pub fn values(&self) -> &[f64] {
        &self.d
    }

    /// d, to be written by an estimator before [`Diagonal::take_magnitudes`].
    pub fn values_mut(&mut self) -> &mut [f64] {
        &mut self.d
    }

    /// dᵢ ← |dᵢ|; whether some dᵢ was negative.
    pub fn take_magnitudes(&mut self) -> bool {
        let mut flipped = false;
        for di in &mut self.d {
            if *di < 0.0 {
                *di = -*di;
                flipped = true;
            }
        }
        flipped
    }

    /// [`Diagonal::take_magnitudes`], reported as the event of a refresh.
    pub fn take_magnitudes_event(&mut self) -> Events {
        if self.take_magnitudes() {
            Events::from(Event::HessianModified)
        } else {
            Events::NONE
        }
    }

    /// out = (diag(d) + λI)⁻¹ v; [`SingularSystem`] (out unspecified) if some dᵢ + λ is
    /// not a positive number (λ = 0 on a zero entry, or a NaN).
    pub fn solve(&self, lambda: f64, v: &[f64], out: &mut [f64]) -> Result<(), SingularSystem> {
        for ((o, vi), di) in out.iter_mut().zip(v).zip(&self.d) {
            let denominator = di + lambda;
            if !(denominator > 0.0 && denominator.is_finite()) {
                return Err(SingularSystem);
            }
            *o = vi / denominator;
        }
        Ok(())
    }

    /// out = diag(d) v.
    pub fn apply(&self, v: &[f64], out: &mut [f64]) {
        for ((o, vi), di) in out.iter_mut().zip(v).zip(&self.d) {
            *o = di * vi;
        }
    }
}
