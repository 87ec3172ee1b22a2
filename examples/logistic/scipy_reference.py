"""Writes tests/scipy_lbfgs.json: scipy's L-BFGS-B on the example's logistic regression,
the reference its test compares our L-BFGS with.

    python scipy_reference.py > tests/scipy_lbfgs.json

The data are drawn exactly as src/lib.rs draws them with optim_core::Rng (NumPy's legacy
generator): np.random.seed(SEED), then X (N×D, row by row), the true weights (D), the
label noise (N), all from randn.
"""
import json

import numpy as np
import scipy
from scipy.optimize import minimize

SEED, N, D, LAM, NOISE = 7, 2000, 10, 1e-3, 0.5

np.random.seed(SEED)
X = np.random.randn(N, D)
w_true = np.random.randn(D)
noise = np.random.randn(N)
y = np.where(X @ w_true + NOISE * noise > 0.0, 1.0, -1.0)


def f(w):
    m = y * (X @ w)
    return np.mean(np.logaddexp(0.0, -m)) + 0.5 * LAM * (w @ w)


def g(w):
    m = y * (X @ w)
    s = -y * 0.5 * (1.0 - np.tanh(0.5 * m))  # -y·σ(−m), σ(−m) = (1 − tanh(m/2))/2
    return X.T @ s / N + LAM * w


r = minimize(f, np.zeros(D), jac=g, method="L-BFGS-B",
             options={"maxiter": 1000, "gtol": 1e-6, "ftol": 0.0, "maxcor": 10})
out = {
    "generator": f"scipy {scipy.__version__}, numpy {np.__version__}, examples/logistic/scipy_reference.py",
    "problem": {"seed": SEED, "n": N, "d": D, "lambda": LAM, "noise": NOISE},
    "method": "L-BFGS-B, maxcor 10, gtol 1e-6 (∞-norm), ftol 0, from w = 0",
    "message": r.message,
    "nit": int(r.nit),
    "nfev": int(r.nfev),
    "fun": float(r.fun),
    "jac_inf_norm": float(np.abs(r.jac).max()),
    "jac_2_norm": float(np.linalg.norm(r.jac)),
    "x": [float(v) for v in r.x],
    "labels_positive": int((y > 0).sum()),
}
print(json.dumps(out, indent=1))
