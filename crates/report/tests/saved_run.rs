//! A run saved as JSON is plotted later exactly as the run itself: the committed
//! `fixtures/saved_run.json` (heavy-ball GD on Rosenbrock, 40 steps, every iterate
//! recorded, saved in format 1) reads back to the run computed now, and its trajectory
//! and loss curve render to the same pixels.
//!
//! The committed file also pins the format: a change to the saved form of `Run` that
//! does not bump `RUN_FORMAT` fails here (the file no longer reads, or reads to another
//! run). Regenerate it, after such a bump, with
//! `cargo test -p report --test saved_run -- --ignored`.

use first_order::Sgd;
use optim_core::{FnObjective, Objective, RUN_FORMAT, Record, Run, Stop, minimize};
use report::{Figure, LinePlot, Map, Path, Series, YScale};

const FIXTURE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/saved_run.json");

fn rosenbrock() -> impl Objective {
    FnObjective::new(
        2,
        |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2),
        |x: &[f64], g: &mut [f64]| {
            g[0] = -2.0 * (1.0 - x[0]) - 400.0 * x[0] * (x[1] - x[0] * x[0]);
            g[1] = 200.0 * (x[1] - x[0] * x[0]);
        },
    )
}

fn run_now() -> Run {
    let method = Sgd {
        momentum: 0.9,
        ..Sgd::new(1e-4)
    };
    let stop = Stop::exactly(40).record(Record::All);
    minimize(&method, &rosenbrock(), &[-1.2, 1.0], &stop).unwrap()
}

fn figure(run: &Run) -> Vec<u8> {
    Figure::new(720, 320)
        .unwrap()
        .panel(
            Map::new((-1.5, 1.5), (-0.5, 1.5))
                .unwrap()
                .path(Path::from_run(run).unwrap().numbered(true)),
        )
        .panel(
            LinePlot::new()
                .y_scale(YScale::Log)
                .series(Series::new(run.trace.values().to_vec()).label(run.method)),
        )
        .render()
        .unwrap()
}

#[test]
fn a_saved_run_reads_back_and_plots_as_the_run() {
    let json = std::fs::read_to_string(FIXTURE).unwrap();
    let saved = Run::from_json(&json).unwrap();
    let now = run_now();
    // The wall time is the one field that differs.
    assert_eq!(
        Run {
            elapsed: now.elapsed,
            ..saved.clone()
        },
        now
    );
    assert_eq!(saved.trace.len(), 41);
    assert_eq!(figure(&saved), figure(&now));
}

#[test]
fn a_run_round_trips_through_json_and_other_versions_are_refused() {
    let run = run_now();
    assert_eq!(Run::from_json(&run.to_json()).unwrap(), run);
    let future = run
        .to_json()
        .replacen(&format!("\"format\":{RUN_FORMAT}"), "\"format\":999", 1);
    let err = Run::from_json(&future).unwrap_err().to_string();
    assert!(err.contains("format 999"), "{err}");
    assert!(Run::from_json("{\"format\":1}").is_err());
    assert!(Run::from_json("not json").is_err());
}

#[test]
#[ignore = "writes tests/fixtures/saved_run.json"]
fn write_fixture() {
    std::fs::write(FIXTURE, run_now().to_json()).unwrap();
}
