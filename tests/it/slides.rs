//! Slide decks (`kind: slides`): thematic breaks separate the slides, a `notes` block is the
//! speaker notes, the presentation view's controls and script come with the page; other pages
//! keep their rules and code blocks.

use crate::support::*;
use loa::{build, BuildOptions};

#[test]
fn a_deck_is_split_into_slides_with_notes_and_controls() {
    let site = copy_fixture("slides");
    let mut o = BuildOptions::new(site.path());
    o.booklets = false;
    let report = build(&o).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    let html =
        std::fs::read_to_string(site.path().join("public/bai-giang-thu/index.html")).unwrap();
    let main = &html[html.find("<main").unwrap()..];
    assert_eq!(
        main.matches("<section class=\"slide\"").count(),
        3,
        "{main}"
    );
    assert!(
        main.contains("<section class=\"slide\" id=\"slide-1\" aria-label=\"Trang chiếu 1 / 3\">")
    );
    assert!(
        main.contains("<section class=\"slide\" id=\"slide-3\" aria-label=\"Trang chiếu 3 / 3\">")
    );
    assert!(
        !main.contains("<hr"),
        "the breaks are slide boundaries, not rules"
    );
    // Each slide holds its own content.
    let second = &main[main.find("id=\"slide-2\"").unwrap()..main.find("id=\"slide-3\"").unwrap()];
    assert!(
        second.contains("Ý thứ hai") && second.contains("alert-tip"),
        "{second}"
    );
    assert!(!second.contains("Cảm ơn"));
    // Notes are an aside with their paragraphs, not code.
    assert!(main.contains("<aside class=\"slide-notes\"><p class=\"slide-notes-title\">Ghi chú cho người trình bày</p><p>Giới thiệu bản thân.</p><p>Hỏi mọi người một câu.</p></aside>"), "{main}");
    assert!(!main.contains("language-notes"));
    // The presentation view's controls, its sentences and its script.
    assert!(main.contains("data-slides data-count=\"3\""));
    assert!(main.contains("data-slides-start>Trình chiếu</button>"));
    assert!(main.contains("<p class=\"slides-count\" aria-live=\"polite\"></p>"));
    assert!(html.contains("<script src=\"../static/js/slides.js\"></script>"));
    assert!(html.contains("<p class=\"page-kind\">Trình chiếu</p>"));
    assert_eq!(
        main.matches("<section").count(),
        main.matches("</section>").count()
    );

    let plain =
        std::fs::read_to_string(site.path().join("public/trang-thuong/index.html")).unwrap();
    assert!(
        plain.contains("<hr />"),
        "a rule on an ordinary page stays a rule"
    );
    assert!(
        plain.contains("language-notes"),
        "and a notes block stays code"
    );
    assert!(!plain.contains("slides.js") && !plain.contains("class=\"slide\""));
}
