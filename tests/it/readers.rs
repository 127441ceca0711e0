//! Readers first (issue 10), on the built output: the quick exit and its neutral page, hotlines as
//! `tel:` links on every page, highlight.css only where there is code, WOFF2 web fonts only, tag
//! headings and the short home label in breadcrumbs. The browser side (Back, Escape twice, axe,
//! 404 at any depth) is in `tests/browser/readers.test.js` and `a11y.test.js`.

use crate::support::*;
use loa::{build, BuildOptions};
use std::path::Path;

const HELP: &str = "help:\n  - { label: \"Công an\", number: \"113\" }\n  - { label: \"Bảo vệ trẻ em\", number: \"111\", note: \"miễn phí, 24/7\" }\n";

/// Builds a copy of the basic fixture with `extra` appended to its loa.yaml.
fn built(extra: &str) -> tempfile::TempDir {
    let site = copy_fixture("basic");
    let cfg = site.path().join("loa.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    std::fs::write(&cfg, format!("{text}{extra}")).unwrap();
    let mut o = BuildOptions::new(site.path());
    o.booklets = false;
    if let Err(f) = build(&o) {
        panic!("{:?}", f.diagnostics);
    }
    site
}

fn read(site: &Path, rel: &str) -> String {
    std::fs::read_to_string(site.join("public").join(rel)).unwrap()
}

/// The site's HTML pages, without alias redirects and the neutral page.
fn pages(site: &Path) -> Vec<(String, String)> {
    snapshot(&site.join("public"))
        .into_iter()
        .filter(|(rel, _)| rel.ends_with(".html") && !rel.starts_with("thoat/"))
        .map(|(rel, b)| (rel, String::from_utf8(b).unwrap()))
        .filter(|(_, html)| !html.contains("http-equiv=\"refresh\""))
        .collect()
}

#[test]
fn quick_exit_is_on_by_default_with_a_neutral_page_and_hotlines_on_every_page() {
    let site = built(HELP);
    let neutral = read(site.path(), "thoat/index.html");
    assert!(neutral.contains("<title>Thẻ mới</title>"), "{neutral}");
    assert!(
        !neutral.contains("Trang thử") && !neutral.contains("<a "),
        "the neutral page names nothing of the site: {neutral}"
    );
    let all = pages(site.path());
    assert!(all.len() > 10);
    for (rel, html) in &all {
        let exit = format!(
            "class=\"quick-exit\" href=\"{}thoat/index.html\"",
            "../".repeat(rel.matches('/').count())
        );
        assert!(html.contains(&exit), "{rel} lacks `{exit}`");
        assert!(
            html.find("data-quick-exit") < html.find("class=\"brand\""),
            "{rel}: the quick exit comes before anything else in the header"
        );
        assert!(
            html.matches("href=\"tel:113\"").count() == 2 && html.contains("href=\"tel:111\""),
            "{rel}: the hotlines in the help bar and the footer"
        );
    }
    assert!(
        all[0].1.contains("miễn phí, 24/7"),
        "the note shows in the footer"
    );
}

#[test]
fn quick_exit_can_be_turned_off_or_sent_elsewhere() {
    let off = built("quick_exit: false\n");
    assert!(!off.path().join("public/thoat").exists());
    for (rel, html) in pages(off.path()) {
        assert!(!html.contains("data-quick-exit"), "{rel}");
        assert!(!html.contains("tel:"), "{rel}: no help lines configured");
    }
    let away = built("quick_exit: { target: \"https://thoitiet.example/\" }\n");
    assert!(!away.path().join("public/thoat").exists());
    let html = read(away.path(), "binh-dang-gioi/khai-niem-co-ban/index.html");
    assert!(html.contains("class=\"quick-exit\" href=\"https://thoitiet.example/\""));
}

#[test]
fn a_help_number_that_cannot_be_dialled_fails_the_build_at_its_line() {
    let site = copy_fixture("basic");
    let cfg = site.path().join("loa.yaml");
    let text = std::fs::read_to_string(&cfg).unwrap();
    let line = text.lines().count() + 3;
    std::fs::write(
        &cfg,
        format!("{text}help:\n  - label: Công an\n    number: gọi 113\n"),
    )
    .unwrap();
    let (code, _, err) = run_loa(site.path(), &["build", "--no-booklets"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("loa.yaml:{line}:13")), "{err}");
    assert!(err.contains("số điện thoại"), "{err}");
}

#[test]
fn highlight_css_only_on_pages_with_code() {
    let site = built("");
    let with_code = read(site.path(), "binh-dang-gioi/khai-niem-co-ban/index.html");
    assert!(
        with_code.contains("class=\"hl-"),
        "the fixture page has highlighted code"
    );
    assert!(with_code.contains("static/css/highlight.css"));
    let without = read(site.path(), "binh-dang-gioi/hoa-giai-o-co-so/index.html");
    assert!(!without.contains("highlight.css"));
    assert!(!read(site.path(), "index.html").contains("highlight.css"));
    assert!(site
        .path()
        .join("public/static/css/highlight.css")
        .is_file());
}

#[test]
fn web_fonts_are_woff2_subsets_and_the_ttfs_stay_for_print() {
    let site = built("");
    let mut fonts: Vec<String> = std::fs::read_dir(site.path().join("public/static/fonts"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    fonts.sort();
    assert_eq!(
        fonts,
        [
            "NotoSans-Bold.woff2",
            "NotoSans-Italic.woff2",
            "NotoSans-Regular.woff2",
            "OFL.txt"
        ]
    );
    let css = read(site.path(), "static/css/site.css");
    assert!(!css.contains(".ttf"), "the site's CSS names no TTF");
    for f in &fonts[..3] {
        let bytes = std::fs::read(site.path().join("public/static/fonts").join(f)).unwrap();
        assert_eq!(&bytes[..4], b"wOF2", "{f} is WOFF2");
        assert!(bytes.len() < 40 * 1024, "{f}: {} bytes", bytes.len());
    }
}

#[test]
fn tag_headings_start_upper_case_and_breadcrumbs_start_at_a_short_home_label() {
    let site = built("");
    let tag = read(site.path(), "tags/gioi/index.html");
    assert!(tag.contains("<h1>Giới</h1>"), "{tag}");
    let page = read(site.path(), "binh-dang-gioi/khai-niem-co-ban/index.html");
    let crumbs = &page[page.find("class=\"breadcrumbs\"").unwrap()..];
    let first = &crumbs[crumbs.find("<li>").unwrap()..crumbs.find("</li>").unwrap()];
    assert!(first.ends_with(">Trang chủ</a>"), "{first}");
    assert!(page.contains("rel=\"icon\" href=\"../../static/favicon.svg\""));
    assert!(site.path().join("public/static/favicon.svg").is_file());
}
