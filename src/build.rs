//! `loa build`: the whole pipeline, and the atomic swap of the output folder.
//!
//! The site is written into a staging folder beside the output (`.public.loa-new`); only a build
//! without errors replaces the output, by two renames. A failed build removes the staging folder
//! and leaves the previous output exactly as it was.

use crate::config::Config;
use crate::content::{self, LoadOptions};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::{self, BookletLink, RenderOptions, Theme};
use std::path::{Path, PathBuf};
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
        BuildOptions {
            root: root.into(),
            output: None,
            drafts: false,
            booklets: true,
            search: true,
            inject_html: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A successful build.
#[derive(Debug, Clone)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
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

impl Failure {
    fn from(d: Diagnostics) -> Self {
        Failure {
            diagnostics: d.sorted(),
        }
    }
}

/// Builds the site in `opts.root`.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, Failure> {
    let start = Instant::now();
    let config = Config::load(&opts.root).map_err(Failure::from)?;
    let lang = config.language;
    let theme_name = config.theme.clone();
    let mut diags = Diagnostics::new();
    let (site, load_diags) = content::load(
        &opts.root,
        config,
        &LoadOptions {
            drafts: opts.drafts,
        },
    );
    diags.extend(load_diags);
    diags.extend(render::check_menu(&site));
    let theme = match Theme::load(&opts.root, &theme_name, lang) {
        Ok(t) => Some(t),
        Err(d) => {
            diags.extend(d);
            None
        }
    };
    let rendered = render::render_markdown(&site);
    diags.extend(rendered.diagnostics.iter().cloned());
    let Some(theme) = theme else {
        return Err(Failure::from(diags));
    };
    if diags.has_errors() {
        return Err(Failure::from(diags));
    }

    let output = opts.output_dir();
    let staging = sibling(&output, "loa-new");
    remove_dir(&staging);
    let booklets: Vec<BookletLink> = Vec::new();
    let ropts = RenderOptions {
        inject_html: opts.inject_html.as_deref(),
        booklets: &booklets,
    };
    let mut notes: Vec<String> = Vec::new();
    diags.extend(render::render_site(
        &site, &rendered, &theme, &staging, &ropts,
    ));
    diags.extend(render::copy_static(&site, &theme, &staging));
    if opts.search {
        let docs = render::search_docs(&site, &rendered);
        let out = crate::search::build_index(
            &docs,
            &crate::search::SearchOptions {
                lang,
                shard_size: site.config.search_shard_size,
            },
        );
        for f in &out.files {
            if let Err(d) = render::write_file(&staging, &f.path, &f.bytes) {
                diags.push(d);
            }
        }
        notes.extend(out.report);
        diags.extend(out.diagnostics);
    }
    if diags.has_errors() {
        remove_dir(&staging);
        return Err(Failure::from(diags));
    }
    if let Err(d) = swap_in(&staging, &output) {
        remove_dir(&staging);
        diags.push(d);
        return Err(Failure::from(diags));
    }
    Ok(BuildReport {
        output,
        pages: site.pages.len(),
        diagnostics: diags.sorted(),
        notes,
        elapsed: start.elapsed(),
    })
}

/// `public` → `.public.loa-new` beside it.
fn sibling(output: &Path, tag: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.{tag}"))
}

fn remove_dir(p: &Path) {
    if p.exists() {
        let _ = std::fs::remove_dir_all(p);
    }
}

/// Replaces `output` with `staging`: rename the old output aside, rename the new one in, then
/// delete the old one. Between the two renames the output briefly does not exist, never half.
fn swap_in(staging: &Path, output: &Path) -> Result<(), Diagnostic> {
    let old = sibling(output, "loa-old");
    remove_dir(&old);
    if output.exists() {
        std::fs::rename(output, &old).map_err(|e| {
            Diagnostic::error(
                "io",
                output,
                format!("cannot move the old output aside: {e}"),
            )
        })?;
    }
    if let Err(e) = std::fs::rename(staging, output) {
        let _ = std::fs::rename(&old, output);
        return Err(Diagnostic::error(
            "io",
            output,
            format!("cannot move the new output in place: {e}"),
        ));
    }
    remove_dir(&old);
    Ok(())
}
