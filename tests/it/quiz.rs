//! Quiz blocks (```` ```quiz ````): every problem of every block located in Vietnamese and
//! English at once; a valid quiz renders accessible HTML; search sees the questions, never the
//! answers or the explanations.

use crate::support::*;
use loa::{build, BuildOptions};
use std::path::Path;

fn opts(root: &Path) -> BuildOptions {
    let mut o = BuildOptions::new(root);
    o.booklets = false;
    o
}

#[test]
fn every_quiz_problem_is_located_at_once() {
    let site = copy_fixture("bad-quiz");
    let err = build(&opts(site.path())).expect_err("the build must fail");
    let found: Vec<(String, String, String)> = err
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| {
            (
                d.location(),
                d.message_in(loa::text::Lang::Vi).to_string(),
                d.hint_in(loa::text::Lang::Vi)
                    .unwrap_or_default()
                    .to_string(),
            )
        })
        .collect();
    let expect = [
        ("content/a.md:8:1", "chưa có đáp án"),
        ("content/a.md:19:9", "đáp án `3` không có trong 2 phương án"),
        ("content/a.md:26:3", "phương án 2 (B) để trống"),
        ("content/a.md:34:1", "khóa `giai_thich` không dùng được"),
        (
            "content/a.md:48:11",
            "đáp án `E` không có trong 2 phương án",
        ),
    ];
    for (loc, words) in expect {
        assert!(
            found
                .iter()
                .any(|(l, m, h)| l == loc && m.contains(words) && !h.is_empty()),
            "no `{words}` at {loc} in {found:#?}"
        );
    }
    let yaml: Vec<_> = found
        .iter()
        .filter(|(_, m, _)| m.contains("cú pháp YAML"))
        .collect();
    assert_eq!(yaml.len(), 1, "{found:#?}");
    assert!(
        yaml[0].0.starts_with("content/a.md:39:") || yaml[0].0.starts_with("content/a.md:40:"),
        "{yaml:?}"
    );
    assert_eq!(found.len(), 6, "one problem per block: {found:#?}");
}

#[test]
fn quiz_messages_in_english_and_vietnamese_with_the_line() {
    let site = copy_fixture("bad-quiz");
    let (code, _, vi) = run_loa(site.path(), &["build", "--no-booklets"]);
    assert_eq!(code, 1, "{vi}");
    assert!(vi.contains("  --> content/a.md:34:1\n"), "{vi}");
    assert!(vi.contains("34 | giai_thich: sai khóa\n"), "{vi}");
    assert!(vi.contains("phương án 2 (B) để trống"), "{vi}");
    let (code, _, en) = run_loa(site.path(), &["build", "--no-booklets", "--lang", "en"]);
    assert_eq!(code, 1, "{en}");
    assert!(en.contains("error: choice 2 (B) is empty\n"), "{en}");
    assert!(
        en.contains("answer `3` is not one of the 2 choices"),
        "{en}"
    );
    assert!(en.contains("the question has no `answer`"), "{en}");
}

fn quiz_page(site: &Path) -> String {
    let report = build(&opts(site)).unwrap_or_else(|f| panic!("{:?}", f.diagnostics));
    assert!(report.diagnostics.is_empty(), "{:?}", report.diagnostics);
    std::fs::read_to_string(site.join("public/on-tap/kiem-tra-hieu-biet/index.html")).unwrap()
}

#[test]
fn a_valid_quiz_renders_fieldsets_of_radios_and_check_boxes() {
    let site = copy_fixture("quiz");
    let html = quiz_page(site.path());
    let main = &html[html.find("<main").unwrap()..];
    // One fieldset per question, its legend the question, numbered on the page.
    assert_eq!(main.matches("<fieldset>").count(), 3, "{main}");
    assert!(main.contains(
        "<legend><span class=\"quiz-number\">Câu 1.</span> Thủ đô của nước ta là thành phố nào?</legend>"
    ));
    assert!(main.contains("<input type=\"radio\" id=\"loa-quiz-1-2\" name=\"loa-quiz-1\" value=\"1\"><label for=\"loa-quiz-1-2\"><span class=\"quiz-letter\">B.</span> Hà Nội</label>"), "{main}");
    assert!(main.contains("data-kind=\"multiple\" data-answer=\"0,2\" data-key=\"A, C\""));
    assert_eq!(main.matches("type=\"checkbox\"").count(), 4);
    // True or false: the choices are the site language's words.
    assert!(main.contains("data-kind=\"true-false\" data-answer=\"1\" data-key=\"Sai\""));
    assert!(main.contains("<label for=\"loa-quiz-3-1\">Đúng</label>"));
    // Feedback is announced; the explanation waits for an answer.
    assert_eq!(
        main.matches("<p class=\"quiz-feedback\" role=\"status\" aria-live=\"polite\"></p>")
            .count(),
        3
    );
    assert!(main.contains("<p class=\"quiz-explain\" hidden><strong>Giải thích:</strong> Mặt trời mọc ở đằng đông.</p>"));
    // One score box and reset button, after the last question only.
    assert_eq!(main.matches("data-quiz-summary").count(), 1);
    assert!(main.find("data-quiz-summary").unwrap() > main.find("loa-quiz-3-2").unwrap());
    assert!(main.contains("data-quiz-reset>Làm lại</button>"));
    assert!(main.contains("Có 3 câu hỏi."));
    // The script, by a relative path, and nothing of the YAML left.
    assert!(html.contains("<script src=\"../../static/js/quiz.js\"></script>"));
    assert!(site.path().join("public/static/js/quiz.js").is_file());
    assert!(!main.contains("```") && !main.contains("question:"));
}

#[test]
fn pages_without_a_quiz_do_not_load_the_script() {
    let site = copy_fixture("quiz");
    quiz_page(site.path());
    let list = std::fs::read_to_string(site.path().join("public/on-tap/index.html")).unwrap();
    assert!(!list.contains("quiz.js"));
}

/// A section's intro (and the home page) may hold a quiz too: its page loads the script.
#[test]
fn a_quiz_in_a_section_intro_loads_the_script() {
    let site = copy_fixture("quiz");
    let intro = site.path().join("content/on-tap/_index.md");
    let text = std::fs::read_to_string(&intro).unwrap();
    let quiz = "\n```quiz\nquestion: Ôn nhanh?\nchoices: [Có, Không]\nanswer: 1\n```\n";
    std::fs::write(&intro, format!("{text}{quiz}")).unwrap();
    quiz_page(site.path());
    let list = std::fs::read_to_string(site.path().join("public/on-tap/index.html")).unwrap();
    assert!(list.contains("<fieldset>"), "{list}");
    assert!(list.contains("static/js/quiz.js"), "{list}");
}

#[test]
fn search_indexes_questions_never_answers_or_explanations() {
    let site = copy_fixture("quiz");
    quiz_page(site.path());
    let mut index = String::new();
    for (rel, bytes) in snapshot(&site.path().join("public/search")) {
        index.push_str(&rel);
        index.push_str(&String::from_utf8_lossy(&bytes));
    }
    let folded = index.to_lowercase();
    assert!(
        folded.contains("thủ đô") || folded.contains("thu do"),
        "{index}"
    );
    for secret in ["giaithichkin", "phuongankin", "đằng đông", "dang dong"] {
        assert!(
            !folded.contains(secret),
            "`{secret}` reached the search files"
        );
    }
}
