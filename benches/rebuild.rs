//! Save-to-reload benchmark for `loa serve`: generates a synthetic Vietnamese site (10,000 pages by
//! default), starts the release binary's `loa serve` on it, listens to the live-reload stream, and
//! times edits of one page from the moment the file is written to the moment the `reload` event
//! arrives (what an editor waits for). Also prints the pages-only build and the search index
//! update that runs after the reload. Then the same edits again, each right after the previous
//! reload, while that save's search index update runs in the background. Then edits of the
//! page's front matter (its title, its date, its address, its tags), which change what lists
//! and other pages show of it.
//! Run with `cargo bench --bench rebuild`
//! (`-- 2000` for another size; `LOA_BENCH_TMP=/dev/shm` puts the site on a tmpfs).
//!
//! Not a test: machines here are shared and noisy, so the figures are read, not asserted.

mod common;

use common::generate;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const EDITS: usize = 7;

/// Lines the server printed, shared with the reading thread.
type Output = Arc<Mutex<Vec<String>>>;

fn wait_line(out: &Output, from: usize, needle: &str, limit: Duration) -> Option<String> {
    let start = Instant::now();
    while start.elapsed() < limit {
        if let Some(l) = out
            .lock()
            .unwrap()
            .iter()
            .skip(from)
            .find(|l| l.contains(needle))
        {
            return Some(l.clone());
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

fn read_until(stream: &mut TcpStream, seen: &mut String, needle: &str, limit: Duration) -> bool {
    let start = Instant::now();
    let mut buf = [0u8; 4096];
    while !seen.contains(needle) {
        if start.elapsed() > limit {
            return false;
        }
        if let Ok(n) = stream.read(&mut buf) {
            seen.push_str(&String::from_utf8_lossy(&buf[..n]));
        }
    }
    true
}

/// The number before the first `ms` of a line the server printed.
fn millis(line: &str) -> String {
    let words: Vec<&str> = line.split_whitespace().collect();
    words
        .iter()
        .position(|w| *w == "ms")
        .and_then(|i| i.checked_sub(1))
        .map_or("?", |i| words[i])
        .to_string()
}

fn main() {
    let pages: usize = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(10_000);
    let tmp = common::bench_dir();
    generate(tmp.path(), pages);
    let mut child = Command::new(env!("CARGO_BIN_EXE_loa"))
        .arg("--root")
        .arg(tmp.path())
        .args(["serve", "--port", "0", "--no-booklets"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let out: Output = Arc::new(Mutex::new(Vec::new()));
    {
        let (out, stdout) = (out.clone(), child.stdout.take().unwrap());
        std::thread::spawn(move || {
            for l in BufReader::new(stdout).lines().map_while(Result::ok) {
                out.lock().unwrap().push(l);
            }
        });
    }
    let addr = wait_line(&out, 0, "http://127.0.0.1:", Duration::from_secs(30)).expect("address");
    let port: u16 = addr
        .split("127.0.0.1:")
        .nth(1)
        .unwrap()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .unwrap();
    let first = wait_line(&out, 0, " ms", Duration::from_secs(600)).expect("first build");
    let full = wait_line(&out, 0, "chỉ mục", Duration::from_secs(600)).expect("first full build");
    println!(
        "{pages} pages: first pages-only build {} ms, then search index {} ms",
        millis(&first),
        millis(&full)
    );

    let mut sse = TcpStream::connect(("127.0.0.1", port)).unwrap();
    sse.set_read_timeout(Some(Duration::from_millis(20)))
        .unwrap();
    write!(sse, "GET /__loa/events HTTP/1.1\r\nHost: x\r\n\r\n").unwrap();
    let mut seen = String::new();
    assert!(read_until(
        &mut sse,
        &mut seen,
        "event: hello",
        Duration::from_secs(10)
    ));
    let page = tmp.path().join(common::page_path(pages / 2));
    let original = std::fs::read_to_string(&page).unwrap();
    let mut save = |text: String| {
        let from = out.lock().unwrap().len();
        seen.clear();
        let t = Instant::now();
        std::fs::write(&page, text).unwrap();
        let reloaded = read_until(
            &mut sse,
            &mut seen,
            "event: reload",
            Duration::from_secs(120),
        );
        assert!(reloaded, "no reload");
        let reload = t.elapsed().as_millis();
        let built =
            wait_line(&out, from, " trang trong ", Duration::from_secs(10)).unwrap_or_default();
        (from, reload, millis(&built))
    };
    let body = |mark: &str| original.replace("## ", &format!("## {mark} "));
    let mut times = Vec::new();
    for k in 0..EDITS {
        let (from, reload, built) = save(body(&format!("Sửa {k}")));
        let full = wait_line(&out, from, "chỉ mục", Duration::from_secs(600)).unwrap_or_default();
        println!(
            "edit {k}: save → reload {reload:>5} ms (pages-only build {built} ms); search index after it {} ms",
            millis(&full)
        );
        times.push(reload);
    }
    summary("save → reload, search index idle", &mut times);

    // Each save right after the previous reload: the search index update of the previous save
    // is running in the background meanwhile (it holds the model the save changes).
    let mut times = Vec::new();
    let mut last = 0;
    for k in 0..EDITS {
        let (from, reload, built) = save(body(&format!("Bận {k}")));
        last = from;
        println!("busy edit {k}: save → reload {reload:>5} ms (pages-only build {built} ms)");
        times.push(reload);
    }
    summary("save → reload, search index running", &mut times);
    wait_line(&out, last, "chỉ mục", Duration::from_secs(600));

    // Front-matter edits, each after the previous one's search index update: what the lists,
    // the neighbours and the tags show of the page changes too.
    let line = |key: &str| {
        original
            .lines()
            .find(|l| l.starts_with(key))
            .unwrap()
            .to_string()
    };
    let (title, date, tags, slug) = (
        line("title: "),
        line("date: "),
        line("tags: "),
        line("slug: "),
    );
    let kinds: [(&str, &dyn Fn(usize) -> String); 4] = [
        ("title", &|k| {
            original.replace(&title, &title.replacen(": \"", &format!(": \"Sửa {k} "), 1))
        }),
        // Every other save moves the page from its place in its section to the end and back.
        ("date", &|k| {
            if k % 2 == 0 {
                original.replace(&date, "date: 2025-01-01")
            } else {
                original.clone()
            }
        }),
        // A tag the page did not have, a different one each time: two tags' lists change.
        // A new address: the page linking to it is written again, the old file removed.
        ("address", &|k| {
            original.replace(&slug, &format!("{slug}-sua-{k}"))
        }),
        ("tag", &|k| {
            original.replace(&tags, &format!("tags: [thẻ-{k}, {}", &tags[7..]))
        }),
    ];
    for (kind, text) in kinds {
        let mut times = Vec::new();
        for k in 0..EDITS {
            let (from, reload, built) = save(text(k));
            let full =
                wait_line(&out, from, "chỉ mục", Duration::from_secs(600)).unwrap_or_default();
            println!(
                "{kind} edit {k}: save → reload {reload:>5} ms (pages build {built} ms); search index after it {} ms",
                millis(&full)
            );
            times.push(reload);
        }
        summary(&format!("save → reload, {kind} edits"), &mut times);
    }
    let _ = child.kill();
    let _ = child.wait();
}

fn summary(what: &str, times: &mut [u128]) {
    times.sort();
    println!(
        "{what}, over {EDITS} edits: median {} ms, best {} ms, worst {} ms",
        times[EDITS / 2],
        times[0],
        times[EDITS - 1]
    );
}
