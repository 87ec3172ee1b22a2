//! The fault catalogue (`docs/faults.md`) stays true: every row names a test that
//! exists, in the file it names, and every call gives what a user must get — an `Err`
//! for invalid input, otherwise a run with a finite x (never a panic). The outcomes
//! themselves are the page's: `tests/figures.rs` regenerates it and fails when the
//! committed page differs.

use xtask::pages::faults::{CASES, outcome};

#[test]
fn every_row_names_a_test_that_exists() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../crates/");
    for case in CASES {
        let (file, test) = case.test.split_once("::").expect("file::test");
        let source = std::fs::read_to_string(format!("{root}{file}"))
            .unwrap_or_else(|e| panic!("{}: {file}: {e}", case.fault));
        assert!(
            source.contains(&format!("fn {test}(")),
            "{}: no test `{test}` in {file}",
            case.fault
        );
    }
}

#[test]
fn every_call_is_an_error_or_a_run_with_a_finite_iterate() {
    for case in CASES {
        let result = (case.outcome)();
        if let Ok(run) = &result {
            assert!(run.x.iter().all(|v| v.is_finite()), "{}", case.fault);
            assert!(
                !run.converged() || run.grad_norm.is_finite(),
                "{}",
                case.fault
            );
        }
        let (kind, message) = outcome(&result);
        assert!(!kind.is_empty() && !message.is_empty(), "{}", case.fault);
        assert!(!message.contains("NOT FINITE"), "{}", case.fault);
    }
    assert!(CASES.len() >= 25);
}
