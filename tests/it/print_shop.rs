//! Print-shop mode (`print: { bleed, marks }` in a booklet file): a further PDF whose pages are
//! the trimmed size plus bleed and slug, with the TrimBox set, crop marks drawn outside the
//! bleed, colour run into the bleed, and the printing note in the slug only.

use crate::support::*;
use std::path::Path;

pub(crate) const MM: f64 = 72.0 / 25.4;

/// The fixture booklet with `print:` given as `print`.
pub(crate) fn shop_site(print: &str) -> tempfile::TempDir {
    let site = copy_fixture("booklet");
    let file = site.path().join("booklets/so-tay.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, format!("{text}{print}\n")).unwrap();
    site
}

/// `pdfinfo -box` of page 1: the numbers of a box line (`TrimBox:`).
fn page_box(pdf: &Path, name: &str) -> Vec<f64> {
    let info = poppler("pdfinfo", pdf, &["-box", "-f", "1", "-l", "1"]);
    info.lines()
        .find_map(|l| l.strip_prefix("Page    1 ")?.trim().strip_prefix(name))
        .unwrap_or_else(|| panic!("no {name} in {info}"))
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect()
}

/// Page 1 of a PDF as grey pixels at 144 dpi: (width, height, pixels), 0 black, 255 white.
fn grey(pdf: &Path) -> (usize, usize, Vec<u8>) {
    grey_page(pdf, 1)
}

/// Page `page` of a PDF as grey pixels at 144 dpi: (width, height, pixels), 0 black, 255 white.
pub(crate) fn grey_page(pdf: &Path, page: usize) -> (usize, usize, Vec<u8>) {
    let page = page.to_string();
    let out = std::process::Command::new("pdftoppm")
        .args(["-gray", "-r", "144", "-f", &page, "-l", &page])
        .arg(pdf)
        .output()
        .expect("pdftoppm is missing: run `./test`, or `sudo apt-get install poppler-utils`");
    let data = out.stdout;
    // P5 header: magic, width, height, maxval, each followed by one whitespace.
    let mut fields = Vec::new();
    let mut at = 0;
    while fields.len() < 4 {
        let start = at;
        while !data[at].is_ascii_whitespace() {
            at += 1;
        }
        fields.push(String::from_utf8_lossy(&data[start..at]).to_string());
        at += 1;
    }
    let (w, h) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    (w, h, data[at..].to_vec())
}

/// The grey levels of the pixels in a box given in millimetres from the sheet's top left.
pub(crate) fn pixels_in(
    img: &(usize, usize, Vec<u8>),
    x: (f64, f64),
    y: (f64, f64),
) -> impl Iterator<Item = u8> + '_ {
    let px = |mm: f64| (mm * 144.0 / 25.4).round() as usize;
    let (w, _, pixels) = img;
    (px(y.0)..=px(y.1)).flat_map(move |r| (px(x.0)..=px(x.1)).map(move |c| pixels[r * w + c]))
}

/// The darkest pixel in a box given in millimetres from the sheet's top left.
pub(crate) fn darkest(img: &(usize, usize, Vec<u8>), x: (f64, f64), y: (f64, f64)) -> u8 {
    pixels_in(img, x, y).min().unwrap()
}

#[test]
fn print_shop_mode_writes_trim_box_crop_marks_and_the_slug_outside_the_trim() {
    let site = shop_site("print: { bleed: 3mm, marks: true }");
    let (code, out, err) = run_loa(site.path(), &["booklet", "so-tay", "--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("so-tay-nha-in.pdf") && out.contains("with bleed and crop marks"),
        "{out}"
    );
    let dir = site.path().join("public/in-an");
    let reading = dir.join("so-tay.pdf");
    let shop = dir.join("so-tay-nha-in.pdf");
    assert_eq!(
        field(&poppler("pdfinfo", &shop, &[]), "Pages:"),
        field(&poppler("pdfinfo", &reading, &[]), "Pages:")
    );
    // A5 trimmed, 3 mm bleed and a 12 mm slug on every side.
    let edge = 15.0 * MM;
    let media = page_box(&shop, "MediaBox:");
    let trim = page_box(&shop, "TrimBox:");
    let near = |a: f64, b: f64| (a - b).abs() < 0.1;
    assert!(near(media[2], 148.0 * MM + 2.0 * edge) && near(media[3], 210.0 * MM + 2.0 * edge));
    let expected = [edge, edge, edge + 148.0 * MM, edge + 210.0 * MM];
    assert!(
        trim.iter().zip(expected).all(|(a, b)| near(*a, b)),
        "{trim:?}"
    );
    // The slug line (in the site's language) is on the sheet, outside the trim; the reading
    // PDF has none.
    let text = poppler("pdftotext", &shop, &["-f", "1", "-l", "1", "-"]);
    assert!(
        text.contains("so-tay-nha-in.pdf · trang 1/")
            && text.contains("thành phẩm 148 × 210 mm · lề xén 3 mm · tỷ lệ 100%"),
        "{text}"
    );
    let crop = |x: f64, y: f64, w: f64, h: f64| {
        let a = [x, y, w, h].map(|v| format!("{:.0}", v * MM));
        poppler(
            "pdftotext",
            &shop,
            &[
                "-f", "1", "-l", "1", "-x", &a[0], "-y", &a[1], "-W", &a[2], "-H", &a[3], "-",
            ],
        )
    };
    assert!(!crop(15.0, 15.0, 148.0, 210.0).contains("nha-in.pdf"));
    assert!(!poppler("pdftotext", &reading, &["-"]).contains("nha-in.pdf"));
    // Crop marks: at the top-left corner, a horizontal mark level with the trim's top edge
    // and a vertical one level with its left edge, both outside the bleed; none inside it.
    let img = grey(&shop);
    assert!(
        darkest(&img, (3.0, 10.0), (14.5, 15.5)) < 128,
        "horizontal crop mark"
    );
    assert!(
        darkest(&img, (14.5, 15.5), (3.0, 10.0)) < 128,
        "vertical crop mark"
    );
    assert!(
        darkest(&img, (12.5, 14.5), (12.5, 14.5)) > 240,
        "the bleed corner is clear"
    );
}

#[test]
fn marks_false_leaves_the_marks_out_and_a_bad_bleed_is_located() {
    let site = shop_site("print: { bleed: 2mm, marks: false }");
    let (code, out, err) = run_loa(site.path(), &["booklet", "so-tay", "--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    let shop = site.path().join("public/in-an/so-tay-nha-in.pdf");
    let trim = page_box(&shop, "TrimBox:");
    assert!((trim[0] - 14.0 * MM).abs() < 0.1, "2 mm bleed: {trim:?}");
    let img = grey(&shop);
    assert!(
        darkest(&img, (2.0, 9.0), (13.5, 14.5)) > 240,
        "no crop mark"
    );

    let site = shop_site("print:\n  bleed: 9mm\n");
    let (code, _, err) = run_loa(site.path(), &["booklet", "so-tay", "--lang", "en"]);
    assert_eq!(code, 1, "{err}");
    let line = std::fs::read_to_string(site.path().join("booklets/so-tay.yaml"))
        .unwrap()
        .lines()
        .position(|l| l.contains("bleed: 9mm"))
        .unwrap()
        + 1;
    assert!(
        err.contains("`bleed` must be a length from 0 to 5 mm")
            && err.contains(&format!("--> booklets/so-tay.yaml:{line}:10")),
        "{err}"
    );
}

#[test]
fn a_leaflets_designed_cover_runs_into_the_bleed() {
    let site = copy_fixture("booklet");
    std::fs::write(
        site.path().join("booklets/to-gap.yaml"),
        "title: \"Tờ gấp thử\"\nformat: a4-trifold\npages:\n  - page: so-tay/bai-1.md\n\
         print: { bleed: 3mm }\n",
    )
    .unwrap();
    let (code, out, err) = run_loa(site.path(), &["booklet", "to-gap", "--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    let shop = site.path().join("public/in-an/to-gap-nha-in.pdf");
    let img = grey(&shop);
    // The sheet's outside, 297 mm wide from x = 15 mm: the cover is its right-hand panel.
    let (trim_right, middle) = (15.0 + 297.0, 15.0 + 105.0);
    assert!(
        darkest(
            &img,
            (trim_right + 0.5, trim_right + 2.5),
            (middle, middle + 2.0)
        ) < 200
    );
    assert!(
        darkest(
            &img,
            (trim_right + 3.5, trim_right + 4.5),
            (middle, middle + 2.0)
        ) > 240
    );
    let text = poppler("pdftotext", &shop, &["-f", "1", "-l", "1", "-"]);
    assert!(
        text.contains("mặt ngoài (1/2)") && text.contains("in hai mặt, lật theo cạnh ngắn"),
        "{text}"
    );
}

#[test]
fn the_print_page_says_how_to_print_each_file_and_the_booklet_does_not() {
    let site = shop_site("print: { bleed: 3mm }");
    let report = loa::build(&loa::BuildOptions::new(site.path()))
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let out = site.path().join("public");
    let sides: usize = field(
        &poppler("pdfinfo", &out.join("in-an/so-tay-in-gap.pdf"), &[]),
        "Pages:",
    )
    .parse()
    .unwrap();
    let page = std::fs::read_to_string(out.join("in-an/index.html")).unwrap();
    for wanted in [
        "in hai mặt, lật theo cạnh dài, tỷ lệ 100%".to_string(),
        format!(
            "Giấy A4 khổ ngang: in hai mặt, lật theo cạnh ngắn, tỷ lệ 100% (không chọn “vừa trang”), {} tờ A4",
            sides / 2
        ),
        r#"href="../in-an/so-tay-nha-in.pdf""#.to_string(),
        "Tải bản cho nhà in".to_string(),
    ] {
        assert!(page.contains(&wanted), "the print page lacks {wanted:?}");
    }
    for pdf in ["so-tay.pdf", "so-tay-in-gap.pdf"] {
        let text = poppler("pdftotext", &out.join("in-an").join(pdf), &["-"]);
        assert!(
            !text.contains("lật theo cạnh"),
            "{pdf} holds a printing note"
        );
    }
}

#[test]
fn print_shop_flag_writes_the_shop_file_without_a_print_key() {
    // `loa booklet --help` names the flag.
    let (code, help, err) = run_loa(&repo(), &["booklet", "--help"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        help.contains("--print-shop") && help.contains("nha-in.pdf"),
        "{help}"
    );

    // No `print:` key: no print-shop file without the flag.
    let site = copy_fixture("booklet");
    let shop = site.path().join("public/in-an/so-tay-nha-in.pdf");
    let (code, out, err) = run_loa(site.path(), &["booklet", "so-tay"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!shop.exists() && !out.contains("nha-in"), "{out}");

    // With the flag and no id: every booklet, with the defaults (3 mm bleed, marks on).
    let (code, out, err) = run_loa(site.path(), &["booklet", "--print-shop", "--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("so-tay.pdf") && out.contains("so-tay-nha-in.pdf"),
        "{out}"
    );
    let near = |a: f64, b: f64| (a - b).abs() < 0.1;
    let edge = 15.0 * MM;
    let trim = page_box(&shop, "TrimBox:");
    let expected = [edge, edge, edge + 148.0 * MM, edge + 210.0 * MM];
    assert!(
        trim.iter().zip(expected).all(|(a, b)| near(*a, b)),
        "3 mm bleed and a 12 mm slug: {trim:?}"
    );
    let media = page_box(&shop, "MediaBox:");
    assert!(near(media[2], 148.0 * MM + 2.0 * edge), "{media:?}");
    assert!(
        darkest(&grey(&shop), (3.0, 10.0), (14.5, 15.5)) < 128,
        "crop marks on by default"
    );

    // A `print:` key still rules when the flag is given, with the booklet named.
    let site = shop_site("print: { bleed: 2mm, marks: false }");
    let (code, out, err) = run_loa(site.path(), &["booklet", "so-tay", "--print-shop"]);
    assert_eq!(code, 0, "{out}{err}");
    let trim = page_box(
        &site.path().join("public/in-an/so-tay-nha-in.pdf"),
        "TrimBox:",
    );
    assert!(
        near(trim[0], 14.0 * MM),
        "2 mm bleed from the file: {trim:?}"
    );

    // No id and no booklets: a clear error, not silence.
    let site = copy_fixture("basic");
    let (code, out, err) = run_loa(site.path(), &["booklet", "--print-shop", "--lang", "en"]);
    assert_eq!(code, 1, "{out}{err}");
    assert!(err.contains("there are no booklets to build"), "{err}");
}
