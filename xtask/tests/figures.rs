//! `cargo xtask figures` end to end, and the catalogue's invariants.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::OnceLock;

use xtask::catalogue::View;
use xtask::pages;
use xtask::{Options, Outcome, generate, template};

fn temp_root(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("xtask-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    root
}

/// One full `generate` (every study, figure and page), shared by the tests that read
/// it: the studies take most of a minute, and one run is what they all check.
struct Fresh {
    outcome: Outcome,
    /// Every file written under `docs/figures/`, by name.
    figures: BTreeMap<String, Vec<u8>>,
    /// Every page written under `docs/`, by name, as read back from disk.
    written: BTreeMap<String, String>,
}

fn fresh() -> &'static Fresh {
    static FRESH: OnceLock<Fresh> = OnceLock::new();
    FRESH.get_or_init(|| {
        let root = temp_root("all");
        let outcome = generate(&root, &Options::default()).unwrap();
        let docs = root.join("docs");
        let read = |dir: PathBuf| -> Vec<(String, PathBuf)> {
            std::fs::read_dir(dir)
                .unwrap()
                .map(|e| e.unwrap())
                .filter(|e| e.file_type().unwrap().is_file())
                .map(|e| (e.file_name().to_string_lossy().into_owned(), e.path()))
                .collect()
        };
        let figures = read(docs.join("figures"))
            .into_iter()
            .map(|(name, path)| (name, std::fs::read(path).unwrap()))
            .collect();
        let written = read(docs.clone())
            .into_iter()
            .map(|(name, path)| (name, std::fs::read_to_string(path).unwrap()))
            .collect();
        std::fs::remove_dir_all(root).ok();
        Fresh {
            outcome,
            figures,
            written,
        }
    })
}

/// Every file the catalogue writes under `docs/figures/`.
fn catalogue_files() -> BTreeSet<String> {
    pages::specs().filter_map(|s| s.file()).collect()
}

#[test]
fn every_figure_is_written_within_its_budget_and_shown_by_its_page() {
    let fresh = fresh();
    assert!(
        fresh.outcome.failed.is_empty(),
        "{:?}",
        fresh.outcome.failed
    );
    let written: BTreeSet<String> = fresh.figures.keys().cloned().collect();
    assert_eq!(written, catalogue_files());
    let mut total = 0;
    for (file, bytes) in &fresh.figures {
        total += bytes.len();
        if file.ends_with(".png") {
            assert_eq!(&bytes[1..4], b"PNG", "{file}");
            assert!(bytes.len() < 400 * 1024, "{file}: {} bytes", bytes.len());
        } else {
            assert_eq!(&bytes[..3], b"GIF", "{file}");
            assert!(bytes.len() < 1536 * 1024, "{file}: {} bytes", bytes.len());
        }
    }
    assert!(total < 25 * 1024 * 1024, "docs/figures is {total} bytes");
    // Every page links exactly the figures of its rows, and they exist.
    for page in pages::pages() {
        let text = &fresh.written[page.file];
        assert!(text.starts_with(xtask::GENERATED));
        for spec in page.figures {
            if let Some(file) = spec.file() {
                assert!(
                    text.contains(&format!("](figures/{file})")),
                    "{}: {file}",
                    page.file
                );
            } else {
                assert!(text.contains(&format!("**To come** (`{}`)", spec.id)));
            }
        }
    }
    let index = &fresh.written["README.md"];
    for page in pages::pages() {
        assert!(index.contains(&format!("({})", page.file)), "{}", page.file);
    }
}

#[test]
fn only_renders_the_figures_asked_for_and_rejects_unknown_ids() {
    let root = temp_root("only");
    let options = Options {
        only: vec!["rosenbrock-zoom".into(), "quadratic-contours".into()],
        ..Options::default()
    };
    generate(&root, &options).unwrap();
    let pngs: BTreeSet<String> = std::fs::read_dir(root.join("docs/figures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    let expected: BTreeSet<String> = ["quadratic-contours.png", "rosenbrock-zoom.png"]
        .map(String::from)
        .into();
    assert_eq!(pngs, expected);
    let options = Options {
        only: vec!["no-such-figure".into()],
        ..Options::default()
    };
    let err = generate(&root, &options).unwrap_err().to_string();
    assert!(err.contains("wells-landscape"), "{err}");
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn committed_docs_match_a_fresh_run() {
    // docs/ is generated: a hand edit, or a change to the code behind a page without
    // `cargo xtask figures`, shows up here. Pages hold no wall time, so they compare
    // byte for byte; the figures are compared as a list of files.
    let committed = xtask::workspace_root().join("docs");
    for (name, fresh) in &fresh().outcome.pages {
        let old = std::fs::read_to_string(committed.join(name)).unwrap_or_default();
        assert!(
            *fresh == old,
            "docs/{name} is stale: run `cargo xtask figures`"
        );
    }
    let files: BTreeSet<String> = std::fs::read_dir(committed.join("figures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    // `cargo xtask compare` writes one figure beside the catalogue's.
    let mut expected = catalogue_files();
    expected.insert(xtask::compare::FIGURE.to_string());
    assert_eq!(
        files, expected,
        "docs/figures/ is not the catalogue's list: run `cargo xtask figures`"
    );
}

#[test]
fn ids_are_unique_and_each_page_shows_each_of_its_figures_once() {
    let mut seen = BTreeSet::new();
    for spec in pages::specs() {
        assert!(seen.insert(spec.id), "figure id {} twice", spec.id);
        assert!(
            pages::studies().any(|s| s.id == spec.study),
            "{} draws an unknown study {}",
            spec.id,
            spec.study
        );
    }
    let mut studies = BTreeSet::new();
    for s in pages::studies() {
        assert!(studies.insert(s.id), "study id {} twice", s.id);
    }
    for page in pages::pages() {
        let shown = template::figures_in(page.template);
        let rows: Vec<&str> = page.figures.iter().map(|s| s.id).collect();
        let mut sorted = shown.clone();
        sorted.sort();
        let mut expected: Vec<String> = rows.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(sorted, expected, "{}: figures shown vs rows", page.file);
    }
}

/// FIGURES.md's ids, with its shorthands expanded: `a / b`, `x-0.2 / -0.05` (a new
/// last segment) and `{a,b}` alternatives.
fn figures_md_ids() -> Vec<String> {
    let path = xtask::workspace_root().join("../shared/FIGURES.md");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut ids = Vec::new();
    for line in text
        .lines()
        .filter(|l| l.starts_with("| ") && !l.starts_with("| id"))
    {
        let cell = line.split('|').nth(1).unwrap().trim();
        if cell.starts_with('(') || cell.starts_with("---") {
            continue; // "(table) conditioning": a table, not a figure
        }
        let mut previous = String::new();
        for part in cell.split(" / ").map(str::trim) {
            let id = if part.starts_with('-') {
                // "gd-1d-eta-0.2 / -0.05": replace the last segment of the previous id.
                let base = previous.rsplit_once('-').map_or("", |(b, _)| b);
                format!("{base}{part}")
            } else {
                part.to_string()
            };
            ids.extend(expand_braces(&id));
            previous = id;
        }
    }
    ids
}

fn expand_braces(id: &str) -> Vec<String> {
    let Some(open) = id.find('{') else {
        return vec![id.to_string()];
    };
    let close = open + id[open..].find('}').unwrap();
    let (head, tail) = (&id[..open], &id[close + 1..]);
    id[open + 1..close]
        .split(',')
        .flat_map(|alt| expand_braces(&format!("{head}{alt}{tail}")))
        .collect()
}

#[test]
fn every_figure_of_figures_md_is_in_the_catalogue() {
    let ids = figures_md_ids();
    // 60 rows' ids: fewer means a shorthand went unread.
    assert!(ids.len() >= 60, "read only {} ids", ids.len());
    let known: BTreeSet<&str> = pages::specs().map(|s| s.id).collect();
    let missing: Vec<&String> = ids
        .iter()
        .filter(|id| !known.contains(id.as_str()))
        .collect();
    assert!(missing.is_empty(), "not in the catalogue: {missing:?}");
    // Every row is drawn now: nothing is left "to come".
    let to_come: Vec<&str> = pages::specs()
        .filter(|s| matches!(s.view, View::ToCome(_)))
        .map(|s| s.id)
        .collect();
    assert!(to_come.is_empty(), "{to_come:?}");
}

/// The pages of the shared fresh run, by file name.
fn fresh_pages() -> BTreeMap<String, String> {
    fresh().outcome.pages.iter().cloned().collect()
}

fn row<'a>(page: &'a str, label: &str) -> Vec<&'a str> {
    let line = page
        .lines()
        .find(|l| l.starts_with(&format!("| {label} |")))
        .unwrap_or_else(|| panic!("no row `{label}`"));
    line.trim_matches('|').split('|').map(str::trim).collect()
}

/// Three numbers the pages print, against the same runs made here directly with
/// `minimize` — and, where the course document printed its own run, against that.
#[test]
fn the_pages_print_the_numbers_of_the_runs() {
    use landscapes::{Landscape, Rosenbrock, Wells};
    use optim_core::{Stop, minimize, minimize_many, vector::distance};

    let pages = fresh_pages();

    // Rosenbrock, gradient descent α = 0.0002 for 100 000 steps. The notebook's own
    // run printed f = 1.060466347344834e-08 at x = (0.9998971, 0.99979381): the same
    // arithmetic in another language, so agreement to a few ulps of f is expected.
    let r = Rosenbrock::new();
    let gd = minimize(
        &first_order::Sgd::new(0.0002),
        &r,
        &r.start(),
        &Stop::exactly(100_000).step_tol(1e-10),
    )
    .unwrap();
    assert_eq!(gd.iterations, 100_000);
    assert!(
        (gd.value - 1.060466347344834e-08).abs() < 1e-15,
        "{:e}",
        gd.value
    );
    assert!((gd.x[0] - 0.9998971).abs() < 5e-8 && (gd.x[1] - 0.99979381).abs() < 5e-9);
    let cells = row(&pages["rosenbrock.md"], "GD, α = 0.0002");
    assert_eq!(cells[1], "100000");
    assert_eq!(cells[3], format!("{:.6e}", gd.value));

    // Newton-CG: the notebook printed x = (0.99999963, 0.99999926) after 26 iterations.
    let ncg = minimize(
        &second_order::NewtonCg::default(),
        &r,
        &r.start(),
        &Stop::after(1000).grad_tol(1e-6),
    )
    .unwrap();
    assert_eq!(ncg.iterations, 26);
    let cells = row(&pages["rosenbrock.md"], "Newton-CG");
    assert_eq!(cells[1], "26");
    assert_eq!(cells[3], format!("{:.6e}", ncg.value));

    // The wells: how many of the 100 gradient-descent runs end at the deepest minimum.
    let w = Wells::seed002();
    let runs = minimize_many(
        &first_order::Sgd::new(4.3),
        &w,
        &Wells::seed002_starts(),
        &Stop::after(2000).grad_tol(1e-6),
    )
    .unwrap();
    let deepest = &w.minima()[0];
    let near = runs
        .iter()
        .filter(|r| distance(&r.x, deepest) < 1e-3)
        .count();
    assert!(
        pages["wells.md"].contains(&format!("{near} of 100 within 1e-3 of the deepest minimum")),
        "{near}"
    );
}
