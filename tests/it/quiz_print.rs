//! Quiz blocks in booklets: the questions with tick boxes, and after the last chapter the answer
//! key on a page of its own (`answer_key: end`, the default), nothing (`none`), or a contest answer
//! form (`sheet`). Read back from the PDFs with `pdftotext`.

use crate::support::*;

/// The text of page `page` (1-based) of a PDF, or of every page when `page` is 0.
fn pdftotext(path: &std::path::Path, page: usize) -> String {
    let mut cmd = std::process::Command::new("pdftotext");
    if page > 0 {
        cmd.args(["-f", &page.to_string(), "-l", &page.to_string()]);
    }
    let out = cmd
        .args([path.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is missing: run `./test`, or `sudo apt-get install poppler-utils`");
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn pages(path: &std::path::Path) -> usize {
    let out = std::process::Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap()
}

fn built() -> tempfile::TempDir {
    let site = copy_fixture("quiz");
    let report = loa::build(&loa::BuildOptions::new(site.path()))
        .unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    site
}

#[test]
fn a_booklet_prints_the_questions_and_the_key_on_its_last_page() {
    let site = built();
    let pdf = site.path().join("public/in-an/on-tap.pdf");
    let n = pages(&pdf);
    let all = pdftotext(&pdf, 0);
    for words in [
        "Câu 1. Thủ đô của nước ta là thành phố nào?",
        "A. Huế",
        "B. Hà Nội",
        "(chọn mọi đáp án đúng)",
        "Câu 3. Mặt trời mọc ở đằng tây: đúng hay sai?",
    ] {
        assert!(all.contains(words), "no `{words}` in\n{all}");
    }
    // The last page is the back cover; the key is on the page before it, alone.
    let key = pdftotext(&pdf, n - 1);
    for words in [
        "Đáp án",
        "Câu 1: B",
        "Câu 2: A, C",
        "Câu 3: Sai",
        "Mặt trời mọc ở đằng đông.",
    ] {
        assert!(
            key.contains(words),
            "no `{words}` on page {} of {n}:\n{key}",
            n - 1
        );
    }
    assert!(
        !key.contains("Thủ đô của nước ta"),
        "the key page has no question:\n{key}"
    );
    let questions = pdftotext(&pdf, n - 2);
    assert!(!questions.contains("Câu 1: B"), "{questions}");
    // The YAML itself never reaches paper.
    assert!(
        !all.contains("question:") && !all.contains("answer:"),
        "{all}"
    );
}

#[test]
fn answer_key_none_prints_no_answers() {
    let site = built();
    let pdf = site.path().join("public/in-an/hoi-thi.pdf");
    let all = pdftotext(&pdf, 0);
    assert!(
        all.contains("Thủ đô của nước ta là thành phố nào?"),
        "{all}"
    );
    assert!(!all.contains("Đáp án"), "{all}");
    assert!(
        !all.contains("Câu 1: B") && !all.contains("GIAITHICHKIN"),
        "{all}"
    );
}

#[test]
fn answer_key_sheet_prints_a_contest_form() {
    let site = built();
    let pdf = site.path().join("public/in-an/phieu.pdf");
    let n = pages(&pdf);
    let sheet = pdftotext(&pdf, n - 1);
    for words in [
        "Phiếu trả lời",
        "Họ và tên:",
        "Đơn vị:",
        "Câu 1",
        "Câu 3",
        "Đúng",
        "Sai",
    ] {
        assert!(
            sheet.contains(words),
            "no `{words}` on page {} of {n}:\n{sheet}",
            n - 1
        );
    }
    let all = pdftotext(&pdf, 0);
    assert!(
        !all.contains("Câu 1: B") && !all.contains("GIAITHICHKIN"),
        "{all}"
    );
}

#[test]
fn an_unknown_answer_key_is_located() {
    let site = copy_fixture("quiz");
    std::fs::write(
        site.path().join("booklets/phieu.yaml"),
        "title: \"Phiếu\"\nformat: a4\nanswer_key: cuoi\npages:\n  - page: on-tap/kiem-tra.md\n",
    )
    .unwrap();
    let err = loa::build(&loa::BuildOptions::new(site.path())).unwrap_err();
    let d = err
        .diagnostics
        .iter()
        .find(|d| d.message.contains("answer_key"))
        .unwrap_or_else(|| panic!("{:?}", err.diagnostics));
    assert_eq!(d.location(), "booklets/phieu.yaml:3:13", "{d}");
    assert!(d.hint.as_deref().unwrap_or("").contains("`sheet`"), "{d}");
}
