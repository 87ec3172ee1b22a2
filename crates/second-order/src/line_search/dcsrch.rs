//! MINPACK-2's `dcsrch` and `dcstep`, line by line: the state machine behind
//! [`StrongWolfe`](super::StrongWolfe), which feeds it one (φ, φ′) pair per trial.

use super::search::Failure;

/// What `dcsrch` asks for next.
pub(super) enum Task {
    Evaluate(f64),
    Converged,
    Warning(Failure),
    /// `dcsrch`'s "STP = STPMAX" warning at the configured largest step: φ still falls
    /// at least c₁ times as steeply as at 0 there.
    Unbounded,
}

const P5: f64 = 0.5;
const P66: f64 = 0.66;
const XTRAPL: f64 = 1.1;
const XTRAPU: f64 = 4.0;

/// The saved state of `dcsrch` between two evaluations (its `isave`/`dsave`).
pub(super) struct Dcsrch {
    gtol: f64,
    xtol: f64,
    stpmin: f64,
    /// The upper bound; lowered below any step where φ was not finite.
    stpmax: f64,
    /// Whether `stpmax` was lowered so: reaching it then says nothing about f being
    /// unbounded, only about where it stops being defined.
    capped: bool,
    brackt: bool,
    stage2: bool,
    finit: f64,
    ginit: f64,
    gtest: f64,
    width: f64,
    width1: f64,
    stx: f64,
    fx: f64,
    gx: f64,
    sty: f64,
    fy: f64,
    gy: f64,
    stmin: f64,
    stmax: f64,
}

impl Dcsrch {
    /// The `task = 'START'` entry with `ftol` = c₁, `gtol` = c₂ and the step bounds;
    /// the caller has checked `ginit < 0`.
    pub(super) fn start(
        [ftol, gtol, xtol, stpmin, stpmax]: [f64; 5],
        stp: f64,
        finit: f64,
        ginit: f64,
    ) -> Self {
        let width = stpmax - stpmin;
        Self {
            gtol,
            xtol,
            stpmin,
            stpmax,
            capped: false,
            brackt: false,
            stage2: false,
            finit,
            ginit,
            gtest: ftol * ginit,
            width,
            width1: width / P5,
            stx: 0.0,
            fx: finit,
            gx: ginit,
            sty: 0.0,
            fy: finit,
            gy: ginit,
            stmin: 0.0,
            stmax: stp + XTRAPU * stp,
        }
    }

    /// One `task = 'FG'` re-entry with f = φ(stp) and g = φ′(stp).
    pub(super) fn next(&mut self, stp: f64, f: f64, g: f64) -> Task {
        if !(f.is_finite() && g.is_finite()) {
            // Our addition: retreat halfway towards the best step, and never again
            // try more than 90% of the way to this step.
            let back = self.stx + P5 * (stp - self.stx);
            self.stpmax = (self.stx + 0.9 * (stp - self.stx)).max(self.stpmin);
            self.capped = true;
            self.stmax = self.stmax.min(self.stpmax);
            if !(back > self.stpmin && back < stp) {
                return Task::Warning(Failure::AtMinStep);
            }
            return Task::Evaluate(back);
        }

        let ftest = self.finit + stp * self.gtest;
        if !self.stage2 && f <= ftest && g >= 0.0 {
            self.stage2 = true;
        }

        // Warnings, in dcsrch's order (a later one overrides an earlier one), then
        // convergence, which overrides them all.
        let mut warning = None;
        if self.brackt && (stp <= self.stmin || stp >= self.stmax) {
            warning = Some(Task::Warning(Failure::RoundingErrors));
        }
        if self.brackt && self.stmax - self.stmin <= self.xtol * self.stmax {
            warning = Some(Task::Warning(Failure::IntervalCollapsed));
        }
        if stp == self.stpmax && f <= ftest && g <= self.gtest {
            warning = Some(if self.capped {
                Task::Warning(Failure::AtMaxStep)
            } else {
                Task::Unbounded
            });
        }
        if stp == self.stpmin && (f > ftest || g >= self.gtest) {
            warning = Some(Task::Warning(Failure::AtMinStep));
        }
        if f <= ftest && g.abs() <= self.gtol * (-self.ginit) {
            return Task::Converged;
        }
        if let Some(w) = warning {
            return w;
        }

        let mut stp = stp;
        if !self.stage2 && f <= self.fx && f > ftest {
            // Stage 1 with a lower but not sufficiently lower value: step on ψ.
            let mut st = Step {
                stx: self.stx,
                fx: self.fx - self.stx * self.gtest,
                dx: self.gx - self.gtest,
                sty: self.sty,
                fy: self.fy - self.sty * self.gtest,
                dy: self.gy - self.gtest,
                brackt: self.brackt,
            };
            stp = st.dcstep(
                stp,
                f - stp * self.gtest,
                g - self.gtest,
                self.stmin,
                self.stmax,
            );
            self.stx = st.stx;
            self.sty = st.sty;
            self.brackt = st.brackt;
            self.fx = st.fx + self.stx * self.gtest;
            self.fy = st.fy + self.sty * self.gtest;
            self.gx = st.dx + self.gtest;
            self.gy = st.dy + self.gtest;
        } else {
            let mut st = Step {
                stx: self.stx,
                fx: self.fx,
                dx: self.gx,
                sty: self.sty,
                fy: self.fy,
                dy: self.gy,
                brackt: self.brackt,
            };
            stp = st.dcstep(stp, f, g, self.stmin, self.stmax);
            self.stx = st.stx;
            self.fx = st.fx;
            self.gx = st.dx;
            self.sty = st.sty;
            self.fy = st.fy;
            self.gy = st.dy;
            self.brackt = st.brackt;
        }

        // Bisect when the interval does not shrink fast enough.
        if self.brackt {
            if (self.sty - self.stx).abs() >= P66 * self.width1 {
                stp = self.stx + P5 * (self.sty - self.stx);
            }
            self.width1 = self.width;
            self.width = (self.sty - self.stx).abs();
        }

        if self.brackt {
            self.stmin = self.stx.min(self.sty);
            self.stmax = self.stx.max(self.sty);
        } else {
            self.stmin = stp + XTRAPL * (stp - self.stx);
            self.stmax = stp + XTRAPU * (stp - self.stx);
        }

        stp = clamp(stp, self.stpmin, self.stpmax);

        // No further progress possible: let the next trial be the best step so far.
        if self.brackt
            && (stp <= self.stmin
                || stp >= self.stmax
                || self.stmax - self.stmin <= self.xtol * self.stmax)
        {
            stp = self.stx;
        }
        if !stp.is_finite() {
            return Task::Warning(Failure::RoundingErrors);
        }
        Task::Evaluate(stp)
    }

    /// Whether the trial (stp, f, g) just fed to [`Dcsrch::next`] leaves the search
    /// extrapolating on a function that falls without bound as far as it can tell:
    /// no minimiser bracketed, no NaN met, and at stp both f ≤ f(0) + c₁·stp·φ′(0)
    /// and φ′ ≤ c₁φ′(0), the conditions of the "STP = STPMAX" warning.
    pub(super) fn falling_steeply(&self, stp: f64, f: f64, g: f64) -> bool {
        !self.brackt && !self.capped && f <= self.finit + stp * self.gtest && g <= self.gtest
    }
}

/// max(lo, min(v, hi)) without `f64::clamp`'s panic on NaN bounds.
pub(super) fn clamp(v: f64, lo: f64, hi: f64) -> f64 {
    v.max(lo).min(hi)
}

/// The sign with sign(0) = 0 (numpy's, as scipy's port uses; `f64::signum(0)` is 1).
fn sign(v: f64) -> f64 {
    if v > 0.0 {
        1.0
    } else if v < 0.0 {
        -1.0
    } else {
        0.0
    }
}

/// The interval of `dcstep`: best step (stx, fx, dx), other end (sty, fy, dy).
struct Step {
    stx: f64,
    fx: f64,
    dx: f64,
    sty: f64,
    fy: f64,
    dy: f64,
    brackt: bool,
}

impl Step {
    /// MINPACK-2 `dcstep`: updates the interval with the trial (stp, fp, dp) and
    /// returns the next trial step.
    fn dcstep(&mut self, stp: f64, fp: f64, dp: f64, stpmin: f64, stpmax: f64) -> f64 {
        let (stx, fx, dx) = (self.stx, self.fx, self.dx);
        let sgnd = sign(dp) * sign(dx);

        let stpf = if fp > fx {
            // Case 1: higher value, the minimum is bracketed. Take the cubic step if
            // it is closer to stx than the quadratic step, else their average.
            let theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp;
            let s = theta.abs().max(dx.abs()).max(dp.abs());
            let mut gamma = s * ((theta / s).powi(2) - (dx / s) * (dp / s)).sqrt();
            if stp < stx {
                gamma = -gamma;
            }
            let p = (gamma - dx) + theta;
            let q = ((gamma - dx) + gamma) + dp;
            let r = p / q;
            let stpc = stx + r * (stp - stx);
            let stpq = stx + ((dx / ((fx - fp) / (stp - stx) + dx)) / 2.0) * (stp - stx);
            self.brackt = true;
            if (stpc - stx).abs() < (stpq - stx).abs() {
                stpc
            } else {
                stpc + (stpq - stpc) / 2.0
            }
        } else if sgnd < 0.0 {
            // Case 2: lower value, derivatives of opposite sign: bracketed. Take the
            // cubic step if it is farther from stp than the secant step.
            let theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp;
            let s = theta.abs().max(dx.abs()).max(dp.abs());
            let mut gamma = s * ((theta / s).powi(2) - (dx / s) * (dp / s)).sqrt();
            if stp > stx {
                gamma = -gamma;
            }
            let p = (gamma - dp) + theta;
            let q = ((gamma - dp) + gamma) + dx;
            let r = p / q;
            let stpc = stp + r * (stx - stp);
            let stpq = stp + (dp / (dp - dx)) * (stx - stp);
            self.brackt = true;
            if (stpc - stp).abs() > (stpq - stp).abs() {
                stpc
            } else {
                stpq
            }
        } else if dp.abs() < dx.abs() {
            // Case 3: lower value, same sign, |derivative| decreases. The cubic step
            // is used only if the cubic tends to infinity in the direction of the
            // step or its minimum lies beyond stp; otherwise the secant step.
            let theta = 3.0 * (fx - fp) / (stp - stx) + dx + dp;
            let s = theta.abs().max(dx.abs()).max(dp.abs());
            let mut gamma = s * 0f64.max((theta / s).powi(2) - (dx / s) * (dp / s)).sqrt();
            if stp > stx {
                gamma = -gamma;
            }
            let p = (gamma - dp) + theta;
            let q = (gamma + (dx - dp)) + gamma;
            let r = p / q;
            let stpc = if r < 0.0 && gamma != 0.0 {
                stp + r * (stx - stp)
            } else if stp > stx {
                stpmax
            } else {
                stpmin
            };
            let stpq = stp + (dp / (dp - dx)) * (stx - stp);
            if self.brackt {
                // Closer of cubic and secant, kept within 0.66 of the way to sty.
                let f = if (stpc - stp).abs() < (stpq - stp).abs() {
                    stpc
                } else {
                    stpq
                };
                if stp > stx {
                    f.min(stp + P66 * (self.sty - stp))
                } else {
                    f.max(stp + P66 * (self.sty - stp))
                }
            } else {
                let f = if (stpc - stp).abs() > (stpq - stp).abs() {
                    stpc
                } else {
                    stpq
                };
                clamp(f, stpmin, stpmax)
            }
        } else {
            // Case 4: lower value, same sign, |derivative| does not decrease.
            if self.brackt {
                let theta = 3.0 * (fp - self.fy) / (self.sty - stp) + self.dy + dp;
                let s = theta.abs().max(self.dy.abs()).max(dp.abs());
                let mut gamma = s * ((theta / s).powi(2) - (self.dy / s) * (dp / s)).sqrt();
                if stp > self.sty {
                    gamma = -gamma;
                }
                let p = (gamma - dp) + theta;
                let q = ((gamma - dp) + gamma) + self.dy;
                let r = p / q;
                stp + r * (self.sty - stp)
            } else if stp > stx {
                stpmax
            } else {
                stpmin
            }
        };

        // Update the interval that contains a minimiser.
        if fp > fx {
            self.sty = stp;
            self.fy = fp;
            self.dy = dp;
        } else {
            if sgnd < 0.0 {
                self.sty = stx;
                self.fy = fx;
                self.dy = dx;
            }
            self.stx = stp;
            self.fx = fp;
            self.dx = dp;
        }
        stpf
    }
}
