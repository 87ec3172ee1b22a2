//! The options every torch.optim rule shares — `maximize` and weight decay, coupled
//! (L2) or decoupled — written once, as a transform of the gradient and the weights
//! applied before a rule's own arithmetic.
//!
//! # Update
//!
//! With gradient g, weights x, learning rate η of this step and decay λ, each rule
//! runs on the *effective* gradient d and the *decayed* weights x̃:
//!
//! ```text
//! d = ±g + λ·x        (− when maximize; λ·x only for coupled L2 decay)
//! x̃ = (1 − η·λ)·x     (decoupled decay, AdamW; Loshchilov & Hutter 2019)
//!   = (1 − λ)·x       (fixed decay, AdaBelief's `fixed_decay`)
//!   = x               (otherwise)
//! ```
//!
//! then takes its step from x̃ with d: its kernel receives d and the factor
//! x̃/x and writes `x ← factor·x + its update` in the same pass (the factor is exactly 1
//! unless decay is decoupled). This is torch's order, operation for operation:
//! `grad = -grad if maximize`, `grad = grad.add(param, alpha=weight_decay)`, or
//! `param.mul_(1 - lr * weight_decay)` before the update, so trajectories stay those
//! of torch to the bit (`tests/reference.rs`). `tests/conformance.rs` checks the three
//! identities that define the options for every rule: maximising f is minimising −f,
//! coupled decay λ is adding λ/2·‖x‖² to f, and with g = 0 decoupled decay multiplies x
//! by (1 − ηλ) per step.
//!
//! # Cost
//!
//! Without `maximize` and coupled decay the rule runs on the caller's gradient as it is
//! (decoupled decay is one multiplication in the rule's own pass). Otherwise d is
//! formed in blocks of [`BLOCK`] elements on the stack, each handed to the rule while
//! it is still in the L1 cache: no allocation and no second pass over memory, at the
//! price of the arithmetic (`benches/adam_bandwidth.rs` measures it).
//!
//! [`Regularization::apply_split`] runs a rule that says which state vectors it
//! updates: once the step moves enough memory
//! ([`parallel`](optim_core::vector::parallel): 3 + 2K f64 per element for K state
//! vectors, from 3.5·10⁵ elements for plain SGD and 1.5·10⁵ for Adam) the vectors
//! are cut into pieces (at most 32 768 elements, at least eight pieces) that rayon's
//! threads update side by side.
//! Every element is updated by the same arithmetic whatever piece it falls in, so
//! the step is the same to the bit on any number of threads; each piece runs with
//! the widest instruction set the CPU has (AVX2 where present), where the baseline
//! x86-64 build would be limited to two-lane SSE2 square roots and divisions.
//!
//! References: torch.optim (`_single_tensor_*` of each optimizer); I. Loshchilov and
//! F. Hutter, "Decoupled Weight Decay Regularization", ICLR 2019.

/// Elements per piece of a parallel step, at most: 32 768 f64, 256 KiB a vector.
/// Shorter vectors are cut into at least eight pieces (a multiple of [`BLOCK`]).
const PIECE: usize = 1 << 15;

/// Up to this many elements the step runs as plain scalar code, without choosing an
/// instruction set at run time (the course's 2-D landscapes take 10⁵–10⁶ such steps).
const SCALAR_MAX: usize = 16;

/// Elements per block when the gradient is transformed (2 KiB on the stack; smaller
/// and larger blocks measured slower on the Adam benchmark).
pub const BLOCK: usize = 128;

/// How a rule decays the weights.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WeightDecay {
    /// No decay.
    None,
    /// L2 regularisation: the gradient becomes g + λ·x (torch's `weight_decay`).
    Coupled(f64),
    /// x ← (1 − η·λ)·x before the step, η the step's learning rate (AdamW's decay,
    /// torch's `decoupled_weight_decay`, Lion's `weight_decay`).
    Decoupled(f64),
    /// x ← (1 − λ)·x before the step, whatever the learning rate (AdaBelief's
    /// `fixed_decay`).
    Fixed(f64),
}

/// What a rule's step does to the gradient and the weights before its own arithmetic.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Regularization {
    /// Ascend: the rule sees −g.
    pub maximize: bool,
    /// The weight decay.
    pub weight_decay: WeightDecay,
}

impl Regularization {
    /// Neither option: the rule sees g and x as they are.
    pub const NONE: Regularization = Regularization {
        maximize: false,
        weight_decay: WeightDecay::None,
    };

    /// torch's two flags: `weight_decay` λ, coupled unless `decoupled`, and `maximize`.
    pub fn torch(maximize: bool, weight_decay: f64, decoupled: bool) -> Self {
        let weight_decay = if decoupled {
            WeightDecay::Decoupled(weight_decay)
        } else {
            WeightDecay::Coupled(weight_decay)
        };
        Self {
            maximize,
            weight_decay,
        }
    }

    /// Runs `rule(x, d, state, decay)` over the whole parameter vector: `x`, `d` and
    /// each of `state` are the same elements of the weights, of the effective
    /// gradient and of the rule's state vectors, and the rule must set each
    /// `x ← decay·x + its update` (decay is exactly 1.0 without decoupled decay, so
    /// multiplying by it is exact). On the caller's slices when the gradient needs no
    /// transform, else block by block; on both cores for long vectors (module docs).
    /// Every slice must have the length of `params`.
    pub fn apply_split<const K: usize, R>(
        &self,
        params: &mut [f64],
        grad: &[f64],
        state: [&mut [f64]; K],
        lr: f64,
        rule: R,
    ) where
        R: Fn(&mut [f64], &[f64], [&mut [f64]; K], f64) + Sync,
    {
        let n = params.len();
        if n <= SCALAR_MAX {
            // Element-wise arithmetic without FMA has the same bits at every width, and
            // for a handful of elements the dispatch costs more than the update.
            return self.blocks(params, grad, state, lr, &rule);
        }
        let par = optim_core::vector::parallel(n, 3 + 2 * K);
        let piece = (n / 8 / BLOCK * BLOCK).clamp(BLOCK, PIECE);
        self.split(params, grad, state, lr, par.then_some(piece), &rule);
    }

    fn split<const K: usize, R>(
        &self,
        params: &mut [f64],
        grad: &[f64],
        state: [&mut [f64]; K],
        lr: f64,
        piece: Option<usize>,
        rule: &R,
    ) where
        R: Fn(&mut [f64], &[f64], [&mut [f64]; K], f64) + Sync,
    {
        let n = params.len();
        let Some(piece) = piece.filter(|&p| n > p) else {
            let mut state = Some(state);
            return optim_core::vector::with_simd(
                #[inline(always)]
                || {
                    if let Some(state) = state.take() {
                        self.blocks(params, grad, state, lr, rule)
                    }
                },
            );
        };
        // Halves at a multiple of the piece (and so of BLOCK): which block an element
        // falls in does not depend on the split.
        let mid = n.div_ceil(piece) / 2 * piece;
        let (x0, x1) = params.split_at_mut(mid);
        let (g0, g1) = grad.split_at(mid);
        let mut halves = state.map(|s| {
            let (a, b) = s.split_at_mut(mid);
            (Some(a), Some(b))
        });
        let s0: [&mut [f64]; K] = std::array::from_fn(|i| halves[i].0.take().unwrap_or_default());
        let s1: [&mut [f64]; K] = std::array::from_fn(|i| halves[i].1.take().unwrap_or_default());
        rayon::join(
            || self.split(x0, g0, s0, lr, Some(piece), rule),
            || self.split(x1, g1, s1, lr, Some(piece), rule),
        );
    }

    /// One piece: the rule on the caller's slices, or block by block on the
    /// transformed gradient.
    #[inline(always)]
    fn blocks<const K: usize, R>(
        &self,
        params: &mut [f64],
        grad: &[f64],
        mut state: [&mut [f64]; K],
        lr: f64,
        rule: &R,
    ) where
        R: Fn(&mut [f64], &[f64], [&mut [f64]; K], f64),
    {
        let sign = if self.maximize { -1.0 } else { 1.0 };
        let (l2, decay) = self.factors(lr);
        if !self.maximize && l2 == 0.0 {
            rule(params, grad, state, decay);
            return;
        }
        let mut d = [0.0; BLOCK];
        for (i, (x, g)) in params.chunks_mut(BLOCK).zip(grad.chunks(BLOCK)).enumerate() {
            let d = &mut d[..x.len()];
            for ((di, gi), xi) in d.iter_mut().zip(g).zip(x.iter()) {
                *di = sign * gi + l2 * xi;
            }
            let range = i * BLOCK..i * BLOCK + x.len();
            let pieces = state.each_mut().map(|s| &mut s[range.clone()]);
            rule(x, d, pieces, decay);
        }
    }

    /// (λ of coupled L2, the weights' decay factor) for a step of learning rate lr.
    fn factors(&self, lr: f64) -> (f64, f64) {
        match self.weight_decay {
            WeightDecay::None => (0.0, 1.0),
            WeightDecay::Coupled(lambda) => (lambda, 1.0),
            WeightDecay::Decoupled(lambda) => (0.0, 1.0 - lr * lambda),
            WeightDecay::Fixed(lambda) => (0.0, 1.0 - lambda),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Collects what the rule is shown, block by block, and applies the decay; a state
    /// vector holding each element's index tells where a block starts.
    fn seen(reg: Regularization, x: &mut [f64], g: &[f64], lr: f64) -> Vec<(usize, Vec<f64>)> {
        let blocks = std::sync::Mutex::new(Vec::new());
        let mut index: Vec<f64> = (0..x.len()).map(|i| i as f64).collect();
        reg.apply_split(x, g, [&mut index[..]], lr, |x, d, [at], decay| {
            x.iter_mut().for_each(|xi| *xi *= decay);
            blocks.lock().unwrap().push((at[0] as usize, d.to_vec()));
        });
        let mut blocks = blocks.into_inner().unwrap();
        blocks.sort_by_key(|b| b.0);
        blocks
    }

    #[test]
    fn nothing_to_do_passes_the_callers_slices_whole() {
        let n = 3 * BLOCK + 7;
        let mut x = vec![1.0; n];
        let g: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let blocks = seen(Regularization::torch(false, 0.0, true), &mut x, &g, 0.1);
        assert_eq!(blocks, vec![(0, g.clone())]);
        assert_eq!(x, vec![1.0; n]);
    }

    #[test]
    fn blocks_cover_every_element_once_with_torchs_arithmetic() {
        let n = 2 * BLOCK + 3;
        let x0: Vec<f64> = (0..n).map(|i| (i as f64 * 0.3).sin()).collect();
        let g: Vec<f64> = (0..n).map(|i| (i as f64 * 0.7).cos()).collect();
        let mut x = x0.clone();
        let blocks = seen(Regularization::torch(true, 0.25, false), &mut x, &g, 0.1);
        assert_eq!(
            blocks.iter().map(|b| b.0).collect::<Vec<_>>(),
            [0, BLOCK, 2 * BLOCK]
        );
        let d: Vec<f64> = blocks.into_iter().flat_map(|b| b.1).collect();
        for i in 0..n {
            // torch: grad = -grad; grad = grad.add(param, alpha=weight_decay)
            assert_eq!(d[i], -g[i] + 0.25 * x0[i]);
        }
        assert_eq!(x, x0, "coupled decay leaves the weights to the rule");
        // Decoupled decay alone: the caller's gradient, whole, and the factor.
        let mut x = x0.clone();
        let blocks = seen(Regularization::torch(false, 0.25, true), &mut x, &g, 0.1);
        assert_eq!(blocks, vec![(0, g.clone())]);

        let mut x = x0.clone();
        seen(Regularization::torch(false, 0.25, true), &mut x, &g, 0.1);
        for i in 0..n {
            assert_eq!(x[i], x0[i] * (1.0 - 0.1 * 0.25));
        }
        let fixed = Regularization {
            maximize: false,
            weight_decay: WeightDecay::Fixed(0.25),
        };
        let mut x = x0.clone();
        seen(fixed, &mut x, &g, 0.1);
        assert_eq!(x[5], x0[5] * 0.75);
    }
}
