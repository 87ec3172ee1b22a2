//! `cargo xtask figures [--only <id>]… [--list]`: regenerates `docs/figures/` and the
//! docs pages from the catalogue. `cargo xtask compare`: the timed comparison with
//! argmin, `docs/comparison.md` and `docs/figures/comparison.png`.
//!
//! Run from anywhere in the workspace; everything is written under the workspace's
//! `docs/`. `--only <id>` (repeatable) renders just those figures (the pages are still
//! rewritten: every study runs, since their numbers are cheap); `--list` prints the
//! catalogue. Exits non-zero, naming it, when a figure fails.

use std::process::ExitCode;

const USAGE: &str =
    "usage: cargo xtask figures [--only <figure id>]... [--list]\n       cargo xtask compare";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((command, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    if command == "compare" && rest.is_empty() {
        return match xtask::compare::write(&xtask::workspace_root()) {
            Ok(_) => {
                println!(
                    "wrote docs/{} and docs/figures/{}",
                    xtask::compare::PAGE,
                    xtask::compare::FIGURE
                );
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("error: {e}");
                ExitCode::FAILURE
            }
        };
    }
    if command != "figures" {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    }
    let mut options = xtask::Options {
        progress: true,
        ..Default::default()
    };
    let mut rest = rest.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--list" => {
                print!("{}", xtask::list());
                return ExitCode::SUCCESS;
            }
            "--only" => match rest.next() {
                Some(id) => options.only.push(id.clone()),
                None => {
                    eprintln!("--only needs a figure id\n{USAGE}");
                    return ExitCode::from(2);
                }
            },
            other => {
                eprintln!("unknown argument `{other}`\n{USAGE}");
                return ExitCode::from(2);
            }
        }
    }
    match xtask::generate(&xtask::workspace_root(), &options) {
        Ok(outcome) => {
            print!("{}", outcome.summary());
            if outcome.failed.is_empty() {
                ExitCode::SUCCESS
            } else {
                let ids: Vec<&str> = outcome.failed.iter().map(|(id, _)| *id).collect();
                eprintln!("error: figures failed: {}", ids.join(", "));
                ExitCode::FAILURE
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
