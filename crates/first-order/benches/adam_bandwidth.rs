//! One Adam step on 10⁷ f64 parameters beside a STREAM-style triad over the same
//! memory, to see how close the Adam loop comes to the machine's memory bandwidth.
//!
//! Bytes are counted as the loops move them:
//! - Adam reads x, g, m, v and writes x, m, v: 7 streams × 8 bytes × n. Every array it
//!   writes it has just read, so write-allocate adds no traffic.
//! - The triad `a[i] = b[i] + s·c[i]` reads b, c and writes a: 3 streams (the STREAM
//!   convention). The write to a, never read, also costs a write-allocate read of a on
//!   ordinary stores, so the memory actually moves 4 streams.
//!
//! The closing summary prints both GB/s (10⁹ bytes per second, best of 25 runs) and
//! the Adam/triad ratio both ways. Criterion's own lines report GiB/s with the
//! STREAM-convention byte counts.
//!
//! AdamW (decoupled decay, one multiplication in the same pass) and Adam with coupled
//! L2 decay (the gradient transformed in blocks held in L1, `first_order::regularization`)
//! move the same 7 streams; the summary shows what each option costs on top.
//!
//! The summary runs each at 1 and 2 threads (a rayon pool of each size; the triad
//! split the same way) and sets ours beside torch's fused Adam on this machine, from
//! `torch_adam.json` (`python3 crates/first-order/benches/torch_adam.py`).
//!
//! `cargo bench -p first-order --bench adam_bandwidth -- --warm-up-time 1 --measurement-time 5`

use std::hint::black_box;
use std::time::Instant;

use criterion::{Criterion, Throughput};
use first_order::{Adam, FirstOrder};

const N: usize = 10_000_000;
const ADAM_STREAMS: u64 = 7;
const TRIAD_STREAMS: u64 = 3;

/// a ← b + s·c over zipped slices (vectorises, no bounds checks).
fn triad(a: &mut [f64], b: &[f64], c: &[f64], s: f64) {
    for ((a, b), c) in a.iter_mut().zip(b).zip(c) {
        *a = b + s * c;
    }
}

struct Setup {
    adam: Adam,
    adamw: Adam,
    adam_l2: Adam,
    state: <Adam as FirstOrder>::State,
    x: Vec<f64>,
    g: Vec<f64>,
    a: Vec<f64>,
    b: Vec<f64>,
    c: Vec<f64>,
}

fn setup() -> Setup {
    let adam = Adam::new(1e-3);
    let adamw = Adam {
        weight_decay: 1e-2,
        decoupled_weight_decay: true,
        ..adam
    };
    let adam_l2 = Adam {
        weight_decay: 1e-2,
        ..adam
    };
    let state = adam.init_state(N).unwrap();
    let x: Vec<f64> = (0..N).map(|i| (i as f64 * 1e-3).sin()).collect();
    let g: Vec<f64> = (0..N).map(|i| (i as f64 * 7e-4).cos()).collect();
    Setup {
        adam,
        adamw,
        adam_l2,
        state,
        a: vec![0.0; N],
        b: x.clone(),
        c: g.clone(),
        x,
        g,
    }
}

fn bench(c: &mut Criterion, s: &mut Setup) {
    let bytes = |streams: u64| streams * 8 * N as u64;
    let mut group = c.benchmark_group("adam_bandwidth");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes(ADAM_STREAMS)));
    group.bench_function("adam_step_1e7", |bch| {
        bch.iter(|| {
            s.adam
                .step(&mut s.state, black_box(&mut s.x), black_box(&s.g))
                .unwrap()
        })
    });
    for (name, opt) in [("adamw_step_1e7", s.adamw), ("adam_l2_step_1e7", s.adam_l2)] {
        group.bench_function(name, |bch| {
            bch.iter(|| {
                opt.step(&mut s.state, black_box(&mut s.x), black_box(&s.g))
                    .unwrap()
            })
        });
    }
    group.throughput(Throughput::Bytes(bytes(TRIAD_STREAMS)));
    group.bench_function("triad_1e7", |bch| {
        bch.iter(|| triad(black_box(&mut s.a), black_box(&s.b), black_box(&s.c), 0.5))
    });
    group.finish();
}

/// Best wall time of `runs` calls of `f`, in seconds.
fn best_of(runs: usize, mut f: impl FnMut()) -> f64 {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}

/// a ← b + s·c on rayon's threads, in pieces of 2¹⁵ elements.
fn triad_parallel(a: &mut [f64], b: &[f64], c: &[f64], s: f64) {
    use rayon::prelude::*;
    a.par_chunks_mut(1 << 15)
        .zip(b.par_chunks(1 << 15))
        .zip(c.par_chunks(1 << 15))
        .for_each(|((a, b), c)| triad(a, b, c, s));
}

/// torch's fused Adam step on this machine, best ms of its samples at 1 and 2
/// threads, from `torch_adam.json` (measured by `torch_adam.py` beside this file).
fn torch_ms(threads: usize) -> Option<f64> {
    let json: serde_json::Value = serde_json::from_str(include_str!("torch_adam.json")).ok()?;
    let key = format!("{threads}");
    json["adam_step_by_threads"][key.as_str()]["min_ms"].as_f64()
}

fn summary(s: &mut Setup) {
    let gb = |streams: u64, secs: f64| (streams * 8 * N as u64) as f64 / secs / 1e9;
    println!("n = {N} f64, best of 25:");
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        let (adam, adamw, adam_l2) = (s.adam, s.adamw, s.adam_l2);
        let mut time = |opt: Adam| {
            pool.install(|| {
                best_of(25, || {
                    opt.step(&mut s.state, black_box(&mut s.x), black_box(&s.g))
                        .unwrap()
                })
            })
        };
        let (t_adam, t_adamw, t_adam_l2) = (time(adam), time(adamw), time(adam_l2));
        let t_triad = pool.install(|| {
            best_of(25, || {
                triad_parallel(black_box(&mut s.a), black_box(&s.b), black_box(&s.c), 0.5)
            })
        });
        let triad3 = gb(TRIAD_STREAMS, t_triad);
        let triad4 = gb(TRIAD_STREAMS + 1, t_triad);
        println!("{threads} thread(s):");
        println!(
            "  Adam step : {:7.2} ms  {:6.2} GB/s (7 streams)",
            t_adam * 1e3,
            gb(ADAM_STREAMS, t_adam)
        );
        println!(
            "  AdamW     : {:7.2} ms  {:6.2} GB/s (decoupled decay, fused)",
            t_adamw * 1e3,
            gb(ADAM_STREAMS, t_adamw)
        );
        println!(
            "  Adam + L2 : {:7.2} ms  {:6.2} GB/s (coupled decay, blockwise)",
            t_adam_l2 * 1e3,
            gb(ADAM_STREAMS, t_adam_l2)
        );
        println!(
            "  triad     : {:7.2} ms  {triad3:6.2} GB/s (3 streams, STREAM), {triad4:6.2} GB/s (4, with write-allocate)",
            t_triad * 1e3
        );
        println!(
            "  Adam/triad: {:.2} (STREAM counting), {:.2} (write-allocate counted)",
            gb(ADAM_STREAMS, t_adam) / triad3,
            gb(ADAM_STREAMS, t_adam) / triad4
        );
        if let Some(torch) = torch_ms(threads) {
            println!(
                "  torch fused Adam (torch_adam.json, best): {torch:.2} ms; torch/ours {:.2}",
                torch / (t_adam * 1e3)
            );
        }
    }
}

fn main() {
    let mut s = setup();
    let mut c = Criterion::default().configure_from_args();
    bench(&mut c, &mut s);
    c.final_summary();
    // `cargo test --benches` runs each benchmark once without `--bench`: no summary then.
    if std::env::args().any(|a| a == "--bench") {
        summary(&mut s);
    }
}
