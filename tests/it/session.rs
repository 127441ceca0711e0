//! Incremental rebuilds (`loa::Session`, used by `loa serve`): a text edit re-renders only its
//! page, and the result is byte for byte what a full build writes.

use crate::support::*;
use loa::{BuildOptions, Session};
use std::path::Path;

fn opts(root: &Path) -> BuildOptions {
    let mut o = BuildOptions::new(root);
    o.booklets = false;
    o.search = false;
    o
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let t = std::fs::read_to_string(&p).unwrap();
    assert!(t.contains(from), "{rel} lacks {from}");
    std::fs::write(&p, t.replacen(from, to, 1)).unwrap();
}

#[test]
fn a_text_edit_rewrites_one_page_exactly_as_a_full_build() {
    let site = copy_fixture("basic");
    let mut s = Session::new(opts(site.path()));
    assert!(s.update(&[]).unwrap().full);
    let page = "content/binh-dang-gioi/khai-niem.md";
    edit(site.path(), page, "Một ghi chú.", "Một ghi chú đã sửa.");
    let u = s.update(&[site.path().join(page)]).unwrap();
    assert!(!u.full, "a body edit is incremental");
    assert_eq!(u.written, ["binh-dang-gioi/khai-niem-co-ban/index.html"]);
    let incremental = snapshot(&site.path().join("public"));
    assert!(String::from_utf8_lossy(
        &incremental
            .iter()
            .find(|(p, _)| p == "binh-dang-gioi/khai-niem-co-ban/index.html")
            .unwrap()
            .1
    )
    .contains("Một ghi chú đã sửa."));
    // A full build of the same sources writes the same bytes everywhere.
    let fresh = tempfile::tempdir().unwrap();
    let mut o = opts(site.path());
    o.output = Some(fresh.path().join("out"));
    loa::build(&o).unwrap();
    assert_eq!(incremental, snapshot(&fresh.path().join("out")));
}

#[test]
fn front_matter_edits_and_new_files_build_everything() {
    let site = copy_fixture("basic");
    let mut s = Session::new(opts(site.path()));
    s.update(&[]).unwrap();
    let page = "content/binh-dang-gioi/thu-ba.md";
    edit(site.path(), page, "title: Bài thứ ba", "title: Bài thứ tư");
    let u = s.update(&[site.path().join(page)]).unwrap();
    assert!(u.full, "a title change touches lists");
    assert!(site
        .path()
        .join("public/binh-dang-gioi/bai-thu-tu/index.html")
        .is_file());
    let new = site.path().join("content/binh-dang-gioi/moi.md");
    std::fs::write(&new, "---\ntitle: Mới\nsummary: x\n---\nx\n").unwrap();
    assert!(s.update(&[new]).unwrap().full);
}

#[test]
fn removing_a_heading_that_another_page_links_to_is_reported_there() {
    let site = copy_fixture("basic");
    let mut s = Session::new(opts(site.path()));
    s.update(&[]).unwrap();
    // khai-niem.md links to nq-11-nq-tw.md#muc-tieu; rename that heading's id.
    let doc = "content/van-ban/nq-11-nq-tw.md";
    edit(
        site.path(),
        doc,
        "## Mục tiêu {#muc-tieu}",
        "## Mục tiêu {#muc-dich}",
    );
    let err = s.update(&[site.path().join(doc)]).unwrap_err();
    let d = err.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(
        d.location(),
        "content/binh-dang-gioi/khai-niem.md:14:5",
        "{d}"
    );
    assert!(d.message.contains("#muc-tieu"), "{d}");
    // Fixed again: the next update works (a full build, since the last one failed).
    edit(site.path(), doc, "{#muc-dich}", "{#muc-tieu}");
    assert!(s.update(&[site.path().join(doc)]).is_ok());
}

/// Serve's incremental rebuild resolves the edited page only, not the whole site again.
#[test]
fn a_text_edit_resolves_only_the_edited_page() {
    let site = copy_fixture("basic");
    let mut s = Session::new(opts(site.path()));
    let first = s.update(&[]).unwrap();
    assert!(first.full && first.resolved > 1);
    let page = "content/binh-dang-gioi/khai-niem.md";
    edit(site.path(), page, "Một ghi chú.", "Một ghi chú khác.");
    let u = s.update(&[site.path().join(page)]).unwrap();
    assert!(!u.full);
    assert_eq!(u.resolved, 1);
}
