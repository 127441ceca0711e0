//! A warning when a cover title's line ends inside a two-syllable word that is not in
//! `loa-word-pairs` (`print/elements.typ`), which keeps the words it lists whole.
//!
//! Vietnamese writes each syllable apart, so a line may break between the two syllables of a
//! word ("bình / đẳng"). Which pairs are words is learnt from the booklet itself: two syllables
//! are taken as a word when they stand together at least twice in the booklet's text and title,
//! each of them mostly stands with the other (at least 60 % of its uses), as "bình đẳng" does
//! and "chống bạo" (from "phòng, chống bạo lực") does not, and each binds to the other more
//! than to its neighbour on its own line ("công tác / thanh niên" is a break between words). The cover's title lines are
//! read from the typeset first page (the largest text on it); when a line ends inside such a
//! word, loa warns at the booklet file's `title:` line and says how to keep the word whole.

use crate::error::PrintError;
use crate::model::Booklet;
use std::collections::HashMap;
use typst::layout::{Frame, FrameItem, Point};
use typst_layout::PagedDocument;

/// How many times two syllables must stand together to be taken as a word.
const MIN_PAIRS: usize = 2;
/// The share of each syllable's uses that must be in the pair.
const MIN_SHARE: f64 = 0.6;

/// The warnings for the cover's title lines of a typeset booklet (page 1).
pub(crate) fn check(doc: &PagedDocument, b: &Booklet, title_line: usize) -> Vec<PrintError> {
    let Some(cover) = doc.pages().first() else {
        return Vec::new();
    };
    let lines = title_lines(&cover.frame);
    if lines.len() < 2 {
        return Vec::new();
    }
    let text = corpus(b);
    let (pairs, singles) = counts(&text);
    let mut warnings = Vec::new();
    for pair in lines.windows(2) {
        let before: Vec<&str> = pair[0].split_whitespace().collect();
        let after: Vec<&str> = pair[1].split_whitespace().collect();
        let (Some(&last), Some(&first)) = (before.last(), after.first()) else {
            continue;
        };
        // A break after punctuation ("phòng, / chống") is a break between words.
        if !last.ends_with(char::is_alphanumeric) {
            continue;
        }
        let (a, second) = (syllable(last), syllable(first));
        let count = |x: &str, y: &str| {
            pairs
                .get(&(x.to_string(), y.to_string()))
                .copied()
                .unwrap_or(0)
        };
        let together = count(&a, &second);
        let share =
            |s: &String| together as f64 / singles.get(s).copied().unwrap_or(1).max(1) as f64;
        // Each syllable binds more to the other than to its neighbour on its own line:
        // "công tác / thanh niên" breaks between two words, "bình / đẳng giới" inside one.
        let left = before
            .len()
            .checked_sub(2)
            .map_or(0, |k| count(&syllable(before[k]), &a));
        let right = after.get(1).map_or(0, |n| count(&second, &syllable(n)));
        if together >= MIN_PAIRS
            && share(&a) >= MIN_SHARE
            && share(&second) >= MIN_SHARE
            && together > left
            && together >= right
        {
            let word = format!("{a} {second}");
            let mut w = PrintError::new(
                &b.source,
                format!("warning: the cover title breaks the word “{word}” across two lines"),
            )
            .vi(format!("tên trên bìa bị ngắt dòng giữa từ “{word}”"))
            .hint(format!(
                "add \"{word}\" to loa-word-pairs in themes/default/print/elements.typ, or reword the title"
            ))
            .hint_vi(format!(
                "thêm \"{word}\" vào loa-word-pairs trong themes/default/print/elements.typ, hoặc viết lại tên"
            ));
            w.line = title_line;
            warnings.push(w);
        }
    }
    warnings
}

/// The booklet's words: its title, subtitle and chapters' Markdown.
fn corpus(b: &Booklet) -> String {
    let mut text = format!("{}\n{}\n", b.title, b.subtitle.as_deref().unwrap_or(""));
    for chapter in &b.chapters {
        text.push_str(&chapter.title);
        text.push('\n');
        text.push_str(&chapter.markdown);
        text.push('\n');
    }
    text
}

/// A syllable as counted: lower case, without the punctuation around it.
fn syllable(word: &str) -> String {
    word.trim_matches(|c: char| !c.is_alphanumeric())
        .to_lowercase()
}

/// How often each two syllables stand together (only a space between them), and how often
/// each syllable occurs.
fn counts(text: &str) -> (HashMap<(String, String), usize>, HashMap<String, usize>) {
    let mut pairs = HashMap::new();
    let mut singles = HashMap::new();
    let mut previous: Option<String> = None;
    for word in text.split_whitespace() {
        let s = syllable(word);
        if s.is_empty() {
            previous = None;
            continue;
        }
        *singles.entry(s.clone()).or_insert(0) += 1;
        let starts_clean = word.starts_with(char::is_alphanumeric);
        if let Some(p) = previous.take().filter(|_| starts_clean) {
            *pairs.entry((p, s.clone())).or_insert(0) += 1;
        }
        // Punctuation after the word ends the run: "phòng, chống" is not a pair.
        previous = word.ends_with(char::is_alphanumeric).then_some(s);
    }
    (pairs, singles)
}

/// The lines of the largest text on a page, top to bottom, each as its runs joined by spaces.
fn title_lines(frame: &Frame) -> Vec<String> {
    let mut runs = Vec::new();
    collect(frame, Point::zero(), &mut runs);
    let largest = runs.iter().map(|r| r.0).fold(0.0, f64::max);
    let mut title: Vec<(f64, f64, String)> = runs
        .into_iter()
        .filter(|r| r.0 > largest - 0.1)
        .map(|(_, y, x, t)| (y, x, t))
        .collect();
    title.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Runs within a point of each other vertically are one line (a boxed word pair sits a
    // little apart); each line's runs are then read left to right.
    let mut lines: Vec<(f64, Vec<(f64, String)>)> = Vec::new();
    for (y, x, text) in title {
        match lines.last_mut() {
            Some((line_y, runs)) if (y - *line_y).abs() < 1.0 => runs.push((x, text)),
            _ => lines.push((y, vec![(x, text)])),
        }
    }
    lines
        .into_iter()
        .map(|(_, mut runs)| {
            runs.sort_by(|a, b| a.0.total_cmp(&b.0));
            let texts: Vec<String> = runs.into_iter().map(|r| r.1).collect();
            texts.join(" ")
        })
        .collect()
}

/// Every text run of a frame: (size, y, x, text), in points from the page's top left.
fn collect(frame: &Frame, at: Point, out: &mut Vec<(f64, f64, f64, String)>) {
    for (pos, item) in frame.items() {
        let here = at + *pos;
        match item {
            FrameItem::Group(group) => {
                let moved = here + Point::new(group.transform.tx, group.transform.ty);
                collect(&group.frame, moved, out);
            }
            FrameItem::Text(text) => out.push((
                text.size.to_pt(),
                here.y.to_pt(),
                here.x.to_pt(),
                text.text.to_string(),
            )),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::counts;

    #[test]
    fn pairs_stop_at_punctuation_and_count_each_syllable() {
        let (pairs, singles) = counts("Phòng, chống bạo lực. Bạo lực gia đình");
        let get = |a: &str, b: &str| pairs.get(&(a.to_string(), b.to_string())).copied();
        assert_eq!(get("bạo", "lực"), Some(2));
        assert_eq!(get("phòng", "chống"), None);
        assert_eq!(get("lực", "bạo"), None);
        assert_eq!(singles["bạo"], 2);
    }
}
