//! End-to-end tests: render booklets, read the PDFs back with poppler-utils (pdfinfo, pdftotext,
//! pdffonts). The tools are required: a missing tool fails the test with an install hint.

mod common;

use common::{assets, booklet, fixture_chapters, inline_chapter};
use loa_print::{render, saddle_stitch_order, Format, Rendered};
use std::path::{Path, PathBuf};
use std::process::Command;
use unicode_normalization::UnicodeNormalization;

/// Writes `bytes` to a fresh temporary file and returns its path.
fn temp_pdf(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("loa-print-tests-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Runs a poppler tool; panics with an install hint when it is missing.
fn tool(name: &str, args: &[&str]) -> String {
    let output = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!(
            "{name} is missing ({e}): run `./test`, which installs it, or `sudo apt-get install poppler-utils`"
        )
    });
    assert!(
        output.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).expect("UTF-8 tool output")
}

fn pdfinfo(pdf: &Path) -> (usize, String) {
    let info = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let field = |key: &str| {
        info.lines()
            .find_map(|l| l.strip_prefix(key).map(|v| v.trim().to_string()))
            .unwrap_or_else(|| panic!("no {key} in pdfinfo output:\n{info}"))
    };
    (field("Pages:").parse().unwrap(), field("Page size:"))
}

/// Page size in whole points, e.g. (420, 595).
fn size_pt(size: &str) -> (i64, i64) {
    let mut parts = size.split_whitespace();
    let w: f64 = parts.next().unwrap().parse().unwrap();
    parts.next();
    let h: f64 = parts.next().unwrap().parse().unwrap();
    (w.round() as i64, h.round() as i64)
}

fn text_of(pdf: &Path, args: &[&str]) -> String {
    let mut all = args.to_vec();
    all.extend([pdf.to_str().unwrap(), "-"]);
    tool("pdftotext", &all)
}

fn squash(text: &str) -> String {
    text.nfc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn render_ok(b: &loa_print::Booklet) -> Rendered {
    render(b, assets()).unwrap_or_else(|errors| {
        panic!(
            "render failed:\n{}",
            errors
                .iter()
                .map(|e| e.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        )
    })
}

#[test]
fn a5_booklet_pages_are_a5_and_imposed_sheets_a4_landscape() {
    let r = render_ok(&booklet(Format::A5Booklet, fixture_chapters()));
    let pdf = temp_pdf("a5.pdf", &r.pdf);
    let (pages, size) = pdfinfo(&pdf);
    assert_eq!(pages, r.pages);
    assert_eq!(size_pt(&size), (420, 595), "{size}");
    let imposed = temp_pdf(
        "a5-in-gap.pdf",
        r.imposed.as_ref().expect("A5 booklets are imposed"),
    );
    let (sides, size) = pdfinfo(&imposed);
    assert_eq!(sides, r.pages.div_ceil(4) * 2);
    assert_eq!(size_pt(&size), (842, 595), "{size}");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn a4_has_a4_pages_and_no_imposition() {
    let r = render_ok(&booklet(Format::A4, fixture_chapters()));
    assert!(r.imposed.is_none());
    let (_, size) = pdfinfo(&temp_pdf("a4.pdf", &r.pdf));
    assert_eq!(size_pt(&size), (595, 842), "{size}");
}

#[test]
fn vietnamese_text_comes_back_equal_including_nfd_source() {
    let nfc = "Phụ nữ và nam giới có vị trí, vai trò ngang nhau trong gia đình và ngoài xã hội; \
               bạo lực gia đình là hành vi vi phạm pháp luật.";
    let nfd: String = "Người chồng, người vợ cùng chăm sóc con cái, chia sẻ việc nhà và tôn trọng ý kiến của nhau."
        .nfd()
        .collect();
    assert_ne!(
        nfd,
        nfd.nfc().collect::<String>(),
        "the fixture must really be NFD"
    );
    let chapter = inline_chapter(
        "content/nfd.md",
        "Văn bản tiếng Việt",
        &format!("{nfc}\n\n{nfd}\n"),
    );
    let mut chapters = fixture_chapters();
    chapters.push(chapter);
    let r = render_ok(&booklet(Format::A5Booklet, chapters));
    let text = squash(&text_of(&temp_pdf("vi.pdf", &r.pdf), &[]));
    for expected in [
        nfc.to_string(),
        nfd.clone(),
        "Khái niệm bình đẳng giới".to_string(),
    ] {
        let expected = squash(&expected);
        assert!(text.contains(&expected), "missing “{expected}” in:\n{text}");
    }
    // The imposed file keeps the text as text.
    let imposed = squash(&text_of(
        &temp_pdf("vi-in-gap.pdf", r.imposed.as_ref().unwrap()),
        &[],
    ));
    assert!(imposed.contains(&squash(nfc)), "imposed PDF lost its text");
}

#[test]
fn booklet_content_prints_as_written() {
    let r = render_ok(&booklet(Format::A5Booklet, fixture_chapters()));
    let text = squash(&text_of(&temp_pdf("content.pdf", &r.pdf), &[]));
    let expect = [
        "Mục lục",
        "Ghi chú",
        "Cảnh báo",
        "Mẹo",
        "Quan trọng",
        "Thận trọng",
        // Editor punctuation is text, never markup.
        "# * _ = - + / < > @ $ [ ] { } ~ ` \\ |",
        "http://ví-dụ.vn",
        // Links to chapters get their page, links to documents their number.
        "đường dây nóng (trang 7)",
        "Luật Bình đẳng giới (73/2006/QH11)",
        // The first mention of a document gets its number, once.
        "Theo Nghị quyết 11 (11-NQ/TW), công tác",
        "Văn bản liên quan",
        "Hình 1: Biểu đồ minh họa (Ảnh: Tổng cục CNQP)",
        "Nữ tham gia cấp ủy các cấp",
        "Luật Bình đẳng giới số 73/2006/QH11, có hiệu lực từ ngày 01/7/2007.",
        "Đường dây nóng: 111 (miễn phí, 24/7)",
        "Dòng có HTML nội tuyến và ngắt dòng.",
        "Đọc bản trực tuyến",
        "https://bdg.example.vn/",
    ];
    for e in expect {
        assert!(text.contains(e), "missing “{e}” in:\n{text}");
    }
    // Issue 14: how to print is for the print shop (the site's "Tài liệu in" page), not readers.
    assert!(
        !text.contains("In hai mặt"),
        "printer's note in the booklet"
    );
    assert_eq!(
        text.matches("(11-NQ/TW)").count(),
        1,
        "the number follows the first mention only"
    );
    assert!(
        !text.contains("Đoạn HTML thô"),
        "raw HTML blocks are dropped"
    );
}

#[test]
fn every_font_is_embedded() {
    let r = render_ok(&booklet(Format::A5Booklet, fixture_chapters()));
    for (name, bytes) in [
        ("fonts.pdf", &r.pdf),
        ("fonts-in-gap.pdf", r.imposed.as_ref().unwrap()),
    ] {
        let listing = tool("pdffonts", &[temp_pdf(name, bytes).to_str().unwrap()]);
        let fonts: Vec<&str> = listing.lines().skip(2).collect();
        assert!(!fonts.is_empty(), "{name}: no fonts listed");
        for line in fonts {
            // Columns: name type encoding emb sub uni object ID.
            let cols: Vec<&str> = line.split_whitespace().collect();
            let emb = cols[cols.len() - 5];
            assert_eq!(emb, "yes", "{name}: font not embedded: {line}");
            assert!(
                line.contains("Noto"),
                "{name}: a font that is not ours: {line}"
            );
        }
    }
}

/// A booklet whose chapter pages carry unique marks, to read the imposition back.
fn numbered_booklet(chapters: usize) -> loa_print::Booklet {
    let chapters = (0..chapters)
        .map(|i| {
            let source = format!("content/so-{i}.md");
            inline_chapter(&source, &format!("Chương {i}"), &format!("DAUTRANG{i}X\n"))
        })
        .collect();
    booklet(Format::A5Booklet, chapters)
}

/// The mark identifying a page's text, or "" for a blank.
fn mark(text: &str) -> String {
    let text = squash(text);
    let marks: Vec<String> = [
        ("Dành cho cán bộ", "cover"),
        ("lưu hành nội bộ", "inside-cover"),
        ("Mục lục", "contents"),
        ("Đọc bản trực tuyến", "back"),
    ]
    .iter()
    .filter(|(needle, _)| text.contains(needle))
    .map(|(_, m)| m.to_string())
    .chain(
        text.split(' ')
            .filter(|w| w.starts_with("DAUTRANG"))
            .map(str::to_string),
    )
    .collect();
    assert!(marks.len() <= 1, "ambiguous page: {marks:?} in {text}");
    marks.into_iter().next().unwrap_or_default()
}

#[test]
fn imposition_puts_pages_in_saddle_stitch_order() {
    // 6 chapters: cover, inside cover, contents, 6 pages, back = 10 pages → 12, two blanks.
    let r = render_ok(&numbered_booklet(6));
    assert_eq!(r.pages, 10);
    let pdf = temp_pdf("numbered.pdf", &r.pdf);
    let imposed = temp_pdf("numbered-in-gap.pdf", r.imposed.as_ref().unwrap());
    let page_marks: Vec<String> = (1..=r.pages)
        .map(|p| {
            mark(&text_of(
                &pdf,
                &["-f", &p.to_string(), "-l", &p.to_string()],
            ))
        })
        .collect();
    assert_eq!(page_marks[0], "cover");
    assert_eq!(page_marks[9], "back");
    assert!(page_marks.iter().all(|m| !m.is_empty()), "{page_marks:?}");

    let order = saddle_stitch_order(r.pages);
    assert_eq!(order.len(), 6);
    for (k, pair) in order.iter().enumerate() {
        let side = (k + 1).to_string();
        for (half, page) in pair.iter().enumerate() {
            let x = if half == 0 { "0" } else { "421" };
            let crop = [
                "-f", &side, "-l", &side, "-r", "72", "-x", x, "-y", "0", "-W", "421", "-H", "595",
            ];
            let got = mark(&text_of(&imposed, &crop));
            let want = page.map_or_else(String::new, |p| page_marks[p - 1].clone());
            assert_eq!(
                got,
                want,
                "imposed side {side}, {} half",
                if half == 0 { "left" } else { "right" }
            );
        }
    }
    // The back cover is the last page of the folded booklet: left half of the first side.
    assert_eq!(order[0][0], Some(10));
    assert_eq!(order[1][1], None);
}

#[test]
fn a_character_the_fonts_lack_fails_with_its_position() {
    let markdown = "Dòng đầu.\n\nDòng hai có chữ 𝔄 lạ.\n\n- mục ⿟ khác\n";
    let chapter = inline_chapter("content/la.md", "Ký tự lạ", markdown);
    let errors = render(&booklet(Format::A5Booklet, vec![chapter]), assets()).unwrap_err();
    let shown: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(errors.len(), 2, "{shown:?}");
    assert_eq!(
        (errors[0].path.to_str(), errors[0].line, errors[0].col),
        (Some("content/la.md"), 3, 17),
        "{shown:?}"
    );
    assert!(errors[0].message.contains("U+1D504"), "{shown:?}");
    assert_eq!((errors[1].line, errors[1].col), (5, 7), "{shown:?}");
    assert!(errors[1].message.contains("U+2FDF"), "{shown:?}");
    assert!(errors[0].hint.is_some());
}

#[test]
fn first_line_offsets_reported_lines() {
    let mut chapter = inline_chapter("content/la.md", "Ký tự lạ", "Chữ 漢 ở đây.\n");
    chapter.first_line = 6;
    let errors = render(&booklet(Format::A4, vec![chapter]), assets()).unwrap_err();
    assert_eq!((errors[0].line, errors[0].col), (6, 5), "{errors:?}");
}

#[test]
fn missing_and_broken_images_are_located() {
    let chapter = inline_chapter(
        "content/anh.md",
        "Ảnh",
        "Đoạn đầu.\n\n![không có](khong-co.png)\n\n![hỏng](content/broken.png \"Ảnh hỏng\")\n",
    );
    let errors = render(&booklet(Format::A5Booklet, vec![chapter.clone()]), assets()).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((errors[0].line, errors[0].col), (3, 1), "{errors:?}");
    assert!(errors[0].message.contains("khong-co.png"));

    let mut only_broken = chapter;
    only_broken.markdown = "Đoạn đầu.\n\n![hỏng](content/broken.png \"Ảnh hỏng\")\n".to_string();
    only_broken.events = common::events(&only_broken.markdown, &[]);
    let errors = render(&booklet(Format::A5Booklet, vec![only_broken]), assets()).unwrap_err();
    assert_eq!(
        errors[0].path.to_str(),
        Some("content/anh.md"),
        "{errors:?}"
    );
    assert_eq!(errors[0].line, 3, "{errors:?}");
}

#[test]
fn rendering_is_deterministic() {
    let b = booklet(Format::A5Booklet, fixture_chapters());
    let first = render_ok(&b);
    let second = render_ok(&b);
    assert!(first.pdf == second.pdf, "reading PDFs differ");
    assert!(first.imposed == second.imposed, "imposed PDFs differ");
    let pdf = String::from_utf8_lossy(&first.pdf);
    assert!(
        !pdf.contains("/CreationDate"),
        "a date makes PDFs differ between runs"
    );
}

#[test]
fn trifold_fits_on_one_sheet() {
    let mut chapters = fixture_chapters();
    chapters.truncate(1);
    let r = render_ok(&booklet(Format::A4Trifold, chapters));
    assert_eq!(r.pages, 2);
    assert!(r.imposed.is_none());
    let pdf = temp_pdf("trifold.pdf", &r.pdf);
    let (pages, size) = pdfinfo(&pdf);
    assert_eq!((pages, size_pt(&size)), (2, (842, 595)), "{size}");
    // Outside: the front cover is the right-hand panel.
    let cover = squash(&text_of(
        &pdf,
        &[
            "-f", "1", "-l", "1", "-r", "72", "-x", "559", "-y", "0", "-W", "283", "-H", "595",
        ],
    ));
    assert!(cover.contains("Sổ tay bình đẳng giới"), "{cover}");
    let back = squash(&text_of(
        &pdf,
        &[
            "-f", "1", "-l", "1", "-r", "72", "-x", "275", "-y", "0", "-W", "283", "-H", "595",
        ],
    ));
    assert!(back.contains("Đọc bản trực tuyến"), "{back}");
    // Short text is spread over every content panel: the inside is not left blank.
    for x in ["0", "283", "567"] {
        let crop = [
            "-f", "2", "-l", "2", "-r", "72", "-x", x, "-y", "0", "-W", "275", "-H", "595",
        ];
        let panel = squash(&text_of(&pdf, &crop));
        assert!(!panel.is_empty(), "inside panel at x={x} is blank");
    }
}

#[test]
fn trifold_overflow_is_an_error_naming_the_booklet() {
    let long: String = (0..40)
        .map(|i| format!("Đoạn {i}: bình đẳng giới là việc nam, nữ có vị trí, vai trò ngang nhau, được tạo điều kiện và cơ hội phát huy năng lực của mình.\n\n"))
        .collect();
    let chapters = (0..4)
        .map(|i| inline_chapter(&format!("content/dai-{i}.md"), "Bài dài", &long))
        .collect();
    let errors = render(&booklet(Format::A4Trifold, chapters), assets()).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert_eq!(e.path.to_str(), Some("booklets/so-tay-bdg.yaml"));
    assert!(
        e.message.contains("so-tay-bdg") && e.message.contains("overflow"),
        "{e}"
    );
    assert!(
        e.hint.as_deref().unwrap_or("").contains("a5-booklet"),
        "{e}"
    );
}

#[test]
fn markdown_that_looks_like_typst_stays_text() {
    let markdown = r#"= không phải tiêu đề typst
#set page(width: 10pt) và #pagebreak()

\- dòng bắt đầu bằng gạch, / thuật ngữ: không phải danh sách, 1\. không phải số thứ tự

&lt;nhan&gt; @tham-chieu $x^2$ // không phải chú thích /* cũng không */ ~ --- ... 'đơn' "kép"

`#raw("mã")` và khối mã:

```typst
#let x = "chuỗi \" có ngoặc"
= Tiêu đề trong mã
```

## Tiêu đề có #dấu *sao* và [ngoặc] {#muc-rieng}

| Cột #1 | Cột [2] | Cột 3 |
|---|---|---|
| ô $a$ | ô `b` |
| *nghiêng* | **đậm** | ~~gạch~~ |

Thuật ngữ #1
: định nghĩa một
: định nghĩa hai

Dùng hai lần chú thích[^a], rồi lại[^a]. Ảnh nhỏ ![biểu tượng](content/binh-dang-gioi/hinh-anh/so-do.svg) giữa dòng.
Liên kết tới [mục riêng](#muc-rieng) và <https://vi.example.org/a_b>, [bài khác](../khac.md).

- mục một
  - mục con #1
    1. số một
- mục hai

[^a]: Chú thích có #ký *tự* [lạ].
"#;
    let mut chapter = inline_chapter("content/kho.md", "Khó #1 [typst]", markdown);
    chapter.links.insert(
        "#muc-rieng".into(),
        loa_print::LinkTarget::Chapter {
            index: 0,
            heading: Some(0),
        },
    );
    chapter.links.insert(
        "../khac.md".into(),
        loa_print::LinkTarget::Page {
            title: "Vai trò của nam giới".into(),
            url: "https://bdg.example.vn/binh-dang-gioi/vai-tro/".into(),
        },
    );
    let r = render_ok(&booklet(Format::A5Booklet, vec![chapter]));
    let text = squash(&text_of(&temp_pdf("kho.pdf", &r.pdf), &[]));
    for e in [
        "= không phải tiêu đề typst #set page(width: 10pt) và #pagebreak()",
        "- dòng bắt đầu bằng gạch, / thuật ngữ: không phải danh sách, 1. không phải số thứ tự",
        "<nhan> @tham-chieu $x^2$ // không phải chú thích /* cũng không */ ~ — … ‘đơn’ “kép”",
        "#raw(\"mã\")",
        "#let x = \"chuỗi \\\" có ngoặc\" = Tiêu đề trong mã",
        "Tiêu đề có #dấu sao và [ngoặc]",
        "Cột #1 Cột [2] Cột 3",
        "Thuật ngữ #1: định nghĩa một định nghĩa hai",
        "Chú thích có #ký tự [lạ].",
        "(trang 4)",
        "https://vi.example.org/a_b",
        "mục con #1",
        "Khó #1 [typst]",
        "Vai trò của nam giới: https://bdg.example.vn/binh-dang-gioi/vai-tro/",
    ] {
        assert!(text.contains(e), "missing “{e}” in:\n{text}");
    }
    assert_eq!(
        text.matches("Chú thích có").count(),
        1,
        "a footnote referenced twice prints once"
    );
    assert!(
        text.contains("chú thích1, rồi lại1."),
        "no space before a footnote mark's label"
    );
}
