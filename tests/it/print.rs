//! Booklets through `loa build`: PDFs in `in-an/`, the "Tài liệu in" page, links from the pages
//! they contain, and booklet definition errors with `file:line:col`.

use crate::support::*;

fn pdfinfo(path: &std::path::Path) -> String {
    poppler("pdfinfo", path, &[])
}

#[test]
fn build_writes_booklets_and_lists_them() {
    let site = copy_fixture("booklet");
    let report = loa::build(&loa::BuildOptions::new(site.path()))
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let out = site.path().join("public");
    let info = pdfinfo(&out.join("in-an/so-tay.pdf"));
    assert!(
        field(&info, "Page size:").starts_with("419.528 x 595.276"),
        "{info}"
    );
    let pages: usize = field(&info, "Pages:").parse().unwrap();
    let imposed = pdfinfo(&out.join("in-an/so-tay-in-gap.pdf"));
    assert!(
        field(&imposed, "Page size:").starts_with("841.89 x 595.276"),
        "{imposed}"
    );
    assert_eq!(
        field(&imposed, "Pages:").parse::<usize>().unwrap(),
        pages.div_ceil(4) * 2
    );
    let list = std::fs::read_to_string(out.join("in-an/index.html")).unwrap();
    assert!(
        list.contains(r#"href="../in-an/so-tay.pdf""#)
            && list.contains(r#"href="../in-an/so-tay-in-gap.pdf""#),
        "{list}"
    );
    assert!(list.contains(&format!("{pages} trang")), "page count shown");
    let page = std::fs::read_to_string(out.join("so-tay/bai-so-1/index.html")).unwrap();
    assert!(
        page.contains(r#"<a href="../../in-an/so-tay.pdf">Sổ tay thử</a>"#),
        "topic page links its booklet"
    );
    let outside = std::fs::read_to_string(out.join("ngoai-so-tay/index.html")).unwrap();
    assert!(
        !outside.contains("in-an/so-tay.pdf\">"),
        "a print: false page is not in the booklet"
    );
    let text = std::process::Command::new("pdftotext")
        .args([out.join("in-an/so-tay.pdf").to_str().unwrap(), "-"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("bình đẳng giới"),
        "Vietnamese text comes back from the PDF"
    );
}

#[test]
fn booklet_definition_errors_are_located() {
    let site = copy_fixture("bad-booklet");
    let locs = failed_build_locations(site.path());
    assert!(
        locs.iter()
            .any(|l| l.starts_with("booklets/a.yaml:4:11 there is no page `content/khong-co.md`")),
        "{locs:#?}"
    );
    assert!(
        locs.iter()
            .any(|l| l.starts_with("booklets/a.yaml:5:11 no printable page has the tag")),
        "{locs:#?}"
    );
    assert!(
        locs.iter()
            .any(|l| l.starts_with("booklets/b.yaml:2:1 unknown key `formt`")),
        "{locs:#?}"
    );
    assert!(!site.path().join("public").exists());
}

#[test]
fn loa_booklet_builds_one_booklet_and_names_unknown_ones() {
    let site = copy_fixture("booklet");
    let (code, out, err) = run_loa(site.path(), &["booklet", "so-tay", "--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.contains("so-tay.pdf") && out.contains("so-tay-in-gap.pdf"),
        "{out}"
    );
    let pages: usize = field(
        &pdfinfo(&site.path().join("public/in-an/so-tay.pdf")),
        "Pages:",
    )
    .parse()
    .unwrap();
    assert!(
        pages >= 4,
        "cover, inside cover, contents and chapters: {pages}"
    );
    assert!(
        !site.path().join("public/index.html").exists(),
        "only the booklet is built"
    );
    let (code, _, err) = run_loa(site.path(), &["booklet", "so-tai", "--lang", "en"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("there is no booklet `so-tai`") && err.contains("did you mean `so-tay`?"),
        "{err}"
    );
}

/// Text of pages `first..=last` of a PDF (`pdftotext -layout`), NFC.
fn pdf_text(pdf: &std::path::Path, first: usize, last: usize) -> String {
    use unicode_normalization::UnicodeNormalization;
    let out = std::process::Command::new("pdftotext")
        .args(["-f", &first.to_string(), "-l", &last.to_string()])
        .arg(pdf)
        .arg("-")
        .output()
        .expect("pdftotext is missing: run `./test`, or `sudo apt-get install poppler-utils`");
    String::from_utf8_lossy(&out.stdout).nfc().collect()
}

/// The fixture booklet with an official imprint and hotlines.
fn official_site() -> tempfile::TempDir {
    let site = copy_fixture("booklet");
    std::fs::write(
        site.path().join("booklets/so-tay.yaml"),
        "title: \"Sổ tay thử\"\nsubtitle: \"Phụ đề\"\nparent: \"Cơ quan cấp trên thử\"\n\
         issuer: \"Ban thử\"\nyear: 2026\nplace: \"Hà Nội\"\n\
         colophon:\n  responsible: \"Người chịu trách nhiệm thử\"\n  print_run: 500\n\
         format: a5-booklet\npages:\n  - section: so-tay\n",
    )
    .unwrap();
    let config = site.path().join("loa.yaml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(
        "help:\n  - { label: \"Công an\", number: \"113\", note: \"Khi đang gặp nguy hiểm\" }\n",
    );
    std::fs::write(&config, text).unwrap();
    site
}

#[test]
fn official_cover_colophon_and_back_cover_hotlines() {
    let site = official_site();
    let report = loa::build(&loa::BuildOptions::new(site.path()))
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let pdf = site.path().join("public/in-an/so-tay.pdf");
    let pages: usize = field(&pdfinfo(&pdf), "Pages:").parse().unwrap();
    let cover = pdf_text(&pdf, 1, 1);
    for wanted in [
        "CƠ QUAN CẤP TRÊN THỬ",
        "BAN THỬ",
        "Tài liệu lưu hành nội bộ",
        "Hà Nội, 2026",
    ] {
        assert!(cover.contains(wanted), "cover lacks {wanted:?}:\n{cover}");
    }
    let inside = pdf_text(&pdf, 2, 2);
    assert!(
        inside.contains("Chịu trách nhiệm nội dung: Người chịu trách nhiệm thử")
            && inside.contains("Số lượng in: 500 bản"),
        "colophon:\n{inside}"
    );
    // Never invented: lines not given are not printed.
    assert!(
        !inside.contains("Biên soạn") && !inside.contains("In tại"),
        "{inside}"
    );
    let back = pdf_text(&pdf, pages, pages);
    assert!(
        back.contains("113") && back.contains("Công an") && back.contains("Khi đang gặp nguy hiểm"),
        "back cover hotlines:\n{back}"
    );
    let all = pdf_text(&pdf, 1, pages);
    assert!(
        !all.contains("In hai mặt"),
        "the printer's note is not printed for readers"
    );
}

#[test]
fn internal_false_leaves_the_internal_line_out() {
    let site = official_site();
    let file = site.path().join("booklets/so-tay.yaml");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(
        &file,
        text.replace("year: 2026\n", "year: 2026\ninternal: false\n"),
    )
    .unwrap();
    loa::build(&loa::BuildOptions::new(site.path()))
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let cover = pdf_text(&site.path().join("public/in-an/so-tay.pdf"), 1, 1);
    assert!(!cover.contains("lưu hành nội bộ"), "{cover}");
    assert!(cover.contains("BAN THỬ"), "{cover}");
}

#[test]
fn imprint_key_errors_are_located() {
    let site = copy_fixture("booklet");
    std::fs::write(
        site.path().join("booklets/so-tay.yaml"),
        "title: \"Sổ tay thử\"\nplace: \"  \"\nformat: a5-booklet\npages:\n  - section: so-tay\n",
    )
    .unwrap();
    std::fs::write(
        site.path().join("booklets/khac.yaml"),
        "title: \"Khác\"\nformat: a4\ncolophon:\n  printer: \"Xưởng in\"\n  print_rum: 500\npages:\n  - section: so-tay\n",
    )
    .unwrap();
    let locs = failed_build_locations(site.path());
    assert!(
        locs.iter()
            .any(|l| l.starts_with("booklets/so-tay.yaml:2:8 `place` is empty")),
        "{locs:#?}"
    );
    assert!(
        locs.iter()
            .any(|l| l.starts_with("booklets/khac.yaml:5:3 unknown key `print_rum`")),
        "{locs:#?}"
    );
}

#[test]
fn every_pdf_has_title_author_and_vietnamese_language() {
    let site = official_site();
    std::fs::write(
        site.path().join("booklets/to-gap.yaml"),
        "title: \"Tờ gấp thử\"\nissuer: \"Ban thử\"\nformat: a4-trifold\npages:\n  - page: so-tay/bai-1.md\n",
    )
    .unwrap();
    loa::build(&loa::BuildOptions::new(site.path()))
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    for (file, title) in [
        ("so-tay.pdf", "Sổ tay thử"),
        ("so-tay-in-gap.pdf", "Sổ tay thử"),
        ("to-gap.pdf", "Tờ gấp thử"),
    ] {
        let path = site.path().join("public/in-an").join(file);
        let info = pdfinfo(&path);
        assert_eq!(field(&info, "Title:"), title, "{file}: {info}");
        assert_eq!(field(&info, "Author:"), "Ban thử", "{file}: {info}");
        let bytes = std::fs::read(&path).unwrap();
        let lang = bytes.windows(9).any(|w| w == b"/Lang(vi)");
        assert!(lang, "{file} is marked as Vietnamese");
    }
}

#[test]
fn loa_booklet_counts_imposed_sides_not_pages() {
    let site = copy_fixture("booklet");
    let (code, out, err) = run_loa(site.path(), &["booklet", "so-tay", "--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    let pages: usize = field(
        &pdfinfo(&site.path().join("public/in-an/so-tay.pdf")),
        "Pages:",
    )
    .parse()
    .unwrap();
    let sides: usize = field(
        &pdfinfo(&site.path().join("public/in-an/so-tay-in-gap.pdf")),
        "Pages:",
    )
    .parse()
    .unwrap();
    let line = |name: &str| {
        out.lines()
            .find(|l| l.contains(name))
            .unwrap_or_else(|| panic!("{name} in {out}"))
            .to_string()
    };
    assert!(
        line("so-tay.pdf").contains(&format!(": {pages} pages,")),
        "{out}"
    );
    assert!(
        line("so-tay-in-gap.pdf").contains(&format!(": {sides} sides ({} A4 sheets)", sides / 2)),
        "{out}"
    );
}

/// The last line of each page's text, page number and running head left out.
fn page_last_lines(pdf: &std::path::Path) -> Vec<(usize, String)> {
    let pages: usize = field(&pdfinfo(pdf), "Pages:").parse().unwrap();
    (1..=pages)
        .filter_map(|p| {
            let text = pdf_text(pdf, p, p);
            let last = text
                .lines()
                .map(str::trim)
                .rfind(|l| !l.is_empty() && l.parse::<usize>().is_err())?
                .to_string();
            Some((p, last))
        })
        .collect()
}

#[test]
fn an_alert_title_never_ends_a_page() {
    let site = copy_fixture("booklet");
    // Alerts after paragraphs of every length, so some title falls at the foot of a page.
    let mut body = String::from("---\ntitle: \"Cảnh báo nhiều\"\nweight: 9\n---\n\n");
    // Checked: without the sticky title, page 8 of this booklet ends with "Quan trọng".
    for k in 1..=40 {
        body.push_str(&"Một đoạn văn bình thường về bình đẳng giới. ".repeat(k % 9 + 1));
        body.push_str(&format!(
            "\n\n> [!IMPORTANT]\n> Điều cần nhớ số {k}: {}\n\n",
            "báo tin cho người có thẩm quyền, đúng lúc và đúng nơi. ".repeat(4)
        ));
    }
    std::fs::write(site.path().join("content/so-tay/canh-bao.md"), body).unwrap();
    loa::build(&loa::BuildOptions::new(site.path()))
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let pdf = site.path().join("public/in-an/so-tay.pdf");
    let lasts = page_last_lines(&pdf);
    assert!(lasts.len() > 8, "the alerts fill several pages: {lasts:?}");
    for (page, last) in &lasts {
        assert_ne!(last, "Quan trọng", "page {page} ends with an alert title");
    }
}

#[test]
fn a_long_running_head_stays_on_one_line() {
    let site = copy_fixture("booklet");
    let title = "Một tiêu đề rất dài về bình đẳng giới và phòng, chống bạo lực gia đình trong \
                 các cơ quan, đơn vị, doanh nghiệp và cộng đồng dân cư";
    let mut body = format!("---\ntitle: \"{title}\"\nweight: 9\n---\n\n");
    // 75 paragraphs: the chapter's third page (a right-hand page, with the chapter's title as
    // its running head) holds half a page. With 60 it held one line, which the chapter-tail
    // rule now takes back onto the page before (crates/loa-print/src/tails.rs).
    for _ in 0..75 {
        body.push_str("Một đoạn văn bình thường về bình đẳng giới, đủ dài để sang trang.\n\n");
    }
    std::fs::write(site.path().join("content/so-tay/dai.md"), body).unwrap();
    loa::build(&loa::BuildOptions::new(site.path()))
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    let pdf = site.path().join("public/in-an/so-tay.pdf");
    let pages: usize = field(&pdfinfo(&pdf), "Pages:").parse().unwrap();
    let heads: Vec<String> = (1..=pages)
        .filter_map(|p| pdf_text(&pdf, p, p).lines().next().map(str::to_string))
        .filter(|l| l.starts_with("Một tiêu đề rất dài"))
        // The chapter's first page opens with the title itself (no running head there).
        .skip(1)
        .collect();
    assert!(!heads.is_empty(), "the chapter's title is a running head");
    for head in heads {
        assert!(head.trim_end().ends_with('…'), "cut to one line: {head:?}");
    }
}

/// Every problem of a failed build, as `file:line:col message`.
/// A broken item of `pages:` is reported at its own line; the text scan named the first item.
#[test]
fn a_broken_booklet_item_is_located_at_its_own_line() {
    let site = copy_fixture("bad-booklet");
    std::fs::write(
        site.path().join("booklets/a.yaml"),
        "title: A\nformat: a5-booklet\npages:\n  - page: a.md\n  - page: a.md\n    tag: x\n",
    )
    .unwrap();
    let locs = failed_build_locations(site.path());
    assert!(
        locs.iter()
            .any(|l| l.starts_with("booklets/a.yaml:5:1 each item of `pages` needs exactly one")),
        "{locs:#?}"
    );
}

fn failed_build_locations(site: &std::path::Path) -> Vec<String> {
    let err = loa::build(&loa::BuildOptions::new(site)).unwrap_err();
    err.diagnostics
        .iter()
        .map(|d| format!("{} {}", d.location(), d.message))
        .collect()
}
