//! Print-shop files with their bleed: a BleedBox around the TrimBox on every page, and a
//! booklet's cover art that fills the cover to the page's edge and runs into the bleed.

use crate::print_shop::{darkest, grey_page, pixels_in, shop_site, MM};
use crate::support::*;
use std::path::Path;

/// `pdfinfo -box` of every page: the numbers of the `name` box (`BleedBox:`), page by page.
fn boxes(pdf: &Path, name: &str) -> Vec<Vec<f64>> {
    let pages = field(&poppler("pdfinfo", pdf, &[]), "Pages:");
    let info = poppler("pdfinfo", pdf, &["-box", "-f", "1", "-l", &pages]);
    info.lines()
        .filter_map(|l| {
            let rest = l.strip_prefix("Page ")?.trim_start();
            let (_, rest) = rest.split_once(' ')?;
            rest.trim().strip_prefix(name)
        })
        .map(|numbers| {
            numbers
                .split_whitespace()
                .map(|n| n.parse().unwrap())
                .collect()
        })
        .collect()
}

/// Asserts that every page of `pdf` has the trimmed size `(w, h)` mm as its TrimBox, `bleed`
/// mm around it as its BleedBox, on a sheet with a 12 mm slug outside the bleed.
fn assert_boxes(pdf: &Path, (w, h): (f64, f64), bleed: f64) {
    let pages: usize = field(&poppler("pdfinfo", pdf, &[]), "Pages:")
        .parse()
        .unwrap();
    let edge = bleed + 12.0;
    let near = |got: &[f64], want: [f64; 4]| {
        got.len() == 4 && got.iter().zip(want).all(|(a, b)| (a - b * MM).abs() < 0.1)
    };
    let trims = boxes(pdf, "TrimBox:");
    let bleeds = boxes(pdf, "BleedBox:");
    assert_eq!((trims.len(), bleeds.len()), (pages, pages), "{pdf:?}");
    for (k, (trim, bled)) in trims.iter().zip(&bleeds).enumerate() {
        let want_trim = [edge, edge, edge + w, edge + h];
        let want_bleed = [
            edge - bleed,
            edge - bleed,
            edge + w + bleed,
            edge + h + bleed,
        ];
        assert!(near(trim, want_trim), "page {}: TrimBox {trim:?}", k + 1);
        assert!(near(bled, want_bleed), "page {}: BleedBox {bled:?}", k + 1);
    }
}

#[test]
fn every_page_of_a_print_shop_file_has_a_bleed_box_around_its_trim_box() {
    let site = shop_site("print: { bleed: 2mm }");
    std::fs::write(
        site.path().join("booklets/to-gap.yaml"),
        "title: \"Tờ gấp thử\"\nissuer: \"Ban thử\"\nformat: a4-trifold\npages:\n  - page: so-tay/bai-1.md\n\
         print: { bleed: 3mm }\n",
    )
    .unwrap();
    let (code, out, err) = run_loa(site.path(), &["booklet", "--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    let dir = site.path().join("public/in-an");
    let booklet = dir.join("so-tay-nha-in.pdf");
    assert_boxes(&booklet, (148.0, 210.0), 2.0);
    assert_boxes(&dir.join("to-gap-nha-in.pdf"), (297.0, 210.0), 3.0);
    // Written again to set the boxes, the file keeps its title, author and text.
    let info = poppler("pdfinfo", &booklet, &[]);
    assert_eq!(field(&info, "Title:"), "Sổ tay thử");
    assert_eq!(field(&info, "Author:"), "Ban thử");
    let text = poppler("pdftotext", &booklet, &["-f", "1", "-l", "1", "-"]);
    assert!(
        text.contains("Sổ tay thử") && text.contains("so-tay-nha-in.pdf"),
        "{text}"
    );
}

/// The brightest pixel in a box given in millimetres from the page's top left.
fn lightest(img: &(usize, usize, Vec<u8>), x: (f64, f64), y: (f64, f64)) -> u8 {
    pixels_in(img, x, y).max().unwrap()
}

#[test]
fn cover_art_fills_the_cover_to_the_edge_and_runs_into_the_bleed() {
    for (format, (w, h)) in [("a5-booklet", (148.0, 210.0)), ("a4", (210.0, 297.0))] {
        let site = shop_site("cover: bia.svg\nprint: { bleed: 3mm }");
        let file = site.path().join("booklets/so-tay.yaml");
        let text = std::fs::read_to_string(&file).unwrap();
        std::fs::write(&file, text.replace("a5-booklet", format)).unwrap();
        // Dark art, so that where it reaches shows in the pixels.
        std::fs::write(
            site.path().join("bia.svg"),
            r##"<svg xmlns="http://www.w3.org/2000/svg" width="420" height="595" viewBox="0 0 420 595"><rect width="420" height="595" fill="#203040"/></svg>"##,
        )
        .unwrap();
        let (code, out, err) = run_loa(site.path(), &["booklet", "so-tay", "--lang", "en"]);
        assert_eq!(code, 0, "{format}: {out}{err}");
        let dir = site.path().join("public/in-an");

        // The office file: the art reaches every edge of the cover.
        let cover = grey_page(&dir.join("so-tay.pdf"), 1);
        let (mid_x, mid_y) = (w / 2.0, h / 2.0);
        for (x, y) in [
            ((0.0, 1.0), (mid_y, mid_y + 10.0)),
            ((w - 1.5, w - 0.5), (mid_y, mid_y + 10.0)),
            ((mid_x, mid_x + 10.0), (0.0, 1.0)),
            ((mid_x, mid_x + 10.0), (h - 1.5, h - 0.5)),
        ] {
            assert!(lightest(&cover, x, y) < 90, "{format}: edge {x:?} {y:?}");
        }

        // The print-shop file: the art runs through the 3 mm bleed and stops there; the
        // inside cover (page 2) has no art in its bleed.
        let shop = dir.join("so-tay-nha-in.pdf");
        let (trim, y) = (15.0, (15.0 + mid_y + 10.0, 15.0 + mid_y + 20.0));
        let sheet = grey_page(&shop, 1);
        assert!(
            lightest(&sheet, (trim - 2.8, trim - 0.2), y) < 90,
            "{format}: bleed"
        );
        assert!(
            lightest(&sheet, (trim + w + 0.2, trim + w + 2.8), y) < 90,
            "{format}: right bleed"
        );
        assert!(
            darkest(&sheet, (trim - 5.0, trim - 3.5), y) > 240,
            "{format}: beyond the bleed"
        );
        let inside = grey_page(&shop, 2);
        assert!(
            darkest(&inside, (trim - 2.8, trim - 0.2), y) > 240,
            "{format}: page 2"
        );
    }
}

#[test]
fn the_imposed_print_shop_file_has_spreads_with_bleed_marks_and_the_instruction_in_its_slug() {
    let site = shop_site("cover: bia.svg\nprint: { bleed: 3mm }");
    std::fs::write(
        site.path().join("bia.svg"),
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="420" height="595" viewBox="0 0 420 595"><rect width="420" height="595" fill="#203040"/></svg>"##,
    )
    .unwrap();
    let report = loa::build(&loa::BuildOptions::new(site.path()))
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let dir = site.path().join("public/in-an");
    let shop = dir.join("so-tay-nha-in-gap.pdf");
    let sides = field(
        &poppler("pdfinfo", &dir.join("so-tay-in-gap.pdf"), &[]),
        "Pages:",
    );
    assert_eq!(field(&poppler("pdfinfo", &shop, &[]), "Pages:"), sides);
    // Each side is a spread of two A5 pages: 296 × 210 mm trimmed, 3 mm bleed, 12 mm slug.
    assert_boxes(&shop, (296.0, 210.0), 3.0);

    // The printing instruction is in the slug of every side, never inside the trim; the
    // office imposed file has none.
    let sides: usize = sides.parse().unwrap();
    for k in 1..=sides {
        let page = k.to_string();
        let text = poppler("pdftotext", &shop, &["-f", &page, "-l", &page, "-"]);
        let side = format!(
            "tờ {}, mặt {} ({k}/{sides})",
            k.div_ceil(2),
            if k % 2 == 1 { "trước" } else { "sau" }
        );
        assert!(
            text.contains(&side) && text.contains("in hai mặt, lật theo cạnh ngắn, tỷ lệ 100%"),
            "side {k}: {text}"
        );
        let a = [15.0, 15.0, 296.0, 210.0].map(|v| format!("{:.0}", v * MM));
        let inside = poppler(
            "pdftotext",
            &shop,
            &[
                "-f", &page, "-l", &page, "-x", &a[0], "-y", &a[1], "-W", &a[2], "-H", &a[3], "-",
            ],
        );
        assert!(!inside.contains("lật theo cạnh"), "side {k}: {inside}");
    }
    let office = poppler("pdftotext", &dir.join("so-tay-in-gap.pdf"), &["-"]);
    assert!(!office.contains("lật theo cạnh"));

    // Side 1: the back cover on the left, the cover on the right; the cover's art runs into
    // the bleed on its outer sides only, and a fold mark stands above the fold.
    let img = grey_page(&shop, 1);
    let y = (15.0 + 110.0, 15.0 + 120.0);
    let (left, right) = (15.0, 15.0 + 296.0);
    assert!(
        lightest(&img, (right + 0.2, right + 2.8), y) < 90,
        "right bleed"
    );
    assert!(
        darkest(&img, (right + 3.5, right + 5.0), y) > 240,
        "beyond the bleed"
    );
    assert!(
        darkest(&img, (left - 2.8, left - 0.2), y) > 240,
        "back cover's bleed"
    );
    let fold = 15.0 + 148.0;
    assert!(
        darkest(&img, (fold - 0.4, fold + 0.4), (3.0, 10.0)) < 160,
        "fold mark"
    );
    // The art is cut at the fold: none in the bleed above the back cover.
    assert!(
        darkest(&img, (fold - 2.0, fold - 0.3), (12.2, 14.8)) > 240,
        "art past the fold"
    );
    assert!(
        lightest(&img, (fold + 0.3, fold + 2.0), (12.2, 14.8)) < 90,
        "art above the cover"
    );

    // The "Tài liệu in" page lists it, with how to print it.
    let page = std::fs::read_to_string(site.path().join("public/in-an/index.html")).unwrap();
    for wanted in [
        r#"href="../in-an/so-tay-nha-in-gap.pdf""#,
        "Tải bản ghép trang cho nhà in",
        "in hai mặt, lật theo cạnh ngắn, tỷ lệ 100% (ghi cả ở mép tờ, ngoài khổ thành phẩm)",
    ] {
        assert!(page.contains(wanted), "the print page lacks {wanted:?}");
    }
}
