//! Search that forgives (issue 13): partial matches kept, typos, exact forms in the section
//! chosen, abbreviations and synonyms, and everything a reader can land on indexed (section
//! intros, the home page, documents' `mentions`, front matter `keywords`). Ranking runs through
//! the real `search.js` in node (`tests/js/harness.js`), as in `search.rs`.

use crate::search::{doc, hrefs, ranked, search_docs, write};
use crate::support::*;
use loa::search::{build_index, SearchOptions};
use loa::text::Lang;

fn urls(hits: &[String]) -> Vec<&str> {
    hits.iter()
        .map(|h| h.split('#').next().unwrap_or(h))
        .collect()
}

#[test]
fn pages_matching_fewer_words_rank_lower_but_stay() {
    let docs = [
        doc(
            "tat-ca/index.html",
            "Hòa giải mâu thuẫn",
            &[("", "", "Tổ hòa giải giúp gia đình giải quyết mâu thuẫn.")],
        ),
        doc(
            "mot-phan/index.html",
            "Mâu thuẫn gia đình",
            &[("", "", "Mâu thuẫn trong gia đình cần được nói ra.")],
        ),
        doc(
            "khac/index.html",
            "Ngày hội",
            &[("", "", "Ngày hội thể thao của đơn vị.")],
        ),
    ];
    let r = ranked(
        &docs,
        48 * 1024,
        &["hòa giải mâu thuẫn gia đình", "hoa giai mau thuan zzqxv"],
    );
    assert_eq!(r[0], ["tat-ca/index.html", "mot-phan/index.html"], "{r:?}");
    // A word found nowhere is optional: the pages holding the others are all found, in order.
    assert_eq!(
        urls(&r[1]),
        ["tat-ca/index.html", "mot-phan/index.html"],
        "{r:?}"
    );
}

#[test]
fn a_typo_finds_the_page_but_never_above_what_was_typed() {
    let docs = [
        doc(
            "kien-thuc/index.html",
            "Kiến thức pháp luật",
            &[(
                "",
                "",
                "Kiến thức pháp luật cho cán bộ, kiến thức về gia đình.",
            )],
        ),
        doc(
            "thuc-an/index.html",
            "Bữa cơm",
            &[("", "", "Thức ăn trong bữa cơm gia đình.")],
        ),
    ];
    // "kiêm" is not in the index: the one-edit correction "kien" finds the page meant, first.
    let r = ranked(
        &docs,
        48 * 1024,
        &["kiêm thức", "kieen thuwcs", "kiwn thuc"],
    );
    for hits in &r {
        assert_eq!(
            hits.first().map(String::as_str),
            Some("kien-thuc/index.html"),
            "{r:?}"
        );
    }
    // Once a page holds the words as typed, it stays above the corrections.
    let mut with_typed = docs.to_vec();
    with_typed.push(doc(
        "tim-kiem/index.html",
        "Tìm kiếm",
        &[("", "", "Tìm kiếm thức ăn sạch cho bữa cơm.")],
    ));
    let r = ranked(&with_typed, 48 * 1024, &["kiếm thức"]);
    assert_eq!(
        r[0].first().map(String::as_str),
        Some("tim-kiem/index.html"),
        "{r:?}"
    );
    assert!(r[0].iter().any(|h| h == "kien-thuc/index.html"), "{r:?}");
}

#[test]
fn exact_diacritics_choose_the_section() {
    let docs = [doc(
        "bai/index.html",
        "Gia đình",
        &[
            ("", "", "Mở đầu."),
            ("ma", "Ma và mà", "Ma, mà, ma, mà: những chữ khác."),
            ("ma-sac", "Má tôi", "Má dạy con điều hay."),
        ],
    )];
    let r = ranked(&docs, 48 * 1024, &["má", "ma"]);
    assert_eq!(r[0], ["bai/index.html#ma-sac"], "{r:?}");
    assert_eq!(
        r[1],
        ["bai/index.html#ma"],
        "without marks every form counts: {r:?}"
    );
}

#[test]
fn abbreviations_and_synonyms_work_both_ways() {
    let docs = [
        doc(
            "day-du/index.html",
            "Phòng, chống bạo lực gia đình",
            &[(
                "",
                "",
                "Bạo lực gia đình là hành vi cố ý của thành viên gia đình.",
            )],
        ),
        doc(
            "viet-tat/index.html",
            "Sinh hoạt chi đoàn",
            &[(
                "",
                "",
                "Chi đoàn thảo luận Luật PCBLGĐ và công tác BLGĐ ở cơ sở.",
            )],
        ),
        doc(
            "chi-thi/index.html",
            "Chỉ thị 21 của Tổng cục",
            &[("", "", "Chỉ thị 21 về công tác phụ nữ.")],
        ),
    ];
    let tmp = tempfile::tempdir().unwrap();
    let opts = SearchOptions {
        lang: Lang::Vi,
        shard_size: 48 * 1024,
        synonyms: vec![("CT21".to_string(), vec!["Chỉ thị 21".to_string()])],
    };
    write(&build_index(&search_docs(&docs), &opts), tmp.path());
    let r = hrefs(
        tmp.path(),
        &["BLGĐ", "bạo lực gia đình", "domestic violence", "ct21"],
    );
    // The abbreviation finds the page written in full and the page that uses it.
    assert!(r[0].iter().any(|h| h == "viet-tat/index.html"), "{r:?}");
    assert!(r[0].iter().any(|h| h == "day-du/index.html"), "{r:?}");
    assert!(r[1].iter().any(|h| h == "viet-tat/index.html"), "{r:?}");
    assert_eq!(r[2].first().map(String::as_str), Some("day-du/index.html"));
    assert_eq!(r[3].first().map(String::as_str), Some("chi-thi/index.html"));
}

#[test]
fn section_intros_home_page_mentions_and_keywords_are_found() {
    let site = copy_fixture("search-everything");
    let (code, _, err) = run_loa(site.path(), &["build", "--no-booklets"]);
    assert_eq!(code, 0, "{err}");
    let public = site.path().join("public");
    let r = hrefs(
        &public,
        &[
            "gọi 113",
            "tổ hòa giải",
            "Luật PCBLGĐ",
            "luat so 13",
            "safety plan",
            "ke hoach thoat hiem",
            "VAWG",
        ],
    );
    let first = |i: usize| r[i].first().map(|h| h.split('#').next().unwrap_or(h));
    assert_eq!(first(0), Some("index.html"), "the home page: {r:?}");
    assert_eq!(
        first(1),
        Some("an-toan/index.html"),
        "a section intro: {r:?}"
    );
    assert_eq!(first(2), Some("van-ban/luat-pcblgd/index.html"), "{r:?}");
    assert_eq!(first(3), Some("van-ban/luat-pcblgd/index.html"), "{r:?}");
    assert_eq!(
        first(4),
        Some("an-toan/ke-hoach-an-toan-cho-ban-than/index.html")
    );
    assert_eq!(
        first(5),
        Some("an-toan/ke-hoach-an-toan-cho-ban-than/index.html")
    );
    assert_eq!(
        first(6),
        Some("an-toan/ke-hoach-an-toan-cho-ban-than/index.html"),
        "the site's synonym: {r:?}"
    );
    let html =
        std::fs::read_to_string(public.join("an-toan/ke-hoach-an-toan-cho-ban-than/index.html"))
            .unwrap();
    assert!(!html.contains("safety plan"), "keywords are not shown");
}

#[test]
fn bad_search_synonyms_are_located_errors() {
    let site = copy_fixture("bad-search-synonyms");
    let (code, _, err) = run_loa(site.path(), &["build", "--no-booklets", "--lang", "en"]);
    assert_eq!(code, 1, "{err}");
    for at in ["loa.yaml:5:15", "loa.yaml:6:6", "loa.yaml:7:6"] {
        assert!(err.contains(at), "{at} missing in:\n{err}");
    }
    assert!(err.contains("has no letters or digits"), "{err}");
    assert!(err.contains("has no alternatives"), "{err}");
}
