//! Running heads from `short_title:` (DESIGN §12): the booklet's on left-hand pages, a page's on
//! the right-hand pages of its chapter; a bad one is a located error.

use crate::support::*;

/// The first line of each page's text (`pdftotext -layout`), trimmed.
fn first_lines(pdf: &std::path::Path) -> Vec<String> {
    let pages: usize = field(&poppler("pdfinfo", pdf, &[]), "Pages:")
        .parse()
        .unwrap();
    (1..=pages)
        .map(|p| {
            let p = p.to_string();
            let text = poppler("pdftotext", pdf, &["-layout", "-f", &p, "-l", &p, "-"]);
            text.lines()
                .map(str::trim)
                .find(|l| !l.is_empty())
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

const LONG: &str = "Một tiêu đề rất dài về bình đẳng giới trong các cơ quan, đơn vị";

fn site_with_short_titles(page_short: &str, booklet_short: &str) -> tempfile::TempDir {
    let site = copy_fixture("booklet");
    let mut body =
        format!("---\ntitle: \"{LONG}\"\nshort_title: \"{page_short}\"\nweight: 9\n---\n\n");
    for _ in 0..160 {
        body.push_str("Một đoạn văn bình thường về bình đẳng giới, đủ dài để sang trang.\n\n");
    }
    std::fs::write(site.path().join("content/so-tay/dai.md"), body).unwrap();
    let file = site.path().join("booklets/so-tay.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}short_title: \"{booklet_short}\"\n")).unwrap();
    site
}

#[test]
fn short_titles_are_the_running_heads() {
    let site = site_with_short_titles("Tiêu đề ngắn", "Sổ tay ngắn");
    let (code, out, err) = run_loa(site.path(), &["booklet", "so-tay", "--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    let heads = first_lines(&site.path().join("public/in-an/so-tay.pdf"));
    let left = heads
        .iter()
        .filter(|h| h.starts_with("Sổ tay ngắn"))
        .count();
    let right = heads
        .iter()
        .filter(|h| h.starts_with("Tiêu đề ngắn"))
        .count();
    assert!(left >= 2 && right >= 2, "{heads:#?}");
    // The long title opens its chapter's first page only (a heading, not a running head).
    let long = heads
        .iter()
        .filter(|h| h.starts_with("Một tiêu đề rất dài"))
        .count();
    assert!(long <= 1, "{heads:#?}");
    assert!(
        !heads.iter().any(|h| h.starts_with("Sổ tay thử")),
        "{heads:#?}"
    );
}

#[test]
fn an_empty_or_too_long_short_title_is_located() {
    let site = site_with_short_titles(" ", "Sổ tay ngắn");
    let (code, _, err) = run_loa(site.path(), &["build", "--lang", "en"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("error: `short_title` is empty\n  --> content/so-tay/dai.md:3:14"),
        "{err}"
    );
    let site = site_with_short_titles("Tiêu đề ngắn", &"rất dài ".repeat(10));
    let (code, _, err) = run_loa(site.path(), &["booklet", "so-tay", "--lang", "en"]);
    assert_eq!(code, 1, "{err}");
    let line = std::fs::read_to_string(site.path().join("booklets/so-tay.yaml"))
        .unwrap()
        .lines()
        .count();
    assert!(
        err.contains("`short_title` has 79 characters; a running head holds at most 60")
            && err.contains(&format!("--> booklets/so-tay.yaml:{line}:14")),
        "{err}"
    );
}
