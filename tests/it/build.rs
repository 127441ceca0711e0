//! `loa build` on small fixture sites: links that work from any path, determinism, atomicity,
//! and one fixture per kind of bad input with its message and `file:line:col`.

use crate::support::*;
use loa::{build, BuildOptions};
use std::path::Path;

fn opts(root: &Path) -> BuildOptions {
    let mut o = BuildOptions::new(root);
    o.booklets = false;
    o
}

/// Resolves every `href` and `src` of every HTML file to a file in the output: then the site
/// works at `/`, under any sub-path and from `file://`.
pub(crate) fn crawl(out: &Path) -> usize {
    let mut checked = 0;
    for (rel, bytes) in snapshot(out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8(bytes).unwrap();
        let dir = Path::new(&rel).parent().unwrap().to_path_buf();
        for v in attr_values(&html, "href")
            .into_iter()
            .chain(attr_values(&html, "src"))
        {
            let v = v.replace("&amp;", "&");
            assert!(!v.starts_with('/'), "{rel}: link `{v}` starts with /");
            if v.starts_with("https://") || v.starts_with("mailto:") || v.starts_with('#') {
                continue;
            }
            assert!(
                !v.contains(':'),
                "{rel}: link `{v}` has a scheme the author did not write"
            );
            let path = v.split('#').next().unwrap().split('?').next().unwrap();
            let target = out.join(&dir).join(path);
            assert!(
                target.is_file(),
                "{rel}: `{v}` does not resolve to a file ({})",
                target.display()
            );
            checked += 1;
        }
    }
    checked
}

#[test]
fn every_link_resolves_to_a_file() {
    let site = copy_fixture("basic");
    let report = build(&opts(site.path())).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let n = crawl(&site.path().join("public"));
    assert!(n > 50, "only {n} links checked");
}

#[test]
fn pages_land_at_their_slug_with_relative_links() {
    let site = copy_fixture("basic");
    build(&opts(site.path())).unwrap();
    let out = site.path().join("public");
    let page =
        std::fs::read_to_string(out.join("binh-dang-gioi/khai-niem-co-ban/index.html")).unwrap();
    // Mention of a document becomes a link; .md link rewritten with its anchor; figure; alert; footnote.
    assert!(
        page.contains(
            r#"<a class="doc-ref" href="../../van-ban/nq-11-nq-tw/index.html">Nghị quyết 11</a>"#
        ),
        "{page}"
    );
    assert!(page.contains(r#"href="../../van-ban/nq-11-nq-tw/index.html#muc-tieu""#));
    assert!(page.contains(
        r#"<figure class="figure"><img src="../../binh-dang-gioi/hinh/so-do.svg" alt="Sơ đồ giới""#
    ));
    assert!(page.contains("<figcaption>Sơ đồ: giới và giới tính</figcaption>"));
    assert!(page.contains(
        r#"<div class="alert alert-note" role="note"><p class="alert-title">Ghi chú</p>"#
    ));
    assert!(page.contains(r##"<a href="#fn-1" id="fnref-1" role="doc-noteref">1</a>"##));
    assert!(page.contains(r##"<li id="fn-1"><p>Chú thích một. <a href="#fnref-1""##));
    assert!(page.contains(r#"<h2 id="gioi-la-gi">"#));
    assert!(
        page.contains(r#"class="hl-"#) || page.contains("hl-source"),
        "code not highlighted"
    );
    // An alias redirect, relative too.
    let alias = std::fs::read_to_string(out.join("bai-cu/khai-niem/index.html")).unwrap();
    assert!(
        alias.contains(r#"url=../../binh-dang-gioi/khai-niem-co-ban/index.html"#),
        "{alias}"
    );
    // Feed and sitemap use base_url; robots.txt names the sitemap.
    assert!(std::fs::read_to_string(out.join("sitemap.xml"))
        .unwrap()
        .contains("https://intranet.example/bdg/binh-dang-gioi/khai-niem-co-ban/"));
    assert!(std::fs::read_to_string(out.join("atom.xml"))
        .unwrap()
        .contains("<title>Khái niệm cơ bản</title>"));
    assert!(out.join("robots-extra.txt").is_file(), "static/ copied");
    // Pagination: 3 pages, 2 per list page.
    assert!(out.join("binh-dang-gioi/trang/2/index.html").is_file());
}

#[test]
fn nfd_and_old_tone_placement_give_the_same_slug_and_ids() {
    let site = copy_fixture("basic");
    build(&opts(site.path())).unwrap();
    // Title "Hoà giải ở cơ sở" written in NFD with the old tone placement.
    let page = std::fs::read_to_string(
        site.path()
            .join("public/binh-dang-gioi/hoa-giai-o-co-so/index.html"),
    )
    .unwrap();
    assert!(page.contains(r#"<h2 id="hoa-giai-o-co-so">"#));
    assert!(
        page.contains("<h1>Hoà giải ở cơ sở</h1>"),
        "title is NFC in the output"
    );
}

#[test]
fn documents_show_relations_and_replaced_banner() {
    let site = copy_fixture("basic");
    build(&opts(site.path())).unwrap();
    let out = site.path().join("public");
    let old = std::fs::read_to_string(out.join("van-ban/luat-cu/index.html")).unwrap();
    assert!(
        old.contains("banner-replaced"),
        "replaced document has a banner"
    );
    assert!(old.contains("../../van-ban/luat-moi/index.html"));
    let nq = std::fs::read_to_string(out.join("van-ban/nq-11-nq-tw/index.html")).unwrap();
    assert!(
        nq.contains("../../binh-dang-gioi/khai-niem-co-ban/index.html"),
        "citing page listed"
    );
    assert!(nq.contains("ngày 27 tháng 4 năm 2007"));
    let index = std::fs::read_to_string(out.join("danh-muc-van-ban/index.html")).unwrap();
    assert!(
        index.contains("Nghị quyết")
            && index.contains("Bộ Chính trị (khóa X)")
            && index.contains("2007")
    );
}

#[test]
fn two_builds_are_byte_identical() {
    let site = copy_fixture("basic");
    build(&opts(site.path())).unwrap();
    let first = snapshot(&site.path().join("public"));
    build(&opts(site.path())).unwrap();
    assert_eq!(first, snapshot(&site.path().join("public")));
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let site = copy_fixture("basic");
    build(&opts(site.path())).unwrap();
    let before = snapshot(&site.path().join("public"));
    std::fs::write(
        site.path().join("content/binh-dang-gioi/thu-ba.md"),
        "---\ntitle: X\ndate: 22/11/2022\n---\n[x](khong.md)\n",
    )
    .unwrap();
    let err = build(&opts(site.path())).unwrap_err();
    assert_eq!(
        err.diagnostics.iter().filter(|d| d.is_error()).count(),
        1,
        "front matter error reported: {:?}",
        err.diagnostics
    );
    assert_eq!(before, snapshot(&site.path().join("public")));
    let leftovers = names_in(site.path(), |n| n.contains("loa-"));
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

/// The pages are written into the staging folder while their Markdown is rendered: a build that
/// fails then (a broken link on one page, the others already written) or later (an old address
/// taken by another page, found while the lists are written) still leaves the previous output
/// as it was, and no staging folder behind.
#[test]
fn a_build_failing_after_its_pages_were_written_leaves_the_previous_output_untouched() {
    let site = copy_fixture("basic");
    build(&opts(site.path())).unwrap();
    let public = site.path().join("public");
    let before = snapshot(&public);
    let page = site.path().join("content/binh-dang-gioi/thu-ba.md");
    let original = std::fs::read_to_string(&page).unwrap();
    for (bad, code) in [
        (format!("{original}\n[x](khong-co.md)\n"), "broken-link"),
        (
            original.replacen(
                "---\n",
                "---\naliases: [binh-dang-gioi/khai-niem-co-ban/]\n",
                1,
            ),
            "alias",
        ),
    ] {
        std::fs::write(&page, &bad).unwrap();
        let err = build(&opts(site.path())).unwrap_err();
        let errors: Vec<_> = err.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        assert_eq!(errors[0].code, code, "{}", errors[0]);
        assert_eq!(before, snapshot(&public), "the old output changed ({code})");
        let leftovers = names_in(site.path(), |n| n.contains("loa-"));
        assert!(leftovers.is_empty(), "staging left behind: {leftovers:?}");
    }
    // Fixed, the page builds again.
    std::fs::write(&page, &original).unwrap();
    build(&opts(site.path())).unwrap();
}

/// `loa build` drops each page's body once the page is written; a problem found after that
/// (a `#anchor` checked once every page is rendered, an old address taken by another page) is
/// still reported on its line, with the line shown, and the old output stays as it was.
#[test]
fn problems_found_after_the_bodies_are_dropped_still_show_their_line() {
    let site = copy_fixture("basic");
    build(&opts(site.path())).unwrap();
    let public = site.path().join("public");
    let before = snapshot(&public);
    let page = site.path().join("content/binh-dang-gioi/thu-ba.md");
    let original = std::fs::read_to_string(&page).unwrap();
    let anchor = format!("{original}\nXem [mục](khai-niem.md#khong-co).\n");
    let alias = original.replacen(
        "weight: 3\n",
        "weight: 3\naliases: [bai-cu/khai-niem/]\n",
        1,
    );
    for (bad, code, line, shown) in [
        (
            anchor,
            "broken-anchor",
            8,
            "Xem [mục](khai-niem.md#khong-co).",
        ),
        (alias, "alias", 5, "aliases: [bai-cu/khai-niem/]"),
    ] {
        std::fs::write(&page, &bad).unwrap();
        let err = build(&opts(site.path())).unwrap_err();
        let errors: Vec<_> = err.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert_eq!(errors.len(), 1, "{errors:?}");
        let d = errors[0];
        assert_eq!(d.code, code, "{d}");
        assert_eq!(
            d.path,
            std::path::Path::new("content/binh-dang-gioi/thu-ba.md")
        );
        assert_eq!(d.line, line, "{d}");
        assert_eq!(d.source_line.as_deref(), Some(shown), "{d}");
        assert_eq!(before, snapshot(&public), "the old output changed ({code})");
    }
}

/// Builds a bad fixture and returns its first error.
fn first_error(name: &str) -> loa::diagnostic::Diagnostic {
    let site = copy_fixture(name);
    let err = build(&opts(site.path())).expect_err("the build must fail");
    assert!(!site.path().join("public").exists(), "nothing written");
    err.diagnostics.into_iter().find(|d| d.is_error()).unwrap()
}

fn assert_at(d: &loa::diagnostic::Diagnostic, loc: &str, words: &str) {
    assert_eq!(d.location(), loc, "{d}");
    assert!(
        d.message.contains(words),
        "message `{}` lacks `{words}`",
        d.message
    );
    assert!(d.hint.is_some(), "no hint: {d}");
}

#[test]
fn broken_yaml() {
    let d = first_error("bad-broken-yaml");
    assert!(d.location().starts_with("content/a.md:"), "{d}");
    assert!(d.line >= 2, "{d}");
}

#[test]
fn unknown_key_with_did_you_mean() {
    let d = first_error("bad-unknown-key");
    assert_at(&d, "content/a.md:3:1", "unknown key `tittle`");
    assert!(d.hint.unwrap().contains("`title`"));
}

#[test]
fn duplicated_key() {
    assert_at(
        &first_error("bad-duplicate-key"),
        "content/a.md:4:1",
        "given twice",
    );
}

#[test]
fn day_first_date() {
    let d = first_error("bad-day-first-date");
    assert_at(&d, "content/a.md:3:7", "YYYY-MM-DD");
    assert!(d.hint.unwrap().contains("2022-11-22"));
}

#[test]
fn tags_given_as_text() {
    let d = first_error("bad-tags-as-text");
    assert_at(&d, "content/a.md:3:7", "expected a sequence");
}

#[test]
fn invalid_utf8_names_the_byte_offset() {
    let d = first_error("bad-invalid-utf8");
    assert_at(&d, "content/a.md:4:4", "byte offset 20");
}

#[test]
fn unclosed_front_matter() {
    assert_at(
        &first_error("bad-unclosed-front-matter"),
        "content/a.md:1:1",
        "never closed",
    );
}

#[test]
fn slug_collision_names_both_files() {
    let d = first_error("bad-slug-collision");
    assert!(
        d.message.contains("content/hai.md") || d.message.contains("content/mot.md"),
        "{d}"
    );
    assert!(d.message.contains("hoa-binh/index.html"), "{d}");
}

#[test]
fn broken_md_link() {
    assert_at(
        &first_error("bad-broken-link"),
        "content/a.md:4:5",
        "`khong-co.md` leads nowhere",
    );
}

#[test]
fn missing_anchor() {
    let d = first_error("bad-missing-anchor");
    assert_at(&d, "content/a.md:6:5", "`#khong-co` does not exist");
}

#[test]
fn unknown_document_id() {
    assert_at(
        &first_error("bad-unknown-document"),
        "content/a.md:3:13",
        "no document with that id",
    );
}

#[test]
fn all_problems_of_a_build_at_once_and_exit_code_1() {
    let site = copy_fixture("basic");
    std::fs::write(site.path().join("content/x.md"), "---\ntittle: A\n---\n").unwrap();
    std::fs::write(
        site.path().join("content/y.md"),
        "---\ntitle: B\n---\n[a](nowhere.md)\n",
    )
    .unwrap();
    let (code, _out, err) = run_loa(site.path(), &["build", "--lang", "en"]);
    assert_eq!(code, 1);
    assert!(err.contains("--> content/x.md:2:1"), "{err}");
    assert!(err.contains("--> content/y.md:4:1"), "{err}");
    assert!(
        err.contains("2 | tittle: A\n  | ^"),
        "caret under the key: {err}"
    );
}

#[test]
fn links_to_a_page_with_broken_front_matter_are_not_reported_twice() {
    let site = copy_fixture("basic");
    // khai-niem.md is linked from the home page; break its front matter only.
    let path = site.path().join("content/binh-dang-gioi/khai-niem.md");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("date: 2026-11-01", "date: 01/11/2026");
    std::fs::write(&path, text).unwrap();
    let err = build(&opts(site.path())).unwrap_err();
    let errors: Vec<String> = err
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.location())
        .collect();
    assert_eq!(
        errors,
        ["content/binh-dang-gioi/khai-niem.md:4:7"],
        "{:?}",
        err.diagnostics
    );
}

#[test]
fn messages_follow_the_site_language_at_the_same_place() {
    let site = copy_fixture("bad-unknown-key");
    let config = site.path().join("loa.yaml");
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("language: en", "language: vi");
    std::fs::write(&config, text).unwrap();

    let (code, out, vi) = run_loa(site.path(), &["build", "--no-booklets"]);
    assert_eq!(code, 1, "{out}{vi}");
    assert!(vi.contains("lỗi: khóa `tittle` không hợp lệ\n"), "{vi}");
    assert!(vi.contains("  --> content/a.md:3:1\n"), "{vi}");
    assert!(vi.contains("3 | tittle: B\n  | ^"), "{vi}");
    assert!(vi.contains("= gợi ý: có phải ý bạn là `title`?"), "{vi}");
    assert!(!vi.contains("unknown key"), "{vi}");

    let (code, out, en) = run_loa(site.path(), &["build", "--no-booklets", "--lang", "en"]);
    assert_eq!(code, 1, "{out}{en}");
    assert!(en.contains("error: unknown key `tittle`\n"), "{en}");
    assert!(en.contains("  --> content/a.md:3:1\n"), "{en}");
    assert!(en.contains("= hint: did you mean `title`?"), "{en}");
    assert!(!en.contains("không hợp lệ"), "{en}");
}

#[test]
fn plain_text_keeps_words_of_definition_lists_apart() {
    let site = copy_fixture("basic");
    std::fs::write(
        site.path().join("content/dinh-nghia.md"),
        "---\ntitle: Định nghĩa\nsummary: x\n---\nGiới\n: Vị trí của nam và nữ.\n\nGiới tính\n: Đặc điểm sinh học.\n",
    )
    .unwrap();
    let config = loa::config::Config::load(site.path()).unwrap();
    let (s, _) = loa::content::load(site.path(), config, &loa::content::LoadOptions::default());
    let rendered = loa::render::render_markdown(&s);
    let i = s.by_rel["dinh-nghia.md"];
    let text: String = rendered.pages[i]
        .sections
        .iter()
        .map(|x| x.text.as_str())
        .collect();
    assert!(
        text.contains("Giới Vị trí của nam và nữ. Giới tính Đặc điểm"),
        "{text}"
    );
}

#[test]
fn template_errors_name_the_template_and_line() {
    let site = copy_fixture("basic");
    let theme = site.path().join("themes/default");
    copy_dir(&repo().join("themes/default"), &theme);
    let page = theme.join("templates/page.html");
    let text = std::fs::read_to_string(&page).unwrap().replacen(
        "{{ page.title }}</h1>",
        "{{ page.missing_field }}</h1>",
        1,
    );
    std::fs::write(&page, text).unwrap();
    let err = build(&opts(site.path())).unwrap_err();
    let d = err
        .diagnostics
        .iter()
        .find(|d| d.code == "template")
        .expect("a template error");
    assert_eq!(
        d.path,
        Path::new("themes/default/templates/page.html"),
        "{d}"
    );
    assert!(
        d.message.contains("missing_field") && d.message.contains("page.html:"),
        "{}",
        d.message
    );
}
