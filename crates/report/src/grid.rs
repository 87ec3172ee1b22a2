//! [`Grid`]: a function sampled on a regular 2-D grid, and [`linspace`].

use crate::error::{Error, check_range, invalid};

/// `n` evenly spaced numbers from `start` to `stop` inclusive, as `numpy.linspace`
/// computes them (`start + i·step`, the last one exactly `stop`), so that grid minima
/// and level values agree with the course documents to the last bit.
///
/// ```
/// assert_eq!(report::linspace(0.0, 1.0, 5), vec![0.0, 0.25, 0.5, 0.75, 1.0]);
/// assert_eq!(report::linspace(2.0, 3.0, 1), vec![2.0]);
/// ```
pub fn linspace(start: f64, stop: f64, n: usize) -> Vec<f64> {
    match n {
        0 => Vec::new(),
        1 => vec![start],
        _ => {
            let step = (stop - start) / (n - 1) as f64;
            let mut v: Vec<f64> = (0..n).map(|i| start + i as f64 * step).collect();
            v[n - 1] = stop;
            v
        }
    }
}

/// Values of a function f(x, y) at `nx × ny` evenly spaced points.
///
/// Row-major with y as the row: `values()[j * nx + i] = f(x_i, y_j)`, where
/// `x_i = linspace(x.0, x.1, nx)[i]` and likewise for y (the layout of
/// `numpy.meshgrid(x, y)`).
///
/// ```
/// use report::Grid;
/// let g = Grid::sample((-1.0, 1.0), (-1.0, 1.0), 21, 21, |x, y| x * x + y * y)?;
/// assert_eq!(g.value(10, 10), 0.0);
/// assert_eq!(g.argmin(), Some((0.0, 0.0, 0.0)));
/// # Ok::<(), report::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    xs: Vec<f64>,
    ys: Vec<f64>,
    values: Vec<f64>,
}

impl Grid {
    /// Samples `f` on `nx × ny` points spanning `x` × `y` (both ends included).
    ///
    /// Errors if a range is not finite and increasing or if `nx` or `ny` is below 2.
    pub fn sample(
        x: (f64, f64),
        y: (f64, f64),
        nx: usize,
        ny: usize,
        f: impl Fn(f64, f64) -> f64,
    ) -> Result<Self, Error> {
        check_shape(x, y, nx, ny)?;
        let xs = linspace(x.0, x.1, nx);
        let ys = linspace(y.0, y.1, ny);
        let values = ys
            .iter()
            .flat_map(|&yj| xs.iter().map(move |&xi| (xi, yj)))
            .map(|(xi, yj)| f(xi, yj))
            .collect();
        Ok(Self { xs, ys, values })
    }

    /// A grid from values already computed, laid out as [`Grid`] describes.
    ///
    /// Errors if the shape is invalid (as for [`Grid::sample`]) or if
    /// `values.len() != nx * ny`.
    pub fn from_values(
        x: (f64, f64),
        y: (f64, f64),
        nx: usize,
        ny: usize,
        values: Vec<f64>,
    ) -> Result<Self, Error> {
        check_shape(x, y, nx, ny)?;
        optim_core::error::check_len("values", &values, nx * ny)?;
        Ok(Self {
            xs: linspace(x.0, x.1, nx),
            ys: linspace(y.0, y.1, ny),
            values,
        })
    }

    /// Number of columns (points along x).
    pub fn nx(&self) -> usize {
        self.xs.len()
    }
    /// Number of rows (points along y).
    pub fn ny(&self) -> usize {
        self.ys.len()
    }
    /// The x coordinates of the columns.
    pub fn xs(&self) -> &[f64] {
        &self.xs
    }
    /// The y coordinates of the rows.
    pub fn ys(&self) -> &[f64] {
        &self.ys
    }
    /// `(first x, last x)`.
    pub fn x_range(&self) -> (f64, f64) {
        (self.xs[0], self.xs[self.nx() - 1])
    }
    /// `(first y, last y)`.
    pub fn y_range(&self) -> (f64, f64) {
        (self.ys[0], self.ys[self.ny() - 1])
    }
    /// All values, row-major with y as the row.
    pub fn values(&self) -> &[f64] {
        &self.values
    }
    /// f(x_i, y_j).
    pub fn value(&self, i: usize, j: usize) -> f64 {
        self.values[j * self.nx() + i]
    }

    /// The smallest and largest finite values, or `None` if no value is finite.
    pub fn finite_range(&self) -> Option<(f64, f64)> {
        self.values
            .iter()
            .filter(|v| v.is_finite())
            .fold(None, |acc, &v| match acc {
                None => Some((v, v)),
                Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
            })
    }

    /// `(x, y, f)` at the grid point of smallest finite value (the first one in
    /// row-major order on ties, as `numpy.argmin`), or `None` if no value is finite.
    pub fn argmin(&self) -> Option<(f64, f64, f64)> {
        let mut best: Option<(usize, f64)> = None;
        for (k, &v) in self.values.iter().enumerate() {
            if v.is_finite() && best.is_none_or(|(_, b)| v < b) {
                best = Some((k, v));
            }
        }
        best.map(|(k, v)| (self.xs[k % self.nx()], self.ys[k / self.nx()], v))
    }

    /// The value at the grid point nearest to (x, y); NaN outside the grid. For
    /// class numbers, which must not be interpolated.
    ///
    /// ```
    /// use report::Grid;
    /// let g = Grid::sample((0.0, 1.0), (0.0, 1.0), 2, 2, |x, y| x + 2.0 * y)?;
    /// assert_eq!(g.nearest(0.4, 0.9), 2.0);
    /// assert!(g.nearest(1.5, 0.0).is_nan());
    /// # Ok::<(), report::Error>(())
    /// ```
    pub fn nearest(&self, x: f64, y: f64) -> f64 {
        let (Some((i, tx)), Some((j, ty))) = (locate(&self.xs, x), locate(&self.ys, y)) else {
            return f64::NAN;
        };
        let i = if tx >= 0.5 { i + 1 } else { i };
        let j = if ty >= 0.5 { j + 1 } else { j };
        self.values[j * self.nx() + i]
    }

    /// Bilinear interpolation at (x, y); NaN outside the grid.
    pub fn interpolate(&self, x: f64, y: f64) -> f64 {
        let (Some((i, tx)), Some((j, ty))) = (locate(&self.xs, x), locate(&self.ys, y)) else {
            return f64::NAN;
        };
        let nx = self.nx();
        let v00 = self.values[j * nx + i];
        let v10 = self.values[j * nx + i + 1];
        let v01 = self.values[(j + 1) * nx + i];
        let v11 = self.values[(j + 1) * nx + i + 1];
        let bottom = v00 + tx * (v10 - v00);
        let top = v01 + tx * (v11 - v01);
        bottom + ty * (top - bottom)
    }
}

/// The cell `i` with `axis[i] <= v <= axis[i + 1]` and the fraction of the way
/// across it; `None` outside the axis.
fn locate(axis: &[f64], v: f64) -> Option<(usize, f64)> {
    let (lo, hi) = (axis[0], axis[axis.len() - 1]);
    if !(v >= lo && v <= hi) {
        return None;
    }
    let cells = axis.len() - 1;
    let t = (v - lo) / (hi - lo) * cells as f64;
    let i = (t.floor() as usize).min(cells - 1);
    Some((i, t - i as f64))
}

fn check_shape(x: (f64, f64), y: (f64, f64), nx: usize, ny: usize) -> Result<(), Error> {
    check_range("x", x)?;
    check_range("y", y)?;
    if nx < 2 {
        return Err(invalid("nx", nx as f64, ">= 2"));
    }
    if ny < 2 {
        return Err(invalid("ny", ny as f64, ">= 2"));
    }
    Ok(())
}
