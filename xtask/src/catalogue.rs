//! The catalogue: every figure of the docs as a row ([`Spec`]: id, study, view,
//! caption) and every page as its template, studies and rows ([`PageDef`]).
//!
//! A figure is data: the study it draws (computed once, shared by every figure that
//! names it) and the [`View`] that draws it. Adding a figure is adding a row to its
//! page's `FIGURES` and a `{{figure id}}` to its template. The rows themselves live
//! with their pages ([`crate::pages`]).

use report::{Animation, Colormap, Figure};

use crate::Error;
use crate::study::{Data, StudyDef};

/// What a view produces.
pub enum Output {
    /// A still, written as `<id>.png`.
    Png(Figure),
    /// An animation, written as `<id>.gif`.
    Gif(Animation),
}

/// Contour levels of a map.
#[derive(Clone, Copy, Debug)]
pub enum Lv {
    /// About this many round levels.
    Auto(usize),
    /// Exactly these.
    Explicit(&'static [f64]),
    /// This many levels spaced geometrically over three decades above the grid's
    /// minimum: dense near the bottom of a bowl, where linear levels leave nothing.
    Geometric(usize),
    /// No contour lines.
    None,
}

/// How a 2-D map is drawn.
#[derive(Clone, Copy, Debug)]
pub struct MapView {
    /// The contour levels.
    pub levels: Lv,
    /// A filled heat map of f under the lines.
    pub heat: bool,
    /// The colours of the lines (or of the heat map).
    pub colormap: Colormap,
    /// The box drawn; `None` is the surface's own.
    pub domain: Option<((f64, f64), (f64, f64))>,
    /// Number the iterates of the paths.
    pub numbered: bool,
    /// Samples per axis of the grid the contours are drawn from.
    pub grid: usize,
    /// The figure's size in pixels.
    pub size: (u32, u32),
}

impl MapView {
    /// Contour lines at `levels` in the jet colours, paths unnumbered, a 100 × 100 grid,
    /// 640 × 560 pixels.
    pub const fn contours(levels: Lv) -> Self {
        Self {
            levels,
            heat: false,
            colormap: Colormap::Jet,
            domain: None,
            numbered: false,
            grid: 100,
            size: (640, 560),
        }
    }
    /// A viridis heat map of f with light contour lines at `levels`.
    pub const fn heat(levels: Lv) -> Self {
        Self {
            heat: true,
            colormap: Colormap::Viridis,
            ..Self::contours(levels)
        }
    }
    /// The same map over another box.
    pub const fn on(self, x: (f64, f64), y: (f64, f64)) -> Self {
        Self {
            domain: Some((x, y)),
            ..self
        }
    }
    /// The same map with numbered iterates.
    pub const fn numbered(self) -> Self {
        Self {
            numbered: true,
            ..self
        }
    }
    /// The same map sampled on `n × n` points.
    pub const fn grid(self, n: usize) -> Self {
        Self { grid: n, ..self }
    }
    /// The same map at another size.
    pub const fn size(self, width: u32, height: u32) -> Self {
        Self {
            size: (width, height),
            ..self
        }
    }
}

/// Which points of many runs a [`View::Points`] shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Moment {
    /// x₀ of every run.
    Initial,
    /// The final x of every run.
    Final,
}

/// How a figure draws its study.
#[derive(Clone, Copy)]
pub enum View {
    /// The 1-D surface over `range` (the surface's box if `None`), with every run's
    /// iterates as numbered points on the curve.
    Curve {
        /// The x range drawn.
        range: Option<(f64, f64)>,
    },
    /// The 2-D surface with every run's path, one colour per run and a legend.
    Map(MapView),
    /// The map beside the runs' loss curves on a log axis.
    MapAndLoss(MapView),
    /// Many runs (starts): their initial or final points on the map.
    Points(Moment, MapView),
    /// Many runs: every path, faint, on the map.
    Trajectories(MapView),
    /// Many runs: every loss curve faint and their mean bold.
    Losses,
    /// Many runs: the points moving, as a GIF of about `frames` frames at
    /// log-spaced iterations.
    Animation(MapView, usize),
    /// A still of its own.
    Custom(fn(&Data) -> Result<Figure, Error>),
    /// An animation of its own.
    CustomAnimation(fn(&Data) -> Result<Animation, Error>),
    /// Not drawn yet: a later issue adds it. The page says so with this note.
    ToCome(&'static str),
}

/// A figure of the docs.
#[derive(Clone, Copy)]
pub struct Spec {
    /// The id (unique), also the file name: `docs/figures/<id>.png` or `.gif`.
    pub id: &'static str,
    /// The study it draws.
    pub study: &'static str,
    /// How.
    pub view: View,
    /// The image's alternative text.
    pub alt: &'static str,
    /// The caption under the figure; may hold `{{value study.key}}` placeholders.
    pub caption: &'static str,
    /// Whether the page shows the study's runs table under the caption.
    pub table: bool,
}

impl Spec {
    /// A figure of `study` drawn by `view`, captioned `caption`, with the runs table.
    pub const fn new(
        id: &'static str,
        study: &'static str,
        view: View,
        alt: &'static str,
        caption: &'static str,
    ) -> Self {
        Self {
            id,
            study,
            view,
            alt,
            caption,
            table: true,
        }
    }
    /// The same figure without the runs table (several figures of one study show it
    /// once).
    pub const fn no_table(self) -> Self {
        Self {
            table: false,
            ..self
        }
    }
    /// Whether the figure is drawn (not a "to come" entry).
    pub fn is_drawn(&self) -> bool {
        !matches!(self.view, View::ToCome(_))
    }
    /// The file it is written to, relative to `docs/figures/`.
    pub fn file(&self) -> Option<String> {
        let ext = match self.view {
            View::ToCome(_) => return None,
            View::Animation(..) | View::CustomAnimation(_) => "gif",
            _ => "png",
        };
        Some(format!("{}.{ext}", self.id))
    }
}

/// A docs page: its file, title, template and what it shows.
pub struct PageDef {
    /// The file under `docs/`.
    pub file: &'static str,
    /// The `#` title, also its name in the index.
    pub title: &'static str,
    /// One sentence for the index.
    pub summary: &'static str,
    /// The markdown template (prose, and `{{…}}` placeholders).
    pub template: &'static str,
    /// The studies it computes.
    pub studies: &'static [StudyDef],
    /// Its figures.
    pub figures: &'static [Spec],
}
