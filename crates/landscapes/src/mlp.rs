//! A multilayer perceptron on a fixed data set as an objective of its parameters: value
//! and gradient by backpropagation, exact Hessian- and Gauss–Newton-vector products by
//! the R-operator, and the per-layer statistics of K-FAC.
//!
//! The equations, the parameter layout, the cost and the references are on [`Mlp`].

use std::fmt;
use std::sync::{Mutex, MutexGuard};

use optim_core::error::{check_finite, check_len, check_param};
use optim_core::{
    Error, FiniteSum, GaussNewtonProduct, Hessian, HessianProduct, Layer, LayerStatistics, Layered,
    Objective, Rng, Targets,
};

use crate::Landscape;
use crate::datasets::{Dataset, Supervision, teacher_student, two_moons};

/// The hidden units' nonlinearity φ (the output layer is linear).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// φ(s) = tanh s: φ′ = 1 − a², φ″ = −2a(1 − a²) with a = φ(s).
    Tanh,
    /// φ(s) = max(s, 0): φ′ = 1 for s > 0 and 0 otherwise (also at the kink s = 0),
    /// φ″ = 0 away from it. f is
    /// then only piecewise smooth: its Hessian is that of the piece containing x.
    Relu,
}

impl Activation {
    fn label(self) -> &'static str {
        match self {
            Activation::Tanh => "tanh",
            Activation::Relu => "ReLU",
        }
    }
}

/// The per-sample loss ℓ(z, y) of an [`Mlp`], fixed by its data's [`Supervision`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Loss {
    /// ℓ = ½‖z − y‖², for real targets ([`Supervision::Values`]); Hℓ = I.
    SquaredError,
    /// ℓ = −log softmax(z)_y, for class labels ([`Supervision::Labels`]);
    /// Hℓ = diag(p) − p pᵀ with p = softmax(z).
    SoftmaxCrossEntropy,
}

impl Loss {
    fn label(self) -> &'static str {
        match self {
            Loss::SquaredError => "squared error",
            Loss::SoftmaxCrossEntropy => "softmax cross-entropy",
        }
    }
}

/// f(x) = (1/N) Σᵢ ℓ(F(x; dᵢ), yᵢ): a fully connected network F with parameters x on a
/// fixed data set.
///
/// - [`Objective`]: value and gradient (backpropagation); [`HessianProduct`]: exact
///   ∇²f·v (Pearlmutter's R-operator); [`Hessian`]: the dense ∇²f from n products, for
///   small networks only; [`GaussNewtonProduct`]: exact G·v (Schraudolph).
/// - [`Layered`]: the layers in x and K-FAC's per-sample statistics;
///   [`FiniteSum`]: per-sample values and gradients, for [`optim_core::MiniBatch`].
/// - [`Landscape`]: a name such as `"MLP 8-64-64-4 tanh, squared error, N = 256"`, the
///   start [`init(0)`](Self::init), no known minima.
///
/// The slices passed to the trait methods must have length [`dim`](Objective::dim); a
/// wrong length panics, as a slice index would.
///
/// # The network and its loss
///
/// Layers l = 0, …, L−1 map `sizes[l]` inputs to `sizes[l + 1]` outputs. For one sample
/// with input d and target y (the code's names on the right):
///
/// ```text
/// ā₀ = (d, 1)                                    abar[0]
/// sₗ = W̄ₗ āₗ = Wₗ aₗ + bₗ                          (into abar[l + 1] or z)
/// āₗ₊₁ = (φ(sₗ), 1)   for l < L − 1               abar[l + 1]
/// z = s_{L−1}          (the output layer is linear) z
/// ℓ = ½‖z − y‖²                 (Loss::SquaredError)
/// ℓ = log Σⱼ exp zⱼ − z_y        (Loss::SoftmaxCrossEntropy, p = softmax(z): p)
/// f(x) = (1/N) Σᵢ ℓᵢ
/// ```
///
/// with φ = tanh or ReLU ([`Activation`]). Appending a 1 to every layer input folds the
/// bias into one matrix product per layer, and āₗ is then exactly
/// [`LayerStatistics::a`].
///
/// # Backpropagation (Rumelhart, Hinton & Williams 1986)
///
/// With e = ∂ℓ/∂z (z − y, or p minus the one-hot vector of y for the cross-entropy):
///
/// ```text
/// g_{L−1} = e                                     g[L − 1]
/// ∇_{W̄ₗ} ℓ = gₗ āₗᵀ
/// tₗ₋₁ = Wₗᵀ gₗ,  gₗ₋₁ = φ′(sₗ₋₁) ⊙ tₗ₋₁             t[l − 1], g[l − 1]
/// ```
///
/// and ∇f = (1/N) Σᵢ of the per-sample gradients. Both derivatives of φ are read off
/// its output a = φ(s), which is all the forward pass keeps: for tanh φ′ = 1 − a² and
/// φ″ = −2a(1 − a²); for ReLU φ′ = 1 where a > 0 and 0 elsewhere (so 0 at the kink
/// s = 0), and φ″ = 0.
///
/// # Hessian-vector products (Pearlmutter 1994)
///
/// R{·} = ∂/∂r (·)(x + r v) at r = 0 is applied to every line of the two passes, with
/// v split into blocks V̄ₗ = [Vₗ | cₗ] like x:
///
/// ```text
/// R{sₗ} = Wₗ R{aₗ} + V̄ₗ āₗ          (R{a₀} = 0)
/// R{aₗ₊₁} = φ′(sₗ) ⊙ R{sₗ}                          ra[l]  (ra[L − 1] = R{z} = J v)
/// R{g_{L−1}} = Hℓ R{z},   Hℓ = I  or  diag(p) − p pᵀ     rg[L − 1]
/// R{∇_{W̄ₗ} ℓ} = R{gₗ} āₗᵀ + gₗ R{āₗ}ᵀ                (R{āₗ} = (R{aₗ}, 0))
/// R{tₗ₋₁} = Wₗᵀ R{gₗ} + Vₗᵀ gₗ
/// R{gₗ₋₁} = φ′ ⊙ R{tₗ₋₁} + φ″ ⊙ R{sₗ₋₁} ⊙ tₗ₋₁           rg[l − 1]
/// ```
///
/// where φ″ ⊙ R{s} = −2a ⊙ R{a} for tanh. ∇²f·v = (1/N) Σᵢ R{∇ℓᵢ}: exact, at the cost
/// of two to three gradients.
///
/// # Gauss–Newton-vector products (Schraudolph 2002)
///
/// G = (1/N) Σᵢ Jᵢᵀ Hℓᵢ Jᵢ drops the φ″ and Vᵀg terms: the R-forward pass gives Jᵢ v =
/// R{zᵢ}, the loss Hessian multiplies it, and the ordinary backward pass carries
/// u = Hℓ Jᵢ v back in place of e:
///
/// ```text
/// ĝ_{L−1} = Hℓ R{z},  (G v)_{W̄ₗ} = (1/N) Σᵢ ĝₗ āₗᵀ,  ĝₗ₋₁ = φ′ ⊙ Wₗᵀ ĝₗ      rg
/// ```
///
/// # Parameter layout
///
/// x holds the layers one after the other from the input, each as
/// W̄ₗ = [Wₗ | bₗ] in column-major order (`sizes[l + 1] × (sizes[l] + 1)`): exactly
/// [`optim_core::Layer`]'s layout, and [`Layered::layers`] gives the offsets.
///
/// # Cost
///
/// Every pass works on the whole batch at once: the activations of a layer are one
/// `width × B` matrix (a sample per column), and each line above is a matrix product
/// (packed operands, an 8×1 register kernel) or an element-wise loop. A gradient costs
/// about 3·n·N multiply-adds, a Hessian-vector product about 8·n·N and a Gauss–Newton
/// product about 5·n·N. For the 8-64-64-4 student of
/// [`teacher_student`](Mlp::teacher_student) at N = 256 (n = 4 996), measured in the
/// dev profile (this crate at opt-level 1) on the development machine: value 0.44 ms,
/// value and gradient 1.0 ms, H·v 2.4 ms, G·v 1.6 ms (0.69, 1.5 and 1.0 ms for the last
/// three at opt-level 3).
///
/// The buffers live in workspaces that are built on first use and kept in a pool
/// behind a `Mutex` (one per thread evaluating at the same time), so an evaluation
/// allocates nothing once the pool is warm, and an `Mlp` is `Sync`.
///
/// # Statistics for K-FAC (Martens & Grosse 2015)
///
/// [`Layered::layer_statistics`] runs the forward and backward passes on a batch and
/// returns āₗ and gₗ of every sample, for the data's targets or for targets drawn from
/// the model (a class from p, or z + ε with ε ~ N(0, I)); with drawn targets,
/// E[vec(g āᵀ) vec(g āᵀ)ᵀ] is the Gauss–Newton matrix's block (the Fisher information).
///
/// # References
///
/// - D. E. Rumelhart, G. E. Hinton, R. J. Williams, "Learning representations by
///   back-propagating errors", Nature 323, 1986.
/// - B. A. Pearlmutter, "Fast exact multiplication by the Hessian", Neural Computation
///   6(1), 1994.
/// - N. N. Schraudolph, "Fast curvature matrix-vector products for second-order
///   gradient descent", Neural Computation 14(7), 2002.
/// - J. Martens, R. Grosse, "Optimizing neural networks with Kronecker-factored
///   approximate curvature", ICML 2015.
/// - X. Glorot, Y. Bengio, "Understanding the difficulty of training deep feedforward
///   neural networks", AISTATS 2010 (the initialisation of [`Mlp::init`]).
///
/// # Examples
///
/// ```
/// use landscapes::{Activation, Mlp};
/// use optim_core::{GaussNewtonProduct, HessianProduct, Objective, check_gradient};
///
/// // A 2-16-2 tanh classifier on 100 noisy moons.
/// let net = Mlp::two_moons(&[16], Activation::Tanh, 100, 0.1, 0)?;
/// assert_eq!(net.dim(), 16 * 3 + 2 * 17);
/// let mut x = net.init(0);
/// assert!(check_gradient(&net, &x)?.max_rel_error < 1e-6);
///
/// // Gradient descent lowers the cross-entropy from about log 2.
/// let mut g = vec![0.0; net.dim()];
/// let f0 = net.value_and_gradient(&x, &mut g);
/// for _ in 0..200 {
///     net.gradient(&x, &mut g);
///     x.iter_mut().zip(&g).for_each(|(xi, gi)| *xi -= 0.5 * gi);
/// }
/// assert!(net.value(&x) < 0.5 * f0);
///
/// // Curvature along the gradient: the Gauss–Newton matrix is positive semi-definite.
/// let (mut hv, mut gv) = (vec![0.0; net.dim()], vec![0.0; net.dim()]);
/// net.hessian_vector_product(&x, &g, &mut hv);
/// net.gauss_newton_vector_product(&x, &g, &mut gv);
/// let dot = |a: &[f64], b: &[f64]| a.iter().zip(b).map(|(a, b)| a * b).sum::<f64>();
/// assert!(dot(&g, &gv) >= 0.0 && dot(&g, &hv).is_finite());
/// # Ok::<(), optim_core::Error>(())
/// ```
///
/// ```
/// use landscapes::Mlp;
/// use optim_core::{Layered, Objective};
/// let student = Mlp::teacher_student(256, 0)?;
/// assert_eq!(student.dim(), 8 * 64 + 64 + 64 * 64 + 64 + 64 * 4 + 4);
/// assert_eq!(student.layers()[1].offset, 8 * 64 + 64);
/// # Ok::<(), optim_core::Error>(())
/// ```
pub struct Mlp {
    sizes: Vec<usize>,
    activation: Activation,
    loss: Loss,
    data: Dataset,
    samples: usize,
    layers: Vec<Layer>,
    dim: usize,
    pool: Mutex<Vec<Workspace>>,
}

/// The standard deviation of the noise on [`Mlp::teacher_student`]'s targets.
const STUDENT_NOISE: f64 = 0.01;

/// Inputs per chunk in [`Mlp::predict`]: a grid of a million points then needs the
/// buffers of 256 samples, not of a million.
const PREDICT_CHUNK: usize = 256;

impl Mlp {
    /// The network with layer sizes `sizes` (input, hidden…, output) and hidden
    /// activation `activation` on `data`; the loss follows from the targets:
    /// [`Loss::SquaredError`] for [`Supervision::Values`],
    /// [`Loss::SoftmaxCrossEntropy`] for [`Supervision::Labels`].
    ///
    /// `Err` unless there are at least two sizes, each ≥ 1; the data have
    /// `input_dim = sizes[0]`, at least one sample and finite inputs; and the targets
    /// match the output size (`dim` or `classes` = the last size), number one per
    /// sample (N·d_out values, or N labels each below `classes`) and are finite.
    pub fn new(sizes: &[usize], activation: Activation, data: Dataset) -> Result<Self, Error> {
        check_param(
            "sizes.len()",
            sizes.len() as f64,
            "at least 2 (the input and output sizes)",
            |v| v >= 2.0,
        )?;
        if sizes.contains(&0) {
            return Err(Error::InvalidParameter {
                name: "sizes",
                value: 0.0,
                allowed: "every layer at least 1 unit wide",
            });
        }
        let (d_in, d_out) = (sizes[0], sizes[sizes.len() - 1]);
        if data.input_dim != d_in {
            return Err(Error::DimensionMismatch {
                what: "data.input_dim",
                expected: d_in,
                found: data.input_dim,
            });
        }
        let samples = data.inputs.len() / d_in;
        if samples == 0 || data.inputs.len() % d_in != 0 {
            return Err(Error::InvalidParameter {
                name: "data.inputs.len()",
                value: data.inputs.len() as f64,
                allowed: "a positive multiple of the input size sizes[0]",
            });
        }
        check_finite("data.inputs", &data.inputs)?;
        let loss = match &data.targets {
            Supervision::Values { values, dim } => {
                if *dim != d_out {
                    return Err(Error::DimensionMismatch {
                        what: "targets dim",
                        expected: d_out,
                        found: *dim,
                    });
                }
                check_len("targets", values, samples * d_out)?;
                check_finite("targets", values)?;
                Loss::SquaredError
            }
            Supervision::Labels { labels, classes } => {
                if *classes != d_out {
                    return Err(Error::DimensionMismatch {
                        what: "classes",
                        expected: d_out,
                        found: *classes,
                    });
                }
                if labels.len() != samples {
                    return Err(Error::DimensionMismatch {
                        what: "labels",
                        expected: samples,
                        found: labels.len(),
                    });
                }
                if let Some(&bad) = labels.iter().find(|&&c| c >= *classes) {
                    return Err(Error::InvalidParameter {
                        name: "labels",
                        value: bad as f64,
                        allowed: "below the number of classes (the output size)",
                    });
                }
                Loss::SoftmaxCrossEntropy
            }
        };
        let mut layers = Vec::with_capacity(sizes.len() - 1);
        let mut offset = 0usize;
        for pair in sizes.windows(2) {
            let layer = Layer {
                inputs: pair[0],
                outputs: pair[1],
                offset,
            };
            // Sizes near usize::MAX would otherwise overflow in Layer::len.
            offset = pair[1]
                .checked_mul(pair[0].saturating_add(1))
                .and_then(|len| offset.checked_add(len))
                .ok_or(Error::InvalidParameter {
                    name: "sizes",
                    value: pair[1] as f64,
                    allowed: "small enough that the parameters can be counted",
                })?;
            layers.push(layer);
        }
        Ok(Self {
            sizes: sizes.to_vec(),
            activation,
            loss,
            data,
            samples,
            layers,
            dim: offset,
            pool: Mutex::new(Vec::new()),
        })
    }

    /// A classifier of [`two_moons(n, noise, seed)`](two_moons): sizes
    /// `[2, hidden…, 2]`, softmax cross-entropy. `hidden` may be empty (a linear
    /// classifier, logistic regression on two outputs).
    ///
    /// `Err` as [`two_moons`] and [`new`](Self::new) refuse.
    pub fn two_moons(
        hidden: &[usize],
        activation: Activation,
        n: usize,
        noise: f64,
        seed: u32,
    ) -> Result<Self, Error> {
        let sizes: Vec<usize> = std::iter::once(2)
            .chain(hidden.iter().copied())
            .chain(std::iter::once(2))
            .collect();
        Self::new(&sizes, activation, two_moons(n, noise, seed)?)
    }

    /// The 8-64-64-4 tanh student of [`teacher_student(n, 0.01, seed)`](teacher_student):
    /// squared error on the targets of a random 8-16-4 teacher plus noise of standard
    /// deviation 0.01, 4 996 parameters. The teacher's own function scores about
    /// ½·4·0.01² = 2·10⁻⁴ (the noise); with more parameters than the 4N targets
    /// (N < 1 249), the student can fit the noise too and go below that.
    ///
    /// `Err` if n = 0.
    pub fn teacher_student(n: usize, seed: u32) -> Result<Self, Error> {
        let ts = teacher_student(n, STUDENT_NOISE, seed)?;
        Self::new(&[8, 64, 64, 4], Activation::Tanh, ts.data)
    }

    /// The layer sizes: input, hidden…, output.
    pub fn sizes(&self) -> &[usize] {
        &self.sizes
    }

    /// The hidden units' activation.
    pub fn activation(&self) -> Activation {
        self.activation
    }

    /// The loss, fixed by the data's targets.
    pub fn loss(&self) -> Loss {
        self.loss
    }

    /// The data set f averages over.
    pub fn data(&self) -> &Dataset {
        &self.data
    }

    /// Initial parameters from `seed`: Glorot–Bengio ("Xavier") uniform weights,
    /// Wₗ[r, c] ~ U(−ρₗ, ρₗ) with ρₗ = √(6/(inputs + outputs)), and zero biases.
    ///
    /// Drawn from `Rng::new(seed)`, one `uniform()` u per weight as ρ(2u − 1), layer by
    /// layer and column by column (x's own order; the biases take no draws). The scale
    /// keeps the variance of activations and gradients about constant across tanh
    /// layers; for ReLU, He's √2 larger scale is the usual choice, but one rule for
    /// both keeps comparisons between the activations about the activation alone.
    pub fn init(&self, seed: u32) -> Vec<f64> {
        let mut rng = Rng::new(seed);
        let mut x = vec![0.0; self.dim];
        for layer in &self.layers {
            let rho = glorot_limit(layer);
            let weights = layer.outputs * layer.inputs;
            for w in &mut x[layer.offset..layer.offset + weights] {
                *w = rho * (2.0 * rng.uniform() - 1.0);
            }
        }
        x
    }

    /// The network's outputs z = F(x; d) for every input d of `inputs` (M × d_in,
    /// row-major), as M × d_out row-major. For the cross-entropy these are the logits:
    /// softmax(z) gives the class probabilities, argmax z the predicted class (a
    /// decision boundary is where two logits are equal).
    ///
    /// `Err` if `x` does not have length [`dim`](Objective::dim) or `inputs.len()` is
    /// not a multiple of d_in. Non-finite entries give non-finite outputs.
    pub fn predict(&self, x: &[f64], inputs: &[f64]) -> Result<Vec<f64>, Error> {
        check_len("x", x, self.dim)?;
        let d_in = self.sizes[0];
        if inputs.len() % d_in != 0 {
            return Err(Error::InvalidParameter {
                name: "inputs.len()",
                value: inputs.len() as f64,
                allowed: "a multiple of the input size sizes[0]",
            });
        }
        let mut out = Vec::with_capacity(inputs.len() / d_in * self.output_size());
        self.with_workspace(|ws| {
            for chunk in inputs.chunks(PREDICT_CHUNK * d_in) {
                self.load(ws, Batch::External(chunk));
                self.forward(ws, x);
                out.extend_from_slice(&ws.z);
            }
        });
        Ok(out)
    }

    fn output_size(&self) -> usize {
        self.sizes[self.sizes.len() - 1]
    }

    fn check_x(&self, what: &str, x: &[f64]) {
        assert_eq!(
            x.len(),
            self.dim,
            "{what} has length {}, the network has {} parameters",
            x.len(),
            self.dim
        );
    }

    /// Runs `f` on a workspace of the pool (a new one if every workspace is in use by
    /// another thread) and returns the workspace to the pool.
    fn with_workspace<R>(&self, f: impl FnOnce(&mut Workspace) -> R) -> R {
        let mut ws = lock(&self.pool).pop().unwrap_or_default();
        let r = f(&mut ws);
        lock(&self.pool).push(ws);
        r
    }

    /// Sizes the workspace for `batch` and writes ā₀ = (d, 1) for each of its samples.
    fn load(&self, ws: &mut Workspace, batch: Batch<'_>) {
        let d_in = self.sizes[0];
        let b = batch.len(d_in, self.samples);
        ws.resize(&self.sizes, b);
        let abar = &mut ws.abar[0];
        for (k, col) in abar.chunks_exact_mut(d_in + 1).enumerate() {
            let input = match batch {
                Batch::All => self.data.input(k),
                Batch::Indices(idx) => {
                    let i = idx[k];
                    assert!(
                        i < self.samples,
                        "sample index {i} is not below N = {}",
                        self.samples
                    );
                    self.data.input(i)
                }
                Batch::One(i) => self.data.input(i),
                Batch::External(inputs) => &inputs[k * d_in..(k + 1) * d_in],
            };
            col[..d_in].copy_from_slice(input);
            col[d_in] = 1.0;
        }
    }

    /// The forward pass from ā₀: every āₗ and z.
    fn forward(&self, ws: &mut Workspace, x: &[f64]) {
        let b = ws.batch;
        let last = self.layers.len() - 1;
        let Workspace { abar, z, pack, .. } = ws;
        for (l, layer) in self.layers.iter().enumerate() {
            let (ins, outs) = (layer.inputs, layer.outputs);
            let w = Operand::plain(&x[layer.range()], outs);
            let (done, rest) = abar.split_at_mut(l + 1);
            let a = Operand::plain(&done[l], ins + 1);
            if l == last {
                gemm(pack, outs, b, ins + 1, 1.0, w, a, z, outs, false);
            } else {
                let next = &mut rest[0];
                gemm(pack, outs, b, ins + 1, 1.0, w, a, next, outs + 1, false);
                for col in next.chunks_exact_mut(outs + 1) {
                    self.activate(&mut col[..outs]);
                    col[outs] = 1.0;
                }
            }
        }
    }

    fn activate(&self, s: &mut [f64]) {
        match self.activation {
            Activation::Tanh => s.iter_mut().for_each(|v| *v = tanh(*v)),
            // `<=` keeps a NaN a NaN, where `max(0.0)` would hide it.
            Activation::Relu => s.iter_mut().for_each(|v| {
                if *v <= 0.0 {
                    *v = 0.0
                }
            }),
        }
    }

    /// e = ∂ℓ/∂z of every sample into g[L − 1], and p = softmax(z) for the
    /// cross-entropy; returns Σₖ ℓₖ (for the data's targets; meaningless for sampled
    /// ones, which only serve the statistics).
    fn output(&self, ws: &mut Workspace, batch: Batch<'_>, targets: Targets) -> f64 {
        let d_out = self.output_size();
        let Workspace { z, p, g, .. } = ws;
        let e = &mut g[self.layers.len() - 1];
        let sample = |k: usize| match batch {
            Batch::All => k,
            Batch::Indices(idx) => idx[k],
            Batch::One(i) => i,
            Batch::External(_) => unreachable!("external inputs have no targets"),
        };
        let mut rng = match targets {
            Targets::Empirical => None,
            Targets::Sampled { seed } => Some(Rng::new(seed)),
        };
        let mut total = 0.0;
        match &self.data.targets {
            Supervision::Values { values, .. } => {
                for (k, (zk, ek)) in z
                    .chunks_exact(d_out)
                    .zip(e.chunks_exact_mut(d_out))
                    .enumerate()
                {
                    if let Some(rng) = rng.as_mut() {
                        // The drawn target is z + ε, so the residual is −ε exactly,
                        // without the rounding of forming z + ε.
                        ek.iter_mut().for_each(|ev| *ev = -rng.normal());
                    } else {
                        let i = sample(k);
                        let y = &values[i * d_out..(i + 1) * d_out];
                        for ((ev, zv), yv) in ek.iter_mut().zip(zk).zip(y) {
                            *ev = zv - yv;
                        }
                    }
                    total += 0.5 * ek.iter().map(|r| r * r).sum::<f64>();
                }
            }
            Supervision::Labels { labels, .. } => {
                for (k, ((zk, pk), ek)) in z
                    .chunks_exact(d_out)
                    .zip(p.chunks_exact_mut(d_out))
                    .zip(e.chunks_exact_mut(d_out))
                    .enumerate()
                {
                    // Shifted by the largest logit so that exp cannot overflow; a NaN
                    // logit is skipped by `max` but still poisons the sum.
                    let m = zk.iter().fold(f64::NEG_INFINITY, |m, &v| m.max(v));
                    let mut sum = 0.0;
                    for (pv, zv) in pk.iter_mut().zip(zk) {
                        *pv = (zv - m).exp();
                        sum += *pv;
                    }
                    pk.iter_mut().for_each(|pv| *pv /= sum);
                    let y = match rng.as_mut() {
                        Some(rng) => draw(pk, rng.uniform()),
                        None => labels[sample(k)],
                    };
                    total += m + sum.ln() - zk[y];
                    ek.copy_from_slice(pk);
                    ek[y] -= 1.0;
                }
            }
        }
        total
    }

    /// The backward pass from g[L − 1] = e: every gₗ, the unmasked tₗ when `keep_t`
    /// (for the R-backward pass), and, with `grad = Some((out, α, accumulate))`, the
    /// gradient α Σₖ gₗ āₗᵀ of every block written or added into `out`.
    fn backward(
        &self,
        ws: &mut Workspace,
        x: &[f64],
        mut grad: Option<(&mut [f64], f64, bool)>,
        keep_t: bool,
    ) {
        let b = ws.batch;
        if keep_t {
            ws.resize_t(&self.sizes, b);
        }
        let Workspace {
            abar, g, t, pack, ..
        } = ws;
        for (l, layer) in self.layers.iter().enumerate().rev() {
            let (ins, outs) = (layer.inputs, layer.outputs);
            let (below, here) = g.split_at_mut(l);
            let gl = &here[0];
            if let Some((out, alpha, accumulate)) = grad.as_mut() {
                gemm(
                    pack,
                    outs,
                    ins + 1,
                    b,
                    *alpha,
                    Operand::plain(gl, outs),
                    Operand::transposed(&abar[l], ins + 1),
                    &mut out[layer.range()],
                    outs,
                    *accumulate,
                );
            }
            if l == 0 {
                break;
            }
            let w = Operand::transposed(weights(x, layer), outs);
            let prev = &mut below[l - 1];
            gemm(
                pack,
                ins,
                b,
                outs,
                1.0,
                w,
                Operand::plain(gl, outs),
                prev,
                ins,
                false,
            );
            if keep_t {
                t[l - 1].copy_from_slice(prev);
            }
            self.mask(prev, &abar[l], ins);
        }
    }

    /// v ← φ′ ⊙ v for the hidden units whose outputs are the first `width` rows of
    /// each column of `abar`.
    fn mask(&self, v: &mut [f64], abar: &[f64], width: usize) {
        let columns = v.chunks_exact_mut(width).zip(abar.chunks_exact(width + 1));
        match self.activation {
            Activation::Tanh => {
                for (vk, ak) in columns {
                    for (vv, a) in vk.iter_mut().zip(ak) {
                        *vv *= 1.0 - a * a;
                    }
                }
            }
            Activation::Relu => {
                for (vk, ak) in columns {
                    for (vv, a) in vk.iter_mut().zip(ak) {
                        if *a <= 0.0 {
                            *vv = 0.0;
                        }
                    }
                }
            }
        }
    }

    /// The R-forward pass along v: R{aₗ₊₁} of every hidden layer and R{z} = J v, in ra.
    fn r_forward(&self, ws: &mut Workspace, x: &[f64], v: &[f64]) {
        let b = ws.batch;
        ws.resize_r(&self.sizes, b);
        let Workspace { abar, ra, pack, .. } = ws;
        let last = self.layers.len() - 1;
        for (l, layer) in self.layers.iter().enumerate() {
            let (ins, outs) = (layer.inputs, layer.outputs);
            let (below, here) = ra.split_at_mut(l);
            let out = &mut here[0];
            let vbar = Operand::plain(&v[layer.range()], outs);
            let a = Operand::plain(&abar[l], ins + 1);
            gemm(pack, outs, b, ins + 1, 1.0, vbar, a, out, outs, false);
            if l > 0 {
                let w = Operand::plain(weights(x, layer), outs);
                let ra_in = Operand::plain(&below[l - 1], ins);
                gemm(pack, outs, b, ins, 1.0, w, ra_in, out, outs, true);
            }
            if l < last {
                self.mask(out, &abar[l + 1], outs);
            }
        }
    }

    /// rg[L − 1] = Hℓ R{z} for every sample.
    fn loss_hessian(&self, ws: &mut Workspace) {
        let d_out = self.output_size();
        let last = self.layers.len() - 1;
        let Workspace { ra, rg, p, .. } = ws;
        let (rz, u) = (&ra[last], &mut rg[last]);
        match self.loss {
            Loss::SquaredError => u.copy_from_slice(rz),
            Loss::SoftmaxCrossEntropy => {
                for ((uk, rk), pk) in u
                    .chunks_exact_mut(d_out)
                    .zip(rz.chunks_exact(d_out))
                    .zip(p.chunks_exact(d_out))
                {
                    let pr: f64 = pk.iter().zip(rk).map(|(p, r)| p * r).sum();
                    for ((uv, rv), pv) in uk.iter_mut().zip(rk).zip(pk) {
                        *uv = pv * (rv - pr);
                    }
                }
            }
        }
    }

    /// The R-backward pass from rg[L − 1] = Hℓ R{z}: α Σₖ R{∇ℓₖ} into `hv`. Needs the
    /// forward, backward (with t) and R-forward passes.
    fn r_backward(&self, ws: &mut Workspace, x: &[f64], v: &[f64], alpha: f64, hv: &mut [f64]) {
        let b = ws.batch;
        let Workspace {
            abar,
            g,
            t,
            ra,
            rg,
            pack,
            ..
        } = ws;
        for (l, layer) in self.layers.iter().enumerate().rev() {
            let (ins, outs) = (layer.inputs, layer.outputs);
            let (below, here) = rg.split_at_mut(l);
            let rgl = &here[0];
            let out = &mut hv[layer.range()];
            let gl = Operand::plain(&g[l], outs);
            gemm(
                pack,
                outs,
                ins + 1,
                b,
                alpha,
                Operand::plain(rgl, outs),
                Operand::transposed(&abar[l], ins + 1),
                out,
                outs,
                false,
            );
            if l == 0 {
                break;
            }
            // R{āₗ} = (R{aₗ}, 0): its term reaches W̄ₗ's weight columns only.
            let ra_in = Operand::transposed(&ra[l - 1], ins);
            gemm(pack, outs, ins, b, alpha, gl, ra_in, out, outs, true);
            let prev = &mut below[l - 1];
            let w = Operand::transposed(weights(x, layer), outs);
            gemm(
                pack,
                ins,
                b,
                outs,
                1.0,
                w,
                Operand::plain(rgl, outs),
                prev,
                ins,
                false,
            );
            let vt = Operand::transposed(weights(v, layer), outs);
            gemm(pack, ins, b, outs, 1.0, vt, gl, prev, ins, true);
            let columns = prev
                .chunks_exact_mut(ins)
                .zip(abar[l].chunks_exact(ins + 1))
                .zip(ra[l - 1].chunks_exact(ins).zip(t[l - 1].chunks_exact(ins)));
            match self.activation {
                Activation::Tanh => {
                    for ((rk, ak), (rak, tk)) in columns {
                        for (((r, a), ra), t) in rk.iter_mut().zip(ak).zip(rak).zip(tk) {
                            *r = (1.0 - a * a) * *r - 2.0 * a * ra * t;
                        }
                    }
                }
                Activation::Relu => {
                    for ((rk, ak), _) in columns {
                        for (r, a) in rk.iter_mut().zip(ak) {
                            if *a <= 0.0 {
                                *r = 0.0;
                            }
                        }
                    }
                }
            }
        }
    }

    /// The Gauss–Newton backward pass from rg[L − 1] = Hℓ J v: α Σₖ Jₖᵀ Hℓ Jₖ v into
    /// `gv`.
    fn gn_backward(&self, ws: &mut Workspace, x: &[f64], alpha: f64, gv: &mut [f64]) {
        let b = ws.batch;
        let Workspace { abar, rg, pack, .. } = ws;
        for (l, layer) in self.layers.iter().enumerate().rev() {
            let (ins, outs) = (layer.inputs, layer.outputs);
            let (below, here) = rg.split_at_mut(l);
            let u = Operand::plain(&here[0], outs);
            let a = Operand::transposed(&abar[l], ins + 1);
            gemm(
                pack,
                outs,
                ins + 1,
                b,
                alpha,
                u,
                a,
                &mut gv[layer.range()],
                outs,
                false,
            );
            if l == 0 {
                break;
            }
            let prev = &mut below[l - 1];
            let w = Operand::transposed(weights(x, layer), outs);
            gemm(pack, ins, b, outs, 1.0, w, u, prev, ins, false);
            self.mask(prev, &abar[l], ins);
        }
    }

    /// Forward, output and backward passes over every sample: f and, if asked, ∇f.
    fn full(&self, ws: &mut Workspace, x: &[f64], grad: Option<&mut [f64]>) -> f64 {
        self.load(ws, Batch::All);
        self.forward(ws, x);
        let total = self.output(ws, Batch::All, Targets::Empirical);
        let scale = 1.0 / self.samples as f64;
        if let Some(grad) = grad {
            self.backward(ws, x, Some((grad, scale, false)), false);
        }
        total / self.samples as f64
    }
}

/// ρ = √(6/(inputs + outputs)), Glorot and Bengio's uniform bound.
fn glorot_limit(layer: &Layer) -> f64 {
    (6.0 / (layer.inputs + layer.outputs) as f64).sqrt()
}

/// Wₗ alone: the first `outputs × inputs` entries of the layer's block (column-major,
/// so the bias column is last).
fn weights<'a>(x: &'a [f64], layer: &Layer) -> &'a [f64] {
    &x[layer.offset..layer.offset + layer.outputs * layer.inputs]
}

/// The class of cumulative probability just above `u` ∈ [0, 1): a draw from `p`.
fn draw(p: &[f64], u: f64) -> usize {
    let mut cumulative = 0.0;
    for (c, pc) in p.iter().enumerate() {
        cumulative += pc;
        if u < cumulative {
            return c;
        }
    }
    // Rounding can leave the total a little below 1.
    p.len() - 1
}

/// tanh s as 1 − 2/(e^{2|s|} + 1) with the sign of s, and by its Taylor series for
/// |s| < 0.05.
///
/// libm's `tanh` took 16 ns a call on the development machine against 6.5 ns for
/// `exp`: with it, the student's forward pass would spend more time in tanh than in its
/// matrix products. The exp form has an absolute error of an ulp of 1, hence a relative
/// error of about ε/|s| near 0, which the series (to s⁹, truncation below 10⁻¹⁵ there)
/// avoids; measured against libm over [−20, 20] and down to |s| = 10⁻²⁰, the relative
/// error stays below 5·10⁻¹⁵. It is odd to the bit and saturates to ±1 without
/// overflow.
fn tanh(s: f64) -> f64 {
    let m = s.abs();
    if m < 0.05 {
        let s2 = s * s;
        // s − s³/3 + 2s⁵/15 − 17s⁷/315 + 62s⁹/2835
        let c = [-1.0 / 3.0, 2.0 / 15.0, -17.0 / 315.0, 62.0 / 2835.0];
        s + s * s2 * (c[0] + s2 * (c[1] + s2 * (c[2] + s2 * c[3])))
    } else {
        (1.0 - 2.0 / ((2.0 * m).exp() + 1.0)).copysign(s)
    }
}

/// Locks the pool; a poisoned lock (a panic elsewhere mid-evaluation) still holds
/// valid workspaces, whose contents are overwritten before they are read.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Which samples a pass runs on.
#[derive(Debug, Clone, Copy)]
enum Batch<'a> {
    /// All N samples, in order.
    All,
    /// The data's samples at these indices.
    Indices(&'a [usize]),
    /// One sample of the data.
    One(usize),
    /// Inputs from the caller, row-major, without targets.
    External(&'a [f64]),
}

impl Batch<'_> {
    fn len(&self, d_in: usize, samples: usize) -> usize {
        match self {
            Batch::All => samples,
            Batch::Indices(idx) => idx.len(),
            Batch::One(_) => 1,
            Batch::External(inputs) => inputs.len() / d_in,
        }
    }
}

/// The buffers of one evaluation, every matrix column-major with a sample per column.
///
/// Sized on first use for a batch and resized (within their capacity, so without
/// allocating) for smaller ones; the R-pass buffers are only built when a product is
/// asked for.
#[derive(Debug, Default)]
struct Workspace {
    /// B, the samples of the current pass.
    batch: usize,
    /// āₗ, (sizes[l] + 1) × B, for l < L.
    abar: Vec<Vec<f64>>,
    /// z, d_out × B.
    z: Vec<f64>,
    /// softmax(z), d_out × B (cross-entropy only).
    p: Vec<f64>,
    /// gₗ = ∂ℓ/∂sₗ, sizes[l + 1] × B.
    g: Vec<Vec<f64>>,
    /// tₗ = Wₗ₊₁ᵀ gₗ₊₁ before the φ′ mask, sizes[l + 1] × B, for l < L − 1.
    t: Vec<Vec<f64>>,
    /// R{aₗ₊₁} for l < L − 1, and R{z} for l = L − 1: sizes[l + 1] × B.
    ra: Vec<Vec<f64>>,
    /// R{gₗ} (or ĝₗ of the Gauss–Newton pass), sizes[l + 1] × B.
    rg: Vec<Vec<f64>>,
    /// The packed operands of `gemm`.
    pack: Pack,
    /// e_j for the dense Hessian's columns.
    unit: Vec<f64>,
}

impl Workspace {
    fn resize(&mut self, sizes: &[usize], batch: usize) {
        let layers = sizes.len() - 1;
        self.batch = batch;
        self.abar.resize_with(layers, Vec::new);
        for (a, &w) in self.abar.iter_mut().zip(sizes) {
            a.resize((w + 1) * batch, 0.0);
        }
        let d_out = sizes[layers];
        self.z.resize(d_out * batch, 0.0);
        self.p.resize(d_out * batch, 0.0);
        resize_all(&mut self.g, &sizes[1..], batch);
    }

    fn resize_t(&mut self, sizes: &[usize], batch: usize) {
        resize_all(&mut self.t, &sizes[1..sizes.len() - 1], batch);
    }

    fn resize_r(&mut self, sizes: &[usize], batch: usize) {
        resize_all(&mut self.ra, &sizes[1..], batch);
        resize_all(&mut self.rg, &sizes[1..], batch);
    }
}

/// One buffer of width × `batch` per width.
fn resize_all(buffers: &mut Vec<Vec<f64>>, widths: &[usize], batch: usize) {
    buffers.resize_with(widths.len(), Vec::new);
    for (v, &w) in buffers.iter_mut().zip(widths) {
        v.resize(w * batch, 0.0);
    }
}

impl Clone for Mlp {
    /// The same network on the same data, with a pool of its own.
    fn clone(&self) -> Self {
        Self {
            sizes: self.sizes.clone(),
            activation: self.activation,
            loss: self.loss,
            data: self.data.clone(),
            samples: self.samples,
            layers: self.layers.clone(),
            dim: self.dim,
            pool: Mutex::new(Vec::new()),
        }
    }
}

impl fmt::Debug for Mlp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Mlp")
            .field("sizes", &self.sizes)
            .field("activation", &self.activation)
            .field("loss", &self.loss)
            .field("samples", &self.samples)
            .field("dim", &self.dim)
            .finish_non_exhaustive()
    }
}

impl Objective for Mlp {
    fn dim(&self) -> usize {
        self.dim
    }

    fn value(&self, x: &[f64]) -> f64 {
        self.check_x("x", x);
        self.with_workspace(|ws| self.full(ws, x, None))
    }

    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        self.value_and_gradient(x, g);
    }

    fn value_and_gradient(&self, x: &[f64], g: &mut [f64]) -> f64 {
        self.check_x("x", x);
        self.check_x("g", g);
        self.with_workspace(|ws| self.full(ws, x, Some(g)))
    }
}

impl HessianProduct for Mlp {
    /// ∇²f(x)·v by the R-operator: one forward, one backward, one R-forward and one
    /// R-backward pass over the N samples.
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        self.check_x("x", x);
        self.check_x("v", v);
        self.check_x("hv", hv);
        self.with_workspace(|ws| {
            self.load(ws, Batch::All);
            self.forward(ws, x);
            self.output(ws, Batch::All, Targets::Empirical);
            self.backward(ws, x, None, true);
            self.r_forward(ws, x, v);
            self.loss_hessian(ws);
            self.r_backward(ws, x, v, 1.0 / self.samples as f64, hv);
        });
    }
}

impl Hessian for Mlp {
    /// ∇²f(x), column j the product with the unit vector e_j: n R-passes after one
    /// forward and backward pass, so O(n²·N) time and n² numbers. **For small
    /// networks only** (the 4 996-parameter student would take 200 MB and about ten
    /// seconds).
    ///
    /// Not symmetrised: the products are exact up to rounding, so H agrees with Hᵀ to
    /// rounding, and its asymmetry measures that rounding.
    fn hessian(&self, x: &[f64], h: &mut [f64]) {
        self.check_x("x", x);
        let n = self.dim;
        assert_eq!(
            h.len(),
            n * n,
            "h has length {}, expected n² = {}",
            h.len(),
            n * n
        );
        let scale = 1.0 / self.samples as f64;
        self.with_workspace(|ws| {
            self.load(ws, Batch::All);
            self.forward(ws, x);
            self.output(ws, Batch::All, Targets::Empirical);
            self.backward(ws, x, None, true);
            let mut unit = std::mem::take(&mut ws.unit);
            unit.clear();
            unit.resize(n, 0.0);
            for (j, column) in h.chunks_exact_mut(n).enumerate() {
                unit[j] = 1.0;
                self.r_forward(ws, x, &unit);
                self.loss_hessian(ws);
                self.r_backward(ws, x, &unit, scale, column);
                unit[j] = 0.0;
            }
            ws.unit = unit;
        });
    }
}

impl GaussNewtonProduct for Mlp {
    /// G(x)·v = (1/N) Σᵢ Jᵢᵀ Hℓᵢ Jᵢ v: one forward, one R-forward and one backward pass.
    fn gauss_newton_vector_product(&self, x: &[f64], v: &[f64], gv: &mut [f64]) {
        self.check_x("x", x);
        self.check_x("v", v);
        self.check_x("gv", gv);
        self.with_workspace(|ws| {
            self.load(ws, Batch::All);
            self.forward(ws, x);
            // For p (the cross-entropy's Hℓ); e is not needed.
            self.output(ws, Batch::All, Targets::Empirical);
            self.r_forward(ws, x, v);
            self.loss_hessian(ws);
            self.gn_backward(ws, x, 1.0 / self.samples as f64, gv);
        });
    }
}

impl Layered for Mlp {
    fn layers(&self) -> &[Layer] {
        &self.layers
    }

    fn samples(&self) -> usize {
        self.samples
    }

    /// āₗ and gₗ of every layer for the samples `batch`, in [`LayerStatistics`]'
    /// layout. With [`Targets::Sampled`], the targets are drawn from `Rng::new(seed)`,
    /// sample by sample in batch order: one `uniform()` u per sample for the
    /// cross-entropy (the class c with p₀ + … + p_{c−1} ≤ u < p₀ + … + p_c), and d_out
    /// `normal()` draws ε for the squared error (target z + ε, so g_{L−1} = −ε).
    ///
    /// # Panics
    /// If an index of `batch` is not below N, or `x` has the wrong length.
    fn layer_statistics(
        &self,
        x: &[f64],
        batch: &[usize],
        targets: Targets,
        out: &mut Vec<LayerStatistics>,
    ) {
        self.check_x("x", x);
        self.with_workspace(|ws| {
            self.load(ws, Batch::Indices(batch));
            self.forward(ws, x);
            self.output(ws, Batch::Indices(batch), targets);
            self.backward(ws, x, None, false);
            out.resize_with(self.layers.len(), LayerStatistics::default);
            for ((stats, layer), (a, g)) in out
                .iter_mut()
                .zip(&self.layers)
                .zip(ws.abar.iter().zip(&ws.g))
            {
                stats.inputs = layer.inputs;
                stats.outputs = layer.outputs;
                stats.samples = batch.len();
                stats.a.clear();
                stats.a.extend_from_slice(a);
                stats.g.clear();
                stats.g.extend_from_slice(g);
            }
        });
    }
}

impl FiniteSum for Mlp {
    fn n_samples(&self) -> usize {
        self.samples
    }

    /// ℓᵢ(x), the loss of sample i alone.
    fn sample_value(&self, i: usize, x: &[f64]) -> f64 {
        self.check_x("x", x);
        self.with_workspace(|ws| {
            self.load(ws, Batch::One(i));
            self.forward(ws, x);
            self.output(ws, Batch::One(i), Targets::Empirical)
        })
    }

    /// g ← g + ∇ℓᵢ(x).
    fn add_sample_gradient(&self, i: usize, x: &[f64], g: &mut [f64]) {
        self.check_x("x", x);
        self.check_x("g", g);
        self.with_workspace(|ws| {
            self.load(ws, Batch::One(i));
            self.forward(ws, x);
            self.output(ws, Batch::One(i), Targets::Empirical);
            self.backward(ws, x, Some((g, 1.0, true)), false);
        });
    }

    /// f(x) in one batched pass (the same number as [`value`](Objective::value)).
    fn mean_value(&self, x: &[f64]) -> f64 {
        self.value(x)
    }

    /// ∇f(x) in one batched pass.
    fn mean_gradient(&self, x: &[f64], g: &mut [f64]) {
        self.gradient(x, g);
    }
}

impl Landscape for Mlp {
    /// E.g. `"MLP 8-64-64-4 tanh, squared error, N = 256"`.
    fn name(&self) -> String {
        let sizes: Vec<String> = self.sizes.iter().map(usize::to_string).collect();
        format!(
            "MLP {} {}, {}, N = {}",
            sizes.join("-"),
            self.activation.label(),
            self.loss.label(),
            self.samples
        )
    }

    /// [−ρ, ρ]ⁿ with ρ = max(1, the largest Glorot bound of [`init`](Mlp::init)), so
    /// that it holds every initial point. Honest but not meaningful for plotting: n is
    /// large, and a 2-D view of a network's loss needs directions chosen for it (e.g.
    /// through two trained solutions), not coordinate axes.
    fn domain(&self) -> Vec<(f64, f64)> {
        let rho = self.layers.iter().map(glorot_limit).fold(1.0, f64::max);
        vec![(-rho, rho); self.dim]
    }

    /// None known: a network's minima have no closed form (and come in symmetric
    /// families: permuted hidden units, and for tanh flipped signs).
    fn minima(&self) -> Vec<Vec<f64>> {
        Vec::new()
    }

    /// [`init(0)`](Mlp::init).
    fn start(&self) -> Vec<f64> {
        self.init(0)
    }
}

/// How `gemm` reads a column-major operand: as stored or transposed.
#[derive(Debug, Clone, Copy)]
enum Op {
    Plain,
    Transposed,
}

/// A column-major matrix with leading dimension `ld` (its number of rows as stored),
/// read as `op` of itself.
#[derive(Debug, Clone, Copy)]
struct Operand<'a> {
    data: &'a [f64],
    ld: usize,
    op: Op,
}

impl<'a> Operand<'a> {
    fn plain(data: &'a [f64], ld: usize) -> Self {
        Self {
            data,
            ld,
            op: Op::Plain,
        }
    }
    fn transposed(data: &'a [f64], ld: usize) -> Self {
        Self {
            data,
            ld,
            op: Op::Transposed,
        }
    }
}

/// The operands of `gemm`, packed: A in panels of [`MR`] rows, each step of the inner
/// dimension one `[f64; MR]`, and B column after column.
#[derive(Debug, Default)]
struct Pack {
    a: Vec<[f64; MR]>,
    b: Vec<f64>,
}

/// The rows of C that `kernel` computes at once.
const MR: usize = 8;

/// C ← α A B, or C ← C + α A B when `accumulate`, for A m×k and B k×n (each an
/// [`Operand`], so either may be read transposed) and C m×n column-major with leading
/// dimension `ldc`.
///
/// Packing makes every read of the kernel contiguous and lets eight entries of a
/// column of C stay in registers over the whole inner dimension. The crate is built at
/// opt-level 1 in the dev profile, where LLVM does not vectorise and spills blocks
/// with more accumulators than there are registers: of the block shapes measured there
/// (4×4, 4×2, 2×4, 8×2, 8×1, …) 8×1 was the fastest, 0.17 ms per million
/// multiply-adds in the kernel alone against 0.25 for 4×4 and about 0.5 for an
/// unpacked triple loop.
fn gemm(
    pack: &mut Pack,
    m: usize,
    n: usize,
    k: usize,
    alpha: f64,
    a: Operand<'_>,
    b: Operand<'_>,
    c: &mut [f64],
    ldc: usize,
    accumulate: bool,
) {
    if m == 0 || n == 0 {
        return;
    }
    if k == 0 {
        if !accumulate {
            for j in 0..n {
                c[j * ldc..j * ldc + m].fill(0.0);
            }
        }
        return;
    }
    pack.a.clear();
    for i0 in (0..m).step_by(MR) {
        let count = (m - i0).min(MR);
        let base = pack.a.len();
        pack.a.resize(base + k, [0.0; MR]);
        let panel = &mut pack.a[base..];
        match a.op {
            // op(A)[i, κ] = data[i + κ·ld]: each step's rows are neighbours.
            Op::Plain => {
                for (kappa, v) in panel.iter_mut().enumerate() {
                    let from = i0 + kappa * a.ld;
                    v[..count].copy_from_slice(&a.data[from..from + count]);
                }
            }
            // op(A)[i, κ] = data[κ + i·ld]: each row is a stored column.
            Op::Transposed => {
                for r in 0..count {
                    let from = (i0 + r) * a.ld;
                    for (v, &x) in panel.iter_mut().zip(&a.data[from..from + k]) {
                        v[r] = x;
                    }
                }
            }
        }
    }
    pack.b.clear();
    match b.op {
        Op::Plain => {
            for j in 0..n {
                pack.b.extend_from_slice(&b.data[j * b.ld..j * b.ld + k]);
            }
        }
        Op::Transposed => {
            pack.b.resize(k * n, 0.0);
            for (kappa, row) in b.data.chunks(b.ld).take(k).enumerate() {
                for (j, &x) in row[..n].iter().enumerate() {
                    pack.b[j * k + kappa] = x;
                }
            }
        }
    }
    for (j, bj) in pack.b.chunks_exact(k).enumerate() {
        for (ip, ap) in pack.a.chunks_exact(k).enumerate() {
            let i0 = MR * ip;
            let mi = (m - i0).min(MR);
            let acc = kernel(ap, bj);
            let column = &mut c[j * ldc + i0..j * ldc + i0 + mi];
            if accumulate {
                column
                    .iter_mut()
                    .zip(&acc)
                    .for_each(|(cv, s)| *cv += alpha * s);
            } else {
                column
                    .iter_mut()
                    .zip(&acc)
                    .for_each(|(cv, s)| *cv = alpha * s);
            }
        }
    }
}

/// Σ_κ a[κ]·b[κ]: [`MR`] entries of a column of C.
///
/// Never inlined: inside `gemm` its accumulators competed with `gemm`'s own live values
/// for registers at opt-level 1 and spilled (0.34 against 0.27 ms for 64×65 by
/// 65×256); alone, the loop is eight independent multiply-adds on registers.
#[inline(never)]
fn kernel(a: &[[f64; MR]], b: &[f64]) -> [f64; MR] {
    let mut acc = [0.0f64; MR];
    for (av, &bv) in a.iter().zip(b) {
        for p in 0..MR {
            acc[p] += av[p] * bv;
        }
    }
    acc
}
