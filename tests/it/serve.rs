//! `loa serve`, driven as an editor would: the real binary on a free port in a copy of
//! `tests/fixtures/serve-basic`, fetched with a plain TCP client. Every wait is bounded.

use crate::support::*;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PAGE: &str = "/bai-viet/xin-chao/index.html";
const WAIT: Duration = Duration::from_secs(15);

/// A running `loa serve`; killed when dropped. Also used by the editing screen's tests.
pub(crate) struct Serve {
    child: Child,
    pub(crate) port: u16,
    pub(crate) out: Arc<Mutex<String>>,
    pub(crate) site: tempfile::TempDir,
}

impl Serve {
    pub(crate) fn start(fixture: &str, args: &[&str]) -> Serve {
        let site = copy_fixture(fixture);
        Serve::start_in(site, args)
    }

    pub(crate) fn start_in(site: tempfile::TempDir, args: &[&str]) -> Serve {
        let mut child = Command::new(env!("CARGO_BIN_EXE_loa"))
            .arg("--root")
            .arg(site.path())
            .args(["serve", "--port", "0", "--no-booklets"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start loa serve");
        let out = Arc::new(Mutex::new(String::new()));
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let out = out.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let mut o = out.lock().unwrap();
                    o.push_str(&line);
                    o.push('\n');
                }
            });
        }
        let start = Instant::now();
        let port = loop {
            let text = out.lock().unwrap().clone();
            if let Some(i) = text.find("http://127.0.0.1:") {
                let digits: String = text[i + 17..]
                    .chars()
                    .take_while(char::is_ascii_digit)
                    .collect();
                break digits.parse::<u16>().expect("port");
            }
            if let Ok(Some(status)) = child.try_wait() {
                panic!("loa serve exited with {status}:\n{text}");
            }
            assert!(start.elapsed() < WAIT, "no address printed:\n{text}");
            std::thread::sleep(Duration::from_millis(20));
        };
        Serve {
            child,
            port,
            out,
            site,
        }
    }

    pub(crate) fn get(&self, path: &str) -> Reply {
        get(self.port, path)
    }

    pub(crate) fn file(&self, rel: &str) -> std::path::PathBuf {
        self.site.path().join(rel)
    }

    /// Polls `path` until `ok` holds for the reply; panics with the last reply after [`WAIT`].
    pub(crate) fn wait_for(&self, path: &str, what: &str, ok: impl Fn(&Reply) -> bool) -> Reply {
        let start = Instant::now();
        loop {
            let r = self.get(path);
            if ok(&r) {
                return r;
            }
            assert!(
                start.elapsed() < WAIT,
                "waited {WAIT:?} for {what} at {path}; last reply {}:\n{}\n--- server output ---\n{}",
                r.status,
                r.body,
                self.out.lock().unwrap()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn ready(&self) -> Reply {
        self.wait_for(PAGE, "the first build", |r| r.status == 200)
    }
}

impl Drop for Serve {
    fn drop(&mut self) {
        // Ctrl-C first, so the server removes its temporary folder; then make sure.
        #[cfg(unix)]
        {
            // SAFETY: sending a signal to our own child process.
            unsafe { libc::kill(self.child.id() as libc::pid_t, libc::SIGINT) };
            let start = Instant::now();
            while start.elapsed() < Duration::from_secs(5) {
                if let Ok(Some(_)) = self.child.try_wait() {
                    return;
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug)]
pub(crate) struct Reply {
    pub(crate) status: u16,
    pub(crate) head: String,
    pub(crate) body: String,
}

impl Reply {
    /// A whole HTTP response as read from the socket (the connection closed by the server).
    pub(crate) fn parse(bytes: &[u8]) -> Reply {
        let text = String::from_utf8_lossy(bytes);
        let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        Reply {
            status,
            head: head.to_string(),
            body: body.to_string(),
        }
    }

    pub(crate) fn header(&self, name: &str) -> Option<String> {
        let prefix = format!("{}:", name.to_ascii_lowercase());
        self.head
            .lines()
            .find(|l| l.to_ascii_lowercase().starts_with(&prefix))
            .map(|l| l[prefix.len()..].trim().to_string())
    }
}

/// One request with a raw path (nothing is normalised on the way, unlike a browser or curl).
fn get(port: u16, path: &str) -> Reply {
    let mut s = TcpStream::connect(("127.0.0.1", port)).expect("connect");
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    Reply::parse(&bytes)
}

fn edit(path: &Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", path.display());
    std::fs::write(path, text.replace(from, to)).unwrap();
}

#[test]
fn serve_shows_a_page_and_the_edit_after_it() {
    let s = Serve::start("serve-basic", &[]);
    let r = s.ready();
    assert!(
        r.body.contains("Nội dung ban đầu của trang Xin chào"),
        "{}",
        r.body
    );
    assert_eq!(
        r.header("content-type").as_deref(),
        Some("text/html; charset=utf-8")
    );
    // The live-reload script is in the page, before </body>.
    let script = r.body.find("/__loa/events").expect("reload script");
    assert!(script < r.body.rfind("</body>").unwrap());
    // Folders are served by their index.html; without the slash they redirect, so relative
    // links keep working.
    assert!(s.get("/bai-viet/").body.contains("Xin chào"));
    let r = s.get("/bai-viet");
    assert_eq!(
        (r.status, r.header("location").as_deref()),
        (301, Some("/bai-viet/"))
    );
    let svg = s.get("/bai-viet/so-do.svg");
    assert_eq!(
        (svg.status, svg.header("content-type").as_deref()),
        (200, Some("image/svg+xml"))
    );

    edit(
        &s.file("content/bai-viet/xin-chao.md"),
        "Nội dung ban đầu",
        "Nội dung đã sửa",
    );
    s.wait_for(PAGE, "the edited text", |r| {
        r.body.contains("Nội dung đã sửa")
    });
}

#[test]
fn serve_shows_build_errors_in_the_browser_and_stays_up() {
    let s = Serve::start("serve-basic", &[]);
    s.ready();
    let page = s.file("content/bai-viet/xin-chao.md");
    edit(&page, "date: 2025-01-15", "date: 15/01/2025");
    let r = s.wait_for(PAGE, "the error page", |r| r.status == 500);
    assert!(r.body.contains("Chưa dựng được trang web"), "{}", r.body);
    assert!(
        r.body
            .contains("Tệp <code>content/bai-viet/xin-chao.md</code>, dòng 4, cột 7"),
        "{}",
        r.body
    );
    assert!(
        r.body.contains("date: <mark>1</mark>5/01/2025"),
        "{}",
        r.body
    );
    assert!(r.body.contains("2025-01-15"), "the hint: {}", r.body);
    assert!(
        r.body.contains("/__loa/events"),
        "the error page reloads itself too"
    );
    // Every page shows the errors; files still come from the last good build.
    assert_eq!(s.get("/").status, 500);
    assert_eq!(s.get("/bai-viet/so-do.svg").status, 200);

    edit(&page, "date: 15/01/2025", "date: 2025-01-15");
    let r = s.wait_for(PAGE, "the page back", |r| r.status == 200);
    assert!(r.body.contains("Nội dung ban đầu"));
}

#[test]
fn serve_stays_up_when_the_first_build_fails() {
    let site = copy_fixture("serve-basic");
    let page = site.path().join("content/bai-viet/trang-hai.md");
    edit(&page, "title: \"Trang hai\"", "tittle: \"Trang hai\"");
    let s = Serve::start_in(site, &[]);
    let r = s.wait_for("/bai-viet/trang-hai/index.html", "the error page", |r| {
        r.status == 500
    });
    assert!(
        r.body.contains("content/bai-viet/trang-hai.md"),
        "{}",
        r.body
    );
    assert!(r.body.contains("tittle"), "{}", r.body);
    edit(&page, "tittle:", "title:");
    s.wait_for("/bai-viet/trang-hai/index.html", "the fixed page", |r| {
        r.status == 200 && r.body.contains("Đây là trang thứ hai")
    });
}

#[test]
fn serve_refuses_paths_outside_the_output() {
    let s = Serve::start("serve-basic", &[]);
    s.ready();
    std::fs::write(s.file("secret.txt"), "bí mật").unwrap();
    for path in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/bai-viet/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/%2e%2e/etc/passwd",
        "/..%2fsecret.txt",
        "/bai-viet/..%2f..%2fsecret.txt",
        "/bai-viet%2fxin-chao%2findex.html",
        "/..%5c..%5csecret.txt",
        "/%00",
    ] {
        let r = s.get(path);
        assert_eq!(r.status, 404, "{path}: {}", r.body);
        assert!(
            !r.body.contains("bí mật") && !r.body.contains("root:"),
            "{path}"
        );
    }
}

#[cfg(unix)]
#[test]
fn serve_refuses_symlinks_out_of_the_output() {
    // Served from a folder the test knows, through the library, to plant links in the output.
    let site = copy_fixture("serve-basic");
    let out = tempfile::tempdir().unwrap();
    let secret = out.path().join("secret.txt");
    std::fs::write(&secret, "bí mật").unwrap();
    let server = serve_into(site.path(), out.path().join("site"), false);
    let port = server.local_addr().port();
    let start = Instant::now();
    while get(port, PAGE).status != 200 {
        assert!(start.elapsed() < WAIT, "first build");
        std::thread::sleep(Duration::from_millis(50));
    }
    let site_out = out.path().join("site");
    std::os::unix::fs::symlink(&secret, site_out.join("leak.txt")).unwrap();
    std::os::unix::fs::symlink(out.path(), site_out.join("up")).unwrap();
    std::os::unix::fs::symlink(site_out.join("bai-viet"), site_out.join("inside")).unwrap();
    assert_eq!(get(port, "/leak.txt").status, 404);
    assert_eq!(get(port, "/up/secret.txt").status, 404);
    assert_eq!(
        get(port, "/inside/xin-chao/index.html").status,
        200,
        "links inside the output are fine"
    );
    server.stop();
}

#[test]
fn serve_mounts_the_site_under_a_base_path() {
    let s = Serve::start("serve-basic", &["--base-path", "/bdg"]);
    let r = s.wait_for(&format!("/bdg{PAGE}"), "the page under /bdg", |r| {
        r.status == 200
    });
    assert!(r.body.contains("Nội dung ban đầu"));
    assert!(
        r.body.contains("\"/bdg/__loa/events\""),
        "the script listens under the mount point"
    );
    assert_eq!(s.get(PAGE).status, 404, "nothing outside the mount point");
    let r = s.get("/");
    assert_eq!(
        (r.status, r.header("location").as_deref()),
        (301, Some("/bdg/"))
    );
    let r = s.get("/bdg");
    assert_eq!(
        (r.status, r.header("location").as_deref()),
        (301, Some("/bdg/"))
    );
    let r = s.get("/bdg/bai-viet");
    assert_eq!(r.header("location").as_deref(), Some("/bdg/bai-viet/"));
    assert!(s.get("/bdg/").body.contains("Trang chủ của bản xem thử"));
    assert!(
        s.out.lock().unwrap().contains("http://127.0.0.1:"),
        "the printed address"
    );
}

#[test]
fn serve_never_reflects_a_raw_cr_into_a_redirect() {
    let s = Serve::start("serve-basic", &[]);
    s.wait_for(PAGE, "the page", |r| r.status == 200);
    let r = s.get("/bai-viet?x\rSet-Cookie:a=1");
    assert_eq!(r.status, 301, "{}", r.head);
    assert_eq!(
        r.header("location").as_deref(),
        Some("/bai-viet/?x%0DSet-Cookie:a=1")
    );
    assert!(!r.head.contains("\rSet-Cookie"), "{:?}", r.head);
}

#[test]
fn serve_sends_a_reload_event_after_a_change() {
    let s = Serve::start("serve-basic", &[]);
    s.ready();
    let mut stream = TcpStream::connect(("127.0.0.1", s.port)).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_millis(200)))
        .unwrap();
    write!(
        stream,
        "GET /__loa/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut seen = String::new();
    let read_until = |stream: &mut TcpStream, seen: &mut String, what: &str| {
        let start = Instant::now();
        let mut buf = [0u8; 4096];
        while !seen.contains(what) {
            assert!(
                start.elapsed() < WAIT,
                "no `{what}` in the event stream: {seen}"
            );
            match stream.read(&mut buf) {
                Ok(0) => panic!("the event stream closed: {seen}"),
                Ok(n) => seen.push_str(&String::from_utf8_lossy(&buf[..n])),
                Err(_) => {}
            }
        }
    };
    read_until(&mut stream, &mut seen, "event: hello\ndata: ");
    assert!(seen.contains("Content-Type: text/event-stream"), "{seen}");
    assert!(!seen.contains("event: reload"));
    edit(
        &s.file("content/bai-viet/trang-hai.md"),
        "Đây là trang thứ hai.",
        "Trang hai, đã sửa.",
    );
    read_until(&mut stream, &mut seen, "event: reload\ndata: ");
}

#[cfg(unix)]
#[test]
fn serve_stops_cleanly_on_ctrl_c() {
    let mut s = Serve::start("serve-basic", &[]);
    s.ready();
    let pid = s.child.id() as libc::pid_t;
    // SAFETY: sending a signal to our own child process.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let start = Instant::now();
    let status = loop {
        if let Some(st) = s.child.try_wait().unwrap() {
            break st;
        }
        assert!(start.elapsed() < WAIT, "still running after Ctrl-C");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status}");
    let left = |prefix: &str| -> Vec<_> {
        std::fs::read_dir(std::env::temp_dir())
            .unwrap()
            .filter_map(Result::ok)
            .filter(|e| e.file_name().to_string_lossy().starts_with(prefix))
            .collect()
    };
    // Set aside at once; removed by a process of its own, which the stop does not wait for.
    let live = left(&format!("loa-serve-{pid}-"));
    assert!(live.is_empty(), "the preview folder is set aside: {live:?}");
    let start = Instant::now();
    loop {
        let aside = left(&format!("loa-serve-old-{pid}-"));
        if aside.is_empty() {
            break;
        }
        assert!(
            start.elapsed() < WAIT,
            "the preview folder is removed: {aside:?}"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(s.out.lock().unwrap().contains("Đang dừng máy chủ"));
    assert!(
        TcpStream::connect(("127.0.0.1", s.port)).is_err(),
        "the port is closed"
    );
}

#[test]
fn serve_takes_search_and_booklet_files_from_the_full_build() {
    // The pages come from the fast build; files only the full build writes (search index, PDFs)
    // from the full build's folder, so they never go missing between the two.
    let site = copy_fixture("serve-basic");
    let out = tempfile::tempdir().unwrap();
    let server = serve_into(site.path(), out.path().join("site"), false);
    let port = server.local_addr().port();
    let start = Instant::now();
    while get(port, PAGE).status != 200 {
        assert!(start.elapsed() < WAIT, "first build");
        std::thread::sleep(Duration::from_millis(50));
    }
    let full = out.path().join("site-full");
    // Step 2 writes the search index (it no longer builds the pages a second time).
    while !full.join("search").is_dir() {
        assert!(start.elapsed() < WAIT, "the full build");
        std::thread::sleep(Duration::from_millis(50));
    }
    std::fs::create_dir_all(full.join("in-an")).unwrap();
    std::fs::write(full.join("in-an/so-tay.pdf"), "%PDF-1.7").unwrap();
    std::fs::write(full.join("in-an/index.html"), "booklets").unwrap();
    std::fs::write(full.join("cu.html"), "old page").unwrap();
    let r = get(port, "/in-an/so-tay.pdf");
    assert_eq!(
        (r.status, r.header("content-type").as_deref()),
        (200, Some("application/pdf"))
    );
    assert_eq!(
        get(port, "/cu.html").status,
        404,
        "pages only come from the fast build"
    );
    // but the booklets' page, which only the full build writes, is served from there.
    assert_eq!(get(port, "/in-an/").status, 200, "the booklets' page");
    server.stop();
}

/// A server on a copy of `serve-basic` (step 2 without booklets), once its pages and its search
/// index are there.
struct Indexed {
    site: tempfile::TempDir,
    _out: tempfile::TempDir,
    server: loa::serve::Server,
    port: u16,
    /// Step 2's folder (the search index).
    full: PathBuf,
    start: Instant,
}

fn serve_indexed() -> Indexed {
    let site = copy_fixture("serve-basic");
    let out = tempfile::tempdir().unwrap();
    let server = serve_into(site.path(), out.path().join("site"), false);
    let port = server.local_addr().port();
    let full = out.path().join("site-full");
    let start = Instant::now();
    // The first index's count is added just after its files are written: a test that read
    // `indexed` between the two counted every page of the first index as tokenized again.
    while get(port, PAGE).status != 200 || !full.join("search").is_dir() || server.indexed() == 0 {
        assert!(start.elapsed() < WAIT, "first build and its search index");
        std::thread::sleep(Duration::from_millis(50));
    }
    Indexed {
        site,
        _out: out,
        server,
        port,
        full,
        start,
    }
}

/// The files below `dir` whose bytes contain `word`.
fn files_containing(dir: &Path, word: &str) -> usize {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .filter(|e| {
            std::fs::read(e.path()).is_ok_and(|b| String::from_utf8_lossy(&b).contains(word))
        })
        .count()
}

/// A save goes through the session only: step 1 resolves and writes the edited page, and step 2
/// builds the search index from the session's model, so the new text is searchable without a
/// second build (the server counts every Markdown file resolved: one for the save, none for
/// step 2).
#[test]
fn a_save_resolves_one_page_and_the_search_index_follows_from_it() {
    let Indexed {
        site,
        _out,
        server,
        port,
        full,
        start,
    } = serve_indexed();
    let first = server.resolved();
    let files = walkdir::WalkDir::new(site.path().join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .count();
    assert_eq!(
        first, files,
        "the first build resolves every page and section once"
    );
    edit(
        &site.path().join("content/bai-viet/xin-chao.md"),
        "Nội dung ban đầu",
        "Nội dung kangaroo",
    );
    while files_containing(&full.join("search"), "kangaroo") == 0 {
        assert!(
            start.elapsed() < WAIT * 2,
            "the search index follows the save"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(get(port, PAGE).body.contains("kangaroo"));
    assert_eq!(
        server.resolved(),
        first + 1,
        "the save resolved the edited page only, the search index none"
    );
    assert!(
        !full.join("index.html").exists() && !full.join("bai-viet").exists(),
        "step 2 writes no page"
    );
    server.stop();
}

#[test]
fn pages_built_again_from_the_same_text_are_not_tokenized_again() {
    // A change to loa.yaml builds every page again (new pages in memory, the same text): the
    // search index tells them by their text and tokenizes only the page whose text changed.
    let Indexed {
        site,
        _out,
        server,
        port: _,
        full,
        start,
    } = serve_indexed();
    let (resolved, indexed) = (server.resolved(), server.indexed());
    let config = site.path().join("loa.yaml");
    let yaml = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, format!("{yaml}\n# a comment\n")).unwrap();
    edit(
        &site.path().join("content/bai-viet/xin-chao.md"),
        "Nội dung ban đầu",
        "Nội dung kangaroo",
    );
    while files_containing(&full.join("search"), "kangaroo") == 0 {
        assert!(start.elapsed() < WAIT * 2, "the search index follows");
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(
        server.resolved(),
        resolved * 2,
        "step 1 built every page again"
    );
    // The count is added once the index update returns, just after its files are written.
    let counted = |more: usize, what: &str| {
        while server.indexed() < indexed + more {
            assert!(start.elapsed() < WAIT * 3, "{what}");
            std::thread::sleep(Duration::from_millis(20));
        }
    };
    counted(1, "the index update is counted");
    assert_eq!(server.indexed(), indexed + 1, "one page tokenized again");
    // Another title, the same text: the page is tokenized again (and so is the section's list
    // page, which lists the title).
    edit(
        &site.path().join("content/bai-viet/trang-hai.md"),
        "title: \"Trang hai\"",
        "title: \"Trang wombat\"",
    );
    while files_containing(&full.join("search"), "wombat") == 0 {
        assert!(
            start.elapsed() < WAIT * 3,
            "the search index follows the title"
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    counted(2, "the page with another title is tokenized again");
    server.stop();
}

/// The loa process runs without transparent huge pages (`loa::no_huge_pages`, called first in
/// `main`): the kernel zeroed a whole 2 MiB page each time the build touched memory it had freed.
#[cfg(target_os = "linux")]
#[test]
fn loa_runs_without_transparent_huge_pages() {
    let serve = Serve::start("serve-basic", &[]);
    let status = std::fs::read_to_string(format!("/proc/{}/status", serve.child.id())).unwrap();
    assert!(
        status
            .lines()
            .any(|l| l.split_whitespace().eq(["THP_enabled:", "0"])),
        "{status}"
    );
}
