//! The small objectives of the curvature tests, each with its derivatives written out
//! by hand: a dense quadratic, a linear least-squares layer, a two-layer tanh network
//! (both `Layered`, with Gauss–Newton products), and a quadratic whose Hessian is a
//! Kronecker product by construction. None allocates after its first call, so
//! `no_alloc.rs` uses them too.
#![allow(dead_code)]

use std::cell::{Cell, RefCell};

use optim_core::{
    GaussNewtonProduct, Hessian, HessianProduct, Layer, LayerStatistics, Layered, Objective, Rng,
    Targets,
};

/// y ← A x for a column-major rows × cols A.
pub fn mat_vec(a: &[f64], rows: usize, x: &[f64], y: &mut [f64]) {
    y[..rows].fill(0.0);
    for (c, xc) in x.iter().enumerate() {
        for r in 0..rows {
            y[r] += a[c * rows + r] * xc;
        }
    }
}

/// The Kronecker product A ⊗ B of column-major square matrices (numpy.kron's layout,
/// column-major): entry ((i·q + k), (j·q + l)) = A[i, j]·B[k, l] for B of size q.
pub fn kron(a: &[f64], p: usize, b: &[f64], q: usize) -> Vec<f64> {
    let n = p * q;
    let mut out = vec![0.0; n * n];
    for j in 0..p {
        for i in 0..p {
            for l in 0..q {
                for k in 0..q {
                    out[(j * q + l) * n + i * q + k] = a[j * p + i] * b[l * q + k];
                }
            }
        }
    }
    out
}

/// f = ½xᵀHx − cᵀx, H symmetric n×n column-major.
pub struct Quadratic {
    pub h: Vec<f64>,
    pub c: Vec<f64>,
}

impl Quadratic {
    /// The quadratic with Hessian `h` and minimiser (stationary point) `x_star`: c = H x*.
    pub fn with_minimiser(h: Vec<f64>, x_star: &[f64]) -> Self {
        let n = x_star.len();
        let mut c = vec![0.0; n];
        mat_vec(&h, n, x_star, &mut c);
        Self { h, c }
    }
}

impl Objective for Quadratic {
    fn dim(&self) -> usize {
        self.c.len()
    }
    fn value(&self, x: &[f64]) -> f64 {
        let n = self.c.len();
        let mut f = 0.0;
        for j in 0..n {
            for i in 0..n {
                f += 0.5 * x[i] * self.h[j * n + i] * x[j];
            }
            f -= self.c[j] * x[j];
        }
        f
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        mat_vec(&self.h, self.c.len(), x, g);
        for (gi, ci) in g.iter_mut().zip(&self.c) {
            *gi -= ci;
        }
    }
}

impl HessianProduct for Quadratic {
    fn hessian_vector_product(&self, _: &[f64], v: &[f64], hv: &mut [f64]) {
        mat_vec(&self.h, self.c.len(), v, hv)
    }
}

impl Hessian for Quadratic {
    fn hessian(&self, _: &[f64], h: &mut [f64]) {
        h.copy_from_slice(&self.h)
    }
}

/// A sample's "unit-size" draws: entry j of `out` is ±1, from bit j of draws of
/// `Rng::new(seed)` (advanced by the caller from one sample to the next).
fn signs(rng: &mut Rng, out: &mut [f64]) {
    let bits = rng.next_u32();
    for (j, o) in out.iter_mut().enumerate() {
        *o = if (bits >> (j % 32)) & 1 == 1 {
            1.0
        } else {
            -1.0
        };
    }
}

/// Linear least squares through one dense layer: f = (1/N) Σᵢ ½‖W̄āᵢ − yᵢ‖², x = W̄
/// (outputs × (inputs + 1), column-major). Its Hessian and Gauss–Newton matrix are
/// both Ā ⊗ I (Ā = (1/N)Σ āāᵀ): block-diagonal per neuron.
///
/// The predictive distribution it samples from ([`Targets::Sampled`]) is ỹ = z ± 1 per
/// output (unit variance, like N(z, 1), with every |z − ỹ| = 1), so that each
/// per-sample Fisher weight gⱼ² is exactly 1: the per-neuron Fisher is then Ā, the
/// Hessian's block, with no sampling noise.
pub struct LinearRegression {
    pub inputs: usize,
    pub outputs: usize,
    /// The inputs aᵢ, inputs × N column-major.
    pub a: Vec<f64>,
    /// The targets yᵢ, outputs × N column-major.
    pub y: Vec<f64>,
    /// The parameters the targets were generated with (f = 0 there).
    pub w_star: Vec<f64>,
    layers: [Layer; 1],
}

impl LinearRegression {
    /// N samples with inputs uniform in [−1, 1) and targets yᵢ = W̄*āᵢ exactly, for a
    /// W̄* with entries uniform in [−2, 2): the fit's minimum is f(W̄*) = 0.
    pub fn teacher(inputs: usize, outputs: usize, n: usize, seed: u32) -> Self {
        let mut rng = Rng::new(seed);
        let a: Vec<f64> = (0..inputs * n).map(|_| 2.0 * rng.uniform() - 1.0).collect();
        let w_star: Vec<f64> = (0..outputs * (inputs + 1))
            .map(|_| 4.0 * rng.uniform() - 2.0)
            .collect();
        let mut model = Self {
            inputs,
            outputs,
            a,
            y: vec![0.0; outputs * n],
            w_star: w_star.clone(),
            layers: [Layer {
                inputs,
                outputs,
                offset: 0,
            }],
        };
        for i in 0..n {
            for j in 0..outputs {
                model.y[i * outputs + j] = model.z(&w_star, i, j);
            }
        }
        model
    }

    pub fn samples_count(&self) -> usize {
        self.a.len() / self.inputs
    }

    /// āᵢ[c] (1 for c = inputs).
    pub fn abar(&self, i: usize, c: usize) -> f64 {
        if c == self.inputs {
            1.0
        } else {
            self.a[i * self.inputs + c]
        }
    }

    /// zᵢⱼ = (W̄āᵢ)ⱼ.
    fn z(&self, w: &[f64], i: usize, j: usize) -> f64 {
        (0..=self.inputs)
            .map(|c| w[c * self.outputs + j] * self.abar(i, c))
            .sum()
    }

    /// Ā = (1/N) Σ āāᵀ, (inputs + 1)², column-major.
    pub fn abar_second_moment(&self) -> Vec<f64> {
        let (d, n) = (self.inputs + 1, self.samples_count());
        let mut m = vec![0.0; d * d];
        for i in 0..n {
            for q in 0..d {
                for p in 0..d {
                    m[q * d + p] += self.abar(i, p) * self.abar(i, q) / n as f64;
                }
            }
        }
        m
    }
}

impl Objective for LinearRegression {
    fn dim(&self) -> usize {
        self.outputs * (self.inputs + 1)
    }
    fn value(&self, x: &[f64]) -> f64 {
        let n = self.samples_count();
        let mut f = 0.0;
        for i in 0..n {
            for j in 0..self.outputs {
                let r = self.z(x, i, j) - self.y[i * self.outputs + j];
                f += 0.5 * r * r;
            }
        }
        f / n as f64
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        let n = self.samples_count();
        g.fill(0.0);
        for i in 0..n {
            for j in 0..self.outputs {
                let r = self.z(x, i, j) - self.y[i * self.outputs + j];
                for c in 0..=self.inputs {
                    g[c * self.outputs + j] += r * self.abar(i, c) / n as f64;
                }
            }
        }
    }
}

impl GaussNewtonProduct for LinearRegression {
    fn gauss_newton_vector_product(&self, _: &[f64], v: &[f64], gv: &mut [f64]) {
        // J v = V āᵢ per sample; Gv = (1/N) Σ (V āᵢ) āᵢᵀ.
        let n = self.samples_count();
        gv.fill(0.0);
        for i in 0..n {
            for j in 0..self.outputs {
                let jv = self.z(v, i, j);
                for c in 0..=self.inputs {
                    gv[c * self.outputs + j] += jv * self.abar(i, c) / n as f64;
                }
            }
        }
    }
}

impl HessianProduct for LinearRegression {
    fn hessian_vector_product(&self, x: &[f64], v: &[f64], hv: &mut [f64]) {
        self.gauss_newton_vector_product(x, v, hv) // linear model: H = G
    }
}

impl Hessian for LinearRegression {
    fn hessian(&self, _: &[f64], h: &mut [f64]) {
        // Ā ⊗ I_outputs.
        let (d, m) = (self.inputs + 1, self.outputs);
        let abar = self.abar_second_moment();
        let identity: Vec<f64> = (0..m * m)
            .map(|k| if k % (m + 1) == 0 { 1.0 } else { 0.0 })
            .collect();
        h.copy_from_slice(&kron(&abar, d, &identity, m));
    }
}

impl Layered for LinearRegression {
    fn layers(&self) -> &[Layer] {
        &self.layers
    }
    fn samples(&self) -> usize {
        self.samples_count()
    }
    fn layer_statistics(
        &self,
        x: &[f64],
        batch: &[usize],
        targets: Targets,
        out: &mut Vec<LayerStatistics>,
    ) {
        out.resize(1, LayerStatistics::default());
        let s = &mut out[0];
        (s.inputs, s.outputs, s.samples) = (self.inputs, self.outputs, batch.len());
        s.a.clear();
        s.g.clear();
        let mut rng = match targets {
            Targets::Sampled { seed } => Some(Rng::new(seed)),
            Targets::Empirical => None,
        };
        let mut draws = [0.0; 32];
        for &i in batch {
            s.a.extend((0..=self.inputs).map(|c| self.abar(i, c)));
            if let Some(rng) = rng.as_mut() {
                signs(rng, &mut draws[..self.outputs]);
            }
            for j in 0..self.outputs {
                s.g.push(match targets {
                    Targets::Empirical => self.z(x, i, j) - self.y[i * self.outputs + j],
                    Targets::Sampled { .. } => draws[j], // z − ỹ with ỹ = z ∓ 1
                });
            }
        }
    }
}

/// The largest hidden layer of [`TwoLayer`] (its work arrays live on the stack).
pub const MAX_HIDDEN: usize = 8;
/// The largest output of [`TwoLayer`].
pub const MAX_OUTPUTS: usize = 4;

/// A two-layer network z = W̄₂ (tanh(W̄₁ ā₀), 1) with squared error ½‖z − y‖²
/// averaged over N samples. Layer 1 is inputs → hidden, layer 2 hidden → outputs; x
/// holds W̄₁ then W̄₂, each column-major. Its predictive distribution is
/// ỹ ~ N(z, I) (normals of `Rng::new(seed)`, one per output per sample, in batch order).
pub struct TwoLayer {
    pub inputs: usize,
    pub hidden: usize,
    pub outputs: usize,
    /// inputs × N, column-major.
    pub a: Vec<f64>,
    /// outputs × N, column-major.
    pub y: Vec<f64>,
    /// The teacher's parameters: f = 0 there.
    pub theta_star: Vec<f64>,
    layers: [Layer; 2],
    /// What `layer_statistics` was last called with, when `record` is set.
    pub record: bool,
    pub last_targets: Cell<Option<Targets>>,
    pub batches: RefCell<Vec<Vec<usize>>>,
}

/// Per-sample forward values of [`TwoLayer`].
struct Forward {
    /// tanh(s₁), then 1: ā₁.
    a1: [f64; MAX_HIDDEN + 1],
    z: [f64; MAX_OUTPUTS],
}

impl TwoLayer {
    /// N samples with inputs uniform in [−1, 1) and targets from a teacher network
    /// with parameters uniform in [−1, 1): the minimum f(θ*) = 0 is known.
    pub fn teacher(inputs: usize, hidden: usize, outputs: usize, n: usize, seed: u32) -> Self {
        assert!(hidden <= MAX_HIDDEN && outputs <= MAX_OUTPUTS);
        let mut rng = Rng::new(seed);
        let a: Vec<f64> = (0..inputs * n).map(|_| 2.0 * rng.uniform() - 1.0).collect();
        let l1 = Layer {
            inputs,
            outputs: hidden,
            offset: 0,
        };
        let l2 = Layer {
            inputs: hidden,
            outputs,
            offset: l1.len(),
        };
        let theta_star: Vec<f64> = (0..l1.len() + l2.len())
            .map(|_| 2.0 * rng.uniform() - 1.0)
            .collect();
        let mut model = Self {
            inputs,
            hidden,
            outputs,
            a,
            y: vec![0.0; outputs * n],
            theta_star: theta_star.clone(),
            layers: [l1, l2],
            record: false,
            last_targets: Cell::new(None),
            batches: RefCell::new(Vec::new()),
        };
        for i in 0..n {
            let fw = model.forward(&theta_star, i);
            model.y[i * outputs..(i + 1) * outputs].copy_from_slice(&fw.z[..outputs]);
        }
        model
    }

    pub fn samples_count(&self) -> usize {
        self.a.len() / self.inputs
    }

    pub fn a0(&self, i: usize, c: usize) -> f64 {
        if c == self.inputs {
            1.0
        } else {
            self.a[i * self.inputs + c]
        }
    }

    fn forward(&self, x: &[f64], i: usize) -> Forward {
        let [l1, l2] = self.layers;
        let mut fw = Forward {
            a1: [0.0; MAX_HIDDEN + 1],
            z: [0.0; MAX_OUTPUTS],
        };
        for h in 0..self.hidden {
            let s: f64 = (0..=self.inputs)
                .map(|c| x[l1.weight(h, c)] * self.a0(i, c))
                .sum();
            fw.a1[h] = s.tanh();
        }
        fw.a1[self.hidden] = 1.0;
        for j in 0..self.outputs {
            fw.z[j] = (0..=self.hidden)
                .map(|c| x[l2.weight(j, c)] * fw.a1[c])
                .sum();
        }
        fw
    }

    /// Back-propagates g₂ = ∂ℓ/∂z of sample i into `out` (Jᵢᵀg₂ added, times `scale`),
    /// returning g₁ = ∂ℓ/∂s₁.
    fn backward(
        &self,
        x: &[f64],
        i: usize,
        fw: &Forward,
        g2: &[f64],
        scale: f64,
        out: Option<&mut [f64]>,
    ) -> [f64; MAX_HIDDEN] {
        let [l1, l2] = self.layers;
        let mut g1 = [0.0; MAX_HIDDEN];
        for h in 0..self.hidden {
            let back: f64 = (0..self.outputs).map(|j| x[l2.weight(j, h)] * g2[j]).sum();
            g1[h] = back * (1.0 - fw.a1[h] * fw.a1[h]);
        }
        if let Some(out) = out {
            for j in 0..self.outputs {
                for c in 0..=self.hidden {
                    out[l2.weight(j, c)] += scale * g2[j] * fw.a1[c];
                }
            }
            for h in 0..self.hidden {
                for c in 0..=self.inputs {
                    out[l1.weight(h, c)] += scale * g1[h] * self.a0(i, c);
                }
            }
        }
        g1
    }
}

impl Objective for TwoLayer {
    fn dim(&self) -> usize {
        self.layers[0].len() + self.layers[1].len()
    }
    fn value(&self, x: &[f64]) -> f64 {
        let n = self.samples_count();
        let mut f = 0.0;
        for i in 0..n {
            let fw = self.forward(x, i);
            for j in 0..self.outputs {
                f += 0.5 * (fw.z[j] - self.y[i * self.outputs + j]).powi(2);
            }
        }
        f / n as f64
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        let n = self.samples_count();
        g.fill(0.0);
        for i in 0..n {
            let fw = self.forward(x, i);
            let mut g2 = [0.0; MAX_OUTPUTS];
            for j in 0..self.outputs {
                g2[j] = fw.z[j] - self.y[i * self.outputs + j];
            }
            self.backward(x, i, &fw, &g2[..self.outputs], 1.0 / n as f64, Some(g));
        }
    }
}

impl GaussNewtonProduct for TwoLayer {
    fn gauss_newton_vector_product(&self, x: &[f64], v: &[f64], gv: &mut [f64]) {
        // G v = (1/N) Σ Jᵢᵀ (Jᵢ v): Jᵢv by forward mode, then back-propagated.
        let [l1, l2] = self.layers;
        let n = self.samples_count();
        gv.fill(0.0);
        for i in 0..n {
            let fw = self.forward(x, i);
            let mut da1 = [0.0; MAX_HIDDEN + 1];
            for h in 0..self.hidden {
                let ds: f64 = (0..=self.inputs)
                    .map(|c| v[l1.weight(h, c)] * self.a0(i, c))
                    .sum();
                da1[h] = (1.0 - fw.a1[h] * fw.a1[h]) * ds;
            }
            let mut dz = [0.0; MAX_OUTPUTS];
            for j in 0..self.outputs {
                dz[j] = (0..=self.hidden)
                    .map(|c| v[l2.weight(j, c)] * fw.a1[c] + x[l2.weight(j, c)] * da1[c])
                    .sum();
            }
            self.backward(x, i, &fw, &dz[..self.outputs], 1.0 / n as f64, Some(gv));
        }
    }
}

impl Layered for TwoLayer {
    fn layers(&self) -> &[Layer] {
        &self.layers
    }
    fn samples(&self) -> usize {
        self.samples_count()
    }
    fn layer_statistics(
        &self,
        x: &[f64],
        batch: &[usize],
        targets: Targets,
        out: &mut Vec<LayerStatistics>,
    ) {
        if self.record {
            self.last_targets.set(Some(targets));
            self.batches.borrow_mut().push(batch.to_vec());
        }
        out.resize(2, LayerStatistics::default());
        let (first, second) = out.split_at_mut(1);
        let (s1, s2) = (&mut first[0], &mut second[0]);
        (s1.inputs, s1.outputs, s1.samples) = (self.inputs, self.hidden, batch.len());
        (s2.inputs, s2.outputs, s2.samples) = (self.hidden, self.outputs, batch.len());
        for s in [&mut *s1, &mut *s2] {
            s.a.clear();
            s.g.clear();
        }
        let mut rng = match targets {
            Targets::Sampled { seed } => Some(Rng::new(seed)),
            Targets::Empirical => None,
        };
        for &i in batch {
            let fw = self.forward(x, i);
            let mut g2 = [0.0; MAX_OUTPUTS];
            for j in 0..self.outputs {
                let y = match rng.as_mut() {
                    Some(rng) => fw.z[j] + rng.normal(),
                    None => self.y[i * self.outputs + j],
                };
                g2[j] = fw.z[j] - y;
            }
            let g1 = self.backward(x, i, &fw, &g2[..self.outputs], 0.0, None);
            s1.a.extend((0..=self.inputs).map(|c| self.a0(i, c)));
            s1.g.extend_from_slice(&g1[..self.hidden]);
            s2.a.extend_from_slice(&fw.a1[..=self.hidden]);
            s2.g.extend_from_slice(&g2[..self.outputs]);
        }
    }
}

/// One layer whose Hessian is a Kronecker product by construction:
/// f = ½xᵀ(A ⊗ G)x − cᵀx, with A = (1/N)Σₖ āₖāₖᵀ and G = (1/N)Σₖ gₖgₖᵀ over fixed
/// per-sample vectors āₖ (last entry 1) and gₖ, which `layer_statistics` reports (gₖ
/// multiplied by the number of the call when `g_grows` is set). K-FAC's Ā ⊗ Γ over all
/// samples is then exactly ∇²f.
pub struct KroneckerQuadratic {
    pub layer: [Layer; 1],
    /// āₖ, (inputs + 1) × N column-major.
    pub abar: Vec<f64>,
    /// gₖ, outputs × N column-major.
    pub g: Vec<f64>,
    pub h: Vec<f64>,
    pub c: Vec<f64>,
    pub g_grows: bool,
    pub calls: Cell<usize>,
}

impl KroneckerQuadratic {
    pub fn new(inputs: usize, outputs: usize, abar: Vec<f64>, g: Vec<f64>, x_star: &[f64]) -> Self {
        let (da, dg) = (inputs + 1, outputs);
        let n = abar.len() / da;
        assert_eq!(g.len(), dg * n);
        let moment = |v: &[f64], d: usize| {
            let mut m = vec![0.0; d * d];
            for u in v.chunks_exact(d) {
                for q in 0..d {
                    for p in 0..d {
                        m[q * d + p] += u[p] * u[q] / n as f64;
                    }
                }
            }
            m
        };
        let h = kron(&moment(&abar, da), da, &moment(&g, dg), dg);
        let mut c = vec![0.0; da * dg];
        mat_vec(&h, da * dg, x_star, &mut c);
        Self {
            layer: [Layer {
                inputs,
                outputs,
                offset: 0,
            }],
            abar,
            g,
            h,
            c,
            g_grows: false,
            calls: Cell::new(0),
        }
    }
}

impl Objective for KroneckerQuadratic {
    fn dim(&self) -> usize {
        self.c.len()
    }
    fn value(&self, x: &[f64]) -> f64 {
        let n = self.c.len();
        let mut hx = vec![0.0; n];
        mat_vec(&self.h, n, x, &mut hx);
        (0..n).map(|i| 0.5 * x[i] * hx[i] - self.c[i] * x[i]).sum()
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        mat_vec(&self.h, self.c.len(), x, g);
        for (gi, ci) in g.iter_mut().zip(&self.c) {
            *gi -= ci;
        }
    }
}

impl Layered for KroneckerQuadratic {
    fn layers(&self) -> &[Layer] {
        &self.layer
    }
    fn samples(&self) -> usize {
        self.abar.len() / (self.layer[0].inputs + 1)
    }
    fn layer_statistics(
        &self,
        _: &[f64],
        batch: &[usize],
        _: Targets,
        out: &mut Vec<LayerStatistics>,
    ) {
        self.calls.set(self.calls.get() + 1);
        let scale = if self.g_grows {
            self.calls.get() as f64
        } else {
            1.0
        };
        let l = self.layer[0];
        let (da, dg) = (l.inputs + 1, l.outputs);
        out.resize(1, LayerStatistics::default());
        let s = &mut out[0];
        (s.inputs, s.outputs, s.samples) = (l.inputs, l.outputs, batch.len());
        s.a.clear();
        s.g.clear();
        for &k in batch {
            s.a.extend_from_slice(&self.abar[k * da..(k + 1) * da]);
            s.g.extend(self.g[k * dg..(k + 1) * dg].iter().map(|v| scale * v));
        }
    }
}
