//! The output swap with the old output deleted off the build's critical path: `loa build` and
//! `loa serve` rename it aside and delete it in the background, and wait for that before they
//! exit; a failed build still leaves the previous output as it was. (`loa::build` without a
//! `Cleanup` deletes it before returning: `build::a_failed_build_leaves_the_old_output` and the
//! `harden::b7_*` tests.)

use crate::support::*;
use std::path::Path;
use std::time::{Duration, Instant};

/// Names in `dir` that a build sets aside or stages (`.public.loa-old`, `.public.loa-new`).
fn swap_leftovers(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.contains(".loa-"))
        .collect()
}

#[test]
fn cli_build_deletes_the_replaced_output_before_it_exits() {
    let site = copy_fixture("basic");
    let (code, _, err) = run_loa(site.path(), &["build", "--no-booklets"]);
    assert_eq!(code, 0, "{err}");
    // A file only the old output has: it must be gone with the old output.
    let marker = site.path().join("public/only-in-the-old-output.txt");
    std::fs::write(&marker, "x").unwrap();
    let (code, out, err) = run_loa(site.path(), &["build", "--no-booklets"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("public"), "the report is printed: {out}");
    assert!(!marker.exists(), "the old output was replaced");
    assert!(site.path().join("public/index.html").is_file());
    assert_eq!(swap_leftovers(site.path()), Vec::<String>::new());
}

#[test]
fn cli_failed_build_leaves_the_previous_output_untouched() {
    let site = copy_fixture("basic");
    let (code, _, err) = run_loa(site.path(), &["build", "--no-booklets"]);
    assert_eq!(code, 0, "{err}");
    let before = snapshot(&site.path().join("public"));
    std::fs::write(
        site.path().join("content/binh-dang-gioi/thu-ba.md"),
        "---\ntitle: X\ndate: 22/11/2022\n---\nx\n",
    )
    .unwrap();
    let (code, _, err) = run_loa(site.path(), &["build", "--no-booklets"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("giữ nguyên"), "the old output is kept: {err}");
    assert_eq!(before, snapshot(&site.path().join("public")));
    assert_eq!(swap_leftovers(site.path()), Vec::<String>::new());
}

#[test]
fn a_build_with_a_cleanup_sets_the_old_output_aside_and_finish_deletes_it() {
    let site = copy_fixture("basic");
    let cleanup = loa::Cleanup::new();
    let mut opts = loa::BuildOptions::new(site.path());
    opts.booklets = false;
    opts.cleanup = Some(cleanup.clone());
    loa::build(&opts).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let marker = site.path().join("public/only-in-the-old-output.txt");
    std::fs::write(&marker, "x").unwrap();
    // Two builds in a row: the second waits for the first one's deletion of the same folder.
    for _ in 0..2 {
        let report = loa::build(&opts).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
        assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
        assert!(!marker.exists());
        assert!(site.path().join("public/index.html").is_file());
    }
    assert!(cleanup.finish().is_empty());
    assert_eq!(swap_leftovers(site.path()), Vec::<String>::new());
    // A failed build with a cleanup leaves the output as it was, too.
    let before = snapshot(&site.path().join("public"));
    std::fs::write(site.path().join("content/a.md"), "no front matter\n").unwrap();
    assert!(loa::build(&opts).is_err());
    assert!(cleanup.finish().is_empty());
    assert_eq!(before, snapshot(&site.path().join("public")));
    assert_eq!(swap_leftovers(site.path()), Vec::<String>::new());
}

#[test]
fn serve_deletes_the_outputs_it_replaced_before_it_stops() {
    let site = copy_fixture("serve-basic");
    let out = tempfile::tempdir().unwrap();
    let pages = out.path().join("site");
    // What an earlier run left in the output folder: the first build replaces it.
    std::fs::create_dir_all(pages.join("cu")).unwrap();
    for k in 0..500 {
        std::fs::write(pages.join(format!("cu/{k}.html")), "x").unwrap();
    }
    let server = serve_into(site.path(), pages.clone(), false);
    let start = Instant::now();
    let wait = Duration::from_secs(60);
    let page = pages.join("bai-viet/xin-chao/index.html");
    // The pages, then the search index in the second folder, both swapped in.
    while !(page.is_file() && out.path().join("site-full/search").is_dir()) {
        assert!(start.elapsed() < wait, "no build after {wait:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
    // A new summary (front matter) is a full build of the pages, which replaces the pages
    // folder again.
    let md = site.path().join("content/bai-viet/xin-chao.md");
    let text = std::fs::read_to_string(&md).unwrap();
    let retitled = text.replacen(
        "Trang đầu tiên của bản xem thử.",
        "Trang đầu tiên, đã sửa.",
        1,
    );
    assert_ne!(retitled, text);
    std::fs::write(&md, retitled).unwrap();
    while !std::fs::read_to_string(&page).is_ok_and(|h| h.contains("Trang đầu tiên, đã sửa."))
    {
        assert!(start.elapsed() < wait, "no full rebuild after {wait:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
    server.stop();
    assert!(!pages.join("cu").exists(), "the old output was replaced");
    assert_eq!(swap_leftovers(out.path()), Vec::<String>::new());
}
