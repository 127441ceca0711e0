//! The chapter-tail rule over the shipped booklets, A5 as shipped and set on A4: a chapter
//! longer than one page never ends on a page that holds only its closing block (the related
//! documents, a "Liên quan" or "Xem thêm" list) or fewer than four lines. And a short tail is
//! taken back onto the page before by tightening the chapter, where that works.

use crate::support::*;
use std::path::Path;

/// Whether page `p` has a running head: text in the top margin (13 mm of an A5 page, 19 mm
/// of an A4 one; 72 dpi).
fn has_running_head(pdf: &Path, p: usize, a4: bool) -> bool {
    let p = p.to_string();
    let (w, h) = if a4 { ("595", "54") } else { ("420", "37") };
    let top = poppler(
        "pdftotext",
        pdf,
        &[
            "-f", &p, "-l", &p, "-x", "0", "-y", "0", "-W", w, "-H", h, "-",
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

/// The shipped site in a temporary folder with its A5 booklets set on A4.
fn shipped_on_a4() -> tempfile::TempDir {
    let site = tempfile::tempdir().unwrap();
    for dir in ["content", "booklets"] {
        copy_dir(&repo().join(dir), &site.path().join(dir));
    }
    std::fs::copy(repo().join("loa.yaml"), site.path().join("loa.yaml")).unwrap();
    for entry in std::fs::read_dir(site.path().join("booklets")).unwrap() {
        let file = entry.unwrap().path();
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replace("format: a5-booklet", "format: a4")).unwrap();
    }
    site
}

#[test]
fn no_shipped_booklet_page_holds_only_a_chapters_closing_block() {
    let out = tempfile::tempdir().unwrap();
    let a4 = shipped_on_a4();
    let booklets = [
        "so-tay-binh-dang-gioi",
        "hoi-dap-phong-chong-bao-luc-gia-dinh",
    ];
    for (id, site) in booklets
        .iter()
        .flat_map(|id| [(*id, repo()), (*id, a4.path().to_path_buf())])
    {
        let on_a4 = site != repo();
        let dir = out.path().to_str().unwrap();
        let (code, stdout, err) = run_loa(&site, &["booklet", id, "--output", dir]);
        assert_eq!(code, 0, "{stdout}{err}");
        let pdf = out.path().join(format!("in-an/{id}.pdf"));
        let size = field(&poppler("pdfinfo", &pdf, &[]), "Page size:");
        assert_eq!(size.starts_with("595"), on_a4, "{id}: {size}");
        let pages: usize = field(&poppler("pdfinfo", &pdf, &[]), "Pages:")
            .parse()
            .unwrap();
        let heads: Vec<bool> = (1..=pages)
            .map(|p| has_running_head(&pdf, p, on_a4))
            .collect();
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
                "{id} (A4: {on_a4}) p.{p} holds only a chapter's closing block: {lines:#?}"
            );
        }
        assert!(
            tails >= 5,
            "{id} (A4: {on_a4}): {tails} chapter tails found"
        );
    }
}

/// The fixture booklet with one chapter of eleven long paragraphs (a full A5 page) and
/// `short` one-line paragraphs after them; returns the site and its PDF's path.
fn long_chapter(short: usize) -> (tempfile::TempDir, std::path::PathBuf) {
    let site = copy_fixture("booklet");
    let long = "Bình đẳng giới là việc nam, nữ có vị trí, vai trò ngang nhau, được tạo điều kiện \
                và cơ hội phát huy năng lực của mình cho sự phát triển của cộng đồng, của gia đình.";
    let mut body: Vec<String> = (1..=11).map(|k| format!("{long} ({k})")).collect();
    body.extend((1..=short).map(|k| format!("Đoạn cuối số {k}, ngắn thôi.")));
    std::fs::write(
        site.path().join("content/so-tay/dai.md"),
        format!("---\ntitle: \"Bài dài\"\n---\n\n{}\n", body.join("\n\n")),
    )
    .unwrap();
    std::fs::write(
        site.path().join("booklets/dai.yaml"),
        "title: \"Dài\"\nformat: a5-booklet\npages:\n  - page: so-tay/dai.md\n",
    )
    .unwrap();
    let (code, out, err) = run_loa(site.path(), &["booklet", "dai"]);
    assert_eq!(code, 0, "{out}{err}");
    let pdf = site.path().join("public/in-an/dai.pdf");
    (site, pdf)
}

/// The most common distance between lines of page `p`, in points.
fn line_pitch(pdf: &Path, p: usize) -> f64 {
    let p = p.to_string();
    let html = poppler("pdftotext", pdf, &["-bbox", "-f", &p, "-l", &p, "-"]);
    let mut bottoms: Vec<i64> = html
        .split("yMax=\"")
        .skip(1)
        .map(|s| (s.split('"').next().unwrap().parse::<f64>().unwrap() * 100.0).round() as i64)
        .collect();
    bottoms.sort_unstable();
    bottoms.dedup();
    let mut counts = std::collections::BTreeMap::<i64, usize>::new();
    for pair in bottoms.windows(2) {
        *counts.entry(pair[1] - pair[0]).or_default() += 1;
    }
    let (pitch, _) = counts.iter().max_by_key(|(_, n)| **n).unwrap();
    *pitch as f64 / 100.0
}

#[test]
fn a_short_chapter_tail_is_tightened_back_onto_the_page_before() {
    // Cover, inside cover, contents, the chapter from page 4, back cover.
    let (_full, full) = long_chapter(0);
    let normal = line_pitch(&full, 4);
    // Three more lines would make a page of their own: the chapter is set tighter instead,
    // and ends on its first page.
    let (_site, pdf) = long_chapter(3);
    assert_eq!(field(&poppler("pdfinfo", &pdf, &[]), "Pages:"), "5");
    let page = poppler("pdftotext", &pdf, &["-f", "4", "-l", "4", "-"]);
    assert!(page.contains("Đoạn cuối số 3"), "{page}");
    let tight = line_pitch(&pdf, 4);
    assert!(tight < normal - 0.3, "line pitch {tight} vs {normal}");
    // Eight lines are too many to take back: the chapter keeps its usual spacing and its
    // second page.
    let (_long, pdf) = long_chapter(8);
    assert_eq!(field(&poppler("pdfinfo", &pdf, &[]), "Pages:"), "6");
    assert!((line_pitch(&pdf, 4) - normal).abs() < 0.05);
}
