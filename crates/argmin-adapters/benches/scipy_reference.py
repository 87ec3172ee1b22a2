"""SciPy reference timings for the argmin-adapters benches.

What it measures
----------------
Wall-clock time of whole ``scipy.optimize.minimize`` calls, each run from the
alternating start (-1.2, 1, -1.2, 1, ...) until the first iterate whose gradient
2-norm is <= 1e-6 (the same stopping rule as the Rust benches, ``grad_tol(1e-6)``):

- ``lbfgs_extended_1e5``: L-BFGS-B (maxcor=10), separable extended Rosenbrock
  (More-Garbow-Hillstrom), n = 100 000;
- ``lbfgs_extended_1e6``: the same at n = 1 000 000;
- ``lbfgs_chained_1e3``: L-BFGS-B (maxcor=10), chained Rosenbrock
  (``scipy.optimize.rosen`` / ``rosen_der``), n = 1 000;
- ``newton_cg_extended_1e5``: Newton-CG (jac + hessp, xtol=0, see below), extended
  Rosenbrock, n = 100 000;
- ``cholesky_step_1e3``: one dense Newton step with the Hessian formed,
  ``scipy.linalg.cho_factor`` (lower, A copied as by default) then ``cho_solve``
  for p = -H^-1 g, at n = 1 000, with 1 and with 2 BLAS threads (see below).

The extended Rosenbrock is
    f(x) = sum_{i=0}^{n/2-1} 100 (x[2i+1] - x[2i]^2)^2 + (1 - x[2i])^2,
with f, gradient and Hessian-vector product written in vectorised numpy. f and
the gradient are passed to scipy as separate callables (``fun`` and ``jac``), as
in ordinary scipy use, so scipy's nfev / njev are the counts of each.

How
---
The stop is made by a new-style callback ``callback(intermediate_result)`` that
raises ``StopIteration`` (scipy >= 1.11 ends ``minimize`` gracefully on it) at the
first iterate with ||grad f||_2 <= 1e-6. scipy's own tests are switched off for
L-BFGS-B (gtol=0, ftol=0, maxiter and maxfun large) so the callback is what stops
it; likewise Newton-CG runs with xtol=0 (see below). The script checks that the
callback, not scipy, ended each run. The gradient at the iterate is not
recomputed for the test: the ``jac`` callable keeps a reference to the last
point and gradient it computed, and both methods have evaluated the gradient at the accepted iterate
before they call the callback; the test compares the iterate with that point
(``np.array_equal``, O(n)) and only if they differ (it never should) computes
the gradient afresh (counted in ``extra_grad_evals_in_callback``). So the timing
is the whole minimize call up to the stop, including scipy's overhead, plus
one O(n) comparison and one norm per iteration.

Each row is run once untimed (warm-up; its counts are the ones recorded and must
equal every timed run's), then timed with ``time.perf_counter`` for 5 repeats
(3 for n = 10^6); the median is recorded with all samples.

Thread settings: OMP_NUM_THREADS, OPENBLAS_NUM_THREADS, MKL_NUM_THREADS,
BLIS_NUM_THREADS and NUMEXPR_NUM_THREADS default to 1 (single-threaded BLAS)
unless already set in the environment; the values used are recorded. The
minimize rows' work is elementwise numpy, which is single-threaded anyway; BLAS only enters
through dot products and L-BFGS-B's n x m products. On the 2-core machine
OpenBLAS with 2 threads made L-BFGS-B at n = 10^5 many times slower (2.3-5.6 s
against 0.24-0.83 s for 1 thread, depending on other load), so 1 thread is
scipy's better setting here; run with OPENBLAS_NUM_THREADS=2 etc. to measure
the other.

The Cholesky row is the one where BLAS threads matter: it runs in a child
process per thread count (the thread variables set to 1, then to 2, before numpy
is imported), on a symmetric matrix with entries uniform in [-1, 1) plus n on
the diagonal (positive definite; the Rust side factors another random SPD
matrix of the same n, and the values do not change the work of a
factorisation), 20 untimed calls then 200 timed; each thread count's median is recorded, and the row's
``median_seconds`` is the faster of the two.

Newton-CG's default xtol (1e-5, tested as ||step||_1 <= n * xtol = 1.0 at
n = 10^5) ends the run at iteration 83 with ||grad f|| ~ 3.5e-3, before the
gradient test, so the timed Newton-CG runs use xtol=0 (the callback stops them,
at iteration 85); the default-xtol end is recorded, untimed, as
``default_xtol_end`` in that row.

Run from the workspace root:

    python3 crates/argmin-adapters/benches/scipy_reference.py

It writes ``scipy_reference.json`` beside itself (keys sorted, 2-space indent).
If numpy or scipy is missing it installs them with pip (scipy==1.17.*, else the
newest 1.x).
"""

import os

THREAD_VARS = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "BLIS_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
)
for _v in THREAD_VARS:
    os.environ.setdefault(_v, "1")

import datetime
import json
import platform
import statistics
import subprocess
import sys
import time


def _ensure_packages():
    try:
        import numpy  # noqa: F401
        import scipy  # noqa: F401

        return
    except ImportError:
        pass
    pip = [sys.executable, "-m", "pip", "install"]
    if subprocess.call(pip + ["numpy", "scipy==1.17.*"]) != 0:
        subprocess.check_call(pip + ["numpy", "scipy<2"])


_ensure_packages()

import numpy as np  # noqa: E402
import scipy  # noqa: E402
from scipy.optimize import minimize, rosen, rosen_der, rosen_hess_prod  # noqa: E402

GTOL = 1e-6
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "scipy_reference.json")


# ---------------------------------------------------------------- problems


def ext_rosen(x):
    """Separable extended Rosenbrock value."""
    xo = x[0::2]
    t = x[1::2] - xo * xo
    u = 1.0 - xo
    return float(100.0 * np.dot(t, t) + np.dot(u, u))


def ext_rosen_der(x):
    """Gradient of the extended Rosenbrock."""
    xo = x[0::2]
    t = x[1::2] - xo * xo
    g = np.empty_like(x)
    g[0::2] = -400.0 * xo * t - 2.0 * (1.0 - xo)
    g[1::2] = 200.0 * t
    return g


def ext_rosen_hess_prod(x, p):
    """Hessian-vector product of the extended Rosenbrock (2x2 blocks)."""
    xo = x[0::2]
    xe = x[1::2]
    po = p[0::2]
    pe = p[1::2]
    hxx = 1200.0 * xo * xo - 400.0 * xe + 2.0
    hxy = -400.0 * xo
    hp = np.empty_like(x)
    hp[0::2] = hxx * po + hxy * pe
    hp[1::2] = hxy * po + 200.0 * pe
    return hp


def start(n):
    x0 = np.empty(n)
    x0[0::2] = -1.2
    x0[1::2] = 1.0
    return x0


PROBLEMS = {
    "extended_rosenbrock": (ext_rosen, ext_rosen_der, ext_rosen_hess_prod),
    "chained_rosenbrock": (rosen, rosen_der, rosen_hess_prod),
}


# ------------------------------------------------------------- the stopping


class GradStop:
    """Wraps the gradient callable and provides the stopping callback."""

    def __init__(self, grad):
        self.grad = grad
        self.last_x = None
        self.last_g = None
        self.iterations = 0
        self.extra = 0
        self.gnorm = None

    def jac(self, x):
        g = self.grad(x)
        # scipy hands the user function its own copy of x, so keeping the
        # reference is safe.
        self.last_x = x
        self.last_g = g
        return g

    def callback(self, intermediate_result):
        self.iterations += 1
        x = intermediate_result.x
        if self.last_x is not None and np.array_equal(x, self.last_x):
            g = self.last_g
        else:
            self.extra += 1
            g = self.grad(x)
        self.gnorm = float(np.linalg.norm(g))
        if self.gnorm <= GTOL:
            raise StopIteration


def run_once(method, problem, n, newton_xtol=0.0, must_reach=True):
    f, grad, hessp = PROBLEMS[problem]
    x0 = start(n)
    stop = GradStop(grad)
    if method == "L-BFGS-B":
        kw = dict(
            method="L-BFGS-B",
            options=dict(
                maxcor=10, gtol=0.0, ftol=0.0, maxiter=10**7, maxfun=10**8
            ),
        )
    elif method == "Newton-CG":
        kw = dict(
            method="Newton-CG",
            hessp=hessp,
            options=dict(xtol=newton_xtol, maxiter=10**6),
        )
    else:
        raise ValueError(method)
    t0 = time.perf_counter()
    res = minimize(f, x0, jac=stop.jac, callback=stop.callback, **kw)
    t1 = time.perf_counter()
    if must_reach and (stop.gnorm is None or stop.gnorm > GTOL):
        raise RuntimeError(
            f"{method} on {problem} n={n} ended before ||g|| <= {GTOL}: "
            f"{res.message!r}, ||g|| = {stop.gnorm}"
        )
    counts = {
        "iterations": stop.iterations,
        "scipy_nit": int(res.nit),
        "nfev": int(res.nfev),
        "njev": int(res.njev),
        "final_grad_norm": stop.gnorm,
        "final_f": float(res.fun),
        "extra_grad_evals_in_callback": stop.extra,
        "scipy_message": str(res.message),
        "scipy_status": int(res.status),
    }
    if "nhev" in res:
        counts["nhev"] = int(res.nhev)
    return t1 - t0, counts


ROWS = [
    ("lbfgs_extended_1e5", "L-BFGS-B", "extended_rosenbrock", 100_000, 5),
    ("lbfgs_extended_1e6", "L-BFGS-B", "extended_rosenbrock", 1_000_000, 3),
    ("lbfgs_chained_1e3", "L-BFGS-B", "chained_rosenbrock", 1_000, 5),
    ("newton_cg_extended_1e5", "Newton-CG", "extended_rosenbrock", 100_000, 5),
]

OPTIONS = {
    "L-BFGS-B": {
        "maxcor": 10,
        "gtol": 0.0,
        "ftol": 0.0,
        "maxiter": 10**7,
        "maxfun": 10**8,
    },
    "Newton-CG": {"hessp": True, "xtol": 0.0, "maxiter": 10**6},
}


CHOLESKY_N = 1_000
CHOLESKY_WARMUP = 20
CHOLESKY_REPEATS = 200


def cholesky_samples():
    """Times cho_factor + cho_solve at CHOLESKY_N with this process's threads."""
    from scipy.linalg import cho_factor, cho_solve

    n = CHOLESKY_N
    rng = np.random.default_rng(0)
    a = rng.uniform(-1.0, 1.0, (n, n))
    h = np.tril(a) + np.tril(a, -1).T + n * np.eye(n)
    g = rng.uniform(-1.0, 1.0, n)

    def once():
        t0 = time.perf_counter()
        c = cho_factor(h, lower=True, check_finite=False)
        p = cho_solve(c, -g, check_finite=False)
        t1 = time.perf_counter()
        if not np.isfinite(p).all():
            raise RuntimeError("cho_solve gave a non-finite step")
        return t1 - t0

    for _ in range(CHOLESKY_WARMUP):
        once()
    return [once() for _ in range(CHOLESKY_REPEATS)]


def cholesky_row():
    """The Cholesky row, one child process per BLAS thread count."""
    per_threads = {}
    for threads in (1, 2):
        env = dict(os.environ)
        for v in THREAD_VARS:
            env[v] = str(threads)
        out = subprocess.check_output(
            [sys.executable, os.path.abspath(__file__), "--cholesky-child"], env=env
        )
        samples = json.loads(out)
        per_threads[str(threads)] = {
            "median_seconds": statistics.median(samples),
            "min_seconds": min(samples),
        }
        print(
            f"cholesky_step_1e3, {threads} BLAS thread(s): median "
            f"{statistics.median(samples) * 1e3:.2f} ms, min {min(samples) * 1e3:.2f} ms",
            flush=True,
        )
    best = min(per_threads, key=lambda t: per_threads[t]["median_seconds"])
    return {
        "id": "cholesky_step_1e3",
        "method": "scipy.linalg.cho_factor(lower=True) + cho_solve",
        "problem": "random symmetric, entries uniform in [-1, 1), plus n on the diagonal",
        "n": CHOLESKY_N,
        "repeats": CHOLESKY_REPEATS,
        "warmup": CHOLESKY_WARMUP,
        "by_blas_threads": per_threads,
        "best_blas_threads": int(best),
        "median_seconds": per_threads[best]["median_seconds"],
    }


def machine():
    model = "unknown"
    try:
        with open("/proc/cpuinfo") as fh:
            for line in fh:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model}, nproc {os.cpu_count()}"


def blas_info():
    try:
        cfg = np.show_config(mode="dicts")
        blas = cfg["Build Dependencies"]["blas"]
        return f"{blas.get('name')} {blas.get('version')}"
    except Exception:  # noqa: BLE001
        return "unknown"


def main():
    load_before = os.getloadavg()
    rows = []
    for rid, method, problem, n, repeats in ROWS:
        _, counts = run_once(method, problem, n)  # warm-up, untimed
        samples = []
        for _ in range(repeats):
            dt, c = run_once(method, problem, n)
            for k in ("iterations", "nfev", "njev", "nhev"):
                if c.get(k) != counts.get(k):
                    raise RuntimeError(f"{rid}: {k} differs between runs")
            samples.append(dt)
        row = {
            "id": rid,
            "method": method,
            "problem": problem,
            "n": n,
            "options": OPTIONS[method],
            "fun_and_jac": "separate callables (fun, jac)",
            "stop": f"first iterate with ||grad f||_2 <= {GTOL}, StopIteration from callback",
            "repeats": repeats,
            "seconds": samples,
            "median_seconds": statistics.median(samples),
        }
        row.update(counts)
        if method == "Newton-CG":
            _, d = run_once(method, problem, n, newton_xtol=1e-5, must_reach=False)
            row["default_xtol_end"] = {
                k: d[k]
                for k in ("iterations", "nfev", "njev", "nhev", "final_grad_norm",
                          "scipy_message")
            }
        rows.append(row)
        print(
            f"{rid}: {counts['iterations']} it, nfev {counts['nfev']}, "
            f"njev {counts['njev']}, nhev {counts.get('nhev', '-')}, "
            f"|g| {counts['final_grad_norm']:.3e}, "
            f"median {statistics.median(samples):.4f} s "
            f"({', '.join(f'{s:.4f}' for s in samples)})",
            flush=True,
        )
    rows.append(cholesky_row())
    load_after = os.getloadavg()
    out = {
        "scipy": scipy.__version__,
        "numpy": np.__version__,
        "blas": blas_info(),
        "python": platform.python_version(),
        "machine": machine(),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds"
        ),
        "command": "python3 crates/argmin-adapters/benches/scipy_reference.py",
        "threads": {v: os.environ.get(v) for v in THREAD_VARS},
        "loadavg_1min_before_after": [load_before[0], load_after[0]],
        "timer": "time.perf_counter around the whole minimize call",
        "rows": rows,
    }
    with open(OUT, "w") as fh:
        json.dump(out, fh, sort_keys=True, indent=2)
        fh.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--cholesky-child"]:
        print(json.dumps(cholesky_samples()))
    else:
        main()
