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

/// Every file and folder below `dir`: files with their bytes, folders as names.
fn tree(dir: &Path) -> Vec<(String, Option<Vec<u8>>)> {
    let mut out: Vec<(String, Option<Vec<u8>>)> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .to_string();
            let bytes = e
                .file_type()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap());
            (rel, bytes)
        })
        .collect();
    out.sort();
    out
}

/// The session's output is what a full build of the same sources writes: the same files with
/// the same bytes, and no folder more or less.
fn assert_as_full_build(root: &Path, what: &str) {
    let fresh = tempfile::tempdir().unwrap();
    let mut o = opts(root);
    o.output = Some(fresh.path().join("out"));
    loa::build(&o).unwrap();
    let (session, full) = (tree(&root.join("public")), tree(&fresh.path().join("out")));
    if session != full {
        let names = |t: &[(String, Option<Vec<u8>>)]| -> Vec<String> {
            t.iter().map(|(n, _)| n.clone()).collect()
        };
        let (a, b) = (names(&session), names(&full));
        let only_session: Vec<&String> = a.iter().filter(|n| !b.contains(n)).collect();
        let only_full: Vec<&String> = b.iter().filter(|n| !a.contains(n)).collect();
        let differ: Vec<&String> = session
            .iter()
            .filter(|(n, bytes)| full.iter().any(|(m, other)| m == n && other != bytes))
            .map(|(n, _)| n)
            .collect();
        panic!(
            "after {what}: only in the session's output {only_session:?}, only in the full \
             build's {only_full:?}, different bytes {differ:?}"
        );
    }
}

/// A news section of `count` pages sorted by date, with tags, links between pages and a
/// page citing a document, beside the basic fixture's pages (paginated by 2).
fn news_site() -> tempfile::TempDir {
    let site = copy_fixture("basic");
    let dir = site.path().join("content/tin");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("_index.md"),
        "---\ntitle: Tin tức\nsort_by: date\n---\n",
    )
    .unwrap();
    let tags = [
        "[gia đình, trẻ em]",
        "[gia đình]",
        "[trẻ em, Phòng chống]",
        "[Phòng chống]",
        "[trẻ em]",
        "[]",
        "[gia đình, Phòng chống]",
        "[]",
        "[Phòng chống]",
    ];
    for (k, tags) in tags.iter().enumerate() {
        let summary = if k == 4 {
            String::new()
        } else {
            format!("summary: Tóm tắt tin {k}.\n")
        };
        let link = if k == 5 { "Xem [tin ba](b3.md)." } else { "" };
        std::fs::write(
            dir.join(format!("b{k}.md")),
            format!(
                "---\ntitle: Tin số {k}\n{summary}date: 2026-0{}-1{k}\ntags: {tags}\n---\n\
                 Đoạn đầu của tin {k}. {link}\n\n## Phần hai\n\nNội dung.\n",
                k % 9 + 1
            ),
        )
        .unwrap();
    }
    site
}

/// Saves of front matter (titles that give a new address, dates that move a page across list
/// pages, weights, tags that appear, shrink and vanish, a tag's shown name, summaries,
/// citations) and of a first paragraph that is a page's summary are each one page's update,
/// and leave the output exactly as a full build writes it.
#[test]
fn front_matter_edits_rewrite_what_shows_the_page_exactly_as_a_full_build() {
    let site = news_site();
    let root = site.path();
    let mut s = Session::new(opts(root));
    assert!(s.update(&[]).unwrap().full);
    assert_as_full_build(root, "the first build");
    let edits: &[(&str, &str, &str, &str)] = &[
        // A new title, so a new address; b5 links to it.
        (
            "tin/b3.md",
            "title: Tin số 3",
            "title: Tin ba đã sửa",
            "a new address",
        ),
        (
            "tin/b1.md",
            "date: 2026-02-11",
            "date: 2026-12-31",
            "a date that moves the page",
        ),
        (
            "tin/b1.md",
            "tags: [gia đình]",
            "tags: [gia đình, mới tinh]",
            "a new tag",
        ),
        (
            "tin/b1.md",
            "tags: [gia đình, mới tinh]",
            "tags: [gia đình]",
            "a tag gone",
        ),
        (
            "tin/b4.md",
            "tags: [trẻ em]",
            "tags: []",
            "a tag list one list page shorter",
        ),
        (
            "tin/b0.md",
            "tags: [gia đình, trẻ em]",
            "tags: [Gia Đình, trẻ em]",
            "a tag's shown name",
        ),
        (
            "binh-dang-gioi/thu-ba.md",
            "summary: Để có",
            "summary: Vẫn để có",
            "a summary",
        ),
        (
            "binh-dang-gioi/thu-ba.md",
            "weight: 3",
            "weight: 0",
            "a weight that moves the page",
        ),
        (
            "tin/b4.md",
            "Đoạn đầu của tin 4.",
            "Đoạn đầu đã sửa.",
            "a first paragraph as summary",
        ),
        (
            "tin/b6.md",
            "tags: [gia đình, Phòng chống]",
            "documents: [nq-11-nq-tw]\ntags: [gia đình, Phòng chống]",
            "a citation",
        ),
        (
            "tin/b6.md",
            "title: Tin số 6",
            "title: Tin sáu",
            "the title of a citing page",
        ),
        (
            "tin/b7.md",
            "title: Tin số 7",
            "title: A tin bảy\nslug: tin-bay",
            "a new title and slug",
        ),
        (
            "tin/b7.md",
            "tags: []",
            "tags: [gia đình]",
            "a tag list longer by a page that goes first",
        ),
    ];
    for (page, from, to, what) in edits {
        let rel = format!("content/{page}");
        edit(root, &rel, from, to);
        let u = s.update(&[root.join(&rel)]).unwrap();
        assert!(!u.full, "{what}: one page's update");
        assert_as_full_build(root, what);
    }
    assert!(!root.join("public/tin/tin-so-3/index.html").exists());
    assert!(root.join("public/tin/tin-ba-da-sua/index.html").is_file());
    assert!(!root.join("public/tags/moi-tinh").exists());
}

/// Saves that change more than one page's worth build everything: a page made a draft, a
/// document's page, new aliases, a new address where an alias leads, new files.
#[test]
fn front_matter_edits_that_change_the_site_build_everything() {
    let site = news_site();
    let root = site.path();
    let mut s = Session::new(opts(root));
    s.update(&[]).unwrap();
    let edits: &[(&str, &str, &str, &str)] = &[
        (
            "tin/b2.md",
            "title: Tin số 2",
            "title: Tin số 2\ndraft: true",
            "a draft",
        ),
        (
            "van-ban/luat-cu.md",
            "title: Luật cũ",
            "title: Luật cũ hơn",
            "a document",
        ),
        (
            "tin/b8.md",
            "title: Tin số 8",
            "title: Tin số 8\naliases: [tin-tam/]",
            "aliases",
        ),
        (
            "binh-dang-gioi/khai-niem.md",
            "title: Khái niệm cơ bản",
            "title: Khái niệm",
            "a page with aliases moving",
        ),
        (
            "tin/b1.md",
            "title: Tin số 1",
            "title: Tin số 0",
            "an address another page has",
        ),
    ];
    for (page, from, to, what) in edits {
        let rel = format!("content/{page}");
        edit(root, &rel, from, to);
        let u = s.update(&[root.join(&rel)]);
        match u {
            Ok(u) => assert!(u.full, "{what}: a full build"),
            // Two pages with one address: the full build reports it.
            Err(e) => assert!(
                e.diagnostics.iter().any(|d| d.message.contains("tin-so-0")),
                "{what}: {:?}",
                e.diagnostics
            ),
        }
    }
    assert!(!root.join("public/tin/tin-so-2/index.html").exists());
    let new = root.join("content/binh-dang-gioi/moi.md");
    std::fs::write(&new, "---\ntitle: Mới\nsummary: x\n---\nx\n").unwrap();
    edit(
        root,
        "content/tin/b1.md",
        "title: Tin số 0",
        "title: Tin số 1",
    );
    assert!(s.update(&[new]).unwrap().full);
    assert_as_full_build(root, "a new file");
}

/// A front-matter edit that names a document the site does not have is reported at its
/// place, and the output is left as it was.
#[test]
fn a_front_matter_edit_naming_no_document_is_reported_where_it_is() {
    let site = news_site();
    let root = site.path();
    let mut s = Session::new(opts(root));
    s.update(&[]).unwrap();
    let before = tree(&root.join("public"));
    edit(
        root,
        "content/tin/b1.md",
        "tags: [gia đình]",
        "documents: [khong-co]\ntags: [gia đình]",
    );
    let err = s.update(&[root.join("content/tin/b1.md")]).unwrap_err();
    let d = err.diagnostics.iter().find(|d| d.is_error()).unwrap();
    assert_eq!(d.location(), "content/tin/b1.md:5:13", "{d}");
    assert!(d.message.contains("khong-co"), "{d}");
    assert_eq!(before, tree(&root.join("public")), "nothing written");
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
