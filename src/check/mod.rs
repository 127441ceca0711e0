//! `loa check`: everything `loa build` checks, plus what a careful reviewer would point out —
//! images without a description, pages nothing links to, pages without a summary, documents past
//! their expiry, text not in NFC, and the same word written with both tone placements.
//!
//! The build's own findings come from running the build's own phases once, rendering every page,
//! list, booklet and the search index in memory and writing nothing (no temporary folder, the
//! site folder untouched), so `check` and `build` can never disagree about what is an error.
//! The extra findings are warnings, computed from the model those phases resolved (no second
//! load, no page parsed again), and fail the run only with `--strict`.

mod site;
mod text;
mod tone;

use crate::build::{check_keeping, BuildOptions, Model};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::text::{Date, Lang};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;

/// What `loa check` looks at.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// The site folder (with `loa.yaml`).
    pub root: PathBuf,
    pub drafts: bool,
    /// Also build the booklets (slow, but finds characters the print fonts lack).
    pub booklets: bool,
    /// Language of the progress lines; `None` follows `loa.yaml`. Findings carry both languages.
    pub lang: Option<Lang>,
    /// "Today", for expired documents: `SOURCE_DATE_EPOCH` or today, like a build.
    pub today: Date,
    /// Print a progress line on stderr (the CLI sets this when stdout is a terminal).
    pub progress: bool,
}

impl CheckOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        CheckOptions {
            root: root.into(),
            drafts: false,
            booklets: true,
            lang: None,
            today: Date::for_build(),
            progress: std::io::stdout().is_terminal(),
        }
    }
}

/// What `loa check` found, and how much Markdown it resolved to find it.
#[derive(Debug, Clone)]
pub struct CheckReport {
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
    /// Pages and sections resolved: each once, by the build phase whose model the other checks
    /// reuse (before, `check` loaded and resolved the site a second time after its build).
    pub pages_resolved: usize,
}

/// Runs every check; the diagnostics are sorted by file and position.
pub fn run(opts: &CheckOptions) -> Vec<Diagnostic> {
    check(opts).diagnostics
}

/// [`run`], with the work it did.
pub fn check(opts: &CheckOptions) -> CheckReport {
    let mut diags = Diagnostics::new();
    let progress = Progress { on: opts.progress };
    let lang = opts
        .lang
        .or_else(|| Config::load(&opts.root).ok().map(|c| c.language))
        .unwrap_or_default();

    progress.say(lang.pick(
        "Đang kiểm tra: dựng thử trang web…",
        "Checking: test build…",
    ));
    let (found, model) = build_findings(opts);
    diags.extend(found);

    progress.say(lang.pick(
        "Đang kiểm tra: liên kết, ảnh, tóm tắt, văn bản…",
        "Checking: links, images, summaries, documents…",
    ));
    let mut pages_resolved = 0;
    if let Some(Model { site, rendered }) = &model {
        pages_resolved += rendered.resolved;
        for (p, r) in site.pages.iter().zip(&rendered.pages) {
            diags.extend(site::missing_alt_in(&p.source, &p.text, p.body(), r));
        }
        for (s, r) in site.sections.iter().zip(&rendered.sections) {
            if let Some(source) = &s.source {
                diags.extend(site::missing_alt_in(source, &s.text, s.body(), r));
            }
        }
        diags.extend(site::orphans(site, rendered));
        diags.extend(site::missing_summaries(site));
        diags.extend(site::expired_documents(site, opts.today));
    }

    progress.say(lang.pick(
        "Đang kiểm tra: chính tả Unicode và cách đặt dấu…",
        "Checking: Unicode forms and tone marks…",
    ));
    let texts = text::source_texts(&opts.root);
    for t in &texts {
        diags.extend(text::nfc_findings(t));
    }
    diags.extend(text::tone_findings(&texts));
    progress.done();
    CheckReport {
        diagnostics: diags.sorted(),
        pages_resolved,
    }
}

/// The build's diagnostics (errors and warnings) and the model it resolved (kept even when the
/// build fails, so the other checks still run). The build renders in memory and writes nothing.
fn build_findings(opts: &CheckOptions) -> (Vec<Diagnostic>, Option<Model>) {
    let bopts = BuildOptions {
        root: opts.root.clone(),
        output: None,
        drafts: opts.drafts,
        booklets: opts.booklets,
        search: true,
        inject_html: None,
        today: opts.today,
        cleanup: None,
    };
    match check_keeping(&bopts) {
        Ok((model, diagnostics)) => (diagnostics, Some(model)),
        Err(f) => (f.failure.diagnostics, f.model),
    }
}

/// The exit code for a run: 1 with errors, or with warnings under `--strict`; else 0.
pub fn exit_code(diags: &[Diagnostic], strict: bool) -> i32 {
    let errors = diags.iter().any(Diagnostic::is_error);
    i32::from(errors || (strict && !diags.is_empty()))
}

/// The closing line: how many errors and warnings.
pub fn summary(diags: &[Diagnostic], lang: Lang) -> String {
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    match (lang, errors + warnings) {
        (Lang::Vi, 0) => "Không thấy vấn đề nào.".to_string(),
        (Lang::En, 0) => "No problems found.".to_string(),
        (Lang::Vi, _) => format!("{errors} lỗi, {warnings} cảnh báo."),
        (Lang::En, _) => format!("{errors} error(s), {warnings} warning(s)."),
    }
}

/// Diagnostics as a JSON array (for CI and editors' tools).
pub fn to_json(diags: &[Diagnostic]) -> String {
    serde_json::to_string_pretty(diags).unwrap_or_else(|_| "[]".to_string())
}

/// One progress line on stderr, rewritten in place; nothing when not on a terminal.
struct Progress {
    on: bool,
}

impl Progress {
    fn say(&self, line: &str) {
        if self.on {
            let mut err = std::io::stderr().lock();
            let _ = write!(err, "\r\x1b[2K{line}");
            let _ = err.flush();
        }
    }

    fn done(&self) {
        if self.on {
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exit_codes() {
        let w = Diagnostic::warning("x", "a.md", "w");
        let e = Diagnostic::error("x", "a.md", "e");
        assert_eq!(exit_code(&[], false), 0);
        assert_eq!(exit_code(std::slice::from_ref(&w), false), 0);
        assert_eq!(exit_code(std::slice::from_ref(&w), true), 1);
        assert_eq!(exit_code(&[w, e], false), 1);
    }
}
