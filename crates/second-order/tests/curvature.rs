//! The curvature approximations and preconditioned descent, against numbers derived
//! by hand in the comments: each approximation is exact where the Hessian has its
//! structure (diagonal, block-diagonal, Kronecker), so its preconditioned step is
//! Newton's there; K-FAC's step is the dense solve with the Kronecker product formed
//! explicitly; the Levenberg–Marquardt rule moves λ as Martens' rule says; every
//! invalid configuration is an `Err` naming its parameter.
//!
//! One binary, split by subject (`tests/curvature/*.rs`); the objectives are written
//! out in `tests/curvature/models.rs`, without landscapes.

#[path = "curvature/models.rs"]
mod models;

#[path = "curvature/diagonal.rs"]
mod diagonal;
#[path = "curvature/gauss_newton.rs"]
mod gauss_newton;
#[path = "curvature/method.rs"]
mod method;
#[path = "curvature/quality.rs"]
mod quality;

#[cfg(feature = "dense")]
#[path = "curvature/blocks.rs"]
mod blocks;
#[cfg(feature = "dense")]
#[path = "curvature/kfac.rs"]
mod kfac;
