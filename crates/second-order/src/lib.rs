//! Second-order optimisers: Newton and its safeguards, trust regions, quasi-Newton
//! (BFGS, L-BFGS) and truncated Newton (Newton-CG), on faer.
//!
//! Dense linear algebra goes through [`linalg`], the only module that names faer.
#![deny(missing_docs)]

// --- dense Newton family, trust regions, linalg (helper A) ---

// --- line search, quasi-Newton, truncated Newton, curvature scaling (helper B) ---
