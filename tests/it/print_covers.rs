//! Cover titles (issue 14, item 4): a centred title or subtitle never breaks inside a
//! two-syllable word ("bình / đẳng", "bạo / lực") and its lines come out even, on the shipped
//! booklets and leaflet and on a title that a plain line break would cut at the A5 cover width.

use crate::support::*;
use std::path::Path;

/// Words of two (or three) syllables that the covers below hold.
const PAIRS: &[&str] = &[
    "bình đẳng",
    "bạo lực",
    "gia đình",
    "phòng, chống",
    "phụ nữ",
    "tiến bộ",
    "hành động",
    "hằng năm",
    "chung tay",
    "công nhân",
    "viên chức",
    "người lao động",
    "cán bộ",
    "chiến sĩ",
    "hội viên",
];

/// The non-empty lines of page `p` (`pdftotext`, reading order, NFC).
fn lines(pdf: &Path, p: usize) -> Vec<String> {
    use unicode_normalization::UnicodeNormalization;
    let p = p.to_string();
    let text = poppler("pdftotext", pdf, &["-f", &p, "-l", &p, "-"]);
    let text: String = text.nfc().collect();
    text.lines()
        .map(|l| l.trim().to_string())
        .filter(|l| !l.is_empty())
        .collect()
}

/// The word pairs cut between two consecutive lines, as "left / right".
fn broken_pairs(lines: &[String]) -> Vec<String> {
    let mut broken = Vec::new();
    for two in lines.windows(2) {
        let (a, b) = (two[0].to_lowercase(), two[1].to_lowercase());
        for pair in PAIRS {
            for (at, _) in pair.match_indices(' ') {
                let (left, right) = (&pair[..at], &pair[at + 1..]);
                let ends = a == left || a.ends_with(&format!(" {left}"));
                let starts = b == right || b.starts_with(&format!("{right} "));
                if ends && starts {
                    broken.push(format!("{} / {}", two[0], two[1]));
                }
            }
        }
    }
    broken
}

#[test]
fn shipped_covers_keep_word_pairs_whole() {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().to_str().unwrap();
    for id in [
        "hoi-dap-phong-chong-bao-luc-gia-dinh",
        "so-tay-binh-dang-gioi",
        "to-gap-thang-hanh-dong",
    ] {
        let (code, stdout, err) = run_loa(&repo(), &["booklet", id, "--output", dir]);
        assert_eq!(code, 0, "{stdout}{err}");
        let pdf = out.path().join(format!("in-an/{id}.pdf"));
        let cover = lines(&pdf, 1);
        assert!(broken_pairs(&cover).is_empty(), "{id}: {cover:#?}");
    }
    // The question-and-answer booklet's title is two lines, cut before "bạo lực gia đình".
    let cover = lines(
        &out.path()
            .join("in-an/hoi-dap-phong-chong-bao-luc-gia-dinh.pdf"),
        1,
    );
    assert!(
        cover.contains(&"bạo lực gia đình".to_string()),
        "{cover:#?}"
    );
}

/// The line lengths (in characters) of the cover lines that are the words of `text`, in order.
fn lengths_of(cover: &[String], text: &str) -> Vec<usize> {
    let start = cover
        .iter()
        .position(|l| text.starts_with(l.as_str()))
        .unwrap_or_else(|| panic!("no line of {text:?} in {cover:#?}"));
    let mut joined = String::new();
    let mut lengths = Vec::new();
    for line in &cover[start..] {
        lengths.push(line.chars().count());
        joined = if joined.is_empty() {
            line.clone()
        } else {
            format!("{joined} {line}")
        };
        if joined == text {
            return lengths;
        }
    }
    panic!("{text:?} is not set on consecutive lines: {cover:#?}")
}

#[test]
fn a_title_cut_inside_a_word_at_the_cover_width_is_kept_whole_and_balanced() {
    let site = copy_fixture("booklet");
    let title = "Tìm hiểu pháp luật về bình đẳng giới";
    let subtitle = "Dành cho cán bộ, chiến sĩ, công nhân viên chức và người lao động";
    std::fs::write(
        site.path().join("booklets/so-tay.yaml"),
        format!(
            "title: \"{title}\"\nsubtitle: \"{subtitle}\"\nissuer: \"Ban thử\"\nyear: 2026\n\
             format: a5-booklet\npages:\n  - section: so-tay\n"
        ),
    )
    .unwrap();
    let (code, stdout, err) = run_loa(site.path(), &["booklet", "so-tay"]);
    assert_eq!(code, 0, "{stdout}{err}");
    let cover = lines(&site.path().join("public/in-an/so-tay.pdf"), 1);
    assert!(broken_pairs(&cover).is_empty(), "{cover:#?}");
    for text in [title, subtitle] {
        let lengths = lengths_of(&cover, text);
        assert_eq!(lengths.len(), 2, "{text:?} on two lines: {cover:#?}");
        let (short, long) = (lengths.iter().min().unwrap(), lengths.iter().max().unwrap());
        assert!(
            short * 10 >= long * 6,
            "{text:?} is not balanced ({lengths:?}): {cover:#?}"
        );
    }
}

/// The fixture site with a booklet titled `title` over a page whose text uses "thanh niên",
/// "công tác" and "dân vận" as words.
fn titled(title: &str) -> tempfile::TempDir {
    let site = copy_fixture("booklet");
    let body = "Đoàn thanh niên hướng dẫn công tác thanh niên. Công tác thanh niên cần hướng \
                dẫn. Thanh niên học tập; dân vận khéo, tuyên giáo tốt. Dân vận và tuyên giáo.";
    std::fs::write(
        site.path().join("content/so-tay/tn.md"),
        format!("---\ntitle: \"Bài\"\n---\n\n{body}\n"),
    )
    .unwrap();
    std::fs::write(
        site.path().join("booklets/tn.yaml"),
        format!("# thử\ntitle: \"{title}\"\nformat: a5-booklet\npages:\n  - page: so-tay/tn.md\n"),
    )
    .unwrap();
    site
}

#[test]
fn a_cover_title_broken_inside_a_word_of_the_booklet_is_a_warning_at_its_line() {
    // Balanced at the cover's width, this title breaks "thanh / niên", a word the booklet's
    // text uses as one (not in loa-word-pairs): a warning at `title:`, the PDF still written.
    let site = titled("Hỏi đáp về công tác thanh niên và dân vận trong đơn vị");
    let (code, out, err) = run_loa(site.path(), &["booklet", "tn", "--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    let cover = poppler(
        "pdftotext",
        &site.path().join("public/in-an/tn.pdf"),
        &["-f", "1", "-l", "1", "-"],
    );
    assert!(
        cover.contains("thanh\nniên"),
        "the title no longer breaks there: {cover}"
    );
    assert!(
        err.contains("warning: the cover title breaks the word “thanh niên” across two lines")
            && err.contains("--> booklets/tn.yaml:2")
            && err.contains("add \"thanh niên\" to loa-word-pairs"),
        "{err}"
    );
    let (_, _, err) = run_loa(site.path(), &["booklet", "tn"]);
    assert!(
        err.contains("cảnh báo: tên trên bìa bị ngắt dòng giữa từ “thanh niên”"),
        "{err}"
    );

    // "công tác / thanh niên" breaks between two words: no warning.
    let site = titled("Hướng dẫn công tác thanh niên và công tác dân vận, tuyên giáo");
    let (code, out, err) = run_loa(site.path(), &["booklet", "tn", "--lang", "en"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(!err.contains("breaks the word"), "{err}");
}
