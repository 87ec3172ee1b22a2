//! Page templates: markdown with `{{…}}` placeholders filled from the studies of the
//! same run.
//!
//! | placeholder | becomes |
//! |---|---|
//! | `{{figure id}}` | the image, its caption and (unless the row says not) the runs table of its study |
//! | `{{runs study}}` | the runs table of a study |
//! | `{{value study.key}}` | a number or word a study computed |
//! | `{{table study.key}}` | a markdown table a study computed |
//!
//! An unknown placeholder, figure, study or key is an error naming it, so a typo in
//! a template cannot silently print nothing.

use std::collections::BTreeMap;

use crate::Error;
use crate::catalogue::{Spec, View};
use crate::study::Data;

/// What placeholders are filled from.
pub struct Sources<'a> {
    /// Every study's data, by id.
    pub data: &'a BTreeMap<&'static str, Data>,
    /// Every figure, by id.
    pub specs: &'a BTreeMap<&'static str, &'static Spec>,
}

impl Sources<'_> {
    fn study(&self, id: &str) -> Result<&Data, Error> {
        self.data
            .get(id)
            .ok_or_else(|| format!("no study `{id}`").into())
    }

    fn keyed(
        &self,
        arg: &str,
        pick: impl Fn(&Data) -> &BTreeMap<String, String>,
        what: &str,
    ) -> Result<String, Error> {
        let (study, key) = arg
            .split_once('.')
            .ok_or_else(|| format!("`{what} {arg}` needs study.key"))?;
        pick(self.study(study)?)
            .get(key)
            .cloned()
            .ok_or_else(|| format!("study `{study}` has no {what} `{key}`").into())
    }

    fn figure(&self, id: &str) -> Result<String, Error> {
        let spec = self
            .specs
            .get(id)
            .ok_or_else(|| format!("no figure `{id}` in the catalogue"))?;
        if let View::ToCome(note) = spec.view {
            return Ok(format!("> **To come** (`{id}`): {note}\n"));
        }
        let file = spec.file().ok_or("a drawn figure has a file")?;
        let caption = fill(spec.caption, self)?;
        let mut out = format!("![{}](figures/{file})\n\n*{}*\n", spec.alt, caption.trim());
        if spec.table {
            let data = self.study(spec.study)?;
            if !data.runs.is_empty() {
                out.push('\n');
                out.push_str(&data.runs_table());
            }
        }
        Ok(out)
    }
}

/// The template with every placeholder replaced.
pub fn fill(template: &str, sources: &Sources<'_>) -> Result<String, Error> {
    let mut out = String::with_capacity(template.len() * 2);
    let mut rest = template;
    while let Some(open) = rest.find("{{") {
        out.push_str(&rest[..open]);
        let after = &rest[open + 2..];
        let close = after.find("}}").ok_or_else(|| {
            format!(
                "an unclosed {{{{ in: {}",
                &rest[open..open.saturating_add(40).min(rest.len())]
            )
        })?;
        let inner = after[..close].trim();
        let (kind, arg) = inner.split_once(' ').unwrap_or((inner, ""));
        let arg = arg.trim();
        out.push_str(&match kind {
            "figure" => sources.figure(arg)?,
            "runs" => sources.study(arg)?.runs_table(),
            "value" => sources.keyed(arg, |d| &d.values, "value")?,
            "table" => sources.keyed(arg, |d| &d.tables, "table")?,
            other => return Err(format!("unknown placeholder `{{{{{other} …}}}}`").into()),
        });
        rest = &after[close + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

/// The figure ids a template shows, in order.
pub fn figures_in(template: &str) -> Vec<String> {
    template
        .split("{{")
        .skip(1)
        .filter_map(|p| p.split("}}").next())
        .filter_map(|p| p.trim().strip_prefix("figure "))
        .map(|id| id.trim().to_string())
        .collect()
}
