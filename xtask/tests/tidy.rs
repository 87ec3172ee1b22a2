//! The invariants of ARCHITECTURE.md, checked on every `cargo test --workspace`.
//!
//! Dependencies are read from the manifests (normal `[dependencies]` only: dev-dependencies
//! are allowed to cross the lines) and from `Cargo.lock` for what external crates pull in,
//! so no cargo subprocess is needed.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The workspace crates: name → (directory, normal dependencies).
fn workspace() -> BTreeMap<String, (PathBuf, BTreeSet<String>)> {
    let mut out = BTreeMap::new();
    let mut dirs: Vec<PathBuf> = fs::read_dir(root().join("crates"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dirs.push(root().join("xtask"));
    for dir in dirs {
        let manifest = fs::read_to_string(dir.join("Cargo.toml")).unwrap();
        let mut name = None;
        let mut deps = BTreeSet::new();
        let mut section = String::new();
        for line in manifest.lines().map(str::trim) {
            if line.starts_with('[') {
                section = line.to_string();
                continue;
            }
            let Some((key, _)) = line.split_once('=') else {
                continue;
            };
            let key = key.trim();
            if section == "[package]" && key == "name" {
                name = Some(line.split('"').nth(1).unwrap().to_string());
            }
            if section == "[dependencies]" {
                deps.insert(key.split('.').next().unwrap().trim().to_string());
            }
        }
        out.insert(name.expect("package name"), (dir, deps));
    }
    out
}

/// Every package that `start`'s normal dependencies pull in, through workspace manifests
/// and then through `Cargo.lock`.
fn closure(start: &str) -> BTreeSet<String> {
    let ws = workspace();
    let lock = fs::read_to_string(root().join("Cargo.lock")).unwrap();
    let mut lock_deps: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for pkg in lock.split("[[package]]").skip(1) {
        let name = pkg.lines().find_map(|l| l.strip_prefix("name = ")).unwrap();
        let deps = pkg
            .split("dependencies = [")
            .nth(1)
            .map(|d| d.split(']').next().unwrap())
            .unwrap_or("")
            .split(',')
            .filter_map(|d| d.trim().trim_matches('"').split(' ').next())
            .filter(|d| !d.is_empty())
            .map(str::to_string)
            .collect();
        lock_deps.insert(name.trim_matches('"').to_string(), deps);
    }
    let mut seen = BTreeSet::new();
    let mut todo: Vec<String> = ws[start].1.iter().cloned().collect();
    while let Some(p) = todo.pop() {
        if !seen.insert(p.clone()) {
            continue;
        }
        match ws.get(&p) {
            Some((_, deps)) => todo.extend(deps.iter().cloned()),
            None => todo.extend(lock_deps.get(&p).cloned().unwrap_or_default()),
        }
    }
    seen
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            if path.file_name().is_some_and(|n| n != "target") {
                rust_files(&path, out);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn all_rust_files() -> Vec<PathBuf> {
    let mut files = Vec::new();
    rust_files(&root().join("crates"), &mut files);
    rust_files(&root().join("xtask"), &mut files);
    files
}

#[test]
fn methods_and_report_never_depend_on_landscapes() {
    for krate in ["first-order", "second-order", "report"] {
        let deps = closure(krate);
        assert!(
            !deps.contains("landscapes"),
            "{krate} depends on landscapes: {deps:?}"
        );
        assert!(
            deps.contains("optim-core"),
            "{krate} should depend on optim-core"
        );
    }
}

#[test]
fn optim_core_stays_free_of_heavy_dependencies() {
    let deps = closure("optim-core");
    for banned in ["faer", "plotters", "argmin", "argmin-math", "landscapes"] {
        assert!(!deps.contains(banned), "optim-core pulls in {banned}");
    }
}

#[test]
fn only_second_order_linalg_names_faer() {
    for (name, (_, deps)) in workspace() {
        assert!(
            name == "second-order" || !deps.contains("faer"),
            "{name} depends on faer directly"
        );
    }
    for file in all_rust_files() {
        let text = fs::read_to_string(&file).unwrap();
        let names_faer = text.contains("faer::") || text.contains("use faer");
        let allowed =
            file.ends_with("second-order/src/linalg.rs") || file.ends_with("xtask/tests/tidy.rs");
        assert!(!names_faer || allowed, "{} names faer", file.display());
    }
}

#[test]
fn no_system_font_or_blas_libraries_are_linked() {
    let lock = fs::read_to_string(root().join("Cargo.lock")).unwrap();
    for banned in [
        "font-kit",
        "freetype-sys",
        "servo-fontconfig-sys",
        "yeslogic-fontconfig-sys",
        "openblas-src",
        "blas-src",
        "lapack-src",
        "intel-mkl-src",
    ] {
        assert!(
            !lock.contains(&format!("name = \"{banned}\"")),
            "Cargo.lock contains {banned}: it links a system library"
        );
    }
}

#[test]
fn every_module_has_a_doc_comment_and_every_library_denies_missing_docs() {
    for file in all_rust_files() {
        let text = fs::read_to_string(&file).unwrap();
        let first = text
            .lines()
            .map(str::trim)
            .find(|l| !l.is_empty())
            .unwrap_or("");
        assert!(
            first.starts_with("//!"),
            "{} does not start with a //! module doc",
            file.display()
        );
        if file.ends_with("src/lib.rs") {
            assert!(
                text.contains("#![deny(missing_docs)]"),
                "{} lacks #![deny(missing_docs)]",
                file.display()
            );
        }
    }
}

#[test]
fn no_explicit_inverse_and_no_anyhow_in_library_code() {
    for file in all_rust_files() {
        if file.ends_with("xtask/tests/tidy.rs") {
            continue; // this file names the patterns it forbids
        }
        let text = fs::read_to_string(&file).unwrap();
        for pattern in [".inverse()", "fn inverse(", ".inv()", "try_inverse"] {
            assert!(
                !text.contains(pattern),
                "{} forms an explicit inverse ({pattern}): factor and solve",
                file.display()
            );
        }
        let in_library = file.components().any(|c| c.as_os_str() == "src");
        // optim-core's check.rs must speak anyhow to call finitediff; nothing else may.
        if in_library && !file.ends_with("optim-core/src/check.rs") {
            assert!(
                !text.contains("anyhow"),
                "{} uses anyhow in library code",
                file.display()
            );
        }
    }
}
