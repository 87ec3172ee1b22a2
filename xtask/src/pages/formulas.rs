//! The documents' own formulas where they differ from the toolkit's methods: the
//! correct bias correction the *Gradient Descent Optimizations* cells meant as a
//! learning-rate schedule, and the cells' wrong variants, kept to draw the errata.

use first_order::Schedule;
use optim_core::{Error, FirstOrder, Named};

/// Bias correction of an EWA momentum as a schedule: ηₜ = α / (1 ∓ βᵗ⁺¹) (t counts
/// from 0, so the first step divides by 1 ∓ β). `minus: true` is the correct
/// 1 − βᵗ; `false` is the notebook's 1 + βᵗ.
#[derive(Clone, Copy, Debug)]
pub struct BiasCorrection {
    /// β of the average.
    pub beta: f64,
    /// 1 − βᵗ (correct) rather than 1 + βᵗ (the notebook).
    pub minus: bool,
}

impl Schedule for BiasCorrection {
    fn lr(&self, base_lr: f64, t: usize) -> f64 {
        let b = self.beta.powf((t + 1) as f64);
        base_lr / if self.minus { 1.0 - b } else { 1.0 + b }
    }
    fn validate(&self) -> Result<(), Error> {
        optim_core::error::check_param("beta", self.beta, "in [0, 1)", |b| (0.0..1.0).contains(&b))
    }
}

/// The Adam cell of *Gradient Descent Optimizations*, as written: the averages
/// m ← β₁m + (1 − β₁)g and v ← β₂v + (1 − β₂)g², "corrected" by 1 + βᵗ, and the step
/// x ← x − α·m/(ε + √v̂) with the *uncorrected* m.
#[derive(Clone, Copy, Debug)]
pub struct NotebookAdam {
    /// α.
    pub lr: f64,
    /// (β₁, β₂).
    pub betas: (f64, f64),
    /// ε, added to √v̂.
    pub eps: f64,
}

/// The state of [`NotebookAdam`]: t, m and v.
#[derive(Clone, Debug)]
pub struct NotebookAdamState {
    t: i32,
    m: Vec<f64>,
    v: Vec<f64>,
}

impl Named for NotebookAdam {
    fn name(&self) -> &'static str {
        "Adam as the notebook writes it"
    }
}

impl FirstOrder for NotebookAdam {
    type State = NotebookAdamState;
    fn lr(&self) -> f64 {
        self.lr
    }
    fn validate(&self) -> Result<(), Error> {
        Ok(())
    }
    fn init_state(&self, n: usize) -> Result<Self::State, Error> {
        Ok(NotebookAdamState {
            t: 0,
            m: vec![0.0; n],
            v: vec![0.0; n],
        })
    }
    fn step_with_lr(
        &self,
        state: &mut Self::State,
        x: &mut [f64],
        g: &[f64],
        lr: f64,
    ) -> Result<(), Error> {
        let (b1, b2) = self.betas;
        state.t += 1;
        for i in 0..x.len() {
            state.m[i] = b1 * state.m[i] + (1.0 - b1) * g[i];
            state.v[i] = b2 * state.v[i] + (1.0 - b2) * g[i] * g[i];
            let v_hat = state.v[i] / (1.0 + b2.powi(state.t));
            x[i] -= lr * state.m[i] / (self.eps + v_hat.sqrt());
        }
        Ok(())
    }
}

/// Steps that divide by the root of accumulated squared gradients, as two documents
/// write them wrongly: s ← s + g² (`rho: None`, Adagrad) or s ← ρs + (1 − ρ)g²
/// (`Some(ρ)`, RMSprop), then x ← x − η·n/√(s + ε) with the numerator n = g² when
/// `squared` (the Adagrad and RMSprop of *A journey into optimization algorithms*),
/// else n = g (the Adadelta of *Gradient Descent Based Optimizers*, which has lost
/// the RMS of past updates from its numerator and so is RMSprop).
#[derive(Clone, Copy, Debug)]
pub struct AsWritten {
    /// η.
    pub lr: f64,
    /// The averaging factor ρ, or `None` for Adagrad's sum.
    pub rho: Option<f64>,
    /// ε, under the root.
    pub eps: f64,
    /// g² rather than g in the numerator.
    pub squared: bool,
}

impl Named for AsWritten {
    fn name(&self) -> &'static str {
        "as a document writes it"
    }
}

impl FirstOrder for AsWritten {
    type State = Vec<f64>;
    fn lr(&self) -> f64 {
        self.lr
    }
    fn validate(&self) -> Result<(), Error> {
        Ok(())
    }
    fn init_state(&self, n: usize) -> Result<Self::State, Error> {
        Ok(vec![0.0; n])
    }
    fn step_with_lr(
        &self,
        s: &mut Self::State,
        x: &mut [f64],
        g: &[f64],
        lr: f64,
    ) -> Result<(), Error> {
        for i in 0..x.len() {
            let g2 = g[i] * g[i];
            s[i] = match self.rho {
                None => s[i] + g2,
                Some(rho) => rho * s[i] + (1.0 - rho) * g2,
            };
            let numerator = if self.squared { g2 } else { g[i] };
            x[i] -= lr * numerator / (s[i] + self.eps).sqrt();
        }
        Ok(())
    }
}
