//! `cargo xtask figures` (being written).
fn main() {}
