//! Should BFGS rescale H₀ = I to (sᵀy/yᵀy)·I before its first update (Nocedal–Wright
//! eq. 6.20)? Both settings of `Bfgs::scale_h0` on a broad set of problems, to
//! ‖∇f‖₂ ≤ 1e-6: iterations and evaluations of f and ∇f (the strong-Wolfe search
//! evaluates both at every trial, so the two counts are equal).
//!
//! ```text
//! cargo run --release -p second-order --example bfgs_h0_scaling
//! ```
//!
//! The problems:
//!
//! - random SPD quadratics `Quadratic::random_spd(n, cond, seed)` from 0, n ∈ {10, 50,
//!   100}, cond ∈ {10, 1e2, 1e3, 2.5e3, 1e4}, seeds 0–4 (75 problems). Their
//!   eigenvalues run from 1 to cond, so H₀ = I is exactly the inverse of the smallest
//!   curvature, a lucky guess for the unscaled method; the same 75 divided by cond
//!   (eigenvalues from 1/cond to 1, the same minimiser) show what it does when the
//!   identity is too large instead (75 more);
//! - the chained Rosenbrock (n ∈ {2, 10, 50, 100}) and the extended one (n ∈ {10, 50,
//!   100}; at n = 2 both are the 2-D function) from (−1.2, 1, …), and the 2-D one from
//!   its standard start (4, −4.1) (8 problems);
//! - logistic regression on generated data: 500 samples of 10 features, labels
//!   sign(xᵀw* + ε) from a known w* and noise ε ~ N(0, 1), loss
//!   mean log(1 + exp(−yᵢxᵢᵀw)) + ½λ‖w‖² with λ = 1e-3, features N(0, 1) (well scaled)
//!   or N(0, sⱼ²) with sⱼ log-spaced from 0.1 to 10 (badly scaled, as raw data often
//!   is), three seeds each (6 problems).
//!
//! It prints one row per problem, then the summary that `bfgs.rs` quotes.

use landscapes::{Landscape, Quadratic, Rosenbrock};
use second_order::prelude::*;

/// mean log(1 + exp(−yᵢ xᵢᵀw)) + ½λ‖w‖² on a generated data set.
struct Logistic {
    /// Samples, row-major m × d.
    x: Vec<f64>,
    /// Labels ±1.
    y: Vec<f64>,
    d: usize,
    lambda: f64,
}

impl Logistic {
    /// `m` samples of `d` features from `Rng::new(seed)`: w* ~ N(0, I), then for each
    /// sample its features xᵢⱼ ~ N(0, sⱼ²) and the label sign(xᵢᵀw* + εᵢ), εᵢ ~ N(0, 1).
    /// Scales sⱼ = 1, or log-spaced from 0.1 to 10 when `badly_scaled`.
    fn generated(m: usize, d: usize, lambda: f64, badly_scaled: bool, seed: u32) -> Self {
        let mut rng = Rng::new(seed);
        let w_star: Vec<f64> = (0..d).map(|_| rng.normal()).collect();
        let scale = |j: usize| {
            if badly_scaled {
                10f64.powf(-1.0 + 2.0 * j as f64 / (d - 1) as f64)
            } else {
                1.0
            }
        };
        let mut x = Vec::with_capacity(m * d);
        let mut y = Vec::with_capacity(m);
        for _ in 0..m {
            let row: Vec<f64> = (0..d).map(|j| scale(j) * rng.normal()).collect();
            let z: f64 = row.iter().zip(&w_star).map(|(a, b)| a * b).sum();
            y.push(if z + rng.normal() >= 0.0 { 1.0 } else { -1.0 });
            x.extend(row);
        }
        Self { x, y, d, lambda }
    }
}

/// log(1 + e⁻ᵗ) without overflow for large |t|.
fn log1p_exp_neg(t: f64) -> f64 {
    if t > 0.0 {
        (-t).exp().ln_1p()
    } else {
        -t + t.exp().ln_1p()
    }
}

impl Objective for Logistic {
    fn dim(&self) -> usize {
        self.d
    }
    fn value(&self, w: &[f64]) -> f64 {
        let m = self.y.len() as f64;
        let loss: f64 = self
            .x
            .chunks_exact(self.d)
            .zip(&self.y)
            .map(|(row, y)| log1p_exp_neg(y * row.iter().zip(w).map(|(a, b)| a * b).sum::<f64>()))
            .sum();
        loss / m + 0.5 * self.lambda * w.iter().map(|v| v * v).sum::<f64>()
    }
    fn gradient(&self, w: &[f64], g: &mut [f64]) {
        self.value_and_gradient(w, g);
    }
    fn value_and_gradient(&self, w: &[f64], g: &mut [f64]) -> f64 {
        // ∂/∂w log(1 + exp(−y xᵀw)) = −y σ(−y xᵀw) x, σ(t) = 1/(1 + e⁻ᵗ).
        let m = self.y.len() as f64;
        g.iter_mut()
            .zip(w)
            .for_each(|(gi, wi)| *gi = self.lambda * wi);
        let mut loss = 0.0;
        for (row, y) in self.x.chunks_exact(self.d).zip(&self.y) {
            let t = y * row.iter().zip(w).map(|(a, b)| a * b).sum::<f64>();
            loss += log1p_exp_neg(t);
            let coef = -y / (1.0 + t.exp()) / m;
            g.iter_mut().zip(row).for_each(|(gi, xi)| *gi += coef * xi);
        }
        loss / m + 0.5 * self.lambda * w.iter().map(|v| v * v).sum::<f64>()
    }
}

/// c·f: the same minimiser, every curvature multiplied by c.
struct Times<O>(O, f64);

impl<O: Objective> Objective for Times<O> {
    fn dim(&self) -> usize {
        self.0.dim()
    }
    fn value(&self, x: &[f64]) -> f64 {
        self.1 * self.0.value(x)
    }
    fn gradient(&self, x: &[f64], g: &mut [f64]) {
        self.0.gradient(x, g);
        g.iter_mut().for_each(|v| *v *= self.1);
    }
}

/// One problem's outcome under one setting.
#[derive(Clone, Copy)]
struct Outcome {
    iterations: usize,
    evals: usize,
    converged: bool,
}

fn solve<O: Objective>(obj: &O, x0: &[f64], scale_h0: bool) -> Outcome {
    let bfgs = Bfgs {
        scale_h0,
        ..Bfgs::default()
    };
    let stop = Stop::after(10_000).record(Record::Off);
    let run = minimize(&bfgs, obj, x0, &stop).expect("valid input");
    Outcome {
        iterations: run.iterations,
        evals: run.evals.value,
        converged: run.stop == StopReason::GradientTolerance,
    }
}

/// A problem with both outcomes.
struct Row {
    family: &'static str,
    name: String,
    scaled: Outcome,
    unscaled: Outcome,
}

fn row<O: Objective>(family: &'static str, name: String, obj: &O, x0: &[f64]) -> Row {
    Row {
        family,
        name,
        scaled: solve(obj, x0, true),
        unscaled: solve(obj, x0, false),
    }
}

fn problems() -> Vec<Row> {
    let mut rows = Vec::new();
    for n in [10, 50, 100] {
        for cond in [10.0, 1e2, 1e3, 2.5e3, 1e4] {
            for seed in 0..5 {
                let q = Quadratic::random_spd(n, cond, seed);
                let name = format!("quadratic n={n} cond={cond:e} seed={seed}");
                rows.push(row("quadratic", name, &q, &q.start()));
                let name = format!("quadratic/cond n={n} cond={cond:e} seed={seed}");
                let small = Times(q, 1.0 / cond);
                rows.push(row("quadratic/cond", name, &small, &vec![0.0; n]));
            }
        }
    }
    for n in [2, 10, 50, 100] {
        let f = Rosenbrock::chained(n);
        rows.push(row("rosenbrock", format!("chained n={n}"), &f, &f.start()));
    }
    for n in [10, 50, 100] {
        let f = Rosenbrock::extended(n);
        rows.push(row("rosenbrock", format!("extended n={n}"), &f, &f.start()));
    }
    let f = Rosenbrock::new();
    rows.push(row(
        "rosenbrock",
        format!("2-D from {:?}", f.start()),
        &f,
        &f.start(),
    ));
    for badly_scaled in [false, true] {
        for seed in 0..3 {
            let f = Logistic::generated(500, 10, 1e-3, badly_scaled, seed);
            let kind = if badly_scaled {
                "badly scaled"
            } else {
                "well scaled"
            };
            let name = format!("logistic 500x10 {kind} seed={seed}");
            rows.push(row("logistic", name, &f, &[0.0; 10]));
        }
    }
    rows
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let k = v.len();
    if k == 0 {
        f64::NAN
    } else if k % 2 == 1 {
        v[k / 2]
    } else {
        0.5 * (v[k / 2 - 1] + v[k / 2])
    }
}

/// The summary line of a set of rows (problems where both settings converged).
fn summary(label: &str, rows: &[&Row]) {
    let both: Vec<&&Row> = rows
        .iter()
        .filter(|r| r.scaled.converged && r.unscaled.converged)
        .collect();
    let total = |pick: fn(&Row) -> usize| both.iter().map(|r| pick(r)).sum::<usize>();
    let (it_s, it_u) = (
        total(|r| r.scaled.iterations),
        total(|r| r.unscaled.iterations),
    );
    let (ev_s, ev_u) = (total(|r| r.scaled.evals), total(|r| r.unscaled.evals));
    let record = |pick: fn(&Outcome) -> usize| {
        let (mut wins, mut losses, mut ties) = (0, 0, 0);
        for r in &both {
            match pick(&r.scaled).cmp(&pick(&r.unscaled)) {
                std::cmp::Ordering::Less => wins += 1,
                std::cmp::Ordering::Greater => losses += 1,
                std::cmp::Ordering::Equal => ties += 1,
            }
        }
        format!("{wins} / {losses} / {ties}")
    };
    let ratio = median(
        both.iter()
            .map(|r| r.scaled.iterations as f64 / r.unscaled.iterations as f64)
            .collect(),
    );
    let failures = |pick: fn(&Row) -> Outcome| rows.iter().filter(|r| !pick(r).converged).count();
    println!(
        "| {label} | {} | {it_s} / {it_u} | {ev_s} / {ev_u} | {} | {} | {ratio:.2} | {} / {} |",
        rows.len(),
        record(|o| o.iterations),
        record(|o| o.evals),
        failures(|r| r.scaled),
        failures(|r| r.unscaled),
    );
}

fn main() {
    let rows = problems();
    println!("| problem | scaled: iterations (evals) | unscaled: iterations (evals) |");
    println!("|---|---|---|");
    let cell = |o: Outcome| {
        let mark = if o.converged { "" } else { " FAILED" };
        format!("{} ({}){mark}", o.iterations, o.evals)
    };
    for r in &rows {
        println!("| {} | {} | {} |", r.name, cell(r.scaled), cell(r.unscaled));
    }

    println!();
    println!(
        "| problems | count | iterations, scaled / unscaled | f and ∇f evaluations | scaled wins / losses / ties, iterations | the same, evaluations | median iteration ratio scaled/unscaled | failures scaled / unscaled |"
    );
    println!("|---|---|---|---|---|---|---|---|");
    for family in ["quadratic", "quadratic/cond", "rosenbrock", "logistic"] {
        let subset: Vec<&Row> = rows.iter().filter(|r| r.family == family).collect();
        summary(family, &subset);
    }
    for family in ["quadratic", "quadratic/cond"] {
        for cond in [10.0, 1e2, 1e3, 2.5e3, 1e4] {
            let tag = format!("cond={cond:e} ");
            let subset: Vec<&Row> = rows
                .iter()
                .filter(|r| r.family == family && r.name.contains(&tag))
                .collect();
            summary(&format!("{family}, cond {cond:e}"), &subset);
        }
    }
    let asked: Vec<&Row> = rows
        .iter()
        .filter(|r| r.family != "quadratic/cond")
        .collect();
    summary("all but quadratic/cond", &asked);
    let all: Vec<&Row> = rows.iter().collect();
    summary("all", &all);

    // The worst cases each way, by iteration ratio.
    let mut by_ratio: Vec<(f64, &Row)> = rows
        .iter()
        .filter(|r| r.scaled.converged && r.unscaled.converged)
        .map(|r| (r.scaled.iterations as f64 / r.unscaled.iterations as f64, r))
        .collect();
    by_ratio.sort_by(|a, b| a.0.total_cmp(&b.0));
    println!();
    println!("worst for scaling (scaled/unscaled iterations):");
    for (ratio, r) in by_ratio.iter().rev().take(5) {
        println!(
            "  {ratio:.2}  {}: {} vs {}",
            r.name, r.scaled.iterations, r.unscaled.iterations
        );
    }
    println!("best for scaling:");
    for (ratio, r) in by_ratio.iter().take(5) {
        println!(
            "  {ratio:.2}  {}: {} vs {}",
            r.name, r.scaled.iterations, r.unscaled.iterations
        );
    }
}
