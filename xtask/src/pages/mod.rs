//! The docs pages, one module each: its studies and figure rows; its prose is the
//! template `xtask/pages/<page>.md`.

pub mod curvature;
pub mod errata;
pub mod faults;
pub mod formulas;
pub mod gradient_descent;
pub mod landscapes;
pub mod linear_regression;
pub mod rosenbrock;
pub mod visualisations;
pub mod wells;

use crate::catalogue::{PageDef, Spec};
use crate::study::StudyDef;

/// Every page, in the order of the index.
pub const ALL: &[PageDef] = &[
    PageDef {
        file: "landscapes.md",
        title: "Landscapes",
        summary: "x² + 100y², Rosenbrock and the Gaussian wells of *Optimization in many \
                  dimensions*: contours, heat maps, gradient field, Hessian eigenvalues, \
                  conditioning, gradient checks and the notebook's Hessian erratum.",
        template: include_str!("../../pages/landscapes.md"),
        studies: landscapes::STUDIES,
        figures: landscapes::FIGURES,
    },
    PageDef {
        file: "gradient-descent.md",
        title: "Gradient descent in one and two dimensions",
        summary: "step sizes that converge, crawl and diverge; momentum, RMSprop and Adam \
                  on x² + 100y²; the non-convex x·cos(cx); Newton on cosh(cx) and its \
                  failure on x·cos(cx).",
        template: include_str!("../../pages/gradient-descent.md"),
        studies: gradient_descent::STUDIES,
        figures: gradient_descent::FIGURES,
    },
    PageDef {
        file: "rosenbrock.md",
        title: "Rosenbrock from (4, −4.1)",
        summary: "gradient descent for 100 000 steps, BFGS and Newton-CG on Rosenbrock's \
                  valley, each as a trajectory beside its semilog loss.",
        template: include_str!("../../pages/rosenbrock.md"),
        studies: rosenbrock::STUDIES,
        figures: rosenbrock::FIGURES,
    },
    PageDef {
        file: "wells.md",
        title: "Many starts on the Gaussian wells",
        summary: "100 random starts at once: gradient descent, momentum, noisy SGD, \
                  projected and Lagrange-multiplier descent on the unit circle, Newton \
                  with a fixed step beside modified Newton, and curvature-scaled descent; \
                  stills and animations.",
        template: include_str!("../../pages/wells.md"),
        studies: wells::STUDIES,
        figures: wells::FIGURES,
    },
    PageDef {
        file: "linear-regression.md",
        title: "Linear regression",
        summary: "y = ax + b by least squares: the closed form, and ten optimisers from \
                  batch gradient descent to AdaMax under one budget of per-sample \
                  gradients.",
        template: include_str!("../../pages/linear-regression.md"),
        studies: linear_regression::STUDIES,
        figures: linear_regression::FIGURES,
    },
    PageDef {
        file: "visualisations.md",
        title: "The classic visualisations",
        summary: "ten optimisers racing on a long valley, Beale's function and a saddle \
                  point, as stills and animations; Taylor models and a trust region.",
        template: include_str!("../../pages/visualisations.md"),
        studies: visualisations::STUDIES,
        figures: visualisations::FIGURES,
    },
    PageDef {
        file: "curvature.md",
        title: "Curvature approximations",
        summary: "diagonal, block-diagonal, Kronecker-factored (K-FAC) and Gauss–Newton \
                  curvature on real networks: a teacher–student comparison with Adam and \
                  SGD, the noisy two-moons classifier, a Hessian beside its \
                  approximations, and the second-order methods side by side.",
        template: include_str!("../../pages/curvature.md"),
        studies: curvature::STUDIES,
        figures: curvature::FIGURES,
    },
    PageDef {
        file: "errata.md",
        title: "Errata",
        summary: "where the course documents' formulas are wrong, the right ones, and \
                  the difference measured.",
        template: include_str!("../../pages/errata.md"),
        studies: errata::STUDIES,
        figures: errata::FIGURES,
    },
    PageDef {
        file: "faults.md",
        title: "Faults and bad input",
        summary: "every bad input and fault the toolkit handles — wrong lengths, \
                  non-finite starts, parameters out of range, NaN objectives, wrong \
                  gradients, singular and indefinite Hessians, unbounded objectives, time \
                  budgets — with what you get, measured in this run, and the test that \
                  asserts it.",
        template: include_str!("../../pages/faults.md"),
        studies: faults::STUDIES,
        figures: faults::FIGURES,
    },
];

/// Every page, in the order of the index.
pub fn pages() -> &'static [PageDef] {
    ALL
}

/// Every figure, page by page.
pub fn specs() -> impl Iterator<Item = &'static Spec> {
    ALL.iter().flat_map(|p| p.figures.iter())
}

/// Every study, page by page.
pub fn studies() -> impl Iterator<Item = &'static StudyDef> {
    ALL.iter().flat_map(|p| p.studies.iter())
}
