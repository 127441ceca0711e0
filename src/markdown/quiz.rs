//! Resolve pass: quiz blocks (```` ```quiz ```` with YAML inside, DESIGN §12) are parsed and
//! checked once, here, by [`loa_core::quiz::parse`] (the booklets use the same function).
//!
//! Every problem of every block comes back as a located diagnostic in English and Vietnamese,
//! so an editor fixes a whole quiz in one build. The events are left as they are: the checked
//! questions go into the page's facts, keyed by where their block starts, and the HTML writer
//! ([`super::quiz_html`]) and the search text ([`super::plain`]) look them up there.

use super::{Context, Events, Rendered};
use crate::diagnostic::{did_you_mean, Diagnostic};
use loa_core::quiz::{self, letter, Problem, ProblemKind, Quiz, QUIZ_KEYS};
use pulldown_cmark::{CodeBlockKind, Event, Tag, TagEnd};
use std::ops::Range;

/// A checked quiz block of the page.
#[derive(Debug, Clone)]
pub struct QuizUse {
    /// Byte offset in the body where the block's fence starts.
    pub offset: usize,
    pub quiz: Quiz,
}

/// Whether the code block that starts with `event` is a quiz block.
pub(crate) fn is_quiz_start(event: &Event<'_>) -> bool {
    matches!(event, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if quiz::is_quiz_info(info))
}

/// Checks every quiz block of the page: good ones join `facts.quizzes`, problems its diagnostics.
pub(crate) fn check(events: &Events<'_>, cx: &Context<'_>, facts: &mut Rendered) {
    let mut iter = events.iter();
    while let Some((event, range)) = iter.next() {
        if !is_quiz_start(event) {
            continue;
        }
        let mut text = String::new();
        let mut first: Option<Range<usize>> = None;
        for (e, r) in iter.by_ref() {
            match e {
                Event::End(TagEnd::CodeBlock) => break,
                Event::Text(t) => {
                    first.get_or_insert_with(|| r.clone());
                    text.push_str(t);
                }
                _ => {}
            }
        }
        match quiz::parse(&text) {
            Ok(quiz) => facts.quizzes.push(QuizUse {
                offset: range.start,
                quiz,
            }),
            Err(problems) => {
                let start = first.unwrap_or_else(|| range.clone());
                for p in problems {
                    facts
                        .diagnostics
                        .push(diagnostic(cx, &text, start.start, &p));
                }
            }
        }
    }
}

/// The diagnostic of problem `p` of a block whose text starts at byte `start` of the body.
fn diagnostic(cx: &Context<'_>, text: &str, start: usize, p: &Problem) -> Diagnostic {
    // Lines of a code block are the file's lines one for one; a block inside a list loses its
    // indentation, which the column of the block's first character gives back.
    let (l0, c0) = cx.locate(&(start..start));
    let (l, c) = crate::diagnostic::line_col(text, p.offset);
    let (line, col) = (l0 + l.max(1) - 1, c0 + c.max(1) - 1);
    let [message, message_vi] = message(&p.kind);
    let [hint, hint_vi] = hint(&p.kind);
    Diagnostic::error("quiz", cx.page.source, message)
        .vi(message_vi)
        .at_in(cx.page.text, line, col)
        .hint(hint)
        .hint_vi(hint_vi)
}

fn message(kind: &ProblemKind) -> [String; 2] {
    match kind {
        ProblemKind::Yaml(m) => [
            format!("the quiz block is not valid YAML: {m}"),
            format!("khối câu hỏi viết sai cú pháp YAML: {m}"),
        ],
        ProblemKind::NotAMapping => [
            "the quiz block is not a list of `key: value` lines".into(),
            "khối câu hỏi phải gồm các dòng `khóa: giá trị`".into(),
        ],
        ProblemKind::UnknownKey(k) => [
            format!("unknown key `{k}` in a quiz block"),
            format!("khóa `{k}` không dùng được trong khối câu hỏi"),
        ],
        ProblemKind::NoQuestion => [
            "the quiz block has no `question`".into(),
            "khối câu hỏi thiếu nội dung câu hỏi (`question`)".into(),
        ],
        ProblemKind::NoChoices => [
            "the question has no `choices`".into(),
            "câu hỏi chưa có các phương án trả lời (`choices`)".into(),
        ],
        ProblemKind::TooFewChoices => [
            "a question needs at least two choices".into(),
            "câu hỏi cần ít nhất hai phương án trả lời".into(),
        ],
        ProblemKind::EmptyChoice(n) => [
            format!("choice {n} ({}) is empty", letter(n - 1)),
            format!("phương án {n} ({}) để trống", letter(n - 1)),
        ],
        ProblemKind::NoAnswer => [
            "the question has no `answer`".into(),
            "câu hỏi chưa có đáp án (`answer`)".into(),
        ],
        ProblemKind::AnswerOutOfRange { given, count } => [
            format!("answer `{given}` is not one of the {count} choices"),
            format!("đáp án `{given}` không có trong {count} phương án"),
        ],
        ProblemKind::BadAnswer(a) => [
            format!("answer `{a}` is not a choice number or letter"),
            format!("đáp án `{a}` không phải số hay chữ cái của một phương án"),
        ],
        ProblemKind::TrueFalseWithChoices => [
            "a true-or-false answer with `choices`".into(),
            "đáp án đúng/sai nhưng lại có `choices`".into(),
        ],
        ProblemKind::NotText(k) => [
            format!("`{k}` must be text"),
            format!("`{k}` phải là một đoạn chữ"),
        ],
    }
}

fn hint(kind: &ProblemKind) -> [String; 2] {
    const ANSWER: [&str; 2] = [
        "write the number (1, 2, …) or the letter (A, B, …) of the right choice, `answer: 2`; several right choices: `answer: [1, 3]`; a true-or-false question: `answer: đúng` or `answer: sai`, without choices",
        "ghi số thứ tự (1, 2, …) hoặc chữ cái (A, B, …) của phương án đúng, ví dụ `answer: 2`; nhiều phương án đúng: `answer: [1, 3]`; câu hỏi đúng/sai: `answer: đúng` hoặc `answer: sai`, không cần `choices`",
    ];
    const CHOICES: [&str; 2] = [
        "list the choices under `choices:`, one per line starting with `- `",
        "liệt kê các phương án dưới `choices:`, mỗi dòng một phương án, bắt đầu bằng `- `",
    ];
    const SHAPE: [&str; 2] = [
        "a quiz block has the lines `question:`, `choices:` (a list), `answer:` and, if you like, `explain:`; put text containing `: ` in quotes",
        "khối câu hỏi gồm các dòng `question:`, `choices:` (danh sách), `answer:` và nếu cần `explain:`; đoạn chữ có dấu `: ` thì đặt trong ngoặc kép",
    ];
    let pair = |[a, b]: [&str; 2]| [a.to_string(), b.to_string()];
    match kind {
        ProblemKind::UnknownKey(k) => match did_you_mean(k, QUIZ_KEYS.iter().copied()) {
            Some(s) => [
                format!("did you mean `{s}`?"),
                format!("có phải ý bạn là `{s}`?"),
            ],
            None => [
                format!("the keys of a quiz block are: {}", QUIZ_KEYS.join(", ")),
                format!("khối câu hỏi chỉ dùng các khóa: {}", QUIZ_KEYS.join(", ")),
            ],
        },
        ProblemKind::NoQuestion => [
            "write the question on a line `question: …`".into(),
            "ghi câu hỏi trên dòng `question: …`".into(),
        ],
        ProblemKind::NoChoices | ProblemKind::TooFewChoices | ProblemKind::EmptyChoice(_) => {
            pair(CHOICES)
        }
        ProblemKind::AnswerOutOfRange { count, .. } => [
            format!(
                "the choices are numbered 1 to {count} (A to {})",
                letter(count.saturating_sub(1))
            ),
            format!(
                "các phương án được đánh số từ 1 đến {count} (từ A đến {})",
                letter(count.saturating_sub(1))
            ),
        ],
        ProblemKind::NoAnswer | ProblemKind::BadAnswer(_) | ProblemKind::TrueFalseWithChoices => {
            pair(ANSWER)
        }
        ProblemKind::Yaml(_) | ProblemKind::NotAMapping | ProblemKind::NotText(_) => pair(SHAPE),
    }
}
