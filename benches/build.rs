//! Build benchmark: generates synthetic Vietnamese sites (benches/common) of 1,000 and 10,000
//! pages and times `loa build` on each (the release binary, as a child process, with the search
//! index and everything else it writes), printing the wall time of each phase (from the
//! binary's own `LOA_TIMINGS=1` lines), pages per second, peak memory and the files written.
//! Then the one-page text edit that `loa serve` re-renders in its session.
//!
//! `cargo bench --bench build` runs 1,000 and 10,000 pages; `-- 100000` (or any sizes) runs
//! those instead. Sites up to 10,000 pages are timed three times after one warm-up run (the
//! fastest run is shown); larger ones once after the warm-up. The generated site goes to a
//! temporary folder (`LOA_BENCH_TMP=dir` puts it elsewhere, e.g. on a tmpfs).
//!
//! Not a test: machines here are shared and noisy, so the figures are read, not asserted.

mod common;

use common::generate;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Instant;

/// One timed `loa build`.
struct Run {
    seconds: f64,
    peak_kib: i64,
    /// (phase, seconds spent in it), from the `LOA_TIMINGS` lines.
    phases: Vec<(String, f64)>,
}

/// Runs `loa build` in `site` and waits for it with `wait4`, which gives this child's own peak
/// memory (getrusage of all children would give the largest of every run so far).
// The child is reaped by that wait4, which clippy cannot see.
#[allow(clippy::zombie_processes)]
fn run_build(loa: &str, site: &Path) -> Run {
    let log = site.join("timings.log");
    let t = Instant::now();
    let child = Command::new(loa)
        .args(["build", "--no-booklets"])
        .env("LOA_TIMINGS", "1")
        .current_dir(site)
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn()
        .unwrap();
    let mut status = 0;
    // SAFETY: wait4 writes only into the two values we pass; the pid is our own child, which
    // std does not wait for (the `Child` is never waited on or dropped with a wait).
    let usage = unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::wait4(child.id() as libc::pid_t, &mut status, 0, &mut u);
        u
    };
    let seconds = t.elapsed().as_secs_f64();
    let stderr = std::fs::read_to_string(&log).unwrap_or_default();
    assert!(
        libc::WIFEXITED(status) && libc::WEXITSTATUS(status) == 0,
        "loa build failed:\n{stderr}"
    );
    Run {
        seconds,
        peak_kib: usage.ru_maxrss,
        phases: phases(&stderr),
    }
}

/// `   1.234 s  load` lines (cumulative) → time spent in each phase.
fn phases(stderr: &str) -> Vec<(String, f64)> {
    let mut out = Vec::new();
    let mut last = 0.0;
    for line in stderr.lines() {
        let mut parts = line.trim_start().splitn(2, " s  ");
        let (Some(t), Some(name)) = (parts.next(), parts.next()) else {
            continue;
        };
        let Ok(t) = t.parse::<f64>() else { continue };
        // The phase name, without the peak memory the line may end with.
        let name = name.split("  (").next().unwrap_or(name).to_string();
        out.push((name, t - last));
        last = t;
    }
    out
}

fn count_files(dir: &Path) -> usize {
    let mut n = 0;
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().map(Result::unwrap) {
            if e.file_type().unwrap().is_dir() {
                stack.push(e.path());
            } else {
                n += 1;
            }
        }
    }
    n
}

fn markdown_bytes(dir: &Path) -> u64 {
    let mut n = 0;
    for e in std::fs::read_dir(dir.join("content"))
        .unwrap()
        .map(Result::unwrap)
    {
        for f in std::fs::read_dir(e.path()).unwrap().map(Result::unwrap) {
            n += f.metadata().unwrap().len();
        }
    }
    n
}

fn main() {
    // `LOA_BENCH_SITE=DIR cargo bench --bench build -- 10000` only writes the site into DIR, to
    // profile or to compare with other tools (benches/hugo.sh).
    if let Some(dir) = std::env::var_os("LOA_BENCH_SITE") {
        let n = std::env::args()
            .skip(1)
            .find_map(|a| a.parse().ok())
            .unwrap_or(10_000);
        std::fs::create_dir_all(&dir).unwrap();
        generate(Path::new(&dir), n);
        println!("wrote a {n}-page site into {}", Path::new(&dir).display());
        return;
    }
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![1_000, 10_000]
    } else {
        sizes
    };
    let loa = env!("CARGO_BIN_EXE_loa");
    for n in sizes {
        let tmp = common::bench_dir();
        generate(tmp.path(), n);
        let mb = markdown_bytes(tmp.path()) as f64 / 1e6;
        // A warm-up run fills the file cache and leaves an output to replace, as a rebuild has.
        run_build(loa, tmp.path());
        let runs = if n <= 10_000 { 3 } else { 1 };
        let best = (0..runs)
            .map(|_| run_build(loa, tmp.path()))
            .min_by(|a, b| a.seconds.total_cmp(&b.seconds))
            .unwrap();
        let files = count_files(&tmp.path().join("public"));
        println!(
            "build {n:>6} pages ({mb:.0} MB of Markdown): {:.3} s ({:.0} pages/s), peak memory {:.0} MiB, {files} files written",
            best.seconds,
            n as f64 / best.seconds,
            best.peak_kib as f64 / 1024.0
        );
        for (name, s) in &best.phases {
            println!("    {s:>7.3} s  {name}");
        }
        let edit_ms = one_page_edit(tmp.path());
        println!("build {n:>6} pages: one-page text edit re-rendered in {edit_ms:.1} ms (loa::Session, as loa serve does)");
    }
}

/// Times what `loa serve` does after a save that changes one page's text: the session's
/// incremental update (read, render Markdown and template, check anchors, write).
fn one_page_edit(root: &Path) -> f64 {
    let mut opts = loa::BuildOptions::new(root);
    opts.output = Some(root.join("serve-out"));
    opts.search = false;
    opts.booklets = false;
    let mut session = loa::Session::new(opts);
    session.update(&[]).expect("first build");
    let page = root.join(common::page_path(3));
    let mut best = f64::MAX;
    for k in 0..5 {
        let text = std::fs::read_to_string(&page).unwrap();
        std::fs::write(&page, format!("{text}\nThêm một câu {k}.\n")).unwrap();
        let t = Instant::now();
        let u = session.update(std::slice::from_ref(&page)).expect("update");
        assert!(!u.full, "a text edit is incremental");
        best = best.min(t.elapsed().as_secs_f64() * 1000.0);
    }
    best
}
