//! The build threads: every batch of changes is built in two steps, so the page the editor is
//! looking at comes back as fast as the build allows, and the search index and booklets never
//! stand in its way.
//!
//! Step 1 (the pages thread) brings the pages up to date through the [`crate::Session`], no search
//! index and no booklets, in the pages folder, and reloads the browser: the first time a full
//! build; after a text edit only the edited page is resolved, checked against what depends on it
//! and written. Step 2 (the full thread) then builds the booklets from the session's model as
//! step 1 left it (a snapshot: nothing is loaded, resolved or rendered again) into a second
//! folder, and updates the search index there in place ([`super::search_files`]: the pages a
//! save replaced are tokenized again, the index files whose bytes change rewritten); the server
//! answers from the pages folder and falls back to the full one for the files only step 2 writes
//! (the search index, the PDFs). Step 2 runs beside the next edits'
//! step 1 instead of before it: a search index of 10,000 pages takes longer than the editor
//! waits between two saves. Requests for step 2 are coalesced, and a result that a newer edit has
//! overtaken is dropped. Its threads run at a lower priority (on Linux; elsewhere it gets half the
//! cores), so the page builds get the cores when they need them. Step 2 reloads
//! the browser only when it fails (a booklet error must not go unseen) or when it clears such a
//! failure.

use super::search_files::SearchFiles;
use super::server::{Shared, Status};
use super::{say, ServeOptions};
use crate::build::{build_extras, BuildOptions};
use crate::config::Config;
use crate::diagnostic::Diagnostic;
use crate::session::Snapshot;
use crate::text::Lang;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender};
use std::sync::Arc;
use std::time::Instant;

/// What both build threads share.
pub(crate) struct Rebuilder {
    pub shared: Arc<Shared>,
    pub root: PathBuf,
    pub opts: ServeOptions,
    /// The live-reload script every built page gets.
    pub inject: String,
    pub stop: Arc<AtomicBool>,
    /// Whether the build's notes were printed already.
    pub notes_shown: AtomicBool,
    /// The number of the newest batch of changes (step 1 and step 2 results are matched to it).
    pub latest: AtomicU64,
    /// True while the error page shows a failure of step 2.
    pub full_failed: AtomicBool,
    /// Step 1's last build, kept so a text edit re-renders only the pages it touches.
    /// Shared with the editing screen, which renders its previews from it.
    pub session: Arc<std::sync::Mutex<Option<crate::Session>>>,
    /// Markdown files resolved by every build and update so far (pages and sections), so a test
    /// can tell that a save resolves the edited page only and step 2 resolves nothing.
    pub resolved: Arc<AtomicUsize>,
    /// Pages tokenized for the search index so far: every page for the first index, then the
    /// pages each save replaced (see [`super::search_files`]).
    pub indexed: Arc<AtomicUsize>,
    /// Deletes the outputs that builds replace, off the rebuild's critical path; the server
    /// waits for it when it stops.
    pub cleanup: crate::Cleanup,
}

impl Rebuilder {
    /// Step 1 for the first build and then for each batch of changes, until the watcher goes
    /// away or the server stops. Each success asks `full` for a step 2.
    pub(crate) fn run_pages(
        &self,
        batches: &Receiver<Vec<PathBuf>>,
        full: &Sender<(u64, Snapshot)>,
    ) {
        let mut first = true;
        while !self.stop.load(Ordering::SeqCst) {
            let mut changed = if first {
                Vec::new()
            } else {
                match batches.recv() {
                    Ok(c) => c,
                    Err(_) => return,
                }
            };
            first = false;
            while let Ok(more) = batches.try_recv() {
                changed.extend(more);
            }
            if self.stop.load(Ordering::SeqCst) {
                return;
            }
            let seq = self.latest.fetch_add(1, Ordering::SeqCst) + 1;
            if let Some(snapshot) = self.pages_step(&changed) {
                if self.opts.search || self.opts.booklets {
                    let _ = full.send((seq, snapshot));
                }
            }
        }
    }

    /// Step 2 on request, newest request only. It runs on its own thread pool: on Linux one
    /// thread per core at a lower priority, so the first search index of a large site has the
    /// whole machine while nothing else runs, and a page build for the next save still gets
    /// the cores at once; elsewhere half the cores, the page builds keeping the other half.
    pub(crate) fn run_full(&self, requests: &Receiver<(u64, Snapshot)>) {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        let builder = rayon::ThreadPoolBuilder::new().thread_name(|i| format!("loa-full-{i}"));
        #[cfg(target_os = "linux")]
        let builder = builder
            .num_threads(cores)
            .start_handler(|_| lower_priority());
        #[cfg(not(target_os = "linux"))]
        let builder = builder.num_threads((cores / 2).max(1));
        let pool = builder.build().ok();
        let mut search = SearchFiles::new();
        while let Ok(mut request) = requests.recv() {
            while let Ok(newer) = requests.try_recv() {
                request = newer;
            }
            if self.stop.load(Ordering::SeqCst) {
                return;
            }
            let (seq, snapshot) = request;
            if seq == self.latest.load(Ordering::SeqCst) {
                match &pool {
                    Some(pool) => pool.install(|| self.full_step(seq, &snapshot, &mut search)),
                    None => self.full_step(seq, &snapshot, &mut search),
                }
            }
        }
    }

    fn options(&self, full: bool) -> BuildOptions {
        BuildOptions {
            root: self.root.clone(),
            output: Some(if full {
                self.shared.full_output.clone()
            } else {
                self.shared.output.clone()
            }),
            drafts: self.opts.drafts,
            booklets: full && self.opts.booklets,
            search: full && self.opts.search,
            inject_html: Some(self.inject.clone()),
            today: crate::text::Date::for_build(),
            cleanup: Some(self.cleanup.clone()),
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

    /// Step 1: the pages. Returns the session's model when it succeeded, for step 2.
    fn pages_step(&self, changed: &[PathBuf]) -> Option<Snapshot> {
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
        if std::io::stdout().is_terminal() {
            let mut out = std::io::stdout().lock();
            let _ = write!(out, "{}\r", lang.pick("Đang dựng lại…", "Rebuilding…"));
            let _ = out.flush();
        }
        let start = Instant::now();
        let result = {
            let mut guard = self.session.lock().unwrap_or_else(|e| e.into_inner());
            let session = guard.get_or_insert_with(|| crate::Session::new(self.options(false)));
            session.update(changed).map(|u| {
                self.resolved.fetch_add(u.resolved, Ordering::SeqCst);
                (u.report, session.snapshot())
            })
        };
        match result {
            Ok((report, snapshot)) => {
                print_diagnostics(&report.diagnostics, lang);
                let ms = start.elapsed().as_millis();
                say(&match lang {
                    Lang::Vi => format!("Đã dựng {} trang trong {ms} ms", report.pages),
                    Lang::En => format!("Built {} pages in {ms} ms", report.pages),
                });
                self.full_failed.store(false, Ordering::SeqCst);
                self.shared.publish(Status::Ready);
                snapshot
            }
            Err(failure) => {
                self.show_failure(failure.diagnostics, lang);
                None
            }
        }
    }

    /// Step 2: the booklets (swapped into the full folder, the search index moved along) and
    /// then the search index, updated in place from step 1's model.
    fn full_step(&self, seq: u64, model: &Snapshot, search: &mut SearchFiles) {
        let start = Instant::now();
        let opts = self.options(true);
        let mut result = Ok(Vec::new());
        if opts.booklets {
            result = build_extras(&opts, &model.site, &model.rendered, &model.theme)
                .map(|report| report.notes)
                .map_err(|f| f.diagnostics);
        }
        let mut written = None;
        if let (true, Ok(notes)) = (self.opts.search, &mut result) {
            let folder = &self.shared.full_output;
            match search.update(folder, &model.site, &model.rendered) {
                Ok(w) => {
                    self.indexed.fetch_add(w.tokenized, Ordering::SeqCst);
                    notes.extend(w.report.iter().cloned());
                    written = Some(w);
                }
                Err(d) => result = Err(d),
            }
        }
        if seq != self.latest.load(Ordering::SeqCst) {
            return; // A newer edit overtook this build; its own step 2 follows.
        }
        let lang = self.lang();
        match result {
            Ok(notes) => {
                // Index sizes and booklet pages: worth reading once, not after every save.
                if !self.notes_shown.swap(true, Ordering::SeqCst) && std::io::stdout().is_terminal()
                {
                    for note in &notes {
                        say(note);
                    }
                }
                let ms = start.elapsed().as_millis();
                say(&match (lang, written) {
                    (Lang::Vi, Some(w)) => format!(
                        "Đã cập nhật chỉ mục tìm kiếm{} trong {ms} ms ({} trang đọc lại, {} tệp ghi)",
                        if self.opts.booklets { " và sách in" } else { "" },
                        w.tokenized,
                        w.files
                    ),
                    (Lang::En, Some(w)) => format!(
                        "Updated the search index{} in {ms} ms ({} pages read again, {} files written)",
                        if self.opts.booklets { " and booklets" } else { "" },
                        w.tokenized,
                        w.files
                    ),
                    (Lang::Vi, None) => format!("Đã dựng sách in trong {ms} ms"),
                    (Lang::En, None) => format!("Built the booklets in {ms} ms"),
                });
                if self.full_failed.swap(false, Ordering::SeqCst) {
                    self.shared.publish(Status::Ready);
                }
            }
            Err(diagnostics) => {
                self.full_failed.store(true, Ordering::SeqCst);
                self.show_failure(diagnostics, lang);
            }
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

/// Lowers the calling thread's priority (nice 10; on Linux each thread has its own): the
/// background step's threads yield the cores to a page build for a save.
#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: the gettid system call and setpriority take and return plain integers; no
    // pointer. A failure leaves the thread at its priority, which is only slower to yield.
    // (The system call rather than libc's wrapper, which older C libraries lack.)
    unsafe {
        let tid = libc::syscall(libc::SYS_gettid);
        libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, 10);
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
