"""Writes mgh_reference.json, the outside values that tests/mgh.rs checks the Rust
Moré–Garbow–Hillstrom problems against.

Run from this directory with `python3 mgh_reference.py` (NumPy 2.x; the output does
not depend on the version beyond the last bit of a few values, which the Rust test
does not compare).

Every residual below is written from the MINPACK test drivers of the paper's authors
(Garbow, Hillstrom & Moré, Argonne 1980: `objfcn.f` for Biggs EXP6, Brown badly
scaled, Gulf, Watson and Wood, `ssqfcn.f` for Meyer and Watson), vectorised over the
residuals, and shares nothing with the Rust code. Values are summed in NumPy's
extended precision (`longdouble`, 64-bit mantissa on x86-64) and rounded to float64
once, so f(x₀) here is the correctly rounded value to within an ulp or so.

Points without a closed form are computed here from the same residuals, by
Levenberg–Marquardt (float64, analytic Jacobians written from the formulas, `lstsq`
steps) unless said otherwise:
- Meyer from NIST StRD MGH10's certified values (the same problem, 11 digits),
  refined; NIST's certified residual sum of squares is 8.7945855171E+01;
- Watson's minimisers for n = 6 (checked against GSL's test suite, whose x* and
  f* = 2.287670053552372e-3 are quoted below), n = 9 and n = 12, from x₀ = 0;
- Biggs EXP6's stationary point with MGH's f = 5.65565e-3: the standard start has
  x₁ = x₅ and x₃ = x₆, a subspace that symmetric iterations never leave, and the
  minimiser within it (found by LM on the four parameters that remain) is a saddle of
  the 6-D function (its Hessian has a negative eigenvalue, about −9.8e-3). An
  unconstrained LM from x₀ leaves the subspace through rounding and finds f = 0
  instead;
- Wood's saddle near (−0.97, 0.95, −0.97, 0.95), by Newton's iteration on ∇f = 0.

Saddles carry a direction of negative curvature (an eigenvector of a central-difference
Hessian of the analytic ∇f = 2Jᵀr), for the Rust test to check its own Hessian along.
"""

import json
from pathlib import Path

import numpy as np

LD = np.longdouble


def brown_badly_scaled(x):
    x = np.asarray(x, dtype=LD)
    return np.array([x[0] - LD(1e6), x[1] - LD(2e-6), x[0] * x[1] - 2])


MEYER_Y = np.array(
    [34780, 28610, 23650, 19630, 16370, 13720, 11540, 9744,
     8261, 7030, 6005, 5147, 4427, 3820, 3307, 2872],
    dtype=float,
)


def meyer(x, dtype=LD):
    x = np.asarray(x, dtype=dtype)
    t = 45 + 5 * np.arange(1, 17, dtype=dtype)
    return x[0] * np.exp(x[1] / (t + x[2])) - MEYER_Y.astype(dtype)


def meyer_jacobian(x):
    t = 45 + 5 * np.arange(1, 17, dtype=float)
    d = t + x[2]
    e = np.exp(x[1] / d)
    return np.column_stack([e, x[0] * e / d, -x[0] * x[1] * e / d**2])


def gulf(x, dtype=LD):
    x = np.asarray(x, dtype=dtype)
    t = np.arange(1, 100, dtype=dtype) / 100
    y = (-50 * np.log(t)) ** (dtype(2) / 3) + 25
    return np.exp(-np.abs(y - x[1]) ** x[2] / x[0]) - t


def wood(x, dtype=LD):
    # MGH's six residuals; their squares sum to 100(x₂ − x₁²)² + (1 − x₁)² + 90(x₄ − x₃²)²
    # + (1 − x₃)² + 10.1((x₂ − 1)² + (x₄ − 1)²) + 19.8(x₂ − 1)(x₄ − 1).
    x = np.asarray(x, dtype=dtype)
    return np.array([
        10 * (x[1] - x[0] ** 2),
        1 - x[0],
        np.sqrt(dtype(90)) * (x[3] - x[2] ** 2),
        1 - x[2],
        np.sqrt(dtype(10)) * (x[1] + x[3] - 2),
        (x[1] - x[3]) / np.sqrt(dtype(10)),
    ])


def wood_jacobian(x):
    s90, s10 = np.sqrt(90.0), np.sqrt(10.0)
    return np.array([
        [-20 * x[0], 10, 0, 0],
        [-1, 0, 0, 0],
        [0, 0, -2 * s90 * x[2], s90],
        [0, 0, -1, 0],
        [0, s10, 0, s10],
        [0, 1 / s10, 0, -1 / s10],
    ])


def biggs_exp6(x, dtype=LD):
    x = np.asarray(x, dtype=dtype)
    t = np.arange(1, 14, dtype=dtype) / 10
    y = np.exp(-t) - 5 * np.exp(-10 * t) + 3 * np.exp(-4 * t)
    return (x[2] * np.exp(-t * x[0]) - x[3] * np.exp(-t * x[1])
            + x[5] * np.exp(-t * x[4]) - y)


def biggs_exp6_jacobian(x):
    t = np.arange(1, 14, dtype=float) / 10
    e1, e2, e5 = np.exp(-t * x[0]), np.exp(-t * x[1]), np.exp(-t * x[4])
    return np.column_stack([
        -t * x[2] * e1, t * x[3] * e2, e1, -e2, -t * x[5] * e5, e5,
    ])


def watson(x, dtype=LD):
    x = np.asarray(x, dtype=dtype)
    n = len(x)
    t = np.arange(1, 30, dtype=dtype) / 29
    powers = t[:, None] ** np.arange(n, dtype=dtype)[None, :]  # tᵢ^(j−1)
    s1 = powers[:, : n - 1] @ (np.arange(1, n, dtype=dtype) * x[1:])
    s2 = powers @ x
    return np.concatenate([s1 - s2**2 - 1, [x[0], x[1] - x[0] ** 2 - 1]])


def watson_jacobian(x):
    n = len(x)
    t = np.arange(1, 30, dtype=float) / 29
    powers = t[:, None] ** np.arange(n, dtype=float)[None, :]
    s2 = powers @ x
    j = -2 * s2[:, None] * powers
    j[:, 1:] += np.arange(1, n) * powers[:, : n - 1]
    last = np.zeros((2, n))
    last[0, 0] = 1
    last[1, 0] = -2 * x[0]
    last[1, 1] = 1
    return np.vstack([j, last])


def value(residuals, x):
    """f = Σ rᵢ² (MGH's convention, no ½), in extended precision, rounded once."""
    r = residuals(x)
    return float(np.sum(r.astype(LD) ** 2))


def levenberg_marquardt(residuals, jacobian, x, iterations=2000):
    """A plain LM on float64 residuals: enough to locate minimisers to the digits the
    test needs, and independent of every solver in the workspace."""
    x = np.array(x, dtype=float)
    lam = 1e-3
    f = float(np.sum(residuals(x, float) ** 2))
    for _ in range(iterations):
        r = residuals(x, float)
        j = jacobian(x)
        # Scale columns so that badly scaled parameters (Meyer) are damped alike.
        d = np.maximum(np.linalg.norm(j, axis=0), 1e-300)
        a = np.vstack([j / d, np.sqrt(lam) * np.eye(len(x))])
        b = np.concatenate([-r, np.zeros(len(x))])
        step = np.linalg.lstsq(a, b, rcond=None)[0] / d
        trial = x + step
        ft = float(np.sum(residuals(trial, float) ** 2))
        if np.isfinite(ft) and ft < f:
            if f - ft <= 1e-15 * f and np.max(np.abs(step) / np.maximum(np.abs(x), 1e-12)) < 1e-13:
                return trial
            x, f = trial, ft
            lam = max(lam / 3, 1e-20)
        else:
            lam *= 4
            if lam > 1e20:
                break
    return x


def finite_difference_hessian(residuals, jacobian, x, h=1e-6):
    """∇²f by central differences of the analytic ∇f = 2Jᵀr, symmetrised: good to
    about 1e-8 relative, enough for Newton's iteration to a saddle and for the
    curvature along its eigenvectors."""
    def grad(z):
        return 2 * jacobian(z).T @ residuals(z, float)

    n = len(x)
    hess = np.empty((n, n))
    for k in range(n):
        e = np.zeros(n)
        e[k] = h * max(1.0, abs(x[k]))
        hess[:, k] = (grad(x + e) - grad(x - e)) / (2 * e[k])
    return (hess + hess.T) / 2


def newton_stationary_point(residuals, jacobian, x, iterations=50):
    """Newton's iteration on ∇f = 2Jᵀr = 0 with the finite-difference Hessian: it
    converges to the stationary point nearest x, saddles included."""
    x = np.array(x, dtype=float)
    for _ in range(iterations):
        g = 2 * jacobian(x).T @ residuals(x, float)
        x = x - np.linalg.solve(finite_difference_hessian(residuals, jacobian, x), g)
    return x


def negative_curvature(residuals, jacobian, x):
    """The eigenvector of the least eigenvalue of ∇²f(x), which must be negative."""
    curvatures, directions = np.linalg.eigh(finite_difference_hessian(residuals, jacobian, x))
    assert curvatures[0] < -1e-3, curvatures
    return {"direction": [float(v) for v in directions[:, 0]], "curvature": float(curvatures[0])}


def point(what, residuals, x, printed=None, descent=None):
    """A point with f there; `printed` is f as the MGH paper prints it, and `descent`
    a unit direction d with its dᵀ∇²f d < 0 (at a saddle)."""
    out = {"what": what, "x": [float(v) for v in x], "f": value(residuals, x)}
    if printed is not None:
        out["printed"] = printed
    if descent is not None:
        out["negative_curvature"] = descent
    return out


def problem(residuals, x0, points, reported):
    r = residuals(x0)
    return {
        "n": len(x0),
        "m": len(r),
        "x0": [float(v) for v in x0],
        "f_x0": value(residuals, x0),
        "reported_minimum": reported,
        "points": points,
    }


def main():
    meyer_nist = [5.6096364710e-03, 6.1813463463e03, 3.4522363462e02]
    meyer_star = levenberg_marquardt(meyer, meyer_jacobian, meyer_nist)
    assert np.allclose(meyer_star, meyer_nist, rtol=1e-9), meyer_star

    gsl_watson6 = [
        -1.572508640629858e-02, 1.012434869366059e00, -2.329916259263380e-01,
        1.260430087686035e00, -1.513728922580576e00, 9.929964323646112e-01,
    ]
    watson_star = {
        n: levenberg_marquardt(watson, watson_jacobian, np.zeros(n)) for n in (6, 9, 12)
    }
    assert np.allclose(watson_star[6], gsl_watson6, rtol=1e-8, atol=1e-10)
    assert abs(value(watson, watson_star[6]) - 2.287670053552372e-03) < 1e-15

    def biggs_symmetric(p, dtype=LD):
        return biggs_exp6([p[0], p[1], p[2], p[3], p[0], p[2]], dtype)

    def biggs_symmetric_jacobian(p):
        j = biggs_exp6_jacobian(np.array([p[0], p[1], p[2], p[3], p[0], p[2]]))
        return np.column_stack([j[:, 0] + j[:, 4], j[:, 1], j[:, 2] + j[:, 5], j[:, 3]])

    p = levenberg_marquardt(biggs_symmetric, biggs_symmetric_jacobian, [1.0, 2.0, 1.0, 1.0])
    biggs_saddle = np.array([p[0], p[1], p[2], p[3], p[0], p[2]])
    biggs_descent = negative_curvature(biggs_exp6, biggs_exp6_jacobian, biggs_saddle)
    wood_saddle = newton_stationary_point(wood, wood_jacobian, [-1.0, 1.0, -1.0, 1.0])
    wood_descent = negative_curvature(wood, wood_jacobian, wood_saddle)

    problems = {
        "brown_badly_scaled": problem(
            brown_badly_scaled,
            [1.0, 1.0],
            [point("global minimiser (MGH)", brown_badly_scaled, [1e6, 2e-6], "0")],
            "0",
        ),
        "meyer": problem(
            meyer,
            [0.02, 4000.0, 250.0],
            [
                point("NIST StRD MGH10 certified values (11 digits)", meyer, meyer_nist,
                      "87.9458"),
                point("minimiser refined here by LM from NIST's values", meyer,
                      meyer_star, "87.9458"),
            ],
            "87.9458",
        ),
        "gulf": problem(
            gulf,
            [5.0, 2.5, 0.15],
            [point("global minimiser (MGH)", gulf, [50.0, 25.0, 1.5], "0")],
            "0",
        ),
        "wood": problem(
            wood,
            [-3.0, -1.0, -3.0, -1.0],
            [
                point("global minimiser (MGH)", wood, [1.0, 1.0, 1.0, 1.0], "0"),
                point("saddle found here by Newton's iteration from (-1, 1, -1, 1)", wood,
                      wood_saddle, None, wood_descent),
            ],
            "0",
        ),
        "biggs_exp6": problem(
            biggs_exp6,
            [1.0, 2.0, 1.0, 1.0, 1.0, 1.0],
            [
                point("global minimiser (MGH)", biggs_exp6, [1.0, 10.0, 1.0, 5.0, 4.0, 3.0], "0"),
                point("its mirror image: (x1, x3) and (x5, x6) swapped", biggs_exp6,
                      [4.0, 10.0, 3.0, 5.0, 1.0, 1.0], "0"),
                point("saddle where x1 = x5, x3 = x6, found here by LM in that subspace "
                      "(MGH's m = 13 value)", biggs_exp6, biggs_saddle, "5.65565e-3",
                      biggs_descent),
            ],
            "0",
        ),
        "watson6": problem(
            watson,
            [0.0] * 6,
            [
                point("minimiser from GSL's test suite (16 digits)", watson, gsl_watson6,
                      "2.28767e-3"),
                point("minimiser found here by LM from x0", watson, watson_star[6],
                      "2.28767e-3"),
            ],
            "2.28767e-3",
        ),
        "watson9": problem(
            watson,
            [0.0] * 9,
            [point("minimiser found here by LM from x0", watson, watson_star[9],
                   "1.39976e-6")],
            "1.39976e-6",
        ),
        "watson12": problem(
            watson,
            [0.0] * 12,
            [point("minimiser found here by LM from x0", watson, watson_star[12],
                   "4.72238e-10")],
            "4.72238e-10",
        ),
    }
    out = {
        "about": (
            "f = sum of squared residuals (MGH, no 1/2) at the standard start and at known "
            "minimisers and saddles; written by mgh_reference.py; 'printed' is f as the MGH paper "
            "prints it (to its digits)"
        ),
        "numpy": np.__version__,
        "problems": problems,
    }
    path = Path(__file__).with_name("mgh_reference.json")
    path.write_text(json.dumps(out, indent=1) + "\n")
    for name, p in problems.items():
        print(f"{name:20} f(x0) = {p['f_x0']!r}")
        for q in p["points"]:
            print(f"{'':20} f = {q['f']!r} at {q['x']}  [{q['what']}]")


if __name__ == "__main__":
    main()
