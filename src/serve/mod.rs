//! `loa serve`: the editor's preview. Builds the site into a private folder, serves it on
//! 127.0.0.1, rebuilds when a source changes and reloads the open pages.
//!
//! Why it is built this way:
//! - The site is served exactly as `loa build` writes it (relative links, folders → `index.html`),
//!   optionally under a sub-path, so what the editor sees is what the intranet will serve.
//! - A failed build never stops the server: the browser shows the problems as a page an editor can
//!   act on, and the next good build replaces it. The same holds when the very first build fails.
//! - Plain threads and `std::net`: one editor's browser needs neither async nor a framework.
//! - No global state: the request threads and the build thread share one [`server::Shared`].

mod edit;
mod error_page;
mod files;
mod http;
mod live;
mod rebuild;
mod search_files;
mod server;
mod temp;
mod watch;

use crate::text::Lang;
pub use edit::EditOptions;
use server::{Shared, State, Status};
use std::io::{IsTerminal, Write};
use std::net::{IpAddr, Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{mpsc, Arc, RwLock};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// The port tried first when none is given; the next free one is taken if it is busy.
pub const DEFAULT_PORT: u16 = 1111;

/// What `loa serve` does.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (with `loa.yaml`).
    pub root: PathBuf,
    /// `None`: [`DEFAULT_PORT`] or the next free one. `Some(0)`: any free port. `Some(p)`: exactly `p`.
    pub port: Option<u16>,
    /// The address to listen on; `None` is 127.0.0.1 (only this computer).
    pub bind: Option<IpAddr>,
    /// Serve the site under this path (`/bdg`) to preview hosting in a sub-folder; `""` for `/`.
    pub base_path: String,
    pub drafts: bool,
    /// Build the booklets after the pages (in the second step).
    pub booklets: bool,
    /// Build the search index after the pages (in the second step).
    pub search: bool,
    /// Message language; `None` follows `loa.yaml`.
    pub lang: Option<Lang>,
    /// Where to build; `None` is a new folder in the system's temporary folder, removed on exit.
    pub output: Option<PathBuf>,
    /// The editing screen under `/_loa/`: `None` turns it on for the loopback address only
    /// (`--bind` to the network needs `Some(true)`, `--edit`); `Some(false)` is `--no-edit`.
    pub edit: Option<bool>,
    pub edit_options: EditOptions,
}

impl ServeOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ServeOptions {
            root: root.into(),
            port: None,
            bind: None,
            base_path: String::new(),
            drafts: false,
            booklets: true,
            search: true,
            lang: None,
            output: None,
            edit: None,
            edit_options: EditOptions::default(),
        }
    }
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        addr: String,
        source: std::io::Error,
    },
    #[error("the base path `{0}` is not a URL path such as `/bdg`")]
    BasePath(String),
    #[error("there is no loa.yaml in {0}")]
    NoSite(PathBuf),
    #[error("cannot create the preview folder {path}: {source}")]
    Output {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot watch the site's folders: {0}")]
    Watch(#[from] notify::Error),
    #[error("cannot catch Ctrl-C: {0}")]
    Signal(String),
    #[error("cannot start a thread: {0}")]
    Thread(std::io::Error),
}

impl ServeError {
    /// The message in `lang` (the `Display` form is English).
    pub fn message(&self, lang: Lang) -> String {
        match (lang, self) {
            (Lang::En, e) => e.to_string(),
            (Lang::Vi, ServeError::Bind { addr, source }) => {
                format!("không mở được cổng {addr}: {source}")
            }
            (Lang::Vi, ServeError::BasePath(p)) => {
                format!("đường dẫn gốc `{p}` không hợp lệ: hãy viết dạng `/bdg` (chữ không dấu, số, dấu gạch ngang)")
            }
            (Lang::Vi, ServeError::NoSite(p)) => {
                format!(
                    "không thấy tệp loa.yaml trong {}: hãy chạy lệnh trong thư mục của trang web",
                    p.display()
                )
            }
            (Lang::Vi, ServeError::Output { path, source }) => {
                format!(
                    "không tạo được thư mục xem trước {}: {source}",
                    path.display()
                )
            }
            (Lang::Vi, ServeError::Watch(e)) => {
                format!("không theo dõi được các thư mục của trang web: {e}")
            }
            (Lang::Vi, ServeError::Signal(e)) => format!("không bắt được Ctrl-C: {e}"),
            (Lang::Vi, ServeError::Thread(e)) => format!("không chạy được một luồng: {e}"),
        }
    }
}

/// Checks and normalises a base path: `bdg/` → `/bdg`, `/` → ``.
pub fn normalize_base_path(p: &str) -> Result<String, ServeError> {
    let trimmed = p.trim().trim_matches('/');
    if trimmed.is_empty() {
        return Ok(String::new());
    }
    let ok = trimmed.split('/').all(|seg| {
        !seg.is_empty()
            && seg != "."
            && seg != ".."
            && seg
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_.~".contains(&b))
    });
    if ok {
        Ok(format!("/{trimmed}"))
    } else {
        Err(ServeError::BasePath(p.to_string()))
    }
}

/// A running server. [`Server::stop`] ends it; [`run`] wraps it for the command line.
pub struct Server {
    addr: SocketAddr,
    url: String,
    shared: Arc<Shared>,
    stop: Arc<AtomicBool>,
    accept: Option<JoinHandle<()>>,
    /// The pages and the full build threads.
    builders: Vec<JoinHandle<()>>,
    watch: Option<watch::WatchHandle>,
    /// The temporary folder to set aside and remove on stop (when the output was not given).
    temp: Option<PathBuf>,
    /// Shared with the build threads: see [`Server::resolved`].
    resolved: Arc<std::sync::atomic::AtomicUsize>,
    /// Shared with the build threads: see [`Server::indexed`].
    indexed: Arc<std::sync::atomic::AtomicUsize>,
    /// The old outputs the build threads set aside, deleted in the background.
    cleanup: crate::Cleanup,
}

impl Server {
    /// Binds, prints the address, starts the watcher and the first build (in the background).
    pub fn start(opts: &ServeOptions) -> Result<Server, ServeError> {
        let base = normalize_base_path(&opts.base_path)?;
        let root = opts
            .root
            .canonicalize()
            .map_err(|_| ServeError::NoSite(opts.root.clone()))?;
        if !root.join(crate::config::CONFIG_FILE).is_file() {
            return Err(ServeError::NoSite(opts.root.clone()));
        }
        let config = crate::config::Config::load(&root).ok();
        let lang = opts
            .lang
            .or(config.as_ref().map(|c| c.language))
            .unwrap_or_default();
        let run_id = run_id();
        let (output, full_output, temp) = layout(opts, &run_id)?;
        let ip = opts.bind.unwrap_or(IpAddr::V4(Ipv4Addr::LOCALHOST));
        let listener = bind(ip, opts.port)?;
        let addr = listener.local_addr().map_err(|source| ServeError::Bind {
            addr: ip.to_string(),
            source,
        })?;
        let shown_ip = if ip.is_unspecified() {
            IpAddr::V4(Ipv4Addr::LOCALHOST)
        } else {
            ip
        };
        let url = format!("http://{}{base}/", SocketAddr::new(shown_ip, addr.port()));
        let session = Arc::new(std::sync::Mutex::new(None));
        let editing = opts.edit.unwrap_or(ip.is_loopback());
        let token = edit::new_token();
        let edit_url = format!(
            "http://{}{}#t={token}",
            SocketAddr::new(shown_ip, addr.port()),
            edit::PREFIX
        );
        let editor = editing.then(|| {
            let port = addr.port();
            let hosts = if ip.is_loopback() {
                vec![
                    format!("127.0.0.1:{port}"),
                    format!("localhost:{port}"),
                    format!("[::1]:{port}"),
                    SocketAddr::new(ip, port).to_string(),
                ]
            } else {
                Vec::new() // reached by any name on the network: the token guards
            };
            edit::Editor::new(
                root.clone(),
                token,
                hosts,
                session.clone(),
                opts.edit_options.clone(),
                opts.drafts,
            )
        });

        let shared = Arc::new(Shared {
            output,
            full_output,
            base,
            run_id,
            state: RwLock::new(State {
                status: Status::Building,
                generation: 0,
                lang,
                site_title: config.map(|c| c.title).unwrap_or_default(),
            }),
            hub: live::Hub::default(),
            editor,
        });
        announce(&url, ip, lang, opts.booklets && cfg!(feature = "pdf"));
        announce_edit(editing.then_some(edit_url.as_str()), ip, lang);

        let stop = Arc::new(AtomicBool::new(false));
        let (batch_tx, batch_rx) = mpsc::channel();
        let watch = watch::start(&root, batch_tx)?;
        if watch.polling {
            say(lang.pick(
                "Lưu ý: hệ thống không cho theo dõi thêm thư mục, loa kiểm tra thay đổi mỗi nửa giây.",
                "Note: the system refuses more file watches; loa checks for changes every half second.",
            ));
        }
        let resolved = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let indexed = Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let cleanup = crate::Cleanup::new();
        let rebuilder = Arc::new(rebuild::Rebuilder {
            shared: shared.clone(),
            root,
            opts: opts.clone(),
            inject: live::script(&shared.events_url(), None),
            stop: stop.clone(),
            notes_shown: AtomicBool::new(false),
            latest: AtomicU64::new(0),
            full_failed: AtomicBool::new(false),
            session,
            resolved: resolved.clone(),
            indexed: indexed.clone(),
            cleanup: cleanup.clone(),
        });
        let (full_tx, full_rx) = mpsc::channel();
        let builder = {
            let r = rebuilder.clone();
            spawn("loa-build", move || r.run_pages(&batch_rx, &full_tx))?
        };
        let full_builder = spawn("loa-build-full", move || rebuilder.run_full(&full_rx))?;
        let accept = {
            let (shared, stop) = (shared.clone(), stop.clone());
            spawn("loa-accept", move || accept_loop(&listener, &shared, &stop))?
        };
        Ok(Server {
            addr,
            url,
            shared,
            stop,
            accept: Some(accept),
            builders: vec![builder, full_builder],
            watch: Some(watch),
            temp,
            resolved,
            indexed,
            cleanup,
        })
    }

    /// Markdown files (pages and sections) resolved since the server started: the first build
    /// resolves them all, a text edit only the edited page, and the background step (search
    /// index, booklets) none.
    pub fn resolved(&self) -> usize {
        self.resolved.load(Ordering::SeqCst)
    }

    /// Pages (and section list pages) tokenized for the search index since the server started:
    /// the first index tokenizes them all, the update after a text edit only the edited page.
    pub fn indexed(&self) -> usize {
        self.indexed.load(Ordering::SeqCst)
    }

    /// The address the site is served at, with the base path and a trailing slash.
    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops serving, waits briefly for a running build, and sets the temporary folder aside
    /// to be removed in the background ([`temp`]).
    pub fn stop(mut self) {
        self.shutdown();
    }

    fn shutdown(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        self.shared.hub.broadcast(&live::Event::Close);
        // Wake the accept loop with a connection of our own.
        let wake = SocketAddr::new(
            if self.addr.ip().is_unspecified() {
                IpAddr::V4(Ipv4Addr::LOCALHOST)
            } else {
                self.addr.ip()
            },
            self.addr.port(),
        );
        let _ = TcpStream::connect_timeout(&wake, Duration::from_millis(500));
        if let Some(t) = self.accept.take() {
            let _ = t.join();
        }
        self.watch.take();
        // Dropping the watcher ended the pages thread's input, and with it the full thread's.
        let deadline = Instant::now() + Duration::from_secs(5);
        for t in std::mem::take(&mut self.builders) {
            while !t.is_finished() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            if t.is_finished() {
                let _ = t.join();
            }
        }
        if let Some(dir) = self.temp.take() {
            // The old outputs being deleted are in it: set aside with it, not waited for.
            match temp::set_aside(&dir) {
                Some(aside) => temp::remove_detached(aside),
                None => temp::remove_detached(dir),
            }
        } else {
            let left = self.cleanup.finish();
            let lang = self.shared.read().lang;
            for d in left {
                say(&d.render(lang));
            }
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if self.accept.is_some() {
            self.shutdown();
        }
    }
}

/// `loa serve`: serves until Ctrl-C (or SIGTERM), then stops cleanly.
pub fn run(opts: &ServeOptions) -> Result<(), ServeError> {
    let (tx, rx) = mpsc::channel();
    ctrlc::set_handler(move || {
        let _ = tx.send(());
    })
    .map_err(|e| ServeError::Signal(e.to_string()))?;
    let server = Server::start(opts)?;
    let _ = rx.recv();
    let lang = server.shared.read().lang;
    say(lang.pick("Đang dừng máy chủ…", "Stopping the server…"));
    server.stop();
    Ok(())
}

/// The folders to build into: (pages, full build, temporary parent to remove on exit).
fn layout(
    opts: &ServeOptions,
    run_id: &str,
) -> Result<(PathBuf, PathBuf, Option<PathBuf>), ServeError> {
    let (pages, full, temp) = match &opts.output {
        Some(o) => {
            let name = o
                .file_name()
                .map_or("site".into(), |n| n.to_string_lossy().to_string());
            (o.clone(), o.with_file_name(format!("{name}-full")), None)
        }
        None => {
            let parent = std::env::temp_dir();
            temp::sweep(&parent);
            let dir = parent.join(temp::name(std::process::id(), run_id));
            (dir.join("site"), dir.join("full"), Some(dir))
        }
    };
    for p in [&pages, &full] {
        std::fs::create_dir_all(p).map_err(|source| ServeError::Output {
            path: p.clone(),
            source,
        })?;
    }
    Ok((pages, full, temp))
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> Result<JoinHandle<()>, ServeError> {
    std::thread::Builder::new()
        .name(name.into())
        .spawn(f)
        .map_err(ServeError::Thread)
}

fn bind(ip: IpAddr, port: Option<u16>) -> Result<TcpListener, ServeError> {
    let err = |port: u16, source| ServeError::Bind {
        addr: SocketAddr::new(ip, port).to_string(),
        source,
    };
    match port {
        Some(p) => TcpListener::bind((ip, p)).map_err(|e| err(p, e)),
        None => {
            let mut last = None;
            for p in DEFAULT_PORT..DEFAULT_PORT.saturating_add(50) {
                match TcpListener::bind((ip, p)) {
                    Ok(l) => return Ok(l),
                    Err(e) => last = Some(e),
                }
            }
            Err(err(
                DEFAULT_PORT,
                last.unwrap_or_else(|| std::io::Error::other("no free port")),
            ))
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>, stop: &AtomicBool) {
    for conn in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = conn else { continue };
        let shared = shared.clone();
        let _ = std::thread::Builder::new()
            .name("loa-conn".into())
            .spawn(move || server::handle(stream, &shared));
    }
}

fn announce(url: &str, ip: IpAddr, lang: Lang, booklets: bool) {
    match lang {
        Lang::Vi => say(&format!("Xem trang web tại {url}  (Ctrl-C để dừng)")),
        Lang::En => say(&format!("Serving the site at {url}  (Ctrl-C to stop)")),
    }
    // The booklets come from the background build, a few seconds after the pages.
    if booklets {
        say(&match lang {
            Lang::Vi => format!("Tài liệu in (PDF): {url}in-an/  (có sau khi dựng xong sách in)"),
            Lang::En => {
                format!("Print materials (PDF): {url}in-an/  (ready once the booklets are built)")
            }
        });
    }
    if !ip.is_loopback() {
        say(&match lang {
                Lang::Vi => format!(
                    "Cảnh báo: máy chủ đang mở cho cả mạng ({ip}): mọi máy trong mạng đều xem được bản nháp. Chỉ dùng trong mạng tin cậy."
                ),
                Lang::En => format!(
                    "Warning: the server is open to the network ({ip}): anyone on it can see the drafts. Use it only on a network you trust."
                ),
        });
    }
}

fn announce_edit(url: Option<&str>, ip: IpAddr, lang: Lang) {
    match (url, lang) {
        (Some(u), Lang::Vi) => say(&format!("Biên tập trong trình duyệt: {u}  (địa chỉ có mã bí mật, chỉ dùng cho máy này)")),
        (Some(u), Lang::En) => say(&format!("Edit in the browser: {u}  (the address holds a secret token; keep it to yourself)")),
        (None, _) if ip.is_loopback() => {}
        (None, Lang::Vi) => say("Màn hình biên tập đang tắt khi mở cho cả mạng; thêm --edit để bật (mọi người có địa chỉ kèm mã đều sửa được trang)."),
        (None, Lang::En) => say("The editing screen is off when serving to the network; add --edit to turn it on (anyone with the address and its token can change pages)."),
    }
    if url.is_some() && !ip.is_loopback() {
        say(lang.pick(
            "Cảnh báo: màn hình biên tập mở cho cả mạng. Ai có địa chỉ kèm mã đều sửa và xóa được trang. Chỉ dùng trong mạng tin cậy.",
            "Warning: the editing screen is open to the network. Anyone with the address and its token can change and delete pages. Use it only on a network you trust.",
        ));
    }
}

/// One line on stdout, clearing a progress line left on a terminal.
pub(crate) fn say(line: &str) {
    let mut out = std::io::stdout().lock();
    if out.is_terminal() {
        let _ = write!(out, "\x1b[2K");
    }
    let _ = writeln!(out, "{line}");
    let _ = out.flush();
}

fn run_id() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{:x}", nanos & 0xffff_ffff_ffff)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_paths() {
        assert_eq!(normalize_base_path("").unwrap(), "");
        assert_eq!(normalize_base_path("/").unwrap(), "");
        assert_eq!(normalize_base_path("/bdg").unwrap(), "/bdg");
        assert_eq!(normalize_base_path("bdg/").unwrap(), "/bdg");
        assert_eq!(normalize_base_path("/a/b-c_d/").unwrap(), "/a/b-c_d");
        assert!(normalize_base_path("/../x").is_err());
        assert!(normalize_base_path("/a b").is_err());
        assert!(normalize_base_path("/bình").is_err());
        assert!(normalize_base_path("/a//b").is_err());
    }
}
