//! Quiz blocks on paper: each question with a tick box before every choice, numbered through the
//! whole booklet, and at the end, as the booklet's `answer_key` says, the answer key on a page of
//! its own (`end`), nothing (`none`: a sheet handed out in a contest), or a contest answer form
//! with name, unit and a grid to tick (`sheet`).
//!
//! A block is read by [`loa_core::quiz::parse`], the function the site uses, so the paper and the
//! screen never disagree on a question or its answer. loa reports a bad block before a booklet is
//! made; a bad block that reaches this crate anyway prints as the code it is.
//! The layout is in `themes/default/print/quiz.typ`.

use crate::escape;
use crate::model::{AnswerKey, Lang};
use crate::Generator;
use loa_core::quiz::{Quiz, QuizKind};
use std::fmt::Write;

/// A question printed so far, for the answer key or the answer form.
#[derive(Debug, Clone)]
pub(crate) struct Printed {
    number: usize,
    key: String,
    explain: Option<String>,
    /// What the answer form offers to tick: letters, or "Đúng" / "Sai".
    options: Vec<String>,
}

/// Prints the quiz block `text` as a question; `false` when it is not a valid quiz block.
pub(crate) fn question(gen: &mut Generator, text: &str) -> bool {
    let Ok(quiz) = loa_core::quiz::parse(text) else {
        return false;
    };
    let lang = gen.booklet_lang;
    let number = gen.quizzes.len() + 1;
    let choices = quiz.choices_in(lang);
    let list: Vec<String> = choices.iter().map(|c| escape::string(c)).collect();
    let letters = quiz.kind != QuizKind::TrueFalse;
    let note = (quiz.kind == QuizKind::Multiple).then(|| {
        escape::string(lang.pick("(chọn mọi đáp án đúng)", "(choose every right answer)"))
    });
    let _ = writeln!(
        gen.out,
        "\n#loa-quiz(number: {number}, word: {}, question: {}, choices: ({},), letters: {letters}, multiple: {}, note: {})",
        escape::string(lang.pick("Câu", "Question")),
        escape::string(&quiz.question),
        list.join(", "),
        quiz.kind == QuizKind::Multiple,
        note.unwrap_or_else(|| "none".to_string()),
    );
    gen.quizzes.push(printed(&quiz, number, lang));
    true
}

fn printed(quiz: &Quiz, number: usize, lang: Lang) -> Printed {
    let choices = quiz.choices_in(lang);
    let (key, options) = match quiz.kind {
        QuizKind::TrueFalse => (
            quiz.answer
                .iter()
                .filter_map(|&i| choices.get(i).map(|c| c.to_string()))
                .collect::<Vec<_>>()
                .join(", "),
            choices.iter().map(|c| c.to_string()).collect(),
        ),
        _ => (
            quiz.answer_letters(),
            (0..choices.len()).map(loa_core::quiz::letter).collect(),
        ),
    };
    Printed {
        number,
        key,
        explain: quiz.explain.clone(),
        options,
    }
}

/// Appends the answer key or the answer form after the last chapter, as `answer_key` says.
pub(crate) fn finish(gen: &mut Generator, answer_key: AnswerKey) {
    if gen.quizzes.is_empty() {
        return;
    }
    let lang = gen.booklet_lang;
    let word = escape::string(lang.pick("Câu", "Question"));
    match answer_key {
        AnswerKey::None => {}
        AnswerKey::End => {
            let entries: Vec<String> = gen
                .quizzes
                .iter()
                .map(|p| {
                    format!(
                        "({}, {}, {})",
                        p.number,
                        escape::string(&p.key),
                        escape::opt_string(p.explain.as_deref())
                    )
                })
                .collect();
            let _ = writeln!(
                gen.out,
                "\n#loa-quiz-key(title: {}, word: {word}, entries: ({},))",
                escape::string(lang.pick("Đáp án", "Answers")),
                entries.join(", ")
            );
        }
        AnswerKey::Sheet => {
            let rows: Vec<String> = gen
                .quizzes
                .iter()
                .map(|p| {
                    let options: Vec<String> =
                        p.options.iter().map(|o| escape::string(o)).collect();
                    format!("({}, ({},))", p.number, options.join(", "))
                })
                .collect();
            let _ = writeln!(
                gen.out,
                "\n#loa-quiz-sheet(title: {}, name: {}, unit: {}, word: {word}, rows: ({},))",
                escape::string(lang.pick("Phiếu trả lời", "Answer sheet")),
                escape::string(lang.pick("Họ và tên:", "Name:")),
                escape::string(lang.pick("Đơn vị:", "Unit:")),
                rows.join(", ")
            );
        }
    }
}
