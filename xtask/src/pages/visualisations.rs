//! The page `docs/visualisations.md`: the classic side-by-side animations that *A
//! journey into optimization algorithms for deep neural networks* shows (after Alec
//! Radford's) — ten optimisers on a long valley, Beale's function and a saddle — and
//! its picture of first- and second-order Taylor models with a trust region.

use ::landscapes::{Beale, Landscape, LongValley, Saddle, XCos};
use first_order::{AdaBelief, Adadelta, Adagrad, Adam, Adamax, NAdam, RmsProp, Sgd};
use optim_core::{Hessian, Objective, Record, Run, Stop, StopReason, minimize};
use report::plotters::style::RGBColor;
use report::{Figure, LinePlot, Series};

use crate::Error;
use crate::catalogue::{Lv, MapView, Spec, View};
use crate::markdown::table;
use crate::study::{Data, StudyDef, Surface};

/// The learning rates of one surface: plain SGD, the momentum methods and the
/// adaptive ones (Adagrad … AdaBelief; Adadelta keeps torch's lr = 1).
#[derive(Clone, Copy)]
struct Rates {
    sgd: f64,
    momentum: f64,
    adaptive: f64,
    steps: usize,
}

fn race<L>(f: &L, rates: Rates) -> Result<Data, Error>
where
    L: Landscape + Objective + Clone + Send + Sync + 'static,
{
    let x0 = f.start();
    // A run whose f passes 10⁵ (thousands of times f(x₀) here) has diverged; stopping it keeps
    // the loss axis readable.
    let stop = Stop::exactly(rates.steps)
        .diverge_above(1e5)
        .record(Record::All);
    let Rates {
        sgd,
        momentum: m,
        adaptive: a,
        ..
    } = rates;
    let mom = Sgd {
        momentum: 0.9,
        ..Sgd::new(m)
    };
    let nag = Sgd {
        nesterov: true,
        ..mom
    };
    let run = |label: String, r: Result<Run, optim_core::Error>| r.map(|r| (label, r));
    let runs = [
        run(
            format!("SGD, η = {sgd}"),
            minimize(&Sgd::new(sgd), f, &x0, &stop),
        )?,
        run(
            format!("momentum, η = {m}, μ = 0.9"),
            minimize(&mom, f, &x0, &stop),
        )?,
        run(
            format!("NAG, η = {m}, μ = 0.9"),
            minimize(&nag, f, &x0, &stop),
        )?,
        run(
            format!("Adagrad, η = {a}"),
            minimize(&Adagrad::new(a), f, &x0, &stop),
        )?,
        run(
            "Adadelta, η = 1".into(),
            minimize(&Adadelta::new(1.0), f, &x0, &stop),
        )?,
        run(
            format!("RMSprop, η = {a}"),
            minimize(&RmsProp::new(a), f, &x0, &stop),
        )?,
        run(
            format!("Adam, η = {a}"),
            minimize(&Adam::new(a), f, &x0, &stop),
        )?,
        run(
            format!("AdaMax, η = {a}"),
            minimize(&Adamax::new(a), f, &x0, &stop),
        )?,
        run(
            format!("NAdam, η = {a}"),
            minimize(&NAdam::new(a), f, &x0, &stop),
        )?,
        run(
            format!("AdaBelief, η = {a}"),
            minimize(&AdaBelief::new(a), f, &x0, &stop),
        )?,
    ];
    let diverged: Vec<&str> = runs
        .iter()
        .filter(|(_, r)| r.stop == StopReason::Diverged)
        .map(|(label, _)| label.as_str())
        .collect();
    let diverged = if diverged.is_empty() {
        "none".to_string()
    } else {
        diverged.join("; ")
    };
    let mut data = Data::with_surface(Surface::of(f))
        .value("start", format!("({}, {})", x0[0], x0[1]))
        .value("steps", rates.steps)
        .value("diverged", diverged);
    for (label, r) in runs {
        data = data.run(label, r);
    }
    Ok(data)
}

fn long_valley() -> Result<Data, Error> {
    race(
        &LongValley,
        Rates {
            sgd: 0.05,
            momentum: 0.01,
            adaptive: 0.1,
            steps: 300,
        },
    )
}

fn beale() -> Result<Data, Error> {
    race(
        &Beale,
        Rates {
            sgd: 0.01,
            momentum: 0.001,
            adaptive: 0.1,
            steps: 300,
        },
    )
}

fn saddle() -> Result<Data, Error> {
    race(
        &Saddle,
        Rates {
            sgd: 0.05,
            momentum: 0.01,
            adaptive: 0.05,
            steps: 60,
        },
    )
}

/// The loss of the Taylor figure, its point and trust-region radius.
const W0: f64 = 6.0;
const RADIUS: f64 = 0.75;

/// x·cos(0.15πx) at w₀ = 6 with its first- and second-order Taylor models, the Newton
/// point of the quadratic model, the trust region [w₀ − r, w₀ + r] and the step the
/// region allows.
fn taylor() -> Result<Data, Error> {
    let f = XCos::seed001();
    let (mut g, mut h) = ([0.0], [0.0]);
    let f0 = f.value_and_gradient(&[W0], &mut g);
    f.hessian(&[W0], &mut h);
    let (g, h) = (g[0], h[0]);
    let newton = W0 - g / h;
    // In 1-D the trust-region step is the Newton step clipped to the region (h > 0).
    let step = (-g / h).clamp(-RADIUS, RADIUS);
    let nearest = f
        .minima()
        .into_iter()
        .map(|m| m[0])
        .min_by(|a, b| (a - W0).abs().total_cmp(&(b - W0).abs()))
        .ok_or("x·cos(cx) has minima")?;
    let rows = vec![
        vec!["w₀".into(), format!("{W0}"), format!("{f0:.4}")],
        vec![
            "Newton point w₀ − f′/f″ (minimum of the quadratic model)".into(),
            format!("{newton:.4}"),
            format!("{:.4}", f.value(&[newton])),
        ],
        vec![
            format!("trust-region step, r = {RADIUS}"),
            format!("{:.4}", W0 + step),
            format!("{:.4}", f.value(&[W0 + step])),
        ],
        vec![
            "the nearest minimum of f".into(),
            format!("{nearest:.4}"),
            format!("{:.4}", f.value(&[nearest])),
        ],
    ];
    Ok(Data::with_surface(Surface::of(&f))
        .value("g", format!("{g:.4}"))
        .value("h", format!("{h:.4}"))
        .table("points", table(&["point", "w", "f(w)"], &rows))
        .series("model", vec![f0, g, h, newton, step]))
}

fn taylor_figure(data: &Data) -> Result<Figure, Error> {
    let s = data.surface()?;
    let [f0, g, h, newton, step] = data.get("model")?[..] else {
        return Err("the Taylor study keeps five numbers".into());
    };
    let (lo, hi) = (2.5, 10.5);
    let ws = report::linspace(lo, hi, 300);
    let curve = |m: &dyn Fn(f64) -> f64| ws.iter().map(|&w| m(w)).collect::<Vec<f64>>();
    let f = curve(&|w| (s.f)(&[w]));
    let linear = curve(&|w| f0 + g * (w - W0));
    let quadratic = curve(&|w| f0 + g * (w - W0) + 0.5 * h * (w - W0).powi(2));
    let (ymin, ymax) = (-9.0, 6.0);
    let vertical = |w: f64| Series::xy(vec![w, w], vec![ymin, ymax]);
    let grey = RGBColor(120, 120, 120);
    let plot = LinePlot::new()
        .title("Taylor models of x·cos(0.15πx) at w₀ = 6")
        .labels("w", "f(w)")
        .x_range(lo, hi)
        .y_range(ymin, ymax)
        .series(
            Series::xy(ws.clone(), f)?
                .color(RGBColor(31, 119, 180))
                .width(3)
                .label("f"),
        )
        .series(
            Series::xy(ws.clone(), linear)?
                .color(RGBColor(44, 160, 44))
                .label("first-order model"),
        )
        .series(
            Series::xy(ws, quadratic)?
                .color(RGBColor(255, 127, 14))
                .label("second-order model"),
        )
        .series(
            vertical(W0 - RADIUS)?
                .color(grey)
                .width(1)
                .label("trust region |w − w₀| ≤ 0.75"),
        )
        .series(vertical(W0 + RADIUS)?.color(grey).width(1))
        .series(
            Series::xy(vec![W0], vec![f0])?
                .color(RGBColor(0, 0, 0))
                .points_only()
                .label("w₀"),
        )
        .series(
            Series::xy(vec![newton], vec![(s.f)(&[newton])])?
                .color(RGBColor(255, 127, 14))
                .points_only()
                .label("Newton point"),
        )
        .series(
            Series::xy(vec![W0 + step], vec![(s.f)(&[W0 + step])])?
                .color(RGBColor(214, 39, 40))
                .points_only()
                .label("trust-region step"),
        );
    Ok(Figure::new(720, 480)?.panel(plot))
}

/// The studies of the page.
pub const STUDIES: &[StudyDef] = &[
    StudyDef {
        id: "long-valley",
        run: long_valley,
    },
    StudyDef {
        id: "beale",
        run: beale,
    },
    StudyDef {
        id: "saddle",
        run: saddle,
    },
    StudyDef {
        id: "taylor",
        run: taylor,
    },
];

const VALLEY: MapView = MapView::contours(Lv::Geometric(14)).size(640, 480);
const BEALE: MapView = MapView::contours(Lv::Geometric(14))
    .on((-1.0, 4.5), (-1.5, 2.5))
    .size(640, 520);
const SADDLE: MapView = MapView::contours(Lv::Auto(14)).size(600, 540);

/// The figures of the page.
pub const FIGURES: &[Spec] = &[
    Spec::new(
        "long-valley",
        "long-valley",
        View::MapAndLoss(VALLEY),
        "ten optimisers in a long valley",
        "x²/20 + 5(y − ½ sin x)² from {{value long-valley.start}}, \
         {{value long-valley.steps}} steps each. Diverged (f > 10⁵): \
         {{value long-valley.diverged}}.",
    )
    .no_table(),
    Spec::new(
        "long-valley-animation",
        "long-valley",
        View::Animation(VALLEY, 80),
        "animation of ten optimisers in a long valley",
        "The same runs, moving.",
    ),
    Spec::new(
        "beale",
        "beale",
        View::MapAndLoss(BEALE),
        "ten optimisers on Beale's function",
        "Beale's function from {{value beale.start}}, {{value beale.steps}} steps each; \
         the minimum (3, 0.5) is the star. Diverged (f > 10⁵): \
         {{value beale.diverged}}.",
    )
    .no_table(),
    Spec::new(
        "beale-animation",
        "beale",
        View::Animation(BEALE, 80),
        "animation of ten optimisers on Beale's function",
        "The same runs, moving.",
    ),
    Spec::new(
        "saddle",
        "saddle",
        View::MapAndLoss(SADDLE),
        "ten optimisers at a saddle point",
        "x² − y² from {{value saddle.start}}, just off the ridge y = 0, \
         {{value saddle.steps}} steps each.",
    )
    .no_table(),
    Spec::new(
        "saddle-animation",
        "saddle",
        View::Animation(SADDLE, 60),
        "animation of ten optimisers at a saddle point",
        "The same runs, moving.",
    ),
    Spec::new(
        "taylor-approximations",
        "taylor",
        View::Custom(taylor_figure),
        "first- and second-order Taylor models with a trust region",
        "At w₀ = 6, f′ = {{value taylor.g}} and f″ = {{value taylor.h}} > 0: the \
         quadratic model has a minimum, the Newton point, but it lies beyond the true \
         minimum, where the model has stopped being accurate; the trust region keeps \
         the step where the model is trusted.",
    )
    .no_table(),
];
