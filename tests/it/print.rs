//! Booklets through `loa build`: PDFs in `in-an/`, the "Tài liệu in" page, links from the pages
//! they contain, and booklet definition errors with `file:line:col`.

use crate::support::*;

fn pdfinfo(path: &std::path::Path) -> String {
    let out = std::process::Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo is missing: run `./test`, which installs it, or `sudo apt-get install poppler-utils`");
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn field(info: &str, name: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(name))
        .map(|v| v.trim().to_string())
        .unwrap_or_default()
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
    let err = loa::build(&loa::BuildOptions::new(site.path())).unwrap_err();
    let locs: Vec<String> = err
        .diagnostics
        .iter()
        .map(|d| format!("{} {}", d.location(), d.message))
        .collect();
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
