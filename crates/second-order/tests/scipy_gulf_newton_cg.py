"""scipy's Newton-CG on the Gulf research and development problem, for the
comment in ``mgh.rs`` on our Newton-CG's crawl there.

Moré, Garbow & Hillstrom (1981), problem 11, n = 3, m = 99:
    f(x) = sum_i (exp(-|y_i - x2|^x3 / x1) - t_i)^2,
    t_i = i/100, y_i = 25 + (-50 ln t_i)^(2/3), x0 = (5, 2.5, 0.15).
f, its gradient and Hessian-vector products are taken by torch's autograd in
float64. scipy 1.17's ``minimize(method="Newton-CG")`` runs from x0 with
xtol = 0 and a callback that stops at the first iterate with ||grad f||_2 <= 1e-6
(the test's criterion), once with scipy's default maxiter for n = 3 (200 n = 600)
and once with 20 000.

Printed on 2026-12-02 (scipy 1.17.1, torch 2.15.0):
    maxiter 600: 600 iterations, f = 5.2251, |g| = 0.151 (maxiter reached)
    maxiter 20000: 8968 iterations, f = 1.95e-8, |g| = 1.0e-6, x = (49.95, 25.00, 1.4997)

    python3 crates/second-order/tests/scipy_gulf_newton_cg.py
"""

import numpy as np
import torch
from scipy.optimize import minimize

torch.set_default_dtype(torch.float64)
M = 99
T = torch.tensor(np.arange(1, M + 1) / 100.0)
Y = 25.0 + (-50.0 * torch.log(T)) ** (2.0 / 3.0)


def gulf(x):
    return torch.sum((torch.exp(-torch.abs(Y - x[1]) ** x[2] / x[0]) - T) ** 2)


def fun(x):
    return gulf(torch.tensor(x)).item()


def jac(x):
    xt = torch.tensor(x, requires_grad=True)
    gulf(xt).backward()
    return xt.grad.numpy().copy()


def hessp(x, p):
    xt = torch.tensor(x, requires_grad=True)
    (g,) = torch.autograd.grad(gulf(xt), xt, create_graph=True)
    (hv,) = torch.autograd.grad(g @ torch.tensor(p), xt)
    return hv.numpy().copy()


def main():
    x0 = np.array([5.0, 2.5, 0.15])
    for maxiter in (600, 20000):

        def callback(intermediate_result):
            if np.linalg.norm(jac(intermediate_result.x)) <= 1e-6:
                raise StopIteration

        r = minimize(
            fun,
            x0,
            jac=jac,
            hessp=hessp,
            method="Newton-CG",
            callback=callback,
            options={"maxiter": maxiter, "xtol": 0.0},
        )
        print(
            f"maxiter {maxiter}: {r.nit} iterations, f = {r.fun:.5g}, "
            f"|g| = {np.linalg.norm(jac(r.x)):.3g}, x = {r.x} ({r.message})"
        )


if __name__ == "__main__":
    main()
