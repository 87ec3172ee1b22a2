//! `cargo xtask figures [--only <id>]`: regenerates `docs/figures/` and the docs pages.
//!
//! Run from anywhere in the workspace; everything is written under the workspace's
//! `docs/`. `--only <id>` renders just that figure (the pages are still rewritten,
//! since their numbers are cheap to measure).

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: cargo xtask figures [--only <figure id>]";
    let only = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["figures"] => None,
        ["figures", "--only", id] => Some(id.to_string()),
        _ => {
            eprintln!("{usage}");
            return ExitCode::from(2);
        }
    };
    match xtask::figures(&xtask::workspace_root(), only.as_deref()) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}
