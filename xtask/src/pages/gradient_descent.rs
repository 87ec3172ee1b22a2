//! The page `docs/gradient-descent.md`: gradient descent, momentum, RMSprop and Adam
//! in one and two dimensions (*Gradient Descent Optimizations*), the step-size regimes
//! and the non-convex x·cos(cx) (*Gradient Descent*), Newton on cosh and its failure
//! on x·cos(cx).

use ::landscapes::{Cosh, Quadratic, XCos};
use first_order::{Adam, RmsProp, Scheduled, Sgd, ewa};
use optim_core::{Hessian, Method, Objective, Record, Stop, minimize};
use report::plotters::style::RGBColor;
use report::{Figure, LinePlot, Series};
use second_order::Newton;

use crate::Error;
use crate::catalogue::{Lv, MapView, Spec, View};
use crate::pages::formulas::BiasCorrection;
use crate::pages::landscapes::quadratic::LEVELS;
use crate::study::{Data, StudyDef, Surface};

/// Exactly `n` steps, every iterate kept: the documents' loops.
pub fn steps(n: usize) -> Stop {
    Stop::exactly(n).record(Record::All)
}

/// One run of `method` on the landscape `f` from `x0`, labelled.
pub fn one<L, M>(f: &L, method: &M, x0: &[f64], stop: &Stop, label: &str) -> Result<Data, Error>
where
    L: ::landscapes::Landscape + Objective + Clone + Send + Sync + 'static,
    M: for<'a> Method<L> + ?Sized,
{
    let run = minimize(method, f, x0, stop)?;
    Ok(Data::with_surface(Surface::of(f)).run(label, run))
}

/// The correctly bias-corrected EWA momentum of the notebook: v ← βv + (1 − β)g,
/// x ← x − α·v/(1 − βᵗ).
pub fn ewa_momentum(lr: f64, beta: f64) -> Scheduled<Sgd, BiasCorrection> {
    Scheduled::new(
        Sgd::ewa_momentum(lr, beta),
        BiasCorrection { beta, minus: true },
    )
}

/// The notebook's series y = cos(x)·e^(x/100) − 10·e^(−0.01x) at x = kπ, k < 50, and
/// its EWA with and without bias correction (β = 0.9).
fn ewa_study() -> Result<Data, Error> {
    let x: Vec<f64> = (0..50).map(|k| k as f64 * std::f64::consts::PI).collect();
    let y: Vec<f64> = x
        .iter()
        .map(|&x| x.cos() * (x / 100.0).exp() - 10.0 * (-0.01 * x).exp())
        .collect();
    let (raw, corrected) = ewa(&y, 0.9)?;
    Ok(Data::default()
        .value("first", format!("{:.4}", y[0]))
        .value("raw0", format!("{:.4}", raw[0]))
        .value("corrected0", format!("{:.4}", corrected[0]))
        .value(
            "gap_last",
            format!("{:.1e}", (raw[49] - corrected[49]).abs()),
        )
        .series("x", x)
        .series("y", y)
        .series("raw", raw)
        .series("corrected", corrected))
}

fn ewa_figure(data: &Data) -> Result<Figure, Error> {
    let x = data.get("x")?.to_vec();
    let plot = LinePlot::new()
        .title("exponentially weighted average, β = 0.9")
        .labels("x", "y")
        .series(
            Series::xy(x.clone(), data.get("y")?.to_vec())?
                .color(RGBColor(31, 119, 180))
                .markers(true)
                .label("y"),
        )
        .series(
            Series::xy(x.clone(), data.get("raw")?.to_vec())?
                .color(RGBColor(214, 39, 40))
                .label("EWA"),
        )
        .series(
            Series::xy(x, data.get("corrected")?.to_vec())?
                .color(RGBColor(255, 127, 14))
                .label("EWA with bias correction"),
        );
    Ok(Figure::new(720, 460)?.panel(plot))
}

/// Gradient descent on x², 10 steps; `symbol` is the document's name of the rate.
fn gd_1d(lr: f64, x0: f64, symbol: &str) -> Result<Data, Error> {
    one(
        &Quadratic::x_squared(),
        &Sgd::new(lr),
        &[x0],
        &steps(10),
        &format!("GD, {symbol} = {lr}"),
    )
}

fn moderate() -> Result<Data, Error> {
    gd_1d(0.1, 1.0, "α")
}
fn large() -> Result<Data, Error> {
    gd_1d(0.95, 1.0, "α")
}
fn momentum_1d() -> Result<Data, Error> {
    one(
        &Quadratic::x_squared(),
        &ewa_momentum(0.95, 0.9),
        &[1.0],
        &steps(10),
        "momentum, α = 0.95, β = 0.9",
    )
}
fn eta_0_2() -> Result<Data, Error> {
    gd_1d(0.2, 10.0, "η")
}
fn eta_0_05() -> Result<Data, Error> {
    gd_1d(0.05, 10.0, "η")
}
fn eta_1_1() -> Result<Data, Error> {
    gd_1d(1.1, 10.0, "η")
}
fn nonconvex() -> Result<Data, Error> {
    one(
        &XCos::seed001(),
        &Sgd::new(2.0),
        &[10.0],
        &steps(10),
        "GD, η = 2",
    )
}

fn quadratic_2d<M: for<'a> Method<Quadratic> + ?Sized>(
    method: &M,
    n: usize,
    label: &str,
) -> Result<Data, Error> {
    one(
        &Quadratic::ill_conditioned(),
        method,
        &[-1.0, -1.0],
        &steps(n),
        label,
    )
}
fn gd_2d() -> Result<Data, Error> {
    quadratic_2d(&Sgd::new(0.01), 75, "GD, α = 0.01")
}
fn momentum_2d() -> Result<Data, Error> {
    quadratic_2d(&ewa_momentum(0.01, 0.9), 75, "momentum, α = 0.01, β = 0.9")
}
fn rmsprop_2d() -> Result<Data, Error> {
    let rms = RmsProp {
        alpha: 0.9,
        eps: 1e-8,
        ..RmsProp::new(0.1)
    };
    quadratic_2d(&rms, 10, "RMSprop, α = 0.1, β = 0.9")
}
fn adam_2d() -> Result<Data, Error> {
    let adam = Adam {
        betas: (0.9, 0.9),
        ..Adam::new(0.1)
    };
    quadratic_2d(&adam, 10, "Adam, α = 0.1, β₁ = β₂ = 0.9")
}
fn anisotropic() -> Result<Data, Error> {
    one(
        &Quadratic::anisotropic(),
        &Sgd::new(0.1),
        &[-5.0, -2.0],
        &steps(20),
        "GD, η = 0.1",
    )
}
fn newton_cosh() -> Result<Data, Error> {
    one(
        &Cosh::seed001(),
        &Newton::pure(),
        &[10.0],
        &steps(10),
        "Newton",
    )
}
fn newton_xcos() -> Result<Data, Error> {
    one(
        &XCos::seed001(),
        &Newton::pure(),
        &[10.0],
        &steps(10),
        "Newton",
    )
}
fn newton_xcos_damped() -> Result<Data, Error> {
    one(
        &XCos::seed001(),
        &Newton::damped(0.5),
        &[10.0],
        &steps(10),
        "damped Newton, η = 0.5",
    )
}

/// Newton on x·cos(cx), with the iterates and the curvature f″ there, which the
/// captions quote: where f″ is small or negative, the step goes astray.
fn with_curvatures(data: Data) -> Result<Data, Error> {
    let f = XCos::seed001();
    let curvature = |x: f64| {
        let mut h = [0.0];
        f.hessian(&[x], &mut h);
        h[0]
    };
    let run = &data.runs.first().ok_or("a Newton run")?.run;
    let xs: Vec<f64> = run.trace.xs().map(|x| x[0]).collect();
    let end = run.x[0];
    let mut data = data.clone();
    for k in [0, 1, 2] {
        let x = *xs.get(k).ok_or("at least three iterates")?;
        data = data
            .value(&format!("x{k}"), format!("{x:.2}"))
            .value(&format!("h{k}"), format!("{:.2}", curvature(x)));
    }
    Ok(data
        .value("end", format!("{end:.4}"))
        .value("f_end", format!("{:.4}", f.value(&[end])))
        .value("h_end", format!("{:.2}", curvature(end))))
}

fn newton_xcos_with_curvature() -> Result<Data, Error> {
    with_curvatures(newton_xcos()?)
}
fn newton_xcos_damped_with_curvature() -> Result<Data, Error> {
    with_curvatures(newton_xcos_damped()?)
}

/// The studies of the page.
pub const STUDIES: &[StudyDef] = &[
    StudyDef {
        id: "ewa",
        run: ewa_study,
    },
    StudyDef {
        id: "gd-1d-moderate",
        run: moderate,
    },
    StudyDef {
        id: "gd-1d-large",
        run: large,
    },
    StudyDef {
        id: "momentum-1d",
        run: momentum_1d,
    },
    StudyDef {
        id: "gd-2d",
        run: gd_2d,
    },
    StudyDef {
        id: "momentum-2d",
        run: momentum_2d,
    },
    StudyDef {
        id: "rmsprop-2d",
        run: rmsprop_2d,
    },
    StudyDef {
        id: "adam-2d",
        run: adam_2d,
    },
    StudyDef {
        id: "gd-1d-eta-0.2",
        run: eta_0_2,
    },
    StudyDef {
        id: "gd-1d-eta-0.05",
        run: eta_0_05,
    },
    StudyDef {
        id: "gd-1d-eta-1.1",
        run: eta_1_1,
    },
    StudyDef {
        id: "gd-nonconvex",
        run: nonconvex,
    },
    StudyDef {
        id: "gd-2d-anisotropic",
        run: anisotropic,
    },
    StudyDef {
        id: "newton-cosh",
        run: newton_cosh,
    },
    StudyDef {
        id: "newton-nonconvex",
        run: newton_xcos_with_curvature,
    },
    StudyDef {
        id: "newton-nonconvex-damped",
        run: newton_xcos_damped_with_curvature,
    },
];

const NARROW: View = View::Curve {
    range: Some((-1.2, 1.2)),
};
const WIDE: View = View::Curve { range: None };
const ELLIPSES: MapView = MapView::contours(Lv::Explicit(&LEVELS)).numbered();

/// The figures of the page.
pub const FIGURES: &[Spec] = &[
    Spec::new(
        "ewa",
        "ewa",
        View::Custom(ewa_figure),
        "a noisy series with its exponentially weighted averages",
        "y = cos(x)·e^(x/100) − 10·e^(−0.01x) at x = kπ, k = 0, …, 49, with its EWA \
         (β = 0.9, from v₀ = 0) and the bias-corrected EWA. The first sample is \
         {{value ewa.first}}: the raw average starts at {{value ewa.raw0}}, a tenth of \
         it, while the corrected one starts at {{value ewa.corrected0}}; by k = 49 the \
         two differ by {{value ewa.gap_last}} (β⁵⁰ ≈ 0.005).",
    )
    .no_table(),
    Spec::new(
        "gd-1d-moderate",
        "gd-1d-moderate",
        NARROW,
        "gradient descent on x² with a moderate step",
        "x² from x₀ = 1 with α = 0.1, 10 steps: each step multiplies x by 1 − 2α = 0.8.",
    ),
    Spec::new(
        "gd-1d-large",
        "gd-1d-large",
        NARROW,
        "gradient descent on x² with a large step",
        "The same with α = 0.95: x is multiplied by 1 − 2α = −0.9, so the iterates jump \
         from side to side and shrink slowly.",
    ),
    Spec::new(
        "momentum-1d",
        "momentum-1d",
        NARROW,
        "momentum on x²",
        "The same α = 0.95 with EWA momentum β = 0.9, bias-corrected by 1 − βᵗ (the \
         notebook divides by 1 + βᵗ; see the errata page).",
    ),
    Spec::new(
        "gd-2d",
        "gd-2d",
        View::Map(ELLIPSES),
        "gradient descent on x² + 100y²",
        "75 steps of α = 0.01 from (−1, −1): y ← (1 − 200α)·y = −y flips every step \
         and never shrinks, while x creeps in by 0.98 per step.",
    ),
    Spec::new(
        "momentum-2d",
        "momentum-2d",
        View::Map(ELLIPSES),
        "momentum on x² + 100y²",
        "The same 75 steps with bias-corrected EWA momentum, β = 0.9: the y oscillation \
         is damped and x moves faster.",
    ),
    Spec::new(
        "rmsprop-2d",
        "rmsprop-2d",
        View::Map(ELLIPSES),
        "RMSprop on x² + 100y²",
        "RMSprop, α = 0.1, β = 0.9, ε = 1e-8, 10 steps: dividing by √v makes the first \
         step the same length, α/√(1 − β) ≈ 0.32, along both axes, whatever their \
         curvature.",
    ),
    Spec::new(
        "adam-2d",
        "adam-2d",
        View::Map(ELLIPSES),
        "Adam on x² + 100y²",
        "Adam with the correct bias corrections, α = 0.1, β₁ = β₂ = 0.9, 10 steps.",
    ),
    Spec::new(
        "gd-1d-eta-0.2",
        "gd-1d-eta-0.2",
        WIDE,
        "gradient descent on x² from 10 with η = 0.2",
        "x² from 10, η = 0.2: x shrinks by |1 − 2η| = 0.6 per step.",
    ),
    Spec::new(
        "gd-1d-eta-0.05",
        "gd-1d-eta-0.05",
        WIDE,
        "gradient descent on x² from 10 with η = 0.05",
        "η = 0.05: only 0.9 per step, still far from 0 after 10 steps.",
    ),
    Spec::new(
        "gd-1d-eta-1.1",
        "gd-1d-eta-1.1",
        WIDE,
        "gradient descent on x² from 10 with η = 1.1",
        "η = 1.1: x is multiplied by 1 − 2η = −1.2 per step and diverges.",
    ),
    Spec::new(
        "gd-nonconvex",
        "gd-nonconvex",
        WIDE,
        "gradient descent on x·cos(cx)",
        "x·cos(0.15πx) from 10 with η = 2: the first step jumps over the nearest \
         minimum (7.27) and the iterates settle, zig-zagging, into another one.",
    ),
    Spec::new(
        "gd-2d-anisotropic",
        "gd-2d-anisotropic",
        View::Map(MapView::contours(Lv::Auto(10)).numbered()),
        "gradient descent on x₁² + 2x₂²",
        "x₁² + 2x₂² from (−5, −2), η = 0.1, 20 steps: each coordinate shrinks by \
         1 − 2η·(1, 2) = (0.8, 0.6) per step.",
    ),
    Spec::new(
        "newton-cosh",
        "newton-cosh",
        WIDE,
        "Newton's method on cosh(cx)",
        "cosh(x/2) from 10: Newton's step x ← x − tanh(cx)/c first moves by at most \
         1/c = 2, then converges quadratically near 0.",
    ),
    Spec::new(
        "newton-nonconvex",
        "newton-nonconvex",
        WIDE,
        "Newton's method on x·cos(cx)",
        "Pure Newton on x·cos(0.15πx) from 10. The first step, with \
         f″ = {{value newton-nonconvex.h0}} > 0, lands at \
         x₁ = {{value newton-nonconvex.x1}}, where the curvature is nearly flat \
         (f″ = {{value newton-nonconvex.h1}}): the next step is huge, over two humps to \
         x₂ = {{value newton-nonconvex.x2}}, where f″ = {{value newton-nonconvex.h2}} \
         < 0. There the quadratic model is a cap and Newton's step goes to its top: the \
         run converges, quadratically, to the maximum x = {{value newton-nonconvex.end}} \
         (f = {{value newton-nonconvex.f_end}}, f″ = {{value newton-nonconvex.h_end}}).",
    ),
    Spec::new(
        "newton-nonconvex-damped",
        "newton-nonconvex-damped",
        WIDE,
        "damped Newton's method on x·cos(cx)",
        "The same with the step halved (η = 0.5): the first step stops at \
         x₁ = {{value newton-nonconvex-damped.x1}}, inside the basin of the minimum \
         next to the start, where f″ = {{value newton-nonconvex-damped.h1}} > 0, and the \
         iteration converges to it ({{value newton-nonconvex-damped.end}} after 10 \
         steps), only linearly: each damped step removes about half of the error. \
         Damping helped here by keeping the iterates out of the flat stretch; it does \
         not repair a negative curvature. A line search with a descent fallback, or a \
         modified Hessian, does (see the wells page).",
    ),
];
