//! Objective functions to study optimisers on, each with its analytic value, gradient,
//! column-major Hessian and an allocation-free Hessian-vector product, plus the
//! [`Landscape`] metadata that figures and tests need (a name, a plotting box, the known
//! minima and the standard starting point).
//!
//! | type | formula | from |
//! |---|---|---|
//! | [`Quadratic`] | ½ xᵀAx − bᵀx (x², x₁² + 2x₂², x² + 100y², random SPD) | *Gradient Descent Optimizations*, the *Gradient Descent* chapter |
//! | [`Cosh`] | cosh(c x) | the *Gradient Descent* chapter (Newton) |
//! | [`XCos`] | x cos(c x) | the *Gradient Descent* chapter (non-convex GD, Newton failing) |
//! | [`Rosenbrock`] | b(y − x²)² + (a − x)²; chained and extended n-D | *Gradient Descent Optimizations*, scipy, Moré–Garbow–Hillstrom |
//! | [`Wells`] | Σₚ cₚ·(−exp(−‖x − μₚ‖²/wₚ²)) | *Optimization in many dimensions* |
//! | [`Beale`], [`Saddle`], [`LongValley`] | the classic visualisation surfaces | *A journey into optimization algorithms* |
//! | [`Rastrigin`], [`Himmelblau`] | multimodal test functions | common benchmarks |
//! | [`LinearRegression`] | (1/2N) Σᵢ (a xᵢ + b − yᵢ)², a finite sum | *Gradient Descent Based Optimizers* |
//! | [`BrownBadlyScaled`], [`Meyer`], [`Gulf`], [`Wood`], [`BiggsExp6`], [`Watson`] ([`mgh_problems`]; the paper's f* from [`MghProblem`]) | badly scaled and non-convex sums of squares Σ rᵢ² (MGH problems 4, 10, 11, 14, 18, 20), each from its standard start | Moré, Garbow & Hillstrom 1981 |
//! | [`Mlp`] | (1/N) Σᵢ ℓ(F(x; dᵢ), yᵢ) for a tanh/ReLU perceptron F, squared error or softmax cross-entropy, on [`two_moons`] or [`teacher_student`] data; exact H·v and Gauss–Newton·v (R-operator), K-FAC statistics | Rumelhart et al. 1986, Pearlmutter 1994, Schraudolph 2002, Martens & Grosse 2015 |
//!
//! ```
//! use landscapes::{Landscape, Rosenbrock};
//! use optim_core::{Hessian, Objective};
//!
//! let f = Rosenbrock::new();
//! assert_eq!(f.name(), "Rosenbrock (a = 1, b = 100)");
//! assert_eq!(f.start(), vec![4.0, -4.1]);
//! let mut h = [0.0; 4];
//! f.hessian(&[1.0, 1.0], &mut h);
//! assert_eq!(h, [802.0, -400.0, -400.0, 200.0]);
//! assert_eq!(f.value(&f.minima()[0]), 0.0);
//! ```
#![deny(missing_docs)]

mod beale;
mod cosh;
mod datasets;
mod exp;
mod himmelblau;
mod landscape;
mod linalg;
mod linear_regression;
mod long_valley;
mod mgh;
mod mlp;
mod quadratic;
mod rastrigin;
mod rosenbrock;
mod saddle;
mod wells;
mod xcos;

pub use beale::Beale;
pub use cosh::Cosh;
pub use datasets::{
    Dataset, Supervision, TEACHER_SIZES, TeacherStudent, teacher_student, two_moons,
};
pub use himmelblau::Himmelblau;
pub use landscape::Landscape;
pub use linear_regression::LinearRegression;
pub use long_valley::LongValley;
pub use mgh::{BiggsExp6, BrownBadlyScaled, Gulf, Meyer, MghProblem, Watson, Wood, mgh_problems};
pub use mlp::{Activation, Loss, Mlp};
pub use quadratic::Quadratic;
pub use rastrigin::Rastrigin;
pub use rosenbrock::{Rosenbrock, RosenbrockForm};
pub use saddle::Saddle;
pub use wells::Wells;
pub use xcos::XCos;

/// The standard landscapes, at their documented parameters, for catalogues and
/// figures: the course documents' quadratics, cosh, x·cos, 2-D Rosenbrock, the *Optimization in many dimensions* notebook's wells, the
/// visualisation surfaces, 2-D Rastrigin and the *Gradient Descent Based Optimizers* slides' regression (100 samples,
/// y = 2x + 1 + 0.1·noise, seed 0).
///
/// ```
/// let all = landscapes::catalogue();
/// assert!(all.iter().any(|l| l.name().starts_with("Himmelblau")));
/// ```
pub fn catalogue() -> Vec<Box<dyn Landscape + Send + Sync>> {
    vec![
        Box::new(Quadratic::x_squared()),
        Box::new(Quadratic::anisotropic()),
        Box::new(Quadratic::ill_conditioned()),
        Box::new(Cosh::seed001()),
        Box::new(XCos::seed001()),
        Box::new(Rosenbrock::new()),
        Box::new(Wells::seed002()),
        Box::new(Beale),
        Box::new(Saddle),
        Box::new(LongValley),
        Box::new(Rastrigin::new(2)),
        Box::new(Himmelblau),
        Box::new(LinearRegression::generate(100, 2.0, 1.0, 0.1, 0)),
    ]
}
