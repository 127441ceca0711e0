//! The build thread: one build per batch of changes, in two steps so the page the editor is
//! looking at comes back as fast as possible.
//!
//! Step 1 builds the pages only (no search index, no booklets) and reloads the browser. Step 2,
//! unless more changes are already waiting, builds everything and reloads only if that fails
//! (a booklet error must not go unseen). The output is swapped in whole by each build, so step 2
//! is what puts the search index and the PDFs back: between the steps, search and booklet links
//! are briefly missing, which is the price of a fast reload until the build can update an output
//! in place.

use super::server::{Shared, Status};
use super::{say, ServeOptions};
use crate::build::{build, BuildOptions};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::text::Lang;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::Arc;
use std::time::Instant;

pub(crate) struct Rebuilder {
    pub shared: Arc<Shared>,
    pub root: PathBuf,
    pub opts: ServeOptions,
    /// The live-reload script every built page gets.
    pub inject: String,
    pub stop: Arc<AtomicBool>,
    /// Whether the build's notes were printed already.
    pub notes_shown: AtomicBool,
}

impl Rebuilder {
    /// Builds once, then once per batch of changes until the watcher goes away or the server stops.
    pub(crate) fn run(&self, batches: &Receiver<Vec<PathBuf>>) {
        let mut pending: Option<Vec<PathBuf>> = Some(Vec::new());
        while !self.stop.load(Ordering::SeqCst) {
            let mut changed = match pending.take() {
                Some(c) => c,
                None => match batches.recv() {
                    Ok(c) => c,
                    Err(_) => return,
                },
            };
            while let Ok(more) = batches.try_recv() {
                changed.extend(more);
            }
            if self.stop.load(Ordering::SeqCst) {
                return;
            }
            if !self.pages_step(&changed) {
                continue;
            }
            // Changes made during step 1 go first: the editor is waiting for those pages.
            let mut more = Vec::new();
            while let Ok(m) = batches.try_recv() {
                more.extend(m);
            }
            if !more.is_empty() {
                pending = Some(more);
                continue;
            }
            if !self.stop.load(Ordering::SeqCst) {
                self.full_step();
            }
        }
    }

    fn options(&self, full: bool) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            output: Some(self.shared.output.clone()),
            drafts: self.opts.drafts,
            booklets: full && self.opts.booklets,
            search: full,
            inject_html: Some(self.inject.clone()),
        }
    }

    fn lang(&self) -> Lang {
        self.shared.read().lang
    }

    /// Reads the language and title again (`loa.yaml` may have changed); keeps the old ones when
    /// the file is broken (the build reports why).
    fn refresh_config(&self) {
        if let Ok(c) = Config::load(&self.root) {
            let mut st = self.shared.write();
            st.lang = self.opts.lang.unwrap_or(c.language);
            st.site_title = c.title;
        }
    }

    /// Step 1: the pages. Returns true when it succeeded.
    fn pages_step(&self, changed: &[PathBuf]) -> bool {
        self.refresh_config();
        let lang = self.lang();
        if !changed.is_empty() {
            let names: Vec<String> = changed
                .iter()
                .take(3)
                .map(|p| shown(&self.root, p))
                .collect();
            let more = changed.len().saturating_sub(3);
            let list = if more > 0 {
                format!("{} (+{more})", names.join(", "))
            } else {
                names.join(", ")
            };
            say(&format!("{}: {list}", lang.pick("Đã thay đổi", "Changed")));
        }
        let progress = std::io::stdout().is_terminal();
        if progress {
            let mut out = std::io::stdout().lock();
            let _ = write!(out, "{}\r", lang.pick("Đang dựng lại…", "Rebuilding…"));
            let _ = out.flush();
        }
        let start = Instant::now();
        match build(&self.options(false)) {
            Ok(report) => {
                print_diagnostics(&report.diagnostics, lang);
                let ms = start.elapsed().as_millis();
                let line = match lang {
                    Lang::Vi => format!("Đã dựng {} trang trong {ms} ms", report.pages),
                    Lang::En => format!("Built {} pages in {ms} ms", report.pages),
                };
                say(&line);
                self.shared.publish(Status::Ready);
                true
            }
            Err(failure) => {
                self.show_failure(failure.diagnostics, lang);
                false
            }
        }
    }

    /// Step 2: search index and booklets.
    fn full_step(&self) {
        if !(self.opts.search || self.opts.booklets) {
            return;
        }
        let start = Instant::now();
        match build(&self.options(true)) {
            Ok(report) => {
                let lang = self.lang();
                // Index sizes and booklet pages: worth reading once, not after every save.
                if !self.notes_shown.swap(true, Ordering::SeqCst) && std::io::stdout().is_terminal()
                {
                    for note in &report.notes {
                        say(note);
                    }
                }
                let ms = start.elapsed().as_millis();
                say(&match lang {
                    Lang::Vi => format!("Đã dựng chỉ mục tìm kiếm và sách in trong {ms} ms"),
                    Lang::En => format!("Built the search index and booklets in {ms} ms"),
                });
            }
            Err(failure) => self.show_failure(failure.diagnostics, self.lang()),
        }
    }

    fn show_failure(&self, diags: Vec<Diagnostic>, lang: Lang) {
        print_diagnostics(&diags, lang);
        let errors = diags.iter().filter(|d| d.is_error()).count();
        say(&match lang {
            Lang::Vi => format!("Chưa dựng được: {errors} lỗi (xem trong trình duyệt hoặc ở trên). Máy chủ vẫn chạy."),
            Lang::En => format!("Build failed: {errors} errors (see the browser or above). The server keeps running."),
        });
        self.shared.publish(Status::Failed(diags));
    }
}

fn print_diagnostics(diags: &[Diagnostic], lang: Lang) {
    let mut out = std::io::stdout().lock();
    for d in diags {
        let _ = writeln!(out, "{}", d.render(lang));
    }
}

fn shown(root: &Path, p: &Path) -> String {
    crate::diagnostic::display_path(root, p)
        .display()
        .to_string()
}
