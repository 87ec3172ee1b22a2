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

/// nalgebra is in the tree only for argmin's Newton and Dogleg (argmin-math's `vec`
/// backend cannot invert): one crate depends on it, and one file of it names it.
#[test]
fn only_the_argmin_adapters_nalgebra_file_names_nalgebra() {
    for (name, (_, deps)) in workspace() {
        assert!(
            name == "argmin-adapters" || !deps.contains("nalgebra"),
            "{name} depends on nalgebra directly"
        );
    }
    for file in all_rust_files() {
        let text = fs::read_to_string(&file).unwrap();
        // The crate itself (`nalgebra::DVector`), not the adapters' module of that
        // name (`crate::nalgebra::`, `argmin_adapters::nalgebra::`).
        let names = text.match_indices("nalgebra::").any(|(i, _)| {
            let before = &text[..i];
            !before.ends_with("crate::") && !before.ends_with("adapters::")
        });
        let allowed = file.ends_with("argmin-adapters/src/nalgebra.rs")
            || file.ends_with("xtask/tests/tidy.rs");
        assert!(!names || allowed, "{} names nalgebra", file.display());
    }
}

/// faer is second-order's only heavy dependency and it is optional (the `dense`
/// feature), so a user of the Hessian-free methods does not build it; CI builds and
/// tests second-order without it.
#[test]
fn faer_is_optional_in_second_order() {
    let manifest = fs::read_to_string(root().join("crates/second-order/Cargo.toml")).unwrap();
    let faer = manifest
        .lines()
        .find(|l| l.trim_start().starts_with("faer"))
        .expect("second-order depends on faer");
    assert!(faer.contains("optional = true"), "{faer}");
    assert!(manifest.contains("dense = [\"dep:faer\"]"));
    let ci = fs::read_to_string(root().join(".ci/run")).unwrap();
    assert!(ci.contains("cargo test -p second-order --no-default-features"));
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

/// No file imports a file that imports it back: the file-level import graph of every
/// workspace library is acyclic (ARCHITECTURE.md, "Invariants").
///
/// The graph is read from the source text: every `use` tree and every inline
/// `crate::…`, `super::…` or `self::…` path is resolved to the file that *defines* the
/// name, following `pub use` re-exports, so that importing `crate::Armijo` (re-exported
/// by `lib.rs`) is an edge to the file where `Armijo` is written, not to `lib.rs`.
/// Declaring a child module (`mod x;`) is not an import.
mod imports {
    use std::collections::{BTreeMap, BTreeSet};
    use std::fs;
    use std::path::{Path, PathBuf};

    /// A crate's modules: module path → file, with what each file defines and re-exports.
    struct Crate {
        files: BTreeMap<Vec<String>, PathBuf>,
        defines: BTreeMap<Vec<String>, BTreeSet<String>>,
        /// (module, exported name or "*") → the path it re-exports.
        reexports: BTreeMap<Vec<String>, Vec<(String, Vec<String>)>>,
        /// module → the (absolute) paths its code names.
        uses: BTreeMap<Vec<String>, Vec<Vec<String>>>,
    }

    fn module_path(src: &Path, file: &Path) -> Vec<String> {
        let rel = file.strip_prefix(src).unwrap().with_extension("");
        let mut parts: Vec<String> = rel
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if matches!(
            parts.last().map(String::as_str),
            Some("lib" | "main" | "mod")
        ) {
            parts.pop();
        }
        parts
    }

    /// The source without comments (line comments and doc comments), string contents
    /// blanked so that paths inside strings are not read as code.
    fn code_of(text: &str) -> String {
        let mut out = String::with_capacity(text.len());
        for line in text.lines() {
            let mut in_str = false;
            let mut prev = ' ';
            let mut kept = String::new();
            let chars: Vec<char> = line.chars().collect();
            let mut i = 0;
            while i < chars.len() {
                let c = chars[i];
                if !in_str && c == '/' && chars.get(i + 1) == Some(&'/') {
                    break;
                }
                if c == '"' && prev != '\\' {
                    in_str = !in_str;
                    kept.push('"');
                } else if in_str {
                    kept.push(' ');
                } else {
                    kept.push(c);
                }
                prev = c;
                i += 1;
            }
            out.push_str(&kept);
            out.push('\n');
        }
        out
    }

    /// Expands a `use` tree (the text between `use` and `;`) into full paths, each ending
    /// in the imported name (`*` for a glob).
    fn expand(tree: &str, prefix: &[String], out: &mut Vec<Vec<String>>) {
        let tree = tree.trim();
        if tree.is_empty() {
            return;
        }
        if let Some(open) = tree.find('{') {
            let head: Vec<String> = tree[..open]
                .split("::")
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            let mut base = prefix.to_vec();
            base.extend(head);
            let inner = &tree[open + 1..tree.rfind('}').unwrap()];
            let (mut depth, mut start) = (0, 0);
            for (i, c) in inner.char_indices() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        expand(&inner[start..i], &base, out);
                        start = i + 1;
                    }
                    _ => {}
                }
            }
            expand(&inner[start..], &base, out);
        } else {
            let name = tree.split(" as ").next().unwrap().trim();
            let mut path = prefix.to_vec();
            path.extend(name.split("::").map(|s| s.trim().to_string()));
            if path.last().is_some_and(|s| s == "self") {
                path.pop();
            }
            out.push(path);
        }
    }

    /// Makes `path`, as written in module `at`, absolute within the crate; `None` for
    /// another crate's path.
    fn absolute(
        path: &[String],
        at: &[String],
        children: &BTreeSet<String>,
    ) -> Option<Vec<String>> {
        let mut base: Vec<String> = at.to_vec();
        let mut rest = path;
        match rest.first().map(String::as_str) {
            Some("crate") => {
                base.clear();
                rest = &rest[1..];
            }
            Some("self") => rest = &rest[1..],
            Some("super") => {
                while rest.first().is_some_and(|s| s == "super") {
                    base.pop();
                    rest = &rest[1..];
                }
            }
            // Since 2018 a bare path may start with a child module of the current one.
            Some(first) if children.contains(first) => {}
            _ => return None,
        }
        base.extend(rest.iter().cloned());
        Some(base)
    }

    fn read_crate(src: &Path) -> Crate {
        let mut files = Vec::new();
        collect(src, &mut files);
        let mut krate = Crate {
            files: BTreeMap::new(),
            defines: BTreeMap::new(),
            reexports: BTreeMap::new(),
            uses: BTreeMap::new(),
        };
        for file in &files {
            krate.files.insert(module_path(src, file), file.clone());
        }
        let item = regex_lite(&[
            "struct",
            "enum",
            "trait",
            "fn",
            "const",
            "static",
            "type",
            "union",
            "mod",
            "macro_rules!",
        ]);
        for file in &files {
            let module = module_path(src, file);
            let children: BTreeSet<String> = krate
                .files
                .keys()
                .filter(|m| m.len() == module.len() + 1 && m.starts_with(&module))
                .map(|m| m.last().unwrap().clone())
                .collect();
            let text = fs::read_to_string(file).unwrap();
            // Inline test modules sit at the end of a file and see it as `super`: they are
            // not part of the file's own imports.
            let text = text.split("#[cfg(test)]").next().unwrap();
            let code = code_of(text);
            let defines: BTreeSet<String> = code.lines().filter_map(&item).collect();
            let mut uses = Vec::new();
            let mut reexports = Vec::new();
            for stmt in code.split(';') {
                let Some((public, tree)) = use_tree(stmt) else {
                    continue;
                };
                let mut paths = Vec::new();
                expand(tree, &[], &mut paths);
                for p in paths {
                    let Some(abs) = absolute(&p, &module, &children) else {
                        continue;
                    };
                    if public {
                        let name = abs.last().unwrap().clone();
                        reexports.push((name, abs.clone()));
                    }
                    uses.push(abs);
                }
            }
            // Inline paths in code: `crate::linalg::Cholesky::new(n)`, `super::x`.
            for word in code.split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':')) {
                if !(word.starts_with("crate::") || word.starts_with("super::"))
                    || word.ends_with("::")
                {
                    continue;
                }
                let path: Vec<String> = word.split("::").map(str::to_string).collect();
                if let Some(abs) = absolute(&path, &module, &children) {
                    uses.push(abs);
                }
            }
            krate.defines.insert(module.clone(), defines);
            krate.reexports.insert(module.clone(), reexports);
            krate.uses.insert(module, uses);
        }
        krate
    }

    /// The tree of a `use` statement (the text after `use`), and whether it re-exports,
    /// if `stmt` (the text before a `;`) ends in one.
    fn use_tree(stmt: &str) -> Option<(bool, &str)> {
        let mut found = None;
        let mut offset = 0;
        for line in stmt.split_inclusive('\n') {
            let trimmed = line.trim_start();
            for keyword in ["use ", "pub use ", "pub(crate) use ", "pub(super) use "] {
                if trimmed.starts_with(keyword) {
                    let at = offset + (line.len() - trimmed.len()) + keyword.len();
                    found = Some((keyword.starts_with("pub"), at));
                }
            }
            offset += line.len();
        }
        found.map(|(public, at)| (public, &stmt[at..]))
    }

    /// A matcher for item definitions: `[pub[(…)]] [unsafe|async|const] <kw> Name`.
    fn regex_lite(keywords: &'static [&'static str]) -> impl Fn(&str) -> Option<String> {
        move |line: &str| {
            let mut words = line.split_whitespace().peekable();
            while let Some(w) = words.peek() {
                if w.starts_with("pub") || ["unsafe", "async", "extern"].contains(w) {
                    words.next();
                } else {
                    break;
                }
            }
            let kw = words.next()?;
            let kw = if kw == "const" && words.peek() == Some(&"fn") {
                words.next()?
            } else {
                kw
            };
            if !keywords.contains(&kw) {
                return None;
            }
            let name: String = words
                .next()?
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            (!name.is_empty()).then_some(name)
        }
    }

    fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                collect(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }

    impl Crate {
        /// The module whose file defines what `path` names, following re-exports.
        fn resolve(&self, path: &[String], depth: usize) -> Option<Vec<String>> {
            if depth > 16 {
                return None;
            }
            // The longest prefix that is a module file.
            let mut module = path.to_vec();
            while !self.files.contains_key(&module) {
                module.pop()?;
            }
            let rest = &path[module.len()..];
            let Some(name) = rest.first() else {
                return Some(module); // the module itself
            };
            if self.defines[&module].contains(name) {
                return Some(module);
            }
            for (exported, target) in &self.reexports[&module] {
                if exported == name {
                    let mut full = target.clone();
                    full.extend(rest[1..].iter().cloned());
                    return self.resolve(&full, depth + 1);
                }
            }
            for (exported, target) in &self.reexports[&module] {
                if exported == "*" {
                    let mut full = target[..target.len() - 1].to_vec();
                    full.extend(rest.iter().cloned());
                    if let Some(found) = self.resolve(&full, depth + 1) {
                        if found != module {
                            return Some(found);
                        }
                    }
                }
            }
            Some(module)
        }

        fn edges(&self) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
            let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
            for (module, uses) in &self.uses {
                let out = edges.entry(module.clone()).or_default();
                for target in uses.iter().filter_map(|p| self.resolve(p, 0)) {
                    if &target != module {
                        out.insert(target);
                    }
                }
            }
            edges
        }
    }

    /// A cycle in the graph, as the list of modules around it.
    fn find_cycle(
        edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
    ) -> Option<Vec<Vec<String>>> {
        fn visit(
            node: &Vec<String>,
            edges: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
            state: &mut BTreeMap<Vec<String>, u8>,
            stack: &mut Vec<Vec<String>>,
        ) -> Option<Vec<Vec<String>>> {
            state.insert(node.clone(), 1);
            stack.push(node.clone());
            for next in edges.get(node).into_iter().flatten() {
                match state.get(next).copied().unwrap_or(0) {
                    1 => {
                        let at = stack.iter().position(|m| m == next).unwrap();
                        let mut cycle = stack[at..].to_vec();
                        cycle.push(next.clone());
                        return Some(cycle);
                    }
                    0 => {
                        if let Some(c) = visit(next, edges, state, stack) {
                            return Some(c);
                        }
                    }
                    _ => {}
                }
            }
            stack.pop();
            state.insert(node.clone(), 2);
            None
        }
        let mut state = BTreeMap::new();
        for node in edges.keys() {
            if state.get(node).copied().unwrap_or(0) == 0 {
                let mut stack = Vec::new();
                if let Some(c) = visit(node, edges, &mut state, &mut stack) {
                    return Some(c);
                }
            }
        }
        None
    }

    fn show(m: &[String]) -> String {
        if m.is_empty() {
            "crate root".to_string()
        } else {
            m.join("::")
        }
    }

    fn library_sources() -> Vec<PathBuf> {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
        let mut srcs: Vec<PathBuf> = fs::read_dir(root.join("crates"))
            .unwrap()
            .map(|e| e.unwrap().path().join("src"))
            .collect();
        srcs.push(root.join("xtask/src"));
        srcs.sort();
        srcs
    }

    #[test]
    fn no_file_imports_a_file_that_imports_it_back() {
        let mut checked = 0;
        for src in library_sources() {
            let krate = read_crate(&src);
            let edges = krate.edges();
            checked += edges.values().map(BTreeSet::len).sum::<usize>();
            if let Some(cycle) = find_cycle(&edges) {
                let names: Vec<String> = cycle.iter().map(|m| show(m)).collect();
                panic!("{}: import cycle {}", src.display(), names.join(" → "));
            }
        }
        // Not vacuous: the workspace's files do import each other.
        assert!(checked > 50, "only {checked} import edges found");
    }

    /// The checker itself, on a small crate written to disk: a cycle through a
    /// re-export is found, and a re-export alone is not one.
    #[test]
    fn the_checker_finds_a_cycle_through_a_reexport() {
        let dir = std::env::temp_dir().join(format!("imports-check-{}", std::process::id()));
        let src = dir.join("src");
        fs::create_dir_all(src.join("a")).unwrap();
        let write = |p: &str, t: &str| fs::write(src.join(p), t).unwrap();
        write(
            "lib.rs",
            "//! r\nmod a;\nmod b;\npub use a::Thing;\npub use b::Other;\n",
        );
        write("a.rs", "//! a\nmod inner;\npub use inner::Thing;\n");
        write("a/inner.rs", "//! i\npub struct Thing;\n");
        write(
            "b.rs",
            "//! b\nuse crate::Thing;\npub struct Other(Thing);\n",
        );
        let edges = read_crate(&src).edges();
        assert!(find_cycle(&edges).is_none(), "{edges:?}");
        assert!(
            edges[&vec!["b".to_string()]].contains(&vec!["a".to_string(), "inner".to_string()])
        );
        // Now the defining file imports its importer back.
        write(
            "a/inner.rs",
            "//! i\nuse crate::b::Other;\npub struct Thing;\nfn f(_: Other) {}\n",
        );
        let cycle = find_cycle(&read_crate(&src).edges()).expect("a cycle");
        assert!(cycle.len() >= 3, "{cycle:?}");
        fs::remove_dir_all(&dir).unwrap();
    }
}

/// The README's examples need one dependency each: every Rust block names one method
/// crate and nothing else of the workspace (it is compiled and run as a doctest of
/// xtask, which has them all; this test proves that one of them would do).
#[test]
fn each_readme_example_uses_one_crate_alone() {
    let readme = fs::read_to_string(root().join("README.md")).unwrap();
    let blocks: Vec<&str> = readme
        .split("```rust")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    assert!(blocks.len() >= 2, "the README lost its examples");
    let crates = [
        "optim_core",
        "landscapes",
        "report",
        "first_order",
        "second_order",
        "xtask",
    ];
    for block in blocks {
        let named: Vec<&str> = crates
            .iter()
            .copied()
            .filter(|c| block.contains(&format!("{c}::")))
            .collect();
        assert_eq!(named.len(), 1, "a README example names {named:?}:\n{block}");
        assert!(
            ["first_order", "second_order"].contains(&named[0]),
            "a README example depends on {} instead of a method crate",
            named[0]
        );
    }
}
