//! L-BFGS: BFGS from the last m curvature pairs, by the two-loop recursion.
//!
//! With the pairs (sᵢ, yᵢ), ρᵢ = 1/(yᵢᵀsᵢ), of the last m iterations (newest k−1):
//!
//! ```text
//! q ← gₖ
//! for i = k−1, …, k−m:  αᵢ = ρᵢ sᵢᵀq,  q ← q − αᵢ yᵢ
//! r ← γₖ q,             γₖ = sₖ₋₁ᵀyₖ₋₁ / yₖ₋₁ᵀyₖ₋₁   (H₀ = γₖ I, NW eq. 7.20)
//! for i = k−m, …, k−1:  β = ρᵢ yᵢᵀr,  r ← r + sᵢ(αᵢ − β)
//! pₖ = −r,   xₖ₊₁ = xₖ + αₖ pₖ          αₖ: strong Wolfe (c₁ = 1e-4, c₂ = 0.9)
//! ```
//!
//! The pairs live in two ring buffers of m·n numbers allocated once by `init`; an
//! iteration allocates nothing (`tests/no_alloc.rs` counts). Cost per
//! iteration: 4mn flops for the recursion plus the line search's evaluations.
//!
//! As L-BFGS-B (scipy's `L-BFGS-B` without bounds): the first trial step is
//! α₀ = 1/‖g₀‖ on the first iteration (a first step of unit length) and α₀ = 1 after;
//! a pair is dropped, and [`Event::CurvatureSkip`] recorded, when
//! sᵀy ≤ ε_mach·(−gₖᵀs). Unlike L-BFGS-B, the line search's c₁ is 1e-4 (L-BFGS-B
//! uses 1e-3) and a `dcsrch` warning is a failure rather than an accepted step: the
//! run then ends with
//! [`StopReason::LineSearchFailed`](optim_core::StopReason::LineSearchFailed) at the
//! last good iterate. The exception is an f that keeps falling steeply through the
//! whole search (its 20 trials extrapolate by up to ×5 each): x moves to the last
//! trial and the run ends with
//! [`StopReason::Unbounded`](optim_core::StopReason::Unbounded) (see
//! [`line_search`](crate::line_search)). The step is [`descend`]'s, shared with the
//! other line-search methods.
//! On Rosenbrock from (4, −4.1) to ‖∇f‖₂ ≤ 1e-6: 32 iterations, 39 evaluations of f
//! and ∇f (scipy 1.17's L-BFGS-B: 32 iterations). On the separable extended
//! Rosenbrock from (−1.2, 1, …): 36–39 iterations at any n from 10 to 10⁶.
//!
//! Reference: Nocedal & Wright, *Numerical Optimization* (2nd ed.), Algorithms 7.4
//! and 7.5; Liu & Nocedal, "On the limited memory BFGS method for large scale
//! optimization", Math. Programming 45 (1989).
//!
//! ```
//! use optim_core::{minimize, FnObjective, Stop, StopReason};
//! use second_order::Lbfgs;
//! // Σ i·(xᵢ − 1)², i = 1..=20
//! let f = FnObjective::new(
//!     20,
//!     |x: &[f64]| x.iter().enumerate().map(|(i, v)| (i + 1) as f64 * (v - 1.0).powi(2)).sum(),
//!     |x: &[f64], g: &mut [f64]| {
//!         for (i, (gi, v)) in g.iter_mut().zip(x).enumerate() {
//!             *gi = 2.0 * (i + 1) as f64 * (v - 1.0);
//!         }
//!     },
//! );
//! let run = minimize(&Lbfgs::default(), &f, &[0.0; 20], &Stop::after(200).grad_tol(1e-8))?;
//! assert_eq!(run.stop, StopReason::GradientTolerance);
//! assert!(run.x.iter().all(|v| (v - 1.0).abs() < 1e-8));
//! # Ok::<(), optim_core::Error>(())
//! ```

use optim_core::vector::{axpy, dot, norm};
use optim_core::{Error, Event, Method, Named, Objective, Problem, Start, Step};

use crate::line_search::descend::descend;
use crate::line_search::{LineSearch, StrongWolfe, curvature_too_small};

/// L-BFGS configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lbfgs {
    /// Number of curvature pairs kept, ≥ 1. Default 10 (scipy's `maxcor`).
    pub m: usize,
    /// The line search. Default: c₁ = 1e-4, c₂ = 0.9, steps in [1e-100, 1e100],
    /// xtol 1e-14, 20 trials (L-BFGS-B's budget per search).
    pub line_search: StrongWolfe,
}

impl Default for Lbfgs {
    /// [`Lbfgs::new(10)`](Lbfgs::new): 10 pairs (scipy's `maxcor`) and a search of at
    /// most 20 trials (L-BFGS-B's budget), where [`StrongWolfe::default`] allows 100.
    fn default() -> Self {
        Self::new(10)
    }
}

impl Lbfgs {
    /// L-BFGS keeping `m` curvature pairs, with L-BFGS-B's line-search budget: the
    /// strong-Wolfe search of [`StrongWolfe::default`] with 20 trials instead of 100.
    pub fn new(m: usize) -> Self {
        Self {
            m,
            line_search: StrongWolfe {
                max_trials: 20,
                ..StrongWolfe::default()
            },
        }
    }
}

/// What L-BFGS carries from one iteration to the next.
#[derive(Debug, Clone)]
pub struct LbfgsState {
    /// sᵢ, m rows of n, a ring buffer.
    s: Vec<f64>,
    /// yᵢ, same layout.
    y: Vec<f64>,
    rho: Vec<f64>,
    alpha: Vec<f64>,
    /// Row of the oldest pair, and how many pairs are stored.
    head: usize,
    len: usize,
    g: Vec<f64>,
    f: f64,
    p: Vec<f64>,
    /// The line search's trials; after a step, xₖ and gₖ.
    x_other: Vec<f64>,
    g_other: Vec<f64>,
    first: bool,
}

impl LbfgsState {
    /// How many curvature pairs are stored (at most m).
    pub fn pairs(&self) -> usize {
        self.len
    }
}

impl Named for Lbfgs {
    fn name(&self) -> &'static str {
        "L-BFGS"
    }
}

impl<O: Objective + ?Sized> Method<O> for Lbfgs {
    type State = LbfgsState;

    fn init(&self, obj: &Problem<'_, O>, x0: &[f64]) -> Result<(LbfgsState, Start), Error> {
        optim_core::error::check_param("m", self.m as f64, ">= 1", |v| v >= 1.0)?;
        self.line_search.validate()?;
        let n = obj.dim();
        optim_core::error::check_len("x0", x0, n)?;
        let m = self.m;
        let mut g = vec![0.0; n];
        let f = obj.value_and_gradient(x0, &mut g);
        let gnorm = norm(&g);
        let state = LbfgsState {
            s: vec![0.0; m * n],
            y: vec![0.0; m * n],
            rho: vec![0.0; m],
            alpha: vec![0.0; m],
            head: 0,
            len: 0,
            g,
            f,
            p: vec![0.0; n],
            x_other: vec![0.0; n],
            g_other: vec![0.0; n],
            first: true,
        };
        Ok((state, Start::new(f, gnorm)))
    }

    fn iterate(
        &self,
        obj: &Problem<'_, O>,
        x: &mut [f64],
        st: &mut LbfgsState,
    ) -> Result<Step, Error> {
        let n = x.len();
        let m = self.m;

        two_loop(st, n, m);
        // With no pairs yet p = −g, so 1/‖g‖ is the unit first step L-BFGS-B takes.
        let alpha0 = if st.first { 1.0 / norm(&st.g) } else { 1.0 };
        let descent = descend(
            &self.line_search,
            obj,
            x,
            &mut st.f,
            &mut st.g,
            &mut st.p,
            &mut st.x_other,
            &mut st.g_other,
            |_| alpha0,
        )?;
        if descent.reset {
            // Only rounding can get here (every stored pair has sᵀy > 0): forget them.
            st.len = 0;
        }
        if !descent.step.accepted {
            return Ok(descent.step);
        }
        st.first = false;

        // The new pair goes into the oldest row once the buffer is full; x and g are
        // xₖ₊₁ and gₖ₊₁ now, x_other and g_other hold xₖ and gₖ.
        let row = (st.head + st.len) % m;
        let (s, y) = (
            &mut st.s[row * n..(row + 1) * n],
            &mut st.y[row * n..(row + 1) * n],
        );
        for i in 0..n {
            s[i] = x[i] - st.x_other[i];
            y[i] = st.g[i] - st.g_other[i];
        }
        let sy = dot(s, y);
        let g_dot_s = dot(&st.g_other, s);
        if curvature_too_small(sy, g_dot_s) {
            return Ok(descent.step.with(Event::CurvatureSkip));
        }
        st.rho[row] = 1.0 / sy;
        if st.len < m {
            st.len += 1;
        } else {
            st.head = (st.head + 1) % m;
        }
        Ok(descent.step)
    }

    fn gradient<'s>(&self, st: &'s LbfgsState) -> Option<&'s [f64]> {
        Some(&st.g)
    }
}

/// p ← −Hₖgₖ by the two-loop recursion over the stored pairs.
fn two_loop(st: &mut LbfgsState, n: usize, m: usize) {
    let p = &mut st.p;
    p.copy_from_slice(&st.g);
    for k in (0..st.len).rev() {
        let row = (st.head + k) % m;
        let s = &st.s[row * n..(row + 1) * n];
        let y = &st.y[row * n..(row + 1) * n];
        let a = st.rho[row] * dot(s, p);
        st.alpha[row] = a;
        axpy(-a, y, p);
    }
    if st.len > 0 {
        let newest = (st.head + st.len - 1) % m;
        let y = &st.y[newest * n..(newest + 1) * n];
        // γ = sᵀy/yᵀy = 1/(ρ·yᵀy)
        let gamma = 1.0 / (st.rho[newest] * dot(y, y));
        p.iter_mut().for_each(|v| *v *= gamma);
    }
    for k in 0..st.len {
        let row = (st.head + k) % m;
        let s = &st.s[row * n..(row + 1) * n];
        let y = &st.y[row * n..(row + 1) * n];
        let b = st.rho[row] * dot(y, p);
        axpy(st.alpha[row] - b, s, p);
    }
    p.iter_mut().for_each(|v| *v = -*v);
}
