//! Build benchmark: generates synthetic Vietnamese sites of 1,000 and 10,000 pages and times
//! `loa build` on each (the release binary, as a child process), printing pages per second and
//! peak memory. Run with `cargo bench --bench build` (add `-- 1000` for one size only).
//!
//! Not a test: machines here are shared and noisy, so the figures are read, not asserted.

mod common;

use common::generate;
use std::path::Path;
use std::process::Command;
use std::time::Instant;

fn peak_child_rss_kib() -> i64 {
    // SAFETY: getrusage only writes into the struct we pass.
    unsafe {
        let mut u: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_CHILDREN, &mut u);
        u.ru_maxrss
    }
}

fn main() {
    // `LOA_BENCH_SITE=DIR cargo bench --bench build -- 10000` only writes the site into DIR, to
    // profile or to compare with other tools.
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
        let tmp = tempfile::tempdir().unwrap();
        generate(tmp.path(), n);
        // Warm the file cache once, then time three runs; report the best and peak memory.
        let mut best = f64::MAX;
        for _ in 0..3 {
            let t = Instant::now();
            let st = Command::new(loa)
                .args(["build", "--no-booklets"])
                .current_dir(tmp.path())
                .output()
                .unwrap();
            assert!(
                st.status.success(),
                "{}",
                String::from_utf8_lossy(&st.stderr)
            );
            best = best.min(t.elapsed().as_secs_f64());
        }
        let rss = peak_child_rss_kib();
        let edit_ms = one_page_edit(tmp.path());
        println!("build {n:>6} pages: one-page text edit re-rendered in {edit_ms:.1} ms (loa::Session, as loa serve does)");
        println!(
            "build {n:>6} pages: {best:.3} s  ({:.0} pages/s), peak memory {:.1} MiB",
            n as f64 / best,
            rss as f64 / 1024.0
        );
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
