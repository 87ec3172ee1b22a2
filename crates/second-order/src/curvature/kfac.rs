//! K-FAC, Kronecker-factored approximate curvature ([`Kfac`], Martens & Grosse 2015):
//! per layer, the Fisher block approximated by Ā ⊗ Γ, inverted by two small Cholesky
//! solves, never forming the Kronecker product.
//!
//! For a layer s = W a + b with W̄ = [W | b] (`outputs × (inputs + 1)`, column-major in
//! x, see [`Layer`]), ā = (a, 1) and g = ∂ℓ/∂s per sample, the
//! layer's Fisher block E[(ā āᵀ) ⊗ (g gᵀ)] is approximated by the Kronecker product
//! of the expectations (M&G §3, the block-diagonal F̆ of §4.2), with the variable names
//! of the code:
//!
//! ```text
//! refresh(x), the k-th:
//!     a batch of B samples, their ā and g      (Layered::layer_statistics, see sampling)
//!     ε = min(1 − 1/k, decay)                    (M&G §5: a plain mean until k = 1/(1 − decay))
//!     Ā ← ε Ā + (1 − ε)(1/B) Σᵢ āᵢ āᵢᵀ           ((inputs+1)²)
//!     Γ ← ε Γ + (1 − ε)(1/B) Σᵢ gᵢ gᵢᵀ           (outputs²)
//! solve(λ, v), per layer with V = v's block as an outputs × (inputs+1) matrix:
//!     π = √( (tr Ā / dim Ā) / (tr Γ / dim Γ) )   (M&G §6.3, factored Tikhonov damping)
//!     S = (Γ + (√λ/π) I)⁻¹ V (Ā + π√λ I)⁻¹       two Cholesky solves (M&G §4.2)
//!       i.e. vec(S) = ((Ā + π√λ I) ⊗ (Γ + (√λ/π) I))⁻¹ vec(V)
//! apply(v), per layer:  Âv = vec(Γ V Ā) = (Ā ⊗ Γ) vec(V)
//! ```
//!
//! The identity behind both lines, for the column-major vec of an outputs × (inputs+1)
//! matrix X and symmetric Ā, Γ, is vec(Γ X Ā) = (Ā ⊗ Γ) vec(X): the Kronecker product
//! (n_l² numbers for a layer of n_l parameters) is never formed, only the factors
//! ((inputs + 1)² + outputs² numbers). The damping λ is split between the factors so
//! that both get the same share relative to their scale (π); the product
//! (Ā + π√λ I) ⊗ (Γ + (√λ/π) I) = Ā ⊗ Γ + λI + √λ(πI ⊗ Γ + Ā ⊗ I/π) is λI plus a
//! positive semi-definite extra, and Martens & Grosse's π minimises the bound
//! π‖I ⊗ Γ‖ + ‖Ā ⊗ I‖/π on its trace norm: π² = (tr Ā · dim Γ)/(dim Ā · tr Γ). Where a
//! trace is 0 (a dead layer, every gᵢ = 0), π = 1.
//!
//! **Refreshes and factors.** The factors' Cholesky factorisations are computed by the
//! first solve after a refresh and again whenever λ changes (the Levenberg–Marquardt
//! λ of [`PreconditionedDescent`](crate::PreconditionedDescent) changes at most steps;
//! each refactorisation costs Σ_l ((inputs_l+1)³ + outputs_l³)/3). With
//! `refresh_every` = k the statistics are gathered, and the factors recomputed, every
//! k accepted steps: Martens & Grosse update the statistics at every step and
//! recompute the inverses every T₃ = 20 steps; here both happen at a refresh.
//!
//! **Damping adaptation** (M&G §6.5) is the method's Levenberg–Marquardt rule on the
//! undamped quadratic model m(p) = gᵀp + ½pᵀÂp with the **K-FAC matrix itself** as Â
//! (`apply` above): it needs no Gauss–Newton products from the objective. Martens &
//! Grosse use the exact Fisher in the model (a product per step) and also rescale the
//! step and add momentum by minimising that exact model over two directions (§6.4, §7);
//! neither is done here: the step is η times the damped K-FAC step.
//!
//! Defaults: `decay` 0.95 (M&G §5), all samples per refresh, sampled targets (the true
//! Fisher, [`Fisher::True`]; M&G §5), seed 0. The state (Ā, Γ, their factors and a work
//! matrix per layer) is allocated by `init`; the statistics' buffers by the objective
//! at the first refresh, reused after.
//!
//! ```
//! use optim_core::{minimize, Layer, LayerStatistics, Layered, Objective, Rng, Stop, StopReason, Targets};
//! use second_order::curvature::kfac::Kfac;
//! use second_order::PreconditionedDescent;
//!
//! /// One linear neuron z = w·a + b, squared error ½(z − y)² averaged over 4 samples;
//! /// its predictive distribution is N(z, 1).
//! struct Line;
//! const A: [f64; 4] = [-1.0, 0.0, 1.0, 2.0];
//! const Y: [f64; 4] = [1.0, 3.0, 5.0, 7.0]; // y = 2a + 3
//! impl Objective for Line {
//!     fn dim(&self) -> usize { 2 } // x = (w, b): W̄ = [w | b], 1 × 2
//!     fn value(&self, x: &[f64]) -> f64 {
//!         (0..4).map(|i| 0.5 * (x[0] * A[i] + x[1] - Y[i]).powi(2)).sum::<f64>() / 4.0
//!     }
//!     fn gradient(&self, x: &[f64], g: &mut [f64]) {
//!         g.fill(0.0);
//!         for i in 0..4 {
//!             let r = x[0] * A[i] + x[1] - Y[i];
//!             (g[0], g[1]) = (g[0] + r * A[i] / 4.0, g[1] + r / 4.0);
//!         }
//!     }
//! }
//! impl Layered for Line {
//!     fn layers(&self) -> &[Layer] { &[Layer { inputs: 1, outputs: 1, offset: 0 }] }
//!     fn samples(&self) -> usize { 4 }
//!     fn layer_statistics(&self, x: &[f64], batch: &[usize], targets: Targets, out: &mut Vec<LayerStatistics>) {
//!         out.resize(1, LayerStatistics::default());
//!         let s = &mut out[0];
//!         (s.inputs, s.outputs, s.samples) = (1, 1, batch.len());
//!         s.a.clear();
//!         s.g.clear();
//!         let mut rng = match targets { Targets::Sampled { seed } => Some(Rng::new(seed)), _ => None };
//!         for &i in batch {
//!             s.a.extend([A[i], 1.0]);
//!             let z = x[0] * A[i] + x[1];
//!             let y = rng.as_mut().map_or(Y[i], |r| z + r.normal()); // ỹ ~ N(z, 1)
//!             s.g.push(z - y);
//!         }
//!     }
//! }
//! let run = minimize(&PreconditionedDescent::new(Kfac::default()), &Line, &[0.0, 0.0],
//!                    &Stop::after(100).grad_tol(1e-10))?;
//! assert_eq!((run.method, run.stop), ("K-FAC", StopReason::GradientTolerance));
//! assert!((run.x[0] - 2.0).abs() < 1e-9 && (run.x[1] - 3.0).abs() < 1e-9);
//! # Ok::<(), optim_core::Error>(())
//! ```
//!
//! Reference: J. Martens and R. Grosse, "Optimizing neural networks with
//! Kronecker-factored approximate curvature", ICML 2015 (arXiv:1503.05671): §3 (the
//! Kronecker factorisation of the Fisher blocks), §4.2 (the block-diagonal inverse
//! vec(G⁻¹VĀ⁻¹), their G being Γ here), §5 (the statistics and their running averages),
//! §6.3 (factored Tikhonov damping and π), §6.5 (adapting λ).

use optim_core::error::check_param;
use optim_core::{Error, Events, Layer, Layered, Named, Objective, Problem};

use super::sampling::{Fisher, Sampler, check_layers};
use super::{Curvature, SingularSystem};
use crate::linalg::Cholesky;

/// K-FAC: Â = Ā ⊗ Γ per layer (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Kfac {
    /// The running averages' decay, in [0, 1): at the k-th refresh the old Ā and Γ
    /// weigh min(1 − 1/k, `decay`). Default 0.95 (M&G §5); 0 keeps the last batch only.
    pub decay: f64,
    /// Samples per refresh, in 1..=N, drawn without replacement from the method's
    /// stream; `None` (default) is all N, in order.
    pub batch_size: Option<usize>,
    /// Which Fisher: [`Fisher::True`] (default, sampled targets) or
    /// [`Fisher::Empirical`].
    pub fisher: Fisher,
    /// The seed of the stream that draws batches and target seeds. Default 0.
    pub seed: u32,
}

impl Default for Kfac {
    /// decay 0.95, all samples, sampled targets, seed 0.
    fn default() -> Self {
        Self {
            decay: 0.95,
            batch_size: None,
            fisher: Fisher::True,
            seed: 0,
        }
    }
}

/// π = √((tr Ā / dim Ā) / (tr Γ / dim Γ)) for column-major square Ā and Γ
/// (Martens & Grosse §6.3); 1 when either mean trace is not a positive number, or a
/// length is not a square.
///
/// ```
/// use second_order::curvature::kfac::pi;
/// // Ā = 4I (2×2), Γ = I (3×3): π = √(4/1) = 2.
/// assert_eq!(pi(&[4.0, 0.0, 0.0, 4.0], &[1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0]), 2.0);
/// ```
pub fn pi(a: &[f64], gamma: &[f64]) -> f64 {
    let mean_diagonal = |m: &[f64]| {
        let d = (m.len() as f64).sqrt().round() as usize;
        if d == 0 || d * d != m.len() {
            return f64::NAN;
        }
        (0..d).map(|i| m[i * d + i]).sum::<f64>() / d as f64
    };
    let p = (mean_diagonal(a) / mean_diagonal(gamma)).sqrt();
    if p > 0.0 && p.is_finite() { p } else { 1.0 }
}

/// One layer's factors and their factorisations.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug)]
struct Factors {
    layer: Layer,
    /// Ā, (inputs + 1)², column-major.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    a: Vec<f64>,
    /// Γ, outputs², column-major.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    gamma: Vec<f64>,
    chol_a: Cholesky,
    chol_gamma: Cholesky,
    /// outputs × (inputs + 1), for `apply`.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    work: Vec<f64>,
}

/// The state of [`Kfac`]: Ā and Γ of every layer, their factorisations at the last λ,
/// and the sampler.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug)]
pub struct KfacState {
    layers: Vec<Factors>,
    sampler: Sampler,
    refreshes: usize,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::option"))]
    factored: Option<f64>,
}

impl KfacState {
    /// (Ā, Γ) of layer `l` (in the order of [`Layered::layers`]), column-major:
    /// the running averages after the last refresh.
    pub fn factors(&self, l: usize) -> (&[f64], &[f64]) {
        (&self.layers[l].a, &self.layers[l].gamma)
    }
    /// The refreshes so far (k of the running average).
    pub fn refreshes(&self) -> usize {
        self.refreshes
    }
}

impl Named for Kfac {
    fn name(&self) -> &'static str {
        "K-FAC"
    }
}

/// m ← ε m + w Σᵢ uᵢ uᵢᵀ over the columns uᵢ (length d) of `samples`.
fn accumulate(m: &mut [f64], epsilon: f64, w: f64, samples: &[f64], d: usize) {
    m.iter_mut().for_each(|v| *v *= epsilon);
    for u in samples.chunks_exact(d) {
        for (q, &uq) in u.iter().enumerate() {
            let wq = w * uq;
            for (mpq, &up) in m[q * d..(q + 1) * d].iter_mut().zip(u) {
                *mpq += wq * up;
            }
        }
    }
}

impl<O: Layered + ?Sized> Curvature<O> for Kfac {
    type State = KfacState;

    fn init(&self, problem: &Problem<'_, O>, _: &[f64]) -> Result<KfacState, Error> {
        check_param("decay", self.decay, "in [0, 1)", |v| {
            (0.0..1.0).contains(&v)
        })?;
        let layers = problem.layers();
        check_layers(layers, problem.dim())?;
        let sampler = Sampler::new(self.batch_size, self.fisher, self.seed, problem.samples())?;
        let layers = layers
            .iter()
            .map(|&layer| {
                let (da, dg) = (layer.inputs + 1, layer.outputs);
                Factors {
                    layer,
                    a: vec![0.0; da * da],
                    gamma: vec![0.0; dg * dg],
                    chol_a: Cholesky::new(da),
                    chol_gamma: Cholesky::new(dg),
                    work: vec![0.0; da * dg],
                }
            })
            .collect();
        Ok(KfacState {
            layers,
            sampler,
            refreshes: 0,
            factored: None,
        })
    }

    fn refresh(
        &self,
        problem: &Problem<'_, O>,
        x: &[f64],
        st: &mut KfacState,
    ) -> Result<Events, Error> {
        let w = 1.0 / st.sampler.batch() as f64;
        let stats = st.sampler.draw(problem, x)?;
        st.refreshes += 1;
        let k = st.refreshes as f64;
        let epsilon = (1.0 - 1.0 / k).min(self.decay);
        for (f, s) in st.layers.iter_mut().zip(stats) {
            let (da, dg) = (f.layer.inputs + 1, f.layer.outputs);
            accumulate(&mut f.a, epsilon, (1.0 - epsilon) * w, &s.a, da);
            accumulate(&mut f.gamma, epsilon, (1.0 - epsilon) * w, &s.g, dg);
        }
        st.factored = None;
        Ok(Events::NONE)
    }

    fn solve(
        &self,
        _: &Problem<'_, O>,
        _: &[f64],
        st: &mut KfacState,
        lambda: f64,
        v: &[f64],
        out: &mut [f64],
    ) -> Result<Events, SingularSystem> {
        if st.factored != Some(lambda) {
            st.factored = None;
            let root = lambda.sqrt();
            for f in &mut st.layers {
                let p = pi(&f.a, &f.gamma);
                f.chol_a
                    .factor(&f.a, p * root)
                    .map_err(|_| SingularSystem)?;
                f.chol_gamma
                    .factor(&f.gamma, root / p)
                    .map_err(|_| SingularSystem)?;
            }
            st.factored = Some(lambda);
        }
        for f in &st.layers {
            let range = f.layer.range();
            let s = &mut out[range.clone()];
            s.copy_from_slice(&v[range]);
            f.chol_gamma.solve_columns_in_place(s); // (Γ + (√λ/π) I)⁻¹ V
            f.chol_a.solve_rows_in_place(s); //         … (Ā + π√λ I)⁻¹
        }
        Ok(Events::NONE)
    }

    fn apply(&self, _: &Problem<'_, O>, _: &[f64], st: &mut KfacState, v: &[f64], out: &mut [f64]) {
        for f in &mut st.layers {
            let (da, dg) = (f.layer.inputs + 1, f.layer.outputs);
            let range = f.layer.range();
            let x = &v[range.clone()];
            // work = Γ V (dg × da), then out = work Ā.
            for c in 0..da {
                for i in 0..dg {
                    f.work[c * dg + i] = (0..dg).map(|k| f.gamma[k * dg + i] * x[c * dg + k]).sum();
                }
            }
            let o = &mut out[range];
            for c in 0..da {
                for i in 0..dg {
                    o[c * dg + i] = (0..da).map(|k| f.work[k * dg + i] * f.a[c * da + k]).sum();
                }
            }
        }
    }
}
