//! L-BFGS: BFGS from the last m curvature pairs, by the two-loop recursion on their
//! dot products (the vector-free form).
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
//! **Vector-free.** Every vector the recursion forms (q, r, and so pₖ) is a linear
//! combination of the basis {sᵢ, yᵢ, gₖ}, and every product it takes is a product of
//! two basis vectors. So the recursion runs on the coefficients, from the small
//! matrices SᵀY, YᵀY and the vectors Sᵀg, Yᵀg, and touches the n-vectors twice per
//! iteration: one pass that takes the new products (the rows of S against gₖ₊₁ and
//! yₖ, those of Y against gₖ₊₁, sₖ and yₖ: [`vector::gram`],
//! each row read once) and one that forms pₖ as the combination
//! ([`vector::combine`]). This is the dot-product
//! formulation of Chen, Wang, Zhou & Yan, "Large-scale L-BFGS using MapReduce"
//! (NeurIPS 2014), without SᵀS, which the recursion never reads. The two-loop over the
//! vectors reads 4m vectors and writes 2m; this reads 4m + 6 and writes 1, about half
//! the memory traffic at large n, where the recursion is bound by it. In exact
//! arithmetic the iterates are the two-loop's; the reference two-loop stays beside it
//! in the unit tests (`lbfgs/two_loop.rs`), which compare directions and counts.
//!
//! The pairs live in one buffer of 2(m + 1) rows of n allocated once by `init` (a
//! spare slot takes the new pair before its curvature is checked); an iteration
//! allocates nothing (`tests/no_alloc.rs` counts). Each pass runs on rayon's threads
//! once it moves enough memory ([`parallel`](optim_core::vector::parallel)): the two
//! passes over the 2m rows from about 5·10⁴ elements, the line search's vector
//! updates and the pair's formation from a few 10⁵, with the same bits on any number
//! of threads.
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

use optim_core::vector::{self, norm};
use optim_core::{Error, Event, Method, Named, Objective, Problem, Start, Step};

use crate::line_search::descend::descend;
use crate::line_search::{LineSearch, StrongWolfe, curvature_too_small};

#[cfg(test)]
mod two_loop;

/// L-BFGS configuration.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Lbfgs {
    /// Number of curvature pairs kept, in [1, 10⁴]. Default 10 (scipy's `maxcor`).
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

/// What L-BFGS carries from one iteration to the next: the pairs, their products
/// with each other and with the gradient, and the work space of the recursion.
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[derive(Debug, Clone)]
pub struct LbfgsState {
    /// The pairs, 2(m + 1) rows of n: sₐ in row a, yₐ in row m + 1 + a, for each
    /// slot a.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    pairs: Vec<f64>,
    /// The slots of the stored pairs, oldest first.
    order: Vec<usize>,
    /// The rows `gram` and `combine` read: the stored s rows, then their y rows.
    rows: Vec<usize>,
    /// The slot the next pair is written to.
    spare: usize,
    /// s_aᵀy_b for slots a, b, (m+1)×(m+1) row-major.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    sy: Vec<f64>,
    /// y_aᵀy_b, same layout.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    yy: Vec<f64>,
    /// s_aᵀgₖ and y_aᵀgₖ by slot.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    sg: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    yg: Vec<f64>,
    /// ρ by slot.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    rho: Vec<f64>,
    /// The recursion's coefficients by slot: αᵢ, and those of p on sᵢ and yᵢ.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    alpha: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    coef_s: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    coef_y: Vec<f64>,
    /// The coefficients in the order of `rows`, as `combine` reads them.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    ordered: Vec<f64>,
    /// `gram`'s outputs and its partial sums.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    products: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    scratch: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    g: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::scalar"))]
    f: f64,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    p: Vec<f64>,
    /// The line search's trials; after a step, xₖ and gₖ.
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    x_other: Vec<f64>,
    #[cfg_attr(feature = "serde", serde(with = "optim_core::serde_float::vec"))]
    g_other: Vec<f64>,
    first: bool,
}

impl LbfgsState {
    /// How many curvature pairs are stored (at most m).
    pub fn pairs(&self) -> usize {
        self.order.len()
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
        // The Gram matrix of the pairs holds (2m + 1)² floats: 10⁴ pairs is 3.2 GB of
        // it, far past any use (scipy's default is 10), and a larger m would overflow.
        optim_core::error::check_param("m", self.m as f64, "in [1, 10000]", |v| {
            (1.0..=10_000.0).contains(&v)
        })?;
        self.line_search.validate()?;
        let n = obj.dim();
        optim_core::error::check_len("x0", x0, n)?;
        let slots = self.m + 1;
        let mut g = vec![0.0; n];
        let f = obj.value_and_gradient(x0, &mut g);
        let gnorm = norm(&g);
        let state = LbfgsState {
            pairs: vec![0.0; 2 * slots * n],
            order: Vec::with_capacity(slots),
            rows: Vec::with_capacity(2 * slots),
            spare: 0,
            sy: vec![0.0; slots * slots],
            yy: vec![0.0; slots * slots],
            sg: vec![0.0; slots],
            yg: vec![0.0; slots],
            rho: vec![0.0; slots],
            alpha: vec![0.0; slots],
            coef_s: vec![0.0; slots],
            coef_y: vec![0.0; slots],
            ordered: vec![0.0; 2 * slots],
            products: vec![0.0; 6 * slots],
            scratch: vec![0.0; vector::gram_scratch_len(n, 6 * slots)],
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
        direction(st);
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
            st.order.clear();
            st.rows.clear();
        }
        if !descent.step.accepted {
            return Ok(descent.step);
        }
        st.first = false;

        // x and g are xₖ₊₁ and gₖ₊₁ now, x_other and g_other hold xₖ and gₖ. The new
        // pair goes to the spare slot, which joins the stored ones only if its
        // curvature passes.
        let new = st.spare;
        let slots = self.m + 1;
        let (s_rows, y_rows) = st.pairs.split_at_mut(slots * n);
        let (s, y) = (
            &mut s_rows[new * n..(new + 1) * n],
            &mut y_rows[new * n..(new + 1) * n],
        );
        let (sy, g_dot_s) = vector::pair_difference(s, y, [&*x, &st.x_other, &st.g, &st.g_other]);
        let step = if curvature_too_small(sy, g_dot_s) {
            descent.step.with(Event::CurvatureSkip)
        } else {
            if st.order.len() == self.m {
                st.spare = st.order.remove(0);
            } else {
                st.spare = first_free(&st.order, new, self.m + 1);
            }
            st.order.push(new);
            st.rho[new] = 1.0 / sy;
            descent.step
        };
        st.rows.clear();
        st.rows.extend(st.order.iter().copied());
        st.rows.extend(st.order.iter().map(|a| a + slots));
        update_products(st, n, slots, new);
        Ok(step)
    }

    fn gradient<'s>(&self, st: &'s LbfgsState) -> Option<&'s [f64]> {
        Some(&st.g)
    }

    /// Refuses a state made with another memory m, or whose vectors and slots do not
    /// fit m and n (an edited checkpoint): `iterate` would index out of them.
    fn check_state(&self, st: &LbfgsState, n: usize) -> Result<(), Error> {
        let slots = self.m + 1;
        let refuse = |why: String| Err(Error::InvalidCheckpoint(why));
        if st.rho.len() != slots {
            return refuse(format!(
                "the L-BFGS state keeps {} pairs, this L-BFGS m = {}",
                st.rho.len().saturating_sub(1),
                self.m
            ));
        }
        let lengths = [
            ("pairs", st.pairs.len(), 2 * slots * n),
            ("sy", st.sy.len(), slots * slots),
            ("yy", st.yy.len(), slots * slots),
            ("sg", st.sg.len(), slots),
            ("yg", st.yg.len(), slots),
            ("alpha", st.alpha.len(), slots),
            ("coef_s", st.coef_s.len(), slots),
            ("coef_y", st.coef_y.len(), slots),
            ("ordered", st.ordered.len(), 2 * slots),
            ("products", st.products.len(), 6 * slots),
            (
                "scratch",
                st.scratch.len(),
                vector::gram_scratch_len(n, 6 * slots),
            ),
            ("g", st.g.len(), n),
            ("p", st.p.len(), n),
            ("x_other", st.x_other.len(), n),
            ("g_other", st.g_other.len(), n),
        ];
        if let Some((name, got, want)) = lengths.iter().find(|(_, got, want)| got != want) {
            return refuse(format!(
                "the L-BFGS state's {name} has length {got}, m = {} and n = {n} give {want}",
                self.m
            ));
        }
        let distinct = st
            .order
            .iter()
            .enumerate()
            .all(|(i, a)| !st.order[..i].contains(a));
        let rows = st
            .order
            .iter()
            .copied()
            .chain(st.order.iter().map(|a| a + slots));
        if st.order.len() > self.m
            || !distinct
            || st.order.iter().chain([&st.spare]).any(|&a| a >= slots)
            || st.order.contains(&st.spare)
            || !st.rows.iter().copied().eq(rows)
        {
            return refuse(format!(
                "the L-BFGS state's slots do not fit m = {}: order {:?}, spare {}, rows {:?}",
                self.m, st.order, st.spare, st.rows
            ));
        }
        Ok(())
    }
}

/// A slot neither stored nor `taken`, among `slots`.
fn first_free(order: &[usize], taken: usize, slots: usize) -> usize {
    (0..slots)
        .find(|k| *k != taken && !order.contains(k))
        .expect("m + 1 slots hold at most m pairs and the new one")
}

/// The products the next recursion reads that the last step changed, in one pass
/// over the stored rows: sᵢᵀgₖ₊₁ and yᵢᵀgₖ₊₁ for every pair, and, when the pair in
/// slot `new` was stored, its products with the others (sᵢᵀy_new, s_newᵀyᵢ, yᵢᵀy_new).
fn update_products(st: &mut LbfgsState, n: usize, slots: usize, new: usize) {
    let stored = st.order.last() == Some(&new);
    let k = st.order.len();
    let g = &st.g[..];
    if stored {
        let s_new = &st.pairs[new * n..(new + 1) * n];
        let y_new = &st.pairs[(slots + new) * n..(slots + new + 1) * n];
        // Every stored row against (g, s_new, y_new); the rows of S need no s_new
        // (SᵀS is never read) but cost no extra memory traffic.
        vector::gram(
            &st.pairs,
            &st.rows,
            [g, s_new, y_new],
            &mut st.products,
            &mut st.scratch,
        );
        let (from_s, from_y) = st.products[..6 * k].split_at(3 * k);
        for (i, &a) in st.order.iter().enumerate() {
            st.sg[a] = from_s[3 * i];
            st.sy[a * slots + new] = from_s[3 * i + 2];
            st.yg[a] = from_y[3 * i];
            st.sy[new * slots + a] = from_y[3 * i + 1];
            st.yy[a * slots + new] = from_y[3 * i + 2];
            st.yy[new * slots + a] = from_y[3 * i + 2];
        }
    } else if k > 0 {
        vector::gram(&st.pairs, &st.rows, [g], &mut st.products, &mut st.scratch);
        for (i, &a) in st.order.iter().enumerate() {
            st.sg[a] = st.products[i];
            st.yg[a] = st.products[k + i];
        }
    }
}

/// p ← −Hₖgₖ: the two-loop recursion on the coefficients of q and r over the basis
/// {sᵢ, yᵢ, gₖ}, then one pass forming p.
///
/// q = q_g·g + Σ q_yⱼ·yⱼ (loop 1 only subtracts multiples of yᵢ), so
/// sᵢᵀq = q_g·sᵢᵀg + Σ q_yⱼ·sᵢᵀyⱼ. r = γq + Σ r_sⱼ·sⱼ (loop 2 adds multiples of sᵢ),
/// so yᵢᵀr = γ(q_g·yᵢᵀg + Σ q_yⱼ·yᵢᵀyⱼ) + Σ r_sⱼ·sⱼᵀyᵢ.
fn direction(st: &mut LbfgsState) {
    let slots = st.rho.len();
    if st.order.is_empty() {
        for (pi, gi) in st.p.iter_mut().zip(&st.g) {
            *pi = -gi;
        }
        return;
    }
    let order = &st.order;
    let (qy, rs) = (&mut st.coef_y, &mut st.coef_s);
    for &i in order {
        qy[i] = 0.0;
        rs[i] = 0.0;
    }
    let q_g = 1.0;
    for &i in order.iter().rev() {
        let mut siq = q_g * st.sg[i];
        for &j in order {
            siq += qy[j] * st.sy[i * slots + j];
        }
        let a = st.rho[i] * siq;
        st.alpha[i] = a;
        qy[i] -= a;
    }
    let newest = *order.last().expect("not empty");
    // γ = sᵀy/yᵀy = 1/(ρ·yᵀy)
    let gamma = 1.0 / (st.rho[newest] * st.yy[newest * slots + newest]);
    for &i in order {
        qy[i] *= gamma;
    }
    let r_g = gamma * q_g;
    for &i in order {
        let mut yir = r_g * st.yg[i];
        for &j in order {
            yir += qy[j] * st.yy[i * slots + j] + rs[j] * st.sy[j * slots + i];
        }
        let b = st.rho[i] * yir;
        rs[i] += st.alpha[i] - b;
    }
    // p = −r.
    let k = order.len();
    for (i, &a) in order.iter().enumerate() {
        st.ordered[i] = -rs[a];
        st.ordered[k + i] = -qy[a];
    }
    vector::combine(
        &mut st.p,
        -r_g,
        &st.g,
        &st.pairs,
        &st.rows,
        &st.ordered[..2 * k],
    );
}
