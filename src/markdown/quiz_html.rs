//! Quiz blocks as HTML: each question a `<fieldset>` of radio buttons (one right answer) or check
//! boxes (several), a button to answer, a `role="status"` line for the feedback and the
//! explanation, hidden until the reader answers; after the page's last question, the score and a
//! reset button. `static/js/quiz.js` brings it to life: plain script, nothing stored, nothing
//! fetched, so it works from `file://`.
//!
//! The interface text is written here in the site language, the feedback sentences as `data-t-*`
//! attributes of the score box, so the script holds no language of its own.

use super::highlight::escape;
use super::quiz::{is_quiz_start, QuizUse};
use super::Events;
use crate::text::Lang;
use loa_core::quiz::{letter, Quiz, QuizKind};
use pulldown_cmark::{Event, TagEnd};
use std::fmt::Write;

/// Replaces each checked quiz block with its HTML; a block with problems stays a code block (the
/// build fails on its diagnostics anyway).
pub(crate) fn html<'a>(events: Events<'a>, quizzes: &[QuizUse], lang: Lang) -> Events<'a> {
    if quizzes.is_empty() {
        return events;
    }
    let last = quizzes.iter().map(|q| q.offset).max();
    let mut out = Vec::with_capacity(events.len());
    let mut iter = events.into_iter();
    let mut number = 0;
    while let Some((event, range)) = iter.next() {
        let found = is_quiz_start(&event)
            .then(|| quizzes.iter().find(|q| q.offset == range.start))
            .flatten();
        let Some(q) = found else {
            out.push((event, range));
            continue;
        };
        for (e, _) in iter.by_ref() {
            if matches!(e, Event::End(TagEnd::CodeBlock)) {
                break;
            }
        }
        number += 1;
        let mut html = question(&q.quiz, number, lang);
        if Some(q.offset) == last {
            html.push_str(&summary(number, lang));
        }
        out.push((Event::Html(html.into()), range));
    }
    out
}

/// One question.
fn question(quiz: &Quiz, n: usize, lang: Lang) -> String {
    let (input, kind) = match quiz.kind {
        QuizKind::Multiple => ("checkbox", "multiple"),
        QuizKind::Single => ("radio", "single"),
        QuizKind::TrueFalse => ("radio", "true-false"),
    };
    let answer: Vec<String> = quiz.answer.iter().map(usize::to_string).collect();
    let choices = quiz.choices_in(lang);
    let key = match quiz.kind {
        QuizKind::TrueFalse => quiz
            .answer
            .iter()
            .filter_map(|&i| choices.get(i).copied())
            .collect::<Vec<_>>()
            .join(", "),
        _ => quiz.answer_letters(),
    };
    let mut h = format!(
        "<div class=\"quiz\" id=\"loa-quiz-{n}\" data-quiz data-kind=\"{kind}\" data-answer=\"{}\" data-key=\"{}\">\n<fieldset>\n<legend><span class=\"quiz-number\">{} {n}.</span> {}",
        answer.join(","),
        escape(&key),
        lang.pick("Câu", "Question"),
        escape(&quiz.question),
    );
    if quiz.kind == QuizKind::Multiple {
        let _ = write!(
            h,
            " <span class=\"quiz-multiple\">({})</span>",
            lang.pick("chọn mọi đáp án đúng", "choose every right answer")
        );
    }
    h.push_str("</legend>\n");
    for (i, choice) in choices.iter().enumerate() {
        let id = format!("loa-quiz-{n}-{}", i + 1);
        let mark = match quiz.kind {
            QuizKind::TrueFalse => String::new(),
            _ => format!("<span class=\"quiz-letter\">{}.</span> ", letter(i)),
        };
        let _ = writeln!(
            h,
            "<div class=\"quiz-choice\"><input type=\"{input}\" id=\"{id}\" name=\"loa-quiz-{n}\" value=\"{i}\"><label for=\"{id}\">{mark}{}</label></div>",
            escape(choice)
        );
    }
    h.push_str("</fieldset>\n");
    let _ = writeln!(
        h,
        "<p class=\"quiz-actions\"><button type=\"button\" class=\"quiz-check\" data-quiz-check>{}</button></p>",
        lang.pick("Trả lời", "Answer")
    );
    h.push_str("<p class=\"quiz-feedback\" role=\"status\" aria-live=\"polite\"></p>\n");
    if let Some(explain) = &quiz.explain {
        let _ = writeln!(
            h,
            "<p class=\"quiz-explain\" hidden><strong>{}</strong> {}</p>",
            lang.pick("Giải thích:", "Why:"),
            escape(explain)
        );
    }
    h.push_str("</div>\n");
    h
}

/// The score and the reset button, after the last question; the feedback sentences for the
/// script (`{key}`, `{right}`, `{answered}`, `{total}` are filled in by it).
fn summary(total: usize, lang: Lang) -> String {
    let t = |vi: &str, en: &str| escape(lang.pick(vi, en));
    format!(
        "<div class=\"quiz-summary\" data-quiz-summary data-t-right=\"{}\" data-t-wrong=\"{}\" data-t-none=\"{}\" data-t-score=\"{}\">\n<p class=\"quiz-score\" role=\"status\" aria-live=\"polite\">{}</p>\n<p class=\"quiz-actions\"><button type=\"button\" class=\"quiz-reset\" data-quiz-reset>{}</button></p>\n</div>\n",
        t("Đúng.", "Right."),
        t("Chưa đúng. Đáp án đúng: {key}.", "Not quite. The right answer: {key}."),
        t("Hãy chọn một đáp án trước.", "Choose an answer first."),
        t(
            "Kết quả: đúng {right}/{total} câu (đã trả lời {answered} câu).",
            "Score: {right} of {total} right ({answered} answered)."
        ),
        escape(&lang.pick("Chưa trả lời câu nào. Có {total} câu hỏi.", "No answer yet. {total} questions.").replace("{total}", &total.to_string())),
        lang.pick("Làm lại", "Start again"),
    )
}
