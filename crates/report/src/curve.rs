//! 1-D functions and their iterates as [`Series`].

use plotters::style::{Color, RGBColor};

use crate::Series;
use crate::grid::linspace;

impl Series {
    /// `f` sampled at 400 evenly spaced points of `[range.0, range.1]`, as a thin
    /// black line (the curve under a 1-D descent).
    ///
    /// ```
    /// use report::{LinePlot, Series};
    /// let f = |x: f64| x * x;
    /// let iterates = [1.0, 0.8, 0.64, 0.512];
    /// let plot = LinePlot::new()
    ///     .series(Series::function(f, (-1.2, 1.2)))
    ///     .series(Series::iterates(&iterates, f));
    /// ```
    pub fn function(f: impl Fn(f64) -> f64, range: (f64, f64)) -> Self {
        let xs = linspace(range.0, range.1, 400);
        let ys = xs.iter().map(|&x| f(x)).collect();
        Series::unchecked(xs, ys)
            .color(RGBColor(40, 40, 40))
            .width(2)
    }

    /// The points (xₖ, f(xₖ)) joined by a red line, each numbered k.
    pub fn iterates(xs: &[f64], f: impl Fn(f64) -> f64) -> Self {
        let ys = xs.iter().map(|&x| f(x)).collect();
        Series::unchecked(xs.to_vec(), ys)
            .color(RGBColor(214, 39, 40).mix(0.85))
            .width(2)
            .numbered(true)
    }
}
