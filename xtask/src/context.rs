//! [`Context`]: where figures go and which to render; [`Page`]: a generated page.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::{Error, GENERATED};

/// Where figures are written, which ones to render, and what was rendered.
pub struct Context {
    dir: PathBuf,
    only: Option<String>,
    known: Vec<String>,
    rendered: Vec<(String, u64, Duration)>,
}

impl Context {
    /// Figures go into `dir` (created if missing); with `only`, just that one.
    pub fn new(dir: PathBuf, only: Option<String>) -> Result<Self, Error> {
        std::fs::create_dir_all(&dir)?;
        Ok(Self {
            dir,
            only,
            known: Vec::new(),
            rendered: Vec::new(),
        })
    }

    /// Renders figure `id` to `<dir>/<id>.png` (unless another one was asked for with
    /// `--only`) and returns the markdown that shows it, with `alt` as its text.
    pub fn figure(
        &mut self,
        id: &str,
        alt: &str,
        make: impl FnOnce() -> Result<report::Figure, report::Error>,
    ) -> Result<String, Error> {
        self.known.push(id.to_string());
        let file = format!("{id}.png");
        if self.only.as_deref().is_none_or(|o| o == id) {
            let start = Instant::now();
            let path = self.dir.join(&file);
            make()?.save_png(&path)?;
            let bytes = std::fs::metadata(&path)?.len();
            self.rendered.push((file.clone(), bytes, start.elapsed()));
        }
        Ok(format!("![{alt}](figures/{file})"))
    }

    /// Every figure id met so far.
    pub fn known(&self) -> &[String] {
        &self.known
    }

    /// `(file, bytes, time)` of each figure rendered.
    pub fn rendered(&self) -> &[(String, u64, Duration)] {
        &self.rendered
    }

    /// One line per rendered figure.
    pub fn summary(&self) -> String {
        self.rendered
            .iter()
            .map(|(file, bytes, time)| {
                format!(
                    "docs/figures/{file:<32} {:>7.1} KB {:>7.1} ms\n",
                    *bytes as f64 / 1024.0,
                    time.as_secs_f64() * 1e3
                )
            })
            .collect()
    }
}

/// A generated docs page.
pub struct Page {
    /// File name under `docs/` (`"landscapes.md"`).
    pub file: &'static str,
    /// The page's title (its `#` heading and its name in the index).
    pub title: &'static str,
    /// One sentence for the index.
    pub summary: &'static str,
    /// The markdown below the title.
    pub body: String,
}

impl Page {
    /// The whole file: generated-header, title, body.
    pub fn render(&self) -> String {
        format!(
            "{GENERATED}\n\n# {}\n\n{}",
            self.title,
            self.body.trim_start()
        )
    }
}
