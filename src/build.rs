//! `loa build`: the whole pipeline, and the atomic swap of the output folder.

use crate::config::Config;
use crate::content::{self, LoadOptions};
use crate::diagnostic::{Diagnostic, Diagnostics};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// What to build and where.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (with `loa.yaml`).
    pub root: PathBuf,
    /// The output folder; `root/public` by default.
    pub output: Option<PathBuf>,
    /// Include `draft: true` pages.
    pub drafts: bool,
    /// Build the PDF booklets too.
    pub booklets: bool,
    /// Build the search index.
    pub search: bool,
    /// Extra HTML inserted before `</body>` of every page (the dev server's live-reload script).
    pub inject_html: Option<String>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions { root: root.into(), output: None, drafts: false, booklets: true, search: true, inject_html: None }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| self.root.join("public"))
    }
}

/// A successful build.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    /// Files written.
    pub files: usize,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Vec<Diagnostic>,
    /// Lines worth printing (search shard sizes, booklets).
    pub notes: Vec<String>,
    pub elapsed: Duration,
}

/// A failed build: every problem found, sorted by file. The previous output is untouched.
#[derive(Debug, Clone)]
pub struct Failure {
    pub diagnostics: Vec<Diagnostic>,
}

/// Builds the site in `opts.root`.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Failure> {
    let start = Instant::now();
    let config = Config::load(&opts.root).map_err(|d| Failure { diagnostics: d.sorted() })?;
    let mut diags = Diagnostics::new();
    let (site, load_diags) = content::load(&opts.root, config, &LoadOptions { drafts: opts.drafts });
    diags.extend(load_diags);
    if diags.has_errors() {
        return Err(Failure { diagnostics: diags.sorted() });
    }
    Ok(BuildReport {
        output: opts.output_dir(),
        pages: site.pages.len(),
        files: 0,
        diagnostics: diags.sorted(),
        notes: Vec::new(),
        elapsed: start.elapsed(),
    })
}
