//! The slides PDF of a deck (`kind: slides`): `in-an/<slug>-trinh-chieu.pdf`, 16:9, one page
//! per slide with its title, and the A4 handout with the speaker notes (`-ghi-chu.pdf`), both
//! listed on the "Tài liệu in" page; a slide whose text does not fit
//! fails the build with the slide's title and line.

use crate::support::*;

#[test]
fn a_deck_becomes_a_16_9_pdf_with_one_page_per_slide() {
    let site = copy_fixture("slides");
    let report = loa::build(&loa::BuildOptions::new(site.path()))
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let pdf = site
        .path()
        .join("public/in-an/bai-giang-thu-trinh-chieu.pdf");
    let info = poppler("pdfinfo", &pdf, &[]);
    assert_eq!(field(&info, "Pages:"), "3", "{info}");
    // "Page size:       960.009 x 540 pts"
    let size = field(&info, "Page size:");
    let dims: Vec<f64> = size
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(dims.len(), 2, "{size}");
    assert!((dims[0] / dims[1] - 16.0 / 9.0).abs() < 0.01, "{size}");

    // Each page holds its slide's title and text; the speaker notes are not on the slides.
    let text = poppler("pdftotext", &pdf, &["-"]);
    let pages: Vec<&str> = text.split('\u{c}').collect();
    for (k, (title, body)) in [
        ("Mở đầu", "Chào mừng mọi người."),
        ("Nội dung", "Ý thứ hai"),
        ("Kết thúc", "Cảm ơn."),
    ]
    .iter()
    .enumerate()
    {
        assert!(
            pages[k].contains(title) && pages[k].contains(body),
            "page {k}: {}",
            pages[k]
        );
        let compact: String = pages[k].split_whitespace().collect();
        assert!(compact.contains(&format!("{}/3", k + 1)), "{}", pages[k]);
    }
    assert!(
        !text.contains("Giới thiệu bản thân"),
        "notes are not on the slides"
    );

    // The handout: A4, every slide with its speaker notes.
    let handout = site.path().join("public/in-an/bai-giang-thu-ghi-chu.pdf");
    let info = poppler("pdfinfo", &handout, &[]);
    assert!(field(&info, "Page size:").ends_with("(A4)"), "{info}");
    let text = poppler("pdftotext", &handout, &["-"]);
    let compact: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    for needle in [
        "Mở đầu",
        "Nội dung",
        "Kết thúc",
        "Ghi chú cho người trình bày Giới thiệu bản thân. Hỏi mọi người một câu.",
    ] {
        assert!(compact.contains(needle), "{needle}: {compact}");
    }

    // Listed on the "Tài liệu in" page, with its page on the site.
    let list = std::fs::read_to_string(site.path().join("public/in-an/index.html")).unwrap();
    assert!(list.contains("Bài trình chiếu"), "{list}");
    assert!(
        list.contains(
            "href=\"../in-an/bai-giang-thu-trinh-chieu.pdf\" download>Tải bản trình chiếu (16:9)"
        ),
        "{list}"
    );
    assert!(list.contains("3 trang chiếu"), "{list}");
    // The site has no booklet: the menu links the page for the deck's sake.
    let page =
        std::fs::read_to_string(site.path().join("public/bai-giang-thu/index.html")).unwrap();
    assert!(page.contains("href=\"../in-an/index.html\""), "{page}");
    assert!(
        list.contains("href=\"../in-an/bai-giang-thu-ghi-chu.pdf\" download>Tải bản kèm ghi chú"),
        "{list}"
    );
    assert!(
        list.contains("href=\"../bai-giang-thu/index.html\">Bài giảng thử</a>"),
        "{list}"
    );
}

#[test]
fn a_slide_that_does_not_fit_fails_the_build_with_its_title_and_line() {
    let site = copy_fixture("slides");
    let path = site.path().join("content/bai-giang.md");
    let source = std::fs::read_to_string(&path).unwrap();
    let long: String = (1..=20)
        .map(|i| format!("- Ý dài số {i} của trang chiếu này\n"))
        .collect();
    std::fs::write(
        &path,
        source.replace("## Nội dung\n", &format!("## Nội dung\n\n{long}")),
    )
    .unwrap();
    let err = loa::build(&loa::BuildOptions::new(site.path())).unwrap_err();
    let errors: Vec<_> = err.diagnostics.iter().collect();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let d = errors[0];
    assert!(
        d.location().ends_with("bai-giang.md:19:1"),
        "{}",
        d.location()
    );
    assert!(
        d.message.contains("slide 2 “Nội dung” does not fit"),
        "{}",
        d.message
    );
    let vi =
        d.vi.as_ref()
            .and_then(|v| v.message.clone())
            .unwrap_or_default();
    assert!(vi.contains("trang chiếu 2 “Nội dung” quá dài"), "{vi}");
    assert!(
        !site
            .path()
            .join("public/in-an/bai-giang-thu-trinh-chieu.pdf")
            .exists(),
        "no cut-off PDF is written"
    );
}
