//! `loa new`: the page's file name from its Vietnamese title, today's date, commented front
//! matter that builds as it is, new sections, documents, and never overwriting.

use crate::support::*;

fn today() -> String {
    loa::text::Date::today().to_string()
}

#[test]
fn new_page_gets_a_vietnamese_slug_and_builds() {
    let site = copy_fixture("serve-basic");
    let (code, out, err) = run_loa(
        site.path(),
        &["new", "bai-viet/Vai trò của nam giới trong gia đình"],
    );
    assert_eq!(code, 0, "{out}{err}");
    let rel = "content/bai-viet/vai-tro-cua-nam-gioi-trong-gia-dinh.md";
    assert!(out.contains(rel), "{out}");
    let text = std::fs::read_to_string(site.path().join(rel)).unwrap();
    assert!(
        text.contains("title: \"Vai trò của nam giới trong gia đình\""),
        "{text}"
    );
    assert!(text.contains(&format!("date: {}", today())), "{text}");
    assert!(
        text.contains("# Tiêu đề của trang (bắt buộc)."),
        "comments in the site's language: {text}"
    );
    for key in [
        "summary:",
        "kind: topic",
        "tags:",
        "audience:",
        "documents:",
        "weight:",
        "draft: false",
    ] {
        assert!(text.contains(key), "{key} in {text}");
    }
    let (code, out, err) = run_loa(site.path(), &["build", "--no-booklets"]);
    assert_eq!(code, 0, "the new page builds as it is: {out}{err}");
    assert!(site
        .path()
        .join("public/bai-viet/vai-tro-cua-nam-gioi-trong-gia-dinh/index.html")
        .is_file());
}

#[test]
fn new_page_in_a_new_section_creates_its_index() {
    let site = copy_fixture("serve-basic");
    let (code, out, err) = run_loa(
        site.path(),
        &[
            "new",
            "Phòng chống bạo lực gia đình/Gọi ai khi cần giúp đỡ?",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let dir = site.path().join("content/phong-chong-bao-luc-gia-dinh");
    let index = std::fs::read_to_string(dir.join("_index.md")).unwrap();
    assert!(
        index.contains("title: \"Phòng chống bạo lực gia đình\""),
        "{index}"
    );
    assert!(dir.join("goi-ai-khi-can-giup-do.md").is_file());
    let (code, out, err) = run_loa(site.path(), &["build", "--no-booklets"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn new_refuses_to_overwrite_a_page() {
    let site = copy_fixture("serve-basic");
    let page = site.path().join("content/bai-viet/xin-chao.md");
    let before = std::fs::read(&page).unwrap();
    // "Xin chào" gives xin-chao.md, which the fixture already has.
    let (code, out, err) = run_loa(site.path(), &["new", "bai-viet/Xin chào"]);
    assert_eq!(code, 1, "{out}{err}");
    let all = format!("{out}{err}");
    assert!(
        all.contains("đã có trang content/bai-viet/xin-chao.md"),
        "{all}"
    );
    assert!(all.contains("gợi ý:"), "{all}");
    assert_eq!(
        std::fs::read(&page).unwrap(),
        before,
        "the page is untouched"
    );
}

#[test]
fn new_document_has_the_document_skeleton() {
    let site = copy_fixture("serve-basic");
    // The title has slashes of its own; `bai-viet` is the existing folder.
    let (code, out, err) = run_loa(
        site.path(),
        &[
            "new",
            "--kind",
            "document",
            "bai-viet/Thông tư 131/2021/TT-BQP",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    let path = site
        .path()
        .join("content/bai-viet/thong-tu-131-2021-tt-bqp.md");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("title: \"Thông tư 131/2021/TT-BQP\""),
        "{text}"
    );
    for key in [
        "kind: document",
        "number:",
        "doc_type:",
        "issuer:",
        "issued:",
        "effective:",
        "expires:",
        "amends:",
        "replaces:",
        "mentions:",
    ] {
        assert!(text.contains(key), "{key} in {text}");
    }
    assert!(text.contains("# Số hiệu"), "{text}");
    // The number is required: the build says so, and builds once it is filled in.
    let (code, _, err) = run_loa(site.path(), &["build", "--no-booklets"]);
    assert_eq!(code, 1);
    assert!(err.contains("number"), "{err}");
    std::fs::write(
        &path,
        text.replace("number: \"\"", "number: \"131/2021/TT-BQP\""),
    )
    .unwrap();
    let (code, out, err) = run_loa(site.path(), &["build", "--no-booklets"]);
    assert_eq!(code, 0, "{out}{err}");
}

#[test]
fn new_speaks_english_on_request() {
    let site = copy_fixture("serve-basic");
    let (code, out, err) = run_loa(site.path(), &["--lang", "en", "new", "bai-viet/Giới thiệu"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("Created: content/bai-viet/gioi-thieu.md"),
        "{out}"
    );
    let text = std::fs::read_to_string(site.path().join("content/bai-viet/gioi-thieu.md")).unwrap();
    assert!(text.contains("# The page title (required)."), "{text}");
}
