//! `loa check`: everything `loa build` checks, plus what a careful reviewer would point out —
//! images without a description, pages nothing links to, pages without a summary, documents past
//! their expiry, text not in NFC, and the same word written with both tone placements.
//!
//! The build's own findings come from running the build into a temporary folder, so `check`
//! and `build` can never disagree about what is an error; the extra findings are warnings, which
//! fail the run only with `--strict`.

mod site;
mod text;
mod tone;

use crate::build::{build, BuildOptions};
use crate::config::Config;
use crate::content::{self, LoadOptions};
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

/// Runs every check; the diagnostics are sorted by file and position.
pub fn run(opts: &CheckOptions) -> Vec<Diagnostic> {
    let mut diags = Diagnostics::new();
    let progress = Progress { on: opts.progress };
    let config = Config::load(&opts.root).ok();
    let lang = opts
        .lang
        .or(config.as_ref().map(|c| c.language))
        .unwrap_or_default();

    progress.say(lang.pick(
        "Đang kiểm tra: dựng thử trang web…",
        "Checking: test build…",
    ));
    diags.extend(build_findings(opts));

    progress.say(lang.pick(
        "Đang kiểm tra: liên kết, ảnh, tóm tắt, văn bản…",
        "Checking: links, images, summaries, documents…",
    ));
    if let Some(config) = config {
        let (site, _) = content::load(
            &opts.root,
            config,
            &LoadOptions {
                drafts: opts.drafts,
            },
        );
        let rendered = crate::render::render_markdown(&site);
        for p in &site.pages {
            diags.extend(site::missing_alt(&p.source, &p.text, &p.body));
        }
        for s in site.sections.iter().filter(|s| s.source.is_some()) {
            let source = s.source.clone().unwrap_or_default();
            diags.extend(site::missing_alt(&source, &s.text, &s.body));
        }
        diags.extend(site::orphans(&site, &rendered));
        diags.extend(site::missing_summaries(&site));
        diags.extend(site::expired_documents(&site, opts.today));
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
    diags.sorted()
}

/// The build's diagnostics (errors and warnings), from a build into a temporary folder.
fn build_findings(opts: &CheckOptions) -> Vec<Diagnostic> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let tmp = std::env::temp_dir().join(format!("loa-check-{}-{nanos}", std::process::id()));
    let bopts = BuildOptions {
        root: opts.root.clone(),
        output: Some(tmp.join("public")),
        drafts: opts.drafts,
        booklets: opts.booklets,
        search: true,
        inject_html: None,
        today: opts.today,
    };
    let result = build(&bopts);
    let _ = std::fs::remove_dir_all(&tmp);
    match result {
        Ok(report) => report.diagnostics,
        Err(failure) => failure.diagnostics,
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
