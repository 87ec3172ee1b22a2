//! Markdown helpers: tables and number formatting.

/// A markdown table with `header` and `rows`.
pub fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = format!(
        "| {} |\n|{}\n",
        header.join(" | "),
        "---|".repeat(header.len())
    );
    for row in rows {
        out.push_str(&format!("| {} |\n", row.join(" | ")));
    }
    out
}

/// `v` in scientific notation with two significant decimals (`1.23e-9`).
pub fn sci(v: f64) -> String {
    format!("{v:.2e}")
}
