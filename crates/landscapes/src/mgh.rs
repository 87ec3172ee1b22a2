//! Badly scaled and non-convex problems of Moré, Garbow & Hillstrom, "Testing
//! unconstrained optimization software", *ACM Transactions on Mathematical Software*
//! 7(1):17–41, 1981 (MGH), each from its standard start.
//!
//! Every one is a sum of squares f = Σ_{i=1}^{m} rᵢ², without the ½ (MGH's
//! convention, so the values below are the paper's), written once in
//! `least_squares.rs`: ∇f = 2Jᵀr, ∇²f = 2(JᵀJ + Σ rᵢ∇²rᵢ), and ∇²f·v = 2(Jᵀ(Jv) +
//! (Σ rᵢ∇²rᵢ)v) in fixed-size stack buffers, so no evaluation allocates. A problem
//! supplies only r, J and Σ wᵢ∇²rᵢ.
//!
//! | MGH | type | n | m | x₀ | f(x₀) | f* (as printed) | what makes it hard |
//! |---|---|---|---|---|---|---|---|
//! | 4 | [`BrownBadlyScaled`] | 2 | 3 | (1, 1) | 9.99998000003·10¹¹ | 0 at (10⁶, 2·10⁻⁶) | coordinates 12 orders apart |
//! | 10 | [`Meyer`] | 3 | 16 | (0.02, 4000, 250) | 1.693607809·10⁹ | 87.9458… | scale, a narrow curved valley |
//! | 11 | [`Gulf`] | 3 | 99 | (5, 2.5, 0.15) | 12.1107058 | 0 at (50, 25, 1.5) | flat start, not smooth where x₂ = yᵢ |
//! | 14 | [`Wood`] | 4 | 6 | (−3, −1, −3, −1) | 19192 | 0 at (1, 1, 1, 1) | two coupled valleys, a saddle |
//! | 18 | [`BiggsExp6`] | 6 | 13 | (1, 2, 1, 1, 1, 1) | 0.779070076 | 0 at (1, 10, 1, 5, 4, 3); 5.65565·10⁻³ at a saddle | symmetric start, exponential fit |
//! | 20 | [`Watson`] | 2–31 (6) | 31 | 0 | 30 | 2.28767·10⁻³ (n = 6), 1.39976·10⁻⁶ (9), 4.72238·10⁻¹⁰ (12) | ill-conditioned polynomial fit |
//!
//! Each formula was checked against the MINPACK test drivers of the paper's authors
//! (`objfcn.f` and `ssqfcn.f`, Argonne 1980), Meyer's data also against NIST StRD
//! MGH10; the values at x₀ and at the minimisers are checked in `tests/mgh.rs`
//! against `tests/mgh_reference.json`, which `tests/mgh_reference.py` computes with
//! NumPy. [`MghProblem`] gives each problem's number in the paper, m, and the f* the
//! paper prints.
//!
//! ```
//! use landscapes::{mgh_problems, Landscape};
//! let all = mgh_problems();
//! assert_eq!(all.len(), 6);
//! assert!(all.iter().any(|p| p.name() == "Watson (n = 6)"));
//! ```

mod biggs_exp6;
mod brown_badly_scaled;
mod gulf;
mod least_squares;
mod meyer;
mod watson;
mod wood;

pub use biggs_exp6::BiggsExp6;
pub use brown_badly_scaled::BrownBadlyScaled;
pub use gulf::Gulf;
pub use least_squares::MghProblem;
pub use meyer::Meyer;
pub use watson::Watson;
pub use wood::Wood;

/// The six problems at their standard sizes (Gulf with m = 99, Biggs EXP6 with
/// m = 13, Watson with n = 6), in the paper's order. They are not part of
/// [`catalogue`](crate::catalogue), which drives the figures.
///
/// ```
/// use landscapes::{mgh_problems, Landscape};
/// use optim_core::Objective;
/// for p in mgh_problems() {
///     assert!(p.value(&p.start()).is_finite(), "{}", p.name());
/// }
/// ```
pub fn mgh_problems() -> Vec<Box<dyn crate::Landscape + Send + Sync>> {
    vec![
        Box::new(BrownBadlyScaled),
        Box::new(Meyer),
        Box::new(Gulf),
        Box::new(Wood),
        Box::new(BiggsExp6),
        Box::new(Watson::default()),
    ]
}
