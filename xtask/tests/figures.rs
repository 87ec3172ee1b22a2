//! `cargo xtask figures` end to end, into a temporary workspace root.

use std::path::PathBuf;

fn temp_root(name: &str) -> PathBuf {
    let root = std::env::temp_dir().join(format!("xtask-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&root).unwrap();
    root
}

#[test]
fn figures_writes_every_page_figure_and_the_index() {
    let root = temp_root("all");
    let summary = xtask::figures(&root, None).unwrap();
    let docs = root.join("docs");
    let page = std::fs::read_to_string(docs.join("landscapes.md")).unwrap();
    assert!(page.starts_with(xtask::GENERATED));
    // Seed 000's condition number, measured in the run.
    assert!(page.contains("condition number **2508.0096**"), "{page}");
    let index = std::fs::read_to_string(docs.join("README.md")).unwrap();
    assert!(index.starts_with(xtask::GENERATED));
    assert!(index.contains("(landscapes.md)"));
    // Every figure the page shows exists, is a PNG and stays small.
    let mut shown = 0;
    for part in page.split("](figures/").skip(1) {
        let file = &part[..part.find(')').unwrap()];
        let bytes = std::fs::read(docs.join("figures").join(file)).unwrap();
        assert_eq!(&bytes[1..4], b"PNG", "{file}");
        assert!(bytes.len() < 300 * 1024, "{file}: {} bytes", bytes.len());
        shown += 1;
    }
    assert_eq!(shown, 6);
    assert!(summary.contains("6 figures"), "{summary}");
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn only_renders_one_figure_and_rejects_unknown_ids() {
    let root = temp_root("only");
    xtask::figures(&root, Some("rosenbrock-zoom")).unwrap();
    let pngs: Vec<String> = std::fs::read_dir(root.join("docs/figures"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(pngs, vec!["rosenbrock-zoom.png".to_string()]);
    let err = xtask::figures(&root, Some("no-such-figure"))
        .unwrap_err()
        .to_string();
    assert!(err.contains("wells-landscape"), "{err}");
    std::fs::remove_dir_all(root).ok();
}

#[test]
fn committed_pages_match_a_fresh_run() {
    // docs/ is generated: a hand edit, or a change to the code behind a page without
    // `cargo xtask figures`, shows up here.
    let root = temp_root("fresh");
    xtask::figures(&root, Some("quadratic-contours")).unwrap();
    let committed = xtask::workspace_root().join("docs");
    for entry in std::fs::read_dir(root.join("docs")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "md") {
            let name = path.file_name().unwrap();
            let fresh = std::fs::read_to_string(&path).unwrap();
            let old = std::fs::read_to_string(committed.join(name)).unwrap_or_default();
            assert!(
                fresh == old,
                "docs/{} is stale: run `cargo xtask figures`",
                name.to_string_lossy()
            );
        }
    }
    std::fs::remove_dir_all(root).ok();
}
