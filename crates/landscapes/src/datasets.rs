//! Seeded data sets for the [`Mlp`](crate::Mlp) objective: scikit-learn's two moons
//! ([`two_moons`]) and a teacher–student regression ([`teacher_student`]), drawn from
//! [`optim_core::Rng`] so that a seed gives the same samples on every machine.

use optim_core::error::check_param;
use optim_core::{Error, Rng};

/// Inputs with their targets: N samples, each a row.
///
/// [`Mlp::new`](crate::Mlp::new) checks that the shapes agree with each other and with
/// the network; the fields are public so that figures can scatter the samples.
#[derive(Debug, Clone, PartialEq)]
pub struct Dataset {
    /// N × `input_dim`, row-major: sample i's input is
    /// `inputs[i·input_dim..(i + 1)·input_dim]`.
    pub inputs: Vec<f64>,
    /// d_in, the length of one input.
    pub input_dim: usize,
    /// What the network should output for each sample.
    pub targets: Supervision,
}

/// The targets of a [`Dataset`], which also fix the loss of an [`Mlp`](crate::Mlp).
#[derive(Debug, Clone, PartialEq)]
pub enum Supervision {
    /// Real targets for the squared error ½‖z − y‖².
    Values {
        /// N × `dim`, row-major.
        values: Vec<f64>,
        /// d_out, the length of one target.
        dim: usize,
    },
    /// Class labels for softmax cross-entropy −log softmax(z)_y.
    Labels {
        /// N labels, each below `classes`.
        labels: Vec<usize>,
        /// The number of classes (the network's d_out).
        classes: usize,
    },
}

impl Dataset {
    /// N, the number of samples (0 when `input_dim` is 0).
    pub fn len(&self) -> usize {
        self.inputs.len().checked_div(self.input_dim).unwrap_or(0)
    }

    /// Whether there are no samples.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Sample i's input.
    ///
    /// # Panics
    /// If `i` ≥ N.
    pub fn input(&self, i: usize) -> &[f64] {
        &self.inputs[i * self.input_dim..(i + 1) * self.input_dim]
    }
}

/// `n` points of scikit-learn's two interleaving half circles, labels 0 (outer) and 1
/// (inner), with Gaussian noise of standard deviation `noise` on each coordinate.
///
/// The construction of `sklearn.datasets.make_moons`: with n₀ = ⌊n/2⌋ outer and
/// n₁ = n − n₀ inner points and t = linspace(0, π, m) (m points, both ends included),
///
/// ```text
/// outer: (cos t, sin t)             label 0, the first n₀ rows
/// inner: (1 − cos t, 1 − sin t − ½) label 1, the last n₁ rows
/// ```
///
/// then every coordinate, row by row, plus `noise`·ε with ε from `Rng::new(seed)`'s
/// `normal()`. This is `make_moons(n, shuffle=False, noise=noise, random_state=seed)`:
/// the same rows in the same order from the same normal stream (NumPy's legacy
/// `RandomState`), equal up to the last bit of the platform's sin and cos. scikit-learn's
/// default `shuffle=True` permutes the rows before adding the noise; the order does not
/// matter to a full-batch objective, and [`optim_core::MiniBatch`] shuffles anyway.
///
/// `Err` unless n ≥ 1 and `noise` is finite and ≥ 0.
///
/// ```
/// use landscapes::{Supervision, two_moons};
/// let moons = two_moons(200, 0.1, 0)?;
/// assert_eq!((moons.len(), moons.input_dim), (200, 2));
/// let Supervision::Labels { labels, classes } = &moons.targets else { unreachable!() };
/// assert_eq!(*classes, 2);
/// assert_eq!(labels.iter().filter(|&&c| c == 1).count(), 100);
/// # Ok::<(), optim_core::Error>(())
/// ```
pub fn two_moons(n: usize, noise: f64, seed: u32) -> Result<Dataset, Error> {
    check_param("n", n as f64, "at least 1 sample", |v| v >= 1.0)?;
    check_param("noise", noise, "finite and ≥ 0", |v| {
        v >= 0.0 && v.is_finite()
    })?;
    let outer = n / 2;
    let inner = n - outer;
    let mut inputs = Vec::with_capacity(2 * n);
    for t in linspace_pi(outer) {
        inputs.extend([t.cos(), t.sin()]);
    }
    for t in linspace_pi(inner) {
        inputs.extend([1.0 - t.cos(), 1.0 - t.sin() - 0.5]);
    }
    let mut rng = Rng::new(seed);
    for v in &mut inputs {
        *v += noise * rng.normal();
    }
    let labels = (0..n).map(|i| usize::from(i >= outer)).collect();
    Ok(Dataset {
        inputs,
        input_dim: 2,
        targets: Supervision::Labels { labels, classes: 2 },
    })
}

/// NumPy's `linspace(0, π, m)`: i·(π/(m − 1)), with the last point exactly π.
fn linspace_pi(m: usize) -> impl Iterator<Item = f64> {
    let step = std::f64::consts::PI / (m.max(2) - 1) as f64;
    (0..m).map(move |i| {
        if i + 1 == m && m > 1 {
            std::f64::consts::PI
        } else {
            i as f64 * step
        }
    })
}

/// The layer sizes of [`teacher_student`]'s teacher: 8 inputs, 16 tanh units, 4 linear
/// outputs (212 parameters).
pub const TEACHER_SIZES: [usize; 3] = [8, 16, 4];

/// A [`teacher_student`] regression: the data and the teacher that labelled it.
#[derive(Debug, Clone, PartialEq)]
pub struct TeacherStudent {
    /// N inputs of length 8 and their targets (length 4, [`Supervision::Values`]).
    pub data: Dataset,
    /// The teacher's parameters, in [`optim_core::Layer`]'s layout for
    /// [`TEACHER_SIZES`] (an [`Mlp`](crate::Mlp) of those sizes with tanh hidden units
    /// evaluated here computes the teacher).
    pub teacher: Vec<f64>,
}

/// `n` samples labelled by a random 8-16-4 tanh network (the teacher), plus Gaussian
/// noise of standard deviation `noise` on every target.
///
/// Everything is drawn from `Rng::new(seed)`'s `normal()`, in this order:
///
/// 1. the teacher's parameters, layer by layer in [`optim_core::Layer`]'s layout
///    (W̄ = [W | b] column-major), every entry N(0, 1/(inputs + 1)): with ā = (a, 1)
///    each pre-activation wᵀā then has variance about 1 for unit-variance a, so the
///    hidden units are neither linear nor saturated and the outputs are O(1) (standard
///    deviation about 0.6);
/// 2. the inputs, N × 8 row-major, standard normal;
/// 3. the noise, N × 4 row-major: yᵢ = teacher(dᵢ) + `noise`·εᵢ.
///
/// The teacher depends on the seed only (not on n), and `noise` only scales the last
/// draws, so `noise = 0` gives the same inputs with the teacher's exact outputs: a
/// student with the teacher's architecture has a zero-residual minimum there.
///
/// `Err` unless n ≥ 1 and `noise` is finite and ≥ 0.
///
/// ```
/// use landscapes::{Supervision, teacher_student};
/// let ts = teacher_student(64, 0.0, 1)?;
/// assert_eq!((ts.data.len(), ts.data.input_dim, ts.teacher.len()), (64, 8, 212));
/// let Supervision::Values { values, dim } = &ts.data.targets else { unreachable!() };
/// assert_eq!((values.len(), *dim), (256, 4));
/// # Ok::<(), optim_core::Error>(())
/// ```
pub fn teacher_student(n: usize, noise: f64, seed: u32) -> Result<TeacherStudent, Error> {
    check_param("n", n as f64, "at least 1 sample", |v| v >= 1.0)?;
    check_param("noise", noise, "finite and ≥ 0", |v| {
        v >= 0.0 && v.is_finite()
    })?;
    let [d_in, hidden, d_out] = TEACHER_SIZES;
    let mut rng = Rng::new(seed);
    let mut teacher = Vec::with_capacity(hidden * (d_in + 1) + d_out * (hidden + 1));
    for (inputs, outputs) in [(d_in, hidden), (hidden, d_out)] {
        let scale = 1.0 / ((inputs + 1) as f64).sqrt();
        for _ in 0..outputs * (inputs + 1) {
            teacher.push(scale * rng.normal());
        }
    }
    let inputs: Vec<f64> = (0..n * d_in).map(|_| rng.normal()).collect();
    let (w1, w2) = teacher.split_at(hidden * (d_in + 1));
    let mut values = Vec::with_capacity(n * d_out);
    let mut a = [0.0; TEACHER_SIZES[1]];
    for d in inputs.chunks_exact(d_in) {
        // Written out rather than borrowed from `Mlp`: the data must not depend on the
        // code they test, and a student at the teacher's parameters then checks the
        // network's forward pass against this independent one.
        for (r, ar) in a.iter_mut().enumerate() {
            let s: f64 =
                w1[d_in * hidden + r] + (0..d_in).map(|c| w1[c * hidden + r] * d[c]).sum::<f64>();
            *ar = s.tanh();
        }
        for r in 0..d_out {
            let z: f64 =
                w2[hidden * d_out + r] + (0..hidden).map(|c| w2[c * d_out + r] * a[c]).sum::<f64>();
            values.push(z);
        }
    }
    for v in &mut values {
        *v += noise * rng.normal();
    }
    Ok(TeacherStudent {
        data: Dataset {
            inputs,
            input_dim: d_in,
            targets: Supervision::Values { values, dim: d_out },
        },
        teacher,
    })
}
