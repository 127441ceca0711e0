//! Watching the site's sources and turning bursts of file events into one rebuild.
//!
//! Editors save in bursts (write a temporary file, rename it over the old one, touch a backup), so
//! events are collected until the folder has been quiet for [`QUIET`], and handed over as one
//! batch. Reads are not changes: the build itself opens every file, so access events are dropped,
//! or every build would trigger the next. When the system refuses more native watches (inotify's
//! limit on big sites), the watcher falls back to polling instead of failing.

use notify::event::{AccessKind, AccessMode, EventKind, ModifyKind};
use notify::{RecursiveMode, Watcher};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The folders under the site root that feed the build.
pub(crate) const WATCHED_DIRS: [&str; 4] = ["content", "themes", "booklets", "static"];

/// A batch is handed over once no event came for this long.
const QUIET: Duration = Duration::from_millis(40);
/// …or once it has been collecting for this long (a long copy of many files).
const MAX_WAIT: Duration = Duration::from_millis(1000);
/// Poll interval when native watching is not available.
const POLL: Duration = Duration::from_millis(500);

/// A running watcher; dropping it stops the thread.
pub(crate) struct WatchHandle {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
    /// True when polling (native watching was refused).
    pub polling: bool,
}

impl Drop for WatchHandle {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

type RawEvents = Receiver<notify::Result<notify::Event>>;

/// Starts watching `root` (canonical); each batch of changed paths is sent on `batches`.
pub(crate) fn start(root: &Path, batches: Sender<Vec<PathBuf>>) -> notify::Result<WatchHandle> {
    start_quiet(root, batches, QUIET)
}

/// [`start`] with the quiet time that ends a batch given (tests give a long one, so that a test
/// thread preempted between two writes of one burst on a loaded machine does not split it).
fn start_quiet(
    root: &Path,
    batches: Sender<Vec<PathBuf>>,
    quiet: Duration,
) -> notify::Result<WatchHandle> {
    let (tx, rx) = mpsc::channel();
    let tx2 = tx.clone();
    let (watcher, polling): (Box<dyn Watcher + Send>, bool) =
        match notify::recommended_watcher(tx).and_then(|w| watch_all(Box::new(w), root)) {
            Ok(w) => (w, false),
            Err(_) => {
                let config = notify::Config::default().with_poll_interval(POLL);
                (
                    watch_all(Box::new(notify::PollWatcher::new(tx2, config)?), root)?,
                    true,
                )
            }
        };
    let stop = Arc::new(AtomicBool::new(false));
    let thread = {
        let (stop, root) = (stop.clone(), root.to_path_buf());
        std::thread::Builder::new()
            .name("loa-watch".into())
            .spawn(move || debounce_loop(watcher, &root, &rx, &batches, &stop, quiet))
            .map_err(notify::Error::io)?
    };
    Ok(WatchHandle {
        stop,
        thread: Some(thread),
        polling,
    })
}

fn watch_all(
    mut w: Box<dyn Watcher + Send>,
    root: &Path,
) -> notify::Result<Box<dyn Watcher + Send>> {
    // The root itself, not recursively: `loa.yaml`, and watched folders created later.
    w.watch(root, RecursiveMode::NonRecursive)?;
    for dir in WATCHED_DIRS {
        let p = root.join(dir);
        if p.is_dir() {
            w.watch(&p, RecursiveMode::Recursive)?;
        }
    }
    Ok(w)
}

fn debounce_loop(
    mut watcher: Box<dyn Watcher + Send>,
    root: &Path,
    rx: &RawEvents,
    out: &Sender<Vec<PathBuf>>,
    stop: &AtomicBool,
    quiet: Duration,
) {
    let mut batch: Vec<PathBuf> = Vec::new();
    // The paths of the batch whose first event in it was their creation.
    let mut created: HashSet<PathBuf> = HashSet::new();
    let mut started = Instant::now();
    while !stop.load(Ordering::SeqCst) {
        let wait = if batch.is_empty() {
            Duration::from_millis(200)
        } else {
            quiet
        };
        match rx.recv_timeout(wait) {
            Ok(Ok(event)) => {
                if !is_change(&event.kind) {
                    continue;
                }
                for path in event.paths {
                    if is_new_watched_dir(root, &path) {
                        let _ = watcher.watch(&path, RecursiveMode::Recursive);
                    }
                    if relevant(root, &path) && !batch.contains(&path) {
                        if batch.is_empty() {
                            started = Instant::now();
                        }
                        if matches!(event.kind, EventKind::Create(_)) {
                            created.insert(path.clone());
                        }
                        batch.push(path);
                    }
                }
                if !batch.is_empty()
                    && started.elapsed() >= MAX_WAIT
                    && !hand_over(&mut batch, &mut created, out)
                {
                    return;
                }
            }
            // A watcher error (an overflowing event queue, a removed folder): rebuild to be safe.
            Ok(Err(_)) => batch.push(root.join("content")),
            Err(RecvTimeoutError::Timeout) => {
                if !batch.is_empty() && !hand_over(&mut batch, &mut created, out) {
                    return;
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Sends the batch, without the files that were created in it and are gone again (a tool's
/// temporary file, such as `sed -i`'s, renamed over the page it edits): the last build never
/// saw them, and a file it does not know would make the next one build every page again.
/// Returns false when the build thread is gone.
fn hand_over(
    batch: &mut Vec<PathBuf>,
    created: &mut HashSet<PathBuf>,
    out: &Sender<Vec<PathBuf>>,
) -> bool {
    let mut paths = std::mem::take(batch);
    paths.retain(|p| !created.contains(p) || std::fs::symlink_metadata(p).is_ok());
    created.clear();
    paths.is_empty() || out.send(paths).is_ok()
}

/// Reads and attribute changes (access times) are not edits.
fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)) => false,
        _ => true,
    }
}

fn is_new_watched_dir(root: &Path, path: &Path) -> bool {
    path.parent() == Some(root)
        && path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| WATCHED_DIRS.contains(&n))
        && path.is_dir()
}

/// True for `loa.yaml` and files under the watched folders, except editors' temporary and backup
/// files and anything hidden.
pub(crate) fn relevant(root: &Path, path: &Path) -> bool {
    let Ok(rel) = path.strip_prefix(root) else {
        return false;
    };
    let names: Vec<&str> = rel
        .components()
        .filter_map(|c| c.as_os_str().to_str())
        .collect();
    match names.as_slice() {
        [] => false,
        [only] => *only == crate::config::CONFIG_FILE || WATCHED_DIRS.contains(only),
        [first, .., last] => {
            WATCHED_DIRS.contains(first)
                && !names.iter().any(|n| n.starts_with('.'))
                && !is_temporary(last)
        }
    }
}

fn is_temporary(name: &str) -> bool {
    name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".tmp")
        || name == "4913"
        || (name.starts_with('#') && name.ends_with('#'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relevant_paths() {
        let root = Path::new("/site");
        assert!(relevant(root, Path::new("/site/loa.yaml")));
        assert!(relevant(root, Path::new("/site/content/a/b.md")));
        assert!(relevant(root, Path::new("/site/content")));
        assert!(relevant(
            root,
            Path::new("/site/themes/default/templates/page.html")
        ));
        assert!(relevant(root, Path::new("/site/booklets/so-tay.yaml")));
        assert!(relevant(root, Path::new("/site/static/logo.png")));
        assert!(!relevant(root, Path::new("/site/public/index.html")));
        assert!(!relevant(root, Path::new("/site/notes.txt")));
        assert!(!relevant(root, Path::new("/elsewhere/content/a.md")));
        assert!(!relevant(root, Path::new("/site/content/.a.md.swp")));
        assert!(!relevant(root, Path::new("/site/content/a.md~")));
        assert!(!relevant(root, Path::new("/site/content/4913")));
        assert!(!relevant(root, Path::new("/site/content/#a.md#")));
        assert!(!relevant(root, Path::new("/site/content/.git/index")));
    }

    #[test]
    fn reads_are_not_changes() {
        use notify::event::{CreateKind, DataChange, MetadataKind};
        assert!(!is_change(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(!is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!is_change(&EventKind::Modify(ModifyKind::Metadata(
            MetadataKind::AccessTime
        ))));
        assert!(is_change(&EventKind::Access(AccessKind::Close(
            AccessMode::Write
        ))));
        assert!(is_change(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(is_change(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn a_burst_of_saves_gives_one_batch() {
        let dir = std::env::temp_dir().join(format!("loa-watch-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("content")).unwrap();
        let root = dir.canonicalize().unwrap();
        let (tx, rx) = mpsc::channel();
        // A quiet time far above a write's, and waits for a second batch longer than it: the
        // property is one batch per burst, not how fast a loaded machine writes ten files.
        let quiet = Duration::from_millis(300);
        let handle = start_quiet(&root, tx, quiet).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        for i in 0..5 {
            std::fs::write(root.join("content/a.md"), format!("v{i}")).unwrap();
            std::fs::write(root.join("content/.a.md.swp"), "x").unwrap();
        }
        let batch = rx.recv_timeout(Duration::from_secs(5)).expect("a batch");
        assert_eq!(batch, vec![root.join("content/a.md")]);
        assert!(rx.recv_timeout(quiet * 3).is_err(), "one burst, one batch");
        // The build reading files must not look like an edit.
        let _ = std::fs::read(root.join("content/a.md")).unwrap();
        assert!(
            rx.recv_timeout(quiet * 3).is_err(),
            "a read is not a change"
        );
        drop(handle);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn a_temporary_file_that_came_and_went_is_not_a_change() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        let root = dir.path().canonicalize().unwrap();
        std::fs::write(root.join("content/a.md"), "v0").unwrap();
        let (tx, rx) = mpsc::channel();
        let quiet = Duration::from_millis(300);
        let handle = start_quiet(&root, tx, quiet).unwrap();
        std::thread::sleep(Duration::from_millis(100));
        // As `sed -i` saves: a new file beside the page, renamed over it.
        std::fs::write(root.join("content/sedAb12cd"), "v1").unwrap();
        std::fs::rename(root.join("content/sedAb12cd"), root.join("content/a.md")).unwrap();
        let batch = rx.recv_timeout(Duration::from_secs(5)).expect("a batch");
        assert_eq!(batch, vec![root.join("content/a.md")]);
        // A file that came and went alone is no batch at all; a new file that stays is one.
        std::fs::write(root.join("content/scratch"), "x").unwrap();
        std::fs::remove_file(root.join("content/scratch")).unwrap();
        std::fs::write(root.join("content/b.md"), "new").unwrap();
        let batch = rx.recv_timeout(Duration::from_secs(5)).expect("a batch");
        assert_eq!(batch, vec![root.join("content/b.md")]);
        drop(handle);
    }
}
