//! The chapter-tail rule over the shipped booklets: a chapter longer than one page never ends
//! on a page that holds only its closing block (the related documents, a "Liên quan" or "Xem
//! thêm" list) or fewer than four lines.

use crate::support::*;
use std::path::Path;

/// Whether page `p` has a running head: text in the top 13 mm (A5 pages, 72 dpi).
fn has_running_head(pdf: &Path, p: usize) -> bool {
    let p = p.to_string();
    let top = poppler(
        "pdftotext",
        pdf,
        &[
            "-f", &p, "-l", &p, "-x", "0", "-y", "0", "-W", "420", "-H", "37", "-",
        ],
    );
    top.chars().any(|c| !c.is_whitespace())
}

/// The lines of page `p` without the running head and the page number.
fn content_lines(pdf: &Path, p: usize) -> Vec<String> {
    let p = p.to_string();
    let text = poppler("pdftotext", pdf, &["-layout", "-f", &p, "-l", &p, "-"]);
    let lines: Vec<String> = text
        .lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect();
    lines[1..lines.len().saturating_sub(1)].to_vec()
}

#[test]
fn no_shipped_booklet_page_holds_only_a_chapters_closing_block() {
    let out = tempfile::tempdir().unwrap();
    let booklets = [
        "so-tay-binh-dang-gioi",
        "hoi-dap-phong-chong-bao-luc-gia-dinh",
    ];
    for id in booklets {
        let dir = out.path().to_str().unwrap();
        let (code, stdout, err) = run_loa(&repo(), &["booklet", id, "--output", dir]);
        assert_eq!(code, 0, "{stdout}{err}");
        let pdf = out.path().join(format!("in-an/{id}.pdf"));
        let pages: usize = field(&poppler("pdfinfo", &pdf, &[]), "Pages:")
            .parse()
            .unwrap();
        let heads: Vec<bool> = (1..=pages).map(|p| has_running_head(&pdf, p)).collect();
        let mut tails = 0;
        // A chapter's last page: it has a running head (it is not the chapter's first page)
        // and the next page has none (a new chapter, the answer key or the back cover).
        for p in 4..pages {
            if !heads[p - 1] || heads[p] {
                continue;
            }
            tails += 1;
            let lines = content_lines(&pdf, p);
            let first = lines.first().map_or("", String::as_str);
            assert!(
                lines.len() >= 4
                    && !["Văn bản liên quan", "Liên quan", "Xem thêm"].contains(&first),
                "{id} p.{p} holds only a chapter's closing block: {lines:#?}"
            );
        }
        assert!(tails >= 5, "{id}: {tails} chapter tails found");
    }
}
