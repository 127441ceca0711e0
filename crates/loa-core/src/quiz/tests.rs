use super::*;

fn kinds(text: &str) -> Vec<ProblemKind> {
    parse(text)
        .unwrap_err()
        .into_iter()
        .map(|p| p.kind)
        .collect()
}

#[test]
fn single_choice_by_number_or_letter() {
    let q =
        parse("question: Hỏi?\nchoices:\n  - Một\n  - Hai\nanswer: 2\nexplain: Vì thế.\n").unwrap();
    assert_eq!(q.question, "Hỏi?");
    assert_eq!(q.choices, ["Một", "Hai"]);
    assert_eq!(q.answer, [1]);
    assert_eq!(q.kind, QuizKind::Single);
    assert_eq!(q.explain.as_deref(), Some("Vì thế."));
    let q = parse("question: Hỏi?\nchoices: [Một, Hai, Ba]\nanswer: b\n").unwrap();
    assert_eq!(q.answer, [1]);
    assert_eq!(q.answer_letters(), "B");
}

#[test]
fn several_answers_are_a_multiple_choice() {
    let q = parse("question: Hỏi?\nchoices: [Một, Hai, Ba]\nanswer: [C, 1]\n").unwrap();
    assert_eq!(q.answer, [0, 2]);
    assert_eq!(q.kind, QuizKind::Multiple);
    assert_eq!(q.answer_letters(), "A, C");
}

#[test]
fn true_or_false_needs_no_choices() {
    let q = parse("question: Đúng không?\nanswer: sai\n").unwrap();
    assert_eq!(q.kind, QuizKind::TrueFalse);
    assert_eq!(q.answer, [1]);
    assert_eq!(q.choices_in(Lang::Vi), ["Đúng", "Sai"]);
    let q = parse("question: Đúng không?\nanswer: true\n").unwrap();
    assert_eq!(q.answer, [0]);
}

#[test]
fn every_problem_of_a_block_at_once_with_its_offset() {
    let text = "question: Hỏi?\nchoice: x\nchoices:\n  - Một\n  - \"\"\nanswer: 5\n";
    let problems = parse(text).unwrap_err();
    let found: Vec<(ProblemKind, &str)> = problems
        .iter()
        .map(|p| (p.kind.clone(), &text[p.offset..]))
        .collect();
    assert!(found.iter().any(
        |(k, at)| *k == ProblemKind::UnknownKey("choice".into()) && at.starts_with("choice: x")
    ));
    assert!(found
        .iter()
        .any(|(k, at)| *k == ProblemKind::EmptyChoice(2) && at.starts_with("- \"\"")));
    assert!(found.iter().any(|(k, at)| *k
        == ProblemKind::AnswerOutOfRange {
            given: "5".into(),
            count: 2
        }
        && at.starts_with("5\n")));
    assert_eq!(found.len(), 3, "{found:?}");
}

#[test]
fn missing_answer_question_and_choices() {
    assert_eq!(
        kinds("explain: x\n"),
        [
            ProblemKind::NoQuestion,
            ProblemKind::NoChoices,
            ProblemKind::NoAnswer
        ]
    );
    assert!(kinds("question: q\nchoices: [a]\nanswer: 1\n").contains(&ProblemKind::TooFewChoices));
    assert!(kinds("question: q\nchoices: [a, b]\nanswer: x1\n")
        .contains(&ProblemKind::BadAnswer("x1".into())));
    assert!(kinds("question: q\nchoices: [a, b]\nanswer: true\n")
        .contains(&ProblemKind::TrueFalseWithChoices));
}

#[test]
fn bad_yaml_is_located() {
    let text = "question: q\nchoices: [a, b\nanswer: 1\n";
    let p = parse(text).unwrap_err();
    assert_eq!(p.len(), 1);
    assert!(matches!(p[0].kind, ProblemKind::Yaml(_)), "{p:?}");
    assert!(p[0].offset > 0);
    assert_eq!(kinds("- a\n- b\n"), [ProblemKind::NotAMapping]);
}

#[test]
fn info_string() {
    assert!(is_quiz_info("quiz"));
    assert!(is_quiz_info("quiz {.x}"));
    assert!(!is_quiz_info("quizz"));
    assert!(!is_quiz_info("yaml"));
}
