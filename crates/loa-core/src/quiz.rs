//! Quiz blocks: a fenced code block with the info string `quiz` holding YAML (DESIGN §12):
//!
//! ```yaml
//! question: Luật có hiệu lực từ ngày nào?
//! choices:
//!   - 01/01/2023
//!   - 01/07/2023
//! answer: 2          # a number from 1 or a letter (B); a list ([1, 3]) for several answers;
//!                    # true / false (đúng / sai) with no choices for a true-or-false question
//! explain: Luật có hiệu lực từ ngày 01/7/2023.
//! ```
//!
//! The site (interactive questions) and the booklets (tick boxes and an answer key) both read a
//! block through [`parse`], so a quiz means the same on screen and on paper. Parsing never stops at
//! the first problem: every problem of a block comes back at once, each with its byte offset in the
//! block's text, so that loa can report `file:line:col`.

use crate::Lang;
use serde_yaml::Value;

/// The info string of a quiz block.
pub const QUIZ_INFO: &str = "quiz";

/// The keys a quiz block may have.
pub const QUIZ_KEYS: [&str; 4] = ["question", "choices", "answer", "explain"];

/// Whether a fenced code block's info string makes it a quiz block (`quiz`, `quiz {…}`).
pub fn is_quiz_info(info: &str) -> bool {
    info.split([' ', ',', '{']).next().map(str::trim) == Some(QUIZ_INFO)
}

/// One question, checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quiz {
    pub question: String,
    /// The choices as written; empty for a true-or-false question (see [`Quiz::choices_in`]).
    pub choices: Vec<String>,
    /// The right choices, 0-based, sorted, never empty, each below the number of choices.
    pub answer: Vec<usize>,
    pub explain: Option<String>,
    pub kind: QuizKind,
}

/// How a question is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuizKind {
    /// One right choice: radio buttons.
    Single,
    /// Several right choices: check boxes.
    Multiple,
    /// "Đúng" or "Sai".
    TrueFalse,
}

impl Quiz {
    /// The choices to show: as written, or "Đúng" / "Sai" for a true-or-false question.
    pub fn choices_in(&self, lang: Lang) -> Vec<&str> {
        match self.kind {
            QuizKind::TrueFalse => vec![lang.pick("Đúng", "True"), lang.pick("Sai", "False")],
            _ => self.choices.iter().map(String::as_str).collect(),
        }
    }

    /// The letters of the right choices (`B`, `A, C`), as an answer key prints them.
    pub fn answer_letters(&self) -> String {
        self.answer
            .iter()
            .map(|&i| letter(i).to_string())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// The letter of choice `i` (0-based): A, B, … Z, then the number.
pub fn letter(i: usize) -> String {
    match u8::try_from(i) {
        Ok(n) if n < 26 => char::from(b'A' + n).to_string(),
        _ => (i + 1).to_string(),
    }
}

/// A problem of a quiz block, at byte `offset` of the block's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub kind: ProblemKind,
    pub offset: usize,
}

/// What is wrong with a quiz block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// The YAML does not parse (the parser's message).
    Yaml(String),
    /// The block is not a list of `key: value` lines.
    NotAMapping,
    UnknownKey(String),
    NoQuestion,
    /// `choices` missing on a question that is not true-or-false.
    NoChoices,
    /// Fewer than two choices.
    TooFewChoices,
    /// Choice number `n` (1-based) is empty.
    EmptyChoice(usize),
    NoAnswer,
    /// `answer` names choice `given` but there are only `count`.
    AnswerOutOfRange {
        given: String,
        count: usize,
    },
    /// `answer` is neither a number, a letter, a list of them, nor true / false.
    BadAnswer(String),
    /// `answer: true` / `false` with `choices` given.
    TrueFalseWithChoices,
    /// A key whose value must be text is something else (a list, a map).
    NotText(String),
}

/// Parses and checks a quiz block's text.
pub fn parse(text: &str) -> Result<Quiz, Vec<Problem>> {
    let value: Value = match serde_yaml::from_str(text) {
        Ok(v) => v,
        Err(e) => {
            let offset = e.location().map_or(0, |l| l.index().min(text.len()));
            return Err(vec![Problem {
                kind: ProblemKind::Yaml(strip_location(&e.to_string())),
                offset,
            }]);
        }
    };
    let Value::Mapping(map) = value else {
        return Err(vec![Problem {
            kind: ProblemKind::NotAMapping,
            offset: 0,
        }]);
    };
    let mut problems = Vec::new();
    let at = |key: &str| key_offset(text, key).unwrap_or(0);
    let mut fields: [Option<&Value>; 4] = [None; 4];
    for (k, v) in &map {
        let key = match k {
            Value::String(s) => s.clone(),
            other => scalar_text(other).unwrap_or_default(),
        };
        match QUIZ_KEYS.iter().position(|&known| known == key) {
            Some(i) => fields[i] = Some(v),
            None => problems.push(Problem {
                offset: at(&key),
                kind: ProblemKind::UnknownKey(key),
            }),
        }
    }
    let [question, choices, answer, explain] = fields;
    let question = text_field(question, "question", text, &mut problems);
    if question.as_deref().is_none_or(|q| q.trim().is_empty()) {
        problems.push(Problem {
            kind: ProblemKind::NoQuestion,
            offset: at("question"),
        });
    }
    let explain = text_field(explain, "explain", text, &mut problems);
    let answer = read_answer(answer, text, &mut problems);
    let (choices, kind) = read_choices(choices, &answer, text, &mut problems);
    let answer = check_answer(answer, choices.len(), text, &mut problems);
    match (problems.is_empty(), question) {
        (true, Some(question)) => Ok(Quiz {
            question: question.trim().to_string(),
            choices,
            answer,
            explain: explain
                .map(|e| e.trim().to_string())
                .filter(|e| !e.is_empty()),
            kind,
        }),
        _ => Err(problems),
    }
}

/// `answer` as written: choice references (numbers from 1 or letters), or true / false.
enum Answer {
    Missing,
    Choices(Vec<(String, Option<usize>)>),
    TrueFalse(bool),
}

fn read_answer(v: Option<&Value>, text: &str, problems: &mut Vec<Problem>) -> Answer {
    let offset = key_value_offset(text, "answer").unwrap_or(0);
    let one = |v: &Value| -> Option<(String, Option<usize>)> {
        let s = scalar_text(v)?;
        Some((s.clone(), choice_index(&s)))
    };
    match v {
        None | Some(Value::Null) => Answer::Missing,
        Some(Value::Bool(b)) => Answer::TrueFalse(*b),
        Some(Value::String(s)) if true_false(s).is_some() => {
            Answer::TrueFalse(true_false(s).unwrap_or(true))
        }
        Some(Value::Sequence(items)) if items.is_empty() => Answer::Missing,
        Some(Value::Sequence(items)) => {
            let mut out = Vec::new();
            for item in items {
                match one(item) {
                    Some(a) => out.push(a),
                    None => problems.push(Problem {
                        kind: ProblemKind::BadAnswer(yaml_text(item)),
                        offset,
                    }),
                }
            }
            Answer::Choices(out)
        }
        Some(v) => match one(v) {
            Some(a) => Answer::Choices(vec![a]),
            None => {
                problems.push(Problem {
                    kind: ProblemKind::BadAnswer(yaml_text(v)),
                    offset,
                });
                Answer::Choices(Vec::new())
            }
        },
    }
}

fn read_choices(
    v: Option<&Value>,
    answer: &Answer,
    text: &str,
    problems: &mut Vec<Problem>,
) -> (Vec<String>, QuizKind) {
    let at = key_offset(text, "choices").unwrap_or(0);
    let items = match (v, answer) {
        (None | Some(Value::Null), Answer::TrueFalse(_)) => {
            return (Vec::new(), QuizKind::TrueFalse)
        }
        (Some(_), Answer::TrueFalse(_)) => {
            problems.push(Problem {
                kind: ProblemKind::TrueFalseWithChoices,
                offset: key_value_offset(text, "answer").unwrap_or(0),
            });
            return (Vec::new(), QuizKind::TrueFalse);
        }
        (None | Some(Value::Null), _) => {
            problems.push(Problem {
                kind: ProblemKind::NoChoices,
                offset: at,
            });
            return (Vec::new(), QuizKind::Single);
        }
        (Some(Value::Sequence(items)), _) => items,
        (Some(_), _) => {
            problems.push(Problem {
                kind: ProblemKind::NotText("choices".into()),
                offset: at,
            });
            return (Vec::new(), QuizKind::Single);
        }
    };
    let item_offsets = list_item_offsets(text, "choices");
    let mut choices = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let s = scalar_text(item).unwrap_or_default();
        if s.trim().is_empty() {
            problems.push(Problem {
                kind: ProblemKind::EmptyChoice(i + 1),
                offset: item_offsets.get(i).copied().unwrap_or(at),
            });
        }
        choices.push(s.trim().to_string());
    }
    if choices.len() < 2 {
        problems.push(Problem {
            kind: ProblemKind::TooFewChoices,
            offset: at,
        });
    }
    let kind = match answer {
        Answer::Choices(a) if a.len() > 1 => QuizKind::Multiple,
        _ => QuizKind::Single,
    };
    (choices, kind)
}

/// The right choices, 0-based; every reference out of range is a problem.
fn check_answer(
    answer: Answer,
    count: usize,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Vec<usize> {
    let offset = key_value_offset(text, "answer").unwrap_or(0);
    let given = match answer {
        Answer::Missing => {
            problems.push(Problem {
                kind: ProblemKind::NoAnswer,
                offset: key_offset(text, "answer").unwrap_or(0),
            });
            return Vec::new();
        }
        Answer::TrueFalse(b) => return vec![usize::from(!b)],
        Answer::Choices(given) => given,
    };
    let mut out = Vec::new();
    for (written, index) in given {
        match index {
            Some(i) if i < count => out.push(i),
            // With no usable choices the "no choices" problem says it all.
            Some(_) if count == 0 => {}
            Some(_) => problems.push(Problem {
                kind: ProblemKind::AnswerOutOfRange {
                    given: written,
                    count,
                },
                offset,
            }),
            None => problems.push(Problem {
                kind: ProblemKind::BadAnswer(written),
                offset,
            }),
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A text field's value; a list or a map there is a problem.
fn text_field(
    v: Option<&Value>,
    key: &str,
    text: &str,
    problems: &mut Vec<Problem>,
) -> Option<String> {
    let v = v?;
    match scalar_text(v) {
        Some(s) => Some(s),
        None => {
            problems.push(Problem {
                kind: ProblemKind::NotText(key.to_string()),
                offset: key_offset(text, key).unwrap_or(0),
            });
            None
        }
    }
}

/// A scalar as text (`2` → "2"); `None` for lists and maps, "" for null.
fn scalar_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => Some(String::new()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(s.clone()),
        Value::Tagged(t) => scalar_text(&t.value),
        Value::Sequence(_) | Value::Mapping(_) => None,
    }
}

fn yaml_text(v: &Value) -> String {
    serde_yaml::to_string(v)
        .map(|s| s.trim().to_string())
        .unwrap_or_default()
}

/// `2` → 1; `B` / `b` → 1; anything else → `None`.
fn choice_index(s: &str) -> Option<usize> {
    let s = s.trim();
    if let Ok(n) = s.parse::<usize>() {
        return n.checked_sub(1).or(Some(usize::MAX));
    }
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) if c.is_ascii_alphabetic() => {
            Some(usize::from(c.to_ascii_uppercase() as u8 - b'A'))
        }
        _ => None,
    }
}

/// `true` / `đúng` → true, `false` / `sai` → false (any case).
fn true_false(s: &str) -> Option<bool> {
    match s.trim().to_lowercase().as_str() {
        "true" | "đúng" => Some(true),
        "false" | "sai" => Some(false),
        _ => None,
    }
}

/// The byte offset of the top-level `key:` in the block.
fn key_offset(text: &str, key: &str) -> Option<usize> {
    lines(text).find_map(|(start, line)| {
        let rest = line.strip_prefix(key)?;
        rest.trim_start().starts_with(':').then_some(start)
    })
}

/// The byte offset of the value after the top-level `key:` (the key itself when the value is on
/// the next lines).
fn key_value_offset(text: &str, key: &str) -> Option<usize> {
    let start = key_offset(text, key)?;
    let line = text[start..].lines().next().unwrap_or("");
    let colon = line.find(':')?;
    let after = &line[colon + 1..];
    let value = after.len() - after.trim_start().len();
    if after.trim().is_empty() {
        Some(start)
    } else {
        Some(start + colon + 1 + value)
    }
}

/// The offsets of the `- item` lines of the block list under the top-level `key:`.
fn list_item_offsets(text: &str, key: &str) -> Vec<usize> {
    let Some(start) = key_offset(text, key) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for (offset, line) in lines(text).skip_while(|(o, _)| *o <= start) {
        let trimmed = line.trim_start();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            continue;
        }
        if trimmed.len() == line.len() && !trimmed.starts_with('-') {
            break; // the next top-level key
        }
        if trimmed.starts_with('-') {
            out.push(offset + (line.len() - trimmed.len()));
        }
    }
    out
}

/// Each line with the byte offset where it starts.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut offset = 0;
    text.split_inclusive('\n').map(move |l| {
        let start = offset;
        offset += l.len();
        (start, l.trim_end_matches(['\n', '\r']))
    })
}

/// The YAML parser appends " at line L column C"; loa prints the location itself.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests;
