"""PyTorch Adam reference timings for the first-order ``adam_bandwidth`` bench.

What it measures
----------------
- One ``torch.optim.Adam`` step (lr=1e-3, other settings default) on a single
  float64 parameter of n = 10^7 elements whose ``.grad`` is a fixed tensor set
  once beforehand, so each ``step()`` is only the optimiser's update. The
  implementation is ``fused=True`` where torch supports it on CPU for float64,
  else ``foreach=True``; the one used is recorded. Measured with
  ``torch.set_num_threads(1)`` and with ``torch.set_num_threads(2)``.
- For reference, a STREAM-style triad a = b + s*c on 10^7 float64:
  * in numpy, as ``np.multiply(c, s, out=a); np.add(a, b, out=a)`` (numpy has
    no fused multiply-add ufunc, so this is two passes: 5 array streams moved,
    3 by the STREAM convention), on 1 thread (numpy's elementwise ufuncs are
    single-threaded whatever the BLAS settings);
  * in torch, as ``torch.add(b, c, alpha=s, out=a)`` (one pass), with 1 and 2
    threads.

How
---
Each timed operation is run 5 times untimed (warm-up, which also creates
Adam's state), then timed one call at a time with ``time.perf_counter`` for 30
calls; the median, minimum and every sample are recorded in milliseconds.
GB/s (10^9 bytes/s) are given at the median and at the minimum with the
``adam_bandwidth.rs`` byte counts: Adam 7 streams x 8 bytes x n (reads x, g, m,
v; writes x, m, v); triad 3 streams (STREAM convention).

Run from the workspace root:

    python3 crates/first-order/benches/torch_adam.py

It writes ``torch_adam.json`` beside itself (keys sorted, 2-space indent).
torch comes from ``pip install torch --index-url
https://download.pytorch.org/whl/cpu`` where that index is reachable, else
plain ``pip install torch``; the script does not install it itself.
"""

import os

for _v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    # torch.set_num_threads below sets torch's own pools; this only pins
    # numpy's BLAS and leaves torch free to use 2 threads when asked.
    os.environ.setdefault(_v, "2")

import datetime
import json
import platform
import statistics
import time

import numpy as np
import torch

N = 10_000_000
LR = 1e-3
WARMUP = 5
SAMPLES = 30
ADAM_BYTES = 7 * 8 * N
TRIAD_BYTES = 3 * 8 * N
HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "torch_adam.json")


def timed(fn, warmup=WARMUP, samples=SAMPLES):
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(samples):
        t0 = time.perf_counter()
        fn()
        out.append((time.perf_counter() - t0) * 1e3)
    return out


def summary(samples_ms, nbytes):
    med = statistics.median(samples_ms)
    mn = min(samples_ms)
    return {
        "median_ms": med,
        "min_ms": mn,
        "samples_ms": samples_ms,
        "gb_per_s_at_median": nbytes / (med * 1e-3) / 1e9,
        "gb_per_s_at_min": nbytes / (mn * 1e-3) / 1e9,
        "bytes_counted": nbytes,
    }


def make_adam():
    gen = torch.Generator().manual_seed(0)
    p = torch.nn.Parameter(torch.randn(N, dtype=torch.float64, generator=gen))
    p.grad = torch.randn(N, dtype=torch.float64, generator=gen)
    try:
        opt = torch.optim.Adam([p], lr=LR, fused=True)
        opt.step()  # fused CPU support is checked on the first step
        impl = "fused=True"
    except (RuntimeError, ValueError, TypeError):
        p = torch.nn.Parameter(torch.randn(N, dtype=torch.float64, generator=gen))
        p.grad = torch.randn(N, dtype=torch.float64, generator=gen)
        opt = torch.optim.Adam([p], lr=LR, foreach=True)
        impl = "foreach=True"
    return p, opt, impl


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


def main():
    load_before = os.getloadavg()
    adam = {}
    torch_triad = {}
    impl = None
    s = 3.0
    ta = torch.empty(N, dtype=torch.float64)
    tb = torch.rand(N, dtype=torch.float64)
    tc = torch.rand(N, dtype=torch.float64)
    for threads in (1, 2):
        torch.set_num_threads(threads)
        assert torch.get_num_threads() == threads
        p, opt, impl = make_adam()
        samples = timed(opt.step)
        adam[str(threads)] = summary(samples, ADAM_BYTES)
        del p, opt
        samples = timed(lambda: torch.add(tb, tc, alpha=s, out=ta))
        torch_triad[str(threads)] = summary(samples, TRIAD_BYTES)
        print(
            f"threads {threads}: Adam ({impl}) median "
            f"{adam[str(threads)]['median_ms']:.2f} ms, torch triad median "
            f"{torch_triad[str(threads)]['median_ms']:.2f} ms",
            flush=True,
        )
    del ta, tb, tc

    rng = np.random.default_rng(0)
    a = np.empty(N)
    b = rng.random(N)
    c = rng.random(N)

    def np_triad():
        np.multiply(c, s, out=a)
        np.add(a, b, out=a)

    samples = timed(np_triad)
    numpy_triad = summary(samples, TRIAD_BYTES)
    numpy_triad["expression"] = "np.multiply(c, s, out=a); np.add(a, b, out=a)"
    numpy_triad["passes"] = 2
    numpy_triad["threads"] = 1
    print(f"numpy triad median {numpy_triad['median_ms']:.2f} ms", flush=True)
    load_after = os.getloadavg()

    out = {
        "torch": torch.__version__,
        "numpy": np.__version__,
        "python": platform.python_version(),
        "machine": machine(),
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(
            timespec="seconds"
        ),
        "command": "python3 crates/first-order/benches/torch_adam.py",
        "n": N,
        "dtype": "float64",
        "lr": LR,
        "adam_impl": impl,
        "warmup": WARMUP,
        "samples_per_case": SAMPLES,
        "timer": "time.perf_counter around each call, milliseconds",
        "env_threads": {
            v: os.environ.get(v)
            for v in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
        },
        "torch_parallel_backend": torch.__config__.parallel_info().splitlines()[-1],
        "loadavg_1min_before_after": [load_before[0], load_after[0]],
        "adam_step_by_threads": adam,
        "torch_triad_by_threads": {
            "expression": "torch.add(b, c, alpha=s, out=a)",
            "passes": 1,
            "results": torch_triad,
        },
        "numpy_triad": numpy_triad,
    }
    with open(OUT, "w") as fh:
        json.dump(out, fh, sort_keys=True, indent=2)
        fh.write("\n")
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
